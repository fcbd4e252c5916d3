//! How a target kind reads, in Vietnamese and English: one description, both languages side
//! by side, so that the two never drift apart.

use super::kind::{RelativeChange, TargetKind};
use crate::vocabulary::Lang;

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bilingual {
    /// Vietnamese (full diacritics).
    pub vi: String,
    /// English.
    pub en: String,
}

impl Bilingual {
    fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// The same text in both languages (symbols and numbers).
    fn same(text: String) -> Self {
        Self {
            vi: text.clone(),
            en: text,
        }
    }

    /// The text in `lang`.
    pub fn pick(&self, lang: Lang) -> String {
        lang.pick(&self.vi, &self.en)
    }
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
            Self::AtLeast { value } => Bilingual::same(format!("≥ {value}")),
            Self::MoreThan { value } => Bilingual::same(format!("> {value}")),
            Self::AtMost { value } => Bilingual::same(format!("≤ {value}")),
            Self::LessThan { value } => Bilingual::same(format!("< {value}")),
            Self::Range { lo, hi } => Bilingual::new(
                format!("từ {lo} đến {hi}"),
                format!("between {lo} and {hi}"),
            ),
            Self::PerYear {
                lo,
                hi,
                from_year,
                to_year,
            } => Bilingual::new(
                format!("{lo}–{hi} mỗi năm, {from_year}–{to_year}"),
                format!("{lo}–{hi} a year, {from_year}–{to_year}"),
            ),
            Self::Cumulative {
                value,
                strict,
                from_year,
            } => {
                let op = if *strict { ">" } else { "≥" };
                match from_year {
                    Some(y) => Bilingual::new(
                        format!("tổng cộng {op} {value} từ năm {y}"),
                        format!("{op} {value} in total from {y}"),
                    ),
                    None => Bilingual::new(
                        format!("{op} {value} (lũy kế)"),
                        format!("{op} {value} (stock)"),
                    ),
                }
            }
            Self::TopK {
                k,
                group,
                membership_date,
                rank_indicator,
            } => Bilingual::new(
                format!(
                    "trong {k} đứng đầu {group} (thành viên ngày {membership_date}) theo \
                     {rank_indicator}"
                ),
                format!("top {k} of {group} (members on {membership_date}) by {rank_indicator}"),
            ),
            Self::PercentileBand { lo, hi, group } => Bilingual::new(
                format!("giữa bách phân vị {lo} và {hi} của {group}"),
                format!("between percentiles {lo} and {hi} of {group}"),
            ),
            Self::Milestone { event } => {
                Bilingual::new(format!("sự kiện: {event}"), format!("event: {event}"))
            }
            Self::IncreaseEachYear => Bilingual::new("tăng hằng năm", "increase every year"),
            Self::Increase => Bilingual::new("tăng trong kỳ", "increase over the period"),
            Self::Relative { base_year, change } => match change {
                RelativeChange::Factor(f) => Bilingual::new(
                    format!("gấp {f} lần giá trị năm {base_year}"),
                    format!("{f} × the {base_year} value"),
                ),
                RelativeChange::AnnualGrowth { lo, hi } => {
                    let rate = if lo == hi {
                        format!("{}%", percent(*lo))
                    } else {
                        format!("{}–{}%", percent(*lo), percent(*hi))
                    };
                    Bilingual::new(
                        format!("tăng {rate}/năm từ năm {base_year}"),
                        format!("+{rate} a year from {base_year}"),
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
