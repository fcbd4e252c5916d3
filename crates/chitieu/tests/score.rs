//! Batch scoring: docs/methods.md §3 vectors, a worked example for every target kind, and
//! properties of the score.

use chitieu::catalog::Catalog;
use chitieu::projection::Projection;
use chitieu::score::{score, summarise, ScoreOptions, ScoreRow};
use chitieu::targets::TargetSet;
use chitieu::{Observation, Observations, Status};
use proptest::prelude::*;

const HEADER: &str = r#"
id = "t"
name_vi = "Kế hoạch thử"
name_en = "Test plan"
issuer_vi = "UBND"
issuer_en = "People's Committee"
document = "1/KH"
date = "2024-01-11"
scope_kind = "unit"
unit = "lai-chau"
"#;

fn set(targets: &[(&str, &str)]) -> TargetSet {
    let mut text = HEADER.to_owned();
    for (id, body) in targets {
        text += &format!(
            "\n[[targets]]\nid = \"t/{id}\"\n{body}\nclause_vi = \"Câu\"\nclause_en = \"Clause\"\nconfirmed = true\n"
        );
    }
    TargetSet::from_toml(&text, "test.toml", Catalog::builtin()).unwrap_or_else(|e| panic!("{e}"))
}

fn obs(rows: &[(&str, &str, i32, f64)]) -> Observations {
    Observations::new(
        rows.iter()
            .map(|&(u, i, y, v)| Observation::new(u, i, y, Some(v)))
            .collect(),
    )
    .unwrap()
}

fn run(o: &Observations, s: &TargetSet) -> Vec<ScoreRow> {
    score(
        o,
        std::slice::from_ref(s),
        Catalog::builtin(),
        &ScoreOptions::default(),
    )
    .unwrap()
}

fn one(o: &Observations, body: &str) -> ScoreRow {
    run(o, &set(&[("x", body)])).remove(0)
}

fn close(a: Option<f64>, b: f64, tol: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < tol)
}

#[test]
fn vectors_a_and_b() {
    let o = obs(&[
        ("lai-chau", "stinv_local_budget_share", 2015, 1.2),
        ("lai-chau", "stinv_local_budget_share", 2023, 1.6),
        ("lai-chau", "gii_rank", 2015, 40.0),
        ("lai-chau", "gii_rank", 2022, 34.0),
    ]);
    let s = set(&[
        ("a", "indicator = \"stinv_local_budget_share\"\nkind = \"at_least\"\nvalue = 2.0\nhorizon = 2030"),
        ("b", "indicator = \"gii_rank\"\nkind = \"at_most\"\nvalue = 20.0\nhorizon = 2030"),
    ]);
    let rows = run(&o, &s);
    let (a, b) = (&rows[0], &rows[1]);
    assert!(
        close(a.ratio, 1.056957, 1e-6) && close(a.score, 3.2640, 1e-4),
        "{a:?}"
    );
    assert!(close(a.projected, 2.057981, 1e-6) && close(a.projected_ratio, 1.072476, 1e-6));
    assert_eq!(a.status, Status::OnTrack);
    assert_eq!(a.year_met, Some(2030));
    assert!(
        close(b.ratio, 0.508201, 1e-6) && close(b.score, -0.3825, 1e-4),
        "{b:?}"
    );
    assert!(close(b.projected, 28.236758, 1e-6) && close(b.projected_ratio, 0.588162, 1e-6));
    assert_eq!(b.status, Status::LimitedProgress);
    assert_eq!(b.projected_achieved, Some(false));
}

