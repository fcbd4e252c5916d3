//! Scorecard reports for people: a standalone HTML page ([`Report::html`]) and an Excel
//! workbook ([`Report::write_xlsx`], feature `xlsx`) with status colours, one sheet per plan
//! and a sheet of citations.
//!
//! A [`Report`] is built from scored rows and their target sets ([`Report::from_scores`]) or
//! from the scorecard, targets and target-set DataFrames ([`Report::from_frames`], feature
//! `polars`), so the command line, Rust tools and Python render the same document.
//!
//! ```
//! use chitieu::catalog::Catalog;
//! use chitieu::labels::Lang;
//! use chitieu::report::Report;
//! use chitieu::score::{score, ScoreOptions};
//! use chitieu::targets::TargetSet;
//! use chitieu::{Observation, Observations};
//!
//! let obs = Observations::new(vec![
//!     Observation::new("lai-chau", "researchers_per_10k", 2015, Some(4.0)),
//!     Observation::new("lai-chau", "researchers_per_10k", 2023, Some(6.0)),
//! ])
//! .unwrap();
//! let set = TargetSet::builtin("lai-chau-69-kl-tw-2024").unwrap();
//! let rows = score(&obs, &[set.clone()], Catalog::builtin(), &ScoreOptions::default()).unwrap();
//! let report = Report::from_scores(&rows, &[set], Catalog::builtin());
//! let page = report.html(Lang::Vi, "Lai Châu", &[]);
//! assert!(page.contains("Cần đẩy nhanh"));
//! ```

#[cfg(feature = "polars")]
mod frames;
mod html;
mod narrative;
pub use html::progress_html;
pub use narrative::{Narrative, PlanNarrative, TargetParagraph, UnitNarrative};
#[cfg(feature = "xlsx")]
mod xlsx;

use crate::catalog::{Catalog, Unit};
use crate::progress::Status;
use crate::registry::Registry;
use crate::score::ScoreRow;
use crate::targets::{Provenance, TargetKind, TargetSet};
use crate::vocabulary::numbers::{date, rounded};
use crate::vocabulary::{Bilingual, Heading, Lang};

/// What can go wrong while building or writing a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A table lacks a column the report needs, or holds it with the wrong type.
    #[error("report: column '{column}' of the {table} table: {problem}")]
    Column {
        /// Which table (scorecard, targets, sets).
        table: &'static str,
        /// The column.
        column: String,
        /// What is wrong.
        problem: String,
    },
    /// A status code that is not one of the status classes.
    #[error("report: row {row} of the scorecard has unknown status '{code}'")]
    Status {
        /// Row index.
        row: usize,
        /// The code found.
        code: String,
    },
    /// The workbook could not be written.
    #[error("report: cannot write {path}: {message}")]
    Write {
        /// Output path.
        path: String,
        /// The writer's message.
        message: String,
    },
}

/// One scored (unit, target) row as reports show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    /// Unit scored.
    pub unit_id: String,
    /// Its name (the registry's; the id when the registry does not know it).
    pub unit_name: Bilingual,
    /// Target set (plan).
    pub set_id: String,
    /// Target.
    pub target_id: String,
    /// Indicator id.
    pub indicator: Option<String>,
    /// Indicator name (Vietnamese).
    pub indicator_vi: Option<String>,
    /// Indicator name (English).
    pub indicator_en: Option<String>,
    /// The unit the indicator's values are in (catalog indicators).
    pub indicator_unit: Option<Unit>,
    /// Target kind (its TOML name, e.g. `at_least`).
    pub kind: String,
    /// The scale of the row's values (`level`, `flow`, ...: [`crate::score::Scale`] codes).
    pub scale: String,
    /// What the target asks, e.g. `≥ 2 in total from 2024`.
    pub target: String,
    /// The same in Vietnamese.
    pub target_vi: String,
    /// Base year and value.
    pub base: Option<(i32, f64)>,
    /// Latest year and value.
    pub latest: Option<(i32, f64)>,
    /// Years with data from the base to the latest year.
    pub points: Option<u32>,
    /// Target value the series is measured against.
    pub target_value: Option<f64>,
    /// Target year.
    pub target_year: i32,
    /// Whether the target is met at the latest point.
    pub achieved: Option<bool>,
    /// Status class.
    pub status: Status,
    /// Score −5..5.
    pub score: Option<f64>,
    /// Observed CAGR from the base year.
    pub cagr_observed: Option<f64>,
    /// CAGR required from the base year.
    pub cagr_required: Option<f64>,
    /// Change a year still required from the latest year.
    pub annual_change_required: Option<f64>,
    /// Value projected to the target year.
    pub projected: Option<f64>,
    /// Whether the projection meets the target by the target year.
    pub projected_achieved: Option<bool>,
    /// First year the projection meets the target.
    pub year_met: Option<i32>,
    /// Feasibility class of the required growth (`ordinary`, `ambitious`, ...).
    pub feasibility: Option<String>,
    /// Where the target's clause was read.
    pub provenance: Option<Provenance>,
    /// Probability the target is met (rank targets with an uncertainty analysis).
    pub p_met: Option<f64>,
    /// Why a row could not be assessed, or details, in both languages.
    pub note: Option<Bilingual>,
}

