//! The composite-index module against COINr's ASEM coin (`tests/reference/coinr-asem`, see
//! `tests/reference/README.md` §2): every stage from Raw to the ranks, the treatment
//! summary and flags, validation errors, hand-computed means and normalisations, and the
//! Monte Carlo's reproducibility and invariants.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::split_csv_line;

use chitieu::composite::{
    aggregate, denominate, impute, monte_carlo, normalise_values, pipeline, rank_scores, treat,
    AggregateOptions, Aggregation, CompositeError, Framework, FrameworkProblem, FrameworkRow,
    Imputation, LogFallback, Matrix, NodeType, Normalisation, Pipeline, PipelineSpec, Polarity,
    Ties, TreatFlag, TreatOptions, TreatOutcome, Uncertainty, UncertaintySpec,
};

// ------------------------------------------------------------------------------ CSV input

fn reference_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/reference/coinr-asem");
    assert!(
        dir.join("raw.csv").is_file(),
        "COINr reference data not found at {} (expected tests/reference/coinr-asem/raw.csv \
         in the repository); this test needs it and is never skipped",
        dir.display()
    );
    dir
}

struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(name: &str) -> Self {
        let path = reference_dir().join(name);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let mut lines = text.lines().filter(|l| !l.is_empty());
        let header = split_csv_line(lines.next().expect("header row"));
        let rows: Vec<Vec<String>> = lines.map(split_csv_line).collect();
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(
                r.len(),
                header.len(),
                "{name}: row {} has {} fields",
                i + 2,
                r.len()
            );
        }
        Self { header, rows }
    }

    fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    }

    fn strings(&self, name: &str) -> Vec<String> {
        let j = self.col(name);
        self.rows.iter().map(|r| r[j].clone()).collect()
    }

    /// Empty field = NA.
    fn numbers(&self, name: &str) -> Vec<Option<f64>> {
        self.strings(name)
            .iter()
            .map(|s| {
                (!s.is_empty()).then(|| s.parse().unwrap_or_else(|e| panic!("{name}: {s}: {e}")))
            })
            .collect()
    }

    fn matrix(&self, codes: &[&str]) -> Matrix {
        let cols = codes.iter().map(|c| self.numbers(c)).collect();
        Matrix::from_columns(self.strings("UnitCode"), codes.iter().copied(), cols).unwrap()
    }
}

/// iMeta (COINr v1 names) → framework rows; denominators renamed to the coin's `Den_*` columns.
fn asem_framework() -> Framework {
    let t = Table::read("iMeta.csv");
    let den = HashMap::from([
        ("Area", "Den_Area"),
        ("Energy", "Den_Energy"),
        ("GDP", "Den_GDP"),
        ("Population", "Den_Pop"),
    ]);
    let (lv, code, dir, w, target, dn, parent, ty) = (
        t.col("Level"),
        t.col("iCode"),
        t.col("Direction"),
        t.col("Weight"),
        t.col("Target"),
        t.col("Denominator"),
        t.col("Parent"),
        t.col("Type"),
    );
    let rows: Vec<FrameworkRow> = t
        .rows
        .iter()
        .filter(|r| r[ty] == "Indicator" || r[ty] == "Aggregate")
        .map(|r| FrameworkRow {
            level: r[lv].parse().unwrap(),
            code: r[code].clone(),
            direction: r[dir].parse().unwrap(),
            weight: r[w].parse().unwrap(),
            parent: (!r[parent].is_empty()).then(|| r[parent].clone()),
            node_type: r[ty].parse::<NodeType>().unwrap(),
            denominator: (!r[dn].is_empty()).then(|| den[r[dn].as_str()].to_owned()),
            target: (!r[target].is_empty()).then(|| r[target].parse().unwrap()),
            goalposts: None,
        })
        .collect();
    Framework::from_rows(&rows).expect("ASEM framework is valid")
}

struct Asem {
    fw: Framework,
    raw: Table,
    pipeline: Pipeline,
}

fn asem() -> Asem {
    let fw = asem_framework();
    let raw = Table::read("raw.csv");
    let den = Table::read("denominators.csv");
    let codes = fw.indicator_codes();
    let raw_m = raw.matrix(&codes);
    let den_m = den.matrix(&["Den_Area", "Den_Energy", "Den_GDP", "Den_Pop"]);
    let spec = PipelineSpec {
        imputation: Imputation::GroupMean {
            groups: raw.strings("Group_EurAsia"),
        },
        ..Default::default()
    };
    let pipeline = pipeline(&raw_m, Some(&den_m), &fw, &spec).expect("pipeline runs");
    Asem { fw, raw, pipeline }
}

