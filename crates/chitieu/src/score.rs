//! Batch scoring: every unit against every target of one or more target sets.
//!
//! One [`ScoreRow`] per (unit, target). Each target kind is measured as docs/methods.md §3 says:
//!
//! | kind | measure |
//! |---|---|
//! | at least / more than / at most / less than | [`crate::progress`] ratio R with the target (strict kinds need the value beyond it) |
//! | range lo–hi | achieved inside the range, or beyond it in the desired direction (higher-is-better indicators: ≥ lo); otherwise R towards the near bound |
//! | relative (×factor or +g a year from a base year) | target value computed from the base-year value, then "at least" |
//! | increase each year | Open SDG no-target method on the observed CAGR |
//! | per year lo–hi over a period | R = observed flow / required flow (Σ values ÷ (lo × years elapsed)); years in range reported |
//! | cumulative (a flow summed from a year, or a stock) | flow: R = observed pace / required pace; stock: ratio R on the stock series |
//! | top k of a group | rank among the group each year (ties share the best rank), then R on the rank series against k |
//! | percentile band | percentile position in the group each year, then R against the band's lower bound |
//! | milestone | binary: achieved / not achieved |
//! | qualitative | not measurable |
//!
//! The unit a set applies to is its scope unit (national sets: unit `vn`) unless
//! [`ScoreOptions::units`] says otherwise (e.g. a province's targets applied to every
//! province). Missing data is never an error: the row says *unable to assess* and why.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use rayon::prelude::*;
use serde::Serialize;

use crate::catalog::{did_you_mean, loose, Catalog, Unit};
use crate::crosswalk::LAST_PRE_REFORM_DAY;
use crate::feasibility::{feasibility, sustained_growth};
use crate::observations::Observations;
use crate::progress::{
    meets, progress, ratio_score, ratio_status, Direction, Goal, Method, Point, Progress,
    ProgressError, ProgressOptions, Status,
};
use crate::projection::{outlook, Projection};
use crate::ranking::{geography_date, rank_values, TIE_RULE};
use crate::registry::Registry;
use crate::targets::{Group, Provenance, RelativeChange, Scope, Target, TargetKind, TargetSet};

/// Options of a scoring run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreOptions {
    /// Projection method (default CAGR extrapolation).
    pub projection: Projection,
    /// Base year for every target (default: the target's baseline year, else the first
    /// year with data).
    pub base_year: Option<i32>,
    /// Replacement of zero base or target values.
    pub zero_replacement: f64,
    /// An explicit natural-limit factor C for every trend target; `None` (the default)
    /// computes C from the catalog's natural limit of each indicator in its desired
    /// direction, as Open SDG does.
    pub limit_scaling: Option<f64>,
    /// Minimum points from the base to the latest year.
    pub min_points: usize,
    /// Units to score every set on, instead of each set's own scope.
    pub units: Option<Vec<String>>,
    /// Score a pre-reform province's set on its post-reform successor (data in the new
    /// geography), with a warning in each row's note.
    pub carry_to_successor: bool,
    /// Years of the windows whose sustained growth rates judge each target's required
    /// CAGR ([`crate::feasibility`]); `None` skips the feasibility columns.
    pub feasibility_window: Option<i32>,
}

impl Default for ScoreOptions {
    fn default() -> Self {
        let p = ProgressOptions::default();
        Self {
            projection: Projection::Cagr,
            base_year: None,
            zero_replacement: p.zero_replacement,
            limit_scaling: p.limit_scaling,
            min_points: p.min_points,
            units: None,
            carry_to_successor: false,
            feasibility_window: None,
        }
    }
}

/// The result for one unit and one target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreRow {
    /// Unit scored (ids are shared by the rows that name them, not copied per row).
    pub unit_id: Arc<str>,
    /// Target set.
    pub set_id: Arc<str>,
    /// Target.
    pub target_id: Arc<str>,
    /// Indicator measured (for rank targets, the ranked indicator).
    pub indicator: Option<Arc<str>>,
    /// Target kind.
    pub kind: &'static str,
    /// Where the target's clause was read (the document, or a press summary).
    pub provenance: Provenance,
    /// Base point used.
    pub base: Option<Point>,
    /// Latest point with data.
    pub latest: Option<Point>,
    /// Target value the series is measured against (ranks and percentiles for group
    /// targets).
    pub target_value: Option<f64>,
    /// Target year (horizon).
    pub target_year: i32,
    /// Whether the target is met at the latest point.
    pub achieved: Option<bool>,
    /// `(yi − y0) / (yT − y0)`.
    pub gap_closed: Option<f64>,
    /// Observed CAGR.
    pub cagr_observed: Option<f64>,
    /// Required CAGR.
    pub cagr_required: Option<f64>,
    /// Ratio R.
    pub ratio: Option<f64>,
    /// Natural-limit factor C of a trend target's thresholds (1 without a limit).
    pub limit_factor: Option<f64>,
    /// Status class.
    pub status: Status,
    /// Score −5..5.
    pub score: Option<f64>,
    /// Change a year still required from the latest year.
    pub annual_change_required: Option<f64>,
    /// Value projected to the target year.
    pub projected: Option<f64>,
    /// Eurostat's ratio of projected to required change.
    pub projected_ratio: Option<f64>,
    /// Whether the projection meets the target by the target year.
    pub projected_achieved: Option<bool>,
    /// First year the projection meets the target (searching to 2100).
    pub year_met: Option<i32>,
    /// Method and conventions used (shared by the rows that use it).
    pub method: Arc<str>,
    /// Why the row is unable to assess / not measurable, or details (years met...).
    pub note: Option<String>,
    /// Percentile of the required CAGR among the CAGRs units sustained over the
    /// feasibility window (see [`crate::feasibility`]).
    pub feasibility_percentile: Option<f64>,
    /// ordinary / ambitious / unprecedented / beyond_observed.
    pub feasibility: Option<&'static str>,
}

impl ScoreRow {
    fn new(unit: &Arc<str>, ids: &TargetIds, t: &Target) -> Self {
        Self {
            unit_id: Arc::clone(unit),
            set_id: Arc::clone(&ids.set),
            target_id: Arc::clone(&ids.target),
            indicator: ids.indicator.clone(),
            kind: t.kind.name(),
            provenance: t.citation.provenance,
            base: None,
            latest: None,
            target_value: None,
            target_year: t.horizon,
            achieved: None,
            gap_closed: None,
            cagr_observed: None,
            cagr_required: None,
            ratio: None,
            limit_factor: None,
            status: Status::UnableToAssess,
            score: None,
            annual_change_required: None,
            projected: None,
            projected_ratio: None,
            projected_achieved: None,
            year_met: None,
            method: Arc::clone(&ids.scoring),
            note: None,
            feasibility_percentile: None,
            feasibility: None,
        }
    }