#[test]
fn strict_thresholds_need_the_value_beyond() {
    let o = obs(&[
        ("lai-chau", "st_tasks_applied_share", 2020, 40.0),
        ("lai-chau", "st_tasks_applied_share", 2024, 50.0),
    ]);
    let r = one(&o, "indicator = \"st_tasks_applied_share\"\nkind = \"more_than\"\nvalue = 50.0\nhorizon = 2030");
    assert_eq!(r.achieved, Some(false));
    assert_ne!(r.status, Status::TargetAchieved);
    let r = one(
        &o,
        "indicator = \"st_tasks_applied_share\"\nkind = \"at_least\"\nvalue = 50.0\nhorizon = 2030",
    );
    assert_eq!(r.status, Status::TargetAchieved);
}

#[test]
fn range_is_met_inside_or_beyond_in_the_good_direction() {
    let body = "indicator = \"key_products_ip_share\"\nkind = \"range\"\nlo = 70.0\nhi = 80.0\nhorizon = 2030";
    let inside = obs(&[
        ("lai-chau", "key_products_ip_share", 2020, 50.0),
        ("lai-chau", "key_products_ip_share", 2024, 75.0),
    ]);
    assert_eq!(one(&inside, body).status, Status::TargetAchieved);
    let below = obs(&[
        ("lai-chau", "key_products_ip_share", 2020, 50.0),
        ("lai-chau", "key_products_ip_share", 2024, 60.0),
    ]);
    let r = one(&below, body);
    // R towards the lower bound: CAGR_obs = (60/50)^(1/4) − 1, CAGR_req = (70/50)^(1/10) − 1.
    let want = (1.2f64.powf(0.25) - 1.0) / (1.4f64.powf(0.1) - 1.0);
    assert!(close(r.ratio, want, 1e-12), "{r:?}");
    assert!(r.note.unwrap().en.contains("below"));
}

#[test]
fn per_year_flows() {
    let o = obs(&[
        ("lai-chau", "startup_projects_supported", 2023, 3.0),
        ("lai-chau", "startup_projects_supported", 2024, 4.0),
        ("lai-chau", "startup_projects_supported", 2025, 2.0),
        ("lai-chau", "startup_projects_supported", 2026, 5.0),
    ]);
    let r = one(&o, "indicator = \"startup_projects_supported\"\nkind = \"per_year\"\nlo = 3\nhi = 5\nfrom_year = 2023\nto_year = 2030\nhorizon = 2030");
    // 14 projects in 4 years against 3 a year: R = 14 / 12.
    assert!(close(r.ratio, 14.0 / 12.0, 1e-12));
    assert!(close(r.score, (14.0 / 12.0 - 0.6) / 0.7 * 5.0, 1e-12));
    assert_eq!(r.status, Status::OnTrack);
    assert_eq!(r.achieved, Some(false)); // 2025 below 3
    assert!(r.note.unwrap().en.starts_with("3 of 4 years"));
}

#[test]
fn cumulative_flow_and_stock() {
    let o = obs(&[
        ("lai-chau", "innovative_startups_new", 2024, 1.0),
        ("lai-chau", "innovative_startups_new", 2025, 1.0),
        ("lai-chau", "st_enterprises", 2020, 20.0),
        ("lai-chau", "st_enterprises", 2024, 30.0),
    ]);
    let r = one(&o, "indicator = \"innovative_startups_new\"\nkind = \"cumulative\"\nvalue = 5\nstrict = false\nfrom_year = 2024\nhorizon = 2030");
    // Pace 2 in 2 years vs 5 in 7 years: R = 1 / (5/7) = 1.4.
    assert!(close(r.ratio, 1.4, 1e-12));
    assert_eq!(r.achieved, Some(false));
    assert!(close(r.projected, 7.0, 1e-12));
    assert_eq!(r.projected_achieved, Some(true));
    // A stock "more than 30": 30 is not enough.
    let r = one(&o, "indicator = \"st_enterprises\"\nkind = \"cumulative\"\nvalue = 30\nstrict = true\nhorizon = 2030");
    assert_eq!(r.achieved, Some(false));
    assert!(r.ratio.is_some());
}