/// Max abs difference between `ours` and the reference file over `codes`; NA must match NA.
fn max_error(ours: &Matrix, file: &str, codes: &[&str]) -> f64 {
    let t = Table::read(file);
    let units = t.strings("UnitCode");
    assert_eq!(ours.units(), units.as_slice(), "{file}: unit order");
    let mut worst: f64 = 0.0;
    for c in codes {
        let theirs = t.numbers(c);
        let mine = ours
            .column(c)
            .unwrap_or_else(|| panic!("{file}: we have no column {c}"));
        for (i, (a, b)) in mine.iter().zip(&theirs).enumerate() {
            match (a, b) {
                (Some(a), Some(b)) => worst = worst.max((a - b).abs()),
                (None, None) => {}
                _ => panic!("{file}: {c} of {}: ours {a:?}, COINr {b:?}", units[i]),
            }
        }
    }
    worst
}

// ------------------------------------------------------------------------------ stages

#[test]
fn asem_stages_match_coinr() {
    let a = asem();
    let p = &a.pipeline;
    let ind = a.fw.indicator_codes();
    assert_eq!(ind.len(), 49);
    assert_eq!(
        a.fw.aggregate_codes().len(),
        11,
        "8 pillars + 2 sub-indices + Index"
    );
    assert_eq!(a.fw.root(), "Index");

    let mut all: Vec<&str> = ind.clone();
    all.extend(a.fw.aggregate_codes());
    let stages = [
        ("denominated", &p.denominated, "denominated.csv", &ind),
        ("imputed", &p.imputed.data, "imputed.csv", &ind),
        ("treated", &p.treated.data, "treated.csv", &ind),
        ("normalised", &p.normalised, "normalised.csv", &ind),
        ("aggregated", &p.aggregated, "aggregated.csv", &all),
    ];
    for (name, ours, file, codes) in stages {
        let e = max_error(ours, file, codes);
        println!("COINr ASEM {name:<12} max abs error {e:.3e}");
        assert!(e <= 1e-9, "{name}: max abs error {e:e} > 1e-9");
    }
    assert_eq!(Table::read("raw.csv").matrix(&ind).count_missing(), 63);
    assert_eq!(p.denominated.count_missing(), 65);
    assert_eq!(p.imputed.n_imputed, 65);
    assert_eq!(p.imputed.n_missing, 0);

    // Top 5 of the Index at full precision (README §2).
    let idx = p.aggregated.column("Index").unwrap();
    let units = p.aggregated.units();
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by(|&x, &y| idx[y].unwrap().total_cmp(&idx[x].unwrap()));
    let top: Vec<&str> = order[..5].iter().map(|&i| units[i].as_str()).collect();
    assert_eq!(top, ["CHE", "NLD", "DNK", "NOR", "BEL"]);
    assert!((idx[order[0]].unwrap() - 68.383724).abs() < 1e-6);
}

#[test]
fn asem_treatment_summary_and_flags_match_coinr() {
    let a = asem();
    let t = &a.pipeline.treated;
    assert_eq!(t.n_winsorised_indicators(), 15);
    assert_eq!(t.points(), (34, 1));
    assert!(t.transformed().is_empty(), "COINr applied no log transform");
    let femlab = t.reports.iter().find(|r| r.indicator == "FemLab").unwrap();
    assert_eq!((femlab.high, femlab.low, femlab.steps), (0, 1, 1));

    let summary = Table::read("treat_summary.csv");
    let (codes, low, high) = (
        summary.strings("IndCode"),
        summary.numbers("Low"),
        summary.numbers("High"),
    );
    for ((c, l), h) in codes.iter().zip(&low).zip(&high) {
        let r = t.reports.iter().find(|r| &r.indicator == c).unwrap();
        assert_eq!(
            (r.low as f64, r.high as f64),
            (l.unwrap(), h.unwrap()),
            "TreatSummary of {c}"
        );
    }

    let flags = Table::read("treat_flags.csv");
    let units = flags.strings("UnitCode");
    for r in &t.reports {
        for (i, f) in flags.strings(&r.indicator).iter().enumerate() {
            let expected = match f.as_str() {
                "No" => TreatFlag::No,
                "WHigh" => TreatFlag::WinsorisedHigh,
                "WLow" => TreatFlag::WinsorisedLow,
                other => panic!("unexpected flag {other}"),
            };
            let u = a
                .pipeline
                .treated
                .data
                .units()
                .iter()
                .position(|x| x == &units[i]);
            assert_eq!(
                r.flags[u.unwrap()],
                expected,
                "{} of {}",
                r.indicator,
                units[i]
            );
        }
    }

    // Winsorisation steps and skew/kurtosis before and after (derived file, 10 digits).
    let sk = Table::read("treat_skew_kurt_derived.csv");
    let codes = sk.strings("IndCode");
    let cols = [
        "skew_imputed",
        "kurt_imputed",
        "n_winsorisation_steps",
        "skew_treated",
        "kurt_treated",
    ]
    .map(|c| sk.numbers(c));
    for (i, c) in codes.iter().enumerate() {
        let r = t.reports.iter().find(|r| &r.indicator == c).unwrap();
        let ours = [
            r.skew_before,
            r.kurt_before,
            r.steps as f64,
            r.skew_after,
            r.kurt_after,
        ];
        for (k, v) in ours.iter().enumerate() {
            let e = cols[k][i].unwrap();
            assert!((v - e).abs() <= 1e-8 * e.abs().max(1.0), "{c}: {v} vs {e}");
        }
    }
}

