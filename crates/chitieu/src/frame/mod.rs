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
mod text;
mod tfp;
mod units;

use std::borrow::Cow;

use rayon::prelude::*;

use crate::observations::build::{
    assemble, too_many_rows, ArrowValues, Columns, Interner, TextColumn, ValueChunk, Values,
};
use crate::observations::{
    FieldError, FieldErrorKind, KeyColumn, Location, ObservationRef, Observations,
    ValidationErrors, YEAR_RANGE,
};
pub use catalog::{components_to_frame, indicators_to_frame};
pub use composite::{
    matrix_from_frame, matrix_to_frame, rank_stats_to_frame, sensitivity_indices_to_frame,
    sobol_to_frame, treatment_to_frame,
};
pub use score::{
    scorecard_frames, scorecard_to_frame, status_dtype, statuses_to_frame, summary_to_frame,
};
pub use targets::{target_sets_to_frame, targets_to_frame};
pub use tfp::{
    sensitivity_to_frame, tfp_annual_to_frame, tfp_long_to_frame, tfp_summary_to_frame,
    tfp_to_frame, tfp_windows_to_frame, TfpFormat,
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
    .map(|(name, s)| s.and_then(|s| text_series(name, &s, &mut errors)));
    let height = df.height();
    if let Some(e) = too_many_rows(height) {
        errors.push(e);
        return Err(ValidationErrors::from_errors(errors));
    }
    // Every column read at once, on every core (the type errors of years and values are
    // found while reading them).
    let [unit, indicator, source, flag] = &text_cols;
    let (((year, year_errors), (value, value_errors)), texts) = rayon::join(
        || {
            rayon::join(
                || read_column(year.as_ref(), read_years),
                || read_column(value.as_ref(), read_values),
            )
        },
        || {
            let (unit, indicator) = (unit.as_ref()?, indicator.as_ref()?);
            Some(rayon::join(
                || rayon::join(|| text_column(unit), || text_column(indicator)),
                || {
                    rayon::join(
                        || source.as_ref().map(text_column),
                        || flag.as_ref().map(text_column),
                    )
                },
            ))
        },
    );
    errors.extend(year_errors.into_iter().chain(value_errors));
    // Schema errors make row checks meaningless.
    let (Some(((unit, indicator), (source, flag))), Some(year), Some(value), true) =
        (texts, year, value, errors.is_empty())
    else {
        return Err(ValidationErrors::from_errors(errors));
    };
    let mut columns = Columns {
        key,
        unit,
        indicator,
        year: year.cells,
        value: value.cells,
        source,
        flag,
        rows: None,
    };
    // Cell errors, in the order of the checks within a row (the sort by row is stable).
    let mut bad_cells: Vec<(usize, &'static str, FieldErrorKind)> = Vec::new();
    for (name, c) in [("unit_id", &columns.unit), (key.name(), &columns.indicator)] {
        let blank = c.blank_texts();
        if blank.contains(&true) {
            for (row, &id) in c.ids.iter().enumerate() {
                if blank[id as usize] {
                    bad_cells.push((row, name, FieldErrorKind::EmptyId { column: name }));
                }
            }
        }
    }
    let year_bad: Vec<usize> = year.bad.iter().map(|(r, _)| *r).collect();
    bad_cells.extend(year.bad.into_iter().map(|(r, k)| (r, "year", k)));
    bad_cells.extend(value.bad.into_iter().map(|(r, k)| (r, "value", k)));
    if !bad_cells.is_empty() {
        let mut bad = vec![false; height];
        for (row, column, kind) in bad_cells {
            bad[row] = true;
            let year = (year_bad.binary_search(&row).is_err()).then(|| columns.year[row]);
            let location = Location::row(row, column).with_key(
                key,
                columns.unit.get(row),
                columns.indicator.get(row),
                year,
            );
            errors.push(FieldError::new(location, kind));
        }
        columns.drop_rows(&bad);
    }
    let table = assemble(columns, &mut errors);
    ValidationErrors::check(errors)?;
    Ok(table)
}

/// Writes observations as the normalised DataFrame (see the module docs).
pub fn observations_to_frame(obs: &Observations) -> PolarsResult<DataFrame> {
    let text = |f: for<'a> fn(ObservationRef<'a>) -> Option<&'a str>| -> Vec<Option<&str>> {
        obs.iter().map(f).collect()
    };
    let columns = vec![
        Column::new(
            "unit_id".into(),
            obs.iter().map(|o| o.unit_id).collect::<Vec<_>>(),
        ),
        Column::new(
            "indicator".into(),
            obs.iter().map(|o| o.indicator).collect::<Vec<_>>(),
        ),
        Column::new("year".into(), obs.years()),
        Float64Chunked::from_iter_options("value".into(), obs.values())
            .into_series()
            .into(),
        Column::new("source".into(), text(|o| o.source)),
        Column::new("flag".into(), text(|o| o.flag)),
    ];
    DataFrame::new(obs.len(), columns)
}