const NMM: [&str; 14] = [
    "ha-giang",
    "cao-bang",
    "bac-kan",
    "tuyen-quang",
    "lao-cai",
    "dien-bien",
    "lai-chau",
    "son-la",
    "yen-bai",
    "hoa-binh",
    "thai-nguyen",
    "lang-son",
    "bac-giang",
    "phu-tho",
];

fn top3() -> TargetSet {
    set(&[("top3", "indicator = \"pii_score\"\nkind = \"top_k\"\nk = 3\ngroup = \"region:northern-midlands-and-mountains\"\nmembership_date = \"2024-01-11\"\nrank_indicator = \"pii_score\"\nhorizon = 2030")])
}

fn bac_giang(o: &Observations, s: TargetSet) -> ScoreRow {
    let opts = ScoreOptions {
        units: Some(vec!["bac-giang".into()]),
        ..Default::default()
    };
    score(o, &[s], Catalog::builtin(), &opts).unwrap().remove(0)
}

#[test]
fn top_k_with_every_member_known() {
    // Scores of all 14 members: Bắc Giang 3rd in 2020 (behind 60 and 50), 2nd in 2024.
    let mut rows = Vec::new();
    for (i, u) in NMM.iter().enumerate() {
        let (a, b) = match *u {
            "thai-nguyen" => (60.0, 65.0),
            "phu-tho" => (50.0, 50.0),
            "bac-giang" => (40.0, 55.0),
            _ => (10.0 + i as f64, 12.0 + i as f64),
        };
        rows.push((*u, "pii_score", 2020, a));
        rows.push((*u, "pii_score", 2024, b));
    }
    rows.push(("bac-ninh", "pii_score", 2024, 99.0)); // another region
    let r = bac_giang(&obs(&rows), top3());
    assert_eq!((r.base.unwrap().value, r.latest.unwrap().value), (3.0, 2.0));
    assert_eq!(r.status, Status::TargetAchieved);
    assert!(r.method.en.contains("competition"));
    assert_eq!(
        r.note
            .as_ref()
            .map(|n| n.en.as_str())
            .unwrap()
            .split(';')
            .next(),
        Some("rank 2 of 14 in 2024")
    );
}

#[test]
fn top_k_with_missing_members_is_bounded_not_guessed() {
    // Only 3 of 14 members have scores: Bắc Giang is 2nd among them, but 11 unknown
    // members could be ahead: between 2nd and 13th, so unable to assess.
    let o = obs(&[
        ("thai-nguyen", "pii_score", 2024, 65.0),
        ("bac-giang", "pii_score", 2024, 55.0),
        ("cao-bang", "pii_score", 2024, 20.0),
    ]);
    let r = bac_giang(&o, top3());
    assert_eq!(r.status, Status::UnableToAssess);
    assert!(r.note.unwrap().en.contains("rank between 2 and 13 of 14"));
    // Published national ranks: ranks 1..=10 all appear in the table (other regions), so
    // no missing member can be ahead of Bắc Giang's national rank 10: exactly 2nd.
    let mut rows = vec![
        ("thai-nguyen", "pii_rank", 2024, 9.0),
        ("bac-giang", "pii_rank", 2024, 10.0),
        ("cao-bang", "pii_rank", 2024, 63.0),
    ];
    for (r, u) in [
        (1.0, "ha-noi"),
        (2.0, "ho-chi-minh"),
        (3.0, "hai-phong"),
        (4.0, "bac-ninh"),
        (5.0, "da-nang"),
        (6.0, "binh-duong"),
        (7.0, "dong-nai"),
        (8.0, "vinh-phuc"),
    ] {
        rows.push((u, "pii_rank", 2024, r));
    }
    let s = set(&[("top3", "indicator = \"pii_rank\"\nkind = \"top_k\"\nk = 3\ngroup = \"region:northern-midlands-and-mountains\"\nmembership_date = \"2024-01-11\"\nrank_indicator = \"pii_rank\"\nhorizon = 2030")]);
    let r = bac_giang(&obs(&rows), s);
    assert_eq!(r.status, Status::TargetAchieved, "{r:?}");
    assert_eq!(r.latest.unwrap().value, 2.0);
    // A unit outside the group is told so.
    let opts = ScoreOptions {
        units: Some(vec!["ha-noi".into()]),
        ..Default::default()
    };
    let r = score(&obs(&rows), &[top3()], Catalog::builtin(), &opts)
        .unwrap()
        .remove(0);
    assert!(r.note.unwrap().en.contains("not a member"));
}

