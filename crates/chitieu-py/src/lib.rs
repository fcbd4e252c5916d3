//! Python bindings of chitieu: convert arguments, call the core, map errors. No logic here.

use pyo3::prelude::*;

mod catalog;
mod composite;
mod errors;
mod expressions;
mod growth;
mod labels;
mod observations;
mod progress;
mod report;
mod score;
mod targets;
mod units;

/// mimalloc serves every allocation of the extension: scoring allocates many small values on
/// worker threads, where glibc's malloc was a tenth of the time (benches/README.md). Memory
/// handed to Python polars is freed through the Arrow release callbacks, here.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Calls on tables of at least this many rows return their freed memory to the system (see
/// [`release_freed_memory`]); smaller ones leave it with the allocator for the next call. A
/// call that gives its memory back makes the next one touch fresh pages, which the kernel
/// zeroes: measured at 10⁶ rows, repeated calls took 122–129 ms keeping it and 142–152 ms
/// returning it, while such a call holds about 150 MB; at 10⁷ rows a call holds about 750 MB.
const RELEASE_FROM_ROWS: usize = 2_000_000;

/// Returns the memory freed by a call on a table of `rows` rows to the system, when the table
/// is large ([`RELEASE_FROM_ROWS`]), on the calling thread and every thread of the pool
/// chitieu scores on (mimalloc keeps freed pages per thread for reuse; a notebook would
/// otherwise keep the peak of its largest scoring run). Threads of polars' own pool keep
/// theirs until mimalloc purges them.
pub(crate) fn release_freed_memory(rows: usize) {
    if rows < RELEASE_FROM_ROWS {
        return;
    }
    // SAFETY: `mi_collect` only frees memory that no live allocation uses; it has no
    // preconditions.
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// The native module `chitieu._chitieu`; the `chitieu` package re-exports it.
#[pymodule]
fn _chitieu(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;
    m.add_function(wrap_pyfunction!(observations::validate_observations, m)?)?;
    m.add_class::<progress::PyStatus>()?;
    m.add_class::<progress::PyProgress>()?;
    m.add_function(wrap_pyfunction!(progress::progress, m)?)?;
    m.add_function(wrap_pyfunction!(progress::projection_path, m)?)?;
    m.add_function(wrap_pyfunction!(catalog::catalog_frame, m)?)?;
    m.add_function(wrap_pyfunction!(catalog::components_frame, m)?)?;
    m.add_function(wrap_pyfunction!(catalog::indicator, m)?)?;
    m.add_function(wrap_pyfunction!(catalog::derive, m)?)?;
    m.add_function(wrap_pyfunction!(growth::tfp_table, m)?)?;
    m.add_function(wrap_pyfunction!(growth::tfp_sensitivity, m)?)?;
    m.add_function(wrap_pyfunction!(targets::target_sets_frame, m)?)?;
    m.add_class::<targets::PyTargetSet>()?;
    m.add_function(wrap_pyfunction!(units::units_frame, m)?)?;
    m.add_function(wrap_pyfunction!(units::regions_frame, m)?)?;
    m.add_function(wrap_pyfunction!(units::to_post_reform, m)?)?;
    m.add_function(wrap_pyfunction!(units::rank, m)?)?;
    m.add_function(wrap_pyfunction!(score::score_frames, m)?)?;
    m.add_function(wrap_pyfunction!(score::sustained_growth_rows, m)?)?;
    m.add_function(wrap_pyfunction!(score::place_within, m)?)?;
    m.add_function(wrap_pyfunction!(score::feasibility, m)?)?;
    m.add_class::<score::PyRates>()?;
    m.add_function(wrap_pyfunction!(composite::composite_run, m)?)?;
    m.add_function(wrap_pyfunction!(composite::composite_uncertainty, m)?)?;
    m.add_class::<composite::PyUncertainty>()?;
    m.add_function(wrap_pyfunction!(composite::composite_sobol, m)?)?;
    m.add_function(wrap_pyfunction!(units::unit_id_for_name, m)?)?;
    m.add_function(wrap_pyfunction!(units::region_id, m)?)?;
    m.add_function(wrap_pyfunction!(units::region_members, m)?)?;
    m.add_function(wrap_pyfunction!(units::group_members, m)?)?;
    m.add_function(wrap_pyfunction!(units::resolve_unit, m)?)?;
    m.add_function(wrap_pyfunction!(units::resolve_region, m)?)?;
    m.add_function(wrap_pyfunction!(report::scorecard_html, m)?)?;
    m.add_function(wrap_pyfunction!(report::scorecard_narrative, m)?)?;
    m.add_function(wrap_pyfunction!(report::scorecard_xlsx, m)?)?;
    m.add_function(wrap_pyfunction!(report::statuses_frame, m)?)?;
    m.add_function(wrap_pyfunction!(labels::headings, m)?)?;
    m.add_function(wrap_pyfunction!(labels::pick_label, m)?)?;
    m.add_function(wrap_pyfunction!(labels::target_phrase, m)?)?;
    m.add_function(wrap_pyfunction!(labels::format_number, m)?)?;
    m.add_function(wrap_pyfunction!(labels::format_date, m)?)?;
    Ok(())
}
