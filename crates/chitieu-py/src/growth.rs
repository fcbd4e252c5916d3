//! Growth accounting for many units: `tfp_table` and `tfp_sensitivity`.

use chitieu::frame::{
    observations_from_frame, raw_from_frame, sensitivity_to_frame, tfp_annual_to_frame,
    tfp_long_to_frame, tfp_summary_to_frame, tfp_windows_to_frame,
};
use chitieu::growth::{AccountingOptions, InitialStock};
use chitieu::tfp::{sensitivity_by_unit, tfp_by_unit, CapitalInput, ShareInput, TfpError, TfpSpec};
use chitieu::Observations;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3_polars::PyDataFrame;
use serde::Deserialize;

use crate::errors;

/// A capital share given as one number or as a series id.
#[derive(Deserialize)]
#[serde(untagged)]
enum ShareIn {
    Fixed(f64),
    Series(String),
}

/// The specification as the Python wrapper sends it (JSON).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecIn {
    output: String,
    labour: String,
    capital: Option<String>,
    investment: Option<String>,
    capital_share: Option<ShareIn>,
    labour_share: Option<String>,
    method: String,
    labour_input: String,
    depreciation: f64,
    initial_growth_years: usize,
    initial_stock: Option<f64>,
    index_base_year: Option<i32>,
}

fn spec(py: Python<'_>, json: &str) -> PyResult<TfpSpec> {
    let bad = |m: String| errors::invalid_argument(py, m);
    let s: SpecIn = serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
    let capital = match (s.capital, s.investment) {
        (Some(k), None) => CapitalInput::Stock(k),
        (None, Some(i)) => CapitalInput::Investment {
            series: i,
            depreciation: s.depreciation,
            initial: match s.initial_stock {
                Some(stock) => InitialStock::Given { stock },
                None => InitialStock::SteadyState {
                    growth_years: s.initial_growth_years,
                },
            },
        },
        _ => {
            return Err(bad(
                "give exactly one of capital= (a stock series) or investment=".into(),
            ))
        }
    };
    let shares = match (s.capital_share, s.labour_share) {
        (Some(ShareIn::Fixed(a)), None) => ShareInput::Fixed(a),
        (Some(ShareIn::Series(id)), None) => ShareInput::CapitalShareSeries(id),
        (None, Some(id)) => ShareInput::LabourShareSeries(id),
        _ => return Err(bad(
            "give exactly one of capital_share= (a number or a series) or labour_share= (a series)"
                .into(),
        )),
    };
    let map_growth = |e: chitieu::growth::GrowthError| bad(e.to_string());
    let options = AccountingOptions {
        growth: s.method.parse().map_err(map_growth)?,
        labour: s.labour_input.parse().map_err(map_growth)?,
        index_base_year: s.index_base_year,
    };
    let mut spec = TfpSpec::new(&s.output, capital, &s.labour, shares);
    spec.options = options;
    Ok(spec)
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

fn unit_errors(py: Python<'_>, errs: &[TfpError]) -> PyErr {
    let message = chitieu::tfp::TfpErrors(errs.to_vec()).to_string();
    let details = errs.iter().map(|e| {
        let d = PyDict::new(py);
        let _ = d.set_item("unit_id", &e.unit_id);
        let _ = d.set_item("message", e.problem.to_string());
        d
    });
    errors::with_details(py, errors::InvalidValueError::new_err(message), details)
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
            return Err(unit_errors(py, &errs));
        }
        let out = match kind {
            "annual" => tfp_annual_to_frame(&units, &spec).map_err(errors::polars)?,
            "long" => tfp_long_to_frame(&units).map_err(errors::polars)?,
            "windows" => tfp_windows_to_frame(&units, &spec, window).map_err(errors::polars)?,
            "summary" => tfp_summary_to_frame(&units, &spec, period)
                .map_err(|e| errors::invalid_argument(py, e.to_string()))?,
            other => {
                return Err(errors::invalid_argument(
                    py,
                    format!(
                        "format must be 'annual', 'long', 'summary' or 'windows', not '{other}'"
                    ),
                ))
            }
        };
        Ok(PyDataFrame(out))
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
            return Err(unit_errors(py, &errs));
        }
        sensitivity_to_frame(&rows)
            .map(PyDataFrame)
            .map_err(errors::polars)
    })
}
