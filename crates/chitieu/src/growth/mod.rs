//! Growth accounting: how much of output growth is total factor productivity (TFP).
//!
//! Conventions (see `docs/methods.md` §4; the Penn World Table's `rtfpna` follows the same identity):
//!
//! * Cobb–Douglas with constant returns to scale: `g_A = g_Y − α_K g_K − α_L g_L` with
//!   `α_K + α_L = 1`. TFP growth `g_A` is the residual.
//! * The growth of year `t` is the change from `t − 1` to `t`, measured either as a log
//!   difference `ln X_t − ln X_{t−1}` (PWT) or as a rate `X_t / X_{t−1} − 1` (GSO tables):
//!   [`GrowthMeasure`]. The first year of a series has no growth; it anchors the levels.
//! * Factor shares are fixed (a capital share `α_K`, e.g. from an input–output table) or vary
//!   over time with a labour-share series `s`, averaged over adjacent years as in a Törnqvist
//!   index: `ᾱ_L,t = (s_t + s_{t−1}) / 2`, `ᾱ_K,t = 1 − ᾱ_L,t`: [`Shares`].
//! * Labour input is one series: employment, or employment × hours × human capital computed
//!   beforehand (PWT). The result records which ([`LabourInput`]); the arithmetic is the same.
//! * Contributions are in percentage points: capital `100 α_K g_K`, labour `100 α_L g_L`, and
//!   TFP `100 g_Y − 100 α_K g_K − 100 α_L g_L`, so that the three add up to `100 g_Y`.
//! * The TFP share of a year's output growth is `g_A / g_Y × 100` (undefined when `g_Y = 0`).
//!   Over a period the **headline** is the share of summed growth, `Σ g_A / Σ g_Y × 100` (the
//!   same as the share of average growth); the mean of the annual shares is reported beside it
//!   but is never the headline, as one year of near-zero output growth can make it explode.
//! * The TFP level index is `A_t / A_b` with `A_t = A_{t−1} · exp(g_A,t)` (log differences)
//!   or `A_{t−1} · (1 + g_A,t)` (rates), 1 at the base year `b`. With PWT's data (`rgdpna`,
//!   `rkna`, `emp · avh · hc`, `labsh`), Törnqvist shares, log differences and `b = 2017` it
//!   reproduces PWT's `rtfpna`.
//! * Capital can be built from investment by the perpetual inventory method
//!   ([`perpetual_inventory`]): `K_t = (1 − δ) K_{t−1} + I_t`, starting from the steady-state
//!   stock `K_t0 = I_t0 / (g + δ)` (`g` the compound growth of investment over a stated number
//!   of first years) or from a stock the user gives.
//! * Inputs are series over consecutive years with a value in every year. A missing value
//!   (`None`) is an error naming the series and the year: it is never skipped, filled or
//!   interpolated here. Trim the series to the span to account for, or fill gaps explicitly
//!   (and say how) before calling.
//!
//! ```
//! use chitieu::growth::{growth_accounting, AccountingOptions, Shares};
//!
//! // docs/methods.md §4: α_K = 0.4, log differences.
//! let years = [2010, 2011, 2012, 2013];
//! let y = [Some(100.0), Some(110.0), Some(118.0), Some(129.0)];
//! let k = [Some(200.0), Some(216.0), Some(235.0), Some(251.0)];
//! let l = [Some(50.0), Some(51.0), Some(52.5), Some(53.0)];
//! let acc = growth_accounting(&years, &y, &k, &l, Shares::fixed(0.4),
//!                             &AccountingOptions::default())?;
//! assert!((acc.annual[0].tfp_growth - 0.0526442).abs() < 1e-6);
//! assert!((acc.summary.tfp_share.unwrap() - 50.5912).abs() < 1e-4);
//! # Ok::<(), chitieu::growth::GrowthError>(())
//! ```

mod capital;
mod compute;
mod conventions;
mod error;
mod sensitivity;
mod validation;

pub use capital::{
    perpetual_inventory, CapitalSource, CapitalStock, InitialStock, InitialStockUsed,
};
pub use compute::{growth_accounting, Accounting, PeriodSummary, YearAccount};
pub use conventions::{
    AccountingOptions, Conventions, GrowthMeasure, HeadlineShare, LabourInput, Series, ShareRule,
    ShareUndefined, Shares,
};
pub use error::GrowthError;
pub use sensitivity::{grid, sensitivity, GridAxis, GridProblem, SensitivityRow, MAX_GRID_POINTS};

#[cfg(test)]
mod tests;
