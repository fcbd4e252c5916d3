//! Treat: COINr6's default outlier treatment (Winsorisation, then the log fallback).

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::error::{invalid, CompositeError};
use super::matrix::Matrix;
use super::stats::{kurt_of, skew_of};

/// The transformation applied when Winsorisation fails (COINr6 `deflog`).
///
/// ```
/// use chitieu::composite::LogFallback;
/// assert_eq!(LogFallback::default(), LogFallback::CtLog);
/// assert_eq!("CTlog".parse::<LogFallback>().unwrap(), LogFallback::CtLog);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LogFallback {
    /// `ln(x − min + 0.01·(max − min))` (COINr `CTlog`, the default).
    #[default]
    CtLog,
    /// `ln(x − min + 1)` (COINr `CTlog_orig`, the COIN Tool's).
    CtLogOrig,
    /// `ln(x)`; if any value is ≤ 0 the column is left untreated (COINr `log`).
    Log,
    /// No transformation: the column is left untreated.
    NoTransform,
}

impl FromStr for LogFallback {
    type Err = CompositeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "ctlog" | "ct_log" | "log_ct" => Ok(Self::CtLog),
            "ctlog_orig" | "ct_log_orig" | "log_ct_orig" => Ok(Self::CtLogOrig),
            "log" => Ok(Self::Log),
            "none" | "no_transform" => Ok(Self::NoTransform),
            _ => Err(invalid(
                "log fallback",
                s,
                "'CTlog', 'CTlog_orig', 'log' or 'none'",
            )),
        }
    }
}

/// Outlier treatment settings (COINr6 `treat` defaults).
///
/// ```
/// use chitieu::composite::TreatOptions;
/// let o = TreatOptions::default();
/// assert_eq!((o.t_skew, o.t_kurt, o.winmax, o.winchange), (2.0, 3.5, None, true));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TreatOptions {
    /// Absolute skewness threshold (2).
    pub t_skew: f64,
    /// Kurtosis threshold (3.5).
    pub t_kurt: f64,
    /// Most Winsorisation steps; `None`: ⌈0.1 × number of units⌉.
    pub winmax: Option<usize>,
    /// Whether a step may switch side when the skew changes sign (`true`); if `false`, the
    /// side is fixed by the initial skew (high if > 0).
    pub winchange: bool,
    /// What to do if the thresholds are still exceeded after `winmax` steps.
    pub fallback: LogFallback,
}

impl Default for TreatOptions {
    fn default() -> Self {
        Self {
            t_skew: 2.0,
            t_kurt: 3.5,
            winmax: None,
            winchange: true,
            fallback: LogFallback::CtLog,
        }
    }
}

/// How one point was treated (COINr's `TreatFlags`: `No`, `WHigh`, `WLow`, `CTLog`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TreatFlag {
    /// Unchanged.
    No,
    /// Winsorised from above.
    WinsorisedHigh,
    /// Winsorised from below.
    WinsorisedLow,
    /// Log-transformed (the whole column is).
    Transformed,
}

/// What happened to one indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TreatOutcome {
    /// Within the thresholds: unchanged.
    Unchanged,
    /// Brought within the thresholds by Winsorisation (or stopped by `winmax` exactly there).
    Winsorised,
    /// Winsorisation failed; this log transform was applied to the untreated column.
    Transformed(LogFallback),
    /// Winsorisation failed and no transform could be applied (`Log` with values ≤ 0, or
    /// `NoTransform`): left untreated.
    Untreated,
}

/// Per-indicator treatment report (COINr's `TreatSummary` row, with the statistics).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TreatReport {
    /// The indicator.
    pub indicator: String,
    /// Winsorisation steps made.
    pub steps: usize,
    /// Points flagged Winsorised high (COINr `High`).
    pub high: usize,
    /// Points flagged Winsorised low (COINr `Low`).
    pub low: usize,
    /// The outcome.
    pub outcome: TreatOutcome,
    /// Skewness before treatment.
    pub skew_before: f64,
    /// Kurtosis before treatment.
    pub kurt_before: f64,
    /// Skewness after treatment.
    pub skew_after: f64,
    /// Kurtosis after treatment.
    pub kurt_after: f64,
    /// Per unit, how its value was treated.
    pub flags: Vec<TreatFlag>,
}

