//! DataFrame in/out (feature `polars`).
//!
//! [`observations_from_frame`] reads a long table whatever the spreadsheet made of its
//! columns (integer or float or text years, text numbers, categorical ids) and reports every
//! cell it cannot read; [`observations_to_frame`] writes the normalised table:
//! `unit_id: String, indicator: String, year: Int32, value: Float64, source: String,
//! flag: String`, sorted by (unit_id, indicator, year).

use polars::prelude::*;

mod catalog;
mod composite;
mod score;
mod targets;
mod tfp;
mod units;

use crate::observations::{
    sort_checking_duplicates, FieldError, FieldErrorKind, KeyColumn, Location, Observation,
    Observations, ValidationErrors, YEAR_RANGE,
};
pub use catalog::{components_to_frame, indicators_to_frame};
pub use composite::{
    matrix_from_frame, matrix_to_frame, rank_stats_to_frame, sensitivity_indices_to_frame,
    treatment_to_frame,
};
pub use score::{scorecard_to_frame, status_dtype, statuses_to_frame, summary_to_frame};
pub use targets::{target_sets_to_frame, targets_to_frame};
pub use tfp::{
    sensitivity_to_frame, tfp_annual_to_frame, tfp_long_to_frame, tfp_summary_to_frame,
    tfp_windows_to_frame,
};
pub use units::{ranks_to_frame, regions_to_frame, units_to_frame};

const OPTIONAL: [&str; 2] = ["source", "flag"];

/// Validates a DataFrame of observations.
///
/// Accepted column types: ids as text or categorical; `year` as integers, whole floats or
/// text holding a whole number; `value` as any number, or text holding a number (a blank
/// text cell is a missing value). Every cell that cannot be read is reported with its row.
///
/// ```
/// use polars::prelude::*;
/// use chitieu::frame::{observations_from_frame, observations_to_frame};
/// let df = df!(
///     "unit_id" => ["lai-chau", "lai-chau"],
///     "indicator" => ["x", "x"],
///     "year" => ["2024", "2023"],
///     "value" => [Some(2.0), None],
/// )?;
/// let obs = observations_from_frame(&df)?;
/// let out = observations_to_frame(&obs)?;
/// assert_eq!(out.column("year")?.dtype(), &DataType::Int32);
/// assert_eq!(out.column("value")?.null_count(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn observations_from_frame(df: &DataFrame) -> Result<Observations, ValidationErrors> {
    long_table_from_frame(df, KeyColumn::Indicator)
}

/// Validates a DataFrame of raw statistics (`unit_id, component, year, value`, optional
/// `source`, `flag`), the input of [`crate::derive::derive`]. The component id is held in
/// each row's `indicator` field; column rules are those of [`observations_from_frame`].
pub fn raw_from_frame(df: &DataFrame) -> Result<Observations, ValidationErrors> {
    long_table_from_frame(df, KeyColumn::Component)
}

