//! Growth-accounting results as DataFrames (annual wide, long for charts, period summary,
//! sensitivity). Every table carries a `conventions` column stating the method.

use polars::prelude::*;

use crate::growth::{GrowthError, SensitivityRow};
use crate::tfp::{TfpSpec, UnitTfp};

/// One row per unit and year (the first year of each unit anchors the levels and has no
/// row): growth of output, capital and labour, shares, contributions (percentage points),
/// TFP growth, TFP share of output growth (%), TFP level index and the conventions.
pub fn tfp_annual_to_frame(units: &[UnitTfp], spec: &TfpSpec) -> PolarsResult<DataFrame> {
    let conventions = spec.describe_text();
    let rows: Vec<(&str, &crate::growth::YearAccount, Option<f64>)> = units
        .iter()
        .flat_map(|u| {
            u.accounting
                .annual
                .iter()
                .map(move |a| (u.unit_id.as_str(), a, u.accounting.tfp_index_at(a.year)))
        })
        .collect();
    let f = |g: fn(&crate::growth::YearAccount) -> f64| -> Vec<f64> {
        rows.iter().map(|r| g(r.1)).collect()
    };
    let columns = vec![
        Column::new(
            "unit_id".into(),
            rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        ),
        Column::new(
            "year".into(),
            rows.iter().map(|r| r.1.year).collect::<Vec<_>>(),
        ),
        Column::new("output_growth".into(), f(|a| a.output_growth)),
        Column::new("capital_growth".into(), f(|a| a.capital_growth)),
        Column::new("labour_growth".into(), f(|a| a.labour_growth)),
        Column::new("capital_share".into(), f(|a| a.capital_share)),
        Column::new("labour_share".into(), f(|a| a.labour_share)),
        Column::new("capital_pp".into(), f(|a| a.capital_contribution_pp)),
        Column::new("labour_pp".into(), f(|a| a.labour_contribution_pp)),
        Column::new("tfp_pp".into(), f(|a| a.tfp_contribution_pp)),
        Column::new("tfp_growth".into(), f(|a| a.tfp_growth)),
        Column::new(
            "tfp_share".into(),
            rows.iter().map(|r| r.1.tfp_share).collect::<Vec<_>>(),
        ),
        Column::new(
            "tfp_share_note".into(),
            rows.iter()
                .map(|r| r.1.tfp_share_undefined.as_ref().map(ToString::to_string))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "tfp_index".into(),
            rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        ),
        Column::new(
            "conventions".into(),
            vec![conventions.en.as_str(); rows.len()],
        ),
        Column::new(
            "conventions_vi".into(),
            vec![conventions.vi.as_str(); rows.len()],
        ),
    ];
    DataFrame::new(rows.len(), columns)
}

/// Long format for stacked-bar charts: `unit_id, year, factor (capital | labour | tfp),
/// contribution_pp, output_growth_pp`.
pub fn tfp_long_to_frame(units: &[UnitTfp]) -> PolarsResult<DataFrame> {
    let mut unit = Vec::new();
    let mut year = Vec::new();
    let mut factor = Vec::new();
    let mut pp = Vec::new();
    let mut total = Vec::new();
    for u in units {
        for a in &u.accounting.annual {
            for (name, v) in [
                ("capital", a.capital_contribution_pp),
                ("labour", a.labour_contribution_pp),
                ("tfp", a.tfp_contribution_pp),
            ] {
                unit.push(u.unit_id.as_str());
                year.push(a.year);
                factor.push(name);
                pp.push(v);
                total.push(100.0 * a.output_growth);
            }
        }
    }
    let n = unit.len();
    DataFrame::new(
        n,
        vec![
            Column::new("unit_id".into(), unit),
            Column::new("year".into(), year),
            Column::new("factor".into(), factor),
            Column::new("contribution_pp".into(), pp),
            Column::new("output_growth_pp".into(), total),
        ],
    )
}

/// One row per unit over `first..=last` (each unit's whole span when `None`): the headline
/// TFP share of summed output growth and the mean of annual shares.
pub fn tfp_summary_to_frame(
    units: &[UnitTfp],
    spec: &TfpSpec,
    period: Option<(i32, i32)>,
) -> Result<DataFrame, crate::Error> {
    let mut rows = Vec::new();
    for u in units {
        let s = match period {
            Some((first, last)) => u.accounting.period(first, last).map_err(|e| {
                crate::Error::Growth(GrowthError::InvalidOption {
                    name: "period",
                    value: format!("{first}..={last} for unit '{}': {e}", u.unit_id),
                    expected: "years within the unit's span",
                })
            })?,
            None => u.accounting.summary.clone(),
        };
        rows.push((u.unit_id.as_str(), s));
    }
    let conventions = spec.describe_text();
    let n = rows.len();
    let df = DataFrame::new(
        n,
        vec![
            Column::new(
                "unit_id".into(),
                rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            ),
            Column::new(
                "first_year".into(),
                rows.iter().map(|r| r.1.first_year).collect::<Vec<_>>(),
            ),
            Column::new(
                "last_year".into(),
                rows.iter().map(|r| r.1.last_year).collect::<Vec<_>>(),
            ),
            Column::new(
                "years".into(),
                rows.iter().map(|r| r.1.years as u32).collect::<Vec<_>>(),
            ),
            Column::new(
                "output_growth".into(),
                rows.iter().map(|r| r.1.output_growth).collect::<Vec<_>>(),
            ),
            Column::new(
                "tfp_growth".into(),
                rows.iter().map(|r| r.1.tfp_growth).collect::<Vec<_>>(),
            ),
            Column::new(
                "capital_pp".into(),
                rows.iter()
                    .map(|r| r.1.capital_contribution_pp)
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "labour_pp".into(),
                rows.iter()
                    .map(|r| r.1.labour_contribution_pp)
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "tfp_pp".into(),
                rows.iter()
                    .map(|r| r.1.tfp_contribution_pp)
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "tfp_share".into(),
                rows.iter().map(|r| r.1.tfp_share).collect::<Vec<_>>(),
            ),
            Column::new(
                "mean_of_annual_shares".into(),
                rows.iter()
                    .map(|r| r.1.mean_of_annual_shares)
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "headline".into(),
                rows.iter()
                    .map(|r| r.1.headline.describe())
                    .collect::<Vec<_>>(),
            ),
            Column::new("conventions".into(), vec![conventions.en.as_str(); n]),
            Column::new("conventions_vi".into(), vec![conventions.vi.as_str(); n]),
        ],
    )?;
    Ok(df)
}

