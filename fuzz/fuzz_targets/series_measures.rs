//! What the polars expressions compute, on any series and options: the progress measure,
//! its projections, min-max and ranks return a value or an error, never panic, and keep
//! their ranges (score in −5..5, C in 0..1, min-max in 0..100, ranks in 1..n).
#![no_main]

use chitieu::projection::{outlook, Projection};
use chitieu::ranking::{minmax, ranks, Ties};
use chitieu::{progress, Direction, Goal, ProgressOptions};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    points: Vec<(i16, Option<f64>)>,
    target: Option<f64>,
    target_year: i16,
    decrease: bool,
    strict: bool,
    base_year: Option<i16>,
    zero_replacement: f64,
    limit: Option<f64>,
    limit_scaling: Option<f64>,
    min_points: u8,
    projection: u8,
    lo: Option<f64>,
    hi: Option<f64>,
    ties: u8,
}

fuzz_target!(|x: Input| {
    let years: Vec<i32> = x
        .points
        .iter()
        .map(|p| 2000 + i32::from(p.0 % 200))
        .collect();
    let values: Vec<Option<f64>> = x.points.iter().map(|p| p.1).collect();
    let year = 2000 + i32::from(x.target_year % 200);
    let goal = match x.target {
        Some(t) if x.strict => Goal::target_strict(t, year),
        Some(t) => Goal::target(t, year),
        None => Goal::trend(year),
    };
    let direction = if x.decrease {
        Direction::Decrease
    } else {
        Direction::Increase
    };
    let options = ProgressOptions {
        base_year: x.base_year.map(|b| 2000 + i32::from(b % 200)),
        zero_replacement: x.zero_replacement,
        limit: x.limit,
        limit_scaling: x.limit_scaling,
        min_points: usize::from(x.min_points),
    };
    if let Ok(p) = progress(&years, &values, goal, direction, &options) {
        if let Some(s) = p.score {
            assert!((-5.0..=5.0).contains(&s), "score {s}");
        }
        if let Some(c) = p.limit_factor {
            assert!((0.0..=1.0).contains(&c), "C {c}");
        }
        let method = match x.projection % 3 {
            0 => Projection::Cagr,
            1 => Projection::Linear,
            _ => Projection::TimeWeighted,
        };
        let _ = outlook(&p, &years, &values, goal, direction, method);
    }
    let finite: Vec<Option<f64>> = values.iter().map(|v| v.filter(|v| v.is_finite())).collect();
    let lo = x.lo.filter(|v| v.is_finite());
    let hi = x.hi.filter(|v| v.is_finite());
    if lo.zip(hi).is_none_or(|(l, h)| l < h) {
        for v in minmax(&finite, lo, hi, direction).into_iter().flatten() {
            // Inside 0..100 when the bounds are the data's own.
            if lo.is_none() && hi.is_none() {
                assert!((-1e-9..=100.0 + 1e-9).contains(&v), "minmax {v}");
            }
        }
    }
    let ties = [Ties::Min, Ties::Max, Ties::Dense, Ties::Average][usize::from(x.ties % 4)];
    let n = finite.iter().flatten().count() as f64;
    for r in ranks(&finite, direction, ties).into_iter().flatten() {
        assert!((1.0..=n).contains(&r), "rank {r} of {n}");
    }
});
