//! The composite index: `composite_run`, and `composite_uncertainty` giving the Rust-owned
//! `Uncertainty` (its replications kept, so no question about them reruns them).

use chitieu::composite::{
    monte_carlo, pipeline, sobol, CompositeError, Framework, FrameworkRow, Matrix, NodeType,
    PipelineSpec, Uncertainty, UncertaintySpec,
};
use chitieu::frame::{
    matrix_from_frame, matrix_to_frame, rank_stats_to_frame, sensitivity_indices_to_frame,
    sobol_to_frame, treatment_to_frame,
};
use polars::prelude::{Column, DataFrame};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3_polars::PyDataFrame;

use crate::errors;

/// One framework row as sent by Python: (level, code, direction, weight, parent, type,
/// denominator, target).
type Row = (
    u32,
    String,
    i8,
    f64,
    Option<String>,
    String,
    Option<String>,
    Option<f64>,
);

fn framework(py: Python<'_>, rows: &[Row]) -> PyResult<Framework> {
    let err = |e: CompositeError| errors::composite(py, &e);
    let mut out = Vec::with_capacity(rows.len());
    for (level, code, direction, weight, parent, kind, denominator, target) in rows {
        let node_type: NodeType = kind.parse().map_err(err)?;
        out.push(FrameworkRow {
            level: *level,
            code: code.clone(),
            direction: *direction,
            weight: *weight,
            parent: parent.clone(),
            node_type,
            denominator: denominator.clone(),
            target: *target,
            goalposts: None,
        });
    }
    Framework::from_rows(&out).map_err(err)
}

fn matrix(py: Python<'_>, df: PyDataFrame) -> PyResult<Matrix> {
    let df: DataFrame = df.into();
    py.detach(|| matrix_from_frame(&df))
        .map_err(|e| errors::composite(py, &e))
}

/// The framework with `weights` (code, weight) over its own, when given.
fn weighted(
    py: Python<'_>,
    rows: &[Row],
    weights: Option<Vec<(String, f64)>>,
) -> PyResult<Framework> {
    let fw = framework(py, rows)?;
    match weights {
        Some(w) => {
            let w: Vec<(&str, f64)> = w.iter().map(|(c, v)| (c.as_str(), *v)).collect();
            fw.with_weights(&w).map_err(|e| errors::composite(py, &e))
        }
        None => Ok(fw),
    }
}

/// Runs the pipeline of `spec_json` (see `PipelineSpec::from_json`); returns every stage
/// (wide frames), the treatment report, the units screened out and the ranks.
#[pyfunction]
#[pyo3(signature = (data, rows, spec_json, denominators=None, groups=None, weights=None))]
pub(crate) fn composite_run<'py>(
    py: Python<'py>,
    data: PyDataFrame,
    rows: Vec<Row>,
    spec_json: &str,
    denominators: Option<PyDataFrame>,
    groups: Option<Vec<String>>,
    weights: Option<Vec<(String, f64)>>,
) -> PyResult<Bound<'py, PyDict>> {
    errors::guarded(move || {
        let fw = weighted(py, &rows, weights)?;
        let spec =
            PipelineSpec::from_json(spec_json, groups).map_err(|e| errors::composite(py, &e))?;
        let raw = matrix(py, data)?;
        let den = denominators.map(|d| matrix(py, d)).transpose()?;
        let p = py
            .detach(|| pipeline(&raw, den.as_ref(), &fw, &spec))
            .map_err(|e| errors::composite(py, &e))?;
        let out = PyDict::new(py);
        for (name, m) in [
            ("raw", &raw),
            ("denominated", &p.denominated),
            ("imputed", &p.imputed.data),
            ("screened", &p.screened.data),
            ("treated", &p.treated.data),
            ("normalised", &p.normalised),
            ("aggregated", &p.aggregated),
        ] {
            out.set_item(
                name,
                PyDataFrame(matrix_to_frame(m).map_err(errors::polars)?),
            )?;
        }
        out.set_item(
            "treatment",
            PyDataFrame(treatment_to_frame(&p.treated.reports).map_err(errors::polars)?),
        )?;
        out.set_item("removed", p.screened.removed.clone())?;
        let units = p.aggregated.units().to_vec();
        let mut cols = vec![Column::new("unit_id".into(), units.clone())];
        for (code, ranks) in &p.ranks {
            cols.push(Column::new(code.as_str().into(), ranks.clone()));
        }
        let ranks = DataFrame::new(units.len(), cols).map_err(errors::polars)?;
        out.set_item("ranks", PyDataFrame(ranks))?;
        out.set_item("imputed_count", p.imputed.n_imputed)?;
        Ok(out)
    })
}

