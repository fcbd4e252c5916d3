//! Building an [`Observations`] table: ids interned as they are read, rows put in key order,
//! repeated keys found.
//!
//! The readers (owned rows here, DataFrames in [`crate::frame`]) fill [`Columns`]: each id
//! cell becomes a number as it is read (consecutive equal ids, the usual panel layout, cost
//! one comparison; other ids one hash lookup), so no row owns a string. [`assemble`] then
//! numbers the distinct ids in sorted order, checks the key order in one parallel pass (a
//! sorted panel is not moved), sorts otherwise on packed integer keys, and reports every
//! repeated key against the first row that had it, without hashing a key.

use std::borrow::Cow;
use std::sync::OnceLock;

use rayon::prelude::*;

use super::{
    store, FieldError, FieldErrorKind, KeyColumn, Location, Observation, Observations, SeriesKey,
    Text, YEAR_RANGE,
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

/// A value column as read: cells converted while reading, or the input's own `f64` buffers
/// and validity bitmaps (a Float64 column is not copied before it is put in key order).
pub(crate) enum Values<'a> {
    /// Cells as converted (owned), or borrowed from rows that hold them.
    Cells(Cow<'a, [Option<f64>]>),
    #[cfg(feature = "polars")]
    Arrow(ArrowValues<'a>),
}

/// One chunk of a Float64 column: its values and validity bitmap.
#[cfg(feature = "polars")]
#[derive(Clone, Copy)]
pub(crate) struct ValueChunk<'a> {
    pub(crate) values: &'a [f64],
    /// The validity bitmap's bytes and the bit of the first value (`None`: no null).
    pub(crate) validity: Option<(&'a [u8], usize)>,
}

#[cfg(feature = "polars")]
impl ValueChunk<'_> {
    pub(crate) fn get(&self, i: usize) -> Option<f64> {
        let valid = self.validity.is_none_or(|(bytes, offset)| {
            let bit = offset + i;
            bytes[bit >> 3] >> (bit & 7) & 1 == 1
        });
        valid.then(|| self.values[i])
    }
}

/// The chunks of a Float64 column, addressed by row.
#[cfg(feature = "polars")]
pub(crate) struct ArrowValues<'a> {
    chunks: Vec<ValueChunk<'a>>,
    /// The first row of each chunk, and the row count last.
    starts: Vec<usize>,
    /// The length of every chunk but the last when they are all equal and the last is not
    /// longer (a parquet file's row groups): a row's chunk is then found by division.
    uniform: Option<usize>,
}

#[cfg(feature = "polars")]
impl<'a> ArrowValues<'a> {
    pub(crate) fn new(chunks: Vec<ValueChunk<'a>>) -> Self {
        let mut starts = vec![0];
        for c in &chunks {
            starts.push(starts.last().copied().unwrap_or(0) + c.values.len());
        }
        let first = chunks.first().map_or(0, |c| c.values.len());
        let uniform = (first > 0
            && chunks.iter().rev().skip(1).all(|c| c.values.len() == first)
            && chunks.last().is_some_and(|c| c.values.len() <= first))
        .then_some(first);
        Self {
            chunks,
            starts,
            uniform,
        }
    }

    /// Every chunk with its first row.
    pub(crate) fn chunks(&self) -> impl Iterator<Item = (usize, &ValueChunk<'a>)> + '_ {
        self.starts.iter().copied().zip(&self.chunks)
    }

    fn get(&self, r: usize) -> Option<f64> {
        let k = match self.uniform {
            Some(len) => r / len,
            None => self.starts.partition_point(|&s| s <= r) - 1,
        };
        self.chunks[k].get(r - self.starts[k])
    }

    fn len(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }
}

impl Values<'_> {
    /// The value of entry `r` (`None`: missing).
    pub(crate) fn get(&self, r: usize) -> Option<f64> {
        match self {
            Self::Cells(c) => c[r],
            #[cfg(feature = "polars")]
            Self::Arrow(a) => a.get(r),
        }
    }

    /// Every entry's value, in entry order.
    /// The values in row order, a missing value as NaN (the table's storage).
    fn into_stored(self) -> Vec<f64> {
        match self {
            Self::Cells(c) => c.par_iter().map(|&v| store(v)).collect(),
            #[cfg(feature = "polars")]
            Self::Arrow(a) => (0..a.len())
                .into_par_iter()
                .map(|r| store(a.get(r)))
                .collect(),
        }
    }
}

