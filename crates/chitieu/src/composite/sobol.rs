//! Variance-based sensitivity of the index ranks (COINr's `get_sensitivity(SA_type = "SA")`):
//! first-order and total Sobol indices of each uncertain input, with bootstrap intervals.
//!
//! Design (Saltelli 2010): two independent samples `A` and `B` of `N` draws each, and for
//! each input `i` the sample `A_B^(i)`: `A` with input `i` taken from `B`; `N(d + 2)` runs for
//! `d` inputs. The inputs are those that vary: the weights (all perturbed weights together,
//! one input, as COINr's weight sets), the normalisation, the aggregation and the treatment.
//! The output of a run is COINr's: the mean absolute difference between each unit's rank and
//! its nominal rank (over the units ranked in both). With `V = var(y_A ∪ y_B)` (n − 1):
//!
//! * first order `S_i = mean(y_B · (y_ABi − y_A)) / V` (Saltelli 2010);
//! * total `ST_i = Σ (y_A − y_ABi)² / (2N · V)` (Jansen 1999);
//! * 90 % intervals: the 5th and 95th type-7 percentiles of `bootstrap` resamples of the `N`
//!   terms of each estimator (resampled separately, `V` fixed), as COINr's `SA_estimate`.

use rayon::prelude::*;
use serde::Serialize;

use super::design::{Design, Draw};
use super::error::{invalid, CompositeError};
use super::framework::Framework;
use super::matrix::Matrix;
use super::rank::desc_min_ranks;
use super::rng::Xoshiro256;
use super::stats::quantile7;
use super::uncertainty::{Replication, UncertainInput, Uncertainty, UncertaintySpec};

/// Bootstrap streams are seeded apart from the samples' (`seed ^ BOOTSTRAP`).
const BOOTSTRAP: u64 = 0x5EED_B007_5EED_B007;

/// The sensitivity indices of one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SobolIndex {
    /// The input.
    pub input: UncertainInput,
    /// First-order index `S_i`.
    pub first: f64,
    /// Total index `ST_i`.
    pub total: f64,
    /// 5th and 95th bootstrap percentiles of `S_i` (`None` without a bootstrap).
    pub first_interval: Option<(f64, f64)>,
    /// 5th and 95th bootstrap percentiles of `ST_i`.
    pub total_interval: Option<(f64, f64)>,
}

/// Result of [`sobol`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Sobol {
    /// One entry per input, in the order weights, normalisation, aggregation, treatment.
    pub indices: Vec<SobolIndex>,
    /// Variance of the output over the `A` and `B` runs.
    pub variance: f64,
    /// The `A` and `B` runs (`2N`) as an uncertainty analysis: rank statistics as COINr
    /// reports them for a sensitivity analysis.
    pub runs: Uncertainty,
}

/// COINr's output of a run: mean |rank − nominal rank| over the units ranked in both.
fn mean_shift(ranks: &[Option<u32>], nominal: &[Option<u32>]) -> Option<f64> {
    let d: Vec<f64> = ranks
        .iter()
        .zip(nominal)
        .filter_map(|(a, b)| Some((f64::from((*a)?) - f64::from((*b)?)).abs()))
        .collect();
    (!d.is_empty()).then(|| d.iter().sum::<f64>() / d.len() as f64)
}