    fn unable(mut self, why: impl Into<String>) -> Self {
        self.status = Status::UnableToAssess;
        self.note = Some(why.into());
        self
    }
}

/// The ids and texts a target's rows carry, made once per target and shared by its rows.
struct TargetIds {
    set: Arc<str>,
    target: Arc<str>,
    indicator: Option<Arc<str>>,
    /// The kind's scoring method.
    scoring: Arc<str>,
    /// The scoring method with each progress method and the run's projection.
    progress: [Arc<str>; 2],
    /// The scoring method of group (rank) targets, with the tie rule.
    group: Arc<str>,
    /// Range targets: the note for a latest value inside, below and above the range.
    range_notes: Option<[String; 3]>,
}

impl TargetIds {
    fn new(set: &TargetSet, t: &Target, catalog: &Catalog, options: &ScoreOptions) -> Self {
        let scoring = t.kind.scoring();
        let projection = options.projection;
        // How the natural-limit factor C of the trend method is found, for this target.
        let limit = t
            .indicator
            .as_deref()
            .and_then(|i| natural_limit(catalog, i, Direction::Increase));
        let c = match (options.limit_scaling, limit) {
            (Some(c), _) => format!("C = {c} (given)"),
            (None, Some(l)) => format!(
                "C from the indicator's natural limit {l} in the desired direction \
                 (catalog; sdg-build's exponent 4.44)"
            ),
            (None, None) => "no natural limit: C = 1".to_owned(),
        };
        let with = |m: Method| -> Arc<str> {
            match m {
                Method::TrendCagr => Arc::from(format!(
                    "{scoring}; {}; {c}; {}",
                    m.describe(),
                    projection.describe()
                )),
                Method::TargetRatio => Arc::from(format!(
                    "{scoring}; {}; {}",
                    m.describe(),
                    projection.describe()
                )),
            }
        };
        let range_notes = match t.kind {
            TargetKind::Range { lo, hi } => {
                // One rule for ranges: beyond the range on the better side counts as met.
                let better = t
                    .indicator
                    .as_deref()
                    .and_then(|i| catalog.indicator(i))
                    .map_or(Direction::Increase, |i| i.direction);
                let (below, above) = match better {
                    Direction::Increase => ("below", "above (counted as met)"),
                    Direction::Decrease => ("below (counted as met)", "above"),
                };
                Some(["inside", below, above].map(|p| format!("range {lo}–{hi}: latest value {p}")))
            }
            _ => None,
        };
        Self {
            set: Arc::from(set.id.as_str()),
            target: Arc::from(t.id.as_str()),
            indicator: t.indicator.as_deref().map(Arc::from),
            scoring: Arc::from(scoring),
            progress: [with(Method::TargetRatio), with(Method::TrendCagr)],
            group: Arc::from(format!("{scoring}; {TIE_RULE}")),
            range_notes,
        }
    }

    /// A row of a group (rank) target: its method names the tie rule.
    fn group_row(&self, mut row: ScoreRow) -> ScoreRow {
        row.method = Arc::clone(&self.group);
        row
    }

    /// The method text of a row measured by `progress` with `method`.
    fn progress_method(&self, method: Method) -> &Arc<str> {
        match method {
            Method::TargetRatio => &self.progress[0],
            Method::TrendCagr => &self.progress[1],
        }
    }
}

/// Method texts of event and flow targets, shared by every row.
static BINARY_METHOD: LazyLock<Arc<str>> =
    LazyLock::new(|| Arc::from("binary: achieved when the event indicator is 1"));
static PER_YEAR_METHOD: LazyLock<Arc<str>> = LazyLock::new(|| {
    Arc::from(
        "per-year flow: a year is met within lo..hi or beyond it on the indicator's better \
         side; R = sum of flows / (lo x years elapsed); Open SDG thresholds on R",
    )
});
static EACH_YEAR_METHOD: LazyLock<Arc<str>> = LazyLock::new(|| {
    Arc::from(
        "each year: every year-on-year change from the base year to the latest (up to the \
         horizon) is judged; R = years risen / years judged, scored on Open SDG's ratio \
         scale; a year without a rise fails the target (not achieved); all risen: on track, \
         achieved once the horizon is reached",
    )
});

/// The deflator series that turns money amounts into real terms for trend targets.
pub const DEFLATOR: &str = "grdp_deflator";
static CUMULATIVE_METHOD: LazyLock<Arc<str>> = LazyLock::new(|| {
    Arc::from(
        "cumulative flow: R = observed pace / required pace (value / years to the horizon); \
         projection at the observed pace",
    )
});

/// Watches a scoring run: told how many (unit, target) jobs there are, then how many have
/// finished (from the worker threads), e.g. to draw a progress bar.
pub trait Monitor: Sync {
    /// The run has `jobs` (unit, target) pairs to score.
    fn start(&self, jobs: usize);
    /// `done` more jobs have finished.
    fn advance(&self, done: usize);
}

/// The monitor of [`score`]: watches nothing.
struct Unwatched;

impl Monitor for Unwatched {
    fn start(&self, _: usize) {}
    fn advance(&self, _: usize) {}
}

/// Scores every unit against every target of `sets`.
pub fn score(
    obs: &Observations,
    sets: &[TargetSet],
    catalog: &Catalog,
    options: &ScoreOptions,
) -> Result<Vec<ScoreRow>, ProgressError> {
    score_monitored(obs, sets, catalog, options, &Unwatched)
}

