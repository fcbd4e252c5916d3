//! The indicator catalog: bilingual definitions of raw statistics (components) and of the
//! indicators derived from them, with formulas, units, directions, natural limits and how
//! they aggregate across units.
//!
//! The built-in catalog is data (`catalog/components.toml`, `catalog/indicators.toml`,
//! embedded at compile time); users extend it with their own TOML (or JSON) definitions,
//! validated the same way: duplicate ids, unknown terms, cycles, bad units and scales are
//! reported together, each naming the file, entry and field.
//!
//! ```
//! use chitieu::catalog::{Catalog, Formula};
//! let c = Catalog::builtin();
//! let i = c.indicator("researchers_per_10k").unwrap();
//! assert_eq!(i.name_vi, "Số người làm nghiên cứu khoa học trên một vạn dân");
//! assert!(matches!(i.formula, Formula::Ratio { scale, .. } if scale == 10_000.0));
//! ```

use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::vocabulary::Direction;

const BUILTIN_COMPONENTS: &str = include_str!("../catalog/components.toml");
const BUILTIN_INDICATORS: &str = include_str!("../catalog/indicators.toml");

/// Unit of an indicator's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Percent (0–100).
    Percent,
    /// A count of things (enterprises, projects, applications).
    Count,
    /// Per 10,000 population.
    #[serde(rename = "per_10k_population")]
    Per10kPopulation,
    /// Billion Vietnamese đồng.
    VndBillion,
    /// An index or score.
    Index,
    /// A rank (1 = best).
    Rank,
    /// An event: 1 from the year it happened, 0 before.
    Event,
}

/// Unit of a raw component's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentUnit {
    /// Billion Vietnamese đồng.
    VndBillion,
    /// A count of things.
    Count,
    /// Persons.
    Persons,
    /// Thousand persons.
    ThousandPersons,
    /// A share between 0 and 1.
    Share,
}

/// What sort of quantity an indicator is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// A level at a point in time (enterprises alive at year end).
    Stock,
    /// An amount over the year (new enterprises, spending).
    Flow,
    /// A ratio of two amounts.
    Ratio,
    /// A rate or contribution to growth.
    Rate,
    /// A rank among units.
    Rank,
    /// A composite score.
    Index,
    /// An event (0/1).
    Event,
}

/// How an indicator behaves when units are merged or aggregated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Sum across units.
    Additive,
    /// Sum numerator and denominator across units, then divide.
    RatioOfAdditive,
    /// Must be recomputed from inputs, or is not comparable.
    NotAdditive,
}

/// How an indicator is computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Formula {
    /// `scale × Σ numerator / Σ denominator`.
    Ratio {
        /// Terms summed above the line (components or indicators).
        numerator: Vec<String>,
        /// Terms summed below the line.
        denominator: Vec<String>,
        /// Multiplier (100 for percent, 10,000 for per 10,000 people).
        scale: f64,
    },
    /// `Σ terms`.
    Sum {
        /// Terms summed (components or indicators).
        terms: Vec<String>,
    },
    /// Published as is (scores, ranks, events): supplied in observations, never derived.
    Reported,
    /// TFP contribution to output growth by growth accounting (see [`crate::growth`]).
    GrowthAccounting {
        /// Output at constant prices.
        output: String,
        /// Capital stock at constant prices.
        capital: Option<String>,
        /// Investment at constant prices (capital by perpetual inventory).
        investment: Option<String>,
        /// Labour input.
        labour: String,
        /// Capital share of income.
        capital_share: Option<String>,
        /// Years of growth per value: `None` (or 1) = each year's share; 5 = the share of
        /// summed growth over the five years ending in the year (a plan period).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        window: Option<u32>,
    },
}

impl Formula {
    /// Every term the formula reads.
    pub fn terms(&self) -> Vec<&str> {
        match self {
            Self::Ratio {
                numerator,
                denominator,
                ..
            } => numerator
                .iter()
                .chain(denominator)
                .map(String::as_str)
                .collect(),
            Self::Sum { terms } => terms.iter().map(String::as_str).collect(),
            Self::Reported => Vec::new(),
            Self::GrowthAccounting {
                output,
                capital,
                investment,
                labour,
                capital_share,
                ..
            } => [
                Some(output),
                capital.as_ref(),
                investment.as_ref(),
                Some(labour),
            ]
            .into_iter()
            .chain([capital_share.as_ref()])
            .flatten()
            .map(String::as_str)
            .collect(),
        }
    }

