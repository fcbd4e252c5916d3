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

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Most points a [`grid`] may have.
pub const MAX_GRID_POINTS: usize = 10_000;

/// Grid values are rounded to this many decimal places, so that `0.30 + 0.05` is `0.35`.
const GRID_DECIMALS: f64 = 1e12;

/// How the growth between two adjacent years is measured.
///
/// ```
/// use chitieu::growth::GrowthMeasure;
/// assert_eq!("rate".parse::<GrowthMeasure>().unwrap(), GrowthMeasure::Rate);
/// assert!((GrowthMeasure::Rate.growth(100.0, 110.0) - 0.1).abs() < 1e-15);
/// assert!((GrowthMeasure::LogDifference.growth(100.0, 110.0) - 1.1f64.ln()).abs() < 1e-15);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrowthMeasure {
    /// `ln X_t − ln X_{t−1}` (Penn World Table, continuous-time growth accounting).
    #[default]
    LogDifference,
    /// `X_t / X_{t−1} − 1` (GSO's tables of growth rates).
    Rate,
}

impl GrowthMeasure {
    /// The growth from `from` to `to` (both positive).
    pub fn growth(self, from: f64, to: f64) -> f64 {
        match self {
            Self::LogDifference => (to / from).ln(),
            Self::Rate => to / from - 1.0,
        }
    }

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LogDifference => "log_difference",
            Self::Rate => "rate",
        }
    }

    /// A one-line description, for output tables.
    pub fn describe(self) -> &'static str {
        match self {
            Self::LogDifference => "growth as log differences ln(X_t) - ln(X_t-1)",
            Self::Rate => "growth as rates X_t / X_t-1 - 1",
        }
    }
}

impl fmt::Display for GrowthMeasure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for GrowthMeasure {
    type Err = GrowthError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "log_difference" | "log" => Ok(Self::LogDifference),
            "rate" => Ok(Self::Rate),
            _ => Err(GrowthError::InvalidOption {
                name: "growth measure",
                value: s.to_owned(),
                expected: "'log_difference' (or 'log') or 'rate'",
            }),
        }
    }
}

/// What the labour series measures. Recorded in the result; the arithmetic is the same.
///
/// ```
/// use chitieu::growth::LabourInput;
/// let l: LabourInput = "employment_hours_human_capital".parse().unwrap();
/// assert_eq!(l, LabourInput::EmploymentHoursHumanCapital);
/// assert_eq!(LabourInput::default(), LabourInput::Employment);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LabourInput {
    /// Persons employed (GSO).
    #[default]
    Employment,
    /// Hours worked: employment × average annual hours.
    EmploymentHours,
    /// Employment × average annual hours × human capital index (PWT's `emp · avh · hc`).
    EmploymentHoursHumanCapital,
}

impl LabourInput {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Employment => "employment",
            Self::EmploymentHours => "employment_hours",
            Self::EmploymentHoursHumanCapital => "employment_hours_human_capital",
        }
    }

    /// A one-line description, for output tables.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Employment => "labour = persons employed",
            Self::EmploymentHours => "labour = employment x average hours",
            Self::EmploymentHoursHumanCapital => {
                "labour = employment x average hours x human capital index"
            }
        }
    }
}

impl fmt::Display for LabourInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for LabourInput {
    type Err = GrowthError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "employment" => Ok(Self::Employment),
            "employment_hours" => Ok(Self::EmploymentHours),
            "employment_hours_human_capital" => Ok(Self::EmploymentHoursHumanCapital),
            _ => Err(GrowthError::InvalidOption {
                name: "labour input",
                value: s.to_owned(),
                expected: "'employment', 'employment_hours' or 'employment_hours_human_capital'",
            }),
        }
    }
}

/// An input series, named in errors.
///
/// ```
/// use chitieu::growth::Series;
/// assert_eq!(Series::LabourShare.to_string(), "labour share");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Series {
    /// Output `Y` (real GDP / GRDP).
    Output,
    /// Capital `K` (stock or services, given or built by perpetual inventory).
    Capital,
    /// Labour input `L`.
    Labour,
    /// Labour share of income, for Törnqvist shares.
    LabourShare,
    /// Real investment `I`, for the perpetual inventory method.
    Investment,
}

impl Series {
    /// The name used in messages, e.g. `labour share`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Output => "output",
            Self::Capital => "capital",
            Self::Labour => "labour",
            Self::LabourShare => "labour share",
            Self::Investment => "investment",
        }
    }
}

impl fmt::Display for Series {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Factor shares, given to [`growth_accounting`].
///
/// ```
/// use chitieu::growth::{ShareRule, Shares};
/// let labsh = [Some(0.6), Some(0.58)];
/// assert_eq!(Shares::fixed(0.4).rule(), ShareRule::Fixed { capital_share: 0.4 });
/// assert_eq!(Shares::tornqvist(&labsh).rule(), ShareRule::Tornqvist);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shares<'a> {
    /// The same capital share `α_K` in `[0, 1]` every year; `α_L = 1 − α_K`.
    Fixed {
        /// Capital share `α_K`.
        capital_share: f64,
    },
    /// Time-varying shares from a labour-share series (parallel to the years, each value in
    /// `[0, 1]`): `ᾱ_L,t = (s_t + s_{t−1}) / 2`, `ᾱ_K,t = 1 − ᾱ_L,t`.
    Tornqvist {
        /// Labour share of income `s_t` (PWT's `labsh`).
        labour_share: &'a [Option<f64>],
    },
}

impl<'a> Shares<'a> {
    /// A fixed capital share.
    pub fn fixed(capital_share: f64) -> Self {
        Self::Fixed { capital_share }
    }

    /// Törnqvist shares from a labour-share series.
    pub fn tornqvist(labour_share: &'a [Option<f64>]) -> Self {
        Self::Tornqvist { labour_share }
    }

    /// The rule, without the data, as stated in results.
    pub fn rule(&self) -> ShareRule {
        match *self {
            Self::Fixed { capital_share } => ShareRule::Fixed { capital_share },
            Self::Tornqvist { .. } => ShareRule::Tornqvist,
        }
    }
}

/// The share rule used, as stated in a result.
///
/// ```
/// use chitieu::growth::ShareRule;
/// assert!(ShareRule::Tornqvist.describe().contains("(s_t + s_t-1) / 2"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ShareRule {
    /// A fixed capital share.
    Fixed {
        /// Capital share `α_K`.
        capital_share: f64,
    },
    /// Törnqvist average of adjacent years' labour shares.
    Tornqvist,
}

impl ShareRule {
    /// A one-line description, for output tables.
    pub fn describe(&self) -> String {
        match self {
            Self::Fixed { capital_share } => {
                format!("fixed shares: capital a_K = {capital_share}, labour 1 - a_K")
            }
            Self::Tornqvist => {
                "Tornqvist shares: labour = (s_t + s_t-1) / 2 of the labour share s, \
                 capital = 1 - labour"
                    .to_owned()
            }
        }
    }
}

/// Options of [`growth_accounting`]; `Default` gives log differences, employment as the
/// labour input and the first year as the index base.
///
/// ```
/// use chitieu::growth::{AccountingOptions, GrowthMeasure};
/// let o = AccountingOptions { growth: GrowthMeasure::Rate, ..Default::default() };
/// assert_eq!(o.index_base_year, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AccountingOptions {
    /// How growth is measured.
    pub growth: GrowthMeasure,
    /// What the labour series measures (recorded in the result).
    pub labour: LabourInput,
    /// Year at which the TFP level index is 1; `None` takes the first year. PWT uses 2017.
    pub index_base_year: Option<i32>,
}

/// The conventions a result was computed with.
///
/// ```
/// use chitieu::growth::{growth_accounting, AccountingOptions, Shares};
/// let v = |xs: [f64; 2]| xs.map(Some);
/// let acc = growth_accounting(&[2020, 2021], &v([100.0, 105.0]), &v([300.0, 309.0]),
///                             &v([50.0, 50.5]), Shares::fixed(0.35),
///                             &AccountingOptions::default())?;
/// assert_eq!(acc.conventions.index_base_year, 2020);
/// assert!(acc.conventions.describe().contains("log differences"));
/// # Ok::<(), chitieu::growth::GrowthError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Conventions {
    /// How growth is measured.
    pub growth: GrowthMeasure,
    /// How factor shares are set.
    pub shares: ShareRule,
    /// What the labour series measures.
    pub labour: LabourInput,
    /// Year at which the TFP level index is 1.
    pub index_base_year: i32,
    /// Which period share is the headline.
    pub headline: HeadlineShare,
}