/// Sensitivity rows: `unit_id, capital_share, depreciation, tfp_share, tfp_growth`.
pub fn sensitivity_to_frame(rows: &[(String, Vec<SensitivityRow>)]) -> PolarsResult<DataFrame> {
    let flat: Vec<(&str, &SensitivityRow)> = rows
        .iter()
        .flat_map(|(u, rs)| rs.iter().map(move |r| (u.as_str(), r)))
        .collect();
    DataFrame::new(
        flat.len(),
        vec![
            Column::new(
                "unit_id".into(),
                flat.iter().map(|r| r.0).collect::<Vec<_>>(),
            ),
            Column::new(
                "capital_share".into(),
                flat.iter().map(|r| r.1.capital_share).collect::<Vec<_>>(),
            ),
            Column::new(
                "depreciation".into(),
                flat.iter().map(|r| r.1.depreciation).collect::<Vec<_>>(),
            ),
            Column::new(
                "tfp_share".into(),
                flat.iter().map(|r| r.1.tfp_share).collect::<Vec<_>>(),
            ),
            Column::new(
                "tfp_growth".into(),
                flat.iter().map(|r| r.1.tfp_growth).collect::<Vec<_>>(),
            ),
        ],
    )
}

/// Window shares for every unit: `unit_id, first_year, last_year, tfp_share, conventions`.
pub fn tfp_windows_to_frame(
    units: &[UnitTfp],
    spec: &TfpSpec,
    window: usize,
) -> PolarsResult<DataFrame> {
    let mut unit = Vec::new();
    let mut first = Vec::new();
    let mut last = Vec::new();
    let mut share = Vec::new();
    for u in units {
        for (f, l, s) in crate::tfp::window_shares(&u.accounting, window) {
            unit.push(u.unit_id.as_str());
            first.push(f);
            last.push(l);
            share.push(s);
        }
    }
    let n = unit.len();
    let text = spec.describe_text();
    let conventions = format!("{}; share of summed growth over {window} years", text.en);
    let conventions_vi = format!(
        "{}; tỷ trọng trong tổng tăng trưởng của {window} năm",
        text.vi
    );
    DataFrame::new(
        n,
        vec![
            Column::new("unit_id".into(), unit),
            Column::new("first_year".into(), first),
            Column::new("last_year".into(), last),
            Column::new("tfp_share".into(), share),
            Column::new("conventions".into(), vec![conventions.as_str(); n]),
            Column::new("conventions_vi".into(), vec![conventions_vi.as_str(); n]),
        ],
    )
}

/// The shapes a growth-accounting result is given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TfpFormat {
    /// One row per unit and year ([`tfp_annual_to_frame`]).
    Annual,
    /// One row per unit, year and measure ([`tfp_long_to_frame`]).
    Long,
    /// One row per unit over a period ([`tfp_summary_to_frame`]).
    Summary,
    /// One row per unit and window ([`tfp_windows_to_frame`]).
    Windows,
}

impl std::str::FromStr for TfpFormat {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "annual" => Ok(Self::Annual),
            "long" => Ok(Self::Long),
            "summary" => Ok(Self::Summary),
            "windows" => Ok(Self::Windows),
            other => Err(crate::Error::Growth(GrowthError::InvalidOption {
                name: "format",
                value: other.to_owned(),
                expected: "'annual', 'long', 'summary' or 'windows'",
            })),
        }
    }
}

/// The accounts of `units` in `format` (`period` for the summary, `window` for windows).
pub fn tfp_to_frame(
    units: &[UnitTfp],
    spec: &TfpSpec,
    format: TfpFormat,
    period: Option<(i32, i32)>,
    window: usize,
) -> Result<DataFrame, crate::Error> {
    Ok(match format {
        TfpFormat::Annual => tfp_annual_to_frame(units, spec)?,
        TfpFormat::Long => tfp_long_to_frame(units)?,
        TfpFormat::Summary => tfp_summary_to_frame(units, spec, period)?,
        TfpFormat::Windows => tfp_windows_to_frame(units, spec, window)?,
    })
}