/// Sobol sensitivity indices of the index ranks: `spec.replications` is `N` (the size of
/// each of the samples `A` and `B`); `bootstrap` resamples give the intervals (0: none).
/// Needs at least two inputs that vary.
///
/// ```
/// use chitieu::composite::{sobol, Aggregation, Framework, FrameworkRow, Matrix, Normalisation,
///                          UncertaintySpec};
/// let fw = Framework::from_rows(&[
///     FrameworkRow::indicator("x", "I", 1.0, 1),
///     FrameworkRow::indicator("y", "I", 1.0, 1),
///     FrameworkRow::aggregate("I", 2, None, 1.0),
/// ])?;
/// let m = Matrix::from_rows(["a", "b", "c", "d"], ["x", "y"], &[
///     vec![Some(1.0), Some(9.0)], vec![Some(9.0), Some(1.0)],
///     vec![Some(5.0), Some(5.5)], vec![Some(2.0), Some(2.0)]])?;
/// let spec = UncertaintySpec {
///     replications: 400, seed: 3, weight_noise: 0.5,
///     aggregations: vec![Aggregation::Arithmetic, Aggregation::Geometric],
///     normalisations: vec![Normalisation::MinMax { lo: 1.0, hi: 100.0 }],
///     ..Default::default()
/// };
/// let s = sobol(&m, &fw, &spec, 50)?;
/// assert_eq!(s.indices.len(), 2); // weights, aggregation
/// assert!(s.indices.iter().all(|i| i.total >= -0.1 && i.first_interval.is_some()));
/// assert_eq!(s.runs.replications(), 800);
/// # Ok::<(), chitieu::composite::CompositeError>(())
/// ```
pub fn sobol(
    data: &Matrix,
    framework: &Framework,
    spec: &UncertaintySpec,
    bootstrap: usize,
) -> Result<Sobol, CompositeError> {
    let design = Design::new(data, framework, spec)?;
    let mut inputs = Vec::new();
    if !design.perturbed.is_empty() {
        inputs.push(UncertainInput::Weights);
    }
    inputs.extend(design.choices());
    let d = inputs.len();
    if d < 2 {
        return Err(invalid(
            "uncertain inputs",
            d,
            "at least two that vary (weights, normalisation, aggregation, treatment): with \
             one, use the uncertainty analysis",
        ));
    }
    let n = spec.replications;
    if n.saturating_mul(d + 2) > super::uncertainty::MAX_REPLICATIONS {
        return Err(invalid(
            "replications",
            n,
            "at most 1,000,000 runs in all (N × (inputs + 2))",
        ));
    }
    let nominal_scores = design.nominal_scores()?;
    let nominal_ranks = desc_min_ranks(&nominal_scores);
    // The samples A and B, drawn once (stream r for A, N + r for B); every A_B^(i) run is
    // a copy of an A draw with one input from B.
    let sample = |offset: usize| -> Vec<Draw> {
        (0..n)
            .map(|r| {
                design.draw(&mut Xoshiro256::for_replication(
                    spec.seed,
                    (offset + r) as u64,
                ))
            })
            .collect()
    };
    let (a, b) = (sample(0), sample(n));
    // Runs in the order A (N), B (N), then A_B^(i) for each input (N each).
    let evaluate = |k: usize| -> Result<Replication, CompositeError> {
        let (block, r) = (k / n, k % n);
        let draw = match block {
            0 => a[r].clone(),
            1 => b[r].clone(),
            i => {
                let (mut mixed, from) = (a[r].clone(), &b[r]);
                match inputs[i - 2] {
                    UncertainInput::Weights => mixed.multipliers.clone_from(&from.multipliers),
                    UncertainInput::Normalisation => mixed.normalisation = from.normalisation,
                    UncertainInput::Aggregation => mixed.aggregation = from.aggregation,
                    UncertainInput::Treatment => mixed.treatment = from.treatment,
                    UncertainInput::Weight { .. } => unreachable!("weights are one input"),
                }
                mixed
            }
        };
        design.replicate(draw)
    };
    let runs: Vec<Replication> = (0..n * (d + 2))
        .into_par_iter()
        .map(evaluate)
        .collect::<Result<_, _>>()?;
    let y: Vec<f64> = runs
        .iter()
        .map(|rep| mean_shift(&rep.ranks, &nominal_ranks).unwrap_or(f64::NAN))
        .collect();
    let (y_a, y_b) = (&y[..n], &y[n..2 * n]);
    let both: Vec<f64> = y[..2 * n].to_vec();
    let mean = both.iter().sum::<f64>() / both.len() as f64;
    let variance = both.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (both.len() as f64 - 1.0);
    let mut indices = Vec::with_capacity(d);
    for (i, input) in inputs.iter().enumerate() {
        let y_ab = &y[(2 + i) * n..(3 + i) * n];
        let first_terms: Vec<f64> = (0..n).map(|r| y_b[r] * (y_ab[r] - y_a[r])).collect();
        let total_terms: Vec<f64> = (0..n).map(|r| y_a[r] - y_ab[r]).collect();
        let first = |t: &[f64]| t.iter().sum::<f64>() / n as f64 / variance;
        let total = |t: &[f64]| t.iter().map(|v| v * v).sum::<f64>() / (2.0 * n as f64 * variance);
        let interval = |terms: &[f64], estimate: &dyn Fn(&[f64]) -> f64, stream: u64| {
            (bootstrap > 0).then(|| {
                let mut rng = Xoshiro256::for_replication(spec.seed ^ BOOTSTRAP, stream);
                let mut est: Vec<f64> = (0..bootstrap)
                    .map(|_| {
                        let resample: Vec<f64> = (0..n).map(|_| terms[rng.next_index(n)]).collect();
                        estimate(&resample)
                    })
                    .collect();
                est.sort_by(f64::total_cmp);
                (
                    quantile7(&est, 0.05).unwrap_or(f64::NAN),
                    quantile7(&est, 0.95).unwrap_or(f64::NAN),
                )
            })
        };
        indices.push(SobolIndex {
            input: input.clone(),
            first: first(&first_terms),
            total: total(&total_terms),
            first_interval: interval(&first_terms, &first, 2 * i as u64),
            total_interval: interval(&total_terms, &total, 2 * i as u64 + 1),
        });
    }
    let mut ab = runs;
    ab.truncate(2 * n);
    Ok(Sobol {
        indices,
        variance,
        runs: design.analysis(nominal_scores, nominal_ranks, ab),
    })
}
