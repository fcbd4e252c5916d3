//! Checks of indicator definitions and the order indicators are derived in.

use std::collections::HashSet;

use super::definitions::{Formula, Indicator};
use super::error::CatalogError;
use super::ids::did_you_mean;

pub(super) fn check_indicator(
    i: &Indicator,
    file: &str,
    components: &foldhash::HashMap<String, usize>,
    indicators: &foldhash::HashMap<String, usize>,
    all: &[Indicator],
    errors: &mut Vec<CatalogError>,
) {
    let limits_ok = match (i.lower, i.upper) {
        (Some(lo), Some(hi)) => lo.is_finite() && hi.is_finite() && lo < hi,
        (Some(v), None) | (None, Some(v)) => v.is_finite(),
        (None, None) => true,
    };
    if !limits_ok {
        errors.push(CatalogError::BadLimits {
            file: file.to_owned(),
            indicator: i.id.clone(),
            lower: i.lower,
            upper: i.upper,
        });
    }
    let mut fields: Vec<(&'static str, Vec<&String>)> = Vec::new();
    match &i.formula {
        Formula::Ratio {
            numerator,
            denominator,
            scale,
        } => {
            if !(scale.is_finite() && *scale > 0.0) {
                errors.push(CatalogError::BadScale {
                    file: file.to_owned(),
                    indicator: i.id.clone(),
                    scale: *scale,
                });
            }
            fields.push(("numerator", numerator.iter().collect()));
            fields.push(("denominator", denominator.iter().collect()));
        }
        Formula::Sum { terms } => fields.push(("terms", terms.iter().collect())),
        Formula::Reported => {}
        Formula::GrowthAccounting {
            output,
            capital,
            investment,
            labour,
            capital_share,
            window,
        } => {
            if *window == Some(0) {
                errors.push(CatalogError::EmptyTerms {
                    file: file.to_owned(),
                    indicator: i.id.clone(),
                    field: "window (must be at least 1)",
                });
            }
            fields.push(("output", vec![output]));
            fields.push(("capital", capital.iter().collect()));
            fields.push(("investment", investment.iter().collect()));
            fields.push(("labour", vec![labour]));
            fields.push(("capital_share", capital_share.iter().collect()));
            if capital.is_none() && investment.is_none() {
                errors.push(CatalogError::EmptyTerms {
                    file: file.to_owned(),
                    indicator: i.id.clone(),
                    field: "capital (or investment)",
                });
            }
        }
    }
    let derivable = i.formula.is_derivable();
    for (field, terms) in fields {
        let required = !matches!(field, "capital" | "investment" | "capital_share");
        if terms.is_empty() && required {
            errors.push(CatalogError::EmptyTerms {
                file: file.to_owned(),
                indicator: i.id.clone(),
                field,
            });
        }
        for term in terms {
            if components.contains_key(term) {
                continue;
            }
            match indicators.get(term) {
                Some(&j) if derivable && !all[j].formula.is_derivable() => {
                    errors.push(CatalogError::NotDerivable {
                        file: file.to_owned(),
                        indicator: i.id.clone(),
                        term: term.clone(),
                    });
                }
                Some(_) if derivable => {}
                _ => errors.push(CatalogError::UnknownTerm {
                    file: file.to_owned(),
                    indicator: i.id.clone(),
                    field,
                    term: term.clone(),
                    hint: did_you_mean(term, components.keys().map(String::as_str)),
                }),
            }
        }
    }
}

/// Topological order of derivable indicators (depth-first), or the first cycle found.
/// A term names a component when a component has that id, else an indicator.
pub(super) fn derivation_order(
    indicators: &[Indicator],
    index: &foldhash::HashMap<String, usize>,
    components: &foldhash::HashMap<String, usize>,
) -> Result<Vec<usize>, CatalogError> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    fn visit(
        i: usize,
        indicators: &[Indicator],
        index: &foldhash::HashMap<String, usize>,
        components: &foldhash::HashMap<String, usize>,
        marks: &mut [Mark],
        stack: &mut Vec<usize>,
        order: &mut Vec<usize>,
    ) -> Result<(), CatalogError> {
        match marks[i] {
            Mark::Done => return Ok(()),
            Mark::Active => {
                let start = stack.iter().position(|&s| s == i).unwrap_or(0);
                let mut path: Vec<String> = stack[start..]
                    .iter()
                    .map(|&s| indicators[s].id.clone())
                    .collect();
                path.push(indicators[i].id.clone());
                return Err(CatalogError::Cycle { path });
            }
            Mark::New => {}
        }
        marks[i] = Mark::Active;
        stack.push(i);
        let deps: HashSet<usize> = indicators[i]
            .formula
            .terms()
            .into_iter()
            .filter(|t| !components.contains_key(*t))
            .filter_map(|t| index.get(t).copied())
            .collect();
        let mut deps: Vec<usize> = deps.into_iter().collect();
        deps.sort_unstable();
        for j in deps {
            if indicators[j].formula.is_derivable() {
                visit(j, indicators, index, components, marks, stack, order)?;
            }
        }
        stack.pop();
        marks[i] = Mark::Done;
        order.push(i);
        Ok(())
    }
    let mut marks = vec![Mark::New; indicators.len()];
    let mut order = Vec::new();
    let mut stack = Vec::new();
    for i in 0..indicators.len() {
        if indicators[i].formula.is_derivable() {
            visit(
                i, indicators, index, components, &mut marks, &mut stack, &mut order,
            )?;
        }
    }
    Ok(order)
}
