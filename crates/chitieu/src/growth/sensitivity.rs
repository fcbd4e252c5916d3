//! Sensitivity of the TFP share to the capital share and the depreciation rate, over a grid.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::capital::{pim, CapitalSource};
use super::compute::{account, summarise, Alpha};
use super::conventions::{GrowthMeasure, Series, ShareUndefined};
use super::error::GrowthError;
use super::validation::{check_grid_values, check_initial, check_len, check_years, positive};

/// Most points a [`grid`] may have.
pub const MAX_GRID_POINTS: usize = 10_000;

/// Grid values are rounded to this many decimal places, so that `0.30 + 0.05` is `0.35`.
const GRID_DECIMALS: f64 = 1e12;

/// One point of a [`sensitivity`] grid.
///
/// ```
/// use chitieu::growth::{sensitivity, CapitalSource, GrowthMeasure};
/// let v = |xs: [f64; 2]| xs.map(Some);
/// let capital = v([200.0, 216.0]);
/// let rows = sensitivity(&[2020, 2021], &v([100.0, 110.0]), CapitalSource::Stock(&capital),
///                        &v([50.0, 51.0]), &[0.4], GrowthMeasure::LogDifference)?;
/// assert_eq!(rows[0].depreciation, None);
/// assert!((rows[0].tfp_share.unwrap() - 55.2346).abs() < 1e-4);
/// # Ok::<(), chitieu::growth::GrowthError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SensitivityRow {
    /// Capital share `α_K`.
    pub capital_share: f64,
    /// Depreciation rate `δ` (only when capital is built from investment).
    pub depreciation: Option<f64>,
    /// Headline TFP share of summed output growth (%).
    pub tfp_share: Option<f64>,
    /// Why `tfp_share` is `None`.
    pub tfp_share_undefined: Option<ShareUndefined>,
    /// Mean annual TFP growth.
    pub tfp_growth: f64,
}

/// Which axis of a sensitivity grid.
///
/// ```
/// use chitieu::growth::GridAxis;
/// assert_eq!(GridAxis::Depreciation.to_string(), "depreciation rate");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GridAxis {
    /// Capital shares `α_K`, in `[0, 1]`.
    CapitalShare,
    /// Depreciation rates `δ`, in `[0, 1)`.
    Depreciation,
}

impl fmt::Display for GridAxis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::CapitalShare => "capital share",
            Self::Depreciation => "depreciation rate",
        })
    }
}

/// What is wrong with a grid.
///
/// ```
/// use chitieu::growth::GridProblem;
/// assert_eq!(GridProblem::Empty.to_string(), "no values");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GridProblem {
    /// No values.
    Empty,
    /// A bound, the step or a value is NaN or infinite.
    NonFinite,
    /// The step is zero or negative.
    NonPositiveStep,
    /// The stop is before the start.
    StopBeforeStart,
    /// More than [`MAX_GRID_POINTS`] points.
    TooManyPoints,
}

impl fmt::Display for GridProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Empty => "no values",
            Self::NonFinite => "a value is not a finite number",
            Self::NonPositiveStep => "the step is not positive",
            Self::StopBeforeStart => "the stop is before the start",
            Self::TooManyPoints => "too many points",
        })
    }
}

