//! A text people read, in both languages side by side so that the two never drift apart.

use serde::Serialize;

use super::Lang;

/// A text in Vietnamese and English.
///
/// ```
/// use chitieu::vocabulary::{Bilingual, Lang};
/// use chitieu::vocabulary::numbers::number;
/// let t = Bilingual::by(|l| match l {
///     Lang::Vi => format!("tăng {}%", number(2.5, l)),
///     _ => format!("up {}%", number(2.5, l)),
/// });
/// assert_eq!(t.pick(Lang::Vi), "tăng 2,5%");
/// assert_eq!(t.pick(Lang::Both), "tăng 2,5% / up 2.5%");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash, Serialize)]
pub struct Bilingual {
    /// Vietnamese (full diacritics).
    pub vi: String,
    /// English.
    pub en: String,
}

impl Bilingual {
    /// A text from its two languages.
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// The same text in both languages (symbols, numbers without separators, ids).
    pub fn same(text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            vi: text.clone(),
            en: text,
        }
    }

    /// A text written once per language: `write` is called with [`Lang::Vi`] and
    /// [`Lang::En`].
    pub fn by(write: impl Fn(Lang) -> String) -> Self {
        Self {
            vi: write(Lang::Vi),
            en: write(Lang::En),
        }
    }

    /// The text in `lang` (both: Vietnamese, then English after a slash).
    pub fn pick(&self, lang: Lang) -> String {
        lang.pick(&self.vi, &self.en)
    }

    /// This text, then `next` after `sep` in each language.
    pub fn then(mut self, sep: &str, next: &Bilingual) -> Self {
        self.vi.push_str(sep);
        self.vi.push_str(&next.vi);
        self.en.push_str(sep);
        self.en.push_str(&next.en);
        self
    }

    /// `first` then `next` after `"; "`, or `next` alone.
    pub fn append(first: Option<Bilingual>, next: Bilingual) -> Bilingual {
        match first {
            Some(f) => f.then("; ", &next),
            None => next,
        }
    }
}
