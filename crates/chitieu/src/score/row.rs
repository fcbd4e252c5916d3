//! One scorecard row: a (unit, target) pair, its measure, status, score and notes.

use std::sync::{Arc, LazyLock};

use serde::Serialize;

use super::TargetIds;
use crate::progress::{Point, Status};
use crate::targets::{Provenance, Target};

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
    pub(super) fn new(unit: &Arc<str>, ids: &TargetIds, t: &Target) -> Self {
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

    pub(super) fn unable(mut self, why: impl Into<String>) -> Self {
        self.status = Status::UnableToAssess;
        self.note = Some(why.into());
        self
    }
}

/// Method texts of event and flow targets, shared by every row.
pub(super) static BINARY_METHOD: LazyLock<Arc<str>> =
    LazyLock::new(|| Arc::from("binary: achieved when the event indicator is 1"));
pub(super) static PER_YEAR_METHOD: LazyLock<Arc<str>> = LazyLock::new(|| {
    Arc::from(
        "per-year flow: a year is met within lo..hi or beyond it on the indicator's better \
         side; R = sum of flows / (lo x years elapsed); Open SDG thresholds on R",
    )
});
pub(super) static EACH_YEAR_METHOD: LazyLock<Arc<str>> = LazyLock::new(|| {
    Arc::from(
        "each year: every year-on-year change from the base year to the latest (up to the \
         horizon) is judged; R = years risen / years judged, scored on Open SDG's ratio \
         scale; a year without a rise fails the target (not achieved); all risen: on track, \
         achieved once the horizon is reached",
    )
});

/// The deflator series that turns money amounts into real terms for trend targets.
pub const DEFLATOR: &str = "grdp_deflator";
pub(super) static CUMULATIVE_METHOD: LazyLock<Arc<str>> = LazyLock::new(|| {
    Arc::from(
        "cumulative flow: R = observed pace / required pace (value / years to the horizon); \
         projection at the observed pace",
    )
});

/// A row with `extra` appended to its note.
pub(super) fn with_note(mut row: ScoreRow, extra: String) -> ScoreRow {
    row.note = Some(match row.note.take() {
        Some(n) => format!("{n}; {extra}"),
        None => extra,
    });
    row
}

/// The post-reform successor of a pre-reform province, with the warning to show, when it
/// merged with others (an unchanged province keeps its geography: no warning).
pub(super) fn carried(unit: &str) -> Option<(String, Option<String>)> {
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
