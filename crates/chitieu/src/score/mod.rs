//! Batch scoring: every unit against every target of one or more target sets.
//!
//! One [`ScoreRow`] per (unit, target). Each target kind is measured as docs/methods.md §3 says:
//!
//! | kind | measure |
//! |---|---|
//! | at least / more than / at most / less than | [`crate::progress()`] ratio R with the target (strict kinds need the value beyond it) |
//! | range lo–hi | achieved inside the range, or beyond it in the desired direction (higher-is-better indicators: ≥ lo); otherwise R towards the near bound |
//! | relative (×factor or +g a year from a base year) | target value computed from the base-year value, then "at least" |
//! | increase each year | every year-on-year change judged: R = years risen / years judged; a year without a rise fails the target |
//! | increase (over the period) | Open SDG no-target method on the observed CAGR |
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

mod flow;
mod group;
mod level;
mod row;
mod summary;

pub use group::{place_within, rank_bounds, PlaceError, PlaceWithin, PublishedPlaces, RankBounds};
pub use row::{target_phrase, title_number, Measure, Scale, ScoreRow, DEFLATOR};
pub use summary::{summarise, SetSummary};

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use serde::Serialize;

use crate::catalog::{Catalog, Unit};
use crate::feasibility::{feasibility, sustained_growth};
use crate::observations::Observations;
use crate::progress::{
    Direction, Goal, Method, Progress, ProgressError, ProgressOptions, Status, Unassessable,
};
use crate::projection::{outlook, Projection};
use crate::ranking::{TIE_RULE, TIE_RULE_VI};
use crate::targets::{Scope, Target, TargetKind, TargetSet};
use crate::vocabulary::numbers::number;
use crate::vocabulary::{Bilingual, Lang};
use group::{GroupGoal, GroupKey, GroupTable};
use level::natural_limit;
use row::{carried, with_note};

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
    /// Units to score every set on, instead of each set's own scope, in this order; a unit
    /// listed twice is scored once (at its first place).
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

/// The ids and texts a target's rows carry, made once per target and shared by its rows.
struct TargetIds {
    set: Arc<str>,
    target: Arc<str>,
    indicator: Option<Arc<str>>,
    indicator_name: Option<Arc<Bilingual>>,
    /// The kind's scoring method.
    scoring: Arc<Bilingual>,
    /// The scoring method with each progress method and the run's projection.
    progress: [Arc<Bilingual>; 2],
    /// The scoring method of group (rank) targets, with the tie rule.
    group: Arc<Bilingual>,
    /// Range targets: the note for a latest value inside, below and above the range.
    range_notes: Option<[Bilingual; 3]>,
}

impl TargetIds {
    fn new(set: &TargetSet, t: &Target, catalog: &Catalog, options: &ScoreOptions) -> Self {
        let scoring = t.kind.scoring_text();
        let projection = options.projection.text();
        // How the natural-limit factor C of the trend method is found, for this target.
        let limit = t
            .indicator
            .as_deref()
            .and_then(|i| natural_limit(catalog, i, Direction::Increase));
        let c = Bilingual::by(|l| match (options.limit_scaling, limit, l) {
            (Some(c), _, Lang::Vi) => format!("C = {} (cho trước)", number(c, l)),
            (Some(c), _, _) => format!("C = {} (given)", number(c, l)),
            (None, Some(lim), Lang::Vi) => format!(
                "C tính từ giới hạn tự nhiên {} của chỉ tiêu theo hướng mong muốn (danh mục; \
                 số mũ 4,44 của sdg-build)",
                number(lim, l)
            ),
            (None, Some(lim), _) => format!(
                "C from the indicator's natural limit {} in the desired direction \
                 (catalog; sdg-build's exponent 4.44)",
                number(lim, l)
            ),
            (None, None, Lang::Vi) => "không có giới hạn tự nhiên: C = 1".to_owned(),
            (None, None, _) => "no natural limit: C = 1".to_owned(),
        });
        let with = |m: Method| -> Arc<Bilingual> {
            let method = scoring.clone().then("; ", &m.text());
            Arc::new(match m {
                Method::TrendCagr => method.then("; ", &c).then("; ", &projection),
                Method::TargetRatio => method.then("; ", &projection),
            })
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
                    Direction::Increase => (
                        ("dưới khoảng", "below"),
                        ("trên khoảng (được tính là đạt)", "above (counted as met)"),
                    ),
                    Direction::Decrease => (
                        ("dưới khoảng (được tính là đạt)", "below (counted as met)"),
                        ("trên khoảng", "above"),
                    ),
                };
                Some([("trong khoảng", "inside"), below, above].map(|(vi, en)| {
                    Bilingual::new(
                        format!(
                            "khoảng {}–{}: giá trị mới nhất {vi}",
                            number(lo, Lang::Vi),
                            number(hi, Lang::Vi)
                        ),
                        format!(
                            "range {}–{}: latest value {en}",
                            number(lo, Lang::En),
                            number(hi, Lang::En)
                        ),
                    )
                }))
            }
            _ => None,
        };
        Self {
            set: Arc::from(set.id.as_str()),
            target: Arc::from(t.id.as_str()),
            indicator: t.indicator.as_deref().map(Arc::from),
            indicator_name: indicator_name(catalog, t.indicator.as_deref(), t.label.as_ref()),
            progress: [with(Method::TargetRatio), with(Method::TrendCagr)],
            group: Arc::new(
                scoring
                    .clone()
                    .then("; ", &Bilingual::new(TIE_RULE_VI, TIE_RULE)),
            ),
            scoring: Arc::new(scoring),
            range_notes,
        }
    }

    /// A row of a group (rank) target: its method names the tie rule.
    fn group_row(&self, mut row: ScoreRow) -> ScoreRow {
        row.method = Arc::clone(&self.group);
        row
    }

    /// The method text of a row measured by `progress` with `method`.
    fn progress_method(&self, method: Method) -> &Arc<Bilingual> {
        match method {
            Method::TargetRatio => &self.progress[0],
            Method::TrendCagr => &self.progress[1],
        }
    }
}
/// An indicator's name: the catalog's, else a target's own label of a free indicator.
fn indicator_name(
    catalog: &Catalog,
    indicator: Option<&str>,
    label: Option<&Bilingual>,
) -> Option<Arc<Bilingual>> {
    indicator
        .and_then(|i| catalog.indicator(i))
        .map(|i| Bilingual::new(&i.name_vi, &i.name_en))
        .or_else(|| label.cloned())
        .map(Arc::new)
}

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
    let run = Run::new(obs, sets, catalog, options)?;
    monitor.start(run.jobs());
    Ok(run
        .blocks
        .par_iter()
        .flat_map_iter(|&b| {
            let rows: Vec<ScoreRow> = run.score_block(b).collect();
            monitor.advance(rows.len());
            rows
        })
        .collect())
}

