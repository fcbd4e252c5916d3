//! Scorecards as DataFrames.

use polars::prelude::*;
use rayon::prelude::*;

use super::repeated_text;
use super::text::SharedText;
use crate::catalog::Catalog;
use crate::progress::Status;
use crate::registry::Registry;
use crate::score::{summarise, Run, ScoreRow, SetSummary};

/// The status classes as a polars Enum dtype, best first (for sorting and charts).
pub fn status_dtype() -> PolarsResult<DataType> {
    let categories = FrozenCategories::new(Status::ALL.iter().map(|s| s.code()))?;
    Ok(DataType::from_frozen_categories(categories))
}

/// The status (Enum) and its Vietnamese and English labels as three columns.
fn status_columns(statuses: impl Iterator<Item = Status> + Clone) -> PolarsResult<[Column; 3]> {
    let code = Column::new(
        "status".into(),
        statuses.clone().map(Status::code).collect::<Vec<_>>(),
    )
    .cast(&status_dtype()?)?;
    let vi = repeated_text("status_vi", statuses.clone().map(|s| Some(s.label_vi())))?;
    let en = repeated_text("status_en", statuses.map(|s| Some(s.label_en())))?;
    Ok([code, vi, en])
}

/// The status classes, best first: `status` (Enum), `label_vi`, `label_en`, `symbol`,
/// `colour` and `text_colour` (hex RGB; colour-blind-safe fills, see [`Status::colour`]).
pub fn statuses_to_frame() -> PolarsResult<DataFrame> {
    let all = Status::ALL;
    let text = |name: &str, f: fn(Status) -> &'static str| {
        Column::new(name.into(), all.iter().map(|s| f(*s)).collect::<Vec<_>>())
    };
    DataFrame::new(
        all.len(),
        vec![
            text("status", Status::code).cast(&status_dtype()?)?,
            text("label_vi", Status::label_vi),
            text("label_en", Status::label_en),
            text("symbol", Status::symbol),
            text("colour", Status::colour),
            text("text_colour", Status::text_colour),
        ],
    )
}

/// One row per (unit, target), with bilingual indicator names and status labels.
pub fn scorecard_to_frame(rows: &[ScoreRow], catalog: &Catalog) -> PolarsResult<DataFrame> {
    // Parts of the rows built on every core, then stacked (one chunk per part).
    let parts = rayon::current_num_threads().clamp(1, rows.len().div_ceil(50_000).max(1));
    let size = rows.len().div_ceil(parts).max(1);
    let frames: Vec<PolarsResult<DataFrame>> = rows
        .par_chunks(size)
        .map(|part| scorecard_part(part, catalog))
        .collect();
    stack(frames, || scorecard_part(&[], catalog))
}

/// Rows per part of [`scorecard_frames`]: at most [`PART_ROWS`] (the rows of the parts being
/// built, one per core, are then a small share of the scorecard), and small enough that a
/// run gives every core several parts (else a run of a few thousand rows is one part, on
/// one core), but not below [`MIN_PART_ROWS`] (each part has its own column chunks).
fn part_rows(jobs: usize) -> usize {
    let parts = 4 * rayon::current_num_threads();
    jobs.div_ceil(parts).clamp(MIN_PART_ROWS, PART_ROWS)
}

const PART_ROWS: usize = 32_768;
const MIN_PART_ROWS: usize = 512;

