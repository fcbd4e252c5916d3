//! The observations table: one value per (unit, indicator, year), validated.
//!
//! Observations are the long table `unit_id, indicator, year, value` with optional `source`
//! and `flag` columns. Validation collects *every* problem with its location (row, key,
//! column) instead of stopping at the first, in the manner of pydantic-core: a statistician
//! fixing a spreadsheet wants the whole list at once.
//!
//! A missing value is `None` and stays an explicit missing value; nothing is dropped.

use std::fmt;
use std::ops::RangeInclusive;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Years accepted in observations and targets.
pub const YEAR_RANGE: RangeInclusive<i32> = 1900..=2100;

/// How many errors a [`ValidationErrors`] message lists before summarising the rest.
const ERRORS_SHOWN: usize = 10;

/// What the key column of a long table names: indicators (observations) or components
/// (raw statistics, the input of [`crate::derive::derive`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyColumn {
    /// Column `indicator`.
    Indicator,
    /// Column `component`.
    Component,
}

impl KeyColumn {
    /// The column name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Indicator => "indicator",
            Self::Component => "component",
        }
    }
}

/// One observation: the value of an indicator for a unit in a year.
///
/// ```
/// use chitieu::Observation;
/// let o = Observation::new("lai-chau", "researchers_per_10k", 2023, Some(4.2))
///     .with_source("Sở KH&CN Lai Châu")
///     .with_flag("provisional");
/// assert_eq!(o.year, 2023);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    /// Stable ASCII id of the unit (province, region, country), e.g. `lai-chau`.
    pub unit_id: String,
    /// Indicator id, e.g. `stinv_budget_share`.
    pub indicator: String,
    /// Calendar year of the value.
    pub year: i32,
    /// The value; `None` is an explicit missing value.
    pub value: Option<f64>,
    /// Where the value comes from.
    pub source: Option<String>,
    /// Status of the value, e.g. `estimate`, `provisional`.
    pub flag: Option<String>,
}

impl Observation {
    /// A row without source or flag.
    pub fn new(
        unit_id: impl Into<String>,
        indicator: impl Into<String>,
        year: i32,
        value: Option<f64>,
    ) -> Self {
        Self {
            unit_id: unit_id.into(),
            indicator: indicator.into(),
            year,
            value,
            source: None,
            flag: None,
        }
    }

    /// Sets the source.
    pub fn with_source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Sets the flag.
    pub fn with_flag(mut self, flag: impl Into<String>) -> Self {
        self.flag = Some(flag.into());
        self
    }
}

/// A validated observations table, sorted by (unit_id, indicator, year).
///
/// Guarantees: no duplicated key, every value finite or `None`, every year in
/// [`YEAR_RANGE`], no empty id.
///
/// ```
/// use chitieu::{Observation, Observations};
/// let obs = Observations::new(vec![
///     Observation::new("lai-chau", "x", 2024, Some(2.0)),
///     Observation::new("lai-chau", "x", 2023, None),
/// ])?;
/// assert_eq!(obs.rows()[0].year, 2023); // sorted, the missing value kept
/// assert_eq!(obs.rows()[0].value, None);
/// # Ok::<(), chitieu::ValidationErrors>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Observations {
    rows: Vec<Observation>,
}

impl Observations {
    /// Validates rows and sorts them by key. Row numbers in errors are positions in `rows`
    /// (0-based).
    pub fn new(rows: Vec<Observation>) -> Result<Self, ValidationErrors> {
        Self::with_key(rows, KeyColumn::Indicator)
    }

    /// Validates rows whose `indicator` field holds what `key` names: with
    /// [`KeyColumn::Component`] the table is raw statistics and errors say "component".
    pub fn with_key(rows: Vec<Observation>, key: KeyColumn) -> Result<Self, ValidationErrors> {
        let mut errors = Vec::new();
        for (row, o) in rows.iter().enumerate() {
            check_row(row, o, key, &mut errors);
        }
        let rows =
            sort_checking_duplicates(rows.into_iter().enumerate().collect(), key, &mut errors);
        ValidationErrors::check(errors)?;
        Ok(Self { rows })
    }