impl Default for ReportRow {
    /// An empty row (status: unable to assess), to fill field by field.
    fn default() -> Self {
        Self {
            unit_id: String::new(),
            unit_name: Bilingual::default(),
            set_id: String::new(),
            target_id: String::new(),
            indicator: None,
            indicator_vi: None,
            indicator_en: None,
            indicator_unit: None,
            kind: String::new(),
            scale: String::new(),
            target: String::new(),
            target_vi: String::new(),
            base: None,
            latest: None,
            points: None,
            target_value: None,
            target_year: 0,
            achieved: None,
            status: Status::UnableToAssess,
            score: None,
            cagr_observed: None,
            cagr_required: None,
            annual_change_required: None,
            projected: None,
            projected_achieved: None,
            year_met: None,
            feasibility: None,
            provenance: None,
            p_met: None,
            note: None,
        }
    }
}

/// A plan's title block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanInfo {
    /// Set id.
    pub id: String,
    /// Title (Vietnamese).
    pub name_vi: String,
    /// Title (English).
    pub name_en: String,
    /// Issuer (Vietnamese).
    pub issuer_vi: String,
    /// Issuer (English).
    pub issuer_en: String,
    /// Document number (may be empty).
    pub document: String,
    /// Date of issue (may be empty).
    pub date: String,
}

/// The citation of one target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationRow {
    /// Set id.
    pub set_id: String,
    /// Target id.
    pub target_id: String,
    /// What the target asks, e.g. `≥ 2 in total from 2024`.
    pub target: String,
    /// The same in Vietnamese.
    pub target_vi: String,
    /// The clause, verbatim (Vietnamese).
    pub clause_vi: String,
    /// English rendering.
    pub clause_en: String,
    /// Where the clause was read (the document, or a press summary).
    pub provenance: Provenance,
    /// Interpretation notes (English).
    pub note: Option<String>,
    /// Interpretation notes (Vietnamese).
    pub note_vi: Option<String>,
}

impl CitationRow {
    /// The interpretation note in `lang` (the other language when only one is written).
    pub fn note_in(&self, lang: Lang) -> String {
        lang.pick(
            self.note_vi.as_deref().unwrap_or_default(),
            self.note.as_deref().unwrap_or_default(),
        )
    }
}

/// A scorecard ready to render: rows, the plans they belong to and their citations.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Scored rows, in the scorecard's order.
    pub rows: Vec<ReportRow>,
    /// Plans, in order of first appearance in `rows`.
    pub plans: Vec<PlanInfo>,
    /// Citations of every target in `rows`.
    pub citations: Vec<CitationRow>,
}