#[test]
fn flows_respect_their_range_period_and_gaps() {
    // 3–5 a year (higher is better): 7 in one year is above the range and counts as met,
    // with a note, as a level range does (docs/methods.md §3); 2 in a year is not met.
    let body = "indicator = \"startup_projects_supported\"\nkind = \"per_year\"\nlo = 3\nhi = 5\nfrom_year = 2023\nto_year = 2024\nhorizon = 2030";
    let o = obs(&[
        ("lai-chau", "startup_projects_supported", 2023, 7.0),
        ("lai-chau", "startup_projects_supported", 2024, 4.0),
    ]);
    let r = one(&o, body);
    let note = r.note.as_ref().map(|n| n.en.as_str()).unwrap();
    assert!(note.starts_with("2 of 2 years met 3–5"), "{note}");
    assert!(
        note.contains("1 of them above the range (counted as met)"),
        "{note}"
    );
    assert_eq!((r.achieved, r.status), (Some(true), Status::TargetAchieved));
    let o = obs(&[
        ("lai-chau", "startup_projects_supported", 2023, 2.0),
        ("lai-chau", "startup_projects_supported", 2024, 6.0),
    ]);
    let r = one(&o, body);
    assert!(r
        .note
        .as_ref()
        .map(|n| n.en.as_str())
        .unwrap()
        .starts_with("1 of 2 years met 3–5"));
    assert_eq!(r.achieved, Some(false));
    // The level range follows the same rule: above 70–80% is met, and says so.
    let o = obs(&[
        ("lai-chau", "key_products_ip_share", 2020, 60.0),
        ("lai-chau", "key_products_ip_share", 2024, 85.0),
    ]);
    let r = one(
        &o,
        "indicator = \"key_products_ip_share\"\nkind = \"range\"\nlo = 70\nhi = 80\nhorizon = 2030",
    );
    assert_eq!(r.status, Status::TargetAchieved);
    assert!(
        r.note
            .as_ref()
            .map(|n| n.en.as_str())
            .unwrap()
            .contains("above (counted as met)"),
        "{r:?}"
    );
    // Cumulative: years after the horizon are not counted; a gap is reported.
    let o = obs(&[
        ("lai-chau", "innovative_startups_new", 2029, 1.0),
        ("lai-chau", "innovative_startups_new", 2030, 1.0),
        ("lai-chau", "innovative_startups_new", 2031, 9.0),
    ]);
    let body = "indicator = \"innovative_startups_new\"\nkind = \"cumulative\"\nvalue = 5\nstrict = false\nfrom_year = 2029\nhorizon = 2030";
    let r = one(&o, body);
    assert_eq!((r.achieved, r.latest.unwrap().value), (Some(false), 2.0));
    let gap = obs(&[
        ("lai-chau", "innovative_startups_new", 2024, 1.0),
        ("lai-chau", "innovative_startups_new", 2026, 1.0),
    ]);
    let r = one(&gap, &body.replace("from_year = 2029", "from_year = 2024"));
    assert_eq!(r.status, Status::UnableToAssess);
    assert!(r.note.unwrap().en.contains("count: 2025"));
}

