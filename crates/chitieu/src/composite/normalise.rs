//! Normalise: min-max, z-score, rank, percent rank, distance to target, goalposts.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::error::{invalid, CompositeError};
use super::framework::{Framework, Polarity};
use super::matrix::Matrix;
use super::stats::mean;
use super::treat::present;
use crate::vocabulary::Direction;

/// How ties are ranked by [`Normalisation::Rank`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Ties {
    /// Tied values share the lowest rank of their block (COINr 1.x `n_rank` default).
    #[default]
    Min,
    /// Tied values share the mean rank of their block (COINr6 `rank`).
    Average,
}

/// A normalisation method. All apply to `d·x`, `d` = +1 or −1 the indicator's direction, as
/// COINr does, so that higher normalised values are always better.
///
/// | Variant | Formula on `y = d·x` (over the units with a value) | COINr |
/// |---|---|---|
/// | `MinMax {lo, hi}` | `(y − min y)/(max y − min y)·(hi − lo) + lo` | `n_minmax`, default `[0, 100]` |
/// | `ZScore {mean, sd}` | `(y − ȳ)/s_y·sd + mean`, `s_y` with `n − 1` | `n_zscore`, default `(0, 1)` |
/// | `Rank {ties}` | rank of `y` ascending (1 = worst) | `n_rank` (ties `min`) |
/// | `PercentRank` | `(rank_min(y) − 1)/(n − 1)` | `n_prank` |
/// | `DistToTarget {cap}` | `(y − min y)/(d·t − min y)`, capped at 1 if `cap` | `n_dist2targ` |
/// | `Goalposts {scale, truncate}` | `(x − l)/(u − l)` (d = 1) or `(u − x)/(u − l)` (d = −1), clamped to `[0, 1]` if `truncate`, × `scale` | COINr6 `goalposts` |
/// | `None` | `y` | `"none"` |
///
/// `t` is the indicator's target and `(l, u)` its goalposts ([`FrameworkRow`](super::FrameworkRow)). For `d = −1`
/// distance to target is `(max x − x)/(max x − t)`.
///
/// ```
/// use chitieu::composite::{normalise_values, Normalisation, Polarity, Ties};
/// let x = [Some(2.0), Some(4.0), Some(4.0), Some(10.0)];
/// let z = normalise_values(&x, Polarity::Positive, &Normalisation::default_zscore(), None, None)?;
/// // mean 5, sd = sqrt((9 + 1 + 1 + 25) / 3) = sqrt(12)
/// assert!((z[0].unwrap() + 3.0 / 12f64.sqrt()).abs() < 1e-15);
/// let r = normalise_values(&x, Polarity::Negative, &Normalisation::Rank { ties: Ties::Min }, None, None)?;
/// assert_eq!(r, [Some(4.0), Some(2.0), Some(2.0), Some(1.0)]);
/// # Ok::<(), chitieu::composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Normalisation {
    /// Min-max onto `[lo, hi]`.
    MinMax {
        /// Value of the worst unit.
        lo: f64,
        /// Value of the best unit.
        hi: f64,
    },
    /// Z-score scaled to a mean and standard deviation.
    ZScore {
        /// Target mean.
        mean: f64,
        /// Target standard deviation (> 0).
        sd: f64,
    },
    /// Ranks, 1 = worst.
    Rank {
        /// Tie rule.
        ties: Ties,
    },
    /// Percent ranks in `[0, 1]`, ties `min`.
    PercentRank,
    /// Distance to the indicator's target.
    DistToTarget {
        /// Cap scores above 1 (target surpassed) at 1.
        cap: bool,
    },
    /// Position between the indicator's goalposts.
    Goalposts {
        /// Multiplier of the result (e.g. 100).
        scale: f64,
        /// Clamp to `[0, 1]` before scaling.
        truncate: bool,
    },
    /// Only the direction applied: `d·x`.
    None,
}

impl Default for Normalisation {
    fn default() -> Self {
        Self::MinMax { lo: 0.0, hi: 100.0 }
    }
}

impl Normalisation {
    /// COINr's default z-score: mean 0, sd 1.
    pub fn default_zscore() -> Self {
        Self::ZScore { mean: 0.0, sd: 1.0 }
    }
}

