//! `validate_observations`: DataFrame in, normalised DataFrame out.

use chitieu::frame::{observations_from_frame, observations_to_frame};
use pyo3::prelude::*;
use pyo3_polars::PyDataFrame;

use crate::errors;

/// Validates a long observations table and returns it normalised (see `chitieu.observations`).
#[pyfunction]
pub(crate) fn validate_observations(py: Python<'_>, df: PyDataFrame) -> PyResult<PyDataFrame> {
    errors::guarded(move || {
        let df: polars::prelude::DataFrame = df.into();
        let obs = py
            .detach(|| observations_from_frame(&df))
            .map_err(|e| errors::validation(py, &e))?;
        let out = observations_to_frame(&obs).map_err(errors::polars)?;
        Ok(PyDataFrame(out))
    })
}
