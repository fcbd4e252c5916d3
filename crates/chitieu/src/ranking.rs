//! Ranking units on an indicator for a year, in the whole country or within a region.
//!
//! Conventions: rank 1 is the best (the highest value when higher is better, the lowest
//! when lower is better, as the indicator's direction says). Ties share the best rank of
//! their block and the next rank skips ("competition" ranking 1, 2, 2, 4; COINr's `min`).
//! Units without a value for the year are listed with no rank and do not count in `n`.
//! Percentile position = 100 × (n − rank) / (n − 1): 100 for the best, 0 for the worst
//! (100 when n = 1); "upper average" of a distribution means a percentile ≥ 50.
//!
//! ```
//! use chitieu::ranking::rank_values;
//! use chitieu::Direction;
//! let r = rank_values(&[("a", Some(3.0)), ("b", Some(5.0)), ("c", Some(5.0)), ("d", None)],
//!                     Direction::Increase);
//! let ranks: Vec<_> = r.iter().map(|x| (x.unit_id.as_str(), x.rank)).collect();
//! assert_eq!(ranks, [("b", Some(1)), ("c", Some(1)), ("a", Some(3)), ("d", None)]);
//! ```

use std::collections::BTreeSet;

use serde::Serialize;

use crate::catalog::{did_you_mean, Catalog, CatalogError};
use crate::crosswalk::{FIRST_POST_REFORM_DAY, LAST_PRE_REFORM_DAY};
use crate::observations::Observations;
use crate::progress::Direction;
use crate::registry::{Registry, REGIONS};

/// The tie rule used, stated in outputs.
pub const TIE_RULE: &str =
    "ties share the best rank of their block (competition ranking 1, 2, 2, 4)";

/// [`TIE_RULE`] in Vietnamese.
pub const TIE_RULE_VI: &str =
    "các giá trị bằng nhau cùng nhận thứ hạng cao nhất của nhóm (xếp hạng kiểu thi đấu 1, 2, 2, 4)";

/// How tied values are ranked by [`ranks`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ties {
    /// Competition ranking 1, 2, 2, 4 (COINr's `min`; chitieu's default).
    Min,
    /// 1, 3, 3, 4.
    Max,
    /// 1, 2, 2, 3.
    Dense,
    /// 1, 2.5, 2.5, 4.
    Average,
    /// 1, 2, 3, 4 in input order.
    Ordinal,
}

impl std::str::FromStr for Ties {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "min" => Ok(Self::Min),
            "max" => Ok(Self::Max),
            "dense" => Ok(Self::Dense),
            "average" => Ok(Self::Average),
            "ordinal" => Ok(Self::Ordinal),
            _ => Err(format!(
                "unknown tie rule '{s}': expected min, max, dense, average or ordinal"
            )),
        }
    }
}

/// Ranks of `values` (1 = best in `direction`), `None` for missing values.
///
/// ```
/// use chitieu::ranking::{ranks, Ties};
/// use chitieu::Direction;
/// let v = [Some(5.0), Some(9.0), None, Some(5.0), Some(1.0)];
/// let r = |t| ranks(&v, Direction::Increase, t);
/// assert_eq!(r(Ties::Min), [Some(2.0), Some(1.0), None, Some(2.0), Some(4.0)]);
/// assert_eq!(r(Ties::Average), [Some(2.5), Some(1.0), None, Some(2.5), Some(4.0)]);
/// assert_eq!(r(Ties::Dense), [Some(2.0), Some(1.0), None, Some(2.0), Some(3.0)]);
/// assert_eq!(r(Ties::Ordinal), [Some(2.0), Some(1.0), None, Some(3.0), Some(4.0)]);
/// ```
pub fn ranks(values: &[Option<f64>], direction: Direction, ties: Ties) -> Vec<Option<f64>> {
    let d = direction.sign();
    let mut order: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    // Ties keep input order (for `Ordinal`): the index breaks them.
    order.sort_unstable_by(|a, b| (d * b.1).total_cmp(&(d * a.1)).then(a.0.cmp(&b.0)));
    let mut out = vec![None; values.len()];
    let mut start = 0;
    let mut dense = 0.0;
    while start < order.len() {
        let mut end = start;
        while end + 1 < order.len() && order[end + 1].1 == order[start].1 {
            end += 1;
        }
        dense += 1.0;
        for (k, &(i, _)) in order[start..=end].iter().enumerate() {
            let (first, last) = (start as f64 + 1.0, end as f64 + 1.0);
            out[i] = Some(match ties {
                Ties::Min => first,
                Ties::Max => last,
                Ties::Dense => dense,
                Ties::Average => (first + last) / 2.0,
                Ties::Ordinal => first + k as f64,
            });
        }
        start = end + 1;
    }
    out
}

