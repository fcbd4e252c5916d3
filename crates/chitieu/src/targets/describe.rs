//! How a target kind reads, in Vietnamese and English: one description, both languages side
//! by side, so that the two never drift apart.

use super::kind::{RelativeChange, TargetKind};
use crate::catalog::Catalog;
use crate::vocabulary::numbers::{date, number as n};
pub use crate::vocabulary::Bilingual;
use crate::vocabulary::Lang;

/// An indicator's name in the built-in catalog, or its id.
fn indicator_name(id: &str) -> Bilingual {
    Catalog::builtin().indicator(id).map_or_else(
        || Bilingual::same(id),
        |i| Bilingual::new(&i.name_vi, &i.name_en),
    )
}

fn vi(x: f64) -> String {
    n(x, Lang::Vi)
}

fn en(x: f64) -> String {
    n(x, Lang::En)
}

impl TargetKind {
    /// How the target reads, in both languages.
    ///
    /// ```
    /// use chitieu::targets::TargetKind;
    /// let k = TargetKind::Range { lo: 70.0, hi: 80.0 };
    /// let d = k.description();
    /// assert_eq!((d.vi.as_str(), d.en.as_str()), ("từ 70 đến 80", "between 70 and 80"));
    /// ```
    pub fn description(&self) -> Bilingual {
        match self {
            Self::AtLeast { value } => Bilingual::by(|l| format!("≥ {}", n(*value, l))),
            Self::MoreThan { value } => Bilingual::by(|l| format!("> {}", n(*value, l))),
            Self::AtMost { value } => Bilingual::by(|l| format!("≤ {}", n(*value, l))),
            Self::LessThan { value } => Bilingual::by(|l| format!("< {}", n(*value, l))),
            Self::Range { lo, hi } => Bilingual::new(
                format!("từ {} đến {}", vi(*lo), vi(*hi)),
                format!("between {} and {}", en(*lo), en(*hi)),
            ),
            Self::PerYear {
                lo,
                hi,
                from_year,
                to_year,
            } => Bilingual::new(
                format!("{}–{} mỗi năm, {from_year}–{to_year}", vi(*lo), vi(*hi)),
                format!("{}–{} a year, {from_year}–{to_year}", en(*lo), en(*hi)),
            ),
            Self::Cumulative {
                value,
                strict,
                from_year,
            } => {
                let op = if *strict { ">" } else { "≥" };
                match from_year {
                    Some(y) => Bilingual::new(
                        format!("tổng cộng {op} {} từ năm {y}", vi(*value)),
                        format!("{op} {} in total from {y}", en(*value)),
                    ),
                    None => Bilingual::new(
                        format!("{op} {} (lũy kế)", vi(*value)),
                        format!("{op} {} (stock)", en(*value)),
                    ),
                }
            }
            Self::TopK {
                k,
                group,
                membership_date,
                rank_indicator,
            } => {
                let (g, by) = (group.name(), indicator_name(rank_indicator));
                Bilingual::new(
                    format!(
                        "trong {k} đứng đầu {} (thành viên ngày {}) theo {}",
                        g.vi,
                        date(membership_date, Lang::Vi),
                        by.vi
                    ),
                    format!(
                        "top {k} of {} (members on {membership_date}) by {}",
                        g.en, by.en
                    ),
                )
            }
            Self::PercentileBand { lo, hi, group } => {
                let g = group.name();
                Bilingual::new(
                    format!("giữa bách phân vị {} và {} của {}", vi(*lo), vi(*hi), g.vi),
                    format!(
                        "between percentiles {} and {} of {}",
                        en(*lo),
                        en(*hi),
                        g.en
                    ),
                )
            }
            Self::Milestone { event, event_vi } => Bilingual::new(
                format!("sự kiện: {}", event_vi.as_deref().unwrap_or(event)),
                format!("event: {event}"),
            ),
            Self::IncreaseEachYear => Bilingual::new("tăng hằng năm", "increase every year"),
            Self::Increase => Bilingual::new("tăng trong kỳ", "increase over the period"),
            Self::Relative { base_year, change } => match change {
                RelativeChange::Factor(f) => Bilingual::new(
                    format!("gấp {} lần giá trị năm {base_year}", vi(*f)),
                    format!("{} × the {base_year} value", en(*f)),
                ),
                RelativeChange::AnnualGrowth { lo, hi } => {
                    let rate = |l: Lang| {
                        if lo == hi {
                            format!("{}%", n(percent(*lo), l))
                        } else {
                            format!("{}–{}%", n(percent(*lo), l), n(percent(*hi), l))
                        }
                    };
                    Bilingual::new(
                        format!("tăng {}/năm từ năm {base_year}", rate(Lang::Vi)),
                        format!("+{} a year from {base_year}", rate(Lang::En)),
                    )
                }
            },
            Self::Qualitative => Bilingual::new(
                "định tính (không định lượng được)",
                "qualitative (not measurable)",
            ),
        }
    }

    /// How the target is read, in English (for documentation and reports).
    ///
    /// ```
    /// use chitieu::targets::TargetKind;
    /// assert_eq!(TargetKind::AtLeast { value: 2.0 }.describe(), "≥ 2");
    /// ```
    pub fn describe(&self) -> String {
        self.description().en
    }

    /// [`TargetKind::describe`] in Vietnamese.
    ///
    /// ```
    /// use chitieu::targets::TargetKind;
    /// let k = TargetKind::Range { lo: 70.0, hi: 80.0 };
    /// assert_eq!(k.describe_vi(), "từ 70 đến 80");
    /// ```
    pub fn describe_vi(&self) -> String {
        self.description().vi
    }
}

/// A rate as a percentage for people: `0.14` → `14` (not `14.000000000000002`), rounded to
/// 12 significant digits so binary noise never shows.
fn percent(rate: f64) -> f64 {
    let v = rate * 100.0;
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let digits = 11 - v.abs().log10().floor() as i32;
    let scale = 10f64.powi(digits.clamp(0, 15));
    (v * scale).round() / scale
}
