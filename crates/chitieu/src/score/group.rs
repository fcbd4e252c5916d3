//! Group kinds: top k of a group and percentile bands, measured on the rank series.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::row::ScoreRow;
use super::Ctx;
use crate::crosswalk::LAST_PRE_REFORM_DAY;
use crate::progress::{ratio_score, ratio_status, Direction, Point, Status};
use crate::ranking::{geography_date, rank_values};
use crate::registry::Registry;
use crate::targets::{Group, Target};
use crate::vocabulary::numbers;
use crate::vocabulary::{Bilingual, Lang};

/// (indicator, group, membership date).
pub(super) type GroupKey = (String, String, String);

/// A group's members (ids as in the table) and, per year with data, every member's value
/// and, for national-rank indicators, the values of the whole table.
pub(super) struct GroupTable {
    members: usize,
    /// The indicator is a national rank: rank bounds also use the ranks the whole table
    /// takes (`taken` of each year) among the country's `country_size` units.
    national_ranks: bool,
    country_size: usize,
    ids: Vec<String>,
    years: Vec<(i32, Vec<Option<f64>>, Vec<f64>)>,
}
impl<'a> Ctx<'a> {
    /// A group's members under the ids the table uses (a member renamed before `date` is
    /// found under its old id) and every year's values; see [`GroupTable`].
    fn group_table(&self, indicator: &str, group: &Group, date: &str) -> GroupTable {
        let registry = Registry::builtin();
        let members: Vec<&str> = match group {
            Group::Region(r) => registry
                .region_members(r, date)
                .map(|u| u.id.as_str())
                .collect(),
            Group::Country(_) => registry.units_at(date).map(|u| u.id.as_str()).collect(),
            // International groups: the units of the table.
            Group::World | Group::SoutheastAsia => self.units.clone(),
        };
        // The first table unit (in sorted order) that is the member or was renamed to it.
        let mut renamed: HashMap<&str, &str> = HashMap::new();
        for u in &self.units {
            if let Some(current) = registry.current_id(u, date) {
                renamed.entry(current).or_insert(u);
            }
        }
        let id_in_table = |m: &str| -> String {
            let own = self.units.binary_search(&m).ok().map(|_| m);
            match (own, renamed.get(m).copied()) {
                (Some(a), Some(b)) => a.min(b),
                (a, b) => a.or(b).unwrap_or(m),
            }
            .to_owned()
        };
        let ids: Vec<String> = members.iter().map(|m| id_in_table(m)).collect();
        let national_ranks = self
            .catalog
            .indicator(indicator)
            .is_some_and(|i| i.unit == crate::catalog::Unit::Rank);
        let years: BTreeSet<i32> = ids
            .iter()
            .flat_map(|id| self.obs.series(id, indicator).years().iter().copied())
            .collect();
        let value = |id: &str, year: i32| self.obs.series(id, indicator).value_in(year);
        let years = years
            .into_iter()
            .map(|year| {
                let values = ids.iter().map(|id| value(id, year)).collect();
                // National ranks of the whole table that year (for the permutation bound).
                let taken = if national_ranks {
                    self.units.iter().filter_map(|u| value(u, year)).collect()
                } else {
                    Vec::new()
                };
                (year, values, taken)
            })
            .collect();
        GroupTable {
            members: members.len(),
            national_ranks,
            country_size: registry.units_at(date).count(),
            ids,
            years,
        }
    }

