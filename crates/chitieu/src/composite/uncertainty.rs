//! Monte Carlo uncertainty and sensitivity of the ranks.

use std::fmt;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::aggregate::Aggregation;
use super::design::Design;
use super::error::{invalid, CompositeError};
use super::framework::Framework;
use super::matrix::Matrix;
use super::normalise::Normalisation;
#[cfg(doc)]
use super::pipeline::PipelineSpec;
use super::rank::desc_min_ranks;
use super::rng::Xoshiro256;
use super::stats::correlation_ratio;
use super::treat::TreatOptions;

/// What the Monte Carlo varies.
///
/// Replication `r` draws, from [`Xoshiro256::for_replication`]`(seed, r)` and in this order:
/// one uniform `u` per perturbed weight (framework row order), giving the multiplier
/// `1 + weight_noise·(2u − 1)`, i.e. the weight uniform on `[w(1−p), w(1+p))`, as COINr's
/// `get_noisy_weights`; then, if there are several, the normalisation and the aggregation,
/// each uniformly among the list. The first normalisation and aggregation with the
/// unperturbed weights give the nominal result.
///
/// ```
/// use chitieu::composite::{Aggregation, UncertaintySpec};
/// let s = UncertaintySpec { weight_noise: 0.25, ..Default::default() };
/// assert_eq!(s.aggregations, [Aggregation::Arithmetic]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UncertaintySpec {
    /// Number of replications (≥ 1).
    pub replications: usize,
    /// Seed.
    pub seed: u64,
    /// Relative half-width `p` of the weight perturbation, in `[0, 1)` (0.25 = ±25 %).
    pub weight_noise: f64,
    /// Levels whose weights are perturbed (e.g. `[2, 3]`); `None`: every node but the index.
    pub weight_levels: Option<Vec<u32>>,
    /// Normalisations to draw from (the first is nominal); not empty.
    pub normalisations: Vec<Normalisation>,
    /// Aggregations to draw from (the first is nominal); not empty.
    pub aggregations: Vec<Aggregation>,
    /// Treatments to draw from (the first is nominal). Empty: the data given is already
    /// treated; otherwise it is the untreated data, treated once by each alternative before
    /// the replications (COINr's Winsorisation limits `winmax` 1–5, say).
    pub treatments: Vec<Option<TreatOptions>>,
    /// Per-indicator normalisations kept in every replication (as in [`PipelineSpec`]).
    pub normalisation_by: Vec<(String, Normalisation)>,
    /// Per-indicator treatments kept in every replication.
    pub treatment_by: Vec<(String, Option<TreatOptions>)>,
    /// As [`AggregateOptions::min_share`](super::AggregateOptions::min_share).
    pub min_share: Option<f64>,
    /// The index as built, whose ranks are the nominal ones; `None`: the first of each list
    /// with unperturbed weights.
    pub nominal: Option<NominalChoice>,
}

/// The construction the nominal ranks come from (COINr: the coin as built), when it is not
/// the first alternative of each list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NominalChoice {
    /// Treatment of the (untreated) data; ignored when the data came treated.
    pub treatment: Option<TreatOptions>,
    /// Normalisation.
    pub normalisation: Normalisation,
    /// Aggregation.
    pub aggregation: Aggregation,
}

impl Default for UncertaintySpec {
    fn default() -> Self {
        Self {
            replications: 1000,
            seed: 1,
            weight_noise: 0.0,
            weight_levels: None,
            normalisations: vec![Normalisation::default()],
            aggregations: vec![Aggregation::Arithmetic],
            treatments: Vec::new(),
            normalisation_by: Vec::new(),
            treatment_by: Vec::new(),
            min_share: None,
            nominal: None,
        }
    }
}

/// An uncertain input of the Monte Carlo.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UncertainInput {
    /// The weight of this node.
    Weight {
        /// Node code.
        code: String,
    },
    /// The normalisation choice.
    Normalisation,
    /// The aggregation choice.
    Aggregation,
    /// The treatment choice.
    Treatment,
    /// Every perturbed weight together, as one input (COINr's weight sets in a sensitivity
    /// analysis).
    Weights,
}