/// [`score`], reporting progress to `monitor`.
///
/// ```
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use chitieu::catalog::Catalog;
/// use chitieu::score::{score_monitored, Monitor, ScoreOptions};
/// use chitieu::targets::TargetSet;
/// use chitieu::Observations;
///
/// struct Count(AtomicUsize);
/// impl Monitor for Count {
///     fn start(&self, _: usize) {}
///     fn advance(&self, n: usize) { self.0.fetch_add(n, Ordering::Relaxed); }
/// }
/// let set = TargetSet::builtin("lai-chau-69-kl-tw-2024").unwrap();
/// let count = Count(AtomicUsize::new(0));
/// let obs = Observations::new(vec![]).unwrap();
/// let rows = score_monitored(&obs, &[set], Catalog::builtin(), &ScoreOptions::default(), &count)
///     .unwrap();
/// assert_eq!(count.0.load(Ordering::Relaxed), rows.len());
/// ```
pub fn score_monitored(
    obs: &Observations,
    sets: &[TargetSet],
    catalog: &Catalog,
    options: &ScoreOptions,
    monitor: &dyn Monitor,
) -> Result<Vec<ScoreRow>, ProgressError> {
    let popts = ProgressOptions {
        base_year: options.base_year,
        zero_replacement: options.zero_replacement,
        limit: None,
        limit_scaling: options.limit_scaling,
        min_points: options.min_points,
    };
    popts.check()?;
    let units: Vec<&str> = obs.unit_ids().iter().map(String::as_str).collect();
    let ctx = Ctx {
        obs,
        catalog,
        options,
        units,
        groups: Mutex::new(HashMap::new()),
        geography: OnceLock::new(),
        loose_series: OnceLock::new(),
    };
    // Every (set, unit, target) is independent: score them in parallel (rayon's pool, one
    // thread per core), keeping the input order in the output.
    // The units each set is scored on, with the warning of a carried set: the units of the
    // options (the same for every set), else the set's own scope. Ids are made once; the jobs
    // borrow them.
    let shared: Vec<(Arc<str>, Option<String>)> = options
        .units
        .iter()
        .flatten()
        .map(|u| (Arc::from(u.as_str()), None))
        .collect();
    let own: Vec<Vec<(Arc<str>, Option<String>)>> = sets
        .iter()
        .map(|set| match (&options.units, &set.scope) {
            (Some(_), _) => Vec::new(),
            (None, Scope::Unit(u)) if options.carry_to_successor => {
                let (unit, warning) = carried(u).unwrap_or_else(|| (u.clone(), None));
                vec![(Arc::from(unit), warning)]
            }
            (None, Scope::Unit(u)) => vec![(Arc::from(u.as_str()), None)],
            (None, Scope::National) => vec![(Arc::from("vn"), None)],
        })
        .collect();
    let ids: Vec<Vec<TargetIds>> = sets
        .iter()
        .map(|set| {
            set.targets
                .iter()
                .map(|t| TargetIds::new(set, t, catalog, options))
                .collect()
        })
        .collect();
    // (unit, target, its ids, the warning of a carried set)
    let mut jobs: Vec<(&Arc<str>, &Target, &TargetIds, Option<&str>)> = Vec::new();
    for (k, set) in sets.iter().enumerate() {
        let units = if options.units.is_some() {
            &shared
        } else {
            &own[k]
        };
        for (unit, warning) in units {
            for (t, i) in set.targets.iter().zip(&ids[k]) {
                jobs.push((unit, t, i, warning.as_deref()));
            }
        }
    }
    // Sustained growth per indicator, once, for the feasibility columns.
    let mut sustained: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    if let Some(w) = options.feasibility_window {
        for (_, t, _, _) in &jobs {
            if let Some(i) = t.indicator.as_deref() {
                sustained.entry(i).or_insert_with(|| {
                    sustained_growth(obs, i, w)
                        .into_iter()
                        .map(|s| s.cagr)
                        .collect()
                });
            }
        }
    }
    monitor.start(jobs.len());
    Ok(jobs
        .par_iter()
        .map(|(unit, t, ids, warning)| {
            let mut row = ctx.score_target(unit, ids, t);
            if let Some(w) = warning {
                row.note = Some(match row.note.take() {
                    Some(n) => format!("{w}; {n}"),
                    None => (*w).to_owned(),
                });
            }
            let observed = row.indicator.as_deref().and_then(|i| sustained.get(i));
            if let (Some(req), Some(observed)) = (row.cagr_required, observed) {
                let d = ctx
                    .direction(row.indicator.as_deref().unwrap_or_default())
                    .sign();
                if let Some(f) = feasibility(req, observed, d) {
                    row.feasibility_percentile = Some(f.percentile);
                    row.feasibility = Some(f.label.code());
                }
            }
            monitor.advance(1);
            row
        })
        .collect())
}

/// The natural limit of an indicator in a desired direction (the catalog's upper limit for
/// "increase", lower for "decrease"), which sets Open SDG's factor C for trend targets.
fn natural_limit(catalog: &Catalog, indicator: &str, direction: Direction) -> Option<f64> {
    let i = catalog.indicator(indicator)?;
    match direction {
        Direction::Increase => i.upper,
        Direction::Decrease => i.lower,
    }
}

/// Whether a value meets a range `lo..=hi`: inside it, or beyond it on the indicator's
/// better side (above for "increase", below for "decrease"): one rule for level ranges and
/// per-year flows.
fn range_met(v: f64, lo: f64, hi: f64, better: Direction) -> bool {
    match better {
        Direction::Increase => v >= lo,
        Direction::Decrease => v <= hi,
    }
}

/// A row with `extra` appended to its note.
fn with_note(mut row: ScoreRow, extra: String) -> ScoreRow {
    row.note = Some(match row.note.take() {
        Some(n) => format!("{n}; {extra}"),
        None => extra,
    });
    row
}

/// An "increase every year" target on the points from the base year to the horizon: every
/// change between consecutive calendar years with data is judged (a year-on-year change
/// across a gap is not); `R` = years risen / years judged. A year without a rise fails the
/// target (not achieved); all risen: on track, achieved once the horizon is reached.
fn each_year(mut row: ScoreRow, points: &[Point], horizon: i32) -> ScoreRow {
    row.method = Arc::clone(&EACH_YEAR_METHOD);
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return row.unable("no data from the base year to the horizon");
    };
    row.base = Some(*first);
    row.latest = Some(*last);
    let mut judged = 0usize;
    let mut failed: Vec<i32> = Vec::new();
    let mut unjudged: Vec<i32> = Vec::new();
    for w in points.windows(2) {
        if w[1].year != w[0].year + 1 {
            unjudged.extend(w[0].year + 1..w[1].year);
            continue;
        }
        judged += 1;
        if w[1].value <= w[0].value {
            failed.push(w[1].year);
        }
    }
    if judged == 0 {
        return row.unable(format!(
            "each-year target needs two consecutive years with data ({}–{} has none)",
            first.year, last.year
        ));
    }
    let risen = judged - failed.len();
    let r = risen as f64 / judged as f64;
    row.ratio = Some(r);
    let finished = last.year >= horizon;
    let mut note = format!(
        "rose in {risen} of {judged} year-on-year changes, {}–{}",
        first.year, last.year
    );
    if failed.is_empty() {
        row.achieved = finished.then_some(true);
        row.status = if finished {
            Status::TargetAchieved
        } else {
            Status::OnTrack
        };
        row.score = Some(if finished { 5.0 } else { ratio_score(r) });
    } else {
        let years: Vec<String> = failed.iter().map(ToString::to_string).collect();
        note.push_str(&format!("; no rise in {}", years.join(", ")));
        row.achieved = Some(false);
        row.status = Status::NotAchieved;
        row.score = Some(ratio_score(r));
    }
    if !unjudged.is_empty() {
        note.push_str(&format!(
            "; no data for {unjudged:?}: changes across the gap not judged"
        ));
    }
    row.note = Some(note);
    row
}