impl Conventions {
    /// A one-paragraph description, for output tables and reports.
    pub fn describe(&self) -> String {
        format!(
            "Cobb-Douglas growth accounting g_A = g_Y - a_K g_K - a_L g_L; {}; {}; {}; \
             TFP index = 1 in {}; period headline: {}",
            self.growth.describe(),
            self.shares.describe(),
            self.labour.describe(),
            self.index_base_year,
            self.headline.describe()
        )
    }
}

/// Which TFP share of output growth over a period is the headline.
///
/// ```
/// use chitieu::growth::HeadlineShare;
/// assert!(HeadlineShare::ShareOfSummedGrowth.describe().starts_with("sum"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeadlineShare {
    /// `Σ g_A / Σ g_Y × 100` (= share of average growth). chitieu's headline (docs/methods.md §4).
    ShareOfSummedGrowth,
    /// Mean over the years of `g_A / g_Y × 100`. Reported, never the headline.
    MeanOfAnnualShares,
}

impl HeadlineShare {
    /// A one-line description.
    pub fn describe(self) -> &'static str {
        match self {
            Self::ShareOfSummedGrowth => {
                "sum of TFP growth / sum of output growth x 100 (share of summed growth)"
            }
            Self::MeanOfAnnualShares => "mean of the annual TFP shares of output growth",
        }
    }
}

/// Why a TFP share of output growth is undefined.
///
/// ```
/// use chitieu::growth::ShareUndefined;
/// let why = ShareUndefined::AnnualSharesUndefined { years: vec![2012] };
/// assert!(why.to_string().contains("2012"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ShareUndefined {
    /// Output growth is exactly zero (in the year, or summed over the period).
    ZeroOutputGrowth,
    /// The mean of annual shares needs every year's share; these years have none.
    AnnualSharesUndefined {
        /// Years with zero output growth.
        years: Vec<i32>,
    },
}

impl fmt::Display for ShareUndefined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ZeroOutputGrowth => write!(f, "output growth is zero"),
            Self::AnnualSharesUndefined { years } => {
                write!(f, "no annual share (zero output growth) in ")?;
                for (i, y) in years.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{y}")?;
                }
                Ok(())
            }
        }
    }
}

/// The growth accounts of one year `t` (the change from `t − 1` to `t`).
///
/// Growth rates are fractions (0.05 = 5 %); contributions are percentage points and add up to
/// `100 · output_growth`.
///
/// ```
/// use chitieu::growth::{growth_accounting, AccountingOptions, Shares};
/// let v = |xs: [f64; 2]| xs.map(Some);
/// let acc = growth_accounting(&[2020, 2021], &v([100.0, 110.0]), &v([200.0, 216.0]),
///                             &v([50.0, 51.0]), Shares::fixed(0.4),
///                             &AccountingOptions::default())?;
/// let a = &acc.annual[0];
/// assert_eq!(a.year, 2021);
/// let total = a.capital_contribution_pp + a.labour_contribution_pp + a.tfp_contribution_pp;
/// assert!((total - 100.0 * a.output_growth).abs() < 1e-12);
/// assert!((a.tfp_share.unwrap() - 55.2346).abs() < 1e-4);
/// # Ok::<(), chitieu::growth::GrowthError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct YearAccount {
    /// The year `t`.
    pub year: i32,
    /// Output growth `g_Y`.
    pub output_growth: f64,
    /// Capital growth `g_K`.
    pub capital_growth: f64,
    /// Labour growth `g_L`.
    pub labour_growth: f64,
    /// Capital share `α_K` used.
    pub capital_share: f64,
    /// Labour share `α_L = 1 − α_K` used.
    pub labour_share: f64,
    /// TFP growth `g_A = g_Y − α_K g_K − α_L g_L`.
    pub tfp_growth: f64,
    /// Contribution of capital, `100 α_K g_K` percentage points.
    pub capital_contribution_pp: f64,
    /// Contribution of labour, `100 α_L g_L` percentage points.
    pub labour_contribution_pp: f64,
    /// Contribution of TFP in percentage points: `100 g_Y` minus the other two.
    pub tfp_contribution_pp: f64,
    /// TFP share of output growth, `g_A / g_Y × 100` (%); `None` when `g_Y = 0`.
    pub tfp_share: Option<f64>,
    /// Why `tfp_share` is `None`.
    pub tfp_share_undefined: Option<ShareUndefined>,
}

/// Growth accounts summed over a period of growth years.
///
/// Means are arithmetic means of the annual values (with log differences the mean growth is
/// the average continuous growth rate; with rates it is not a compound rate).
///
/// ```
/// use chitieu::growth::{growth_accounting, AccountingOptions, HeadlineShare, Shares};
/// let v = |xs: [f64; 3]| xs.map(Some);
/// let acc = growth_accounting(&[2020, 2021, 2022], &v([100.0, 100.0, 104.0]),
///                             &v([200.0, 204.0, 208.0]), &v([50.0, 50.0, 50.5]),
///                             Shares::fixed(0.4), &AccountingOptions::default())?;
/// let s = &acc.summary;
/// assert_eq!(s.headline, HeadlineShare::ShareOfSummedGrowth);
/// assert!(s.tfp_share.is_some());              // growth summed over 2021-2022 is not zero
/// assert_eq!(s.mean_of_annual_shares, None);   // 2021 has no annual share
/// assert_eq!(s.headline_share(), s.tfp_share);
/// # Ok::<(), chitieu::growth::GrowthError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PeriodSummary {
    /// First growth year (its growth is the change from the year before).
    pub first_year: i32,
    /// Last growth year.
    pub last_year: i32,
    /// Number of growth years.
    pub years: usize,
    /// Mean annual output growth.
    pub output_growth: f64,
    /// Mean annual capital growth.
    pub capital_growth: f64,
    /// Mean annual labour growth.
    pub labour_growth: f64,
    /// Mean annual TFP growth.
    pub tfp_growth: f64,
    /// Mean capital share used.
    pub capital_share: f64,
    /// Mean annual contribution of capital (percentage points).
    pub capital_contribution_pp: f64,
    /// Mean annual contribution of labour (percentage points).
    pub labour_contribution_pp: f64,
    /// Mean annual contribution of TFP (percentage points).
    pub tfp_contribution_pp: f64,
    /// Headline: TFP share of summed output growth, `Σ g_A / Σ g_Y × 100` (%).
    pub tfp_share: Option<f64>,
    /// Why `tfp_share` is `None`.
    pub tfp_share_undefined: Option<ShareUndefined>,
    /// Mean of the annual TFP shares (%), not the headline.
    pub mean_of_annual_shares: Option<f64>,
    /// Why `mean_of_annual_shares` is `None`.
    pub mean_of_annual_shares_undefined: Option<ShareUndefined>,
    /// Which of the two shares is the headline (always [`HeadlineShare::ShareOfSummedGrowth`]).
    pub headline: HeadlineShare,
}

impl PeriodSummary {
    /// The headline share (%).
    pub fn headline_share(&self) -> Option<f64> {
        match self.headline {
            HeadlineShare::ShareOfSummedGrowth => self.tfp_share,
            HeadlineShare::MeanOfAnnualShares => self.mean_of_annual_shares,
        }
    }
}

/// The result of [`growth_accounting`].
///
/// ```
/// use chitieu::growth::{growth_accounting, AccountingOptions, Shares};
/// let v = |xs: [f64; 3]| xs.map(Some);
/// let o = AccountingOptions { index_base_year: Some(2021), ..Default::default() };
/// let acc = growth_accounting(&[2020, 2021, 2022], &v([100.0, 103.0, 107.0]),
///                             &v([200.0, 206.0, 211.0]), &v([50.0, 50.5, 51.0]),
///                             Shares::fixed(0.4), &o)?;
/// assert_eq!(acc.years, [2020, 2021, 2022]);
/// assert_eq!(acc.annual.len(), 2);                  // growth years 2021 and 2022
/// assert_eq!(acc.tfp_index_at(2021), Some(1.0));
/// let g = acc.annual[1].tfp_growth;
/// assert!((acc.tfp_index_at(2022).unwrap() - g.exp()).abs() < 1e-15);
/// # Ok::<(), chitieu::growth::GrowthError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Accounting {
    /// Conventions used.
    pub conventions: Conventions,
    /// One account per growth year (every year but the first).
    pub annual: Vec<YearAccount>,
    /// All years of the input, the first included.
    pub years: Vec<i32>,
    /// TFP level index, parallel to `years`, 1 at the base year.
    pub tfp_index: Vec<f64>,
    /// Summary over all growth years.
    pub summary: PeriodSummary,
}

