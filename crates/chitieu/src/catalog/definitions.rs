//! What the catalog defines: components, indicators, their units, kinds, formulas and aggregation.

use serde::{Deserialize, Serialize};

use crate::vocabulary::Direction;

/// Unit of an indicator's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Percent (0–100).
    Percent,
    /// A count of things (enterprises, projects, applications).
    Count,
    /// Per 10,000 population.
    #[serde(rename = "per_10k_population")]
    Per10kPopulation,
    /// Billion Vietnamese đồng.
    VndBillion,
    /// An index or score.
    Index,
    /// A rank (1 = best).
    Rank,
    /// An event: 1 from the year it happened, 0 before.
    Event,
}

impl Unit {
    /// Stable snake_case code (as in the catalog's TOML).
    ///
    /// ```
    /// use chitieu::catalog::Unit;
    /// assert_eq!(Unit::Per10kPopulation.code(), "per_10k_population");
    /// assert_eq!(Unit::from_code("vnd_billion"), Some(Unit::VndBillion));
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Self::Percent => "percent",
            Self::Count => "count",
            Self::Per10kPopulation => "per_10k_population",
            Self::VndBillion => "vnd_billion",
            Self::Index => "index",
            Self::Rank => "rank",
            Self::Event => "event",
        }
    }

    /// The unit of a [`Unit::code`].
    pub fn from_code(code: &str) -> Option<Self> {
        [
            Self::Percent,
            Self::Count,
            Self::Per10kPopulation,
            Self::VndBillion,
            Self::Index,
            Self::Rank,
            Self::Event,
        ]
        .into_iter()
        .find(|u| u.code() == code)
    }

    /// What follows a value of this unit in a sentence (`"%"` directly, else a word after a
    /// space; empty for counts, indices, ranks and events).
    ///
    /// ```
    /// use chitieu::catalog::Unit;
    /// assert_eq!(Unit::VndBillion.after_value().vi, " tỷ đồng");
    /// ```
    pub fn after_value(self) -> crate::vocabulary::Bilingual {
        use crate::vocabulary::Bilingual;
        match self {
            Self::Percent => Bilingual::same("%"),
            Self::Per10kPopulation => Bilingual::new(" người/1 vạn dân", " per 10,000 population"),
            Self::VndBillion => Bilingual::new(" tỷ đồng", " billion VND"),
            Self::Count | Self::Index | Self::Rank | Self::Event => Bilingual::same(""),
        }
    }
}

/// Unit of a raw component's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentUnit {
    /// Billion Vietnamese đồng.
    VndBillion,
    /// A count of things.
    Count,
    /// Persons.
    Persons,
    /// Thousand persons.
    ThousandPersons,
    /// A share between 0 and 1.
    Share,
}

/// What sort of quantity an indicator is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// A level at a point in time (enterprises alive at year end).
    Stock,
    /// An amount over the year (new enterprises, spending).
    Flow,
    /// A ratio of two amounts.
    Ratio,
    /// A rate or contribution to growth.
    Rate,
    /// A rank among units.
    Rank,
    /// A composite score.
    Index,
    /// An event (0/1).
    Event,
}

/// How an indicator behaves when units are merged or aggregated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Sum across units.
    Additive,
    /// Sum numerator and denominator across units, then divide.
    RatioOfAdditive,
    /// Must be recomputed from inputs, or is not comparable.
    NotAdditive,
}

