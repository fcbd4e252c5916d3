//! The unit registry: Vietnam's provinces before (63) and after (34) the 1 July 2025 reform
//! (Resolution 202/2025/QH15), with regions and validity dates, as data
//! (`units/provinces_2004.toml`, `units/units_2025.toml`; sources in `units/SOURCES.md`).
//!
//! ```
//! use chitieu::registry::Registry;
//! let r = Registry::builtin();
//! assert_eq!(r.units_at("2024-06-30").count(), 63);
//! assert_eq!(r.units_at("2025-07-01").count(), 34);
//! assert_eq!(r.region_members("northern-midlands-and-mountains", "2024-01-11").count(), 14);
//! ```

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const PROVINCES_2004: &str = include_str!("../units/provinces_2004.toml");
const UNITS_2025: &str = include_str!("../units/units_2025.toml");

/// The six socio-economic regions used in the Statistics Office's tables.
pub const REGIONS: [&str; 6] = [
    "northern-midlands-and-mountains",
    "red-river-delta",
    "north-central-and-central-coast",
    "central-highlands",
    "south-east",
    "mekong-delta",
];

/// Names of the six regions: (id, Vietnamese, English).
pub const REGION_NAMES: [(&str, &str, &str); 6] = [
    (
        "northern-midlands-and-mountains",
        "Trung du và miền núi phía Bắc",
        "Northern Midlands and Mountains",
    ),
    ("red-river-delta", "Đồng bằng sông Hồng", "Red River Delta"),
    (
        "north-central-and-central-coast",
        "Bắc Trung Bộ và duyên hải miền Trung",
        "North Central and Central Coast",
    ),
    ("central-highlands", "Tây Nguyên", "Central Highlands"),
    ("south-east", "Đông Nam Bộ", "South-East"),
    ("mekong-delta", "Đồng bằng sông Cửu Long", "Mekong Delta"),
];

/// Folds a name for matching: lower case, no "TP."/"tỉnh"/"thành phố" prefix, dashes and
/// spaces unified (diacritics are kept: they distinguish names).
fn fold(name: &str) -> String {
    let lower = name.to_lowercase().replace(['–', '—', '-', '.'], " ");
    let words: Vec<&str> = lower.split_whitespace().collect();
    let skip = match words.as_slice() {
        ["tp", ..] => 1,
        ["tỉnh", ..] => 1,
        ["thành", "phố", ..] => 2,
        _ => 0,
    };
    words[skip..].join(" ")
}

/// Folds a name further for matching without diacritics: `fold` (case, prefixes, dashes), then canonical
/// decomposition with the combining marks dropped and `đ` read as `d` ("Bắc Giang", "bac
/// giang" and "BẮC GIANG" fold alike, whatever the Unicode form they were typed in).
pub fn fold_loose(name: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let plain: String = fold(&name.nfc().collect::<String>())
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            other => other,
        })
        .collect();
    // "Tinh", "Thanh pho", "TP" typed without diacritics: the prefix goes too.
    let words: Vec<&str> = plain.split_whitespace().collect();
    let skip = match words.as_slice() {
        ["tp" | "tinh", _, ..] => 1,
        ["thanh", "pho", _, ..] => 2,
        _ => 0,
    };
    words[skip..].join(" ")
}

/// A unit or region that no id or name matches, with the nearest ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} '{given}'{}", near_text(.near))]
pub struct UnknownName {
    /// `unit` or `region`.
    pub what: &'static str,
    /// The text given.
    pub given: String,
    /// Near ids, with their Vietnamese names: `("bac-giang", "Bắc Giang")`.
    pub near: Vec<(String, String)>,
}

impl UnknownName {
    /// The message in Vietnamese.
    ///
    /// ```
    /// let e = chitieu::registry::Registry::builtin().resolve_unit("Bac Giangg", None).unwrap_err();
    /// assert!(e.message_vi().starts_with("không tìm thấy đơn vị 'Bac Giangg'; có phải là bac-giang"));
    /// ```
    pub fn message_vi(&self) -> String {
        let what = match self.what {
            "unit" => "đơn vị",
            "region" => "vùng",
            other => other,
        };
        let mut m = format!("không tìm thấy {what} '{}'", self.given);
        if !self.near.is_empty() {
            let list: Vec<String> = self
                .near
                .iter()
                .map(|(id, vi)| format!("{id} ({vi})"))
                .collect();
            m.push_str(&format!("; có phải là {}?", list.join(", ")));
        }
        m
    }
}

fn near_text(near: &[(String, String)]) -> String {
    if near.is_empty() {
        return String::new();
    }
    let list: Vec<String> = near.iter().map(|(id, vi)| format!("{id} ({vi})")).collect();
    format!("; did you mean {}?", list.join(", "))
}