impl FromStr for Normalisation {
    type Err = CompositeError;

    /// A method name with COINr's default parameters: `minmax` (0–100), `zscore` (0, 1),
    /// `rank`, `prank`, `dist2targ` (not capped), `goalposts` (× 100, truncated), `none`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "minmax" | "n_minmax" => Ok(Self::default()),
            "zscore" | "n_zscore" => Ok(Self::default_zscore()),
            "rank" | "n_rank" => Ok(Self::Rank { ties: Ties::Min }),
            "prank" | "n_prank" => Ok(Self::PercentRank),
            "dist2targ" | "n_dist2targ" => Ok(Self::DistToTarget { cap: false }),
            "goalposts" | "n_goalposts" => Ok(Self::Goalposts {
                scale: 100.0,
                truncate: true,
            }),
            "none" => Ok(Self::None),
            _ => Err(invalid(
                "normalisation",
                s,
                "minmax, zscore, rank, prank, dist2targ, goalposts or none",
            )),
        }
    }
}

/// Ranks in ascending order (1 = lowest value), ties as COINr's option says: the one ranking
/// rule of [`crate::ranking::ranks`], lower values first.
fn ascending_ranks(values: &[Option<f64>], ties: Ties) -> Vec<Option<f64>> {
    let ties = match ties {
        Ties::Min => crate::ranking::Ties::Min,
        Ties::Average => crate::ranking::Ties::Average,
    };
    crate::ranking::ranks(values, Direction::Decrease, ties)
}

fn norm_col(
    code: &str,
    x: &[Option<f64>],
    polarity: Polarity,
    method: &Normalisation,
    target: Option<f64>,
    goalposts: Option<(f64, f64)>,
) -> Result<Vec<Option<f64>>, CompositeError> {
    let fail = |reason| CompositeError::CannotNormalise {
        indicator: code.to_owned(),
        reason,
    };
    let d = polarity.sign();
    let y: Vec<Option<f64>> = x.iter().map(|v| v.map(|v| v * d)).collect();
    let vals = present(&y);
    if vals.is_empty() {
        return Err(fail("no values"));
    }
    let (mn, mx) = vals
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    let map = |f: &dyn Fn(f64) -> f64| y.iter().map(|v| v.map(f)).collect::<Vec<_>>();
    Ok(match *method {
        Normalisation::MinMax { lo, hi } => {
            if !(lo.is_finite() && hi.is_finite()) {
                return Err(invalid(
                    "min-max range",
                    format!("[{lo}, {hi}]"),
                    "finite bounds",
                ));
            }
            if mx == mn {
                return Err(fail("all values are equal (range 0)"));
            }
            map(&|v| (v - mn) / (mx - mn) * (hi - lo) + lo)
        }
        Normalisation::ZScore { mean: m0, sd: s0 } => {
            if !(m0.is_finite() && s0.is_finite() && s0 > 0.0) {
                return Err(invalid(
                    "z-score parameters",
                    format!("({m0}, {s0})"),
                    "finite mean and sd > 0",
                ));
            }
            if vals.len() < 2 || mx == mn {
                return Err(fail("standard deviation is 0 or undefined"));
            }
            let m = mean(&vals);
            let sd = (vals.iter().map(|v| (v - m) * (v - m)).sum::<f64>()
                / (vals.len() as f64 - 1.0))
                .sqrt();
            map(&|v| (v - m) / sd * s0 + m0)
        }
        Normalisation::Rank { ties } => ascending_ranks(&y, ties),
        Normalisation::PercentRank => {
            if vals.len() < 2 {
                return Err(fail("percent ranks need at least two values"));
            }
            let n1 = vals.len() as f64 - 1.0;
            ascending_ranks(&y, Ties::Min)
                .into_iter()
                .map(|r| r.map(|r| (r - 1.0) / n1))
                .collect()
        }
        Normalisation::DistToTarget { cap } => {
            let t = target.ok_or_else(|| CompositeError::MissingParameter {
                indicator: code.to_owned(),
                parameter: "target",
            })? * d;
            if t == mn {
                return Err(fail("the target equals the worst value"));
            }
            map(&|v| {
                let s = (v - mn) / (t - mn);
                if cap {
                    s.min(1.0)
                } else {
                    s
                }
            })
        }
        Normalisation::Goalposts { scale, truncate } => {
            let (l, u) = goalposts.ok_or_else(|| CompositeError::MissingParameter {
                indicator: code.to_owned(),
                parameter: "goalposts",
            })?;
            if !scale.is_finite() {
                return Err(invalid("goalposts scale", scale, "a finite number"));
            }
            x.iter()
                .map(|v| {
                    v.map(|v| {
                        let s = match polarity {
                            Polarity::Positive => (v - l) / (u - l),
                            Polarity::Negative => (u - v) / (u - l),
                        };
                        (if truncate { s.clamp(0.0, 1.0) } else { s }) * scale
                    })
                })
                .collect()
        }
        Normalisation::None => y,
    })
}

