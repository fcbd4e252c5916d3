//! `progress(...)`, the `Progress` result and the `Status` enum.

use chitieu::labels::{Lang, UnknownLang};
use chitieu::projection::Projection;
use chitieu::report::progress_html;
use chitieu::{Direction, Goal, Point, Progress, ProgressOptions, Status};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors;

/// Progress status class (the classes of official SDG progress reports).
#[pyclass(
    eq,
    eq_int,
    frozen,
    hash,
    skip_from_py_object,
    module = "chitieu",
    name = "Status"
)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum PyStatus {
    #[pyo3(name = "TARGET_ACHIEVED")]
    TargetAchieved,
    #[pyo3(name = "ON_TRACK")]
    OnTrack,
    #[pyo3(name = "ACCELERATION_NEEDED")]
    AccelerationNeeded,
    #[pyo3(name = "LIMITED_PROGRESS")]
    LimitedProgress,
    #[pyo3(name = "DETERIORATION")]
    Deterioration,
    #[pyo3(name = "NOT_ACHIEVED")]
    NotAchieved,
    #[pyo3(name = "UNABLE_TO_ASSESS")]
    UnableToAssess,
    #[pyo3(name = "NOT_MEASURABLE")]
    NotMeasurable,
}

impl From<Status> for PyStatus {
    fn from(s: Status) -> Self {
        match s {
            Status::TargetAchieved => Self::TargetAchieved,
            Status::OnTrack => Self::OnTrack,
            Status::AccelerationNeeded => Self::AccelerationNeeded,
            Status::LimitedProgress => Self::LimitedProgress,
            Status::Deterioration => Self::Deterioration,
            Status::NotAchieved => Self::NotAchieved,
            Status::UnableToAssess => Self::UnableToAssess,
            Status::NotMeasurable => Self::NotMeasurable,
        }
    }
}

impl From<PyStatus> for Status {
    fn from(s: PyStatus) -> Self {
        match s {
            PyStatus::TargetAchieved => Self::TargetAchieved,
            PyStatus::OnTrack => Self::OnTrack,
            PyStatus::AccelerationNeeded => Self::AccelerationNeeded,
            PyStatus::LimitedProgress => Self::LimitedProgress,
            PyStatus::Deterioration => Self::Deterioration,
            PyStatus::NotAchieved => Self::NotAchieved,
            PyStatus::UnableToAssess => Self::UnableToAssess,
            PyStatus::NotMeasurable => Self::NotMeasurable,
        }
    }
}

#[pymethods]
impl PyStatus {
    /// Stable snake_case code, e.g. ``"on_track"``.
    #[getter]
    fn code(&self) -> &'static str {
        Status::from(*self).code()
    }

    /// English label.
    #[getter]
    fn label_en(&self) -> &'static str {
        Status::from(*self).label_en()
    }

    /// Vietnamese label.
    #[getter]
    fn label_vi(&self) -> &'static str {
        Status::from(*self).label_vi()
    }

    fn __str__(&self) -> &'static str {
        Status::from(*self).code()
    }
}

/// The progress of one series towards a target (see ``chitieu.progress``).
#[pyclass(frozen, module = "chitieu", name = "Progress")]
pub(crate) struct PyProgress(Progress);

fn year(p: Option<Point>) -> Option<i32> {
    p.map(|p| p.year)
}

fn value(p: Option<Point>) -> Option<f64> {
    p.map(|p| p.value)
}