    /// Top-k and percentile targets: the unit's rank in its group each year, bounded when
    /// some members have no data (see [`rank_bounds`]); achieved only when every possible
    /// rank meets the target, not achieved when none does, unable to assess otherwise.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn score_group(
        &self,
        mut row: ScoreRow,
        t: &Target,
        unit: &str,
        indicator: &str,
        group: &Group,
        membership_date: Option<&String>,
        goal: GroupGoal,
    ) -> ScoreRow {
        row.indicator = Some(Arc::from(indicator));
        row.indicator_name = super::indicator_name(self.catalog, Some(indicator), None);
        let date = match membership_date {
            Some(d) => d.clone(),
            None => self
                .geography
                .get_or_init(|| {
                    geography_date(&self.units.iter().copied().collect::<BTreeSet<_>>())
                        .unwrap_or(LAST_PRE_REFORM_DAY)
                })
                .to_string(),
        };
        let key = (indicator.to_owned(), group.to_string(), date.clone());
        let table = {
            let mut groups = self.groups.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(
                groups
                    .entry(key)
                    .or_insert_with(|| Arc::new(self.group_table(indicator, group, &date))),
            )
        };
        if !table.ids.iter().any(|i| i == unit) {
            let name = Registry::builtin().name_of(unit);
            return row.unable(Bilingual::new(
                format!(
                    "{} không thuộc {} vào ngày {}",
                    name.vi,
                    group.name().vi,
                    numbers::date(&date, Lang::Vi)
                ),
                format!("unit '{unit}' is not a member of {group} on {date}"),
            ));
        }
        let direction = self.direction(indicator);
        let mut bounds: Vec<(i32, RankBounds)> = Vec::new();
        for (year, year_values, taken) in &table.years {
            let values: Vec<(&str, Option<f64>)> = table
                .ids
                .iter()
                .map(String::as_str)
                .zip(year_values.iter().copied())
                .collect();
            if let Some(b) = rank_bounds(
                unit,
                &values,
                direction,
                table
                    .national_ranks
                    .then_some((&taken[..], table.country_size)),
            ) {
                bounds.push((*year, b));
            }
        }
        let Some(&(latest_year, last)) = bounds.last() else {
            return row.unable(self.no_observations(unit, indicator, Some(group)));
        };
        let (first_year, first) = bounds[0];
        let n = table.members;
        let pct = |rank: u32| {
            if n <= 1 {
                100.0
            } else {
                100.0 * (n as f64 - f64::from(rank)) / (n as f64 - 1.0)
            }
        };
        // Measured value: rank (top-k) or percentile (band), best case when bounded.
        let value_of = |b: &RankBounds| match goal {
            GroupGoal::TopK(_) => f64::from(b.best),
            GroupGoal::Band(..) => pct(b.best),
        };
        let (target, d, meets_for_sure, fails_for_sure) = match goal {
            GroupGoal::TopK(k) => (f64::from(k), -1.0, last.worst <= k, last.best > k),
            // One rule for ranges: a percentile above the band (better) counts as met.
            GroupGoal::Band(lo, _) => (lo, 1.0, pct(last.worst) >= lo, pct(last.best) < lo),
        };
        row.base = Some(Point {
            year: first_year,
            value: value_of(&first),
        });
        row.latest = Some(Point {
            year: latest_year,
            value: value_of(&last),
        });
        row.target_value = Some(target);
        let (best, worst, with) = (last.best, last.worst, last.with_data);
        let mut bound_note = if best == worst {
            Bilingual::new(
                format!("hạng {best}/{n} năm {latest_year}"),
                format!("rank {best} of {n} in {latest_year}"),
            )
        } else {
            Bilingual::new(
                format!(
                    "hạng từ {best} đến {worst} trong {n} đơn vị năm {latest_year} ({with}/{n} \
                     thành viên có số liệu)"
                ),
                format!(
                    "rank between {best} and {worst} of {n} in {latest_year} ({with} of {n} \
                     members with data)"
                ),
            )
        };
        if let GroupGoal::Band(lo, hi) = goal {
            if pct(last.worst) > hi {
                bound_note = bound_note.then(
                    "; ",
                    &Bilingual::by(|l| {
                        let (lo, hi) = (numbers::number(lo, l), numbers::number(hi, l));
                        match l {
                            Lang::Vi => {
                                format!("bách phân vị trên khoảng {lo}–{hi} (được tính là đạt)")
                            }
                            _ => format!("percentile above the band {lo}–{hi} (counted as met)"),
                        }
                    }),
                );
            }
        }
        if meets_for_sure {
            row.achieved = Some(true);
            row.status = Status::TargetAchieved;
            row.score = Some(5.0);
            row.year_met = Some(latest_year);
        } else if fails_for_sure {
            row.achieved = Some(false);
            let (b, l) = (row.base.expect("set above"), row.latest.expect("set above"));
            let r = pace_ratio(b, l, target, t.horizon, d);
            row.ratio = r;
            row.status = r.map_or(Status::UnableToAssess, ratio_status);
            row.score = r.map(ratio_score);
            if r.is_none() {
                if l.year <= b.year {
                    return row.unable(bound_note.then(
                        "; ",
                        &Bilingual::new(
                            "chỉ có số liệu một năm: không đo được nhịp độ",
                            "one year of data: no pace to measure",
                        ),
                    ));
                }
                if t.horizon <= b.year {
                    let (h, y) = (t.horizon, b.year);
                    return row.unable(bound_note.then(
                        "; ",
                        &Bilingual::new(
                            format!("năm mục tiêu {h} không sau năm đầu tiên có số liệu {y}"),
                            format!("target year {h} not after the first year with data {y}"),
                        ),
                    ));
                }
                // At the target in the base year and lost since: moving away, as a threshold
                // met at its base and lost is (docs/methods.md §3.2).
                row.status = Status::Deterioration;
                row.score = Some(-5.0);
                let y = b.year;
                row.note = Some(bound_note.then(
                    "; ",
                    &Bilingual::new(
                        format!("đạt mục tiêu năm {y}, sau đó không còn đạt"),
                        format!("at the target in {y}, lost since"),
                    ),
                ));
                return row;
            }
        } else {
            return row.unable(bound_note.then(
                ": ",
                &Bilingual::new(
                    "chưa thể xác định mục tiêu đã đạt hay chưa",
                    "cannot tell whether the target is met",
                ),
            ));
        }
        row.note = Some(if meets_for_sure {
            bound_note
        } else {
            bound_note.then(
                "; ",
                &Bilingual::new(
                    "tiến độ = mức thay đổi quan sát mỗi năm / mức thay đổi cần thiết mỗi năm \
                     (tuyến tính)",
                    "progress = observed change a year / change a year required (linear)",
                ),
            )
        });
        row
    }
}

