//! Target sets: the quantified (and qualitative) targets of a plan, as cited data.
//!
//! A target set is a TOML file: the plan's metadata (issuer, document number, date, what it
//! implements, scope) and `[[targets]]`, each with an indicator of the catalog, a kind with
//! its parameters, a horizon, and the clause it comes from quoted in Vietnamese with an
//! English rendering. The sets of the five seed plans and of the national frameworks
//! (Decision 569/QĐ-TTg, Resolution 57-NQ/TW) ship inside the crate (`targets/*.toml`).
//!
//! Loading validates everything and reports every problem at once, each with the file, the
//! line of the target's table and the field: unknown indicator (with a suggestion), unknown
//! kind, missing or unused parameters, a horizon not after the baseline, `lo > hi`, top-k
//! larger than its group...
//!
//! ```
//! use chitieu::targets::{TargetSet, TargetKind};
//! let set = TargetSet::builtin("lai-chau-69-kl-tw-2024")?;
//! let tfp = set.targets.iter().find(|t| t.indicator.as_deref() == Some("tfp_contribution_5y")).unwrap();
//! assert_eq!(tfp.kind, TargetKind::AtLeast { value: 37.6 });
//! assert_eq!(tfp.horizon, 2030);
//! # Ok::<(), chitieu::targets::TargetErrors>(())
//! ```

mod describe;
pub use describe::Bilingual;
mod error;
mod kind;
mod set;
mod toml;
mod validate;

pub use error::{TargetError, TargetErrors};
pub use kind::{Group, RelativeChange, TargetKind, UnknownGroup};
pub use set::{Citation, Provenance, Scope, Target, TargetSet};

#[cfg(test)]
mod tests;
