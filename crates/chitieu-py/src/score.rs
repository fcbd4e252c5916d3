//! Batch scoring: `score_frames`.

use chitieu::catalog::Catalog;
use chitieu::frame::{observations_from_frame, scorecard_frames};
use chitieu::score::{Run, ScoreOptions};
use chitieu::targets::TargetSet;
use pyo3::prelude::*;
use pyo3_polars::PyDataFrame;

use crate::errors;
use crate::targets::PyTargetSet;

/// Scores observations against target sets given as shipped ids or (TOML text, file name);
/// returns (scorecard, summary).
#[pyfunction]
#[pyo3(signature = (df, set_ids, set_objects, units=None, projection="cagr", base_year=None,
                    zero_replacement=0.001, limit_scaling=None, min_points=2,
                    carry_to_successor=false, feasibility_window=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn score_frames(
    py: Python<'_>,
    df: PyDataFrame,
    set_ids: Vec<String>,
    set_objects: Vec<PyRef<'_, PyTargetSet>>,
    units: Option<Vec<String>>,
    projection: &str,
    base_year: Option<i32>,
    zero_replacement: f64,
    limit_scaling: Option<f64>,
    min_points: usize,
    carry_to_successor: bool,
    feasibility_window: Option<i32>,
) -> PyResult<(PyDataFrame, PyDataFrame)> {
    errors::guarded(move || {
        let catalog = Catalog::builtin();
        let mut sets = Vec::new();
        for id in &set_ids {
            sets.push(TargetSet::builtin(id).map_err(|e| errors::target_errors(py, &e))?);
        }
        sets.extend(set_objects.iter().map(|s| TargetSet::clone(&s.0)));
        let options = ScoreOptions {
            projection: projection.parse().map_err(|e| errors::progress(py, &e))?,
            base_year,
            zero_replacement,
            limit_scaling,
            min_points,
            units,
            carry_to_successor,
            feasibility_window,
        };
        let df: polars::prelude::DataFrame = df.into();
        let rows = df.height();
        let obs = py
            .detach(|| observations_from_frame(&df))
            .map_err(|e| errors::validation(py, &e))?;
        drop(df);
        // The reading's scratch (a few times the table) back to the system before the
        // scorecard is built (a large table): the call's peak is then lower.
        py.detach(|| crate::release_freed_memory(rows));
        let run = Run::new(&obs, &sets, catalog, &options).map_err(|e| errors::progress(py, &e))?;
        let frames = py.detach(|| scorecard_frames(&run));
        drop(run);
        drop(obs);
        py.detach(|| crate::release_freed_memory(rows));
        let (card, summary) = frames.map_err(errors::polars)?;
        Ok((PyDataFrame(card), PyDataFrame(summary)))
    })
}

/// Every CAGR units sustained over `window` years on `indicator`:
/// (unit_id, start_year, end_year, cagr) rows.
#[pyfunction]
pub(crate) fn sustained_growth_rows(
    py: Python<'_>,
    df: PyDataFrame,
    indicator: &str,
    window: i32,
) -> PyResult<Vec<(String, i32, i32, f64)>> {
    errors::guarded(move || {
        let df: polars::prelude::DataFrame = df.into();
        let obs = py
            .detach(|| observations_from_frame(&df))
            .map_err(|e| errors::validation(py, &e))?;
        Ok(
            chitieu::feasibility::sustained_growth(&obs, indicator, window)
                .into_iter()
                .map(|s| (s.unit_id, s.start_year, s.end_year, s.cagr))
                .collect(),
        )
    })
}

/// A unit's place within its group from published national (and regional) ranks:
/// (best, worst, members with data, stated); see ``chitieu.rank_within``.
#[pyfunction]
#[pyo3(signature = (unit, group, year, members, direction, taken=None, country_size=0,
                    own=None, others=Vec::new()))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn place_within(
    py: Python<'_>,
    unit: &str,
    group: &str,
    year: i32,
    members: Vec<(String, Option<f64>)>,
    direction: &str,
    taken: Option<Vec<f64>>,
    country_size: usize,
    own: Option<u32>,
    others: Vec<u32>,
) -> PyResult<(u32, u32, u32, bool)> {
    errors::guarded(move || {
        let d: chitieu::Direction = direction.parse().map_err(|e| errors::vocabulary(py, &e))?;
        let refs: Vec<(&str, Option<f64>)> =
            members.iter().map(|(u, v)| (u.as_str(), *v)).collect();
        let national = taken.as_deref().map(|t| (t, country_size));
        let published = chitieu::score::PublishedPlaces {
            own,
            others: &others,
        };
        chitieu::score::place_within(unit, group, year, &refs, d, national, published)
            .map(|p| (p.best, p.worst, p.with_data, p.stated))
            .map_err(|e| errors::invalid_argument(py, e.to_string()))
    })
}

/// Where `required` stands among `observed` values: (percentile, label, n) or None.
#[pyfunction]
#[pyo3(signature = (required, observed, direction="increase"))]
pub(crate) fn feasibility(
    py: Python<'_>,
    required: f64,
    observed: Vec<f64>,
    direction: &str,
) -> PyResult<Option<(f64, &'static str, usize)>> {
    errors::guarded(move || {
        let d: chitieu::Direction = direction.parse().map_err(|e| errors::vocabulary(py, &e))?;
        Ok(
            chitieu::feasibility::feasibility(required, &observed, d.sign())
                .map(|f| (f.percentile, f.label.code(), f.observed)),
        )
    })
}

/// Observed growth rates by indicator, signed by the catalog's desired direction and sorted
/// once, to place the required rates of many rows (``chitieu.score_partition`` and the
/// Dask/Spark paths place each partition's rows with one of these).
#[pyclass(module = "chitieu._chitieu", name = "FeasibilityRates", frozen)]
pub(crate) struct PyRates {
    rates: chitieu::feasibility::Rates,
    /// The rates as given, so the object pickles (Spark and Dask ship it to workers).
    given: RateMap,
}

/// Observed rates by indicator, as Python gives them.
type RateMap = std::collections::HashMap<String, Vec<f64>>;

#[pymethods]
impl PyRates {
    #[new]
    fn new(rates: RateMap) -> PyResult<Self> {
        errors::guarded(|| {
            Ok(Self {
                rates: chitieu::feasibility::Rates::new(
                    Catalog::builtin(),
                    rates.iter().map(|(k, v)| (k.as_str(), v.as_slice())),
                ),
                given: rates,
            })
        })
    }

    /// Pickled as the rates given (Spark and Dask ship it to their workers).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, pyo3::types::PyType>, (RateMap,)) {
        (slf.get_type(), (slf.get().given.clone(),))
    }

    /// (percentiles, labels) of the rows' required rates; None where a row has no
    /// indicator, no finite required rate, or its indicator no observed rates.
    #[allow(clippy::type_complexity)]
    fn place(
        &self,
        indicators: Vec<Option<String>>,
        required: Vec<Option<f64>>,
    ) -> PyResult<(Vec<Option<f64>>, Vec<Option<&'static str>>)> {
        errors::guarded(|| {
            let placed: Vec<_> = indicators
                .iter()
                .zip(&required)
                .map(|(i, r)| match (i, r) {
                    (Some(i), Some(r)) => self.rates.place(i, *r),
                    _ => None,
                })
                .collect();
            Ok((
                placed.iter().map(|f| f.map(|f| f.percentile)).collect(),
                placed.iter().map(|f| f.map(|f| f.label.code())).collect(),
            ))
        })
    }
}
