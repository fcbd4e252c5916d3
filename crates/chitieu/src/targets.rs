//! Target sets: the quantified (and qualitative) targets of a plan, as cited data.
//!
//! A target set is a TOML file: the plan's metadata (issuer, document number, date, what it
//! implements, scope) and `[[targets]]`, each with an indicator of the catalog, a kind with
//! its parameters, a horizon, and the clause it comes from quoted in Vietnamese with an
//! English rendering. The sets of the five seed plans and of the national frameworks
//! (Decision 569/QĐ-TTg, Resolution 57-NQ/TW) ship inside the crate (`targets/*.toml`).
//!
//! Loading validates everything and reports every problem at once, each with the file, the
//! line of the target's table and the field: unknown indicator (with a suggestion), unknown
//! kind, missing or unused parameters, a horizon not after the baseline, `lo > hi`, top-k
//! larger than its group...
//!
//! ```
//! use chitieu::targets::{TargetSet, TargetKind};
//! let set = TargetSet::builtin("lai-chau-69-kl-tw-2024")?;
//! let tfp = set.targets.iter().find(|t| t.indicator.as_deref() == Some("tfp_contribution_5y")).unwrap();
//! assert_eq!(tfp.kind, TargetKind::AtLeast { value: 37.6 });
//! assert_eq!(tfp.horizon, 2030);
//! # Ok::<(), chitieu::targets::TargetErrors>(())
//! ```

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::catalog::{did_you_mean, Catalog};
use crate::observations::YEAR_RANGE;
use crate::registry::{is_iso_date, Registry, REGIONS};

/// The shipped target sets: (id, TOML text).
const BUILTIN: [(&str, &str); 7] = [
    (
        "lai-chau-69-kl-tw-2024",
        include_str!("../targets/lai-chau-69-kl-tw-2024.toml"),
    ),
    (
        "long-an-54-ctr-tu-2024",
        include_str!("../targets/long-an-54-ctr-tu-2024.toml"),
    ),
    (
        "gia-lai-50-kl-tw-2019",
        include_str!("../targets/gia-lai-50-kl-tw-2019.toml"),
    ),
    (
        "bac-giang-69-kl-tw-2024",
        include_str!("../targets/bac-giang-69-kl-tw-2024.toml"),
    ),
    (
        "quang-tri-43-kh-skhcn-2023",
        include_str!("../targets/quang-tri-43-kh-skhcn-2023.toml"),
    ),
    (
        "vn-569-qd-ttg-2022",
        include_str!("../targets/vn-569-qd-ttg-2022.toml"),
    ),
    (
        "vn-57-nq-tw-2024",
        include_str!("../targets/vn-57-nq-tw-2024.toml"),
    ),
];

/// A group of units a rank or percentile is taken in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Group {
    /// A region of Vietnam (one of [`REGIONS`]).
    Region(String),
    /// All provinces of a country (`vn`).
    Country(String),
    /// Countries of the world (international rankings).
    World,
    /// Countries of South-East Asia (ASEAN).
    SoutheastAsia,
}

impl Group {
    fn parse(s: &str) -> Result<Self, String> {
        match s.split_once(':') {
            Some(("region", r)) if REGIONS.contains(&r) => Ok(Self::Region(r.to_owned())),
            Some(("region", r)) => Err(format!(
                "unknown region '{r}'{}; regions: {}",
                did_you_mean(r, REGIONS.iter().copied()),
                REGIONS.join(", ")
            )),
            Some(("country", c)) if c == "vn" => Ok(Self::Country(c.to_owned())),
            None if s == "world" => Ok(Self::World),
            None if s == "southeast-asia" => Ok(Self::SoutheastAsia),
            _ => Err(format!(
                "unknown group '{s}': expected 'region:<id>', 'country:vn', 'world' or 'southeast-asia'"
            )),
        }
    }

    /// Number of units in the group on `date`, when chitieu knows it (regions, Vietnam).
    pub fn size(&self, date: &str) -> Option<usize> {
        let r = Registry::builtin();
        match self {
            Self::Region(id) => Some(r.region_members(id, date).count()),
            Self::Country(_) => Some(r.units_at(date).count()),
            Self::World | Self::SoutheastAsia => None,
        }
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Region(r) => write!(f, "region:{r}"),
            Self::Country(c) => write!(f, "country:{c}"),
            Self::World => f.write_str("world"),
            Self::SoutheastAsia => f.write_str("southeast-asia"),
        }
    }
}

/// How a relative target is expressed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RelativeChange {
    /// The value at the horizon is `factor` times the base year's (2.0 = doubled).
    Factor(f64),
    /// Average annual growth (CAGR) from the base year, between `lo` and `hi` (fractions).
    AnnualGrowth {
        /// Lower bound, e.g. 0.16.
        lo: f64,
        /// Upper bound, e.g. 0.18.
        hi: f64,
    },
}

