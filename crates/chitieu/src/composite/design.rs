//! The construction choices an uncertainty or sensitivity analysis varies, computed once:
//! the data treated by each treatment alternative and normalised by each normalisation, the
//! nodes whose weights are perturbed; a draw picks one of each, and a run is then only the
//! weighted means of the drawn columns.

use super::aggregate::{aggregate_nodes, check_min_share, AggregateOptions};
use super::error::{invalid, CompositeError};
use super::framework::Framework;
use super::matrix::Matrix;
use super::normalise::normalise_cols;
use super::rng::Xoshiro256;
use super::treat::treat_by;
use super::uncertainty::{UncertainInput, UncertaintySpec, MAX_RANK_CELLS, MAX_REPLICATIONS};

/// One set of choices: weight multipliers (one per perturbed node) and the indices of the
/// normalisation, aggregation and treatment drawn.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Draw {
    pub(super) multipliers: Vec<f64>,
    pub(super) normalisation: usize,
    pub(super) aggregation: usize,
    pub(super) treatment: usize,
}

/// The precomputed alternatives of a specification.
pub(super) struct Design<'a> {
    framework: &'a Framework,
    spec: &'a UncertaintySpec,
    data: &'a Matrix,
    units: &'a [String],
    /// `normalised[treatment][normalisation]`: the indicator columns.
    normalised: Vec<Vec<Vec<Vec<Option<f64>>>>>,
    /// Nodes whose weights are perturbed (framework order).
    pub(super) perturbed: Vec<usize>,
    base: Vec<f64>,
}