#[test]
fn asem_ranks_match_coinr_exactly() {
    let a = asem();
    let t = Table::read("ranks.csv");
    let units = t.strings("UnitCode");
    let ours_units = a.pipeline.aggregated.units();
    for code in &t.header[2..] {
        let theirs = t.numbers(code);
        let ours = a.pipeline.rank_of(code).unwrap();
        for (u, r) in units.iter().zip(&theirs) {
            let i = ours_units.iter().position(|x| x == u).unwrap();
            assert_eq!(ours[i].map(f64::from), *r, "rank of {u} in {code}");
        }
    }
    // The 2-decimal rounding creates one tie in ConEcFin and Instit absent at full precision.
    for code in ["ConEcFin", "Instit"] {
        let col = a.pipeline.aggregated.column(code).unwrap();
        let (r2, full) = (rank_scores(col, Some(2)), rank_scores(col, None));
        assert_ne!(r2, full, "{code}");
        let mut s = r2.clone();
        s.sort();
        s.dedup();
        assert_eq!(s.len(), 50, "{code}: one tie");
    }
}

// ------------------------------------------------------------------------------ validation

fn problems(rows: &[FrameworkRow]) -> Vec<FrameworkProblem> {
    match Framework::from_rows(rows) {
        Err(CompositeError::InvalidFramework { problems }) => problems,
        other => panic!("expected InvalidFramework, got {other:?}"),
    }
}

fn ind(code: &str, parent: &str) -> FrameworkRow {
    FrameworkRow::indicator(code, parent, 1.0, 1)
}

fn agg(code: &str, level: u32, parent: Option<&str>) -> FrameworkRow {
    FrameworkRow::aggregate(code, level, parent, 1.0)
}