/// What a target asks, with its parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetKind {
    /// value ≥ `value`.
    AtLeast {
        /// Threshold.
        value: f64,
    },
    /// value > `value`.
    MoreThan {
        /// Threshold.
        value: f64,
    },
    /// value ≤ `value`.
    AtMost {
        /// Threshold.
        value: f64,
    },
    /// value < `value`.
    LessThan {
        /// Threshold.
        value: f64,
    },
    /// `lo` ≤ value ≤ `hi` (e.g. 70–80%).
    Range {
        /// Lower bound.
        lo: f64,
        /// Upper bound.
        hi: f64,
    },
    /// A flow between `lo` and `hi` every year from `from_year` to `to_year`.
    PerYear {
        /// Lower bound a year.
        lo: f64,
        /// Upper bound a year.
        hi: f64,
        /// First year.
        from_year: i32,
        /// Last year.
        to_year: i32,
    },
    /// The sum of a flow (from `from_year`) or a stock reaches `value` by the horizon.
    Cumulative {
        /// Count to reach.
        value: f64,
        /// "More than" (true) or "at least" (false).
        strict: bool,
        /// First year counted (a flow summed from then); `None` = a stock.
        from_year: Option<i32>,
    },
    /// Rank among the top `k` of `group` by `rank_indicator`.
    TopK {
        /// How many top places.
        k: u32,
        /// The group ranked in.
        group: Group,
        /// Date the group's membership is taken at (ISO).
        membership_date: String,
        /// Indicator ranked on.
        rank_indicator: String,
    },
    /// Position between percentiles `lo` and `hi` (0–100) of `group`.
    PercentileBand {
        /// Lower percentile.
        lo: f64,
        /// Upper percentile.
        hi: f64,
        /// The group.
        group: Group,
    },
    /// An event happens by the horizon.
    Milestone {
        /// What happens.
        event: String,
    },
    /// The value increases every year (no number): each year-on-year change counts
    /// ("hằng năm", "mỗi năm").
    IncreaseEachYear,
    /// The value rises over the period (no number, no yearly requirement): an overall trend
    /// ("tăng dần", "tăng cường"), judged by Open SDG's no-target method.
    Increase,
    /// A change relative to a base year.
    Relative {
        /// Base year.
        base_year: i32,
        /// The change asked.
        change: RelativeChange,
    },
    /// A commitment that cannot be measured; kept and listed.
    Qualitative,
}

impl TargetKind {
    /// The snake_case name used in TOML.
    pub fn name(&self) -> &'static str {
        match self {
            Self::AtLeast { .. } => "at_least",
            Self::MoreThan { .. } => "more_than",
            Self::AtMost { .. } => "at_most",
            Self::LessThan { .. } => "less_than",
            Self::Range { .. } => "range",
            Self::PerYear { .. } => "per_year",
            Self::Cumulative { .. } => "cumulative",
            Self::TopK { .. } => "top_k",
            Self::PercentileBand { .. } => "percentile_band",
            Self::Milestone { .. } => "milestone",
            Self::IncreaseEachYear => "increase_each_year",
            Self::Increase => "increase",
            Self::Relative { .. } => "relative",
            Self::Qualitative => "qualitative",
        }
    }

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

    /// How chitieu scores the kind (docs/methods.md §3).
    pub fn scoring(&self) -> &'static str {
        match self {
            Self::AtLeast { .. } | Self::MoreThan { .. } | Self::AtMost { .. } | Self::LessThan { .. } => {
                "threshold: achieved when the latest value meets it; otherwise Open SDG ratio of observed to required growth"
            }
            Self::Range { .. } => "range: achieved inside the range, and beyond it on the indicator's better side (noted); progress towards the nearer bound",
            Self::PerYear { .. } => "per-year flow: a year is met within the range or beyond it on the indicator's better side (noted); years met / years elapsed, and the cumulative count against lo·years..hi·years",
            Self::Cumulative { .. } => "cumulative count against the target by the horizon",
            Self::TopK { .. } => "rank computed among the group's units for the year (ties stated)",
            Self::PercentileBand { .. } => "percentile of the unit in the group's distribution for the year",
            Self::Milestone { .. } => "binary: achieved or not achieved",
            Self::IncreaseEachYear => "each year: every year-on-year change from the base year counts; R = years risen / years judged; a year without a rise fails the target",
            Self::Increase => "trend: Open SDG no-target method on the observed CAGR",
            Self::Relative { .. } => "relative: target value computed from the base-year value, then as a threshold",
            Self::Qualitative => "not measurable: listed, not scored",
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

/// Where a target's clause was read: the published document itself, or a press summary of
/// it. Only the first is *confirmed*; every output labels the second.
///
/// ```
/// use chitieu::targets::Provenance;
/// assert!(Provenance::Document.confirmed());
/// assert_eq!(Provenance::PressSummary.code(), "press_summary");
/// assert_eq!(Provenance::PressSummary.label_vi(), "theo tóm tắt báo chí, chưa đối chiếu văn bản gốc");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// The clause is quoted from the published document itself.
    Document,
    /// The figure comes from press summaries or other secondary sources, not the document.
    PressSummary,
}

