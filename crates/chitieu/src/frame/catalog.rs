//! The catalog as DataFrames.

use polars::prelude::*;

use crate::catalog::{Catalog, Component, Indicator};

/// The catalog's indicators as a DataFrame, one row each: `id, name_vi, name_en, unit,
/// direction, kind, aggregation, lower, upper, formula, terms, source`.
pub fn indicators_to_frame(catalog: &Catalog) -> PolarsResult<DataFrame> {
    let ind = catalog.indicators();
    let text = |f: fn(&Indicator) -> String| -> Vec<String> { ind.iter().map(f).collect() };
    let terms: Vec<Series> = ind
        .iter()
        .map(|i| Series::new("".into(), i.formula.terms()))
        .collect();
    let columns = vec![
        Column::new("id".into(), text(|i| i.id.clone())),
        Column::new("name_vi".into(), text(|i| i.name_vi.clone())),
        Column::new("name_en".into(), text(|i| i.name_en.clone())),
        Column::new("unit".into(), text(|i| serde_name(&i.unit))),
        Column::new(
            "direction".into(),
            text(|i| i.direction.as_str().to_owned()),
        ),
        Column::new("kind".into(), text(|i| serde_name(&i.kind))),
        Column::new("aggregation".into(), text(|i| serde_name(&i.aggregation))),
        Column::new(
            "lower".into(),
            ind.iter().map(|i| i.lower).collect::<Vec<_>>(),
        ),
        Column::new(
            "upper".into(),
            ind.iter().map(|i| i.upper).collect::<Vec<_>>(),
        ),
        Column::new("formula".into(), text(|i| i.formula.describe())),
        Column::new("terms".into(), terms),
        Column::new("source".into(), text(|i| i.source.clone())),
    ];
    DataFrame::new(ind.len(), columns)
}

/// The catalog's components as a DataFrame: `id, name_vi, name_en, unit, additive, source`.
pub fn components_to_frame(catalog: &Catalog) -> PolarsResult<DataFrame> {
    let comp = catalog.components();
    let text = |f: fn(&Component) -> String| -> Vec<String> { comp.iter().map(f).collect() };
    let columns = vec![
        Column::new("id".into(), text(|c| c.id.clone())),
        Column::new("name_vi".into(), text(|c| c.name_vi.clone())),
        Column::new("name_en".into(), text(|c| c.name_en.clone())),
        Column::new("unit".into(), text(|c| serde_name(&c.unit))),
        Column::new(
            "additive".into(),
            comp.iter().map(|c| c.additive).collect::<Vec<_>>(),
        ),
        Column::new("source".into(), text(|c| c.source.clone())),
    ];
    DataFrame::new(comp.len(), columns)
}

/// The snake_case name serde gives a unit enum variant.
fn serde_name<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}
