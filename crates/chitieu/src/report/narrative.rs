//! The narrative of a scorecard: per plan and unit, the paragraph a provincial Department of
//! Science and Technology writes in its yearly report for each target (latest value, target
//! and deadline, status, the change a year still required, the projected year of attainment,
//! feasibility and caveats), in natural Vietnamese or English, with the numbers as each
//! language writes them.
//!
//! ```
//! use chitieu::catalog::Catalog;
//! use chitieu::labels::Lang;
//! use chitieu::report::Report;
//! use chitieu::score::{score, ScoreOptions};
//! use chitieu::targets::TargetSet;
//! use chitieu::{Observation, Observations};
//!
//! let obs = Observations::new(vec![
//!     Observation::new("lai-chau", "researchers_per_10k", 2015, Some(4.0)),
//!     Observation::new("lai-chau", "researchers_per_10k", 2023, Some(6.5)),
//! ])
//! .unwrap();
//! let set = TargetSet::builtin("lai-chau-69-kl-tw-2024").unwrap();
//! let rows = score(&obs, &[set.clone()], Catalog::builtin(), &ScoreOptions::default()).unwrap();
//! let text = Report::from_scores(&rows, &[set], Catalog::builtin()).narrative(Lang::Vi).to_markdown();
//! assert!(text.contains("Năm 2023 đạt 6,5 người/1 vạn dân"));
//! ```

use std::collections::HashMap;
use std::fmt::Write;

use super::html::escape;
use super::{Report, ReportRow};
use crate::catalog::Unit;
use crate::progress::Status;
use crate::targets::Provenance;
use crate::vocabulary::numbers::{rounded, years};
use crate::vocabulary::Lang;

/// The narrative of a report, plan by plan and unit by unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Narrative {
    /// Plans, in the report's order.
    pub plans: Vec<PlanNarrative>,
}

/// One plan's narrative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanNarrative {
    /// Plan id.
    pub set_id: String,
    /// Title.
    pub title: String,
    /// Issuer, document, date.
    pub byline: String,
    /// Units scored on the plan, in order of first appearance.
    pub units: Vec<UnitNarrative>,
}

/// One unit's part of a plan's narrative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitNarrative {
    /// Unit id.
    pub unit_id: String,
    /// Unit name.
    pub unit: String,
    /// How many targets stand where (one sentence).
    pub summary: String,
    /// One paragraph per target.
    pub targets: Vec<TargetParagraph>,
}

/// The paragraph of one target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetParagraph {
    /// Target id.
    pub target_id: String,
    /// What the paragraph is about (the indicator's name).
    pub heading: String,
    /// The paragraph.
    pub text: String,
}

impl Report {
    /// The narrative of the report in `lang` ([`Lang::Both`]: each sentence group in
    /// Vietnamese, then in English).
    pub fn narrative(&self, lang: Lang) -> Narrative {
        let plans = self
            .plans
            .iter()
            .map(|plan| {
                // The plan's rows by unit, in order of first appearance: one pass.
                let mut index: HashMap<&str, usize> = HashMap::new();
                let mut by_unit: Vec<Vec<&ReportRow>> = Vec::new();
                for row in self.plan_rows(&plan.id) {
                    let i = *index.entry(&row.unit_id).or_insert_with(|| {
                        by_unit.push(Vec::new());
                        by_unit.len() - 1
                    });
                    by_unit[i].push(row);
                }
                let units = by_unit
                    .iter()
                    .map(|rows| UnitNarrative {
                        unit_id: rows[0].unit_id.clone(),
                        unit: rows[0].unit_display(lang),
                        summary: in_lang(lang, |l| summary(rows, l)),
                        targets: rows
                            .iter()
                            .map(|row| TargetParagraph {
                                target_id: row.target_id.clone(),
                                heading: row.indicator_name(lang),
                                text: in_lang(lang, |l| paragraph(row, l)),
                            })
                            .collect(),
                    })
                    .collect();
                PlanNarrative {
                    set_id: plan.id.clone(),
                    title: plan.title(lang),
                    byline: plan.byline(lang),
                    units,
                }
            })
            .collect();
        Narrative { plans }
    }
}

