//! Flow and event kinds: per-year flows, each-year increases, cumulative counts and milestones.

use std::sync::Arc;

use super::level::range_met;
use super::row::{ScoreRow, BINARY_METHOD, CUMULATIVE_METHOD, EACH_YEAR_METHOD, PER_YEAR_METHOD};
use super::{Ctx, TargetIds};
use crate::progress::{meets, progress, ratio_score, ratio_status, Direction, Goal, Point, Status};
use crate::targets::{Target, TargetKind};
use crate::vocabulary::numbers::{number, years as year_list};
use crate::vocabulary::{Bilingual, Lang};

impl<'a> Ctx<'a> {
    /// Per-year flows, each-year increases, cumulative counts and milestones (`d`: the
    /// indicator's desired direction).
    pub(super) fn flow_or_event(
        &self,
        mut row: ScoreRow,
        ids: &TargetIds,
        t: &Target,
        d: Direction,
        years: &[i32],
        values: &[Option<f64>],
    ) -> ScoreRow {
        let points: Vec<Point> = years
            .iter()
            .zip(values)
            .filter_map(|(&year, v)| v.map(|value| Point { year, value }))
            .collect();
        row.latest = points.last().copied();
        row.base = points.first().copied();
        match &t.kind {
            TargetKind::IncreaseEachYear => {
                let base = self.options.base_year.or(t.baseline_year);
                let judged_points: Vec<Point> = points
                    .iter()
                    .copied()
                    .filter(|p| base.is_none_or(|b| p.year >= b) && p.year <= t.horizon)
                    .collect();
                each_year(row, &judged_points, t.horizon)
            }
            TargetKind::Milestone { event, event_vi } => {
                let done = points.iter().find(|p| p.value >= 1.0);
                row.achieved = Some(done.is_some());
                row.status = if done.is_some() {
                    Status::TargetAchieved
                } else {
                    Status::NotAchieved
                };
                row.year_met = done.map(|p| p.year);
                row.target_value = Some(1.0);
                row.method = Arc::clone(&BINARY_METHOD);
                row.note = Some(Bilingual::new(
                    format!("sự kiện: {}", event_vi.as_deref().unwrap_or(event)),
                    format!("event: {event}"),
                ));
                row
            }
            TargetKind::PerYear {
                lo,
                hi,
                from_year,
                to_year,
            } => {
                let last = row.latest.map_or(*from_year - 1, |l| l.year.min(*to_year));
                let elapsed: Vec<i32> = (*from_year..=last).collect();
                if elapsed.is_empty() {
                    return row.unable(Bilingual::new(
                        format!("chưa có số liệu của năm nào từ năm {from_year}"),
                        format!("no year from {from_year} has data yet"),
                    ));
                }
                let value_in = |y: i32| points.iter().find(|p| p.year == y).map(|p| p.value);
                let missing: Vec<i32> = elapsed
                    .iter()
                    .copied()
                    .filter(|y| value_in(*y).is_none())
                    .collect();
                if !missing.is_empty() {
                    return row.unable(Bilingual::by(|l| {
                        let list = year_list(&missing, l);
                        match l {
                            Lang::Vi => format!("thiếu số liệu các năm trong kỳ: {list}"),
                            _ => format!("missing years in the period: {list}"),
                        }
                    }));
                }
                let flows: Vec<f64> = elapsed
                    .iter()
                    .map(|y| value_in(*y).unwrap_or(0.0))
                    .collect();
                // docs/methods.md §3, one rule for ranges: a year is met within lo..=hi or
                // beyond it on the indicator's better side (noted), as level ranges are.
                let met = flows.iter().filter(|v| range_met(**v, *lo, *hi, d)).count();
                let beyond = flows.iter().filter(|v| !(*lo..=*hi).contains(*v)).count()
                    - (elapsed.len() - met);
                let total: f64 = flows.iter().sum();
                let n = elapsed.len() as f64;
                let r = total / (lo * n);
                row.ratio = Some(r);
                row.target_value = Some(*lo);
                let finished = last >= *to_year;
                let all_met = met == elapsed.len();
                // Achieved is only known once the period is over.
                row.achieved = Some(finished && all_met);
                row.status = if finished && all_met {
                    Status::TargetAchieved
                } else {
                    ratio_status(r)
                };
                row.score = Some(if row.status == Status::TargetAchieved {
                    5.0
                } else {
                    ratio_score(r)
                });
                let years = elapsed.len();
                let note = Bilingual::by(|l| {
                    let x = |v: f64| number(v, l);
                    let (lo, hi, total, min, max) =
                        (x(*lo), x(*hi), x(total), x(lo * n), x(hi * n));
                    let mut note = match l {
                        Lang::Vi => format!(
                            "{met} trong {years} năm đạt mức {lo}–{hi}; lũy kế {total} so \
                             với yêu cầu từ {min} đến {max} cho {years} năm"
                        ),
                        _ => format!(
                            "{met} of {years} years met {lo}–{hi}; cumulative {total} against \
                             {min}..{max} for {years} years"
                        ),
                    };
                    if beyond > 0 {
                        note.push_str(&match (l, d) {
                            (Lang::Vi, Direction::Increase) => {
                                format!("; trong đó {beyond} năm trên khoảng (được tính là đạt)")
                            }
                            (Lang::Vi, Direction::Decrease) => {
                                format!("; trong đó {beyond} năm dưới khoảng (được tính là đạt)")
                            }
                            (_, Direction::Increase) => {
                                format!("; {beyond} of them above the range (counted as met)")
                            }
                            (_, Direction::Decrease) => {
                                format!("; {beyond} of them below the range (counted as met)")
                            }
                        });
                    }
                    note
                });
                row.note = Some(note);
                row.method = Arc::clone(&PER_YEAR_METHOD);
                row
            }
            TargetKind::Cumulative {
                value,
                strict,
                from_year,
            } => {
                let Some(from) = from_year else {
                    // A stock: measured like a threshold on the stock series.
                    let goal = if *strict {
                        Goal::target_strict(*value, t.horizon)
                    } else {
                        Goal::target(*value, t.horizon)
                    };
                    let popts = self.popts(t);
                    return match progress(years, values, goal, Direction::Increase, &popts) {
                        Ok(p) => {
                            let d = Direction::Increase;
                            self.with_progress(row, ids, &p, goal, d, years, values)
                        }
                        Err(e) => row.unable(e.text()),
                    };
                };
                let window = |y: i32| y >= *from && y <= t.horizon;
                let counted: Vec<&Point> = points.iter().filter(|p| window(p.year)).collect();
                let Some(last) = counted.last().map(|p| p.year) else {
                    return row.unable(Bilingual::new(
                        format!("không có số liệu từ năm {from} đến năm {}", t.horizon),
                        format!("no data from {from} to {}", t.horizon),
                    ));
                };
                let gaps: Vec<i32> = (*from..=last)
                    .filter(|y| !counted.iter().any(|p| p.year == *y))
                    .collect();
                if !gaps.is_empty() {
                    return row.unable(Bilingual::by(|l| {
                        let list = year_list(&gaps, l);
                        match l {
                            Lang::Vi => format!("thiếu số liệu các năm cần cộng dồn: {list}"),
                            _ => format!("missing years in the count: {list}"),
                        }
                    }));
                }
                let total: f64 = counted.iter().map(|p| p.value).sum();
                let done = meets(total - value, *strict);
                row.achieved = Some(done);
                row.target_value = Some(*value);
                row.latest = Some(Point {
                    year: last,
                    value: total,
                });
                let elapsed = f64::from(last - from + 1);
                let period = f64::from(t.horizon - from + 1);
                let r = (total / elapsed) / (value / period);
                row.ratio = Some(r);
                row.status = if done {
                    Status::TargetAchieved
                } else {
                    ratio_status(r)
                };
                row.score = Some(if done { 5.0 } else { ratio_score(r) });
                let pace = total / elapsed;
                row.projected = Some(total + pace * f64::from(t.horizon - last));
                row.projected_achieved = row.projected.map(|p| meets(p - value, *strict));
                let op = if *strict { ">" } else { "≥" };
                let h = t.horizon;
                row.note = Some(Bilingual::by(|l| {
                    let (total, value) = (number(total, l), number(*value, l));
                    match l {
                        Lang::Vi => format!(
                            "cộng dồn {total} từ năm {from} đến năm {last}; mục tiêu {op} {value} \
                             đến năm {h}"
                        ),
                        _ => format!(
                            "cumulative {total} from {from} to {last}; target {op} {value} by {h}"
                        ),
                    }
                }));
                row.method = Arc::clone(&CUMULATIVE_METHOD);
                row
            }
            _ => unreachable!("threshold-like kinds are measured by progress"),
        }
    }
}

