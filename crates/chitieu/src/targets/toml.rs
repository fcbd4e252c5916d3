//! The TOML form of a target set, as written by people.

use serde::{Deserialize, Serialize};

use super::kind::{RelativeChange, TargetKind};
use super::set::{Provenance, Target};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum KindName {
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
pub(super) enum ScopeKind {
    Unit,
    National,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TargetToml {
    pub(super) id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) indicator: Option<String>,
    /// A name for a free (non-catalog) indicator label, in Vietnamese and English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) label_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) label_en: Option<String>,
    pub(super) kind: Option<KindName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) lo: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) hi: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) from_year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) to_year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) strict: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) k: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) membership_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) rank_indicator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) event: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) event_vi: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) factor: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) base_year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) annual_growth_lo: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) annual_growth_hi: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) baseline_year: Option<i32>,
    pub(super) horizon: i32,
    pub(super) clause_vi: String,
    pub(super) clause_en: String,
    /// Where the clause was read; older files say `confirmed = true|false` instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) provenance: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) confirmed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) source_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) note: Option<String>,
    /// The note in Vietnamese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) note_vi: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SetToml {
    pub(super) id: String,
    pub(super) name_vi: String,
    pub(super) name_en: String,
    pub(super) issuer_vi: String,
    pub(super) issuer_en: String,
    pub(super) document: String,
    pub(super) date: String,
    #[serde(default)]
    pub(super) implements: Vec<String>,
    pub(super) scope_kind: ScopeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) source_file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) url: Option<String>,
    #[serde(default)]
    pub(super) targets: Vec<toml::Spanned<TargetToml>>,
}

pub(super) fn target_to_toml(t: &Target) -> TargetToml {
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
        note_vi: t.citation.note_vi.clone(),
        label_vi: t.label.as_ref().map(|l| l.vi.clone()),
        label_en: t.label.as_ref().map(|l| l.en.clone()),
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
        TargetKind::Milestone { event, event_vi } => {
            r.event = Some(event.clone());
            r.event_vi = event_vi.clone();
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
