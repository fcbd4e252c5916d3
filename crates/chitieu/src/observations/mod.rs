//! The observations table: one value per (unit, indicator, year), validated.
//!
//! Observations are the long table `unit_id, indicator, year, value` with optional `source`
//! and `flag` columns. Validation collects *every* problem with its location (row, key,
//! column) instead of stopping at the first, in the manner of pydantic-core: a statistician
//! fixing a spreadsheet wants the whole list at once.
//!
//! A missing value is `None` and stays an explicit missing value; nothing is dropped.

use std::ops::RangeInclusive;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub(crate) mod build;
mod errors;

pub use errors::{ErrorCategory, FieldError, FieldErrorKind, Location, ValidationErrors};

/// Years accepted in observations and targets.
pub const YEAR_RANGE: RangeInclusive<i32> = 1900..=2100;

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

/// A row of an [`Observations`] table, borrowed from it.
///
/// ```
/// use chitieu::{Observation, Observations};
/// let obs = Observations::new(vec![Observation::new("a", "x", 2020, Some(1.0))])?;
/// let row = obs.iter().next().unwrap();
/// assert_eq!((row.unit_id, row.year, row.value), ("a", 2020, Some(1.0)));
/// assert_eq!(row.to_observation(), Observation::new("a", "x", 2020, Some(1.0)));
/// # Ok::<(), chitieu::ValidationErrors>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ObservationRef<'a> {
    /// Unit id.
    pub unit_id: &'a str,
    /// Indicator (or component) id.
    pub indicator: &'a str,
    /// Calendar year.
    pub year: i32,
    /// The value; `None` is an explicit missing value.
    pub value: Option<f64>,
    /// Where the value comes from.
    pub source: Option<&'a str>,
    /// Status of the value.
    pub flag: Option<&'a str>,
}

impl ObservationRef<'_> {
    /// The row as an owned [`Observation`].
    pub fn to_observation(&self) -> Observation {
        Observation {
            unit_id: self.unit_id.to_owned(),
            indicator: self.indicator.to_owned(),
            year: self.year,
            value: self.value,
            source: self.source.map(str::to_owned),
            flag: self.flag.map(str::to_owned),
        }
    }
}

/// A validated observations table, sorted by (unit_id, indicator, year), held by column.
///
/// Guarantees: no duplicated key, every value finite or `None`, every year in
/// [`YEAR_RANGE`], no empty id.
///
/// Layout: each distinct unit and indicator id is stored once; the table keeps, per
/// (unit, indicator) series, where its rows start; years and values are plain columns, so a
/// series is a range of both ([`SeriesRef::years`], [`SeriesRef::values`]) and no row owns
/// a string.
///
/// ```
/// use chitieu::{Observation, Observations};
/// let obs = Observations::new(vec![
///     Observation::new("lai-chau", "x", 2024, Some(2.0)),
///     Observation::new("lai-chau", "x", 2023, None),
/// ])?;
/// let s = obs.series("lai-chau", "x");
/// assert_eq!(s.years(), [2023, 2024]); // sorted, the missing value kept
/// assert!(s.values().eq([None, Some(2.0)]));
/// # Ok::<(), chitieu::ValidationErrors>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Observations {
    /// Distinct unit ids, sorted.
    units: Vec<String>,
    /// Distinct indicator (or component) ids, sorted.
    indicators: Vec<String>,
    /// One entry per (unit, indicator) series, in key order.
    series: Vec<SeriesKey>,
    /// Where each unit's series start in `series` (one more entry than units).
    unit_series: Vec<u32>,
    years: Vec<i32>,
    /// One value per row, a missing value as NaN: values read are finite (NaN in the input
    /// is an error), so NaN means only "missing" here; 8 bytes a row instead of 16.
    values: Vec<f64>,
    sources: Option<Text>,
    flags: Option<Text>,
    /// Position of each unit id, built on the first lookup (a table of thousands of units
    /// is looked up once per scored row: hashing beats a binary search over strings).
    unit_index: OnceLock<foldhash::HashMap<String, u32>>,
}

/// A series of the table: its ids (positions in the sorted id lists) and first row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SeriesKey {
    unit: u32,
    indicator: u32,
    start: usize,
}

/// An optional text column (source, flag): each row's text as a position in `dict`.
#[derive(Debug, Clone, Default)]
struct Text {
    dict: Vec<Option<String>>,
    ids: Vec<u32>,
}

