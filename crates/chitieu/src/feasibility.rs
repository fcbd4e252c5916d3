//! Is a target realistic? The growth a target requires against the growth units have
//! actually sustained.
//!
//! [`sustained_growth`] lists every compound annual growth rate that a unit achieved over a
//! window of `w` years in a panel (from each year with a value to the year `w` later, when
//! that year has a value too, both of one sign). [`feasibility`] places a required rate in
//! that distribution: its percentile is the share of observed rates at or below it, and the
//! label is *ordinary* up to the 75th percentile, *ambitious* up to the 95th,
//! *unprecedented* above that but within the largest rate observed, and *beyond anything
//! observed* above the largest. For a lower-is-better indicator rates are compared with
//! their sign flipped (a faster decline ranks higher).
//!
//! ```
//! use chitieu::feasibility::{feasibility, FeasibilityLabel};
//! let observed = [0.01, 0.02, 0.03, 0.04];
//! let f = feasibility(0.025, &observed, 1.0).unwrap();
//! assert_eq!((f.percentile, f.label), (50.0, FeasibilityLabel::Ordinary));
//! assert_eq!(feasibility(0.05, &observed, 1.0).unwrap().label, FeasibilityLabel::BeyondObserved);
//! ```

use std::collections::HashMap;

use serde::Serialize;

use crate::catalog::Catalog;
use crate::observations::Observations;
use crate::progress::cagr;

/// One growth rate sustained by a unit over a window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sustained {
    /// Unit.
    pub unit_id: String,
    /// First year of the window.
    pub start_year: i32,
    /// Last year of the window.
    pub end_year: i32,
    /// Compound annual growth rate from start to end.
    pub cagr: f64,
}

/// Every CAGR over `window` years that units achieved on `indicator`.
pub fn sustained_growth(obs: &Observations, indicator: &str, window: i32) -> Vec<Sustained> {
    let mut out = Vec::new();
    if window < 1 {
        return out;
    }
    for series in obs.series_of(indicator) {
        for (&year, value) in series.years().iter().zip(series.values()) {
            let Some(v0) = value else { continue };
            if let Some(v1) = series.value_in(year + window) {
                if v0 != 0.0 && v0 * v1 >= 0.0 {
                    out.push(Sustained {
                        unit_id: series.unit_id().to_owned(),
                        start_year: year,
                        end_year: year + window,
                        cagr: cagr(v0, v1, window),
                    });
                }
            }
        }
    }
    out
}

/// Where a required rate stands among the rates observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeasibilityLabel {
    /// At or below the 75th percentile.
    Ordinary,
    /// Above the 75th, at or below the 95th percentile.
    Ambitious,
    /// Above the 95th percentile, within the largest observed.
    Unprecedented,
    /// Above the largest rate observed.
    BeyondObserved,
}

impl FeasibilityLabel {
    /// snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Ordinary => "ordinary",
            Self::Ambitious => "ambitious",
            Self::Unprecedented => "unprecedented",
            Self::BeyondObserved => "beyond_observed",
        }
    }
}

/// The percentile and label of a required rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Feasibility {
    /// Share (%) of observed rates at or below the required one.
    pub percentile: f64,
    /// Label.
    pub label: FeasibilityLabel,
    /// Number of observed rates compared with.
    pub observed: usize,
}

/// Places `required` among `observed` rates, both multiplied by `direction_sign` (+1 when
/// higher is better, −1 when lower is better). `None` when nothing was observed.
pub fn feasibility(required: f64, observed: &[f64], direction_sign: f64) -> Option<Feasibility> {
    Placement::new(observed, direction_sign).place(required)
}

/// Observed rates of one indicator, signed by its desired direction and sorted once, so that
/// many required rates are placed by bisection (the one placement rule: share of observed
/// rates at or below, labels at the 75th and 95th percentiles and the largest observed).
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    sign: f64,
    /// Signed finite rates, ascending.
    sorted: Vec<f64>,
    /// Every rate observed (NaN included: it counts as observed, never as at or below).
    observed: usize,
}

impl Placement {
    /// Signs and sorts `observed` by `direction_sign`.
    pub fn new(observed: &[f64], direction_sign: f64) -> Self {
        let mut sorted: Vec<f64> = observed
            .iter()
            .map(|o| direction_sign * o)
            .filter(|o| !o.is_nan())
            .collect();
        sorted.sort_by(f64::total_cmp);
        Self {
            sign: direction_sign,
            sorted,
            observed: observed.len(),
        }
    }

