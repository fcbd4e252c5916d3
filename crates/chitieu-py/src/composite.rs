//! The composite index: `composite_run` and `composite_uncertainty`.

use chitieu::composite::{
    monte_carlo, pipeline, AggregateOptions, Aggregation, CompositeError, Framework, FrameworkRow,
    Imputation, Matrix, NodeType, Normalisation, PipelineSpec, TreatOptions, UncertaintySpec,
};
use chitieu::frame::{
    matrix_from_frame, matrix_to_frame, rank_stats_to_frame, sensitivity_indices_to_frame,
    treatment_to_frame,
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

fn err(e: CompositeError) -> PyErr {
    errors::InvalidValueError::new_err(e.to_string())
}

fn framework(rows: &[Row]) -> PyResult<Framework> {
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

fn spec(
    imputation: &str,
    groups: Option<Vec<String>>,
    treat: bool,
    normalisation: &str,
    aggregation: &str,
    rank_decimals: Option<u32>,
) -> PyResult<PipelineSpec> {
    let imputation = match (imputation, groups) {
        ("none", _) => Imputation::None,
        ("mean", _) => Imputation::IndicatorMean,
        ("group_mean", Some(groups)) => Imputation::GroupMean { groups },
        (other, _) => {
            return Err(errors::InvalidValueError::new_err(format!(
                "imputation '{other}': expected none, mean or group_mean (with groups)"
            )))
        }
    };
    let method: Aggregation = aggregation.parse().map_err(err)?;
    Ok(PipelineSpec {
        imputation,
        treatment: treat.then(TreatOptions::default),
        normalisation: normalisation.parse().map_err(err)?,
        aggregation: AggregateOptions {
            method,
            min_share: None,
        },
        rank_decimals,
    })
}

fn matrix(py: Python<'_>, df: PyDataFrame) -> PyResult<Matrix> {
    let df: DataFrame = df.into();
    py.detach(|| matrix_from_frame(&df)).map_err(err)
}

/// Runs the pipeline; returns every stage (wide frames), the treatment report and ranks.
#[pyfunction]
#[pyo3(signature = (data, rows, denominators=None, imputation="none", groups=None, treat=true,
                    normalisation="minmax", aggregation="arith_mean", rank_decimals=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn composite_run<'py>(
    py: Python<'py>,
    data: PyDataFrame,
    rows: Vec<Row>,
    denominators: Option<PyDataFrame>,
    imputation: &str,
    groups: Option<Vec<String>>,
    treat: bool,
    normalisation: &str,
    aggregation: &str,
    rank_decimals: Option<u32>,
) -> PyResult<Bound<'py, PyDict>> {
    errors::guarded(move || {
        let fw = framework(&rows)?;
        let spec = spec(
            imputation,
            groups,
            treat,
            normalisation,
            aggregation,
            rank_decimals,
        )?;
        let raw = matrix(py, data)?;
        let den = denominators.map(|d| matrix(py, d)).transpose()?;
        let p = py
            .detach(|| pipeline(&raw, den.as_ref(), &fw, &spec))
            .map_err(err)?;
        let out = PyDict::new(py);
        for (name, m) in [
            ("raw", &raw),
            ("denominated", &p.denominated),
            ("imputed", &p.imputed.data),
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
        let mut cols = vec![Column::new("unit_id".into(), raw.units().to_vec())];
        for (code, ranks) in &p.ranks {
            cols.push(Column::new(code.as_str().into(), ranks.clone()));
        }
        let ranks = DataFrame::new(raw.n_units(), cols).map_err(errors::polars)?;
        out.set_item("ranks", PyDataFrame(ranks))?;
        out.set_item("imputed_count", p.imputed.n_imputed)?;
        Ok(out)
    })
}

/// Monte Carlo uncertainty on the treated data: rank statistics, P(rank ≤ k) per group and
/// first-order sensitivity indices.
#[pyfunction]
#[pyo3(signature = (treated, rows, replications, seed, weight_noise, normalisations,
                    aggregations, k=None, groups=None, bins=20))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn composite_uncertainty<'py>(
    py: Python<'py>,
    treated: PyDataFrame,
    rows: Vec<Row>,
    replications: usize,
    seed: u64,
    weight_noise: f64,
    normalisations: Vec<String>,
    aggregations: Vec<String>,
    k: Option<u32>,
    groups: Option<Vec<(String, Vec<String>)>>,
    bins: usize,
) -> PyResult<Bound<'py, PyDict>> {
    errors::guarded(move || {
        let fw = framework(&rows)?;
        let treated = matrix(py, treated)?;
        let spec = UncertaintySpec {
            replications,
            seed,
            weight_noise,
            weight_levels: None,
            normalisations: normalisations
                .iter()
                .map(|n| n.parse::<Normalisation>())
                .collect::<Result<_, _>>()
                .map_err(err)?,
            aggregations: aggregations
                .iter()
                .map(|a| a.parse::<Aggregation>())
                .collect::<Result<_, _>>()
                .map_err(err)?,
            min_share: None,
        };
        let u = py
            .detach(|| monte_carlo(&treated, &fw, &spec))
            .map_err(err)?;
        let out = PyDict::new(py);
        out.set_item(
            "ranks",
            PyDataFrame(rank_stats_to_frame(&u.rank_stats()).map_err(errors::polars)?),
        )?;
        if bins >= 2 && replications >= 2 * bins {
            let s = u.sensitivity(bins).map_err(err)?;
            out.set_item(
                "sensitivity",
                PyDataFrame(sensitivity_indices_to_frame(&s).map_err(errors::polars)?),
            )?;
        }
        if let Some(k) = k {
            let units = treated.units();
            let groups = groups.unwrap_or_else(|| vec![("all".to_owned(), units.to_vec())]);
            let (mut g, mut unit, mut p) = (Vec::new(), Vec::new(), Vec::new());
            for (name, members) in &groups {
                let idx: Vec<usize> = members
                    .iter()
                    .map(|m| {
                        units.iter().position(|u| u == m).ok_or_else(|| {
                            errors::UnknownIdError::new_err(format!(
                                "unit '{m}' of group '{name}' is not in the data"
                            ))
                        })
                    })
                    .collect::<PyResult<_>>()?;
                // One probability per member, in the order of `idx`.
                let probs = u.prob_rank_at_most(k, Some(&idx)).map_err(err)?;
                for (&i, prob) in idx.iter().zip(probs) {
                    g.push(name.clone());
                    unit.push(units[i].clone());
                    p.push(prob);
                }
            }
            let n = unit.len();
            let df = DataFrame::new(
                n,
                vec![
                    Column::new("group".into(), g),
                    Column::new("unit_id".into(), unit),
                    Column::new("k".into(), vec![k; n]),
                    Column::new("p".into(), p),
                ],
            )
            .map_err(errors::polars)?;
            out.set_item("probabilities", PyDataFrame(df))?;
        }
        Ok(out)
    })
}
