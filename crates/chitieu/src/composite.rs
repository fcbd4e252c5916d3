//! Composite indices in the manner of the R package COINr: a framework (a tree of indicators and
//! aggregates), the stages denominate → impute → treat → normalise → aggregate → rank, and a
//! seeded Monte Carlo analysis of how uncertain the ranks are (docs/methods.md §6).
//!
//! Conventions (each checked against COINr's ASEM coin in `tests/reference/coinr-asem`):
//!
//! * **Data** is a [`Matrix`]: units (rows) × codes (columns), `None` = NA. Values must be
//!   finite; NaN and ±∞ are rejected when the matrix is built.
//! * **Framework** ([`Framework::from_rows`]): rows like COINr's `iMeta` (Level, iCode,
//!   Direction, Weight, Parent, Type, plus the optional Denominator, Target and goalposts).
//!   Indicators are at level 1, each aggregate sits at a higher level than its children, and one
//!   aggregate without parent is the index. Every problem is collected ([`FrameworkProblem`]).
//! * **Denominate** ([`denominate`]): `x / d` where the framework names a denominator column.
//! * **Impute** ([`impute`]): none, the indicator's mean, or the mean within the unit's group
//!   (COINr6 `ind_mean` / `indgroup_mean`); means are over the non-missing values before imputing.
//! * **Treat** ([`treat`]): COINr6's default outlier treatment. While |skew| > `t_skew` **and**
//!   kurtosis > `t_kurt` (e1071 type-2 estimators, [`skewness`], [`kurtosis`]) and fewer than
//!   `winmax` steps were made (default ⌈0.1·units⌉), one Winsorisation step replaces every value
//!   equal to the maximum (skew ≥ 0) or the minimum (skew < 0) by the next value. If the thresholds
//!   are still exceeded after `winmax` steps, the *untreated* column gets the log fallback
//!   ([`LogFallback`], default COINr's `CTlog`: `ln(x − min + 0.01·(max − min))`).
//! * **Normalise** ([`normalise`]): values are multiplied by the direction (+1/−1) first, as in
//!   COINr, then a [`Normalisation`] is applied: min-max onto `[lo, hi]` (default 0–100), z-score
//!   (COINr default mean 0, sd 1), rank, percent rank, distance to target, goalposts.
//! * **Aggregate** ([`aggregate`]): level by level, each aggregate is the weighted arithmetic,
//!   geometric or harmonic mean of its **direct children** ([`Aggregation`]). Missing children are
//!   skipped and the weights of the others renormalised (COINr's `a_amean`/`a_gmean`/`a_hmean`).
//! * **Rank** ([`rank_scores`]): 1 = highest score, ties share the best rank of their block
//!   ("min": 1, 2, 2, 4), optionally after rounding the scores to `d` decimals (COINr's
//!   published ranks use 2).
//! * **Uncertainty** ([`monte_carlo`]): weights perturbed uniformly within ±p %, the
//!   normalisation and the aggregation drawn from lists, the index recomputed from the treated
//!   data and ranked at full precision; median, 5th and 95th percentile ranks, `P(rank ≤ k)`
//!   within a group and first-order sensitivity indices ([`Uncertainty`]).
//!
//! ```
//! use chitieu::composite::{pipeline, Framework, FrameworkRow, Imputation, Matrix, PipelineSpec};
//!
//! let fw = Framework::from_rows(&[
//!     FrameworkRow::indicator("a", "P1", 1.0, 1),
//!     FrameworkRow::indicator("b", "P1", 1.0, -1), // lower is better
//!     FrameworkRow::indicator("c", "P2", 1.0, 1),
//!     FrameworkRow::aggregate("P1", 2, Some("Index"), 1.0),
//!     FrameworkRow::aggregate("P2", 2, Some("Index"), 1.0),
//!     FrameworkRow::aggregate("Index", 3, None, 1.0),
//! ])?;
//! let raw = Matrix::from_rows(["u1", "u2", "u3"], ["a", "b", "c"], &[
//!     vec![Some(1.0), Some(10.0), Some(5.0)],
//!     vec![Some(2.0), Some(30.0), None],
//!     vec![Some(4.0), Some(20.0), Some(7.0)],
//! ])?;
//! let spec = PipelineSpec { imputation: Imputation::IndicatorMean, ..Default::default() };
//! let p = pipeline(&raw, None, &fw, &spec)?;
//! assert_eq!(p.imputed.n_imputed, 1); // c of u2 = (5 + 7) / 2
//! let index = p.aggregated.column("Index").unwrap();
//! assert!((index[0].unwrap() - 25.0).abs() < 1e-12); // (mean(0, 100) + 0) / 2
//! assert_eq!(p.rank_of("Index").unwrap(), [Some(3), Some(2), Some(1)]);
//! # Ok::<(), chitieu::composite::CompositeError>(())
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

// ------------------------------------------------------------------------------------------
// Errors
// ------------------------------------------------------------------------------------------

/// A problem found in a framework; [`Framework::from_rows`] reports all of them at once.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize)]
#[non_exhaustive]
pub enum FrameworkProblem {
    /// A row without a code (0-based row number).
    #[error("row {row} has an empty code")]
    EmptyCode {
        /// Row number (0-based).
        row: usize,
    },
    /// A code defined more than once.
    #[error("code '{code}' is defined more than once")]
    DuplicateCode {
        /// The code.
        code: String,
    },
    /// A weight that is not a finite number > 0.
    #[error("weight of '{code}' is {weight}; weights must be finite and > 0")]
    InvalidWeight {
        /// The code.
        code: String,
        /// The weight given.
        weight: f64,
    },
    /// An indicator direction other than +1 or −1.
    #[error("direction of indicator '{code}' is {direction}; it must be 1 or -1")]
    InvalidDirection {
        /// The indicator.
        code: String,
        /// The direction given.
        direction: i8,
    },
    /// A level that does not fit the node type.
    #[error("level of '{code}' is {level}; expected {expected}")]
    InvalidLevel {
        /// The code.
        code: String,
        /// The level given.
        level: u32,
        /// What was expected.
        expected: &'static str,
    },
    /// The parent is not defined in the framework (an orphan).
    #[error("parent '{parent}' of '{code}' is not defined")]
    UnknownParent {
        /// The child.
        code: String,
        /// The undefined parent.
        parent: String,
    },
    /// The parent is an indicator; only aggregates have children.
    #[error("parent '{parent}' of '{code}' is an indicator, not an aggregate")]
    ParentIsIndicator {
        /// The child.
        code: String,
        /// The parent.
        parent: String,
    },
    /// An indicator without a parent.
    #[error("indicator '{code}' has no parent")]
    MissingParent {
        /// The indicator.
        code: String,
    },
    /// An aggregate that nothing aggregates into.
    #[error("aggregate '{code}' has no children")]
    EmptyAggregate {
        /// The aggregate.
        code: String,
    },
    /// Codes whose parent links form a cycle.
    #[error("cycle in parent links: {}", codes.join(" -> "))]
    Cycle {
        /// The codes on the cycle, each the child of the next (the last the child of the first).
        codes: Vec<String>,
    },
    /// A parent whose level is not above its child's.
    #[error(
        "'{code}' (level {level}) has parent '{parent}' at level {parent_level}, not above it"
    )]
    LevelOrder {
        /// The child.
        code: String,
        /// The child's level.
        level: u32,
        /// The parent.
        parent: String,
        /// The parent's level.
        parent_level: u32,
    },
    /// A target that is not finite.
    #[error("target of '{code}' is {value}, not a finite number")]
    InvalidTarget {
        /// The indicator.
        code: String,
        /// The target.
        value: f64,
    },
    /// Goalposts that are not finite with low < high.
    #[error("goalposts of '{code}' are ({low}, {high}); they must be finite with low < high")]
    InvalidGoalposts {
        /// The indicator.
        code: String,
        /// Lower goalpost.
        low: f64,
        /// Upper goalpost.
        high: f64,
    },
    /// A code that is not in the framework (e.g. in a weight override).
    #[error("'{code}' is not a code of the framework")]
    UnknownCode {
        /// The code.
        code: String,
    },
    /// No indicator rows.
    #[error("the framework has no indicators")]
    NoIndicators,
    /// No aggregate without parent (the index).
    #[error("no aggregate without a parent: the framework has no top-level index")]
    NoRoot,
    /// More than one aggregate without parent.
    #[error("several aggregates have no parent ({}); there must be one top-level index", codes.join(", "))]
    MultipleRoots {
        /// The aggregates without parent.
        codes: Vec<String>,
    },
}

/// A problem building or running a composite index.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CompositeError {
    /// The framework is invalid; every problem found is listed.
    #[error("invalid framework ({} problem(s)): {}", problems.len(), join(problems))]
    InvalidFramework {
        /// The problems.
        problems: Vec<FrameworkProblem>,
    },
    /// The number of rows differs from the number of units.
    #[error("{rows} row(s) given for {units} unit(s)")]
    RowCount {
        /// Rows given.
        rows: usize,
        /// Units given.
        units: usize,
    },
    /// A row whose length differs from the number of codes.
    #[error("row of unit '{unit}' has {found} values for {expected} columns")]
    RowLength {
        /// The unit.
        unit: String,
        /// Number of codes.
        expected: usize,
        /// Values in the row.
        found: usize,
    },
    /// A column whose length differs from the number of units.
    #[error("column '{code}' has {found} values for {expected} units")]
    ColumnLength {
        /// The column.
        code: String,
        /// Number of units.
        expected: usize,
        /// Values in the column.
        found: usize,
    },
    /// A unit id given twice.
    #[error("unit '{unit}' appears more than once")]
    DuplicateUnit {
        /// The unit.
        unit: String,
    },
    /// A column code given twice.
    #[error("column '{code}' appears more than once")]
    DuplicateColumn {
        /// The code.
        code: String,
    },
    /// NaN or ±∞ in the data.
    #[error("'{code}' of unit '{unit}' is {value}, not a finite number; use None for NA")]
    NotFinite {
        /// The column.
        code: String,
        /// The unit.
        unit: String,
        /// The value.
        value: f64,
    },
    /// Columns the framework needs that a table lacks.
    #[error("{table} lacks column(s) {}", codes.join(", "))]
    MissingColumns {
        /// Which table.
        table: &'static str,
        /// The missing codes.
        codes: Vec<String>,
    },
    /// Units of the data that a table lacks.
    #[error("{table} lacks unit(s) {}", units.join(", "))]
    MissingUnits {
        /// Which table.
        table: &'static str,
        /// The missing units.
        units: Vec<String>,
    },
    /// A denominator of zero.
    #[error("denominator of '{indicator}' is 0 for unit '{unit}'")]
    ZeroDenominator {
        /// The indicator.
        indicator: String,
        /// The unit.
        unit: String,
    },
    /// A group list whose length differs from the number of units.
    #[error("{groups} group label(s) given for {units} unit(s)")]
    GroupCount {
        /// Labels given.
        groups: usize,
        /// Units.
        units: usize,
    },
    /// Winsorisation would leave fewer than two distinct values (COINr stops here too).
    #[error("cannot Winsorise '{indicator}' further: fewer than two distinct values would remain")]
    CannotWinsorise {
        /// The indicator.
        indicator: String,
    },
    /// The normalisation is undefined for the indicator's values.
    #[error("cannot normalise '{indicator}': {reason}")]
    CannotNormalise {
        /// The indicator.
        indicator: String,
        /// Why.
        reason: &'static str,
    },
    /// The normalisation needs a per-indicator parameter the framework does not give.
    #[error("indicator '{indicator}' has no {parameter}, needed by the normalisation")]
    MissingParameter {
        /// The indicator.
        indicator: String,
        /// `target` or `goalposts`.
        parameter: &'static str,
    },
    /// A zero or negative value under a geometric mean.
    #[error(
        "geometric mean of '{aggregate}' for unit '{unit}': child '{child}' is {value}, not > 0"
    )]
    GeometricNonPositive {
        /// The aggregate.
        aggregate: String,
        /// The unit.
        unit: String,
        /// The child.
        child: String,
        /// Its value.
        value: f64,
    },
    /// A zero value under a harmonic mean.
    #[error("harmonic mean of '{aggregate}' for unit '{unit}': child '{child}' is 0")]
    HarmonicZero {
        /// The aggregate.
        aggregate: String,
        /// The unit.
        unit: String,
        /// The child.
        child: String,
    },
    /// A unit index out of range, or repeated, in a group.
    #[error("unit index {index} is out of range or repeated (there are {units} units)")]
    UnitIndex {
        /// The index.
        index: usize,
        /// Number of units.
        units: usize,
    },
    /// An option out of its domain.
    #[error("invalid {name} {value}: expected {expected}")]
    InvalidOption {
        /// The option.
        name: &'static str,
        /// The value given.
        value: String,
        /// What is allowed.
        expected: &'static str,
    },
}

