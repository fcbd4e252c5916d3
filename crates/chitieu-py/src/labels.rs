//! The bilingual vocabulary for Python: the heading table, picking a language, target phrases.

use chitieu::score::Scale;
use chitieu::vocabulary::{Heading, Lang};
use pyo3::prelude::*;

use crate::errors;

fn lang(py: Python<'_>, code: &str) -> PyResult<Lang> {
    code.parse()
        .map_err(|e: chitieu::vocabulary::UnknownLang| errors::invalid_argument(py, e.to_string()))
}

/// Every heading as ``(key, vietnamese, english)``, in table order.
#[pyfunction]
pub(crate) fn headings() -> Vec<(&'static str, &'static str, &'static str)> {
    Heading::ALL
        .iter()
        .map(|h| (h.key(), h.vi(), h.en()))
        .collect()
}

/// The label in ``lang`` (``"vi"``, ``"en"`` or ``"both"``: ``"Vietnamese / English"``); an
/// empty side falls back to the other.
#[pyfunction]
pub(crate) fn pick_label(py: Python<'_>, vi: &str, en: &str, lang_code: &str) -> PyResult<String> {
    errors::guarded(|| Ok(lang(py, lang_code)?.pick(vi, en)))
}

/// ``x`` as ``lang`` writes numbers: rounded to at most ``decimals`` decimals (trailing zeros
/// dropped), or to six significant digits when ``decimals`` is None.
#[pyfunction]
#[pyo3(signature = (x, lang_code, decimals=None))]
pub(crate) fn format_number(
    py: Python<'_>,
    x: f64,
    lang_code: &str,
    decimals: Option<usize>,
) -> PyResult<String> {
    errors::guarded(|| {
        let lang = lang(py, lang_code)?;
        Ok(match decimals {
            Some(d) => chitieu::vocabulary::numbers::rounded(x, d.min(15), lang),
            None => chitieu::vocabulary::numbers::significant(x, lang),
        })
    })
}

/// An ISO date as ``lang`` writes it (``dd/mm/yyyy`` in Vietnamese).
#[pyfunction]
pub(crate) fn format_date(py: Python<'_>, iso: &str, lang_code: &str) -> PyResult<String> {
    errors::guarded(|| {
        Ok(chitieu::vocabulary::numbers::date(
            iso,
            lang(py, lang_code)?,
        ))
    })
}

/// How a scorecard row's target reads in a title (``Target ≥ 10 by 2030``).
#[pyfunction]
#[pyo3(signature = (kind, scale, value, year, lang_code))]
pub(crate) fn target_phrase(
    py: Python<'_>,
    kind: &str,
    scale: &str,
    value: Option<f64>,
    year: Option<i32>,
    lang_code: &str,
) -> PyResult<String> {
    errors::guarded(|| {
        let scale = Scale::from_code(scale)
            .ok_or_else(|| errors::invalid_argument(py, format!("unknown scale '{scale}'")))?;
        Ok(chitieu::score::target_phrase(
            kind,
            scale,
            value,
            year,
            lang(py, lang_code)?,
        ))
    })
}
