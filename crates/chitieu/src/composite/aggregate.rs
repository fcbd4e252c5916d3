//! Aggregate: weighted arithmetic, geometric or harmonic means of each aggregate's children.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::error::{invalid, CompositeError};
use super::framework::Framework;
use super::matrix::Matrix;

/// A weighted mean of an aggregate's children.
///
/// With the children present `x_i` and their weights `w_i` (missing children are dropped and
/// the remaining weights renormalised):
///
/// * arithmetic `Σ (w_i/Σw) x_i` (COINr `a_amean`);
/// * geometric `exp(Σ w_i ln x_i / Σ w_i)`, all `x_i > 0` (COINr `a_gmean`);
/// * harmonic `Σ w_i / Σ (w_i / x_i)`, no `x_i = 0` (COINr `a_hmean`).
///
/// ```
/// use chitieu::composite::Aggregation;
/// let x = [Some(1.0), Some(4.0), None, Some(16.0)];
/// let w = [1.0, 1.0, 5.0, 2.0];
/// assert_eq!(Aggregation::Arithmetic.mean(&x, &w), Some(37.0 / 4.0));
/// // (1 · 4 · 16²)^(1/4) = 1024^(1/4)
/// assert!((Aggregation::Geometric.mean(&x, &w).unwrap() - 1024f64.powf(0.25)).abs() < 1e-12);
/// // 4 / (1 + 1/4 + 2/16)
/// assert!((Aggregation::Harmonic.mean(&x, &w).unwrap() - 4.0 / 1.375).abs() < 1e-12);
/// assert_eq!(Aggregation::Geometric.mean(&[Some(0.0), Some(2.0)], &[1.0, 1.0]), None);
/// assert_eq!("geometric".parse::<Aggregation>().unwrap(), Aggregation::Geometric);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Aggregation {
    /// Weighted arithmetic mean (COINr's default).
    #[default]
    Arithmetic,
    /// Weighted geometric mean; children must be > 0 (e.g. min-max onto `[1, 100]`).
    Geometric,
    /// Weighted harmonic mean; children must be ≠ 0.
    Harmonic,
}

impl FromStr for Aggregation {
    type Err = CompositeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "arithmetic" | "arith_mean" | "a_amean" | "amean" => Ok(Self::Arithmetic),
            "geometric" | "geom_mean" | "a_gmean" | "gmean" => Ok(Self::Geometric),
            "harmonic" | "harm_mean" | "a_hmean" | "hmean" => Ok(Self::Harmonic),
            _ => Err(invalid(
                "aggregation",
                s,
                "arithmetic, geometric or harmonic",
            )),
        }
    }
}

impl Aggregation {
    /// The weighted mean of the present values; `None` if none is present or the mean is
    /// undefined for them (a value ≤ 0 for geometric, 0 for harmonic).
    ///
    /// # Panics
    /// If `values` and `weights` differ in length.
    pub fn mean(self, values: &[Option<f64>], weights: &[f64]) -> Option<f64> {
        assert_eq!(values.len(), weights.len(), "one weight per value");
        let mut wsum = 0.0;
        let mut any = false;
        for (x, w) in values.iter().zip(weights) {
            if let Some(x) = *x {
                any = true;
                wsum += w;
                let bad = match self {
                    Self::Arithmetic => false,
                    Self::Geometric => x <= 0.0,
                    Self::Harmonic => x == 0.0,
                };
                if bad {
                    return None;
                }
            }
        }
        if !any {
            return None;
        }
        let pairs = values
            .iter()
            .zip(weights)
            .filter_map(|(x, w)| x.map(|x| (x, *w)));
        Some(match self {
            Self::Arithmetic => pairs.map(|(x, w)| w / wsum * x).sum(),
            Self::Geometric => (pairs.map(|(x, w)| w * x.ln()).sum::<f64>() / wsum).exp(),
            Self::Harmonic => wsum / pairs.map(|(x, w)| w / x).sum::<f64>(),
        })
    }
}

/// Aggregation settings.
///
/// ```
/// use chitieu::composite::{AggregateOptions, Aggregation};
/// let o = AggregateOptions { method: Aggregation::Geometric, ..Default::default() };
/// assert_eq!(o.min_share, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct AggregateOptions {
    /// The mean used at every level.
    pub method: Aggregation,
    /// Least share of an aggregate's children that must be present, in `[0, 1]`, else the
    /// aggregate is NA (COINr's `dat_thresh`); `None`: one present child suffices.
    pub min_share: Option<f64>,
}

