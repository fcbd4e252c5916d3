//! Scorecards as DataFrames.

use polars::prelude::*;

use crate::catalog::Catalog;
use crate::progress::Status;
use crate::score::{ScoreRow, SetSummary};

/// The status classes as a polars Enum dtype, best first (for sorting and charts).
pub fn status_dtype() -> PolarsResult<DataType> {
    let categories = FrozenCategories::new(Status::ALL.iter().map(|s| s.code()))?;
    Ok(DataType::from_frozen_categories(categories))
}

/// The status (Enum) and its Vietnamese and English labels as three columns.
fn status_columns(statuses: impl Iterator<Item = Status> + Clone) -> PolarsResult<[Column; 3]> {
    let code = Column::new(
        "status".into(),
        statuses.clone().map(Status::code).collect::<Vec<_>>(),
    )
    .cast(&status_dtype()?)?;
    let vi = Column::new(
        "status_vi".into(),
        statuses.clone().map(Status::label_vi).collect::<Vec<_>>(),
    );
    let en = Column::new(
        "status_en".into(),
        statuses.map(Status::label_en).collect::<Vec<_>>(),
    );
    Ok([code, vi, en])
}

/// The status classes, best first: `status` (Enum), `label_vi`, `label_en`, `symbol`,
/// `colour` and `text_colour` (hex RGB; colour-blind-safe fills, see [`Status::colour`]).
pub fn statuses_to_frame() -> PolarsResult<DataFrame> {
    let all = Status::ALL;
    let text = |name: &str, f: fn(Status) -> &'static str| {
        Column::new(name.into(), all.iter().map(|s| f(*s)).collect::<Vec<_>>())
    };
    DataFrame::new(
        all.len(),
        vec![
            text("status", Status::code).cast(&status_dtype()?)?,
            text("label_vi", Status::label_vi),
            text("label_en", Status::label_en),
            text("symbol", Status::symbol),
            text("colour", Status::colour),
            text("text_colour", Status::text_colour),
        ],
    )
}

/// One row per (unit, target), with bilingual indicator names and status labels.
pub fn scorecard_to_frame(rows: &[ScoreRow], catalog: &Catalog) -> PolarsResult<DataFrame> {
    let n = rows.len();
    let f = |g: fn(&ScoreRow) -> Option<f64>| -> Vec<Option<f64>> { rows.iter().map(g).collect() };
    let name = |vi: bool| -> Vec<Option<String>> {
        rows.iter()
            .map(|r| {
                r.indicator
                    .as_deref()
                    .and_then(|i| catalog.indicator(i))
                    .map(|i| {
                        if vi {
                            i.name_vi.clone()
                        } else {
                            i.name_en.clone()
                        }
                    })
            })
            .collect()
    };
    let [status, status_vi, status_en] = status_columns(rows.iter().map(|r| r.status))?;
    DataFrame::new(
        n,
        vec![
            Column::new(
                "unit_id".into(),
                rows.iter().map(|r| r.unit_id.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "set_id".into(),
                rows.iter().map(|r| r.set_id.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "target_id".into(),
                rows.iter()
                    .map(|r| r.target_id.as_str())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "indicator".into(),
                rows.iter()
                    .map(|r| r.indicator.as_deref())
                    .collect::<Vec<_>>(),
            ),
            Column::new("indicator_vi".into(), name(true)),
            Column::new("indicator_en".into(), name(false)),
            Column::new(
                "kind".into(),
                rows.iter().map(|r| r.kind).collect::<Vec<_>>(),
            ),
            Column::new(
                "base_year".into(),
                rows.iter()
                    .map(|r| r.base.map(|p| p.year))
                    .collect::<Vec<_>>(),
            ),
            Column::new("base_value".into(), f(|r| r.base.map(|p| p.value))),
            Column::new(
                "latest_year".into(),
                rows.iter()
                    .map(|r| r.latest.map(|p| p.year))
                    .collect::<Vec<_>>(),
            ),
            Column::new("latest_value".into(), f(|r| r.latest.map(|p| p.value))),
            Column::new("target_value".into(), f(|r| r.target_value)),
            Column::new(
                "target_year".into(),
                rows.iter().map(|r| r.target_year).collect::<Vec<_>>(),
            ),
            Column::new(
                "achieved".into(),
                rows.iter().map(|r| r.achieved).collect::<Vec<_>>(),
            ),
            Column::new("gap_closed".into(), f(|r| r.gap_closed)),
            Column::new("cagr_observed".into(), f(|r| r.cagr_observed)),
            Column::new("cagr_required".into(), f(|r| r.cagr_required)),
            Column::new("ratio".into(), f(|r| r.ratio)),
            status,
            status_vi,
            status_en,
            Column::new("score".into(), f(|r| r.score)),
            Column::new(
                "annual_change_required".into(),
                f(|r| r.annual_change_required),
            ),
            Column::new("projected".into(), f(|r| r.projected)),
            Column::new("projected_ratio".into(), f(|r| r.projected_ratio)),
            Column::new(
                "projected_achieved".into(),
                rows.iter()
                    .map(|r| r.projected_achieved)
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "year_met".into(),
                rows.iter().map(|r| r.year_met).collect::<Vec<_>>(),
            ),
            Column::new(
                "method".into(),
                rows.iter().map(|r| r.method.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "feasibility_percentile".into(),
                f(|r| r.feasibility_percentile),
            ),
            Column::new(
                "feasibility".into(),
                rows.iter().map(|r| r.feasibility).collect::<Vec<_>>(),
            ),
            Column::new(
                "note".into(),
                rows.iter().map(|r| r.note.as_deref()).collect::<Vec<_>>(),
            ),
        ],
    )
}

/// One row per (unit, set): targets, scored, mean score, status, all achieved.
pub fn summary_to_frame(rows: &[SetSummary]) -> PolarsResult<DataFrame> {
    let [status, status_vi, status_en] = status_columns(rows.iter().map(|r| r.status))?;
    DataFrame::new(
        rows.len(),
        vec![
            Column::new(
                "unit_id".into(),
                rows.iter().map(|r| r.unit_id.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "set_id".into(),
                rows.iter().map(|r| r.set_id.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "targets".into(),
                rows.iter().map(|r| r.targets as u32).collect::<Vec<_>>(),
            ),
            Column::new(
                "scored".into(),
                rows.iter().map(|r| r.scored as u32).collect::<Vec<_>>(),
            ),
            Column::new(
                "mean_score".into(),
                rows.iter().map(|r| r.mean_score).collect::<Vec<_>>(),
            ),
            status,
            status_vi,
            status_en,
            Column::new(
                "all_achieved".into(),
                rows.iter().map(|r| r.all_achieved).collect::<Vec<_>>(),
            ),
        ],
    )
}
