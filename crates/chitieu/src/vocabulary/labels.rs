//! Bilingual labels: which language text shown to people is in.
//!
//! Indicator, target and status names exist in Vietnamese (with full diacritics) and English;
//! reports show one of them or both (`"Vietnamese / English"`).
//!
//! ```
//! use chitieu::labels::Lang;
//! let lang: Lang = "en".parse().unwrap();
//! assert_eq!(lang.pick("Trạng thái", "Status"), "Status");
//! assert_eq!(Lang::Both.pick("Trạng thái", "Status"), "Trạng thái / Status");
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Language of the labels people read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Vietnamese.
    Vi,
    /// English.
    En,
    /// Vietnamese, then English after a slash.
    #[default]
    Both,
}

impl Lang {
    /// The label in this language; an empty side falls back to the other.
    pub fn pick(self, vi: &str, en: &str) -> String {
        let (vi, en) = match (vi.is_empty(), en.is_empty()) {
            (true, _) => (en, en),
            (_, true) => (vi, vi),
            _ => (vi, en),
        };
        match self {
            Self::Vi => vi.to_owned(),
            Self::En => en.to_owned(),
            Self::Both if vi == en => vi.to_owned(),
            Self::Both => format!("{vi} / {en}"),
        }
    }

    /// The HTML `lang` attribute of a document in this language.
    pub fn html_lang(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Vi | Self::Both => "vi",
        }
    }

    /// Stable code: `vi`, `en` or `both`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
            Self::Both => "both",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A language code other than `vi`, `en` or `both`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language '{0}': expected vi, en or both")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "vi" => Ok(Self::Vi),
            "en" => Ok(Self::En),
            "both" => Ok(Self::Both),
            other => Err(UnknownLang(other.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_and_falls_back() {
        assert_eq!(Lang::Vi.pick("Năm", "Year"), "Năm");
        assert_eq!(Lang::En.pick("Năm", ""), "Năm");
        assert_eq!(Lang::Both.pick("", "Year"), "Year");
        assert_eq!(Lang::Both.pick("TFP", "TFP"), "TFP");
        assert!("fr"
            .parse::<Lang>()
            .unwrap_err()
            .to_string()
            .contains("'fr'"));
    }
}
