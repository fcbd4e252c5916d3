//! Derivation of indicators from raw statistics with the catalog's formulas.
//!
//! Which (unit, year) gets a value: an indicator is derived for a unit when every term of its
//! formula has a series for that unit (so national indicators such as the share of the state
//! budget are not asked of provinces that report no state budget), and then for every year
//! in which at least one of its *primary* terms has a row (the numerator of a ratio, the
//! terms of a sum). A series that starts late therefore produces no earlier rows, while a
//! missing year of a denominator, or of one part of a numerator, is reported.
//!
//! What happens to problems:
//!
//! | problem | strict | non-strict |
//! |---|---|---|
//! | a term has no row for the unit-year | error | null value, flag `not_computed: ...` |
//! | denominator ≤ 0 | error | null value, flag `not_computed: ...` |
//! | a term's value is null (explicit missing) | null value, flag `not_computed: ...` | same |
//! | unknown component in the raw table | error | error |
//!
//! Every derived row carries its provenance: `source` is `chitieu: <formula>` and `flag`
//! carries the flags of the components used (e.g. `provisional`), so nothing is lost.
//!
//! Growth-accounting indicators are derived per unit with [`crate::tfp`]: the value of year
//! t of `tfp_contribution` is the TFP share (%) of output growth from t − 1 to t, and that of
//! `tfp_contribution_5y` the share of summed growth over the five years ending in t (the
//! headline of a plan period, docs/methods.md §4; first value five years after the series starts),
//! growth measured as rates (as in the Statistics Office's tables), capital from the capital
//! stock series when the unit has one, else by perpetual inventory from investment
//! (δ = 0.05, initial stock I0/(g+δ) with g the investment growth over the first 5 years),
//! factor shares from the capital-share series (Törnqvist average of adjacent years). The
//! `source` column states these conventions. A unit whose series cannot be accounted for
//! (a gap, a non-positive value) is an error in strict mode and null values flagged
//! `not_computed: ...` otherwise.
//!
//! ```
//! use chitieu::{Observation, Observations, KeyColumn};
//! use chitieu::catalog::Catalog;
//! use chitieu::derive::derive;
//! let raw = Observations::with_key(vec![
//!     Observation::new("lai-chau", "stinv_spending", 2023, Some(90.0)),
//!     Observation::new("lai-chau", "local_budget_expenditure", 2023, Some(9000.0)),
//! ], KeyColumn::Component)?;
//! let obs = derive(&raw, Catalog::builtin(), true)?;
//! let share = obs.series("lai-chau", "stinv_local_budget_share");
//! assert!(share.values().eq([Some(1.0)]));
//! assert_eq!(share.get(0).unwrap().source, Some("chitieu: 100 × stinv_spending / local_budget_expenditure"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use serde::Serialize;

use crate::catalog::{Catalog, Formula, Indicator};
use crate::growth::{GrowthMeasure, InitialStock};
use crate::observations::{Observation, Observations};
use crate::tfp::{account_unit, output_years, CapitalInput, ShareInput, TfpSpec};

/// Depreciation rate used by [`derive()`] when capital comes from investment.
pub const DEFAULT_DEPRECIATION: f64 = 0.05;
/// Years of investment growth behind the initial capital stock in [`derive()`].
pub const DEFAULT_GROWTH_YEARS: usize = 5;

/// A problem met while deriving indicators.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DeriveError {
    /// A component in the raw table that the catalog does not define.
    #[error("unknown component '{component}' ({rows} row(s), first at row {first_row}){hint}; define it in extra definitions or remove it")]
    UnknownComponent {
        /// The component id.
        component: String,
        /// How many rows carry it.
        rows: usize,
        /// First row (0-based, in the sorted raw table) carrying it.
        first_row: usize,
        /// "; did you mean ...?".
        hint: String,
    },
    /// A term of the formula has no row for the unit and year.
    #[error("unit '{unit_id}', indicator '{indicator}', year {year}: no row for '{term}'")]
    MissingTerm {
        /// Unit.
        unit_id: String,
        /// Indicator being derived.
        indicator: String,
        /// Year.
        year: i32,
        /// Missing component or indicator.
        term: String,
    },
    /// Growth accounting refused the unit's series.
    #[error("unit '{unit_id}', indicator '{indicator}': {message}")]
    GrowthAccounting {
        /// Unit.
        unit_id: String,
        /// Indicator being derived.
        indicator: String,
        /// What growth accounting said (names the series and year).
        message: String,
    },
    /// The denominator of a ratio is zero or negative.
    #[error("unit '{unit_id}', indicator '{indicator}', year {year}: denominator {value} is not positive")]
    NonPositiveDenominator {
        /// Unit.
        unit_id: String,
        /// Indicator being derived.
        indicator: String,
        /// Year.
        year: i32,
        /// The denominator's value.
        value: f64,
    },
}

