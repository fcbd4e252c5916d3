//! The unit registry and rankings as DataFrames.

use polars::prelude::*;

use crate::ranking::{RankRow, TIE_RULE};
use crate::registry::{Unit, REGION_NAMES};

/// The six socio-economic regions in the Statistics Office's order (north to south):
/// `region, name_vi, name_en`.
pub fn regions_to_frame() -> PolarsResult<DataFrame> {
    let col = |name: &str, f: fn(&(&'static str, &'static str, &'static str)) -> &'static str| {
        Column::new(name.into(), REGION_NAMES.iter().map(f).collect::<Vec<_>>())
    };
    DataFrame::new(
        REGION_NAMES.len(),
        vec![
            col("region", |r| r.0),
            col("name_vi", |r| r.1),
            col("name_en", |r| r.2),
        ],
    )
}

/// One row per unit: `id, name_vi, name_en, gso_code, kind, region, valid_from, valid_to,
/// predecessors` (empty validity dates are null).
pub fn units_to_frame(units: &[&Unit]) -> PolarsResult<DataFrame> {
    let text = |f: fn(&Unit) -> &str| -> Vec<&str> { units.iter().map(|u| f(u)).collect() };
    let date = |f: fn(&Unit) -> &str| -> Vec<Option<&str>> {
        units
            .iter()
            .map(|u| Some(f(u)).filter(|d| !d.is_empty()))
            .collect()
    };
    let preds: Vec<Series> = units
        .iter()
        .map(|u| Series::new("".into(), u.predecessors.clone()))
        .collect();
    DataFrame::new(
        units.len(),
        vec![
            Column::new("id".into(), text(|u| &u.id)),
            Column::new("name_vi".into(), text(|u| &u.name_vi)),
            Column::new("name_en".into(), text(|u| &u.name_en)),
            Column::new("gso_code".into(), text(|u| &u.gso_code)),
            Column::new("kind".into(), text(|u| &u.kind)),
            Column::new("region".into(), text(|u| &u.region)),
            Column::new("valid_from".into(), date(|u| &u.valid_from)),
            Column::new("valid_to".into(), date(|u| &u.valid_to)),
            Column::new("predecessors".into(), preds),
        ],
    )
}

/// Rank rows: `unit_id, group, value, rank, n, percentile, tie_rule`.
pub fn ranks_to_frame(rows: &[RankRow]) -> PolarsResult<DataFrame> {
    DataFrame::new(
        rows.len(),
        vec![
            Column::new(
                "unit_id".into(),
                rows.iter().map(|r| r.unit_id.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "group".into(),
                rows.iter().map(|r| r.group.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "value".into(),
                rows.iter().map(|r| r.value).collect::<Vec<_>>(),
            ),
            Column::new(
                "rank".into(),
                rows.iter().map(|r| r.rank).collect::<Vec<_>>(),
            ),
            Column::new("n".into(), rows.iter().map(|r| r.n).collect::<Vec<_>>()),
            Column::new(
                "percentile".into(),
                rows.iter().map(|r| r.percentile).collect::<Vec<_>>(),
            ),
            Column::new("tie_rule".into(), vec![TIE_RULE; rows.len()]),
        ],
    )
}