/// Scores a run and returns its scorecard ([`scorecard_to_frame`]) and summary
/// ([`summary_to_frame`]) without holding every row: the run is scored in parts on every
/// core, each part turned into columns and its rows freed at once.
///
/// ```
/// use chitieu::catalog::Catalog;
/// use chitieu::frame::scorecard_frames;
/// use chitieu::score::{Run, ScoreOptions};
/// use chitieu::targets::TargetSet;
/// use chitieu::{Observation, Observations};
///
/// let set = TargetSet::builtin("lai-chau-69-kl-tw-2024").unwrap();
/// let obs = Observations::new(vec![
///     Observation::new("lai-chau", "researchers_per_10k", 2015, Some(4.0)),
///     Observation::new("lai-chau", "researchers_per_10k", 2023, Some(6.0)),
/// ])?;
/// let options = ScoreOptions::default();
/// let run = Run::new(&obs, std::slice::from_ref(&set), Catalog::builtin(), &options)?;
/// let (card, summary) = scorecard_frames(&run)?;
/// assert_eq!(card.height(), set.targets.len());
/// assert_eq!(summary.height(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn scorecard_frames(run: &Run<'_>) -> PolarsResult<(DataFrame, DataFrame)> {
    let catalog = run.catalog();
    let parts = run.parts(part_rows(run.jobs()), |rows| {
        (scorecard_part(rows, catalog), summarise(rows))
    });
    let mut frames = Vec::with_capacity(parts.len());
    let mut summaries = Vec::new();
    for (frame, summary) in parts {
        frames.push(frame);
        summaries.extend(summary);
    }
    // Each part's summaries are in key order; a (unit, set) is never split between parts.
    summaries.sort_by(|a, b| (&a.unit_id, &a.set_id).cmp(&(&b.unit_id, &b.set_id)));
    let card = stack(frames, || scorecard_part(&[], catalog))?;
    Ok((card, summary_to_frame(&summaries)?))
}

/// The parts stacked in order (an empty frame with the columns when there is none).
fn stack(
    parts: Vec<PolarsResult<DataFrame>>,
    empty: impl FnOnce() -> PolarsResult<DataFrame>,
) -> PolarsResult<DataFrame> {
    let mut parts = parts.into_iter();
    let mut out = match parts.next() {
        Some(first) => first?,
        None => empty()?,
    };
    for f in parts {
        out.vstack_mut_owned(f?)?;
    }
    Ok(out)
}

/// The names of the text columns, in the order [`scorecard_part`] fills them.
const TEXT_COLUMNS: [&str; 21] = [
    "unit_id",
    "unit_vi",
    "unit_en",
    "set_id",
    "target_id",
    "indicator",
    "indicator_vi",
    "indicator_en",
    "indicator_unit",
    "kind",
    "provenance",
    "status_vi",
    "status_en",
    "method",
    "method_vi",
    "measure",
    "scale",
    "projection",
    "feasibility",
    "note",
    "note_vi",
];

/// The names of the number columns, in the order [`scorecard_part`] fills them.
const NUMBER_COLUMNS: [&str; 13] = [
    "base_value",
    "latest_value",
    "target_value",
    "gap_closed",
    "cagr_observed",
    "cagr_required",
    "ratio",
    "limit_factor",
    "score",
    "annual_change_required",
    "projected",
    "projected_ratio",
    "feasibility_percentile",
];

