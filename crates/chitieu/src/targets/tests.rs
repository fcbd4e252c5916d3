use std::collections::HashSet;

use super::*;
use crate::catalog::Catalog;

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