/// Up to three candidates `(id, name_vi, folded names)` nearest to `given` (Levenshtein on the
/// loose fold, within a third of the longer length).
fn nearest<'a>(
    given: &str,
    candidates: impl Iterator<Item = (&'a str, &'a str, Vec<String>)>,
) -> Vec<(String, String)> {
    let g = fold_loose(given);
    let mut scored: Vec<(usize, &str, &str)> = candidates
        .filter_map(|(id, vi, names)| {
            let d = names.iter().map(|n| strsim::levenshtein(&g, n)).min()?;
            let longest = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
            (d * 3 <= longest.max(g.chars().count())).then_some((d, id, vi))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(3)
        .map(|(_, id, vi)| (id.to_owned(), vi.to_owned()))
        .collect()
}

/// The region id for an id or a name, Vietnamese or English, with or without diacritics,
/// any case; [`UnknownName`] with near regions otherwise.
///
/// ```
/// use chitieu::registry::resolve_region;
/// assert_eq!(resolve_region("trung du va mien nui phia bac").unwrap(), "northern-midlands-and-mountains");
/// assert_eq!(resolve_region("Đồng bằng sông Hồng").unwrap(), "red-river-delta");
/// assert!(resolve_region("Tay Nguyen x").unwrap_err().to_string().contains("central-highlands"));
/// ```
pub fn resolve_region(text: &str) -> Result<&'static str, UnknownName> {
    if let Some(id) = region_id(text) {
        return Ok(id);
    }
    let f = fold_loose(text);
    let loose = REGION_NAMES
        .iter()
        .find(|(id, vi, en)| fold_loose(id) == f || fold_loose(vi) == f || fold_loose(en) == f);
    match loose {
        Some((id, _, _)) => Ok(id),
        None => Err(UnknownName {
            what: "region",
            given: text.to_owned(),
            near: nearest(
                text,
                REGION_NAMES.iter().map(|(id, vi, en)| {
                    (
                        *id,
                        *vi,
                        vec![fold_loose(id), fold_loose(vi), fold_loose(en)],
                    )
                }),
            ),
        }),
    }
}

/// The region id for an id, a Vietnamese or an English name.
///
/// ```
/// use chitieu::registry::region_id;
/// assert_eq!(region_id("Trung du và miền núi phía Bắc"), Some("northern-midlands-and-mountains"));
/// assert_eq!(region_id("mekong delta"), Some("mekong-delta"));
/// ```
pub fn region_id(name: &str) -> Option<&'static str> {
    let f = fold(name);
    REGION_NAMES
        .iter()
        .find(|(id, vi, en)| *id == name || fold(vi) == f || fold(en) == f)
        .map(|(id, _, _)| *id)
}

/// A province or centrally run municipality, valid over a span of dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    /// Stable ASCII id, e.g. `lai-chau` (ids of the 2025 units may repeat an old id).
    pub id: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Statistics Office code.
    #[serde(default)]
    pub gso_code: String,
    /// `province` or `municipality`.
    pub kind: String,
    /// Region id (one of [`REGIONS`]).
    pub region: String,
    /// First day of validity (ISO date; empty = before the registry starts).
    #[serde(default)]
    pub valid_from: String,
    /// Last day of validity (ISO date; empty = still valid).
    #[serde(default)]
    pub valid_to: String,
    /// Pre-reform units merged into this one (2025 units).
    #[serde(default)]
    pub predecessors: Vec<String>,
    /// The id this unit continued under after a change of status or name (e.g.
    /// `thua-thien-hue` → `hue` on 2025-01-01).
    #[serde(default)]
    pub succeeded_by: Option<String>,
}

impl Unit {
    /// Whether the unit exists on `date` (ISO `YYYY-MM-DD`).
    pub fn valid_on(&self, date: &str) -> bool {
        (self.valid_from.is_empty() || self.valid_from.as_str() <= date)
            && (self.valid_to.is_empty() || date <= self.valid_to.as_str())
    }
}

#[derive(Deserialize)]
struct UnitsFile {
    units: Vec<Unit>,
}

/// All units, before and after the reform.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Registry {
    units: Vec<Unit>,
    /// Position of the latest unit with each id (names of ids are looked up per scored unit).
    latest: foldhash::HashMap<String, usize>,
}