/// A long table as read, one entry per valid row, before ordering.
pub(crate) struct Columns<'a> {
    pub(crate) key: KeyColumn,
    pub(crate) unit: TextColumn<'a>,
    pub(crate) indicator: TextColumn<'a>,
    /// Years as read, or the input's own Int32 buffer.
    pub(crate) year: Cow<'a, [i32]>,
    pub(crate) value: Values<'a>,
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
        self.year = Cow::Owned(keep.iter().map(|&r| self.year[r]).collect());
        self.value = Values::Cells(keep.iter().map(|&r| self.value.get(r)).collect());
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
        year: Cow::Owned(rows.iter().map(|o| o.year).collect()),
        value: Values::Cells(rows.iter().map(|o| o.value).collect()),
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
    let year: &[i32] = &columns.year;
    let key_at = |r: usize| (unit[r], indicator[r], year[r]);
    let in_order = (1..n).into_par_iter().all(|r| key_at(r - 1) <= key_at(r));

    // The entries in key order (`None`: as they are), one run per series. Each entry's ids
    // are not needed once its series is known (the series hold them): bucketing frees them
    // as soon as it has read them.
    let (series, order): (Vec<SeriesKey>, Option<Vec<Placed>>) = if in_order {
        (series_starts(0..n, &unit, &indicator), None)
    } else {
        let pairs = units.len().max(1) as u64 * indicators.len().max(1) as u64;
        let (series, order) = if pairs <= n as u64 + 1024 {
            by_series(
                unit,
                indicator,
                year,
                &columns.value,
                indicators.len().max(1),
            )
        } else {
            by_sorting(
                &unit,
                &indicator,
                year,
                &columns.value,
                units.len(),
                indicators.len(),
            )
        };
        (series, Some(order))
    };
    let entry = |pos: usize| order.as_ref().map_or(pos, |o| o[pos].1 as usize);
    let year_at = |pos: usize| order.as_ref().map_or(year[pos], |o| o[pos].0);
    // Repeated keys: equal years side by side within a series, the first input row first.
    let input_row = |e: usize| columns.rows.as_ref().map_or(e, |r| r[e]);
    let locate = |e: usize, s: &SeriesKey| {
        Location {
            row: Some(input_row(e)),
            ..Location::default()
        }
        .with_key(
            columns.key,
            Some(&units[s.unit as usize]),
            Some(&indicators[s.indicator as usize]),
            Some(year[e]),
        )
    };
    for (k, s) in series.iter().enumerate() {
        let end = series.get(k + 1).map_or(n, |next| next.start);
        let mut first = s.start;
        for pos in s.start + 1..end {
            if year_at(pos) == year_at(first) {
                let location = locate(entry(pos), s);
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
        let ids = match &order {
            None => c.ids.par_iter().map(|&i| rank[i as usize]).collect(),
            Some(o) => o
                .par_iter()
                .map(|p| rank[c.ids[p.1 as usize] as usize])
                .collect(),
        };
        Text { dict, ids }
    };
    let sources = columns.source.as_ref().map(gather);
    let flags = columns.flag.as_ref().map(gather);
    let (years, values) = match order {
        None => (columns.year.into_owned(), columns.value.into_stored()),
        Some(o) => {
            let years = o.par_iter().map(|p| p.0).collect();
            let values = o.par_iter().map(|p| p.2).collect();
            (years, values)
        }
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

/// An entry in key order: (year, entry, value), a missing value as NaN (values are finite:
/// non-finite ones are errors).
type Placed = (i32, u32, f64);

/// An entry on its way to its series (16 bytes): its bucket's position within its
/// partition (high 24 bits) and its year from 1900 (low 8 bits: years are 1900..=2100), the
/// entry and its value.
#[derive(Clone, Copy)]
struct Staged {
    key: u32,
    entry: u32,
    value: f64,
}

/// A pointer to entries that threads write at positions no other thread writes.
struct Disjoint<T>(*mut T);

// SAFETY: shared only among threads that write disjoint positions of one live buffer (see
// its uses), never read while written.
unsafe impl<T: Send> Sync for Disjoint<T> {}

impl<T> Disjoint<T> {
    /// # Safety
    /// `i` is within the buffer and no other thread writes or reads position `i`.
    unsafe fn write(&self, i: usize, value: T) {
        unsafe { self.0.add(i).write(value) }
    }
}

/// Entries bucketed by (unit, indicator), each bucket then sorted by year (ties in entry
/// order): the series and the entries in key order. Values travel with their entry, read
/// as the input is read in order.
///
/// A two-pass radix partition, on every core: entries are first spread over up to 1,024
/// partitions by the high bits of their bucket (a few write streams per thread, which the
/// caches hold), then each partition, small enough for the caches, is counted and placed by
/// bucket. A single pass would write every entry to a random place in a table larger than
/// the caches.
fn by_series(
    unit: Vec<u32>,
    indicator: Vec<u32>,
    year: &[i32],
    value: &Values<'_>,
    indicators: usize,
) -> (Vec<SeriesKey>, Vec<Placed>) {
    let n = year.len();
    let bucket = |r: usize| (unit[r] as usize * indicators + indicator[r] as usize) as u32;
    let buckets = (unit.iter().max().map_or(0, |&u| u as usize) + 1) * indicators;
    let bits = usize::BITS - buckets.saturating_sub(1).leading_zeros();
    // Partitions of 2^shift buckets: at most 1,024 partitions, and a bucket's position within
    // its partition fits the 24 bits `Staged` has for it.
    let shift = bits.saturating_sub(10);
    debug_assert!(shift <= 24);
    let partitions = (buckets >> shift) + 1;
    let part = |b: u32| (b >> shift) as usize;

    // Pass 1: count each piece's entries per partition, then spread them.
    let pieces = (4 * rayon::current_num_threads()).clamp(1, n / 4096 + 1);
    let piece = |k: usize| n * k / pieces..n * (k + 1) / pieces;
    let counts: Vec<Vec<u32>> = (0..pieces)
        .into_par_iter()
        .map(|k| {
            let mut c = vec![0u32; partitions];
            for r in piece(k) {
                c[part(bucket(r))] += 1;
            }
            c
        })
        .collect();
    // Where each piece writes each partition's entries: partitions in order, and within a
    // partition the pieces in input order (so a bucket keeps its entries in input order).
    let mut offsets = vec![vec![0usize; partitions]; pieces];
    let mut part_start = vec![0usize; partitions + 1];
    let mut at = 0;
    for p in 0..partitions {
        part_start[p] = at;
        for k in 0..pieces {
            offsets[k][p] = at;
            at += counts[k][p] as usize;
        }
    }
    part_start[partitions] = at;
    let mut staged: Vec<Staged> = Vec::with_capacity(n);
    let out = Disjoint(staged.as_mut_ptr());
    offsets
        .into_par_iter()
        .enumerate()
        .for_each(|(k, mut next)| {
            for r in piece(k) {
                let b = bucket(r);
                let p = part(b);
                let within = b - ((p as u32) << shift);
                let staged = Staged {
                    key: within << 8 | (year[r] - YEAR_RANGE.start()) as u32,
                    entry: r as u32,
                    value: store(value.get(r)),
                };
                // SAFETY: `next[p]` walks this piece's own range of partition `p`, inside
                // `0..n` (the counts sum to n); no other piece writes it.
                unsafe { out.write(next[p], staged) };
                next[p] += 1;
            }
        });
    // SAFETY: every position of `0..n` was written once above (the ranges partition it).
    unsafe { staged.set_len(n) };
    drop((unit, indicator));

    // Pass 2: each partition counted and placed by bucket, into the same range of the
    // output (partitions are in bucket order).
    let mut order: Vec<Placed> = vec![(0, 0, 0.0); n];
    let mut ranges: Vec<(usize, &mut [Placed])> = Vec::with_capacity(partitions);
    let mut rest = order.as_mut_slice();
    for p in 0..partitions {
        let (head, tail) = rest.split_at_mut(part_start[p + 1] - part_start[p]);
        ranges.push((p, head));
        rest = tail;
    }
    let width = 1usize << shift;
    let bucket_counts: Vec<Vec<u32>> = ranges
        .into_par_iter()
        .map(|(p, dest)| {
            let from = &staged[part_start[p]..part_start[p + 1]];
            let mut start = vec![0u32; width + 1];
            for s in from {
                start[(s.key >> 8) as usize + 1] += 1;
            }
            let counts = start[1..].to_vec();
            for i in 0..width {
                start[i + 1] += start[i];
            }
            for s in from {
                let i = (s.key >> 8) as usize;
                let year = (s.key & 0xff) as i32 + YEAR_RANGE.start();
                dest[start[i] as usize] = (year, s.entry, s.value);
                start[i] += 1;
            }
            counts
        })
        .collect();
    drop(staged);
    let mut series = Vec::new();
    let mut at = 0;
    for (p, counts) in bucket_counts.iter().enumerate() {
        for (i, &c) in counts.iter().enumerate() {
            if c > 0 {
                let b = (p << shift) + i;
                series.push(SeriesKey {
                    unit: (b / indicators) as u32,
                    indicator: (b % indicators) as u32,
                    start: at,
                });
                at += c as usize;
            }
        }
    }
    sort_runs(&mut order, &series);
    (series, order)
}

/// Sorts each series' run of entries by (year, entry), on every core (runs split into
/// pieces of about equal size at series boundaries).
fn sort_runs(order: &mut [Placed], series: &[SeriesKey]) {
    let n = order.len();
    let pieces = 4 * rayon::current_num_threads();
    let mut rest = order;
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
            piece[s.start - offset..end - offset].sort_unstable_by_key(|p| (p.0, p.1));
        }
    });
}

/// Entries sorted on packed integer keys (tables with very many sparse series).
fn by_sorting(
    unit: &[u32],
    indicator: &[u32],
    year: &[i32],
    value: &Values<'_>,
    units: usize,
    indicators: usize,
) -> (Vec<SeriesKey>, Vec<Placed>) {
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
    let placed = order
        .iter()
        .map(|&r| (year[r], r as u32, store(value.get(r))))
        .collect();
    (series, placed)
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