impl Accounting {
    /// The TFP level index in `year`, if in the series.
    pub fn tfp_index_at(&self, year: i32) -> Option<f64> {
        let i = self.years.iter().position(|&y| y == year)?;
        Some(self.tfp_index[i])
    }

    /// The summary over the growth years `first..=last`. Growth year `t` is the change from
    /// `t − 1` to `t`, so GSO's "2011–2015" is `period(2011, 2015)` and needs data from 2010.
    ///
    /// ```
    /// use chitieu::growth::{growth_accounting, AccountingOptions, GrowthError, Shares};
    /// let v = |xs: [f64; 4]| xs.map(Some);
    /// let acc = growth_accounting(&[2010, 2011, 2012, 2013],
    ///                             &v([100.0, 110.0, 118.0, 129.0]),
    ///                             &v([200.0, 216.0, 235.0, 251.0]),
    ///                             &v([50.0, 51.0, 52.5, 53.0]),
    ///                             Shares::fixed(0.4), &AccountingOptions::default())?;
    /// let p = acc.period(2012, 2013)?;
    /// assert_eq!(p.years, 2);
    /// assert!(matches!(acc.period(2010, 2013),
    ///                  Err(GrowthError::YearOutOfSpan { year: 2010, .. })));
    /// # Ok::<(), GrowthError>(())
    /// ```
    pub fn period(&self, first: i32, last: i32) -> Result<PeriodSummary, GrowthError> {
        if first > last {
            return Err(GrowthError::InvalidOption {
                name: "period",
                value: format!("{first}..={last}"),
                expected: "a first year not after the last year",
            });
        }
        let (lo, hi) = (self.summary.first_year, self.summary.last_year);
        for (what, year) in [("period start", first), ("period end", last)] {
            if !(lo..=hi).contains(&year) {
                return Err(GrowthError::YearOutOfSpan {
                    what,
                    year,
                    first: lo,
                    last: hi,
                });
            }
        }
        let from = usize::try_from(first - lo).expect("checked in span");
        let to = usize::try_from(last - lo).expect("checked in span");
        Ok(summarise(&self.annual[from..=to]))
    }
}

impl fmt::Display for Accounting {
    /// A short table, e.g. for a REPL.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |v: Option<f64>| v.map_or("n/a".to_owned(), |v| format!("{v:.2}%"));
        writeln!(f, "{}", self.conventions.describe())?;
        writeln!(
            f,
            "{:>6} {:>8} {:>8} {:>8} {:>6} {:>8} {:>8} {:>8} {:>10}",
            "year", "g_Y %", "g_K %", "g_L %", "a_K", "K pp", "L pp", "TFP pp", "TFP share"
        )?;
        for a in &self.annual {
            writeln!(
                f,
                "{:>6} {:>8.3} {:>8.3} {:>8.3} {:>6.3} {:>8.3} {:>8.3} {:>8.3} {:>10}",
                a.year,
                100.0 * a.output_growth,
                100.0 * a.capital_growth,
                100.0 * a.labour_growth,
                a.capital_share,
                a.capital_contribution_pp,
                a.labour_contribution_pp,
                a.tfp_contribution_pp,
                pct(a.tfp_share)
            )?;
        }
        let s = &self.summary;
        write!(
            f,
            "{}-{}: TFP share of summed output growth {} (headline); mean of annual shares {}",
            s.first_year,
            s.last_year,
            pct(s.tfp_share),
            pct(s.mean_of_annual_shares)
        )
    }
}

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
    /// The stock as a series of optional values, ready for [`growth_accounting`].
    pub fn series(&self) -> Vec<Option<f64>> {
        self.stock.iter().copied().map(Some).collect()
    }
}

/// Where capital comes from in a [`sensitivity`] analysis.
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

/// Invalid input to growth accounting, perpetual inventory or a sensitivity grid.
///
/// ```
/// use chitieu::growth::{growth_accounting, AccountingOptions, GrowthError, Series, Shares};
/// let err = growth_accounting(&[2020, 2021], &[Some(100.0), None], &[Some(1.0), Some(1.0)],
///                             &[Some(1.0), Some(1.0)], Shares::fixed(0.4),
///                             &AccountingOptions::default()).unwrap_err();
/// assert_eq!(err, GrowthError::Missing { series: Series::Output, year: 2021 });
/// assert!(err.to_string().contains("output is missing in 2021"));
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum GrowthError {
    /// A series and the years differ in length.
    #[error("{series} has {values} values for {years} years")]
    LengthMismatch {
        /// The series.
        series: Series,
        /// Number of years.
        years: usize,
        /// Number of values.
        values: usize,
    },
    /// Too few years.
    #[error("{found} year(s) given, at least {required} needed")]
    TooShort {
        /// Years given.
        found: usize,
        /// Years needed.
        required: usize,
    },
    /// Years are not consecutive and increasing.
    #[error("years must be consecutive and increasing: {year} follows {previous}")]
    YearsNotConsecutive {
        /// The year before.
        previous: i32,
        /// The offending year.
        year: i32,
    },
    /// A value is missing (`None`).
    #[error(
        "{series} is missing in {year}; growth accounting needs every year \
         (trim the series or fill the gap explicitly)"
    )]
    Missing {
        /// The series.
        series: Series,
        /// The year without a value.
        year: i32,
    },
    /// A value is NaN or infinite.
    #[error("{series} in {year} is {value}, not a finite number; use None for a missing value")]
    NonFinite {
        /// The series.
        series: Series,
        /// The year.
        year: i32,
        /// The value found.
        value: f64,
    },
    /// A level that must be positive is zero or negative (its log or growth is undefined).
    #[error("{series} in {year} is {value}; it must be > 0 for its growth to be defined")]
    NonPositive {
        /// The series.
        series: Series,
        /// The year.
        year: i32,
        /// The value found.
        value: f64,
    },
    /// A value of a share series is outside `[0, 1]`.
    #[error("{series} in {year} is {value}, outside [0, 1]")]
    ShareOutOfRange {
        /// The series.
        series: Series,
        /// The year.
        year: i32,
        /// The value found.
        value: f64,
    },
    /// A capital share (fixed, or in a grid) is outside `[0, 1]` or not finite.
    #[error("capital share {value} is outside [0, 1]")]
    CapitalShareOutOfRange {
        /// The value found.
        value: f64,
    },
    /// A depreciation rate is outside `[0, 1)` or not finite.
    #[error("depreciation rate {value} is outside [0, 1)")]
    DepreciationOutOfRange {
        /// The value found.
        value: f64,
    },
    /// The steady-state initial stock `I_t0 / (g + δ)` needs `g + δ > 0`.
    #[error(
        "steady-state initial capital I/(g + d) is undefined: investment growth \
         {investment_growth} + depreciation {depreciation} is not positive or not finite; \
         give the initial stock instead"
    )]
    InitialStockUndefined {
        /// `g`: compound growth of investment over the first years.
        investment_growth: f64,
        /// `δ`.
        depreciation: f64,
    },
    /// A year (index base, period bound) is outside the years available.
    #[error("{what} {year} is outside {first}..={last}")]
    YearOutOfSpan {
        /// Which year.
        what: &'static str,
        /// The year given.
        year: i32,
        /// First year available.
        first: i32,
        /// Last year available.
        last: i32,
    },
    /// A grid is invalid.
    #[error("invalid {axis} grid: {problem}")]
    BadGrid {
        /// Which grid.
        axis: GridAxis,
        /// What is wrong.
        problem: GridProblem,
    },
    /// An option has an invalid value.
    #[error("invalid {name} {value}: expected {expected}")]
    InvalidOption {
        /// Option name.
        name: &'static str,
        /// Value given.
        value: String,
        /// What is accepted.
        expected: &'static str,
    },
}