fn join(problems: &[FrameworkProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn invalid(name: &'static str, value: impl fmt::Display, expected: &'static str) -> CompositeError {
    CompositeError::InvalidOption {
        name,
        value: value.to_string(),
        expected,
    }
}

// ------------------------------------------------------------------------------------------
// Matrix
// ------------------------------------------------------------------------------------------

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
    units: Vec<String>,
    codes: Vec<String>,
    columns: Vec<Vec<Option<f64>>>,
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

    fn with_columns(&self, codes: Vec<String>, columns: Vec<Vec<Option<f64>>>) -> Self {
        Self {
            units: self.units.clone(),
            codes,
            columns,
        }
    }

    /// The columns of `codes`, in that order, or the list of the missing ones.
    fn select<'a>(
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

// ------------------------------------------------------------------------------------------
// Framework
// ------------------------------------------------------------------------------------------

/// Whether higher values of an indicator are better.
///
/// ```
/// use chitieu::composite::Polarity;
/// assert_eq!(Polarity::from_sign(-1), Some(Polarity::Negative));
/// assert_eq!(Polarity::from_sign(0), None);
/// assert_eq!(Polarity::Negative.sign(), -1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// Higher is better (COINr direction 1).
    #[default]
    Positive,
    /// Lower is better (COINr direction −1).
    Negative,
}

impl Polarity {
    /// From COINr's direction: 1 or −1.
    pub fn from_sign(sign: i8) -> Option<Self> {
        match sign {
            1 => Some(Self::Positive),
            -1 => Some(Self::Negative),
            _ => None,
        }
    }

    /// +1.0 or −1.0.
    pub fn sign(self) -> f64 {
        match self {
            Self::Positive => 1.0,
            Self::Negative => -1.0,
        }
    }
}

/// Indicator or aggregate (COINr's `Type`; `Group`/`Denominator` rows are not part of the tree).
///
/// ```
/// use chitieu::composite::NodeType;
/// assert_eq!("Aggregate".parse::<NodeType>().unwrap(), NodeType::Aggregate);
/// assert!("Group".parse::<NodeType>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NodeType {
    /// A measured indicator (level 1).
    Indicator,
    /// An aggregate of its children (level ≥ 2).
    Aggregate,
}

impl FromStr for NodeType {
    type Err = CompositeError;

    /// `indicator` or `aggregate`, any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "indicator" => Ok(Self::Indicator),
            "aggregate" => Ok(Self::Aggregate),
            _ => Err(invalid("node type", s, "'Indicator' or 'Aggregate'")),
        }
    }
}

/// One row of a framework, as in COINr's `iMeta`.
///
/// ```
/// use chitieu::composite::{FrameworkRow, NodeType};
/// let r = FrameworkRow::indicator("Flights", "Physical", 1.0, 1).with_denominator("Den_Pop");
/// assert_eq!((r.level, r.node_type), (1, NodeType::Indicator));
/// assert_eq!(r.denominator.as_deref(), Some("Den_Pop"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrameworkRow {
    /// Level: 1 for indicators, higher for aggregates.
    pub level: u32,
    /// Code (`iCode`).
    pub code: String,
    /// Direction: 1 (higher is better) or −1; ignored for aggregates.
    pub direction: i8,
    /// Weight within its parent, > 0.
    pub weight: f64,
    /// Parent aggregate; `None` (or empty) only for the index.
    pub parent: Option<String>,
    /// Indicator or aggregate.
    pub node_type: NodeType,
    /// Denominator column (in the denominators table) the raw indicator is divided by.
    pub denominator: Option<String>,
    /// Target, for [`Normalisation::DistToTarget`].
    pub target: Option<f64>,
    /// `(low, high)` goalposts, for [`Normalisation::Goalposts`].
    pub goalposts: Option<(f64, f64)>,
}

impl FrameworkRow {
    /// An indicator (level 1) under `parent`.
    pub fn indicator(code: &str, parent: &str, weight: f64, direction: i8) -> Self {
        Self {
            level: 1,
            code: code.to_owned(),
            direction,
            weight,
            parent: Some(parent.to_owned()),
            node_type: NodeType::Indicator,
            denominator: None,
            target: None,
            goalposts: None,
        }
    }

    /// An aggregate at `level` under `parent` (`None` for the index).
    pub fn aggregate(code: &str, level: u32, parent: Option<&str>, weight: f64) -> Self {
        Self {
            level,
            code: code.to_owned(),
            direction: 1,
            weight,
            parent: parent.map(str::to_owned),
            node_type: NodeType::Aggregate,
            denominator: None,
            target: None,
            goalposts: None,
        }
    }

    /// Sets the denominator column.
    pub fn with_denominator(mut self, denominator: &str) -> Self {
        self.denominator = Some(denominator.to_owned());
        self
    }

    /// Sets the target.
    pub fn with_target(mut self, target: f64) -> Self {
        self.target = Some(target);
        self
    }

    /// Sets the goalposts.
    pub fn with_goalposts(mut self, low: f64, high: f64) -> Self {
        self.goalposts = Some((low, high));
        self
    }
}

/// A validated node of a [`Framework`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Node {
    /// Code.
    pub code: String,
    /// Level (1 = indicator).
    pub level: u32,
    /// Indicator or aggregate.
    pub node_type: NodeType,
    /// Parent code (`None` for the index).
    pub parent: Option<String>,
    /// Weight within its parent.
    pub weight: f64,
    /// Direction (always positive for aggregates).
    pub polarity: Polarity,
    /// Denominator column.
    pub denominator: Option<String>,
    /// Target.
    pub target: Option<f64>,
    /// Goalposts `(low, high)`.
    pub goalposts: Option<(f64, f64)>,
    /// Children codes, in row order.
    pub children: Vec<String>,
}

/// A validated tree: indicators → aggregates → … → one index.
///
/// ```
/// use chitieu::composite::{CompositeError, Framework, FrameworkProblem, FrameworkRow};
/// let fw = Framework::from_rows(&[
///     FrameworkRow::indicator("x", "P", 1.0, 1),
///     FrameworkRow::indicator("y", "P", 2.0, -1),
///     FrameworkRow::aggregate("P", 2, None, 1.0),
/// ])?;
/// assert_eq!(fw.root(), "P");
/// assert_eq!(fw.indicator_codes(), ["x", "y"]);
/// assert_eq!(fw.node("P").unwrap().children, ["x", "y"]);
///
/// // Every problem is reported.
/// let err = Framework::from_rows(&[
///     FrameworkRow::indicator("x", "Q", 0.0, 1),
///     FrameworkRow::aggregate("P", 2, None, 1.0),
/// ]).unwrap_err();
/// let CompositeError::InvalidFramework { problems } = err else { panic!() };
/// assert!(problems.contains(&FrameworkProblem::UnknownParent { code: "x".into(), parent: "Q".into() }));
/// assert!(problems.contains(&FrameworkProblem::EmptyAggregate { code: "P".into() }));
/// assert!(problems.iter().any(|p| matches!(p, FrameworkProblem::InvalidWeight { .. })));
/// # Ok::<(), CompositeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Framework {
    nodes: Vec<Node>,
    #[serde(skip)]
    parent: Vec<Option<usize>>,
    #[serde(skip)]
    children: Vec<Vec<usize>>,
    #[serde(skip)]
    indicators: Vec<usize>,
    #[serde(skip)]
    aggregates: Vec<usize>,
    #[serde(skip)]
    root: usize,
}

impl Framework {
    /// Builds and validates a framework, collecting every problem: empty or duplicate codes,
    /// weights ≤ 0 or not finite, directions other than ±1, indicators not at level 1 or
    /// aggregates below 2, parents not defined (orphans) or that are indicators, indicators
    /// without a parent, aggregates without children, cycles, parents not above their
    /// children's level, invalid targets or goalposts, and anything but exactly one index.
    pub fn from_rows(rows: &[FrameworkRow]) -> Result<Self, CompositeError> {
        use FrameworkProblem as P;
        let mut problems = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut kept: Vec<&FrameworkRow> = Vec::new();
        let mut dup_reported = HashSet::new();
        for (i, r) in rows.iter().enumerate() {
            if r.code.trim().is_empty() {
                problems.push(P::EmptyCode { row: i });
            } else if index.contains_key(r.code.as_str()) {
                if dup_reported.insert(r.code.as_str()) {
                    problems.push(P::DuplicateCode {
                        code: r.code.clone(),
                    });
                }
            } else {
                index.insert(&r.code, kept.len());
                kept.push(r);
            }
        }
        for r in &kept {
            if !(r.weight.is_finite() && r.weight > 0.0) {
                problems.push(P::InvalidWeight {
                    code: r.code.clone(),
                    weight: r.weight,
                });
            }
            match r.node_type {
                NodeType::Indicator => {
                    if Polarity::from_sign(r.direction).is_none() {
                        problems.push(P::InvalidDirection {
                            code: r.code.clone(),
                            direction: r.direction,
                        });
                    }
                    if r.level != 1 {
                        problems.push(P::InvalidLevel {
                            code: r.code.clone(),
                            level: r.level,
                            expected: "1 for an indicator",
                        });
                    }
                }
                NodeType::Aggregate => {
                    if r.level < 2 {
                        problems.push(P::InvalidLevel {
                            code: r.code.clone(),
                            level: r.level,
                            expected: "at least 2 for an aggregate",
                        });
                    }
                }
            }
            if let Some(t) = r.target {
                if !t.is_finite() {
                    problems.push(P::InvalidTarget {
                        code: r.code.clone(),
                        value: t,
                    });
                }
            }
            if let Some((low, high)) = r.goalposts {
                if !(low.is_finite() && high.is_finite() && low < high) {
                    problems.push(P::InvalidGoalposts {
                        code: r.code.clone(),
                        low,
                        high,
                    });
                }
            }
        }
        let n = kept.len();
        let mut parent: Vec<Option<usize>> = vec![None; n];
        let mut roots = Vec::new();
        for (k, r) in kept.iter().enumerate() {
            let p = r.parent.as_deref().map(str::trim).filter(|p| !p.is_empty());
            match p {
                None => match r.node_type {
                    NodeType::Indicator => problems.push(P::MissingParent {
                        code: r.code.clone(),
                    }),
                    NodeType::Aggregate => roots.push(k),
                },
                Some(p) => match index.get(p) {
                    None => problems.push(P::UnknownParent {
                        code: r.code.clone(),
                        parent: p.to_owned(),
                    }),
                    Some(&j) if kept[j].node_type == NodeType::Indicator => {
                        problems.push(P::ParentIsIndicator {
                            code: r.code.clone(),
                            parent: p.to_owned(),
                        })
                    }
                    Some(&j) => parent[k] = Some(j),
                },
            }
        }
        // Cycles: walk up from every node; a node met again on the current path closes a cycle.
        let mut state = vec![0u8; n];
        let mut in_cycle = vec![false; n];
        for start in 0..n {
            let mut path: Vec<usize> = Vec::new();
            let mut cur = Some(start);
            while let Some(c) = cur {
                match state[c] {
                    2 => break,
                    1 => {
                        let pos = path.iter().position(|&x| x == c).unwrap_or(0);
                        for &x in &path[pos..] {
                            in_cycle[x] = true;
                        }
                        problems.push(P::Cycle {
                            codes: path[pos..].iter().map(|&x| kept[x].code.clone()).collect(),
                        });
                        break;
                    }
                    _ => {
                        state[c] = 1;
                        path.push(c);
                        cur = parent[c];
                    }
                }
            }
            for &x in &path {
                state[x] = 2;
            }
        }
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (k, p) in parent.iter().enumerate() {
            if let Some(j) = *p {
                children[j].push(k);
                if !in_cycle[k] && !in_cycle[j] && kept[j].level <= kept[k].level {
                    problems.push(P::LevelOrder {
                        code: kept[k].code.clone(),
                        level: kept[k].level,
                        parent: kept[j].code.clone(),
                        parent_level: kept[j].level,
                    });
                }
            }
        }
        for (k, r) in kept.iter().enumerate() {
            if r.node_type == NodeType::Aggregate && children[k].is_empty() {
                problems.push(P::EmptyAggregate {
                    code: r.code.clone(),
                });
            }
        }
        if !kept.iter().any(|r| r.node_type == NodeType::Indicator) {
            problems.push(P::NoIndicators);
        }
        match roots.len() {
            0 => problems.push(P::NoRoot),
            1 => {}
            _ => problems.push(P::MultipleRoots {
                codes: roots.iter().map(|&k| kept[k].code.clone()).collect(),
            }),
        }
        if !problems.is_empty() {
            return Err(CompositeError::InvalidFramework { problems });
        }
        let nodes: Vec<Node> = kept
            .iter()
            .enumerate()
            .map(|(k, r)| Node {
                code: r.code.clone(),
                level: r.level,
                node_type: r.node_type,
                parent: parent[k].map(|j| kept[j].code.clone()),
                weight: r.weight,
                polarity: match r.node_type {
                    NodeType::Indicator => {
                        Polarity::from_sign(r.direction).unwrap_or(Polarity::Positive)
                    }
                    NodeType::Aggregate => Polarity::Positive,
                },
                denominator: r.denominator.clone().filter(|d| !d.trim().is_empty()),
                target: r.target,
                goalposts: r.goalposts,
                children: children[k].iter().map(|&c| kept[c].code.clone()).collect(),
            })
            .collect();
        let indicators = (0..n)
            .filter(|&k| nodes[k].node_type == NodeType::Indicator)
            .collect();
        let mut aggregates: Vec<usize> = (0..n)
            .filter(|&k| nodes[k].node_type == NodeType::Aggregate)
            .collect();
        aggregates.sort_by_key(|&k| (nodes[k].level, k));
        Ok(Self {
            nodes,
            parent,
            children,
            indicators,
            aggregates,
            root: roots[0],
        })
    }

