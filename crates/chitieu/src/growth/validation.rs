//! Checks of the inputs: lengths, years, presence, positivity, shares, grids, initial stocks.

use super::capital::InitialStock;
use super::conventions::Series;
use super::error::GrowthError;
use super::sensitivity::{GridAxis, GridProblem};

// Validation.

pub(super) fn check_len(series: Series, years: &[i32], values: usize) -> Result<(), GrowthError> {
    if values == years.len() {
        Ok(())
    } else {
        Err(GrowthError::LengthMismatch {
            series,
            years: years.len(),
            values,
        })
    }
}

pub(super) fn check_years(years: &[i32], required: usize) -> Result<(), GrowthError> {
    if years.len() < required {
        return Err(GrowthError::TooShort {
            found: years.len(),
            required,
        });
    }
    match years
        .windows(2)
        .find(|w| i64::from(w[1]) - i64::from(w[0]) != 1)
    {
        Some(w) => Err(GrowthError::YearsNotConsecutive {
            previous: w[0],
            year: w[1],
        }),
        None => Ok(()),
    }
}

/// The values of a series, each present and finite.
fn present(series: Series, years: &[i32], values: &[Option<f64>]) -> Result<Vec<f64>, GrowthError> {
    years
        .iter()
        .zip(values)
        .map(|(&year, &v)| match v {
            None => Err(GrowthError::Missing { series, year }),
            Some(value) if !value.is_finite() => Err(GrowthError::NonFinite {
                series,
                year,
                value,
            }),
            Some(value) => Ok(value),
        })
        .collect()
}

/// The values of a series, each present, finite and positive.
pub(super) fn positive(
    series: Series,
    years: &[i32],
    values: &[Option<f64>],
) -> Result<Vec<f64>, GrowthError> {
    let v = present(series, years, values)?;
    match years.iter().zip(&v).find(|&(_, &x)| x <= 0.0) {
        Some((&year, &value)) => Err(GrowthError::NonPositive {
            series,
            year,
            value,
        }),
        None => Ok(v),
    }
}

/// The values of a share series, each present and in `[0, 1]`.
pub(super) fn share_series(
    series: Series,
    years: &[i32],
    values: &[Option<f64>],
) -> Result<Vec<f64>, GrowthError> {
    let v = present(series, years, values)?;
    match years
        .iter()
        .zip(&v)
        .find(|&(_, x)| !(0.0..=1.0).contains(x))
    {
        Some((&year, &value)) => Err(GrowthError::ShareOutOfRange {
            series,
            year,
            value,
        }),
        None => Ok(v),
    }
}

pub(super) fn check_capital_share(value: f64) -> Result<(), GrowthError> {
    if (0.0..=1.0).contains(&value) {
        Ok(())
    } else {
        Err(GrowthError::CapitalShareOutOfRange { value })
    }
}

pub(super) fn check_depreciation(value: f64) -> Result<(), GrowthError> {
    if (0.0..1.0).contains(&value) {
        Ok(())
    } else {
        Err(GrowthError::DepreciationOutOfRange { value })
    }
}

pub(super) fn check_grid_values(axis: GridAxis, values: &[f64]) -> Result<(), GrowthError> {
    if values.is_empty() {
        return Err(GrowthError::BadGrid {
            axis,
            problem: GridProblem::Empty,
        });
    }
    if values.iter().any(|v| !v.is_finite()) {
        return Err(GrowthError::BadGrid {
            axis,
            problem: GridProblem::NonFinite,
        });
    }
    let check = match axis {
        GridAxis::CapitalShare => check_capital_share,
        GridAxis::Depreciation => check_depreciation,
    };
    values.iter().try_for_each(|&v| check(v))
}

pub(super) fn check_initial(years: &[i32], initial: InitialStock) -> Result<(), GrowthError> {
    match initial {
        InitialStock::SteadyState { growth_years } => {
            if growth_years == 0 || growth_years >= years.len() {
                return Err(GrowthError::InvalidOption {
                    name: "growth_years",
                    value: growth_years.to_string(),
                    expected: "at least 1 and fewer than the number of years",
                });
            }
        }
        InitialStock::Given { stock } => {
            let year = years[0];
            let series = Series::Capital;
            if !stock.is_finite() {
                return Err(GrowthError::NonFinite {
                    series,
                    year,
                    value: stock,
                });
            }
            if stock <= 0.0 {
                return Err(GrowthError::NonPositive {
                    series,
                    year,
                    value: stock,
                });
            }
        }
    }
    Ok(())
}