    /// Rows that passed validation, already sorted by key.
    #[cfg(feature = "polars")]
    pub(crate) fn from_sorted_rows(rows: Vec<Observation>) -> Self {
        debug_assert!(rows.is_sorted_by(|a, b| key_of(a) <= key_of(b)));
        Self { rows }
    }

    /// Sorts rows that passed validation.
    pub(crate) fn from_valid_rows(mut rows: Vec<Observation>) -> Self {
        if !rows.is_sorted_by(|a, b| key_of(a) <= key_of(b)) {
            rows.par_sort_unstable_by(|a, b| key_of(a).cmp(&key_of(b)));
        }
        Self { rows }
    }

    /// The rows, sorted by (unit_id, indicator, year).
    pub fn rows(&self) -> &[Observation] {
        &self.rows
    }

    /// Number of rows (missing values included).
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there is no row.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Consumes the table, returning its sorted rows.
    pub fn into_rows(self) -> Vec<Observation> {
        self.rows
    }

    /// The rows of one (unit, indicator) series, in year order; empty if absent.
    ///
    /// ```
    /// use chitieu::{Observation, Observations};
    /// let obs = Observations::new(vec![
    ///     Observation::new("a", "x", 2020, Some(1.0)),
    ///     Observation::new("b", "x", 2020, Some(2.0)),
    /// ])?;
    /// assert_eq!(obs.series("b", "x").len(), 1);
    /// # Ok::<(), chitieu::ValidationErrors>(())
    /// ```
    pub fn series(&self, unit_id: &str, indicator: &str) -> &[Observation] {
        let key = (unit_id, indicator);
        let start = self
            .rows
            .partition_point(|o| (o.unit_id.as_str(), o.indicator.as_str()) < key);
        let len = self.rows[start..]
            .partition_point(|o| (o.unit_id.as_str(), o.indicator.as_str()) == key);
        &self.rows[start..start + len]
    }
}

fn check_row(row: usize, o: &Observation, key: KeyColumn, errors: &mut Vec<FieldError>) {
    let at = |column: &'static str| Location::row(row, column).with_key(o, key);
    if o.unit_id.trim().is_empty() {
        errors.push(FieldError::new(
            at("unit_id"),
            FieldErrorKind::EmptyId { column: "unit_id" },
        ));
    }
    if o.indicator.trim().is_empty() {
        errors.push(FieldError::new(
            at(key.name()),
            FieldErrorKind::EmptyId { column: key.name() },
        ));
    }
    if !YEAR_RANGE.contains(&o.year) {
        errors.push(FieldError::new(
            at("year"),
            FieldErrorKind::YearOutOfRange {
                year: i64::from(o.year),
            },
        ));
    }
    if let Some(v) = o.value {
        if !v.is_finite() {
            errors.push(FieldError::new(
                at("value"),
                FieldErrorKind::NonFiniteValue { value: v },
            ));
        }
    }
}

/// The sort key of a row.
fn key_of(o: &Observation) -> (&str, &str, i32) {
    (o.unit_id.as_str(), o.indicator.as_str(), o.year)
}

