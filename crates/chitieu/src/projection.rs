//! Projection of a series to a target year, and the first year a target is met.
//!
//! Methods (docs/methods.md §3), each fitted on the points from the base year to the latest year:
//!
//! * [`Projection::Cagr`] (default): `ŷ(t) = yi (1 + CAGR_obs)^(t − ti)`, the growth of the
//!   Open SDG measure continued (Eurostat's extrapolation);
//! * [`Projection::Linear`]: ordinary least squares line `ŷ(t) = a + b t`;
//! * [`Projection::TimeWeighted`]: weighted least squares with weight `t − t0 + 1` on the
//!   point of year `t`, so recent years weigh more.
//!
//! ```
//! use chitieu::projection::{project, Projection};
//! use chitieu::Point;
//! let pts = [Point { year: 2020, value: 1.0 }, Point { year: 2021, value: 2.0 },
//!            Point { year: 2022, value: 3.0 }];
//! assert!((project(&pts, 2030, Projection::Linear, 0.001).unwrap() - 11.0).abs() < 1e-9);
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::progress::{cagr, meets, Direction, Goal, Point, Progress, ProgressError};
use crate::vocabulary::Bilingual;

/// Last year searched for the year a projection meets its target.
pub const SEARCH_UNTIL: i32 = 2100;

/// How a series is projected forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Projection {
    /// Compound growth from the base to the latest year, continued.
    #[default]
    Cagr,
    /// Ordinary least squares linear trend.
    Linear,
    /// Least squares with weights growing linearly with time.
    TimeWeighted,
}

impl Projection {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cagr => "cagr",
            Self::Linear => "linear",
            Self::TimeWeighted => "time_weighted",
        }
    }

    /// One line for output tables.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Cagr => "projection by CAGR extrapolation from the latest value",
            Self::Linear => "projection by an OLS linear trend",
            Self::TimeWeighted => "projection by a linear trend weighted by t - t0 + 1",
        }
    }

    /// [`Projection::describe`] in both languages.
    ///
    /// ```
    /// use chitieu::projection::Projection;
    /// assert_eq!(Projection::Linear.text().vi, "dự báo theo xu thế tuyến tính OLS");
    /// ```
    pub fn text(self) -> Bilingual {
        let vi = match self {
            Self::Cagr => "dự báo bằng ngoại suy CAGR từ giá trị mới nhất",
            Self::Linear => "dự báo theo xu thế tuyến tính OLS",
            Self::TimeWeighted => "dự báo theo xu thế tuyến tính có trọng số t - t0 + 1",
        };
        Bilingual::new(vi, self.describe())
    }
}

impl fmt::Display for Projection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Projection {
    type Err = ProgressError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "cagr" => Ok(Self::Cagr),
            "linear" => Ok(Self::Linear),
            "time_weighted" => Ok(Self::TimeWeighted),
            _ => Err(ProgressError::InvalidOption {
                name: "projection",
                value: s.to_owned(),
                expected: "'cagr', 'linear' or 'time_weighted'",
            }),
        }
    }
}

/// A fitted projection `t ↦ ŷ(t)`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fit {
    Growth { from: Point, rate: f64 },
    Line { a: f64, b: f64 },
}

impl Fit {
    fn at(self, year: i32) -> f64 {
        match self {
            Self::Growth { from, rate } => from.value * (1.0 + rate).powi(year - from.year),
            Self::Line { a, b } => a + b * f64::from(year),
        }
    }
}

fn fit(points: &[Point], method: Projection, zero_replacement: f64) -> Option<Fit> {
    let (first, last) = (points.first()?, points.last()?);
    if points.len() < 2 || first.year == last.year {
        return None;
    }
    match method {
        Projection::Cagr => {
            let y0 = if first.value == 0.0 {
                zero_replacement
            } else {
                first.value
            };
            if y0 * last.value < 0.0 {
                return None;
            }
            Some(Fit::Growth {
                from: *last,
                rate: cagr(y0, last.value, last.year - first.year),
            })
        }
        Projection::Linear | Projection::TimeWeighted => {
            let w = |p: &Point| match method {
                Projection::TimeWeighted => f64::from(p.year - first.year + 1),
                _ => 1.0,
            };
            // Centre years on the first year for numerical stability.
            let x = |p: &Point| f64::from(p.year - first.year);
            let sw: f64 = points.iter().map(w).sum();
            let mx = points.iter().map(|p| w(p) * x(p)).sum::<f64>() / sw;
            let my = points.iter().map(|p| w(p) * p.value).sum::<f64>() / sw;
            let sxx: f64 = points.iter().map(|p| w(p) * (x(p) - mx).powi(2)).sum();
            let sxy: f64 = points
                .iter()
                .map(|p| w(p) * (x(p) - mx) * (p.value - my))
                .sum();
            let b = sxy / sxx;
            let a = my - b * mx - b * f64::from(first.year);
            Some(Fit::Line { a, b })
        }
    }
}

