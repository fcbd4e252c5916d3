//! Progress of one series towards a target: the Statistics Canada / Open SDG measure.
//!
//! Conventions (see `docs/methods.md` §3 and Open SDG's `docs/progress-methodology.md`):
//!
//! * `y0` is the value at the base year `t0`, `yi` the latest value at `ti`, `yT` the target
//!   at `tT`, `d = +1` when higher is better and `−1` when lower is better.
//! * `CAGR_obs = (yi / y0)^(1 / (ti − t0)) − 1`, `CAGR_req = (yT / y0)^(1 / (tT − t0)) − 1`.
//! * With a numeric target, `R = d · CAGR_obs / |CAGR_req|`; status *target achieved* when
//!   the latest value meets the target (this overrides everything, even a single point),
//!   else *on track* `R ≥ 0.95`, *acceleration needed* `0.60 ≤ R < 0.95`, *limited
//!   progress* `0 ≤ R < 0.60`, *deterioration* `R < 0`. Score: `R ≥ 0.6 → min(5, (R − 0.6)
//!   / 0.7 · 5)`, else `max(−5, (R + 0.6) / 1.2 · 5 − 5)`; achieved scores 5.
//! * Without a numeric target (a trend target), `d · CAGR_obs` is compared with 1.5 %, 0.5 %
//!   and 0, the positive thresholds multiplied by the natural-limit factor `C`; the score is
//!   piecewise linear through (−2 %, −5), (0, −2.5), (0.5 %·C, 0), (1.5 %·C, 2.5), (2 %·C, 5).
//!   `C` is computed from the natural limit `lim` in the desired direction as the current
//!   sdg-build does (`sdg/ProgressMeasure.py`, `get_progress_thresholds`; see
//!   [`limit_factor`]): `1 − (|y0|/|lim|)^4.44` when `|y0| ≤ |lim|`, `1 − ((2|lim| −
//!   |y0|)/|lim|)^4.44` when `|lim| < |y0| < 2|lim|`, else 1 (no limit: 1). An explicit
//!   `limit_scaling` overrides it. A limit is not used with a numeric target.
//! * A zero base or target is replaced by `zero_replacement` (0.001). When the base and the
//!   latest value (and the target) are all negative, `d` is flipped; mixed signs are
//!   "unable to assess".
//! * The base year defaults to the first year with data; a requested base year without
//!   data moves to the next year with data, and the result reports the year used.
//!
//! Unlike sdg-build's unmerged implementation, `d` and `|CAGR_req|` are kept in `R` (a target
//! met at the base year and lost since is *deterioration*), and a target year not after the
//! base year is "unable to assess" instead of a division by zero.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::observations::YEAR_RANGE;
use crate::vocabulary::Bilingual;
pub use crate::vocabulary::{Direction, Status};

/// What the series is measured against.
///
/// ```
/// use chitieu::Goal;
/// assert_eq!(Goal::target(2.0, 2030).horizon(), 2030);
/// assert_eq!(Goal::trend(2030).value(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Goal {
    /// Reach `value` by `year` (at least `value` when increasing, at most when decreasing;
    /// strictly more / less when `strict`).
    Target {
        /// Target value.
        value: f64,
        /// Target year.
        year: i32,
        /// "More than" / "less than" instead of "at least" / "at most".
        strict: bool,
    },
    /// Move in the desired direction, no number; `horizon` is the year projected to.
    Trend {
        /// Year to project the series to.
        horizon: i32,
    },
}

impl Goal {
    /// A numeric target met at `value` ("at least", or "at most" when decreasing).
    pub fn target(value: f64, year: i32) -> Self {
        Self::Target {
            value,
            year,
            strict: false,
        }
    }

    /// A numeric target met only beyond `value` ("more than" / "less than").
    pub fn target_strict(value: f64, year: i32) -> Self {
        Self::Target {
            value,
            year,
            strict: true,
        }
    }

    /// A trend target projected to `horizon`.
    pub fn trend(horizon: i32) -> Self {
        Self::Trend { horizon }
    }

    /// The target year, or the trend's projection horizon.
    pub fn horizon(self) -> i32 {
        match self {
            Self::Target { year, .. } => year,
            Self::Trend { horizon } => horizon,
        }
    }

    /// The target value, if numeric.
    pub fn value(self) -> Option<f64> {
        match self {
            Self::Target { value, .. } => Some(value),
            Self::Trend { .. } => None,
        }
    }
}

/// Options of the progress measure; `Default` gives Open SDG's defaults.
///
/// ```
/// use chitieu::ProgressOptions;
/// let o = ProgressOptions { base_year: Some(2020), ..Default::default() };
/// assert_eq!(o.zero_replacement, 0.001);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ProgressOptions {
    /// Base year; `None` takes the first year with data. A year without data moves to the
    /// next year with data.
    pub base_year: Option<i32>,
    /// Replaces a base or target value of exactly zero (growth rates need non-zero values).
    pub zero_replacement: f64,
    /// Natural limit of the indicator in the desired direction (e.g. 100 for a share that
    /// should rise): trend targets compute the factor `C` from it ([`limit_factor`]).
    pub limit: Option<f64>,
    /// An explicit factor `C` in `[0, 1]` for the positive thresholds of trend targets; it
    /// overrides the one computed from `limit`.
    pub limit_scaling: Option<f64>,
    /// Minimum number of data points from the base year to the latest year (at least 2).
    pub min_points: usize,
}

impl Default for ProgressOptions {
    fn default() -> Self {
        Self {
            base_year: None,
            zero_replacement: 0.001,
            limit: None,
            limit_scaling: None,
            min_points: 2,
        }
    }
}

