//! Composite-index matrices and results as DataFrames (wide: `unit_id` then one column per
//! indicator or aggregate).

use polars::prelude::*;

use crate::composite::{CompositeError, Matrix, RankStats, Sensitivity, SobolIndex, TreatReport};

/// A wide frame (`unit_id` + numeric columns) as a matrix; every other column must be
/// numeric (text columns such as names or groups are to be dropped first).
pub fn matrix_from_frame(df: &DataFrame) -> Result<Matrix, CompositeError> {
    let bad = |m: String| CompositeError::InvalidOption {
        name: "data",
        value: m,
        expected: "a wide table: unit_id (text) then one numeric column per indicator",
    };
    let units = df
        .column("unit_id")
        .map_err(|_| bad("no unit_id column".to_owned()))?
        .cast(&DataType::String)
        .map_err(|e| bad(e.to_string()))?;
    let units: Vec<String> = units
        .str()
        .map_err(|e| bad(e.to_string()))?
        .iter()
        .enumerate()
        .map(|(row, u)| match u {
            Some(u) => Ok(u.to_owned()),
            None => Err(bad(format!("unit_id is missing in row {row}"))),
        })
        .collect::<Result<_, _>>()?;
    let mut codes = Vec::new();
    let mut columns = Vec::new();
    for c in df.columns() {
        if c.name() == "unit_id" {
            continue;
        }
        if !super::is_number(c.dtype()) && !c.dtype().is_null() {
            return Err(bad(format!("column '{}' has type {}", c.name(), c.dtype())));
        }
        let f = c.cast(&DataType::Float64).map_err(|e| bad(e.to_string()))?;
        let values: Vec<Option<f64>> = f.f64().map_err(|e| bad(e.to_string()))?.iter().collect();
        codes.push(c.name().to_string());
        columns.push(values);
    }
    Matrix::from_columns(units, codes, columns)
}

/// A matrix as a wide frame.
pub fn matrix_to_frame(m: &Matrix) -> PolarsResult<DataFrame> {
    let mut cols = vec![Column::new("unit_id".into(), m.units().to_vec())];
    for (code, values) in m.codes().iter().zip(m.columns()) {
        cols.push(Column::new(code.as_str().into(), values.clone()));
    }
    DataFrame::new(m.n_units(), cols)
}

/// Outlier treatment per indicator: `indicator, outcome, steps, high, low, skew_before,
/// kurt_before, skew_after, kurt_after`.
pub fn treatment_to_frame(reports: &[TreatReport]) -> PolarsResult<DataFrame> {
    let f = |g: fn(&TreatReport) -> f64| -> Vec<f64> { reports.iter().map(g).collect() };
    DataFrame::new(
        reports.len(),
        vec![
            Column::new(
                "indicator".into(),
                reports
                    .iter()
                    .map(|r| r.indicator.as_str())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "outcome".into(),
                reports
                    .iter()
                    .map(|r| format!("{:?}", r.outcome).to_lowercase())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "steps".into(),
                reports.iter().map(|r| r.steps as u32).collect::<Vec<_>>(),
            ),
            Column::new(
                "high".into(),
                reports.iter().map(|r| r.high as u32).collect::<Vec<_>>(),
            ),
            Column::new(
                "low".into(),
                reports.iter().map(|r| r.low as u32).collect::<Vec<_>>(),
            ),
            Column::new("skew_before".into(), f(|r| r.skew_before)),
            Column::new("kurt_before".into(), f(|r| r.kurt_before)),
            Column::new("skew_after".into(), f(|r| r.skew_after)),
            Column::new("kurt_after".into(), f(|r| r.kurt_after)),
        ],
    )
}

/// Rank statistics over Monte Carlo replications: `unit_id, nominal_rank, mean_rank,
/// median_rank, q05, q95, replications`.
pub fn rank_stats_to_frame(stats: &[RankStats]) -> PolarsResult<DataFrame> {
    DataFrame::new(
        stats.len(),
        vec![
            Column::new(
                "unit_id".into(),
                stats.iter().map(|s| s.unit.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "nominal_rank".into(),
                stats.iter().map(|s| s.nominal).collect::<Vec<_>>(),
            ),
            Column::new(
                "mean_rank".into(),
                stats.iter().map(|s| s.mean).collect::<Vec<_>>(),
            ),
            Column::new(
                "median_rank".into(),
                stats.iter().map(|s| s.median).collect::<Vec<_>>(),
            ),
            Column::new(
                "q05".into(),
                stats.iter().map(|s| s.q05).collect::<Vec<_>>(),
            ),
            Column::new(
                "q95".into(),
                stats.iter().map(|s| s.q95).collect::<Vec<_>>(),
            ),
            Column::new(
                "replications".into(),
                stats.iter().map(|s| s.ranked as u32).collect::<Vec<_>>(),
            ),
        ],
    )
}

/// First-order sensitivity per uncertain input: `input, mean_rank_shift`.
pub fn sensitivity_indices_to_frame(s: &[Sensitivity]) -> PolarsResult<DataFrame> {
    DataFrame::new(
        s.len(),
        vec![
            Column::new(
                "input".into(),
                s.iter().map(|x| x.input.to_string()).collect::<Vec<_>>(),
            ),
            Column::new(
                "first_order".into(),
                s.iter().map(|x| x.mean_rank_shift).collect::<Vec<_>>(),
            ),
        ],
    )
}

/// Sobol indices, one row per input: `input, first_order, first_q05, first_q95, total,
/// total_q05, total_q95` (the bounds null without a bootstrap).
pub fn sobol_to_frame(indices: &[SobolIndex]) -> PolarsResult<DataFrame> {
    let bound = |f: fn(&SobolIndex) -> Option<(f64, f64)>, upper: bool| -> Vec<Option<f64>> {
        indices
            .iter()
            .map(|i| f(i).map(|(lo, hi)| if upper { hi } else { lo }))
            .collect()
    };
    DataFrame::new(
        indices.len(),
        vec![
            Column::new(
                "input".into(),
                indices
                    .iter()
                    .map(|i| i.input.to_string())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "first_order".into(),
                indices.iter().map(|i| i.first).collect::<Vec<_>>(),
            ),
            Column::new("first_q05".into(), bound(|i| i.first_interval, false)),
            Column::new("first_q95".into(), bound(|i| i.first_interval, true)),
            Column::new(
                "total".into(),
                indices.iter().map(|i| i.total).collect::<Vec<_>>(),
            ),
            Column::new("total_q05".into(), bound(|i| i.total_interval, false)),
            Column::new("total_q95".into(), bound(|i| i.total_interval, true)),
        ],
    )
}
