//! Times the phases of a batch scoring run, to profile it (e.g. under `perf record`):
//! reading the table (DataFrame → validated columnar table), scoring into the scorecard and
//! summary frames (in parts, as the Python extension does), and freeing the results. Each
//! phase is run `repeat` times and the best time is printed, with each phase's peak memory
//! over the loaded table (freed memory is returned to the system between phases, as the
//! extension does for tables of 2 million rows or more; here always, so that each phase's
//! peak is its own).
//!
//! ```text
//! cargo run --release -p chitieu-cli --example phases -- PANEL.parquet TARGETS.toml \
//!     [UNITS.parquet] [--repeat N]
//! ```
//!
//! `PANEL.parquet` is a long table (`unit_id, indicator, year, value`), `UNITS.parquet` a
//! `unit_id` column of the units to score every target on (else each set's own scope).
//! `benches/score_bench.py --keep DIR` writes both for its synthetic panels.

use std::error::Error;
use std::fs::File;
use std::time::Instant;

use chitieu::catalog::Catalog;
use chitieu::frame::{observations_from_frame, scorecard_frames};
use chitieu::score::{Run, ScoreOptions};
use chitieu::targets::TargetSet;
use polars::prelude::*;

/// As the command line and the Python extension.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut repeat = 3;
    if let Some(i) = args.iter().position(|a| a == "--repeat") {
        repeat = args.get(i + 1).ok_or("--repeat needs a number")?.parse()?;
        args.drain(i..i + 2);
    }
    let [panel, targets, rest @ ..] = args.as_slice() else {
        return Err("usage: phases PANEL.parquet TARGETS.toml [UNITS.parquet] [--repeat N]".into());
    };
    let df = ParquetReader::new(File::open(panel)?).finish()?;
    let units = match rest.first() {
        Some(path) => {
            let units = ParquetReader::new(File::open(path)?).finish()?;
            let ids = units.column("unit_id")?.str()?;
            Some(ids.iter().flatten().map(str::to_owned).collect())
        }
        None => None,
    };
    let catalog = Catalog::builtin();
    let set = TargetSet::from_toml(&std::fs::read_to_string(targets)?, targets, catalog)?;
    let options = ScoreOptions {
        units,
        ..ScoreOptions::default()
    };
    let (loaded, _) = memory();
    let mut best = [f64::MAX; 3];
    for _ in 0..repeat {
        let mut times = [0.0; 3];
        reset_peak();
        let t = Instant::now();
        let obs = observations_from_frame(&df)?;
        times[0] = t.elapsed().as_secs_f64();
        let read_peak = memory().1;
        // As the Python extension on large tables: the reading's scratch goes back first.
        release_freed_memory();
        let after_read = memory().0;
        reset_peak();
        let t = Instant::now();
        let sets = std::slice::from_ref(&set);
        let (card, summary) = scorecard_frames(&Run::new(&obs, sets, catalog, &options)?)?;
        times[1] = t.elapsed().as_secs_f64();
        let score_peak = memory().1;
        release_freed_memory();
        let after_score = memory().0;
        let t = Instant::now();
        drop((obs, card, summary));
        times[2] = t.elapsed().as_secs_f64();
        release_freed_memory();
        println!(
            "memory over the loaded table (MB): reading peak +{:.0}, table +{:.0}; \
             scoring peak +{:.0}, table and frames +{:.0}",
            read_peak - loaded,
            after_read - loaded,
            score_peak - loaded,
            after_score - loaded,
        );
        for (b, t) in best.iter_mut().zip(times) {
            *b = b.min(t);
        }
    }
    let names = ["read", "score and frames", "free"];
    let phases: Vec<String> = names
        .iter()
        .zip(best)
        .map(|(n, t)| format!("{n} {t:.3} s"))
        .collect();
    println!(
        "{} rows, best of {repeat}: {} (sum {:.3} s)",
        df.height(),
        phases.join(", "),
        best.iter().sum::<f64>()
    );
    Ok(())
}

/// Returns freed memory to the system on every thread of the pool (the extension's
/// `release_freed_memory`, without its threshold).
fn release_freed_memory() {
    // SAFETY: `mi_collect` only frees memory that no live allocation uses.
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
}

/// Resets the peak resident memory (`VmHWM`) to the current one, so that each phase's peak
/// is its own (Linux; elsewhere the peaks are the process's).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// This process's resident and peak resident memory in MB (`VmRSS`, `VmHWM`; 0 where
/// `/proc` is not there).
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}