/// The post-reform successor of a pre-reform province, with the warning to show, when it
/// merged with others (an unchanged province keeps its geography: no warning).
fn carried(unit: &str) -> Option<(String, Option<String>)> {
    let cw = crate::crosswalk::Crosswalk::builtin();
    let new = cw.successor(unit)?;
    let members = cw.members(new)?;
    if members.len() == 1 {
        return Some((new.to_owned(), None));
    }
    let warning = format!(
        "warning: target set for '{unit}' carried to its successor '{new}' ({}), a larger \
         geography than the plan's",
        members.join(" + ")
    );
    Some((new.to_owned(), Some(warning)))
}

struct Ctx<'a> {
    obs: &'a Observations,
    catalog: &'a Catalog,
    options: &'a ScoreOptions,
    /// The units of the table, sorted, each once.
    units: Vec<&'a str>,
    /// Per group and date: its members under the ids the table uses, and each year's values
    /// (computed once, shared by every unit scored against that group).
    groups: Mutex<HashMap<GroupKey, Arc<GroupTable>>>,
    /// The day whose geography the table's units belong to (for groups without a
    /// membership date), found once.
    geography: OnceLock<&'static str>,
    /// The table's series by (unit, indicator) ids folded for comparison ([`loose`]), built
    /// the first time a series is missing, to name the ids the table holds instead.
    loose_series: OnceLock<LooseSeries<'a>>,
}

/// (unit, indicator) ids of the table's series by their folded form ([`loose`]).
type LooseSeries<'a> = HashMap<(String, String), Vec<(&'a str, &'a str)>>;

/// (indicator, group, membership date).
type GroupKey = (String, String, String);

/// A group's members (ids as in the table) and, per year with data, every member's value
/// and, for national-rank indicators, the values of the whole table.
struct GroupTable {
    members: usize,
    /// The indicator is a national rank: rank bounds also use the ranks the whole table
    /// takes (`taken` of each year) among the country's `country_size` units.
    national_ranks: bool,
    country_size: usize,
    ids: Vec<String>,
    years: Vec<(i32, Vec<Option<f64>>, Vec<f64>)>,
}

impl<'a> Ctx<'a> {
    fn popts(&self, t: &Target) -> ProgressOptions {
        ProgressOptions {
            base_year: self.options.base_year.or(t.baseline_year),
            zero_replacement: self.options.zero_replacement,
            limit: None,
            limit_scaling: self.options.limit_scaling,
            min_points: self.options.min_points,
        }
    }

    fn series(&self, unit: &str, indicator: &str) -> (&'a [i32], &'a [Option<f64>]) {
        let s = self.obs.series(unit, indicator);
        (s.years(), s.values())
    }

    fn direction(&self, indicator: &str) -> Direction {
        self.catalog
            .indicator(indicator)
            .map_or(Direction::Increase, |i| i.direction)
    }

    fn score_target(&self, unit_id: &Arc<str>, ids: &TargetIds, t: &Target) -> ScoreRow {
        let row = ScoreRow::new(unit_id, ids, t);
        let unit: &str = unit_id;
        let Some(indicator) = t.indicator.as_deref() else {
            let mut row = row;
            row.status = Status::NotMeasurable;
            row.note = Some("qualitative target".to_owned());
            return row;
        };
        if matches!(t.kind, TargetKind::Qualitative) {
            let mut row = row;
            row.status = Status::NotMeasurable;
            row.note = Some("qualitative target: listed, not scored".to_owned());
            return row;
        }
        match &t.kind {
            TargetKind::TopK {
                k,
                rank_indicator,
                group,
                membership_date,
            } => {
                let goal = GroupGoal::TopK(*k);
                return self.score_group(
                    ids.group_row(row),
                    t,
                    unit,
                    rank_indicator,
                    group,
                    Some(membership_date),
                    goal,
                );
            }
            TargetKind::PercentileBand { lo, hi, group } => {
                let goal = GroupGoal::Band(*lo, *hi);
                let row = ids.group_row(row);
                return self.score_group(row, t, unit, indicator, group, None, goal);
            }
            _ => {}
        }
        let (years, values) = self.series(unit, indicator);
        if years.is_empty() {
            return row.unable(self.no_observations(unit, indicator, ""));
        }
        // Money amounts of trend targets are judged in real terms when the unit has a
        // deflator series, and say "nominal" otherwise.
        let trend = matches!(t.kind, TargetKind::Increase | TargetKind::IncreaseEachYear);
        let money = self
            .catalog
            .indicator(indicator)
            .is_some_and(|i| i.unit == Unit::VndBillion);
        let (real, prices) = if trend && money {
            self.deflated(unit, years, values)
        } else {
            (None, None)
        };
        let limits = self.beyond_limits(indicator, years, values);
        let values: &[Option<f64>] = real.as_deref().unwrap_or(values);
        let mut row = self.score_series(row, ids, t, indicator, years, values);
        for note in [prices, limits].into_iter().flatten() {
            row = with_note(row, note);
        }
        row
    }

    /// Why a unit has no series of an indicator, with the id the table holds instead when
    /// one differs only by case, spaces, dashes or a few letters.
    fn no_observations(&self, unit: &str, indicator: &str, within: &str) -> String {
        let mut why = format!("no observations of '{indicator}' for unit '{unit}'{within}");
        let near = self.loose_series.get_or_init(|| {
            let mut m: LooseSeries<'a> = HashMap::new();
            for s in self.obs.all_series() {
                let key = (loose(s.unit_id()), loose(s.indicator()));
                m.entry(key).or_default().push((s.unit_id(), s.indicator()));
            }
            m
        });
        if let Some(found) = near.get(&(loose(unit), loose(indicator))) {
            let held: Vec<String> = found
                .iter()
                .map(|(u, i)| format!("'{i}' for unit '{u}'"))
                .collect();
            why.push_str(&format!(
                ": the table has {} (ids differ only by case, spaces or dashes)",
                held.join(", ")
            ));
            return why;
        }
        if self.units.binary_search(&unit).is_err() {
            let hint = did_you_mean(unit, self.obs.unit_ids().iter().map(String::as_str));
            why.push_str(&format!(": the table has no unit '{unit}'{hint}"));
        } else if self
            .obs
            .indicator_ids()
            .binary_search_by(|i| i.as_str().cmp(indicator))
            .is_err()
        {
            // Only when no unit has it: a series missing for one unit is just missing.
            let hint = did_you_mean(
                indicator,
                self.obs.indicator_ids().iter().map(String::as_str),
            );
            why.push_str(&format!(": the table has no indicator '{indicator}'{hint}"));
        }
        why
    }

