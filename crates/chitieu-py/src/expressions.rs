//! Compiled polars expression plugins (`chitieu.expr`): the core's progress measure,
//! projections, ranks and min-max normalisation on Arrow buffers, no Python per row.
//!
//! Each progress function receives one group's columns `value, year, target, target_year,
//! direction` (the last three literals or columns constant within the group) and returns
//! one value; the conversions and the call to the core are all that happens here.

use std::borrow::Cow;

use chitieu::frame::status_dtype;
use chitieu::projection::{outlook, Outlook};
use chitieu::ranking::{minmax, ranks};
use chitieu::{progress, Direction, Goal, Progress, ProgressOptions};
use polars::prelude::*;
use polars_arrow::array::{PrimitiveArray, StaticArray, Utf8ViewArray};
use pyo3_polars::derive::polars_expr;
use rayon::iter::Either;
use rayon::prelude::*;
use serde::Deserialize;

/// Options of the progress expressions (sent as kwargs by `chitieu.expr`).
#[derive(Deserialize)]
struct ProgressKwargs {
    measure: String,
    base_year: Option<i32>,
    zero_replacement: f64,
    #[serde(default)]
    limit: Option<f64>,
    limit_scaling: Option<f64>,
    min_points: usize,
    projection: String,
    strict: bool,
}

fn compute_err(e: impl std::fmt::Display) -> PolarsError {
    PolarsError::ComputeError(e.to_string().into())
}

/// The one value of a literal or of a column constant within the group (nulls ignored).
fn constant<T: PartialEq + Copy>(
    values: impl Iterator<Item = Option<T>>,
    what: &str,
) -> PolarsResult<Option<T>> {
    let mut found = None;
    for v in values.flatten() {
        match found {
            None => found = Some(v),
            Some(f) if f != v => {
                polars_bail!(ComputeError: "{what} differs within a group: give one {what} per series")
            }
            Some(_) => {}
        }
    }
    Ok(found)
}

/// Measures that need the projection (the others skip it).
const PROJECTED: [&str; 4] = [
    "projected",
    "projected_ratio",
    "year_met",
    "years_to_target",
];

/// A column of numbers as `f64` (every integer and float width, decimals), or an error
/// naming the column: text, dates and other types are not read as numbers.
fn number_column(s: &Series, role: &str) -> PolarsResult<Series> {
    let dtype = s.dtype();
    if !(dtype.is_primitive_numeric() || dtype.is_decimal() || dtype.is_null()) {
        polars_bail!(ComputeError: "column '{}' ({role}) has type {dtype}: expected numbers", s.name());
    }
    s.cast(&DataType::Float64)
}

/// A column of years as `i32`: integers of any width, or whole floats; anything else
/// (dates, text) is an error naming the column, never a silent conversion.
fn year_column(s: &Series) -> PolarsResult<Series> {
    let dtype = s.dtype();
    let name = s.name();
    if dtype.is_integer() {
        return s.strict_cast(&DataType::Int32).map_err(|_| {
            PolarsError::ComputeError(
                format!("column '{name}' (year): a year is out of range").into(),
            )
        });
    }
    if dtype.is_float() || dtype.is_decimal() || dtype.is_null() {
        let f = s.cast(&DataType::Float64)?;
        let whole =
            f.f64()?.iter().flatten().all(|y| {
                y.fract() == 0.0 && (f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&y)
            });
        if !whole {
            polars_bail!(ComputeError: "column '{name}' (year): every year must be a whole number");
        }
        return f.cast(&DataType::Int32);
    }
    polars_bail!(ComputeError: "column '{name}' (year) has type {dtype}: expected whole years (integers)")
}

/// Runs an expression's body, turning a Rust panic into a polars error that says it is a
/// bug (the last guard; pyo3-polars would otherwise report "the plugin panicked").
fn guarded(body: impl FnOnce() -> PolarsResult<Series>) -> PolarsResult<Series> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)).unwrap_or_else(|payload| {
        Err(PolarsError::ComputeError(
            format!(
                "internal error in chitieu: {}; please report this with the input that caused it",
                crate::errors::panic_message(payload.as_ref())
            )
            .into(),
        ))
    })
}

