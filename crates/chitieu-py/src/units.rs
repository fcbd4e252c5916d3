//! Units, the 2025 crosswalk and ranking: `units_frame`, `to_post_reform`, `rank`.

use chitieu::catalog::Catalog;
use chitieu::crosswalk::to_post_reform as crosswalk;
use chitieu::frame::{
    observations_from_frame, observations_to_frame, ranks_to_frame, raw_from_frame, units_to_frame,
};
use chitieu::ranking::{rank as rank_rows, Within};
use chitieu::registry::Registry;
use pyo3::prelude::*;
use pyo3_polars::PyDataFrame;

use crate::errors;

/// The six regions, north to south: region id, Vietnamese and English names.
#[pyfunction]
pub(crate) fn regions_frame() -> PyResult<PyDataFrame> {
    errors::guarded(move || {
        chitieu::frame::regions_to_frame()
            .map(PyDataFrame)
            .map_err(errors::polars)
    })
}

/// Units valid on `date` (ISO), or every row of the registry.
#[pyfunction]
#[pyo3(signature = (date=None))]
pub(crate) fn units_frame(date: Option<&str>) -> PyResult<PyDataFrame> {
    errors::guarded(move || {
        let r = Registry::builtin();
        let units: Vec<_> = match date {
            Some(d) => r.units_at(checked_date(d)?).collect(),
            None => r.units().iter().collect(),
        };
        units_to_frame(&units)
            .map(PyDataFrame)
            .map_err(errors::polars)
    })
}

/// A real ISO date, or an error naming it (no 30 February, no month 13).
fn checked_date(date: &str) -> PyResult<&str> {
    if chitieu::registry::is_iso_date(date) {
        Ok(date)
    } else {
        Err(Python::attach(|py| errors::date(py, date)))
    }
}

/// Re-aggregates a long table (raw components or observations) to post-reform units.
#[pyfunction]
pub(crate) fn to_post_reform(py: Python<'_>, df: PyDataFrame, key: &str) -> PyResult<PyDataFrame> {
    errors::guarded(move || {
        let df: polars::prelude::DataFrame = df.into();
        let read = if key == "component" {
            raw_from_frame
        } else {
            observations_from_frame
        };
        let table = py
            .detach(|| read(&df))
            .map_err(|e| errors::validation(py, &e))?;
        let out = crosswalk(&table, Catalog::builtin()).map_err(|e| errors::crosswalk(py, &e))?;
        let mut frame = observations_to_frame(&out).map_err(errors::polars)?;
        if key == "component" {
            frame
                .rename("indicator", "component".into())
                .map_err(errors::polars)?;
        }
        Ok(PyDataFrame(frame))
    })
}

/// Ranks units on an indicator for a year (see ``chitieu.rank``).
#[pyfunction]
pub(crate) fn rank(
    py: Python<'_>,
    df: PyDataFrame,
    indicator: &str,
    year: i32,
    within: &str,
) -> PyResult<PyDataFrame> {
    errors::guarded(move || {
        let df: polars::prelude::DataFrame = df.into();
        let obs = py
            .detach(|| observations_from_frame(&df))
            .map_err(|e| errors::validation(py, &e))?;
        let within: Within = within.parse().map_err(|e| errors::rank(py, &e))?;
        let rows = rank_rows(&obs, Catalog::builtin(), indicator, year, &within)
            .map_err(|e| errors::rank(py, &e))?;
        ranks_to_frame(&rows)
            .map(PyDataFrame)
            .map_err(errors::polars)
    })
}

/// The unit id for a published name on `date` (None when no unit matches).
#[pyfunction]
pub(crate) fn unit_id_for_name(name: &str, date: &str) -> PyResult<Option<String>> {
    errors::guarded(move || {
        Ok(Registry::builtin()
            .find_by_name(name, checked_date(date)?)
            .map(|u| u.id.clone()))
    })
}

/// The region id for an id or a Vietnamese or English region name.
#[pyfunction]
pub(crate) fn region_id(name: &str) -> PyResult<Option<&'static str>> {
    errors::guarded(move || Ok(chitieu::registry::region_id(name)))
}

/// Ids of the members of `region` on `date`.
#[pyfunction]
pub(crate) fn region_members(region: &str, date: &str) -> PyResult<Vec<String>> {
    errors::guarded(move || {
        Ok(Registry::builtin()
            .region_members(region, checked_date(date)?)
            .map(|u| u.id.clone())
            .collect())
    })
}

/// Ids of the units of a target's group (``region:<id>``, ``country:vn``) on `date`; None for
/// groups chitieu has no members of (``world``, ``southeast-asia``).
#[pyfunction]
pub(crate) fn group_members(
    py: Python<'_>,
    group: &str,
    date: &str,
) -> PyResult<Option<Vec<String>>> {
    errors::guarded(move || {
        let group: chitieu::targets::Group =
            group.parse().map_err(|e: chitieu::targets::UnknownGroup| {
                errors::invalid_argument(py, e.to_string())
            })?;
        Ok(group.members(checked_date(date)?))
    })
}

/// The id of the unit `text` names (its id or its name, with or without diacritics, any case),
/// among the units valid on `date` when given; UnknownIdError with near units otherwise.
#[pyfunction]
#[pyo3(signature = (text, date=None))]
pub(crate) fn resolve_unit(py: Python<'_>, text: &str, date: Option<&str>) -> PyResult<String> {
    errors::guarded(move || {
        let date = date.map(checked_date).transpose()?;
        Registry::builtin()
            .resolve_unit(text, date)
            .map_err(|e| errors::unknown_name(py, &e))
    })
}

/// The id of the region `text` names (id or name, Vietnamese or English, with or without
/// diacritics); UnknownIdError with near regions otherwise.
#[pyfunction]
pub(crate) fn resolve_region(py: Python<'_>, text: &str) -> PyResult<&'static str> {
    errors::guarded(move || {
        chitieu::registry::resolve_region(text).map_err(|e| errors::unknown_name(py, &e))
    })
}
