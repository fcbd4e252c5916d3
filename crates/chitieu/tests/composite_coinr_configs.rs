//! The composite pipeline against COINr 1.1.14 on seven configurations of its ASEM example
//! (`tests/reference/coinr-configs`, made by `scripts/coinr/make_references.R`): every stage
//! to 1e-9 (relative, or absolute below 1), ranks exactly. Each configuration is written as
//! the JSON specification a user would give (`PipelineSpec::from_json`), so the COINr names
//! are checked too.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chitieu::composite::{
    pipeline, Framework, FrameworkRow, Matrix, NodeType, Pipeline, PipelineSpec,
};
use common::split_csv_line;

fn dir() -> PathBuf {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/reference/coinr-configs");
    assert!(
        d.join("inputs/iData.csv").is_file(),
        "COINr references not found at {} (tests/reference/coinr-configs in the repository)",
        d.display()
    );
    d
}

/// A CSV table of the references: header and rows of text fields.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(path: &Path) -> Self {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let mut lines = text.lines().filter(|l| !l.is_empty());
        let header = split_csv_line(lines.next().expect("header"));
        let rows = lines.map(split_csv_line).collect();
        Self { header, rows }
    }

    fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    fn text(&self, r: usize, name: &str) -> &str {
        self.col(name).map_or("", |j| self.rows[r][j].as_str())
    }

    fn number(&self, r: usize, name: &str) -> Option<f64> {
        let s = self.text(r, name);
        (!s.is_empty() && s != "NA")
            .then(|| s.parse().unwrap_or_else(|e| panic!("{name}: {s}: {e}")))
    }

    fn units(&self) -> Vec<String> {
        (0..self.rows.len())
            .map(|r| self.text(r, "uCode").to_owned())
            .collect()
    }

    /// The columns `codes` as a matrix of the table's units.
    fn matrix(&self, codes: &[String]) -> Matrix {
        let cols = codes
            .iter()
            .map(|c| (0..self.rows.len()).map(|r| self.number(r, c)).collect())
            .collect();
        Matrix::from_columns(self.units(), codes.iter().cloned(), cols).unwrap()
    }
}

/// The framework of an iMeta table (Indicator and Aggregate rows; goalposts when given).
fn framework(meta: &Table) -> Framework {
    let rows: Vec<FrameworkRow> = (0..meta.rows.len())
        .filter(|&r| matches!(meta.text(r, "Type"), "Indicator" | "Aggregate"))
        .map(|r| {
            let text = |c| {
                Some(meta.text(r, c))
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
            };
            let goalposts = match (
                meta.number(r, "goalpost_lower"),
                meta.number(r, "goalpost_upper"),
            ) {
                (Some(lo), Some(hi)) => Some((lo, hi)),
                _ => None,
            };
            FrameworkRow {
                level: meta.number(r, "Level").unwrap() as u32,
                code: meta.text(r, "iCode").to_owned(),
                direction: meta.number(r, "Direction").unwrap_or(1.0) as i8,
                weight: meta.number(r, "Weight").unwrap(),
                parent: text("Parent"),
                node_type: meta.text(r, "Type").parse::<NodeType>().unwrap(),
                denominator: text("Denominator"),
                target: meta.number(r, "Target"),
                goalposts,
            }
        })
        .collect();
    Framework::from_rows(&rows).unwrap()
}