    /// The values of a series outside its indicator's natural limits, as a note.
    fn beyond_limits(
        &self,
        indicator: &str,
        years: &[i32],
        values: &[Option<f64>],
    ) -> Option<String> {
        let i = self.catalog.indicator(indicator)?;
        let (lo, hi) = (
            i.lower.unwrap_or(f64::NEG_INFINITY),
            i.upper.unwrap_or(f64::INFINITY),
        );
        let outside: Vec<String> = years
            .iter()
            .zip(values)
            .filter_map(|(y, v)| {
                v.filter(|v| *v < lo || *v > hi)
                    .map(|v| format!("{v} in {y}"))
            })
            .collect();
        if outside.is_empty() {
            return None;
        }
        let bound = |b: Option<f64>| b.map_or_else(|| "…".to_owned(), |b| b.to_string());
        Some(format!(
            "warning: outside the natural limits {}–{} of '{indicator}': {}",
            bound(i.lower),
            bound(i.upper),
            outside.join(", ")
        ))
    }

    /// Money amounts divided by the unit's deflator (`DEFLATOR`) of the same year, and the
    /// note saying so; without a deflator series, the amounts as given and a "nominal" note.
    fn deflated(
        &self,
        unit: &str,
        years: &[i32],
        values: &[Option<f64>],
    ) -> (Option<Vec<Option<f64>>>, Option<String>) {
        let deflator = self.obs.series(unit, DEFLATOR);
        if deflator.years().is_empty() {
            let note = format!(
                "nominal VND: no '{DEFLATOR}' series for this unit, so price changes are \
                 not removed"
            );
            return (None, Some(note));
        }
        let mut missing = Vec::new();
        let real = years
            .iter()
            .zip(values)
            .map(|(&y, v)| {
                let v = (*v)?;
                match deflator.value_in(y) {
                    Some(p) if p > 0.0 && p.is_finite() => Some(v / p * 100.0),
                    _ => {
                        missing.push(y);
                        None
                    }
                }
            })
            .collect();
        let mut note = format!("real terms: amounts divided by '{DEFLATOR}' (index, × 100)");
        if !missing.is_empty() {
            note.push_str(&format!(
                "; no positive deflator for {missing:?}: those years are left out"
            ));
        }
        (Some(real), Some(note))
    }

    /// A target on one series (threshold, range, trend, relative, flow, count, event).
    fn score_series(
        &self,
        row: ScoreRow,
        ids: &TargetIds,
        t: &Target,
        indicator: &str,
        years: &[i32],
        values: &[Option<f64>],
    ) -> ScoreRow {
        let d = self.direction(indicator);
        let threshold = |value: f64, strict: bool, direction: Direction| {
            let goal = if strict {
                Goal::target_strict(value, t.horizon)
            } else {
                Goal::target(value, t.horizon)
            };
            (goal, direction)
        };
        let measured = match &t.kind {
            TargetKind::AtLeast { value } => Some(threshold(*value, false, Direction::Increase)),
            TargetKind::MoreThan { value } => Some(threshold(*value, true, Direction::Increase)),
            TargetKind::AtMost { value } => Some(threshold(*value, false, Direction::Decrease)),
            TargetKind::LessThan { value } => Some(threshold(*value, true, Direction::Decrease)),
            TargetKind::Range { lo, hi } => Some(match d {
                Direction::Increase => threshold(*lo, false, d),
                Direction::Decrease => threshold(*hi, false, d),
            }),
            TargetKind::Increase => Some((Goal::trend(t.horizon), Direction::Increase)),
            TargetKind::Relative { base_year, change } => {
                let base = years
                    .iter()
                    .zip(values)
                    .find(|(y, v)| **y == *base_year && v.is_some())
                    .and_then(|(_, v)| *v);
                let Some(b) = base else {
                    return row.unable(format!("no value in the base year {base_year}"));
                };
                let target = match change {
                    RelativeChange::Factor(f) => b * f,
                    RelativeChange::AnnualGrowth { lo, .. } => {
                        b * (1.0 + lo).powi(t.horizon - base_year)
                    }
                };
                // "Halve X" asks for a decrease, "double X" for an increase.
                let direction = if target < b {
                    Direction::Decrease
                } else {
                    Direction::Increase
                };
                Some(threshold(target, false, direction))
            }
            TargetKind::PerYear { .. }
            | TargetKind::Cumulative { .. }
            | TargetKind::Milestone { .. }
            | TargetKind::IncreaseEachYear => None,
            TargetKind::Qualitative
            | TargetKind::TopK { .. }
            | TargetKind::PercentileBand { .. } => {
                unreachable!("handled above")
            }
        };
        let mut row = match measured {
            Some((goal, direction)) => {
                let mut popts = self.popts(t);
                if let TargetKind::Relative { base_year, .. } = t.kind {
                    popts.base_year = Some(base_year);
                }
                if matches!(goal, Goal::Trend { .. }) {
                    popts.limit = natural_limit(self.catalog, indicator, direction);
                }
                match progress(years, values, goal, direction, &popts) {
                    Ok(p) => self.with_progress(row, ids, &p, goal, direction, years, values),
                    Err(e) => return row.unable(e.to_string()),
                }
            }
            None => self.flow_or_event(row, ids, t, d, years, values),
        };
        if let TargetKind::Range { lo, hi } = t.kind {
            if let Some(l) = row.latest {
                let notes = ids.range_notes.as_ref().expect("range targets have notes");
                let position = if (lo..=hi).contains(&l.value) {
                    notes[0].clone()
                } else if l.value < lo {
                    notes[1].clone()
                } else {
                    notes[2].clone()
                };
                // Keep the reason a row could not be assessed, first.
                row = with_note(row, position);
            }
        }
        row
    }

    /// A group's members under the ids the table uses (a member renamed before `date` is
    /// found under its old id) and every year's values; see [`GroupTable`].
    fn group_table(&self, indicator: &str, group: &Group, date: &str) -> GroupTable {
        let registry = Registry::builtin();
        let members: Vec<&str> = match group {
            Group::Region(r) => registry
                .region_members(r, date)
                .map(|u| u.id.as_str())
                .collect(),
            Group::Country(_) => registry.units_at(date).map(|u| u.id.as_str()).collect(),
            // International groups: the units of the table.
            Group::World | Group::SoutheastAsia => self.units.clone(),
        };
        // The first table unit (in sorted order) that is the member or was renamed to it.
        let mut renamed: HashMap<&str, &str> = HashMap::new();
        for u in &self.units {
            if let Some(current) = registry.current_id(u, date) {
                renamed.entry(current).or_insert(u);
            }
        }
        let id_in_table = |m: &str| -> String {
            let own = self.units.binary_search(&m).ok().map(|_| m);
            match (own, renamed.get(m).copied()) {
                (Some(a), Some(b)) => a.min(b),
                (a, b) => a.or(b).unwrap_or(m),
            }
            .to_owned()
        };
        let ids: Vec<String> = members.iter().map(|m| id_in_table(m)).collect();
        let national_ranks = self
            .catalog
            .indicator(indicator)
            .is_some_and(|i| i.unit == crate::catalog::Unit::Rank);
        let years: BTreeSet<i32> = ids
            .iter()
            .flat_map(|id| self.obs.series(id, indicator).years().iter().copied())
            .collect();
        let value = |id: &str, year: i32| self.obs.series(id, indicator).value_in(year);
        let years = years
            .into_iter()
            .map(|year| {
                let values = ids.iter().map(|id| value(id, year)).collect();
                // National ranks of the whole table that year (for the permutation bound).
                let taken = if national_ranks {
                    self.units.iter().filter_map(|u| value(u, year)).collect()
                } else {
                    Vec::new()
                };
                (year, values, taken)
            })
            .collect();
        GroupTable {
            members: members.len(),
            national_ranks,
            country_size: registry.units_at(date).count(),
            ids,
            years,
        }
    }

