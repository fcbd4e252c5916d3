//! The construction choices an uncertainty or sensitivity analysis varies, computed once:
//! the data treated by each treatment alternative and normalised by each normalisation, the
//! nodes whose weights are perturbed; a draw picks one of each, and a run is then only the
//! weighted means of the drawn columns.

use super::aggregate::{
    aggregate_nodes, aggregate_one, check_min_share, AggregateOptions, Aggregation,
};
use super::error::{invalid, CompositeError};
use super::framework::Framework;
use super::matrix::Matrix;
use super::normalise::normalise_cols;
use super::rank::desc_min_ranks;
use super::rng::Xoshiro256;
use super::treat::treat_by;
use super::uncertainty::{
    Replication, UncertainInput, Uncertainty, UncertaintySpec, MAX_RANK_CELLS, MAX_REPLICATIONS,
};

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
    /// Number of treatment alternatives (1 when the data came treated).
    n_treatments: usize,
    /// Every node's values with the unperturbed weights, per (treatment, normalisation,
    /// aggregation) combination, or the error that combination meets.
    cache: Vec<Result<Vec<Vec<Option<f64>>>, CompositeError>>,
    /// For the geometric combinations, the logarithms of `cache`: a replication then stays in
    /// log space (weighted sums) and takes one exponential per unit.
    cache_ln: Vec<Option<Vec<Vec<Option<f64>>>>>,
    /// Aggregates whose values depend on a perturbed weight, bottom-up: the only ones a
    /// replication recomputes (the others are read from `cache`).
    dirty: Vec<usize>,
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
        let normalised: Vec<Vec<Vec<Vec<Option<f64>>>>> = treated
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
        let base: Vec<f64> = framework.nodes.iter().map(|n| n.weight).collect();
        let mut is_dirty = vec![false; framework.nodes.len()];
        let mut dirty = Vec::new();
        for &a in &framework.aggregates {
            if framework.children[a]
                .iter()
                .any(|&c| is_dirty[c] || perturbed.contains(&c))
            {
                is_dirty[a] = true;
                dirty.push(a);
            }
        }
        let mut cache = Vec::new();
        for by_normalisation in &normalised {
            for cols in by_normalisation {
                let cols: Vec<&[Option<f64>]> = cols.iter().map(Vec::as_slice).collect();
                for &method in &spec.aggregations {
                    let options = AggregateOptions {
                        method,
                        min_share: spec.min_share,
                    };
                    cache.push(aggregate_nodes(
                        framework,
                        &cols,
                        &data.units,
                        &base,
                        &options,
                    ));
                }
            }
        }
        let cache_ln = cache
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let geometric =
                    spec.aggregations[i % spec.aggregations.len()] == Aggregation::Geometric;
                match c {
                    Ok(nodes) if geometric => Some(
                        nodes
                            .iter()
                            .map(|col| col.iter().map(|v| v.map(f64::ln)).collect())
                            .collect(),
                    ),
                    _ => None,
                }
            })
            .collect();
        Ok(Self {
            framework,
            spec,
            data,
            n_treatments: normalised.len(),
            cache,
            cache_ln,
            dirty,
            perturbed,
            base,
        })
    }

    /// Number of treatment alternatives (1 when the data came treated).
    pub(super) fn n_treatments(&self) -> usize {
        self.n_treatments
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

    /// The uncertain inputs of a Monte Carlo analysis: each perturbed weight, then the
    /// discrete choices that vary.
    pub(super) fn inputs(&self) -> Vec<UncertainInput> {
        let mut v: Vec<UncertainInput> = self
            .perturbed
            .iter()
            .map(|&k| UncertainInput::Weight {
                code: self.framework.nodes[k].code.clone(),
            })
            .collect();
        v.extend(self.choices());
        v
    }

    /// The analysis of `reps` drawn from this design, around its nominal scores and ranks.
    pub(super) fn analysis(
        &self,
        nominal_scores: Vec<Option<f64>>,
        nominal_ranks: Vec<Option<u32>>,
        reps: Vec<Replication>,
    ) -> Uncertainty {
        Uncertainty {
            units: self.data.units.clone(),
            inputs: self.inputs(),
            n_normalisations: self.spec.normalisations.len(),
            n_aggregations: self.spec.aggregations.len(),
            n_treatments: self.n_treatments,
            nominal_scores,
            nominal_ranks,
            reps,
        }
    }

    /// One replication: the scores and ranks of `draw`, kept with it.
    pub(super) fn replicate(&self, draw: Draw) -> Result<Replication, CompositeError> {
        let scores = self.run(&draw)?;
        let ranks = desc_min_ranks(&scores);
        Ok(Replication {
            multipliers: draw.multipliers,
            normalisation: draw.normalisation,
            aggregation: draw.aggregation,
            treatment: draw.treatment,
            scores,
            ranks,
        })
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
        let mut v = aggregate_nodes(
            self.framework,
            &cols,
            &self.data.units,
            &self.base,
            &options,
        )?;
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
        let treatment = pick(self.n_treatments);
        Draw {
            multipliers,
            normalisation,
            aggregation,
            treatment,
        }
    }

    /// The index scores of every unit under `draw`: the cached values of its combination,
    /// with the aggregates above a perturbed weight recomputed.
    pub(super) fn run(&self, draw: &Draw) -> Result<Vec<Option<f64>>, CompositeError> {
        let n_norm = self.spec.normalisations.len();
        let n_agg = self.spec.aggregations.len();
        let combo = (draw.treatment * n_norm + draw.normalisation) * n_agg + draw.aggregation;
        let cached = self.cache[combo].as_ref().map_err(Clone::clone)?;
        let root = self.framework.root;
        if self.dirty.is_empty() {
            return Ok(cached[root].clone());
        }
        let mut weights = self.base.clone();
        for (&k, m) in self.perturbed.iter().zip(&draw.multipliers) {
            weights[k] *= m;
        }
        let method = self.spec.aggregations[draw.aggregation];
        // Geometric means are taken in log space: the log of an aggregate is the weighted
        // arithmetic mean of its children's logs; one exponential at the root.
        let (values, method) = match &self.cache_ln[combo] {
            Some(logs) => (logs, Aggregation::Arithmetic),
            None => (cached, method),
        };
        let options = AggregateOptions {
            method,
            min_share: self.spec.min_share,
        };
        let n_units = self.data.units.len();
        let mut computed: Vec<Option<Vec<Option<f64>>>> = vec![None; self.framework.nodes.len()];
        let (mut xs, mut ws, mut acc) = (Vec::new(), Vec::new(), vec![0.0; n_units]);
        for &a in &self.dirty {
            let kids = &self.framework.children[a];
            ws.clear();
            ws.extend(kids.iter().map(|&c| weights[c]));
            let column = |c: usize| -> &[Option<f64>] {
                match &computed[c] {
                    Some(v) => v,
                    None => &values[c],
                }
            };
            let col: Vec<Option<f64>> = if method == Aggregation::Arithmetic {
                // Children by children over the units, as `Aggregation::mean` sums them
                // (w / Σw · x in child order); a unit missing a child takes the general path.
                let wsum: f64 = ws.iter().sum();
                acc.iter_mut().for_each(|v| *v = 0.0);
                let mut complete = vec![true; n_units];
                for (&c, &w) in kids.iter().zip(&ws) {
                    let share = w / wsum;
                    for ((sum, ok), x) in acc.iter_mut().zip(&mut complete).zip(column(c)) {
                        match x {
                            Some(x) => *sum += share * x,
                            None => *ok = false,
                        }
                    }
                }
                (0..n_units)
                    .map(|u| {
                        if complete[u] {
                            Some(acc[u])
                        } else {
                            xs.clear();
                            xs.extend(kids.iter().map(|&c| column(c)[u]));
                            aggregate_one(&options, &xs, &ws)
                        }
                    })
                    .collect()
            } else {
                (0..n_units)
                    .map(|u| {
                        xs.clear();
                        xs.extend(kids.iter().map(|&c| column(c)[u]));
                        aggregate_one(&options, &xs, &ws)
                    })
                    .collect()
            };
            computed[a] = Some(col);
        }
        let out = computed[root]
            .take()
            .unwrap_or_else(|| values[root].clone());
        Ok(if self.cache_ln[combo].is_some() {
            out.into_iter().map(|v| v.map(f64::exp)).collect()
        } else {
            out
        })
    }
}