    /// True for formulas that [`crate::derive::derive`] evaluates (ratio, sum).
    pub fn is_derivable(&self) -> bool {
        matches!(self, Self::Ratio { .. } | Self::Sum { .. })
    }

    /// The formula as text, e.g. `100 × stinv_spending / local_budget_expenditure`.
    pub fn describe(&self) -> String {
        let sum = |t: &[String]| {
            if t.len() == 1 {
                t[0].clone()
            } else {
                format!("({})", t.join(" + "))
            }
        };
        match self {
            Self::Ratio {
                numerator,
                denominator,
                scale,
            } => {
                let ratio = format!("{} / {}", sum(numerator), sum(denominator));
                if *scale == 1.0 {
                    ratio
                } else {
                    format!("{scale} × {ratio}")
                }
            }
            Self::Sum { terms } => terms.join(" + "),
            Self::Reported => "reported as published".to_owned(),
            Self::GrowthAccounting { window, .. } => {
                let span = match window {
                    Some(w) if *w > 1 => format!(", share of summed growth over {w} years"),
                    _ => String::new(),
                };
                format!("growth accounting from {}{span}", self.terms().join(", "))
            }
        }
    }
}

/// A raw statistic reported per unit and year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// Stable id, e.g. `local_budget_expenditure`.
    pub id: String,
    /// Vietnamese name (with diacritics).
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Unit of the values.
    pub unit: ComponentUnit,
    /// Whether values of several units may be summed.
    pub additive: bool,
    /// Statistical source.
    pub source: String,
}

/// An indicator of the S&T&I plans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Stable id, e.g. `stinv_local_budget_share`.
    pub id: String,
    /// Vietnamese name (with diacritics).
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Unit of the values.
    pub unit: Unit,
    /// Which way is better.
    pub direction: Direction,
    /// Stock, flow, ratio...
    pub kind: IndicatorKind,
    /// Behaviour when units are merged.
    pub aggregation: Aggregation,
    /// Natural lower limit.
    #[serde(default)]
    pub lower: Option<f64>,
    /// Natural upper limit.
    #[serde(default)]
    pub upper: Option<f64>,
    /// Statistical source.
    pub source: String,
    /// How it is computed.
    pub formula: Formula,
}

/// A catalog file: components and/or indicators.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    #[serde(default)]
    components: Vec<Component>,
    #[serde(default)]
    indicators: Vec<Indicator>,
}