/// Sorts rows (each with its input position) by (unit_id, indicator, year) and reports every
/// repeated key, naming the first row that had it; errors come in input-row order.
///
/// Sorting finds the repeats (equal keys end up side by side, the first input row first), so
/// no key is hashed; already sorted input (the usual panel) is only checked, in one pass, and
/// unsorted input is sorted on every core.
pub(crate) fn sort_checking_duplicates(
    mut rows: Vec<(usize, Observation)>,
    key: KeyColumn,
    errors: &mut Vec<FieldError>,
) -> Vec<Observation> {
    let order = |a: &(usize, Observation), b: &(usize, Observation)| {
        (key_of(&a.1), a.0).cmp(&(key_of(&b.1), b.0))
    };
    if !rows.is_sorted_by(|a, b| order(a, b).is_le()) {
        rows.par_sort_unstable_by(order);
    }
    let mut repeats: Vec<(usize, usize)> = Vec::new(); // (position in rows, first input row)
    let mut first = 0;
    for i in 1..rows.len() {
        if key_of(&rows[i].1) == key_of(&rows[first].1) {
            repeats.push((i, rows[first].0));
        } else {
            first = i;
        }
    }
    repeats.sort_unstable_by_key(|&(i, _)| rows[i].0);
    for (i, first_row) in repeats {
        let (row, o) = &rows[i];
        let mut location = Location {
            row: Some(*row),
            unit_id: Some(o.unit_id.clone()),
            year: Some(o.year),
            ..Location::default()
        };
        location.set_key(key, Some(o.indicator.clone()));
        errors.push(FieldError::new(
            location,
            FieldErrorKind::DuplicateKey { first_row },
        ));
    }
    rows.into_iter().map(|(_, o)| o).collect()
}

/// Where an error was found: any of row, column and key that is known.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// 0-based row position in the input table.
    pub row: Option<usize>,
    /// Column name.
    pub column: Option<String>,
    /// Unit id of the row, when it could be read.
    pub unit_id: Option<String>,
    /// Indicator id of the row, when it could be read.
    pub indicator: Option<String>,
    /// Component id of the row (raw statistics), when it could be read.
    pub component: Option<String>,
    /// Year of the row, when it could be read.
    pub year: Option<i32>,
}

impl Location {
    /// A whole column (schema errors).
    pub fn column(column: impl Into<String>) -> Self {
        Self {
            column: Some(column.into()),
            ..Self::default()
        }
    }

    /// One cell.
    pub fn row(row: usize, column: impl Into<String>) -> Self {
        Self {
            row: Some(row),
            column: Some(column.into()),
            ..Self::default()
        }
    }

    /// Adds the key of the row that holds the error.
    fn with_key(mut self, o: &Observation, key: KeyColumn) -> Self {
        self.unit_id = Some(o.unit_id.clone());
        self.set_key(key, Some(o.indicator.clone()));
        self.year = Some(o.year);
        self
    }