fn scorecard_part(rows: &[ScoreRow], catalog: &Catalog) -> PolarsResult<DataFrame> {
    // One pass over the rows, filling every column: rows are large, and a pass per column
    // would read them some thirty times. Texts go straight into Arrow views, each distinct
    // text stored once (see `SharedText`); numbers into Arrow buffers with a validity bitmap.
    let n = rows.len();
    let mut text: [SharedText<'_>; 21] = std::array::from_fn(|_| SharedText::with_capacity(n));
    let mut numbers: [PrimitiveChunkedBuilder<Float64Type>; 13] =
        NUMBER_COLUMNS.map(|c| PrimitiveChunkedBuilder::new(c.into(), n));
    let mut years: [PrimitiveChunkedBuilder<Int32Type>; 5] = [
        "base_year",
        "latest_year",
        "year_met",
        "points",
        "target_year",
    ]
    .map(|c| PrimitiveChunkedBuilder::new(c.into(), n));
    let mut flags: [BooleanChunkedBuilder; 2] =
        ["achieved", "projected_achieved"].map(|c| BooleanChunkedBuilder::new(c.into(), n));
    let mut statuses: Vec<IdxSize> = Vec::with_capacity(n);
    let registry = Registry::builtin();
    for r in rows {
        let names = r.indicator_name.as_deref();
        let unit: &str = &r.unit_id;
        let (unit_vi, unit_en) = registry.names(unit).unwrap_or((unit, unit));
        let shared = [
            Some(unit),
            Some(unit_vi),
            Some(unit_en),
            Some(&*r.set_id),
            Some(&*r.target_id),
            r.indicator.as_deref(),
            names.map(|i| i.vi.as_str()),
            names.map(|i| i.en.as_str()),
            r.indicator
                .as_deref()
                .and_then(|i| catalog.indicator(i))
                .map(|i| i.unit.code()),
            Some(r.kind),
            Some(r.provenance.code()),
            Some(r.status.label_vi()),
            Some(r.status.label_en()),
            Some(r.method.en.as_str()),
            Some(r.method.vi.as_str()),
            Some(r.measure.code()),
            Some(r.scale.code()),
            r.projection.map(|p| p.as_str()),
            r.feasibility,
        ];
        for (column, v) in text.iter_mut().zip(shared) {
            column.push_shared(v);
        }
        text[19].push_owned(r.note.as_ref().map(|n| n.en.as_str()));
        text[20].push_owned(r.note.as_ref().map(|n| n.vi.as_str()));
        let x = [
            r.base.map(|p| p.value),
            r.latest.map(|p| p.value),
            r.target_value,
            r.gap_closed,
            r.cagr_observed,
            r.cagr_required,
            r.ratio,
            r.limit_factor,
            r.score,
            r.annual_change_required,
            r.projected,
            r.projected_ratio,
            r.feasibility_percentile,
        ];
        for (column, v) in numbers.iter_mut().zip(x) {
            column.append_option(v);
        }
        let y = [
            r.base.map(|p| p.year),
            r.latest.map(|p| p.year),
            r.year_met,
            r.points.and_then(|p| i32::try_from(p).ok()),
            Some(r.target_year),
        ];
        for (column, v) in years.iter_mut().zip(y) {
            column.append_option(v);
        }
        flags[0].append_option(r.achieved);
        flags[1].append_option(r.projected_achieved);
        statuses.push(r.status.position() as IdxSize);
    }
    let mut text = TEXT_COLUMNS
        .iter()
        .zip(text)
        .map(|(name, c)| (*name, c.finish(name)));
    let mut numbers = numbers.map(|b| b.finish().into_column()).into_iter();
    let [base_year, latest_year, year_met, points, target_year] =
        years.map(|b| b.finish().into_column());
    let [achieved, projected_achieved] = flags.map(|b| b.finish().into_column());
    let mut t = |name: &str| {
        let (n, c) = text.next().expect("every text column is taken once");
        debug_assert_eq!(n, name);
        c
    };
    let mut x = || numbers.next().expect("every number column is taken once");
    // The status as the Enum of every class, gathered by each row's class.
    let status = statuses_to_frame()?
        .column("status")?
        .take(&IdxCa::from_vec("status".into(), statuses))?;
    DataFrame::new(
        n,
        vec![
            t("unit_id"),
            t("unit_vi"),
            t("unit_en"),
            t("set_id"),
            t("target_id"),
            t("indicator"),
            t("indicator_vi"),
            t("indicator_en"),
            t("indicator_unit"),
            t("kind"),
            t("provenance"),
            base_year,
            x(),
            latest_year,
            x(),
            points,
            x(),
            target_year,
            achieved,
            x(),
            x(),
            x(),
            x(),
            x(),
            status,
            t("status_vi"),
            t("status_en"),
            x(),
            x(),
            x(),
            x(),
            projected_achieved,
            year_met,
            t("method"),
            t("method_vi"),
            t("measure"),
            t("scale"),
            t("projection"),
            x(),
            t("feasibility"),
            t("note"),
            t("note_vi"),
        ],
    )
}

/// One row per (unit, set): targets, measurable, assessed, scored, mean score, status, all
/// achieved and a note when the status rests on part of the set.
pub fn summary_to_frame(rows: &[SetSummary]) -> PolarsResult<DataFrame> {
    let [status, status_vi, status_en] = status_columns(rows.iter().map(|r| r.status))?;
    DataFrame::new(
        rows.len(),
        vec![
            repeated_text("unit_id", rows.iter().map(|r| Some(r.unit_id.as_str())))?,
            repeated_text("set_id", rows.iter().map(|r| Some(r.set_id.as_str())))?,
            Column::new(
                "targets".into(),
                rows.iter().map(|r| r.targets as u32).collect::<Vec<_>>(),
            ),
            Column::new(
                "measurable".into(),
                rows.iter().map(|r| r.measurable as u32).collect::<Vec<_>>(),
            ),
            Column::new(
                "assessed".into(),
                rows.iter().map(|r| r.assessed as u32).collect::<Vec<_>>(),
            ),
            Column::new(
                "scored".into(),
                rows.iter().map(|r| r.scored as u32).collect::<Vec<_>>(),
            ),
            Column::new(
                "mean_score".into(),
                rows.iter().map(|r| r.mean_score).collect::<Vec<_>>(),
            ),
            status,
            status_vi,
            status_en,
            Column::new(
                "all_achieved".into(),
                rows.iter().map(|r| r.all_achieved).collect::<Vec<_>>(),
            ),
            repeated_text(
                "note",
                rows.iter().map(|r| r.note.as_ref().map(|n| n.en.as_str())),
            )?,
            repeated_text(
                "note_vi",
                rows.iter().map(|r| r.note.as_ref().map(|n| n.vi.as_str())),
            )?,
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::ScoreOptions;
    use crate::targets::TargetSet;
    use crate::{Observation, Observations};

    #[test]
    fn a_unit_listed_twice_is_scored_once() {
        let obs = Observations::new(vec![
            Observation::new("lai-chau", "researchers_per_10k", 2015, Some(4.0)),
            Observation::new("lai-chau", "researchers_per_10k", 2023, Some(6.0)),
        ])
        .unwrap();
        let set = TargetSet::builtin("lai-chau-69-kl-tw-2024").unwrap();
        let frames = |units: &[&str]| {
            let options = ScoreOptions {
                units: Some(units.iter().map(|u| u.to_string()).collect()),
                ..Default::default()
            };
            let run = Run::new(
                &obs,
                std::slice::from_ref(&set),
                Catalog::builtin(),
                &options,
            );
            scorecard_frames(&run.unwrap()).unwrap()
        };
        let (card, summary) = frames(&["lai-chau", "dien-bien", "lai-chau", "dien-bien"]);
        let (card_once, summary_once) = frames(&["lai-chau", "dien-bien"]);
        assert_eq!(card.height(), 2 * set.targets.len());
        assert_eq!(summary.height(), 2);
        assert!(card.equals_missing(&card_once));
        assert!(summary.equals_missing(&summary_once));
    }

    #[test]
    fn a_run_in_many_parts_equals_the_rows_scored_at_once() {
        // 1,500 units × the set's targets: several parts on every core. Every third unit
        // has no data, every fifth one point (unable to assess), the others a trend.
        let mut rows = Vec::new();
        let units: Vec<String> = (0..1500).map(|u| format!("u{u:04}")).collect();
        for (u, unit) in units.iter().enumerate() {
            let years: &[i32] = match u % 15 {
                0 | 3 | 6 | 9 | 12 => &[],
                5 | 10 => &[2023],
                _ => &[2015, 2019, 2023],
            };
            for (k, &year) in years.iter().enumerate() {
                let value = 2.0 + (u % 7) as f64 + k as f64 * (u % 4) as f64;
                rows.push(Observation::new(
                    unit,
                    "researchers_per_10k",
                    year,
                    Some(value),
                ));
            }
        }
        let obs = Observations::new(rows).unwrap();
        let set = TargetSet::builtin("lai-chau-69-kl-tw-2024").unwrap();
        let sets = std::slice::from_ref(&set);
        let options = ScoreOptions {
            units: Some(units),
            ..Default::default()
        };
        let jobs = 1500 * set.targets.len();
        assert!(
            jobs / part_rows(jobs) >= 2,
            "the run is scored in several parts"
        );
        let run = Run::new(&obs, sets, Catalog::builtin(), &options).unwrap();
        let (card, summary) = scorecard_frames(&run).unwrap();
        let all = crate::score::score(&obs, sets, Catalog::builtin(), &options).unwrap();
        let mut summaries = summarise(&all);
        summaries.sort_by(|a, b| (&a.unit_id, &a.set_id).cmp(&(&b.unit_id, &b.set_id)));
        assert!(card.equals_missing(&scorecard_to_frame(&all, Catalog::builtin()).unwrap()));
        assert!(summary.equals_missing(&summary_to_frame(&summaries).unwrap()));
        assert_eq!(summary.height(), 1500);
    }
}
