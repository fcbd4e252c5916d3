//! One scorecard row: a (unit, target) pair, its measure, status, score and notes.

use std::sync::{Arc, LazyLock};

use serde::Serialize;

use super::TargetIds;
use crate::progress::{Method, Point, Status};
use crate::projection::Projection;
use crate::registry::Registry;
use crate::targets::{Provenance, Target, TargetKind};
use crate::vocabulary::numbers::significant;
use crate::vocabulary::{Bilingual, Heading, Lang};

/// The result for one unit and one target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreRow {
    /// Unit scored (ids are shared by the rows that name them, not copied per row).
    pub unit_id: Arc<str>,
    /// Target set.
    pub set_id: Arc<str>,
    /// Target.
    pub target_id: Arc<str>,
    /// Indicator measured (for rank targets, the ranked indicator).
    pub indicator: Option<Arc<str>>,
    /// The indicator's name: the catalog's, or the target's own label of a free indicator.
    pub indicator_name: Option<Arc<Bilingual>>,
    /// Target kind.
    pub kind: &'static str,
    /// Where the target's clause was read (the document, or a press summary).
    pub provenance: Provenance,
    /// Base point used.
    pub base: Option<Point>,
    /// Latest point with data.
    pub latest: Option<Point>,
    /// Years with data from the base to the latest year (series measured by progress), so
    /// that readers see the years missing in between.
    pub points: Option<u32>,
    /// Target value the series is measured against (ranks and percentiles for group
    /// targets).
    pub target_value: Option<f64>,
    /// Target year (horizon).
    pub target_year: i32,
    /// Whether the target is met at the latest point.
    pub achieved: Option<bool>,
    /// `(yi − y0) / (yT − y0)`.
    pub gap_closed: Option<f64>,
    /// Observed CAGR.
    pub cagr_observed: Option<f64>,
    /// Required CAGR.
    pub cagr_required: Option<f64>,
    /// Ratio R.
    pub ratio: Option<f64>,
    /// Natural-limit factor C of a trend target's thresholds (1 without a limit).
    pub limit_factor: Option<f64>,
    /// Status class.
    pub status: Status,
    /// Score −5..5.
    pub score: Option<f64>,
    /// Change a year still required from the latest year.
    pub annual_change_required: Option<f64>,
    /// Value projected to the target year.
    pub projected: Option<f64>,
    /// Eurostat's ratio of projected to required change.
    pub projected_ratio: Option<f64>,
    /// Whether the projection meets the target by the target year.
    pub projected_achieved: Option<bool>,
    /// First year the projection meets the target (searching to 2100).
    pub year_met: Option<i32>,
    /// Method and conventions used, in words, in both languages (shared by the rows that
    /// use it).
    pub method: Arc<Bilingual>,
    /// The measure that set the status, as a code.
    pub measure: Measure,
    /// The scale the target value, latest value and projection are on.
    pub scale: Scale,
    /// The projection that gave `projected` and `year_met`, when the series' own level was
    /// projected (see [`crate::projection::path`] for its points).
    pub projection: Option<Projection>,
    /// Why the row is unable to assess / not measurable, or details (years met...), in both
    /// languages.
    pub note: Option<Bilingual>,
    /// Percentile of the required CAGR among the CAGRs units sustained over the
    /// feasibility window (see [`crate::feasibility`]).
    pub feasibility_percentile: Option<f64>,
    /// ordinary / ambitious / unprecedented / beyond_observed.
    pub feasibility: Option<&'static str>,
}

impl ScoreRow {
    pub(super) fn new(unit: &Arc<str>, ids: &TargetIds, t: &Target) -> Self {
        Self {
            unit_id: Arc::clone(unit),
            set_id: Arc::clone(&ids.set),
            target_id: Arc::clone(&ids.target),
            indicator: ids.indicator.clone(),
            indicator_name: ids.indicator_name.clone(),
            kind: t.kind.name(),
            provenance: t.citation.provenance,
            base: None,
            latest: None,
            points: None,
            target_value: None,
            target_year: t.horizon,
            achieved: None,
            gap_closed: None,
            cagr_observed: None,
            cagr_required: None,
            ratio: None,
            limit_factor: None,
            status: Status::UnableToAssess,
            score: None,
            annual_change_required: None,
            projected: None,
            projected_ratio: None,
            projected_achieved: None,
            year_met: None,
            method: Arc::clone(&ids.scoring),
            measure: Measure::of(&t.kind),
            scale: Scale::of(&t.kind),
            projection: None,
            note: None,
            feasibility_percentile: None,
            feasibility: None,
        }
    }

