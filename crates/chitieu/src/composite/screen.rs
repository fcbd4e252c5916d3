//! Screen: units dropped for low data availability or too many zeros (COINr `Screen`).

use serde::{Deserialize, Serialize};

use super::error::{invalid, CompositeError};
use super::matrix::Matrix;

/// Which units [`screen`] keeps (COINr's `unit_screen`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScreenRule {
    /// Keep units with data availability ≥ `dat_thresh` (COINr `byNA`).
    #[default]
    #[serde(alias = "byNA")]
    ByNa,
    /// Keep units whose share of non-zero values ≥ `nonzero_thresh` (COINr `byzeros`).
    #[serde(alias = "byzeros")]
    ByZeros,
    /// Both (COINr `byNAandzeros`).
    #[serde(alias = "byNAandzeros")]
    ByNaAndZeros,
}

/// Screening settings (COINr's defaults: `byNA`, `dat_thresh` 2/3, `nonzero_thresh` 0.05).
///
/// ```
/// use chitieu::composite::ScreenOptions;
/// assert_eq!(ScreenOptions::default().dat_thresh, 2.0 / 3.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreenOptions {
    /// Which rule.
    pub rule: ScreenRule,
    /// Least share of indicators with a value (0..=1).
    pub dat_thresh: f64,
    /// Least share of non-zero values among those with a value (0..=1).
    pub nonzero_thresh: f64,
    /// Units kept (`true`) or dropped (`false`) whatever the rule says (COINr `Force`).
    pub force: Vec<(String, bool)>,
}

impl Default for ScreenOptions {
    fn default() -> Self {
        Self {
            rule: ScreenRule::ByNa,
            dat_thresh: 2.0 / 3.0,
            nonzero_thresh: 0.05,
            force: Vec::new(),
        }
    }
}

impl ScreenOptions {
    /// Settings that keep every unit (thresholds 0).
    pub fn keep_all() -> Self {
        Self {
            dat_thresh: 0.0,
            nonzero_thresh: 0.0,
            ..Self::default()
        }
    }
}

/// The screened data and what was measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Screened {
    /// The units kept.
    pub data: Matrix,
    /// Units dropped, in data order.
    pub removed: Vec<String>,
    /// Data availability of every unit of the input (share of indicators with a value).
    pub availability: Vec<f64>,
    /// Share of non-zero values among those present, per input unit (NaN without values).
    pub nonzero: Vec<f64>,
}

/// Screens units as COINr's `Screen` does: availability `1 − NA/indicators`, non-zero share
/// `1 − zeros/(indicators − NA)`; a unit is dropped when below the rule's threshold(s),
/// unless `force` says otherwise.
///
/// ```
/// use chitieu::composite::{screen, Matrix, ScreenOptions};
/// let m = Matrix::from_rows(["a", "b"], ["x", "y", "z"],
///     &[vec![Some(1.0), None, None], vec![Some(1.0), Some(0.0), None]])?;
/// let s = screen(&m, &ScreenOptions { dat_thresh: 0.5, ..Default::default() })?;
/// assert_eq!(s.removed, ["a"]); // a has 1/3 of its data, b 2/3
/// # Ok::<(), chitieu::composite::CompositeError>(())
/// ```
pub fn screen(data: &Matrix, options: &ScreenOptions) -> Result<Screened, CompositeError> {
    for (name, v) in [
        ("dat_thresh", options.dat_thresh),
        ("nonzero_thresh", options.nonzero_thresh),
    ] {
        if !(0.0..=1.0).contains(&v) {
            return Err(invalid(name, v, "a share from 0 to 1"));
        }
    }
    let n_codes = data.codes().len() as f64;
    let mut availability = Vec::with_capacity(data.n_units());
    let mut nonzero = Vec::with_capacity(data.n_units());
    let mut keep = Vec::with_capacity(data.n_units());
    for (u, unit) in data.units().iter().enumerate() {
        let present: Vec<f64> = data.columns().iter().filter_map(|c| c[u]).collect();
        let missing = n_codes - present.len() as f64;
        let zeros = present.iter().filter(|v| **v == 0.0).count() as f64;
        let avail = 1.0 - missing / n_codes;
        let nz = 1.0 - zeros / (n_codes - missing);
        let low_data = avail < options.dat_thresh;
        let low_nonzero = nz < options.nonzero_thresh;
        let mut kept = match options.rule {
            ScreenRule::ByNa => !low_data,
            ScreenRule::ByZeros => !low_nonzero,
            ScreenRule::ByNaAndZeros => !(low_data || low_nonzero),
        };
        if let Some((_, k)) = options.force.iter().find(|(f, _)| f == unit) {
            kept = *k;
        }
        availability.push(avail);
        nonzero.push(nz);
        keep.push(kept);
    }
    if let Some((u, _)) = options
        .force
        .iter()
        .find(|(f, _)| !data.units().contains(f))
    {
        return Err(CompositeError::MissingUnits {
            table: "data (screen force)",
            units: vec![u.clone()],
        });
    }
    let removed = data
        .units()
        .iter()
        .zip(&keep)
        .filter(|(_, k)| !**k)
        .map(|(u, _)| u.clone())
        .collect();
    Ok(Screened {
        data: data.keep_units(&keep),
        removed,
        availability,
        nonzero,
    })
}
