//! Target sets, targets and their citations; the shipped sets.

use serde::{Deserialize, Serialize};

use super::error::{line_of, TargetError, TargetErrors};
use super::kind::TargetKind;
use super::toml::{target_to_toml, ScopeKind, SetToml};
use super::validate::convert_set;
use crate::catalog::{did_you_mean, Catalog};
use crate::vocabulary::{Bilingual, Lang};

/// The shipped target sets: (id, TOML text).
const BUILTIN: [(&str, &str); 7] = [
    (
        "lai-chau-69-kl-tw-2024",
        include_str!("../../targets/lai-chau-69-kl-tw-2024.toml"),
    ),
    (
        "long-an-54-ctr-tu-2024",
        include_str!("../../targets/long-an-54-ctr-tu-2024.toml"),
    ),
    (
        "gia-lai-50-kl-tw-2019",
        include_str!("../../targets/gia-lai-50-kl-tw-2019.toml"),
    ),
    (
        "bac-giang-69-kl-tw-2024",
        include_str!("../../targets/bac-giang-69-kl-tw-2024.toml"),
    ),
    (
        "quang-tri-43-kh-skhcn-2023",
        include_str!("../../targets/quang-tri-43-kh-skhcn-2023.toml"),
    ),
    (
        "vn-569-qd-ttg-2022",
        include_str!("../../targets/vn-569-qd-ttg-2022.toml"),
    ),
    (
        "vn-57-nq-tw-2024",
        include_str!("../../targets/vn-57-nq-tw-2024.toml"),
    ),
];

/// Where a target's clause was read: the published document itself, or a press summary of
/// it. Only the first is *confirmed*; every output labels the second.
///
/// ```
/// use chitieu::targets::Provenance;
/// assert!(Provenance::Document.confirmed());
/// assert_eq!(Provenance::PressSummary.code(), "press_summary");
/// assert_eq!(Provenance::PressSummary.label_vi(), "theo tóm tắt báo chí, chưa đối chiếu văn bản gốc");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// The clause is quoted from the published document itself.
    Document,
    /// The figure comes from press summaries or other secondary sources, not the document.
    PressSummary,
}

impl Provenance {
    /// The code used in TOML and tables.
    pub fn code(self) -> &'static str {
        match self {
            Self::Document => "document",
            Self::PressSummary => "press_summary",
        }
    }

    /// The provenance of a code, e.g. `"press_summary"`.
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Document, Self::PressSummary]
            .into_iter()
            .find(|p| p.code() == code)
    }

    /// Whether the clause was read in the document itself.
    pub fn confirmed(self) -> bool {
        self == Self::Document
    }

    /// A label for people, in English.
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Document => "quoted from the document",
            Self::PressSummary => "from press summaries, not checked against the document",
        }
    }

    /// A label for people, in Vietnamese.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Document => "trích từ văn bản gốc",
            Self::PressSummary => "theo tóm tắt báo chí, chưa đối chiếu văn bản gốc",
        }
    }
}

/// Where a target's wording comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The clause, verbatim, in Vietnamese.
    pub clause_vi: String,
    /// An English rendering.
    pub clause_en: String,
    /// Where the clause was read.
    pub provenance: Provenance,
    /// The page the clause was read in, when it is a web page.
    pub source_url: Option<String>,
    /// Interpretation choices (English).
    pub note: Option<String>,
    /// Interpretation choices in Vietnamese.
    pub note_vi: Option<String>,
}

impl Citation {
    /// The interpretation note in `lang` (the other language when only one is written).
    pub fn note_in(&self, lang: Lang) -> Option<String> {
        match (&self.note_vi, &self.note) {
            (None, None) => None,
            (vi, en) => Some(lang.pick(
                vi.as_deref().unwrap_or_default(),
                en.as_deref().unwrap_or_default(),
            )),
        }
    }

    /// Whether the clause was quoted from the published document itself.
    pub fn confirmed(&self) -> bool {
        self.provenance.confirmed()
    }
}

/// One target.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Id, `<set id>/<slug>`.
    pub id: String,
    /// Catalog indicator (for qualitative targets an optional free label).
    pub indicator: Option<String>,
    /// The name of a free label (an `indicator` the catalog does not hold), in both
    /// languages, shown instead of the label.
    pub label: Option<Bilingual>,
    /// What is asked.
    pub kind: TargetKind,
    /// Baseline year named by the plan.
    pub baseline_year: Option<i32>,
    /// Year by which the target applies.
    pub horizon: i32,
    /// The clause it comes from.
    pub citation: Citation,
}

/// Who a target set applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// One province (id as at the plan's date).
    Unit(String),
    /// The whole country.
    National,
}

/// A plan's targets with the plan's metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetSet {
    /// Id, e.g. `lai-chau-69-kl-tw-2024`.
    pub id: String,
    /// Vietnamese title.
    pub name_vi: String,
    /// English title.
    pub name_en: String,
    /// Issuer (Vietnamese).
    pub issuer_vi: String,
    /// Issuer (English).
    pub issuer_en: String,
    /// Document number as written (empty when the text has none).
    pub document: String,
    /// Date of issue (ISO; empty when unknown).
    pub date: String,
    /// What the plan implements.
    pub implements: Vec<String>,
    /// Who it applies to.
    pub scope: Scope,
    /// Seed file the targets were read from.
    pub source_file: Option<String>,
    /// Where the text was found.
    pub url: Option<String>,
    /// The targets.
    pub targets: Vec<Target>,
}

