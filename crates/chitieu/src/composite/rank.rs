//! Rank: 1 = highest score, ties share the best rank ("min").

use crate::ranking::{ranks, Ties};
use crate::vocabulary::Direction;

/// Rounds to `decimals` places as R's `round` (R ≥ 4.0) does: of the two neighbours
/// `⌊x·10^d⌋/10^d` and `⌈x·10^d⌉/10^d`, the one closer to `x` as a double; an exact tie goes
/// to the even last digit.
///
/// ```
/// use chitieu::composite::round_decimals;
/// assert_eq!(round_decimals(2.675, 2), 2.67); // 2.675 is 2.67499999… as a double
/// assert_eq!(round_decimals(0.125, 2), 0.12); // exact tie: even digit
/// assert_eq!(round_decimals(-1.005, 1), -1.0);
/// ```
pub fn round_decimals(x: f64, decimals: u32) -> f64 {
    let p = 10f64.powi(decimals as i32);
    let y = x * p;
    if !y.is_finite() || y.fract() == 0.0 {
        return x;
    }
    let (f, c) = (y.floor(), y.ceil());
    let (lo, hi) = (f / p, c / p);
    let (dl, dh) = (x - lo, hi - x);
    if dl < dh || (dl == dh && f % 2.0 == 0.0) {
        lo
    } else {
        hi
    }
}

/// Descending competition ranks (1 = highest, ties share the lowest rank of the block).
pub(super) fn desc_min_ranks(values: &[Option<f64>]) -> Vec<Option<u32>> {
    ranks(values, Direction::Increase, Ties::Min)
        .into_iter()
        .map(|r| r.map(|r| r as u32))
        .collect()
}

/// Ranks of scores: 1 = highest, ties share the best rank of their block (1, 2, 2, 4; R's
/// `ties.method = "min"`), NA unranked; with `decimals`, scores are first rounded with
/// [`round_decimals`] (COINr's published ranks: 2 decimals).
///
/// ```
/// use chitieu::composite::rank_scores;
/// let s = [Some(70.004), Some(70.001), None, Some(80.0)];
/// assert_eq!(rank_scores(&s, None), [Some(2), Some(3), None, Some(1)]);
/// assert_eq!(rank_scores(&s, Some(2)), [Some(2), Some(2), None, Some(1)]);
/// ```
pub fn rank_scores(values: &[Option<f64>], decimals: Option<u32>) -> Vec<Option<u32>> {
    match decimals {
        None => desc_min_ranks(values),
        Some(d) => desc_min_ranks(
            &values
                .iter()
                .map(|v| v.map(|v| round_decimals(v, d)))
                .collect::<Vec<_>>(),
        ),
    }
}