/// What a group target asks.
#[derive(Debug, Clone, Copy)]
pub(super) enum GroupGoal {
    /// Rank ≤ k.
    TopK(u32),
    /// Percentile position in lo..=hi.
    Band(f64, f64),
}

/// The best and worst rank a unit can have in its group given which members have data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RankBounds {
    /// Best possible rank (1 = first).
    pub best: u32,
    /// Worst possible rank.
    pub worst: u32,
    /// Members with data.
    pub with_data: u32,
}

/// Bounds on `unit`'s rank among `members` (with values or not). Members without data may
/// be better or worse: worst = known rank + missing members, unless the values are national
/// ranks (`national`: every rank taken that year in the table, and the country's size),
/// where a missing member can only hold a national rank nobody in the table holds, which
/// bounds how many of them can be ahead. `None` when `unit` has no value.
///
/// ```
/// use chitieu::score::{rank_bounds, RankBounds};
/// use chitieu::Direction;
/// // National ranks 9, 10, 63 known in a 14-member region; ranks 1..=10 are all taken in
/// // the table, so nobody missing can be ahead of rank 10: Bắc Giang is exactly 2nd.
/// let members = [("thai-nguyen", Some(9.0)), ("bac-giang", Some(10.0)), ("cao-bang", Some(63.0))];
/// let mut taken: Vec<f64> = (1..=10).map(f64::from).collect();
/// taken.push(63.0);
/// let all: Vec<_> = members.iter().copied().chain((0..11).map(|_| ("?", None))).collect();
/// let b = rank_bounds("bac-giang", &all, Direction::Decrease, Some((&taken, 63))).unwrap();
/// assert_eq!(b, RankBounds { best: 2, worst: 2, with_data: 3 });
/// ```
pub fn rank_bounds(
    unit: &str,
    members: &[(&str, Option<f64>)],
    direction: Direction,
    national: Option<(&[f64], usize)>,
) -> Option<RankBounds> {
    let ranked = rank_values(members, direction);
    let mine = ranked.iter().find(|r| r.unit_id == unit)?;
    let known = mine.rank?;
    let with_data = mine.n;
    let missing = members.len() as u32 - with_data;
    let (ahead_at_most, behind_at_most) = match national {
        Some((taken, size)) => {
            let own = mine.value?;
            let free: Vec<u32> = (1..=size as u32)
                .filter(|r| !taken.iter().any(|t| (*t - f64::from(*r)).abs() < 0.5))
                .collect();
            let ahead = free.iter().filter(|r| f64::from(**r) < own).count() as u32;
            let behind = free.iter().filter(|r| f64::from(**r) > own).count() as u32;
            (missing.min(ahead), missing.min(behind))
        }
        None => (missing, missing),
    };
    Some(RankBounds {
        best: known + missing.saturating_sub(behind_at_most),
        worst: known + ahead_at_most,
        with_data,
    })
}

/// A unit's place in its group as far as the published ranks determine it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlaceWithin {
    /// Best possible place (1 = first).
    pub best: u32,
    /// Worst possible place.
    pub worst: u32,
    /// Members with a published rank.
    pub with_data: u32,
    /// Whether the place is the unit's own published regional rank.
    pub stated: bool,
}