/// Runs `config` with the JSON specification `spec` (and weights over iMeta's).
fn run(config: &str, spec: &str, weights: Option<&[(&str, f64)]>) -> (Pipeline, Framework) {
    let d = dir();
    let data = Table::read(&d.join("inputs/iData.csv"));
    let own = d.join(config).join("iMeta.csv");
    let meta_path = if own.is_file() {
        own
    } else {
        d.join("inputs/iMeta.csv")
    };
    let meta = Table::read(&meta_path);
    let mut fw = framework(&meta);
    if let Some(w) = weights {
        fw = fw.with_weights(w).unwrap();
    }
    let codes: Vec<String> = fw
        .indicator_codes()
        .into_iter()
        .map(str::to_owned)
        .collect();
    let dens: Vec<String> = ["Area", "Energy", "GDP", "Population"]
        .map(String::from)
        .to_vec();
    let groups: Vec<String> = (0..data.rows.len())
        .map(|r| data.text(r, "EurAsia_group").to_owned())
        .collect();
    let spec = PipelineSpec::from_json(spec, Some(groups)).unwrap();
    let p = pipeline(&data.matrix(&codes), Some(&data.matrix(&dens)), &fw, &spec)
        .unwrap_or_else(|e| panic!("{config}: {e}"));
    (p, fw)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// Every cell of `ours` equals COINr's data set `name` of `config` (same units and codes).
fn check_stage(config: &str, name: &str, ours: &Matrix) {
    let reference = Table::read(&dir().join(config).join(format!("{name}.csv")));
    let units = reference.units();
    assert_eq!(
        {
            let mut u = ours.units().to_vec();
            u.sort();
            u
        },
        units,
        "{config}/{name}: units"
    );
    let mut checked = 0;
    for code in ours.codes() {
        let col = ours.column(code).unwrap();
        for (r, u) in units.iter().enumerate() {
            let i = ours.units().iter().position(|x| x == u).unwrap();
            let (a, b) = (col[i], reference.number(r, code));
            match (a, b) {
                (Some(a), Some(b)) => {
                    assert!(close(a, b), "{config}/{name} {u} {code}: {a} vs {b}")
                }
                (None, None) => {}
                _ => panic!("{config}/{name} {u} {code}: {a:?} vs {b:?}"),
            }
            checked += 1;
        }
    }
    assert!(checked > 0, "{config}/{name}: nothing compared");
}

/// Ranks of every aggregate equal COINr's `ranks.csv`.
fn check_ranks(config: &str, p: &Pipeline) {
    let reference = Table::read(&dir().join(config).join("ranks.csv"));
    let units = p.aggregated.units();
    for (code, ranks) in &p.ranks {
        for (r, u) in reference.units().iter().enumerate() {
            let i = units.iter().position(|x| x == u).unwrap();
            let want = reference.number(r, code).map(|v| v as u32);
            assert_eq!(ranks[i], want, "{config} ranks {u} {code}");
        }
    }
}

fn check_all(config: &str, p: &Pipeline, stages: &[&str]) {
    for &s in stages {
        let m = match s {
            "Denominated" => &p.denominated,
            "Imputed" => &p.imputed.data,
            "Screened" => &p.screened.data,
            "Treated" => &p.treated.data,
            "Normalised" => &p.normalised,
            "Aggregated" => &p.aggregated,
            _ => unreachable!(),
        };
        check_stage(config, s, m);
    }
    check_ranks(config, p);
}

const DEFAULT: &str = r#"{"imputation": "i_mean_grp", "screen": {"dat_thresh": 0.9, "rule": "byNA"},
    "treatment": {"winmax": 5}, "normalisation": {"method": "n_minmax", "lo": 0, "hi": 100},
    "aggregation": "a_amean", "rank_decimals": null}"#;

#[test]
fn default_build() {
    let (p, _) = run("default", DEFAULT, None);
    assert!(p.screened.removed.is_empty());
    check_all(
        "default",
        &p,
        &[
            "Denominated",
            "Imputed",
            "Screened",
            "Treated",
            "Normalised",
            "Aggregated",
        ],
    );
}

#[test]
fn zscore_with_geometric_mean() {
    let spec = r#"{"treatment": {"winmax": 5}, "normalisation": {"method": "zscore", "mean": 10,
        "sd": 2}, "aggregation": "geom_mean", "rank_decimals": null}"#;
    let (p, _) = run("zscore_geom", spec, None);
    check_all(
        "zscore_geom",
        &p,
        &["Denominated", "Treated", "Normalised", "Aggregated"],
    );
}

#[test]
fn rank_with_harmonic_mean_after_median_imputation() {
    let spec = r#"{"imputation": "median", "treatment": false, "normalisation": "rank",
        "aggregation": "harm_mean", "rank_decimals": null}"#;
    let (p, _) = run("rank_harm", spec, None);
    check_all(
        "rank_harm",
        &p,
        &["Denominated", "Imputed", "Normalised", "Aggregated"],
    );
}