impl ProgressOptions {
    /// Checks the options (positive zero replacement, a finite limit, C in [0, 1], at least 2
    /// points).
    pub fn check(&self) -> Result<(), ProgressError> {
        if !(self.zero_replacement.is_finite() && self.zero_replacement > 0.0) {
            return Err(ProgressError::InvalidOption {
                name: "zero_replacement",
                value: self.zero_replacement.to_string(),
                expected: "a finite number > 0",
            });
        }
        if let Some(c) = self.limit_scaling.filter(|c| !(0.0..=1.0).contains(c)) {
            return Err(ProgressError::InvalidOption {
                name: "limit_scaling",
                value: c.to_string(),
                expected: "a number in [0, 1]",
            });
        }
        if let Some(l) = self.limit.filter(|l| !l.is_finite()) {
            return Err(ProgressError::InvalidOption {
                name: "limit",
                value: l.to_string(),
                expected: "a finite number",
            });
        }
        if self.min_points < 2 {
            return Err(ProgressError::InvalidOption {
                name: "min_points",
                value: self.min_points.to_string(),
                expected: "at least 2 (a growth rate needs two points)",
            });
        }
        if let Some(y) = self.base_year {
            check_year(y)?;
        }
        Ok(())
    }
}

/// Which measure produced a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Ratio of observed to required growth (numeric target).
    TargetRatio,
    /// Observed growth against fixed thresholds (trend target).
    TrendCagr,
}

impl Method {
    /// A one-line description of the method and its conventions, for output tables.
    pub fn describe(self) -> &'static str {
        match self {
            Self::TargetRatio => {
                "Open SDG ratio R = d*CAGR_obs/|CAGR_req| (CAGR from base year); \
                 thresholds 0.95/0.60/0"
            }
            Self::TrendCagr => "Open SDG no-target method: d*CAGR_obs against 1.5%*C/0.5%*C/0",
        }
    }

    /// [`Method::describe`] in both languages.
    ///
    /// ```
    /// use chitieu::progress::Method;
    /// assert!(Method::TrendCagr.text().vi.starts_with("Phương pháp không có mục tiêu"));
    /// ```
    pub fn text(self) -> Bilingual {
        let vi = match self {
            Self::TargetRatio => {
                "tỷ số R của Open SDG = d*CAGR_quan_sát/|CAGR_cần_thiết| (CAGR tính từ năm \
                 gốc); ngưỡng 0,95/0,60/0"
            }
            Self::TrendCagr => {
                "Phương pháp không có mục tiêu của Open SDG: d*CAGR quan sát so với \
                 1,5%*C/0,5%*C/0"
            }
        };
        Bilingual::new(vi, self.describe())
    }
}

/// A (year, value) point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Year.
    pub year: i32,
    /// Value.
    pub value: f64,
}

/// Why a series could not be assessed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Unassessable {
    /// No value at or after the base year.
    NoData,
    /// Fewer points than required between the base and the latest year.
    TooFewPoints {
        /// Points found.
        found: usize,
        /// Points required.
        required: usize,
    },
    /// Values (base, latest, target) of different signs: growth rates are undefined.
    MixedSigns,
    /// The target year is not after the base year.
    TargetYearNotAfterBase {
        /// Base year used.
        base_year: i32,
        /// Target year.
        target_year: i32,
    },
    /// The target equals the base value and the required growth is zero.
    TargetEqualsBase,
}

impl fmt::Display for Unassessable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoData => write!(f, "no value at or after the base year"),
            Self::TooFewPoints { found, required } => write!(
                f,
                "{found} data point(s) from the base year to the latest year, {required} required"
            ),
            Self::MixedSigns => write!(
                f,
                "base, latest and target values have different signs; growth rates are undefined"
            ),
            Self::TargetYearNotAfterBase {
                base_year,
                target_year,
            } => write!(
                f,
                "target year {target_year} is not after the base year {base_year}"
            ),
            Self::TargetEqualsBase => write!(f, "target equals the base value"),
        }
    }
}

impl Unassessable {
    /// Why, in both languages.
    ///
    /// ```
    /// use chitieu::progress::Unassessable;
    /// let t = Unassessable::TooFewPoints { found: 1, required: 2 }.text();
    /// assert_eq!(t.vi, "có 1 điểm số liệu từ năm gốc đến năm mới nhất, cần 2");
    /// ```
    pub fn text(&self) -> Bilingual {
        let vi = match self {
            Self::NoData => "không có giá trị nào từ năm gốc trở đi".to_owned(),
            Self::TooFewPoints { found, required } => {
                format!("có {found} điểm số liệu từ năm gốc đến năm mới nhất, cần {required}")
            }
            Self::MixedSigns => "giá trị năm gốc, năm mới nhất và mục tiêu khác dấu nhau; \
                                 không tính được tốc độ tăng trưởng"
                .to_owned(),
            Self::TargetYearNotAfterBase {
                base_year,
                target_year,
            } => format!("năm mục tiêu {target_year} không sau năm gốc {base_year}"),
            Self::TargetEqualsBase => "mục tiêu bằng giá trị năm gốc".to_owned(),
        };
        Bilingual::new(vi, self.to_string())
    }
}