    /// Where `required` stands; `None` when nothing was observed or `required` is not finite.
    ///
    /// ```
    /// use chitieu::feasibility::{FeasibilityLabel, Placement};
    /// let p = Placement::new(&[0.01, 0.02, 0.03, 0.04], 1.0);
    /// let f = p.place(0.02).unwrap();
    /// assert_eq!((f.percentile, f.label), (50.0, FeasibilityLabel::Ordinary));
    /// assert_eq!(p.place(0.05).unwrap().label, FeasibilityLabel::BeyondObserved);
    /// ```
    pub fn place(&self, required: f64) -> Option<Feasibility> {
        if self.observed == 0 || !required.is_finite() {
            return None;
        }
        let r = self.sign * required;
        let below = self.sorted.partition_point(|o| *o <= r);
        let max = self.sorted.last().copied().unwrap_or(f64::NEG_INFINITY);
        let percentile = 100.0 * below as f64 / self.observed as f64;
        let label = if r > max {
            FeasibilityLabel::BeyondObserved
        } else if percentile <= 75.0 {
            FeasibilityLabel::Ordinary
        } else if percentile <= 95.0 {
            FeasibilityLabel::Ambitious
        } else {
            FeasibilityLabel::Unprecedented
        };
        Some(Feasibility {
            percentile,
            label,
            observed: self.observed,
        })
    }
}

/// Observed rates of many indicators, each signed by the catalog's desired direction (an
/// indicator the catalog lacks counts as higher-is-better), to place required rates row by
/// row, e.g. in each partition of a dataset too large for one machine.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rates {
    by_indicator: HashMap<String, Placement>,
}

impl Rates {
    /// Rates grouped by indicator.
    pub fn new<'a>(
        catalog: &Catalog,
        rates: impl IntoIterator<Item = (&'a str, &'a [f64])>,
    ) -> Self {
        let by_indicator = rates
            .into_iter()
            .map(|(indicator, observed)| {
                let sign = catalog
                    .indicator(indicator)
                    .map_or(1.0, |i| i.direction.sign());
                (indicator.to_owned(), Placement::new(observed, sign))
            })
            .collect();
        Self { by_indicator }
    }

    /// Where the required rate of `indicator` stands; `None` without observed rates.
    pub fn place(&self, indicator: &str, required: f64) -> Option<Feasibility> {
        self.by_indicator.get(indicator)?.place(required)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Observation;

    /// A small panel whose windows are computed by hand.
    #[test]
    fn windows_by_hand() {
        let obs = Observations::new(vec![
            Observation::new("a", "x", 2020, Some(100.0)),
            Observation::new("a", "x", 2021, Some(110.0)),
            Observation::new("a", "x", 2022, Some(121.0)),
            Observation::new("b", "x", 2020, Some(50.0)),
            Observation::new("b", "x", 2021, None),
            Observation::new("b", "x", 2022, Some(40.5)),
        ])
        .unwrap();
        let two = sustained_growth(&obs, "x", 2);
        let got: Vec<_> = two
            .iter()
            .map(|s| (s.unit_id.as_str(), s.start_year))
            .collect();
        assert_eq!(got, [("a", 2020), ("b", 2020)]);
        assert!((two[0].cagr - 0.1).abs() < 1e-12); // 100 → 121 in 2 years
        assert!((two[1].cagr - -0.1).abs() < 1e-12); // 50 → 40.5
        let one = sustained_growth(&obs, "x", 1);
        assert_eq!(one.len(), 2); // a 2020→21, a 2021→22; b has a gap
        let rates: Vec<f64> = two.iter().map(|s| s.cagr).collect();
        // Requiring the best rate observed: 100th percentile, unprecedented but observed.
        let f = feasibility(rates[0], &rates, 1.0).unwrap();
        assert_eq!(
            (f.percentile, f.label),
            (100.0, FeasibilityLabel::Unprecedented)
        );
        // Lower is better: a decline of 10% a year is the best observed.
        let f = feasibility(rates[1], &rates, -1.0).unwrap();
        assert_eq!(f.percentile, 100.0);
        assert_eq!(
            feasibility(0.2, &rates, 1.0).unwrap().label,
            FeasibilityLabel::BeyondObserved
        );
        assert_eq!(
            feasibility(-0.2, &rates, 1.0).unwrap().label,
            FeasibilityLabel::Ordinary
        );
        assert!(feasibility(0.1, &[], 1.0).is_none());
    }
}
