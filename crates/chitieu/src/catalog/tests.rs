use super::*;

const BASE: &str = r#"
id = "x"
name_vi = "X"
name_en = "X"
unit = "percent"
direction = "increase"
kind = "ratio"
aggregation = "ratio_of_additive"
source = "test"
"#;

fn indicator(id: &str, formula: &str) -> String {
    format!(
        "[[indicators]]\n{}\nformula = {formula}\n",
        BASE.replace("\"x\"", &format!("\"{id}\""))
    )
}

fn codes(e: &CatalogErrors) -> Vec<String> {
    e.errors()
        .iter()
        .map(|e| {
            serde_json::to_value(e).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[test]
fn builtin_catalog_is_valid_and_bilingual() {
    let c = Catalog::builtin();
    assert!(c.indicators().len() >= 30);
    assert!(c.components().len() >= 30);
    for i in c.indicators() {
        assert!(!i.name_vi.is_empty() && !i.name_en.is_empty(), "{}", i.id);
        // Vietnamese names carry diacritics (every name here has at least one).
        assert!(
            !i.name_vi.is_ascii(),
            "{} has no diacritics: {}",
            i.id,
            i.name_vi
        );
    }
    for comp in c.components() {
        assert!(!comp.name_vi.is_ascii(), "{}", comp.id);
    }
    // Every derivable indicator comes after the indicators it reads.
    let order: Vec<&str> = c.derivation_order().map(|i| i.id.as_str()).collect();
    for (pos, id) in order.iter().enumerate() {
        for t in c.indicator(id).unwrap().formula.terms() {
            if c.component(t).is_some() {
                continue; // a term names a component first
            }
            let p = order.iter().position(|o| *o == t);
            assert!(p.is_some_and(|p| p < pos), "{t} not before {id}");
        }
    }
}

#[test]
fn describe_formulas() {
    let c = Catalog::builtin();
    assert_eq!(
        c.indicator("stinv_local_budget_share")
            .unwrap()
            .formula
            .describe(),
        "100 × stinv_spending / local_budget_expenditure"
    );
    assert_eq!(
        c.indicator("researchers_per_10k")
            .unwrap()
            .formula
            .describe(),
        "10000 × researchers_headcount / population"
    );
}

#[test]
fn user_definitions_are_validated_together() {
    let text = [
        indicator(
            "a",
            r#"{ kind = "ratio", numerator = ["stinv_spendng"], denominator = [], scale = 0.0 }"#,
        ),
        indicator(
            "researchers_per_10k",
            r#"{ kind = "sum", terms = ["population"] }"#,
        ),
        indicator("Bad-Id", r#"{ kind = "sum", terms = ["pii_score"] }"#),
    ]
    .concat();
    let err = Catalog::builtin()
        .extend(&text, "user.toml", Syntax::Toml)
        .unwrap_err();
    assert_eq!(
        codes(&err),
        [
            "duplicate_id",
            "bad_id",
            "bad_scale",
            "unknown_term",
            "empty_terms",
            "not_derivable"
        ]
    );
    let msg = err.to_string();
    assert!(msg.contains("user.toml: indicator 'a', formula.numerator: unknown term 'stinv_spendng'; did you mean 'stinv_spending'?"), "{msg}");
}

#[test]
fn cycles_are_found() {
    let text = [
        indicator("a", r#"{ kind = "sum", terms = ["b"] }"#),
        indicator(
            "b",
            r#"{ kind = "ratio", numerator = ["a"], denominator = ["population"], scale = 1.0 }"#,
        ),
    ]
    .concat();
    let err = Catalog::builtin()
        .extend(&text, "user.toml", Syntax::Toml)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "1 error in indicator definitions\n  indicators form a cycle: a → b → a"
    );
}

#[test]
fn bad_unit_and_unknown_field_name_the_line() {
    let text = indicator("a", r#"{ kind = "sum", terms = ["population"] }"#)
        .replace("\"percent\"", "\"percents\"");
    let err = Catalog::builtin()
        .extend(&text, "user.toml", Syntax::Toml)
        .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("user.toml: TOML parse error at line 6"),
        "{msg}"
    );
    assert!(msg.contains("percents"), "{msg}");
    let text =
        indicator("a", r#"{ kind = "sum", terms = ["population"] }"#).replace("source", "sourc");
    let msg = Catalog::builtin()
        .extend(&text, "u.toml", Syntax::Toml)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("sourc"), "{msg}");
}

#[test]
fn json_definitions() {
    let json = r#"{"indicators": [{"id": "pop_k", "name_vi": "Dân số (nghìn người)", "name_en": "Population (thousands)",
        "unit": "count", "direction": "increase", "kind": "stock", "aggregation": "additive", "source": "x",
        "formula": {"kind": "ratio", "numerator": ["population"], "denominator": ["population"], "scale": 1.0}}]}"#;
    let c = Catalog::builtin()
        .extend(json, "<dict>", Syntax::Json)
        .unwrap();
    assert!(c.indicator("pop_k").is_some());
}