impl Text {
    fn get(&self, row: usize) -> Option<&str> {
        self.dict[self.ids[row] as usize].as_deref()
    }
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
        let (table, errors) = build::from_rows(&rows, key, true);
        ValidationErrors::check(errors)?;
        Ok(table)
    }

    /// Rows computed by the library (derived, merged) that hold valid values by
    /// construction: sorted, not checked.
    pub(crate) fn from_valid_rows(rows: &[Observation]) -> Self {
        let (table, errors) = build::from_rows(rows, KeyColumn::Indicator, false);
        debug_assert!(errors.is_empty(), "{errors:?}");
        table
    }

    /// Number of rows (missing values included).
    pub fn len(&self) -> usize {
        self.years.len()
    }

    /// True when there is no row.
    pub fn is_empty(&self) -> bool {
        self.years.is_empty()
    }

    /// The rows, in key order (unit_id, indicator, year).
    ///
    /// ```
    /// use chitieu::{Observation, Observations};
    /// let obs = Observations::new(vec![
    ///     Observation::new("b", "x", 2020, Some(1.0)),
    ///     Observation::new("a", "x", 2020, Some(2.0)),
    /// ])?;
    /// let units: Vec<&str> = obs.iter().map(|o| o.unit_id).collect();
    /// assert_eq!(units, ["a", "b"]);
    /// # Ok::<(), chitieu::ValidationErrors>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = ObservationRef<'_>> + '_ {
        self.all_series().flat_map(|s| s.iter())
    }

    /// The rows as owned [`Observation`]s, in key order.
    pub fn to_rows(&self) -> Vec<Observation> {
        self.iter().map(|o| o.to_observation()).collect()
    }

    /// The distinct unit ids, sorted.
    pub fn unit_ids(&self) -> &[String] {
        &self.units
    }

    /// The distinct indicator (or component) ids, sorted.
    pub fn indicator_ids(&self) -> &[String] {
        &self.indicators
    }

    /// The years of every row, in key order.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// The values of every row, in key order (`None`: missing).
    ///
    /// ```
    /// use chitieu::{Observation, Observations};
    /// let obs = Observations::new(vec![
    ///     Observation::new("b", "x", 2020, Some(1.0)),
    ///     Observation::new("a", "x", 2020, None),
    /// ])?;
    /// assert_eq!(obs.values().collect::<Vec<_>>(), [None, Some(1.0)]);
    /// # Ok::<(), chitieu::ValidationErrors>(())
    /// ```
    pub fn values(&self) -> impl ExactSizeIterator<Item = Option<f64>> + Clone + '_ {
        self.values.iter().map(|&v| stored(v))
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
    /// assert_eq!(obs.series("b", "x").value_in(2020), Some(2.0));
    /// assert!(obs.series("c", "x").is_empty());
    /// # Ok::<(), chitieu::ValidationErrors>(())
    /// ```
    pub fn series(&self, unit_id: &str, indicator: &str) -> SeriesRef<'_> {
        let found = (|| {
            let index = self.unit_index.get_or_init(|| {
                (0u32..)
                    .zip(&self.units)
                    .map(|(i, u)| (u.clone(), i))
                    .collect()
            });
            let unit = *index.get(unit_id)?;
            let indicator = position(&self.indicators, indicator)?;
            let (from, to) = (
                self.unit_series[unit as usize] as usize,
                self.unit_series[unit as usize + 1] as usize,
            );
            let k = self.series[from..to]
                .binary_search_by_key(&indicator, |s| s.indicator)
                .ok()?;
            Some(from + k)
        })();
        match found {
            Some(k) => self.series_at(k),
            None => SeriesRef {
                table: self,
                unit_id: "",
                indicator: "",
                start: 0,
                end: 0,
            },
        }
    }

    /// Every (unit, indicator) series, in key order.
    pub fn all_series(&self) -> impl ExactSizeIterator<Item = SeriesRef<'_>> + '_ {
        (0..self.series.len()).map(|k| self.series_at(k))
    }

    /// The series of one indicator, in unit order.
    pub fn series_of(&self, indicator: &str) -> impl Iterator<Item = SeriesRef<'_>> + '_ {
        let id = position(&self.indicators, indicator);
        self.series
            .iter()
            .enumerate()
            .filter(move |(_, s)| Some(s.indicator) == id)
            .map(|(k, _)| self.series_at(k))
    }

    fn series_at(&self, k: usize) -> SeriesRef<'_> {
        let s = self.series[k];
        let end = self.series.get(k + 1).map_or(self.len(), |n| n.start);
        SeriesRef {
            table: self,
            unit_id: &self.units[s.unit as usize],
            indicator: &self.indicators[s.indicator as usize],
            start: s.start,
            end,
        }
    }
}

/// A value as the table stores it: a missing value as NaN (values read are finite, so NaN
/// means nothing else). [`stored`] reads it back.
pub(crate) fn store(v: Option<f64>) -> f64 {
    v.unwrap_or(f64::NAN)
}

/// A stored value as a value: NaN is a missing value (see [`store`]).
fn stored(v: f64) -> Option<f64> {
    (!v.is_nan()).then_some(v)
}

