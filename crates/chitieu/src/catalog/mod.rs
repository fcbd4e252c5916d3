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

mod definitions;
mod error;
mod ids;
mod validate;

pub use definitions::{
    Aggregation, Component, ComponentUnit, Formula, Indicator, IndicatorKind, Unit,
};
pub use error::{CatalogError, CatalogErrors};
pub(crate) use ids::{did_you_mean, loose, nearest_id};

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use ids::is_snake_id;
use validate::{check_indicator, derivation_order};

const BUILTIN_COMPONENTS: &str = include_str!("../../catalog/components.toml");
const BUILTIN_INDICATORS: &str = include_str!("../../catalog/indicators.toml");

/// A catalog file: components and/or indicators.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    #[serde(default)]
    components: Vec<Component>,
    #[serde(default)]
    indicators: Vec<Indicator>,
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

#[cfg(test)]
mod tests;
