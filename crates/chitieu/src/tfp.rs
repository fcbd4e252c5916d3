//! TFP growth accounting for many units at once, from a long table of series.
//!
//! Each unit's output, capital (or investment, turned into capital by perpetual inventory),
//! labour and factor shares are read from the table, aligned on the years of the output
//! series, and passed to [`crate::growth::growth_accounting`]. Units that report none of the
//! series are skipped; a unit that reports some but not all, or whose series have gaps or
//! invalid values, gets an error naming the unit, the series and the year.
//!
//! ```
//! use chitieu::{KeyColumn, Observation, Observations};
//! use chitieu::tfp::{tfp_by_unit, CapitalInput, ShareInput, TfpSpec};
//! let mut rows = Vec::new();
//! for (y, out, k, l) in [(2010, 100.0, 200.0, 50.0), (2011, 110.0, 216.0, 51.0),
//!                        (2012, 118.0, 235.0, 52.5), (2013, 129.0, 251.0, 53.0)] {
//!     rows.push(Observation::new("p", "grdp_constant", y, Some(out)));
//!     rows.push(Observation::new("p", "capital_stock_constant", y, Some(k)));
//!     rows.push(Observation::new("p", "employment", y, Some(l)));
//! }
//! let table = Observations::with_key(rows, KeyColumn::Component)?;
//! let spec = TfpSpec::new("grdp_constant", CapitalInput::Stock("capital_stock_constant".into()),
//!                         "employment", ShareInput::Fixed(0.4));
//! let (ok, errors) = tfp_by_unit(&table, &spec);
//! assert!(errors.is_empty());
//! assert!((ok[0].accounting.summary.tfp_share.unwrap() - 50.5912).abs() < 1e-4);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::growth::{
    growth_accounting, perpetual_inventory, sensitivity, Accounting, AccountingOptions,
    CapitalSource, GrowthError, InitialStock, SensitivityRow, Shares,
};
use crate::observations::Observations;

/// Where capital comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CapitalInput {
    /// A capital stock series at constant prices.
    Stock(String),
    /// An investment series at constant prices, accumulated by perpetual inventory.
    Investment {
        /// Series id.
        series: String,
        /// Depreciation rate δ.
        depreciation: f64,
        /// Initial stock rule.
        initial: InitialStock,
    },
}

/// How factor shares are given.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum ShareInput {
    /// One capital share α_K for every year.
    Fixed(f64),
    /// A capital-share series; labour share `1 − α_K` averaged over adjacent years
    /// (Törnqvist). A constant series gives the fixed-share result.
    CapitalShareSeries(String),
    /// A labour-share series, averaged over adjacent years (Törnqvist, as in PWT).
    LabourShareSeries(String),
}

/// What to account for and how.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TfpSpec {
    /// Output series id (constant prices).
    pub output: String,
    /// Capital.
    pub capital: CapitalInput,
    /// Labour series id.
    pub labour: String,
    /// Factor shares.
    pub shares: ShareInput,
    /// Growth measure, labour input, index base year.
    pub options: AccountingOptions,
}

impl TfpSpec {
    /// A specification with default options (log differences).
    pub fn new(output: &str, capital: CapitalInput, labour: &str, shares: ShareInput) -> Self {
        Self {
            output: output.to_owned(),
            capital,
            labour: labour.to_owned(),
            shares,
            options: AccountingOptions::default(),
        }
    }

    /// The conventions in one line (for provenance columns).
    pub fn describe(&self) -> String {
        self.describe_text().en
    }

    /// [`TfpSpec::describe`] in both languages.
    ///
    /// ```
    /// use chitieu::tfp::{CapitalInput, ShareInput, TfpSpec};
    /// let spec = TfpSpec::new("grdp", CapitalInput::Stock("capital".into()), "employment",
    ///                         ShareInput::Fixed(0.4));
    /// assert!(spec.describe_text().vi.starts_with("hạch toán tăng trưởng: sản lượng 'grdp'"));
    /// ```
    pub fn describe_text(&self) -> crate::vocabulary::Bilingual {
        crate::vocabulary::Bilingual::by(|l| self.describe_in(l == crate::vocabulary::Lang::Vi))
    }