#[test]
fn percentile_from_the_bottom_and_halving_targets() {
    // Lai Châu last of 3 in 2020 (percentile 0), middle in 2024 (50): +12.5 points a year
    // against (50 − 0)/10 = 5 needed → R = 2.5, achieved anyway (50 ≥ 50).
    let o = obs(&[
        ("lai-chau", "researchers_per_10k", 2020, 1.0),
        ("ha-noi", "researchers_per_10k", 2020, 9.0),
        ("son-la", "researchers_per_10k", 2020, 2.0),
        ("lai-chau", "researchers_per_10k", 2024, 3.0),
        ("ha-noi", "researchers_per_10k", 2024, 9.0),
        ("son-la", "researchers_per_10k", 2024, 2.0),
    ]);
    let body = "indicator = \"researchers_per_10k\"\nkind = \"percentile_band\"\nlo = 50\nhi = 100\ngroup = \"country:vn\"";
    let r = one(&o, &format!("{body}\nhorizon = 2030"));
    // 3 of 63 provinces have data: bounded, cannot tell.
    assert_eq!(r.status, Status::UnableToAssess);
    // "Halve" a count: a decrease is progress, not achievement on day one.
    let o = obs(&[
        ("lai-chau", "patent_applications", 2020, 10.0),
        ("lai-chau", "patent_applications", 2024, 8.0),
    ]);
    let r = one(&o, "indicator = \"patent_applications\"\nkind = \"relative\"\nfactor = 0.5\nbase_year = 2020\nhorizon = 2030");
    assert_eq!(r.target_value, Some(5.0));
    assert_eq!(r.achieved, Some(false));
    assert!(r.ratio.unwrap() > 0.0, "{r:?}");
}

#[test]
fn degenerate_targets_are_rejected() {
    for body in [
        "indicator = \"startup_projects_supported\"\nkind = \"per_year\"\nlo = 0\nhi = 5\nfrom_year = 2023\nto_year = 2030\nhorizon = 2030",
        "indicator = \"st_enterprises\"\nkind = \"cumulative\"\nvalue = 0\nstrict = false\nhorizon = 2030",
        "indicator = \"patent_applications\"\nkind = \"relative\"\nannual_growth_lo = -2.0\nannual_growth_hi = 0.1\nbase_year = 2020\nhorizon = 2030",
    ] {
        let text = format!("{HEADER}\n[[targets]]\nid = \"t/x\"\n{body}\nclause_vi = \"C\"\nclause_en = \"C\"\nconfirmed = true\n");
        assert!(TargetSet::from_toml(&text, "t.toml", Catalog::builtin()).is_err(), "{body}");
    }
}

#[test]
fn percentile_band_milestone_trend_relative_qualitative() {
    let o = obs(&[
        ("lai-chau", "innovation_startup_centre", 2023, 0.0),
        ("lai-chau", "innovation_startup_centre", 2024, 1.0),
        ("lai-chau", "stinv_spending", 2015, 100.0),
        ("lai-chau", "stinv_spending", 2020, 100.0 * 1.02f64.powi(5)),
        ("lai-chau", "publications", 2020, 10.0),
        ("lai-chau", "publications", 2024, 15.0),
    ]);
    let m = one(&o, "indicator = \"innovation_startup_centre\"\nkind = \"milestone\"\nevent = \"centre\"\nhorizon = 2030");
    assert_eq!((m.status, m.year_met), (Status::TargetAchieved, Some(2024)));
    let none = obs(&[("lai-chau", "innovation_startup_centre", 2024, 0.0)]);
    assert_eq!(one(&none, "indicator = \"innovation_startup_centre\"\nkind = \"milestone\"\nevent = \"centre\"\nhorizon = 2030").status, Status::NotAchieved);
    let t = one(
        &o,
        "indicator = \"stinv_spending\"\nkind = \"increase\"\nhorizon = 2030",
    );
    assert_eq!(t.status, Status::OnTrack);
    assert!(close(t.score, 5.0, 1e-9));
    assert_eq!(t.limit_factor, Some(1.0)); // spending has no upper limit
    assert!(
        t.note
            .as_ref()
            .map(|n| n.en.as_str())
            .unwrap()
            .starts_with("nominal VND"),
        "{t:?}"
    );
    let rel = one(&o, "indicator = \"publications\"\nkind = \"relative\"\nfactor = 2.0\nbase_year = 2020\nhorizon = 2030");
    assert_eq!(rel.target_value, Some(20.0));
    assert!(close(rel.gap_closed, 0.5, 1e-12));
    let q = one(
        &o,
        "indicator = \"research_infrastructure\"\nkind = \"qualitative\"\nhorizon = 2030",
    );
    assert_eq!(q.status, Status::NotMeasurable);
    let missing = one(
        &o,
        "indicator = \"researchers_per_10k\"\nkind = \"at_least\"\nvalue = 10\nhorizon = 2030",
    );
    assert_eq!(missing.status, Status::UnableToAssess);
    assert!(missing
        .note
        .unwrap()
        .en
        .contains("no observations of 'researchers_per_10k'"));
}