/// A String column of texts that repeat (ids, names, labels): each distinct text is stored
/// once and the rows gather it, so building the column copies no text per row.
///
/// ```
/// use chitieu::frame::repeated_text;
/// let c = repeated_text("kind", [Some("range"), None, Some("range")])?;
/// assert_eq!(c.str()?.get(2), Some("range"));
/// assert_eq!(c.null_count(), 1);
/// # Ok::<(), polars::prelude::PolarsError>(())
/// ```
pub fn repeated_text<'a>(
    name: &str,
    values: impl IntoIterator<Item = Option<&'a str>>,
) -> PolarsResult<Column> {
    let mut column = RepeatedText::default();
    values.into_iter().for_each(|v| column.push(v));
    column.finish(name)
}

/// The builder of a [`repeated_text`] column, filled row by row: texts numbered as the
/// observation reader numbers ids ([`Interner`]), a missing text left null.
#[derive(Default)]
pub(crate) struct RepeatedText<'a> {
    texts: Interner<'a>,
    rows: Vec<Option<u32>>,
}

impl<'a> RepeatedText<'a> {
    pub(crate) fn push(&mut self, text: Option<&'a str>) {
        let id = text.map(|t| self.texts.id(Some(t)));
        self.rows.push(id);
    }

    pub(crate) fn finish(self, name: &str) -> PolarsResult<Column> {
        let idx = self
            .rows
            .into_iter()
            .map(|i| i.map(IdxSize::try_from).transpose())
            .collect::<Result<IdxCa, _>>()
            .map_err(|_| polars_err!(ComputeError: "too many rows in '{name}'"))?;
        // Every text pushed is present (`None` never reaches the interner).
        let dict: Vec<&str> = self
            .texts
            .texts()
            .iter()
            .map(|t| t.unwrap_or_default())
            .collect();
        let dict = StringChunked::from_slice(name.into(), &dict);
        Ok(dict.take(&idx)?.into_column())
    }
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

/// A text column (ids, source, flag) as a String series; categoricals are read as text.
fn text_series(name: &str, s: &Series, errors: &mut Vec<FieldError>) -> Option<Series> {
    let dtype = s.dtype();
    if dtype.is_null() {
        return Some(Series::full_null(
            s.name().clone(),
            s.len(),
            &DataType::String,
        ));
    }
    if !(dtype.is_string() || dtype.is_categorical() || dtype.is_enum()) {
        errors.push(wrong_type(name, "text (String or Categorical)", dtype));
        return None;
    }
    match s.cast(&DataType::String) {
        Ok(s) => Some(s),
        Err(_) => {
            errors.push(wrong_type(name, "text (String or Categorical)", dtype));
            None
        }
    }
}

/// Runs a column reader (when the column is there) with its own error list.
fn read_column<'a, T>(
    s: Option<&'a Series>,
    read: fn(&'a Series, &mut Vec<FieldError>) -> Option<T>,
) -> (Option<T>, Vec<FieldError>) {
    let mut errors = Vec::new();
    (s.and_then(|s| read(s, &mut errors)), errors)
}

/// A text column's cells numbered (see [`TextColumn`]). Short texts (up to 12 bytes, held
/// whole in their Arrow view) are numbered by their view, without hashing the text.
fn text_column(s: &Series) -> TextColumn<'_> {
    let mut c = TextColumn::with_capacity(s.len());
    let ca = s.str().expect("text_series gives String");
    for arr in ca.downcast_iter() {
        for (text, view) in arr.iter().zip(arr.views().iter()) {
            match text {
                Some(t) if view.is_inline() => c.push_short(view.as_u128(), t),
                t => c.push(t),
            }
        }
    }
    c
}

/// A column read: its cells (a placeholder where unreadable; a `Vec` of cells, or the
/// input's own buffer) and the rows that could not be read, with why.
struct Cells<C> {
    cells: C,
    bad: Vec<(usize, FieldErrorKind)>,
}

