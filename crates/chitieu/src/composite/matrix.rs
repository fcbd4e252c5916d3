//! The data matrix: units (rows) × codes (columns), `None` = NA.

use std::collections::HashSet;

use serde::Serialize;

use super::error::{invalid, CompositeError};

/// Units (rows) × codes (columns) of values, `None` = NA; stored by column.
///
/// ```
/// use chitieu::composite::Matrix;
/// let m = Matrix::from_rows(["VN", "TH"], ["x", "y"],
///                           &[vec![Some(1.0), None], vec![Some(2.0), Some(5.0)]])?;
/// assert_eq!(m.column("y").unwrap(), [None, Some(5.0)]);
/// assert_eq!(m.get("TH", "x"), Some(2.0));
/// assert_eq!(m.count_missing(), 1);
/// assert!(Matrix::from_rows(["VN"], ["x"], &[vec![Some(f64::NAN)]]).is_err());
/// # Ok::<(), chitieu::composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matrix {
    pub(super) units: Vec<String>,
    pub(super) codes: Vec<String>,
    pub(super) columns: Vec<Vec<Option<f64>>>,
}

impl Matrix {
    /// From rows (one per unit, values in the order of `codes`).
    pub fn from_rows<U, C>(
        units: U,
        codes: C,
        rows: &[Vec<Option<f64>>],
    ) -> Result<Self, CompositeError>
    where
        U: IntoIterator,
        U::Item: Into<String>,
        C: IntoIterator,
        C::Item: Into<String>,
    {
        let units: Vec<String> = units.into_iter().map(Into::into).collect();
        let codes: Vec<String> = codes.into_iter().map(Into::into).collect();
        if rows.len() != units.len() {
            return Err(CompositeError::RowCount {
                rows: rows.len(),
                units: units.len(),
            });
        }
        for (unit, row) in units.iter().zip(rows) {
            if row.len() != codes.len() {
                return Err(CompositeError::RowLength {
                    unit: unit.clone(),
                    expected: codes.len(),
                    found: row.len(),
                });
            }
        }
        let columns = (0..codes.len())
            .map(|j| rows.iter().map(|r| r[j]).collect())
            .collect();
        Self::from_columns(units, codes, columns)
    }

    /// From columns (one per code, values in the order of `units`).
    pub fn from_columns<U, C>(
        units: U,
        codes: C,
        columns: Vec<Vec<Option<f64>>>,
    ) -> Result<Self, CompositeError>
    where
        U: IntoIterator,
        U::Item: Into<String>,
        C: IntoIterator,
        C::Item: Into<String>,
    {
        let units: Vec<String> = units.into_iter().map(Into::into).collect();
        let codes: Vec<String> = codes.into_iter().map(Into::into).collect();
        if columns.len() != codes.len() {
            return Err(invalid(
                "number of columns",
                columns.len(),
                "one column per code",
            ));
        }
        let mut seen = HashSet::new();
        for u in &units {
            if !seen.insert(u.as_str()) {
                return Err(CompositeError::DuplicateUnit { unit: u.clone() });
            }
        }
        let mut seen = HashSet::new();
        for c in &codes {
            if !seen.insert(c.as_str()) {
                return Err(CompositeError::DuplicateColumn { code: c.clone() });
            }
        }
        for (code, col) in codes.iter().zip(&columns) {
            if col.len() != units.len() {
                return Err(CompositeError::ColumnLength {
                    code: code.clone(),
                    expected: units.len(),
                    found: col.len(),
                });
            }
            for (unit, v) in units.iter().zip(col) {
                if let Some(v) = *v {
                    if !v.is_finite() {
                        return Err(CompositeError::NotFinite {
                            code: code.clone(),
                            unit: unit.clone(),
                            value: v,
                        });
                    }
                }
            }
        }
        Ok(Self {
            units,
            codes,
            columns,
        })
    }

    /// Unit ids, in row order.
    pub fn units(&self) -> &[String] {
        &self.units
    }

    /// Column codes, in column order.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    /// Number of units (rows).
    pub fn n_units(&self) -> usize {
        self.units.len()
    }

    /// The column of `code`.
    pub fn column(&self, code: &str) -> Option<&[Option<f64>]> {
        let j = self.codes.iter().position(|c| c == code)?;
        Some(&self.columns[j])
    }

    /// All columns, in the order of [`Matrix::codes`].
    pub fn columns(&self) -> &[Vec<Option<f64>>] {
        &self.columns
    }

    /// The value of `unit` in `code` (`None`: NA, or no such unit or code).
    pub fn get(&self, unit: &str, code: &str) -> Option<f64> {
        let i = self.units.iter().position(|u| u == unit)?;
        self.column(code)?[i]
    }

    /// The rows, one per unit.
    pub fn rows(&self) -> Vec<Vec<Option<f64>>> {
        (0..self.n_units())
            .map(|i| self.columns.iter().map(|c| c[i]).collect())
            .collect()
    }

    /// Number of NA cells.
    pub fn count_missing(&self) -> usize {
        self.columns
            .iter()
            .flatten()
            .filter(|v| v.is_none())
            .count()
    }

    pub(super) fn with_columns(&self, codes: Vec<String>, columns: Vec<Vec<Option<f64>>>) -> Self {
        Self {
            units: self.units.clone(),
            codes,
            columns,
        }
    }

    /// The units whose `keep` is true, in order, with every column.
    pub(super) fn keep_units(&self, keep: &[bool]) -> Self {
        let pick = |v: &[Option<f64>]| -> Vec<Option<f64>> {
            v.iter()
                .zip(keep)
                .filter(|(_, k)| **k)
                .map(|(x, _)| *x)
                .collect()
        };
        Self {
            units: self
                .units
                .iter()
                .zip(keep)
                .filter(|(_, k)| **k)
                .map(|(u, _)| u.clone())
                .collect(),
            codes: self.codes.clone(),
            columns: self.columns.iter().map(|c| pick(c)).collect(),
        }
    }

    /// The columns of `codes`, in that order, or the list of the missing ones.
    pub(super) fn select<'a>(
        &'a self,
        codes: &[&str],
        table: &'static str,
    ) -> Result<Vec<&'a [Option<f64>]>, CompositeError> {
        let mut out = Vec::with_capacity(codes.len());
        let mut missing = Vec::new();
        for c in codes {
            match self.column(c) {
                Some(col) => out.push(col),
                None => missing.push((*c).to_owned()),
            }
        }
        if missing.is_empty() {
            Ok(out)
        } else {
            Err(CompositeError::MissingColumns {
                table,
                codes: missing,
            })
        }
    }
}
