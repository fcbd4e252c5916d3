//! The whole pipeline: denominate → impute → treat → normalise → aggregate → rank.

use serde::{Deserialize, Serialize};

use super::aggregate::{aggregate, check_min_share, AggregateOptions};
use super::denominate::denominate;
use super::error::CompositeError;
use super::framework::Framework;
use super::impute::{impute, Imputation, Imputed};
use super::matrix::Matrix;
use super::normalise::{normalise, Normalisation};
use super::rank::rank_scores;
use super::treat::{treat, TreatOptions, Treated};

/// Settings of every stage of [`pipeline`]. The default is COINr's defaults: no imputation,
/// default treatment, min-max 0–100, arithmetic means, ranks of scores rounded to 2 decimals.
///
/// ```
/// use chitieu::composite::{Imputation, PipelineSpec};
/// let s = PipelineSpec { imputation: Imputation::IndicatorMean, ..Default::default() };
/// assert_eq!(s.rank_decimals, Some(2));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PipelineSpec {
    /// Imputation.
    pub imputation: Imputation,
    /// Outlier treatment; `None` skips it.
    pub treatment: Option<TreatOptions>,
    /// Normalisation.
    pub normalisation: Normalisation,
    /// Aggregation.
    pub aggregation: AggregateOptions,
    /// Decimals the scores are rounded to before ranking; `None`: full precision.
    pub rank_decimals: Option<u32>,
}

impl Default for PipelineSpec {
    fn default() -> Self {
        Self {
            imputation: Imputation::None,
            treatment: Some(TreatOptions::default()),
            normalisation: Normalisation::default(),
            aggregation: AggregateOptions::default(),
            rank_decimals: Some(2),
        }
    }
}

/// Every stage of a composite index.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Pipeline {
    /// Indicators after denomination (a copy of the raw indicators if none is denominated).
    pub denominated: Matrix,
    /// After imputation.
    pub imputed: Imputed,
    /// After outlier treatment.
    pub treated: Treated,
    /// After normalisation.
    pub normalised: Matrix,
    /// Indicators and aggregates.
    pub aggregated: Matrix,
    /// Ranks of each aggregate, in aggregation order.
    pub ranks: Vec<(String, Vec<Option<u32>>)>,
}

impl Pipeline {
    /// The ranks of one aggregate.
    pub fn rank_of(&self, code: &str) -> Option<&[Option<u32>]> {
        self.ranks
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, r)| r.as_slice())
    }
}

/// Runs denominate → impute → treat → normalise → aggregate → rank on `raw` (which must
/// hold every indicator of the framework; other columns are ignored). `denominators` is
/// needed when the framework names any.
pub fn pipeline(
    raw: &Matrix,
    denominators: Option<&Matrix>,
    framework: &Framework,
    spec: &PipelineSpec,
) -> Result<Pipeline, CompositeError> {
    check_min_share(spec.aggregation.min_share)?;
    let denominated = match denominators {
        Some(d) => denominate(raw, d, framework)?,
        None => {
            let needed: Vec<String> = framework
                .indicator_nodes()
                .filter_map(|n| n.denominator.clone())
                .collect();
            if !needed.is_empty() {
                return Err(CompositeError::MissingColumns {
                    table: "denominators (none given)",
                    codes: needed,
                });
            }
            let codes = framework.indicator_codes();
            let cols = raw.select(&codes, "data")?;
            raw.with_columns(
                codes.iter().map(|c| (*c).to_owned()).collect(),
                cols.into_iter().map(<[_]>::to_vec).collect(),
            )
        }
    };
    let imputed = impute(&denominated, &spec.imputation)?;
    let treated = match &spec.treatment {
        Some(t) => treat(&imputed.data, t)?,
        None => Treated {
            data: imputed.data.clone(),
            reports: Vec::new(),
        },
    };
    let normalised = normalise(&treated.data, framework, &spec.normalisation)?;
    let aggregated = aggregate(&normalised, framework, &spec.aggregation)?;
    let ranks = framework
        .aggregate_codes()
        .into_iter()
        .map(|c| {
            let col = aggregated.column(c).unwrap_or_default();
            (c.to_owned(), rank_scores(col, spec.rank_decimals))
        })
        .collect();
    Ok(Pipeline {
        denominated,
        imputed,
        treated,
        normalised,
        aggregated,
        ranks,
    })
}