fn long_table_from_frame(df: &DataFrame, key: KeyColumn) -> Result<Observations, ValidationErrors> {
    let required = ["unit_id", key.name(), "year", "value"];
    let mut errors = Vec::new();
    for name in df.get_column_names() {
        if !required.contains(&name.as_str()) && !OPTIONAL.contains(&name.as_str()) {
            errors.push(FieldError::new(
                Location::column(name.as_str()),
                FieldErrorKind::UnexpectedColumn {
                    column: name.to_string(),
                },
            ));
        }
    }
    let mut get = |name: &str, required: bool| match df.column(name) {
        Ok(c) => Some(c.as_materialized_series().clone()),
        Err(_) => {
            if required {
                errors.push(FieldError::new(
                    Location::column(name),
                    FieldErrorKind::MissingColumn {
                        column: name.to_owned(),
                    },
                ));
            }
            None
        }
    };
    let unit = get("unit_id", true);
    let indicator = get(key.name(), true);
    let year = get("year", true);
    let value = get("value", true);
    let source = get("source", false);
    let flag = get("flag", false);
    let text_cols = [
        ("unit_id", unit),
        (key.name(), indicator),
        ("source", source),
        ("flag", flag),
    ]
    .map(|(name, s)| s.and_then(|s| read_text(name, &s, &mut errors)));
    let [unit, indicator, mut source, mut flag] = text_cols;
    let year = year.and_then(|s| read_years(&s, &mut errors));
    let value = value.and_then(|s| read_values(&s, &mut errors));
    // Schema errors make row checks meaningless.
    let (Some(mut unit), Some(mut indicator), Some(year), Some(value), true) =
        (unit, indicator, year, value, errors.is_empty())
    else {
        return Err(ValidationErrors::from_errors(errors));
    };

    let height = df.height();
    let mut rows = Vec::with_capacity(height);
    for row in 0..height {
        let at = |column: &str| {
            let mut loc = Location::row(row, column);
            loc.unit_id = unit[row].clone();
            loc.set_key(key, indicator[row].clone());
            loc.year = year[row].as_ref().ok().copied();
            loc
        };
        let mut ok = true;
        for (column, id) in [("unit_id", &unit[row]), (key.name(), &indicator[row])] {
            if id.as_deref().is_none_or(|s| s.trim().is_empty()) {
                errors.push(FieldError::new(
                    at(column),
                    FieldErrorKind::EmptyId { column },
                ));
                ok = false;
            }
        }
        if let Err(kind) = &year[row] {
            errors.push(FieldError::new(at("year"), kind.clone()));
            ok = false;
        }
        if let Err(kind) = &value[row] {
            errors.push(FieldError::new(at("value"), kind.clone()));
            ok = false;
        }
        if ok {
            rows.push((
                row,
                Observation {
                    unit_id: unit[row].take().unwrap_or_default(),
                    indicator: indicator[row].take().unwrap_or_default(),
                    year: *year[row].as_ref().expect("checked above"),
                    value: *value[row].as_ref().expect("checked above"),
                    source: source.as_mut().and_then(|c| c[row].take()),
                    flag: flag.as_mut().and_then(|c| c[row].take()),
                },
            ));
        }
    }
    let rows = sort_checking_duplicates(rows, key, &mut errors);
    ValidationErrors::check(errors)?;
    Ok(Observations::from_sorted_rows(rows))
}