impl fmt::Display for UncertainInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Weight { code } => write!(f, "weight of {code}"),
            Self::Normalisation => f.write_str("normalisation"),
            Self::Aggregation => f.write_str("aggregation"),
            Self::Treatment => f.write_str("treatment"),
            Self::Weights => f.write_str("weights"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct Replication {
    pub(super) multipliers: Vec<f64>,
    pub(super) normalisation: usize,
    pub(super) aggregation: usize,
    pub(super) treatment: usize,
    pub(super) scores: Vec<Option<f64>>,
    pub(super) ranks: Vec<Option<u32>>,
}

/// One unit's rank distribution over the replications.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RankStats {
    /// Unit id.
    pub unit: String,
    /// Rank in the nominal configuration.
    pub nominal: Option<u32>,
    /// Mean rank.
    pub mean: Option<f64>,
    /// Median rank (type-7 quantile at 0.5).
    pub median: Option<f64>,
    /// 5th percentile rank (type 7).
    pub q05: Option<f64>,
    /// 95th percentile rank (type 7).
    pub q95: Option<f64>,
    /// Replications in which the unit had a score.
    pub ranked: usize,
}

/// First-order sensitivity index of one uncertain input.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Sensitivity {
    /// The input.
    pub input: UncertainInput,
    /// Index for the mean absolute rank shift from the nominal ranks (COINr's target output).
    pub mean_rank_shift: Option<f64>,
    /// Index for each unit's rank (`None` where the rank never varies).
    pub by_unit: Vec<Option<f64>>,
}

/// Results of [`monte_carlo`]: the index score and rank of every unit in every replication.
///
/// Ranks are of the index at full precision, 1 = highest, ties share the best rank (`min`).
/// Percentiles are R's default (type 7): for sorted ranks `r_1 ≤ … ≤ r_N` and probability
/// `p`, `h = (N − 1)p`, `Q = r_{⌊h⌋+1} + (h − ⌊h⌋)(r_{⌊h⌋+2} − r_{⌊h⌋+1})`, as COINr's
/// `get_sensitivity` (`stats::quantile`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Uncertainty {
    pub(super) units: Vec<String>,
    pub(super) inputs: Vec<UncertainInput>,
    pub(super) n_normalisations: usize,
    pub(super) n_aggregations: usize,
    pub(super) n_treatments: usize,
    pub(super) nominal_scores: Vec<Option<f64>>,
    pub(super) nominal_ranks: Vec<Option<u32>>,
    pub(super) reps: Vec<Replication>,
}

impl Uncertainty {
    /// Unit ids.
    pub fn units(&self) -> &[String] {
        &self.units
    }

    /// Number of replications.
    pub fn replications(&self) -> usize {
        self.reps.len()
    }

    /// The uncertain inputs: perturbed weights (framework row order), then the normalisation
    /// and aggregation choices if there are several.
    pub fn inputs(&self) -> &[UncertainInput] {
        &self.inputs
    }

    /// Index scores of the nominal configuration.
    pub fn nominal_scores(&self) -> &[Option<f64>] {
        &self.nominal_scores
    }

    /// Ranks of the nominal configuration.
    pub fn nominal_ranks(&self) -> &[Option<u32>] {
        &self.nominal_ranks
    }

    /// Index scores of replication `r` (panics if out of range).
    pub fn scores(&self, r: usize) -> &[Option<f64>] {
        &self.reps[r].scores
    }

    /// Ranks of replication `r` (panics if out of range).
    pub fn ranks(&self, r: usize) -> &[Option<u32>] {
        &self.reps[r].ranks
    }

    /// The value of each input in replication `r`: the weight multiplier, or the index of the
    /// normalisation / aggregation drawn (panics if out of range).
    pub fn input_values(&self, r: usize) -> Vec<f64> {
        let rep = &self.reps[r];
        let mut v = rep.multipliers.clone();
        if self.n_normalisations > 1 {
            v.push(rep.normalisation as f64);
        }
        if self.n_aggregations > 1 {
            v.push(rep.aggregation as f64);
        }
        if self.n_treatments > 1 {
            v.push(rep.treatment as f64);
        }
        v
    }

