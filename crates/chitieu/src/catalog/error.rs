//! Problems found in catalog definitions, each naming the file, entry and field.

use std::fmt;

use serde::Serialize;

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
    pub(super) errors: Vec<CatalogError>,
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