/// Invalid input to a progress measurement.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ProgressError {
    /// `years` and `values` differ in length.
    #[error("years and values differ in length: {years} years, {values} values")]
    LengthMismatch {
        /// Number of years.
        years: usize,
        /// Number of values.
        values: usize,
    },
    /// A year appears twice in the series.
    #[error("year {year} appears more than once in the series")]
    DuplicateYear {
        /// The repeated year.
        year: i32,
    },
    /// A value (or the target) is NaN or infinite.
    #[error(
        "{what} for year {year} is {value}, not a finite number; use None for a missing value"
    )]
    NonFinite {
        /// Which input (value or target).
        what: &'static str,
        /// The year concerned.
        year: i32,
        /// The value found.
        value: f64,
    },
    /// A year outside 1900..=2100.
    #[error("year {year} is outside 1900..=2100")]
    YearOutOfRange {
        /// The year found.
        year: i32,
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

impl ProgressError {
    /// The message in both languages (the English one is the error's `Display`).
    ///
    /// ```
    /// use chitieu::progress::ProgressError;
    /// let e = ProgressError::DuplicateYear { year: 2020 };
    /// assert_eq!(e.text().vi, "năm 2020 xuất hiện nhiều lần trong chuỗi số liệu");
    /// ```
    pub fn text(&self) -> Bilingual {
        let vi = match self {
            Self::LengthMismatch { years, values } => {
                format!("số năm và số giá trị không bằng nhau: {years} năm, {values} giá trị")
            }
            Self::DuplicateYear { year } => {
                format!("năm {year} xuất hiện nhiều lần trong chuỗi số liệu")
            }
            Self::NonFinite { what, year, value } => {
                let what = if *what == "target" {
                    "mục tiêu"
                } else {
                    "giá trị"
                };
                format!(
                    "{what} của năm {year} là {value}, không phải số hữu hạn; dùng None cho \
                     giá trị thiếu"
                )
            }
            Self::YearOutOfRange { year } => format!("năm {year} nằm ngoài 1900..=2100"),
            Self::InvalidOption {
                name,
                value,
                expected,
            } => format!("giá trị {value} của {name} không hợp lệ: cần {expected}"),
        };
        Bilingual::new(vi, self.to_string())
    }
}

fn check_year(year: i32) -> Result<(), ProgressError> {
    if YEAR_RANGE.contains(&year) {
        Ok(())
    } else {
        Err(ProgressError::YearOutOfRange { year })
    }
}

/// The progress of one series. Fields that do not apply are `None`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    /// The measure used.
    pub method: Method,
    /// Desired direction as given (before any sign flip for negative series).
    pub direction: Direction,
    /// Base point used (first year with data at or after the requested base year).
    pub base: Option<Point>,
    /// Latest point with data.
    pub latest: Option<Point>,
    /// Target value and year (`None` for trend targets).
    pub target: Option<Point>,
    /// Year the projection is made to (target year or trend horizon).
    pub horizon: i32,
    /// Data points from the base year to the latest year.
    pub points: usize,
    /// Whether the latest value meets the target (`None` for trend targets or no data).
    pub achieved: Option<bool>,
    /// Observed compound annual growth rate from the base to the latest year.
    pub cagr_observed: Option<f64>,
    /// Compound annual growth rate required from the base year to meet the target in time.
    pub cagr_required: Option<f64>,
    /// `R = d · CAGR_obs / |CAGR_req|`.
    pub ratio: Option<f64>,
    /// Natural-limit factor `C` the trend thresholds were multiplied by (trend targets with
    /// two points or more; 1 without a limit).
    pub limit_factor: Option<f64>,
    /// Status class.
    pub status: Status,
    /// Score from −5 to 5.
    pub score: Option<f64>,
    /// Share of the base-to-target gap closed: `(yi − y0) / (yT − y0)`.
    pub gap_closed: Option<f64>,
    /// Change per year still needed from the latest year: `(yT − yi) / (tT − ti)`; 0 when
    /// achieved; `None` when the target year has passed without the target being met.
    pub annual_change_required: Option<f64>,
    /// Value projected to the horizon by CAGR extrapolation: `yi (1 + CAGR_obs)^(tT − ti)`.
    pub projected: Option<f64>,
    /// Eurostat's ratio `(ŷT − y0) / (yT − y0)` of projected to required change.
    pub projected_ratio: Option<f64>,
    /// Why the series could not be assessed, when `status` is `UnableToAssess`.
    pub unassessable: Option<Unassessable>,
    /// Options used.
    pub options: ProgressOptions,
}

impl fmt::Display for Progress {
    /// A short bilingual report, e.g. for a REPL.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |v: Option<f64>| v.map_or("n/a".to_owned(), |v| format!("{:.2}%", v * 100.0));
        let num = |v: Option<f64>| v.map_or("n/a".to_owned(), |v| format!("{v:.6}"));
        let point = |p: Option<Point>| {
            p.map_or("n/a".to_owned(), |p| {
                format!("{} = {}", p.year, short(p.value))
            })
        };
        write!(
            f,
            "{} · {}  (score {})",
            self.status.label_en(),
            self.status.label_vi(),
            self.score.map_or("n/a".to_owned(), |s| format!("{s:.4}"))
        )?;
        if let Some(why) = &self.unassessable {
            write!(f, "\n  reason:    {why}")?;
        }
        write!(f, "\n  base:      {}", point(self.base))?;
        write!(f, "\n  latest:    {}", point(self.latest))?;
        match self.target {
            Some(t) => write!(
                f,
                "\n  target:    {} = {} ({}, achieved: {})",
                t.year,
                short(t.value),
                self.direction.as_str(),
                self.achieved
                    .map_or("n/a", |a| if a { "yes" } else { "no" })
            )?,
            None => write!(f, "\n  target:    trend, {}", self.direction.as_str())?,
        }
        write!(
            f,
            "\n  CAGR:      observed {}, required {}, ratio R {}",
            pct(self.cagr_observed),
            pct(self.cagr_required),
            num(self.ratio)
        )?;
        write!(
            f,
            "\n  projected: {} = {} (CAGR extrapolation), Eurostat ratio {}",
            self.horizon,
            num(self.projected),
            num(self.projected_ratio)
        )?;
        write!(
            f,
            "\n  gap closed {}, change still required {} a year",
            pct(self.gap_closed),
            num(self.annual_change_required)
        )?;
        write!(
            f,
            "\n  method:    {}; projection by CAGR extrapolation",
            self.method.describe()
        )
    }
}

