//! The crate-wide error type: one variant per module error.

/// Any error raised by chitieu.
///
/// Each module has its own error type (validation of observations, progress measurement);
/// this enum gathers them so that callers can use `?` across modules.
///
/// ```
/// use chitieu::{Error, Observation, Observations};
/// let row = Observation::new("lai-chau", "stinv_budget_share", 2023, Some(f64::NAN));
/// let err: Error = Observations::new(vec![row]).unwrap_err().into();
/// assert!(err.to_string().contains("not a finite number"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Observations failed validation (every offending row is listed).
    #[error(transparent)]
    Validation(#[from] crate::observations::ValidationErrors),
    /// A word outside the shared vocabulary (e.g. an unknown direction).
    #[error(transparent)]
    Vocabulary(#[from] crate::vocabulary::VocabularyError),
    /// A progress measurement got invalid input.
    #[error(transparent)]
    Progress(#[from] crate::progress::ProgressError),
    /// Indicator or component definitions are invalid, or an id is unknown.
    #[error(transparent)]
    Catalog(#[from] crate::catalog::CatalogErrors),
    /// Indicators could not be derived from raw statistics.
    #[error(transparent)]
    Derive(#[from] crate::derive::DeriveErrors),
    /// A target set is invalid or unknown.
    #[error(transparent)]
    Targets(#[from] crate::targets::TargetErrors),
    /// Unit ids that the 2025 crosswalk does not know.
    #[error(transparent)]
    Crosswalk(#[from] crate::crosswalk::CrosswalkErrors),
    /// Ranking failed (unknown indicator, units or region).
    #[error(transparent)]
    Rank(#[from] crate::ranking::RankError),
    /// Growth accounting got invalid input.
    #[error(transparent)]
    Growth(#[from] crate::growth::GrowthError),
    /// Units whose TFP accounts failed.
    #[error(transparent)]
    Tfp(#[from] crate::tfp::TfpErrors),
    /// A composite index: invalid framework, data or option.
    #[error(transparent)]
    Composite(#[from] crate::composite::CompositeError),
    /// A report could not be built or written.
    #[error(transparent)]
    Report(#[from] crate::report::ReportError),
    /// polars failed while building a DataFrame (only with the `polars` feature).
    #[cfg(feature = "polars")]
    #[error("polars: {0}")]
    Polars(#[from] polars::error::PolarsError),
}