    /// The same framework with some weights replaced; unknown codes and invalid weights are
    /// all reported.
    ///
    /// ```
    /// use chitieu::composite::{Framework, FrameworkRow};
    /// let fw = Framework::from_rows(&[FrameworkRow::indicator("x", "P", 1.0, 1),
    ///                                 FrameworkRow::aggregate("P", 2, None, 1.0)])?;
    /// assert_eq!(fw.with_weights(&[("x", 3.0)])?.node("x").unwrap().weight, 3.0);
    /// assert!(fw.with_weights(&[("z", 1.0), ("x", -1.0)]).is_err());
    /// # Ok::<(), chitieu::composite::CompositeError>(())
    /// ```
    pub fn with_weights(&self, weights: &[(&str, f64)]) -> Result<Self, CompositeError> {
        let mut out = self.clone();
        let mut problems = Vec::new();
        for &(code, w) in weights {
            match out.position(code) {
                None => problems.push(FrameworkProblem::UnknownCode {
                    code: code.to_owned(),
                }),
                Some(_) if !(w.is_finite() && w > 0.0) => {
                    problems.push(FrameworkProblem::InvalidWeight {
                        code: code.to_owned(),
                        weight: w,
                    })
                }
                Some(k) => out.nodes[k].weight = w,
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(CompositeError::InvalidFramework { problems })
        }
    }

    fn position(&self, code: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.code == code)
    }

    /// All nodes, in row order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The node of `code`.
    pub fn node(&self, code: &str) -> Option<&Node> {
        self.position(code).map(|k| &self.nodes[k])
    }

    /// Indicator codes, in row order (the column order of the stage matrices).
    pub fn indicator_codes(&self) -> Vec<&str> {
        self.indicators
            .iter()
            .map(|&k| self.nodes[k].code.as_str())
            .collect()
    }

    /// Aggregate codes in aggregation order: by level, then row order; the index last.
    pub fn aggregate_codes(&self) -> Vec<&str> {
        self.aggregates
            .iter()
            .map(|&k| self.nodes[k].code.as_str())
            .collect()
    }

    /// The index (the aggregate without parent).
    pub fn root(&self) -> &str {
        &self.nodes[self.root].code
    }

    fn indicator_nodes(&self) -> impl Iterator<Item = &Node> {
        self.indicators.iter().map(|&k| &self.nodes[k])
    }
}

// ------------------------------------------------------------------------------------------
// Denominate, impute
// ------------------------------------------------------------------------------------------

/// Divides each indicator by its denominator column, where the framework names one (COINr's
/// `Denominate`, `specby = "metadata"`); other indicators are copied. Denominators are matched
/// to the data by unit id. NA in either gives NA; a denominator of 0 is an error. The result
/// has the framework's indicator columns, in framework order.
///
/// ```
/// use chitieu::composite::{denominate, Framework, FrameworkRow, Matrix};
/// let fw = Framework::from_rows(&[
///     FrameworkRow::indicator("gdp", "P", 1.0, 1).with_denominator("pop"),
///     FrameworkRow::indicator("score", "P", 1.0, 1),
///     FrameworkRow::aggregate("P", 2, None, 1.0),
/// ])?;
/// let data = Matrix::from_rows(["a", "b"], ["gdp", "score"],
///                              &[vec![Some(10.0), Some(1.0)], vec![None, Some(2.0)]])?;
/// let den = Matrix::from_rows(["b", "a"], ["pop"], &[vec![Some(4.0)], vec![Some(5.0)]])?;
/// let d = denominate(&data, &den, &fw)?;
/// assert_eq!(d.column("gdp").unwrap(), [Some(2.0), None]);
/// assert_eq!(d.column("score").unwrap(), [Some(1.0), Some(2.0)]);
/// # Ok::<(), chitieu::composite::CompositeError>(())
/// ```
pub fn denominate(
    data: &Matrix,
    denominators: &Matrix,
    framework: &Framework,
) -> Result<Matrix, CompositeError> {
    let codes = framework.indicator_codes();
    let cols = data.select(&codes, "data")?;
    let den_codes: Vec<&str> = framework
        .indicator_nodes()
        .filter_map(|n| n.denominator.as_deref())
        .collect();
    let mut unique = den_codes.clone();
    unique.sort_unstable();
    unique.dedup();
    denominators.select(&unique, "denominators")?;
    let rows: Vec<Option<usize>> = data
        .units
        .iter()
        .map(|u| denominators.units.iter().position(|d| d == u))
        .collect();
    let missing: Vec<String> = data
        .units
        .iter()
        .zip(&rows)
        .filter(|(_, r)| r.is_none())
        .map(|(u, _)| u.clone())
        .collect();
    if !missing.is_empty() && !den_codes.is_empty() {
        return Err(CompositeError::MissingUnits {
            table: "denominators",
            units: missing,
        });
    }
    let mut out = Vec::with_capacity(codes.len());
    for (node, col) in framework.indicator_nodes().zip(cols) {
        let Some(den) = node.denominator.as_deref() else {
            out.push(col.to_vec());
            continue;
        };
        let dcol = denominators.column(den).unwrap_or_default();
        let mut c = Vec::with_capacity(col.len());
        for (i, x) in col.iter().enumerate() {
            let d = rows[i].and_then(|r| dcol[r]);
            c.push(match (*x, d) {
                (Some(_), Some(0.0)) => {
                    return Err(CompositeError::ZeroDenominator {
                        indicator: node.code.clone(),
                        unit: data.units[i].clone(),
                    })
                }
                (Some(x), Some(d)) => Some(x / d),
                _ => None,
            });
        }
        out.push(c);
    }
    Ok(data.with_columns(codes.iter().map(|c| (*c).to_owned()).collect(), out))
}

/// How missing values are imputed.
///
/// ```
/// use chitieu::composite::Imputation;
/// assert_eq!(Imputation::default(), Imputation::None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Imputation {
    /// Leave NA (COINr: no imputation step).
    #[default]
    None,
    /// The mean of the indicator over all units with a value (COINr6 `ind_mean`).
    IndicatorMean,
    /// The mean of the indicator over the units of the same group with a value (COINr6
    /// `indgroup_mean`); one label per unit, in row order. A group without any value stays NA.
    GroupMean {
        /// Group label of each unit.
        groups: Vec<String>,
    },
}

/// The imputed data and what was done.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Imputed {
    /// The data after imputation.
    pub data: Matrix,
    /// Number of values imputed.
    pub n_imputed: usize,
    /// Values imputed per column, in column order.
    pub imputed_by_column: Vec<usize>,
    /// NA left after imputation.
    pub n_missing: usize,
}

/// Mean as R computes it (sum / n, then refined by the mean of the residuals).
fn mean(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    m + x.iter().map(|v| v - m).sum::<f64>() / n
}

/// Imputes every column of `data`.
///
/// ```
/// use chitieu::composite::{impute, Imputation, Matrix};
/// let m = Matrix::from_rows(["a", "b", "c", "d"], ["x"],
///     &[vec![Some(1.0)], vec![Some(3.0)], vec![None], vec![Some(8.0)]])?;
/// let all = impute(&m, &Imputation::IndicatorMean)?;
/// assert_eq!(all.data.column("x").unwrap()[2], Some(4.0));
/// let g = Imputation::GroupMean { groups: ["A", "A", "A", "B"].map(String::from).to_vec() };
/// let by_group = impute(&m, &g)?;
/// assert_eq!(by_group.data.column("x").unwrap()[2], Some(2.0));
/// assert_eq!(by_group.n_imputed, 1);
/// # Ok::<(), chitieu::composite::CompositeError>(())
/// ```
pub fn impute(data: &Matrix, method: &Imputation) -> Result<Imputed, CompositeError> {
    let n = data.n_units();
    let groups: Vec<usize> = match method {
        Imputation::None => vec![0; n],
        Imputation::IndicatorMean => vec![0; n],
        Imputation::GroupMean { groups } => {
            if groups.len() != n {
                return Err(CompositeError::GroupCount {
                    groups: groups.len(),
                    units: n,
                });
            }
            let mut ids: HashMap<&str, usize> = HashMap::new();
            groups
                .iter()
                .map(|g| {
                    let next = ids.len();
                    *ids.entry(g.as_str()).or_insert(next)
                })
                .collect()
        }
    };
    let n_groups = groups.iter().max().map_or(0, |m| m + 1);
    let mut columns = Vec::with_capacity(data.columns.len());
    let mut by_column = Vec::with_capacity(data.columns.len());
    for col in &data.columns {
        let mut c = col.clone();
        let mut count = 0;
        if *method != Imputation::None {
            let means: Vec<Option<f64>> = (0..n_groups)
                .map(|g| {
                    let v: Vec<f64> = col
                        .iter()
                        .zip(&groups)
                        .filter(|(_, &gi)| gi == g)
                        .filter_map(|(x, _)| *x)
                        .collect();
                    (!v.is_empty()).then(|| mean(&v))
                })
                .collect();
            for (x, &g) in c.iter_mut().zip(&groups) {
                if x.is_none() {
                    if let Some(m) = means[g] {
                        *x = Some(m);
                        count += 1;
                    }
                }
            }
        }
        columns.push(c);
        by_column.push(count);
    }
    let out = data.with_columns(data.codes.clone(), columns);
    Ok(Imputed {
        n_imputed: by_column.iter().sum(),
        n_missing: out.count_missing(),
        imputed_by_column: by_column,
        data: out,
    })
}

// ------------------------------------------------------------------------------------------
// Treat
// ------------------------------------------------------------------------------------------

fn moments(x: &[f64]) -> (f64, f64, f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let (mut m2, mut m3, mut m4) = (0.0, 0.0, 0.0);
    for v in x {
        let d = v - m;
        let d2 = d * d;
        m2 += d2;
        m3 += d2 * d;
        m4 += d2 * d2;
    }
    (n, m2, m3, m4)
}

fn skew_of(x: &[f64]) -> f64 {
    if x.len() < 3 {
        return f64::NAN;
    }
    let (n, m2, m3, _) = moments(x);
    n.sqrt() * m3 / m2.powf(1.5) * (n * (n - 1.0)).sqrt() / (n - 2.0)
}

fn kurt_of(x: &[f64]) -> f64 {
    if x.len() < 4 {
        return f64::NAN;
    }
    let (n, m2, _, m4) = moments(x);
    let r = n * m4 / (m2 * m2);
    ((n + 1.0) * (r - 3.0) + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0))
}

