//! Target sets as DataFrames.

use polars::prelude::*;

use crate::catalog::Catalog;
use crate::targets::{RelativeChange, Scope, Target, TargetKind, TargetSet};

/// One row per set: `id, name_vi, name_en, issuer_vi, issuer_en, document, date, scope,
/// unit, targets, quantified, unconfirmed`.
pub fn target_sets_to_frame(sets: &[TargetSet]) -> PolarsResult<DataFrame> {
    let text = |f: fn(&TargetSet) -> String| -> Vec<String> { sets.iter().map(f).collect() };
    let count = |f: fn(&Target) -> bool| -> Vec<u32> {
        sets.iter()
            .map(|s| s.targets.iter().filter(|t| f(t)).count() as u32)
            .collect()
    };
    DataFrame::new(
        sets.len(),
        vec![
            Column::new("id".into(), text(|s| s.id.clone())),
            Column::new("name_vi".into(), text(|s| s.name_vi.clone())),
            Column::new("name_en".into(), text(|s| s.name_en.clone())),
            Column::new("issuer_vi".into(), text(|s| s.issuer_vi.clone())),
            Column::new("issuer_en".into(), text(|s| s.issuer_en.clone())),
            Column::new("document".into(), text(|s| s.document.clone())),
            Column::new("date".into(), text(|s| s.date.clone())),
            Column::new(
                "scope".into(),
                text(|s| match s.scope {
                    Scope::Unit(_) => "unit".to_owned(),
                    Scope::National => "national".to_owned(),
                }),
            ),
            Column::new(
                "unit".into(),
                sets.iter()
                    .map(|s| match &s.scope {
                        Scope::Unit(u) => Some(u.clone()),
                        Scope::National => None,
                    })
                    .collect::<Vec<_>>(),
            ),
            Column::new("targets".into(), count(|_| true)),
            Column::new(
                "quantified".into(),
                count(|t| !matches!(t.kind, TargetKind::Qualitative)),
            ),
            Column::new("unconfirmed".into(), count(|t| !t.citation.confirmed())),
        ],
    )
}

/// One row per target of `set`, with the indicator's bilingual names from `catalog`, the
/// kind's parameters, how it reads and how it is scored, and the citation.
pub fn targets_to_frame(set: &TargetSet, catalog: &Catalog) -> PolarsResult<DataFrame> {
    let t = &set.targets;
    let n = t.len();
    let text = |f: &dyn Fn(&Target) -> String| -> Vec<String> { t.iter().map(f).collect() };
    let opt_f = |f: &dyn Fn(&TargetKind) -> Option<f64>| -> Vec<Option<f64>> {
        t.iter().map(|x| f(&x.kind)).collect()
    };
    // The catalog's name, or the target's own label of a free (non-catalog) indicator.
    let name = |f: &dyn Fn(&crate::catalog::Indicator) -> String,
                label: fn(&crate::vocabulary::Bilingual) -> String|
     -> Vec<Option<String>> {
        t.iter()
            .map(|x| {
                x.indicator
                    .as_deref()
                    .and_then(|i| catalog.indicator(i))
                    .map(f)
                    .or_else(|| x.label.as_ref().map(label))
            })
            .collect()
    };
    let (lo_of, hi_of) = (
        |k: &TargetKind| match k {
            TargetKind::Range { lo, .. }
            | TargetKind::PerYear { lo, .. }
            | TargetKind::PercentileBand { lo, .. } => Some(*lo),
            TargetKind::Relative {
                change: RelativeChange::AnnualGrowth { lo, .. },
                ..
            } => Some(*lo),
            _ => None,
        },
        |k: &TargetKind| match k {
            TargetKind::Range { hi, .. }
            | TargetKind::PerYear { hi, .. }
            | TargetKind::PercentileBand { hi, .. } => Some(*hi),
            TargetKind::Relative {
                change: RelativeChange::AnnualGrowth { hi, .. },
                ..
            } => Some(*hi),
            _ => None,
        },
    );
    DataFrame::new(
        n,
        vec![
            Column::new("set_id".into(), vec![set.id.as_str(); n]),
            Column::new("target_id".into(), text(&|x| x.id.clone())),
            Column::new(
                "indicator".into(),
                t.iter().map(|x| x.indicator.clone()).collect::<Vec<_>>(),
            ),
            Column::new(
                "indicator_vi".into(),
                name(&|i| i.name_vi.clone(), |l| l.vi.clone()),
            ),
            Column::new(
                "indicator_en".into(),
                name(&|i| i.name_en.clone(), |l| l.en.clone()),
            ),
            Column::new("kind".into(), text(&|x| x.kind.name().to_owned())),
            Column::new("target".into(), text(&|x| x.kind.describe())),
            Column::new("target_vi".into(), text(&|x| x.kind.describe_vi())),
            Column::new(
                "value".into(),
                opt_f(&|k| match k {
                    TargetKind::AtLeast { value }
                    | TargetKind::MoreThan { value }
                    | TargetKind::AtMost { value }
                    | TargetKind::LessThan { value }
                    | TargetKind::Cumulative { value, .. } => Some(*value),
                    TargetKind::TopK { k, .. } => Some(f64::from(*k)),
                    TargetKind::Relative {
                        change: RelativeChange::Factor(f),
                        ..
                    } => Some(*f),
                    _ => None,
                }),
            ),
            Column::new("lo".into(), opt_f(&lo_of)),
            Column::new("hi".into(), opt_f(&hi_of)),
            Column::new(
                "group".into(),
                t.iter()
                    .map(|x| match &x.kind {
                        TargetKind::TopK { group, .. }
                        | TargetKind::PercentileBand { group, .. } => Some(group.to_string()),
                        _ => None,
                    })
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "membership_date".into(),
                t.iter()
                    .map(|x| match &x.kind {
                        TargetKind::TopK {
                            membership_date, ..
                        } => Some(membership_date.clone()),
                        _ => None,
                    })
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "baseline_year".into(),
                t.iter().map(|x| x.baseline_year).collect::<Vec<_>>(),
            ),
            Column::new(
                "horizon".into(),
                t.iter().map(|x| x.horizon).collect::<Vec<_>>(),
            ),
            Column::new("scoring".into(), text(&|x| x.kind.scoring().to_owned())),
            Column::new("clause_vi".into(), text(&|x| x.citation.clause_vi.clone())),
            Column::new("clause_en".into(), text(&|x| x.citation.clause_en.clone())),
            Column::new(
                "confirmed".into(),
                t.iter().map(|x| x.citation.confirmed()).collect::<Vec<_>>(),
            ),
            Column::new(
                "provenance".into(),
                text(&|x| x.citation.provenance.code().to_owned()),
            ),
            Column::new(
                "source_url".into(),
                t.iter()
                    .map(|x| x.citation.source_url.clone())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "note".into(),
                t.iter()
                    .map(|x| x.citation.note.clone())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "note_vi".into(),
                t.iter()
                    .map(|x| x.citation.note_vi.clone())
                    .collect::<Vec<_>>(),
            ),
        ],
    )
}
