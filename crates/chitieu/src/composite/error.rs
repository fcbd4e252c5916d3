//! Errors of the composite pipeline: framework problems and stage errors.

use std::fmt;

use serde::Serialize;

/// A problem found in a framework; [`Framework::from_rows`](super::Framework::from_rows) reports all of them at once.
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
    /// Per-indicator settings for codes that are not indicators of the framework.
    #[error("{stage} settings name codes that are not indicators of the framework: {}", .codes.join(", "))]
    UnknownIndicators {
        /// The stage (normalisation, treatment).
        stage: &'static str,
        /// The codes.
        codes: Vec<String>,
    },
    /// A unit id that the data does not have.
    #[error("unit '{unit}' of group '{group}' is not in the data{hint}")]
    UnknownUnit {
        /// The unit id given.
        unit: String,
        /// The group that named it.
        group: String,
        /// A near id, when one exists.
        hint: String,
    },
    /// A stage specification that cannot be read (path: where in the specification).
    #[error("invalid composite specification at {path}: {message}")]
    InvalidSpec {
        /// Where, e.g. `normalisation.sd` or `treatment_by.Goods.winmax`.
        path: String,
        /// What is wrong.
        message: String,
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

pub(super) fn invalid(
    name: &'static str,
    value: impl fmt::Display,
    expected: &'static str,
) -> CompositeError {
    CompositeError::InvalidOption {
        name,
        value: value.to_string(),
        expected,
    }
}
