//! Every quantified target of the five seed plans (as listed in `targets/sources/README.md`) is
//! in the shipped target sets with the right kind and numbers, and every provincial clause is
//! quoted verbatim from its seed text.

use std::path::PathBuf;

use chitieu::targets::{Group, Scope, TargetKind, TargetSet};

fn seeds_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("targets/sources");
    assert!(
        dir.join("README.md").exists(),
        "seed texts not found at {} (the plan texts ship in crates/chitieu/targets/sources/)",
        dir.display()
    );
    dir
}

fn find<'a>(set: &'a TargetSet, indicator: &str, kind: &str) -> &'a chitieu::targets::Target {
    set.targets
        .iter()
        .find(|t| t.indicator.as_deref() == Some(indicator) && t.kind.name() == kind)
        .unwrap_or_else(|| panic!("{}: no {kind} target on {indicator}", set.id))
}

#[test]
fn seed_readme_targets_are_all_present() {
    let set = |id| TargetSet::builtin(id).unwrap_or_else(|e| panic!("{e}"));
    let at_least = |v| TargetKind::AtLeast { value: v };

    // Lai Châu: TFP ≥ 37.6%; 2% of local budget; 2 S&T enterprises and 5 innovative
    // start-ups formed; 40% of enterprises innovating; 10 researchers per 10,000.
    let lc = set("lai-chau-69-kl-tw-2024");
    assert_eq!(lc.scope, Scope::Unit("lai-chau".into()));
    assert_eq!(
        find(&lc, "tfp_contribution_5y", "at_least").kind,
        at_least(37.6)
    );
    assert_eq!(
        find(&lc, "stinv_local_budget_share", "at_least").kind,
        at_least(2.0)
    );
    assert!(matches!(find(&lc, "st_enterprises_new", "cumulative").kind,
        TargetKind::Cumulative { value, strict: false, .. } if value == 2.0));
    assert!(
        matches!(find(&lc, "innovative_startups_new", "cumulative").kind,
        TargetKind::Cumulative { value, strict: false, .. } if value == 5.0)
    );
    assert_eq!(
        find(&lc, "enterprises_innovating_share", "at_least").kind,
        at_least(40.0)
    );
    assert_eq!(
        find(&lc, "researchers_per_10k", "at_least").kind,
        at_least(10.0)
    );
    for t in lc.targets.iter().filter(|t| t.kind.name() != "qualitative") {
        assert_eq!(t.horizon, 2030, "{}", t.id);
    }

    // Long An: 2% of total provincial budget; increase S&T&I budget; raise the share of
    // "science operating" spending.
    let la = set("long-an-54-ctr-tu-2024");
    assert_eq!(
        find(&la, "stinv_local_budget_share", "at_least").kind,
        at_least(2.0)
    );
    // "tăng cường" and "theo hướng tăng": an overall rise, not a yearly requirement.
    find(&la, "stinv_spending", "increase");
    find(&la, "science_operating_share", "increase");

    // Gia Lai: raise the share of the (annual) state budget invested in S&T: "hàng năm"
    // qualifies the budget ("ngân sách nhà nước hàng năm"), so an overall rise
    // (EXTRACTION_NOTES.md).
    find(
        &set("gia-lai-50-kl-tw-2019"),
        "stinv_local_budget_share",
        "increase",
    );

    // Bắc Giang: start-up centre (milestone); > 30 S&T enterprises; top 3 of the Northern
    // Midlands and Mountains.
    let bg = set("bac-giang-69-kl-tw-2024");
    find(&bg, "innovation_startup_centre", "milestone");
    assert!(matches!(find(&bg, "st_enterprises", "cumulative").kind,
        TargetKind::Cumulative { value, strict: true, .. } if value == 30.0));
    match &find(&bg, "pii_rank", "top_k").kind {
        TargetKind::TopK { k, group, .. } => {
            assert_eq!(*k, 3);
            assert_eq!(
                *group,
                Group::Region("northern-midlands-and-mountains".into())
            );
        }
        other => panic!("{other:?}"),
    }

    // Quảng Trị: > 50% of S&T tasks applied; 70–80% of key products with IP; 2–3% of
    // enterprises supported with productivity tools; 3–5 start-up projects and 1–2 S&T
    // enterprises a year; 2045: upper average of the country.
    let qt = set("quang-tri-43-kh-skhcn-2023");
    assert_eq!(
        find(&qt, "st_tasks_applied_share", "more_than").kind,
        TargetKind::MoreThan { value: 50.0 }
    );
    assert_eq!(
        find(&qt, "key_products_ip_share", "range").kind,
        TargetKind::Range { lo: 70.0, hi: 80.0 }
    );
    assert_eq!(
        find(&qt, "enterprises_pq_tools_share", "range").kind,
        TargetKind::Range { lo: 2.0, hi: 3.0 }
    );
    assert!(
        matches!(find(&qt, "startup_projects_supported", "per_year").kind,
        TargetKind::PerYear { lo, hi, .. } if (lo, hi) == (3.0, 5.0))
    );
    assert!(matches!(find(&qt, "st_enterprises_new", "per_year").kind,
        TargetKind::PerYear { lo, hi, .. } if (lo, hi) == (1.0, 2.0)));
    let band = find(&qt, "tfp_contribution_5y", "percentile_band");
    assert_eq!(band.horizon, 2045);
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn provincial_clauses_are_verbatim_quotes_of_the_seeds() {
    let dir = seeds_dir();
    let mut checked = 0;
    for set in TargetSet::all_builtin().unwrap() {
        let Some(file) = &set.source_file else {
            continue;
        };
        let text = normalise(&std::fs::read_to_string(dir.join(file)).unwrap());
        for t in &set.targets {
            assert!(
                text.contains(&normalise(&t.citation.clause_vi)),
                "{}: clause not found verbatim in {file}: {}",
                t.id,
                t.citation.clause_vi
            );
            checked += 1;
        }
    }
    assert!(checked >= 35, "{checked}");
}