/// A value with at most 6 decimals and no trailing zeros, for reports.
fn short(v: f64) -> String {
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// Measures the progress of one series towards a goal.
///
/// `years` and `values` are parallel; `None` values are missing and skipped; the series
/// need not be sorted. Errors are returned for invalid input (NaN, repeated years, length
/// mismatch, bad options); data that cannot be assessed gives
/// [`Status::UnableToAssess`] with a reason.
///
/// ```
/// use chitieu::{progress, Direction, Goal, ProgressOptions, Status};
/// // Vector B of docs/methods.md §3: a "lower is better" series.
/// let p = progress(&[2015, 2022], &[Some(40.0), Some(34.0)], Goal::target(20.0, 2030),
///                  Direction::Decrease, &ProgressOptions::default())?;
/// assert_eq!(p.status, Status::LimitedProgress);
/// assert!((p.score.unwrap() - -0.3825).abs() < 1e-4);
/// # Ok::<(), chitieu::ProgressError>(())
/// ```
pub fn progress(
    years: &[i32],
    values: &[Option<f64>],
    goal: Goal,
    direction: Direction,
    options: &ProgressOptions,
) -> Result<Progress, ProgressError> {
    options.check()?;
    if years.len() != values.len() {
        return Err(ProgressError::LengthMismatch {
            years: years.len(),
            values: values.len(),
        });
    }
    let horizon = goal.horizon();
    check_year(horizon)?;
    if let Goal::Target { value, year, .. } = goal {
        if !value.is_finite() {
            return Err(ProgressError::NonFinite {
                what: "target",
                year,
                value,
            });
        }
    }
    let mut points: Vec<(i32, Option<f64>)> = Vec::with_capacity(years.len());
    for (&year, &value) in years.iter().zip(values) {
        check_year(year)?;
        if let Some(v) = value {
            if !v.is_finite() {
                return Err(ProgressError::NonFinite {
                    what: "value",
                    year,
                    value: v,
                });
            }
        }
        points.push((year, value));
    }
    points.sort_unstable_by_key(|&(y, _)| y);
    if let Some(w) = points.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(ProgressError::DuplicateYear { year: w[0].0 });
    }
    let data: Vec<Point> = points
        .iter()
        .filter(|(y, _)| options.base_year.is_none_or(|b| *y >= b))
        .filter_map(|&(year, v)| v.map(|value| Point { year, value }))
        .collect();
    Ok(measure(&data, goal, direction, options))
}

/// The measure on points sorted by year, all with data, starting at the base year. Once the
/// latest value is at or past the target year and short of the target, the target is *not
/// achieved*: the deadline has passed (the ratio and score still say how far it got).
fn measure(
    data: &[Point],
    goal: Goal,
    direction: Direction,
    options: &ProgressOptions,
) -> Progress {
    let mut out = measure_growth(data, goal, direction, options);
    if let (Goal::Target { year, .. }, Some(latest)) = (goal, out.latest) {
        if out.achieved == Some(false) && latest.year >= year {
            out.status = Status::NotAchieved;
            out.unassessable = None;
        }
    }
    out
}

/// [`measure`] before the deadline rule.
fn measure_growth(
    data: &[Point],
    goal: Goal,
    direction: Direction,
    options: &ProgressOptions,
) -> Progress {
    let method = match goal {
        Goal::Target { .. } => Method::TargetRatio,
        Goal::Trend { .. } => Method::TrendCagr,
    };
    let target = match goal {
        Goal::Target { value, year, .. } => Some(Point { year, value }),
        Goal::Trend { .. } => None,
    };
    let mut out = Progress {
        method,
        direction,
        base: data.first().copied(),
        latest: data.last().copied(),
        target,
        horizon: goal.horizon(),
        points: data.len(),
        achieved: None,
        cagr_observed: None,
        cagr_required: None,
        ratio: None,
        limit_factor: None,
        status: Status::UnableToAssess,
        score: None,
        gap_closed: None,
        annual_change_required: None,
        projected: None,
        projected_ratio: None,
        unassessable: None,
        options: *options,
    };
    let (Some(base), Some(latest)) = (out.base, out.latest) else {
        out.unassessable = Some(Unassessable::NoData);
        return out;
    };
    let d = direction.sign();
    if let Some(t) = target {
        let strict = matches!(goal, Goal::Target { strict: true, .. });
        let achieved = meets(d * (latest.value - t.value), strict);
        out.achieved = Some(achieved);
        if t.value != base.value {
            out.gap_closed = Some((latest.value - base.value) / (t.value - base.value));
        }
        out.annual_change_required = if achieved {
            Some(0.0)
        } else if latest.year < t.year {
            Some((t.value - latest.value) / f64::from(t.year - latest.year))
        } else {
            None
        };
        if achieved {
            out.status = Status::TargetAchieved;
            out.score = Some(5.0);
        }
    }

    // Growth rates need two points and values of one sign.
    // A zero base, latest value or target is replaced alike, so a series held at zero is
    // flat (growth 0), as one held at 0.001 is.
    let y0 = nonzero(base.value, options.zero_replacement);
    let yi = nonzero(latest.value, options.zero_replacement);
    let yt = target.map(|t| nonzero(t.value, options.zero_replacement));
    let achieved = out.achieved == Some(true);
    let unable = |out: &mut Progress, why: Unassessable| {
        if !achieved {
            out.unassessable = Some(why);
        }
    };
    if data.len() < options.min_points {
        unable(
            &mut out,
            Unassessable::TooFewPoints {
                found: data.len(),
                required: options.min_points,
            },
        );
        return out;
    }
    if y0 * yi < 0.0 || yt.is_some_and(|yt| y0 * yt < 0.0) {
        unable(&mut out, Unassessable::MixedSigns);
        return out;
    }
    // All negative: growth in magnitude is the opposite of growth in value.
    let d_eff = if y0 < 0.0 { -d } else { d };
    let cagr_obs = cagr(y0, yi, latest.year - base.year);
    out.cagr_observed = Some(cagr_obs);
    out.projected = Some(latest.value * (1.0 + cagr_obs).powi(out.horizon - latest.year));
    if let (Some(t), Some(p)) = (target, out.projected) {
        if t.value != base.value && t.year > base.year {
            out.projected_ratio = Some((p - base.value) / (t.value - base.value));
        }
    }

    match (target, yt) {
        (Some(t), Some(yt)) => {
            if t.year <= base.year {
                unable(
                    &mut out,
                    Unassessable::TargetYearNotAfterBase {
                        base_year: base.year,
                        target_year: t.year,
                    },
                );
                return out;
            }
            let cagr_req = cagr(y0, yt, t.year - base.year);
            out.cagr_required = Some(cagr_req);
            if achieved {
                return out;
            }
            if cagr_req == 0.0 {
                // Base already at the target and the target lost since: moving away.
                if d_eff * cagr_obs < 0.0 {
                    out.status = Status::Deterioration;
                    out.score = Some(-5.0);
                } else {
                    out.unassessable = Some(Unassessable::TargetEqualsBase);
                }
                return out;
            }
            let r = d_eff * cagr_obs / cagr_req.abs();
            out.ratio = Some(r);
            out.status = ratio_status(r);
            out.score = Some(ratio_score(r));
        }
        _ => {
            let g = d_eff * cagr_obs;
            let c = options
                .limit_scaling
                .unwrap_or_else(|| options.limit.map_or(1.0, |l| limit_factor(base.value, l)));
            out.limit_factor = Some(c);
            out.status = trend_status(g, c);
            out.score = Some(trend_score(g, c));
        }
    }
    out
}