/// The value projected to `year` from `points` (sorted, all with data), or `None` when
/// the method cannot fit them (fewer than two points; mixed signs for CAGR).
pub fn project(
    points: &[Point],
    year: i32,
    method: Projection,
    zero_replacement: f64,
) -> Option<f64> {
    fit(points, method, zero_replacement).map(|f| f.at(year))
}

/// The projected path drawn from the latest point to `horizon`: a CAGR curve at every year
/// from the latest year (where it starts at the latest value) to `horizon`; a fitted line at
/// its two ends, its own value in the latest year and at `horizon`. Empty when the method
/// cannot fit the points or `horizon` is not after the latest year. Charts draw these points;
/// they never refit.
///
/// ```
/// use chitieu::projection::{path, Projection};
/// use chitieu::Point;
/// let pts = [Point { year: 2021, value: 1.0 }, Point { year: 2023, value: 4.0 }];
/// let p = path(&pts, 2025, Projection::Cagr, 0.001);
/// assert_eq!(p.iter().map(|q| q.year).collect::<Vec<_>>(), [2023, 2024, 2025]);
/// assert!((p[2].value - 16.0).abs() < 1e-9); // doubling a year
/// assert!(path(&pts, 2023, Projection::Cagr, 0.001).is_empty());
/// ```
pub fn path(
    points: &[Point],
    horizon: i32,
    method: Projection,
    zero_replacement: f64,
) -> Vec<Point> {
    let (Some(f), Some(latest)) = (fit(points, method, zero_replacement), points.last()) else {
        return Vec::new();
    };
    if horizon <= latest.year {
        return Vec::new();
    }
    let years: Vec<i32> = match f {
        Fit::Growth { .. } => (latest.year..=horizon).collect(),
        Fit::Line { .. } => vec![latest.year, horizon],
    };
    years
        .into_iter()
        .map(|year| Point {
            year,
            value: f.at(year),
        })
        .collect()
}

/// The points of a series a projection is fitted on: years from `base_year` with a value.
pub fn fitted_points(years: &[i32], values: &[Option<f64>], base_year: i32) -> Vec<Point> {
    years
        .iter()
        .zip(values)
        .filter(|(y, _)| **y >= base_year)
        .filter_map(|(&year, v)| v.map(|value| Point { year, value }))
        .collect()
}

/// The first year after the latest point in which the projection meets the target
/// (`d · (ŷ − target) ≥ 0`, or `> 0` when `strict`), searching up to `until`.
///
/// Both fits are monotone in the year (a constant growth rate, a straight line), so whether
/// a year meets the target changes at most once over the search: the first year is found by
/// bisection (about 7 evaluations instead of up to 80), and is the year a scan year by year
/// finds (tested against that scan).
pub fn first_year_met(
    points: &[Point],
    method: Projection,
    zero_replacement: f64,
    target: f64,
    direction_sign: f64,
    strict: bool,
    until: i32,
) -> Option<i32> {
    let f = fit(points, method, zero_replacement)?;
    let latest = points.last()?.year;
    let met = |y: i32| meets(direction_sign * (f.at(y) - target), strict);
    let (mut lo, mut hi) = (latest + 1, until);
    if lo > hi {
        return None;
    }
    if met(lo) {
        return Some(lo);
    }
    if !met(hi) {
        return None;
    }
    // Not met in `lo`, met in `hi`.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if met(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

/// What the projection of a measured series says about its target.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Outlook {
    /// Value projected to the goal's horizon.
    pub projected: Option<f64>,
    /// Eurostat's ratio `(ŷT − y0) / (yT − y0)`.
    pub projected_ratio: Option<f64>,
    /// Whether the projection meets the target by the horizon.
    pub projected_achieved: Option<bool>,
    /// First year the target is met: the latest year when already met, else the first
    /// projected year (searching to [`SEARCH_UNTIL`]).
    pub year_met: Option<i32>,
}

