//! The Python exception hierarchy and the mapping of core errors onto it.
//!
//! ```text
//! ChitieuError
//! └── ValidationError        (.errors: list of dicts, one per problem)
//!     ├── SchemaError        missing / unexpected / mistyped column
//!     ├── DuplicateKeyError  repeated (unit_id, indicator, year) or year
//!     ├── InvalidValueError  a cell or argument that cannot be used
//!     ├── DefinitionError    invalid indicator/component definitions
//!     ├── DerivationError    raw statistics that cannot be turned into indicators
//!     └── TargetSetError     an invalid or unknown target set
//! UnknownIdError             an indicator/component id that does not exist
//! InternalError              a bug in chitieu (a Rust panic caught at the boundary)
//! ```

use chitieu::catalog::CatalogErrors;
use chitieu::derive::DeriveErrors;
use chitieu::report::ReportError;
use chitieu::targets::TargetErrors;
use chitieu::{ErrorCategory, ProgressError, ValidationErrors};
use pyo3::exceptions::{PyException, PyOSError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

pyo3::create_exception!(
    chitieu,
    ChitieuError,
    PyException,
    "Base class of every error raised by chitieu."
);
pyo3::create_exception!(
    chitieu,
    ValidationError,
    ChitieuError,
    "Input failed validation; `.errors` lists every problem with its location."
);
pyo3::create_exception!(
    chitieu,
    SchemaError,
    ValidationError,
    "A column is missing, unexpected or of the wrong type."
);
pyo3::create_exception!(
    chitieu,
    DuplicateKeyError,
    ValidationError,
    "A (unit_id, indicator, year) key, or a year of a series, appears twice."
);
pyo3::create_exception!(
    chitieu,
    InvalidValueError,
    ValidationError,
    "A value, year, id or option that cannot be used."
);

pyo3::create_exception!(
    chitieu,
    DefinitionError,
    ValidationError,
    "Indicator or component definitions are invalid."
);
pyo3::create_exception!(
    chitieu,
    DerivationError,
    ValidationError,
    "Raw statistics could not be turned into indicators (strict mode)."
);
pyo3::create_exception!(
    chitieu,
    TargetSetError,
    ValidationError,
    "A target set is invalid (each problem names file, line, target and field) or unknown."
);
pyo3::create_exception!(
    chitieu,
    UnknownIdError,
    ChitieuError,
    "An indicator or component id that the catalog does not have."
);

pyo3::create_exception!(
    chitieu,
    InternalError,
    ChitieuError,
    "A bug in chitieu: the Rust core failed where it should have returned an error. Please \
     report it with the input that caused it."
);

/// Runs an entry point's body, turning a Rust panic into `InternalError` instead of pyo3's
/// `PanicException` (a `BaseException` that notebooks cannot catch as an error): the last
/// guard at the boundary; every known cause is a typed error before this.
pub(crate) fn guarded<T>(body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => Err(InternalError::new_err(format!(
            "internal error in chitieu: {}; please report this with the input that caused it \
             / lỗi nội bộ của chitieu: xin báo lại kèm dữ liệu đầu vào",
            panic_message(payload.as_ref())
        ))),
    }
}

/// The message of a panic payload (a `&str` or a `String`).
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".to_owned())
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("ChitieuError", py.get_type::<ChitieuError>())?;
    m.add("ValidationError", py.get_type::<ValidationError>())?;
    m.add("SchemaError", py.get_type::<SchemaError>())?;
    m.add("DuplicateKeyError", py.get_type::<DuplicateKeyError>())?;
    m.add("InvalidValueError", py.get_type::<InvalidValueError>())?;
    m.add("DefinitionError", py.get_type::<DefinitionError>())?;
    m.add("DerivationError", py.get_type::<DerivationError>())?;
    m.add("UnknownIdError", py.get_type::<UnknownIdError>())?;
    m.add("TargetSetError", py.get_type::<TargetSetError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    Ok(())
}

fn new_error(category: ErrorCategory, message: String) -> PyErr {
    match category {
        ErrorCategory::Schema => SchemaError::new_err(message),
        ErrorCategory::DuplicateKey => DuplicateKeyError::new_err(message),
        ErrorCategory::InvalidValue => InvalidValueError::new_err(message),
    }
}

/// Attaches `.errors` (a list of dicts) to an exception.
pub(crate) fn with_details<'py>(
    py: Python<'py>,
    err: PyErr,
    details: impl IntoIterator<Item = Bound<'py, PyDict>>,
) -> PyErr {
    let list = PyList::new(py, details).and_then(|l| err.value(py).setattr("errors", l));
    match list {
        Ok(()) => err,
        Err(e) => e,
    }
}