#[test]
fn projections_and_summary() {
    let o = obs(&[
        ("lai-chau", "researchers_per_10k", 2020, 4.0),
        ("lai-chau", "researchers_per_10k", 2021, 5.0),
        ("lai-chau", "researchers_per_10k", 2022, 6.0),
    ]);
    let s = set(&[(
        "r",
        "indicator = \"researchers_per_10k\"\nkind = \"at_least\"\nvalue = 10\nhorizon = 2030",
    )]);
    let opts = ScoreOptions {
        projection: Projection::Linear,
        ..Default::default()
    };
    let r = score(&o, std::slice::from_ref(&s), Catalog::builtin(), &opts)
        .unwrap()
        .remove(0);
    assert!(close(r.projected, 14.0, 1e-9)); // 4 + 1 a year
    assert_eq!(r.year_met, Some(2026));
    let summary = summarise(&run(&o, &s));
    assert_eq!(summary[0].scored, 1);
    assert!(!summary[0].all_achieved);
}

proptest! {
    /// Moving the latest value toward the target never lowers the score; meeting the
    /// target is always "target achieved".
    #[test]
    fn score_is_monotone_and_achievement_is_recognised(
        base in 1.0f64..50.0,
        latest in 0.5f64..80.0,
        step in 0.0f64..30.0,
        target in 1.0f64..100.0,
    ) {
        let body = format!("indicator = \"enterprises_innovating_share\"\nkind = \"at_least\"\nvalue = {target}\nhorizon = 2030");
        let s = set(&[("p", &body)]);
        let at = |v: f64| {
            let o = obs(&[("lai-chau", "enterprises_innovating_share", 2015, base), ("lai-chau", "enterprises_innovating_share", 2023, v)]);
            run(&o, &s).remove(0)
        };
        let (r1, r2) = (at(latest), at(latest + step));
        prop_assert!(r2.score.unwrap() >= r1.score.unwrap() - 1e-9, "{r1:?} {r2:?}");
        if latest >= target {
            prop_assert_eq!(r1.status, Status::TargetAchieved);
        }
    }
}