    /// Sets the indicator or component id, as `key` says.
    pub(crate) fn set_key(&mut self, key: KeyColumn, id: Option<String>) {
        match key {
            KeyColumn::Indicator => self.indicator = id,
            KeyColumn::Component => self.component = id,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut key = Vec::new();
        if let Some(u) = &self.unit_id {
            key.push(format!("unit '{u}'"));
        }
        if let Some(i) = &self.indicator {
            key.push(format!("indicator '{i}'"));
        }
        if let Some(c) = &self.component {
            key.push(format!("component '{c}'"));
        }
        if let Some(y) = self.year {
            key.push(format!("year {y}"));
        }
        match (self.row, &self.column) {
            (Some(r), Some(c)) => write!(f, "row {r}, column '{c}'")?,
            (Some(r), None) => write!(f, "row {r}")?,
            (None, Some(c)) => write!(f, "column '{c}'")?,
            (None, None) => write!(f, "table")?,
        }
        if !key.is_empty() {
            write!(f, " ({})", key.join(", "))?;
        }
        Ok(())
    }
}

/// The three families of validation error; the Python exception raised follows the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCategory {
    /// The table's shape: a missing, unexpected or mistyped column.
    Schema,
    /// A repeated (unit_id, indicator, year) key.
    DuplicateKey,
    /// A cell whose content is not acceptable.
    InvalidValue,
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FieldErrorKind {
    /// A required column is absent.
    MissingColumn {
        /// The column expected.
        column: String,
    },
    /// A column that the table does not define (it would be lost, so it is refused).
    UnexpectedColumn {
        /// The column found.
        column: String,
    },
    /// A column has a type that cannot hold what it should.
    WrongColumnType {
        /// The column.
        column: String,
        /// The types accepted.
        expected: String,
        /// The type found.
        found: String,
    },
    /// The same (unit_id, indicator, year) appears twice.
    DuplicateKey {
        /// The row where the key was first seen (0-based).
        first_row: usize,
    },
    /// A value that is NaN or infinite. Missing values must be null, not NaN.
    NonFiniteValue {
        /// The value found.
        value: f64,
    },
    /// A year outside [`YEAR_RANGE`].
    YearOutOfRange {
        /// The year found.
        year: i64,
    },
    /// A year that is not a whole number (e.g. `"2023-2024"`, `2023.5`).
    InvalidYear {
        /// The text found.
        raw: String,
    },
    /// A year cell is empty.
    MissingYear,
    /// A value cell holding text that is not a number (e.g. `"1,5"`, `"n/a"`).
    InvalidNumber {
        /// The text found.
        raw: String,
    },
    /// An empty or blank identifier.
    EmptyId {
        /// The id column.
        column: &'static str,
    },
}

impl FieldErrorKind {
    /// The family of the error.
    pub fn category(&self) -> ErrorCategory {
        match self {
            Self::MissingColumn { .. }
            | Self::UnexpectedColumn { .. }
            | Self::WrongColumnType { .. } => ErrorCategory::Schema,
            Self::DuplicateKey { .. } => ErrorCategory::DuplicateKey,
            _ => ErrorCategory::InvalidValue,
        }
    }

    /// A stable snake_case code, e.g. `duplicate_key`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MissingColumn { .. } => "missing_column",
            Self::UnexpectedColumn { .. } => "unexpected_column",
            Self::WrongColumnType { .. } => "wrong_column_type",
            Self::DuplicateKey { .. } => "duplicate_key",
            Self::NonFiniteValue { .. } => "non_finite_value",
            Self::YearOutOfRange { .. } => "year_out_of_range",
            Self::InvalidYear { .. } => "invalid_year",
            Self::MissingYear => "missing_year",
            Self::InvalidNumber { .. } => "invalid_number",
            Self::EmptyId { .. } => "empty_id",
        }
    }
}

impl fmt::Display for FieldErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingColumn { column } => write!(
                f,
                "required column '{column}' is missing (a long table needs unit_id, \
                 indicator or component, year, value)"
            ),
            Self::UnexpectedColumn { column } => write!(
                f,
                "unexpected column '{column}': a long table holds unit_id, indicator (or \
                 component), year, value, source, flag; select or rename columns first"
            ),
            Self::WrongColumnType {
                column,
                expected,
                found,
            } => write!(f, "column '{column}' has type {found}, expected {expected}"),
            Self::DuplicateKey { first_row } => write!(
                f,
                "duplicate (unit_id, indicator, year): first seen at row {first_row}; \
                 keep one row per key"
            ),
            Self::NonFiniteValue { value } => write!(
                f,
                "value {value} is not a finite number; write a missing value as null, not NaN"
            ),
            Self::YearOutOfRange { year } => write!(
                f,
                "year {year} is outside {}..={}",
                YEAR_RANGE.start(),
                YEAR_RANGE.end()
            ),
            Self::InvalidYear { raw } => write!(
                f,
                "year '{raw}' is not a whole year; a period such as 2023-2024 must be given \
                 as its first year"
            ),
            Self::MissingYear => write!(f, "year is missing"),
            Self::InvalidNumber { raw } => {
                write!(f, "value '{raw}' is not a number")?;
                if raw.contains(',') {
                    write!(
                        f,
                        " (use '.' as the decimal separator, no thousands separator)"
                    )?;
                }
                Ok(())
            }
            Self::EmptyId { column } => write!(f, "{column} is empty"),
        }
    }
}