/// The columns `measure` reads, each as one Arrow array read in place (a column of several
/// chunks is made one first): no per-row copy of the whole column.
struct Inputs {
    values: PrimitiveArray<f64>,
    years: PrimitiveArray<i32>,
    target: PrimitiveArray<f64>,
    target_year: PrimitiveArray<i32>,
    direction: Utf8ViewArray,
}

/// A column as one Arrow array (shared with the column when it has one chunk).
fn one_chunk<T: PolarsDataType>(ca: &ChunkedArray<T>) -> T::Array
where
    T::Array: Clone,
{
    ca.rechunk().downcast_as_array().clone()
}

impl Inputs {
    fn read(inputs: &[Series]) -> PolarsResult<Self> {
        Ok(Self {
            values: one_chunk(number_column(&inputs[0], "value")?.f64()?),
            years: one_chunk(year_column(&inputs[1])?.i32()?),
            target: one_chunk(number_column(&inputs[2], "target")?.f64()?),
            target_year: one_chunk(year_column(&inputs[3])?.i32()?),
            direction: one_chunk(inputs[4].str()?),
        })
    }
}

/// The rows `rows` of a column (`None`: every row); a literal (one row) serves every group.
/// Not boxed: a group's rows are scattered, and a loop the compiler sees whole lets the CPU
/// overlap the cache misses of its loads.
fn rows_of<'a, A: StaticArray>(
    column: &'a A,
    rows: Option<&'a [IdxSize]>,
) -> impl Iterator<Item = Option<A::ValueT<'a>>> + 'a {
    match rows {
        Some(rows) if column.len() > 1 => {
            Either::Left(rows.iter().map(|&r| column.get(r as usize)))
        }
        _ => Either::Right((0..column.len()).map(|r| column.get(r))),
    }
}

fn measure(inputs: &[Series], kw: &ProgressKwargs) -> PolarsResult<(Progress, Outlook)> {
    measure_rows(&Inputs::read(inputs)?, None, kw)
}

/// The progress (and, for the projected measures, the outlook) of the rows `rows` of the
/// inputs (`None`: every row).
fn measure_rows(
    inputs: &Inputs,
    rows: Option<&[IdxSize]>,
    kw: &ProgressKwargs,
) -> PolarsResult<(Progress, Outlook)> {
    let n = rows.map_or(inputs.values.len(), <[IdxSize]>::len);
    let mut y = Vec::with_capacity(n);
    let mut v = Vec::with_capacity(n);
    for (year, value) in rows_of(&inputs.years, rows).zip(rows_of(&inputs.values, rows)) {
        let Some(year) = year else {
            polars_bail!(ComputeError: "a year is null: every observation needs its year")
        };
        y.push(year);
        v.push(value);
    }
    let target = constant(rows_of(&inputs.target, rows), "target")?;
    let target_year = constant(rows_of(&inputs.target_year, rows), "target year")?.unwrap_or(2030);
    let direction: Direction = match constant(rows_of(&inputs.direction, rows), "direction")? {
        Some(d) => d.parse().map_err(compute_err)?,
        None => Direction::Increase,
    };
    let goal = match target {
        Some(t) if kw.strict => Goal::target_strict(t, target_year),
        Some(t) => Goal::target(t, target_year),
        None => Goal::trend(target_year),
    };
    let options = ProgressOptions {
        base_year: kw.base_year,
        zero_replacement: kw.zero_replacement,
        limit: kw.limit,
        limit_scaling: kw.limit_scaling,
        min_points: kw.min_points,
    };
    // Parsed for every measure, so a misspelled projection is an error wherever it is given.
    let method = kw.projection.parse().map_err(compute_err)?;
    let p = progress(&y, &v, goal, direction, &options).map_err(compute_err)?;
    let o = if PROJECTED.contains(&kw.measure.as_str()) {
        outlook(&p, &y, &v, goal, direction, method)
    } else {
        Outlook::default()
    };
    Ok((p, o))
}

