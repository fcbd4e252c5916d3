//! # chitieu: indicators, targets and attainment for Vietnam's S&T&I plans
//!
//! *Chỉ tiêu* means "target, indicator". This crate is the engine behind the `chitieu` Python
//! package: it validates long observation tables, and measures the progress of a series
//! towards a target with the Statistics Canada / Open SDG method (compound annual growth
//! rates, the ratio `R`, status classes and a score from −5 to 5).
//!
//! The algorithms take plain Rust values and slices; the `polars` feature adds DataFrame
//! in/out for the same functions.
//!
//! ```
//! use chitieu::{progress, Direction, Goal, ProgressOptions, Status};
//!
//! // S&T&I spending share of the local budget (%), 2015..2023, target 2% by 2030.
//! let years = [2015, 2019, 2023];
//! let values = [Some(1.2), Some(1.4), Some(1.6)];
//! let p = progress(&years, &values, Goal::target(2.0, 2030), Direction::Increase,
//!                  &ProgressOptions::default())?;
//! assert_eq!(p.status, Status::OnTrack);
//! assert!((p.ratio.unwrap() - 1.056957).abs() < 1e-6);
//! # Ok::<(), chitieu::Error>(())
//! ```

pub mod catalog;
pub mod composite;
pub mod crosswalk;
pub mod derive;
pub mod error;
pub mod feasibility;
#[cfg(feature = "polars")]
pub mod frame;
pub mod growth;
pub mod observations;
pub mod progress;
pub mod projection;
pub mod ranking;
pub mod registry;
pub mod report;
pub mod score;
pub mod targets;
pub mod tfp;
pub mod vocabulary;

pub use error::Error;
pub use observations::{
    ErrorCategory, FieldError, FieldErrorKind, KeyColumn, Location, Observation, ObservationRef,
    Observations, SeriesRef, ValidationErrors, YEAR_RANGE,
};
pub use progress::{
    progress, Direction, Goal, Method, Point, Progress, ProgressError, ProgressOptions, Status,
    Unassessable,
};
pub use vocabulary::labels;

/// The Rust examples of README.md, compiled and run as doc tests.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
