//! Which way an indicator should move.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::VocabularyError;

/// Which way an indicator should move.
///
/// ```
/// use chitieu::Direction;
/// assert_eq!("decrease".parse::<Direction>().unwrap(), Direction::Decrease);
/// assert_eq!(Direction::Increase.sign(), 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher is better.
    Increase,
    /// Lower is better.
    Decrease,
}

impl Direction {
    /// `+1` for [`Direction::Increase`], `−1` for [`Direction::Decrease`].
    pub fn sign(self) -> f64 {
        match self {
            Self::Increase => 1.0,
            Self::Decrease => -1.0,
        }
    }

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Increase => "increase",
            Self::Decrease => "decrease",
        }
    }
}

impl FromStr for Direction {
    type Err = VocabularyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "increase" => Ok(Self::Increase),
            "decrease" => Ok(Self::Decrease),
            _ => Err(VocabularyError {
                name: "direction",
                value: s.to_owned(),
                expected: "'increase' or 'decrease'",
            }),
        }
    }
}