#[test]
fn changed_weights() {
    let reference = Table::read(&dir().join("weights").join("weights.csv"));
    let w: Vec<(String, f64)> = (0..reference.rows.len())
        .map(|r| {
            (
                reference.text(r, "iCode").to_owned(),
                reference.number(r, "Weight").unwrap(),
            )
        })
        .collect();
    let w: Vec<(&str, f64)> = w.iter().map(|(c, v)| (c.as_str(), *v)).collect();
    let (p, fw) = run("weights", DEFAULT, Some(&w));
    // The weights differ from iMeta's: pillars 1, 2, 3...; the first three indicators 2.
    let weights: HashMap<&str, f64> = fw
        .nodes()
        .iter()
        .map(|n| (n.code.as_str(), n.weight))
        .collect();
    assert_eq!(weights["LPI"], 2.0);
    check_all("weights", &p, &["Treated", "Normalised", "Aggregated"]);
}

#[test]
fn distance_to_target_capped() {
    let spec = r#"{"imputation": "mean", "treatment": {"winmax": 5},
        "normalisation": {"method": "dist2targ", "cap_max": true}, "rank_decimals": null}"#;
    let (p, _) = run("dist2targ", spec, None);
    check_all(
        "dist2targ",
        &p,
        &[
            "Denominated",
            "Imputed",
            "Treated",
            "Normalised",
            "Aggregated",
        ],
    );
}

#[test]
fn log_fallback_with_individual_treatment() {
    let spec = r#"{"treatment": {"winmax": 1, "f2": "log_CT"},
        "treatment_by": {"Services": false, "Bord": {"winmax": 3}},
        "normalisation": {"method": "minmax", "lo": 0, "hi": 100}, "rank_decimals": null}"#;
    let (p, _) = run("log_fallback", spec, None);
    let logged = p.treated.reports.iter().filter(|r| r.log_applied()).count();
    assert_eq!(logged, 9, "COINr applies log_CT to 9 indicators");
    check_all(
        "log_fallback",
        &p,
        &["Denominated", "Treated", "Normalised", "Aggregated"],
    );
}

#[test]
fn goalposts_with_individual_truncation_after_median_imputation() {
    let untruncated = r#"{"method": "goalposts", "scale": 100, "truncate": false}"#;
    let spec = format!(
        r#"{{"imputation": "i_median", "treatment": false,
        "normalisation": {{"method": "goalposts", "scale": 100, "truncate": true}},
        "normalisation_by": {{"LPI": {untruncated}, "Goods": {untruncated}, "Renew": {untruncated}}},
        "rank_decimals": null}}"#
    );
    let (p, _) = run("goalposts_median", &spec, None);
    check_all(
        "goalposts_median",
        &p,
        &["Denominated", "Imputed", "Normalised", "Aggregated"],
    );
}

/// COINr's vignette specification: Winsorisation limit 1–5, min-max onto [1, 100] or z-score
/// (10, 2), level-2 and level-3 weights ±25 %, arithmetic or geometric mean.
const VIGNETTE: &str = r#"{"replications": 10000, "seed": 1, "weight_noise": 0.25,
    "weight_levels": [2, 3],
    "treatments": [{"winmax": 1}, {"winmax": 2}, {"winmax": 3}, {"winmax": 4}, {"winmax": 5}],
    "normalisations": [{"method": "minmax", "lo": 1, "hi": 100},
                       {"method": "zscore", "mean": 10, "sd": 2}],
    "aggregations": ["a_amean", "a_gmean"]}"#;