    /// Top-k and percentile targets: the unit's rank in its group each year, bounded when
    /// some members have no data (see [`rank_bounds`]); achieved only when every possible
    /// rank meets the target, not achieved when none does, unable to assess otherwise.
    #[allow(clippy::too_many_arguments)]
    fn score_group(
        &self,
        mut row: ScoreRow,
        t: &Target,
        unit: &str,
        indicator: &str,
        group: &Group,
        membership_date: Option<&String>,
        goal: GroupGoal,
    ) -> ScoreRow {
        row.indicator = Some(Arc::from(indicator));
        let date = match membership_date {
            Some(d) => d.clone(),
            None => self
                .geography
                .get_or_init(|| {
                    geography_date(&self.units.iter().copied().collect::<BTreeSet<_>>())
                        .unwrap_or(LAST_PRE_REFORM_DAY)
                })
                .to_string(),
        };
        let key = (indicator.to_owned(), group.to_string(), date.clone());
        let table = {
            let mut groups = self.groups.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(
                groups
                    .entry(key)
                    .or_insert_with(|| Arc::new(self.group_table(indicator, group, &date))),
            )
        };
        if !table.ids.iter().any(|i| i == unit) {
            return row.unable(format!(
                "unit '{unit}' is not a member of {group} on {date}"
            ));
        }
        let direction = self.direction(indicator);
        let mut bounds: Vec<(i32, RankBounds)> = Vec::new();
        for (year, year_values, taken) in &table.years {
            let values: Vec<(&str, Option<f64>)> = table
                .ids
                .iter()
                .map(String::as_str)
                .zip(year_values.iter().copied())
                .collect();
            if let Some(b) = rank_bounds(
                unit,
                &values,
                direction,
                table
                    .national_ranks
                    .then_some((&taken[..], table.country_size)),
            ) {
                bounds.push((*year, b));
            }
        }
        let Some(&(latest_year, last)) = bounds.last() else {
            return row.unable(self.no_observations(unit, indicator, &format!(" in {group}")));
        };
        let (first_year, first) = bounds[0];
        let n = table.members;
        let pct = |rank: u32| {
            if n <= 1 {
                100.0
            } else {
                100.0 * (n as f64 - f64::from(rank)) / (n as f64 - 1.0)
            }
        };
        // Measured value: rank (top-k) or percentile (band), best case when bounded.
        let value_of = |b: &RankBounds| match goal {
            GroupGoal::TopK(_) => f64::from(b.best),
            GroupGoal::Band(..) => pct(b.best),
        };
        let (target, d, meets_for_sure, fails_for_sure) = match goal {
            GroupGoal::TopK(k) => (f64::from(k), -1.0, last.worst <= k, last.best > k),
            // One rule for ranges: a percentile above the band (better) counts as met.
            GroupGoal::Band(lo, _) => (lo, 1.0, pct(last.worst) >= lo, pct(last.best) < lo),
        };
        row.base = Some(Point {
            year: first_year,
            value: value_of(&first),
        });
        row.latest = Some(Point {
            year: latest_year,
            value: value_of(&last),
        });
        row.target_value = Some(target);
        let mut bound_note = if last.best == last.worst {
            format!("rank {} of {n} in {latest_year}", last.best)
        } else {
            format!(
                "rank between {} and {} of {n} in {latest_year} ({} of {n} members with data)",
                last.best, last.worst, last.with_data
            )
        };
        if let GroupGoal::Band(lo, hi) = goal {
            if pct(last.worst) > hi {
                bound_note.push_str(&format!(
                    "; percentile above the band {lo}–{hi} (counted as met)"
                ));
            }
        }
        if meets_for_sure {
            row.achieved = Some(true);
            row.status = Status::TargetAchieved;
            row.score = Some(5.0);
            row.year_met = Some(latest_year);
        } else if fails_for_sure {
            row.achieved = Some(false);
            let (b, l) = (row.base.expect("set above"), row.latest.expect("set above"));
            let r = pace_ratio(b, l, target, t.horizon, d);
            row.ratio = r;
            row.status = r.map_or(Status::UnableToAssess, ratio_status);
            row.score = r.map(ratio_score);
            if r.is_none() {
                if l.year <= b.year {
                    return row.unable(format!(
                        "{bound_note}; one year of data: no pace to measure"
                    ));
                }
                if t.horizon <= b.year {
                    return row.unable(format!(
                        "{bound_note}; target year {} not after the first year with data {}",
                        t.horizon, b.year
                    ));
                }
                // At the target in the base year and lost since: moving away, as a threshold
                // met at its base and lost is (docs/methods.md §3.2).
                row.status = Status::Deterioration;
                row.score = Some(-5.0);
                row.note = Some(format!(
                    "{bound_note}; at the target in {}, lost since",
                    b.year
                ));
                return row;
            }
        } else {
            return row.unable(format!(
                "{bound_note}: cannot tell whether the target is met"
            ));
        }
        row.note = Some(if meets_for_sure {
            bound_note
        } else {
            format!(
                "{bound_note}; progress = observed change a year / change a year required (linear)"
            )
        });
        row
    }

    #[allow(clippy::too_many_arguments)]
    fn with_progress(
        &self,
        mut row: ScoreRow,
        ids: &TargetIds,
        p: &Progress,
        goal: Goal,
        direction: Direction,
        years: &[i32],
        values: &[Option<f64>],
    ) -> ScoreRow {
        row.base = p.base;
        row.latest = p.latest;
        row.target_value = goal.value();
        row.achieved = p.achieved;
        row.gap_closed = p.gap_closed;
        row.cagr_observed = p.cagr_observed;
        row.cagr_required = p.cagr_required;
        row.ratio = p.ratio;
        row.limit_factor = p.limit_factor;
        row.status = p.status;
        row.score = p.score;
        row.annual_change_required = p.annual_change_required;
        row.note = p.unassessable.as_ref().map(ToString::to_string);
        row.method = if Arc::ptr_eq(&row.method, &ids.scoring) {
            Arc::clone(ids.progress_method(p.method))
        } else {
            Arc::from(format!(
                "{}; {}; {}",
                row.method,
                p.method.describe(),
                self.options.projection.describe()
            ))
        };
        let o = outlook(p, years, values, goal, direction, self.options.projection);
        row.projected = o.projected;
        row.projected_ratio = o.projected_ratio;
        row.projected_achieved = o.projected_achieved;
        row.year_met = o.year_met;
        row
    }

