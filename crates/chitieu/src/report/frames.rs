//! Building a [`Report`] from the scorecard, targets and target-set DataFrames.

use polars::prelude::*;

use super::{CitationRow, PlanInfo, Report, ReportError, ReportRow};
use crate::catalog::Unit;
use crate::progress::Status;
use crate::registry::Registry;
use crate::targets::Provenance;
use crate::vocabulary::Bilingual;

/// One table's columns, read with the type the report needs.
struct Table<'a> {
    name: &'static str,
    df: &'a DataFrame,
}

impl Table<'_> {
    fn series(&self, column: &str, dtype: &DataType) -> Result<Option<Series>, ReportError> {
        let Ok(c) = self.df.column(column) else {
            return Ok(None);
        };
        c.as_materialized_series()
            .cast(dtype)
            .map(Some)
            .map_err(|e| ReportError::Column {
                table: self.name,
                column: column.to_owned(),
                problem: format!("cannot be read as {dtype}: {e}"),
            })
    }

    fn require(&self, column: &str, dtype: &DataType) -> Result<Series, ReportError> {
        self.series(column, dtype)?
            .ok_or_else(|| ReportError::Column {
                table: self.name,
                column: column.to_owned(),
                problem: "missing".to_owned(),
            })
    }

    fn texts(&self, column: &str, required: bool) -> Result<Vec<Option<String>>, ReportError> {
        let s = if required {
            Some(self.require(column, &DataType::String)?)
        } else {
            self.series(column, &DataType::String)?
        };
        Ok(match s {
            Some(s) => s
                .str()
                .expect("cast to String")
                .iter()
                .map(|v| v.map(str::to_owned))
                .collect(),
            None => vec![None; self.df.height()],
        })
    }

    fn floats(&self, column: &str, required: bool) -> Result<Vec<Option<f64>>, ReportError> {
        let s = if required {
            Some(self.require(column, &DataType::Float64)?)
        } else {
            self.series(column, &DataType::Float64)?
        };
        Ok(match s {
            Some(s) => s.f64().expect("cast to Float64").iter().collect(),
            None => vec![None; self.df.height()],
        })
    }

    fn ints(&self, column: &str) -> Result<Vec<Option<i32>>, ReportError> {
        let s = self.require(column, &DataType::Int32)?;
        Ok(s.i32().expect("cast to Int32").iter().collect())
    }

    /// An optional whole-number column (all null when absent).
    fn ints_if_any(&self, column: &str) -> Result<Vec<Option<i32>>, ReportError> {
        Ok(match self.series(column, &DataType::Int32)? {
            Some(s) => s.i32().expect("cast to Int32").iter().collect(),
            None => vec![None; self.df.height()],
        })
    }

    /// An optional Boolean column (all null when absent).
    fn bools(&self, column: &str) -> Result<Vec<Option<bool>>, ReportError> {
        Ok(match self.series(column, &DataType::Boolean)? {
            Some(s) => s.bool().expect("cast to Boolean").iter().collect(),
            None => vec![None; self.df.height()],
        })
    }
}