/// Normalises one column of values (see [`Normalisation`] for the formulas); `target` and
/// `goalposts` are needed only by the methods that use them. Errors name the column
/// `"values"`.
pub fn normalise_values(
    values: &[Option<f64>],
    polarity: Polarity,
    method: &Normalisation,
    target: Option<f64>,
    goalposts: Option<(f64, f64)>,
) -> Result<Vec<Option<f64>>, CompositeError> {
    norm_col("values", values, polarity, method, target, goalposts)
}

pub(super) fn normalise_cols(
    data: &Matrix,
    framework: &Framework,
    method: &Normalisation,
    by_indicator: &[(String, Normalisation)],
) -> Result<Vec<Vec<Option<f64>>>, CompositeError> {
    let codes = framework.indicator_codes();
    check_overrides(
        &codes,
        by_indicator.iter().map(|(c, _)| c.as_str()),
        "normalisation",
    )?;
    let cols = data.select(&codes, "data")?;
    framework
        .indicator_nodes()
        .zip(cols)
        .map(|(n, c)| {
            let m = by_indicator
                .iter()
                .find(|(code, _)| *code == n.code)
                .map_or(method, |(_, m)| m);
            norm_col(&n.code, c, n.polarity, m, n.target, n.goalposts)
        })
        .collect()
}

/// Refuses per-indicator settings for codes that are not indicators of the framework.
pub(super) fn check_overrides<'a>(
    indicators: &[&str],
    codes: impl Iterator<Item = &'a str>,
    stage: &'static str,
) -> Result<(), CompositeError> {
    let unknown: Vec<String> = codes
        .filter(|c| !indicators.contains(c))
        .map(str::to_owned)
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(CompositeError::UnknownIndicators {
            stage,
            codes: unknown,
        })
    }
}

/// Normalises each indicator of the framework, honouring its direction. The result has the
/// indicator columns, in framework order.
///
/// ```
/// use chitieu::composite::{normalise, Framework, FrameworkRow, Matrix, Normalisation};
/// let fw = Framework::from_rows(&[FrameworkRow::indicator("x", "P", 1.0, -1),
///                                 FrameworkRow::aggregate("P", 2, None, 1.0)])?;
/// let m = Matrix::from_rows(["a", "b", "c"], ["x"], &[vec![Some(1.0)], vec![Some(3.0)], vec![Some(2.0)]])?;
/// let n = normalise(&m, &fw, &Normalisation::default())?;
/// assert_eq!(n.column("x").unwrap(), [Some(100.0), Some(0.0), Some(50.0)]);
/// # Ok::<(), chitieu::composite::CompositeError>(())
/// ```
pub fn normalise(
    data: &Matrix,
    framework: &Framework,
    method: &Normalisation,
) -> Result<Matrix, CompositeError> {
    normalise_by(data, framework, method, &[])
}

/// [`normalise`] with per-indicator methods (COINr's `indiv_specs`): `by_indicator` names an
/// indicator and the method it uses instead of `method`.
pub fn normalise_by(
    data: &Matrix,
    framework: &Framework,
    method: &Normalisation,
    by_indicator: &[(String, Normalisation)],
) -> Result<Matrix, CompositeError> {
    let cols = normalise_cols(data, framework, method, by_indicator)?;
    let codes = framework
        .indicator_codes()
        .into_iter()
        .map(str::to_owned)
        .collect();
    Ok(data.with_columns(codes, cols))
}