    pub(super) fn unable(mut self, why: Bilingual) -> Self {
        self.status = Status::UnableToAssess;
        self.note = Some(why);
        self
    }
}

/// The measure that set a row's status: what the `method` sentence says, as a code that
/// charts and reports read.
///
/// ```
/// use chitieu::score::Measure;
/// use chitieu::targets::TargetKind;
/// assert_eq!(Measure::of(&TargetKind::Increase).code(), "trend_cagr");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Measure {
    /// Open SDG ratio of observed to required growth towards a numeric target.
    TargetRatio,
    /// Open SDG no-target method: the observed CAGR against fixed thresholds.
    TrendCagr,
    /// Every year-on-year change judged (R = years risen / years judged).
    EachYear,
    /// Per-year flows: R = sum of flows / (lo × years elapsed).
    PerYearFlow,
    /// A flow summed from a year: R = observed pace / required pace.
    CumulativeFlow,
    /// An event: achieved or not.
    Binary,
    /// A qualitative target: listed, not scored.
    NotMeasured,
}

impl Measure {
    /// The measure a target kind starts with (a measured row may refine it, e.g. a
    /// cumulative stock measured by the target ratio).
    pub fn of(kind: &TargetKind) -> Self {
        match kind {
            TargetKind::Qualitative => Self::NotMeasured,
            TargetKind::Milestone { .. } => Self::Binary,
            TargetKind::PerYear { .. } => Self::PerYearFlow,
            TargetKind::Cumulative {
                from_year: Some(_), ..
            } => Self::CumulativeFlow,
            TargetKind::IncreaseEachYear => Self::EachYear,
            TargetKind::Increase => Self::TrendCagr,
            _ => Self::TargetRatio,
        }
    }

    /// The measure of a row scored by [`crate::progress()`] with `method`.
    pub fn from_method(method: Method) -> Self {
        match method {
            Method::TargetRatio => Self::TargetRatio,
            Method::TrendCagr => Self::TrendCagr,
        }
    }

    /// Stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Self::TargetRatio => "target_ratio",
            Self::TrendCagr => "trend_cagr",
            Self::EachYear => "each_year",
            Self::PerYearFlow => "per_year_flow",
            Self::CumulativeFlow => "cumulative_flow",
            Self::Binary => "binary",
            Self::NotMeasured => "not_measured",
        }
    }
}

/// The scale a row's target value and projection are on, so that a chart knows what it can
/// draw on the indicator's own series without reading the method sentence.
///
/// ```
/// use chitieu::score::Scale;
/// use chitieu::targets::TargetKind;
/// assert_eq!(Scale::of(&TargetKind::AtLeast { value: 2.0 }), Scale::Level);
/// assert_eq!(Scale::of(&TargetKind::Cumulative { value: 30.0, strict: true, from_year: None }),
///            Scale::Level); // a stock
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Scale {
    /// The indicator's own values (thresholds, ranges, relative targets, stocks).
    Level,
    /// Yearly flows or their running total (per-year and cumulative-flow targets).
    Flow,
    /// A direction without a value (increase targets).
    Trend,
    /// The unit's rank in a group.
    Rank,
    /// The unit's percentile position in a group.
    Percentile,
    /// An event (0/1).
    Event,
    /// Nothing measured (qualitative targets).
    None,
}

impl Scale {
    /// Every scale.
    pub const ALL: [Scale; 7] = [
        Self::Level,
        Self::Flow,
        Self::Trend,
        Self::Rank,
        Self::Percentile,
        Self::Event,
        Self::None,
    ];

    /// The scale with this [`Scale::code`].
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The scale of a target kind.
    pub fn of(kind: &TargetKind) -> Self {
        match kind {
            TargetKind::AtLeast { .. }
            | TargetKind::MoreThan { .. }
            | TargetKind::AtMost { .. }
            | TargetKind::LessThan { .. }
            | TargetKind::Range { .. }
            | TargetKind::Relative { .. }
            | TargetKind::Cumulative {
                from_year: None, ..
            } => Self::Level,
            TargetKind::PerYear { .. } | TargetKind::Cumulative { .. } => Self::Flow,
            TargetKind::Increase | TargetKind::IncreaseEachYear => Self::Trend,
            TargetKind::TopK { .. } => Self::Rank,
            TargetKind::PercentileBand { .. } => Self::Percentile,
            TargetKind::Milestone { .. } => Self::Event,
            TargetKind::Qualitative => Self::None,
        }
    }