/// Sample skewness, e1071 `type = 2` (SAS/SPSS `G1`), NA removed:
/// `g1 · √(n(n−1)) / (n−2)` with `g1 = √n Σd³ / (Σd²)^{3/2}`, `d = x − x̄`. NaN for n < 3.
///
/// ```
/// use chitieu::composite::skewness;
/// let s = skewness(&[Some(1.0), Some(2.0), Some(3.0), Some(10.0), None]);
/// assert!((s - 1.763633).abs() < 1e-6);
/// ```
pub fn skewness(values: &[Option<f64>]) -> f64 {
    skew_of(&values.iter().flatten().copied().collect::<Vec<_>>())
}

/// Sample excess kurtosis, e1071 `type = 2` (SAS/SPSS `G2`), NA removed:
/// `((n+1)(g2) + 6)(n−1) / ((n−2)(n−3))` with `g2 = n Σd⁴ / (Σd²)² − 3`. NaN for n < 4.
///
/// ```
/// use chitieu::composite::kurtosis;
/// let k = kurtosis(&[Some(1.0), Some(2.0), Some(3.0), Some(10.0), Some(2.0)]);
/// assert!((k - 4.272147).abs() < 1e-6);
/// ```
pub fn kurtosis(values: &[Option<f64>]) -> f64 {
    kurt_of(&values.iter().flatten().copied().collect::<Vec<_>>())
}

/// The transformation applied when Winsorisation fails (COINr6 `deflog`).
///
/// ```
/// use chitieu::composite::LogFallback;
/// assert_eq!(LogFallback::default(), LogFallback::CtLog);
/// assert_eq!("CTlog".parse::<LogFallback>().unwrap(), LogFallback::CtLog);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LogFallback {
    /// `ln(x − min + 0.01·(max − min))` (COINr `CTlog`, the default).
    #[default]
    CtLog,
    /// `ln(x − min + 1)` (COINr `CTlog_orig`, the COIN Tool's).
    CtLogOrig,
    /// `ln(x)`; if any value is ≤ 0 the column is left untreated (COINr `log`).
    Log,
    /// No transformation: the column is left untreated.
    NoTransform,
}

impl FromStr for LogFallback {
    type Err = CompositeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "ctlog" | "ct_log" => Ok(Self::CtLog),
            "ctlog_orig" | "ct_log_orig" => Ok(Self::CtLogOrig),
            "log" => Ok(Self::Log),
            "none" | "no_transform" => Ok(Self::NoTransform),
            _ => Err(invalid(
                "log fallback",
                s,
                "'CTlog', 'CTlog_orig', 'log' or 'none'",
            )),
        }
    }
}

/// Outlier treatment settings (COINr6 `treat` defaults).
///
/// ```
/// use chitieu::composite::TreatOptions;
/// let o = TreatOptions::default();
/// assert_eq!((o.t_skew, o.t_kurt, o.winmax, o.winchange), (2.0, 3.5, None, true));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TreatOptions {
    /// Absolute skewness threshold (2).
    pub t_skew: f64,
    /// Kurtosis threshold (3.5).
    pub t_kurt: f64,
    /// Most Winsorisation steps; `None`: ⌈0.1 × number of units⌉.
    pub winmax: Option<usize>,
    /// Whether a step may switch side when the skew changes sign (`true`); if `false`, the
    /// side is fixed by the initial skew (high if > 0).
    pub winchange: bool,
    /// What to do if the thresholds are still exceeded after `winmax` steps.
    pub fallback: LogFallback,
}

impl Default for TreatOptions {
    fn default() -> Self {
        Self {
            t_skew: 2.0,
            t_kurt: 3.5,
            winmax: None,
            winchange: true,
            fallback: LogFallback::CtLog,
        }
    }
}

/// How one point was treated (COINr's `TreatFlags`: `No`, `WHigh`, `WLow`, `CTLog`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TreatFlag {
    /// Unchanged.
    No,
    /// Winsorised from above.
    WinsorisedHigh,
    /// Winsorised from below.
    WinsorisedLow,
    /// Log-transformed (the whole column is).
    Transformed,
}

/// What happened to one indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TreatOutcome {
    /// Within the thresholds: unchanged.
    Unchanged,
    /// Brought within the thresholds by Winsorisation (or stopped by `winmax` exactly there).
    Winsorised,
    /// Winsorisation failed; this log transform was applied to the untreated column.
    Transformed(LogFallback),
    /// Winsorisation failed and no transform could be applied (`Log` with values ≤ 0, or
    /// `NoTransform`): left untreated.
    Untreated,
}

/// Per-indicator treatment report (COINr's `TreatSummary` row, with the statistics).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TreatReport {
    /// The indicator.
    pub indicator: String,
    /// Winsorisation steps made.
    pub steps: usize,
    /// Points flagged Winsorised high (COINr `High`).
    pub high: usize,
    /// Points flagged Winsorised low (COINr `Low`).
    pub low: usize,
    /// The outcome.
    pub outcome: TreatOutcome,
    /// Skewness before treatment.
    pub skew_before: f64,
    /// Kurtosis before treatment.
    pub kurt_before: f64,
    /// Skewness after treatment.
    pub skew_after: f64,
    /// Kurtosis after treatment.
    pub kurt_after: f64,
    /// Per unit, how its value was treated.
    pub flags: Vec<TreatFlag>,
}

impl TreatReport {
    /// Whether a log transform was applied.
    pub fn log_applied(&self) -> bool {
        matches!(self.outcome, TreatOutcome::Transformed(_))
    }
}

/// The treated data and the report of each column.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Treated {
    /// The data after treatment.
    pub data: Matrix,
    /// One report per column, in column order (empty if treatment was skipped).
    pub reports: Vec<TreatReport>,
}

impl Treated {
    /// Indicators with at least one Winsorised point.
    pub fn n_winsorised_indicators(&self) -> usize {
        self.reports.iter().filter(|r| r.high + r.low > 0).count()
    }

    /// Total points Winsorised `(high, low)`.
    pub fn points(&self) -> (usize, usize) {
        self.reports
            .iter()
            .fold((0, 0), |(h, l), r| (h + r.high, l + r.low))
    }

    /// Indicators log-transformed.
    pub fn transformed(&self) -> Vec<&str> {
        self.reports
            .iter()
            .filter(|r| r.log_applied())
            .map(|r| r.indicator.as_str())
            .collect()
    }
}

fn present(x: &[Option<f64>]) -> Vec<f64> {
    x.iter().flatten().copied().collect()
}

fn treat_column(
    code: &str,
    x: &[Option<f64>],
    opt: &TreatOptions,
    winmax: usize,
) -> Result<(Vec<Option<f64>>, TreatReport), CompositeError> {
    let outside = |sk: f64, kt: f64| sk.abs() > opt.t_skew && kt > opt.t_kurt;
    let v0 = present(x);
    let (sk0, kt0) = (skew_of(&v0), kurt_of(&v0));
    // COINr6 `coin_win`: windir 0 = follow the skew, 1 = always high, -1 = always low.
    let windir = match (opt.winchange, sk0 > 0.0) {
        (true, _) => 0,
        (false, true) => 1,
        (false, false) => -1,
    };
    let mut w = x.to_vec();
    let (mut sk, mut kt) = (sk0, kt0);
    let mut steps = 0;
    let (mut imax, mut imin): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    let cannot = || CompositeError::CannotWinsorise {
        indicator: code.to_owned(),
    };
    while outside(sk, kt) && steps < winmax {
        let high = (sk >= 0.0 && windir == 0) || windir == 1;
        let vals = present(&w);
        let ext = if high {
            vals.iter().copied().fold(f64::NEG_INFINITY, f64::max)
        } else {
            vals.iter().copied().fold(f64::INFINITY, f64::min)
        };
        let at: Vec<usize> = (0..w.len()).filter(|&i| w[i] == Some(ext)).collect();
        let rest = vals.iter().copied().filter(|&v| v != ext);
        let next = if high {
            rest.fold(f64::NEG_INFINITY, f64::max)
        } else {
            rest.fold(f64::INFINITY, f64::min)
        };
        if !next.is_finite() {
            return Err(cannot());
        }
        for &i in &at {
            w[i] = Some(next);
        }
        if high {
            imax = at;
        } else {
            imin = at;
        }
        steps += 1;
        let vals = present(&w);
        if vals.iter().all(|&v| v == vals[0]) {
            return Err(cannot());
        }
        sk = skew_of(&vals);
        kt = kurt_of(&vals);
    }
    let mut flags = vec![TreatFlag::No; x.len()];
    let (out, outcome) = if steps >= winmax && outside(sk, kt) {
        // Winsorisation failed: transform the untreated column.
        let (mn, mx) = v0
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        let shift = match opt.fallback {
            LogFallback::CtLog => Some(-mn + 0.01 * (mx - mn)),
            LogFallback::CtLogOrig => Some(-mn + 1.0),
            LogFallback::Log if mn > 0.0 => Some(0.0),
            LogFallback::Log | LogFallback::NoTransform => None,
        };
        match shift {
            Some(s) => {
                flags.fill(TreatFlag::Transformed);
                let t = x.iter().map(|v| v.map(|v| (v + s).ln())).collect();
                (t, TreatOutcome::Transformed(opt.fallback))
            }
            None => (x.to_vec(), TreatOutcome::Untreated),
        }
    } else {
        for &i in &imax {
            flags[i] = TreatFlag::WinsorisedHigh;
        }
        for &i in &imin {
            flags[i] = TreatFlag::WinsorisedLow;
        }
        let outcome = if steps > 0 {
            TreatOutcome::Winsorised
        } else {
            TreatOutcome::Unchanged
        };
        (w, outcome)
    };
    let v1 = present(&out);
    let report = TreatReport {
        indicator: code.to_owned(),
        steps,
        high: flags
            .iter()
            .filter(|f| **f == TreatFlag::WinsorisedHigh)
            .count(),
        low: flags
            .iter()
            .filter(|f| **f == TreatFlag::WinsorisedLow)
            .count(),
        outcome,
        skew_before: sk0,
        kurt_before: kt0,
        skew_after: skew_of(&v1),
        kurt_after: kurt_of(&v1),
        flags,
    };
    Ok((out, report))
}

/// Treats outliers in every column (COINr6 `treat` with default, non-individual settings).
///
/// Per column: while `|skew| > t_skew && kurt > t_kurt` and fewer than `winmax` steps were
/// made, replace all values equal to the maximum (skew ≥ 0; the minimum if skew < 0) by the
/// largest (smallest) remaining value. If the thresholds are still exceeded after `winmax`
/// steps, the fallback transform is applied to the **untreated** column. Flags follow COINr:
/// the points replaced in the last high step are `WinsorisedHigh` (they include all points
/// replaced before on that side), those of the last low step `WinsorisedLow`.
///
/// ```
/// use chitieu::composite::{treat, Matrix, TreatOptions, TreatOutcome};
/// let mut x: Vec<_> = (1..=20).map(|v| Some(v as f64)).collect();
/// x[19] = Some(200.0); // one high outlier
/// let m = Matrix::from_columns((1..=20).map(|u| u.to_string()), ["x"], vec![x])?;
/// let t = treat(&m, &TreatOptions::default())?;
/// let r = &t.reports[0];
/// assert_eq!((r.steps, r.high, r.low, r.outcome), (1, 1, 0, TreatOutcome::Winsorised));
/// assert_eq!(t.data.column("x").unwrap()[19], Some(19.0));
/// # Ok::<(), chitieu::composite::CompositeError>(())
/// ```
pub fn treat(data: &Matrix, options: &TreatOptions) -> Result<Treated, CompositeError> {
    if !(options.t_skew.is_finite() && options.t_kurt.is_finite()) {
        return Err(invalid(
            "treatment thresholds",
            format!("({}, {})", options.t_skew, options.t_kurt),
            "finite skew and kurtosis thresholds",
        ));
    }
    let winmax = options
        .winmax
        .unwrap_or_else(|| (data.n_units() as f64 * 0.1).ceil() as usize);
    let mut columns = Vec::with_capacity(data.columns.len());
    let mut reports = Vec::with_capacity(data.columns.len());
    for (code, col) in data.codes.iter().zip(&data.columns) {
        let (c, r) = treat_column(code, col, options, winmax)?;
        columns.push(c);
        reports.push(r);
    }
    Ok(Treated {
        data: data.with_columns(data.codes.clone(), columns),
        reports,
    })
}

