//! Reading the TOML form into validated targets: every problem reported at once.

use std::collections::HashSet;

use super::error::{line_of, TargetError};
use super::kind::{Group, RelativeChange, TargetKind};
use super::set::{Citation, Provenance, Scope, Target, TargetSet};
use super::toml::{KindName, ScopeKind, SetToml, TargetToml};
use crate::catalog::Catalog;
use crate::observations::YEAR_RANGE;
use crate::registry::{is_iso_date, Registry};
use crate::vocabulary::Bilingual;

pub(super) fn convert_set(
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
            let registry = Registry::builtin();
            if registry.knows(&u) {
                Scope::Unit(u)
            } else {
                // A name ("Lai Châu", "Tỉnh Bắc Giang") is read as its unit.
                match registry.resolve_unit(&u, None) {
                    Ok(id) => Scope::Unit(id),
                    Err(e) => {
                        set_error(errors, "unit", e.to_string());
                        Scope::Unit(u)
                    }
                }
            }
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
    let params: [(&'static str, bool); 16] = [
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
        ("event_vi", t.event_vi.is_some()),
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
        KindName::Milestone => &["event", "event_vi"],
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
            TargetKind::TopK {
                k,
                group: need_group(problems, &kind_str, t.group.as_deref())?,
                membership_date: t.membership_date.clone().unwrap_or_default(),
                rank_indicator: t.rank_indicator.clone().unwrap_or_default(),
            }
        }
        KindName::PercentileBand => {
            let (lo, hi) = (
                need(problems, &kind_str, "lo", t.lo),
                need(problems, &kind_str, "hi", t.hi),
            );
            let group = need_group(problems, &kind_str, t.group.as_deref())?;
            TargetKind::PercentileBand { lo, hi, group }
        }
        KindName::Milestone => match &t.event {
            Some(e) if !e.trim().is_empty() => TargetKind::Milestone {
                event: e.clone(),
                event_vi: t.event_vi.clone(),
            },
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
                "missing: \"document\" (quoted from the published document) or \"press_summary\""
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
    let in_catalog = t
        .indicator
        .as_deref()
        .is_some_and(|i| catalog.indicator(i).is_some());
    let label = match (t.label_vi, t.label_en) {
        (Some(_), _) | (_, Some(_)) if in_catalog => {
            problems.push((
                "label_vi",
                format!(
                    "'{}' is a catalog indicator: its names come from the catalog; \
                     label_vi/label_en name a free (non-catalog) indicator only",
                    t.indicator.as_deref().unwrap_or_default()
                ),
            ));
            None
        }
        (Some(vi), Some(en)) => Some(Bilingual::new(vi, en)),
        (None, None) => None,
        (vi, _) => {
            let (missing, given) = if vi.is_none() {
                ("label_vi", "label_en")
            } else {
                ("label_en", "label_vi")
            };
            problems.push((
                missing,
                format!("missing: {given} is given; write both names"),
            ));
            None
        }
    };
    Some(Target {
        id: t.id,
        indicator: t.indicator,
        label,
        kind,
        baseline_year: t.baseline_year,
        horizon: t.horizon,
        citation: Citation {
            clause_vi: t.clause_vi,
            clause_en: t.clause_en,
            provenance,
            source_url: t.source_url,
            note: t.note,
            note_vi: t.note_vi,
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

/// The group of a group kind, or `None` with the problem noted (missing or unknown group).
fn need_group(
    problems: &mut Vec<(&'static str, String)>,
    kind: &str,
    group: Option<&str>,
) -> Option<Group> {
    let found = match group {
        Some(g) => Group::parse(g),
        None => Err(format!("kind '{kind}' needs it")),
    };
    found.map_err(|m| problems.push(("group", m))).ok()
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