    /// The description in Vietnamese (`vi`) or English: one structure, each phrase in both.
    fn describe_in(&self, vi: bool) -> String {
        let pick = |v: String, e: String| if vi { v } else { e };
        let capital = match &self.capital {
            CapitalInput::Stock(s) => pick(format!("vốn '{s}'"), format!("capital stock '{s}'")),
            CapitalInput::Investment {
                series,
                depreciation,
                initial,
            } => {
                let start = match initial {
                    InitialStock::SteadyState { growth_years: n } => pick(
                        format!("vốn ban đầu I0/(g+δ), g = tốc độ tăng đầu tư trong {n} năm đầu"),
                        format!("initial stock I0/(g+δ), g = investment growth over the first {n} years"),
                    ),
                    InitialStock::Given { stock } => {
                        pick(format!("vốn ban đầu {stock}"), format!("initial stock {stock}"))
                    }
                };
                let d = depreciation;
                pick(
                    format!("vốn tính bằng phương pháp kiểm kê liên tục từ '{series}' (δ = {d}, {start})"),
                    format!("capital by perpetual inventory from '{series}' (δ = {d}, {start})"),
                )
            }
        };
        let shares = match &self.shares {
            ShareInput::Fixed(a) => pick(
                format!("tỷ phần vốn cố định {a}"),
                format!("fixed capital share {a}"),
            ),
            ShareInput::CapitalShareSeries(s) => pick(
                format!("tỷ phần vốn '{s}', bình quân Törnqvist của hai năm liền kề"),
                format!("capital share '{s}', Törnqvist average of adjacent years"),
            ),
            ShareInput::LabourShareSeries(s) => pick(
                format!("tỷ phần lao động '{s}', bình quân Törnqvist của hai năm liền kề"),
                format!("labour share '{s}', Törnqvist average of adjacent years"),
            ),
        };
        let (output, labour) = (&self.output, &self.labour);
        let (opts, growth) = (self.options.labour, self.options.growth);
        if vi {
            format!(
                "hạch toán tăng trưởng: sản lượng '{output}', {capital}, lao động '{labour}' ({}), \
                 {shares}, {}",
                opts.describe_vi(),
                growth.describe_vi()
            )
        } else {
            format!(
                "growth accounting: output '{output}', {capital}, labour '{labour}' ({}), \
                 {shares}, {}",
                opts.describe(),
                growth.describe()
            )
        }
    }

    fn series_ids(&self) -> Vec<&str> {
        let mut ids = vec![self.output.as_str(), self.labour.as_str()];
        ids.push(match &self.capital {
            CapitalInput::Stock(s) => s,
            CapitalInput::Investment { series, .. } => series,
        });
        match &self.shares {
            ShareInput::Fixed(_) => {}
            ShareInput::CapitalShareSeries(s) | ShareInput::LabourShareSeries(s) => ids.push(s),
        }
        ids
    }
}

/// One unit's growth accounting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitTfp {
    /// Unit id.
    pub unit_id: String,
    /// The accounting.
    pub accounting: Accounting,
}

/// Why a unit could not be accounted for.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TfpProblem {
    /// The unit reports some series of the accounting but not this one.
    #[error("no '{series}' series")]
    MissingSeries {
        /// Series id.
        series: String,
    },
    /// The growth accounting refused the unit's series.
    #[error("{0}")]
    Growth(GrowthError),
}

/// A unit that could not be accounted for.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("unit '{unit_id}': {problem}")]
pub struct TfpError {
    /// Unit id.
    pub unit_id: String,
    /// What went wrong.
    pub problem: TfpProblem,
}

/// The units of `table` that report at least one of the spec's series.
fn units_of<'a>(table: &'a Observations, spec: &TfpSpec) -> BTreeSet<&'a str> {
    let ids = spec.series_ids();
    table
        .all_series()
        .filter(|s| ids.contains(&s.indicator()))
        .map(|s| s.unit_id())
        .collect()
}

/// Accounts for every unit of `table` that reports at least one of the spec's series.
/// Returns the units accounted for and the errors of the others (both sorted by unit).
pub fn tfp_by_unit(table: &Observations, spec: &TfpSpec) -> (Vec<UnitTfp>, Vec<TfpError>) {
    let units = units_of(table, spec);
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for unit in units {
        match account_unit(table, unit, spec) {
            Ok(accounting) => ok.push(UnitTfp {
                unit_id: unit.to_owned(),
                accounting,
            }),
            Err(problem) => errors.push(TfpError {
                unit_id: unit.to_owned(),
                problem,
            }),
        }
    }
    (ok, errors)
}