impl DeriveError {
    /// Stable snake_case code of the error kind.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownComponent { .. } => "unknown_component",
            Self::MissingTerm { .. } => "missing_term",
            Self::NonPositiveDenominator { .. } => "non_positive_denominator",
            Self::GrowthAccounting { .. } => "growth_accounting",
        }
    }
}

/// Every problem found while deriving.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
pub struct DeriveErrors {
    errors: Vec<DeriveError>,
}

impl DeriveErrors {
    /// The problems, in indicator then unit then year order.
    pub fn errors(&self) -> &[DeriveError] {
        &self.errors
    }
}

impl fmt::Display for DeriveErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 10;
        let n = self.errors.len();
        write!(
            f,
            "{n} error{} deriving indicators",
            if n == 1 { "" } else { "s" }
        )?;
        for e in self.errors.iter().take(SHOWN) {
            write!(f, "\n  {e}")?;
        }
        if n > SHOWN {
            write!(f, "\n  ... and {} more", n - SHOWN)?;
        }
        Ok(())
    }
}

/// A cell of the raw table or of an indicator already derived.
#[derive(Debug, Clone)]
struct Cell {
    value: Option<f64>,
    flag: Option<String>,
}

/// (unit, term) → year → cell.
type Table = HashMap<(String, String), BTreeMap<i32, Cell>>;

