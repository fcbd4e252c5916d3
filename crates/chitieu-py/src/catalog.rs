//! The catalog: `catalog_frame`, `components_frame`, `indicator`, and `derive`.

use chitieu::catalog::{Catalog, Indicator, Syntax};
use chitieu::frame::{
    components_to_frame, indicators_to_frame, observations_to_frame, raw_from_frame,
};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3_polars::PyDataFrame;

use crate::errors;

/// User definitions as passed from Python: (text, file name, "toml" | "json").
type Definitions = Option<(String, String, String)>;

/// The built-in catalog, or the built-in catalog extended with user definitions.
fn with_definitions(
    py: Python<'_>,
    definitions: Definitions,
) -> PyResult<std::borrow::Cow<'static, Catalog>> {
    let builtin = Catalog::builtin();
    let Some((text, file, syntax)) = definitions else {
        return Ok(std::borrow::Cow::Borrowed(builtin));
    };
    let syntax = match syntax.as_str() {
        "json" => Syntax::Json,
        _ => Syntax::Toml,
    };
    builtin
        .extend(&text, &file, syntax)
        .map(std::borrow::Cow::Owned)
        .map_err(|e| errors::catalog(py, &e))
}

/// The catalog's indicators as a DataFrame.
#[pyfunction]
#[pyo3(signature = (definitions=None))]
pub(crate) fn catalog_frame(py: Python<'_>, definitions: Definitions) -> PyResult<PyDataFrame> {
    errors::guarded(move || {
        let catalog = with_definitions(py, definitions)?;
        indicators_to_frame(&catalog)
            .map(PyDataFrame)
            .map_err(errors::polars)
    })
}

/// The catalog's components as a DataFrame.
#[pyfunction]
#[pyo3(signature = (definitions=None))]
pub(crate) fn components_frame(py: Python<'_>, definitions: Definitions) -> PyResult<PyDataFrame> {
    errors::guarded(move || {
        let catalog = with_definitions(py, definitions)?;
        components_to_frame(&catalog)
            .map(PyDataFrame)
            .map_err(errors::polars)
    })
}

/// Derives indicators from raw statistics (see ``chitieu.derive``).
#[pyfunction]
#[pyo3(signature = (raw, strict=true, definitions=None))]
pub(crate) fn derive(
    py: Python<'_>,
    raw: PyDataFrame,
    strict: bool,
    definitions: Definitions,
) -> PyResult<PyDataFrame> {
    errors::guarded(move || {
        let catalog = with_definitions(py, definitions)?;
        let raw: polars::prelude::DataFrame = raw.into();
        let raw = py
            .detach(|| raw_from_frame(&raw))
            .map_err(|e| errors::validation(py, &e))?;
        let obs = py
            .detach(|| chitieu::derive::derive(&raw, &catalog, strict))
            .map_err(|e| errors::derive(py, &e))?;
        observations_to_frame(&obs)
            .map(PyDataFrame)
            .map_err(errors::polars)
    })
}

/// Every field of an indicator as a plain dict (enums as their snake_case names).
fn indicator_dict<'py>(py: Python<'py>, i: &Indicator) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let value = serde_json::to_value(i).map_err(errors::internal)?;
    if let serde_json::Value::Object(map) = value {
        for (k, v) in map {
            match v {
                serde_json::Value::String(s) => d.set_item(k, s)?,
                serde_json::Value::Number(n) => d.set_item(k, n.as_f64())?,
                serde_json::Value::Null => d.set_item(k, py.None())?,
                _ => {}
            }
        }
    }
    d.set_item("formula", i.formula.describe())?;
    d.set_item("formula_kind", i.formula.kind())?;
    d.set_item("terms", i.formula.terms())?;
    Ok(d)
}

/// An indicator by id as a dict (raises UnknownIdError with a suggestion).
#[pyfunction]
#[pyo3(signature = (id, definitions=None))]
pub(crate) fn indicator<'py>(
    py: Python<'py>,
    id: &str,
    definitions: Definitions,
) -> PyResult<Bound<'py, PyDict>> {
    errors::guarded(move || {
        let catalog = with_definitions(py, definitions)?;
        let i = catalog
            .require_indicator(id)
            .map_err(|e| errors::unknown_id(py, e.to_string()))?;
        indicator_dict(py, i)
    })
}