#[test]
fn framework_validation_reports_every_problem() {
    use FrameworkProblem as P;
    let s = |x: &str| x.to_owned();

    // Duplicate and empty codes, weights, direction, level.
    let p = problems(&[
        ind("a", "I"),
        ind("a", "I"),
        ind("", "I"),
        FrameworkRow::indicator("w0", "I", 0.0, 1),
        FrameworkRow::indicator("wn", "I", f64::NAN, 1),
        FrameworkRow::indicator("wneg", "I", -2.0, 1),
        FrameworkRow::indicator("d", "I", 1.0, 0),
        FrameworkRow {
            level: 2,
            ..ind("l", "I")
        },
        agg("low", 1, Some("I")),
        agg("I", 3, None),
    ]);
    assert!(p.contains(&P::DuplicateCode { code: s("a") }), "{p:?}");
    assert!(p.contains(&P::EmptyCode { row: 2 }));
    for (c, w) in [("w0", 0.0), ("wneg", -2.0)] {
        assert!(p.contains(&P::InvalidWeight {
            code: s(c),
            weight: w
        }));
    }
    assert!(p.iter().any(
        |x| matches!(x, P::InvalidWeight { code, weight } if code == "wn" && weight.is_nan())
    ));
    assert!(p.contains(&P::InvalidDirection {
        code: s("d"),
        direction: 0
    }));
    assert!(p
        .iter()
        .any(|x| matches!(x, P::InvalidLevel { code, level: 2, .. } if code == "l")));
    assert!(p
        .iter()
        .any(|x| matches!(x, P::InvalidLevel { code, level: 1, .. } if code == "low")));
    assert!(p.contains(&P::EmptyAggregate { code: s("low") }));

    // Orphans, indicator parents, indicators without parent, empty aggregates.
    let p = problems(&[
        ind("a", "Nope"),
        ind("b", "a"),
        FrameworkRow {
            parent: None,
            ..ind("c", "I")
        },
        ind("d", "I"),
        agg("Empty", 2, Some("I")),
        agg("I", 3, None),
    ]);
    assert!(p.contains(&P::UnknownParent {
        code: s("a"),
        parent: s("Nope")
    }));
    assert!(p.contains(&P::ParentIsIndicator {
        code: s("b"),
        parent: s("a")
    }));
    assert!(p.contains(&P::MissingParent { code: s("c") }));
    assert!(p.contains(&P::EmptyAggregate { code: s("Empty") }));
    assert_eq!(p.len(), 4, "{p:?}");

    // A cycle (with no root left), and a self-parent.
    let p = problems(&[
        ind("x", "A"),
        agg("A", 2, Some("B")),
        agg("B", 3, Some("A")),
    ]);
    assert!(p
        .iter()
        .any(|x| matches!(x, P::Cycle { codes } if codes.len() == 2 && codes.contains(&s("A")))));
    assert!(p.contains(&P::NoRoot));
    let p = problems(&[ind("x", "A"), agg("A", 2, Some("A")), agg("R", 3, None)]);
    assert!(
        p.contains(&P::Cycle {
            codes: vec![s("A")]
        }),
        "{p:?}"
    );
    assert!(p.contains(&P::EmptyAggregate { code: s("R") }));

    // Level order, several roots, no indicators.
    let p = problems(&[
        ind("x", "P"),
        agg("P", 3, Some("I")),
        agg("I", 3, None),
        agg("J", 2, None),
    ]);
    assert!(p.contains(&P::LevelOrder {
        code: s("P"),
        level: 3,
        parent: s("I"),
        parent_level: 3
    }));
    assert!(p.contains(&P::MultipleRoots {
        codes: vec![s("I"), s("J")]
    }));
    let p = problems(&[agg("I", 2, None)]);
    assert!(p.contains(&P::NoIndicators) && p.contains(&P::EmptyAggregate { code: s("I") }));
    assert!(problems(&[]).contains(&P::NoRoot));

    // Targets and goalposts.
    let p = problems(&[
        ind("x", "I").with_target(f64::INFINITY),
        ind("y", "I").with_goalposts(5.0, 1.0),
        agg("I", 2, None),
    ]);
    assert!(p.contains(&P::InvalidTarget {
        code: s("x"),
        value: f64::INFINITY
    }));
    assert!(p.contains(&P::InvalidGoalposts {
        code: s("y"),
        low: 5.0,
        high: 1.0
    }));

    // Unknown codes and invalid weights in a weight override, all reported.
    let fw = Framework::from_rows(&[ind("x", "I"), agg("I", 2, None)]).unwrap();
    let err = fw
        .with_weights(&[("zz", 1.0), ("x", 0.0), ("qq", 2.0)])
        .unwrap_err();
    assert_eq!(
        err,
        CompositeError::InvalidFramework {
            problems: vec![
                P::UnknownCode { code: s("zz") },
                P::InvalidWeight {
                    code: s("x"),
                    weight: 0.0
                },
                P::UnknownCode { code: s("qq") },
            ]
        }
    );
    assert!(err.to_string().contains("3 problem(s)"), "{err}");
}