/// How an indicator is computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Formula {
    /// `scale × Σ numerator / Σ denominator`.
    Ratio {
        /// Terms summed above the line (components or indicators).
        numerator: Vec<String>,
        /// Terms summed below the line.
        denominator: Vec<String>,
        /// Multiplier (100 for percent, 10,000 for per 10,000 people).
        scale: f64,
    },
    /// `Σ terms`.
    Sum {
        /// Terms summed (components or indicators).
        terms: Vec<String>,
    },
    /// Published as is (scores, ranks, events): supplied in observations, never derived.
    Reported,
    /// TFP contribution to output growth by growth accounting (see [`crate::growth`]).
    GrowthAccounting {
        /// Output at constant prices.
        output: String,
        /// Capital stock at constant prices.
        capital: Option<String>,
        /// Investment at constant prices (capital by perpetual inventory).
        investment: Option<String>,
        /// Labour input.
        labour: String,
        /// Capital share of income.
        capital_share: Option<String>,
        /// Years of growth per value: `None` (or 1) = each year's share; 5 = the share of
        /// summed growth over the five years ending in the year (a plan period).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        window: Option<u32>,
    },
}

impl Formula {
    /// The formula's kind, as its TOML/JSON `kind` tag (`ratio`, `sum`, `reported`,
    /// `growth_accounting`).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Ratio { .. } => "ratio",
            Self::Sum { .. } => "sum",
            Self::Reported => "reported",
            Self::GrowthAccounting { .. } => "growth_accounting",
        }
    }

    /// Every term the formula reads.
    pub fn terms(&self) -> Vec<&str> {
        match self {
            Self::Ratio {
                numerator,
                denominator,
                ..
            } => numerator
                .iter()
                .chain(denominator)
                .map(String::as_str)
                .collect(),
            Self::Sum { terms } => terms.iter().map(String::as_str).collect(),
            Self::Reported => Vec::new(),
            Self::GrowthAccounting {
                output,
                capital,
                investment,
                labour,
                capital_share,
                ..
            } => [
                Some(output),
                capital.as_ref(),
                investment.as_ref(),
                Some(labour),
            ]
            .into_iter()
            .chain([capital_share.as_ref()])
            .flatten()
            .map(String::as_str)
            .collect(),
        }
    }

    /// True for formulas that [`crate::derive::derive`] evaluates (ratio, sum).
    pub fn is_derivable(&self) -> bool {
        matches!(self, Self::Ratio { .. } | Self::Sum { .. })
    }

    /// The formula as text, e.g. `100 × stinv_spending / local_budget_expenditure`.
    pub fn describe(&self) -> String {
        let sum = |t: &[String]| {
            if t.len() == 1 {
                t[0].clone()
            } else {
                format!("({})", t.join(" + "))
            }
        };
        match self {
            Self::Ratio {
                numerator,
                denominator,
                scale,
            } => {
                let ratio = format!("{} / {}", sum(numerator), sum(denominator));
                if *scale == 1.0 {
                    ratio
                } else {
                    format!("{scale} × {ratio}")
                }
            }
            Self::Sum { terms } => terms.join(" + "),
            Self::Reported => "reported as published".to_owned(),
            Self::GrowthAccounting { window, .. } => {
                let span = match window {
                    Some(w) if *w > 1 => format!(", share of summed growth over {w} years"),
                    _ => String::new(),
                };
                format!("growth accounting from {}{span}", self.terms().join(", "))
            }
        }
    }
}

/// A raw statistic reported per unit and year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// Stable id, e.g. `local_budget_expenditure`.
    pub id: String,
    /// Vietnamese name (with diacritics).
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Unit of the values.
    pub unit: ComponentUnit,
    /// Whether values of several units may be summed.
    pub additive: bool,
    /// Statistical source.
    pub source: String,
}

/// An indicator of the S&T&I plans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Stable id, e.g. `stinv_local_budget_share`.
    pub id: String,
    /// Vietnamese name (with diacritics).
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Unit of the values.
    pub unit: Unit,
    /// Which way is better.
    pub direction: Direction,
    /// Stock, flow, ratio...
    pub kind: IndicatorKind,
    /// Behaviour when units are merged.
    pub aggregation: Aggregation,
    /// Natural lower limit.
    #[serde(default)]
    pub lower: Option<f64>,
    /// Natural upper limit.
    #[serde(default)]
    pub upper: Option<f64>,
    /// Statistical source.
    pub source: String,
    /// How it is computed.
    pub formula: Formula,
}