// ------------------------------------------------------------------------------------------
// Normalise
// ------------------------------------------------------------------------------------------

/// How ties are ranked by [`Normalisation::Rank`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Ties {
    /// Tied values share the lowest rank of their block (COINr 1.x `n_rank` default).
    #[default]
    Min,
    /// Tied values share the mean rank of their block (COINr6 `rank`).
    Average,
}

/// A normalisation method. All apply to `d·x`, `d` = +1 or −1 the indicator's direction, as
/// COINr does, so that higher normalised values are always better.
///
/// | Variant | Formula on `y = d·x` (over the units with a value) | COINr |
/// |---|---|---|
/// | `MinMax {lo, hi}` | `(y − min y)/(max y − min y)·(hi − lo) + lo` | `n_minmax`, default `[0, 100]` |
/// | `ZScore {mean, sd}` | `(y − ȳ)/s_y·sd + mean`, `s_y` with `n − 1` | `n_zscore`, default `(0, 1)` |
/// | `Rank {ties}` | rank of `y` ascending (1 = worst) | `n_rank` (ties `min`) |
/// | `PercentRank` | `(rank_min(y) − 1)/(n − 1)` | `n_prank` |
/// | `DistToTarget {cap}` | `(y − min y)/(d·t − min y)`, capped at 1 if `cap` | `n_dist2targ` |
/// | `Goalposts {scale, truncate}` | `(x − l)/(u − l)` (d = 1) or `(u − x)/(u − l)` (d = −1), clamped to `[0, 1]` if `truncate`, × `scale` | COINr6 `goalposts` |
/// | `None` | `y` | `"none"` |
///
/// `t` is the indicator's target and `(l, u)` its goalposts ([`FrameworkRow`]). For `d = −1`
/// distance to target is `(max x − x)/(max x − t)`.
///
/// ```
/// use chitieu::composite::{normalise_values, Normalisation, Polarity, Ties};
/// let x = [Some(2.0), Some(4.0), Some(4.0), Some(10.0)];
/// let z = normalise_values(&x, Polarity::Positive, &Normalisation::default_zscore(), None, None)?;
/// // mean 5, sd = sqrt((9 + 1 + 1 + 25) / 3) = sqrt(12)
/// assert!((z[0].unwrap() + 3.0 / 12f64.sqrt()).abs() < 1e-15);
/// let r = normalise_values(&x, Polarity::Negative, &Normalisation::Rank { ties: Ties::Min }, None, None)?;
/// assert_eq!(r, [Some(4.0), Some(2.0), Some(2.0), Some(1.0)]);
/// # Ok::<(), chitieu::composite::CompositeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Normalisation {
    /// Min-max onto `[lo, hi]`.
    MinMax {
        /// Value of the worst unit.
        lo: f64,
        /// Value of the best unit.
        hi: f64,
    },
    /// Z-score scaled to a mean and standard deviation.
    ZScore {
        /// Target mean.
        mean: f64,
        /// Target standard deviation (> 0).
        sd: f64,
    },
    /// Ranks, 1 = worst.
    Rank {
        /// Tie rule.
        ties: Ties,
    },
    /// Percent ranks in `[0, 1]`, ties `min`.
    PercentRank,
    /// Distance to the indicator's target.
    DistToTarget {
        /// Cap scores above 1 (target surpassed) at 1.
        cap: bool,
    },
    /// Position between the indicator's goalposts.
    Goalposts {
        /// Multiplier of the result (e.g. 100).
        scale: f64,
        /// Clamp to `[0, 1]` before scaling.
        truncate: bool,
    },
    /// Only the direction applied: `d·x`.
    None,
}

impl Default for Normalisation {
    fn default() -> Self {
        Self::MinMax { lo: 0.0, hi: 100.0 }
    }
}

impl Normalisation {
    /// COINr's default z-score: mean 0, sd 1.
    pub fn default_zscore() -> Self {
        Self::ZScore { mean: 0.0, sd: 1.0 }
    }
}

impl FromStr for Normalisation {
    type Err = CompositeError;

    /// A method name with COINr's default parameters: `minmax` (0–100), `zscore` (0, 1),
    /// `rank`, `prank`, `dist2targ` (not capped), `goalposts` (× 100, truncated), `none`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "minmax" | "n_minmax" => Ok(Self::default()),
            "zscore" | "n_zscore" => Ok(Self::default_zscore()),
            "rank" | "n_rank" => Ok(Self::Rank { ties: Ties::Min }),
            "prank" | "n_prank" => Ok(Self::PercentRank),
            "dist2targ" | "n_dist2targ" => Ok(Self::DistToTarget { cap: false }),
            "goalposts" | "n_goalposts" => Ok(Self::Goalposts {
                scale: 100.0,
                truncate: true,
            }),
            "none" => Ok(Self::None),
            _ => Err(invalid(
                "normalisation",
                s,
                "minmax, zscore, rank, prank, dist2targ, goalposts or none",
            )),
        }
    }
}

/// Ascending ranks (1 = smallest), `None` kept.
fn ascending_ranks(values: &[Option<f64>], ties: Ties) -> Vec<Option<f64>> {
    let mut order: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    order.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut out = vec![None; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start;
        while end + 1 < order.len() && order[end + 1].1 == order[start].1 {
            end += 1;
        }
        let r = match ties {
            Ties::Min => start as f64 + 1.0,
            Ties::Average => (start + end) as f64 / 2.0 + 1.0,
        };
        for &(i, _) in &order[start..=end] {
            out[i] = Some(r);
        }
        start = end + 1;
    }
    out
}

fn norm_col(
    code: &str,
    x: &[Option<f64>],
    polarity: Polarity,
    method: &Normalisation,
    target: Option<f64>,
    goalposts: Option<(f64, f64)>,
) -> Result<Vec<Option<f64>>, CompositeError> {
    let fail = |reason| CompositeError::CannotNormalise {
        indicator: code.to_owned(),
        reason,
    };
    let d = polarity.sign();
    let y: Vec<Option<f64>> = x.iter().map(|v| v.map(|v| v * d)).collect();
    let vals = present(&y);
    if vals.is_empty() {
        return Err(fail("no values"));
    }
    let (mn, mx) = vals
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    let map = |f: &dyn Fn(f64) -> f64| y.iter().map(|v| v.map(f)).collect::<Vec<_>>();
    Ok(match *method {
        Normalisation::MinMax { lo, hi } => {
            if !(lo.is_finite() && hi.is_finite()) {
                return Err(invalid(
                    "min-max range",
                    format!("[{lo}, {hi}]"),
                    "finite bounds",
                ));
            }
            if mx == mn {
                return Err(fail("all values are equal (range 0)"));
            }
            map(&|v| (v - mn) / (mx - mn) * (hi - lo) + lo)
        }
        Normalisation::ZScore { mean: m0, sd: s0 } => {
            if !(m0.is_finite() && s0.is_finite() && s0 > 0.0) {
                return Err(invalid(
                    "z-score parameters",
                    format!("({m0}, {s0})"),
                    "finite mean and sd > 0",
                ));
            }
            if vals.len() < 2 || mx == mn {
                return Err(fail("standard deviation is 0 or undefined"));
            }
            let m = mean(&vals);
            let sd = (vals.iter().map(|v| (v - m) * (v - m)).sum::<f64>()
                / (vals.len() as f64 - 1.0))
                .sqrt();
            map(&|v| (v - m) / sd * s0 + m0)
        }
        Normalisation::Rank { ties } => ascending_ranks(&y, ties),
        Normalisation::PercentRank => {
            if vals.len() < 2 {
                return Err(fail("percent ranks need at least two values"));
            }
            let n1 = vals.len() as f64 - 1.0;
            ascending_ranks(&y, Ties::Min)
                .into_iter()
                .map(|r| r.map(|r| (r - 1.0) / n1))
                .collect()
        }
        Normalisation::DistToTarget { cap } => {
            let t = target.ok_or_else(|| CompositeError::MissingParameter {
                indicator: code.to_owned(),
                parameter: "target",
            })? * d;
            if t == mn {
                return Err(fail("the target equals the worst value"));
            }
            map(&|v| {
                let s = (v - mn) / (t - mn);
                if cap {
                    s.min(1.0)
                } else {
                    s
                }
            })
        }
        Normalisation::Goalposts { scale, truncate } => {
            let (l, u) = goalposts.ok_or_else(|| CompositeError::MissingParameter {
                indicator: code.to_owned(),
                parameter: "goalposts",
            })?;
            if !scale.is_finite() {
                return Err(invalid("goalposts scale", scale, "a finite number"));
            }
            x.iter()
                .map(|v| {
                    v.map(|v| {
                        let s = match polarity {
                            Polarity::Positive => (v - l) / (u - l),
                            Polarity::Negative => (u - v) / (u - l),
                        };
                        (if truncate { s.clamp(0.0, 1.0) } else { s }) * scale
                    })
                })
                .collect()
        }
        Normalisation::None => y,
    })
}

/// Normalises one column of values (see [`Normalisation`] for the formulas); `target` and
/// `goalposts` are needed only by the methods that use them. Errors name the column
/// `"values"`.
pub fn normalise_values(
    values: &[Option<f64>],
    polarity: Polarity,
    method: &Normalisation,
    target: Option<f64>,
    goalposts: Option<(f64, f64)>,
) -> Result<Vec<Option<f64>>, CompositeError> {
    norm_col("values", values, polarity, method, target, goalposts)
}

fn normalise_cols(
    data: &Matrix,
    framework: &Framework,
    method: &Normalisation,
) -> Result<Vec<Vec<Option<f64>>>, CompositeError> {
    let codes = framework.indicator_codes();
    let cols = data.select(&codes, "data")?;
    framework
        .indicator_nodes()
        .zip(cols)
        .map(|(n, c)| norm_col(&n.code, c, n.polarity, method, n.target, n.goalposts))
        .collect()
}

/// Normalises each indicator of the framework, honouring its direction. The result has the
/// indicator columns, in framework order.
///
/// ```
/// use chitieu::composite::{normalise, Framework, FrameworkRow, Matrix, Normalisation};
/// let fw = Framework::from_rows(&[FrameworkRow::indicator("x", "P", 1.0, -1),
///                                 FrameworkRow::aggregate("P", 2, None, 1.0)])?;
/// let m = Matrix::from_rows(["a", "b", "c"], ["x"], &[vec![Some(1.0)], vec![Some(3.0)], vec![Some(2.0)]])?;
/// let n = normalise(&m, &fw, &Normalisation::default())?;
/// assert_eq!(n.column("x").unwrap(), [Some(100.0), Some(0.0), Some(50.0)]);
/// # Ok::<(), chitieu::composite::CompositeError>(())
/// ```
pub fn normalise(
    data: &Matrix,
    framework: &Framework,
    method: &Normalisation,
) -> Result<Matrix, CompositeError> {
    let cols = normalise_cols(data, framework, method)?;
    let codes = framework
        .indicator_codes()
        .into_iter()
        .map(str::to_owned)
        .collect();
    Ok(data.with_columns(codes, cols))
}

// ------------------------------------------------------------------------------------------
// Aggregate
// ------------------------------------------------------------------------------------------

/// A weighted mean of an aggregate's children.
///
/// With the children present `x_i` and their weights `w_i` (missing children are dropped and
/// the remaining weights renormalised):
///
/// * arithmetic `Σ (w_i/Σw) x_i` (COINr `a_amean`);
/// * geometric `exp(Σ w_i ln x_i / Σ w_i)`, all `x_i > 0` (COINr `a_gmean`);
/// * harmonic `Σ w_i / Σ (w_i / x_i)`, no `x_i = 0` (COINr `a_hmean`).
///
/// ```
/// use chitieu::composite::Aggregation;
/// let x = [Some(1.0), Some(4.0), None, Some(16.0)];
/// let w = [1.0, 1.0, 5.0, 2.0];
/// assert_eq!(Aggregation::Arithmetic.mean(&x, &w), Some(37.0 / 4.0));
/// // (1 · 4 · 16²)^(1/4) = 1024^(1/4)
/// assert!((Aggregation::Geometric.mean(&x, &w).unwrap() - 1024f64.powf(0.25)).abs() < 1e-12);
/// // 4 / (1 + 1/4 + 2/16)
/// assert!((Aggregation::Harmonic.mean(&x, &w).unwrap() - 4.0 / 1.375).abs() < 1e-12);
/// assert_eq!(Aggregation::Geometric.mean(&[Some(0.0), Some(2.0)], &[1.0, 1.0]), None);
/// assert_eq!("geometric".parse::<Aggregation>().unwrap(), Aggregation::Geometric);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Aggregation {
    /// Weighted arithmetic mean (COINr's default).
    #[default]
    Arithmetic,
    /// Weighted geometric mean; children must be > 0 (e.g. min-max onto `[1, 100]`).
    Geometric,
    /// Weighted harmonic mean; children must be ≠ 0.
    Harmonic,
}