impl TreatReport {
    /// Whether a log transform was applied.
    pub fn log_applied(&self) -> bool {
        matches!(self.outcome, TreatOutcome::Transformed(_))
    }
}

/// The treated data and the report of each column.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Treated {
    /// The data after treatment.
    pub data: Matrix,
    /// One report per column, in column order (empty if treatment was skipped).
    pub reports: Vec<TreatReport>,
}

impl Treated {
    /// Indicators with at least one Winsorised point.
    pub fn n_winsorised_indicators(&self) -> usize {
        self.reports.iter().filter(|r| r.high + r.low > 0).count()
    }

    /// Total points Winsorised `(high, low)`.
    pub fn points(&self) -> (usize, usize) {
        self.reports
            .iter()
            .fold((0, 0), |(h, l), r| (h + r.high, l + r.low))
    }

    /// Indicators log-transformed.
    pub fn transformed(&self) -> Vec<&str> {
        self.reports
            .iter()
            .filter(|r| r.log_applied())
            .map(|r| r.indicator.as_str())
            .collect()
    }
}

pub(super) fn present(x: &[Option<f64>]) -> Vec<f64> {
    x.iter().flatten().copied().collect()
}

fn treat_column(
    code: &str,
    x: &[Option<f64>],
    opt: &TreatOptions,
    winmax: usize,
) -> Result<(Vec<Option<f64>>, TreatReport), CompositeError> {
    let outside = |sk: f64, kt: f64| sk.abs() > opt.t_skew && kt > opt.t_kurt;
    let v0 = present(x);
    let (sk0, kt0) = (skew_of(&v0), kurt_of(&v0));
    // COINr6 `coin_win`: windir 0 = follow the skew, 1 = always high, -1 = always low.
    let windir = match (opt.winchange, sk0 > 0.0) {
        (true, _) => 0,
        (false, true) => 1,
        (false, false) => -1,
    };
    let mut w = x.to_vec();
    let (mut sk, mut kt) = (sk0, kt0);
    let mut steps = 0;
    let (mut imax, mut imin): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    let cannot = || CompositeError::CannotWinsorise {
        indicator: code.to_owned(),
    };
    while outside(sk, kt) && steps < winmax {
        let high = (sk >= 0.0 && windir == 0) || windir == 1;
        let vals = present(&w);
        let ext = if high {
            vals.iter().copied().fold(f64::NEG_INFINITY, f64::max)
        } else {
            vals.iter().copied().fold(f64::INFINITY, f64::min)
        };
        let at: Vec<usize> = (0..w.len()).filter(|&i| w[i] == Some(ext)).collect();
        let rest = vals.iter().copied().filter(|&v| v != ext);
        let next = if high {
            rest.fold(f64::NEG_INFINITY, f64::max)
        } else {
            rest.fold(f64::INFINITY, f64::min)
        };
        if !next.is_finite() {
            return Err(cannot());
        }
        for &i in &at {
            w[i] = Some(next);
        }
        if high {
            imax = at;
        } else {
            imin = at;
        }
        steps += 1;
        let vals = present(&w);
        if vals.iter().all(|&v| v == vals[0]) {
            return Err(cannot());
        }
        sk = skew_of(&vals);
        kt = kurt_of(&vals);
    }
    let mut flags = vec![TreatFlag::No; x.len()];
    let (out, outcome) = if steps >= winmax && outside(sk, kt) {
        // Winsorisation failed: transform the untreated column.
        let (mn, mx) = v0
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        let shift = match opt.fallback {
            LogFallback::CtLog => Some(-mn + 0.01 * (mx - mn)),
            LogFallback::CtLogOrig => Some(-mn + 1.0),
            LogFallback::Log if mn > 0.0 => Some(0.0),
            LogFallback::Log | LogFallback::NoTransform => None,
        };
        match shift {
            Some(s) => {
                flags.fill(TreatFlag::Transformed);
                let t = x.iter().map(|v| v.map(|v| (v + s).ln())).collect();
                (t, TreatOutcome::Transformed(opt.fallback))
            }
            None => (x.to_vec(), TreatOutcome::Untreated),
        }
    } else {
        for &i in &imax {
            flags[i] = TreatFlag::WinsorisedHigh;
        }
        for &i in &imin {
            flags[i] = TreatFlag::WinsorisedLow;
        }
        let outcome = if steps > 0 {
            TreatOutcome::Winsorised
        } else {
            TreatOutcome::Unchanged
        };
        (w, outcome)
    };
    let v1 = present(&out);
    let report = TreatReport {
        indicator: code.to_owned(),
        steps,
        high: flags
            .iter()
            .filter(|f| **f == TreatFlag::WinsorisedHigh)
            .count(),
        low: flags
            .iter()
            .filter(|f| **f == TreatFlag::WinsorisedLow)
            .count(),
        outcome,
        skew_before: sk0,
        kurt_before: kt0,
        skew_after: skew_of(&v1),
        kurt_after: kurt_of(&v1),
        flags,
    };
    Ok((out, report))
}

