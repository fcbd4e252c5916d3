//! Batch scoring: every unit against every target of one or more target sets.
//!
//! One [`ScoreRow`] per (unit, target). Each target kind is measured as DESIGN.md §3 says:
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

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::Catalog;
use crate::observations::Observations;
use crate::progress::{
    progress, ratio_score, ratio_status, Direction, Goal, Point, Progress, ProgressError,
    ProgressOptions, Status,
};
use crate::projection::{first_year_met, project, Projection};
use crate::ranking::{rank_values, TIE_RULE};
use crate::registry::Registry;
use crate::targets::{Group, RelativeChange, Scope, Target, TargetKind, TargetSet};

/// For group targets: (latest year ranked, members with data that year, members).
type Coverage = Option<(i32, u32, usize)>;

/// Last year searched for the year a projection meets its target.
const SEARCH_UNTIL: i32 = 2100;

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
    /// Natural-limit factor C for trend targets.
    pub limit_scaling: f64,
    /// Minimum points from the base to the latest year.
    pub min_points: usize,
    /// Units to score every set on, instead of each set's own scope.
    pub units: Option<Vec<String>>,
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
        }
    }
}

/// The result for one unit and one target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreRow {
    /// Unit scored.
    pub unit_id: String,
    /// Target set.
    pub set_id: String,
    /// Target.
    pub target_id: String,
    /// Indicator measured (for rank targets, the ranked indicator).
    pub indicator: Option<String>,
    /// Target kind.
    pub kind: &'static str,
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
    /// Method and conventions used.
    pub method: String,
    /// Why the row is unable to assess / not measurable, or details (years met...).
    pub note: Option<String>,
}

impl ScoreRow {
    fn new(unit: &str, set: &TargetSet, t: &Target) -> Self {
        Self {
            unit_id: unit.to_owned(),
            set_id: set.id.clone(),
            target_id: t.id.clone(),
            indicator: t.indicator.clone(),
            kind: t.kind.name(),
            base: None,
            latest: None,
            target_value: None,
            target_year: t.horizon,
            achieved: None,
            gap_closed: None,
            cagr_observed: None,
            cagr_required: None,
            ratio: None,
            status: Status::UnableToAssess,
            score: None,
            annual_change_required: None,
            projected: None,
            projected_ratio: None,
            projected_achieved: None,
            year_met: None,
            method: t.kind.scoring().to_owned(),
            note: None,
        }
    }

    fn unable(mut self, why: impl Into<String>) -> Self {
        self.status = Status::UnableToAssess;
        self.note = Some(why.into());
        self
    }
}

/// Scores every unit against every target of `sets`.
pub fn score(
    obs: &Observations,
    sets: &[TargetSet],
    catalog: &Catalog,
    options: &ScoreOptions,
) -> Result<Vec<ScoreRow>, ProgressError> {
    let popts = ProgressOptions {
        base_year: options.base_year,
        zero_replacement: options.zero_replacement,
        limit_scaling: options.limit_scaling,
        min_points: options.min_points,
    };
    popts.check()?;
    let ctx = Ctx {
        obs,
        catalog,
        options,
    };
    let mut rows = Vec::new();
    for set in sets {
        let units: Vec<String> = match (&options.units, &set.scope) {
            (Some(u), _) => u.clone(),
            (None, Scope::Unit(u)) => vec![u.clone()],
            (None, Scope::National) => vec!["vn".to_owned()],
        };
        for unit in &units {
            for t in &set.targets {
                rows.push(ctx.score_target(unit, set, t));
            }
        }
    }
    Ok(rows)
}

struct Ctx<'a> {
    obs: &'a Observations,
    catalog: &'a Catalog,
    options: &'a ScoreOptions,
}

