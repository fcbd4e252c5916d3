//! Stage specifications as people write them (JSON, or Python dicts), with COINr's names:
//! `"zscore"`, `{"method": "zscore", "mean": 10, "sd": 2}`, `{"method": "minmax", "lo": 1,
//! "hi": 100}`, `{"winmax": 1}`, `false`... Read into the typed settings of each stage; a
//! problem names where in the specification it is.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::aggregate::{AggregateOptions, Aggregation};
use super::error::CompositeError;
use super::impute::Imputation;
use super::normalise::{Normalisation, Ties};
use super::pipeline::PipelineSpec;
use super::screen::{ScreenOptions, ScreenRule};
use super::treat::{LogFallback, TreatOptions};
use super::uncertainty::{NominalChoice, UncertaintySpec};

/// A normalisation: a method name with COINr's defaults, or the method and its parameters.
enum NormalisationJson {
    Name(String),
    Spec(NormalisationSpec),
}

/// Reads a JSON object as `S`; an error names the field inside it ("sd: invalid type").
fn object<S: DeserializeOwned, E: serde::de::Error>(v: serde_json::Value) -> Result<S, E> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." {
            E::custom(inner)
        } else {
            E::custom(format!("{path}: {inner}"))
        }
    })
}

/// Reads a name, or an object as `S`, with the inner path of a problem in the message.
fn name_or<'de, D, S>(d: D, expected: &str) -> Result<Result<String, S>, D::Error>
where
    D: serde::Deserializer<'de>,
    S: DeserializeOwned,
{
    use serde::de::Error;
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Ok(Ok(s)),
        v @ serde_json::Value::Object(_) => object(v).map(Err),
        other => Err(D::Error::custom(format!(
            "expected {expected}, found {other}"
        ))),
    }
}

impl<'de> Deserialize<'de> for NormalisationJson {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(
            match name_or(d, "a method name or {\"method\": ..., parameters}")? {
                Ok(name) => Self::Name(name),
                Err(spec) => Self::Spec(spec),
            },
        )
    }
}

#[derive(Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
enum NormalisationSpec {
    #[serde(alias = "n_minmax")]
    Minmax {
        #[serde(default)]
        lo: Option<f64>,
        #[serde(default)]
        hi: Option<f64>,
    },
    #[serde(alias = "n_zscore")]
    Zscore {
        #[serde(default)]
        mean: Option<f64>,
        #[serde(default)]
        sd: Option<f64>,
    },
    #[serde(alias = "n_rank")]
    Rank {
        #[serde(default)]
        ties: Option<String>,
    },
    #[serde(alias = "n_prank")]
    Prank,
    #[serde(alias = "n_dist2targ")]
    Dist2targ {
        #[serde(default, alias = "cap_max")]
        cap: bool,
    },
    #[serde(alias = "n_goalposts")]
    Goalposts {
        #[serde(default)]
        scale: Option<f64>,
        #[serde(default)]
        truncate: Option<bool>,
    },
    None,
}

impl NormalisationJson {
    fn read(self) -> Result<Normalisation, String> {
        let spec = match self {
            Self::Name(n) => return n.parse().map_err(|e: CompositeError| e.to_string()),
            Self::Spec(s) => s,
        };
        Ok(match spec {
            NormalisationSpec::Minmax { lo, hi } => Normalisation::MinMax {
                lo: lo.unwrap_or(0.0),
                hi: hi.unwrap_or(100.0),
            },
            NormalisationSpec::Zscore { mean, sd } => Normalisation::ZScore {
                mean: mean.unwrap_or(0.0),
                sd: sd.unwrap_or(1.0),
            },
            NormalisationSpec::Rank { ties } => Normalisation::Rank {
                ties: match ties.as_deref() {
                    None | Some("min") => Ties::Min,
                    Some("average") => Ties::Average,
                    Some(other) => return Err(format!("ties '{other}': expected min or average")),
                },
            },
            NormalisationSpec::Prank => Normalisation::PercentRank,
            NormalisationSpec::Dist2targ { cap } => Normalisation::DistToTarget { cap },
            NormalisationSpec::Goalposts { scale, truncate } => Normalisation::Goalposts {
                scale: scale.unwrap_or(100.0),
                truncate: truncate.unwrap_or(true),
            },
            NormalisationSpec::None => Normalisation::None,
        })
    }
}