/// Min-max normalisation to 0–100 honouring direction (COINr's `n_minmax`): for higher is
/// better `100 (x − lo) / (hi − lo)`, for lower is better `100 (hi − x) / (hi − lo)`; `lo`
/// and `hi` default to the minimum and maximum of the values. `None` stays `None`; all
/// values are `None` when `hi == lo` (no spread to normalise).
///
/// ```
/// use chitieu::ranking::minmax;
/// use chitieu::Direction;
/// assert_eq!(minmax(&[Some(1.0), Some(3.0), None], None, None, Direction::Decrease),
///            [Some(100.0), Some(0.0), None]);
/// ```
pub fn minmax(
    values: &[Option<f64>],
    lo: Option<f64>,
    hi: Option<f64>,
    direction: Direction,
) -> Vec<Option<f64>> {
    let present = values.iter().flatten();
    let lo = lo.unwrap_or_else(|| present.clone().copied().fold(f64::INFINITY, f64::min));
    let hi = hi.unwrap_or_else(|| present.copied().fold(f64::NEG_INFINITY, f64::max));
    let span = hi - lo;
    values
        .iter()
        .map(|v| {
            let v = (*v)?;
            // Divide before scaling: 100·(v − lo) overflows near f64::MAX.
            (span > 0.0 && span.is_finite()).then(|| match direction {
                Direction::Increase => (v - lo) / span * 100.0,
                Direction::Decrease => (hi - v) / span * 100.0,
            })
        })
        .collect()
}

/// One unit's rank.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankRow {
    /// Unit id.
    pub unit_id: String,
    /// Group ranked in (region id, or `country`).
    pub group: String,
    /// The value ranked (`None`: no value, not ranked).
    pub value: Option<f64>,
    /// Rank, 1 = best.
    pub rank: Option<u32>,
    /// Units ranked in the group (with a value).
    pub n: u32,
    /// Percentile position, 100 = best, 0 = worst.
    pub percentile: Option<f64>,
}

/// Ranks `(unit, value)` pairs in one group; rows come back best first, unranked last.
pub fn rank_values(values: &[(&str, Option<f64>)], direction: Direction) -> Vec<RankRow> {
    let present: Vec<Option<f64>> = values.iter().map(|(_, v)| *v).collect();
    let by_rank = ranks(&present, direction, Ties::Min);
    let n = by_rank.iter().flatten().count() as u32;
    let mut out: Vec<RankRow> = values
        .iter()
        .zip(by_rank)
        .map(|(&(unit, value), rank)| {
            let rank = rank.map(|r| r as u32);
            RankRow {
                unit_id: unit.to_owned(),
                group: String::new(),
                value,
                rank,
                n,
                percentile: rank.map(|rank| {
                    if n == 1 {
                        100.0
                    } else {
                        100.0 * f64::from(n - rank) / f64::from(n - 1)
                    }
                }),
            }
        })
        .collect();
    // Best first, ties and the unranked by unit id.
    out.sort_by(|a, b| {
        let key = |r: &RankRow| r.rank.unwrap_or(u32::MAX);
        key(a).cmp(&key(b)).then_with(|| a.unit_id.cmp(&b.unit_id))
    });
    out
}