impl Provenance {
    /// The code used in TOML and tables.
    pub fn code(self) -> &'static str {
        match self {
            Self::Document => "document",
            Self::PressSummary => "press_summary",
        }
    }

    /// The provenance of a code, e.g. `"press_summary"`.
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Document, Self::PressSummary]
            .into_iter()
            .find(|p| p.code() == code)
    }

    /// Whether the clause was read in the document itself.
    pub fn confirmed(self) -> bool {
        self == Self::Document
    }

    /// A label for people, in English.
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Document => "quoted from the document",
            Self::PressSummary => "from press summaries, not checked against the document",
        }
    }

    /// A label for people, in Vietnamese.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Document => "trích từ văn bản gốc",
            Self::PressSummary => "theo tóm tắt báo chí, chưa đối chiếu văn bản gốc",
        }
    }
}

/// Where a target's wording comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The clause, verbatim, in Vietnamese.
    pub clause_vi: String,
    /// An English rendering.
    pub clause_en: String,
    /// Where the clause was read.
    pub provenance: Provenance,
    /// The page the clause was read in, when it is a web page.
    pub source_url: Option<String>,
    /// Interpretation choices.
    pub note: Option<String>,
}

impl Citation {
    /// Whether the clause was quoted from the published document itself.
    pub fn confirmed(&self) -> bool {
        self.provenance.confirmed()
    }
}

/// One target.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Id, `<set id>/<slug>`.
    pub id: String,
    /// Catalog indicator (for qualitative targets an optional free label).
    pub indicator: Option<String>,
    /// What is asked.
    pub kind: TargetKind,
    /// Baseline year named by the plan.
    pub baseline_year: Option<i32>,
    /// Year by which the target applies.
    pub horizon: i32,
    /// The clause it comes from.
    pub citation: Citation,
}

/// Who a target set applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// One province (id as at the plan's date).
    Unit(String),
    /// The whole country.
    National,
}

/// A plan's targets with the plan's metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetSet {
    /// Id, e.g. `lai-chau-69-kl-tw-2024`.
    pub id: String,
    /// Vietnamese title.
    pub name_vi: String,
    /// English title.
    pub name_en: String,
    /// Issuer (Vietnamese).
    pub issuer_vi: String,
    /// Issuer (English).
    pub issuer_en: String,
    /// Document number as written (empty when the text has none).
    pub document: String,
    /// Date of issue (ISO; empty when unknown).
    pub date: String,
    /// What the plan implements.
    pub implements: Vec<String>,
    /// Who it applies to.
    pub scope: Scope,
    /// Seed file the targets were read from.
    pub source_file: Option<String>,
    /// Where the text was found.
    pub url: Option<String>,
    /// The targets.
    pub targets: Vec<Target>,
}

// ----- the TOML form -------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum KindName {
    AtLeast,
    MoreThan,
    AtMost,
    LessThan,
    Range,
    PerYear,
    Cumulative,
    TopK,
    PercentileBand,
    Milestone,
    IncreaseEachYear,
    Increase,
    Relative,
    Qualitative,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum ScopeKind {
    Unit,
    National,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetToml {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    indicator: Option<String>,
    kind: Option<KindName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lo: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hi: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from_year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to_year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    strict: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    k: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    membership_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rank_indicator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    factor: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    base_year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    annual_growth_lo: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    annual_growth_hi: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_year: Option<i32>,
    horizon: i32,
    clause_vi: String,
    clause_en: String,
    /// Where the clause was read; older files say `confirmed = true|false` instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    provenance: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    confirmed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SetToml {
    id: String,
    name_vi: String,
    name_en: String,
    issuer_vi: String,
    issuer_en: String,
    document: String,
    date: String,
    #[serde(default)]
    implements: Vec<String>,
    scope_kind: ScopeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(default)]
    targets: Vec<toml::Spanned<TargetToml>>,
}

// ----- errors ------------------------------------------------------------------------------

/// One problem in a target-set file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{file}{}{}{}: {message}",
    line.map_or(String::new(), |l| format!(":{l}")),
    target.as_ref().map_or(String::new(), |t| format!(" target '{t}'")),
    field.map_or(String::new(), |f| format!(" field '{f}'")))]
pub struct TargetError {
    /// File name (or `<string>`).
    pub file: String,
    /// 1-based line of the target's table (or of a parse error).
    pub line: Option<usize>,
    /// Target id.
    pub target: Option<String>,
    /// Field.
    pub field: Option<&'static str>,
    /// What is wrong.
    pub message: String,
}

/// Every problem found in a target-set file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct TargetErrors {
    errors: Vec<TargetError>,
}

impl TargetErrors {
    /// The problems, in file order.
    pub fn errors(&self) -> &[TargetError] {
        &self.errors
    }
}