impl Narrative {
    /// The narrative as Markdown: a heading per plan and unit, a paragraph per target.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        for plan in &self.plans {
            let _ = writeln!(out, "# {}\n", plan.title);
            if !plan.byline.is_empty() {
                let _ = writeln!(out, "{}\n", plan.byline);
            }
            for unit in &plan.units {
                let _ = writeln!(out, "## {}\n\n{}\n", unit.unit, unit.summary);
                for t in &unit.targets {
                    let _ = writeln!(out, "**{}.** {}\n", t.heading, t.text);
                }
            }
        }
        out
    }

    /// The narrative as an HTML fragment (headings and paragraphs, text escaped).
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        for plan in &self.plans {
            let _ = writeln!(out, "<h3>{}</h3>", escape(&plan.title));
            for unit in &plan.units {
                let _ = writeln!(
                    out,
                    "<h4>{}</h4>\n<p>{}</p>",
                    escape(&unit.unit),
                    escape(&unit.summary)
                );
                for t in &unit.targets {
                    let _ = writeln!(
                        out,
                        "<p><strong>{}.</strong> {}</p>",
                        escape(&t.heading),
                        escape(&t.text)
                    );
                }
            }
        }
        out
    }
}

/// A text in `lang`: written once per language, both joined for [`Lang::Both`].
fn in_lang(lang: Lang, write: impl Fn(Lang) -> String) -> String {
    match lang {
        Lang::Both => format!("{}\n{}", write(Lang::Vi), write(Lang::En)),
        l => write(l),
    }
}

/// A value with its unit: `6,5 người/1 vạn dân`, `2,1%` (ranks and percentiles of group
/// targets are positions, not values of the indicator: no unit).
fn value(row: &ReportRow, x: f64, l: Lang) -> String {
    let unit = match row.scale.as_str() {
        "rank" | "percentile" => String::new(),
        _ => row
            .indicator_unit
            .map(|u| u.after_value().pick(l))
            .unwrap_or_default(),
    };
    format!("{}{unit}", rounded(x, 2, l))
}

/// A change of a value a year, with its unit (percentages change by percentage points).
fn change(row: &ReportRow, x: f64, l: Lang) -> String {
    match (row.indicator_unit, l) {
        (Some(Unit::Percent), Lang::Vi) => format!("{} điểm phần trăm", rounded(x, 2, l)),
        (Some(Unit::Percent), _) => format!("{} percentage points", rounded(x, 2, l)),
        _ => value(row, x, l),
    }
}

/// What the target asks, with the indicator's unit after a threshold (`≥ 2%`).
fn asks(row: &ReportRow, l: Lang) -> String {
    let text = if l == Lang::Vi {
        &row.target_vi
    } else {
        &row.target
    };
    let levels = ["at_least", "more_than", "at_most", "less_than", "range"];
    match row.indicator_unit {
        Some(u) if levels.contains(&row.kind.as_str()) => {
            format!("{text}{}", u.after_value().pick(l))
        }
        _ => text.clone(),
    }
}

/// `n year`/`n years`, `n năm`.
fn year_count(n: impl Into<i64>, l: Lang) -> String {
    let n = n.into();
    match (l, n) {
        (Lang::Vi, _) => format!("{n} năm"),
        (_, 1) => "1 year".to_owned(),
        _ => format!("{n} years"),
    }
}

/// A growth rate (a share a year) as a percentage.
fn rate(x: f64, l: Lang) -> String {
    format!("{}%", rounded(100.0 * x, 1, l))
}