/// Where to rank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Within {
    /// All units of the table's geography.
    Country,
    /// Each region separately (membership on the geography's date).
    Regions,
    /// One region only.
    Region(String),
}

impl std::str::FromStr for Within {
    type Err = RankError;

    /// `country`, `regions` (each region separately) or a region id.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "country" => Ok(Self::Country),
            "regions" => Ok(Self::Regions),
            r if REGIONS.contains(&r) => Ok(Self::Region(r.to_owned())),
            r => Err(RankError::UnknownRegion {
                region: r.to_owned(),
                hint: did_you_mean(r, REGIONS.iter().copied().chain(["country", "regions"])),
            }),
        }
    }
}

/// A problem ranking.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RankError {
    /// The indicator is not in the catalog.
    #[error(transparent)]
    Indicator(#[from] CatalogError),
    /// Unit ids that belong to no geography, or to both pre- and post-reform ones mixed.
    #[error("unit(s) {units} are not {geography} unit ids{hint}")]
    UnknownUnits {
        /// The ids.
        units: String,
        /// Which geography was expected.
        geography: &'static str,
        /// Near matches.
        hint: String,
    },
    /// An unknown region.
    #[error("unknown region '{region}'{hint}")]
    UnknownRegion {
        /// The id.
        region: String,
        /// Near matches.
        hint: String,
    },
}

/// The date whose geography the table's units belong to. Every post-reform id is also a
/// pre-reform id (the merged units kept the name of their first member), so: a table with
/// any id that only existed before the reform (e.g. `bac-giang`) is pre-reform
/// (2025-06-30); a table whose ids are all post-reform ids is post-reform (2025-07-01).
///
/// ```
/// use std::collections::BTreeSet;
/// use chitieu::ranking::geography_date;
/// assert_eq!(geography_date(&BTreeSet::from(["bac-giang", "lai-chau"])).unwrap(), "2025-06-30");
/// assert_eq!(geography_date(&BTreeSet::from(["bac-ninh", "lai-chau"])).unwrap(), "2025-07-01");
/// assert!(geography_date(&BTreeSet::from(["lai-chou"])).is_err());
/// ```
pub fn geography_date(units: &BTreeSet<&str>) -> Result<&'static str, RankError> {
    let r = Registry::builtin();
    let pre = |u: &str| r.current_id(u, LAST_PRE_REFORM_DAY).is_some();
    let post = |u: &str| r.units_at(FIRST_POST_REFORM_DAY).any(|x| x.id == u);
    let unknown: Vec<&str> = units
        .iter()
        .copied()
        .filter(|u| !pre(u) && !post(u))
        .collect();
    if let Some(first) = unknown.first() {
        let valid: BTreeSet<&str> = r.units().iter().map(|u| u.id.as_str()).collect();
        return Err(RankError::UnknownUnits {
            units: unknown.join(", "),
            geography: "pre-reform (63) or post-reform (34)",
            hint: did_you_mean(first, valid.iter().copied()),
        });
    }
    if units.iter().all(|u| post(u)) {
        Ok(FIRST_POST_REFORM_DAY)
    } else {
        Ok(LAST_PRE_REFORM_DAY)
    }
}