    /// How often each unit had each rank: `counts[u][k]` for rank `k` (one pass over the
    /// replications; ranks are at most the number of units).
    fn rank_counts(&self) -> Vec<Vec<usize>> {
        let n = self.units.len();
        let mut counts = vec![vec![0usize; n + 1]; n];
        for rep in &self.reps {
            for (c, k) in counts.iter_mut().zip(&rep.ranks) {
                if let Some(k) = k {
                    c[*k as usize] += 1;
                }
            }
        }
        counts
    }

    /// Type-7 quantile `p` of each unit's rank.
    pub fn rank_quantile(&self, p: f64) -> Vec<Option<f64>> {
        self.rank_counts()
            .iter()
            .map(|c| counted_quantile7(c, p))
            .collect()
    }

    /// Median rank of each unit.
    pub fn median_ranks(&self) -> Vec<Option<f64>> {
        self.rank_quantile(0.5)
    }

    /// Nominal, mean, median, 5th and 95th percentile rank of each unit.
    pub fn rank_stats(&self) -> Vec<RankStats> {
        self.rank_counts()
            .iter()
            .enumerate()
            .map(|(u, c)| {
                let ranked: usize = c.iter().sum();
                let total: f64 = c.iter().enumerate().map(|(k, &n)| (k * n) as f64).sum();
                RankStats {
                    unit: self.units[u].clone(),
                    nominal: self.nominal_ranks[u],
                    mean: (ranked > 0).then(|| total / ranked as f64),
                    median: counted_quantile7(c, 0.5),
                    q05: counted_quantile7(c, 0.05),
                    q95: counted_quantile7(c, 0.95),
                    ranked,
                }
            })
            .collect()
    }

    /// For each unit of `group` (unit indices; `None`: all units, in order), the share of
    /// replications in which its rank **within the group** is ≤ `k`. Ranks within the group
    /// are recomputed from the scores in each replication (1 = highest, ties `min`); a unit
    /// without a score in a replication counts as not ranked ≤ `k`. Without ties the shares
    /// over the group sum to `min(k, group size)`.
    pub fn prob_rank_at_most(
        &self,
        k: u32,
        group: Option<&[usize]>,
    ) -> Result<Vec<f64>, CompositeError> {
        let n = self.units.len();
        let members: Vec<usize> = match group {
            Some(g) => {
                let mut seen = vec![false; n];
                for &i in g {
                    if i >= n || seen[i] {
                        return Err(CompositeError::UnitIndex { index: i, units: n });
                    }
                    seen[i] = true;
                }
                g.to_vec()
            }
            None => (0..n).collect(),
        };
        let mut counts = vec![0usize; members.len()];
        let mut sub = vec![None; members.len()];
        for rep in &self.reps {
            let ranks = if group.is_none() {
                rep.ranks.clone()
            } else {
                for (s, &u) in sub.iter_mut().zip(&members) {
                    *s = rep.scores[u];
                }
                desc_min_ranks(&sub)
            };
            for (c, r) in counts.iter_mut().zip(&ranks) {
                if r.is_some_and(|r| r <= k) {
                    *c += 1;
                }
            }
        }
        let total = self.reps.len() as f64;
        Ok(counts.into_iter().map(|c| c as f64 / total).collect())
    }

    /// [`Uncertainty::prob_rank_at_most`] for a group named by unit ids: one probability per
    /// member, in the order given. Nothing is recomputed: the scores of every replication are
    /// kept in the result, so any `k` and any group are answered from them.
    ///
    /// ```
    /// # use chitieu::composite::*;
    /// # let fw = Framework::from_rows(&[
    /// #     FrameworkRow::indicator("x", "Index", 1.0, 1),
    /// #     FrameworkRow::indicator("y", "Index", 1.0, 1),
    /// #     FrameworkRow::aggregate("Index", 2, None, 1.0),
    /// # ])?;
    /// # let data = Matrix::from_rows(["a", "b", "c"], ["x", "y"], &[
    /// #     vec![Some(1.0), Some(3.0)], vec![Some(2.0), Some(1.0)], vec![Some(3.0), Some(2.0)]])?;
    /// let spec = UncertaintySpec { replications: 200, seed: 1, ..Default::default() };
    /// let u = monte_carlo(&data, &fw, &spec)?;
    /// let p = u.prob_rank_at_most_of(1, "ab", &["a", "b"])?;
    /// assert!((p[0] + p[1] - 1.0).abs() < 1e-12);
    /// assert!(u.prob_rank_at_most_of(1, "ab", &["a", "z"]).is_err());
    /// # Ok::<(), CompositeError>(())
    /// ```
    pub fn prob_rank_at_most_of(
        &self,
        k: u32,
        group: &str,
        members: &[&str],
    ) -> Result<Vec<f64>, CompositeError> {
        let idx = members
            .iter()
            .map(|m| {
                self.units
                    .iter()
                    .position(|u| u == m)
                    .ok_or_else(|| CompositeError::UnknownUnit {
                        unit: (*m).to_owned(),
                        group: group.to_owned(),
                        hint: crate::catalog::did_you_mean(
                            m,
                            self.units.iter().map(String::as_str),
                        ),
                    })
            })
            .collect::<Result<Vec<usize>, _>>()?;
        self.prob_rank_at_most(k, Some(&idx))
    }