/// An "increase every year" target on the points from the base year to the horizon: every
/// change between consecutive calendar years with data is judged (a year-on-year change
/// across a gap is not); `R` = years risen / years judged. A year without a rise fails the
/// target (not achieved); all risen: on track, achieved once the horizon is reached.
fn each_year(mut row: ScoreRow, points: &[Point], horizon: i32) -> ScoreRow {
    row.method = Arc::clone(&EACH_YEAR_METHOD);
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return row.unable(Bilingual::new(
            "không có số liệu từ năm gốc đến năm mục tiêu",
            "no data from the base year to the horizon",
        ));
    };
    row.base = Some(*first);
    row.latest = Some(*last);
    let mut judged = 0usize;
    let mut failed: Vec<i32> = Vec::new();
    let mut unjudged: Vec<i32> = Vec::new();
    for w in points.windows(2) {
        if w[1].year != w[0].year + 1 {
            unjudged.extend(w[0].year + 1..w[1].year);
            continue;
        }
        judged += 1;
        if w[1].value <= w[0].value {
            failed.push(w[1].year);
        }
    }
    if judged == 0 {
        let (a, b) = (first.year, last.year);
        return row.unable(Bilingual::new(
            format!("mục tiêu tăng hằng năm cần số liệu của hai năm liên tiếp ({a}–{b} không có)"),
            format!("each-year target needs two consecutive years with data ({a}–{b} has none)"),
        ));
    }
    let risen = judged - failed.len();
    let r = risen as f64 / judged as f64;
    row.ratio = Some(r);
    let finished = last.year >= horizon;
    let (a, b) = (first.year, last.year);
    let mut note = Bilingual::new(
        format!("tăng ở {risen}/{judged} lần thay đổi so với năm trước, {a}–{b}"),
        format!("rose in {risen} of {judged} year-on-year changes, {a}–{b}"),
    );
    if failed.is_empty() {
        row.achieved = finished.then_some(true);
        row.status = if finished {
            Status::TargetAchieved
        } else {
            Status::OnTrack
        };
        row.score = Some(if finished { 5.0 } else { ratio_score(r) });
    } else {
        note = note.then(
            "; ",
            &Bilingual::new(
                format!("không tăng vào năm {}", year_list(&failed, Lang::Vi)),
                format!("no rise in {}", year_list(&failed, Lang::En)),
            ),
        );
        row.achieved = Some(false);
        row.status = Status::NotAchieved;
        row.score = Some(ratio_score(r));
    }
    if !unjudged.is_empty() {
        note = note.then(
            "; ",
            &Bilingual::new(
                format!(
                    "không có số liệu năm {}: các thay đổi qua khoảng trống không được xét",
                    year_list(&unjudged, Lang::Vi)
                ),
                format!(
                    "no data for {}: changes across the gap not judged",
                    year_list(&unjudged, Lang::En)
                ),
            ),
        );
    }
    row.note = Some(note);
    row
}
