//! Problems found in a target set, each naming file, line, target and field.

use std::fmt;

use serde::Serialize;

/// One problem in a target-set file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{file}{}{}{}: {message}",
    line.map_or(String::new(), |l| format!(":{l}")),
    target.as_ref().map_or(String::new(), |t| format!(" target '{t}'")),
    field.map_or(String::new(), |f| format!(" field '{f}'")))]
pub struct TargetError {
    /// File name (or `<string>`).
    pub file: String,
    /// 1-based line of the target's table (or of a parse error).
    pub line: Option<usize>,
    /// Target id.
    pub target: Option<String>,
    /// Field.
    pub field: Option<&'static str>,
    /// What is wrong.
    pub message: String,
}

/// Every problem found in a target-set file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct TargetErrors {
    pub(super) errors: Vec<TargetError>,
}

impl TargetErrors {
    /// The problems, in file order.
    pub fn errors(&self) -> &[TargetError] {
        &self.errors
    }
}

impl fmt::Display for TargetErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors.len();
        write!(
            f,
            "{n} error{} in target sets",
            if n == 1 { "" } else { "s" }
        )?;
        for e in &self.errors {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

pub(super) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}