    /// Per-year flows, each-year increases, cumulative counts and milestones (`d`: the
    /// indicator's desired direction).
    fn flow_or_event(
        &self,
        mut row: ScoreRow,
        ids: &TargetIds,
        t: &Target,
        d: Direction,
        years: &[i32],
        values: &[Option<f64>],
    ) -> ScoreRow {
        let points: Vec<Point> = years
            .iter()
            .zip(values)
            .filter_map(|(&year, v)| v.map(|value| Point { year, value }))
            .collect();
        row.latest = points.last().copied();
        row.base = points.first().copied();
        match &t.kind {
            TargetKind::IncreaseEachYear => {
                let base = self.options.base_year.or(t.baseline_year);
                let judged_points: Vec<Point> = points
                    .iter()
                    .copied()
                    .filter(|p| base.is_none_or(|b| p.year >= b) && p.year <= t.horizon)
                    .collect();
                each_year(row, &judged_points, t.horizon)
            }
            TargetKind::Milestone { event } => {
                let done = points.iter().find(|p| p.value >= 1.0);
                row.achieved = Some(done.is_some());
                row.status = if done.is_some() {
                    Status::TargetAchieved
                } else {
                    Status::NotAchieved
                };
                row.year_met = done.map(|p| p.year);
                row.target_value = Some(1.0);
                row.method = Arc::clone(&BINARY_METHOD);
                row.note = Some(format!("event: {event}"));
                row
            }
            TargetKind::PerYear {
                lo,
                hi,
                from_year,
                to_year,
            } => {
                let last = row.latest.map_or(*from_year - 1, |l| l.year.min(*to_year));
                let elapsed: Vec<i32> = (*from_year..=last).collect();
                if elapsed.is_empty() {
                    return row.unable(format!("no year from {from_year} has data yet"));
                }
                let value_in = |y: i32| points.iter().find(|p| p.year == y).map(|p| p.value);
                let missing: Vec<i32> = elapsed
                    .iter()
                    .copied()
                    .filter(|y| value_in(*y).is_none())
                    .collect();
                if !missing.is_empty() {
                    return row.unable(format!("missing years in the period: {missing:?}"));
                }
                let flows: Vec<f64> = elapsed
                    .iter()
                    .map(|y| value_in(*y).unwrap_or(0.0))
                    .collect();
                // docs/methods.md §3, one rule for ranges: a year is met within lo..=hi or
                // beyond it on the indicator's better side (noted), as level ranges are.
                let met = flows.iter().filter(|v| range_met(**v, *lo, *hi, d)).count();
                let beyond = flows.iter().filter(|v| !(*lo..=*hi).contains(*v)).count()
                    - (elapsed.len() - met);
                let total: f64 = flows.iter().sum();
                let n = elapsed.len() as f64;
                let r = total / (lo * n);
                row.ratio = Some(r);
                row.target_value = Some(*lo);
                let finished = last >= *to_year;
                let all_met = met == elapsed.len();
                // Achieved is only known once the period is over.
                row.achieved = Some(finished && all_met);
                row.status = if finished && all_met {
                    Status::TargetAchieved
                } else {
                    ratio_status(r)
                };
                row.score = Some(if row.status == Status::TargetAchieved {
                    5.0
                } else {
                    ratio_score(r)
                });
                let mut note = format!(
                    "{met} of {} years met {lo}–{hi}; cumulative {total} against {}..{} for {} years",
                    elapsed.len(),
                    lo * n,
                    hi * n,
                    elapsed.len()
                );
                if beyond > 0 {
                    let side = match d {
                        Direction::Increase => "above",
                        Direction::Decrease => "below",
                    };
                    note.push_str(&format!(
                        "; {beyond} of them {side} the range (counted as met)"
                    ));
                }
                row.note = Some(note);
                row.method = Arc::clone(&PER_YEAR_METHOD);
                row
            }
            TargetKind::Cumulative {
                value,
                strict,
                from_year,
            } => {
                let Some(from) = from_year else {
                    // A stock: measured like a threshold on the stock series.
                    let goal = if *strict {
                        Goal::target_strict(*value, t.horizon)
                    } else {
                        Goal::target(*value, t.horizon)
                    };
                    let popts = self.popts(t);
                    return match progress(years, values, goal, Direction::Increase, &popts) {
                        Ok(p) => {
                            let d = Direction::Increase;
                            self.with_progress(row, ids, &p, goal, d, years, values)
                        }
                        Err(e) => row.unable(e.to_string()),
                    };
                };
                let window = |y: i32| y >= *from && y <= t.horizon;
                let counted: Vec<&Point> = points.iter().filter(|p| window(p.year)).collect();
                let Some(last) = counted.last().map(|p| p.year) else {
                    return row.unable(format!("no data from {from} to {}", t.horizon));
                };
                let gaps: Vec<i32> = (*from..=last)
                    .filter(|y| !counted.iter().any(|p| p.year == *y))
                    .collect();
                if !gaps.is_empty() {
                    return row.unable(format!("missing years in the count: {gaps:?}"));
                }
                let total: f64 = counted.iter().map(|p| p.value).sum();
                let done = meets(total - value, *strict);
                row.achieved = Some(done);
                row.target_value = Some(*value);
                row.latest = Some(Point {
                    year: last,
                    value: total,
                });
                let elapsed = f64::from(last - from + 1);
                let period = f64::from(t.horizon - from + 1);
                let r = (total / elapsed) / (value / period);
                row.ratio = Some(r);
                row.status = if done {
                    Status::TargetAchieved
                } else {
                    ratio_status(r)
                };
                row.score = Some(if done { 5.0 } else { ratio_score(r) });
                let pace = total / elapsed;
                row.projected = Some(total + pace * f64::from(t.horizon - last));
                row.projected_achieved = row.projected.map(|p| meets(p - value, *strict));
                row.note = Some(format!(
                    "cumulative {total} from {from} to {last}; target {}{value} by {}",
                    if *strict { ">" } else { "≥" },
                    t.horizon
                ));
                row.method = Arc::clone(&CUMULATIVE_METHOD);
                row
            }
            _ => unreachable!("threshold-like kinds are measured by progress"),
        }
    }
}

/// What a group target asks.
#[derive(Debug, Clone, Copy)]
enum GroupGoal {
    /// Rank ≤ k.
    TopK(u32),
    /// Percentile position in lo..=hi.
    Band(f64, f64),
}

