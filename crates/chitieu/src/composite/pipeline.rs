//! The whole pipeline: denominate → impute → screen → treat → normalise → aggregate → rank.

use serde::{Deserialize, Serialize};

use super::aggregate::{aggregate, check_min_share, AggregateOptions};
use super::denominate::denominate;
use super::error::CompositeError;
use super::framework::Framework;
use super::impute::{impute, Imputation, Imputed};
use super::matrix::Matrix;
use super::normalise::{normalise_by, Normalisation};
use super::rank::rank_scores;
use super::screen::{screen, ScreenOptions, Screened};
use super::treat::{treat_by, TreatOptions, Treated};

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
    /// Unit screening after imputation; `None` keeps every unit.
    pub screen: Option<ScreenOptions>,
    /// Outlier treatment; `None` skips it.
    pub treatment: Option<TreatOptions>,
    /// Per-indicator treatment (`None`: that indicator untreated), over `treatment`.
    pub treatment_by: Vec<(String, Option<TreatOptions>)>,
    /// Normalisation.
    pub normalisation: Normalisation,
    /// Per-indicator normalisation, over `normalisation`.
    pub normalisation_by: Vec<(String, Normalisation)>,
    /// Aggregation.
    pub aggregation: AggregateOptions,
    /// Decimals the scores are rounded to before ranking; `None`: full precision.
    pub rank_decimals: Option<u32>,
}

impl Default for PipelineSpec {
    fn default() -> Self {
        Self {
            imputation: Imputation::None,
            screen: None,
            treatment: Some(TreatOptions::default()),
            treatment_by: Vec::new(),
            normalisation: Normalisation::default(),
            normalisation_by: Vec::new(),
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
    /// After screening (every unit, when no screening was asked for).
    pub screened: Screened,
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

/// Runs denominate → impute → screen → treat → normalise → aggregate → rank on `raw` (which must
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
            let mut needed: Vec<String> = framework
                .indicator_nodes()
                .filter_map(|n| n.denominator.clone())
                .collect();
            needed.sort();
            needed.dedup();
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
    let screened = screen(
        &imputed.data,
        spec.screen.as_ref().unwrap_or(&ScreenOptions::keep_all()),
    )?;
    let treated = treat_by(&screened.data, spec.treatment.as_ref(), &spec.treatment_by)?;
    let normalised = normalise_by(
        &treated.data,
        framework,
        &spec.normalisation,
        &spec.normalisation_by,
    )?;
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
        screened,
        treated,
        normalised,
        aggregated,
        ranks,
    })
}
