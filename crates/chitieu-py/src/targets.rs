//! Target sets: `target_sets_frame` and `target_set`.

use chitieu::catalog::Catalog;
use chitieu::frame::{target_sets_to_frame, targets_to_frame};
use chitieu::targets::{Scope, TargetSet};
use pyo3::prelude::*;
use pyo3::types::PyDict;
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

/// A target set: shipped (`set_id`) or from TOML text (`text`, `file` for messages).
/// Returns (metadata dict, targets DataFrame, TOML text).
#[pyfunction]
#[pyo3(signature = (set_id=None, text=None, file="<string>"))]
pub(crate) fn target_set<'py>(
    py: Python<'py>,
    set_id: Option<&str>,
    text: Option<&str>,
    file: &str,
) -> PyResult<(Bound<'py, PyDict>, PyDataFrame, String)> {
    errors::guarded(move || {
        let catalog = Catalog::builtin();
        let set = match (set_id, text) {
            (Some(id), None) => TargetSet::builtin(id),
            (None, Some(t)) => TargetSet::from_toml(t, file, catalog),
            _ => {
                return Err(errors::invalid_argument(
                    py,
                    "give a set id or a TOML text".into(),
                ))
            }
        }
        .map_err(|e| errors::target_errors(py, &e))?;
        let meta = PyDict::new(py);
        meta.set_item("id", &set.id)?;
        meta.set_item("name_vi", &set.name_vi)?;
        meta.set_item("name_en", &set.name_en)?;
        meta.set_item("issuer_vi", &set.issuer_vi)?;
        meta.set_item("issuer_en", &set.issuer_en)?;
        meta.set_item("document", &set.document)?;
        meta.set_item("date", &set.date)?;
        meta.set_item("implements", &set.implements)?;
        meta.set_item(
            "unit",
            match &set.scope {
                Scope::Unit(u) => Some(u.as_str()),
                Scope::National => None,
            },
        )?;
        meta.set_item("source_file", set.source_file.as_deref())?;
        meta.set_item("url", set.url.as_deref())?;
        let frame = targets_to_frame(&set, catalog).map_err(errors::polars)?;
        Ok((meta, PyDataFrame(frame), set.to_toml()))
    })
}
