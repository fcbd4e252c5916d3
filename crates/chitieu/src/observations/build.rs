//! Building an [`Observations`] table: ids interned as they are read, rows put in key order,
//! repeated keys found.
//!
//! The readers (owned rows here, DataFrames in [`crate::frame`]) fill [`Columns`]: each id
//! cell becomes a number as it is read (consecutive equal ids, the usual panel layout, cost
//! one comparison; other ids one hash lookup), so no row owns a string. [`assemble`] then
//! numbers the distinct ids in sorted order, checks the key order in one parallel pass (a
//! sorted panel is not moved), sorts otherwise on packed integer keys, and reports every
//! repeated key against the first row that had it, without hashing a key.

use std::sync::OnceLock;

use rayon::prelude::*;

use super::{
    FieldError, FieldErrorKind, KeyColumn, Location, Observation, Observations, SeriesKey, Text,
    YEAR_RANGE,
};

/// Distinct texts of a column numbered in first-seen order (`None`: an empty cell).
#[derive(Default)]
pub(crate) struct Interner<'a> {
    ids: foldhash::HashMap<Option<&'a str>, u32>,
    texts: Vec<Option<&'a str>>,
    last: Option<(Option<&'a str>, u32)>,
    /// Numbers of short texts by their 16-byte Arrow view, which holds a text of up to 12
    /// bytes whole (length and bytes): equal views are equal texts, found without hashing
    /// or comparing the text. Only DataFrame reading has views.
    #[cfg(feature = "polars")]
    short: foldhash::HashMap<u128, u32>,
    #[cfg(feature = "polars")]
    last_short: Option<(u128, u32)>,
}

impl<'a> Interner<'a> {
    /// The number of `text`, given a new one when first seen.
    pub(crate) fn id(&mut self, text: Option<&'a str>) -> u32 {
        if let Some((last, id)) = self.last {
            if last == text {
                return id;
            }
        }
        let next = self.texts.len() as u32; // at most one text per row: rows ≤ u32::MAX
        let id = *self.ids.entry(text).or_insert(next);
        if id == next {
            self.texts.push(text);
        }
        self.last = Some((text, id));
        id
    }

    #[cfg(feature = "polars")]
    /// The number of a short text given its inline Arrow view (see `short`).
    pub(crate) fn id_short(&mut self, view: u128, text: &'a str) -> u32 {
        if let Some((last, id)) = self.last_short {
            if last == view {
                return id;
            }
        }
        let id = match self.short.get(&view) {
            Some(&id) => id,
            None => {
                let id = self.id(Some(text));
                self.short.insert(view, id);
                id
            }
        };
        self.last_short = Some((view, id));
        id
    }

    #[cfg(feature = "polars")]
    /// The text numbered `id`.
    pub(crate) fn text(&self, id: u32) -> Option<&'a str> {
        self.texts[id as usize]
    }

    #[cfg(feature = "polars")]
    /// The distinct texts, by number.
    pub(crate) fn texts(&self) -> &[Option<&'a str>] {
        &self.texts
    }
}

/// A text column as read: each cell's number in its [`Interner`].
#[derive(Default)]
pub(crate) struct TextColumn<'a> {
    pub(crate) interner: Interner<'a>,
    pub(crate) ids: Vec<u32>,
}

impl<'a> TextColumn<'a> {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Self {
            interner: Interner::default(),
            ids: Vec::with_capacity(n),
        }
    }

    pub(crate) fn push(&mut self, text: Option<&'a str>) {
        let id = self.interner.id(text);
        self.ids.push(id);
    }

    #[cfg(feature = "polars")]
    /// Pushes a text of at most 12 bytes, given its inline Arrow view.
    pub(crate) fn push_short(&mut self, view: u128, text: &'a str) {
        let id = self.interner.id_short(view, text);
        self.ids.push(id);
    }

    #[cfg(feature = "polars")]
    /// The text of entry `i`.
    pub(crate) fn get(&self, i: usize) -> Option<&'a str> {
        self.interner.text(self.ids[i])
    }

    #[cfg(feature = "polars")]
    /// For each distinct text (by number), whether it is empty or blank (an error in an id
    /// column).
    pub(crate) fn blank_texts(&self) -> Vec<bool> {
        let texts = &self.interner.texts;
        texts
            .iter()
            .map(|t| t.is_none_or(|s| s.trim().is_empty()))
            .collect()
    }

    /// Keeps the entries `keep` says, in order.
    fn retain(&mut self, keep: &[usize]) {
        self.ids = keep.iter().map(|&r| self.ids[r]).collect();
    }
}