#[test]
fn data_errors_name_the_indicator_and_unit() {
    let fw = Framework::from_rows(&[
        ind("x", "I").with_denominator("pop"),
        ind("y", "I"),
        agg("I", 2, None),
    ])
    .unwrap();
    let m = |rows: &[[Option<f64>; 2]]| {
        Matrix::from_rows(
            ["a", "b"],
            ["x", "y"],
            &rows.iter().map(|r| r.to_vec()).collect::<Vec<_>>(),
        )
        .unwrap()
    };
    let data = m(&[[Some(1.0), Some(0.0)], [Some(2.0), Some(5.0)]]);

    assert!(matches!(
        Matrix::from_rows(["a"], ["x"], &[vec![Some(f64::INFINITY)]]),
        Err(CompositeError::NotFinite { code, unit, .. }) if code == "x" && unit == "a"
    ));
    assert!(matches!(
        Matrix::from_rows(["a", "a"], ["x"], &[vec![None], vec![None]]),
        Err(CompositeError::DuplicateUnit { unit }) if unit == "a"
    ));
    assert!(matches!(
        Matrix::from_rows(["a"], ["x", "y"], &[vec![None]]),
        Err(CompositeError::RowLength { unit, expected: 2, found: 1 }) if unit == "a"
    ));

    let only_x = Matrix::from_rows(["a", "b"], ["x"], &[vec![None], vec![None]]).unwrap();
    let den = Matrix::from_rows(["a", "b"], ["pop"], &[vec![Some(2.0)], vec![Some(0.0)]]).unwrap();
    assert_eq!(
        denominate(&only_x, &den, &fw).unwrap_err(),
        CompositeError::MissingColumns {
            table: "data",
            codes: vec!["y".into()]
        }
    );
    assert_eq!(
        denominate(&data, &den, &fw).unwrap_err(),
        CompositeError::ZeroDenominator {
            indicator: "x".into(),
            unit: "b".into()
        }
    );
    let den_a = Matrix::from_rows(["a"], ["pop"], &[vec![Some(2.0)]]).unwrap();
    assert_eq!(
        denominate(&data, &den_a, &fw).unwrap_err(),
        CompositeError::MissingUnits {
            table: "denominators",
            units: vec!["b".into()]
        }
    );
    assert!(matches!(
        pipeline(&data, None, &fw, &PipelineSpec::default()),
        Err(CompositeError::MissingColumns { codes, .. }) if codes == ["pop"]
    ));
    assert_eq!(
        impute(
            &data,
            &Imputation::GroupMean {
                groups: vec!["g".into()]
            }
        )
        .unwrap_err(),
        CompositeError::GroupCount {
            groups: 1,
            units: 2
        }
    );

    // Geometric mean over a 0 (min-max gives 0 to the worst unit), harmonic over a 0.
    let n = m(&[[Some(0.0), Some(1.0)], [Some(2.0), Some(3.0)]]);
    let opts = |method| AggregateOptions {
        method,
        ..Default::default()
    };
    assert_eq!(
        aggregate(&n, &fw, &opts(Aggregation::Geometric)).unwrap_err(),
        CompositeError::GeometricNonPositive {
            aggregate: "I".into(),
            unit: "a".into(),
            child: "x".into(),
            value: 0.0
        }
    );
    assert_eq!(
        aggregate(&n, &fw, &opts(Aggregation::Harmonic)).unwrap_err(),
        CompositeError::HarmonicZero {
            aggregate: "I".into(),
            unit: "a".into(),
            child: "x".into()
        }
    );
    assert!(matches!(
        normalise_values(
            &[Some(1.0), Some(2.0)],
            Polarity::Positive,
            &Normalisation::DistToTarget { cap: false },
            None,
            None
        ),
        Err(CompositeError::MissingParameter {
            parameter: "target",
            ..
        })
    ));
    assert!(matches!(
        chitieu::composite::normalise(&m(&[[Some(1.0), Some(1.0)], [Some(1.0), Some(2.0)]]), &fw,
                                      &Normalisation::default()),
        Err(CompositeError::CannotNormalise { indicator, .. }) if indicator == "x"
    ));

    // Winsorising down to one distinct value is refused, as in COINr.
    let col: Vec<Option<f64>> = [vec![Some(0.0); 19], vec![Some(100.0)]].concat();
    let two = Matrix::from_columns((0..20).map(|i| i.to_string()), ["x"], vec![col]).unwrap();
    assert_eq!(
        treat(&two, &TreatOptions::default()).unwrap_err(),
        CompositeError::CannotWinsorise {
            indicator: "x".into()
        }
    );

    // Monte Carlo options.
    let bad = |spec: UncertaintySpec| monte_carlo(&n, &fw, &spec).unwrap_err();
    assert!(matches!(
        bad(UncertaintySpec {
            weight_noise: 1.0,
            ..Default::default()
        }),
        CompositeError::InvalidOption {
            name: "weight_noise",
            ..
        }
    ));
    assert!(matches!(
        bad(UncertaintySpec {
            replications: 0,
            ..Default::default()
        }),
        CompositeError::InvalidOption {
            name: "replications",
            ..
        }
    ));
    assert!(matches!(
        bad(UncertaintySpec {
            aggregations: vec![],
            ..Default::default()
        }),
        CompositeError::InvalidOption {
            name: "aggregations",
            ..
        }
    ));
}

// ------------------------------------------------------------------------------ by hand