#[pymethods]
impl PyProgress {
    /// ``"target_ratio"`` (numeric target) or ``"trend_cagr"`` (no numeric target).
    #[getter]
    fn method(&self) -> &'static str {
        match self.0.method {
            chitieu::Method::TargetRatio => "target_ratio",
            chitieu::Method::TrendCagr => "trend_cagr",
        }
    }

    /// The method and its conventions in one line.
    #[getter]
    fn method_description(&self) -> &'static str {
        self.0.method.describe()
    }

    /// ``"increase"`` or ``"decrease"``.
    #[getter]
    fn direction(&self) -> &'static str {
        self.0.direction.as_str()
    }

    #[getter]
    fn base_year(&self) -> Option<i32> {
        year(self.0.base)
    }

    #[getter]
    fn base_value(&self) -> Option<f64> {
        value(self.0.base)
    }

    #[getter]
    fn latest_year(&self) -> Option<i32> {
        year(self.0.latest)
    }

    #[getter]
    fn latest_value(&self) -> Option<f64> {
        value(self.0.latest)
    }

    #[getter]
    fn target_year(&self) -> Option<i32> {
        year(self.0.target)
    }

    #[getter]
    fn target_value(&self) -> Option<f64> {
        value(self.0.target)
    }

    #[getter]
    fn horizon(&self) -> i32 {
        self.0.horizon
    }

    #[getter]
    fn points(&self) -> usize {
        self.0.points
    }

    #[getter]
    fn achieved(&self) -> Option<bool> {
        self.0.achieved
    }

    #[getter]
    fn cagr_observed(&self) -> Option<f64> {
        self.0.cagr_observed
    }

    #[getter]
    fn cagr_required(&self) -> Option<f64> {
        self.0.cagr_required
    }

    #[getter]
    fn ratio(&self) -> Option<f64> {
        self.0.ratio
    }

    /// The natural-limit factor C applied to the trend thresholds (trend targets only).
    #[getter]
    fn limit_factor(&self) -> Option<f64> {
        self.0.limit_factor
    }

    #[getter]
    fn status(&self) -> PyStatus {
        self.0.status.into()
    }

    #[getter]
    fn score(&self) -> Option<f64> {
        self.0.score
    }

    #[getter]
    fn gap_closed(&self) -> Option<f64> {
        self.0.gap_closed
    }

    #[getter]
    fn annual_change_required(&self) -> Option<f64> {
        self.0.annual_change_required
    }

    #[getter]
    fn projected(&self) -> Option<f64> {
        self.0.projected
    }

    #[getter]
    fn projected_ratio(&self) -> Option<f64> {
        self.0.projected_ratio
    }

    /// Why the series could not be assessed, or ``None``.
    #[getter]
    fn reason(&self) -> Option<String> {
        self.0.unassessable.as_ref().map(ToString::to_string)
    }

    /// Every field as a plain dict (status as its code).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("method", self.method())?;
        d.set_item("direction", self.direction())?;
        d.set_item("base_year", self.base_year())?;
        d.set_item("base_value", self.base_value())?;
        d.set_item("latest_year", self.latest_year())?;
        d.set_item("latest_value", self.latest_value())?;
        d.set_item("target_year", self.target_year())?;
        d.set_item("target_value", self.target_value())?;
        d.set_item("horizon", self.horizon())?;
        d.set_item("points", self.points())?;
        d.set_item("achieved", self.achieved())?;
        d.set_item("cagr_observed", self.cagr_observed())?;
        d.set_item("cagr_required", self.cagr_required())?;
        d.set_item("ratio", self.ratio())?;
        d.set_item("limit_factor", self.limit_factor())?;
        d.set_item("status", self.0.status.code())?;
        d.set_item("score", self.score())?;
        d.set_item("gap_closed", self.gap_closed())?;
        d.set_item("annual_change_required", self.annual_change_required())?;
        d.set_item("projected", self.projected())?;
        d.set_item("projected_ratio", self.projected_ratio())?;
        d.set_item("reason", self.reason())?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!("Progress: {}", self.0)
    }

    /// The result as an HTML table, labels in ``lang`` (``"vi"``, ``"en"`` or ``"both"``).
    #[pyo3(signature = (lang="both"))]
    fn to_html(&self, py: Python<'_>, lang: &str) -> PyResult<String> {
        let lang: Lang = lang
            .parse()
            .map_err(|e: UnknownLang| errors::invalid_argument(py, e.to_string()))?;
        Ok(progress_html(&self.0, lang))
    }

    fn _repr_html_(&self, py: Python<'_>) -> String {
        // The language notebooks display in (`chitieu.set_lang`), both when unset.
        let lang = py
            .import("chitieu.labels")
            .and_then(|m| m.call_method0("display_lang"))
            .and_then(|l| l.extract::<String>())
            .ok()
            .and_then(|code| code.parse().ok())
            .unwrap_or(Lang::Both);
        progress_html(&self.0, lang)
    }
}

/// Reads a sequence item by item, naming the first item that is not of the expected kind.
fn extract_seq<'py, T>(
    seq: &Bound<'py, PyAny>,
    what: &str,
    kind: &str,
    read: impl Fn(&Bound<'py, PyAny>) -> PyResult<T>,
) -> PyResult<Vec<T>> {
    let py = seq.py();
    let not_seq = |_| errors::invalid_argument(py, format!("{what} must be a sequence of {kind}"));
    let mut out = Vec::new();
    for (i, item) in seq.try_iter().map_err(not_seq)?.enumerate() {
        let item = item?;
        out.push(read(&item).map_err(|_| {
            let shown = item
                .repr()
                .map_or_else(|_| "?".to_owned(), |r| r.to_string());
            errors::invalid_argument(py, format!("{what}[{i}] = {shown} is not {kind}"))
        })?);
    }
    Ok(out)
}

