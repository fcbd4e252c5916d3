//! The 2025 reform crosswalk: pre-reform provinces (63) → post-reform units (34).
//!
//! Rule (docs/methods.md §5): additive quantities (spending, budget totals, counts, population,
//! output and capital at constant prices) are **summed** over the provinces that merged;
//! ratios are then recomputed from the summed components (run [`crate::derive::derive`] on
//! the result), never averaged. A non-additive component (a capital share, a published
//! rank or score) cannot be summed: for a merged unit it becomes a null value flagged
//! `not_comparable: ...`; for an unchanged unit it passes through.
//!
//! A sum is only stated when every merged province reports the component for the year; an
//! incomplete sum would understate the total, so it becomes a null value flagged
//! `incomplete: ...` naming the provinces missing.
//!
//! ```
//! use chitieu::{KeyColumn, Observation, Observations};
//! use chitieu::catalog::Catalog;
//! use chitieu::crosswalk::to_post_reform;
//! let raw = Observations::with_key(vec![
//!     Observation::new("bac-giang", "population", 2024, Some(1_900_000.0)),
//!     Observation::new("bac-ninh", "population", 2024, Some(1_500_000.0)),
//! ], KeyColumn::Component)?;
//! let merged = to_post_reform(&raw, Catalog::builtin())?;
//! assert_eq!(merged.series("bac-ninh", "population").value_in(2024), Some(3_400_000.0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use crate::catalog::{did_you_mean, Aggregation, Catalog};
use crate::observations::{Observation, ObservationRef, Observations};
use crate::registry::Registry;

/// Last day of the pre-reform geography.
pub const LAST_PRE_REFORM_DAY: &str = "2025-06-30";
/// First day of the post-reform geography.
pub const FIRST_POST_REFORM_DAY: &str = "2025-07-01";

/// Old id → new id, and new id → old ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crosswalk {
    successor: HashMap<String, String>,
    members: BTreeMap<String, Vec<String>>,
}

impl Crosswalk {
    /// The crosswalk of Resolution 202/2025/QH15, from the unit registry.
    pub fn builtin() -> &'static Crosswalk {
        static CW: OnceLock<Crosswalk> = OnceLock::new();
        CW.get_or_init(|| {
            let r = Registry::builtin();
            let mut successor = HashMap::new();
            let mut members = BTreeMap::new();
            for new in r.units_at(FIRST_POST_REFORM_DAY) {
                for old in &new.predecessors {
                    successor.insert(old.clone(), new.id.clone());
                }
                members.insert(new.id.clone(), new.predecessors.clone());
            }
            // Earlier ids renamed before the reform (thua-thien-hue → hue) map through.
            for u in r.units() {
                if let Some(current) = r.current_id(&u.id, LAST_PRE_REFORM_DAY) {
                    if let Some(new) = successor.get(current).cloned() {
                        successor.entry(u.id.clone()).or_insert(new);
                    }
                }
            }
            Crosswalk { successor, members }
        })
    }

    /// The post-reform unit a pre-reform province became part of.
    pub fn successor(&self, old: &str) -> Option<&str> {
        self.successor.get(old).map(String::as_str)
    }

    /// The pre-reform provinces a post-reform unit was formed from.
    pub fn members(&self, new: &str) -> Option<&[String]> {
        self.members.get(new).map(Vec::as_slice)
    }

    /// Post-reform units with their members, sorted by id.
    pub fn units(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.members.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// An unknown-unit error with near matches among pre-reform ids.
    pub fn unknown(&self, id: &str) -> CrosswalkError {
        CrosswalkError::UnknownUnit {
            unit_id: id.to_owned(),
            hint: did_you_mean(id, self.successor.keys().map(String::as_str)),
        }
    }
}

/// A problem with the units of a table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CrosswalkError {
    /// A unit id that is not a pre-reform province.
    #[error("unknown unit '{unit_id}': not a pre-reform province id{hint}")]
    UnknownUnit {
        /// The id.
        unit_id: String,
        /// "; did you mean ...?".
        hint: String,
    },
}

/// Every unknown unit of a table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct CrosswalkErrors(pub Vec<CrosswalkError>);

/// How a key (component or indicator) behaves under merging.
fn additive(key: &str, catalog: &Catalog) -> Option<bool> {
    if let Some(c) = catalog.component(key) {
        return Some(c.additive);
    }
    catalog
        .indicator(key)
        .map(|i| i.aggregation == Aggregation::Additive)
}

