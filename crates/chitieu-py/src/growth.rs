//! Growth accounting for many units: `tfp_table` and `tfp_sensitivity`.

use chitieu::frame::{
    observations_from_frame, raw_from_frame, sensitivity_to_frame, tfp_to_frame, TfpFormat,
};
use chitieu::tfp::{sensitivity_by_unit, tfp_by_unit, TfpSpec};
use chitieu::Observations;
use pyo3::prelude::*;
use pyo3_polars::PyDataFrame;

use crate::errors;

fn spec(py: Python<'_>, json: &str) -> PyResult<TfpSpec> {
    TfpSpec::from_json(json).map_err(|e| errors::invalid_argument(py, e.to_string()))
}

fn table(py: Python<'_>, df: PyDataFrame, key: &str) -> PyResult<Observations> {
    let df: polars::prelude::DataFrame = df.into();
    let read = if key == "component" {
        raw_from_frame
    } else {
        observations_from_frame
    };
    py.detach(|| read(&df))
        .map_err(|e| errors::validation(py, &e))
}

/// Growth accounting for every unit of a long table (see ``chitieu.growth_accounting``).
#[pyfunction]
#[pyo3(signature = (df, key, spec_json, kind, period=None, window=5))]
pub(crate) fn tfp_table(
    py: Python<'_>,
    df: PyDataFrame,
    key: &str,
    spec_json: &str,
    kind: &str,
    period: Option<(i32, i32)>,
    window: usize,
) -> PyResult<PyDataFrame> {
    errors::guarded(move || {
        let spec = spec(py, spec_json)?;
        let table = table(py, df, key)?;
        let (units, errs) = py.detach(|| tfp_by_unit(&table, &spec));
        if !errs.is_empty() {
            return Err(errors::tfp_units(py, &errs));
        }
        let format: TfpFormat = kind.parse().map_err(|e| errors::core(py, e))?;
        tfp_to_frame(&units, &spec, format, period, window)
            .map(PyDataFrame)
            .map_err(|e| errors::core(py, e))
    })
}

/// TFP share over a grid of capital shares and depreciation rates, for every unit.
#[pyfunction]
pub(crate) fn tfp_sensitivity(
    py: Python<'_>,
    df: PyDataFrame,
    key: &str,
    spec_json: &str,
    capital_shares: Vec<f64>,
    depreciations: Vec<f64>,
) -> PyResult<PyDataFrame> {
    errors::guarded(move || {
        let spec = spec(py, spec_json)?;
        let table = table(py, df, key)?;
        let (rows, errs) =
            py.detach(|| sensitivity_by_unit(&table, &spec, &capital_shares, &depreciations));
        if !errs.is_empty() {
            return Err(errors::tfp_units(py, &errs));
        }
        sensitivity_to_frame(&rows)
            .map(PyDataFrame)
            .map_err(errors::polars)
    })
}