/// Treats outliers in every column (COINr6 `treat` with default, non-individual settings).
///
/// Per column: while `|skew| > t_skew && kurt > t_kurt` and fewer than `winmax` steps were
/// made, replace all values equal to the maximum (skew ≥ 0; the minimum if skew < 0) by the
/// largest (smallest) remaining value. If the thresholds are still exceeded after `winmax`
/// steps, the fallback transform is applied to the **untreated** column. Flags follow COINr:
/// the points replaced in the last high step are `WinsorisedHigh` (they include all points
/// replaced before on that side), those of the last low step `WinsorisedLow`.
///
/// ```
/// use chitieu::composite::{treat, Matrix, TreatOptions, TreatOutcome};
/// let mut x: Vec<_> = (1..=20).map(|v| Some(v as f64)).collect();
/// x[19] = Some(200.0); // one high outlier
/// let m = Matrix::from_columns((1..=20).map(|u| u.to_string()), ["x"], vec![x])?;
/// let t = treat(&m, &TreatOptions::default())?;
/// let r = &t.reports[0];
/// assert_eq!((r.steps, r.high, r.low, r.outcome), (1, 1, 0, TreatOutcome::Winsorised));
/// assert_eq!(t.data.column("x").unwrap()[19], Some(19.0));
/// # Ok::<(), chitieu::composite::CompositeError>(())
/// ```
pub fn treat(data: &Matrix, options: &TreatOptions) -> Result<Treated, CompositeError> {
    treat_by(data, Some(options), &[])
}

/// [`treat`] with per-indicator settings (COINr's `indiv_specs`): `by_indicator` names a
/// column and its settings, `None` leaving it untreated; `options` (or no treatment when
/// `None`) applies to the others. Untreated columns have no report.
pub fn treat_by(
    data: &Matrix,
    options: Option<&TreatOptions>,
    by_indicator: &[(String, Option<TreatOptions>)],
) -> Result<Treated, CompositeError> {
    let codes: Vec<&str> = data.codes.iter().map(String::as_str).collect();
    super::normalise::check_overrides(
        &codes,
        by_indicator.iter().map(|(c, _)| c.as_str()),
        "treatment",
    )?;
    let mut columns = Vec::with_capacity(data.columns.len());
    let mut reports = Vec::with_capacity(data.columns.len());
    for (code, col) in data.codes.iter().zip(&data.columns) {
        let chosen = match by_indicator.iter().find(|(c, _)| c == code) {
            Some((_, o)) => o.as_ref(),
            None => options,
        };
        let Some(o) = chosen else {
            columns.push(col.clone());
            continue;
        };
        if !(o.t_skew.is_finite() && o.t_kurt.is_finite()) {
            return Err(invalid(
                "treatment thresholds",
                format!("({}, {})", o.t_skew, o.t_kurt),
                "finite skew and kurtosis thresholds",
            ));
        }
        let winmax = o
            .winmax
            .unwrap_or_else(|| (data.n_units() as f64 * 0.1).ceil() as usize);
        let (c, r) = treat_column(code, col, o, winmax)?;
        columns.push(c);
        reports.push(r);
    }
    Ok(Treated {
        data: data.with_columns(data.codes.clone(), columns),
        reports,
    })
}