/// One validation error with its location.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldError {
    /// Where the error is.
    pub location: Location,
    /// What is wrong.
    #[serde(flatten)]
    pub kind: FieldErrorKind,
}

impl FieldError {
    /// An error at a location.
    pub fn new(location: Location, kind: FieldErrorKind) -> Self {
        Self { location, kind }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.kind)
    }
}

/// Every validation error of a table, ordered by row (schema errors first).
///
/// ```
/// use chitieu::{ErrorCategory, Observation, Observations};
/// let err = Observations::new(vec![
///     Observation::new("a", "x", 2020, Some(1.0)),
///     Observation::new("a", "x", 2020, Some(2.0)),
///     Observation::new("", "x", 1800, None),
/// ]).unwrap_err();
/// assert_eq!(err.len(), 3);
/// assert_eq!(err.errors()[0].kind.category(), ErrorCategory::DuplicateKey);
/// assert!(err.to_string().contains("row 1"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
pub struct ValidationErrors {
    errors: Vec<FieldError>,
    /// What was validated, e.g. "observations".
    table: &'static str,
}

impl ValidationErrors {
    /// `Ok` when `errors` is empty, else the errors sorted by location.
    pub fn check(errors: Vec<FieldError>) -> Result<(), Self> {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Self::from_errors(errors))
        }
    }

    /// The errors sorted by location; `errors` must not be empty.
    pub(crate) fn from_errors(mut errors: Vec<FieldError>) -> Self {
        debug_assert!(!errors.is_empty());
        // Stable sort: schema errors (no row) first, then by row; within a row the order of
        // the checks is kept.
        errors.sort_by_key(|e| e.location.row.map_or(0, |r| r + 1));
        let table = if errors.iter().any(|e| e.location.component.is_some()) {
            "raw statistics"
        } else {
            "observations"
        };
        Self { errors, table }
    }

    /// The errors, ordered by row (errors without a row first).
    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }

    /// Number of errors.
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// Always false: a `ValidationErrors` holds at least one error.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The family of the first error, which decides the Python exception class.
    pub fn category(&self) -> ErrorCategory {
        self.errors[0].kind.category()
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors.len();
        write!(
            f,
            "{n} validation error{} in {}",
            if n == 1 { "" } else { "s" },
            self.table
        )?;
        for e in self.errors.iter().take(ERRORS_SHOWN) {
            write!(f, "\n  {e}")?;
        }
        if n > ERRORS_SHOWN {
            write!(f, "\n  ... and {} more", n - ERRORS_SHOWN)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(u: &str, i: &str, y: i32, v: Option<f64>) -> Observation {
        Observation::new(u, i, y, v)
    }

    #[test]
    fn valid_rows_are_sorted_and_missing_values_kept() {
        let t = Observations::new(vec![
            obs("b", "x", 2020, Some(1.0)),
            obs("a", "y", 2021, None),
            obs("a", "y", 2020, Some(3.0)),
        ])
        .unwrap();
        let keys: Vec<_> = t
            .rows()
            .iter()
            .map(|o| (o.unit_id.as_str(), o.year, o.value))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("a", 2020, Some(3.0)),
                ("a", 2021, None),
                ("b", 2020, Some(1.0))
            ]
        );
        assert_eq!(t.series("a", "y").len(), 2);
        assert!(t.series("a", "x").is_empty());
        assert!(t.series("c", "x").is_empty());
    }

    #[test]
    fn duplicate_key_names_both_rows() {
        let err = Observations::new(vec![
            obs("lai-chau", "x", 2020, Some(1.0)),
            obs("lai-chau", "x", 2021, Some(1.0)),
            obs("lai-chau", "x", 2020, Some(2.0)),
        ])
        .unwrap_err();
        assert_eq!(err.len(), 1);
        let e = &err.errors()[0];
        assert_eq!(e.location.row, Some(2));
        assert_eq!(e.kind, FieldErrorKind::DuplicateKey { first_row: 0 });
        let msg = err.to_string();
        assert!(msg.contains("row 2"), "{msg}");
        assert!(msg.contains("first seen at row 0"), "{msg}");
        assert!(msg.contains("unit 'lai-chau'"), "{msg}");
    }

    #[test]
    fn sorting_by_ranks_matches_sorting_by_strings_and_names_first_rows() {
        // A scrambled table with ids of different lengths ("u3" sorts after "u29") in which
        // every key repeats (600 rows, 444 keys): the order must be the plain string order,
        // and each repeat must name the first input row of its key, in input-row order.
        let mut rows = Vec::new();
        for k in 0..600u32 {
            let u = format!("u{}", (k * 7919) % 37);
            let i = ["b", "a", "ab", "z"][(k % 4) as usize];
            rows.push(obs(&u, i, 2000 + ((k * 31) % 3) as i32, Some(f64::from(k))));
        }
        let mut keys: Vec<(String, String, i32)> = Vec::new();
        let mut unique = Vec::new();
        let mut first_of: Vec<usize> = Vec::new();
        for (r, o) in rows.iter().enumerate() {
            let k = (o.unit_id.clone(), o.indicator.clone(), o.year);
            match keys.iter().position(|x| *x == k) {
                Some(p) => first_of.push(p),
                None => {
                    keys.push(k);
                    unique.push(r);
                    first_of.push(usize::MAX);
                }
            }
        }
        let err = Observations::new(rows.clone()).unwrap_err();
        let expected: Vec<(usize, usize)> = first_of
            .iter()
            .enumerate()
            .filter(|(_, p)| **p != usize::MAX)
            .map(|(r, p)| (r, unique[*p]))
            .collect();
        let got: Vec<(usize, usize)> = err
            .errors()
            .iter()
            .map(|e| match e.kind {
                FieldErrorKind::DuplicateKey { first_row } => (e.location.row.unwrap(), first_row),
                ref k => panic!("{k:?}"),
            })
            .collect();
        assert_eq!(got, expected);
        let kept: Vec<Observation> = unique.iter().map(|&r| rows[r].clone()).collect();
        let mut by_strings = kept.clone();
        by_strings.sort_by(|a, b| key_of(a).cmp(&key_of(b)));
        assert_eq!(Observations::new(kept).unwrap().rows(), &by_strings[..]);
    }

    #[test]
    fn every_bad_row_is_reported_in_row_order() {
        let err = Observations::new(vec![
            obs("a", "x", 2020, Some(f64::INFINITY)),
            obs(" ", "x", 2020, Some(1.0)),
            obs("a", "", 1899, Some(f64::NAN)),
        ])
        .unwrap_err();
        let got: Vec<_> = err
            .errors()
            .iter()
            .map(|e| (e.location.row.unwrap(), e.kind.code()))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, "non_finite_value"),
                (1, "empty_id"),
                (2, "empty_id"),
                (2, "year_out_of_range"),
                (2, "non_finite_value"),
            ]
        );
        assert_eq!(err.category(), ErrorCategory::InvalidValue);
    }

    #[test]
    fn long_reports_are_summarised() {
        let rows = (0..25)
            .map(|i| obs("a", "x", 2000 + i, Some(f64::NAN)))
            .collect();
        let msg = Observations::new(rows).unwrap_err().to_string();
        assert!(msg.starts_with("25 validation errors"), "{msg}");
        assert!(msg.ends_with("... and 15 more"), "{msg}");
    }

    #[test]
    fn year_range_bounds_are_inclusive() {
        assert!(
            Observations::new(vec![obs("a", "x", 1900, None), obs("a", "x", 2100, None)]).is_ok()
        );
        assert!(Observations::new(vec![obs("a", "x", 2101, None)]).is_err());
    }
}
