//! Composite indices in the manner of the R package COINr: a framework (a tree of indicators and
//! aggregates), the stages denominate → impute → treat → normalise → aggregate → rank, and a
//! seeded Monte Carlo analysis of how uncertain the ranks are (docs/methods.md §6).
//!
//! Conventions (each checked against COINr's ASEM coin in `tests/reference/coinr-asem`):
//!
//! * **Data** is a [`Matrix`]: units (rows) × codes (columns), `None` = NA. Values must be
//!   finite; NaN and ±∞ are rejected when the matrix is built.
//! * **Framework** ([`Framework::from_rows`]): rows like COINr's `iMeta` (Level, iCode,
//!   Direction, Weight, Parent, Type, plus the optional Denominator, Target and goalposts).
//!   Indicators are at level 1, each aggregate sits at a higher level than its children, and one
//!   aggregate without parent is the index. Every problem is collected ([`FrameworkProblem`]).
//! * **Denominate** ([`denominate`]): `x / d` where the framework names a denominator column.
//! * **Impute** ([`impute`]): none, the indicator's mean, or the mean within the unit's group
//!   (COINr6 `ind_mean` / `indgroup_mean`); means are over the non-missing values before imputing.
//! * **Treat** ([`treat`]): COINr6's default outlier treatment. While |skew| > `t_skew` **and**
//!   kurtosis > `t_kurt` (e1071 type-2 estimators, [`skewness`], [`kurtosis`]) and fewer than
//!   `winmax` steps were made (default ⌈0.1·units⌉), one Winsorisation step replaces every value
//!   equal to the maximum (skew ≥ 0) or the minimum (skew < 0) by the next value. If the thresholds
//!   are still exceeded after `winmax` steps, the *untreated* column gets the log fallback
//!   ([`LogFallback`], default COINr's `CTlog`: `ln(x − min + 0.01·(max − min))`).
//! * **Normalise** ([`normalise`]): values are multiplied by the direction (+1/−1) first, as in
//!   COINr, then a [`Normalisation`] is applied: min-max onto `[lo, hi]` (default 0–100), z-score
//!   (COINr default mean 0, sd 1), rank, percent rank, distance to target, goalposts.
//! * **Aggregate** ([`aggregate`]): level by level, each aggregate is the weighted arithmetic,
//!   geometric or harmonic mean of its **direct children** ([`Aggregation`]). Missing children are
//!   skipped and the weights of the others renormalised (COINr's `a_amean`/`a_gmean`/`a_hmean`).
//! * **Rank** ([`rank_scores`]): 1 = highest score, ties share the best rank of their block
//!   ("min": 1, 2, 2, 4), optionally after rounding the scores to `d` decimals (COINr's
//!   published ranks use 2).
//! * **Uncertainty** ([`monte_carlo`]): weights perturbed uniformly within ±p %, the
//!   normalisation and the aggregation drawn from lists, the index recomputed from the treated
//!   data and ranked at full precision; median, 5th and 95th percentile ranks, `P(rank ≤ k)`
//!   within a group and first-order sensitivity indices ([`Uncertainty`]).
//!
//! ```
//! use chitieu::composite::{pipeline, Framework, FrameworkRow, Imputation, Matrix, PipelineSpec};
//!
//! let fw = Framework::from_rows(&[
//!     FrameworkRow::indicator("a", "P1", 1.0, 1),
//!     FrameworkRow::indicator("b", "P1", 1.0, -1), // lower is better
//!     FrameworkRow::indicator("c", "P2", 1.0, 1),
//!     FrameworkRow::aggregate("P1", 2, Some("Index"), 1.0),
//!     FrameworkRow::aggregate("P2", 2, Some("Index"), 1.0),
//!     FrameworkRow::aggregate("Index", 3, None, 1.0),
//! ])?;
//! let raw = Matrix::from_rows(["u1", "u2", "u3"], ["a", "b", "c"], &[
//!     vec![Some(1.0), Some(10.0), Some(5.0)],
//!     vec![Some(2.0), Some(30.0), None],
//!     vec![Some(4.0), Some(20.0), Some(7.0)],
//! ])?;
//! let spec = PipelineSpec { imputation: Imputation::IndicatorMean, ..Default::default() };
//! let p = pipeline(&raw, None, &fw, &spec)?;
//! assert_eq!(p.imputed.n_imputed, 1); // c of u2 = (5 + 7) / 2
//! let index = p.aggregated.column("Index").unwrap();
//! assert!((index[0].unwrap() - 25.0).abs() < 1e-12); // (mean(0, 100) + 0) / 2
//! assert_eq!(p.rank_of("Index").unwrap(), [Some(3), Some(2), Some(1)]);
//! # Ok::<(), chitieu::composite::CompositeError>(())
//! ```

mod aggregate;
mod denominate;
mod design;
mod error;
mod framework;
mod impute;
mod matrix;
mod normalise;
mod pipeline;
mod rank;
mod rng;
mod screen;
mod sobol;
mod spec;
mod stats;
mod treat;
mod uncertainty;

pub use aggregate::{aggregate, AggregateOptions, Aggregation};
pub use denominate::denominate;
pub use error::{CompositeError, FrameworkProblem};
pub use framework::{Framework, FrameworkRow, Node, NodeType, Polarity};
pub use impute::{impute, Imputation, Imputed};
pub use matrix::Matrix;
pub use normalise::{normalise, normalise_by, normalise_values, Normalisation, Ties};
pub use pipeline::{pipeline, Pipeline, PipelineSpec};
pub use rank::{rank_scores, round_decimals};
pub use rng::Xoshiro256;
pub use screen::{screen, ScreenOptions, ScreenRule, Screened};
pub use sobol::{sobol, Sobol, SobolIndex};
pub use stats::{kurtosis, skewness};
pub use treat::{
    treat, treat_by, LogFallback, TreatFlag, TreatOptions, TreatOutcome, TreatReport, Treated,
};
pub use uncertainty::{
    monte_carlo, NominalChoice, RankStats, Sensitivity, UncertainInput, Uncertainty,
    UncertaintySpec, MAX_RANK_CELLS, MAX_REPLICATIONS,
};
