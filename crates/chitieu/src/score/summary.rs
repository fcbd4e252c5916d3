//! Per unit and target set: the mean score and whether every measurable target is achieved.

use serde::Serialize;

use super::row::ScoreRow;
use crate::progress::Status;
use crate::vocabulary::Bilingual;

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
    /// How much of the set the status rests on, when not all of it (both languages).
    pub note: Option<Bilingual>,
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
        Some(Bilingual::new(
            format!(
                "chỉ đánh giá được {assessed}/{n_measurable} mục tiêu đo lường được: không kết \
                 luận trạng thái của kế hoạch từ một số ít mục tiêu"
            ),
            format!(
                "only {assessed} of {n_measurable} measurable targets could be assessed: no \
                 plan status from a minority"
            ),
        ))
    } else {
        Some(Bilingual::new(
            format!(
                "trạng thái tính từ {assessed}/{n_measurable} mục tiêu đo lường được (các mục \
                 tiêu còn lại chưa đánh giá được)"
            ),
            format!(
                "status from {assessed} of {n_measurable} measurable targets (the others could \
                 not be assessed)"
            ),
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