/// Observations validation errors: the class follows the first error; all are listed.
pub(crate) fn validation(py: Python<'_>, e: &ValidationErrors) -> PyErr {
    let details = e.errors().iter().map(|fe| {
        let d = PyDict::new(py);
        let loc = &fe.location;
        let _ = d.set_item("code", fe.kind.code());
        let _ = d.set_item("row", loc.row);
        let _ = d.set_item("column", loc.column.as_deref());
        let _ = d.set_item("unit_id", loc.unit_id.as_deref());
        let _ = d.set_item("indicator", loc.indicator.as_deref());
        let _ = d.set_item("year", loc.year);
        let _ = d.set_item("message", fe.kind.to_string());
        let _ = d.set_item("message_vi", fe.kind.message_vi());
        d
    });
    with_details(py, new_error(e.category(), e.to_string()), details)
}

/// Errors of the progress measure.
pub(crate) fn progress(py: Python<'_>, e: &ProgressError) -> PyErr {
    let (category, year) = match e {
        ProgressError::DuplicateYear { year } => (ErrorCategory::DuplicateKey, Some(*year)),
        ProgressError::NonFinite { year, .. } | ProgressError::YearOutOfRange { year } => {
            (ErrorCategory::InvalidValue, Some(*year))
        }
        _ => (ErrorCategory::InvalidValue, None),
    };
    let d = PyDict::new(py);
    let _ = d.set_item("year", year);
    let _ = d.set_item("message", e.to_string());
    let _ = d.set_item("message_vi", e.text().vi);
    with_details(py, new_error(category, e.to_string()), [d])
}

/// A word outside the core's vocabulary (e.g. an unknown direction).
pub(crate) fn vocabulary(py: Python<'_>, e: &chitieu::vocabulary::VocabularyError) -> PyErr {
    invalid_argument(py, e.to_string())
}

/// Errors of the composite pipeline: an unknown unit is an `UnknownIdError`, every other
/// problem (framework, data, option) an `InvalidValueError`.
pub(crate) fn composite(py: Python<'_>, e: &chitieu::composite::CompositeError) -> PyErr {
    let message = e.to_string();
    let err = match e {
        chitieu::composite::CompositeError::UnknownUnit { .. } => {
            UnknownIdError::new_err(message.clone())
        }
        _ => InvalidValueError::new_err(message.clone()),
    };
    let d = PyDict::new(py);
    let _ = d.set_item("message", message);
    with_details(py, err, [d])
}

/// Units whose growth accounts failed: one detail per unit.
pub(crate) fn tfp_units(py: Python<'_>, errs: &[chitieu::tfp::TfpError]) -> PyErr {
    let message = chitieu::tfp::TfpErrors(errs.to_vec()).to_string();
    let details = errs.iter().map(|e| {
        let d = PyDict::new(py);
        let _ = d.set_item("unit_id", &e.unit_id);
        let _ = d.set_item("message", e.problem.to_string());
        d
    });
    with_details(py, InvalidValueError::new_err(message), details)
}

/// Any core error, by its kind: the typed mappings above where one exists.
pub(crate) fn core(py: Python<'_>, e: chitieu::Error) -> PyErr {
    match &e {
        chitieu::Error::Validation(v) => validation(py, v),
        chitieu::Error::Progress(p) => progress(py, p),
        chitieu::Error::Vocabulary(v) => vocabulary(py, v),
        chitieu::Error::Catalog(c) => catalog(py, c),
        chitieu::Error::Derive(d) => derive(py, d),
        chitieu::Error::Targets(t) => target_errors(py, t),
        chitieu::Error::Polars(p) => polars(p),
        _ => invalid_argument(py, e.to_string()),
    }
}

/// An id (indicator, unit, region...) that chitieu does not know; the message names it and
/// a near id when there is one.
pub(crate) fn unknown_id(py: Python<'_>, message: String) -> PyErr {
    let d = PyDict::new(py);
    let _ = d.set_item("message", &message);
    with_details(py, UnknownIdError::new_err(message), [d])
}