/// A scoring run: the (set, unit) blocks to score, each block one row per target of the
/// set, and what the rows share (ids, method texts, the table's group tables). Made by
/// [`Run::new`] once; scored whole ([`score`]) or in parts ([`Run::parts`]), e.g. to turn
/// rows into columns as they are scored and never hold every row.
///
/// ```
/// use chitieu::catalog::Catalog;
/// use chitieu::score::{Run, ScoreOptions};
/// use chitieu::targets::TargetSet;
/// use chitieu::Observations;
///
/// let set = TargetSet::builtin("lai-chau-69-kl-tw-2024").unwrap();
/// let obs = Observations::new(vec![]).unwrap();
/// let options = ScoreOptions::default();
/// let run = Run::new(&obs, std::slice::from_ref(&set), Catalog::builtin(), &options).unwrap();
/// let counts = run.parts(10, |rows| rows.len());
/// assert_eq!(counts.iter().sum::<usize>(), set.targets.len());
/// ```
pub struct Run<'a> {
    ctx: Ctx<'a>,
    sets: &'a [TargetSet],
    /// The units every set is scored on (from the options), with no warning.
    shared: Vec<(Arc<str>, Option<Bilingual>)>,
    /// Each set's own unit, with the warning of a carried set (without units in the options).
    own: Vec<Vec<(Arc<str>, Option<Bilingual>)>>,
    /// Per set, per target: the ids and texts its rows share.
    ids: Vec<Vec<TargetIds>>,
    /// (set, unit position) of every block, in output order: set by set, unit by unit.
    blocks: Vec<(u32, u32)>,
    /// Sustained growth per indicator, for the feasibility columns.
    sustained: BTreeMap<&'a str, Vec<f64>>,
}