/// Rank statistics of the vignette's uncertainty analysis against COINr's (N = 500) within
/// Monte Carlo error. How it is judged: the nominal ranks are equal; each unit's mean rank
/// differs from COINr's by at most 4 standard errors of the difference (the sd of each run's
/// ranks over √N, COINr's from its own 500 replications); the median and the 5 % and 95 %
/// ranks by at most one place plus 4 standard errors of a quantile (≈ 1.25 sd/√500 for
/// COINr's, ours being 20 times larger). COINr draws its discrete choices by cutting the
/// observed range of uniform numbers and its weights from 100 pre-drawn sets: the same
/// distributions up to that coarseness.
#[test]
fn vignette_uncertainty_matches_coinr_rank_statistics() {
    use chitieu::composite::{monte_carlo, UncertaintySpec};
    let (p, fw) = run("default", DEFAULT, None);
    let spec = UncertaintySpec::from_json(VIGNETTE, DEFAULT).unwrap();
    let u = monte_carlo(&p.screened.data, &fw, &spec).unwrap();
    let coinr = Table::read(&dir().join("uncertainty/rank_stats.csv"));
    let runs = Table::read(&dir().join("uncertainty/ua_index_ranks.csv"));
    let sd = |xs: &[f64]| {
        let m = xs.iter().sum::<f64>() / xs.len() as f64;
        (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (xs.len() as f64 - 1.0)).sqrt()
    };
    let ours = u.rank_stats();
    for (r, unit) in coinr.units().iter().enumerate() {
        let i = u.units().iter().position(|x| x == unit).unwrap();
        let s = &ours[i];
        assert_eq!(
            s.nominal.map(f64::from),
            coinr.number(r, "Nominal"),
            "{unit} nominal"
        );
        let theirs: Vec<f64> = runs.header[2..]
            .iter()
            .filter_map(|c| runs.number(runs.units().iter().position(|x| x == unit).unwrap(), c))
            .collect();
        let own: Vec<f64> = (0..u.replications())
            .filter_map(|k| u.ranks(k)[i].map(f64::from))
            .collect();
        let (sd_c, sd_o) = (sd(&theirs), sd(&own));
        let se_mean = (sd_c.powi(2) / theirs.len() as f64 + sd_o.powi(2) / own.len() as f64).sqrt();
        let mean_c = coinr.number(r, "Mean").unwrap();
        assert!(
            (s.mean.unwrap() - mean_c).abs() <= 4.0 * se_mean + 1e-9,
            "{unit}: mean rank {} vs COINr {mean_c} (se {se_mean})",
            s.mean.unwrap()
        );
        let tol_q = 1.0 + 4.0 * 1.25 * sd_c / (theirs.len() as f64).sqrt();
        for (ours_q, name) in [(s.median, "Median"), (s.q05, "Q5"), (s.q95, "Q95")] {
            let c = coinr.number(r, name).unwrap();
            assert!(
                (ours_q.unwrap() - c).abs() <= tol_q,
                "{unit}: {name} {} vs COINr {c} (tolerance {tol_q})",
                ours_q.unwrap()
            );
        }
    }
}

/// Sobol indices of the vignette specification against COINr's (N = 100, 100 bootstrap
/// resamples): ours, from N = 2,000, lie within COINr's 90 % bootstrap interval widened by
/// half its width on each side (COINr's own estimate at N = 100 is that uncertain), and both
/// agree that the aggregation has the largest total effect.
#[test]
fn vignette_sobol_indices_match_coinr_within_its_intervals() {
    use chitieu::composite::{sobol, UncertainInput, UncertaintySpec};
    let (p, fw) = run("default", DEFAULT, None);
    let json = VIGNETTE.replace("10000", "2000");
    let spec = UncertaintySpec::from_json(&json, DEFAULT).unwrap();
    let s = sobol(&p.screened.data, &fw, &spec, 200).unwrap();
    let coinr = Table::read(&dir().join("uncertainty/sobol.csv"));
    let name = |i: &UncertainInput| match i {
        UncertainInput::Weights => "Weights",
        UncertainInput::Normalisation => "Normalisation",
        UncertainInput::Aggregation => "Aggregation",
        UncertainInput::Treatment => "Winmax",
        other => panic!("unexpected input {other}"),
    };
    assert_eq!(s.indices.len(), 4);
    for index in &s.indices {
        let r = (0..coinr.rows.len())
            .find(|&r| coinr.text(r, "Variable") == name(&index.input))
            .unwrap();
        for (ours, est, lo, hi) in [
            (index.first, "Si", "Si_q5", "Si_q95"),
            (index.total, "STi", "STi_q5", "STi_q95"),
        ] {
            let (lo, hi) = (coinr.number(r, lo).unwrap(), coinr.number(r, hi).unwrap());
            let half = (hi - lo) / 2.0;
            assert!(
                (lo - half..=hi + half).contains(&ours),
                "{}: {est} {ours} outside COINr's widened interval {lo}..{hi} (estimate {})",
                name(&index.input),
                coinr.number(r, est).unwrap()
            );
        }
        let (lo, hi) = index.total_interval.unwrap();
        assert!(lo <= index.total && index.total <= hi);
    }
    let largest = s
        .indices
        .iter()
        .max_by(|a, b| a.total.total_cmp(&b.total))
        .unwrap();
    assert_eq!(largest.input, UncertainInput::Aggregation);
}
