//! Conventions of growth accounting: growth measure, labour input, factor shares, headline share.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::error::GrowthError;

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

    /// [`GrowthMeasure::describe`] in Vietnamese.
    pub fn describe_vi(self) -> &'static str {
        match self {
            Self::LogDifference => "tăng trưởng tính bằng hiệu logarit ln(X_t) - ln(X_t-1)",
            Self::Rate => "tăng trưởng tính bằng tốc độ X_t / X_t-1 - 1",
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

    /// [`LabourInput::describe`] in Vietnamese.
    pub fn describe_vi(self) -> &'static str {
        match self {
            Self::Employment => "lao động = số người có việc làm",
            Self::EmploymentHours => "lao động = số người có việc làm x số giờ làm việc bình quân",
            Self::EmploymentHoursHumanCapital => {
                "lao động = số người có việc làm x số giờ làm việc bình quân x chỉ số vốn con người"
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

/// Factor shares, given to [`growth_accounting`](super::growth_accounting).
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

/// Options of [`growth_accounting`](super::growth_accounting); `Default` gives log differences, employment as the
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