impl Report {
    /// A report of a scorecard DataFrame (`chitieu.score(...).to_polars()`; an optional
    /// `p_met` column is shown), the targets of its sets (`TargetSet.to_polars()`, stacked)
    /// and the sets' table (`target_sets()` rows).
    pub fn from_frames(
        rows: &DataFrame,
        targets: &DataFrame,
        sets: &DataFrame,
    ) -> Result<Self, ReportError> {
        let t = Table {
            name: "scorecard",
            df: rows,
        };
        let text = |c: &str| t.texts(c, true);
        let (unit, set, target_id) = (text("unit_id")?, text("set_id")?, text("target_id")?);
        let (indicator, ind_vi, ind_en) = (
            t.texts("indicator", false)?,
            t.texts("indicator_vi", false)?,
            t.texts("indicator_en", false)?,
        );
        let (base_year, base_value) = (t.ints("base_year")?, t.floats("base_value", true)?);
        let (latest_year, latest_value) = (t.ints("latest_year")?, t.floats("latest_value", true)?);
        let target_value = t.floats("target_value", true)?;
        let target_year = t.ints("target_year")?;
        let status = text("status")?;
        let score = t.floats("score", true)?;
        let projected = t.floats("projected", false)?;
        let year_met = t.ints("year_met")?;
        let p_met = t.floats("p_met", false)?;
        let (note, note_vi) = (t.texts("note", false)?, t.texts("note_vi", false)?);
        let (unit_vi, unit_en) = (t.texts("unit_vi", false)?, t.texts("unit_en", false)?);
        let (kind, unit_code) = (t.texts("kind", false)?, t.texts("indicator_unit", false)?);
        let scale = t.texts("scale", false)?;
        let points = t.ints_if_any("points")?;
        let (achieved, projected_achieved) = (t.bools("achieved")?, t.bools("projected_achieved")?);
        let (cagr_observed, cagr_required) = (
            t.floats("cagr_observed", false)?,
            t.floats("cagr_required", false)?,
        );
        let annual = t.floats("annual_change_required", false)?;
        let feasibility = t.texts("feasibility", false)?;
        let row_provenance = t.texts("provenance", false)?;

        let tt = Table {
            name: "targets",
            df: targets,
        };
        let (t_set, t_id, t_target) = (
            tt.texts("set_id", true)?,
            tt.texts("target_id", true)?,
            tt.texts("target", true)?,
        );
        // Vietnamese descriptions: frames from older versions lack them (English shown).
        let t_target_vi = tt.texts("target_vi", false)?;
        let (clause_vi, clause_en) = (tt.texts("clause_vi", true)?, tt.texts("clause_en", true)?);
        let (provenance, t_note) = (tt.texts("provenance", true)?, tt.texts("note", false)?);
        let t_note_vi = tt.texts("note_vi", false)?;
        let provenance = provenance
            .iter()
            .map(|code| {
                let code = code.as_deref().unwrap_or_default();
                Provenance::from_code(code).ok_or_else(|| ReportError::Column {
                    table: "targets",
                    column: "provenance".to_owned(),
                    problem: format!("'{code}' is not document or press_summary"),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let citations: Vec<CitationRow> = (0..targets.height())
            .map(|i| CitationRow {
                set_id: t_set[i].clone().unwrap_or_default(),
                target_id: t_id[i].clone().unwrap_or_default(),
                target: t_target[i].clone().unwrap_or_default(),
                target_vi: t_target_vi[i].clone().unwrap_or_default(),
                clause_vi: clause_vi[i].clone().unwrap_or_default(),
                clause_en: clause_en[i].clone().unwrap_or_default(),
                provenance: provenance[i],
                note: t_note[i].clone(),
                note_vi: t_note_vi[i].clone(),
            })
            .collect();

        let mut out = Vec::with_capacity(rows.height());
        for i in 0..rows.height() {
            let code = status[i].clone().unwrap_or_default();
            let status = Status::from_code(&code).ok_or(ReportError::Status { row: i, code })?;
            let tid = target_id[i].clone().unwrap_or_default();
            let set_id = set[i].clone().unwrap_or_default();
            let cited = citations
                .iter()
                .find(|c| c.target_id == tid && c.set_id == set_id);
            let point = |y: Option<i32>, v: Option<f64>| y.zip(v);
            let unit_id = unit[i].clone().unwrap_or_default();
            let unit_name = match (&unit_vi[i], &unit_en[i]) {
                (Some(vi), Some(en)) => Bilingual::new(vi, en),
                _ => Registry::builtin().name_of(&unit_id),
            };
            let note = match (&note_vi[i], &note[i]) {
                (None, None) => None,
                (vi, en) => Some(Bilingual::new(
                    vi.clone().or_else(|| en.clone()).unwrap_or_default(),
                    en.clone().or_else(|| vi.clone()).unwrap_or_default(),
                )),
            };
            out.push(ReportRow {
                unit_id,
                unit_name,
                kind: kind[i].clone().unwrap_or_default(),
                scale: scale[i].clone().unwrap_or_default(),
                indicator_unit: unit_code[i].as_deref().and_then(Unit::from_code),
                points: points[i].and_then(|p| u32::try_from(p).ok()),
                achieved: achieved[i],
                projected_achieved: projected_achieved[i],
                cagr_observed: cagr_observed[i],
                cagr_required: cagr_required[i],
                annual_change_required: annual[i],
                feasibility: feasibility[i].clone(),
                provenance: row_provenance[i]
                    .as_deref()
                    .and_then(Provenance::from_code)
                    .or(cited.map(|c| c.provenance)),
                set_id: set[i].clone().unwrap_or_default(),
                target: cited.map(|c| c.target.clone()).unwrap_or_default(),
                target_vi: cited.map(|c| c.target_vi.clone()).unwrap_or_default(),
                target_id: tid,
                indicator: indicator[i].clone(),
                indicator_vi: ind_vi[i].clone(),
                indicator_en: ind_en[i].clone(),
                base: point(base_year[i], base_value[i]),
                latest: point(latest_year[i], latest_value[i]),
                target_value: target_value[i],
                target_year: target_year[i].unwrap_or_default(),
                status,
                score: score[i],
                projected: projected[i],
                year_met: year_met[i],
                p_met: p_met[i],
                note,
            });
        }

        let st = Table {
            name: "sets",
            df: sets,
        };
        let s = |c: &str| st.texts(c, true);
        let (id, name_vi, name_en) = (s("id")?, s("name_vi")?, s("name_en")?);
        let (issuer_vi, issuer_en, document, date) =
            (s("issuer_vi")?, s("issuer_en")?, s("document")?, s("date")?);
        let plans = (0..sets.height())
            .map(|i| {
                let g = |v: &[Option<String>]| v[i].clone().unwrap_or_default();
                PlanInfo {
                    id: g(&id),
                    name_vi: g(&name_vi),
                    name_en: g(&name_en),
                    issuer_vi: g(&issuer_vi),
                    issuer_en: g(&issuer_en),
                    document: g(&document),
                    date: g(&date),
                }
            })
            .collect();
        Ok(Self::assemble(out, plans, citations))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::frame::{scorecard_to_frame, target_sets_to_frame, targets_to_frame};
    use crate::score::{score, ScoreOptions};
    use crate::targets::TargetSet;
    use crate::{Observation, Observations};

    #[test]
    fn frames_give_the_same_report_as_scores() {
        let obs = Observations::new(vec![
            Observation::new("lai-chau", "researchers_per_10k", 2015, Some(4.0)),
            Observation::new("lai-chau", "researchers_per_10k", 2023, Some(6.0)),
        ])
        .unwrap();
        let set = TargetSet::builtin("lai-chau-69-kl-tw-2024").unwrap();
        let cat = Catalog::builtin();
        let rows = score(
            &obs,
            std::slice::from_ref(&set),
            cat,
            &ScoreOptions::default(),
        )
        .unwrap();
        let direct = Report::from_scores(&rows, std::slice::from_ref(&set), cat);
        let framed = Report::from_frames(
            &scorecard_to_frame(&rows, cat).unwrap(),
            &targets_to_frame(&set, cat).unwrap(),
            &target_sets_to_frame(&[set]).unwrap(),
        )
        .unwrap();
        assert_eq!(direct, framed);
        assert_eq!(framed.plans.len(), 1);
        assert_eq!(framed.citations.len(), rows.len());
    }

    #[test]
    fn missing_columns_and_bad_statuses_are_named() {
        let df = df!("unit_id" => ["a"]).unwrap();
        let e = Report::from_frames(&df, &df, &df).unwrap_err().to_string();
        assert!(
            e.contains("column 'set_id' of the scorecard table: missing"),
            "{e}"
        );
    }
}