impl Report {
    /// A report of scored rows; `sets` must hold the sets the rows were scored on (rows of
    /// other sets keep their ids as titles).
    pub fn from_scores(rows: &[ScoreRow], sets: &[TargetSet], catalog: &Catalog) -> Self {
        let target = |set_id: &str, target_id: &str| {
            sets.iter()
                .filter(|s| s.id == set_id)
                .flat_map(|s| &s.targets)
                .find(|t| t.id == target_id)
        };
        let rows: Vec<ReportRow> = rows
            .iter()
            .map(|r| {
                let ind = r.indicator.as_deref().and_then(|i| catalog.indicator(i));
                let t = target(&r.set_id, &r.target_id);
                let asks = t.map(|t| &t.kind);
                ReportRow {
                    unit_id: r.unit_id.to_string(),
                    unit_name: Registry::builtin().name_of(&r.unit_id),
                    set_id: r.set_id.to_string(),
                    target_id: r.target_id.to_string(),
                    indicator: r.indicator.as_deref().map(str::to_owned),
                    indicator_vi: r.indicator_name.as_ref().map(|n| n.vi.clone()),
                    indicator_en: r.indicator_name.as_ref().map(|n| n.en.clone()),
                    indicator_unit: ind.map(|i| i.unit),
                    kind: r.kind.to_owned(),
                    scale: r.scale.code().to_owned(),
                    target: asks.map(TargetKind::describe).unwrap_or_default(),
                    target_vi: asks.map(TargetKind::describe_vi).unwrap_or_default(),
                    base: r.base.map(|p| (p.year, p.value)),
                    latest: r.latest.map(|p| (p.year, p.value)),
                    points: r.points,
                    target_value: r.target_value,
                    target_year: r.target_year,
                    achieved: r.achieved,
                    status: r.status,
                    score: r.score,
                    cagr_observed: r.cagr_observed,
                    cagr_required: r.cagr_required,
                    annual_change_required: r.annual_change_required,
                    projected: r.projected,
                    projected_achieved: r.projected_achieved,
                    year_met: r.year_met,
                    feasibility: r.feasibility.map(str::to_owned),
                    provenance: Some(r.provenance),
                    p_met: None,
                    note: r.note.clone(),
                }
            })
            .collect();
        let plans = sets
            .iter()
            .map(|s| PlanInfo {
                id: s.id.clone(),
                name_vi: s.name_vi.clone(),
                name_en: s.name_en.clone(),
                issuer_vi: s.issuer_vi.clone(),
                issuer_en: s.issuer_en.clone(),
                document: s.document.clone(),
                date: s.date.clone(),
            })
            .collect();
        let citations = sets
            .iter()
            .flat_map(|s| {
                s.targets.iter().map(|t| CitationRow {
                    set_id: s.id.clone(),
                    target_id: t.id.clone(),
                    target: t.kind.describe(),
                    target_vi: t.kind.describe_vi(),
                    clause_vi: t.citation.clause_vi.clone(),
                    clause_en: t.citation.clause_en.clone(),
                    provenance: t.citation.provenance,
                    note: t.citation.note.clone(),
                    note_vi: t.citation.note_vi.clone(),
                })
            })
            .collect();
        Self::assemble(rows, plans, citations)
    }

    /// Keeps the plans and citations the rows use, plans in order of first appearance, and
    /// adds a bare title block for rows of a plan that was not given.
    fn assemble(rows: Vec<ReportRow>, plans: Vec<PlanInfo>, citations: Vec<CitationRow>) -> Self {
        let mut ordered: Vec<PlanInfo> = Vec::new();
        for r in &rows {
            if ordered.iter().any(|p| p.id == r.set_id) {
                continue;
            }
            ordered.push(
                plans
                    .iter()
                    .find(|p| p.id == r.set_id)
                    .cloned()
                    .unwrap_or_else(|| PlanInfo {
                        id: r.set_id.clone(),
                        name_vi: r.set_id.clone(),
                        name_en: r.set_id.clone(),
                        issuer_vi: String::new(),
                        issuer_en: String::new(),
                        document: String::new(),
                        date: String::new(),
                    }),
            );
        }
        let used = |c: &CitationRow| {
            rows.iter()
                .any(|r| r.target_id == c.target_id && r.set_id == c.set_id)
        };
        let citations = citations.into_iter().filter(|c| used(c)).collect();
        Self {
            rows,
            plans: ordered,
            citations,
        }
    }

    /// The rows of one plan.
    pub fn plan_rows<'a>(&'a self, set_id: &'a str) -> impl Iterator<Item = &'a ReportRow> + 'a {
        self.rows.iter().filter(move |r| r.set_id == set_id)
    }
}

/// Headings of the scorecard tables, in order.
const COLUMNS: [Heading; 12] = [
    Heading::Unit,
    Heading::Indicator,
    Heading::Target,
    Heading::BasePoint,
    Heading::LatestPoint,
    Heading::TargetYear,
    Heading::Status,
    Heading::ScoreRange,
    Heading::ProjectedAtTarget,
    Heading::YearMet,
    Heading::PMet,
    Heading::Note,
];