impl FromStr for Aggregation {
    type Err = CompositeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "arithmetic" | "arith_mean" | "a_amean" | "amean" => Ok(Self::Arithmetic),
            "geometric" | "geom_mean" | "a_gmean" | "gmean" => Ok(Self::Geometric),
            "harmonic" | "harm_mean" | "a_hmean" | "hmean" => Ok(Self::Harmonic),
            _ => Err(invalid(
                "aggregation",
                s,
                "arithmetic, geometric or harmonic",
            )),
        }
    }
}

impl Aggregation {
    /// The weighted mean of the present values; `None` if none is present or the mean is
    /// undefined for them (a value ≤ 0 for geometric, 0 for harmonic).
    ///
    /// # Panics
    /// If `values` and `weights` differ in length.
    pub fn mean(self, values: &[Option<f64>], weights: &[f64]) -> Option<f64> {
        assert_eq!(values.len(), weights.len(), "one weight per value");
        let mut wsum = 0.0;
        let mut any = false;
        for (x, w) in values.iter().zip(weights) {
            if let Some(x) = *x {
                any = true;
                wsum += w;
                let bad = match self {
                    Self::Arithmetic => false,
                    Self::Geometric => x <= 0.0,
                    Self::Harmonic => x == 0.0,
                };
                if bad {
                    return None;
                }
            }
        }
        if !any {
            return None;
        }
        let pairs = values
            .iter()
            .zip(weights)
            .filter_map(|(x, w)| x.map(|x| (x, *w)));
        Some(match self {
            Self::Arithmetic => pairs.map(|(x, w)| w / wsum * x).sum(),
            Self::Geometric => (pairs.map(|(x, w)| w * x.ln()).sum::<f64>() / wsum).exp(),
            Self::Harmonic => wsum / pairs.map(|(x, w)| w / x).sum::<f64>(),
        })
    }
}

/// Aggregation settings.
///
/// ```
/// use chitieu::composite::{AggregateOptions, Aggregation};
/// let o = AggregateOptions { method: Aggregation::Geometric, ..Default::default() };
/// assert_eq!(o.min_share, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct AggregateOptions {
    /// The mean used at every level.
    pub method: Aggregation,
    /// Least share of an aggregate's children that must be present, in `[0, 1]`, else the
    /// aggregate is NA (COINr's `dat_thresh`); `None`: one present child suffices.
    pub min_share: Option<f64>,
}

/// Aggregates all nodes: returns one column per node (indexed like `framework.nodes`).
fn aggregate_nodes(
    framework: &Framework,
    indicator_cols: &[&[Option<f64>]],
    units: &[String],
    weights: &[f64],
    options: &AggregateOptions,
) -> Result<Vec<Vec<Option<f64>>>, CompositeError> {
    let n_units = units.len();
    let mut values: Vec<Vec<Option<f64>>> = vec![Vec::new(); framework.nodes.len()];
    for (&k, col) in framework.indicators.iter().zip(indicator_cols) {
        values[k] = col.to_vec();
    }
    let mut xs = Vec::new();
    let mut ws = Vec::new();
    for &a in &framework.aggregates {
        let kids = &framework.children[a];
        ws.clear();
        ws.extend(kids.iter().map(|&c| weights[c]));
        let mut col = Vec::with_capacity(n_units);
        for u in 0..n_units {
            xs.clear();
            xs.extend(kids.iter().map(|&c| values[c][u]));
            for (&c, x) in kids.iter().zip(&xs) {
                let Some(x) = *x else { continue };
                match options.method {
                    Aggregation::Geometric if x <= 0.0 => {
                        return Err(CompositeError::GeometricNonPositive {
                            aggregate: framework.nodes[a].code.clone(),
                            unit: units[u].clone(),
                            child: framework.nodes[c].code.clone(),
                            value: x,
                        })
                    }
                    Aggregation::Harmonic if x == 0.0 => {
                        return Err(CompositeError::HarmonicZero {
                            aggregate: framework.nodes[a].code.clone(),
                            unit: units[u].clone(),
                            child: framework.nodes[c].code.clone(),
                        })
                    }
                    _ => {}
                }
            }
            let enough = options.min_share.is_none_or(|s| {
                xs.iter().filter(|x| x.is_some()).count() as f64 / xs.len() as f64 >= s
            });
            col.push(if enough {
                options.method.mean(&xs, &ws)
            } else {
                None
            });
        }
        values[a] = col;
    }
    Ok(values)
}

fn check_min_share(min_share: Option<f64>) -> Result<(), CompositeError> {
    match min_share {
        Some(s) if !(0.0..=1.0).contains(&s) => Err(invalid("min_share", s, "a share in [0, 1]")),
        _ => Ok(()),
    }
}

/// Aggregates level by level: each aggregate is the weighted mean of its direct children.
/// The result has the indicator columns (framework order) followed by the aggregates in
/// aggregation order (by level, the index last), as COINr's `Aggregated` data set.
///
/// ```
/// use chitieu::composite::{aggregate, AggregateOptions, Aggregation, Framework, FrameworkRow, Matrix};
/// let fw = Framework::from_rows(&[
///     FrameworkRow::indicator("x", "P", 1.0, 1),
///     FrameworkRow::indicator("y", "P", 3.0, 1),
///     FrameworkRow::aggregate("P", 2, None, 1.0),
/// ])?;
/// let n = Matrix::from_rows(["a"], ["x", "y"], &[vec![Some(1.0), Some(8.0)]])?;
/// let opts = |method| AggregateOptions { method, ..Default::default() };
/// let arith = aggregate(&n, &fw, &opts(Aggregation::Arithmetic))?;
/// assert_eq!(arith.get("a", "P"), Some(6.25)); // (1 + 3·8) / 4
/// let geo = aggregate(&n, &fw, &opts(Aggregation::Geometric))?;
/// assert!((geo.get("a", "P").unwrap() - 8f64.powf(0.75)).abs() < 1e-12);
/// let harm = aggregate(&n, &fw, &opts(Aggregation::Harmonic))?;
/// assert!((harm.get("a", "P").unwrap() - 4.0 / (1.0 + 3.0 / 8.0)).abs() < 1e-12);
/// # Ok::<(), chitieu::composite::CompositeError>(())
/// ```
pub fn aggregate(
    normalised: &Matrix,
    framework: &Framework,
    options: &AggregateOptions,
) -> Result<Matrix, CompositeError> {
    check_min_share(options.min_share)?;
    let codes = framework.indicator_codes();
    let cols = normalised.select(&codes, "normalised data")?;
    let weights: Vec<f64> = framework.nodes.iter().map(|n| n.weight).collect();
    let mut values = aggregate_nodes(framework, &cols, &normalised.units, &weights, options)?;
    let order: Vec<usize> = framework
        .indicators
        .iter()
        .chain(&framework.aggregates)
        .copied()
        .collect();
    let out_codes = order
        .iter()
        .map(|&k| framework.nodes[k].code.clone())
        .collect();
    let out_cols = order
        .iter()
        .map(|&k| std::mem::take(&mut values[k]))
        .collect();
    Ok(normalised.with_columns(out_codes, out_cols))
}

// ------------------------------------------------------------------------------------------
// Rank
// ------------------------------------------------------------------------------------------

/// Rounds to `decimals` places as R's `round` (R ≥ 4.0) does: of the two neighbours
/// `⌊x·10^d⌋/10^d` and `⌈x·10^d⌉/10^d`, the one closer to `x` as a double; an exact tie goes
/// to the even last digit.
///
/// ```
/// use chitieu::composite::round_decimals;
/// assert_eq!(round_decimals(2.675, 2), 2.67); // 2.675 is 2.67499999… as a double
/// assert_eq!(round_decimals(0.125, 2), 0.12); // exact tie: even digit
/// assert_eq!(round_decimals(-1.005, 1), -1.0);
/// ```
pub fn round_decimals(x: f64, decimals: u32) -> f64 {
    let p = 10f64.powi(decimals as i32);
    let y = x * p;
    if !y.is_finite() || y.fract() == 0.0 {
        return x;
    }
    let (f, c) = (y.floor(), y.ceil());
    let (lo, hi) = (f / p, c / p);
    let (dl, dh) = (x - lo, hi - x);
    if dl < dh || (dl == dh && f % 2.0 == 0.0) {
        lo
    } else {
        hi
    }
}

/// Descending competition ranks (1 = highest, ties share the lowest rank of the block).
fn desc_min_ranks(values: &[Option<f64>]) -> Vec<Option<u32>> {
    let mut order: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut out = vec![None; values.len()];
    let mut rank = 0;
    for (pos, &(i, v)) in order.iter().enumerate() {
        if pos == 0 || order[pos - 1].1 != v {
            rank = pos as u32 + 1;
        }
        out[i] = Some(rank);
    }
    out
}

/// Ranks of scores: 1 = highest, ties share the best rank of their block (1, 2, 2, 4; R's
/// `ties.method = "min"`), NA unranked; with `decimals`, scores are first rounded with
/// [`round_decimals`] (COINr's published ranks: 2 decimals).
///
/// ```
/// use chitieu::composite::rank_scores;
/// let s = [Some(70.004), Some(70.001), None, Some(80.0)];
/// assert_eq!(rank_scores(&s, None), [Some(2), Some(3), None, Some(1)]);
/// assert_eq!(rank_scores(&s, Some(2)), [Some(2), Some(2), None, Some(1)]);
/// ```
pub fn rank_scores(values: &[Option<f64>], decimals: Option<u32>) -> Vec<Option<u32>> {
    match decimals {
        None => desc_min_ranks(values),
        Some(d) => desc_min_ranks(
            &values
                .iter()
                .map(|v| v.map(|v| round_decimals(v, d)))
                .collect::<Vec<_>>(),
        ),
    }
}

// ------------------------------------------------------------------------------------------
// Pipeline
// ------------------------------------------------------------------------------------------

/// Settings of every stage of [`pipeline`]. The default is COINr's defaults: no imputation,
/// default treatment, min-max 0–100, arithmetic means, ranks of scores rounded to 2 decimals.
///
/// ```
/// use chitieu::composite::{Imputation, PipelineSpec};
/// let s = PipelineSpec { imputation: Imputation::IndicatorMean, ..Default::default() };
/// assert_eq!(s.rank_decimals, Some(2));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PipelineSpec {
    /// Imputation.
    pub imputation: Imputation,
    /// Outlier treatment; `None` skips it.
    pub treatment: Option<TreatOptions>,
    /// Normalisation.
    pub normalisation: Normalisation,
    /// Aggregation.
    pub aggregation: AggregateOptions,
    /// Decimals the scores are rounded to before ranking; `None`: full precision.
    pub rank_decimals: Option<u32>,
}

impl Default for PipelineSpec {
    fn default() -> Self {
        Self {
            imputation: Imputation::None,
            treatment: Some(TreatOptions::default()),
            normalisation: Normalisation::default(),
            aggregation: AggregateOptions::default(),
            rank_decimals: Some(2),
        }
    }
}

/// Every stage of a composite index.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Pipeline {
    /// Indicators after denomination (a copy of the raw indicators if none is denominated).
    pub denominated: Matrix,
    /// After imputation.
    pub imputed: Imputed,
    /// After outlier treatment.
    pub treated: Treated,
    /// After normalisation.
    pub normalised: Matrix,
    /// Indicators and aggregates.
    pub aggregated: Matrix,
    /// Ranks of each aggregate, in aggregation order.
    pub ranks: Vec<(String, Vec<Option<u32>>)>,
}

impl Pipeline {
    /// The ranks of one aggregate.
    pub fn rank_of(&self, code: &str) -> Option<&[Option<u32>]> {
        self.ranks
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, r)| r.as_slice())
    }
}