/// Why a unit's place in its group cannot be given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlaceError {
    /// The unit has no value, or is not among the members.
    #[error("'{unit}' has no published rank in {year} or is not a member of {group}")]
    NoRank {
        /// Unit id.
        unit: String,
        /// Year.
        year: i32,
        /// Group id.
        group: String,
    },
    /// The unit's published regional rank lies outside the bounds of the national ranks.
    #[error(
        "'{unit}' in {year}: published regional rank {own} of {group} conflicts with ranks \
         {best}..{worst} implied by the published national ranks"
    )]
    Conflict {
        /// Unit id.
        unit: String,
        /// Year.
        year: i32,
        /// Group id.
        group: String,
        /// The published regional rank.
        own: u32,
        /// Best place the national ranks allow.
        best: u32,
        /// Worst place the national ranks allow.
        worst: u32,
    },
    /// Every place the national ranks allow is published for another member.
    #[error(
        "'{unit}' in {year}: every place {best}..{worst} the national ranks allow is \
         published for another member of {group}"
    )]
    NoFreePlace {
        /// Unit id.
        unit: String,
        /// Year.
        year: i32,
        /// Group id.
        group: String,
        /// Best place the national ranks allow.
        best: u32,
        /// Worst place the national ranks allow.
        worst: u32,
    },
}

/// The regional ranks a source publishes beside the national ones: the unit's own (if any)
/// and the places published for the group's other members.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PublishedPlaces<'a> {
    /// The unit's published rank within the group.
    pub own: Option<u32>,
    /// Places published for the other members.
    pub others: &'a [u32],
}

/// A unit's place within its group (`year`, `group` name the error): the bounds of
/// [`rank_bounds`] from the national values, then narrowed by the published regional ranks
/// (the unit's own rank, checked against the bounds, wins; otherwise the places published for
/// other members are taken out).
///
/// ```
/// use chitieu::score::{place_within, PlaceWithin, PublishedPlaces};
/// use chitieu::Direction;
/// let members = [("a", Some(3.0)), ("b", Some(7.0)), ("c", None), ("d", None)];
/// let taken: Vec<f64> = vec![3.0, 7.0];
/// let national = Some((taken.as_slice(), 10));
/// // b is between 2nd and 4th; place 2 is published for c: 3rd or 4th.
/// let p = place_within("b", "g", 2024, &members, Direction::Decrease, national,
///                      PublishedPlaces { own: None, others: &[2] })?;
/// assert_eq!((p.best, p.worst, p.stated), (3, 4, false));
/// let err = place_within("b", "g", 2024, &members, Direction::Decrease, national,
///                        PublishedPlaces { own: Some(1), others: &[] }).unwrap_err();
/// assert!(err.to_string().contains("conflicts with ranks 2..4"));
/// # Ok::<(), chitieu::score::PlaceError>(())
/// ```
pub fn place_within(
    unit: &str,
    group: &str,
    year: i32,
    members: &[(&str, Option<f64>)],
    direction: Direction,
    national: Option<(&[f64], usize)>,
    published: PublishedPlaces<'_>,
) -> Result<PlaceWithin, PlaceError> {
    let b = rank_bounds(unit, members, direction, national).ok_or_else(|| PlaceError::NoRank {
        unit: unit.to_owned(),
        year,
        group: group.to_owned(),
    })?;
    if let Some(own) = published.own {
        if !(b.best..=b.worst).contains(&own) {
            return Err(PlaceError::Conflict {
                unit: unit.to_owned(),
                year,
                group: group.to_owned(),
                own,
                best: b.best,
                worst: b.worst,
            });
        }
        return Ok(PlaceWithin {
            best: own,
            worst: own,
            with_data: b.with_data,
            stated: true,
        });
    }
    let mut free = (b.best..=b.worst).filter(|p| !published.others.contains(p));
    let first = free.next().ok_or_else(|| PlaceError::NoFreePlace {
        unit: unit.to_owned(),
        year,
        group: group.to_owned(),
        best: b.best,
        worst: b.worst,
    })?;
    Ok(PlaceWithin {
        best: first,
        worst: free.next_back().unwrap_or(first),
        with_data: b.with_data,
        stated: false,
    })
}

/// R for a rank or percentile series: observed change a year over the change a year needed
/// from the base to reach `target` by `horizon` (linear, as ranks have no growth rate).
fn pace_ratio(base: Point, latest: Point, target: f64, horizon: i32, d: f64) -> Option<f64> {
    if latest.year <= base.year || horizon <= base.year {
        return None;
    }
    let observed = (latest.value - base.value) / f64::from(latest.year - base.year);
    let required = (target - base.value) / f64::from(horizon - base.year);
    (required != 0.0).then(|| d * observed / required.abs())
}