/// Every column a citations table can show, in order.
const CITATION_COLUMNS: [Heading; 6] = [
    Heading::Set,
    Heading::Target,
    Heading::Asks,
    Heading::ClauseVi,
    Heading::ClauseEn,
    Heading::Note,
];

/// Headings of the citations table; a Vietnamese report leaves out the English rendering of
/// the clause.
fn citation_columns(lang: Lang) -> Vec<Heading> {
    CITATION_COLUMNS
        .into_iter()
        .filter(|h| lang != Lang::Vi || *h != Heading::ClauseEn)
        .collect()
}

/// A number as people read it in `lang`: at most 3 decimals, no trailing zeros.
fn number(x: f64, lang: Lang) -> String {
    rounded(x, 3, lang)
}

impl ReportRow {
    /// Unit name in `lang` (Vietnamese for both languages: the English names are the same
    /// words without diacritics).
    pub fn unit_display(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.unit_name.en.clone(),
            Lang::Vi | Lang::Both => self.unit_name.vi.clone(),
        }
    }

    /// Indicator name in `lang` (the id when the catalog has no name).
    pub fn indicator_name(&self, lang: Lang) -> String {
        let name = lang.pick(
            self.indicator_vi.as_deref().unwrap_or_default(),
            self.indicator_en.as_deref().unwrap_or_default(),
        );
        if name.is_empty() {
            self.indicator.clone().unwrap_or_default()
        } else {
            name
        }
    }

    /// The text of one table cell (key from the table's columns), `""` when empty.
    fn cell(&self, column: Heading, lang: Lang) -> String {
        let point = |p: Option<(i32, f64)>| p.map(|(y, v)| format!("{y}: {}", number(v, lang)));
        let number = |x: f64| number(x, lang);
        match column {
            Heading::Unit => self.unit_display(lang),
            Heading::Indicator => self.indicator_name(lang),
            Heading::Target => lang.pick(&self.target_vi, &self.target),
            Heading::BasePoint => point(self.base).unwrap_or_default(),
            Heading::LatestPoint => point(self.latest).unwrap_or_default(),
            Heading::TargetYear => self.target_year.to_string(),
            Heading::Status => format!(
                "{} {}",
                self.status.symbol(),
                lang.pick(self.status.label_vi(), self.status.label_en())
            ),
            Heading::ScoreRange => self.score.map(number).unwrap_or_default(),
            Heading::ProjectedAtTarget => self.projected.map(number).unwrap_or_default(),
            Heading::YearMet => self.year_met.map(|y| y.to_string()).unwrap_or_default(),
            Heading::PMet => self
                .p_met
                .map(|p| format!("{}%", number(100.0 * p)))
                .unwrap_or_default(),
            Heading::Note => self.note.as_ref().map(|n| n.pick(lang)).unwrap_or_default(),
            _ => String::new(),
        }
    }
}

impl PlanInfo {
    /// Title in `lang`.
    pub fn title(&self, lang: Lang) -> String {
        lang.pick(&self.name_vi, &self.name_en)
    }

    /// Issuer, document number and date (as `lang` writes dates), those that are known,
    /// joined by " · ".
    pub fn byline(&self, lang: Lang) -> String {
        [
            lang.pick(&self.issuer_vi, &self.issuer_en),
            self.document.clone(),
            date(&self.date, lang),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
    }
}

/// The columns a report shows: `p_met` only when some row has it.
fn columns(report: &Report) -> Vec<Heading> {
    let has_p = report.has_p_met();
    COLUMNS
        .into_iter()
        .filter(|h| *h != Heading::PMet || has_p)
        .collect()
}

impl Report {
    /// Whether some row has a probability of meeting its target: only then do tables show
    /// that column.
    fn has_p_met(&self) -> bool {
        self.rows.iter().any(|r| r.p_met.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(2.0, Lang::En), "2");
        assert_eq!(number(37.6, Lang::Vi), "37,6");
        assert_eq!(number(1.23456, Lang::En), "1.235");
        assert_eq!(number(-0.0001, Lang::Vi), "0");
        assert_eq!(number(f64::NAN, Lang::En), "NaN");
    }
}