/// The dtype of a measure's column: the values [`measured`] gives for that measure are of
/// this dtype (the status as its code, cast to the status Enum when the column is made).
fn measure_dtype(measure: &str) -> PolarsResult<DataType> {
    Ok(match measure {
        "year_met" | "years_to_target" => DataType::Int32,
        "status" => status_dtype()?,
        _ => DataType::Float64,
    })
}

/// A measure's value for one series.
fn measured(p: &Progress, o: &Outlook, measure: &str) -> PolarsResult<AnyValue<'static>> {
    Ok(match measure {
        "cagr_observed" => p.cagr_observed.into(),
        "cagr_required" => p.cagr_required.into(),
        "ratio" => p.ratio.into(),
        "score" => p.score.into(),
        "gap_closed" => p.gap_closed.into(),
        "annual_change_required" => p.annual_change_required.into(),
        "projected" => o.projected.into(),
        "projected_ratio" => o.projected_ratio.into(),
        "year_met" => o.year_met.into(),
        "years_to_target" => o
            .year_met
            .zip(p.latest)
            .map(|(y, l)| (y - l.year).max(0))
            .into(),
        "status" => AnyValue::String(p.status.code()),
        other => polars_bail!(ComputeError: "unknown measure '{other}'"),
    })
}

/// The column of `values` (one per series) of `measure`, of [`measure_dtype`].
fn measured_column(
    name: PlSmallStr,
    measure: &str,
    values: &[AnyValue<'static>],
) -> PolarsResult<Series> {
    Series::from_any_values(name, values, true)?.cast(&measure_dtype(measure)?)
}

/// A per-group plugin's one value: `measure` of the group's series, checked to be of the
/// plugin's declared type `dtype`.
fn one_measured(
    inputs: &[Series],
    kwargs: &ProgressKwargs,
    dtype: &DataType,
) -> PolarsResult<Series> {
    if measure_dtype(&kwargs.measure)? != *dtype {
        polars_bail!(ComputeError: "'{}' is not a measure of this expression", kwargs.measure)
    }
    let (p, o) = measure(inputs, kwargs)?;
    let value = measured(&p, &o, &kwargs.measure)?;
    measured_column(inputs[0].name().clone(), &kwargs.measure, &[value])
}

fn by_group_field(input_fields: &[Field], kwargs: ProgressKwargs) -> PolarsResult<Field> {
    let key = input_fields[5].clone();
    let value = Field::new(
        kwargs.measure.as_str().into(),
        measure_dtype(&kwargs.measure)?,
    );
    Ok(Field::new(
        input_fields[0].name().clone(),
        DataType::Struct(vec![key, value]),
    ))
}

/// The vectorised form of the progress measures: one call over the whole column, the series
/// told apart by the key column (input 5), one struct `{key, measure}` per series in order
/// of first appearance. Polars calls a plugin in `group_by().agg()` once per group; this
/// form is called once.
#[polars_expr(output_type_func_with_kwargs=by_group_field)]
fn progress_by_group(inputs: &[Series], kwargs: ProgressKwargs) -> PolarsResult<Series> {
    guarded(|| {
        let key = &inputs[5];
        let read = Inputs::read(inputs)?;
        let frame = DataFrame::new(key.len(), vec![key.clone().with_name("key".into()).into()])?;
        let group_by = frame.group_by_stable(["key"])?;
        let groups = group_by.get_groups();
        let rows: Vec<(IdxSize, Cow<'_, [IdxSize]>)> = groups
            .iter()
            .map(|g| match g {
                GroupsIndicator::Idx((first, idx)) => (first, Cow::Borrowed(idx.as_slice())),
                GroupsIndicator::Slice([first, len]) => {
                    (first, Cow::Owned((first..first + len).collect()))
                }
            })
            .collect();
        let results: Vec<PolarsResult<AnyValue<'static>>> = rows
            .par_iter()
            .map(|(_, idx)| {
                let (p, o) = measure_rows(&read, Some(idx), &kwargs)?;
                measured(&p, &o, &kwargs.measure)
            })
            .collect();
        let results = results.into_iter().collect::<PolarsResult<Vec<_>>>()?;
        let column = measured_column(kwargs.measure.as_str().into(), &kwargs.measure, &results)?;
        let firsts = IdxCa::from_vec(
            "first".into(),
            rows.iter().map(|(first, _)| *first).collect(),
        );
        let keys = key.take(&firsts)?;
        StructChunked::from_series(inputs[0].name().clone(), keys.len(), [keys, column].iter())
            .map(|s| s.into_series())
    })
}

/// A float measure of progress for one series: `cagr_observed`, `cagr_required`, `ratio`,
/// `score`, `gap_closed`, `annual_change_required`, `projected`, `projected_ratio`.
#[polars_expr(output_type=Float64)]
fn progress_measure(inputs: &[Series], kwargs: ProgressKwargs) -> PolarsResult<Series> {
    guarded(|| one_measured(inputs, &kwargs, &DataType::Float64))
}

/// A year measure: `year_met` (first year the target is met) or `years_to_target`.
#[polars_expr(output_type=Int32)]
fn progress_year(inputs: &[Series], kwargs: ProgressKwargs) -> PolarsResult<Series> {
    guarded(|| one_measured(inputs, &kwargs, &DataType::Int32))
}

fn status_field(input_fields: &[Field]) -> PolarsResult<Field> {
    Ok(Field::new(input_fields[0].name().clone(), status_dtype()?))
}

/// The status class of one series (Enum, best first); `measure` is `"status"`.
#[polars_expr(output_type_func=status_field)]
fn progress_status(inputs: &[Series], kwargs: ProgressKwargs) -> PolarsResult<Series> {
    guarded(|| one_measured(inputs, &kwargs, &status_dtype()?))
}

#[derive(Deserialize)]
struct MinmaxKwargs {
    lo: Option<f64>,
    hi: Option<f64>,
    direction: String,
}

fn floats(s: &Series) -> PolarsResult<Vec<Option<f64>>> {
    let f = number_column(s, "value")?;
    let out: Vec<Option<f64>> = f.f64()?.iter().collect();
    if out.iter().flatten().any(|v| !v.is_finite()) {
        polars_bail!(ComputeError: "a value is NaN or infinite: write a missing value as null");
    }
    Ok(out)
}

/// Min-max normalisation to 0–100 honouring direction.
#[polars_expr(output_type=Float64)]
fn minmax_expr(inputs: &[Series], kwargs: MinmaxKwargs) -> PolarsResult<Series> {
    guarded(|| {
        let d: Direction = kwargs.direction.parse().map_err(compute_err)?;
        for (name, bound) in [("lo", kwargs.lo), ("hi", kwargs.hi)] {
            if bound.is_some_and(|b| !b.is_finite()) {
                polars_bail!(ComputeError: "minmax: {name} = {bound:?} must be a finite number");
            }
        }
        if let (Some(lo), Some(hi)) = (kwargs.lo, kwargs.hi) {
            if lo >= hi {
                polars_bail!(ComputeError: "minmax: lo = {lo} must be below hi = {hi}");
            }
        }
        let out = minmax(&floats(&inputs[0])?, kwargs.lo, kwargs.hi, d);
        Ok(Series::new(inputs[0].name().clone(), out))
    })
}

#[derive(Deserialize)]
struct RankKwargs {
    direction: String,
    ties: String,
}

/// Ranks within the input (use `.over(...)` for groups), 1 = best.
#[polars_expr(output_type=Float64)]
fn rank_expr(inputs: &[Series], kwargs: RankKwargs) -> PolarsResult<Series> {
    guarded(|| {
        let d: Direction = kwargs.direction.parse().map_err(compute_err)?;
        let ties = kwargs.ties.parse().map_err(compute_err)?;
        Ok(Series::new(
            inputs[0].name().clone(),
            ranks(&floats(&inputs[0])?, d, ties),
        ))
    })
}