impl Ctx<'_> {
    fn popts(&self, t: &Target) -> ProgressOptions {
        ProgressOptions {
            base_year: self.options.base_year.or(t.baseline_year),
            zero_replacement: self.options.zero_replacement,
            limit_scaling: self.options.limit_scaling,
            min_points: self.options.min_points,
        }
    }

    fn series(&self, unit: &str, indicator: &str) -> (Vec<i32>, Vec<Option<f64>>) {
        self.obs
            .series(unit, indicator)
            .iter()
            .map(|o| (o.year, o.value))
            .unzip()
    }

    fn direction(&self, indicator: &str) -> Direction {
        self.catalog
            .indicator(indicator)
            .map_or(Direction::Increase, |i| i.direction)
    }

    fn score_target(&self, unit: &str, set: &TargetSet, t: &Target) -> ScoreRow {
        let row = ScoreRow::new(unit, set, t);
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
        let (years, values, coverage) = match &t.kind {
            TargetKind::TopK {
                rank_indicator,
                group,
                membership_date,
                ..
            } => self.group_series(unit, rank_indicator, group, Some(membership_date), true),
            TargetKind::PercentileBand { group, .. } => {
                self.group_series(unit, indicator, group, None, false)
            }
            _ => {
                let (y, v) = self.series(unit, indicator);
                (y, v, None)
            }
        };
        if years.is_empty() {
            return row.unable(format!(
                "no observations of '{indicator}' for unit '{unit}'"
            ));
        }
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
            TargetKind::IncreaseEachYear => Some((Goal::trend(t.horizon), Direction::Increase)),
            TargetKind::TopK { k, .. } => {
                Some(threshold(f64::from(*k), false, Direction::Decrease))
            }
            TargetKind::PercentileBand { lo, .. } => {
                Some(threshold(*lo, false, Direction::Increase))
            }
            TargetKind::Relative { base_year, change } => {
                let base = years
                    .iter()
                    .zip(&values)
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
                Some(threshold(target, false, Direction::Increase))
            }
            TargetKind::PerYear { .. }
            | TargetKind::Cumulative { .. }
            | TargetKind::Milestone { .. } => None,
            TargetKind::Qualitative => unreachable!("handled above"),
        };
        let mut row = match measured {
            Some((goal, direction)) => {
                let mut popts = self.popts(t);
                if let TargetKind::Relative { base_year, .. } = t.kind {
                    popts.base_year = Some(base_year);
                }
                match progress(&years, &values, goal, direction, &popts) {
                    Ok(p) => self.with_progress(row, &p, goal, direction, &years, &values, &popts),
                    Err(e) => return row.unable(e.to_string()),
                }
            }
            None => self.flow_or_event(row, t, &years, &values),
        };
        if let TargetKind::Range { lo, hi } = t.kind {
            if let Some(l) = row.latest {
                let inside = (lo..=hi).contains(&l.value);
                row.note = Some(format!(
                    "range {lo}–{hi}: latest value {}",
                    if inside {
                        "inside"
                    } else if l.value < lo {
                        "below"
                    } else {
                        "above"
                    }
                ));
            }
        }
        if matches!(
            t.kind,
            TargetKind::TopK { .. } | TargetKind::PercentileBand { .. }
        ) {
            row.method = format!("{}; {TIE_RULE}", row.method);
            if let Some((year, with_data, members)) = coverage {
                row.note = Some(format!(
                    "in {year} ranked among the {with_data} of {members} group members with data"
                ));
            }
        }
        row
    }

    /// The rank (or percentile) of `unit` in `group` for every year any member has data.
    fn group_series(
        &self,
        unit: &str,
        indicator: &str,
        group: &Group,
        membership_date: Option<&String>,
        ranks: bool,
    ) -> (Vec<i32>, Vec<Option<f64>>, Coverage) {
        let registry = Registry::builtin();
        let date = membership_date.map_or("2025-06-30", String::as_str);
        let members: Vec<&str> = match group {
            Group::Region(r) => registry
                .region_members(r, date)
                .map(|u| u.id.as_str())
                .collect(),
            Group::Country(_) => registry.units_at(date).map(|u| u.id.as_str()).collect(),
            // International groups: every unit in the observations.
            Group::World | Group::SoutheastAsia => {
                let mut v: Vec<&str> = self.obs.rows().iter().map(|o| o.unit_id.as_str()).collect();
                v.dedup();
                v
            }
        };
        // Data may use ids renamed before the membership date (thua-thien-hue → hue).
        let data_id = |m: &str| -> String {
            if !self.obs.series(m, indicator).is_empty() {
                return m.to_owned();
            }
            registry
                .units()
                .iter()
                .find(|u| u.succeeded_by.as_deref() == Some(m))
                .map_or_else(|| m.to_owned(), |u| u.id.clone())
        };
        let ids: Vec<String> = members.iter().map(|m| data_id(m)).collect();
        if !ids.iter().any(|i| i == unit) {
            return (Vec::new(), Vec::new(), None);
        }
        let mut by_year: BTreeMap<i32, Vec<(&str, Option<f64>)>> = BTreeMap::new();
        for id in &ids {
            for o in self.obs.series(id, indicator) {
                by_year
                    .entry(o.year)
                    .or_default()
                    .push((id.as_str(), o.value));
            }
        }
        let direction = self.direction(indicator);
        let mut years = Vec::new();
        let mut values = Vec::new();
        let mut coverage = None;
        for (year, vals) in by_year {
            let ranked = rank_values(&vals, direction);
            let mine = ranked.iter().find(|r| r.unit_id == unit);
            if mine.is_some_and(|r| r.rank.is_some()) {
                coverage = Some((year, mine.map_or(0, |r| r.n), ids.len()));
            }
            years.push(year);
            values.push(mine.and_then(|r| {
                if ranks {
                    r.rank.map(f64::from)
                } else {
                    r.percentile
                }
            }));
        }
        (years, values, coverage)
    }

    #[allow(clippy::too_many_arguments)]
    fn with_progress(
        &self,
        mut row: ScoreRow,
        p: &Progress,
        goal: Goal,
        direction: Direction,
        years: &[i32],
        values: &[Option<f64>],
        popts: &ProgressOptions,
    ) -> ScoreRow {
        row.base = p.base;
        row.latest = p.latest;
        row.target_value = goal.value();
        row.achieved = p.achieved;
        row.gap_closed = p.gap_closed;
        row.cagr_observed = p.cagr_observed;
        row.cagr_required = p.cagr_required;
        row.ratio = p.ratio;
        row.status = p.status;
        row.score = p.score;
        row.annual_change_required = p.annual_change_required;
        row.note = p.unassessable.as_ref().map(ToString::to_string);
        row.method = format!(
            "{}; {}; {}",
            row.method,
            p.method.describe(),
            self.options.projection.describe()
        );
        // Projection by the chosen method on the points from the base year.
        let base_year = p.base.map(|b| b.year);
        let points: Vec<Point> = years
            .iter()
            .zip(values)
            .filter(|(y, _)| base_year.is_some_and(|b| **y >= b))
            .filter_map(|(&year, v)| v.map(|value| Point { year, value }))
            .collect();
        let method = self.options.projection;
        row.projected = project(&points, goal.horizon(), method, popts.zero_replacement);
        if let (Some(t), Some(b), Some(proj)) = (goal.value(), p.base, row.projected) {
            if t != b.value {
                row.projected_ratio = Some((proj - b.value) / (t - b.value));
            }
            let strict = matches!(goal, Goal::Target { strict: true, .. });
            let m = direction.sign() * (proj - t);
            row.projected_achieved = Some(if strict { m > 0.0 } else { m >= 0.0 });
            row.year_met = if p.achieved == Some(true) {
                p.latest.map(|l| l.year)
            } else {
                first_year_met(
                    &points,
                    method,
                    popts.zero_replacement,
                    t,
                    direction.sign(),
                    strict,
                    SEARCH_UNTIL,
                )
            };
        }
        row
    }

    /// Per-year flows, cumulative counts and milestones.
    fn flow_or_event(
        &self,
        mut row: ScoreRow,
        t: &Target,
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
                row.method = "binary: achieved when the event indicator is 1".to_owned();
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
                let met = flows.iter().filter(|v| **v >= *lo).count();
                let total: f64 = flows.iter().sum();
                let n = elapsed.len() as f64;
                let r = total / (lo * n);
                row.ratio = Some(r);
                row.target_value = Some(*lo);
                row.achieved = Some(met == elapsed.len());
                let finished = last >= *to_year;
                row.status = if met == elapsed.len() && finished {
                    Status::TargetAchieved
                } else {
                    ratio_status(r)
                };
                row.score = Some(if row.status == Status::TargetAchieved {
                    5.0
                } else {
                    ratio_score(r)
                });
                row.note = Some(format!(
                    "{met} of {} years with at least {lo}; cumulative {total} against {}..{} for {} years",
                    elapsed.len(),
                    lo * n,
                    hi * n,
                    elapsed.len()
                ));
                row.method = "per-year flow: R = sum of flows / (lo x years elapsed); Open SDG thresholds on R".to_owned();
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
                        Ok(p) => self.with_progress(
                            row,
                            &p,
                            goal,
                            Direction::Increase,
                            years,
                            values,
                            &popts,
                        ),
                        Err(e) => row.unable(e.to_string()),
                    };
                };
                let counted: Vec<&Point> = points.iter().filter(|p| p.year >= *from).collect();
                let Some(last) = counted.last().map(|p| p.year) else {
                    return row.unable(format!("no data from {from}"));
                };
                let total: f64 = counted.iter().map(|p| p.value).sum();
                let done = if *strict {
                    total > *value
                } else {
                    total >= *value
                };
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
                row.projected_achieved =
                    row.projected
                        .map(|p| if *strict { p > *value } else { p >= *value });
                row.note = Some(format!(
                    "cumulative {total} from {from} to {last}; target {}{value} by {}",
                    if *strict { ">" } else { "≥" },
                    t.horizon
                ));
                row.method = "cumulative flow: R = observed pace / required pace (value / years to the horizon); projection at the observed pace".to_owned();
                row
            }
            _ => unreachable!("threshold-like kinds are measured by progress"),
        }
    }
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
    /// Targets with a score.
    pub scored: usize,
    /// Mean score of the scored targets.
    pub mean_score: Option<f64>,
    /// Status of the mean score (target achieved only when all measurable targets are).
    pub status: Status,
    /// Every measurable target achieved.
    pub all_achieved: bool,
}

/// Aggregates score rows by (unit, set).
pub fn summarise(rows: &[ScoreRow]) -> Vec<SetSummary> {
    let mut groups: BTreeMap<(&str, &str), Vec<&ScoreRow>> = BTreeMap::new();
    for r in rows {
        groups.entry((&r.unit_id, &r.set_id)).or_default().push(r);
    }
    groups
        .into_iter()
        .map(|((unit, set), rs)| {
            let scores: Vec<f64> = rs.iter().filter_map(|r| r.score).collect();
            let measurable: Vec<&&ScoreRow> = rs
                .iter()
                .filter(|r| r.status != Status::NotMeasurable)
                .collect();
            let all_achieved =
                !measurable.is_empty() && measurable.iter().all(|r| r.achieved == Some(true));
            let mean =
                (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
            SetSummary {
                unit_id: unit.to_owned(),
                set_id: set.to_owned(),
                targets: rs.len(),
                scored: scores.len(),
                mean_score: mean,
                status: if all_achieved {
                    Status::TargetAchieved
                } else {
                    mean.map_or(Status::UnableToAssess, Status::from_score)
                },
                all_achieved,
            }
        })
        .collect()
}