/// Runs denominate → impute → treat → normalise → aggregate → rank on `raw` (which must
/// hold every indicator of the framework; other columns are ignored). `denominators` is
/// needed when the framework names any.
pub fn pipeline(
    raw: &Matrix,
    denominators: Option<&Matrix>,
    framework: &Framework,
    spec: &PipelineSpec,
) -> Result<Pipeline, CompositeError> {
    check_min_share(spec.aggregation.min_share)?;
    let denominated = match denominators {
        Some(d) => denominate(raw, d, framework)?,
        None => {
            let needed: Vec<String> = framework
                .indicator_nodes()
                .filter_map(|n| n.denominator.clone())
                .collect();
            if !needed.is_empty() {
                return Err(CompositeError::MissingColumns {
                    table: "denominators (none given)",
                    codes: needed,
                });
            }
            let codes = framework.indicator_codes();
            let cols = raw.select(&codes, "data")?;
            raw.with_columns(
                codes.iter().map(|c| (*c).to_owned()).collect(),
                cols.into_iter().map(<[_]>::to_vec).collect(),
            )
        }
    };
    let imputed = impute(&denominated, &spec.imputation)?;
    let treated = match &spec.treatment {
        Some(t) => treat(&imputed.data, t)?,
        None => Treated {
            data: imputed.data.clone(),
            reports: Vec::new(),
        },
    };
    let normalised = normalise(&treated.data, framework, &spec.normalisation)?;
    let aggregated = aggregate(&normalised, framework, &spec.aggregation)?;
    let ranks = framework
        .aggregate_codes()
        .into_iter()
        .map(|c| {
            let col = aggregated.column(c).unwrap_or_default();
            (c.to_owned(), rank_scores(col, spec.rank_decimals))
        })
        .collect();
    Ok(Pipeline {
        denominated,
        imputed,
        treated,
        normalised,
        aggregated,
        ranks,
    })
}

// ------------------------------------------------------------------------------------------
// Pseudo-random numbers
// ------------------------------------------------------------------------------------------

/// SplitMix64's output function (Steele, Lea & Flood 2014): a bijective 64-bit mixer.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The xoshiro256** 1.0 generator (Blackman & Vigna, 2018; public domain reference code),
/// used so that the Monte Carlo needs no external crate and its streams are fixed forever.
///
/// * [`Xoshiro256::from_seed`] fills the 256-bit state with four outputs of SplitMix64
///   started at `seed` (the seeding the authors recommend).
/// * [`Xoshiro256::for_replication`] gives replication `r` of a run seeded `seed` its own
///   stream: `from_seed(mix64(seed ^ mix64(r + γ)))`, `γ` = 0x9E3779B97F4A7C15,
///   `mix64` = SplitMix64's finaliser. It depends only on `(seed, r)`, never on threads.
/// * [`Xoshiro256::next_f64`] = top 53 bits / 2⁵³, uniform on `[0, 1)`.
///
/// ```
/// use chitieu::composite::Xoshiro256;
/// // Reference outputs of xoshiro256** from the state [1, 2, 3, 4].
/// let mut g = Xoshiro256::from_state([1, 2, 3, 4]);
/// assert_eq!([g.next_u64(), g.next_u64(), g.next_u64()], [11520, 0, 1509978240]);
/// let mut a = Xoshiro256::for_replication(42, 7);
/// let mut b = Xoshiro256::for_replication(42, 7);
/// assert_eq!(a.next_f64(), b.next_f64());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Xoshiro256 {
    s: [u64; 4],
}

impl Xoshiro256 {
    /// From a raw state (must not be all zero; an all-zero state is replaced by `from_seed(0)`).
    pub fn from_state(s: [u64; 4]) -> Self {
        if s == [0; 4] {
            Self::from_seed(0)
        } else {
            Self { s }
        }
    }

    /// Seeded through SplitMix64.
    pub fn from_seed(seed: u64) -> Self {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(GOLDEN_GAMMA);
            mix64(x)
        };
        Self {
            s: [next(), next(), next(), next()],
        }
    }

    /// The stream of replication `replication` of a run seeded `seed`.
    pub fn for_replication(seed: u64, replication: u64) -> Self {
        Self::from_seed(mix64(seed ^ mix64(replication.wrapping_add(GOLDEN_GAMMA))))
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform on `[0, 1)` with 53 random bits.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform index in `0..n` (`n ≥ 1`): `⌊u·n⌋`.
    pub fn next_index(&mut self, n: usize) -> usize {
        ((self.next_f64() * n as f64) as usize).min(n.saturating_sub(1))
    }
}

// ------------------------------------------------------------------------------------------
// Monte Carlo uncertainty
// ------------------------------------------------------------------------------------------

/// What the Monte Carlo varies.
///
/// Replication `r` draws, from [`Xoshiro256::for_replication`]`(seed, r)` and in this order:
/// one uniform `u` per perturbed weight (framework row order), giving the multiplier
/// `1 + weight_noise·(2u − 1)`, i.e. the weight uniform on `[w(1−p), w(1+p))`, as COINr's
/// `get_noisy_weights`; then, if there are several, the normalisation and the aggregation,
/// each uniformly among the list. The first normalisation and aggregation with the
/// unperturbed weights give the nominal result.
///
/// ```
/// use chitieu::composite::{Aggregation, UncertaintySpec};
/// let s = UncertaintySpec { weight_noise: 0.25, ..Default::default() };
/// assert_eq!(s.aggregations, [Aggregation::Arithmetic]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UncertaintySpec {
    /// Number of replications (≥ 1).
    pub replications: usize,
    /// Seed.
    pub seed: u64,
    /// Relative half-width `p` of the weight perturbation, in `[0, 1)` (0.25 = ±25 %).
    pub weight_noise: f64,
    /// Levels whose weights are perturbed (e.g. `[2, 3]`); `None`: every node but the index.
    pub weight_levels: Option<Vec<u32>>,
    /// Normalisations to draw from (the first is nominal); not empty.
    pub normalisations: Vec<Normalisation>,
    /// Aggregations to draw from (the first is nominal); not empty.
    pub aggregations: Vec<Aggregation>,
    /// As [`AggregateOptions::min_share`].
    pub min_share: Option<f64>,
}

impl Default for UncertaintySpec {
    fn default() -> Self {
        Self {
            replications: 1000,
            seed: 1,
            weight_noise: 0.0,
            weight_levels: None,
            normalisations: vec![Normalisation::default()],
            aggregations: vec![Aggregation::Arithmetic],
            min_share: None,
        }
    }
}

/// An uncertain input of the Monte Carlo.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UncertainInput {
    /// The weight of this node.
    Weight {
        /// Node code.
        code: String,
    },
    /// The normalisation choice.
    Normalisation,
    /// The aggregation choice.
    Aggregation,
}

impl fmt::Display for UncertainInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Weight { code } => write!(f, "weight of {code}"),
            Self::Normalisation => f.write_str("normalisation"),
            Self::Aggregation => f.write_str("aggregation"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct Replication {
    multipliers: Vec<f64>,
    normalisation: usize,
    aggregation: usize,
    scores: Vec<Option<f64>>,
    ranks: Vec<Option<u32>>,
}

/// One unit's rank distribution over the replications.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RankStats {
    /// Unit id.
    pub unit: String,
    /// Rank in the nominal configuration.
    pub nominal: Option<u32>,
    /// Mean rank.
    pub mean: Option<f64>,
    /// Median rank (type-7 quantile at 0.5).
    pub median: Option<f64>,
    /// 5th percentile rank (type 7).
    pub q05: Option<f64>,
    /// 95th percentile rank (type 7).
    pub q95: Option<f64>,
    /// Replications in which the unit had a score.
    pub ranked: usize,
}

/// First-order sensitivity index of one uncertain input.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Sensitivity {
    /// The input.
    pub input: UncertainInput,
    /// Index for the mean absolute rank shift from the nominal ranks (COINr's target output).
    pub mean_rank_shift: Option<f64>,
    /// Index for each unit's rank (`None` where the rank never varies).
    pub by_unit: Vec<Option<f64>>,
}

/// Results of [`monte_carlo`]: the index score and rank of every unit in every replication.
///
/// Ranks are of the index at full precision, 1 = highest, ties share the best rank (`min`).
/// Percentiles are R's default (type 7): for sorted ranks `r_1 ≤ … ≤ r_N` and probability
/// `p`, `h = (N − 1)p`, `Q = r_{⌊h⌋+1} + (h − ⌊h⌋)(r_{⌊h⌋+2} − r_{⌊h⌋+1})`, as COINr's
/// `get_sensitivity` (`stats::quantile`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Uncertainty {
    units: Vec<String>,
    inputs: Vec<UncertainInput>,
    n_normalisations: usize,
    n_aggregations: usize,
    nominal_scores: Vec<Option<f64>>,
    nominal_ranks: Vec<Option<u32>>,
    reps: Vec<Replication>,
}

/// Type-7 quantile of sorted values.
fn quantile7(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// Correlation ratio η² = Σ_b n_b (ȳ_b − ȳ)² / Σ (y − ȳ)²; `None` if y is constant.
fn correlation_ratio(y: &[Option<f64>], bin: &[usize], n_bins: usize) -> Option<f64> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut sum = 0.0;
    let mut n = 0usize;
    let mut bsum = vec![0.0; n_bins];
    let mut bn = vec![0usize; n_bins];
    for (v, &b) in y.iter().zip(bin) {
        if let Some(v) = *v {
            lo = lo.min(v);
            hi = hi.max(v);
            sum += v;
            n += 1;
            bsum[b] += v;
            bn[b] += 1;
        }
    }
    if n < 2 || lo == hi {
        return None;
    }
    let m = sum / n as f64;
    let sst: f64 = y.iter().flatten().map(|v| (v - m) * (v - m)).sum();
    let ssb: f64 = bsum
        .iter()
        .zip(&bn)
        .filter(|(_, &c)| c > 0)
        .map(|(s, &c)| {
            let d = s / c as f64 - m;
            c as f64 * d * d
        })
        .sum();
    Some(ssb / sst)
}

impl Uncertainty {
    /// Unit ids.
    pub fn units(&self) -> &[String] {
        &self.units
    }

    /// Number of replications.
    pub fn replications(&self) -> usize {
        self.reps.len()
    }

    /// The uncertain inputs: perturbed weights (framework row order), then the normalisation
    /// and aggregation choices if there are several.
    pub fn inputs(&self) -> &[UncertainInput] {
        &self.inputs
    }

    /// Index scores of the nominal configuration.
    pub fn nominal_scores(&self) -> &[Option<f64>] {
        &self.nominal_scores
    }

    /// Ranks of the nominal configuration.
    pub fn nominal_ranks(&self) -> &[Option<u32>] {
        &self.nominal_ranks
    }

    /// Index scores of replication `r` (panics if out of range).
    pub fn scores(&self, r: usize) -> &[Option<f64>] {
        &self.reps[r].scores
    }

    /// Ranks of replication `r` (panics if out of range).
    pub fn ranks(&self, r: usize) -> &[Option<u32>] {
        &self.reps[r].ranks
    }

    /// The value of each input in replication `r`: the weight multiplier, or the index of the
    /// normalisation / aggregation drawn (panics if out of range).
    pub fn input_values(&self, r: usize) -> Vec<f64> {
        let rep = &self.reps[r];
        let mut v = rep.multipliers.clone();
        if self.n_normalisations > 1 {
            v.push(rep.normalisation as f64);
        }
        if self.n_aggregations > 1 {
            v.push(rep.aggregation as f64);
        }
        v
    }

    fn unit_ranks(&self, u: usize) -> Vec<f64> {
        let mut v: Vec<f64> = self
            .reps
            .iter()
            .filter_map(|r| r.ranks[u].map(f64::from))
            .collect();
        v.sort_by(f64::total_cmp);
        v
    }

    /// Type-7 quantile `p` of each unit's rank.
    pub fn rank_quantile(&self, p: f64) -> Vec<Option<f64>> {
        (0..self.units.len())
            .map(|u| quantile7(&self.unit_ranks(u), p))
            .collect()
    }

    /// Median rank of each unit.
    pub fn median_ranks(&self) -> Vec<Option<f64>> {
        self.rank_quantile(0.5)
    }

