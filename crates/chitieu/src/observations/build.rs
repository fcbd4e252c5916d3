//! Building an [`Observations`] table: ids interned as they are read, rows put in key order,
//! repeated keys found.
//!
//! The readers (owned rows here, DataFrames in [`crate::frame`]) fill [`Columns`]: each id
//! cell becomes a number as it is read (consecutive equal ids, the usual panel layout, cost
//! one comparison; other ids one hash lookup), so no row owns a string. [`assemble`] then
//! numbers the distinct ids in sorted order, checks the key order in one parallel pass (a
//! sorted panel is not moved), sorts otherwise on packed integer keys, and reports every
//! repeated key against the first row that had it, without hashing a key.

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

    /// The text numbered `id`.
    pub(crate) fn text(&self, id: u32) -> Option<&'a str> {
        self.texts[id as usize]
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

    /// The text of entry `i`.
    pub(crate) fn get(&self, i: usize) -> Option<&'a str> {
        self.interner.text(self.ids[i])
    }

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

    /// A location in the input naming the entry's key.
    fn location(&self, entry: usize) -> Location {
        let row = self.rows.as_ref().map_or(entry, |r| r[entry]);
        Location {
            row: Some(row),
            ..Location::default()
        }
        .with_key(
            self.key,
            self.unit.get(entry),
            self.indicator.get(entry),
            Some(self.year[entry]),
        )
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
pub(crate) fn assemble(columns: Columns<'_>, errors: &mut Vec<FieldError>) -> Observations {
    let n = columns.year.len();
    // Number the ids in sorted order, so that integer order is text order.
    let renumber = |c: &TextColumn<'_>| {
        let (sorted, rank) = sorted_ids(&c.interner);
        let ids: Vec<u32> = c.ids.par_iter().map(|&i| rank[i as usize]).collect();
        let names: Vec<String> = sorted.into_iter().map(Option::unwrap_or_default).collect();
        (names, ids)
    };
    let (units, unit) = renumber(&columns.unit);
    let (indicators, indicator) = renumber(&columns.indicator);
    let year = &columns.year;
    let key_at = |r: usize| (unit[r], indicator[r], year[r]);
    let in_order = (1..n).into_par_iter().all(|r| key_at(r - 1) <= key_at(r));
    let order: Option<Vec<usize>> = (!in_order).then(|| {
        // Packed into one integer when the ids and years fit in 64 bits (they almost always
        // do); entries with equal keys stay in input order.
        let bits = |len: usize| usize::BITS - len.saturating_sub(1).leading_zeros();
        let (bu, bi) = (bits(units.len()), bits(indicators.len()));
        if bu + bi + 8 <= 64 {
            let start = *YEAR_RANGE.start();
            sort_order(n, |r| {
                (u64::from(unit[r]) << (bi + 8))
                    | (u64::from(indicator[r]) << 8)
                    | (year[r] - start) as u64
            })
        } else {
            sort_order(n, key_at)
        }
    });
    let at = |pos: usize| order.as_ref().map_or(pos, |o| o[pos]);

    let mut series = Vec::new();
    let mut first = 0;
    for pos in 0..n {
        let r = at(pos);
        if pos > 0 && key_at(r) == key_at(at(first)) {
            let first_row = columns.location(at(first)).row.unwrap_or_default();
            let mut location = columns.location(r);
            location.column = None;
            errors.push(FieldError::new(
                location,
                FieldErrorKind::DuplicateKey { first_row },
            ));
            continue;
        }
        first = pos;
        let same_series = series
            .last()
            .is_some_and(|s: &SeriesKey| (s.unit, s.indicator) == (unit[r], indicator[r]));
        if !same_series {
            series.push(SeriesKey {
                unit: unit[r],
                indicator: indicator[r],
                start: pos,
            });
        }
    }
    let gather = |c: &TextColumn<'_>| {
        let (dict, rank) = sorted_ids(&c.interner);
        let ids = match &order {
            None => c.ids.par_iter().map(|&i| rank[i as usize]).collect(),
            Some(o) => o.par_iter().map(|&r| rank[c.ids[r] as usize]).collect(),
        };
        Text { dict, ids }
    };
    let sources = columns.source.as_ref().map(gather);
    let flags = columns.flag.as_ref().map(gather);
    let (years, values) = match &order {
        None => (columns.year, columns.value),
        Some(o) => (
            o.par_iter().map(|&r| columns.year[r]).collect(),
            o.par_iter().map(|&r| columns.value[r]).collect(),
        ),
    };
    Observations {
        units,
        indicators,
        series,
        years,
        values,
        sources,
        flags,
    }
}

/// The entries in key order (ties in entry order), sorted on every core.
fn sort_order<K: Ord + Send>(n: usize, key: impl Fn(usize) -> K + Sync) -> Vec<usize> {
    let mut keyed: Vec<(K, usize)> = (0..n).into_par_iter().map(|r| (key(r), r)).collect();
    keyed.par_sort_unstable();
    keyed.into_par_iter().map(|(_, r)| r).collect()
}