impl Registry {
    /// The registry shipped with chitieu.
    pub fn builtin() -> &'static Registry {
        static BUILTIN: OnceLock<Registry> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let mut units = Vec::new();
            for text in [PROVINCES_2004, UNITS_2025] {
                let file: UnitsFile =
                    toml::from_str(text).expect("built-in registry parses (tested)");
                units.extend(file.units);
            }
            let latest = units
                .iter()
                .enumerate()
                .map(|(i, u)| (u.id.clone(), i))
                .collect();
            Registry { units, latest }
        })
    }

    /// Every row of the registry.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// Units that exist on `date` (ISO `YYYY-MM-DD`).
    pub fn units_at<'a>(&'a self, date: &'a str) -> impl Iterator<Item = &'a Unit> + 'a {
        self.units.iter().filter(move |u| u.valid_on(date))
    }

    /// Units of `region` on `date`.
    pub fn region_members<'a>(
        &'a self,
        region: &'a str,
        date: &'a str,
    ) -> impl Iterator<Item = &'a Unit> + 'a {
        self.units_at(date).filter(move |u| u.region == region)
    }

    /// The id under which unit `id` existed on `date`, following renames
    /// (`succeeded_by`); `None` when `id` is unknown or had ended by then without successor.
    ///
    /// ```
    /// let r = chitieu::registry::Registry::builtin();
    /// assert_eq!(r.current_id("thua-thien-hue", "2025-06-30"), Some("hue"));
    /// assert_eq!(r.current_id("lai-chau", "2025-06-30"), Some("lai-chau"));
    /// ```
    pub fn current_id<'a>(&'a self, id: &'a str, date: &str) -> Option<&'a str> {
        let mut id = id;
        for _ in 0..self.units.len() {
            if self.units.iter().any(|u| u.id == id && u.valid_on(date)) {
                return Some(id);
            }
            let row = self
                .units
                .iter()
                .filter(|u| u.id == id && !u.valid_to.is_empty() && u.valid_to.as_str() < date)
                .find_map(|u| u.succeeded_by.as_deref())?;
            id = row;
        }
        None
    }

    /// The unit named `name` (Vietnamese or English, with or without "TP."/"Tỉnh") that
    /// existed on `date`.
    ///
    /// ```
    /// let r = chitieu::registry::Registry::builtin();
    /// assert_eq!(r.find_by_name("TP Hồ Chí Minh", "2024-12-31").unwrap().id, "ho-chi-minh");
    /// assert_eq!(r.find_by_name("Bà Rịa - Vũng Tàu", "2024-12-31").unwrap().id, "ba-ria-vung-tau");
    /// assert_eq!(r.find_by_name("Thừa Thiên Huế", "2024-06-30").unwrap().id, "thua-thien-hue");
    /// assert_eq!(r.find_by_name("Huế", "2025-10-01").unwrap().id, "hue");
    /// ```
    pub fn find_by_name<'a>(&'a self, name: &str, date: &'a str) -> Option<&'a Unit> {
        let f = fold(name);
        self.units_at(date)
            .find(|u| fold(&u.name_vi) == f || fold(&u.name_en) == f || u.id == name)
    }

    /// The id of the unit `text` names: its id, or its name (Vietnamese or English, with or
    /// without diacritics, any case, with or without "TP."/"Tỉnh"), among the units valid on
    /// `date` (any date when `None`); [`UnknownName`] with near units otherwise.
    ///
    /// ```
    /// let r = chitieu::registry::Registry::builtin();
    /// assert_eq!(r.resolve_unit("Bắc Giang", Some("2024-12-31")).unwrap(), "bac-giang");
    /// assert_eq!(r.resolve_unit("bac giang", None).unwrap(), "bac-giang");
    /// assert_eq!(r.resolve_unit("TP. Hồ Chí Minh", None).unwrap(), "ho-chi-minh");
    /// assert_eq!(r.resolve_unit("ho chi minh", None).unwrap(), "ho-chi-minh");
    /// assert_eq!(r.resolve_unit("Tinh Bac Giang", None).unwrap(), "bac-giang");
    /// assert_eq!(r.resolve_unit("Thanh pho Ho Chi Minh", None).unwrap(), "ho-chi-minh");
    /// let err = r.resolve_unit("Bac Giangg", None).unwrap_err();
    /// assert!(err.to_string().contains("bac-giang (Bắc Giang)"));
    /// ```
    pub fn resolve_unit(&self, text: &str, date: Option<&str>) -> Result<String, UnknownName> {
        let valid = |u: &&Unit| date.is_none_or(|d| u.valid_on(d));
        if let Some(u) = self.units.iter().filter(valid).find(|u| u.id == text) {
            return Ok(u.id.clone());
        }
        let (f, loose) = (fold(text), fold_loose(text));
        let by_name = |u: &&Unit| fold(&u.name_vi) == f || fold(&u.name_en) == f;
        let by_loose = |u: &&Unit| {
            fold_loose(&u.name_vi) == loose
                || fold_loose(&u.name_en) == loose
                || fold_loose(&u.id.replace('-', " ")) == loose
        };
        // The latest unit first: a name reused after the 2025 reform means the new unit.
        let found = self
            .units
            .iter()
            .rev()
            .filter(valid)
            .find(by_name)
            .or_else(|| self.units.iter().rev().filter(valid).find(by_loose));
        match found {
            Some(u) => Ok(u.id.clone()),
            None => Err(UnknownName {
                what: "unit",
                given: text.to_owned(),
                near: nearest(
                    text,
                    self.units.iter().filter(valid).map(|u| {
                        (
                            u.id.as_str(),
                            u.name_vi.as_str(),
                            vec![
                                fold_loose(&u.name_vi),
                                fold_loose(&u.name_en),
                                fold_loose(&u.id.replace('-', " ")),
                            ],
                        )
                    }),
                ),
            }),
        }
    }

    /// The name of the unit with id `id` (its latest record: ids of the 2025 units may
    /// repeat an old id), or the id itself when the registry does not know it.
    ///
    /// ```
    /// let r = chitieu::registry::Registry::builtin();
    /// assert_eq!(r.name_of("bac-giang").vi, "Bắc Giang");
    /// assert_eq!(r.name_of("ho-chi-minh").en, "Ho Chi Minh City");
    /// assert_eq!(r.name_of("atlantis").vi, "atlantis");
    /// ```
    pub fn name_of(&self, id: &str) -> crate::vocabulary::Bilingual {
        self.names(id).map_or_else(
            || crate::vocabulary::Bilingual::same(id),
            |(vi, en)| crate::vocabulary::Bilingual::new(vi, en),
        )
    }

    /// The (Vietnamese, English) names of the latest unit with id `id`, borrowed.
    ///
    /// ```
    /// use chitieu::registry::Registry;
    /// assert_eq!(Registry::builtin().names("lai-chau"), Some(("Lai Châu", "Lai Chau")));
    /// assert_eq!(Registry::builtin().names("atlantis"), None);
    /// ```
    pub fn names(&self, id: &str) -> Option<(&str, &str)> {
        let u = &self.units[*self.latest.get(id)?];
        Some((&u.name_vi, &u.name_en))
    }

    /// Whether some unit had id `id` at some date.
    pub fn knows(&self, id: &str) -> bool {
        self.units.iter().any(|u| u.id == id)
    }
}