/// Position of `id` in a sorted list of ids.
fn position(ids: &[String], id: &str) -> Option<u32> {
    let p = ids.binary_search_by(|x| x.as_str().cmp(id)).ok()?;
    u32::try_from(p).ok()
}

impl PartialEq for Observations {
    /// Same rows (the layout is an implementation detail).
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Serialize for Observations {
    /// `{"rows": [...]}`, the rows in key order (as when the table held rows).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Rows<'a>(&'a Observations);
        impl Serialize for Rows<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.iter())
            }
        }
        let mut state = serializer.serialize_struct("Observations", 1)?;
        state.serialize_field("rows", &Rows(self))?;
        state.end()
    }
}

/// One (unit, indicator) series of an [`Observations`] table: its rows in year order.
#[derive(Debug, Clone, Copy)]
pub struct SeriesRef<'a> {
    table: &'a Observations,
    unit_id: &'a str,
    indicator: &'a str,
    start: usize,
    end: usize,
}

impl<'a> SeriesRef<'a> {
    /// The unit id (empty for a series the table does not hold).
    pub fn unit_id(&self) -> &'a str {
        self.unit_id
    }

    /// The indicator id (empty for a series the table does not hold).
    pub fn indicator(&self) -> &'a str {
        self.indicator
    }

    /// The years, increasing.
    pub fn years(&self) -> &'a [i32] {
        &self.table.years[self.start..self.end]
    }

    /// The values, one per year (`None`: missing).
    pub fn values(&self) -> impl ExactSizeIterator<Item = Option<f64>> + Clone + 'a {
        self.table.values[self.start..self.end]
            .iter()
            .map(|&v| stored(v))
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the table has no row of this series.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The value in `year`; `None` when the year is absent or its value missing.
    pub fn value_in(&self, year: i32) -> Option<f64> {
        let i = self.years().binary_search(&year).ok()?;
        stored(self.table.values[self.start + i])
    }

    /// The `i`-th row.
    pub fn get(&self, i: usize) -> Option<ObservationRef<'a>> {
        (i < self.len()).then(|| self.row(self.start + i))
    }

    /// The rows, in year order.
    pub fn iter(&self) -> impl Iterator<Item = ObservationRef<'a>> + 'a {
        let s = *self;
        (s.start..s.end).map(move |r| s.row(r))
    }

    fn row(&self, r: usize) -> ObservationRef<'a> {
        let t = self.table;
        ObservationRef {
            unit_id: self.unit_id,
            indicator: self.indicator,
            year: t.years[r],
            value: stored(t.values[r]),
            source: t.sources.as_ref().and_then(|c| c.get(r)),
            flag: t.flags.as_ref().and_then(|c| c.get(r)),
        }
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
        let keys: Vec<_> = t.iter().map(|o| (o.unit_id, o.year, o.value)).collect();
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
        let json = serde_json::to_value(&t).unwrap();
        assert_eq!(json["rows"][0]["unit_id"], "a");
        assert_eq!(json["rows"][1]["value"], serde_json::Value::Null);
        assert_eq!(json["rows"].as_array().unwrap().len(), 3);
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
        by_strings.sort_by(|a, b| {
            (&a.unit_id, &a.indicator, a.year).cmp(&(&b.unit_id, &b.indicator, b.year))
        });
        assert_eq!(Observations::new(kept).unwrap().to_rows(), by_strings);
    }

    #[test]
    fn sparse_tables_sort_like_strings() {
        // 3,000 rows over 1,500 units × 1,500 indicators: too many (unit, indicator) pairs to
        // bucket, so the rows are sorted on packed keys; a repeated key is still found.
        let mut rows: Vec<Observation> = (0..3000u32)
            .map(|k| {
                let u = format!("u{}", (k * 7919) % 1500);
                let i = format!("i{}", (k * 104_729) % 1500);
                obs(&u, &i, 2000 + (k % 7) as i32, Some(f64::from(k)))
            })
            .collect();
        let mut expected = rows.clone();
        expected.sort_by(|a, b| {
            (&a.unit_id, &a.indicator, a.year).cmp(&(&b.unit_id, &b.indicator, b.year))
        });
        expected.dedup_by(|a, b| {
            (&a.unit_id, &a.indicator, a.year) == (&b.unit_id, &b.indicator, b.year)
        });
        let unique = expected.len();
        let table = Observations::new(expected.iter().rev().cloned().collect()).unwrap();
        assert_eq!(table.to_rows(), expected);
        assert_eq!(table.all_series().map(|s| s.len()).sum::<usize>(), unique);
        rows.push(rows[10].clone());
        let err = Observations::new(rows).unwrap_err();
        assert!(err
            .errors()
            .iter()
            .any(|e| e.kind == FieldErrorKind::DuplicateKey { first_row: 10 }));
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
