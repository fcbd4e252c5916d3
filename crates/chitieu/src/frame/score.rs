//! Scorecards as DataFrames.

use std::collections::HashMap;

use polars::prelude::*;
use rayon::prelude::*;

use super::{repeated_text, RepeatedText};
use crate::catalog::Catalog;
use crate::progress::Status;
use crate::registry::Registry;
use crate::score::{ScoreRow, SetSummary};
use crate::vocabulary::Bilingual;

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
    let mut frames = frames.into_iter();
    let mut out = match frames.next() {
        Some(first) => first?,
        None => scorecard_part(&[], catalog)?,
    };
    for f in frames {
        out.vstack_mut_owned(f?)?;
    }
    Ok(out)
}

fn scorecard_part(rows: &[ScoreRow], catalog: &Catalog) -> PolarsResult<DataFrame> {
    // One pass over the rows, filling every column: rows are large, and a pass per column
    // would read them some thirty times.
    let n = rows.len();
    let mut text: [RepeatedText<'_>; 19] = Default::default();
    let registry = Registry::builtin();
    // Unit names, looked up once per unit.
    let mut names: HashMap<&str, Bilingual> = HashMap::new();
    for r in rows {
        names
            .entry(&r.unit_id)
            .or_insert_with(|| registry.name_of(&r.unit_id));
    }
    let unit_name = |u: &str| -> &Bilingual { &names[u] };
    let mut numbers: [Vec<Option<f64>>; 13] = Default::default();
    let mut years: [Vec<Option<i32>>; 3] = Default::default();
    let mut points: Vec<Option<i32>> = Vec::with_capacity(n);
    let mut flags: [Vec<Option<bool>>; 2] = Default::default();
    let mut target_year = Vec::with_capacity(n);
    let mut statuses = Vec::with_capacity(n);
    for r in rows {
        let names = r.indicator_name.as_deref();
        let unit = unit_name(&r.unit_id);
        let t = [
            Some(&*r.unit_id),
            Some(unit.vi.as_str()),
            Some(unit.en.as_str()),
            Some(&r.set_id),
            Some(&r.target_id),
            r.indicator.as_deref(),
            names.map(|i| i.vi.as_str()),
            names.map(|i| i.en.as_str()),
            r.indicator
                .as_deref()
                .and_then(|i| catalog.indicator(i))
                .map(|i| i.unit.code()),
            Some(r.kind),
            Some(r.provenance.code()),
            Some(r.method.en.as_str()),
            Some(r.method.vi.as_str()),
            Some(r.measure.code()),
            Some(r.scale.code()),
            r.projection.map(|p| p.as_str()),
            r.feasibility,
            r.note.as_ref().map(|n| n.en.as_str()),
            r.note.as_ref().map(|n| n.vi.as_str()),
        ];
        for (column, v) in text.iter_mut().zip(t) {
            column.push(v);
        }
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
            column.push(v);
        }
        let y = [r.base.map(|p| p.year), r.latest.map(|p| p.year), r.year_met];
        for (column, v) in years.iter_mut().zip(y) {
            column.push(v);
        }
        points.push(r.points.and_then(|p| i32::try_from(p).ok()));
        flags[0].push(r.achieved);
        flags[1].push(r.projected_achieved);
        target_year.push(r.target_year);
        statuses.push(r.status);
    }
    let [unit_id, unit_vi, unit_en, set_id, target_id, indicator, indicator_vi, indicator_en, indicator_unit, kind, provenance, method, method_vi, measure, scale, projection, feasibility, note, note_vi] =
        text;
    let [base_value, latest_value, target_value, gap_closed, cagr_observed, cagr_required, ratio, limit_factor, score, annual_change_required, projected, projected_ratio, feasibility_percentile] =
        numbers;
    let [base_year, latest_year, year_met] = years;
    let [achieved, projected_achieved] = flags;
    let [status, status_vi, status_en] = status_columns(statuses.iter().copied())?;
    let c = |name: &str, v: Vec<Option<f64>>| Column::new(name.into(), v);
    let y = |name: &str, v: Vec<Option<i32>>| Column::new(name.into(), v);
    DataFrame::new(
        n,
        vec![
            unit_id.finish("unit_id")?,
            unit_vi.finish("unit_vi")?,
            unit_en.finish("unit_en")?,
            set_id.finish("set_id")?,
            target_id.finish("target_id")?,
            indicator.finish("indicator")?,
            indicator_vi.finish("indicator_vi")?,
            indicator_en.finish("indicator_en")?,
            indicator_unit.finish("indicator_unit")?,
            kind.finish("kind")?,
            provenance.finish("provenance")?,
            y("base_year", base_year),
            c("base_value", base_value),
            y("latest_year", latest_year),
            c("latest_value", latest_value),
            Column::new("points".into(), points),
            c("target_value", target_value),
            Column::new("target_year".into(), target_year),
            Column::new("achieved".into(), achieved),
            c("gap_closed", gap_closed),
            c("cagr_observed", cagr_observed),
            c("cagr_required", cagr_required),
            c("ratio", ratio),
            c("limit_factor", limit_factor),
            status,
            status_vi,
            status_en,
            c("score", score),
            c("annual_change_required", annual_change_required),
            c("projected", projected),
            c("projected_ratio", projected_ratio),
            Column::new("projected_achieved".into(), projected_achieved),
            y("year_met", year_met),
            method.finish("method")?,
            method_vi.finish("method_vi")?,
            measure.finish("measure")?,
            scale.finish("scale")?,
            projection.finish("projection")?,
            c("feasibility_percentile", feasibility_percentile),
            feasibility.finish("feasibility")?,
            note.finish("note")?,
            note_vi.finish("note_vi")?,
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