/// Whether `s` is a real ISO date `YYYY-MM-DD` from 1900 to 2100 (no 30 February).
///
/// ```
/// use chitieu::registry::is_iso_date;
/// assert!(is_iso_date("2024-02-29") && !is_iso_date("2023-02-29") && !is_iso_date("2024-13-01"));
/// ```
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !s.is_ascii() {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    let (Some(y @ 1900..=2100), Some(m @ 1..=12), Some(d)) = (num(0..4), num(5..7), num(8..10))
    else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_before_and_after_the_reform() {
        let r = Registry::builtin();
        for date in ["2015-01-01", "2024-12-31", "2025-01-01", "2025-06-30"] {
            assert_eq!(r.units_at(date).count(), 63, "{date}");
            let counts: Vec<usize> = REGIONS
                .iter()
                .map(|reg| r.region_members(reg, date).count())
                .collect();
            assert_eq!(counts, [14, 11, 14, 5, 6, 13], "{date}");
        }
        assert_eq!(r.units_at("2025-07-01").count(), 34);
        // Each pre-reform unit alive on 2025-06-30 has exactly one successor.
        for old in r.units_at("2025-06-30") {
            let n = r
                .units_at("2025-07-01")
                .filter(|u| u.predecessors.contains(&old.id))
                .count();
            assert_eq!(n, 1, "{}", old.id);
        }
    }

    #[test]
    fn every_unit_is_valid_data() {
        for u in Registry::builtin().units() {
            assert!(REGIONS.contains(&u.region.as_str()), "{}", u.id);
            assert!(
                u.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                u.id
            );
            for d in [&u.valid_from, &u.valid_to] {
                assert!(d.is_empty() || is_iso_date(d), "{}: {d}", u.id);
            }
        }
    }

    #[test]
    fn iso_dates() {
        assert!(is_iso_date("2024-01-11"));
        for bad in [
            "2024-13-01",
            "2024-1-11",
            "11/01/2024",
            "",
            "2024-01-32",
            "2024-02-30",
            "2023-02-29",
            "2024-04-31",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }
}