/// The best and worst rank a unit can have in its group given which members have data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RankBounds {
    /// Best possible rank (1 = first).
    pub best: u32,
    /// Worst possible rank.
    pub worst: u32,
    /// Members with data.
    pub with_data: u32,
}

/// Bounds on `unit`'s rank among `members` (with values or not). Members without data may
/// be better or worse: worst = known rank + missing members, unless the values are national
/// ranks (`national`: every rank taken that year in the table, and the country's size),
/// where a missing member can only hold a national rank nobody in the table holds, which
/// bounds how many of them can be ahead. `None` when `unit` has no value.
///
/// ```
/// use chitieu::score::{rank_bounds, RankBounds};
/// use chitieu::Direction;
/// // National ranks 9, 10, 63 known in a 14-member region; ranks 1..=10 are all taken in
/// // the table, so nobody missing can be ahead of rank 10: Bắc Giang is exactly 2nd.
/// let members = [("thai-nguyen", Some(9.0)), ("bac-giang", Some(10.0)), ("cao-bang", Some(63.0))];
/// let mut taken: Vec<f64> = (1..=10).map(f64::from).collect();
/// taken.push(63.0);
/// let all: Vec<_> = members.iter().copied().chain((0..11).map(|_| ("?", None))).collect();
/// let b = rank_bounds("bac-giang", &all, Direction::Decrease, Some((&taken, 63))).unwrap();
/// assert_eq!(b, RankBounds { best: 2, worst: 2, with_data: 3 });
/// ```
pub fn rank_bounds(
    unit: &str,
    members: &[(&str, Option<f64>)],
    direction: Direction,
    national: Option<(&[f64], usize)>,
) -> Option<RankBounds> {
    let ranked = rank_values(members, direction);
    let mine = ranked.iter().find(|r| r.unit_id == unit)?;
    let known = mine.rank?;
    let with_data = mine.n;
    let missing = members.len() as u32 - with_data;
    let (ahead_at_most, behind_at_most) = match national {
        Some((taken, size)) => {
            let own = mine.value?;
            let free: Vec<u32> = (1..=size as u32)
                .filter(|r| !taken.iter().any(|t| (*t - f64::from(*r)).abs() < 0.5))
                .collect();
            let ahead = free.iter().filter(|r| f64::from(**r) < own).count() as u32;
            let behind = free.iter().filter(|r| f64::from(**r) > own).count() as u32;
            (missing.min(ahead), missing.min(behind))
        }
        None => (missing, missing),
    };
    Some(RankBounds {
        best: known + missing.saturating_sub(behind_at_most),
        worst: known + ahead_at_most,
        with_data,
    })
}

/// R for a rank or percentile series: observed change a year over the change a year needed
/// from the base to reach `target` by `horizon` (linear, as ranks have no growth rate).
fn pace_ratio(base: Point, latest: Point, target: f64, horizon: i32, d: f64) -> Option<f64> {
    if latest.year <= base.year || horizon <= base.year {
        return None;
    }
    let observed = (latest.value - base.value) / f64::from(latest.year - base.year);
    let required = (target - base.value) / f64::from(horizon - base.year);
    (required != 0.0).then(|| d * observed / required.abs())
}

/// Per unit and set: mean score of the scored targets, and whether every measurable target
/// is achieved (Open SDG aggregation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetSummary {
    /// Unit.
    pub unit_id: String,
    /// Target set.
    pub set_id: String,
    /// Targets in the set.
    pub targets: usize,
    /// Targets that can be measured (all but qualitative ones).
    pub measurable: usize,
    /// Measurable targets that could be assessed (not *unable to assess*).
    pub assessed: usize,
    /// Targets with a score.
    pub scored: usize,
    /// Mean score of the scored targets.
    pub mean_score: Option<f64>,
    /// Status of the mean score (target achieved only when all measurable targets are).
    pub status: Status,
    /// Every measurable target achieved.
    pub all_achieved: bool,
    /// How much of the set the status rests on, when not all of it.
    pub note: Option<String>,
}

/// Aggregates score rows by (unit, set).
pub fn summarise(rows: &[ScoreRow]) -> Vec<SetSummary> {
    // Rows come in runs of one (unit, set): order the runs (stable, so rows keep their
    // order), then summarise each key's rows; no per-row map insertion.
    fn key(r: &ScoreRow) -> (&str, &str) {
        (&r.unit_id, &r.set_id)
    }
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        match runs.last_mut() {
            Some((start, end)) if key(&rows[*start]) == key(r) => *end = i + 1,
            _ => runs.push((i, i + 1)),
        }
    }
    runs.sort_by(|a, b| key(&rows[a.0]).cmp(&key(&rows[b.0])));
    let mut out: Vec<SetSummary> = Vec::new();
    let mut k = 0;
    while k < runs.len() {
        let (unit, set) = key(&rows[runs[k].0]);
        let mut group: Vec<&ScoreRow> = Vec::new();
        while k < runs.len() && key(&rows[runs[k].0]) == (unit, set) {
            group.extend(&rows[runs[k].0..runs[k].1]);
            k += 1;
        }
        out.push(summarise_group(unit, set, &group));
    }
    out
}

/// The summary of one (unit, set)'s rows.
fn summarise_group(unit: &str, set: &str, rs: &[&ScoreRow]) -> SetSummary {
    let scores: Vec<f64> = rs.iter().filter_map(|r| r.score).collect();
    let mut measurable = rs
        .iter()
        .filter(|r| r.status != Status::NotMeasurable)
        .peekable();
    let all_achieved = measurable.peek().is_some() && measurable.all(|r| r.achieved == Some(true));
    let mean = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
    let n_measurable = rs
        .iter()
        .filter(|r| r.status != Status::NotMeasurable)
        .count();
    let assessed = rs
        .iter()
        .filter(|r| !matches!(r.status, Status::NotMeasurable | Status::UnableToAssess))
        .count();
    // Never a plan status from a minority of its measurable targets.
    let minority = 2 * assessed < n_measurable;
    let status = if all_achieved {
        Status::TargetAchieved
    } else if minority {
        Status::UnableToAssess
    } else {
        mean.map_or(Status::UnableToAssess, Status::from_score)
    };
    let note = if assessed == n_measurable {
        None
    } else if minority {
        Some(format!(
            "only {assessed} of {n_measurable} measurable targets could be assessed: no plan \
             status from a minority"
        ))
    } else {
        Some(format!(
            "status from {assessed} of {n_measurable} measurable targets (the others could \
             not be assessed)"
        ))
    };
    SetSummary {
        unit_id: unit.to_owned(),
        set_id: set.to_owned(),
        targets: rs.len(),
        measurable: n_measurable,
        assessed,
        scored: scores.len(),
        mean_score: mean,
        status,
        all_achieved,
        note,
    }
}
