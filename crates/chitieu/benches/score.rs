//! Criterion benchmarks of the Rust core: validating and sorting observation tables, and
//! scoring them against threshold, range, flow and trend targets with projections.
//!
//! `cargo bench -p chitieu --bench score` (or `make bench`). Each group has a baseline
//! measured in the same run, so the ratios mean something on a noisy machine:
//! - `observations`: already sorted input (checked in one pass) against shuffled input
//!   (sorted on every core);
//! - `score`: every core (rayon's pool) against one thread.
//!
//! Before a group is timed, what it times is checked: both tables hold exactly the generated
//! rows in key order (the generator writes them sorted), and scoring on one thread, on every
//! core and in parts ([`Run::parts`]) gives the same rows.
//!
//! The panels are synthetic (a seeded linear congruential generator): `units` communes ×
//! 4 indicators × 15 years (2011–2025), about 2% of values missing.

use chitieu::catalog::Catalog;
use chitieu::score::{score, Run, ScoreOptions};
use chitieu::targets::TargetSet;
use chitieu::{Observation, Observations};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const INDICATORS: [&str; 4] = [
    "researchers_per_10k",
    "patents_commercialised_share",
    "startup_projects_supported",
    "stinv_spending",
];

/// A seeded generator (Knuth's MMIX constants): uniform in [0, 1).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A synthetic panel of `units` units, sorted by (unit, indicator, year).
fn panel(units: usize) -> Vec<Observation> {
    let mut rng = Lcg(20_261_127);
    let mut rows = Vec::with_capacity(units * INDICATORS.len() * 15);
    let mut sorted = INDICATORS;
    sorted.sort_unstable();
    for u in 0..units {
        for ind in sorted {
            let level = 1.0 + 10.0 * rng.next();
            for (k, year) in (2011..=2025).enumerate() {
                let value =
                    (rng.next() > 0.02).then(|| level * (1.0 + 0.04 * k as f64) + rng.next());
                rows.push(Observation::new(format!("c{u:06}"), ind, year, value));
            }
        }
    }
    rows
}

/// The same rows in a scrambled order (a fixed permutation).
fn shuffled(mut rows: Vec<Observation>) -> Vec<Observation> {
    let mut rng = Lcg(7);
    for i in (1..rows.len()).rev() {
        let j = (rng.next() * (i + 1) as f64) as usize;
        rows.swap(i, j);
    }
    rows
}

fn bench_set() -> TargetSet {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../benches/bench_targets.toml"
    );
    let text = std::fs::read_to_string(path).expect("benches/bench_targets.toml");
    TargetSet::from_toml(&text, path, Catalog::builtin()).expect("a valid target set")
}

fn observations(c: &mut Criterion) {
    let mut group = c.benchmark_group("observations");
    group.sample_size(10);
    for units in [167, 1_667, 16_667] {
        let rows = panel(units);
        group.throughput(Throughput::Elements(rows.len() as u64));
        let mixed = shuffled(rows.clone());
        let from_mixed = Observations::new(mixed.clone()).expect("valid");
        assert_eq!(
            from_mixed.to_rows(),
            rows,
            "shuffled input sorted as generated"
        );
        assert_eq!(Observations::new(rows.clone()).expect("valid"), from_mixed);
        group.bench_with_input(BenchmarkId::new("sorted", rows.len()), &rows, |b, r| {
            b.iter(|| Observations::new(r.clone()).expect("valid"))
        });
        group.bench_with_input(BenchmarkId::new("shuffled", rows.len()), &mixed, |b, r| {
            b.iter(|| Observations::new(r.clone()).expect("valid"))
        });
    }
    group.finish();
}

fn scoring(c: &mut Criterion) {
    let set = [bench_set()];
    let catalog = Catalog::builtin();
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a pool");
    let mut group = c.benchmark_group("score");
    group.sample_size(10);
    for units in [167, 1_667, 16_667] {
        let obs = Observations::new(panel(units)).expect("valid");
        let options = ScoreOptions {
            units: Some((0..units).map(|u| format!("c{u:06}")).collect()),
            ..ScoreOptions::default()
        };
        let all = score(&obs, &set, catalog, &options).expect("scored");
        let one = one_thread.install(|| score(&obs, &set, catalog, &options).expect("scored"));
        let run = Run::new(&obs, &set, catalog, &options).expect("valid options");
        let parts: Vec<_> = run.parts(1_000, <[_]>::to_vec).concat();
        assert_eq!(all.len(), units * set[0].targets.len());
        assert!(
            all == one && all == parts,
            "the same rows on 1 thread, all cores, in parts"
        );
        group.throughput(Throughput::Elements(obs.len() as u64));
        group.bench_function(BenchmarkId::new("all_cores", obs.len()), |b| {
            b.iter(|| score(&obs, &set, catalog, &options).expect("scored"))
        });
        group.bench_function(BenchmarkId::new("one_thread", obs.len()), |b| {
            b.iter(|| one_thread.install(|| score(&obs, &set, catalog, &options).expect("scored")))
        });
    }
    group.finish();
}

criterion_group!(benches, observations, scoring);
criterion_main!(benches);