/// Monte Carlo uncertainty and sensitivity (see ``chitieu.Composite.uncertainty``) on the
/// screened, untreated data: `pipeline_json` is the composite's own specification (the
/// nominal choices), `uncertainty_json` what varies (see `UncertaintySpec::from_json`).
#[pyfunction]
#[pyo3(signature = (screened, rows, pipeline_json, uncertainty_json, weights=None))]
pub(crate) fn composite_uncertainty(
    py: Python<'_>,
    screened: PyDataFrame,
    rows: Vec<Row>,
    pipeline_json: &str,
    uncertainty_json: &str,
    weights: Option<Vec<(String, f64)>>,
) -> PyResult<PyUncertainty> {
    errors::guarded(move || {
        let err = |e: CompositeError| errors::composite(py, &e);
        let fw = weighted(py, &rows, weights)?;
        let spec = UncertaintySpec::from_json(uncertainty_json, pipeline_json).map_err(err)?;
        let data = matrix(py, screened)?;
        py.detach(|| monte_carlo(&data, &fw, &spec))
            .map(PyUncertainty)
            .map_err(err)
    })
}

/// Sobol sensitivity indices (see ``chitieu.Composite.sensitivity``): the indices frame, the
/// A and B runs (as an uncertainty result) and the output variance.
#[pyfunction]
#[pyo3(signature = (screened, rows, pipeline_json, uncertainty_json, bootstrap=100, weights=None))]
pub(crate) fn composite_sobol(
    py: Python<'_>,
    screened: PyDataFrame,
    rows: Vec<Row>,
    pipeline_json: &str,
    uncertainty_json: &str,
    bootstrap: usize,
    weights: Option<Vec<(String, f64)>>,
) -> PyResult<(PyDataFrame, PyUncertainty, f64)> {
    errors::guarded(move || {
        let err = |e: CompositeError| errors::composite(py, &e);
        let fw = weighted(py, &rows, weights)?;
        let spec = UncertaintySpec::from_json(uncertainty_json, pipeline_json).map_err(err)?;
        let data = matrix(py, screened)?;
        let s = py
            .detach(|| sobol(&data, &fw, &spec, bootstrap))
            .map_err(err)?;
        let frame = sobol_to_frame(&s.indices).map_err(errors::polars)?;
        Ok((PyDataFrame(frame), PyUncertainty(s.runs), s.variance))
    })
}

/// The replications of a Monte Carlo analysis, owned by the Rust core (``chitieu.Uncertainty``
/// wraps it): rank statistics, sensitivity and ``P(rank ≤ k)`` for any k and group, computed
/// from the kept scores without rerunning anything.
#[pyclass(module = "chitieu._chitieu", name = "Uncertainty", frozen)]
pub(crate) struct PyUncertainty(Uncertainty);

#[pymethods]
impl PyUncertainty {
    /// Number of replications.
    #[getter]
    fn replications(&self) -> usize {
        self.0.replications()
    }

    /// Unit ids, in data order.
    #[getter]
    fn units(&self) -> Vec<String> {
        self.0.units().to_vec()
    }

    /// Nominal, median, 5% and 95% rank per unit.
    fn rank_stats(&self) -> PyResult<PyDataFrame> {
        errors::guarded(|| {
            rank_stats_to_frame(&self.0.rank_stats())
                .map(PyDataFrame)
                .map_err(errors::polars)
        })
    }

    /// First-order sensitivity indices with ``bins`` bins per weight; None when there are
    /// fewer than ``2·bins`` replications.
    #[pyo3(signature = (bins=20))]
    fn sensitivity(&self, py: Python<'_>, bins: usize) -> PyResult<Option<PyDataFrame>> {
        errors::guarded(|| {
            if bins < 2 || self.0.replications() < 2 * bins {
                return Ok(None);
            }
            let s = self
                .0
                .sensitivity(bins)
                .map_err(|e| errors::composite(py, &e))?;
            sensitivity_indices_to_frame(&s)
                .map(|f| Some(PyDataFrame(f)))
                .map_err(errors::polars)
        })
    }

    /// ``group, unit_id, k, p``: ``P(rank ≤ k)`` of each member, ranks recomputed within
    /// each group (default: one group ``all`` of every unit).
    #[pyo3(signature = (k, groups=None))]
    fn prob_rank_at_most(
        &self,
        py: Python<'_>,
        k: u32,
        groups: Option<Vec<(String, Vec<String>)>>,
    ) -> PyResult<PyDataFrame> {
        errors::guarded(|| {
            let groups =
                groups.unwrap_or_else(|| vec![("all".to_owned(), self.0.units().to_vec())]);
            let (mut g, mut unit, mut p) = (Vec::new(), Vec::new(), Vec::new());
            for (name, members) in &groups {
                let ids: Vec<&str> = members.iter().map(String::as_str).collect();
                let probs = py
                    .detach(|| self.0.prob_rank_at_most_of(k, name, &ids))
                    .map_err(|e| errors::composite(py, &e))?;
                for (m, prob) in members.iter().zip(probs) {
                    g.push(name.clone());
                    unit.push(m.clone());
                    p.push(prob);
                }
            }
            let n = unit.len();
            DataFrame::new(
                n,
                vec![
                    Column::new("group".into(), g),
                    Column::new("unit_id".into(), unit),
                    Column::new("k".into(), vec![k; n]),
                    Column::new("p".into(), p),
                ],
            )
            .map(PyDataFrame)
            .map_err(errors::polars)
        })
    }
}
