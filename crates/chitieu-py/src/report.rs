//! Scorecard reports (HTML page, Excel workbook) and the status classes' labels and colours:
//! rendered by the core.

use std::path::PathBuf;

use chitieu::frame::statuses_to_frame;
use chitieu::labels::Lang;
use chitieu::report::Report;
use pyo3::prelude::*;
use pyo3_polars::PyDataFrame;

use crate::errors;

fn report(
    py: Python<'_>,
    rows: PyDataFrame,
    targets: PyDataFrame,
    sets: PyDataFrame,
) -> PyResult<Report> {
    Report::from_frames(&rows.0, &targets.0, &sets.0).map_err(|e| errors::report(py, &e))
}

fn lang(py: Python<'_>, lang: &str) -> PyResult<Lang> {
    lang.parse()
        .map_err(|e: chitieu::labels::UnknownLang| errors::invalid_argument(py, e.to_string()))
}

/// A standalone HTML page of a scorecard; `sections` are (heading, trusted HTML) pairs.
#[pyfunction]
pub(crate) fn scorecard_html(
    py: Python<'_>,
    rows: PyDataFrame,
    targets: PyDataFrame,
    sets: PyDataFrame,
    lang_code: &str,
    title: &str,
    sections: Vec<(String, String)>,
) -> PyResult<String> {
    errors::guarded(move || {
        let lang = lang(py, lang_code)?;
        Ok(report(py, rows, targets, sets)?.html(lang, title, &sections))
    })
}

/// The narrative of a scorecard as Markdown (`html`: an HTML fragment).
#[pyfunction]
pub(crate) fn scorecard_narrative(
    py: Python<'_>,
    rows: PyDataFrame,
    targets: PyDataFrame,
    sets: PyDataFrame,
    lang_code: &str,
    html: bool,
) -> PyResult<String> {
    errors::guarded(move || {
        let lang = lang(py, lang_code)?;
        let narrative = report(py, rows, targets, sets)?.narrative(lang);
        Ok(if html {
            narrative.to_html()
        } else {
            narrative.to_markdown()
        })
    })
}

/// Writes a scorecard workbook (.xlsx) to `path`.
#[pyfunction]
pub(crate) fn scorecard_xlsx(
    py: Python<'_>,
    rows: PyDataFrame,
    targets: PyDataFrame,
    sets: PyDataFrame,
    path: PathBuf,
    lang_code: &str,
) -> PyResult<()> {
    errors::guarded(move || {
        let lang = lang(py, lang_code)?;
        let report = report(py, rows, targets, sets)?;
        py.detach(|| report.write_xlsx(&path, lang))
            .map_err(|e| errors::report(py, &e))
    })
}

/// The status classes, best first: code, labels, symbol, fill and text colours.
#[pyfunction]
pub(crate) fn statuses_frame() -> PyResult<PyDataFrame> {
    errors::guarded(move || statuses_to_frame().map(PyDataFrame).map_err(errors::polars))
}
