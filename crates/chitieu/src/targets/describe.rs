//! How a target kind reads, in Vietnamese and English.

use super::kind::{RelativeChange, TargetKind};

impl TargetKind {
    /// How the target is read, in words (for documentation and reports).
    pub fn describe(&self) -> String {
        match self {
            Self::AtLeast { value } => format!("≥ {value}"),
            Self::MoreThan { value } => format!("> {value}"),
            Self::AtMost { value } => format!("≤ {value}"),
            Self::LessThan { value } => format!("< {value}"),
            Self::Range { lo, hi } => format!("between {lo} and {hi}"),
            Self::PerYear {
                lo,
                hi,
                from_year,
                to_year,
            } => format!("{lo}–{hi} a year, {from_year}–{to_year}"),
            Self::Cumulative {
                value,
                strict,
                from_year,
            } => {
                let op = if *strict { ">" } else { "≥" };
                match from_year {
                    Some(y) => format!("{op} {value} in total from {y}"),
                    None => format!("{op} {value} (stock)"),
                }
            }
            Self::TopK {
                k,
                group,
                membership_date,
                rank_indicator,
            } => format!("top {k} of {group} (members on {membership_date}) by {rank_indicator}"),
            Self::PercentileBand { lo, hi, group } => {
                format!("between percentiles {lo} and {hi} of {group}")
            }
            Self::Milestone { event } => format!("event: {event}"),
            Self::IncreaseEachYear => "increase every year".to_owned(),
            Self::Increase => "increase over the period".to_owned(),
            Self::Relative { base_year, change } => match change {
                RelativeChange::Factor(f) => format!("{f} × the {base_year} value"),
                RelativeChange::AnnualGrowth { lo, hi } if lo == hi => {
                    format!("+{}% a year from {base_year}", percent(*lo))
                }
                RelativeChange::AnnualGrowth { lo, hi } => {
                    format!(
                        "+{}–{}% a year from {base_year}",
                        percent(*lo),
                        percent(*hi)
                    )
                }
            },
            Self::Qualitative => "qualitative (not measurable)".to_owned(),
        }
    }

    /// [`TargetKind::describe`] in Vietnamese.
    ///
    /// ```
    /// use chitieu::targets::TargetKind;
    /// let k = TargetKind::Range { lo: 70.0, hi: 80.0 };
    /// assert_eq!(k.describe_vi(), "từ 70 đến 80");
    /// ```
    pub fn describe_vi(&self) -> String {
        match self {
            Self::AtLeast { .. }
            | Self::MoreThan { .. }
            | Self::AtMost { .. }
            | Self::LessThan { .. } => self.describe(),
            Self::Range { lo, hi } => format!("từ {lo} đến {hi}"),
            Self::PerYear {
                lo,
                hi,
                from_year,
                to_year,
            } => format!("{lo}–{hi} mỗi năm, {from_year}–{to_year}"),
            Self::Cumulative {
                value,
                strict,
                from_year,
            } => {
                let op = if *strict { ">" } else { "≥" };
                match from_year {
                    Some(y) => format!("tổng cộng {op} {value} từ năm {y}"),
                    None => format!("{op} {value} (lũy kế)"),
                }
            }
            Self::TopK {
                k,
                group,
                membership_date,
                rank_indicator,
            } => format!(
                "trong {k} đứng đầu {group} (thành viên ngày {membership_date}) theo \
                 {rank_indicator}"
            ),
            Self::PercentileBand { lo, hi, group } => {
                format!("giữa bách phân vị {lo} và {hi} của {group}")
            }
            Self::Milestone { event } => format!("sự kiện: {event}"),
            Self::IncreaseEachYear => "tăng hằng năm".to_owned(),
            Self::Increase => "tăng trong kỳ".to_owned(),
            Self::Relative { base_year, change } => match change {
                RelativeChange::Factor(f) => format!("gấp {f} lần giá trị năm {base_year}"),
                RelativeChange::AnnualGrowth { lo, hi } if lo == hi => {
                    format!("tăng {}%/năm từ năm {base_year}", percent(*lo))
                }
                RelativeChange::AnnualGrowth { lo, hi } => {
                    format!(
                        "tăng {}–{}%/năm từ năm {base_year}",
                        percent(*lo),
                        percent(*hi)
                    )
                }
            },
            Self::Qualitative => "định tính (không định lượng được)".to_owned(),
        }
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