    /// First-order sensitivity index `S_i = Var(E[Y | X_i]) / Var(Y)` of each input, for two
    /// outputs `Y`: each unit's rank, and the mean absolute rank shift from the nominal ranks
    /// (over the units ranked in both; COINr's output for its sensitivity analysis).
    ///
    /// Estimator (binning, the correlation ratio η²): the replications are split into bins of
    /// the input — for a weight, `bins` consecutive groups of (as nearly as possible) equal
    /// size after sorting the replications by the weight's multiplier (ties by replication
    /// index); for the normalisation or aggregation choice, one bin per option — and
    /// `S_i ≈ Σ_b n_b (ȳ_b − ȳ)² / Σ_r (y_r − ȳ)²`. It is ≥ 0 and biased upwards by about
    /// `(bins − 1)/N` for an input without effect; `None` when `Y` never varies.
    /// Needs `bins ≥ 2` and `N ≥ 2·bins` replications.
    pub fn sensitivity(&self, bins: usize) -> Result<Vec<Sensitivity>, CompositeError> {
        let n_reps = self.reps.len();
        if bins < 2 || n_reps < 2 * bins {
            return Err(invalid(
                "number of bins",
                bins,
                "at least 2, and at most half the number of replications",
            ));
        }
        let shift: Vec<Option<f64>> = self
            .reps
            .iter()
            .map(|rep| {
                let d: Vec<f64> = rep
                    .ranks
                    .iter()
                    .zip(&self.nominal_ranks)
                    .filter_map(|(a, b)| Some((f64::from((*a)?) - f64::from((*b)?)).abs()))
                    .collect();
                (!d.is_empty()).then(|| d.iter().sum::<f64>() / d.len() as f64)
            })
            .collect();
        let unit_y: Vec<Vec<Option<f64>>> = (0..self.units.len())
            .map(|u| {
                self.reps
                    .iter()
                    .map(|r| r.ranks[u].map(f64::from))
                    .collect()
            })
            .collect();
        let mut out = Vec::with_capacity(self.inputs.len());
        for (j, input) in self.inputs.iter().enumerate() {
            let (bin, n_bins): (Vec<usize>, usize) = match input {
                UncertainInput::Weight { .. } => {
                    let mut order: Vec<usize> = (0..n_reps).collect();
                    order.sort_by(|&a, &b| {
                        self.reps[a].multipliers[j]
                            .total_cmp(&self.reps[b].multipliers[j])
                            .then(a.cmp(&b))
                    });
                    let mut bin = vec![0; n_reps];
                    for (pos, &r) in order.iter().enumerate() {
                        bin[r] = pos * bins / n_reps;
                    }
                    (bin, bins)
                }
                UncertainInput::Normalisation => (
                    self.reps.iter().map(|r| r.normalisation).collect(),
                    self.n_normalisations,
                ),
                UncertainInput::Aggregation => (
                    self.reps.iter().map(|r| r.aggregation).collect(),
                    self.n_aggregations,
                ),
                UncertainInput::Weights => unreachable!("weights are one input only in sobol()"),
                UncertainInput::Treatment => (
                    self.reps.iter().map(|r| r.treatment).collect(),
                    self.n_treatments,
                ),
            };
            out.push(Sensitivity {
                input: input.clone(),
                mean_rank_shift: correlation_ratio(&shift, &bin, n_bins),
                by_unit: unit_y
                    .iter()
                    .map(|y| correlation_ratio(y, &bin, n_bins))
                    .collect(),
            });
        }
        Ok(out)
    }
}

