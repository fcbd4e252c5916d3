//! Errors of growth accounting, each naming the series and year at fault.

use super::conventions::Series;
use super::sensitivity::{GridAxis, GridProblem};

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