/// A problem in catalog definitions.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum CatalogError {
    /// The file is not valid TOML/JSON for the catalog schema (message has line and column).
    #[error("{file}: {message}")]
    Parse {
        /// File name (or `<string>`).
        file: String,
        /// Parser message.
        message: String,
    },
    /// An id defined twice.
    #[error("{file}: {what} '{id}' is defined more than once")]
    DuplicateId {
        /// File of the second definition.
        file: String,
        /// `component` or `indicator`.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// An id that is empty or not of the form `lower_snake_case`.
    #[error("{file}: {what} id '{id}' must be lower_snake_case ASCII")]
    BadId {
        /// File.
        file: String,
        /// `component` or `indicator`.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// A formula term that is neither a component nor an indicator.
    #[error("{file}: indicator '{indicator}', formula.{field}: unknown term '{term}'{hint}")]
    UnknownTerm {
        /// File.
        file: String,
        /// Indicator id.
        indicator: String,
        /// Formula field.
        field: &'static str,
        /// The term.
        term: String,
        /// "; did you mean ...?" when a close id exists.
        hint: String,
    },
    /// A term naming an indicator that cannot be derived (reported or growth accounting).
    #[error(
        "{file}: indicator '{indicator}', formula: term '{term}' is not derivable from components"
    )]
    NotDerivable {
        /// File.
        file: String,
        /// Indicator id.
        indicator: String,
        /// The term.
        term: String,
    },
    /// A formula with no term in a sum.
    #[error("{file}: indicator '{indicator}', formula.{field} is empty")]
    EmptyTerms {
        /// File.
        file: String,
        /// Indicator id.
        indicator: String,
        /// Formula field.
        field: &'static str,
    },
    /// A ratio scale that is not a finite positive number.
    #[error("{file}: indicator '{indicator}', formula.scale {scale} must be finite and > 0")]
    BadScale {
        /// File.
        file: String,
        /// Indicator id.
        indicator: String,
        /// The scale.
        scale: f64,
    },
    /// Natural limits that are not finite or not ordered.
    #[error("{file}: indicator '{indicator}': limits lower {lower:?} and upper {upper:?} must be finite with lower < upper")]
    BadLimits {
        /// File.
        file: String,
        /// Indicator id.
        indicator: String,
        /// Lower limit.
        lower: Option<f64>,
        /// Upper limit.
        upper: Option<f64>,
    },
    /// Indicators defined from each other in a loop.
    #[error("indicators form a cycle: {}", path.join(" → "))]
    Cycle {
        /// The loop, first id repeated at the end.
        path: Vec<String>,
    },
    /// An id asked for that the catalog does not have.
    #[error("unknown {what} '{id}'{hint}")]
    Unknown {
        /// `component` or `indicator`.
        what: &'static str,
        /// The id.
        id: String,
        /// "; did you mean ...?" when a close id exists.
        hint: String,
    },
}

/// Every problem found in catalog definitions.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
pub struct CatalogErrors {
    errors: Vec<CatalogError>,
}

impl CatalogErrors {
    /// The problems.
    pub fn errors(&self) -> &[CatalogError] {
        &self.errors
    }
}

impl fmt::Display for CatalogErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors.len();
        write!(
            f,
            "{n} error{} in indicator definitions",
            if n == 1 { "" } else { "s" }
        )?;
        for e in &self.errors {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

impl From<CatalogError> for CatalogErrors {
    fn from(e: CatalogError) -> Self {
        Self { errors: vec![e] }
    }
}

/// "; did you mean 'x'?" for the closest of `candidates`, if close enough (an id that
/// starts with `id` counts as close).
pub(crate) fn did_you_mean<'a>(id: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let wanted = loose(id);
    candidates
        .filter(|c| *c != id)
        .map(|c| {
            // The same id but for case, spaces, dashes or underscores: the best match.
            if loose(c) == wanted {
                return (2.0, c);
            }
            let prefix = !id.is_empty() && c.starts_with(id);
            let score = strsim::normalized_damerau_levenshtein(id, c);
            (if prefix { score.max(0.7) } else { score }, c)
        })
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or_else(String::new, |(_, c)| format!("; did you mean '{c}'?"))
}