/// A long table as read, one entry per valid row, before ordering.
pub(crate) struct Columns<'a> {
    pub(crate) key: KeyColumn,
    pub(crate) unit: TextColumn<'a>,
    pub(crate) indicator: TextColumn<'a>,
    pub(crate) year: Vec<i32>,
    pub(crate) value: Vec<Option<f64>>,
    pub(crate) source: Option<TextColumn<'a>>,
    pub(crate) flag: Option<TextColumn<'a>>,
    /// The input row of each entry, once rows with errors have been left out (`None`: every
    /// row kept, entry `i` is row `i`).
    pub(crate) rows: Option<Vec<usize>>,
}

impl<'a> Columns<'a> {
    /// Leaves out the rows that `bad` marks (rows with errors), remembering the input row of
    /// each entry kept.
    pub(crate) fn drop_rows(&mut self, bad: &[bool]) {
        let keep: Vec<usize> = (0..bad.len()).filter(|&r| !bad[r]).collect();
        self.unit.retain(&keep);
        self.indicator.retain(&keep);
        self.year = keep.iter().map(|&r| self.year[r]).collect();
        self.value = keep.iter().map(|&r| self.value[r]).collect();
        for c in [&mut self.source, &mut self.flag].into_iter().flatten() {
            c.retain(&keep);
        }
        self.rows = Some(keep);
    }
}

/// Reads owned rows (validating each when `validate`) and assembles the table; returns it
/// with every error found (the table is meaningful only when there is none).
pub(crate) fn from_rows(
    rows: &[Observation],
    key: KeyColumn,
    validate: bool,
) -> (Observations, Vec<FieldError>) {
    let n = rows.len();
    let mut errors = Vec::new();
    if let Some(e) = too_many_rows(n) {
        return (Observations::default(), vec![e]);
    }
    let mut bad = vec![false; if validate { n } else { 0 }];
    if validate {
        for (row, o) in rows.iter().enumerate() {
            bad[row] = check_row(row, o, key, &mut errors);
        }
    }
    let has_text = |f: fn(&Observation) -> bool| rows.iter().any(f);
    let text_column = |present: bool, f: fn(&Observation) -> Option<&str>| {
        present.then(|| {
            let mut c = TextColumn::with_capacity(n);
            rows.iter().for_each(|o| c.push(f(o)));
            c
        })
    };
    let mut columns = Columns {
        key,
        unit: TextColumn::with_capacity(n),
        indicator: TextColumn::with_capacity(n),
        year: rows.iter().map(|o| o.year).collect(),
        value: rows.iter().map(|o| o.value).collect(),
        source: text_column(has_text(|o| o.source.is_some()), |o| o.source.as_deref()),
        flag: text_column(has_text(|o| o.flag.is_some()), |o| o.flag.as_deref()),
        rows: None,
    };
    for o in rows {
        columns.unit.push(Some(&o.unit_id));
        columns.indicator.push(Some(&o.indicator));
    }
    if bad.contains(&true) {
        columns.drop_rows(&bad);
    }
    let table = assemble(columns, &mut errors);
    (table, errors)
}

/// The error of a table of `n` rows when it is too long: tables are limited to `u32::MAX`
/// rows (ids are numbered with 32 bits).
pub(crate) fn too_many_rows(n: usize) -> Option<FieldError> {
    u32::try_from(n)
        .is_err()
        .then(|| FieldError::new(Location::default(), FieldErrorKind::TooManyRows { rows: n }))
}

/// Checks one owned row; true when it has an error.
fn check_row(row: usize, o: &Observation, key: KeyColumn, errors: &mut Vec<FieldError>) -> bool {
    let before = errors.len();
    let at = |column: &'static str| {
        Location::row(row, column).with_key(key, Some(&o.unit_id), Some(&o.indicator), Some(o.year))
    };
    for (column, id) in [("unit_id", &o.unit_id), (key.name(), &o.indicator)] {
        if id.trim().is_empty() {
            errors.push(FieldError::new(
                at(column),
                FieldErrorKind::EmptyId { column },
            ));
        }
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
    errors.len() > before
}