/// The years of a unit's output series (the span accounted for).
pub fn output_years(table: &Observations, unit: &str, spec: &TfpSpec) -> Vec<i32> {
    table.series(unit, &spec.output).years().to_vec()
}

/// One unit's accounting (see [`tfp_by_unit`]).
pub(crate) fn account_unit(
    table: &Observations,
    unit: &str,
    spec: &TfpSpec,
) -> Result<Accounting, TfpProblem> {
    for id in spec.series_ids() {
        if table.series(unit, id).is_empty() {
            return Err(TfpProblem::MissingSeries {
                series: id.to_owned(),
            });
        }
    }
    let years = output_years(table, unit, spec);
    let aligned = |id: &str| aligned(table, unit, id, &years);
    let output = aligned(&spec.output);
    let labour = aligned(&spec.labour);
    let capital = match &spec.capital {
        CapitalInput::Stock(id) => aligned(id),
        CapitalInput::Investment {
            series,
            depreciation,
            initial,
        } => perpetual_inventory(&years, &aligned(series), *depreciation, *initial)
            .map_err(TfpProblem::Growth)?
            .series(),
    };
    let labour_share: Vec<Option<f64>>;
    let shares = match &spec.shares {
        ShareInput::Fixed(a) => Shares::fixed(*a),
        ShareInput::CapitalShareSeries(id) => {
            labour_share = aligned(id)
                .into_iter()
                .map(|s| s.map(|s| 1.0 - s))
                .collect();
            Shares::tornqvist(&labour_share)
        }
        ShareInput::LabourShareSeries(id) => {
            labour_share = aligned(id);
            Shares::tornqvist(&labour_share)
        }
    };
    growth_accounting(&years, &output, &capital, &labour, shares, &spec.options)
        .map_err(TfpProblem::Growth)
}

/// TFP share over a grid of capital shares (and depreciation rates, when capital comes from
/// investment) for every unit, as [`tfp_by_unit`] selects them. Shares are fixed over time
/// in the grid; the spec's own share rule is not used.
pub fn sensitivity_by_unit(
    table: &Observations,
    spec: &TfpSpec,
    capital_shares: &[f64],
    depreciations: &[f64],
) -> (Vec<(String, Vec<SensitivityRow>)>, Vec<TfpError>) {
    let units = units_of(table, spec);
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for unit in units {
        let result = (|| {
            for id in [spec.output.as_str(), spec.labour.as_str()] {
                if table.series(unit, id).is_empty() {
                    return Err(TfpProblem::MissingSeries {
                        series: id.to_owned(),
                    });
                }
            }
            let years = output_years(table, unit, spec);
            let aligned = |id: &str| aligned(table, unit, id, &years);
            let (output, labour) = (aligned(&spec.output), aligned(&spec.labour));
            let stock;
            let invest;
            let capital = match &spec.capital {
                CapitalInput::Stock(id) => {
                    stock = aligned(id);
                    CapitalSource::Stock(&stock)
                }
                CapitalInput::Investment {
                    series, initial, ..
                } => {
                    invest = aligned(series);
                    CapitalSource::Investment {
                        investment: &invest,
                        initial: *initial,
                        depreciation: depreciations,
                    }
                }
            };
            sensitivity(
                &years,
                &output,
                capital,
                &labour,
                capital_shares,
                spec.options.growth,
            )
            .map_err(TfpProblem::Growth)
        })();
        match result {
            Ok(rows) => ok.push((unit.to_owned(), rows)),
            Err(problem) => errors.push(TfpError {
                unit_id: unit.to_owned(),
                problem,
            }),
        }
    }
    (ok, errors)
}

/// A unit's series `id` on `years` (None where absent or missing).
fn aligned(table: &Observations, unit: &str, id: &str, years: &[i32]) -> Vec<Option<f64>> {
    let s = table.series(unit, id);
    years.iter().map(|y| s.value_in(*y)).collect()
}

