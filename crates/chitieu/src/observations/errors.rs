//! Validation errors of long tables: what is wrong, and where (row, column, key).

use std::fmt;

use serde::Serialize;

use super::{KeyColumn, YEAR_RANGE};

/// How many errors a [`ValidationErrors`] message lists before summarising the rest.
const ERRORS_SHOWN: usize = 10;

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

    /// Adds the key of the row that holds the error (each part that could be read).
    pub(crate) fn with_key(
        mut self,
        key: KeyColumn,
        unit_id: Option<&str>,
        id: Option<&str>,
        year: Option<i32>,
    ) -> Self {
        self.unit_id = unit_id.map(str::to_owned);
        self.set_key(key, id.map(str::to_owned));
        self.year = year;
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
    /// The table has more rows than a table can hold (`u32::MAX`).
    TooManyRows {
        /// The number of rows.
        rows: usize,
    },
}

impl FieldErrorKind {
    /// The family of the error.
    pub fn category(&self) -> ErrorCategory {
        match self {
            Self::MissingColumn { .. }
            | Self::UnexpectedColumn { .. }
            | Self::WrongColumnType { .. }
            | Self::TooManyRows { .. } => ErrorCategory::Schema,
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
            Self::TooManyRows { .. } => "too_many_rows",
        }
    }
}

impl FieldErrorKind {
    /// The message in Vietnamese, with the same hint as the English one (its `Display`).
    ///
    /// ```
    /// use chitieu::FieldErrorKind;
    /// let e = FieldErrorKind::InvalidNumber { raw: "1,5".into() };
    /// assert_eq!(
    ///     e.message_vi(),
    ///     "giá trị '1,5' không phải là số (dùng dấu chấm '.' làm dấu thập phân, không dùng \
    ///      dấu phân cách hàng nghìn)"
    /// );
    /// ```
    pub fn message_vi(&self) -> String {
        match self {
            Self::MissingColumn { column } => format!(
                "thiếu cột bắt buộc '{column}' (bảng dạng dài cần các cột unit_id, indicator \
                 hoặc component, year, value)"
            ),
            Self::UnexpectedColumn { column } => format!(
                "cột '{column}' không thuộc bảng: bảng dạng dài chỉ gồm unit_id, indicator (hoặc \
                 component), year, value, source, flag; hãy chọn hoặc đổi tên cột trước"
            ),
            Self::WrongColumnType {
                column,
                expected,
                found,
            } => format!("cột '{column}' có kiểu {found}, cần kiểu {expected}"),
            Self::DuplicateKey { first_row } => format!(
                "trùng (unit_id, indicator, year): đã có ở dòng {first_row}; mỗi khóa chỉ giữ \
                 một dòng"
            ),
            Self::NonFiniteValue { value } => format!(
                "giá trị {value} không phải là số hữu hạn; giá trị thiếu ghi là null, không ghi \
                 NaN"
            ),
            Self::YearOutOfRange { year } => format!(
                "năm {year} nằm ngoài khoảng {}..={}",
                YEAR_RANGE.start(),
                YEAR_RANGE.end()
            ),
            Self::InvalidYear { raw } => format!(
                "năm '{raw}' không phải là một năm; một giai đoạn như 2023-2024 phải ghi bằng \
                 năm đầu"
            ),
            Self::MissingYear => "thiếu năm".to_owned(),
            Self::InvalidNumber { raw } => {
                let mut m = format!("giá trị '{raw}' không phải là số");
                if raw.contains(',') {
                    m.push_str(
                        " (dùng dấu chấm '.' làm dấu thập phân, không dùng dấu phân cách hàng \
                         nghìn)",
                    );
                }
                m
            }
            Self::EmptyId { column } => format!("{column} bị để trống"),
            Self::TooManyRows { rows } => format!(
                "{rows} dòng: một bảng chứa tối đa {} dòng; hãy tách theo đơn vị",
                u32::MAX
            ),
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
            Self::TooManyRows { rows } => write!(
                f,
                "{rows} rows: a table holds at most {} rows; split it by unit",
                u32::MAX
            ),
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

    /// The same errors with every row renumbered by `f` (e.g. from 0-based table rows to the
    /// line numbers of the file the table was read from).
    ///
    /// ```
    /// use chitieu::{Observation, Observations};
    /// let bad = Observation::new("a", "x", 2020, Some(f64::NAN));
    /// let err = Observations::new(vec![bad]).unwrap_err().map_rows(|r| r + 2);
    /// assert_eq!(err.errors()[0].location.row, Some(2));
    /// ```
    pub fn map_rows(mut self, f: impl Fn(usize) -> usize) -> Self {
        for e in &mut self.errors {
            e.location.row = e.location.row.map(&f);
        }
        self
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