#[test]
fn hand_computed_means_and_normalisations() {
    // Weighted geometric and harmonic means, NA skipped and weights renormalised.
    let x = [Some(2.0), Some(8.0), None, Some(4.0)];
    let w = [1.0, 2.0, 10.0, 1.0];
    // exp((ln 2 + 2 ln 8 + ln 4) / 4) = (2 · 64 · 4)^(1/4) = 512^(1/4)
    let g = Aggregation::Geometric.mean(&x, &w).unwrap();
    assert!((g - 512f64.powf(0.25)).abs() < 1e-13, "{g}");
    // 4 / (1/2 + 2/8 + 1/4) = 4
    assert_eq!(Aggregation::Harmonic.mean(&x, &w), Some(4.0));
    // (2 + 16 + 4) / 4
    assert_eq!(Aggregation::Arithmetic.mean(&x, &w), Some(5.5));
    assert_eq!(
        Aggregation::Arithmetic.mean(&[None, None], &[1.0, 1.0]),
        None
    );

    // The same through a framework, level by level (pillar means, then the index of pillars).
    let fw = Framework::from_rows(&[
        FrameworkRow::indicator("a", "P", 1.0, 1),
        FrameworkRow::indicator("b", "P", 2.0, 1),
        FrameworkRow::indicator("c", "Q", 1.0, 1),
        FrameworkRow::aggregate("P", 2, Some("I"), 1.0),
        FrameworkRow::aggregate("Q", 2, Some("I"), 3.0),
        FrameworkRow::aggregate("I", 3, None, 1.0),
    ])
    .unwrap();
    let n = Matrix::from_rows(
        ["u"],
        ["a", "b", "c"],
        &[vec![Some(2.0), Some(8.0), Some(4.0)]],
    )
    .unwrap();
    let run = |method| {
        aggregate(
            &n,
            &fw,
            &AggregateOptions {
                method,
                ..Default::default()
            },
        )
        .unwrap()
    };
    let geo = run(Aggregation::Geometric);
    let p = (2.0f64 * 64.0).powf(1.0 / 3.0); // (2 · 8²)^(1/3)
    assert!((geo.get("u", "P").unwrap() - p).abs() < 1e-13);
    let i = (p * 64.0f64).powf(0.25); // (P · 4³)^(1/4)
    assert!((geo.get("u", "I").unwrap() - i).abs() < 1e-13);
    let harm = run(Aggregation::Harmonic);
    let p = 3.0 / (0.5 + 2.0 / 8.0); // = 4
    assert!((harm.get("u", "P").unwrap() - p).abs() < 1e-13);
    assert!((harm.get("u", "I").unwrap() - 4.0 / (1.0 / p + 3.0 / 4.0)).abs() < 1e-13);
    assert_eq!(geo.codes(), ["a", "b", "c", "P", "Q", "I"]);

    // z-scores: x = (1, 2, 3, 6, NA): mean 3, sd sqrt((4 + 1 + 0 + 9)/3) = sqrt(14/3).
    let x = [Some(1.0), Some(2.0), Some(3.0), Some(6.0), None];
    let sd = (14.0f64 / 3.0).sqrt();
    let z = normalise_values(
        &x,
        Polarity::Positive,
        &Normalisation::default_zscore(),
        None,
        None,
    )
    .unwrap();
    let expect = [-2.0 / sd, -1.0 / sd, 0.0, 3.0 / sd];
    for (a, b) in z.iter().zip(expect) {
        assert!((a.unwrap() - b).abs() < 1e-15);
    }
    assert_eq!(z[4], None);
    // Direction −1 flips the sign; mean 10, sd 2.
    let z = normalise_values(
        &x,
        Polarity::Negative,
        &Normalisation::ZScore {
            mean: 10.0,
            sd: 2.0,
        },
        None,
        None,
    )
    .unwrap();
    assert!((z[3].unwrap() - (10.0 - 6.0 / sd)).abs() < 1e-14);

    // Ranks (1 = worst), ties min or average; percent ranks.
    let x = [Some(5.0), Some(1.0), Some(5.0), None, Some(9.0)];
    let r = |p, t| normalise_values(&x, p, &Normalisation::Rank { ties: t }, None, None).unwrap();
    assert_eq!(
        r(Polarity::Positive, Ties::Min),
        [Some(2.0), Some(1.0), Some(2.0), None, Some(4.0)]
    );
    assert_eq!(
        r(Polarity::Positive, Ties::Average),
        [Some(2.5), Some(1.0), Some(2.5), None, Some(4.0)]
    );
    assert_eq!(
        r(Polarity::Negative, Ties::Min),
        [Some(2.0), Some(4.0), Some(2.0), None, Some(1.0)]
    );
    let pr = normalise_values(
        &x,
        Polarity::Positive,
        &Normalisation::PercentRank,
        None,
        None,
    )
    .unwrap();
    assert_eq!(
        pr,
        [Some(1.0 / 3.0), Some(0.0), Some(1.0 / 3.0), None, Some(1.0)]
    );

    // Min-max onto [1, 100], distance to target, goalposts.
    let mm = normalise_values(
        &x,
        Polarity::Negative,
        &Normalisation::MinMax { lo: 1.0, hi: 100.0 },
        None,
        None,
    )
    .unwrap();
    assert_eq!(mm, [Some(50.5), Some(100.0), Some(50.5), None, Some(1.0)]);
    let dt = normalise_values(
        &x,
        Polarity::Positive,
        &Normalisation::DistToTarget { cap: true },
        Some(7.0),
        None,
    )
    .unwrap();
    assert_eq!(
        dt,
        [Some(4.0 / 6.0), Some(0.0), Some(4.0 / 6.0), None, Some(1.0)]
    );
    let dt = normalise_values(
        &x,
        Polarity::Negative,
        &Normalisation::DistToTarget { cap: false },
        Some(3.0),
        None,
    )
    .unwrap(); // (9 − x)/(9 − 3)
    assert_eq!(
        dt,
        [
            Some(4.0 / 6.0),
            Some(8.0 / 6.0),
            Some(4.0 / 6.0),
            None,
            Some(0.0)
        ]
    );
    let gp = normalise_values(
        &x,
        Polarity::Negative,
        &Normalisation::Goalposts {
            scale: 100.0,
            truncate: true,
        },
        None,
        Some((2.0, 8.0)),
    )
    .unwrap(); // (8 − x)/6, clamped
    assert_eq!(gp, [Some(50.0), Some(100.0), Some(50.0), None, Some(0.0)]);

    // Ranks of scores: descending, ties min.
    assert_eq!(
        rank_scores(&[Some(1.0), Some(3.0), Some(3.0), Some(2.0)], None),
        [Some(4), Some(1), Some(1), Some(3)]
    );
}