/// The outlook of a series measured by [`crate::progress()`] into `p`, projected with
/// `method` from the base year used by `p`.
pub fn outlook(
    p: &Progress,
    years: &[i32],
    values: &[Option<f64>],
    goal: Goal,
    direction: Direction,
    method: Projection,
) -> Outlook {
    let zero = p.options.zero_replacement;
    let base_year = p.base.map(|b| b.year);
    let points = base_year.map_or_else(Vec::new, |b| fitted_points(years, values, b));
    let mut o = Outlook {
        projected: project(&points, goal.horizon(), method, zero),
        ..Outlook::default()
    };
    if let (Some(t), Some(b), Some(proj)) = (goal.value(), p.base, o.projected) {
        // Eurostat's ratio compares the change projected to the target year with the change
        // required since the base year: undefined when the target year is not after it.
        if t != b.value && goal.horizon() > b.year {
            o.projected_ratio = Some((proj - b.value) / (t - b.value));
        }
        let strict = matches!(goal, Goal::Target { strict: true, .. });
        o.projected_achieved = Some(meets(direction.sign() * (proj - t), strict));
        if p.achieved != Some(true) {
            o.year_met = first_year_met(
                &points,
                method,
                zero,
                t,
                direction.sign(),
                strict,
                SEARCH_UNTIL,
            );
        }
    }
    // A target already achieved was met in the latest year, whether or not a projection
    // can be fitted (one point, or values of mixed signs for CAGR).
    if p.achieved == Some(true) {
        o.year_met = p.latest.map(|l| l.year);
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn achieved_target_is_met_in_the_latest_year_without_a_projection() {
        // Values of mixed signs: no CAGR projection can be fitted, but the target is met.
        let (years, values) = ([2020, 2023], [Some(-1.0), Some(12.0)]);
        let goal = Goal::target(10.0, 2030);
        let options = crate::progress::ProgressOptions::default();
        let p = crate::progress::progress(&years, &values, goal, Direction::Increase, &options)
            .unwrap();
        assert_eq!(p.achieved, Some(true));
        let o = outlook(
            &p,
            &years,
            &values,
            goal,
            Direction::Increase,
            Projection::Cagr,
        );
        assert_eq!(o.projected, None);
        assert_eq!(o.year_met, Some(2023));
    }

    fn pts(v: &[(i32, f64)]) -> Vec<Point> {
        v.iter()
            .map(|&(year, value)| Point { year, value })
            .collect()
    }

    #[test]
    fn bisection_finds_the_year_a_scan_finds() {
        // A second implementation: the scan year by year, on many fits of both kinds.
        let mut rng = crate::composite::Xoshiro256::from_seed(20261205);
        let mut checked = 0;
        for case in 0..20_000 {
            let first = 2000 + (rng.next_f64() * 20.0) as i32;
            let latest = first + 1 + (rng.next_f64() * 10.0) as i32;
            let v0 = 0.01 + rng.next_f64() * 100.0;
            let v1 = (v0 * (0.2 + rng.next_f64() * 3.0) * 100.0).round() / 100.0;
            let pts = pts(&[(first, v0), (latest, v1)]);
            let method = [Projection::Cagr, Projection::Linear][case % 2];
            let target = ((0.1 + rng.next_f64() * 400.0) * 10.0).round() / 10.0;
            let (d, strict) = ([1.0, -1.0][case % 3 % 2], case % 5 == 0);
            let Some(f) = fit(&pts, method, 0.001) else {
                continue;
            };
            let scan = (latest + 1..=SEARCH_UNTIL).find(|&y| meets(d * (f.at(y) - target), strict));
            let found = first_year_met(&pts, method, 0.001, target, d, strict, SEARCH_UNTIL);
            assert_eq!(
                found, scan,
                "{pts:?} {method:?} target {target} d {d} strict {strict}"
            );
            checked += usize::from(scan.is_some());
        }
        assert!(checked > 1_000, "{checked}");
    }

    #[test]
    fn cagr_projection_is_vector_a() {
        let p = pts(&[(2015, 1.2), (2023, 1.6)]);
        let v = project(&p, 2030, Projection::Cagr, 0.001).unwrap();
        assert!((v - 2.057981).abs() < 1e-6);
        // 2.0 is first reached in 2030 (2029: 1.985).
        assert_eq!(
            first_year_met(&p, Projection::Cagr, 0.001, 2.0, 1.0, false, 2100),
            Some(2030)
        );
    }

    #[test]
    fn linear_and_time_weighted_by_hand() {
        // y = 1, 2, 2, 5 at x = 0..3: OLS slope = 1.2, intercept 0.7 → ŷ(x=10) = 12.7.
        let p = pts(&[(2020, 1.0), (2021, 2.0), (2022, 2.0), (2023, 5.0)]);
        let v = project(&p, 2030, Projection::Linear, 0.001).unwrap();
        assert!((v - 12.7).abs() < 1e-9, "{v}");
        // Weights 1..4: Σw = 10, x̄ = 2, ȳ = 3.1, Sxx = 10,
        // Sxy = 1(−2)(−2.1) + 2(−1)(−1.1) + 0 + 4(1)(1.9) = 14 → b = 1.4,
        // a = 3.1 − 2.8 = 0.3 → ŷ(10) = 14.3.
        let v = project(&p, 2030, Projection::TimeWeighted, 0.001).unwrap();
        assert!((v - 14.3).abs() < 1e-9, "{v}");
        // Decreasing target met when ŷ ≤ 0: never for a rising line.
        assert_eq!(
            first_year_met(&p, Projection::Linear, 0.001, 0.0, -1.0, false, 2100),
            None
        );
        assert_eq!(project(&p[..1], 2030, Projection::Linear, 0.001), None);
    }
}