/// Whether a value `margin = d · (value − target)` away from the target meets it: at or
/// beyond it, or strictly beyond it for "more than" / "less than".
pub(crate) fn meets(margin: f64, strict: bool) -> bool {
    if strict {
        margin > 0.0
    } else {
        margin >= 0.0
    }
}

fn nonzero(v: f64, replacement: f64) -> f64 {
    if v == 0.0 {
        replacement
    } else {
        v
    }
}

/// Compound annual growth rate from `from` to `to` over `years` years (same-sign values).
pub(crate) fn cagr(from: f64, to: f64, years: i32) -> f64 {
    (to / from).powf(1.0 / f64::from(years)) - 1.0
}

/// The natural-limit factor `C` of Open SDG's no-target method for a base value `y0` and a
/// natural limit `lim` in the desired direction, as the current sdg-build computes it
/// (`sdg/ProgressMeasure.py`, `get_progress_thresholds`, exponent 4.44): `1 − (|y0|/|lim|)^4.44`
/// when `|y0| ≤ |lim|`, `1 − ((2|lim| − |y0|)/|lim|)^4.44` when `|lim| < |y0| < 2|lim|`, else 1
/// (tested first, so `y0 = lim = 0` gives 1). The thresholds 1.5 % and 0.5 % are multiplied by
/// `C`, so a series close to its limit needs less growth to be on track.
///
/// ```
/// use chitieu::progress::limit_factor;
/// assert!((limit_factor(90.0, 100.0) - (1.0 - 0.9f64.powf(4.44))).abs() < 1e-15);
/// assert_eq!(limit_factor(100.0, 100.0), 0.0); // at the limit
/// assert_eq!(limit_factor(250.0, 100.0), 1.0); // far beyond it
/// ```
pub fn limit_factor(base: f64, limit: f64) -> f64 {
    const A: f64 = 4.44;
    let (b, l) = (base.abs(), limit.abs());
    if b >= 2.0 * l {
        1.0
    } else if b <= l {
        1.0 - (b / l).powf(A)
    } else {
        1.0 - ((2.0 * l - b) / l).powf(A)
    }
}

pub(crate) fn ratio_status(r: f64) -> Status {
    if r >= 0.95 {
        Status::OnTrack
    } else if r >= 0.6 {
        Status::AccelerationNeeded
    } else if r >= 0.0 {
        Status::LimitedProgress
    } else {
        Status::Deterioration
    }
}

pub(crate) fn ratio_score(r: f64) -> f64 {
    if r >= 0.6 {
        ((r - 0.6) / 0.7 * 5.0).min(5.0)
    } else {
        ((r + 0.6) / 1.2 * 5.0 - 5.0).max(-5.0)
    }
}

fn trend_status(g: f64, c: f64) -> Status {
    if g >= 0.015 * c {
        Status::OnTrack
    } else if g >= 0.005 * c {
        Status::AccelerationNeeded
    } else if g >= 0.0 {
        Status::LimitedProgress
    } else {
        Status::Deterioration
    }
}