/// "Each year" judged on the years themselves (hand computations: R = years risen / years
/// judged, Open SDG ratio score (R − 0.6)/0.7·5).
#[test]
fn each_year_targets_judge_every_year() {
    let series = |i: &str, v: &[(i32, f64)]| -> Vec<(&'static str, String, i32, f64)> {
        v.iter()
            .map(|&(y, x)| ("lai-chau", i.to_owned(), y, x))
            .collect()
    };
    let run_each = |rows: Vec<(&'static str, String, i32, f64)>, indicator: &str, horizon: i32| {
        let rows: Vec<(&str, &str, i32, f64)> = rows
            .iter()
            .map(|(u, i, y, v)| (*u, i.as_str(), *y, *v))
            .collect();
        let body = format!(
            "indicator = \"{indicator}\"\nkind = \"increase_each_year\"\nhorizon = {horizon}"
        );
        one(&obs(&rows), &body)
    };
    let share = "stinv_local_budget_share";
    // Rose every year, by 0.4% a year in all: on track (R = 1, score 2.857142857), not
    // "limited progress" as the CAGR method would say (0.4% < 0.5%).
    let rose = series(
        share,
        &[(2020, 1.0), (2021, 1.005), (2022, 1.01), (2023, 1.012)],
    );
    let r = run_each(rose.clone(), share, 2030);
    assert_eq!((r.status, r.achieved), (Status::OnTrack, None));
    assert!(close(r.ratio, 1.0, 1e-15));
    assert!(close(r.score, 2.857142857142857, 1e-12), "{r:?}");
    assert_eq!(
        r.note.as_ref().map(|n| n.en.as_str()),
        Some("rose in 3 of 3 year-on-year changes, 2020–2023")
    );
    // At the horizon, every year risen: achieved.
    let r = run_each(rose, share, 2023);
    assert_eq!(
        (r.status, r.achieved, r.score),
        (Status::TargetAchieved, Some(true), Some(5.0))
    );
    // A fall in 2022 is named; the target is not achieved (R = 3/4, score 1.071428571).
    let fell = series(
        share,
        &[
            (2020, 1.0),
            (2021, 1.04),
            (2022, 1.03),
            (2023, 1.08),
            (2024, 1.1),
        ],
    );
    let r = run_each(fell, share, 2030);
    assert_eq!((r.status, r.achieved), (Status::NotAchieved, Some(false)));
    assert!(close(r.score, 1.0714285714285714, 1e-12));
    assert!(
        r.note
            .as_ref()
            .map(|n| n.en.as_str())
            .unwrap()
            .contains("no rise in 2022"),
        "{r:?}"
    );
    // Flat is not a rise; a year without data is not judged across.
    let gap = series(share, &[(2020, 1.0), (2021, 1.0), (2023, 1.2), (2024, 1.3)]);
    let r = run_each(gap, share, 2030);
    let note = r.note.as_ref().map(|n| n.en.as_str()).unwrap();
    assert!(
        note.starts_with("rose in 1 of 2 year-on-year changes"),
        "{note}"
    );
    assert!(
        note.contains("no rise in 2021") && note.contains("no data for 2022:"),
        "{note}"
    );
    // Money in real terms: nominal 100, 105, 108 with a deflator 100, 103, 107 is
    // 100, 101.94, 100.93 in real terms: it fell in 2022.
    let mut money = series(
        "stinv_spending",
        &[(2020, 100.0), (2021, 105.0), (2022, 108.0)],
    );
    let nominal = run_each(money.clone(), "stinv_spending", 2030);
    assert_eq!(nominal.status, Status::OnTrack);
    assert!(nominal
        .note
        .as_ref()
        .map(|n| n.en.as_str())
        .unwrap()
        .contains("nominal VND"));
    money.extend(series(
        "grdp_deflator",
        &[(2020, 100.0), (2021, 103.0), (2022, 107.0)],
    ));
    let real = run_each(money, "stinv_spending", 2030);
    assert_eq!(real.status, Status::NotAchieved, "{real:?}");
    let note = real.note.as_ref().map(|n| n.en.as_str()).unwrap();
    assert!(
        note.contains("no rise in 2022") && note.contains("real terms"),
        "{note}"
    );
}