impl<T: Default> Cells<Vec<T>> {
    fn read<V>(
        values: impl Iterator<Item = V>,
        read: impl Fn(V) -> Result<T, FieldErrorKind>,
    ) -> Self {
        let mut bad = Vec::new();
        let cells = values
            .enumerate()
            .map(|(row, v)| {
                read(v).unwrap_or_else(|kind| {
                    bad.push((row, kind));
                    T::default()
                })
            })
            .collect();
        Self { cells, bad }
    }
}

impl<T> Cells<Vec<T>> {
    fn map<C>(self, f: impl FnOnce(Vec<T>) -> C) -> Cells<C> {
        Cells {
            cells: f(self.cells),
            bad: self.bad,
        }
    }
}

/// Years from integers, whole floats or text; each unreadable cell is reported. An Int32
/// column of years in range without nulls is read in place.
fn read_years<'a>(s: &'a Series, errors: &mut Vec<FieldError>) -> Option<Cells<Cow<'a, [i32]>>> {
    let owned = |c: Cells<Vec<i32>>| Some(c.map(Cow::Owned));
    let dtype = s.dtype();
    let in_range = |y: i64| -> Result<i32, FieldErrorKind> {
        match i32::try_from(y) {
            Ok(y) if YEAR_RANGE.contains(&y) => Ok(y),
            _ => Err(FieldErrorKind::YearOutOfRange { year: y }),
        }
    };
    let whole = |y: f64| -> Result<i32, FieldErrorKind> {
        if y.fract() != 0.0 || !y.is_finite() {
            return Err(FieldErrorKind::InvalidYear { raw: y.to_string() });
        }
        // Out-of-range floats saturate to i64 bounds, which is fine for the message.
        in_range(y as i64)
    };
    let missing = || Err(FieldErrorKind::MissingYear);
    if dtype.is_null() {
        return owned(Cells::read(0..s.len(), |_| missing()));
    }
    if dtype == &DataType::Int32 {
        let ca = s.i32().expect("dtype is Int32");
        let chunks: Vec<&[i32]> = ca.downcast_iter().map(|a| a.values().as_slice()).collect();
        let all_in_range = |c: &&[i32]| c.par_iter().all(|y| YEAR_RANGE.contains(y));
        if ca.null_count() == 0 && chunks.iter().all(all_in_range) {
            // Read in place (one chunk) or by whole chunks.
            let cells = match chunks.as_slice() {
                [one] => Cow::Borrowed(*one),
                many => Cow::Owned(many.concat()),
            };
            return Some(Cells {
                cells,
                bad: Vec::new(),
            });
        }
        return owned(Cells::read(ca.iter(), |v| {
            v.map_or_else(missing, |y| in_range(i64::from(y)))
        }));
    }
    if dtype.is_integer() {
        // Strict: an unsigned year beyond i64 is out of range (below), not missing.
        if let Ok(i) = s.strict_cast(&DataType::Int64) {
            let ca = i.i64().expect("cast to Int64");
            return owned(Cells::read(ca.iter(), |v| v.map_or_else(missing, in_range)));
        }
    }
    if dtype.is_integer() || dtype.is_float() || dtype.is_decimal() {
        let Ok(f) = s.cast(&DataType::Float64) else {
            errors.push(wrong_type("year", "integer, whole float or text", dtype));
            return None;
        };
        let ca = f.f64().expect("cast to Float64");
        return owned(Cells::read(ca.iter(), |v| v.map_or_else(missing, whole)));
    }
    if dtype.is_string() {
        let ca = s.str().expect("dtype is String");
        return owned(Cells::read(ca.iter(), |v| match v.map(str::trim) {
            None | Some("") => missing(),
            Some(t) => match t.parse::<i64>() {
                Ok(y) => in_range(y),
                Err(_) => Err(FieldErrorKind::InvalidYear { raw: t.to_owned() }),
            },
        }));
    }
    errors.push(wrong_type("year", "integer, whole float or text", dtype));
    None
}

/// Whether a column holds numbers that read as `f64`: every integer and float width, and
/// decimals (converted to the nearest `f64`).
pub(crate) fn is_number(dtype: &DataType) -> bool {
    dtype.is_primitive_numeric() || dtype.is_decimal()
}