/// The headline TFP share (share of summed output growth) over every window of `window`
/// consecutive growth years of a unit's accounting: (first year, last year, share).
///
/// ```
/// use chitieu::growth::{growth_accounting, AccountingOptions, Shares};
/// use chitieu::tfp::window_shares;
/// let y = [Some(100.0), Some(110.0), Some(118.0), Some(129.0)];
/// let k = [Some(200.0), Some(216.0), Some(235.0), Some(251.0)];
/// let l = [Some(50.0), Some(51.0), Some(52.5), Some(53.0)];
/// let acc = growth_accounting(&[2010, 2011, 2012, 2013], &y, &k, &l, Shares::fixed(0.4),
///                             &AccountingOptions::default())?;
/// let w = window_shares(&acc, 3);
/// assert_eq!(w.len(), 1);
/// assert!((w[0].2.unwrap() - 50.5912).abs() < 1e-4); // docs/methods.md §4 period share
/// # Ok::<(), chitieu::growth::GrowthError>(())
/// ```
pub fn window_shares(acc: &Accounting, window: usize) -> Vec<(i32, i32, Option<f64>)> {
    if window == 0 {
        return Vec::new();
    }
    acc.annual
        .windows(window)
        .filter_map(|w| {
            let (first, last) = (w[0].year, w[w.len() - 1].year);
            acc.period(first, last)
                .ok()
                .map(|s| (first, last, s.tfp_share))
        })
        .collect()
}

/// Every unit error of a batch, for `?`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct TfpErrors(pub Vec<TfpError>);

impl fmt::Display for TfpErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} unit(s) could not be accounted for", self.0.len())?;
        for e in &self.0 {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

/// A capital share given as one number or as a series id (the JSON form).
#[derive(Deserialize)]
#[serde(untagged)]
enum ShareJson {
    Fixed(f64),
    Series(String),
}

/// The JSON form of a [`TfpSpec`] (what `chitieu.growth_accounting` sends).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecJson {
    output: String,
    labour: String,
    capital: Option<String>,
    investment: Option<String>,
    capital_share: Option<ShareJson>,
    labour_share: Option<String>,
    method: String,
    labour_input: String,
    depreciation: f64,
    initial_growth_years: usize,
    initial_stock: Option<f64>,
    index_base_year: Option<i32>,
}

/// A specification that cannot be read (its JSON, or a combination of inputs).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SpecError(String);