    /// Stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Level => "level",
            Self::Flow => "flow",
            Self::Trend => "trend",
            Self::Rank => "rank",
            Self::Percentile => "percentile",
            Self::Event => "event",
            Self::None => "none",
        }
    }
}

/// Method texts of event and flow targets, shared by every row.
pub(super) static BINARY_METHOD: LazyLock<Arc<Bilingual>> = LazyLock::new(|| {
    Arc::new(Bilingual::new(
        "nhị phân: đạt khi chỉ tiêu sự kiện bằng 1",
        "binary: achieved when the event indicator is 1",
    ))
});
pub(super) static PER_YEAR_METHOD: LazyLock<Arc<Bilingual>> = LazyLock::new(|| {
    Arc::new(Bilingual::new(
        "lượng phát sinh mỗi năm: một năm đạt khi nằm trong khoảng lo..hi hoặc vượt ra ngoài \
         về phía tốt hơn của chỉ tiêu; R = tổng lượng phát sinh / (lo x số năm đã qua); \
         ngưỡng của Open SDG trên R",
        "per-year flow: a year is met within lo..hi or beyond it on the indicator's better \
         side; R = sum of flows / (lo x years elapsed); Open SDG thresholds on R",
    ))
});
pub(super) static EACH_YEAR_METHOD: LazyLock<Arc<Bilingual>> = LazyLock::new(|| {
    Arc::new(Bilingual::new(
        "tăng hằng năm: mọi thay đổi so với năm trước, từ năm gốc đến năm mới nhất (không quá \
         năm mục tiêu), đều được xét; R = số năm tăng / số năm được xét, chấm trên thang tỷ \
         số của Open SDG; một năm không tăng là không đạt mục tiêu; tăng ở mọi năm: đúng tiến \
         độ, và đạt khi đến năm mục tiêu",
        "each year: every year-on-year change from the base year to the latest (up to the \
         horizon) is judged; R = years risen / years judged, scored on Open SDG's ratio \
         scale; a year without a rise fails the target (not achieved); all risen: on track, \
         achieved once the horizon is reached",
    ))
});

/// The deflator series that turns money amounts into real terms for trend targets.
pub const DEFLATOR: &str = "grdp_deflator";
pub(super) static CUMULATIVE_METHOD: LazyLock<Arc<Bilingual>> = LazyLock::new(|| {
    Arc::new(Bilingual::new(
        "cộng dồn: R = nhịp độ quan sát / nhịp độ cần thiết (giá trị / số năm đến năm mục \
         tiêu); dự báo theo nhịp độ quan sát",
        "cumulative flow: R = observed pace / required pace (value / years to the horizon); \
         projection at the observed pace",
    ))
});

/// A row with `extra` appended to its note.
pub(super) fn with_note(mut row: ScoreRow, extra: Bilingual) -> ScoreRow {
    row.note = Some(Bilingual::append(row.note.take(), extra));
    row
}

/// The post-reform successor of a pre-reform province, with the warning to show, when it
/// merged with others (an unchanged province keeps its geography: no warning).
pub(super) fn carried(unit: &str) -> Option<(String, Option<Bilingual>)> {
    let cw = crate::crosswalk::Crosswalk::builtin();
    let new = cw.successor(unit)?;
    let members = cw.members(new)?;
    if members.len() == 1 {
        return Some((new.to_owned(), None));
    }
    let r = Registry::builtin();
    let (old_name, new_name) = (r.name_of(unit), r.name_of(new));
    let names: Vec<Bilingual> = members.iter().map(|m| r.name_of(m)).collect();
    let joined =
        |pick: fn(&Bilingual) -> &str| names.iter().map(pick).collect::<Vec<_>>().join(" + ");
    let warning = Bilingual::new(
        format!(
            "cảnh báo: bộ chỉ tiêu của {} được chuyển sang đơn vị kế thừa {} ({}), một địa bàn \
             rộng hơn địa bàn của kế hoạch",
            old_name.vi,
            new_name.vi,
            joined(|b| &b.vi)
        ),
        format!(
            "warning: target set for '{unit}' carried to its successor '{new}' ({}), a larger \
             geography than the plan's",
            members.join(" + ")
        ),
    );
    Some((new.to_owned(), Some(warning)))
}