/// Writes observations as the normalised DataFrame (see the module docs).
pub fn observations_to_frame(obs: &Observations) -> PolarsResult<DataFrame> {
    let rows = obs.rows();
    let text =
        |f: fn(&Observation) -> Option<&str>| -> Vec<Option<&str>> { rows.iter().map(f).collect() };
    let columns = vec![
        Column::new(
            "unit_id".into(),
            rows.iter().map(|o| o.unit_id.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "indicator".into(),
            rows.iter()
                .map(|o| o.indicator.as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "year".into(),
            rows.iter().map(|o| o.year).collect::<Vec<_>>(),
        ),
        Column::new(
            "value".into(),
            rows.iter().map(|o| o.value).collect::<Vec<_>>(),
        ),
        Column::new("source".into(), text(|o| o.source.as_deref())),
        Column::new("flag".into(), text(|o| o.flag.as_deref())),
    ];
    DataFrame::new(rows.len(), columns)
}

fn wrong_type(column: &str, expected: &str, dtype: &DataType) -> FieldError {
    FieldError::new(
        Location::column(column),
        FieldErrorKind::WrongColumnType {
            column: column.to_owned(),
            expected: expected.to_owned(),
            found: dtype.to_string(),
        },
    )
}

/// A text column (ids, source, flag) as owned strings; categoricals are read as text.
fn read_text(name: &str, s: &Series, errors: &mut Vec<FieldError>) -> Option<Vec<Option<String>>> {
    let dtype = s.dtype();
    if dtype.is_null() {
        return Some(vec![None; s.len()]);
    }
    if !(dtype.is_string() || dtype.is_categorical() || dtype.is_enum()) {
        errors.push(wrong_type(name, "text (String or Categorical)", dtype));
        return None;
    }
    let Ok(s) = s.cast(&DataType::String) else {
        errors.push(wrong_type(name, "text (String or Categorical)", dtype));
        return None;
    };
    let ca = s.str().expect("cast to String");
    Some(ca.iter().map(|v| v.map(str::to_owned)).collect())
}

type Cells<T> = Vec<Result<T, FieldErrorKind>>;

/// Years from integers, whole floats or text; each unreadable cell is an error kind.
fn read_years(s: &Series, errors: &mut Vec<FieldError>) -> Option<Cells<i32>> {
    let dtype = s.dtype();
    let check = |y: f64| -> Result<i32, FieldErrorKind> {
        if y.fract() != 0.0 || !y.is_finite() {
            return Err(FieldErrorKind::InvalidYear { raw: y.to_string() });
        }
        if y < f64::from(*YEAR_RANGE.start()) || y > f64::from(*YEAR_RANGE.end()) {
            // Out-of-range floats saturate to i64 bounds, which is fine for the message.
            return Err(FieldErrorKind::YearOutOfRange { year: y as i64 });
        }
        Ok(y as i32)
    };
    if dtype.is_null() {
        return Some(vec![Err(FieldErrorKind::MissingYear); s.len()]);
    }
    if dtype.is_integer() || dtype.is_float() {
        let Ok(f) = s.cast(&DataType::Float64) else {
            errors.push(wrong_type("year", "integer, whole float or text", dtype));
            return None;
        };
        let ca = f.f64().expect("cast to Float64");
        return Some(
            ca.iter()
                .map(|v| v.map_or(Err(FieldErrorKind::MissingYear), check))
                .collect(),
        );
    }
    if dtype.is_string() {
        let ca = s.str().expect("dtype is String");
        return Some(
            ca.iter()
                .map(|v| match v.map(str::trim) {
                    None | Some("") => Err(FieldErrorKind::MissingYear),
                    Some(t) => match t.parse::<i64>() {
                        Ok(y) => check(y as f64),
                        Err(_) => Err(FieldErrorKind::InvalidYear { raw: t.to_owned() }),
                    },
                })
                .collect(),
        );
    }
    errors.push(wrong_type("year", "integer, whole float or text", dtype));
    None
}

/// Values from numbers or text; blank text is missing; NaN and ±inf are errors.
fn read_values(s: &Series, errors: &mut Vec<FieldError>) -> Option<Cells<Option<f64>>> {
    let dtype = s.dtype();
    let finite = |v: f64| {
        if v.is_finite() {
            Ok(Some(v))
        } else {
            Err(FieldErrorKind::NonFiniteValue { value: v })
        }
    };
    if dtype.is_null() {
        return Some(vec![Ok(None); s.len()]);
    }
    if dtype.is_primitive_numeric() {
        let Ok(f) = s.cast(&DataType::Float64) else {
            errors.push(wrong_type(
                "value",
                "number (or text holding a number)",
                dtype,
            ));
            return None;
        };
        let ca = f.f64().expect("cast to Float64");
        return Some(ca.iter().map(|v| v.map_or(Ok(None), finite)).collect());
    }
    if dtype.is_string() {
        let ca = s.str().expect("dtype is String");
        return Some(
            ca.iter()
                .map(|v| match v.map(str::trim) {
                    None | Some("") => Ok(None),
                    Some(t) => match t.parse::<f64>() {
                        Ok(v) if !t.chars().any(|c| c.is_alphabetic()) => finite(v),
                        _ => Err(FieldErrorKind::InvalidNumber { raw: t.to_owned() }),
                    },
                })
                .collect(),
        );
    }
    errors.push(wrong_type(
        "value",
        "number (or text holding a number)",
        dtype,
    ));
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCategory;

    fn codes(err: &ValidationErrors) -> Vec<(Option<usize>, &'static str)> {
        err.errors()
            .iter()
            .map(|e| (e.location.row, e.kind.code()))
            .collect()
    }

    #[test]
    fn round_trip_sorts_and_keeps_missing_values_and_text_columns() {
        let df = df!(
            "unit_id" => ["b", "a", "a"],
            "indicator" => ["x", "x", "x"],
            "year" => [2020i64, 2021, 2020],
            "value" => [Some(1.0), None, Some(3.0)],
            "flag" => [None, Some("estimate"), None],
        )
        .unwrap();
        let out = observations_to_frame(&observations_from_frame(&df).unwrap()).unwrap();
        assert_eq!(out.height(), 3);
        let names: Vec<&str> = out.get_column_names().iter().map(|n| n.as_str()).collect();
        assert_eq!(
            names,
            ["unit_id", "indicator", "year", "value", "source", "flag"]
        );
        let years: Vec<_> = out.column("year").unwrap().i32().unwrap().iter().collect();
        assert_eq!(years, [Some(2020), Some(2021), Some(2020)]);
        let flags: Vec<_> = out.column("flag").unwrap().str().unwrap().iter().collect();
        assert_eq!(flags, [None, Some("estimate"), None]);
        assert_eq!(out.column("source").unwrap().null_count(), 3);
    }

    #[test]
    fn schema_errors_list_every_column() {
        let df =
            df!("unit_id" => [1i32], "year" => [true], "value" => [1.0], "note" => ["n"]).unwrap();
        let err = observations_from_frame(&df).unwrap_err();
        assert_eq!(err.category(), ErrorCategory::Schema);
        let mut got: Vec<_> = err.errors().iter().map(|e| e.kind.code()).collect();
        got.sort_unstable();
        assert_eq!(
            got,
            [
                "missing_column",
                "unexpected_column",
                "wrong_column_type",
                "wrong_column_type"
            ]
        );
    }

    #[test]
    fn text_cells_are_read_or_reported_with_their_row() {
        let df = df!(
            "unit_id" => ["a", "a", "a", "a", "a"],
            "indicator" => ["x", "x", "x", "x", "x"],
            "year" => ["2020", "2023-2024", " 2022 ", "2023", ""],
            "value" => ["1.5", "2", "1,5", "", "n/a"],
        )
        .unwrap();
        let err = observations_from_frame(&df).unwrap_err();
        assert_eq!(
            codes(&err),
            [
                (Some(1), "invalid_year"),
                (Some(2), "invalid_number"),
                (Some(4), "missing_year"),
                (Some(4), "invalid_number"),
            ]
        );
        let msg = err.to_string();
        assert!(
            msg.contains("row 1, column 'year' (unit 'a', indicator 'x'): year '2023-2024'"),
            "{msg}"
        );
        assert!(msg.contains("decimal separator"), "{msg}");
    }

    #[test]
    fn nan_duplicate_and_float_years() {
        let df = df!(
            "unit_id" => ["a", "a", "a", "a"],
            "indicator" => ["x", "x", "x", "x"],
            "year" => [2020.0, 2020.0, 2021.5, 1850.0],
            "value" => [1.0, 2.0, f64::NAN, 1.0],
        )
        .unwrap();
        let err = observations_from_frame(&df).unwrap_err();
        assert_eq!(
            codes(&err),
            [
                (Some(1), "duplicate_key"),
                (Some(2), "invalid_year"),
                (Some(2), "non_finite_value"),
                (Some(3), "year_out_of_range"),
            ]
        );
    }

    #[test]
    fn null_ids_are_empty_ids() {
        let df = df!(
            "unit_id" => [None, Some("a")],
            "indicator" => [Some("x"), Some(" ")],
            "year" => [2020, 2020],
            "value" => [1.0, 1.0],
        )
        .unwrap();
        let err = observations_from_frame(&df).unwrap_err();
        assert_eq!(codes(&err), [(Some(0), "empty_id"), (Some(1), "empty_id")]);
    }
}
