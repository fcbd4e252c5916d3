//! The shared vocabulary below the algorithms: which way an indicator should move
//! ([`Direction`]), the progress status classes ([`Status`]) and the languages of the texts
//! people read ([`labels::Lang`], [`Bilingual`], [`numbers`]). Catalog, targets, progress, scoring and reports all speak it;
//! it depends on none of them.
//!
//! ```
//! use chitieu::vocabulary::{Direction, Status};
//! assert_eq!("increase".parse::<Direction>().unwrap(), Direction::Increase);
//! assert_eq!(Status::from_code("on_track"), Some(Status::OnTrack));
//! let err = "up".parse::<Direction>().unwrap_err();
//! assert_eq!(err.to_string(), "invalid direction up: expected 'increase' or 'decrease'");
//! ```

mod direction;
mod headings;
pub mod labels;
pub mod numbers;
mod status;
mod text;

pub use direction::Direction;
pub use headings::Heading;
pub use labels::{Lang, UnknownLang};
pub use status::Status;
pub use text::Bilingual;

/// A word that is not in the vocabulary (e.g. a direction other than `increase`/`decrease`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {name} {value}: expected {expected}")]
pub struct VocabularyError {
    /// What was being read (e.g. `direction`).
    pub name: &'static str,
    /// The text given.
    pub value: String,
    /// What is accepted.
    pub expected: &'static str,
}