impl TfpSpec {
    /// Reads the JSON form: `output`, `labour`, exactly one of `capital` (a stock series) or
    /// `investment` (with `depreciation`, `initial_stock` or `initial_growth_years`), exactly
    /// one of `capital_share` (a number or a series id) or `labour_share` (a series id),
    /// `method`, `labour_input` and `index_base_year`.
    ///
    /// ```
    /// use chitieu::tfp::{CapitalInput, TfpSpec};
    /// let s = TfpSpec::from_json(r#"{"output": "grdp", "labour": "emp", "capital": "k",
    ///     "investment": null, "capital_share": 0.4, "labour_share": null,
    ///     "method": "log_difference", "labour_input": "employment", "depreciation": 0.05,
    ///     "initial_growth_years": 10, "initial_stock": null, "index_base_year": null}"#)?;
    /// assert_eq!(s.capital, CapitalInput::Stock("k".into()));
    /// assert!(TfpSpec::from_json("{}").is_err());
    /// # Ok::<(), chitieu::tfp::SpecError>(())
    /// ```
    pub fn from_json(json: &str) -> Result<Self, SpecError> {
        let bad = |m: &str| SpecError(m.to_owned());
        let s: SpecJson = serde_json::from_str(json).map_err(|e| SpecError(e.to_string()))?;
        let capital = match (s.capital, s.investment) {
            (Some(k), None) => CapitalInput::Stock(k),
            (None, Some(i)) => CapitalInput::Investment {
                series: i,
                depreciation: s.depreciation,
                initial: match s.initial_stock {
                    Some(stock) => InitialStock::Given { stock },
                    None => InitialStock::SteadyState {
                        growth_years: s.initial_growth_years,
                    },
                },
            },
            _ => {
                return Err(bad(
                    "give exactly one of capital= (a stock series) or investment=",
                ))
            }
        };
        let shares = match (s.capital_share, s.labour_share) {
            (Some(ShareJson::Fixed(a)), None) => ShareInput::Fixed(a),
            (Some(ShareJson::Series(id)), None) => ShareInput::CapitalShareSeries(id),
            (None, Some(id)) => ShareInput::LabourShareSeries(id),
            _ => {
                return Err(bad(
                    "give exactly one of capital_share= (a number or a series) or \
                     labour_share= (a series)",
                ))
            }
        };
        let growth_error = |e: GrowthError| SpecError(e.to_string());
        let mut spec = Self::new(&s.output, capital, &s.labour, shares);
        spec.options = AccountingOptions {
            growth: s.method.parse().map_err(growth_error)?,
            labour: s.labour_input.parse().map_err(growth_error)?,
            index_base_year: s.index_base_year,
        };
        Ok(spec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::growth::GrowthMeasure;
    use crate::{KeyColumn, Observation};

    /// docs/methods.md §4 worked example for two units, one with a gap.
    fn table() -> Observations {
        let mut rows = Vec::new();
        let data = [
            (2010, 100.0, 200.0, 50.0),
            (2011, 110.0, 216.0, 51.0),
            (2012, 118.0, 235.0, 52.5),
            (2013, 129.0, 251.0, 53.0),
        ];
        for unit in ["a", "b"] {
            for (y, out, k, l) in data {
                rows.push(Observation::new(unit, "grdp_constant", y, Some(out)));
                let k = if unit == "b" && y == 2012 {
                    None
                } else {
                    Some(k)
                };
                rows.push(Observation::new(unit, "capital_stock_constant", y, k));
                rows.push(Observation::new(unit, "employment", y, Some(l)));
                rows.push(Observation::new(unit, "capital_share", y, Some(0.4)));
            }
        }
        rows.push(Observation::new("c", "grdp_constant", 2010, Some(1.0)));
        rows.push(Observation::new("d", "population", 2010, Some(1.0)));
        Observations::with_key(rows, KeyColumn::Component).unwrap()
    }

    #[test]
    fn units_are_accounted_or_reported() {
        let spec = TfpSpec::new(
            "grdp_constant",
            CapitalInput::Stock("capital_stock_constant".into()),
            "employment",
            ShareInput::CapitalShareSeries("capital_share".into()),
        );
        let (ok, errors) = tfp_by_unit(&table(), &spec);
        assert_eq!(ok.len(), 1);
        let a = &ok[0].accounting;
        // A constant capital-share series equals the fixed-share result (docs/methods.md §4).
        for (got, want) in a.annual.iter().zip([55.2346, 27.1905, 64.0581]) {
            assert!((got.tfp_share.unwrap() - want).abs() < 1e-4);
        }
        let msgs: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}"); // b has a gap, c lacks series; d is not asked
        assert!(msgs[0].starts_with("unit 'b': capital"), "{msgs:?}");
        assert!(msgs[0].contains("2012"), "{msgs:?}");
        assert_eq!(msgs[1], "unit 'c': no 'employment' series");
    }

    #[test]
    fn investment_and_rates() {
        let mut rows = Vec::new();
        for (i, y) in (2010..2016).enumerate() {
            let g = 1.06f64.powi(i as i32);
            rows.push(Observation::new("a", "grdp_constant", y, Some(100.0 * g)));
            rows.push(Observation::new(
                "a",
                "investment_constant",
                y,
                Some(30.0 * g),
            ));
            rows.push(Observation::new("a", "employment", y, Some(50.0)));
        }
        let t = Observations::with_key(rows, KeyColumn::Component).unwrap();
        let mut spec = TfpSpec::new(
            "grdp_constant",
            CapitalInput::Investment {
                series: "investment_constant".into(),
                depreciation: 0.05,
                initial: InitialStock::SteadyState { growth_years: 5 },
            },
            "employment",
            ShareInput::Fixed(0.4),
        );
        spec.options.growth = GrowthMeasure::Rate;
        let (ok, errors) = tfp_by_unit(&t, &spec);
        assert!(errors.is_empty(), "{errors:?}");
        // Near the steady state K grows with I at 6% and L is flat, so g_A → 6% − 0.4·6%
        // and the TFP share → 60%. K0 = I0/(g+δ) starts slightly below the steady path
        // (I0(1+g)/(g+δ)), so capital grows faster at first and the share converges from
        // below.
        let shares: Vec<f64> = ok[0]
            .accounting
            .annual
            .iter()
            .map(|y| y.tfp_share.unwrap())
            .collect();
        assert!(
            shares.windows(2).all(|w| w[0] < w[1] && w[1] < 60.0),
            "{shares:?}"
        );
        // First year by hand: K0 = 30/(0.06+0.05), K1 = 0.95 K0 + 31.8.
        let (k0, k1) = (30.0 / 0.11, 0.95 * 30.0 / 0.11 + 31.8);
        let first = 100.0 * (0.06 - 0.4 * (k1 / k0 - 1.0)) / 0.06;
        assert!((shares[0] - first).abs() < 1e-9, "{shares:?} vs {first}");
        assert!(spec.describe().contains("perpetual inventory"));
    }
}
