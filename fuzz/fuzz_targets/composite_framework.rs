//! Composite frameworks and data: any rows (levels, codes, parents, weights, directions,
//! types) and any small matrix are built and run through the COINr pipeline and a short Monte
//! Carlo analysis, or refused with an error; nothing panics, and every rank is 1..n.
#![no_main]

use chitieu::composite::{
    monte_carlo, pipeline, sobol, AggregateOptions, Aggregation, Framework, FrameworkRow,
    Imputation, Matrix, NodeType, Normalisation, PipelineSpec, ScreenOptions, Ties,
    UncertaintySpec,
};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

const CODES: [&str; 6] = ["a", "b", "c", "P1", "P2", "Index"];

#[derive(Arbitrary, Debug)]
struct Row {
    level: u8,
    code: u8,
    parent: Option<u8>,
    weight: f64,
    direction: i8,
    aggregate: bool,
    target: Option<f64>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    rows: Vec<Row>,
    values: Vec<Option<f64>>,
    units: u8,
    normalisation: u8,
    aggregation: u8,
    min_share: Option<f64>,
    replications: u8,
    weight_noise: f64,
}

fuzz_target!(|input: Input| {
    let rows: Vec<FrameworkRow> = input
        .rows
        .iter()
        .take(12)
        .map(|r| FrameworkRow {
            level: u32::from(r.level % 4),
            code: CODES[r.code as usize % CODES.len()].to_owned(),
            direction: r.direction,
            weight: r.weight,
            parent: r.parent.map(|p| CODES[p as usize % CODES.len()].to_owned()),
            node_type: if r.aggregate {
                NodeType::Aggregate
            } else {
                NodeType::Indicator
            },
            denominator: None,
            target: r.target,
            goalposts: None,
        })
        .collect();
    let Ok(framework) = Framework::from_rows(&rows) else {
        return;
    };
    let units: Vec<String> = (0..(input.units % 6) + 1)
        .map(|u| format!("u{u}"))
        .collect();
    let codes = framework.indicator_codes();
    let columns: Vec<Vec<Option<f64>>> = codes
        .iter()
        .enumerate()
        .map(|(j, _)| {
            (0..units.len())
                .map(|i| input.values.get(j * units.len() + i).copied().flatten())
                .collect()
        })
        .collect();
    let codes: Vec<String> = codes.iter().map(|c| (*c).to_owned()).collect();
    let Ok(raw) = Matrix::from_columns(units.clone(), codes, columns) else {
        return;
    };
    let normalisation = match input.normalisation % 9 {
        0 => Normalisation::default(),
        1 => Normalisation::ZScore {
            mean: 10.0,
            sd: 2.0,
        },
        2 => Normalisation::PercentRank,
        3 => Normalisation::Rank { ties: Ties::Min },
        4 => Normalisation::Rank {
            ties: Ties::Average,
        },
        5 => Normalisation::DistToTarget { cap: true },
        6 => Normalisation::Goalposts {
            scale: 100.0,
            truncate: input.normalisation % 2 == 0,
        },
        7 => Normalisation::None,
        _ => Normalisation::MinMax { lo: 1.0, hi: 100.0 },
    };
    let method = match input.aggregation % 3 {
        0 => Aggregation::Arithmetic,
        1 => Aggregation::Geometric,
        _ => Aggregation::Harmonic,
    };
    let spec = PipelineSpec {
        normalisation,
        imputation: match input.normalisation % 3 {
            0 => Imputation::None,
            1 => Imputation::IndicatorMean,
            _ => Imputation::IndicatorMedian,
        },
        screen: input.min_share.map(|s| ScreenOptions {
            dat_thresh: s.clamp(0.0, 1.0),
            ..ScreenOptions::default()
        }),
        aggregation: AggregateOptions {
            method,
            min_share: input.min_share,
        },
        ..PipelineSpec::default()
    };
    let Ok(p) = pipeline(&raw, None, &framework, &spec) else {
        return;
    };
    for (_, ranks) in &p.ranks {
        let n = ranks.len() as u32;
        assert!(
            ranks.iter().flatten().all(|r| (1..=n).contains(r)),
            "{ranks:?}"
        );
    }
    let mc = UncertaintySpec {
        replications: usize::from(input.replications % 8) + 1,
        weight_noise: input.weight_noise,
        normalisations: vec![normalisation],
        aggregations: vec![method],
        ..UncertaintySpec::default()
    };
    let _ = sobol(
        &p.treated.data,
        &framework,
        &UncertaintySpec {
            replications: usize::from(input.replications % 8) + 1,
            weight_noise: input.weight_noise,
            aggregations: vec![method, Aggregation::Arithmetic],
            ..UncertaintySpec::default()
        },
        3,
    );
    if let Ok(u) = monte_carlo(&p.treated.data, &framework, &mc) {
        for s in u.rank_stats() {
            if let (Some(lo), Some(hi)) = (s.q05, s.q95) {
                assert!(lo <= hi && lo >= 1.0 && hi <= units.len() as f64, "{s:?}");
            }
        }
    }
});