impl<'a> Run<'a> {
    /// Checks the options and prepares the run.
    pub fn new(
        obs: &'a Observations,
        sets: &'a [TargetSet],
        catalog: &'a Catalog,
        options: &'a ScoreOptions,
    ) -> Result<Self, ProgressError> {
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
            loose_units: OnceLock::new(),
            near_units: Mutex::new(HashMap::new()),
        };
        // The units each set is scored on, with the warning of a carried set: the units of
        // the options (the same for every set), else the set's own scope. Ids are made once;
        // the rows share them.
        let mut seen = HashSet::new();
        let shared: Vec<(Arc<str>, Option<Bilingual>)> = options
            .units
            .iter()
            .flatten()
            .filter(|u| seen.insert(u.as_str()))
            .map(|u| (Arc::from(u.as_str()), None))
            .collect();
        let own: Vec<Vec<(Arc<str>, Option<Bilingual>)>> = sets
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
        let mut blocks = Vec::new();
        for (k, own) in own.iter().enumerate() {
            let n = if options.units.is_some() {
                shared.len()
            } else {
                own.len()
            };
            blocks.extend((0..n).map(|u| (k as u32, u as u32)));
        }
        let mut sustained: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        if let Some(w) = options.feasibility_window {
            for set in sets {
                for i in set.targets.iter().filter_map(|t| t.indicator.as_deref()) {
                    sustained.entry(i).or_insert_with(|| {
                        sustained_growth(obs, i, w)
                            .into_iter()
                            .map(|s| s.cagr)
                            .collect()
                    });
                }
            }
        }
        Ok(Self {
            ctx,
            sets,
            shared,
            own,
            ids,
            blocks,
            sustained,
        })
    }

    /// The catalog the run reads indicators from.
    pub fn catalog(&self) -> &'a Catalog {
        self.ctx.catalog
    }

    /// Number of rows (jobs) of the run.
    pub fn jobs(&self) -> usize {
        self.blocks.iter().map(|&b| self.targets_of(b)).sum()
    }

    /// Scores the run in parts of about `rows` rows (whole (unit, set) blocks), on every
    /// core, giving each part's rows, in output order, to `consume`; returns what it made of
    /// each part, in order. A thread holds one part at a time, in a buffer it reuses.
    pub fn parts<R: Send>(&self, rows: usize, consume: impl Fn(&[ScoreRow]) -> R + Sync) -> Vec<R> {
        let mut ranges = Vec::new();
        let (mut start, mut size) = (0, 0);
        for (i, &b) in self.blocks.iter().enumerate() {
            size += self.targets_of(b);
            if size >= rows.max(1) {
                ranges.push(start..i + 1);
                (start, size) = (i + 1, 0);
            }
        }
        if start < self.blocks.len() || ranges.is_empty() {
            ranges.push(start..self.blocks.len());
        }
        ranges
            .into_par_iter()
            .map_init(Vec::new, |buffer: &mut Vec<ScoreRow>, r| {
                buffer.clear();
                buffer.extend(self.blocks[r].iter().flat_map(|&b| self.score_block(b)));
                consume(buffer)
            })
            .collect()
    }

    fn targets_of(&self, (k, _): (u32, u32)) -> usize {
        self.sets[k as usize].targets.len()
    }

    /// The rows of one (set, unit) block, one per target.
    fn score_block(&self, (k, u): (u32, u32)) -> impl Iterator<Item = ScoreRow> + use<'_, 'a> {
        let (k, u) = (k as usize, u as usize);
        let (unit, warning) = if self.ctx.options.units.is_some() {
            &self.shared[u]
        } else {
            &self.own[k][u]
        };
        let set = &self.sets[k];
        set.targets
            .iter()
            .zip(&self.ids[k])
            .map(move |(t, ids)| self.score_job(unit, t, ids, warning.as_ref()))
    }

    fn score_job(
        &self,
        unit: &Arc<str>,
        t: &Target,
        ids: &TargetIds,
        warning: Option<&Bilingual>,
    ) -> ScoreRow {
        let ctx = &self.ctx;
        let mut row = ctx.score_target(unit, ids, t);
        if let Some(w) = warning {
            row.note = Some(match row.note.take() {
                Some(n) => w.clone().then("; ", &n),
                None => w.clone(),
            });
        }
        let observed = row.indicator.as_deref().and_then(|i| self.sustained.get(i));
        if let (Some(req), Some(observed)) = (row.cagr_required, observed) {
            let d = ctx
                .direction(row.indicator.as_deref().unwrap_or_default())
                .sign();
            if let Some(f) = feasibility(req, observed, d) {
                row.feasibility_percentile = Some(f.percentile);
                row.feasibility = Some(f.label.code());
            }
        }
        row
    }
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
    /// The table's unit ids by their folded form ([`crate::catalog::loose`]), built the
    /// first time a series is missing, to name the ids the table holds instead.
    loose_units: OnceLock<HashMap<String, Vec<&'a str>>>,
    /// The table's unit nearest to each unit the table lacks (the did-you-mean of its rows),
    /// found once per unit: batch runs list many units without data.
    near_units: Mutex<HashMap<String, Option<&'a str>>>,
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

    /// A series' years and values (the methods read values as a slice of options).
    fn series(&self, unit: &str, indicator: &str) -> (&'a [i32], Vec<Option<f64>>) {
        let s = self.obs.series(unit, indicator);
        (s.years(), s.values().collect())
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
            row.note = Some(Bilingual::new("mục tiêu định tính", "qualitative target"));
            return row;
        };
        if matches!(t.kind, TargetKind::Qualitative) {
            let mut row = row;
            row.status = Status::NotMeasurable;
            row.note = Some(Bilingual::new(
                "mục tiêu định tính: được liệt kê, không chấm điểm",
                "qualitative target: listed, not scored",
            ));
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
        let values = &values[..];
        if years.is_empty() {
            return row.unable(self.no_observations(unit, indicator, None));
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
}

impl<'a> Ctx<'a> {
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
        row.points = u32::try_from(p.points).ok();
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
        row.note = p.unassessable.as_ref().map(Unassessable::text);
        row.method = if Arc::ptr_eq(&row.method, &ids.scoring) {
            Arc::clone(ids.progress_method(p.method))
        } else {
            Arc::new(
                (*row.method)
                    .clone()
                    .then("; ", &p.method.text())
                    .then("; ", &self.options.projection.text()),
            )
        };
        let o = outlook(p, years, values, goal, direction, self.options.projection);
        row.measure = Measure::from_method(p.method);
        row.projection = o.projected.map(|_| self.options.projection);
        row.projected = o.projected;
        row.projected_ratio = o.projected_ratio;
        row.projected_achieved = o.projected_achieved;
        row.year_met = o.year_met;
        row
    }
}
