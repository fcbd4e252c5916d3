//! Target sets: `target_sets_frame` and the Rust-owned `TargetSet`.

use std::sync::Arc;

use chitieu::catalog::Catalog;
use chitieu::frame::{target_sets_to_frame, targets_to_frame};
use chitieu::targets::{Scope, TargetSet};
use pyo3::prelude::*;
use pyo3::types::PyType;
use pyo3_polars::PyDataFrame;

use crate::errors;

/// The shipped target sets, one row each.
#[pyfunction]
pub(crate) fn target_sets_frame(py: Python<'_>) -> PyResult<PyDataFrame> {
    errors::guarded(move || {
        let sets = TargetSet::all_builtin().map_err(|e| errors::target_errors(py, &e))?;
        target_sets_to_frame(&sets)
            .map(PyDataFrame)
            .map_err(errors::polars)
    })
}

/// A validated target set, owned by the Rust core (``chitieu.TargetSet`` wraps it): built
/// from TOML text or a shipped id, scored without a round trip through text.
#[pyclass(module = "chitieu._chitieu", name = "TargetSet", frozen)]
pub(crate) struct PyTargetSet(pub(crate) Arc<TargetSet>);

#[pymethods]
impl PyTargetSet {
    /// The set read from TOML ``text`` (``file`` names it in error messages).
    #[new]
    #[pyo3(signature = (text, file="<string>"))]
    fn new(py: Python<'_>, text: &str, file: &str) -> PyResult<Self> {
        errors::guarded(|| {
            TargetSet::from_toml(text, file, Catalog::builtin())
                .map(|s| Self(Arc::new(s)))
                .map_err(|e| errors::target_errors(py, &e))
        })
    }

    /// A shipped set by id.
    #[classmethod]
    fn builtin(_cls: &Bound<'_, PyType>, py: Python<'_>, set_id: &str) -> PyResult<Self> {
        errors::guarded(|| {
            TargetSet::builtin(set_id)
                .map(|s| Self(Arc::new(s)))
                .map_err(|e| errors::target_errors(py, &e))
        })
    }

    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }
    #[getter]
    fn name_vi(&self) -> &str {
        &self.0.name_vi
    }
    #[getter]
    fn name_en(&self) -> &str {
        &self.0.name_en
    }
    #[getter]
    fn issuer_vi(&self) -> &str {
        &self.0.issuer_vi
    }
    #[getter]
    fn issuer_en(&self) -> &str {
        &self.0.issuer_en
    }
    #[getter]
    fn document(&self) -> &str {
        &self.0.document
    }
    #[getter]
    fn date(&self) -> &str {
        &self.0.date
    }
    #[getter]
    fn implements(&self) -> Vec<String> {
        self.0.implements.clone()
    }
    /// The unit the set applies to (None for national sets).
    #[getter]
    fn unit(&self) -> Option<&str> {
        match &self.0.scope {
            Scope::Unit(u) => Some(u),
            Scope::National => None,
        }
    }
    #[getter]
    fn source_file(&self) -> Option<&str> {
        self.0.source_file.as_deref()
    }
    #[getter]
    fn url(&self) -> Option<&str> {
        self.0.url.as_deref()
    }

    /// One row per target (see ``chitieu.TargetSet.to_polars``).
    fn targets_frame(&self) -> PyResult<PyDataFrame> {
        errors::guarded(|| {
            targets_to_frame(&self.0, Catalog::builtin())
                .map(PyDataFrame)
                .map_err(errors::polars)
        })
    }

    /// The set as TOML (loads back to the same set).
    fn to_toml(&self) -> String {
        self.0.to_toml()
    }

    /// The set without the targets ``drop`` names (each must be in the set).
    fn without(&self, py: Python<'_>, drop: Vec<String>) -> PyResult<Self> {
        errors::guarded(|| {
            let drop: Vec<&str> = drop.iter().map(String::as_str).collect();
            self.0
                .without(&drop)
                .map(|s| Self(Arc::new(s)))
                .map_err(|e| errors::target_errors(py, &e))
        })
    }

    fn __len__(&self) -> usize {
        self.0.targets.len()
    }

    /// Pickled as its TOML (Dask and Spark ship sets to their workers).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyType>, (String, String)) {
        let set = &slf.get().0;
        (
            slf.get_type(),
            (set.to_toml(), format!("<TargetSet {}>", set.id)),
        )
    }
}