/// A unit or region no id or name matches: the near ones in the details (`near`: ids).
pub(crate) fn unknown_name(py: Python<'_>, e: &chitieu::registry::UnknownName) -> PyErr {
    let d = PyDict::new(py);
    let _ = d.set_item("message", e.to_string());
    let _ = d.set_item("message_vi", e.message_vi());
    let _ = d.set_item("given", &e.given);
    let _ = d.set_item(
        "near",
        e.near.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
    );
    with_details(py, UnknownIdError::new_err(e.to_string()), [d])
}

/// Unit ids that the 2025 crosswalk does not know: one detail per id.
pub(crate) fn crosswalk(py: Python<'_>, e: &chitieu::crosswalk::CrosswalkErrors) -> PyErr {
    let details = e.0.iter().map(|x| {
        let d = PyDict::new(py);
        let _ = d.set_item("message", x.to_string());
        d
    });
    with_details(py, UnknownIdError::new_err(e.to_string()), details)
}

/// Ranking errors: an unknown indicator, region or unit.
pub(crate) fn rank(py: Python<'_>, e: &chitieu::ranking::RankError) -> PyErr {
    unknown_id(py, e.to_string())
}

/// A date that is not a real `YYYY-MM-DD` day from 1900 to 2100.
pub(crate) fn date(py: Python<'_>, date: &str) -> PyErr {
    invalid_argument(
        py,
        format!("date '{date}': expected a real date YYYY-MM-DD from 1900 to 2100"),
    )
}

/// A failure that is a bug in chitieu, not in the input (e.g. a value that cannot be
/// serialised).
pub(crate) fn internal(e: impl std::fmt::Display) -> PyErr {
    ChitieuError::new_err(format!("internal: {e}"))
}

/// An argument that cannot be converted (e.g. text among the values).
pub(crate) fn invalid_argument(py: Python<'_>, message: String) -> PyErr {
    let d = PyDict::new(py);
    let _ = d.set_item("message", &message);
    with_details(py, InvalidValueError::new_err(message), [d])
}

/// Serialises each error to a dict (its serde fields plus the message).
fn serde_details<'py, T: serde::Serialize + std::fmt::Display>(
    py: Python<'py>,
    items: &[T],
) -> Vec<Bound<'py, PyDict>> {
    items
        .iter()
        .map(|e| {
            let d = PyDict::new(py);
            if let Ok(serde_json::Value::Object(map)) = serde_json::to_value(e) {
                for (k, v) in map {
                    let _ = match v {
                        serde_json::Value::String(s) => {
                            d.set_item(if k == "kind" { "code".to_owned() } else { k }, s)
                        }
                        serde_json::Value::Number(n) => d.set_item(k, n.as_f64()),
                        other => d.set_item(k, other.to_string()),
                    };
                }
            }
            let _ = d.set_item("message", e.to_string());
            d
        })
        .collect()
}

/// Invalid catalog definitions.
pub(crate) fn catalog(py: Python<'_>, e: &CatalogErrors) -> PyErr {
    with_details(
        py,
        DefinitionError::new_err(e.to_string()),
        serde_details(py, e.errors()),
    )
}

/// Derivation errors (strict mode).
pub(crate) fn derive(py: Python<'_>, e: &DeriveErrors) -> PyErr {
    with_details(
        py,
        DerivationError::new_err(e.to_string()),
        serde_details(py, e.errors()),
    )
}

/// Invalid or unknown target sets: each problem with file, line, target and field.
pub(crate) fn target_errors(py: Python<'_>, e: &TargetErrors) -> PyErr {
    let details = e.errors().iter().map(|te| {
        let d = PyDict::new(py);
        let _ = d.set_item("file", &te.file);
        let _ = d.set_item("line", te.line);
        let _ = d.set_item("target", te.target.as_deref());
        let _ = d.set_item("field", te.field);
        let _ = d.set_item("message", &te.message);
        d
    });
    with_details(py, TargetSetError::new_err(e.to_string()), details)
}

/// polars failed building a frame (an internal error: the data was validated before).
pub(crate) fn polars(e: impl std::fmt::Display) -> PyErr {
    ChitieuError::new_err(format!("polars: {e}"))
}

/// Report errors: a table without a needed column, an unknown status, a failed write.
pub(crate) fn report(py: Python<'_>, e: &ReportError) -> PyErr {
    let message = e.to_string();
    let err = match e {
        ReportError::Column { .. } => SchemaError::new_err(message.clone()),
        ReportError::Status { .. } => InvalidValueError::new_err(message.clone()),
        ReportError::Write { .. } => return PyOSError::new_err(message),
    };
    let d = PyDict::new(py);
    let _ = d.set_item("message", message);
    with_details(py, err, [d])
}