#[test]
fn csv_splitter_honours_quotes() {
    assert_eq!(
        split_csv_line(r#"1,TBTs,"Number of measures (initiated, in force)",,"a ""q""""#),
        [
            "1",
            "TBTs",
            "Number of measures (initiated, in force)",
            "",
            r#"a "q""#
        ]
    );
}

#[test]
fn log_fallback_follows_coinr_ctlog() {
    // COINr never transforms an ASEM indicator, so the fallback is checked by hand against
    // COINr6's `loggish`: CTlog = ln(x − min + 0.01·(max − min)), applied to the untreated
    // column when the thresholds are still exceeded after `winmax` steps.
    let mut x: Vec<Option<f64>> = (1..=20).map(|v| Some(f64::from(v))).collect();
    x[19] = Some(200.0);
    let m = Matrix::from_columns((1..=20).map(|u| u.to_string()), ["x"], vec![x.clone()]).unwrap();
    let run = |winmax, fallback| {
        treat(
            &m,
            &TreatOptions {
                winmax: Some(winmax),
                fallback,
                ..Default::default()
            },
        )
        .unwrap()
    };
    let t = run(0, LogFallback::CtLog);
    let r = &t.reports[0];
    assert_eq!((r.steps, r.high, r.low), (0, 0, 0));
    assert_eq!(r.outcome, TreatOutcome::Transformed(LogFallback::CtLog));
    assert!(r.log_applied() && r.flags.iter().all(|f| *f == TreatFlag::Transformed));
    for (a, b) in t.data.column("x").unwrap().iter().zip(&x) {
        assert!((a.unwrap() - (b.unwrap() - 1.0 + 0.01 * 199.0).ln()).abs() < 1e-15);
    }
    assert_eq!(t.transformed(), ["x"]);
    let t = run(0, LogFallback::CtLogOrig);
    assert_eq!(t.data.column("x").unwrap()[19], Some(200f64.ln()));
    // One step suffices here, so winmax = 1 Winsorises instead.
    let t = run(1, LogFallback::CtLog);
    assert_eq!(t.reports[0].outcome, TreatOutcome::Winsorised);
    // `log` with a value ≤ 0, or no transform: left untreated.
    let mut z = x.clone();
    z[0] = Some(0.0);
    let mz = Matrix::from_columns((1..=20).map(|u| u.to_string()), ["x"], vec![z.clone()]).unwrap();
    for fallback in [LogFallback::Log, LogFallback::NoTransform] {
        let opts = TreatOptions {
            winmax: Some(0),
            fallback,
            ..Default::default()
        };
        let t = treat(&mz, &opts).unwrap();
        assert_eq!(t.reports[0].outcome, TreatOutcome::Untreated);
        assert_eq!(t.data.column("x").unwrap(), z.as_slice());
    }
    // Without `winchange` the side is fixed by the initial skew: here low, as skew < 0.
    let neg: Vec<Option<f64>> = x.iter().map(|v| v.map(|v| -v)).collect();
    let mn = Matrix::from_columns((1..=20).map(|u| u.to_string()), ["x"], vec![neg]).unwrap();
    let t = treat(
        &mn,
        &TreatOptions {
            winchange: false,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((t.reports[0].high, t.reports[0].low), (0, 1));
    assert_eq!(t.data.column("x").unwrap()[19], Some(-19.0));
}

// ------------------------------------------------------------------------------ Monte Carlo

fn asem_mc(a: &Asem, spec: &UncertaintySpec) -> Uncertainty {
    monte_carlo(&a.pipeline.treated.data, &a.fw, spec).expect("Monte Carlo runs")
}

fn in_pool(threads: usize, f: impl FnOnce() -> Uncertainty + Send) -> Uncertainty {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

#[test]
fn monte_carlo_is_reproducible_for_any_thread_count() {
    let a = asem();
    let spec = UncertaintySpec {
        replications: 200,
        seed: 2024,
        weight_noise: 0.25,
        normalisations: vec![
            Normalisation::MinMax { lo: 1.0, hi: 100.0 },
            Normalisation::Rank { ties: Ties::Min },
        ],
        aggregations: vec![
            Aggregation::Arithmetic,
            Aggregation::Geometric,
            Aggregation::Harmonic,
        ],
        ..Default::default()
    };
    let one = in_pool(1, || asem_mc(&a, &spec));
    let two = in_pool(2, || asem_mc(&a, &spec));
    let again = in_pool(2, || asem_mc(&a, &spec));
    assert_eq!(one, two);
    assert_eq!(two, again);
    assert_eq!(one.replications(), 200);
    // Every option was drawn; inputs: 59 weights (all nodes but the Index) + 2 choices.
    assert_eq!(one.inputs().len(), 61);
    let drawn: std::collections::HashSet<(u64, u64)> = (0..200)
        .map(|r| {
            let v = one.input_values(r);
            (v[59] as u64, v[60] as u64)
        })
        .collect();
    assert_eq!(drawn.len(), 6);
    let other = asem_mc(
        &a,
        &UncertaintySpec {
            seed: 2025,
            ..spec.clone()
        },
    );
    assert_ne!(one, other);

    let s = one.sensitivity(10).unwrap();
    assert_eq!(s.len(), 61);
    for x in &s {
        for v in x.by_unit.iter().flatten().chain(x.mean_rank_shift.iter()) {
            assert!((0.0..=1.0).contains(v), "{}: {v}", x.input);
        }
    }
    assert!(one.sensitivity(101).is_err());
}

#[test]
fn monte_carlo_probabilities_sum_to_k() {
    let a = asem();
    let spec = UncertaintySpec {
        replications: 200,
        seed: 11,
        weight_noise: 0.25,
        ..Default::default()
    };
    let mc = asem_mc(&a, &spec);
    let groups = a.raw.strings("Group_EurAsia");
    let units = a.pipeline.treated.data.units();
    let raw_units = a.raw.strings("UnitCode");
    assert_eq!(units, raw_units.as_slice());
    for g in ["Asia", "Europe"] {
        let members: Vec<usize> = (0..units.len()).filter(|&i| groups[i] == g).collect();
        // No ties at full precision: each replication ranks exactly k units ≤ k.
        for r in 0..mc.replications() {
            let s: Vec<f64> = members.iter().map(|&u| mc.scores(r)[u].unwrap()).collect();
            let mut t = s.clone();
            t.sort_by(f64::total_cmp);
            t.dedup();
            assert_eq!(t.len(), s.len(), "tie in replication {r}");
        }
        for k in [1, 3, 5, 10, members.len() as u32] {
            let p = mc.prob_rank_at_most(k, Some(&members)).unwrap();
            let sum: f64 = p.iter().sum();
            assert!((sum - f64::from(k)).abs() < 1e-9, "{g}, k = {k}: sum {sum}");
            assert!(p.iter().all(|x| (0.0..=1.0).contains(x)));
        }
    }
    let all = mc.prob_rank_at_most(5, None).unwrap();
    assert!((all.iter().sum::<f64>() - 5.0).abs() < 1e-9);
    assert!(matches!(
        mc.prob_rank_at_most(1, Some(&[0, 0])),
        Err(CompositeError::UnitIndex { index: 0, .. })
    ));
    assert!(mc.prob_rank_at_most(1, Some(&[99])).is_err());
    let stats = mc.rank_stats();
    assert!(stats.iter().all(|s| s.q05 <= s.median && s.median <= s.q95));
}

#[test]
fn monte_carlo_without_perturbation_gives_the_reference_ranks() {
    let a = asem();
    let mc = asem_mc(
        &a,
        &UncertaintySpec {
            replications: 50,
            seed: 3,
            ..Default::default()
        },
    );
    let t = Table::read("aggregated.csv");
    let reference = t.numbers("Index");
    let full = rank_scores(&reference, None);
    let published = Table::read("ranks.csv");
    let pub_units = published.strings("UnitCode");
    let pub_rank = published.numbers("Index");
    let units = mc.units();
    for (u, s) in mc.rank_stats().iter().enumerate() {
        let r = f64::from(full[u].unwrap());
        assert_eq!(s.median, Some(r), "{}", units[u]);
        assert_eq!((s.q05, s.q95), (Some(r), Some(r)));
        assert_eq!(s.nominal, full[u]);
        let i = pub_units.iter().position(|x| x == &units[u]).unwrap();
        assert_eq!(pub_rank[i], Some(r), "published Index rank of {}", units[u]);
        assert!((mc.nominal_scores()[u].unwrap() - reference[u].unwrap()).abs() < 1e-9);
    }
}