impl<'a> Design<'a> {
    /// Checks `spec` and computes every (treatment, normalisation) alternative of `data`
    /// (already treated when `spec.treatments` is empty).
    pub(super) fn new(
        data: &'a Matrix,
        framework: &'a Framework,
        spec: &'a UncertaintySpec,
    ) -> Result<Self, CompositeError> {
        if spec.replications == 0 {
            return Err(invalid("replications", 0, "at least 1"));
        }
        // Resource bounds, checked before anything is allocated: the result keeps every
        // replication's ranks, scores and weights (about 32 bytes a unit or node and
        // replication).
        if spec.replications > MAX_REPLICATIONS {
            return Err(invalid(
                "replications",
                spec.replications,
                "at most 1,000,000 (Monte Carlo error is below 0.1 % long before)",
            ));
        }
        let per_replication = data.units.len() + framework.nodes.len();
        let cells = spec.replications.saturating_mul(per_replication.max(1));
        if cells > MAX_RANK_CELLS {
            return Err(invalid(
                "replications",
                spec.replications,
                "at most 50,000,000 (units + nodes) × replications (about 1.6 GB kept); \\
                 use fewer replications",
            ));
        }
        if !(spec.weight_noise.is_finite() && (0.0..1.0).contains(&spec.weight_noise)) {
            return Err(invalid(
                "weight_noise",
                spec.weight_noise,
                "a fraction in [0, 1)",
            ));
        }
        if spec.normalisations.is_empty() {
            return Err(invalid(
                "normalisations",
                "[]",
                "at least one normalisation",
            ));
        }
        if spec.aggregations.is_empty() {
            return Err(invalid("aggregations", "[]", "at least one aggregation"));
        }
        check_min_share(spec.min_share)?;
        let treated: Vec<Matrix> = if spec.treatments.is_empty() {
            vec![data.clone()]
        } else {
            spec.treatments
                .iter()
                .map(|t| treat_by(data, t.as_ref(), &spec.treatment_by).map(|t| t.data))
                .collect::<Result<_, _>>()?
        };
        let normalised = treated
            .iter()
            .map(|d| {
                spec.normalisations
                    .iter()
                    .map(|m| normalise_cols(d, framework, m, &spec.normalisation_by))
                    .collect::<Result<_, _>>()
            })
            .collect::<Result<_, _>>()?;
        let perturbed: Vec<usize> = if spec.weight_noise > 0.0 {
            (0..framework.nodes.len())
                .filter(|&k| framework.parent[k].is_some())
                .filter(|&k| {
                    spec.weight_levels
                        .as_ref()
                        .is_none_or(|l| l.contains(&framework.nodes[k].level))
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok(Self {
            framework,
            spec,
            data,
            units: &data.units,
            normalised,
            perturbed,
            base: framework.nodes.iter().map(|n| n.weight).collect(),
        })
    }

    /// Number of treatment alternatives (1 when the data came treated).
    pub(super) fn n_treatments(&self) -> usize {
        self.normalised.len()
    }

    /// The discrete choices that vary, in the order they are drawn.
    pub(super) fn choices(&self) -> Vec<UncertainInput> {
        let mut v = Vec::new();
        if self.spec.normalisations.len() > 1 {
            v.push(UncertainInput::Normalisation);
        }
        if self.spec.aggregations.len() > 1 {
            v.push(UncertainInput::Aggregation);
        }
        if self.n_treatments() > 1 {
            v.push(UncertainInput::Treatment);
        }
        v
    }

    /// The nominal choices: unperturbed weights, the first of each list.
    pub(super) fn nominal(&self) -> Draw {
        Draw {
            multipliers: vec![1.0; self.perturbed.len()],
            normalisation: 0,
            aggregation: 0,
            treatment: 0,
        }
    }

    /// The index scores of the nominal construction: `spec.nominal` with unperturbed
    /// weights, or the first of each list.
    pub(super) fn nominal_scores(&self) -> Result<Vec<Option<f64>>, CompositeError> {
        let Some(n) = &self.spec.nominal else {
            return self.run(&self.nominal());
        };
        let treated = if self.spec.treatments.is_empty() {
            self.data.clone()
        } else {
            treat_by(self.data, n.treatment.as_ref(), &self.spec.treatment_by)?.data
        };
        let cols = normalise_cols(
            &treated,
            self.framework,
            &n.normalisation,
            &self.spec.normalisation_by,
        )?;
        let cols: Vec<&[Option<f64>]> = cols.iter().map(Vec::as_slice).collect();
        let options = AggregateOptions {
            method: n.aggregation,
            min_share: self.spec.min_share,
        };
        let mut v = aggregate_nodes(self.framework, &cols, self.units, &self.base, &options)?;
        Ok(std::mem::take(&mut v[self.framework.root]))
    }

    /// Draws, in this order: one uniform `u` per perturbed weight (multiplier
    /// `1 + noise·(2u − 1)`), then the normalisation, the aggregation and the treatment,
    /// each uniformly among its list (nothing is drawn for a list of one).
    pub(super) fn draw(&self, rng: &mut Xoshiro256) -> Draw {
        let noise = self.spec.weight_noise;
        let multipliers = self
            .perturbed
            .iter()
            .map(|_| 1.0 + noise * (2.0 * rng.next_f64() - 1.0))
            .collect();
        let mut pick = |n: usize| if n > 1 { rng.next_index(n) } else { 0 };
        let normalisation = pick(self.spec.normalisations.len());
        let aggregation = pick(self.spec.aggregations.len());
        let treatment = pick(self.normalised.len());
        Draw {
            multipliers,
            normalisation,
            aggregation,
            treatment,
        }
    }

    /// The index scores of every unit under `draw`.
    pub(super) fn run(&self, draw: &Draw) -> Result<Vec<Option<f64>>, CompositeError> {
        let mut weights = self.base.clone();
        for (&k, m) in self.perturbed.iter().zip(&draw.multipliers) {
            weights[k] *= m;
        }
        let cols: Vec<&[Option<f64>]> = self.normalised[draw.treatment][draw.normalisation]
            .iter()
            .map(Vec::as_slice)
            .collect();
        let options = AggregateOptions {
            method: self.spec.aggregations[draw.aggregation],
            min_share: self.spec.min_share,
        };
        let mut v = aggregate_nodes(self.framework, &cols, self.units, &weights, &options)?;
        Ok(std::mem::take(&mut v[self.framework.root]))
    }
}