// ----- loading -------------------------------------------------------------------------

impl TargetSet {
    /// Ids of the shipped target sets.
    pub fn builtin_ids() -> impl Iterator<Item = &'static str> {
        BUILTIN.iter().map(|(id, _)| *id)
    }

    /// The set without the targets `drop` names (e.g. those a partition of units cannot
    /// score). Every id must be a target of the set.
    ///
    /// ```
    /// use chitieu::targets::TargetSet;
    /// let set = TargetSet::builtin("lai-chau-69-kl-tw-2024")?;
    /// let first = set.targets[0].id.clone();
    /// let fewer = set.without(&[first.as_str()])?;
    /// assert_eq!(fewer.targets.len(), set.targets.len() - 1);
    /// assert!(set.without(&["no-such-target"]).is_err());
    /// # Ok::<(), chitieu::targets::TargetErrors>(())
    /// ```
    pub fn without(&self, drop: &[&str]) -> Result<TargetSet, TargetErrors> {
        let unknown: Vec<TargetError> = drop
            .iter()
            .filter(|d| !self.targets.iter().any(|t| t.id == **d))
            .map(|d| TargetError {
                file: format!("<TargetSet {}>", self.id),
                line: None,
                target: Some((*d).to_owned()),
                field: None,
                message: format!(
                    "target '{d}' is not in set '{}'{}",
                    self.id,
                    did_you_mean(d, self.targets.iter().map(|t| t.id.as_str()))
                ),
            })
            .collect();
        if !unknown.is_empty() {
            return Err(TargetErrors { errors: unknown });
        }
        let mut out = self.clone();
        out.targets.retain(|t| !drop.contains(&t.id.as_str()));
        Ok(out)
    }

    /// A shipped target set by id.
    pub fn builtin(id: &str) -> Result<TargetSet, TargetErrors> {
        match BUILTIN.iter().find(|(i, _)| *i == id) {
            Some((i, text)) => {
                Self::from_toml(text, &format!("builtin:{i}.toml"), Catalog::builtin())
            }
            None => Err(TargetErrors {
                errors: vec![TargetError {
                    file: "builtin".to_owned(),
                    line: None,
                    target: None,
                    field: None,
                    message: format!(
                        "unknown target set '{id}'{}; shipped sets: {}",
                        did_you_mean(id, Self::builtin_ids()),
                        Self::builtin_ids().collect::<Vec<_>>().join(", ")
                    ),
                }],
            }),
        }
    }

    /// Every shipped target set.
    pub fn all_builtin() -> Result<Vec<TargetSet>, TargetErrors> {
        Self::builtin_ids().map(Self::builtin).collect()
    }

    /// Parses and validates a target set against `catalog`.
    pub fn from_toml(text: &str, file: &str, catalog: &Catalog) -> Result<TargetSet, TargetErrors> {
        let raw: SetToml = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            let mut message = e.message().trim_end().to_owned();
            // `value = 1,5`: a decimal comma, as Vietnamese writes numbers.
            let written = line.and_then(|l| text.lines().nth(l.saturating_sub(1)));
            if written.is_some_and(has_decimal_comma) {
                message.push_str(
                    "; numbers in TOML take a decimal point (1.5), not a decimal comma (1,5)",
                );
            }
            TargetErrors {
                errors: vec![TargetError {
                    file: file.to_owned(),
                    line,
                    target: None,
                    field: None,
                    message,
                }],
            }
        })?;
        let mut errors = Vec::new();
        let set = convert_set(raw, text, file, catalog, &mut errors);
        if errors.is_empty() {
            Ok(set)
        } else {
            Err(TargetErrors { errors })
        }
    }

    /// The set as TOML (loads back to an equal set).
    pub fn to_toml(&self) -> String {
        let raw = SetToml {
            id: self.id.clone(),
            name_vi: self.name_vi.clone(),
            name_en: self.name_en.clone(),
            issuer_vi: self.issuer_vi.clone(),
            issuer_en: self.issuer_en.clone(),
            document: self.document.clone(),
            date: self.date.clone(),
            implements: self.implements.clone(),
            scope_kind: match self.scope {
                Scope::Unit(_) => ScopeKind::Unit,
                Scope::National => ScopeKind::National,
            },
            unit: match &self.scope {
                Scope::Unit(u) => Some(u.clone()),
                Scope::National => None,
            },
            source_file: self.source_file.clone(),
            url: self.url.clone(),
            targets: self
                .targets
                .iter()
                .map(|t| toml::Spanned::new(0..0, target_to_toml(t)))
                .collect(),
        };
        toml::to_string(&raw).expect("a target set serialises to TOML")
    }
}

/// Whether a TOML line assigns a number written with a decimal comma (`value = 1,5`).
fn has_decimal_comma(line: &str) -> bool {
    let Some((_, value)) = line.split_once('=') else {
        return false;
    };
    let value = value.trim();
    let b = value.as_bytes();
    !value.starts_with(['"', '\'', '[', '{'])
        && b.windows(3)
            .any(|w| w[0].is_ascii_digit() && w[1] == b',' && w[2].is_ascii_digit())
}