/// An id folded for comparison only: trimmed, lower case, every dash, underscore or space
/// (including Unicode hyphens and the minus sign) as '-'.
pub(crate) fn loose(id: &str) -> String {
    id.trim()
        .chars()
        // Zero-width spaces and joiners, and the byte-order mark, are invisible: drop them.
        .filter(|c| !matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}'))
        .map(|c| match c {
            // Full-width forms (an East Asian input method) as their ASCII letters.
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        })
        .map(|c| match c {
            '_' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{00a0}' => '-',
            c if c.is_whitespace() => '-',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Components and indicators, validated, with indicators in dependency order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalog {
    components: Vec<Component>,
    indicators: Vec<Indicator>,
    #[serde(skip)]
    component_index: foldhash::HashMap<String, usize>,
    #[serde(skip)]
    indicator_index: foldhash::HashMap<String, usize>,
    /// Derivable indicators, each after the indicators it reads.
    #[serde(skip)]
    derivation_order: Vec<usize>,
}

/// Which syntax a definitions text is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// TOML (`[[components]]`, `[[indicators]]` tables).
    Toml,
    /// JSON (`{"components": [...], "indicators": [...]}`).
    Json,
}

fn parse(text: &str, file: &str, syntax: Syntax) -> Result<CatalogFile, CatalogError> {
    let parsed = match syntax {
        Syntax::Toml => toml::from_str(text).map_err(|e| e.to_string()),
        Syntax::Json => {
            let mut de = serde_json::Deserializer::from_str(text);
            serde_path_to_error::deserialize(&mut de).map_err(|e| match e.path().to_string() {
                p if p == "." => e.inner().to_string(),
                p => format!("field {p}: {}", e.inner()),
            })
        }
    };
    parsed.map_err(|message| CatalogError::Parse {
        file: file.to_owned(),
        message: message.trim_end().to_owned(),
    })
}

fn is_snake_id(id: &str) -> bool {
    !id.is_empty()
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl Catalog {
    /// The catalog shipped with chitieu.
    pub fn builtin() -> &'static Catalog {
        static BUILTIN: OnceLock<Catalog> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let files = [
                ("builtin:components.toml", BUILTIN_COMPONENTS),
                ("builtin:indicators.toml", BUILTIN_INDICATORS),
            ];
            let mut parsed = Vec::new();
            for (file, text) in files {
                parsed.push((
                    file,
                    parse(text, file, Syntax::Toml).expect("built-in catalog parses (tested)"),
                ));
            }
            Self::build(parsed).expect("built-in catalog is valid (tested)")
        })
    }

    /// This catalog extended with user definitions (new components and indicators; ids
    /// must not clash with existing ones).
    ///
    /// ```
    /// use chitieu::catalog::{Catalog, Syntax};
    /// let extra = r#"
    /// [[indicators]]
    /// id = "stinv_per_capita"
    /// name_vi = "Chi cho KH,CN&ĐMST bình quân đầu người"
    /// name_en = "S&T&I spending per inhabitant"
    /// unit = "index"
    /// direction = "increase"
    /// kind = "ratio"
    /// aggregation = "ratio_of_additive"
    /// source = "derived"
    /// formula = { kind = "ratio", numerator = ["stinv_spending"], denominator = ["population"], scale = 1e9 }
    /// "#;
    /// let c = Catalog::builtin().extend(extra, "my.toml", Syntax::Toml)?;
    /// assert!(c.indicator("stinv_per_capita").is_some());
    /// # Ok::<(), chitieu::catalog::CatalogErrors>(())
    /// ```
    pub fn extend(&self, text: &str, file: &str, syntax: Syntax) -> Result<Catalog, CatalogErrors> {
        let extra = parse(text, file, syntax)?;
        let base = CatalogFile {
            components: self.components.clone(),
            indicators: self.indicators.clone(),
        };
        Self::build(vec![("catalog", base), (file, extra)])
    }

    fn build(files: Vec<(&str, CatalogFile)>) -> Result<Catalog, CatalogErrors> {
        let mut errors = Vec::new();
        let mut components = Vec::new();
        let mut indicators = Vec::new();
        let mut origin = Vec::new(); // file of each indicator
                                     // Looked up once per scored row: a fast hasher (ids are not attacker-chosen keys).
        let mut component_index = foldhash::HashMap::default();
        let mut indicator_index = foldhash::HashMap::default();
        for (file, content) in files {
            for c in content.components {
                if !is_snake_id(&c.id) {
                    errors.push(CatalogError::BadId {
                        file: file.to_owned(),
                        what: "component",
                        id: c.id.clone(),
                    });
                }
                if component_index.contains_key(&c.id) || indicator_index.contains_key(&c.id) {
                    errors.push(CatalogError::DuplicateId {
                        file: file.to_owned(),
                        what: "component",
                        id: c.id.clone(),
                    });
                    continue;
                }
                component_index.insert(c.id.clone(), components.len());
                components.push(c);
            }
            for i in content.indicators {
                if !is_snake_id(&i.id) {
                    errors.push(CatalogError::BadId {
                        file: file.to_owned(),
                        what: "indicator",
                        id: i.id.clone(),
                    });
                }
                if indicator_index.contains_key(&i.id) {
                    errors.push(CatalogError::DuplicateId {
                        file: file.to_owned(),
                        what: "indicator",
                        id: i.id.clone(),
                    });
                    continue;
                }
                indicator_index.insert(i.id.clone(), indicators.len());
                indicators.push(i);
                origin.push(file.to_owned());
            }
        }
        for (i, file) in indicators.iter().zip(&origin) {
            check_indicator(
                i,
                file,
                &component_index,
                &indicator_index,
                &indicators,
                &mut errors,
            );
        }
        let derivation_order =
            match derivation_order(&indicators, &indicator_index, &component_index) {
                Ok(order) => order,
                Err(cycle) => {
                    errors.push(cycle);
                    Vec::new()
                }
            };
        if !errors.is_empty() {
            return Err(CatalogErrors { errors });
        }
        Ok(Catalog {
            components,
            indicators,
            component_index,
            indicator_index,
            derivation_order,
        })
    }

    /// All components, in definition order.
    pub fn components(&self) -> &[Component] {
        &self.components
    }

    /// All indicators, in definition order.
    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    /// A component by id.
    pub fn component(&self, id: &str) -> Option<&Component> {
        self.component_index.get(id).map(|&i| &self.components[i])
    }

    /// An indicator by id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicator_index.get(id).map(|&i| &self.indicators[i])
    }

    /// An indicator by id, or an error suggesting the closest id.
    ///
    /// ```
    /// let err = chitieu::catalog::Catalog::builtin().require_indicator("researcher_per_10k").unwrap_err();
    /// assert!(err.to_string().contains("did you mean 'researchers_per_10k'"));
    /// ```
    pub fn require_indicator(&self, id: &str) -> Result<&Indicator, CatalogError> {
        self.indicator(id).ok_or_else(|| CatalogError::Unknown {
            what: "indicator",
            id: id.to_owned(),
            hint: did_you_mean(id, self.indicator_index.keys().map(String::as_str)),
        })
    }

    /// Derivable indicators (ratio, sum), each after those it reads.
    pub fn derivation_order(&self) -> impl Iterator<Item = &Indicator> {
        self.derivation_order.iter().map(|&i| &self.indicators[i])
    }

    /// A did-you-mean hint for an unknown component id.
    pub(crate) fn component_hint(&self, id: &str) -> String {
        did_you_mean(id, self.component_index.keys().map(String::as_str))
    }
}

