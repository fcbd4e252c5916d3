//! Impute: none, indicator mean, or group mean (COINr6 `ind_mean` / `indgroup_mean`).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::error::CompositeError;
use super::matrix::Matrix;
use super::stats::{mean, median};

/// How missing values are imputed.
///
/// ```
/// use chitieu::composite::Imputation;
/// assert_eq!(Imputation::default(), Imputation::None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Imputation {
    /// Leave NA (COINr: no imputation step).
    #[default]
    None,
    /// The mean of the indicator over all units with a value (COINr6 `ind_mean`).
    IndicatorMean,
    /// The mean of the indicator over the units of the same group with a value (COINr6
    /// `indgroup_mean`); one label per unit, in row order. A group without any value stays NA.
    GroupMean {
        /// Group label of each unit.
        groups: Vec<String>,
    },
    /// The median of the indicator over all units with a value (COINr `i_median`, R's
    /// `median`: the mean of the two middle values of an even count).
    IndicatorMedian,
    /// The median within the unit's group (COINr `i_median_grp`).
    GroupMedian {
        /// Group label of each unit.
        groups: Vec<String>,
    },
}

impl Imputation {
    /// The imputation called `name` (`none`, `mean`, `group_mean`); `group_mean` takes the
    /// group label of each unit.
    ///
    /// ```
    /// use chitieu::composite::Imputation;
    /// assert_eq!(Imputation::from_name("mean", None)?, Imputation::IndicatorMean);
    /// assert!(Imputation::from_name("group_mean", None).is_err()); // groups needed
    /// # Ok::<(), chitieu::composite::CompositeError>(())
    /// ```
    pub fn from_name(name: &str, groups: Option<Vec<String>>) -> Result<Self, CompositeError> {
        match (name, groups) {
            ("none", _) => Ok(Self::None),
            ("mean" | "i_mean", _) => Ok(Self::IndicatorMean),
            ("median" | "i_median", _) => Ok(Self::IndicatorMedian),
            ("group_mean" | "i_mean_grp", Some(groups)) => Ok(Self::GroupMean { groups }),
            ("group_median" | "i_median_grp", Some(groups)) => Ok(Self::GroupMedian { groups }),
            (other, _) => Err(CompositeError::InvalidOption {
                name: "imputation",
                value: other.to_owned(),
                expected: "none, mean, median, group_mean or group_median (the last two with \
                           groups)",
            }),
        }
    }
}

/// The imputed data and what was done.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Imputed {
    /// The data after imputation.
    pub data: Matrix,
    /// Number of values imputed.
    pub n_imputed: usize,
    /// Values imputed per column, in column order.
    pub imputed_by_column: Vec<usize>,
    /// NA left after imputation.
    pub n_missing: usize,
}

/// Imputes every column of `data`.
///
/// ```
/// use chitieu::composite::{impute, Imputation, Matrix};
/// let m = Matrix::from_rows(["a", "b", "c", "d"], ["x"],
///     &[vec![Some(1.0)], vec![Some(3.0)], vec![None], vec![Some(8.0)]])?;
/// let all = impute(&m, &Imputation::IndicatorMean)?;
/// assert_eq!(all.data.column("x").unwrap()[2], Some(4.0));
/// let g = Imputation::GroupMean { groups: ["A", "A", "A", "B"].map(String::from).to_vec() };
/// let by_group = impute(&m, &g)?;
/// assert_eq!(by_group.data.column("x").unwrap()[2], Some(2.0));
/// assert_eq!(by_group.n_imputed, 1);
/// # Ok::<(), chitieu::composite::CompositeError>(())
/// ```
pub fn impute(data: &Matrix, method: &Imputation) -> Result<Imputed, CompositeError> {
    let n = data.n_units();
    let groups: Vec<usize> = match method {
        Imputation::None | Imputation::IndicatorMean | Imputation::IndicatorMedian => vec![0; n],
        Imputation::GroupMean { groups } | Imputation::GroupMedian { groups } => {
            if groups.len() != n {
                return Err(CompositeError::GroupCount {
                    groups: groups.len(),
                    units: n,
                });
            }
            let mut ids: HashMap<&str, usize> = HashMap::new();
            groups
                .iter()
                .map(|g| {
                    let next = ids.len();
                    *ids.entry(g.as_str()).or_insert(next)
                })
                .collect()
        }
    };
    let n_groups = groups.iter().max().map_or(0, |m| m + 1);
    let central: fn(&[f64]) -> f64 = match method {
        Imputation::IndicatorMedian | Imputation::GroupMedian { .. } => median,
        _ => mean,
    };
    let mut columns = Vec::with_capacity(data.columns.len());
    let mut by_column = Vec::with_capacity(data.columns.len());
    for col in &data.columns {
        let mut c = col.clone();
        let mut count = 0;
        if *method != Imputation::None {
            let means: Vec<Option<f64>> = (0..n_groups)
                .map(|g| {
                    let v: Vec<f64> = col
                        .iter()
                        .zip(&groups)
                        .filter(|(_, &gi)| gi == g)
                        .filter_map(|(x, _)| *x)
                        .collect();
                    (!v.is_empty()).then(|| central(&v))
                })
                .collect();
            for (x, &g) in c.iter_mut().zip(&groups) {
                if x.is_none() {
                    if let Some(m) = means[g] {
                        *x = Some(m);
                        count += 1;
                    }
                }
            }
        }
        columns.push(c);
        by_column.push(count);
    }
    let out = data.with_columns(data.codes.clone(), columns);
    Ok(Imputed {
        n_imputed: by_column.iter().sum(),
        n_missing: out.count_missing(),
        imputed_by_column: by_column,
        data: out,
    })
}