/// The paragraph of one row in one language (`l` is Vi or En).
fn paragraph(row: &ReportRow, l: Lang) -> String {
    let vi = l == Lang::Vi;
    let mut s: Vec<String> = Vec::new();
    match row.status {
        Status::NotMeasurable => {
            s.push(if vi {
                format!(
                    "Kế hoạch không đặt chỉ tiêu định lượng cho nội dung này (thời hạn năm {}): \
                     được theo dõi, không chấm điểm.",
                    row.target_year
                )
            } else {
                format!(
                    "The plan sets no quantified target for this (deadline {}): followed, not \
                     scored.",
                    row.target_year
                )
            });
            caveats(row, l, &mut s, false);
            return s.join(" ");
        }
        Status::UnableToAssess => {
            let why = row.note.as_ref().map(|n| n.pick(l)).unwrap_or_default();
            s.push(if vi {
                format!("Mục tiêu đến năm {}: {}.", row.target_year, asks(row, l))
            } else {
                format!("Target for {}: {}.", row.target_year, asks(row, l))
            });
            s.push(if vi {
                format!("Không đủ cơ sở đánh giá: {why}.")
            } else {
                format!("Not enough to assess: {why}.")
            });
            caveats(row, l, &mut s, false);
            return s.join(" ");
        }
        _ => {}
    }
    if let Some((y, v)) = row.latest {
        // A count from a year: the latest value is the total so far (no base point).
        let cumulative = row.kind == "cumulative" && row.scale == "flow";
        let latest = value(row, v, l);
        s.push(match (vi, cumulative, row.scale.as_str()) {
            (true, true, _) => format!("Lũy kế đến năm {y} đạt {latest}"),
            (true, _, "rank") => format!("Năm {y} xếp hạng {latest}"),
            (true, _, "percentile") => format!("Năm {y} ở bách phân vị thứ {latest}"),
            (true, _, _) => format!("Năm {y} đạt {latest}"),
            (false, true, _) => format!("By {y} the total reached {latest}"),
            (false, _, "rank") => format!("In {y} the rank was {latest}"),
            (false, _, "percentile") => format!("In {y} the percentile was {latest}"),
            (false, _, _) => format!("In {y} the value was {latest}"),
        });
        if let Some((by, bv)) = row.base.filter(|b| b.0 < y && !cumulative) {
            let base = value(row, bv, l);
            let last = s.last_mut().expect("pushed above");
            if vi {
                let _ = write!(last, " (năm {by}: {base})");
            } else {
                let _ = write!(last, " ({by}: {base})");
            }
        }
        if let Some(last) = s.last_mut() {
            last.push('.');
        }
    }
    s.push(if vi {
        format!("Mục tiêu đến năm {}: {}.", row.target_year, asks(row, l))
    } else {
        format!("Target by {}: {}.", row.target_year, asks(row, l))
    });
    let label = if vi {
        row.status.label_vi()
    } else {
        row.status.label_en()
    };
    // Scores with a true minus sign, as the scale's bounds are written.
    let score = |x: f64| rounded(x, 1, l).replace('-', "−");
    s.push(match (vi, row.score) {
        (true, Some(x)) => format!(
            "Chỉ tiêu được đánh giá ở mức “{label}” ({} điểm, thang điểm từ −5 đến 5).",
            score(x)
        ),
        (false, Some(x)) => format!("Status: “{label}” (score {} on −5..5).", score(x)),
        (true, None) => format!("Chỉ tiêu được đánh giá ở mức “{label}”."),
        (false, None) => format!("Status: “{label}”."),
    });
    if row.achieved != Some(true) {
        if let (Some(a), Some((y, _))) = (row.annual_change_required, row.latest) {
            let amount = change(row, a.abs(), l);
            let verb = match (vi, a >= 0.0) {
                (true, true) => "tăng thêm",
                (true, false) => "giảm bớt",
                (false, true) => "rise by",
                (false, false) => "fall by",
            };
            let (from, to) = (y + 1, row.target_year);
            if to >= from {
                s.push(if vi {
                    format!(
                        "Để đạt mục tiêu, giai đoạn {from}–{to} mỗi năm cần {verb} bình quân \
                         {amount}."
                    )
                } else {
                    format!(
                        "To reach the target, it must {verb} {amount} a year on average in \
                         {from}–{to}."
                    )
                });
            }
        }
        if let (Some(req), Some(obs), Some((by, _)), Some((ly, _))) =
            (row.cagr_required, row.cagr_observed, row.base, row.latest)
        {
            let ty = row.target_year;
            s.push(if vi {
                format!(
                    "Tốc độ tăng trưởng bình quân cần đạt giai đoạn {by}–{ty} là {}/năm; thực tế \
                     giai đoạn {by}–{ly} đạt {}/năm.",
                    rate(req, l),
                    rate(obs, l)
                )
            } else {
                format!(
                    "The average growth required over {by}–{ty} is {} a year; the observed rate \
                     over {by}–{ly} is {} a year.",
                    rate(req, l),
                    rate(obs, l)
                )
            });
        }
        match (row.year_met, row.projected, row.projected_achieved) {
            (Some(y), _, _) if y <= row.target_year => s.push(if vi {
                format!(
                    "Nếu duy trì xu hướng hiện nay, dự kiến đạt mục tiêu vào năm {y}, trong thời \
                     hạn đề ra."
                )
            } else {
                format!("On the current trend the target would be met in {y}, in time.")
            }),
            (Some(y), _, _) => {
                let late = year_count(y - row.target_year, l);
                s.push(if vi {
                    format!(
                        "Nếu duy trì xu hướng hiện nay, dự kiến đạt mục tiêu vào năm {y}, chậm \
                         {late} so với thời hạn đề ra."
                    )
                } else {
                    format!(
                        "On the current trend the target would be met in {y}, {late} after the \
                         deadline."
                    )
                });
            }
            (None, Some(p), Some(false)) => s.push(if vi {
                format!(
                    "Nếu duy trì xu hướng hiện nay, đến năm {} dự kiến đạt {}, chưa đạt mục \
                     tiêu.",
                    row.target_year,
                    value(row, p, l)
                )
            } else {
                format!(
                    "On the current trend it would reach {} by {}, short of the target.",
                    value(row, p, l),
                    row.target_year
                )
            }),
            _ => {}
        }
        if let Some(f) = row.feasibility.as_deref() {
            let (fvi, fen) = match f {
                "ordinary" => (
                    "ở mức bình thường so với tốc độ các tỉnh đã duy trì được",
                    "ordinary among the rates provinces have sustained",
                ),
                "ambitious" => (
                    "ở mức cao so với tốc độ các tỉnh đã duy trì được (thuộc nhóm 25% cao nhất)",
                    "ambitious among the rates provinces have sustained (above the 75th percentile)",
                ),
                "unprecedented" => (
                    "hiếm có tiền lệ (trên bách phân vị 95 của các tốc độ đã duy trì được)",
                    "nearly unprecedented (above the 95th percentile of sustained rates)",
                ),
                _ => (
                    "cao hơn mọi tốc độ các tỉnh từng duy trì được",
                    "beyond every rate a province has sustained",
                ),
            };
            s.push(if vi {
                format!("Tốc độ tăng cần thiết {fvi}.")
            } else {
                format!("The growth required is {fen}.")
            });
        }
    }
    caveats(row, l, &mut s, true);
    s.join(" ")
}