fn check_indicator(
    i: &Indicator,
    file: &str,
    components: &foldhash::HashMap<String, usize>,
    indicators: &foldhash::HashMap<String, usize>,
    all: &[Indicator],
    errors: &mut Vec<CatalogError>,
) {
    let limits_ok = match (i.lower, i.upper) {
        (Some(lo), Some(hi)) => lo.is_finite() && hi.is_finite() && lo < hi,
        (Some(v), None) | (None, Some(v)) => v.is_finite(),
        (None, None) => true,
    };
    if !limits_ok {
        errors.push(CatalogError::BadLimits {
            file: file.to_owned(),
            indicator: i.id.clone(),
            lower: i.lower,
            upper: i.upper,
        });
    }
    let mut fields: Vec<(&'static str, Vec<&String>)> = Vec::new();
    match &i.formula {
        Formula::Ratio {
            numerator,
            denominator,
            scale,
        } => {
            if !(scale.is_finite() && *scale > 0.0) {
                errors.push(CatalogError::BadScale {
                    file: file.to_owned(),
                    indicator: i.id.clone(),
                    scale: *scale,
                });
            }
            fields.push(("numerator", numerator.iter().collect()));
            fields.push(("denominator", denominator.iter().collect()));
        }
        Formula::Sum { terms } => fields.push(("terms", terms.iter().collect())),
        Formula::Reported => {}
        Formula::GrowthAccounting {
            output,
            capital,
            investment,
            labour,
            capital_share,
            window,
        } => {
            if *window == Some(0) {
                errors.push(CatalogError::EmptyTerms {
                    file: file.to_owned(),
                    indicator: i.id.clone(),
                    field: "window (must be at least 1)",
                });
            }
            fields.push(("output", vec![output]));
            fields.push(("capital", capital.iter().collect()));
            fields.push(("investment", investment.iter().collect()));
            fields.push(("labour", vec![labour]));
            fields.push(("capital_share", capital_share.iter().collect()));
            if capital.is_none() && investment.is_none() {
                errors.push(CatalogError::EmptyTerms {
                    file: file.to_owned(),
                    indicator: i.id.clone(),
                    field: "capital (or investment)",
                });
            }
        }
    }
    let derivable = i.formula.is_derivable();
    for (field, terms) in fields {
        let required = !matches!(field, "capital" | "investment" | "capital_share");
        if terms.is_empty() && required {
            errors.push(CatalogError::EmptyTerms {
                file: file.to_owned(),
                indicator: i.id.clone(),
                field,
            });
        }
        for term in terms {
            if components.contains_key(term) {
                continue;
            }
            match indicators.get(term) {
                Some(&j) if derivable && !all[j].formula.is_derivable() => {
                    errors.push(CatalogError::NotDerivable {
                        file: file.to_owned(),
                        indicator: i.id.clone(),
                        term: term.clone(),
                    });
                }
                Some(_) if derivable => {}
                _ => errors.push(CatalogError::UnknownTerm {
                    file: file.to_owned(),
                    indicator: i.id.clone(),
                    field,
                    term: term.clone(),
                    hint: did_you_mean(term, components.keys().map(String::as_str)),
                }),
            }
        }
    }
}

/// Topological order of derivable indicators (depth-first), or the first cycle found.
/// A term names a component when a component has that id, else an indicator.
fn derivation_order(
    indicators: &[Indicator],
    index: &foldhash::HashMap<String, usize>,
    components: &foldhash::HashMap<String, usize>,
) -> Result<Vec<usize>, CatalogError> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    fn visit(
        i: usize,
        indicators: &[Indicator],
        index: &foldhash::HashMap<String, usize>,
        components: &foldhash::HashMap<String, usize>,
        marks: &mut [Mark],
        stack: &mut Vec<usize>,
        order: &mut Vec<usize>,
    ) -> Result<(), CatalogError> {
        match marks[i] {
            Mark::Done => return Ok(()),
            Mark::Active => {
                let start = stack.iter().position(|&s| s == i).unwrap_or(0);
                let mut path: Vec<String> = stack[start..]
                    .iter()
                    .map(|&s| indicators[s].id.clone())
                    .collect();
                path.push(indicators[i].id.clone());
                return Err(CatalogError::Cycle { path });
            }
            Mark::New => {}
        }
        marks[i] = Mark::Active;
        stack.push(i);
        let deps: HashSet<usize> = indicators[i]
            .formula
            .terms()
            .into_iter()
            .filter(|t| !components.contains_key(*t))
            .filter_map(|t| index.get(t).copied())
            .collect();
        let mut deps: Vec<usize> = deps.into_iter().collect();
        deps.sort_unstable();
        for j in deps {
            if indicators[j].formula.is_derivable() {
                visit(j, indicators, index, components, marks, stack, order)?;
            }
        }
        stack.pop();
        marks[i] = Mark::Done;
        order.push(i);
        Ok(())
    }
    let mut marks = vec![Mark::New; indicators.len()];
    let mut order = Vec::new();
    let mut stack = Vec::new();
    for i in 0..indicators.len() {
        if indicators[i].formula.is_derivable() {
            visit(
                i, indicators, index, components, &mut marks, &mut stack, &mut order,
            )?;
        }
    }
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"
id = "x"
name_vi = "X"
name_en = "X"
unit = "percent"
direction = "increase"
kind = "ratio"
aggregation = "ratio_of_additive"
source = "test"
"#;

    fn indicator(id: &str, formula: &str) -> String {
        format!(
            "[[indicators]]\n{}\nformula = {formula}\n",
            BASE.replace("\"x\"", &format!("\"{id}\""))
        )
    }

    fn codes(e: &CatalogErrors) -> Vec<String> {
        e.errors()
            .iter()
            .map(|e| {
                serde_json::to_value(e).unwrap()["kind"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    }

    #[test]
    fn builtin_catalog_is_valid_and_bilingual() {
        let c = Catalog::builtin();
        assert!(c.indicators().len() >= 30);
        assert!(c.components().len() >= 30);
        for i in c.indicators() {
            assert!(!i.name_vi.is_empty() && !i.name_en.is_empty(), "{}", i.id);
            // Vietnamese names carry diacritics (every name here has at least one).
            assert!(
                !i.name_vi.is_ascii(),
                "{} has no diacritics: {}",
                i.id,
                i.name_vi
            );
        }
        for comp in c.components() {
            assert!(!comp.name_vi.is_ascii(), "{}", comp.id);
        }
        // Every derivable indicator comes after the indicators it reads.
        let order: Vec<&str> = c.derivation_order().map(|i| i.id.as_str()).collect();
        for (pos, id) in order.iter().enumerate() {
            for t in c.indicator(id).unwrap().formula.terms() {
                if c.component(t).is_some() {
                    continue; // a term names a component first
                }
                let p = order.iter().position(|o| *o == t);
                assert!(p.is_some_and(|p| p < pos), "{t} not before {id}");
            }
        }
    }

    #[test]
    fn describe_formulas() {
        let c = Catalog::builtin();
        assert_eq!(
            c.indicator("stinv_local_budget_share")
                .unwrap()
                .formula
                .describe(),
            "100 × stinv_spending / local_budget_expenditure"
        );
        assert_eq!(
            c.indicator("researchers_per_10k")
                .unwrap()
                .formula
                .describe(),
            "10000 × researchers_headcount / population"
        );
    }

    #[test]
    fn user_definitions_are_validated_together() {
        let text = [
            indicator("a", r#"{ kind = "ratio", numerator = ["stinv_spendng"], denominator = [], scale = 0.0 }"#),
            indicator("researchers_per_10k", r#"{ kind = "sum", terms = ["population"] }"#),
            indicator("Bad-Id", r#"{ kind = "sum", terms = ["pii_score"] }"#),
        ]
        .concat();
        let err = Catalog::builtin()
            .extend(&text, "user.toml", Syntax::Toml)
            .unwrap_err();
        assert_eq!(
            codes(&err),
            [
                "duplicate_id",
                "bad_id",
                "bad_scale",
                "unknown_term",
                "empty_terms",
                "not_derivable"
            ]
        );
        let msg = err.to_string();
        assert!(msg.contains("user.toml: indicator 'a', formula.numerator: unknown term 'stinv_spendng'; did you mean 'stinv_spending'?"), "{msg}");
    }

    #[test]
    fn cycles_are_found() {
        let text = [
            indicator("a", r#"{ kind = "sum", terms = ["b"] }"#),
            indicator("b", r#"{ kind = "ratio", numerator = ["a"], denominator = ["population"], scale = 1.0 }"#),
        ]
        .concat();
        let err = Catalog::builtin()
            .extend(&text, "user.toml", Syntax::Toml)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "1 error in indicator definitions\n  indicators form a cycle: a → b → a"
        );
    }

    #[test]
    fn bad_unit_and_unknown_field_name_the_line() {
        let text = indicator("a", r#"{ kind = "sum", terms = ["population"] }"#)
            .replace("\"percent\"", "\"percents\"");
        let err = Catalog::builtin()
            .extend(&text, "user.toml", Syntax::Toml)
            .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("user.toml: TOML parse error at line 6"),
            "{msg}"
        );
        assert!(msg.contains("percents"), "{msg}");
        let text = indicator("a", r#"{ kind = "sum", terms = ["population"] }"#)
            .replace("source", "sourc");
        let msg = Catalog::builtin()
            .extend(&text, "u.toml", Syntax::Toml)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("sourc"), "{msg}");
    }

    #[test]
    fn json_definitions() {
        let json = r#"{"indicators": [{"id": "pop_k", "name_vi": "Dân số (nghìn người)", "name_en": "Population (thousands)",
            "unit": "count", "direction": "increase", "kind": "stock", "aggregation": "additive", "source": "x",
            "formula": {"kind": "ratio", "numerator": ["population"], "denominator": ["population"], "scale": 1.0}}]}"#;
        let c = Catalog::builtin()
            .extend(json, "<dict>", Syntax::Json)
            .unwrap();
        assert!(c.indicator("pop_k").is_some());
    }
}