/// The type-7 quantile `p` of values given as counts (`counts[k]`: how often value `k`),
/// as R's type 7 of the values sorted.
fn counted_quantile7(counts: &[usize], p: f64) -> Option<f64> {
    let n: usize = counts.iter().sum();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    // The values at sorted positions `lo` and `hi`.
    let at = |pos: usize| {
        let mut seen = 0;
        for (k, &c) in counts.iter().enumerate() {
            seen += c;
            if pos < seen {
                return k as f64;
            }
        }
        unreachable!("pos < n")
    };
    let (a, b) = (at(lo), at(hi));
    Some(a + (h - lo as f64) * (b - a))
}

/// Most replications a Monte Carlo analysis runs.
pub const MAX_REPLICATIONS: usize = 1_000_000;
/// Most (unit or node, replication) cells a Monte Carlo analysis keeps.
pub const MAX_RANK_CELLS: usize = 50_000_000;

/// Monte Carlo uncertainty of the index ranks (see [`UncertaintySpec`] for what is drawn).
///
/// Each replication normalises `treated` with the drawn normalisation, aggregates with the
/// drawn aggregation and perturbed weights, and ranks the index at full precision. The
/// replications run in parallel (rayon), each on its own stream
/// ([`Xoshiro256::for_replication`]), so results are identical for any number of threads.
/// Each distinct normalisation is computed once, before the replications; if a replication
/// fails (e.g. a geometric mean over a 0), the error of the lowest-numbered one is returned.
///
/// ```
/// use chitieu::composite::{monte_carlo, Framework, FrameworkRow, Matrix, UncertaintySpec};
/// let fw = Framework::from_rows(&[
///     FrameworkRow::indicator("x", "I", 1.0, 1),
///     FrameworkRow::indicator("y", "I", 1.0, 1),
///     FrameworkRow::aggregate("I", 2, None, 1.0),
/// ])?;
/// let m = Matrix::from_rows(["a", "b", "c"], ["x", "y"], &[
///     vec![Some(0.0), Some(10.0)], vec![Some(10.0), Some(0.0)], vec![Some(6.0), Some(6.0)],
/// ])?;
/// // Weights within ±10 %: a and b score 100·w_y/(w_x + w_y) and 100·w_x/(w_x + w_y), at
/// // most 55, so c (60) is always first and a, b share ranks 2 and 3.
/// let spec = UncertaintySpec { replications: 500, seed: 7, weight_noise: 0.1, ..Default::default() };
/// let mc = monte_carlo(&m, &fw, &spec)?;
/// assert_eq!(mc.nominal_ranks(), [Some(2), Some(2), Some(1)]);
/// assert_eq!(mc.prob_rank_at_most(1, None)?, [0.0, 0.0, 1.0]);
/// let p2 = mc.prob_rank_at_most(2, None)?;
/// assert!((p2[0] + p2[1] - 1.0).abs() < 1e-12 && p2[0] > 0.3 && p2[1] > 0.3);
/// let stats = mc.rank_stats();
/// assert_eq!(stats[2].median, Some(1.0));
/// # Ok::<(), chitieu::composite::CompositeError>(())
/// ```
pub fn monte_carlo(
    treated: &Matrix,
    framework: &Framework,
    spec: &UncertaintySpec,
) -> Result<Uncertainty, CompositeError> {
    let design = Design::new(treated, framework, spec)?;
    let nominal_scores = design.nominal_scores()?;
    let nominal_ranks = desc_min_ranks(&nominal_scores);
    let replicate = |r: usize| -> Result<Replication, CompositeError> {
        design.replicate(design.draw(&mut Xoshiro256::for_replication(spec.seed, r as u64)))
    };
    let results: Vec<Result<Replication, CompositeError>> = (0..spec.replications)
        .into_par_iter()
        .with_min_len(64)
        .map(replicate)
        .collect();
    let reps = results.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(design.analysis(nominal_scores, nominal_ranks, reps))
}