/// Values from numbers or text; blank text is missing; NaN and ±inf are errors.
fn read_values<'a>(s: &'a Series, errors: &mut Vec<FieldError>) -> Option<Cells<Values<'a>>> {
    let dtype = s.dtype();
    let cells = |c: Cells<Vec<Option<f64>>>| Some(c.map(|v| Values::Cells(Cow::Owned(v))));
    let finite = |v: f64| {
        if v.is_finite() {
            Ok(Some(v))
        } else {
            Err(FieldErrorKind::NonFiniteValue { value: v })
        }
    };
    if dtype.is_null() {
        return cells(Cells::read(0..s.len(), |_| Ok(None)));
    }
    if dtype == &DataType::Float64 {
        let ca = s.f64().expect("dtype is Float64");
        let chunks = ca
            .downcast_iter()
            .map(|arr| ValueChunk {
                values: arr.values().as_slice(),
                validity: arr.validity().map(|b| {
                    let (bytes, offset, _) = b.as_slice();
                    (bytes, offset)
                }),
            })
            .collect();
        let read = ArrowValues::new(chunks);
        // Non-finite values are errors; a null's slot holds no value.
        let bad = read
            .chunks()
            .flat_map(|(start, c)| {
                (0..c.values.len())
                    .into_par_iter()
                    .filter(|&i| !c.values[i].is_finite() && c.get(i).is_some())
                    .map(|i| {
                        (
                            start + i,
                            FieldErrorKind::NonFiniteValue { value: c.values[i] },
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        return Some(Cells {
            cells: Values::Arrow(read),
            bad,
        });
    }
    if is_number(dtype) {
        let Ok(f) = s.cast(&DataType::Float64) else {
            errors.push(wrong_type(
                "value",
                "number (or text holding a number)",
                dtype,
            ));
            return None;
        };
        let ca = f.f64().expect("cast to Float64");
        return cells(Cells::read(ca.iter(), |v| v.map_or(Ok(None), finite)));
    }
    if dtype.is_string() {
        let ca = s.str().expect("dtype is String");
        return cells(Cells::read(ca.iter(), |v| match v.map(str::trim) {
            None | Some("") => Ok(None),
            Some(t) => match t.parse::<f64>() {
                Ok(v) if !t.chars().any(|c| c.is_alphabetic()) => finite(v),
                _ => Err(FieldErrorKind::InvalidNumber { raw: t.to_owned() }),
            },
        }));
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
    fn shuffled_chunked_tables_come_out_as_polars_sorts_them() {
        // 6,000 units × 3 indicators (18,000 series: the radix partition splits buckets by
        // their high bits), shuffled, in chunks of unequal and of equal sizes, nulls and
        // integer years among them: the table must hold exactly the rows polars' own sort
        // gives.
        let n = 60_000usize;
        let rows: Vec<(String, &str, i32, Option<f64>)> = (0..n)
            .map(|k| {
                let r = (k * 7_919) % n; // a permutation of 0..n
                let series = r / 10;
                let unit = format!("u{:05}", series / 3);
                let indicator = ["a", "bb", "c"][series % 3];
                let value = (r % 13 != 0).then_some(r as f64 * 0.5);
                (unit, indicator, 2000 + (r % 10) as i32, value)
            })
            .collect();
        let frame = |range: std::ops::Range<usize>| {
            let part = &rows[range];
            df!(
                "unit_id" => part.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
                "indicator" => part.iter().map(|r| r.1).collect::<Vec<_>>(),
                "year" => part.iter().map(|r| r.2).collect::<Vec<_>>(),
                "value" => part.iter().map(|r| r.3).collect::<Vec<_>>(),
            )
            .unwrap()
        };
        for cuts in [
            vec![0, 7_000, 31_000, n],
            vec![0, 20_000, 40_000, n],
            vec![0, 10_000, 20_000, n],
            vec![0, n],
        ] {
            let mut df = frame(cuts[0]..cuts[1]);
            for w in cuts[1..].windows(2) {
                df.vstack_mut_owned(frame(w[0]..w[1])).unwrap();
            }
            assert_eq!(df.column("value").unwrap().n_chunks(), cuts.len() - 1);
            let got = observations_to_frame(&observations_from_frame(&df).unwrap()).unwrap();
            let want = df
                .sort(
                    ["unit_id", "indicator", "year"],
                    SortMultipleOptions::default(),
                )
                .unwrap();
            for c in ["unit_id", "indicator", "year", "value"] {
                assert!(
                    got.column(c)
                        .unwrap()
                        .as_materialized_series()
                        .equals_missing(want.column(c).unwrap().as_materialized_series()),
                    "{c} with chunks {cuts:?}"
                );
            }
        }
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
    fn unsigned_years_beyond_i64_are_out_of_range() {
        let df = df!(
            "unit_id" => ["a", "a"],
            "indicator" => ["x", "x"],
            "year" => [2020u64, u64::MAX],
            "value" => [1.0, 2.0],
        )
        .unwrap();
        let err = observations_from_frame(&df).unwrap_err();
        assert_eq!(codes(&err), [(Some(1), "year_out_of_range")]);
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