impl fmt::Display for TargetErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors.len();
        write!(
            f,
            "{n} error{} in target sets",
            if n == 1 { "" } else { "s" }
        )?;
        for e in &self.errors {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

// ----- loading -------------------------------------------------------------------------

impl TargetSet {
    /// Ids of the shipped target sets.
    pub fn builtin_ids() -> impl Iterator<Item = &'static str> {
        BUILTIN.iter().map(|(id, _)| *id)
    }

    /// A shipped target set by id.
    pub fn builtin(id: &str) -> Result<TargetSet, TargetErrors> {
        match BUILTIN.iter().find(|(i, _)| *i == id) {
            Some((i, text)) => {
                Self::from_toml(text, &format!("builtin:{i}.toml"), Catalog::builtin())
            }
            None => Err(TargetErrors {
                errors: vec![TargetError {
                    file: "builtin".to_owned(),
                    line: None,
                    target: None,
                    field: None,
                    message: format!(
                        "unknown target set '{id}'{}; shipped sets: {}",
                        did_you_mean(id, Self::builtin_ids()),
                        Self::builtin_ids().collect::<Vec<_>>().join(", ")
                    ),
                }],
            }),
        }
    }

    /// Every shipped target set.
    pub fn all_builtin() -> Result<Vec<TargetSet>, TargetErrors> {
        Self::builtin_ids().map(Self::builtin).collect()
    }

    /// Parses and validates a target set against `catalog`.
    pub fn from_toml(text: &str, file: &str, catalog: &Catalog) -> Result<TargetSet, TargetErrors> {
        let raw: SetToml = toml::from_str(text).map_err(|e| TargetErrors {
            errors: vec![TargetError {
                file: file.to_owned(),
                line: e.span().map(|s| line_of(text, s.start)),
                target: None,
                field: None,
                message: e.message().trim_end().to_owned(),
            }],
        })?;
        let mut errors = Vec::new();
        let set = convert_set(raw, text, file, catalog, &mut errors);
        if errors.is_empty() {
            Ok(set)
        } else {
            Err(TargetErrors { errors })
        }
    }

    /// The set as TOML (loads back to an equal set).
    pub fn to_toml(&self) -> String {
        let raw = SetToml {
            id: self.id.clone(),
            name_vi: self.name_vi.clone(),
            name_en: self.name_en.clone(),
            issuer_vi: self.issuer_vi.clone(),
            issuer_en: self.issuer_en.clone(),
            document: self.document.clone(),
            date: self.date.clone(),
            implements: self.implements.clone(),
            scope_kind: match self.scope {
                Scope::Unit(_) => ScopeKind::Unit,
                Scope::National => ScopeKind::National,
            },
            unit: match &self.scope {
                Scope::Unit(u) => Some(u.clone()),
                Scope::National => None,
            },
            source_file: self.source_file.clone(),
            url: self.url.clone(),
            targets: self
                .targets
                .iter()
                .map(|t| toml::Spanned::new(0..0, target_to_toml(t)))
                .collect(),
        };
        toml::to_string(&raw).expect("a target set serialises to TOML")
    }
}

fn target_to_toml(t: &Target) -> TargetToml {
    let mut r = TargetToml {
        id: t.id.clone(),
        indicator: t.indicator.clone(),
        baseline_year: t.baseline_year,
        horizon: t.horizon,
        clause_vi: t.citation.clause_vi.clone(),
        clause_en: t.citation.clause_en.clone(),
        provenance: Some(t.citation.provenance),
        source_url: t.citation.source_url.clone(),
        note: t.citation.note.clone(),
        ..TargetToml::default()
    };
    r.kind = Some(match &t.kind {
        TargetKind::AtLeast { value } => {
            r.value = Some(*value);
            KindName::AtLeast
        }
        TargetKind::MoreThan { value } => {
            r.value = Some(*value);
            KindName::MoreThan
        }
        TargetKind::AtMost { value } => {
            r.value = Some(*value);
            KindName::AtMost
        }
        TargetKind::LessThan { value } => {
            r.value = Some(*value);
            KindName::LessThan
        }
        TargetKind::Range { lo, hi } => {
            (r.lo, r.hi) = (Some(*lo), Some(*hi));
            KindName::Range
        }
        TargetKind::PerYear {
            lo,
            hi,
            from_year,
            to_year,
        } => {
            (r.lo, r.hi, r.from_year, r.to_year) =
                (Some(*lo), Some(*hi), Some(*from_year), Some(*to_year));
            KindName::PerYear
        }
        TargetKind::Cumulative {
            value,
            strict,
            from_year,
        } => {
            (r.value, r.strict, r.from_year) = (Some(*value), Some(*strict), *from_year);
            KindName::Cumulative
        }
        TargetKind::TopK {
            k,
            group,
            membership_date,
            rank_indicator,
        } => {
            r.k = Some(*k);
            r.group = Some(group.to_string());
            r.membership_date = Some(membership_date.clone());
            r.rank_indicator = Some(rank_indicator.clone());
            KindName::TopK
        }
        TargetKind::PercentileBand { lo, hi, group } => {
            (r.lo, r.hi, r.group) = (Some(*lo), Some(*hi), Some(group.to_string()));
            KindName::PercentileBand
        }
        TargetKind::Milestone { event } => {
            r.event = Some(event.clone());
            KindName::Milestone
        }
        TargetKind::IncreaseEachYear => KindName::IncreaseEachYear,
        TargetKind::Increase => KindName::Increase,
        TargetKind::Relative { base_year, change } => {
            r.base_year = Some(*base_year);
            match change {
                RelativeChange::Factor(f) => r.factor = Some(*f),
                RelativeChange::AnnualGrowth { lo, hi } => {
                    (r.annual_growth_lo, r.annual_growth_hi) = (Some(*lo), Some(*hi));
                }
            }
            KindName::Relative
        }
        TargetKind::Qualitative => KindName::Qualitative,
    });
    r
}