    /// Nominal, mean, median, 5th and 95th percentile rank of each unit.
    pub fn rank_stats(&self) -> Vec<RankStats> {
        (0..self.units.len())
            .map(|u| {
                let v = self.unit_ranks(u);
                RankStats {
                    unit: self.units[u].clone(),
                    nominal: self.nominal_ranks[u],
                    mean: (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64),
                    median: quantile7(&v, 0.5),
                    q05: quantile7(&v, 0.05),
                    q95: quantile7(&v, 0.95),
                    ranked: v.len(),
                }
            })
            .collect()
    }

    /// For each unit of `group` (unit indices; `None`: all units, in order), the share of
    /// replications in which its rank **within the group** is ≤ `k`. Ranks within the group
    /// are recomputed from the scores in each replication (1 = highest, ties `min`); a unit
    /// without a score in a replication counts as not ranked ≤ `k`. Without ties the shares
    /// over the group sum to `min(k, group size)`.
    pub fn prob_rank_at_most(
        &self,
        k: u32,
        group: Option<&[usize]>,
    ) -> Result<Vec<f64>, CompositeError> {
        let n = self.units.len();
        let members: Vec<usize> = match group {
            Some(g) => {
                let mut seen = vec![false; n];
                for &i in g {
                    if i >= n || seen[i] {
                        return Err(CompositeError::UnitIndex { index: i, units: n });
                    }
                    seen[i] = true;
                }
                g.to_vec()
            }
            None => (0..n).collect(),
        };
        let mut counts = vec![0usize; members.len()];
        let mut sub = vec![None; members.len()];
        for rep in &self.reps {
            let ranks = if group.is_none() {
                rep.ranks.clone()
            } else {
                for (s, &u) in sub.iter_mut().zip(&members) {
                    *s = rep.scores[u];
                }
                desc_min_ranks(&sub)
            };
            for (c, r) in counts.iter_mut().zip(&ranks) {
                if r.is_some_and(|r| r <= k) {
                    *c += 1;
                }
            }
        }
        let total = self.reps.len() as f64;
        Ok(counts.into_iter().map(|c| c as f64 / total).collect())
    }

    /// First-order sensitivity index `S_i = Var(E[Y | X_i]) / Var(Y)` of each input, for two
    /// outputs `Y`: each unit's rank, and the mean absolute rank shift from the nominal ranks
    /// (over the units ranked in both; COINr's output for its sensitivity analysis).
    ///
    /// Estimator (binning, the correlation ratio η²): the replications are split into bins of
    /// the input — for a weight, `bins` consecutive groups of (as nearly as possible) equal
    /// size after sorting the replications by the weight's multiplier (ties by replication
    /// index); for the normalisation or aggregation choice, one bin per option — and
    /// `S_i ≈ Σ_b n_b (ȳ_b − ȳ)² / Σ_r (y_r − ȳ)²`. It is ≥ 0 and biased upwards by about
    /// `(bins − 1)/N` for an input without effect; `None` when `Y` never varies.
    /// Needs `bins ≥ 2` and `N ≥ 2·bins` replications.
    pub fn sensitivity(&self, bins: usize) -> Result<Vec<Sensitivity>, CompositeError> {
        let n_reps = self.reps.len();
        if bins < 2 || n_reps < 2 * bins {
            return Err(invalid(
                "number of bins",
                bins,
                "at least 2, and at most half the number of replications",
            ));
        }
        let shift: Vec<Option<f64>> = self
            .reps
            .iter()
            .map(|rep| {
                let d: Vec<f64> = rep
                    .ranks
                    .iter()
                    .zip(&self.nominal_ranks)
                    .filter_map(|(a, b)| Some((f64::from((*a)?) - f64::from((*b)?)).abs()))
                    .collect();
                (!d.is_empty()).then(|| d.iter().sum::<f64>() / d.len() as f64)
            })
            .collect();
        let unit_y: Vec<Vec<Option<f64>>> = (0..self.units.len())
            .map(|u| {
                self.reps
                    .iter()
                    .map(|r| r.ranks[u].map(f64::from))
                    .collect()
            })
            .collect();
        let mut out = Vec::with_capacity(self.inputs.len());
        for (j, input) in self.inputs.iter().enumerate() {
            let (bin, n_bins): (Vec<usize>, usize) = match input {
                UncertainInput::Weight { .. } => {
                    let mut order: Vec<usize> = (0..n_reps).collect();
                    order.sort_by(|&a, &b| {
                        self.reps[a].multipliers[j]
                            .total_cmp(&self.reps[b].multipliers[j])
                            .then(a.cmp(&b))
                    });
                    let mut bin = vec![0; n_reps];
                    for (pos, &r) in order.iter().enumerate() {
                        bin[r] = pos * bins / n_reps;
                    }
                    (bin, bins)
                }
                UncertainInput::Normalisation => (
                    self.reps.iter().map(|r| r.normalisation).collect(),
                    self.n_normalisations,
                ),
                UncertainInput::Aggregation => (
                    self.reps.iter().map(|r| r.aggregation).collect(),
                    self.n_aggregations,
                ),
            };
            out.push(Sensitivity {
                input: input.clone(),
                mean_rank_shift: correlation_ratio(&shift, &bin, n_bins),
                by_unit: unit_y
                    .iter()
                    .map(|y| correlation_ratio(y, &bin, n_bins))
                    .collect(),
            });
        }
        Ok(out)
    }
}

/// Most replications a Monte Carlo analysis runs.
pub const MAX_REPLICATIONS: usize = 1_000_000;
/// Most (unit or node, replication) cells a Monte Carlo analysis keeps.
pub const MAX_RANK_CELLS: usize = 50_000_000;

/// Monte Carlo uncertainty of the index ranks (see [`UncertaintySpec`] for what is drawn).
///
/// Each replication normalises `treated` with the drawn normalisation, aggregates with the
/// drawn aggregation and perturbed weights, and ranks the index at full precision. The
/// replications run in parallel (rayon), each on its own stream
/// ([`Xoshiro256::for_replication`]), so results are identical for any number of threads.
/// Each distinct normalisation is computed once, before the replications; if a replication
/// fails (e.g. a geometric mean over a 0), the error of the lowest-numbered one is returned.
///
/// ```
/// use chitieu::composite::{monte_carlo, Framework, FrameworkRow, Matrix, UncertaintySpec};
/// let fw = Framework::from_rows(&[
///     FrameworkRow::indicator("x", "I", 1.0, 1),
///     FrameworkRow::indicator("y", "I", 1.0, 1),
///     FrameworkRow::aggregate("I", 2, None, 1.0),
/// ])?;
/// let m = Matrix::from_rows(["a", "b", "c"], ["x", "y"], &[
///     vec![Some(0.0), Some(10.0)], vec![Some(10.0), Some(0.0)], vec![Some(6.0), Some(6.0)],
/// ])?;
/// // Weights within ±10 %: a and b score 100·w_y/(w_x + w_y) and 100·w_x/(w_x + w_y), at
/// // most 55, so c (60) is always first and a, b share ranks 2 and 3.
/// let spec = UncertaintySpec { replications: 500, seed: 7, weight_noise: 0.1, ..Default::default() };
/// let mc = monte_carlo(&m, &fw, &spec)?;
/// assert_eq!(mc.nominal_ranks(), [Some(2), Some(2), Some(1)]);
/// assert_eq!(mc.prob_rank_at_most(1, None)?, [0.0, 0.0, 1.0]);
/// let p2 = mc.prob_rank_at_most(2, None)?;
/// assert!((p2[0] + p2[1] - 1.0).abs() < 1e-12 && p2[0] > 0.3 && p2[1] > 0.3);
/// let stats = mc.rank_stats();
/// assert_eq!(stats[2].median, Some(1.0));
/// # Ok::<(), chitieu::composite::CompositeError>(())
/// ```
pub fn monte_carlo(
    treated: &Matrix,
    framework: &Framework,
    spec: &UncertaintySpec,
) -> Result<Uncertainty, CompositeError> {
    if spec.replications == 0 {
        return Err(invalid("replications", 0, "at least 1"));
    }
    // Resource bounds, checked before anything is allocated: the result keeps every
    // replication's ranks, scores and weights (about 32 bytes a unit or node and replication).
    if spec.replications > MAX_REPLICATIONS {
        return Err(invalid(
            "replications",
            spec.replications,
            "at most 1,000,000 (Monte Carlo error is below 0.1 % long before)",
        ));
    }
    let per_replication = treated.units.len() + framework.nodes.len();
    let cells = spec.replications.saturating_mul(per_replication.max(1));
    if cells > MAX_RANK_CELLS {
        return Err(invalid(
            "replications",
            spec.replications,
            "at most 50,000,000 (units + nodes) × replications (about 1.6 GB kept); \
             use fewer replications",
        ));
    }
    if !(spec.weight_noise.is_finite() && (0.0..1.0).contains(&spec.weight_noise)) {
        return Err(invalid(
            "weight_noise",
            spec.weight_noise,
            "a fraction in [0, 1)",
        ));
    }
    if spec.normalisations.is_empty() {
        return Err(invalid(
            "normalisations",
            "[]",
            "at least one normalisation",
        ));
    }
    if spec.aggregations.is_empty() {
        return Err(invalid("aggregations", "[]", "at least one aggregation"));
    }
    check_min_share(spec.min_share)?;
    let normalised: Vec<Vec<Vec<Option<f64>>>> = spec
        .normalisations
        .iter()
        .map(|m| normalise_cols(treated, framework, m))
        .collect::<Result<_, _>>()?;
    let perturbed: Vec<usize> = if spec.weight_noise > 0.0 {
        (0..framework.nodes.len())
            .filter(|&k| framework.parent[k].is_some())
            .filter(|&k| {
                spec.weight_levels
                    .as_ref()
                    .is_none_or(|l| l.contains(&framework.nodes[k].level))
            })
            .collect()
    } else {
        Vec::new()
    };
    let base: Vec<f64> = framework.nodes.iter().map(|n| n.weight).collect();
    let units = &treated.units;
    let root = framework.root;
    let run = |ni: usize, ai: usize, weights: &[f64]| -> Result<Vec<Option<f64>>, CompositeError> {
        let cols: Vec<&[Option<f64>]> = normalised[ni].iter().map(Vec::as_slice).collect();
        let options = AggregateOptions {
            method: spec.aggregations[ai],
            min_share: spec.min_share,
        };
        let mut v = aggregate_nodes(framework, &cols, units, weights, &options)?;
        Ok(std::mem::take(&mut v[root]))
    };
    let nominal_scores = run(0, 0, &base)?;
    let nominal_ranks = desc_min_ranks(&nominal_scores);
    let replicate = |r: usize| -> Result<Replication, CompositeError> {
        let mut rng = Xoshiro256::for_replication(spec.seed, r as u64);
        let multipliers: Vec<f64> = perturbed
            .iter()
            .map(|_| 1.0 + spec.weight_noise * (2.0 * rng.next_f64() - 1.0))
            .collect();
        let normalisation = if spec.normalisations.len() > 1 {
            rng.next_index(spec.normalisations.len())
        } else {
            0
        };
        let aggregation = if spec.aggregations.len() > 1 {
            rng.next_index(spec.aggregations.len())
        } else {
            0
        };
        let mut weights = base.clone();
        for (&k, m) in perturbed.iter().zip(&multipliers) {
            weights[k] *= m;
        }
        let scores = run(normalisation, aggregation, &weights)?;
        let ranks = desc_min_ranks(&scores);
        Ok(Replication {
            multipliers,
            normalisation,
            aggregation,
            scores,
            ranks,
        })
    };
    let results: Vec<Result<Replication, CompositeError>> = (0..spec.replications)
        .into_par_iter()
        .map(replicate)
        .collect();
    let reps = results.into_iter().collect::<Result<Vec<_>, _>>()?;
    let mut inputs: Vec<UncertainInput> = perturbed
        .iter()
        .map(|&k| UncertainInput::Weight {
            code: framework.nodes[k].code.clone(),
        })
        .collect();
    if spec.normalisations.len() > 1 {
        inputs.push(UncertainInput::Normalisation);
    }
    if spec.aggregations.len() > 1 {
        inputs.push(UncertainInput::Aggregation);
    }
    Ok(Uncertainty {
        units: units.clone(),
        inputs,
        n_normalisations: spec.normalisations.len(),
        n_aggregations: spec.aggregations.len(),
        nominal_scores,
        nominal_ranks,
        reps,
    })
}
