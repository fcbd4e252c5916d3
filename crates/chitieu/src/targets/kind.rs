//! Target kinds and groups: what a target asks, as a type.

use std::fmt;
use std::str::FromStr;

use crate::catalog::did_you_mean;
use crate::registry::{Registry, REGIONS};

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

/// A group written in a way chitieu does not know (the message lists what it knows).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UnknownGroup(String);

impl FromStr for Group {
    type Err = UnknownGroup;

    /// Reads `region:<id>`, `country:vn`, `world` or `southeast-asia`.
    ///
    /// ```
    /// use chitieu::targets::Group;
    /// let g: Group = "region:red-river-delta".parse().unwrap();
    /// assert_eq!(g, Group::Region("red-river-delta".into()));
    /// assert!("region:mars".parse::<Group>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).map_err(UnknownGroup)
    }
}

impl Group {
    pub(super) fn parse(s: &str) -> Result<Self, String> {
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

    /// The group's name in both languages (a region's own name, the whole country...).
    ///
    /// ```
    /// use chitieu::targets::Group;
    /// let g: Group = "region:red-river-delta".parse().unwrap();
    /// assert_eq!(g.name().vi, "Đồng bằng sông Hồng");
    /// assert_eq!(Group::Country("vn".into()).name().en, "all provinces of Vietnam");
    /// ```
    pub fn name(&self) -> crate::vocabulary::Bilingual {
        use crate::vocabulary::Bilingual;
        match self {
            Self::Region(id) => crate::registry::REGION_NAMES
                .iter()
                .find(|(r, _, _)| r == id)
                .map_or_else(
                    || Bilingual::same(id.clone()),
                    |(_, vi, en)| Bilingual::new(*vi, *en),
                ),
            Self::Country(_) => Bilingual::new("cả nước", "all provinces of Vietnam"),
            Self::World => Bilingual::new("thế giới", "the world"),
            Self::SoutheastAsia => Bilingual::new("Đông Nam Á", "South-East Asia"),
        }
    }

    /// Number of units in the group on `date`, when chitieu knows it (regions, Vietnam).
    pub fn size(&self, date: &str) -> Option<usize> {
        self.members(date).map(|m| m.len())
    }

    /// The ids of the group's units on `date`, when chitieu knows them (regions, Vietnam).
    ///
    /// ```
    /// use chitieu::targets::Group;
    /// let g: Group = "region:red-river-delta".parse().unwrap();
    /// assert!(g.members("2024-01-01").unwrap().contains(&"ha-noi".to_owned()));
    /// assert_eq!(Group::World.members("2024-01-01"), None);
    /// ```
    pub fn members(&self, date: &str) -> Option<Vec<String>> {
        let r = Registry::builtin();
        match self {
            Self::Region(id) => Some(r.region_members(id, date).map(|u| u.id.clone()).collect()),
            Self::Country(_) => Some(r.units_at(date).map(|u| u.id.clone()).collect()),
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
        /// What happens (English).
        event: String,
        /// What happens, in Vietnamese (shown in Vietnamese reports when given).
        event_vi: Option<String>,
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
    /// How chitieu scores the kind, in both languages (docs/methods.md §3).
    ///
    /// ```
    /// use chitieu::targets::TargetKind;
    /// assert_eq!(TargetKind::Milestone { event: "x".into(), event_vi: None }.scoring_text().vi,
    ///            "nhị phân: đạt hoặc không đạt");
    /// ```
    pub fn scoring_text(&self) -> crate::vocabulary::Bilingual {
        let vi = match self {
            Self::AtLeast { .. } | Self::MoreThan { .. } | Self::AtMost { .. } | Self::LessThan { .. } => {
                "ngưỡng: đạt khi giá trị mới nhất đáp ứng ngưỡng; nếu chưa, dùng tỷ số tăng trưởng quan sát trên tăng trưởng cần thiết của Open SDG"
            }
            Self::Range { .. } => "khoảng: đạt khi nằm trong khoảng, hoặc vượt ra ngoài về phía tốt hơn của chỉ tiêu (có ghi chú); tiến độ tính tới cận gần hơn",
            Self::PerYear { .. } => "lượng phát sinh mỗi năm: một năm đạt khi nằm trong khoảng hoặc vượt ra ngoài về phía tốt hơn của chỉ tiêu (có ghi chú); số năm đạt / số năm đã qua, và tổng cộng dồn so với lo·số năm..hi·số năm",
            Self::Cumulative { .. } => "tổng cộng dồn so với mục tiêu đến năm mục tiêu",
            Self::TopK { .. } => "thứ hạng tính trong các đơn vị của nhóm theo từng năm (nêu rõ cách xếp đồng hạng)",
            Self::PercentileBand { .. } => "bách phân vị của đơn vị trong phân phối của nhóm theo từng năm",
            Self::Milestone { .. } => "nhị phân: đạt hoặc không đạt",
            Self::IncreaseEachYear => "tăng hằng năm: mọi thay đổi so với năm trước kể từ năm gốc đều được xét; R = số năm tăng / số năm được xét; một năm không tăng là không đạt mục tiêu",
            Self::Increase => "xu thế: phương pháp không có mục tiêu của Open SDG trên CAGR quan sát",
            Self::Relative { .. } => "tương đối: giá trị mục tiêu tính từ giá trị năm gốc, sau đó đánh giá như một ngưỡng",
            Self::Qualitative => "không đo lường được: liệt kê, không chấm điểm",
        };
        crate::vocabulary::Bilingual::new(vi, self.scoring())
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