/// Progress of one series towards a target (Statistics Canada / Open SDG method).
///
/// ``years`` and ``values`` are parallel sequences (lists, tuples, polars Series); ``None``
/// values are missing and skipped, NaN is refused. With ``target`` (reached by
/// ``target_year``; "at least" when ``direction="increase"``, "at most" when
/// ``"decrease"``), the ratio R = d*CAGR_obs/|CAGR_req| decides the status: target achieved
/// (latest value meets the target), on track (R >= 0.95), acceleration needed (>= 0.60),
/// limited progress (>= 0), deterioration. Without ``target``, d*CAGR_obs is compared with
/// 1.5%, 0.5% and 0, the positive thresholds times the natural-limit factor C: computed from
/// ``limit`` (the indicator's natural limit in the desired direction, e.g. 100 for a share
/// that should rise) as sdg-build does, C = 1 - (|y0|/|limit|)^4.44 when |y0| <= |limit|,
/// 1 - ((2|limit| - |y0|)/|limit|)^4.44 below 2|limit|, else 1; ``limit_scaling`` gives C
/// directly instead (and wins); ``limit_factor`` of the result is the C used. The base year is ``base_year`` or the first year with data (a year without
/// data moves to the next year with data); zero base or target values are replaced by
/// ``zero_replacement``; fewer than ``min_points`` points, mixed signs or a target year not
/// after the base year give UNABLE_TO_ASSESS with a ``reason``. ``strict=True`` reads the
/// target as "more than" / "less than" (the value itself does not meet it).
///
/// >>> p = progress([2015, 2023], [1.2, 1.6], target=2.0, target_year=2030)
/// >>> p.status, round(p.ratio, 6), round(p.projected, 6)
/// (Status.ON_TRACK, 1.056957, 2.057981)
///
/// Raises InvalidValueError (NaN, bad year, text among values, bad option) or
/// DuplicateKeyError (a year given twice).
#[pyfunction]
#[pyo3(signature = (years, values, *, target=None, target_year=2030, direction="increase",
                    base_year=None, zero_replacement=0.001, limit=None, limit_scaling=None,
                    min_points=2, strict=false))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn progress(
    py: Python<'_>,
    years: &Bound<'_, PyAny>,
    values: &Bound<'_, PyAny>,
    target: Option<f64>,
    target_year: i32,
    direction: &str,
    base_year: Option<i32>,
    zero_replacement: f64,
    limit: Option<f64>,
    limit_scaling: Option<f64>,
    min_points: usize,
    strict: bool,
) -> PyResult<PyProgress> {
    errors::guarded(move || {
        let years = extract_seq(years, "years", "a whole year", |o| {
            if o.is_instance_of::<pyo3::types::PyBool>() {
                return Err(pyo3::exceptions::PyTypeError::new_err("bool"));
            }
            o.extract::<i32>()
        })?;
        let values = extract_seq(values, "values", "a number or None", |o| {
            if o.is_none() {
                Ok(None)
            } else if o.is_instance_of::<pyo3::types::PyBool>() {
                Err(pyo3::exceptions::PyTypeError::new_err("bool"))
            } else {
                o.extract::<f64>().map(Some)
            }
        })?;
        let direction: Direction = direction.parse().map_err(|e| errors::vocabulary(py, &e))?;
        let goal = match target {
            Some(v) if strict => Goal::target_strict(v, target_year),
            Some(v) => Goal::target(v, target_year),
            None => Goal::trend(target_year),
        };
        let options = ProgressOptions {
            base_year,
            zero_replacement,
            limit,
            limit_scaling,
            min_points,
        };
        chitieu::progress(&years, &values, goal, direction, &options)
            .map(PyProgress)
            .map_err(|e| errors::progress(py, &e))
    })
}

/// The projected path of a series from its latest point to ``horizon`` (the points a chart
/// draws): the ``projection`` fitted on the values from ``base_year``, at every year from the
/// latest year with data to ``horizon``. Empty when it cannot be fitted.
///
/// >>> projection_path([2021, 2023], [1.0, 4.0], 2021, 2025, "cagr")
/// [(2023, 4.0), (2024, 8.0), (2025, 16.0)]
#[pyfunction]
#[pyo3(signature = (years, values, base_year, horizon, projection, zero_replacement=0.001))]
pub(crate) fn projection_path(
    py: Python<'_>,
    years: Vec<i32>,
    values: Vec<Option<f64>>,
    base_year: i32,
    horizon: i32,
    projection: &str,
    zero_replacement: f64,
) -> PyResult<Vec<(i32, f64)>> {
    errors::guarded(move || {
        let method: Projection = projection.parse().map_err(|e| errors::progress(py, &e))?;
        if years.len() != values.len() {
            return Err(errors::invalid_argument(
                py,
                format!("{} years but {} values", years.len(), values.len()),
            ));
        }
        let points = chitieu::projection::fitted_points(&years, &values, base_year);
        Ok(
            chitieu::projection::path(&points, horizon, method, zero_replacement)
                .into_iter()
                .map(|p| (p.year, p.value))
                .collect(),
        )
    })
}