/// How a scorecard row's target reads in a title: `Mục tiêu ≥ 10 đến năm 2030` /
/// `Target ≥ 10 by 2030`, from the row's kind (its [`TargetKind::name`]), scale, target value
/// and year. Charts and reports use this; nothing else phrases targets.
///
/// ```
/// use chitieu::score::{target_phrase, Scale};
/// use chitieu::vocabulary::Lang;
/// assert_eq!(target_phrase("at_least", Scale::Level, Some(10.0), Some(2030), Lang::En),
///            "Target ≥ 10 by 2030");
/// assert_eq!(target_phrase("per_year", Scale::Flow, Some(3.0), Some(2030), Lang::Vi),
///            "Mục tiêu ≥ 3 mỗi năm đến năm 2030");
/// assert_eq!(target_phrase("increase", Scale::Trend, None, Some(2030), Lang::En),
///            "Target increase over the period to 2030");
/// ```
pub fn target_phrase(
    kind: &str,
    scale: Scale,
    value: Option<f64>,
    year: Option<i32>,
    lang: Lang,
) -> String {
    let h = |heading: Heading| heading.text(lang);
    let mut until = h(Heading::ByYear);
    let what = match (kind, value) {
        ("increase_each_year", _) => {
            until = h(Heading::ToYear);
            h(Heading::IncreaseEachYear)
        }
        ("increase", _) => {
            until = h(Heading::ToYear);
            h(Heading::IncreaseTrend)
        }
        ("top_k", Some(v)) => format!("{} {}", h(Heading::Top), significant(v, lang)),
        ("milestone" | "percentile_band", _) | (_, None) => String::new(),
        (kind, Some(v)) => {
            let comparator = match kind {
                "at_least" | "relative" | "cumulative" | "per_year" => "≥",
                "more_than" => ">",
                "at_most" => "≤",
                "less_than" => "<",
                _ => "",
            };
            let what = format!("{comparator} {}", significant(v, lang))
                .trim()
                .to_owned();
            match (kind, scale) {
                ("per_year", _) => format!("{what} {}", h(Heading::PerYear)),
                ("cumulative", Scale::Flow) => format!("({}) {what}", h(Heading::Cumulative)),
                _ => what,
            }
        }
    };
    let mut words = vec![h(Heading::Target), what];
    if let Some(y) = year {
        words.extend([until, y.to_string()]);
    }
    words.retain(|w| !w.is_empty());
    words.join(" ")
}

/// A number for English titles: whole numbers with thousands separated by commas; others to
/// six significant digits (Python's `format(x, ",.6g")`); see
/// [`crate::vocabulary::numbers::significant`] for other languages.
///
/// ```
/// use chitieu::score::title_number;
/// assert_eq!(title_number(30000.0), "30,000");
/// assert_eq!(title_number(37.6), "37.6");
/// assert_eq!(title_number(1234.56789), "1,234.57");
/// assert_eq!(title_number(0.000012345), "1.2345e-05");
/// ```
pub fn title_number(v: f64) -> String {
    significant(v, Lang::En)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_of_every_kind() {
        let en = |k, s, v, y| target_phrase(k, s, v, y, Lang::En);
        assert_eq!(
            en("top_k", Scale::Rank, Some(3.0), Some(2030)),
            "Target top 3 by 2030"
        );
        assert_eq!(
            en("cumulative", Scale::Flow, Some(30.0), Some(2030)),
            "Target (cumulative) ≥ 30 by 2030"
        );
        assert_eq!(
            en("cumulative", Scale::Level, Some(30.0), Some(2030)),
            "Target ≥ 30 by 2030"
        );
        assert_eq!(
            en("milestone", Scale::Event, Some(1.0), Some(2027)),
            "Target by 2027"
        );
        assert_eq!(en("less_than", Scale::Level, Some(5.0), None), "Target < 5");
        assert_eq!(
            target_phrase(
                "increase_each_year",
                Scale::Trend,
                None,
                Some(2030),
                Lang::Vi
            ),
            "Mục tiêu tăng hằng năm đến năm 2030"
        );
    }
}