fn convert_set(
    raw: SetToml,
    text: &str,
    file: &str,
    catalog: &Catalog,
    errors: &mut Vec<TargetError>,
) -> TargetSet {
    let set_error = |errors: &mut Vec<TargetError>, field: &'static str, message: String| {
        errors.push(TargetError {
            file: file.to_owned(),
            line: None,
            target: None,
            field: Some(field),
            message,
        });
    };
    if !raw.date.is_empty() && !is_iso_date(&raw.date) {
        set_error(
            errors,
            "date",
            format!("'{}' is not an ISO date (YYYY-MM-DD) or empty", raw.date),
        );
    }
    let scope = match (raw.scope_kind, raw.unit) {
        (ScopeKind::Unit, Some(u)) => {
            if !Registry::builtin().knows(&u) {
                set_error(errors, "unit", format!("unknown unit '{u}'"));
            }
            Scope::Unit(u)
        }
        (ScopeKind::Unit, None) => {
            set_error(errors, "unit", "scope_kind 'unit' needs a unit".to_owned());
            Scope::National
        }
        (ScopeKind::National, Some(u)) => {
            set_error(
                errors,
                "unit",
                format!("a national set names no unit (found '{u}')"),
            );
            Scope::National
        }
        (ScopeKind::National, None) => Scope::National,
    };
    let mut seen = HashSet::new();
    let mut targets = Vec::new();
    for spanned in raw.targets {
        let line = line_of(text, spanned.span().start);
        let t = spanned.into_inner();
        let mut problems: Vec<(&'static str, String)> = Vec::new();
        if !seen.insert(t.id.clone()) {
            problems.push(("id", "defined more than once in the set".to_owned()));
        }
        if !t.id.starts_with(&format!("{}/", raw.id)) {
            problems.push(("id", format!("must start with the set id '{}/'", raw.id)));
        }
        if let Some(target) = convert_target(t.clone(), catalog, &mut problems) {
            targets.push(target);
        }
        errors.extend(problems.into_iter().map(|(field, message)| TargetError {
            file: file.to_owned(),
            line: Some(line),
            target: Some(t.id.clone()),
            field: Some(field),
            message,
        }));
    }
    TargetSet {
        id: raw.id,
        name_vi: raw.name_vi,
        name_en: raw.name_en,
        issuer_vi: raw.issuer_vi,
        issuer_en: raw.issuer_en,
        document: raw.document,
        date: raw.date,
        implements: raw.implements,
        scope,
        source_file: raw.source_file,
        url: raw.url,
        targets,
    }
}

