//! Capital stock by the perpetual inventory method (PWT's steady-state initial stock).

use serde::{Deserialize, Serialize};

use super::conventions::Series;
use super::error::GrowthError;
use super::validation::{check_depreciation, check_initial, check_len, check_years, positive};

/// How the perpetual inventory method starts.
///
/// ```
/// use chitieu::growth::InitialStock;
/// let steady = InitialStock::SteadyState { growth_years: 4 };
/// let given = InitialStock::Given { stock: 130.0 };
/// assert_ne!(steady, given);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InitialStock {
    /// `K_t0 = I_t0 / (g + δ)`, `g = (I_{t0+n} / I_t0)^(1/n) − 1` the compound growth of
    /// investment over the first `n = growth_years` years (at least 1, fewer than the number
    /// of years).
    SteadyState {
        /// `n`: years over which investment growth is averaged.
        growth_years: usize,
    },
    /// The stock at the first year `t0` (end of year, `I_t0` included), given by the user.
    Given {
        /// `K_t0`.
        stock: f64,
    },
}

/// How the initial stock of a [`CapitalStock`] was set.
///
/// ```
/// use chitieu::growth::InitialStockUsed;
/// let u = InitialStockUsed::Given { stock: 130.0 };
/// assert!(matches!(u, InitialStockUsed::Given { .. }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InitialStockUsed {
    /// Steady state `K_t0 = I_t0 / (g + δ)`.
    SteadyState {
        /// Years over which investment growth was averaged.
        growth_years: usize,
        /// `g`: compound annual growth of investment over those years.
        investment_growth: f64,
        /// The resulting `K_t0`.
        stock: f64,
    },
    /// Given by the user.
    Given {
        /// `K_t0`.
        stock: f64,
    },
}

/// A capital stock built by [`perpetual_inventory`].
///
/// ```
/// use chitieu::growth::{perpetual_inventory, InitialStock};
/// let inv = [Some(10.0), Some(10.0)];
/// let k = perpetual_inventory(&[2020, 2021], &inv, 0.1, InitialStock::Given { stock: 100.0 })?;
/// assert_eq!(k.stock, [100.0, 100.0]);
/// assert_eq!(k.series(), [Some(100.0), Some(100.0)]);
/// # Ok::<(), chitieu::growth::GrowthError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CapitalStock {
    /// Years.
    pub years: Vec<i32>,
    /// End-of-year stock `K_t`, parallel to `years`.
    pub stock: Vec<f64>,
    /// Depreciation rate `δ`.
    pub depreciation: f64,
    /// How `K_t0` was set.
    pub initial: InitialStockUsed,
}

impl CapitalStock {
    /// The stock as a series of optional values, ready for [`growth_accounting`](super::growth_accounting).
    pub fn series(&self) -> Vec<Option<f64>> {
        self.stock.iter().copied().map(Some).collect()
    }
}

/// Where capital comes from in a [`sensitivity`](super::sensitivity) analysis.
///
/// ```
/// use chitieu::growth::{CapitalSource, InitialStock};
/// let inv = [Some(20.0), Some(22.0), Some(24.2)];
/// let src = CapitalSource::Investment {
///     investment: &inv,
///     initial: InitialStock::SteadyState { growth_years: 2 },
///     depreciation: &[0.04, 0.05, 0.06],
/// };
/// assert!(matches!(src, CapitalSource::Investment { .. }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CapitalSource<'a> {
    /// A capital series, used as it is (no depreciation grid).
    Stock(&'a [Option<f64>]),
    /// Capital built from investment by perpetual inventory, for each depreciation rate.
    Investment {
        /// Real investment, parallel to the years.
        investment: &'a [Option<f64>],
        /// How the stock starts.
        initial: InitialStock,
        /// Depreciation rates to try, each in `[0, 1)`.
        depreciation: &'a [f64],
    },
}

/// Capital stock by the perpetual inventory method: `K_t = (1 − δ) K_{t−1} + I_t`.
///
/// `years` must be consecutive and increasing; `investment` is parallel to it, every value
/// present, finite and positive; `depreciation` is in `[0, 1)`. The stock is end-of-year:
/// `K_t0` includes `I_t0`.
///
/// ```
/// use chitieu::growth::{perpetual_inventory, InitialStock, InitialStockUsed};
/// // docs/methods.md §4: δ = 0.05, g = CAGR of investment over the 4 years.
/// let inv = [20.0, 22.0, 24.2, 26.6, 29.3].map(Some);
/// let k = perpetual_inventory(&[2016, 2017, 2018, 2019, 2020], &inv, 0.05,
///                             InitialStock::SteadyState { growth_years: 4 })?;
/// assert!((k.stock[0] - 133.183274).abs() < 1e-6);
/// assert!((k.stock[4] - 203.751359).abs() < 1e-6);
/// let InitialStockUsed::SteadyState { investment_growth, .. } = k.initial else { panic!() };
/// assert!((investment_growth - 0.100169).abs() < 1e-6);
/// # Ok::<(), chitieu::growth::GrowthError>(())
/// ```
pub fn perpetual_inventory(
    years: &[i32],
    investment: &[Option<f64>],
    depreciation: f64,
    initial: InitialStock,
) -> Result<CapitalStock, GrowthError> {
    check_len(Series::Investment, years, investment.len())?;
    check_years(years, 1)?;
    let inv = positive(Series::Investment, years, investment)?;
    check_initial(years, initial)?;
    check_depreciation(depreciation)?;
    pim(years, &inv, depreciation, initial)
}

/// Perpetual inventory on validated investment (positive), options checked.
pub(super) fn pim(
    years: &[i32],
    inv: &[f64],
    depreciation: f64,
    initial: InitialStock,
) -> Result<CapitalStock, GrowthError> {
    let (k0, used) = match initial {
        InitialStock::SteadyState { growth_years } => {
            let n = growth_years as f64;
            let g = (inv[growth_years] / inv[0]).powf(1.0 / n) - 1.0;
            let denominator = g + depreciation;
            if !denominator.is_finite() || denominator <= 0.0 {
                return Err(GrowthError::InitialStockUndefined {
                    investment_growth: g,
                    depreciation,
                });
            }
            let stock = inv[0] / denominator;
            (
                stock,
                InitialStockUsed::SteadyState {
                    growth_years,
                    investment_growth: g,
                    stock,
                },
            )
        }
        InitialStock::Given { stock } => (stock, InitialStockUsed::Given { stock }),
    };
    let mut stock = Vec::with_capacity(inv.len());
    stock.push(k0);
    for &i in &inv[1..] {
        let prev = stock[stock.len() - 1];
        stock.push((1.0 - depreciation) * prev + i);
    }
    Ok(CapitalStock {
        years: years.to_vec(),
        stock,
        depreciation,
        initial: used,
    })
}