/// Ranks every unit of `obs` on `indicator` in `year`, direction from the catalog.
pub fn rank(
    obs: &Observations,
    catalog: &Catalog,
    indicator: &str,
    year: i32,
    within: &Within,
) -> Result<Vec<RankRow>, RankError> {
    let direction = catalog.require_indicator(indicator)?.direction;
    let units: BTreeSet<&str> = obs.unit_ids().iter().map(String::as_str).collect();
    let date = geography_date(&units)?;
    let registry = Registry::builtin();
    let value_of = |u: &str| obs.series(u, indicator).value_in(year);
    let groups: Vec<(String, Vec<&str>)> = match within {
        Within::Country => vec![("country".to_owned(), units.iter().copied().collect())],
        Within::Regions | Within::Region(_) => {
            if let Within::Region(r) = within {
                if !REGIONS.contains(&r.as_str()) {
                    return Err(RankError::UnknownRegion {
                        region: r.clone(),
                        hint: did_you_mean(r, REGIONS.iter().copied()),
                    });
                }
            }
            // Membership on the geography's date; ids renamed before it keep their own id.
            REGIONS
                .iter()
                .filter(|r| !matches!(within, Within::Region(x) if x != *r))
                .map(|r| {
                    let members: BTreeSet<&str> = registry
                        .region_members(r, date)
                        .map(|u| u.id.as_str())
                        .collect();
                    let in_region = units
                        .iter()
                        .copied()
                        .filter(|u| {
                            registry
                                .current_id(u, date)
                                .is_some_and(|c| members.contains(c))
                        })
                        .collect();
                    ((*r).to_owned(), in_region)
                })
                .collect()
        }
    };
    let mut out = Vec::new();
    for (group, members) in groups {
        let values: Vec<(&str, Option<f64>)> = members.iter().map(|u| (*u, value_of(u))).collect();
        for mut row in rank_values(&values, direction) {
            row.group.clone_from(&group);
            out.push(row);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{KeyColumn, Observation};

    #[test]
    fn direction_ties_and_percentiles() {
        let r = rank_values(
            &[
                ("a", Some(1.0)),
                ("b", Some(2.0)),
                ("c", Some(2.0)),
                ("d", Some(9.0)),
            ],
            Direction::Decrease,
        );
        let got: Vec<_> = r
            .iter()
            .map(|x| (x.unit_id.as_str(), x.rank.unwrap(), x.percentile.unwrap()))
            .collect();
        assert_eq!(
            got,
            [
                ("a", 1, 100.0),
                ("b", 2, 200.0 / 3.0),
                ("c", 2, 200.0 / 3.0),
                ("d", 4, 0.0)
            ]
        );
        assert!(r.iter().all(|x| x.n == 4));
        let one = rank_values(&[("a", Some(1.0))], Direction::Increase);
        assert_eq!(one[0].percentile, Some(100.0));
    }

    #[test]
    fn regions_use_the_geography_of_the_ids() {
        // Two pre-reform provinces of the Northern Midlands and Mountains and one of the
        // Red River Delta.
        let obs = Observations::with_key(
            vec![
                Observation::new("bac-giang", "pii_score", 2024, Some(50.0)),
                Observation::new("lai-chau", "pii_score", 2024, Some(40.0)),
                Observation::new("bac-ninh", "pii_score", 2024, Some(60.0)),
            ],
            KeyColumn::Indicator,
        )
        .unwrap();
        let r = rank(
            &obs,
            Catalog::builtin(),
            "pii_score",
            2024,
            &Within::Regions,
        )
        .unwrap();
        let got: Vec<_> = r
            .iter()
            .map(|x| (x.group.as_str(), x.unit_id.as_str(), x.rank.unwrap(), x.n))
            .collect();
        assert_eq!(
            got,
            [
                ("northern-midlands-and-mountains", "bac-giang", 1, 2),
                ("northern-midlands-and-mountains", "lai-chau", 2, 2),
                ("red-river-delta", "bac-ninh", 1, 1),
            ]
        );
        let err = rank(&obs, Catalog::builtin(), "pii_scor", 2024, &Within::Country).unwrap_err();
        assert!(
            err.to_string().contains("did you mean 'pii_score'"),
            "{err}"
        );
        let bad = Observations::new(vec![Observation::new(
            "lai-chou",
            "pii_score",
            2024,
            Some(1.0),
        )])
        .unwrap();
        let err = rank(
            &bad,
            Catalog::builtin(),
            "pii_score",
            2024,
            &Within::Country,
        )
        .unwrap_err();
        assert!(err.to_string().contains("did you mean 'lai-chau'"), "{err}");
    }
}