/// Growth accounting of one unit's series.
///
/// `years` must be consecutive and increasing (at least two); `output`, `capital` and `labour`
/// are parallel to it, every value present, finite and positive. Growth year `t` is the
/// change from `t − 1` to `t`, so the result has one [`YearAccount`] per year but the first.
///
/// ```
/// use chitieu::growth::{growth_accounting, AccountingOptions, GrowthMeasure, Shares};
/// let v = |xs: [f64; 4]| xs.map(Some);
/// let (y, k, l) = (v([100.0, 110.0, 118.0, 129.0]), v([200.0, 216.0, 235.0, 251.0]),
///                  v([50.0, 51.0, 52.5, 53.0]));
/// let o = AccountingOptions { growth: GrowthMeasure::Rate, ..Default::default() };
/// let acc = growth_accounting(&[2010, 2011, 2012, 2013], &y, &k, &l, Shares::fixed(0.4), &o)?;
/// assert!((acc.annual[0].tfp_share.unwrap() - 56.0).abs() < 1e-9);
/// assert!((acc.summary.tfp_share.unwrap() - 51.2007).abs() < 1e-4);
///
/// // Törnqvist shares from a labour-share series.
/// let labsh = v([0.60, 0.60, 0.62, 0.58]);
/// let acc = growth_accounting(&[2010, 2011, 2012, 2013], &y, &k, &l, Shares::tornqvist(&labsh),
///                             &AccountingOptions::default())?;
/// assert!((acc.annual[1].labour_share - 0.61).abs() < 1e-15);
/// # Ok::<(), chitieu::growth::GrowthError>(())
/// ```
pub fn growth_accounting(
    years: &[i32],
    output: &[Option<f64>],
    capital: &[Option<f64>],
    labour: &[Option<f64>],
    shares: Shares<'_>,
    options: &AccountingOptions,
) -> Result<Accounting, GrowthError> {
    check_len(Series::Output, years, output.len())?;
    check_len(Series::Capital, years, capital.len())?;
    check_len(Series::Labour, years, labour.len())?;
    if let Shares::Tornqvist { labour_share } = shares {
        check_len(Series::LabourShare, years, labour_share.len())?;
    }
    check_years(years, 2)?;
    let y = positive(Series::Output, years, output)?;
    let k = positive(Series::Capital, years, capital)?;
    let l = positive(Series::Labour, years, labour)?;
    let labour_share;
    let alpha = match shares {
        Shares::Fixed { capital_share } => {
            check_capital_share(capital_share)?;
            Alpha::Fixed(capital_share)
        }
        Shares::Tornqvist { labour_share: s } => {
            labour_share = share_series(Series::LabourShare, years, s)?;
            Alpha::Tornqvist(&labour_share)
        }
    };
    let base_year = options.index_base_year.unwrap_or(years[0]);
    let last = years[years.len() - 1];
    let Some(base) = years.iter().position(|&y| y == base_year) else {
        return Err(GrowthError::YearOutOfSpan {
            what: "index base year",
            year: base_year,
            first: years[0],
            last,
        });
    };

    let annual = account(years, &y, &k, &l, alpha, options.growth);
    let tfp_index = level_index(&annual, base, options.growth);
    let summary = summarise(&annual);
    Ok(Accounting {
        conventions: Conventions {
            growth: options.growth,
            shares: shares.rule(),
            labour: options.labour,
            index_base_year: base_year,
            headline: summary.headline,
        },
        annual,
        years: years.to_vec(),
        tfp_index,
        summary,
    })
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

// ---------------------------------------------------------------------------------------------
// Validation.

fn check_len(series: Series, years: &[i32], values: usize) -> Result<(), GrowthError> {
    if values == years.len() {
        Ok(())
    } else {
        Err(GrowthError::LengthMismatch {
            series,
            years: years.len(),
            values,
        })
    }
}

fn check_years(years: &[i32], required: usize) -> Result<(), GrowthError> {
    if years.len() < required {
        return Err(GrowthError::TooShort {
            found: years.len(),
            required,
        });
    }
    match years
        .windows(2)
        .find(|w| i64::from(w[1]) - i64::from(w[0]) != 1)
    {
        Some(w) => Err(GrowthError::YearsNotConsecutive {
            previous: w[0],
            year: w[1],
        }),
        None => Ok(()),
    }
}

/// The values of a series, each present and finite.
fn present(series: Series, years: &[i32], values: &[Option<f64>]) -> Result<Vec<f64>, GrowthError> {
    years
        .iter()
        .zip(values)
        .map(|(&year, &v)| match v {
            None => Err(GrowthError::Missing { series, year }),
            Some(value) if !value.is_finite() => Err(GrowthError::NonFinite {
                series,
                year,
                value,
            }),
            Some(value) => Ok(value),
        })
        .collect()
}

/// The values of a series, each present, finite and positive.
fn positive(
    series: Series,
    years: &[i32],
    values: &[Option<f64>],
) -> Result<Vec<f64>, GrowthError> {
    let v = present(series, years, values)?;
    match years.iter().zip(&v).find(|&(_, &x)| x <= 0.0) {
        Some((&year, &value)) => Err(GrowthError::NonPositive {
            series,
            year,
            value,
        }),
        None => Ok(v),
    }
}

/// The values of a share series, each present and in `[0, 1]`.
fn share_series(
    series: Series,
    years: &[i32],
    values: &[Option<f64>],
) -> Result<Vec<f64>, GrowthError> {
    let v = present(series, years, values)?;
    match years
        .iter()
        .zip(&v)
        .find(|&(_, x)| !(0.0..=1.0).contains(x))
    {
        Some((&year, &value)) => Err(GrowthError::ShareOutOfRange {
            series,
            year,
            value,
        }),
        None => Ok(v),
    }
}

fn check_capital_share(value: f64) -> Result<(), GrowthError> {
    if (0.0..=1.0).contains(&value) {
        Ok(())
    } else {
        Err(GrowthError::CapitalShareOutOfRange { value })
    }
}

fn check_depreciation(value: f64) -> Result<(), GrowthError> {
    if (0.0..1.0).contains(&value) {
        Ok(())
    } else {
        Err(GrowthError::DepreciationOutOfRange { value })
    }
}

fn check_grid_values(axis: GridAxis, values: &[f64]) -> Result<(), GrowthError> {
    if values.is_empty() {
        return Err(GrowthError::BadGrid {
            axis,
            problem: GridProblem::Empty,
        });
    }
    if values.iter().any(|v| !v.is_finite()) {
        return Err(GrowthError::BadGrid {
            axis,
            problem: GridProblem::NonFinite,
        });
    }
    let check = match axis {
        GridAxis::CapitalShare => check_capital_share,
        GridAxis::Depreciation => check_depreciation,
    };
    values.iter().try_for_each(|&v| check(v))
}

fn check_initial(years: &[i32], initial: InitialStock) -> Result<(), GrowthError> {
    match initial {
        InitialStock::SteadyState { growth_years } => {
            if growth_years == 0 || growth_years >= years.len() {
                return Err(GrowthError::InvalidOption {
                    name: "growth_years",
                    value: growth_years.to_string(),
                    expected: "at least 1 and fewer than the number of years",
                });
            }
        }
        InitialStock::Given { stock } => {
            let year = years[0];
            let series = Series::Capital;
            if !stock.is_finite() {
                return Err(GrowthError::NonFinite {
                    series,
                    year,
                    value: stock,
                });
            }
            if stock <= 0.0 {
                return Err(GrowthError::NonPositive {
                    series,
                    year,
                    value: stock,
                });
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Computation on validated data.

/// Factor shares on validated data: a capital share, or labour shares by year.
#[derive(Clone, Copy)]
enum Alpha<'a> {
    Fixed(f64),
    Tornqvist(&'a [f64]),
}

/// One account per year but the first. All slices validated and of one length ≥ 2.
fn account(
    years: &[i32],
    y: &[f64],
    k: &[f64],
    l: &[f64],
    alpha: Alpha<'_>,
    growth: GrowthMeasure,
) -> Vec<YearAccount> {
    (1..years.len())
        .map(|t| {
            let (capital_share, labour_share) = match alpha {
                Alpha::Fixed(a) => (a, 1.0 - a),
                Alpha::Tornqvist(s) => {
                    let al = 0.5 * (s[t] + s[t - 1]);
                    (1.0 - al, al)
                }
            };
            let gy = growth.growth(y[t - 1], y[t]);
            let gk = growth.growth(k[t - 1], k[t]);
            let gl = growth.growth(l[t - 1], l[t]);
            let tfp_growth = gy - capital_share * gk - labour_share * gl;
            let capital_pp = 100.0 * capital_share * gk;
            let labour_pp = 100.0 * labour_share * gl;
            let (tfp_share, tfp_share_undefined) = share_of(tfp_growth, gy);
            YearAccount {
                year: years[t],
                output_growth: gy,
                capital_growth: gk,
                labour_growth: gl,
                capital_share,
                labour_share,
                tfp_growth,
                capital_contribution_pp: capital_pp,
                labour_contribution_pp: labour_pp,
                tfp_contribution_pp: 100.0 * gy - capital_pp - labour_pp,
                tfp_share,
                tfp_share_undefined,
            }
        })
        .collect()
}

fn share_of(tfp: f64, output: f64) -> (Option<f64>, Option<ShareUndefined>) {
    if output == 0.0 {
        (None, Some(ShareUndefined::ZeroOutputGrowth))
    } else {
        (Some(tfp / output * 100.0), None)
    }
}

/// TFP level index over all years (one more than `annual`), 1 at year index `base`.
fn level_index(annual: &[YearAccount], base: usize, growth: GrowthMeasure) -> Vec<f64> {
    match growth {
        GrowthMeasure::LogDifference => {
            let mut log_level = Vec::with_capacity(annual.len() + 1);
            log_level.push(0.0);
            let mut acc = 0.0;
            for a in annual {
                acc += a.tfp_growth;
                log_level.push(acc);
            }
            let b = log_level[base];
            log_level.iter().map(|x| (x - b).exp()).collect()
        }
        GrowthMeasure::Rate => {
            let mut level = Vec::with_capacity(annual.len() + 1);
            level.push(1.0);
            let mut acc = 1.0;
            for a in annual {
                acc *= 1.0 + a.tfp_growth;
                level.push(acc);
            }
            let b = level[base];
            level.iter().map(|x| x / b).collect()
        }
    }
}

/// Summary of a non-empty run of annual accounts.
fn summarise(annual: &[YearAccount]) -> PeriodSummary {
    let n = annual.len() as f64;
    let mean = |f: fn(&YearAccount) -> f64| annual.iter().map(f).sum::<f64>() / n;
    let sum_gy: f64 = annual.iter().map(|a| a.output_growth).sum();
    let sum_ga: f64 = annual.iter().map(|a| a.tfp_growth).sum();
    let (tfp_share, tfp_share_undefined) = share_of(sum_ga, sum_gy);
    let undefined: Vec<i32> = annual
        .iter()
        .filter(|a| a.tfp_share.is_none())
        .map(|a| a.year)
        .collect();
    let (mean_of_annual_shares, mean_of_annual_shares_undefined) = if undefined.is_empty() {
        (
            Some(annual.iter().filter_map(|a| a.tfp_share).sum::<f64>() / n),
            None,
        )
    } else {
        (
            None,
            Some(ShareUndefined::AnnualSharesUndefined { years: undefined }),
        )
    };
    PeriodSummary {
        first_year: annual[0].year,
        last_year: annual[annual.len() - 1].year,
        years: annual.len(),
        output_growth: sum_gy / n,
        capital_growth: mean(|a| a.capital_growth),
        labour_growth: mean(|a| a.labour_growth),
        tfp_growth: sum_ga / n,
        capital_share: mean(|a| a.capital_share),
        capital_contribution_pp: mean(|a| a.capital_contribution_pp),
        labour_contribution_pp: mean(|a| a.labour_contribution_pp),
        tfp_contribution_pp: mean(|a| a.tfp_contribution_pp),
        tfp_share,
        tfp_share_undefined,
        mean_of_annual_shares,
        mean_of_annual_shares_undefined,
        headline: HeadlineShare::ShareOfSummedGrowth,
    }
}

/// Perpetual inventory on validated investment (positive), options checked.
fn pim(
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

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    const YEARS: [i32; 4] = [2010, 2011, 2012, 2013];
    const Y: [f64; 4] = [100.0, 110.0, 118.0, 129.0];
    const K: [f64; 4] = [200.0, 216.0, 235.0, 251.0];
    const L: [f64; 4] = [50.0, 51.0, 52.5, 53.0];

    fn some<const N: usize>(xs: [f64; N]) -> [Option<f64>; N] {
        xs.map(Some)
    }

    fn worked(growth: GrowthMeasure) -> Accounting {
        let o = AccountingOptions {
            growth,
            ..Default::default()
        };
        growth_accounting(&YEARS, &some(Y), &some(K), &some(L), Shares::fixed(0.4), &o).unwrap()
    }

    /// docs/methods.md §4, log differences.
    #[test]
    fn worked_example_logs() {
        let acc = worked(GrowthMeasure::LogDifference);
        let ga = [0.0526442, 0.0190889, 0.0570936];
        let shares = [55.2346, 27.1905, 64.0581];
        assert_eq!(acc.annual.len(), 3);
        for (i, a) in acc.annual.iter().enumerate() {
            assert_eq!(a.year, YEARS[i + 1]);
            assert_abs_diff_eq!(a.tfp_growth, ga[i], epsilon = 1e-6);
            // Shares are given in % to 4 decimals: 1e-6 as a fraction.
            assert_abs_diff_eq!(
                a.tfp_share.unwrap() / 100.0,
                shares[i] / 100.0,
                epsilon = 1e-6
            );
            assert_eq!(a.capital_share, 0.4);
            assert_abs_diff_eq!(a.labour_share, 0.6, epsilon = 1e-15);
            assert_abs_diff_eq!(a.output_growth, (Y[i + 1] / Y[i]).ln(), epsilon = 1e-15);
            assert_abs_diff_eq!(a.tfp_contribution_pp, 100.0 * a.tfp_growth, epsilon = 1e-12);
        }
        let s = &acc.summary;
        assert_abs_diff_eq!(s.tfp_share.unwrap() / 100.0, 0.505912, epsilon = 1e-6);
        assert_abs_diff_eq!(
            s.mean_of_annual_shares.unwrap() / 100.0,
            0.488277,
            epsilon = 1e-6
        );
        assert_eq!(s.headline, HeadlineShare::ShareOfSummedGrowth);
        assert_eq!(s.headline_share(), s.tfp_share);
        assert_eq!((s.first_year, s.last_year, s.years), (2011, 2013, 3));
        assert_eq!(
            acc.conventions,
            Conventions {
                growth: GrowthMeasure::LogDifference,
                shares: ShareRule::Fixed { capital_share: 0.4 },
                labour: LabourInput::Employment,
                index_base_year: 2010,
                headline: HeadlineShare::ShareOfSummedGrowth,
            }
        );
        // Share of summed growth = share of average growth.
        assert_abs_diff_eq!(
            s.tfp_share.unwrap(),
            s.tfp_growth / s.output_growth * 100.0,
            epsilon = 1e-12
        );
    }

    /// docs/methods.md §4, rates.
    #[test]
    fn worked_example_rates() {
        let acc = worked(GrowthMeasure::Rate);
        let shares = [56.0000, 27.3557, 64.6554];
        for (a, s) in acc.annual.iter().zip(shares) {
            assert_abs_diff_eq!(a.tfp_share.unwrap() / 100.0, s / 100.0, epsilon = 1e-6);
        }
        assert_abs_diff_eq!(acc.annual[0].output_growth, 0.1, epsilon = 1e-15);
        assert_abs_diff_eq!(acc.annual[0].tfp_growth, 0.056, epsilon = 1e-15);
        assert_abs_diff_eq!(
            acc.summary.tfp_share.unwrap() / 100.0,
            0.512007,
            epsilon = 1e-6
        );
        assert_eq!(acc.conventions.growth, GrowthMeasure::Rate);
    }

    /// docs/methods.md §4, perpetual inventory.
    #[test]
    fn worked_example_pim() {
        let inv = some([20.0, 22.0, 24.2, 26.6, 29.3]);
        let years = [2016, 2017, 2018, 2019, 2020];
        let k = perpetual_inventory(
            &years,
            &inv,
            0.05,
            InitialStock::SteadyState { growth_years: 4 },
        )
        .unwrap();
        let expected = [133.183274, 148.524110, 165.297905, 183.633010, 203.751359];
        for (got, want) in k.stock.iter().zip(expected) {
            assert_abs_diff_eq!(*got, want, epsilon = 1e-6);
        }
        let InitialStockUsed::SteadyState {
            growth_years,
            investment_growth,
            stock,
        } = k.initial
        else {
            panic!("steady state expected, got {:?}", k.initial)
        };
        assert_eq!(growth_years, 4);
        assert_abs_diff_eq!(investment_growth, 0.100169, epsilon = 1e-6);
        assert_eq!(stock, k.stock[0]);
        assert_eq!(k.years, years);
        assert_eq!(k.depreciation, 0.05);

        // Given initial stock: K_t0 is the given value.
        let k =
            perpetual_inventory(&years, &inv, 0.05, InitialStock::Given { stock: 130.0 }).unwrap();
        assert_eq!(k.stock[0], 130.0);
        assert_abs_diff_eq!(k.stock[1], 0.95 * 130.0 + 22.0, epsilon = 1e-12);
        assert_eq!(k.initial, InitialStockUsed::Given { stock: 130.0 });
        // A single year is enough with a given stock.
        let k = perpetual_inventory(
            &[2020],
            &[Some(5.0)],
            0.1,
            InitialStock::Given { stock: 9.0 },
        )
        .unwrap();
        assert_eq!(k.stock, [9.0]);
    }

    #[test]
    fn tornqvist_shares_average_adjacent_years() {
        let labsh = some([0.60, 0.64, 0.62, 0.58]);
        let acc = growth_accounting(
            &YEARS,
            &some(Y),
            &some(K),
            &some(L),
            Shares::tornqvist(&labsh),
            &AccountingOptions::default(),
        )
        .unwrap();
        for (a, al) in acc.annual.iter().zip([0.62, 0.63, 0.60]) {
            assert_abs_diff_eq!(a.labour_share, al, epsilon = 1e-15);
            assert_abs_diff_eq!(a.capital_share, 1.0 - al, epsilon = 1e-15);
        }
        assert_eq!(acc.conventions.shares, ShareRule::Tornqvist);
        // Constant labour share 0.6 = fixed α_K 0.4.
        let flat = some([0.6; 4]);
        let t = growth_accounting(
            &YEARS,
            &some(Y),
            &some(K),
            &some(L),
            Shares::tornqvist(&flat),
            &AccountingOptions::default(),
        )
        .unwrap();
        let f = worked(GrowthMeasure::LogDifference);
        for (a, b) in t.annual.iter().zip(&f.annual) {
            assert_abs_diff_eq!(a.tfp_growth, b.tfp_growth, epsilon = 1e-15);
        }
    }

    #[test]
    fn tfp_index_cumulates_from_the_base_year() {
        for growth in [GrowthMeasure::LogDifference, GrowthMeasure::Rate] {
            let o = AccountingOptions {
                growth,
                index_base_year: Some(2012),
                labour: LabourInput::EmploymentHoursHumanCapital,
            };
            let acc =
                growth_accounting(&YEARS, &some(Y), &some(K), &some(L), Shares::fixed(0.4), &o)
                    .unwrap();
            assert_eq!(acc.tfp_index.len(), 4);
            assert_eq!(acc.tfp_index_at(2012), Some(1.0));
            assert_eq!(acc.tfp_index_at(2009), None);
            for t in 1..4 {
                let g = acc.annual[t - 1].tfp_growth;
                let ratio = acc.tfp_index[t] / acc.tfp_index[t - 1];
                let expected = match growth {
                    GrowthMeasure::LogDifference => g.exp(),
                    GrowthMeasure::Rate => 1.0 + g,
                };
                assert_abs_diff_eq!(ratio, expected, epsilon = 1e-14);
            }
            assert_eq!(
                acc.conventions.labour,
                LabourInput::EmploymentHoursHumanCapital
            );
        }
    }

    #[test]
    fn sub_period_summary() {
        let acc = worked(GrowthMeasure::LogDifference);
        let p = acc.period(2012, 2013).unwrap();
        let (a, b) = (&acc.annual[1], &acc.annual[2]);
        assert_abs_diff_eq!(
            p.tfp_share.unwrap(),
            (a.tfp_growth + b.tfp_growth) / (a.output_growth + b.output_growth) * 100.0,
            epsilon = 1e-12
        );
        assert_eq!(acc.period(2011, 2013).unwrap(), acc.summary);
        assert_eq!(
            acc.period(2013, 2014),
            Err(GrowthError::YearOutOfSpan {
                what: "period end",
                year: 2014,
                first: 2011,
                last: 2013
            })
        );
        assert!(matches!(
            acc.period(2013, 2012),
            Err(GrowthError::InvalidOption { name: "period", .. })
        ));
    }

    #[test]
    fn zero_output_growth_has_no_share_with_a_reason() {
        let acc = growth_accounting(
            &[2020, 2021, 2022],
            &some([100.0, 100.0, 100.0]),
            &some([200.0, 204.0, 208.0]),
            &some([50.0, 50.0, 50.5]),
            Shares::fixed(0.4),
            &AccountingOptions::default(),
        )
        .unwrap();
        assert_eq!(acc.annual[0].tfp_share, None);
        assert_eq!(
            acc.annual[0].tfp_share_undefined,
            Some(ShareUndefined::ZeroOutputGrowth)
        );
        assert_eq!(acc.summary.tfp_share, None);
        assert_eq!(
            acc.summary.tfp_share_undefined,
            Some(ShareUndefined::ZeroOutputGrowth)
        );
        assert_eq!(
            acc.summary.mean_of_annual_shares_undefined,
            Some(ShareUndefined::AnnualSharesUndefined {
                years: vec![2021, 2022]
            })
        );
        // The accounts themselves are still there.
        assert!(acc.annual[0].tfp_growth < 0.0);
        assert!(acc.to_string().contains("n/a"));
    }

    /// xorshift64*: a small deterministic generator for property tests.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> f64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
            (x >> 11) as f64 / (1u64 << 53) as f64
        }

        fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
            lo + (hi - lo) * self.next()
        }

        fn walk(&mut self, n: usize, start: f64, sd: f64) -> Vec<Option<f64>> {
            let mut x = start;
            (0..n)
                .map(|_| {
                    x *= (self.uniform(-sd, sd) + 0.02).exp();
                    Some(x)
                })
                .collect()
        }
    }

    /// Contributions add up to output growth, whatever the data and conventions.
    #[test]
    fn contributions_add_up_over_random_inputs() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut cases = 0;
        for case in 0..2000 {
            let n = 2 + (rng.next() * 30.0) as usize;
            let years: Vec<i32> = (0..n as i32).map(|i| 1990 + i).collect();
            let (y0, k0, l0) = (
                rng.uniform(1.0, 1e6),
                rng.uniform(1.0, 1e6),
                rng.uniform(1e-3, 1e3),
            );
            let y = rng.walk(n, y0, 0.2);
            let k = rng.walk(n, k0, 0.2);
            let l = rng.walk(n, l0, 0.1);
            let labsh: Vec<Option<f64>> = (0..n).map(|_| Some(rng.next())).collect();
            let shares = if case % 2 == 0 {
                Shares::fixed(rng.next())
            } else {
                Shares::tornqvist(&labsh)
            };
            let growth = if case % 4 < 2 {
                GrowthMeasure::LogDifference
            } else {
                GrowthMeasure::Rate
            };
            let o = AccountingOptions {
                growth,
                ..Default::default()
            };
            let acc = growth_accounting(&years, &y, &k, &l, shares, &o).unwrap();
            assert_eq!(acc.annual.len(), n - 1);
            for a in &acc.annual {
                let gy_pp = 100.0 * a.output_growth;
                let total =
                    a.capital_contribution_pp + a.labour_contribution_pp + a.tfp_contribution_pp;
                let tol = 1e-13 * gy_pp.abs().max(a.capital_contribution_pp.abs()).max(1.0);
                assert!(
                    (total - gy_pp).abs() <= tol,
                    "case {case}, {}: {total} != {gy_pp}",
                    a.year
                );
                assert_eq!(a.capital_share + a.labour_share, 1.0, "case {case}");
                assert_abs_diff_eq!(a.tfp_contribution_pp, 100.0 * a.tfp_growth, epsilon = 1e-9);
                if let Some(s) = a.tfp_share {
                    assert_abs_diff_eq!(
                        s,
                        a.tfp_growth / a.output_growth * 100.0,
                        epsilon = 1e-9 * s.abs().max(1.0)
                    );
                }
            }
            // Period: mean contributions add up to mean output growth too.
            let s = &acc.summary;
            let total =
                s.capital_contribution_pp + s.labour_contribution_pp + s.tfp_contribution_pp;
            assert_abs_diff_eq!(total, 100.0 * s.output_growth, epsilon = 1e-9);
            cases += 1;
        }
        assert_eq!(cases, 2000);
    }

    #[test]
    fn sensitivity_rows_match_direct_accounting() {
        let inv = some([20.0, 22.0, 24.2, 26.6]);
        let years = &YEARS;
        let shares = grid(GridAxis::CapitalShare, 0.30, 0.50, 0.05).unwrap();
        let deltas = [0.03, 0.08];
        let rows = sensitivity(
            years,
            &some(Y),
            CapitalSource::Investment {
                investment: &inv,
                initial: InitialStock::SteadyState { growth_years: 3 },
                depreciation: &deltas,
            },
            &some(L),
            &shares,
            GrowthMeasure::Rate,
        )
        .unwrap();
        assert_eq!(rows.len(), 10);
        for (i, row) in rows.iter().enumerate() {
            let d = deltas[i / 5];
            let a = shares[i % 5];
            assert_eq!((row.capital_share, row.depreciation), (a, Some(d)));
            let k = perpetual_inventory(
                years,
                &inv,
                d,
                InitialStock::SteadyState { growth_years: 3 },
            )
            .unwrap();
            let acc = growth_accounting(
                years,
                &some(Y),
                &k.series(),
                &some(L),
                Shares::fixed(a),
                &AccountingOptions {
                    growth: GrowthMeasure::Rate,
                    ..Default::default()
                },
            )
            .unwrap();
            assert_eq!(row.tfp_share, acc.summary.tfp_share);
            assert_eq!(row.tfp_growth, acc.summary.tfp_growth);
        }
        // From a stock: one row per share, no depreciation.
        let rows = sensitivity(
            years,
            &some(Y),
            CapitalSource::Stock(&some(K)),
            &some(L),
            &[0.4],
            GrowthMeasure::LogDifference,
        )
        .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].depreciation, None);
        assert_abs_diff_eq!(rows[0].tfp_share.unwrap(), 50.5912, epsilon = 1e-4);
    }

    #[test]
    fn grid_values() {
        assert_eq!(
            grid(GridAxis::CapitalShare, 0.30, 0.50, 0.05).unwrap(),
            [0.30, 0.35, 0.40, 0.45, 0.50]
        );
        assert_eq!(
            grid(GridAxis::Depreciation, 0.03, 0.1, 0.01).unwrap().len(),
            8
        );
        // The stop need not be on the grid.
        assert_eq!(
            grid(GridAxis::CapitalShare, 0.3, 0.42, 0.05).unwrap(),
            [0.3, 0.35, 0.4]
        );
        assert_eq!(
            grid(GridAxis::CapitalShare, 0.0, 1.0, 0.5).unwrap(),
            [0.0, 0.5, 1.0]
        );
    }

    #[test]
    fn enum_names_round_trip() {
        for g in [GrowthMeasure::LogDifference, GrowthMeasure::Rate] {
            assert_eq!(g.as_str().parse::<GrowthMeasure>().unwrap(), g);
        }
        for l in [
            LabourInput::Employment,
            LabourInput::EmploymentHours,
            LabourInput::EmploymentHoursHumanCapital,
        ] {
            assert_eq!(l.to_string().parse::<LabourInput>().unwrap(), l);
        }
        assert!(matches!(
            "levels".parse::<GrowthMeasure>(),
            Err(GrowthError::InvalidOption {
                name: "growth measure",
                ..
            })
        ));
        assert!(matches!(
            "heads".parse::<LabourInput>(),
            Err(GrowthError::InvalidOption {
                name: "labour input",
                ..
            })
        ));
    }

    // ---------------------------------------------------------------------------------------
    // Errors, one by one.

    fn run(
        years: &[i32],
        y: &[Option<f64>],
        k: &[Option<f64>],
        l: &[Option<f64>],
        shares: Shares<'_>,
    ) -> Result<Accounting, GrowthError> {
        growth_accounting(years, y, k, l, shares, &AccountingOptions::default())
    }

    #[test]
    fn error_length_mismatch() {
        let e = run(
            &YEARS,
            &some(Y),
            &some([1.0, 2.0, 3.0]),
            &some(L),
            Shares::fixed(0.4),
        );
        assert_eq!(
            e.unwrap_err(),
            GrowthError::LengthMismatch {
                series: Series::Capital,
                years: 4,
                values: 3
            }
        );
        let labsh = some([0.6; 5]);
        let e = run(
            &YEARS,
            &some(Y),
            &some(K),
            &some(L),
            Shares::tornqvist(&labsh),
        );
        assert!(matches!(
            e,
            Err(GrowthError::LengthMismatch {
                series: Series::LabourShare,
                ..
            })
        ));
        let e = perpetual_inventory(
            &YEARS,
            &some([1.0]),
            0.05,
            InitialStock::Given { stock: 1.0 },
        );
        assert!(matches!(
            e,
            Err(GrowthError::LengthMismatch {
                series: Series::Investment,
                ..
            })
        ));
    }

    #[test]
    fn error_too_short() {
        let e = run(
            &[2020],
            &[Some(1.0)],
            &[Some(1.0)],
            &[Some(1.0)],
            Shares::fixed(0.4),
        );
        assert_eq!(
            e.unwrap_err(),
            GrowthError::TooShort {
                found: 1,
                required: 2
            }
        );
        let e = run(&[], &[], &[], &[], Shares::fixed(0.4));
        assert!(matches!(e, Err(GrowthError::TooShort { found: 0, .. })));
        let e = perpetual_inventory(&[], &[], 0.05, InitialStock::Given { stock: 1.0 });
        assert_eq!(
            e.unwrap_err(),
            GrowthError::TooShort {
                found: 0,
                required: 1
            }
        );
    }

    #[test]
    fn error_years_not_consecutive() {
        for (years, previous, year) in [
            ([2010, 2011, 2013, 2014], 2011, 2013),
            ([2010, 2011, 2011, 2012], 2011, 2011),
            ([2013, 2012, 2011, 2010], 2013, 2012),
        ] {
            let e = run(&years, &some(Y), &some(K), &some(L), Shares::fixed(0.4));
            assert_eq!(
                e.unwrap_err(),
                GrowthError::YearsNotConsecutive { previous, year }
            );
        }
        let e = perpetual_inventory(
            &[i32::MAX, i32::MIN],
            &some([1.0, 1.0]),
            0.05,
            InitialStock::Given { stock: 1.0 },
        );
        assert!(matches!(e, Err(GrowthError::YearsNotConsecutive { .. })));
    }

    #[test]
    fn error_missing_value_names_series_and_year() {
        let mut k = some(K);
        k[2] = None;
        let e = run(&YEARS, &some(Y), &k, &some(L), Shares::fixed(0.4));
        assert_eq!(
            e.unwrap_err(),
            GrowthError::Missing {
                series: Series::Capital,
                year: 2012
            }
        );
        // Leading and trailing gaps are errors too: nothing is trimmed silently.
        let mut l = some(L);
        l[0] = None;
        let e = run(&YEARS, &some(Y), &some(K), &l, Shares::fixed(0.4));
        assert_eq!(
            e.unwrap_err(),
            GrowthError::Missing {
                series: Series::Labour,
                year: 2010
            }
        );
        let labsh = [Some(0.6), Some(0.6), Some(0.6), None];
        let e = run(
            &YEARS,
            &some(Y),
            &some(K),
            &some(L),
            Shares::tornqvist(&labsh),
        );
        assert_eq!(
            e.unwrap_err(),
            GrowthError::Missing {
                series: Series::LabourShare,
                year: 2013
            }
        );
        let e = perpetual_inventory(
            &[2020, 2021],
            &[Some(1.0), None],
            0.05,
            InitialStock::Given { stock: 1.0 },
        );
        assert_eq!(
            e.unwrap_err(),
            GrowthError::Missing {
                series: Series::Investment,
                year: 2021
            }
        );
    }

    #[test]
    fn error_non_finite() {
        let mut y = some(Y);
        y[1] = Some(f64::NAN);
        let e = run(&YEARS, &y, &some(K), &some(L), Shares::fixed(0.4));
        assert!(matches!(
            e,
            Err(GrowthError::NonFinite {
                series: Series::Output,
                year: 2011,
                ..
            })
        ));
        let labsh = [Some(0.6), Some(f64::INFINITY), Some(0.6), Some(0.6)];
        let e = run(
            &YEARS,
            &some(Y),
            &some(K),
            &some(L),
            Shares::tornqvist(&labsh),
        );
        assert!(matches!(
            e,
            Err(GrowthError::NonFinite {
                series: Series::LabourShare,
                year: 2011,
                ..
            })
        ));
        let e = perpetual_inventory(
            &[2020],
            &[Some(1.0)],
            0.05,
            InitialStock::Given { stock: f64::NAN },
        );
        assert!(matches!(
            e,
            Err(GrowthError::NonFinite {
                series: Series::Capital,
                year: 2020,
                ..
            })
        ));
    }

    #[test]
    fn error_non_positive() {
        let mut l = some(L);
        l[3] = Some(0.0);
        let e = run(&YEARS, &some(Y), &some(K), &l, Shares::fixed(0.4));
        assert_eq!(
            e.unwrap_err(),
            GrowthError::NonPositive {
                series: Series::Labour,
                year: 2013,
                value: 0.0
            }
        );
        let mut k = some(K);
        k[0] = Some(-5.0);
        let e = run(&YEARS, &some(Y), &k, &some(L), Shares::fixed(0.4));
        assert!(matches!(
            e,
            Err(GrowthError::NonPositive {
                series: Series::Capital,
                year: 2010,
                ..
            })
        ));
        let e = perpetual_inventory(
            &[2020, 2021],
            &some([1.0, -1.0]),
            0.05,
            InitialStock::Given { stock: 1.0 },
        );
        assert!(matches!(
            e,
            Err(GrowthError::NonPositive {
                series: Series::Investment,
                year: 2021,
                ..
            })
        ));
        let e = perpetual_inventory(
            &[2020],
            &[Some(1.0)],
            0.05,
            InitialStock::Given { stock: 0.0 },
        );
        assert!(matches!(
            e,
            Err(GrowthError::NonPositive {
                series: Series::Capital,
                year: 2020,
                ..
            })
        ));
    }

    #[test]
    fn error_shares_out_of_range() {
        for a in [-0.1, 1.1, f64::NAN] {
            let e = run(&YEARS, &some(Y), &some(K), &some(L), Shares::fixed(a));
            assert!(
                matches!(e, Err(GrowthError::CapitalShareOutOfRange { .. })),
                "{a}"
            );
        }
        let labsh = some([0.6, 0.6, 1.2, 0.6]);
        let e = run(
            &YEARS,
            &some(Y),
            &some(K),
            &some(L),
            Shares::tornqvist(&labsh),
        );
        assert_eq!(
            e.unwrap_err(),
            GrowthError::ShareOutOfRange {
                series: Series::LabourShare,
                year: 2012,
                value: 1.2
            }
        );
        // Bounds are allowed.
        assert!(run(&YEARS, &some(Y), &some(K), &some(L), Shares::fixed(0.0)).is_ok());
        assert!(run(&YEARS, &some(Y), &some(K), &some(L), Shares::fixed(1.0)).is_ok());
        let e = sensitivity(
            &YEARS,
            &some(Y),
            CapitalSource::Stock(&some(K)),
            &some(L),
            &[0.3, 1.5],
            GrowthMeasure::Rate,
        );
        assert_eq!(
            e.unwrap_err(),
            GrowthError::CapitalShareOutOfRange { value: 1.5 }
        );
    }

    #[test]
    fn error_depreciation_out_of_range() {
        let inv = some([20.0, 22.0, 24.2]);
        for d in [-0.01, 1.0, f64::INFINITY] {
            let e = perpetual_inventory(
                &YEARS[..3],
                &inv,
                d,
                InitialStock::SteadyState { growth_years: 2 },
            );
            assert!(
                matches!(e, Err(GrowthError::DepreciationOutOfRange { .. })),
                "{d}"
            );
        }
        assert!(
            perpetual_inventory(&YEARS[..3], &inv, 0.0, InitialStock::Given { stock: 1.0 }).is_ok()
        );
        let e = sensitivity(
            &YEARS[..3],
            &some([100.0, 101.0, 102.0]),
            CapitalSource::Investment {
                investment: &inv,
                initial: InitialStock::SteadyState { growth_years: 2 },
                depreciation: &[0.05, 1.2],
            },
            &some([5.0, 5.0, 5.0]),
            &[0.4],
            GrowthMeasure::Rate,
        );
        assert_eq!(
            e.unwrap_err(),
            GrowthError::DepreciationOutOfRange { value: 1.2 }
        );
    }

    #[test]
    fn error_initial_stock() {
        let inv = some([20.0, 18.0, 16.0]);
        // Investment falls 10.6 % a year: g + δ < 0 with δ = 0.05.
        let e = perpetual_inventory(
            &YEARS[..3],
            &inv,
            0.05,
            InitialStock::SteadyState { growth_years: 2 },
        );
        assert!(matches!(
            e,
            Err(GrowthError::InitialStockUndefined { depreciation, .. }) if depreciation == 0.05
        ));
        for n in [0, 3] {
            let e = perpetual_inventory(
                &YEARS[..3],
                &inv,
                0.05,
                InitialStock::SteadyState { growth_years: n },
            );
            assert!(
                matches!(
                    e,
                    Err(GrowthError::InvalidOption {
                        name: "growth_years",
                        ..
                    })
                ),
                "{n}"
            );
        }
    }

    #[test]
    fn error_index_base_year_outside_series() {
        let o = AccountingOptions {
            index_base_year: Some(2017),
            ..Default::default()
        };
        let e = growth_accounting(&YEARS, &some(Y), &some(K), &some(L), Shares::fixed(0.4), &o);
        assert_eq!(
            e.unwrap_err(),
            GrowthError::YearOutOfSpan {
                what: "index base year",
                year: 2017,
                first: 2010,
                last: 2013
            }
        );
    }

    #[test]
    fn error_bad_grid() {
        let cases = [
            (0.3, 0.5, 0.0, GridProblem::NonPositiveStep),
            (0.3, 0.5, -0.05, GridProblem::NonPositiveStep),
            (0.5, 0.3, 0.05, GridProblem::StopBeforeStart),
            (0.3, f64::NAN, 0.05, GridProblem::NonFinite),
            (0.0, 1.0, 1e-9, GridProblem::TooManyPoints),
        ];
        for (start, stop, step, problem) in cases {
            assert_eq!(
                grid(GridAxis::CapitalShare, start, stop, step).unwrap_err(),
                GrowthError::BadGrid {
                    axis: GridAxis::CapitalShare,
                    problem
                },
                "{start} {stop} {step}"
            );
        }
        let e = sensitivity(
            &YEARS,
            &some(Y),
            CapitalSource::Stock(&some(K)),
            &some(L),
            &[],
            GrowthMeasure::Rate,
        );
        assert_eq!(
            e.unwrap_err(),
            GrowthError::BadGrid {
                axis: GridAxis::CapitalShare,
                problem: GridProblem::Empty
            }
        );
        let inv = some([20.0, 22.0, 24.2, 26.6]);
        for (deltas, problem) in [
            (&[][..], GridProblem::Empty),
            (&[0.05, f64::NAN][..], GridProblem::NonFinite),
        ] {
            let e = sensitivity(
                &YEARS,
                &some(Y),
                CapitalSource::Investment {
                    investment: &inv,
                    initial: InitialStock::SteadyState { growth_years: 3 },
                    depreciation: deltas,
                },
                &some(L),
                &[0.4],
                GrowthMeasure::Rate,
            );
            assert_eq!(
                e.unwrap_err(),
                GrowthError::BadGrid {
                    axis: GridAxis::Depreciation,
                    problem
                }
            );
        }
    }

    #[test]
    fn error_messages_name_series_and_year() {
        let msg = GrowthError::NonPositive {
            series: Series::Labour,
            year: 2013,
            value: 0.0,
        }
        .to_string();
        assert!(msg.contains("labour in 2013 is 0"), "{msg}");
        let msg = GrowthError::ShareOutOfRange {
            series: Series::LabourShare,
            year: 2012,
            value: 1.2,
        }
        .to_string();
        assert!(msg.contains("labour share in 2012 is 1.2"), "{msg}");
    }
}
