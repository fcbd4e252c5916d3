//! Level kinds: thresholds, ranges, relative targets and trends, measured on one series.

use std::collections::HashMap;

use super::row::{with_note, ScoreRow, DEFLATOR};
use super::{Ctx, TargetIds};
use crate::catalog::{loose, nearest_id, Catalog};
use crate::progress::{progress, Direction, Goal};
use crate::registry::Registry;
use crate::targets::{Group, RelativeChange, Target, TargetKind};
use crate::vocabulary::numbers::{number, years as year_list};
use crate::vocabulary::{Bilingual, Lang};

/// The most units a table may have for a unit it lacks to get a did-you-mean (the 63
/// provinces before 2025 and 34 after are far below; commune batches are above).
pub(super) const FUZZY_UNITS_MAX: usize = 1_000;

impl<'a> Ctx<'a> {
    /// Why a unit has no series of an indicator (`within` a group, when scoring one), with
    /// the id the table holds instead when one differs only by case, spaces, dashes or a few
    /// letters.
    pub(super) fn no_observations(
        &self,
        unit: &str,
        indicator: &str,
        within: Option<&Group>,
    ) -> Bilingual {
        let name = Registry::builtin().name_of(unit);
        let mut why = Bilingual::new(
            format!(
                "không có số liệu của chỉ tiêu '{indicator}' cho {}{}",
                name.vi,
                within.map_or_else(String::new, |g| format!(" trong {}", g.name().vi))
            ),
            format!(
                "no observations of '{indicator}' for unit '{unit}'{}",
                within.map_or_else(String::new, |g| format!(" in {g}"))
            ),
        );
        // The series the table holds under ids that fold to the same form (case, spaces,
        // dashes): units looked up by folded id, indicators (few) compared one by one.
        let loose_units = self.loose_units.get_or_init(|| {
            let mut m: HashMap<String, Vec<&'a str>> = HashMap::new();
            for u in self.obs.unit_ids() {
                m.entry(loose(u)).or_default().push(u.as_str());
            }
            m
        });
        let folded = loose(indicator);
        let found: Vec<(&str, &str)> = loose_units
            .get(&loose(unit))
            .into_iter()
            .flatten()
            .flat_map(|u| {
                self.obs
                    .indicator_ids()
                    .iter()
                    .filter(|i| loose(i) == folded)
                    .map(move |i| (*u, i.as_str()))
            })
            .filter(|(u, i)| !self.obs.series(u, i).is_empty())
            .collect();
        let hint = |near: Option<&str>| {
            near.map_or_else(
                || Bilingual::same(""),
                |c| {
                    Bilingual::new(
                        format!("; có phải là '{c}'?"),
                        format!("; did you mean '{c}'?"),
                    )
                },
            )
        };
        let extra = if !found.is_empty() {
            let held = |l: Lang| {
                found
                    .iter()
                    .map(|(u, i)| match l {
                        Lang::Vi => format!("'{i}' cho đơn vị '{u}'"),
                        _ => format!("'{i}' for unit '{u}'"),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            Bilingual::new(
                format!(
                    ": bảng số liệu có {} (mã chỉ khác nhau ở chữ hoa/thường, dấu cách hoặc \
                     gạch nối)",
                    held(Lang::Vi)
                ),
                format!(
                    ": the table has {} (ids differ only by case, spaces or dashes)",
                    held(Lang::En)
                ),
            )
        } else if self.units.binary_search(&unit).is_err() {
            let h = hint(self.nearest_unit(unit));
            Bilingual::new(
                format!(": bảng số liệu không có đơn vị '{unit}'"),
                format!(": the table has no unit '{unit}'"),
            )
            .then("", &h)
        } else if self
            .obs
            .indicator_ids()
            .binary_search_by(|i| i.as_str().cmp(indicator))
            .is_err()
        {
            // Only when no unit has it: a series missing for one unit is just missing.
            let h = hint(nearest_id(
                indicator,
                self.obs.indicator_ids().iter().map(String::as_str),
            ));
            Bilingual::new(
                format!(": bảng số liệu không có chỉ tiêu '{indicator}'"),
                format!(": the table has no indicator '{indicator}'"),
            )
            .then("", &h)
        } else {
            return why;
        };
        why = why.then("", &extra);
        why
    }

    /// The table's unit nearest to `unit` (memoised per unit). Only among tables of at most
    /// [`FUZZY_UNITS_MAX`] units: in a batch of thousands of communes a unit without data is
    /// ordinary, not a typo, and comparing it with every other id costs more than the
    /// scoring (ids differing only by case, spaces or dashes are still named, by
    /// [`Ctx::no_observations`]).
    fn nearest_unit(&self, unit: &str) -> Option<&'a str> {
        if self.obs.unit_ids().len() > FUZZY_UNITS_MAX {
            return None;
        }
        let known = |m: &HashMap<String, Option<&'a str>>| m.get(unit).copied();
        let lock = || self.near_units.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = known(&lock()) {
            return found;
        }
        let found = nearest_id(unit, self.obs.unit_ids().iter().map(String::as_str));
        lock().insert(unit.to_owned(), found);
        found
    }

    /// The values of a series outside its indicator's natural limits, as a note.
    pub(super) fn beyond_limits(
        &self,
        indicator: &str,
        years: &[i32],
        values: &[Option<f64>],
    ) -> Option<Bilingual> {
        let i = self.catalog.indicator(indicator)?;
        let (lo, hi) = (
            i.lower.unwrap_or(f64::NEG_INFINITY),
            i.upper.unwrap_or(f64::INFINITY),
        );
        let outside: Vec<(i32, f64)> = years
            .iter()
            .zip(values)
            .filter_map(|(y, v)| v.filter(|v| *v < lo || *v > hi).map(|v| (*y, v)))
            .collect();
        if outside.is_empty() {
            return None;
        }
        Some(Bilingual::by(|l| {
            let bound = |b: Option<f64>| b.map_or_else(|| "…".to_owned(), |b| number(b, l));
            let (lo, hi) = (bound(i.lower), bound(i.upper));
            let list = |word: &str| {
                outside
                    .iter()
                    .map(|(y, v)| format!("{} {word} {y}", number(*v, l)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            match l {
                Lang::Vi => format!(
                    "cảnh báo: ngoài giới hạn tự nhiên {lo}–{hi} của '{indicator}': {}",
                    list("năm")
                ),
                _ => format!(
                    "warning: outside the natural limits {lo}–{hi} of '{indicator}': {}",
                    list("in")
                ),
            }
        }))
    }

    /// Money amounts divided by the unit's deflator (`DEFLATOR`) of the same year, and the
    /// note saying so; without a deflator series, the amounts as given and a "nominal" note.
    pub(super) fn deflated(
        &self,
        unit: &str,
        years: &[i32],
        values: &[Option<f64>],
    ) -> (Option<Vec<Option<f64>>>, Option<Bilingual>) {
        let deflator = self.obs.series(unit, DEFLATOR);
        if deflator.years().is_empty() {
            let note = Bilingual::new(
                format!(
                    "giá hiện hành (VND danh nghĩa): đơn vị không có chuỗi '{DEFLATOR}' nên \
                     biến động giá chưa được loại trừ"
                ),
                format!(
                    "nominal VND: no '{DEFLATOR}' series for this unit, so price changes are \
                     not removed"
                ),
            );
            return (None, Some(note));
        }
        let mut missing = Vec::new();
        let real = years
            .iter()
            .zip(values)
            .map(|(&y, v)| {
                let v = (*v)?;
                match deflator.value_in(y) {
                    Some(p) if p > 0.0 && p.is_finite() => Some(v / p * 100.0),
                    _ => {
                        missing.push(y);
                        None
                    }
                }
            })
            .collect();
        let mut note = Bilingual::new(
            format!("giá so sánh: số tiền chia cho '{DEFLATOR}' (chỉ số, × 100)"),
            format!("real terms: amounts divided by '{DEFLATOR}' (index, × 100)"),
        );
        if !missing.is_empty() {
            note = note.then(
                "; ",
                &Bilingual::new(
                    format!(
                        "không có chỉ số giảm phát dương cho năm {}: các năm này bị loại ra",
                        year_list(&missing, Lang::Vi)
                    ),
                    format!(
                        "no positive deflator for {}: those years are left out",
                        year_list(&missing, Lang::En)
                    ),
                ),
            );
        }
        (Some(real), Some(note))
    }

    /// A target on one series (threshold, range, trend, relative, flow, count, event).
    pub(super) fn score_series(
        &self,
        row: ScoreRow,
        ids: &TargetIds,
        t: &Target,
        indicator: &str,
        years: &[i32],
        values: &[Option<f64>],
    ) -> ScoreRow {
        let d = self.direction(indicator);
        let threshold = |value: f64, strict: bool, direction: Direction| {
            let goal = if strict {
                Goal::target_strict(value, t.horizon)
            } else {
                Goal::target(value, t.horizon)
            };
            (goal, direction)
        };
        let measured = match &t.kind {
            TargetKind::AtLeast { value } => Some(threshold(*value, false, Direction::Increase)),
            TargetKind::MoreThan { value } => Some(threshold(*value, true, Direction::Increase)),
            TargetKind::AtMost { value } => Some(threshold(*value, false, Direction::Decrease)),
            TargetKind::LessThan { value } => Some(threshold(*value, true, Direction::Decrease)),
            TargetKind::Range { lo, hi } => Some(match d {
                Direction::Increase => threshold(*lo, false, d),
                Direction::Decrease => threshold(*hi, false, d),
            }),
            TargetKind::Increase => Some((Goal::trend(t.horizon), Direction::Increase)),
            TargetKind::Relative { base_year, change } => {
                let base = years
                    .iter()
                    .zip(values)
                    .find(|(y, v)| **y == *base_year && v.is_some())
                    .and_then(|(_, v)| *v);
                let Some(b) = base else {
                    return row.unable(Bilingual::new(
                        format!("không có giá trị của năm gốc {base_year}"),
                        format!("no value in the base year {base_year}"),
                    ));
                };
                let target = match change {
                    RelativeChange::Factor(f) => b * f,
                    RelativeChange::AnnualGrowth { lo, .. } => {
                        b * (1.0 + lo).powi(t.horizon - base_year)
                    }
                };
                // "Halve X" asks for a decrease, "double X" for an increase.
                let direction = if target < b {
                    Direction::Decrease
                } else {
                    Direction::Increase
                };
                Some(threshold(target, false, direction))
            }
            TargetKind::PerYear { .. }
            | TargetKind::Cumulative { .. }
            | TargetKind::Milestone { .. }
            | TargetKind::IncreaseEachYear => None,
            TargetKind::Qualitative
            | TargetKind::TopK { .. }
            | TargetKind::PercentileBand { .. } => {
                unreachable!("handled above")
            }
        };
        let mut row = match measured {
            Some((goal, direction)) => {
                let mut popts = self.popts(t);
                if let TargetKind::Relative { base_year, .. } = t.kind {
                    popts.base_year = Some(base_year);
                }
                if matches!(goal, Goal::Trend { .. }) {
                    popts.limit = natural_limit(self.catalog, indicator, direction);
                }
                match progress(years, values, goal, direction, &popts) {
                    Ok(p) => self.with_progress(row, ids, &p, goal, direction, years, values),
                    Err(e) => return row.unable(e.text()),
                }
            }
            None => self.flow_or_event(row, ids, t, d, years, values),
        };
        if let TargetKind::Range { lo, hi } = t.kind {
            if let Some(l) = row.latest {
                let notes = ids.range_notes.as_ref().expect("range targets have notes");
                let position = if (lo..=hi).contains(&l.value) {
                    notes[0].clone()
                } else if l.value < lo {
                    notes[1].clone()
                } else {
                    notes[2].clone()
                };
                // Keep the reason a row could not be assessed, first.
                row = with_note(row, position);
            }
        }
        row
    }
}

/// The natural limit of an indicator in a desired direction (the catalog's upper limit for
/// "increase", lower for "decrease"), which sets Open SDG's factor C for trend targets.
pub(super) fn natural_limit(
    catalog: &Catalog,
    indicator: &str,
    direction: Direction,
) -> Option<f64> {
    let i = catalog.indicator(indicator)?;
    match direction {
        Direction::Increase => i.upper,
        Direction::Decrease => i.lower,
    }
}

/// Whether a value meets a range `lo..=hi`: inside it, or beyond it on the indicator's
/// better side (above for "increase", below for "decrease"): one rule for level ranges and
/// per-year flows.
pub(super) fn range_met(v: f64, lo: f64, hi: f64, better: Direction) -> bool {
    match better {
        Direction::Increase => v >= lo,
        Direction::Decrease => v <= hi,
    }
}