/// The distinct texts sorted, and each first-seen number's position among them.
fn sorted_ids(interner: &Interner<'_>) -> (Vec<Option<String>>, Vec<u32>) {
    let texts = &interner.texts;
    let mut order: Vec<u32> = (0..texts.len() as u32).collect();
    order.sort_unstable_by_key(|&i| texts[i as usize]);
    let mut rank = vec![0; texts.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    let sorted = order
        .iter()
        .map(|&i| texts[i as usize].map(str::to_owned))
        .collect();
    (sorted, rank)
}

/// Orders the entries by key, finds repeated keys (each reported against the first input
/// row that had it) and builds the table.
///
/// Ids are renumbered in sorted order (integer order is text order). A table already in key
/// order is kept as it is. Otherwise, when the (unit, indicator) pairs are few enough to
/// count (at most one per row: every panel), rows are bucketed by series in two passes and
/// each series sorted by year; else they are sorted on packed integer keys.
pub(crate) fn assemble(columns: Columns<'_>, errors: &mut Vec<FieldError>) -> Observations {
    let n = columns.year.len();
    // In place: the ids as read are not needed afterwards.
    let renumber = |c: &mut TextColumn<'_>| {
        let (sorted, rank) = sorted_ids(&c.interner);
        let mut ids = std::mem::take(&mut c.ids);
        ids.par_iter_mut().for_each(|i| *i = rank[*i as usize]);
        let names: Vec<String> = sorted.into_iter().map(Option::unwrap_or_default).collect();
        (names, ids)
    };
    let mut columns = columns;
    let (mut unit_column, mut indicator_column) = (
        std::mem::take(&mut columns.unit),
        std::mem::take(&mut columns.indicator),
    );
    let ((units, unit), (indicators, indicator)) = rayon::join(
        || renumber(&mut unit_column),
        || renumber(&mut indicator_column),
    );
    let year = &columns.year;
    let key_at = |r: usize| (unit[r], indicator[r], year[r]);
    let in_order = (1..n).into_par_iter().all(|r| key_at(r - 1) <= key_at(r));

    // The entries in key order, as (year, entry) runs, one run per series.
    let (series, arranged): (Vec<SeriesKey>, Option<Vec<(i32, u32)>>) = if in_order {
        (series_starts(0..n, &unit, &indicator), None)
    } else {
        let pairs = units.len().max(1) as u64 * indicators.len().max(1) as u64;
        let (series, arranged) = if pairs <= n as u64 + 1024 {
            by_series(&unit, &indicator, year, indicators.len().max(1))
        } else {
            by_sorting(&unit, &indicator, year, units.len(), indicators.len())
        };
        (series, Some(arranged))
    };
    // Repeated keys: equal years side by side within a series, the first input row first.
    let input_row = |e: usize| columns.rows.as_ref().map_or(e, |r| r[e]);
    let locate = |e: usize| {
        Location {
            row: Some(input_row(e)),
            ..Location::default()
        }
        .with_key(
            columns.key,
            Some(&units[unit[e] as usize]),
            Some(&indicators[indicator[e] as usize]),
            Some(year[e]),
        )
    };
    let entry = |pos: usize| arranged.as_ref().map_or(pos, |a| a[pos].1 as usize);
    let year_at = |pos: usize| arranged.as_ref().map_or(year[pos], |a| a[pos].0);
    for (k, s) in series.iter().enumerate() {
        let end = series.get(k + 1).map_or(n, |next| next.start);
        let mut first = s.start;
        for pos in s.start + 1..end {
            if year_at(pos) == year_at(first) {
                let location = locate(entry(pos));
                errors.push(FieldError::new(
                    location,
                    FieldErrorKind::DuplicateKey {
                        first_row: input_row(entry(first)),
                    },
                ));
            } else {
                first = pos;
            }
        }
    }
    let gather = |c: &TextColumn<'_>| {
        let (dict, rank) = sorted_ids(&c.interner);
        let ids = match &arranged {
            None => c.ids.par_iter().map(|&i| rank[i as usize]).collect(),
            Some(a) => a
                .par_iter()
                .map(|&(_, r)| rank[c.ids[r as usize] as usize])
                .collect(),
        };
        Text { dict, ids }
    };
    let sources = columns.source.as_ref().map(gather);
    let flags = columns.flag.as_ref().map(gather);
    let (years, values) = match &arranged {
        None => (columns.year, columns.value),
        Some(a) => (
            a.par_iter().map(|&(y, _)| y).collect(),
            a.par_iter()
                .map(|&(_, r)| columns.value[r as usize])
                .collect(),
        ),
    };
    let mut unit_series = vec![0u32; units.len() + 1];
    for s in &series {
        unit_series[s.unit as usize + 1] += 1;
    }
    for u in 0..units.len() {
        unit_series[u + 1] += unit_series[u];
    }
    Observations {
        units,
        indicators,
        series,
        unit_series,
        years,
        values,
        sources,
        flags,
        unit_index: OnceLock::new(),
    }
}

