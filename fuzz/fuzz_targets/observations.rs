//! Observation ingestion and everything downstream of it: any rows are accepted or rejected
//! with every bad row listed; accepted rows are all kept; deriving and scoring never panic.
#![no_main]

use chitieu::catalog::Catalog;
use chitieu::score::{score, ScoreOptions};
use chitieu::targets::TargetSet;
use chitieu::{progress, Direction, Goal, KeyColumn, Observation, Observations, ProgressOptions};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

const UNITS: [&str; 4] = ["lai-chau", "bac-giang", "", "ha-noi"];
const KEYS: [&str; 6] = [
    "researchers_per_10k",
    "researchers_headcount",
    "population",
    "stinv_spending",
    "local_budget_expenditure",
    "st_enterprises",
];

#[derive(Arbitrary, Debug)]
struct Row {
    unit: u8,
    key: u8,
    year: i16,
    value: Option<f64>,
}

fuzz_target!(|rows: Vec<Row>| {
    let rows: Vec<Observation> = rows
        .iter()
        .map(|r| {
            Observation::new(
                UNITS[r.unit as usize % UNITS.len()],
                KEYS[r.key as usize % KEYS.len()],
                i32::from(r.year),
                r.value,
            )
        })
        .collect();
    let n = rows.len();
    match Observations::new(rows.clone()) {
        Ok(obs) => {
            assert_eq!(obs.len(), n, "no row may be dropped");
            assert_eq!(obs.iter().count(), n, "every row is listed");
            for s in obs.all_series() {
                assert_eq!(obs.series(s.unit_id(), s.indicator()).len(), s.len());
                let _ = progress(
                    s.years(),
                    &s.values().collect::<Vec<_>>(),
                    Goal::target(10.0, 2030),
                    Direction::Increase,
                    &ProgressOptions::default(),
                );
            }
            let plan = TargetSet::builtin("lai-chau-69-kl-tw-2024").expect("shipped set");
            let opts = ScoreOptions {
                units: Some(vec!["lai-chau".into(), "ha-noi".into()]),
                ..Default::default()
            };
            let card = score(&obs, &[plan], Catalog::builtin(), &opts).expect("default options");
            assert!(!card.is_empty());
        }
        Err(e) => assert!(!e.is_empty()),
    }
    if let Ok(raw) = Observations::with_key(rows, KeyColumn::Component) {
        let _ = chitieu::derive::derive(&raw, Catalog::builtin(), false);
        let _ = chitieu::crosswalk::to_post_reform(&raw, Catalog::builtin());
    }
});
