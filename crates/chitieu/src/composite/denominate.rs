//! Denominate: `x / d` where the framework names a denominator column.

use super::error::CompositeError;
use super::framework::Framework;
use super::matrix::Matrix;

/// Divides each indicator by its denominator column, where the framework names one (COINr's
/// `Denominate`, `specby = "metadata"`); other indicators are copied. Denominators are matched
/// to the data by unit id. NA in either gives NA; a denominator of 0 is an error. The result
/// has the framework's indicator columns, in framework order.
///
/// ```
/// use chitieu::composite::{denominate, Framework, FrameworkRow, Matrix};
/// let fw = Framework::from_rows(&[
///     FrameworkRow::indicator("gdp", "P", 1.0, 1).with_denominator("pop"),
///     FrameworkRow::indicator("score", "P", 1.0, 1),
///     FrameworkRow::aggregate("P", 2, None, 1.0),
/// ])?;
/// let data = Matrix::from_rows(["a", "b"], ["gdp", "score"],
///                              &[vec![Some(10.0), Some(1.0)], vec![None, Some(2.0)]])?;
/// let den = Matrix::from_rows(["b", "a"], ["pop"], &[vec![Some(4.0)], vec![Some(5.0)]])?;
/// let d = denominate(&data, &den, &fw)?;
/// assert_eq!(d.column("gdp").unwrap(), [Some(2.0), None]);
/// assert_eq!(d.column("score").unwrap(), [Some(1.0), Some(2.0)]);
/// # Ok::<(), chitieu::composite::CompositeError>(())
/// ```
pub fn denominate(
    data: &Matrix,
    denominators: &Matrix,
    framework: &Framework,
) -> Result<Matrix, CompositeError> {
    let codes = framework.indicator_codes();
    let cols = data.select(&codes, "data")?;
    let den_codes: Vec<&str> = framework
        .indicator_nodes()
        .filter_map(|n| n.denominator.as_deref())
        .collect();
    let mut unique = den_codes.clone();
    unique.sort_unstable();
    unique.dedup();
    denominators.select(&unique, "denominators")?;
    let rows: Vec<Option<usize>> = data
        .units
        .iter()
        .map(|u| denominators.units.iter().position(|d| d == u))
        .collect();
    let missing: Vec<String> = data
        .units
        .iter()
        .zip(&rows)
        .filter(|(_, r)| r.is_none())
        .map(|(u, _)| u.clone())
        .collect();
    if !missing.is_empty() && !den_codes.is_empty() {
        return Err(CompositeError::MissingUnits {
            table: "denominators",
            units: missing,
        });
    }
    let mut out = Vec::with_capacity(codes.len());
    for (node, col) in framework.indicator_nodes().zip(cols) {
        let Some(den) = node.denominator.as_deref() else {
            out.push(col.to_vec());
            continue;
        };
        let dcol = denominators.column(den).unwrap_or_default();
        let mut c = Vec::with_capacity(col.len());
        for (i, x) in col.iter().enumerate() {
            let d = rows[i].and_then(|r| dcol[r]);
            c.push(match (*x, d) {
                (Some(_), Some(0.0)) => {
                    return Err(CompositeError::ZeroDenominator {
                        indicator: node.code.clone(),
                        unit: data.units[i].clone(),
                    })
                }
                (Some(x), Some(d)) => Some(x / d),
                _ => None,
            });
        }
        out.push(c);
    }
    Ok(data.with_columns(codes.iter().map(|c| (*c).to_owned()).collect(), out))
}