/// Re-aggregates a long table from pre-reform provinces to post-reform units (see the
/// module docs). Works on raw statistics (components) and on observations (indicators:
/// additive ones are summed; ratios and non-additive ones must be recomputed, so they are
/// flagged `not_comparable` for merged units). Unknown unit ids are errors.
pub fn to_post_reform(
    table: &Observations,
    catalog: &Catalog,
) -> Result<Observations, CrosswalkErrors> {
    let cw = Crosswalk::builtin();
    let unknown: BTreeSet<&str> = table
        .unit_ids()
        .iter()
        .map(String::as_str)
        .filter(|u| cw.successor(u).is_none())
        .collect();
    if !unknown.is_empty() {
        return Err(CrosswalkErrors(
            unknown.into_iter().map(|u| cw.unknown(u)).collect(),
        ));
    }
    // (new unit, key, year) → member rows.
    let mut groups: BTreeMap<(&str, &str, i32), Vec<ObservationRef<'_>>> = BTreeMap::new();
    for o in table.iter() {
        let new = cw.successor(o.unit_id).expect("checked above");
        groups
            .entry((new, o.indicator, o.year))
            .or_default()
            .push(o);
    }
    let mut out = Vec::with_capacity(groups.len());
    for ((new, key, year), rows) in groups {
        let members = cw.members(new).expect("successor has members");
        let mut flags: BTreeSet<String> = rows
            .iter()
            .filter_map(|o| o.flag)
            .flat_map(|f| f.split(';'))
            .map(str::to_owned)
            .collect();
        let value = if members.len() == 1 {
            rows[0].value
        } else if additive(key, catalog) != Some(true) {
            flags.insert(format!(
                "not_comparable: '{key}' is not additive; recompute it from its inputs"
            ));
            None
        } else {
            let missing: Vec<&str> = members
                .iter()
                .filter(|m| {
                    !rows
                        .iter()
                        .any(|o| o.unit_id == m.as_str() && o.value.is_some())
                })
                .map(String::as_str)
                .collect();
            if missing.is_empty() {
                Some(rows.iter().filter_map(|o| o.value).sum())
            } else {
                flags.insert(format!("incomplete: no value for {}", missing.join(", ")));
                None
            }
        };
        let mut ids: Vec<&str> = rows.iter().map(|o| o.unit_id).collect();
        ids.sort_unstable();
        out.push(Observation {
            unit_id: new.to_owned(),
            indicator: key.to_owned(),
            year,
            value,
            source: Some(if members.len() == 1 {
                format!("chitieu crosswalk: {} (unchanged)", ids.join(", "))
            } else {
                format!("chitieu crosswalk: sum of {}", members.join(" + "))
            }),
            flag: (!flags.is_empty()).then(|| flags.into_iter().collect::<Vec<_>>().join(";")),
        });
    }
    Ok(Observations::from_valid_rows(&out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::KeyColumn;
    use proptest::prelude::*;

    #[test]
    fn every_old_province_has_one_successor_and_counts_match() {
        let cw = Crosswalk::builtin();
        let r = Registry::builtin();
        let old: Vec<_> = r.units_at(LAST_PRE_REFORM_DAY).collect();
        assert_eq!(old.len(), 63);
        for o in &old {
            let new = cw.successor(&o.id).unwrap_or_else(|| panic!("{}", o.id));
            assert!(cw.members(new).unwrap().contains(&o.id));
        }
        assert_eq!(cw.units().count(), 34);
        assert_eq!(cw.units().map(|(_, m)| m.len()).sum::<usize>(), 63);
        assert_eq!(cw.members("ninh-binh").unwrap().len(), 3);
        assert_eq!(cw.successor("bac-giang"), Some("bac-ninh"));
    }

    #[test]
    fn incomplete_and_non_additive_groups_are_flagged() {
        let raw = Observations::with_key(
            vec![
                Observation::new("bac-giang", "population", 2024, Some(1.0)),
                Observation::new("bac-giang", "capital_share", 2024, Some(0.4)),
                Observation::new("bac-ninh", "capital_share", 2024, Some(0.5)),
                Observation::new("lai-chau", "capital_share", 2024, Some(0.3)),
            ],
            KeyColumn::Component,
        )
        .unwrap();
        let out = to_post_reform(&raw, Catalog::builtin()).unwrap();
        let pop = &out.series("bac-ninh", "population").get(0).unwrap();
        assert_eq!(pop.value, None);
        assert_eq!(pop.flag, Some("incomplete: no value for bac-ninh"));
        let share = &out.series("bac-ninh", "capital_share").get(0).unwrap();
        assert_eq!(share.value, None);
        assert!(share.flag.unwrap().starts_with("not_comparable"));
        assert_eq!(
            out.series("lai-chau", "capital_share")
                .get(0)
                .unwrap()
                .value,
            Some(0.3)
        );
    }

    #[test]
    fn unknown_units_suggest() {
        let raw = Observations::with_key(
            vec![Observation::new(
                "bac-giangg",
                "population",
                2024,
                Some(1.0),
            )],
            KeyColumn::Component,
        )
        .unwrap();
        let err = to_post_reform(&raw, Catalog::builtin()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown unit 'bac-giangg': not a pre-reform province id; did you mean 'bac-giang'?"
        );
    }

    fn old_ids() -> Vec<String> {
        Registry::builtin()
            .units_at(LAST_PRE_REFORM_DAY)
            .map(|u| u.id.clone())
            .collect()
    }

    proptest! {
        /// Totals of an additive component are preserved exactly (integer-valued data, so
        /// float sums are exact), and a merged ratio is the ratio of the summed components.
        #[test]
        fn totals_preserved_and_ratios_recomputed(
            spend in proptest::collection::vec(0u32..5_000, 63),
            budget in proptest::collection::vec(1u32..500_000, 63),
        ) {
            let ids = old_ids();
            let mut rows = Vec::new();
            for (i, id) in ids.iter().enumerate() {
                rows.push(Observation::new(id, "stinv_spending", 2024, Some(f64::from(spend[i]))));
                rows.push(Observation::new(id, "local_budget_expenditure", 2024, Some(f64::from(budget[i]))));
            }
            let raw = Observations::with_key(rows, KeyColumn::Component).unwrap();
            let merged = to_post_reform(&raw, Catalog::builtin()).unwrap();
            let total = |t: &Observations, c: &str| -> f64 {
                t.iter().filter(|o| o.indicator == c).filter_map(|o| o.value).sum()
            };
            prop_assert_eq!(total(&merged, "stinv_spending"), total(&raw, "stinv_spending"));
            prop_assert_eq!(merged.iter().filter(|o| o.indicator == "stinv_spending").count(), 34);
            let derived = crate::derive::derive(&merged, Catalog::builtin(), true).unwrap();
            let cw = Crosswalk::builtin();
            for (new, members) in cw.units() {
                let pos = |id: &String| ids.iter().position(|x| x == id).unwrap();
                let s: f64 = members.iter().map(|m| f64::from(spend[pos(m)])).sum();
                let b: f64 = members.iter().map(|m| f64::from(budget[pos(m)])).sum();
                let got = derived.series(new, "stinv_local_budget_share").get(0).unwrap().value.unwrap();
                prop_assert!((got - 100.0 * s / b).abs() <= 1e-12 * got.abs().max(1.0));
            }
        }
    }

    #[test]
    fn merged_ratio_is_not_the_mean_of_ratios() {
        // Bắc Giang 10/1000 = 1%, Bắc Ninh 90/3000 = 3%: merged 100/4000 = 2.5%, not 2%.
        let raw = Observations::with_key(
            vec![
                Observation::new("bac-giang", "stinv_spending", 2024, Some(10.0)),
                Observation::new("bac-giang", "local_budget_expenditure", 2024, Some(1000.0)),
                Observation::new("bac-ninh", "stinv_spending", 2024, Some(90.0)),
                Observation::new("bac-ninh", "local_budget_expenditure", 2024, Some(3000.0)),
            ],
            KeyColumn::Component,
        )
        .unwrap();
        let merged = to_post_reform(&raw, Catalog::builtin()).unwrap();
        let d = crate::derive::derive(&merged, Catalog::builtin(), true).unwrap();
        assert_eq!(
            d.series("bac-ninh", "stinv_local_budget_share")
                .get(0)
                .unwrap()
                .value,
            Some(2.5)
        );
    }
}