/// Aggregates all nodes: returns one column per node (indexed like `framework.nodes`).
pub(super) fn aggregate_nodes(
    framework: &Framework,
    indicator_cols: &[&[Option<f64>]],
    units: &[String],
    weights: &[f64],
    options: &AggregateOptions,
) -> Result<Vec<Vec<Option<f64>>>, CompositeError> {
    let n_units = units.len();
    let mut values: Vec<Vec<Option<f64>>> = vec![Vec::new(); framework.nodes.len()];
    for (&k, col) in framework.indicators.iter().zip(indicator_cols) {
        values[k] = col.to_vec();
    }
    let mut xs = Vec::new();
    let mut ws = Vec::new();
    for &a in &framework.aggregates {
        let kids = &framework.children[a];
        ws.clear();
        ws.extend(kids.iter().map(|&c| weights[c]));
        let mut col = Vec::with_capacity(n_units);
        for u in 0..n_units {
            xs.clear();
            xs.extend(kids.iter().map(|&c| values[c][u]));
            for (&c, x) in kids.iter().zip(&xs) {
                let Some(x) = *x else { continue };
                match options.method {
                    Aggregation::Geometric if x <= 0.0 => {
                        return Err(CompositeError::GeometricNonPositive {
                            aggregate: framework.nodes[a].code.clone(),
                            unit: units[u].clone(),
                            child: framework.nodes[c].code.clone(),
                            value: x,
                        })
                    }
                    Aggregation::Harmonic if x == 0.0 => {
                        return Err(CompositeError::HarmonicZero {
                            aggregate: framework.nodes[a].code.clone(),
                            unit: units[u].clone(),
                            child: framework.nodes[c].code.clone(),
                        })
                    }
                    _ => {}
                }
            }
            col.push(aggregate_one(options, &xs, &ws));
        }
        values[a] = col;
    }
    Ok(values)
}

/// One aggregate of one unit: the mean of the children present, when enough are present.
pub(super) fn aggregate_one(
    options: &AggregateOptions,
    xs: &[Option<f64>],
    ws: &[f64],
) -> Option<f64> {
    let enough = options
        .min_share
        .is_none_or(|s| xs.iter().filter(|x| x.is_some()).count() as f64 / xs.len() as f64 >= s);
    if enough {
        options.method.mean(xs, ws)
    } else {
        None
    }
}

pub(super) fn check_min_share(min_share: Option<f64>) -> Result<(), CompositeError> {
    match min_share {
        Some(s) if !(0.0..=1.0).contains(&s) => Err(invalid("min_share", s, "a share in [0, 1]")),
        _ => Ok(()),
    }
}

/// Aggregates level by level: each aggregate is the weighted mean of its direct children.
/// The result has the indicator columns (framework order) followed by the aggregates in
/// aggregation order (by level, the index last), as COINr's `Aggregated` data set.
///
/// ```
/// use chitieu::composite::{aggregate, AggregateOptions, Aggregation, Framework, FrameworkRow, Matrix};
/// let fw = Framework::from_rows(&[
///     FrameworkRow::indicator("x", "P", 1.0, 1),
///     FrameworkRow::indicator("y", "P", 3.0, 1),
///     FrameworkRow::aggregate("P", 2, None, 1.0),
/// ])?;
/// let n = Matrix::from_rows(["a"], ["x", "y"], &[vec![Some(1.0), Some(8.0)]])?;
/// let opts = |method| AggregateOptions { method, ..Default::default() };
/// let arith = aggregate(&n, &fw, &opts(Aggregation::Arithmetic))?;
/// assert_eq!(arith.get("a", "P"), Some(6.25)); // (1 + 3·8) / 4
/// let geo = aggregate(&n, &fw, &opts(Aggregation::Geometric))?;
/// assert!((geo.get("a", "P").unwrap() - 8f64.powf(0.75)).abs() < 1e-12);
/// let harm = aggregate(&n, &fw, &opts(Aggregation::Harmonic))?;
/// assert!((harm.get("a", "P").unwrap() - 4.0 / (1.0 + 3.0 / 8.0)).abs() < 1e-12);
/// # Ok::<(), chitieu::composite::CompositeError>(())
/// ```
pub fn aggregate(
    normalised: &Matrix,
    framework: &Framework,
    options: &AggregateOptions,
) -> Result<Matrix, CompositeError> {
    check_min_share(options.min_share)?;
    let codes = framework.indicator_codes();
    let cols = normalised.select(&codes, "normalised data")?;
    let weights: Vec<f64> = framework.nodes.iter().map(|n| n.weight).collect();
    let mut values = aggregate_nodes(framework, &cols, &normalised.units, &weights, options)?;
    let order: Vec<usize> = framework
        .indicators
        .iter()
        .chain(&framework.aggregates)
        .copied()
        .collect();
    let out_codes = order
        .iter()
        .map(|&k| framework.nodes[k].code.clone())
        .collect();
    let out_cols = order
        .iter()
        .map(|&k| std::mem::take(&mut values[k]))
        .collect();
    Ok(normalised.with_columns(out_codes, out_cols))
}