/// Builds the typed target, pushing (field, message) for each problem.
fn convert_target(
    t: TargetToml,
    catalog: &Catalog,
    problems: &mut Vec<(&'static str, String)>,
) -> Option<Target> {
    let Some(kind_name) = t.kind else {
        problems.push(("kind", "missing".to_owned()));
        return None;
    };
    // Which optional parameters the kind uses; any other given is an error (likely a typo
    // or a wrong kind).
    let params: [(&'static str, bool); 15] = [
        ("value", t.value.is_some()),
        ("lo", t.lo.is_some()),
        ("hi", t.hi.is_some()),
        ("from_year", t.from_year.is_some()),
        ("to_year", t.to_year.is_some()),
        ("strict", t.strict.is_some()),
        ("k", t.k.is_some()),
        ("group", t.group.is_some()),
        ("membership_date", t.membership_date.is_some()),
        ("rank_indicator", t.rank_indicator.is_some()),
        ("event", t.event.is_some()),
        ("factor", t.factor.is_some()),
        ("base_year", t.base_year.is_some()),
        ("annual_growth_lo", t.annual_growth_lo.is_some()),
        ("annual_growth_hi", t.annual_growth_hi.is_some()),
    ];
    let used: &[&str] = match kind_name {
        KindName::AtLeast | KindName::MoreThan | KindName::AtMost | KindName::LessThan => {
            &["value"]
        }
        KindName::Range => &["lo", "hi"],
        KindName::PerYear => &["lo", "hi", "from_year", "to_year"],
        KindName::Cumulative => &["value", "strict", "from_year"],
        KindName::TopK => &["k", "group", "membership_date", "rank_indicator"],
        KindName::PercentileBand => &["lo", "hi", "group"],
        KindName::Milestone => &["event"],
        KindName::IncreaseEachYear | KindName::Increase | KindName::Qualitative => &[],
        KindName::Relative => &[
            "base_year",
            "factor",
            "annual_growth_lo",
            "annual_growth_hi",
        ],
    };
    let kind_str = serde_json::to_value(kind_name)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    for (name, given) in params {
        if given && !used.contains(&name) {
            problems.push((name, format!("is not a parameter of kind '{kind_str}'")));
        }
    }
    let n0 = problems.len();
    let kind = match kind_name {
        KindName::AtLeast => TargetKind::AtLeast {
            value: need(problems, &kind_str, "value", t.value),
        },
        KindName::MoreThan => TargetKind::MoreThan {
            value: need(problems, &kind_str, "value", t.value),
        },
        KindName::AtMost => TargetKind::AtMost {
            value: need(problems, &kind_str, "value", t.value),
        },
        KindName::LessThan => TargetKind::LessThan {
            value: need(problems, &kind_str, "value", t.value),
        },
        KindName::Range => TargetKind::Range {
            lo: need(problems, &kind_str, "lo", t.lo),
            hi: need(problems, &kind_str, "hi", t.hi),
        },
        KindName::PerYear => TargetKind::PerYear {
            lo: need(problems, &kind_str, "lo", t.lo),
            hi: need(problems, &kind_str, "hi", t.hi),
            from_year: need(problems, &kind_str, "from_year", t.from_year.map(f64::from)) as i32,
            to_year: need(problems, &kind_str, "to_year", t.to_year.map(f64::from)) as i32,
        },
        KindName::Cumulative => TargetKind::Cumulative {
            value: need(problems, &kind_str, "value", t.value),
            strict: t.strict.unwrap_or(false),
            from_year: t.from_year,
        },
        KindName::TopK => {
            let k = need(problems, &kind_str, "k", t.k.map(f64::from)) as u32;
            let group = t.group.as_deref().map(Group::parse);
            let date = t.membership_date.clone().unwrap_or_default();
            let ri = t.rank_indicator.clone().unwrap_or_default();
            match group {
                Some(Ok(g)) => TargetKind::TopK {
                    k,
                    group: g,
                    membership_date: date,
                    rank_indicator: ri,
                },
                Some(Err(m)) => {
                    problems.push(("group", m));
                    return None;
                }
                None => {
                    problems.push(("group", format!("kind '{kind_str}' needs it")));
                    return None;
                }
            }
        }
        KindName::PercentileBand => {
            let (lo, hi) = (
                need(problems, &kind_str, "lo", t.lo),
                need(problems, &kind_str, "hi", t.hi),
            );
            match t.group.as_deref().map(Group::parse) {
                Some(Ok(group)) => TargetKind::PercentileBand { lo, hi, group },
                Some(Err(m)) => {
                    problems.push(("group", m));
                    return None;
                }
                None => {
                    problems.push(("group", format!("kind '{kind_str}' needs it")));
                    return None;
                }
            }
        }
        KindName::Milestone => match &t.event {
            Some(e) if !e.trim().is_empty() => TargetKind::Milestone { event: e.clone() },
            _ => {
                problems.push(("event", format!("kind '{kind_str}' needs it")));
                return None;
            }
        },
        KindName::IncreaseEachYear => TargetKind::IncreaseEachYear,
        KindName::Increase => TargetKind::Increase,
        KindName::Relative => {
            let base_year =
                need(problems, &kind_str, "base_year", t.base_year.map(f64::from)) as i32;
            let change = match (t.factor, t.annual_growth_lo, t.annual_growth_hi) {
                (Some(f), None, None) => RelativeChange::Factor(f),
                (None, Some(lo), Some(hi)) => RelativeChange::AnnualGrowth { lo, hi },
                _ => {
                    problems.push((
                        "factor",
                        "give either factor, or annual_growth_lo and annual_growth_hi".to_owned(),
                    ));
                    return None;
                }
            };
            TargetKind::Relative { base_year, change }
        }
        KindName::Qualitative => TargetKind::Qualitative,
    };
    if problems.len() > n0 {
        return None;
    }
    check_kind(&kind, t.horizon, catalog, problems);
    if !YEAR_RANGE.contains(&t.horizon) {
        problems.push(("horizon", format!("{} is outside 1900..=2100", t.horizon)));
    }
    if let Some(b) = t.baseline_year {
        if b >= t.horizon {
            problems.push((
                "baseline_year",
                format!("{b} is not before the horizon {}", t.horizon),
            ));
        }
    }
    match (&t.indicator, &kind) {
        (None, TargetKind::Qualitative) => {}
        (None, _) => problems.push((
            "indicator",
            "missing (only qualitative targets may omit it)".to_owned(),
        )),
        (Some(_), TargetKind::Qualitative) => {} // a free label
        (Some(i), _) => {
            if let Err(e) = catalog.require_indicator(i) {
                problems.push(("indicator", e.to_string()));
            }
        }
    }
    let provenance = match (t.provenance, t.confirmed) {
        (Some(p), None) => p,
        (None, Some(true)) => Provenance::Document,
        (None, Some(false)) => Provenance::PressSummary,
        (Some(p), Some(c)) if p.confirmed() == c => p,
        (Some(p), Some(c)) => {
            problems.push((
                "confirmed",
                format!(
                    "{c} contradicts provenance = \"{}\" (give provenance only)",
                    p.code()
                ),
            ));
            p
        }
        (None, None) => {
            problems.push((
                "provenance",
                "missing: \"document\" (quoted from the published document) or                  \"press_summary\""
                    .to_owned(),
            ));
            Provenance::PressSummary
        }
    };
    for (field, text) in [("clause_vi", &t.clause_vi), ("clause_en", &t.clause_en)] {
        if text.trim().is_empty() && provenance.confirmed() {
            problems.push((
                field,
                "empty although the clause is quoted from the document".to_owned(),
            ));
        }
    }
    Some(Target {
        id: t.id,
        indicator: t.indicator,
        kind,
        baseline_year: t.baseline_year,
        horizon: t.horizon,
        citation: Citation {
            clause_vi: t.clause_vi,
            clause_en: t.clause_en,
            provenance,
            source_url: t.source_url,
            note: t.note,
        },
    })
}

/// A required parameter, or NaN after recording that it is missing.
fn need(
    problems: &mut Vec<(&'static str, String)>,
    kind: &str,
    field: &'static str,
    v: Option<f64>,
) -> f64 {
    v.unwrap_or_else(|| {
        problems.push((field, format!("kind '{kind}' needs it")));
        f64::NAN
    })
}

/// Checks the parameters of a kind (bounds, order, group sizes, indicators).
fn check_kind(
    kind: &TargetKind,
    horizon: i32,
    catalog: &Catalog,
    problems: &mut Vec<(&'static str, String)>,
) {
    let finite = |problems: &mut Vec<(&'static str, String)>, field: &'static str, v: f64| {
        if !v.is_finite() {
            problems.push((field, format!("{v} is not a finite number")));
        }
    };
    match kind {
        TargetKind::AtLeast { value }
        | TargetKind::MoreThan { value }
        | TargetKind::AtMost { value }
        | TargetKind::LessThan { value } => finite(problems, "value", *value),
        TargetKind::Range { lo, hi } => {
            finite(problems, "lo", *lo);
            finite(problems, "hi", *hi);
            if lo > hi {
                problems.push(("lo", format!("lo {lo} is greater than hi {hi}")));
            }
        }
        TargetKind::PerYear {
            lo,
            hi,
            from_year,
            to_year,
        } => {
            finite(problems, "hi", *hi);
            if !(lo.is_finite() && *lo > 0.0) {
                problems.push((
                    "lo",
                    format!("{lo} must be a finite number > 0 (a flow a year)"),
                ));
            }
            if lo > hi {
                problems.push(("lo", format!("lo {lo} is greater than hi {hi}")));
            }
            if from_year > to_year {
                problems.push((
                    "from_year",
                    format!("{from_year} is after to_year {to_year}"),
                ));
            }
            if *to_year > horizon {
                problems.push((
                    "to_year",
                    format!("{to_year} is after the horizon {horizon}"),
                ));
            }
        }
        TargetKind::Cumulative {
            value, from_year, ..
        } => {
            if !(value.is_finite() && *value > 0.0) {
                problems.push(("value", format!("{value} must be a finite number > 0")));
            }
            if from_year.is_some_and(|y| y > horizon) {
                problems.push(("from_year", format!("is after the horizon {horizon}")));
            }
        }
        TargetKind::TopK {
            k,
            group,
            membership_date,
            rank_indicator,
        } => {
            if !is_iso_date(membership_date) {
                problems.push((
                    "membership_date",
                    format!("'{membership_date}' is not an ISO date (YYYY-MM-DD)"),
                ));
            } else if let Some(n) = group.size(membership_date) {
                if *k == 0 || *k as usize > n {
                    problems.push(("k", format!("{k} is not between 1 and the {n} members of {group} on {membership_date}")));
                }
            }
            if let Err(e) = catalog.require_indicator(rank_indicator) {
                problems.push(("rank_indicator", e.to_string()));
            }
        }
        TargetKind::PercentileBand { lo, hi, .. } => {
            // NaN fails the range checks too.
            if !(0.0..=100.0).contains(lo) || !(0.0..=100.0).contains(hi) || lo >= hi {
                problems.push((
                    "lo",
                    format!("percentiles {lo}–{hi} must satisfy 0 ≤ lo < hi ≤ 100"),
                ));
            }
        }
        TargetKind::Relative { base_year, change } => {
            if *base_year >= horizon {
                problems.push((
                    "base_year",
                    format!("{base_year} is not before the horizon {horizon}"),
                ));
            }
            match change {
                RelativeChange::Factor(f) if !(f.is_finite() && *f > 0.0) => {
                    problems.push(("factor", format!("{f} must be a finite number > 0")));
                }
                RelativeChange::AnnualGrowth { lo, hi }
                    if !(lo.is_finite() && hi.is_finite() && lo <= hi && *lo > -1.0) =>
                {
                    problems.push((
                        "annual_growth_lo",
                        format!("growth {lo}..{hi} must be finite, above -1, with lo <= hi"),
                    ));
                }
                _ => {}
            }
        }
        TargetKind::Milestone { .. }
        | TargetKind::IncreaseEachYear
        | TargetKind::Increase
        | TargetKind::Qualitative => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_set_loads_and_round_trips() {
        let sets = TargetSet::all_builtin().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(sets.len(), 7);
        for set in sets {
            let text = set.to_toml();
            let again = TargetSet::from_toml(&text, "roundtrip.toml", Catalog::builtin())
                .unwrap_or_else(|e| panic!("{}: {e}", set.id));
            assert_eq!(again, set, "{}", set.id);
            assert_eq!(again.to_toml(), text);
        }
    }

    const HEADER: &str = r#"
id = "t"
name_vi = "Kế hoạch thử"
name_en = "Test plan"
issuer_vi = "UBND tỉnh"
issuer_en = "People's Committee"
document = "1/KH"
date = "2024-01-11"
scope_kind = "unit"
unit = "bac-giang"
"#;

    fn load(targets: &str) -> Result<TargetSet, TargetErrors> {
        TargetSet::from_toml(
            &format!("{HEADER}{targets}"),
            "plan.toml",
            Catalog::builtin(),
        )
    }

    fn target(body: &str) -> String {
        format!(
            "\n[[targets]]\n{body}\nhorizon = 2030\nclause_vi = \"Câu\"\nclause_en = \"Clause\"\nconfirmed = true\n"
        )
    }

    #[test]
    fn errors_name_file_line_target_and_field() {
        let text = [
            target("id = \"t/a\"\nindicator = \"researcher_per_10k\"\nkind = \"at_least\"\nvalue = 10"),
            target("id = \"t/b\"\nindicator = \"key_products_ip_share\"\nkind = \"range\"\nlo = 80\nhi = 70"),
            target("id = \"t/c\"\nindicator = \"pii_rank\"\nkind = \"top_k\"\nk = 15\ngroup = \"region:northern-midlands-and-mountains\"\nmembership_date = \"2024-01-11\"\nrank_indicator = \"pii_rank\""),
            target("id = \"t/d\"\nindicator = \"st_enterprises\"\nkind = \"cumulative\"\nvalue = 30\nlo = 1"),
            target("id = \"t/e\"\nindicator = \"st_enterprises\"\nkind = \"at_least\"\nvalue = 3\nbaseline_year = 2030"),
        ]
        .concat();
        let err = load(&text).unwrap_err();
        let got: Vec<String> = err.errors().iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "plan.toml:12 target 't/a' field 'indicator': unknown indicator 'researcher_per_10k'; did you mean 'researchers_per_10k'?",
                "plan.toml:22 target 't/b' field 'lo': lo 80 is greater than hi 70",
                "plan.toml:33 target 't/c' field 'k': 15 is not between 1 and the 14 members of region:northern-midlands-and-mountains on 2024-01-11",
                "plan.toml:46 target 't/d' field 'lo': is not a parameter of kind 'cumulative'",
                "plan.toml:57 target 't/e' field 'baseline_year': 2030 is not before the horizon 2030",
            ]
        );
    }

    #[test]
    fn unknown_kind_and_fields_are_parse_errors_with_lines() {
        let err = load(&target(
            "id = \"t/a\"\nindicator = \"pii_rank\"\nkind = \"top_three\"",
        ))
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("plan.toml:15"), "{msg}");
        assert!(msg.contains("top_three"), "{msg}");
        let err = load(&target(
            "id = \"t/a\"\nindicator = \"pii_rank\"\nkind = \"at_most\"\nvalu = 3",
        ))
        .unwrap_err();
        assert!(err.to_string().contains("valu"), "{err}");
    }

    #[test]
    fn kinds_describe_themselves() {
        let set = TargetSet::builtin("quang-tri-43-kh-skhcn-2023").unwrap();
        let kinds: HashSet<&str> = set.targets.iter().map(|t| t.kind.name()).collect();
        for k in [
            "more_than",
            "range",
            "per_year",
            "percentile_band",
            "qualitative",
        ] {
            assert!(kinds.contains(k), "{k}");
        }
        for t in &set.targets {
            assert!(!t.kind.describe().is_empty());
            assert!(!t.kind.scoring().is_empty());
        }
        assert!(TargetSet::builtin("lai-chau")
            .unwrap_err()
            .to_string()
            .contains("did you mean 'lai-chau-69-kl-tw-2024'"));
    }

    /// Rates read as people write them: 0.14 is "14", never "14.000000000000002".
    #[test]
    fn annual_growth_is_described_without_binary_noise() {
        let k = TargetKind::Relative {
            base_year: 2020,
            change: RelativeChange::AnnualGrowth { lo: 0.12, hi: 0.14 },
        };
        assert_eq!(k.describe(), "+12–14% a year from 2020");
        assert_eq!(k.describe_vi(), "tăng 12–14%/năm từ năm 2020");
        let k = TargetKind::Relative {
            base_year: 2020,
            change: RelativeChange::AnnualGrowth {
                lo: 0.165,
                hi: 0.165,
            },
        };
        assert_eq!(k.describe(), "+16.5% a year from 2020");
        // Every shipped description is free of such noise.
        for id in TargetSet::builtin_ids() {
            for t in &TargetSet::builtin(id).unwrap().targets {
                for text in [t.kind.describe(), t.kind.describe_vi()] {
                    assert!(!text.contains("0000000"), "{}: {text}", t.id);
                }
            }
        }
    }
}