/// Nothing invented or lost: a share beyond its natural limits is flagged; an id that
/// differs only by case, a space or a dash is named with the id the table holds.
#[test]
fn limits_are_flagged_and_near_ids_named() {
    let body = "indicator = \"enterprises_innovating_share\"\nkind = \"at_least\"\nvalue = 40\nhorizon = 2030";
    let o = obs(&[
        ("lai-chau", "enterprises_innovating_share", 2020, 20.0),
        ("lai-chau", "enterprises_innovating_share", 2023, 150.0),
    ]);
    let r = one(&o, body);
    let note = r.note.as_ref().map(|n| n.en.as_str()).unwrap();
    assert!(
        note.contains(
            "outside the natural limits 0–100 of 'enterprises_innovating_share': 150 in 2023"
        ),
        "{note}"
    );
    let o = obs(&[("lai-chau", "Enterprises_Innovating_Share", 2020, 20.0)]);
    let note = one(&o, body).note.unwrap().en;
    assert!(
        note.contains("the table has 'Enterprises_Innovating_Share' for unit 'lai-chau'"),
        "{note}"
    );
    let o = obs(&[("lai chau ", "enterprises_innovating_share", 2020, 20.0)]);
    let note = one(&o, body).note.unwrap().en;
    assert!(
        note.contains("the table has 'enterprises_innovating_share' for unit 'lai chau '"),
        "{note}"
    );
    // A series missing for this unit only is just missing: no claim about the table.
    let o = obs(&[
        ("lai-chau", "researchers_per_10k", 2020, 2.0),
        ("ha-noi", "enterprises_innovating_share", 2020, 20.0),
    ]);
    let note = one(&o, body).note.unwrap().en;
    assert_eq!(
        note,
        "no observations of 'enterprises_innovating_share' for unit 'lai-chau'"
    );
    // A near id that is not a case or spacing variant: a did-you-mean.
    let o = obs(&[("lai-chau", "enterprises_innovatin_share", 2020, 20.0)]);
    let note = one(&o, body).note.unwrap().en;
    assert!(
        note.contains("did you mean 'enterprises_innovatin_share'?"),
        "{note}"
    );
}

/// A plan's status never rests on a minority of its measurable targets, and says how much
/// of the plan it rests on.
#[test]
fn summaries_state_their_coverage() {
    let target =
        |i: &str| format!("indicator = \"{i}\"\nkind = \"at_least\"\nvalue = 40\nhorizon = 2030");
    let ids = [
        "enterprises_innovating_share",
        "stinv_local_budget_share",
        "key_products_ip_share",
        "st_tasks_applied_share",
    ];
    let bodies: Vec<String> = ids.iter().map(|i| target(i)).collect();
    let named: Vec<(&str, &str)> = ids
        .iter()
        .zip(&bodies)
        .map(|(i, b)| (*i, b.as_str()))
        .collect();
    let mut with_q = named.clone();
    with_q.push((
        "q",
        "indicator = \"research_infrastructure\"\nkind = \"qualitative\"\nhorizon = 2030",
    ));
    let s = set(&with_q);
    let rows_for = |n: usize| -> Vec<(&str, &str, i32, f64)> {
        ids[..n]
            .iter()
            .flat_map(|i| [("lai-chau", *i, 2020, 10.0), ("lai-chau", *i, 2023, 50.0)])
            .collect()
    };
    let one_of_four = summarise(&run(&obs(&rows_for(1)), &s)).remove(0);
    assert_eq!((one_of_four.measurable, one_of_four.assessed), (4, 1));
    assert_eq!(one_of_four.status, Status::UnableToAssess);
    assert!(one_of_four
        .note
        .unwrap()
        .en
        .starts_with("only 1 of 4 measurable targets"));
    let three = summarise(&run(&obs(&rows_for(3)), &s)).remove(0);
    assert_eq!(
        (three.status, three.mean_score),
        (Status::OnTrack, Some(5.0))
    );
    assert_eq!(
        three.note.as_ref().map(|n| n.en.as_str()),
        Some("status from 3 of 4 measurable targets (the others could not be assessed)")
    );
    let all = summarise(&run(&obs(&rows_for(4)), &s)).remove(0);
    assert_eq!((all.assessed, all.note), (4, None));
    assert_eq!(all.status, Status::TargetAchieved);
}