/// A treatment: `true` (COINr's defaults), `false` (none), or the settings to change.
enum TreatJson {
    Flag(bool),
    Spec(TreatSpec),
}

impl<'de> Deserialize<'de> for TreatJson {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Bool(b) => Ok(Self::Flag(b)),
            v @ serde_json::Value::Object(_) => object(v).map(Self::Spec),
            other => Err(D::Error::custom(format!(
                "expected true, false or {{\"winmax\": ..., ...}}, found {other}"
            ))),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TreatSpec {
    #[serde(default)]
    winmax: Option<usize>,
    #[serde(default, alias = "t_skew")]
    skew_thresh: Option<f64>,
    #[serde(default, alias = "t_kurt")]
    kurt_thresh: Option<f64>,
    #[serde(default)]
    winchange: Option<bool>,
    #[serde(default, alias = "f2")]
    fallback: Option<String>,
}

impl TreatJson {
    fn read(self) -> Result<Option<TreatOptions>, String> {
        let spec = match self {
            Self::Flag(false) => return Ok(None),
            Self::Flag(true) => return Ok(Some(TreatOptions::default())),
            Self::Spec(s) => s,
        };
        let d = TreatOptions::default();
        Ok(Some(TreatOptions {
            t_skew: spec.skew_thresh.unwrap_or(d.t_skew),
            t_kurt: spec.kurt_thresh.unwrap_or(d.t_kurt),
            winmax: spec.winmax.or(d.winmax),
            winchange: spec.winchange.unwrap_or(d.winchange),
            fallback: match spec.fallback {
                Some(f) => f
                    .parse::<LogFallback>()
                    .map_err(|e: CompositeError| e.to_string())?,
                None => d.fallback,
            },
        }))
    }
}

/// An aggregation: a name, or the method and COINr's data-availability threshold.
enum AggregationJson {
    Name(String),
    Spec(AggregationSpec),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AggregationSpec {
    method: String,
    #[serde(default, alias = "dat_thresh")]
    min_share: Option<f64>,
}

impl<'de> Deserialize<'de> for AggregationJson {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(
            match name_or(d, "a method name or {\"method\": ..., \"min_share\": ...}")? {
                Ok(name) => Self::Name(name),
                Err(spec) => Self::Spec(spec),
            },
        )
    }
}

impl AggregationJson {
    fn read(self) -> Result<AggregateOptions, String> {
        let (method, min_share) = match self {
            Self::Name(n) => (n, None),
            Self::Spec(AggregationSpec { method, min_share }) => (method, min_share),
        };
        Ok(AggregateOptions {
            method: method
                .parse::<Aggregation>()
                .map_err(|e: CompositeError| e.to_string())?,
            min_share,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScreenJson {
    #[serde(default, alias = "unit_screen")]
    rule: Option<ScreenRule>,
    #[serde(default)]
    dat_thresh: Option<f64>,
    #[serde(default)]
    nonzero_thresh: Option<f64>,
    #[serde(default)]
    force: BTreeMap<String, bool>,
}

impl ScreenJson {
    fn read(self) -> ScreenOptions {
        let d = ScreenOptions::default();
        ScreenOptions {
            rule: self.rule.unwrap_or(d.rule),
            dat_thresh: self.dat_thresh.unwrap_or(d.dat_thresh),
            nonzero_thresh: self.nonzero_thresh.unwrap_or(d.nonzero_thresh),
            force: self.force.into_iter().collect(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PipelineJson {
    #[serde(default)]
    imputation: Option<String>,
    #[serde(default)]
    screen: Option<ScreenJson>,
    #[serde(default)]
    treatment: Option<TreatJson>,
    #[serde(default)]
    treatment_by: BTreeMap<String, TreatJson>,
    #[serde(default)]
    normalisation: Option<NormalisationJson>,
    #[serde(default)]
    normalisation_by: BTreeMap<String, NormalisationJson>,
    #[serde(default)]
    aggregation: Option<AggregationJson>,
    #[serde(default = "two")]
    rank_decimals: Option<u32>,
}

fn two() -> Option<u32> {
    Some(2)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UncertaintyJson {
    replications: usize,
    #[serde(default)]
    seed: u64,
    #[serde(default)]
    weight_noise: f64,
    #[serde(default)]
    weight_levels: Option<Vec<u32>>,
    #[serde(default)]
    normalisations: Option<Vec<NormalisationJson>>,
    #[serde(default)]
    aggregations: Option<Vec<AggregationJson>>,
    #[serde(default)]
    treatments: Option<Vec<TreatJson>>,
}

/// Reads a list of alternatives: not given, the nominal choice; given, at least one.
fn alternatives<J, T>(
    name: &'static str,
    given: Option<Vec<J>>,
    nominal: T,
    read: impl Fn(J) -> Result<T, String>,
) -> Result<Vec<T>, CompositeError> {
    match given {
        None => Ok(vec![nominal]),
        Some(v) if v.is_empty() => Err(CompositeError::InvalidOption {
            name,
            value: "[]".to_owned(),
            expected: "at least one alternative (or none given, for the index's own)",
        }),
        Some(v) => v
            .into_iter()
            .enumerate()
            .map(|(i, j)| at(format!("{name}[{i}]"), read(j)))
            .collect(),
    }
}

/// Reads `json` as `T`, naming the path of the first problem.
fn parse<T: DeserializeOwned>(json: &str) -> Result<T, CompositeError> {
    let de = &mut serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(de).map_err(|e| {
        // The position in the JSON text means nothing to whoever wrote a Python dict.
        let mut message = e.inner().to_string();
        if let Some(i) = message.rfind(" at line ") {
            message.truncate(i);
        }
        CompositeError::InvalidSpec {
            path: e.path().to_string(),
            message,
        }
    })
}

fn at<T>(path: impl Into<String>, r: Result<T, String>) -> Result<T, CompositeError> {
    r.map_err(|message| CompositeError::InvalidSpec {
        path: path.into(),
        message,
    })
}

impl PipelineSpec {
    /// Reads a pipeline specification; `groups` are the group labels of the units (one per
    /// unit, in data order) for group imputation. Missing keys keep COINr's defaults.
    ///
    /// ```
    /// use chitieu::composite::{Aggregation, Normalisation, PipelineSpec};
    /// let s = PipelineSpec::from_json(r#"{
    ///     "normalisation": {"method": "zscore", "mean": 10, "sd": 2},
    ///     "normalisation_by": {"Goods": "rank"},
    ///     "treatment": {"winmax": 1}, "treatment_by": {"FDI": false},
    ///     "aggregation": "geom_mean", "screen": {"dat_thresh": 0.9}}"#, None)?;
    /// assert_eq!(s.normalisation, Normalisation::ZScore { mean: 10.0, sd: 2.0 });
    /// assert_eq!(s.treatment.unwrap().winmax, Some(1));
    /// assert_eq!(s.treatment_by, [("FDI".to_owned(), None)]);
    /// assert_eq!(s.aggregation.method, Aggregation::Geometric);
    /// let err = PipelineSpec::from_json(r#"{"normalisation": {"method": "zscore", "sd": "x"}}"#, None);
    /// assert!(err.unwrap_err().to_string().contains("normalisation"));
    /// # Ok::<(), chitieu::composite::CompositeError>(())
    /// ```
    pub fn from_json(json: &str, groups: Option<Vec<String>>) -> Result<Self, CompositeError> {
        Self::read(json, Some(groups))
    }

    /// Reads the specification; `groups: None` leaves the imputation unread (the stages
    /// after it only, as an uncertainty analysis of imputed data needs).
    fn read(json: &str, groups: Option<Option<Vec<String>>>) -> Result<Self, CompositeError> {
        let p: PipelineJson = parse(json)?;
        let d = PipelineSpec::default();
        Ok(PipelineSpec {
            imputation: match (p.imputation, groups) {
                (Some(name), Some(groups)) => Imputation::from_name(&name, groups)?,
                _ => d.imputation,
            },
            screen: p.screen.map(ScreenJson::read),
            treatment: match p.treatment {
                Some(t) => at("treatment", t.read())?,
                None => d.treatment,
            },
            treatment_by: p
                .treatment_by
                .into_iter()
                .map(|(code, t)| Ok((code.clone(), at(format!("treatment_by.{code}"), t.read())?)))
                .collect::<Result<_, CompositeError>>()?,
            normalisation: match p.normalisation {
                Some(n) => at("normalisation", n.read())?,
                None => d.normalisation,
            },
            normalisation_by: p
                .normalisation_by
                .into_iter()
                .map(|(code, n)| {
                    Ok((
                        code.clone(),
                        at(format!("normalisation_by.{code}"), n.read())?,
                    ))
                })
                .collect::<Result<_, CompositeError>>()?,
            aggregation: match p.aggregation {
                Some(a) => at("aggregation", a.read())?,
                None => d.aggregation,
            },
            rank_decimals: p.rank_decimals,
        })
    }
}

impl UncertaintySpec {
    /// Reads an uncertainty specification (COINr's `get_sensitivity` inputs): replications,
    /// seed, `weight_noise` at `weight_levels`, and lists of alternative normalisations,
    /// aggregations and treatments (each as in [`PipelineSpec::from_json`]). A list not given
    /// keeps the choice of the pipeline specification `nominal` (JSON, as
    /// [`PipelineSpec::from_json`] reads it; its imputation is not read), which is also where
    /// the per-indicator settings and the aggregation's data threshold come from. The data
    /// the analysis runs on is the untreated (screened) data: every replication treats it
    /// with its drawn treatment.
    ///
    /// ```
    /// use chitieu::composite::UncertaintySpec;
    /// let s = UncertaintySpec::from_json(r#"{"replications": 100, "weight_noise": 0.25,
    ///     "weight_levels": [2, 3], "aggregations": ["arith_mean", "geom_mean"],
    ///     "normalisations": [{"method": "minmax", "lo": 1, "hi": 100},
    ///                        {"method": "zscore", "mean": 10, "sd": 2}],
    ///     "treatments": [{"winmax": 1}, {"winmax": 5}]}"#,
    ///     r#"{"imputation": "group_mean"}"#)?;
    /// assert_eq!(s.normalisations.len(), 2);
    /// assert_eq!(s.treatments.len(), 2);
    /// # Ok::<(), chitieu::composite::CompositeError>(())
    /// ```
    pub fn from_json(json: &str, nominal: &str) -> Result<Self, CompositeError> {
        let nominal = PipelineSpec::read(nominal, None)?;
        let u: UncertaintyJson = parse(json)?;
        Ok(UncertaintySpec {
            replications: u.replications,
            seed: u.seed,
            weight_noise: u.weight_noise,
            weight_levels: u.weight_levels,
            normalisations: alternatives(
                "normalisations",
                u.normalisations,
                nominal.normalisation,
                NormalisationJson::read,
            )?,
            aggregations: alternatives(
                "aggregations",
                u.aggregations,
                nominal.aggregation.method,
                |a: AggregationJson| a.read().map(|o| o.method),
            )?,
            treatments: alternatives(
                "treatments",
                u.treatments,
                nominal.treatment,
                TreatJson::read,
            )?,
            nominal: Some(NominalChoice {
                treatment: nominal.treatment,
                normalisation: nominal.normalisation,
                aggregation: nominal.aggregation.method,
            }),
            normalisation_by: nominal.normalisation_by.clone(),
            treatment_by: nominal.treatment_by.clone(),
            min_share: nominal.aggregation.min_share,
        })
    }
}