/// Derives every derivable catalog indicator (ratio and sum formulas) from raw statistics.
///
/// `raw` is a long table of components (read with [`crate::KeyColumn::Component`]; each
/// row's `indicator` field holds a component id). Returns observations sorted by key; see
/// the module docs for what happens to gaps and bad values in `strict` and non-strict mode.
pub fn derive(
    raw: &Observations,
    catalog: &Catalog,
    strict: bool,
) -> Result<Observations, DeriveErrors> {
    let mut errors = Vec::new();
    let mut table: Table = HashMap::new();
    let mut unknown: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (row, o) in raw.iter().enumerate() {
        if catalog.component(o.indicator).is_none() {
            unknown.entry(o.indicator).or_insert((0, row)).0 += 1;
            continue;
        }
        table
            .entry((o.unit_id.to_owned(), o.indicator.to_owned()))
            .or_default()
            .insert(
                o.year,
                Cell {
                    value: o.value,
                    flag: o.flag.map(str::to_owned),
                },
            );
    }
    for (component, (rows, first_row)) in unknown {
        errors.push(DeriveError::UnknownComponent {
            component: component.to_owned(),
            rows,
            first_row,
            hint: catalog.component_hint(component),
        });
    }
    let units: BTreeSet<&str> = raw.unit_ids().iter().map(String::as_str).collect();

    let mut out = Vec::new();
    for indicator in catalog.derivation_order() {
        for &unit in &units {
            let derived = derive_series(unit, indicator, &table, strict, &mut errors);
            let source = format!("chitieu: {}", indicator.formula.describe());
            push_rows(&mut out, unit, indicator, &derived, &source);
            if !derived.is_empty() {
                // Indicators may read indicators derived before them (catalog order).
                table.insert((unit.to_owned(), indicator.id.clone()), derived);
            }
        }
    }
    for indicator in catalog.indicators() {
        if let Formula::GrowthAccounting { .. } = indicator.formula {
            for &unit in &units {
                if let Some((spec, derived)) = derive_tfp(raw, unit, indicator, strict, &mut errors)
                {
                    let source = format!("chitieu: {}", spec.describe());
                    push_rows(&mut out, unit, indicator, &derived, &source);
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(DeriveErrors { errors });
    }
    Ok(Observations::from_valid_rows(&out))
}

fn push_rows(
    out: &mut Vec<Observation>,
    unit: &str,
    indicator: &Indicator,
    derived: &BTreeMap<i32, Cell>,
    source: &str,
) {
    for (year, cell) in derived {
        out.push(Observation {
            unit_id: unit.to_owned(),
            indicator: indicator.id.clone(),
            year: *year,
            value: cell.value,
            source: Some(source.to_owned()),
            flag: cell.flag.clone(),
        });
    }
}

/// The growth-accounting spec of `indicator` for `unit`, or `None` when the unit lacks one
/// of its series (the indicator does not apply to it).
fn tfp_spec(raw: &Observations, unit: &str, indicator: &Indicator) -> Option<TfpSpec> {
    let Formula::GrowthAccounting {
        output,
        capital,
        investment,
        labour,
        capital_share,
        ..
    } = &indicator.formula
    else {
        return None;
    };
    let has = |id: &String| !raw.series(unit, id).is_empty();
    let capital = match (capital, investment) {
        (Some(k), _) if has(k) => CapitalInput::Stock(k.clone()),
        (_, Some(i)) if has(i) => CapitalInput::Investment {
            series: i.clone(),
            depreciation: DEFAULT_DEPRECIATION,
            initial: InitialStock::SteadyState {
                growth_years: DEFAULT_GROWTH_YEARS,
            },
        },
        _ => return None,
    };
    let shares = ShareInput::CapitalShareSeries(capital_share.clone()?);
    if !(has(output) && has(labour) && capital_share.as_ref().is_some_and(has)) {
        return None;
    }
    let mut spec = TfpSpec::new(output, capital, labour, shares);
    spec.options.growth = GrowthMeasure::Rate;
    Some(spec)
}

/// TFP share of output growth by year for one unit.
fn derive_tfp(
    raw: &Observations,
    unit: &str,
    indicator: &Indicator,
    strict: bool,
    errors: &mut Vec<DeriveError>,
) -> Option<(TfpSpec, BTreeMap<i32, Cell>)> {
    let spec = tfp_spec(raw, unit, indicator)?;
    let window = match indicator.formula {
        Formula::GrowthAccounting {
            window: Some(w), ..
        } if w > 1 => w as i32,
        _ => 1,
    };
    let derived = match account_unit(raw, unit, &spec) {
        Ok(acc) => acc
            .annual
            .iter()
            .filter_map(|a| {
                // Each year's share, or the share of summed growth over the window.
                let (share, undefined) = if window == 1 {
                    (a.tfp_share, a.tfp_share_undefined.clone())
                } else {
                    let s = acc.period(a.year - window + 1, a.year).ok()?;
                    (s.tfp_share, s.tfp_share_undefined)
                };
                let flag = undefined.map(|why| format!("not_computed: {why}"));
                Some((a.year, Cell { value: share, flag }))
            })
            .collect(),
        Err(problem) => {
            let message = problem.to_string();
            if strict {
                errors.push(DeriveError::GrowthAccounting {
                    unit_id: unit.to_owned(),
                    indicator: indicator.id.clone(),
                    message: message.clone(),
                });
            }
            output_years(raw, unit, &spec)
                .into_iter()
                .skip(window as usize)
                .map(|year| {
                    let flag = Some(format!("not_computed: {message}"));
                    (year, Cell { value: None, flag })
                })
                .collect()
        }
    };
    Some((spec, derived))
}

/// One indicator for one unit: year → derived cell.
fn derive_series(
    unit: &str,
    indicator: &Indicator,
    table: &Table,
    strict: bool,
    errors: &mut Vec<DeriveError>,
) -> BTreeMap<i32, Cell> {
    let (primary, denominator, scale): (&[String], &[String], f64) = match &indicator.formula {
        Formula::Ratio {
            numerator,
            denominator,
            scale,
        } => (numerator, denominator, *scale),
        Formula::Sum { terms } => (terms, &[], 1.0),
        Formula::Reported | Formula::GrowthAccounting { .. } => return BTreeMap::new(),
    };
    let series = |term: &String| table.get(&(unit.to_owned(), term.clone()));
    if !primary
        .iter()
        .chain(denominator)
        .all(|t| series(t).is_some())
    {
        return BTreeMap::new();
    }
    let years: BTreeSet<i32> = primary
        .iter()
        .filter_map(series)
        .flat_map(|s| s.keys().copied())
        .collect();
    let mut out = BTreeMap::new();
    for year in years {
        let mut problem: Option<String> = None;
        let mut flags = BTreeSet::new();
        let mut sum = |terms: &[String], problem: &mut Option<String>| -> Option<f64> {
            let mut total = 0.0;
            for term in terms {
                match series(term).and_then(|s| s.get(&year)) {
                    None => {
                        if strict {
                            errors.push(DeriveError::MissingTerm {
                                unit_id: unit.to_owned(),
                                indicator: indicator.id.clone(),
                                year,
                                term: term.clone(),
                            });
                        }
                        problem.get_or_insert(format!("not_computed: no row for '{term}'"));
                        return None;
                    }
                    Some(Cell { value: None, .. }) => {
                        problem.get_or_insert(format!("not_computed: '{term}' is missing"));
                        return None;
                    }
                    Some(Cell {
                        value: Some(v),
                        flag,
                    }) => {
                        total += v;
                        flags.extend(flag.iter().flat_map(|f| f.split(';')).map(str::to_owned));
                    }
                }
            }
            Some(total)
        };
        let top = sum(primary, &mut problem);
        let bottom = if denominator.is_empty() {
            Some(1.0)
        } else {
            sum(denominator, &mut problem)
        };
        let value = match (top, bottom) {
            (Some(t), Some(b)) if b > 0.0 => Some(scale * t / b),
            (Some(_), Some(b)) => {
                if strict {
                    errors.push(DeriveError::NonPositiveDenominator {
                        unit_id: unit.to_owned(),
                        indicator: indicator.id.clone(),
                        year,
                        value: b,
                    });
                }
                problem.get_or_insert(format!("not_computed: denominator {b} is not positive"));
                None
            }
            _ => None,
        };
        let flag = match (value, problem) {
            (None, Some(p)) => Some(p),
            _ if flags.is_empty() => None,
            _ => Some(flags.into_iter().collect::<Vec<_>>().join(";")),
        };
        out.insert(year, Cell { value, flag });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Syntax;
    use crate::KeyColumn;

    fn raw(rows: &[(&str, &str, i32, Option<f64>)]) -> Observations {
        Observations::with_key(
            rows.iter()
                .map(|&(u, c, y, v)| Observation::new(u, c, y, v))
                .collect(),
            KeyColumn::Component,
        )
        .unwrap()
    }

    fn value(obs: &Observations, unit: &str, indicator: &str, year: i32) -> Option<f64> {
        obs.series(unit, indicator)
            .iter()
            .find(|o| o.year == year)
            .and_then(|o| o.value)
    }

    /// Hand-computed examples of every formula kind used by the catalog.
    #[test]
    fn formulas_match_hand_computation() {
        let r = raw(&[
            ("lai-chau", "stinv_spending", 2023, Some(120.0)),
            ("lai-chau", "stinv_spending_recurrent", 2023, Some(30.0)),
            ("lai-chau", "local_budget_expenditure", 2023, Some(8000.0)),
            ("lai-chau", "researchers_headcount", 2023, Some(410.0)),
            ("lai-chau", "population", 2023, Some(487_000.0)),
            ("lai-chau", "st_enterprises_count", 2023, Some(3.0)),
            ("lai-chau", "st_tasks_applied", 2023, Some(11.0)),
            ("lai-chau", "st_tasks_accepted", 2023, Some(20.0)),
        ]);
        let obs = derive(&r, Catalog::builtin(), true).unwrap();
        let v = |i| value(&obs, "lai-chau", i, 2023).unwrap();
        assert_eq!(v("stinv_local_budget_share"), 1.5); // 100 × 120 / 8000
        assert_eq!(v("science_operating_share"), 25.0); // 100 × 30 / 120
        assert!((v("researchers_per_10k") - 8.418_891_170_431_212).abs() < 1e-12); // 10000 × 410 / 487000
        assert_eq!(v("st_enterprises"), 3.0);
        assert_eq!(v("st_tasks_applied_share"), 55.0);
        assert_eq!(v("stinv_spending"), 120.0);
        // Nothing is derived where no primary term was reported.
        assert!(obs
            .series("lai-chau", "enterprises_innovating_share")
            .is_empty());
    }

    #[test]
    fn missing_denominator_and_zero_denominator() {
        let r = raw(&[
            ("a", "stinv_spending", 2022, Some(10.0)),
            ("a", "stinv_spending", 2023, Some(12.0)),
            ("a", "local_budget_expenditure", 2023, Some(0.0)),
        ]);
        let err = derive(&r, Catalog::builtin(), true).unwrap_err();
        let codes: Vec<_> = err.errors().iter().map(DeriveError::code).collect();
        // local budget share (2022 missing row, 2023 zero); science_operating_share has no
        // numerator rows, so nothing is asked of it.
        assert_eq!(codes, ["missing_term", "non_positive_denominator"]);
        assert!(err.to_string().contains("unit 'a', indicator 'stinv_local_budget_share', year 2022: no row for 'local_budget_expenditure'"));

        let obs = derive(&r, Catalog::builtin(), false).unwrap();
        let rows = obs.series("a", "stinv_local_budget_share");
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|o| o.value.is_none()));
        assert_eq!(
            rows.get(0).unwrap().flag,
            Some("not_computed: no row for 'local_budget_expenditure'")
        );
        assert_eq!(
            rows.get(1).unwrap().flag,
            Some("not_computed: denominator 0 is not positive")
        );
    }

    #[test]
    fn null_components_give_null_values_in_both_modes_and_flags_propagate() {
        let mut rows: Vec<Observation> = vec![
            Observation::new("a", "researchers_headcount", 2022, None),
            Observation::new("a", "population", 2022, Some(1000.0)),
            Observation::new("a", "researchers_headcount", 2023, Some(2.0))
                .with_flag("provisional"),
            Observation::new("a", "population", 2023, Some(1000.0)).with_flag("estimate"),
        ];
        rows.reverse();
        let r = Observations::with_key(rows, KeyColumn::Component).unwrap();
        let obs = derive(&r, Catalog::builtin(), true).unwrap();
        let s = obs.series("a", "researchers_per_10k");
        assert_eq!(s.get(0).unwrap().value, None);
        assert_eq!(
            s.get(0).unwrap().flag,
            Some("not_computed: 'researchers_headcount' is missing")
        );
        assert_eq!(s.get(1).unwrap().value, Some(20.0));
        assert_eq!(s.get(1).unwrap().flag, Some("estimate;provisional"));
    }

    #[test]
    fn unknown_components_are_errors_in_both_modes() {
        let r = raw(&[("a", "stinv_spendng", 2023, Some(1.0))]);
        for strict in [true, false] {
            let err = derive(&r, Catalog::builtin(), strict).unwrap_err();
            assert!(err.to_string().contains("unknown component 'stinv_spendng' (1 row(s), first at row 0); did you mean 'stinv_spending'?"), "{err}");
        }
    }

    #[test]
    fn user_indicators_may_read_other_indicators() {
        let extra = r#"
[[components]]
id = "st_budget_plan"
name_vi = "Dự toán chi KH&CN"
name_en = "Planned S&T spending"
unit = "vnd_billion"
additive = true
source = "test"

[[indicators]]
id = "st_execution_rate"
name_vi = "Tỷ lệ thực hiện dự toán chi KH&CN"
name_en = "S&T budget execution rate"
unit = "percent"
direction = "increase"
kind = "ratio"
aggregation = "ratio_of_additive"
source = "test"
formula = { kind = "ratio", numerator = ["stinv_spending"], denominator = ["st_budget_plan"], scale = 100.0 }
"#;
        let catalog = Catalog::builtin()
            .extend(extra, "extra.toml", Syntax::Toml)
            .unwrap();
        let r = raw(&[
            ("a", "stinv_spending", 2023, Some(45.0)),
            ("a", "st_budget_plan", 2023, Some(50.0)),
        ]);
        let obs = derive(&r, &catalog, false).unwrap();
        assert_eq!(value(&obs, "a", "st_execution_rate", 2023), Some(90.0));
    }
}