/// The caveats of a row: missing years, an unconfirmed figure, the computation's notes.
fn caveats(row: &ReportRow, l: Lang, s: &mut Vec<String>, with_note: bool) {
    let vi = l == Lang::Vi;
    let mut c: Vec<String> = Vec::new();
    if let (Some((by, _)), Some((ly, _)), Some(points)) = (row.base, row.latest, row.points) {
        let span = u32::try_from(ly - by + 1).unwrap_or(0);
        if span > points {
            let missing = year_count(span - points, l);
            c.push(if vi {
                format!("thiếu số liệu {missing} trong giai đoạn {by}–{ly}")
            } else {
                format!("{missing} without data in {by}–{ly}")
            });
        }
    }
    if row.provenance == Some(Provenance::PressSummary) {
        let whole = row.status == Status::NotMeasurable;
        c.push(
            match (vi, whole) {
                (true, false) => {
                    "con số mục tiêu lấy theo tóm tắt báo chí, chưa đối chiếu được với văn bản gốc"
                }
                (true, true) => {
                    "nội dung mục tiêu lấy theo tóm tắt báo chí, chưa đối chiếu được với văn bản \
                     gốc"
                }
                (false, false) => {
                    "the target figure comes from press summaries, not checked against the \
                     document"
                }
                (false, true) => {
                    "the target comes from press summaries, not checked against the document"
                }
            }
            .to_owned(),
        );
    }
    if with_note {
        if let Some(n) = &row.note {
            c.push(n.pick(l));
        }
    }
    if !c.is_empty() {
        s.push(if vi {
            format!("Lưu ý: {}.", c.join("; "))
        } else {
            format!("Caveats: {}.", c.join("; "))
        });
    }
}

/// How many of a unit's targets in a plan stand where.
fn summary(rows: &[&ReportRow], l: Lang) -> String {
    let vi = l == Lang::Vi;
    let parts: Vec<String> = Status::ALL
        .iter()
        .filter_map(|s| {
            let n = rows.iter().filter(|r| r.status == *s).count();
            (n > 0).then(|| {
                let label = if vi { s.label_vi() } else { s.label_en() };
                format!("{n} “{label}”")
            })
        })
        .collect();
    let latest: Vec<i32> = {
        let mut y: Vec<i32> = rows.iter().filter_map(|r| r.latest.map(|p| p.0)).collect();
        y.sort_unstable();
        y.dedup();
        y
    };
    let data = if latest.is_empty() {
        String::new()
    } else if vi {
        format!(" Số liệu mới nhất: năm {}.", years(&latest, l))
    } else {
        format!(" Latest data: {}.", years(&latest, l))
    };
    let n = rows.len();
    if vi {
        format!(
            "Kế hoạch có {n} mục tiêu, trong đó: {}.{data}",
            parts.join("; ")
        )
    } else {
        let targets = if n == 1 { "target" } else { "targets" };
        format!("{n} {targets}: {}.{data}", parts.join("; "))
    }
}