/// Entries bucketed by (unit, indicator) in two passes (count, then place), each bucket
/// then sorted by year (ties in entry order): the series and the (year, entry) runs.
fn by_series(
    unit: &[u32],
    indicator: &[u32],
    year: &[i32],
    indicators: usize,
) -> (Vec<SeriesKey>, Vec<(i32, u32)>) {
    let n = year.len();
    let bucket = |r: usize| unit[r] as usize * indicators + indicator[r] as usize;
    let buckets = (unit.iter().max().map_or(0, |&u| u as usize) + 1) * indicators;
    // Positions fit in u32: tables hold at most u32::MAX rows.
    let mut start = vec![0u32; buckets + 1];
    for r in 0..n {
        start[bucket(r) + 1] += 1;
    }
    for b in 0..buckets {
        start[b + 1] += start[b];
    }
    let mut next = start.clone();
    let mut arranged = vec![(0i32, 0u32); n];
    for (r, &y) in year.iter().enumerate() {
        let b = bucket(r);
        arranged[next[b] as usize] = (y, r as u32);
        next[b] += 1;
    }
    let series: Vec<SeriesKey> = (0..buckets)
        .filter(|&b| start[b + 1] > start[b])
        .map(|b| SeriesKey {
            unit: (b / indicators) as u32,
            indicator: (b % indicators) as u32,
            start: start[b] as usize,
        })
        .collect();
    sort_runs(&mut arranged, &series);
    (series, arranged)
}

/// Sorts each series' run of (year, entry) pairs, on every core (runs split into pieces of
/// about equal size at series boundaries).
fn sort_runs(arranged: &mut [(i32, u32)], series: &[SeriesKey]) {
    let n = arranged.len();
    let pieces = 4 * rayon::current_num_threads();
    let mut rest = arranged;
    let mut offset = 0;
    let mut jobs = Vec::with_capacity(pieces);
    let mut k = 0;
    for p in 1..=pieces {
        let target = n * p / pieces;
        let first = k;
        while k < series.len() && series[k].start < target.max(offset + 1) {
            k += 1;
        }
        let end = series.get(k).map_or(n, |s| s.start);
        let (piece, tail) = rest.split_at_mut(end - offset);
        jobs.push((piece, offset, &series[first..k]));
        rest = tail;
        offset = end;
    }
    jobs.into_par_iter().for_each(|(piece, offset, series)| {
        for (i, s) in series.iter().enumerate() {
            let end = series.get(i + 1).map_or(offset + piece.len(), |x| x.start);
            // (year, entry) pairs are distinct: unstable is exact.
            piece[s.start - offset..end - offset].sort_unstable();
        }
    });
}

/// Entries sorted on packed integer keys (tables with very many sparse series).
fn by_sorting(
    unit: &[u32],
    indicator: &[u32],
    year: &[i32],
    units: usize,
    indicators: usize,
) -> (Vec<SeriesKey>, Vec<(i32, u32)>) {
    let n = year.len();
    let bits = |len: usize| usize::BITS - len.saturating_sub(1).leading_zeros();
    let (bu, bi) = (bits(units), bits(indicators));
    let order = if bu + bi + 8 <= 64 {
        let start = *YEAR_RANGE.start();
        sort_order(n, |r| {
            (u64::from(unit[r]) << (bi + 8))
                | (u64::from(indicator[r]) << 8)
                | (year[r] - start) as u64
        })
    } else {
        sort_order(n, |r| (unit[r], indicator[r], year[r]))
    };
    let series = series_starts(order.iter().copied(), unit, indicator);
    let arranged = order.iter().map(|&r| (year[r], r as u32)).collect();
    (series, arranged)
}

/// The series of entries taken in key order (`order` yields entry numbers): where each
/// (unit, indicator) starts, as positions in that order.
fn series_starts(
    order: impl Iterator<Item = usize>,
    unit: &[u32],
    indicator: &[u32],
) -> Vec<SeriesKey> {
    let mut series: Vec<SeriesKey> = Vec::new();
    for (pos, r) in order.enumerate() {
        if series
            .last()
            .is_none_or(|s| (s.unit, s.indicator) != (unit[r], indicator[r]))
        {
            series.push(SeriesKey {
                unit: unit[r],
                indicator: indicator[r],
                start: pos,
            });
        }
    }
    series
}

/// The entries in key order (ties in entry order), sorted on every core.
fn sort_order<K: Ord + Send>(n: usize, key: impl Fn(usize) -> K + Sync) -> Vec<usize> {
    let mut keyed: Vec<(K, usize)> = (0..n).into_par_iter().map(|r| (key(r), r)).collect();
    keyed.par_sort_unstable();
    keyed.into_par_iter().map(|(_, r)| r).collect()
}