fn trend_score(g: f64, c: f64) -> f64 {
    if g < 0.0 {
        return (-2.5 + g / 0.02 * 2.5).max(-5.0);
    }
    if c == 0.0 {
        // Base at the natural limit and held there: on track (Open SDG).
        return 5.0;
    }
    // Positive thresholds are scaled by C.
    let x = g / c;
    let score = if x < 0.005 {
        -2.5 + x / 0.005 * 2.5
    } else if x < 0.015 {
        (x - 0.005) / 0.01 * 2.5
    } else {
        2.5 + (x - 0.015) / 0.005 * 2.5
    };
    score.min(5.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    fn run(years: &[i32], values: &[f64], goal: Goal, d: Direction) -> Progress {
        let values: Vec<_> = values.iter().copied().map(Some).collect();
        progress(years, &values, goal, d, &ProgressOptions::default()).unwrap()
    }

    /// Vector A of docs/methods.md §3.
    #[test]
    fn vector_a() {
        let p = run(
            &[2015, 2023],
            &[1.2, 1.6],
            Goal::target(2.0, 2030),
            Direction::Increase,
        );
        assert_abs_diff_eq!(p.cagr_observed.unwrap(), 0.036615, epsilon = 1e-6);
        assert_abs_diff_eq!(p.cagr_required.unwrap(), 0.034642, epsilon = 1e-6);
        assert_abs_diff_eq!(p.ratio.unwrap(), 1.056957, epsilon = 1e-6);
        assert_abs_diff_eq!(p.score.unwrap(), 3.2640, epsilon = 1e-4);
        assert_abs_diff_eq!(p.projected.unwrap(), 2.057981, epsilon = 1e-6);
        assert_abs_diff_eq!(p.projected_ratio.unwrap(), 1.072476, epsilon = 1e-6);
        assert_eq!(p.status, Status::OnTrack);
        assert_eq!(p.achieved, Some(false));
        assert_abs_diff_eq!(p.gap_closed.unwrap(), 0.5, epsilon = 1e-12);
        assert_abs_diff_eq!(
            p.annual_change_required.unwrap(),
            0.4 / 7.0,
            epsilon = 1e-12
        );
    }

    /// Vector B of docs/methods.md §3.
    #[test]
    fn vector_b() {
        let p = run(
            &[2015, 2022],
            &[40.0, 34.0],
            Goal::target(20.0, 2030),
            Direction::Decrease,
        );
        assert_abs_diff_eq!(p.cagr_observed.unwrap(), -0.022950, epsilon = 1e-6);
        assert_abs_diff_eq!(p.cagr_required.unwrap(), -0.045158, epsilon = 1e-6);
        assert_abs_diff_eq!(p.ratio.unwrap(), 0.508201, epsilon = 1e-6);
        assert_abs_diff_eq!(p.score.unwrap(), -0.3825, epsilon = 1e-4);
        assert_abs_diff_eq!(p.projected.unwrap(), 28.236758, epsilon = 1e-6);
        assert_abs_diff_eq!(p.projected_ratio.unwrap(), 0.588162, epsilon = 1e-6);
        assert_eq!(p.status, Status::LimitedProgress);
    }

    #[test]
    fn intermediate_points_and_missing_values_do_not_change_the_endpoints() {
        let values = [Some(1.2), None, Some(1.3), Some(1.6), None];
        let p = progress(
            &[2015, 2016, 2019, 2023, 2024],
            &values,
            Goal::target(2.0, 2030),
            Direction::Increase,
            &ProgressOptions::default(),
        )
        .unwrap();
        assert_eq!(
            p.latest,
            Some(Point {
                year: 2023,
                value: 1.6
            })
        );
        assert_eq!(p.points, 3);
        assert_abs_diff_eq!(p.ratio.unwrap(), 1.056957, epsilon = 1e-6);
    }

    #[test]
    fn unsorted_input_is_sorted() {
        let p = run(
            &[2023, 2015],
            &[1.6, 1.2],
            Goal::target(2.0, 2030),
            Direction::Increase,
        );
        assert_eq!(p.base.unwrap().year, 2015);
        assert_abs_diff_eq!(p.ratio.unwrap(), 1.056957, epsilon = 1e-6);
    }

    #[test]
    fn base_year_without_data_moves_to_next_year_with_data() {
        let opts = ProgressOptions {
            base_year: Some(2016),
            ..Default::default()
        };
        let p = progress(
            &[2015, 2017, 2023],
            &[Some(1.0), Some(1.2), Some(1.6)],
            Goal::target(2.0, 2030),
            Direction::Increase,
            &opts,
        )
        .unwrap();
        assert_eq!(
            p.base,
            Some(Point {
                year: 2017,
                value: 1.2
            })
        );
    }

    #[test]
    fn achieved_overrides_everything() {
        let p = run(
            &[2015, 2020],
            &[3.0, 2.5],
            Goal::target(2.0, 2030),
            Direction::Increase,
        );
        assert_eq!(p.status, Status::TargetAchieved);
        assert_eq!(p.score, Some(5.0));
        assert_eq!(p.annual_change_required, Some(0.0));
        // Even with a single point.
        let p = run(
            &[2020],
            &[2.5],
            Goal::target(2.0, 2030),
            Direction::Increase,
        );
        assert_eq!(p.status, Status::TargetAchieved);
        assert_eq!(p.unassessable, None);
    }

    #[test]
    fn target_met_at_base_and_lost_is_deterioration() {
        // sdg-build would call this "on track"; see docs/methods.md §3.
        let p = run(
            &[2015, 2020],
            &[2.5, 1.5],
            Goal::target(2.0, 2030),
            Direction::Increase,
        );
        assert!(p.ratio.unwrap() < 0.0);
        assert_eq!(p.status, Status::Deterioration);
        // Base exactly at the target, then lost.
        let p = run(
            &[2015, 2020],
            &[2.0, 1.5],
            Goal::target(2.0, 2030),
            Direction::Increase,
        );
        assert_eq!(p.status, Status::Deterioration);
        assert_eq!(p.score, Some(-5.0));
    }

    #[test]
    fn unable_to_assess_cases() {
        let one = run(
            &[2020],
            &[1.0],
            Goal::target(2.0, 2030),
            Direction::Increase,
        );
        assert_eq!(one.status, Status::UnableToAssess);
        assert_eq!(
            one.unassessable,
            Some(Unassessable::TooFewPoints {
                found: 1,
                required: 2
            })
        );
        let mixed = run(
            &[2015, 2020],
            &[-1.0, 1.0],
            Goal::target(2.0, 2030),
            Direction::Increase,
        );
        assert_eq!(mixed.unassessable, Some(Unassessable::MixedSigns));
        let late = run(
            &[2015, 2020],
            &[1.0, 1.5],
            Goal::target(2.0, 2015),
            Direction::Increase,
        );
        // A target year not after the base year has passed: short of the target, it is not
        // achieved (no growth ratio can be formed, so no score).
        assert_eq!(
            (late.status, late.unassessable),
            (Status::NotAchieved, None)
        );
        assert_eq!((late.ratio, late.score), (None, None));
        assert!(late.cagr_observed.is_some());
        let none = progress(
            &[2015, 2016],
            &[None, None],
            Goal::target(2.0, 2030),
            Direction::Increase,
            &ProgressOptions::default(),
        )
        .unwrap();
        assert_eq!(none.unassessable, Some(Unassessable::NoData));
        assert_eq!(none.score, None);
    }

    #[test]
    fn zero_base_is_replaced() {
        // 0 → 2 start-ups: growth from 0.001.
        let p = run(
            &[2020, 2024],
            &[0.0, 2.0],
            Goal::target(5.0, 2030),
            Direction::Increase,
        );
        let expected = (2.0f64 / 0.001).powf(0.25) - 1.0;
        assert_abs_diff_eq!(p.cagr_observed.unwrap(), expected, epsilon = 1e-12);
        assert_eq!(p.status, Status::OnTrack);
    }

    #[test]
    fn negative_series_flip_direction() {
        // Net balance −10 → −5, higher is better: an improvement although |y| shrinks.
        let p = run(
            &[2015, 2020],
            &[-10.0, -5.0],
            Goal::trend(2030),
            Direction::Increase,
        );
        assert!(p.cagr_observed.unwrap() < 0.0);
        assert_eq!(p.status, Status::OnTrack);
    }

    #[test]
    fn trend_thresholds_and_score_breakpoints() {
        let c = 1.0;
        for (g, status, score) in [
            (-0.03, Status::Deterioration, -5.0),
            (-0.02, Status::Deterioration, -5.0),
            (-0.01, Status::Deterioration, -3.75),
            (0.0, Status::LimitedProgress, -2.5),
            (0.005, Status::AccelerationNeeded, 0.0),
            (0.01, Status::AccelerationNeeded, 1.25),
            (0.015, Status::OnTrack, 2.5),
            (0.02, Status::OnTrack, 5.0),
            (0.05, Status::OnTrack, 5.0),
        ] {
            assert_eq!(trend_status(g, c), status, "g = {g}");
            assert_abs_diff_eq!(trend_score(g, c), score, epsilon = 1e-9);
        }
        // C = 0.5 halves the positive thresholds only.
        assert_eq!(trend_status(0.0075, 0.5), Status::OnTrack);
        assert_abs_diff_eq!(trend_score(0.0075, 0.5), 2.5, epsilon = 1e-9);
        assert_abs_diff_eq!(trend_score(-0.01, 0.5), -3.75, epsilon = 1e-9);
        // C = 0: held at the limit is on track.
        assert_eq!(trend_status(0.0, 0.0), Status::OnTrack);
        assert_eq!(trend_score(0.0, 0.0), 5.0);
    }

    /// Natural limits, by hand from sdg-build's `get_progress_thresholds` and `get_score`
    /// (`sdg/ProgressMeasure.py`): C = 1 − (|y0|/|lim|)^4.44 and the score on v/C.
    #[test]
    fn natural_limit_factor_as_sdg_build() {
        let trend = |y0: f64, yi: f64, n: i32, limit: Option<f64>, d: Direction| {
            let o = ProgressOptions {
                limit,
                ..ProgressOptions::default()
            };
            progress(
                &[2015, 2015 + n],
                &[Some(y0), Some(yi)],
                Goal::trend(2030),
                d,
                &o,
            )
            .unwrap()
        };
        // 90 → 92 over 5 years towards a limit of 100: C = 1 − 0.9^4.44 = 0.373621645013,
        // g = (92/90)^(1/5) − 1 = 0.004405456963 ≥ 0.5%·C: acceleration needed, score
        // 250·g/C − 1.25 = 1.697806304505 (without the limit: limited progress, −0.297).
        let p = trend(90.0, 92.0, 5, Some(100.0), Direction::Increase);
        assert_abs_diff_eq!(p.limit_factor.unwrap(), 0.373621645013, epsilon = 1e-12);
        assert_eq!(p.status, Status::AccelerationNeeded);
        assert_abs_diff_eq!(p.score.unwrap(), 1.697806304505, epsilon = 1e-11);
        let plain = trend(90.0, 92.0, 5, None, Direction::Increase);
        assert_eq!(plain.limit_factor, Some(1.0));
        assert_eq!(plain.status, Status::LimitedProgress);
        // 60 → 62 over 4 years: C = 0.896487796966, score 250·g/C − 1.25 = 1.045387307902.
        let p = trend(60.0, 62.0, 4, Some(100.0), Direction::Increase);
        assert_abs_diff_eq!(p.limit_factor.unwrap(), 0.896487796966, epsilon = 1e-12);
        assert_abs_diff_eq!(p.score.unwrap(), 1.045387307902, epsilon = 1e-11);
        // Beyond the limit (130 with 100): C = 1 − ((200 − 130)/100)^4.44 = 0.794772621498;
        // a fall is scored without C: max(125·g − 2.5, −5) = −3.144341340142.
        let p = trend(130.0, 128.0, 3, Some(100.0), Direction::Increase);
        assert_abs_diff_eq!(p.limit_factor.unwrap(), 0.794772621498, epsilon = 1e-12);
        assert_eq!(p.status, Status::Deterioration);
        assert_abs_diff_eq!(p.score.unwrap(), -3.144341340142, epsilon = 1e-11);
        // A lower limit of 0 for a decreasing series: |y0| ≥ 2|lim| gives C = 1.
        let p = trend(20.0, 19.0, 5, Some(0.0), Direction::Decrease);
        assert_eq!(p.limit_factor, Some(1.0));
        assert_abs_diff_eq!(p.score.unwrap(), 1.301554578253, epsilon = 1e-11);
        // An explicit factor overrides the limit; a numeric target ignores it.
        let o = ProgressOptions {
            limit: Some(100.0),
            limit_scaling: Some(0.5),
            ..ProgressOptions::default()
        };
        let p = progress(
            &[2015, 2020],
            &[Some(90.0), Some(92.0)],
            Goal::trend(2030),
            Direction::Increase,
            &o,
        )
        .unwrap();
        assert_eq!(p.limit_factor, Some(0.5));
        let p = progress(
            &[2015, 2020],
            &[Some(90.0), Some(92.0)],
            Goal::target(99.0, 2030),
            Direction::Increase,
            &o,
        )
        .unwrap();
        assert_eq!(p.limit_factor, None);
        // Edge cases of the formula itself.
        assert_eq!(limit_factor(0.0, 0.0), 1.0);
        assert_eq!(limit_factor(-100.0, -100.0), 0.0);
        assert_abs_diff_eq!(
            limit_factor(150.0, 100.0),
            1.0 - 0.5f64.powf(4.44),
            epsilon = 1e-15
        );
    }

    /// Zero and flat series are judged alike; a deadline passed short of the target is
    /// "not achieved", whatever the pace.
    #[test]
    fn zero_flat_and_passed_deadlines() {
        let goal = Goal::target(10.0, 2030);
        let zero = run(&[2015, 2023], &[0.0, 0.0], goal, Direction::Increase);
        let tiny = run(&[2015, 2023], &[0.001, 0.001], goal, Direction::Increase);
        assert_eq!(zero.cagr_observed, Some(0.0));
        assert_eq!((zero.status, zero.score), (tiny.status, tiny.score));
        assert_eq!(zero.status, Status::LimitedProgress); // R = 0: score −2.5
        assert_abs_diff_eq!(zero.score.unwrap(), -2.5, epsilon = 1e-12);
        assert_eq!(zero.projected, Some(0.0));
        // 5 → 0 is a fall, not a flat series.
        let fell = run(&[2015, 2023], &[5.0, 0.0], goal, Direction::Increase);
        assert_eq!(fell.status, Status::Deterioration);
        // Data in or after the target year, short of the target: not achieved.
        let past = run(&[2015, 2030], &[1.0, 9.0], goal, Direction::Increase);
        assert_eq!(
            (past.status, past.achieved),
            (Status::NotAchieved, Some(false))
        );
        assert!(past.score.is_some());
        let one = run(&[2031], &[3.0], goal, Direction::Increase);
        assert_eq!((one.status, one.unassessable), (Status::NotAchieved, None));
        // Met at the deadline: achieved.
        let met = run(&[2015, 2030], &[1.0, 10.0], goal, Direction::Increase);
        assert_eq!(met.status, Status::TargetAchieved);
    }

    #[test]
    fn ratio_thresholds_and_score_breakpoints() {
        for (r, status, score) in [
            (-1.0, Status::Deterioration, -5.0),
            (-0.6, Status::Deterioration, -5.0),
            (0.0, Status::LimitedProgress, -2.5),
            (0.6, Status::AccelerationNeeded, 0.0),
            (0.95, Status::OnTrack, 2.5),
            (1.3, Status::OnTrack, 5.0),
            (2.0, Status::OnTrack, 5.0),
        ] {
            assert_eq!(ratio_status(r), status, "R = {r}");
            assert_abs_diff_eq!(ratio_score(r), score, epsilon = 1e-9);
        }
    }

    #[test]
    fn invalid_input_is_an_error() {
        let o = ProgressOptions::default();
        let g = Goal::target(2.0, 2030);
        let d = Direction::Increase;
        assert!(matches!(
            progress(&[2020, 2021], &[Some(1.0)], g, d, &o),
            Err(ProgressError::LengthMismatch {
                years: 2,
                values: 1
            })
        ));
        assert!(matches!(
            progress(&[2020, 2020], &[Some(1.0), Some(2.0)], g, d, &o),
            Err(ProgressError::DuplicateYear { year: 2020 })
        ));
        assert!(matches!(
            progress(&[2020, 2021], &[Some(f64::NAN), Some(2.0)], g, d, &o),
            Err(ProgressError::NonFinite { year: 2020, .. })
        ));
        assert!(matches!(
            progress(&[1800], &[Some(1.0)], g, d, &o),
            Err(ProgressError::YearOutOfRange { year: 1800 })
        ));
        let bad = ProgressOptions {
            limit_scaling: Some(2.0),
            ..o
        };
        assert!(matches!(
            progress(&[2020], &[Some(1.0)], g, d, &bad),
            Err(ProgressError::InvalidOption {
                name: "limit_scaling",
                ..
            })
        ));
    }
}