/// The headline TFP share over a grid of capital shares (fixed shares) and, when capital is
/// built from investment, depreciation rates.
///
/// Rows come depreciation rate by depreciation rate (in the order given), and within one
/// rate capital share by capital share. [`grid`] makes evenly spaced values.
///
/// ```
/// use chitieu::growth::{grid, sensitivity, CapitalSource, GridAxis, GrowthMeasure, InitialStock};
/// let v = |xs: [f64; 5]| xs.map(Some);
/// let years = [2016, 2017, 2018, 2019, 2020];
/// let (y, l, inv) = (v([100.0, 106.0, 113.0, 119.0, 127.0]), v([50.0, 51.0, 51.8, 52.5, 53.0]),
///                    v([20.0, 22.0, 24.2, 26.6, 29.3]));
/// let shares = grid(GridAxis::CapitalShare, 0.30, 0.50, 0.05)?;
/// let deltas = grid(GridAxis::Depreciation, 0.04, 0.06, 0.01)?;
/// let capital = CapitalSource::Investment {
///     investment: &inv,
///     initial: InitialStock::SteadyState { growth_years: 4 },
///     depreciation: &deltas,
/// };
/// let rows = sensitivity(&years, &y, capital, &l, &shares, GrowthMeasure::LogDifference)?;
/// assert_eq!(rows.len(), 15);
/// assert_eq!((rows[1].capital_share, rows[1].depreciation), (0.35, Some(0.04)));
/// // Capital grows faster than output here: a larger capital share leaves less to TFP.
/// assert!(rows[4].tfp_share < rows[0].tfp_share);
/// # Ok::<(), chitieu::growth::GrowthError>(())
/// ```
pub fn sensitivity(
    years: &[i32],
    output: &[Option<f64>],
    capital: CapitalSource<'_>,
    labour: &[Option<f64>],
    capital_shares: &[f64],
    growth: GrowthMeasure,
) -> Result<Vec<SensitivityRow>, GrowthError> {
    check_len(Series::Output, years, output.len())?;
    match capital {
        CapitalSource::Stock(k) => check_len(Series::Capital, years, k.len())?,
        CapitalSource::Investment { investment, .. } => {
            check_len(Series::Investment, years, investment.len())?;
        }
    }
    check_len(Series::Labour, years, labour.len())?;
    check_years(years, 2)?;
    let y = positive(Series::Output, years, output)?;
    let l = positive(Series::Labour, years, labour)?;
    check_grid_values(GridAxis::CapitalShare, capital_shares)?;

    let mut rows = Vec::new();
    let mut push_rows = |k: &[f64], depreciation: Option<f64>| {
        for &a in capital_shares {
            let annual = account(years, &y, k, &l, Alpha::Fixed(a), growth);
            let s = summarise(&annual);
            rows.push(SensitivityRow {
                capital_share: a,
                depreciation,
                tfp_share: s.tfp_share,
                tfp_share_undefined: s.tfp_share_undefined,
                tfp_growth: s.tfp_growth,
            });
        }
    };
    match capital {
        CapitalSource::Stock(k) => {
            let k = positive(Series::Capital, years, k)?;
            push_rows(&k, None);
        }
        CapitalSource::Investment {
            investment,
            initial,
            depreciation,
        } => {
            let inv = positive(Series::Investment, years, investment)?;
            check_initial(years, initial)?;
            check_grid_values(GridAxis::Depreciation, depreciation)?;
            for &d in depreciation {
                let k = pim(years, &inv, d, initial)?;
                push_rows(&k.stock, Some(d));
            }
        }
    }
    Ok(rows)
}

/// Evenly spaced values `start, start + step, …` up to `stop` inclusive (within 1e-9 of a
/// step), rounded to 12 decimal places, checked against the axis' range.
///
/// ```
/// use chitieu::growth::{grid, GridAxis, GridProblem, GrowthError};
/// assert_eq!(grid(GridAxis::CapitalShare, 0.30, 0.50, 0.05)?, [0.30, 0.35, 0.40, 0.45, 0.50]);
/// assert_eq!(grid(GridAxis::Depreciation, 0.05, 0.05, 0.01)?, [0.05]);
/// assert!(matches!(grid(GridAxis::Depreciation, 0.0, 1.0, 0.1),
///                  Err(GrowthError::DepreciationOutOfRange { .. })));
/// assert!(matches!(grid(GridAxis::CapitalShare, 0.5, 0.3, 0.05),
///                  Err(GrowthError::BadGrid { problem: GridProblem::StopBeforeStart, .. })));
/// # Ok::<(), GrowthError>(())
/// ```
pub fn grid(axis: GridAxis, start: f64, stop: f64, step: f64) -> Result<Vec<f64>, GrowthError> {
    let bad = |problem| GrowthError::BadGrid { axis, problem };
    if !(start.is_finite() && stop.is_finite() && step.is_finite()) {
        return Err(bad(GridProblem::NonFinite));
    }
    if step <= 0.0 {
        return Err(bad(GridProblem::NonPositiveStep));
    }
    if stop < start {
        return Err(bad(GridProblem::StopBeforeStart));
    }
    let steps = ((stop - start) / step + 1e-9).floor();
    // `steps` is not NaN (finite bounds, positive step) but may be infinite.
    if steps >= MAX_GRID_POINTS as f64 {
        return Err(bad(GridProblem::TooManyPoints));
    }
    // `steps` is a non-negative integer below MAX_GRID_POINTS.
    let n = steps as usize + 1;
    let values: Vec<f64> = (0..n)
        .map(|i| ((start + i as f64 * step) * GRID_DECIMALS).round() / GRID_DECIMALS)
        .collect();
    check_grid_values(axis, &values)?;
    Ok(values)
}
