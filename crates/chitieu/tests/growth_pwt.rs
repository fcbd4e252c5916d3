//! Growth accounting against the Penn World Table 10.01 (`tests/reference/pwt10.01/`).
//!
//! PWT's `rtfpna` is reproduced from `rgdpna`, `rkna`, `L = emp · avh · hc` and `labsh` with
//! Törnqvist shares and log differences, cumulated with 2017 = 1 (`tests/reference/README.md`
//! §1). Preparing PWT's labour input is PWT-specific and done here, not in the library:
//!
//! * a one-year internal gap in a country's `avh` is filled by linear interpolation of the
//!   `avh` levels (NLD 1969, TWN 2014, ZAF 2015);
//! * where the country's own `avh` is missing at `t` or `t − 1` (54 countries have none at
//!   all), the hours term of `Δln L_t` is the USA's `Δln avh` of the same year.
//!
//! `L` is then the level series `exp(Σ Δln L)`, whose log differences are exactly
//! `Δln emp + Δln hc + Δln avh` with those rules.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::split_csv_line;

use chitieu::growth::{
    growth_accounting, AccountingOptions, GrowthError, GrowthMeasure, LabourInput, Series,
    ShareRule, Shares,
};

/// Suggested tolerance of the reference README: a value passes within either bound.
const ABS_TOL: f64 = 2e-6;
const REL_TOL: f64 = 5e-7;

fn reference_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/reference/pwt10.01")
}

fn read_reference(file: &str) -> (PathBuf, String) {
    let path = reference_dir().join(file);
    match fs::read_to_string(&path) {
        Ok(text) => (path, text),
        Err(e) => panic!(
            "the PWT 10.01 reference file is required and could not be read at {} ({e}); \
             it lives in tests/reference/pwt10.01/ in the repository",
            path.display()
        ),
    }
}

/// One country-year of the file.
#[derive(Debug, Clone)]
struct Row {
    year: i32,
    rgdpna: Option<f64>,
    rkna: Option<f64>,
    emp: Option<f64>,
    avh: Option<f64>,
    hc: Option<f64>,
    labsh: Option<f64>,
    rtfpna: Option<f64>,
}

/// Country name and rows by ISO code, rows in year order.
type Pwt = BTreeMap<String, (String, Vec<Row>)>;

fn load() -> Pwt {
    let (path, text) = read_reference("growth_accounting.csv");
    let mut lines = text.lines();
    let header = split_csv_line(lines.next().expect("empty PWT file"));
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("column {name} missing from {}", path.display()))
    };
    let [iso, country, year, rgdpna, rkna, emp, avh, hc, labsh, rtfpna] = [
        "isocode", "country", "year", "rgdpna", "rkna", "emp", "avh", "hc", "labsh", "rtfpna",
    ]
    .map(col);
    let mut pwt = Pwt::new();
    for (i, line) in lines.enumerate() {
        let f = split_csv_line(line);
        assert_eq!(f.len(), header.len(), "line {}: {line}", i + 2);
        let num = |j: usize| -> Option<f64> {
            if f[j].is_empty() {
                None
            } else {
                Some(f[j].parse().unwrap_or_else(|e| {
                    panic!("line {}, column {}: {:?} ({e})", i + 2, header[j], f[j])
                }))
            }
        };
        let row = Row {
            year: f[year].parse().expect("year"),
            rgdpna: num(rgdpna),
            rkna: num(rkna),
            emp: num(emp),
            avh: num(avh),
            hc: num(hc),
            labsh: num(labsh),
            rtfpna: num(rtfpna),
        };
        let entry = pwt
            .entry(f[iso].clone())
            .or_insert_with(|| (f[country].clone(), Vec::new()));
        if let Some(prev) = entry.1.last() {
            assert_eq!(row.year, prev.year + 1, "{}: years not consecutive", f[iso]);
        }
        entry.1.push(row);
    }
    pwt
}

/// `avh` with one-year internal gaps filled by linear interpolation of the levels.
fn avh_filled(rows: &[Row]) -> Vec<Option<f64>> {
    let mut avh: Vec<Option<f64>> = rows.iter().map(|r| r.avh).collect();
    for t in 1..avh.len().saturating_sub(1) {
        if let (Some(a), None, Some(b)) = (rows[t - 1].avh, rows[t].avh, rows[t + 1].avh) {
            avh[t] = Some(0.5 * (a + b));
        }
    }
    avh
}

fn ln_ratio(from: Option<f64>, to: Option<f64>) -> Option<f64> {
    Some((to? / from?).ln())
}

/// How the hours term of one year's labour growth was obtained.
#[derive(Default, Debug)]
struct HoursCount {
    own: usize,
    usa: usize,
    interpolated_years: Vec<String>,
}

/// PWT's labour input `emp · avh · hc` as a level series over `rows`, with the missing-avh
/// rules, plus how each year's hours term was obtained.
fn labour_input(
    iso: &str,
    rows: &[Row],
    usa_dln_avh: &BTreeMap<i32, f64>,
    count: &mut HoursCount,
) -> Vec<Option<f64>> {
    let avh = avh_filled(rows);
    for (r, a) in rows.iter().zip(&avh) {
        if r.avh.is_none() && a.is_some() {
            count.interpolated_years.push(format!("{iso} {}", r.year));
        }
    }
    let mut ln_l = 0.0;
    let mut out = vec![Some(1.0)];
    for t in 1..rows.len() {
        let (p, c) = (&rows[t - 1], &rows[t]);
        let dln_emp = ln_ratio(p.emp, c.emp).expect("emp present where rtfpna is");
        let dln_hc = ln_ratio(p.hc, c.hc).expect("hc present where rtfpna is");
        let dln_avh = match ln_ratio(avh[t - 1], avh[t]) {
            Some(d) => {
                count.own += 1;
                d
            }
            None => {
                count.usa += 1;
                *usa_dln_avh
                    .get(&c.year)
                    .unwrap_or_else(|| panic!("{iso} {}: no USA avh growth", c.year))
            }
        };
        ln_l += dln_emp + dln_hc + dln_avh;
        out.push(Some(ln_l.exp()));
    }
    out
}

/// Per-country maximum absolute error of the full rule, from the reference's derived
/// `rtfpna_check.csv` (computed independently with numpy).
fn reference_max_abs_errors() -> BTreeMap<String, f64> {
    let (path, text) = read_reference("rtfpna_check.csv");
    let mut lines = text.lines();
    let header = split_csv_line(lines.next().expect("empty rtfpna_check.csv"));
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("column {name} missing from {}", path.display()))
    };
    let (iso, err) = (col("isocode"), col("full_rule_max_abs_err"));
    lines
        .map(|line| {
            let f = split_csv_line(line);
            (
                f[iso].clone(),
                f[err].parse().expect("full_rule_max_abs_err"),
            )
        })
        .collect()
}

#[derive(Debug)]
struct Worst {
    value: f64,
    at: String,
}

#[test]
fn pwt_rtfpna_is_reproduced_for_every_country() {
    let pwt = load();
    let (_, usa) = &pwt["USA"];
    let usa_avh = avh_filled(usa);
    let usa_dln_avh: BTreeMap<i32, f64> = (1..usa.len())
        .filter_map(|t| Some((usa[t].year, ln_ratio(usa_avh[t - 1], usa_avh[t])?)))
        .collect();

    let options = AccountingOptions {
        growth: GrowthMeasure::LogDifference,
        labour: LabourInput::EmploymentHoursHumanCapital,
        index_base_year: Some(2017),
    };
    let (mut countries, mut values, mut failures) = (0, 0, Vec::new());
    let mut max_abs = Worst {
        value: 0.0,
        at: String::new(),
    };
    let mut max_rel = Worst {
        value: 0.0,
        at: String::new(),
    };
    let mut hours = HoursCount::default();
    let reference_errors = reference_max_abs_errors();
    for (iso, (name, rows)) in &pwt {
        // The span where PWT gives rtfpna; it must be one run of years.
        let with: Vec<usize> = (0..rows.len())
            .filter(|&i| rows[i].rtfpna.is_some())
            .collect();
        let (Some(&first), Some(&last)) = (with.first(), with.last()) else {
            continue;
        };
        assert_eq!(with.len(), last - first + 1, "{iso}: rtfpna has gaps");
        let rows = &rows[first..=last];
        let years: Vec<i32> = rows.iter().map(|r| r.year).collect();
        let series = |f: fn(&Row) -> Option<f64>| rows.iter().map(f).collect::<Vec<_>>();
        let labour = labour_input(iso, rows, &usa_dln_avh, &mut hours);
        let labsh = series(|r| r.labsh);
        let acc = growth_accounting(
            &years,
            &series(|r| r.rgdpna),
            &series(|r| r.rkna),
            &labour,
            Shares::tornqvist(&labsh),
            &options,
        )
        .unwrap_or_else(|e| panic!("{iso} ({name}): {e}"));
        assert_eq!(acc.conventions.shares, ShareRule::Tornqvist);
        assert_eq!(acc.tfp_index_at(2017), Some(1.0), "{iso}");
        countries += 1;
        let mut country_max_abs: f64 = 0.0;
        for (r, &got) in rows.iter().zip(&acc.tfp_index) {
            let want = r.rtfpna.expect("inside the rtfpna span");
            let abs = (got - want).abs();
            let rel = abs / want.abs();
            values += 1;
            country_max_abs = country_max_abs.max(abs);
            let at = format!("{iso} {}", r.year);
            if abs > max_abs.value {
                max_abs = Worst {
                    value: abs,
                    at: at.clone(),
                };
            }
            if rel > max_rel.value {
                max_rel = Worst {
                    value: rel,
                    at: at.clone(),
                };
            }
            if abs > ABS_TOL && rel > REL_TOL {
                failures.push(format!("{at}: {got} vs rtfpna {want} (abs {abs:.2e})"));
            }
        }
        // The same error, country by country, as the independent check (printed to 4 digits).
        let reference = reference_errors[iso.as_str()];
        assert!(
            (country_max_abs - reference).abs() <= 1e-3 * reference + 1e-12,
            "{iso}: max abs error {country_max_abs:.4e}, rtfpna_check.csv says {reference:.4e}"
        );
    }
    println!(
        "PWT 10.01 rtfpna: {countries} countries, {values} values; max abs error {:.2e} ({}), \
         max rel error {:.2e} ({}); hours term: {} own avh, {} USA avh growth; \
         interpolated avh: {}",
        max_abs.value,
        max_abs.at,
        max_rel.value,
        max_rel.at,
        hours.own,
        hours.usa,
        hours.interpolated_years.join(", ")
    );
    assert!(
        failures.is_empty(),
        "{} of {values} rtfpna values off by more than {ABS_TOL:e} abs and {REL_TOL:e} rel:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(countries, 118, "countries with rtfpna");
    assert_eq!(values, 6407, "rtfpna values");
    assert_eq!(
        hours.interpolated_years,
        ["NLD 1969", "TWN 2014", "ZAF 2015"],
        "one-year avh gaps"
    );
}

/// The avh rule matters: without it (hours growth taken as zero where avh is missing) many
/// countries miss PWT by far more than the tolerance.
#[test]
fn pwt_without_the_usa_hours_rule_misses() {
    let pwt = load();
    let (_, tha) = &pwt["THA"];
    let rows: Vec<&Row> = tha.iter().filter(|r| r.rtfpna.is_some()).collect();
    let years: Vec<i32> = rows.iter().map(|r| r.year).collect();
    // emp · hc · avh with avh missing before 1970 replaced by a constant: zero hours growth.
    let first_avh = rows
        .iter()
        .find_map(|r| r.avh)
        .expect("THA has avh from 1970");
    let labour: Vec<Option<f64>> = rows
        .iter()
        .map(|r| Some(r.emp? * r.hc? * r.avh.unwrap_or(first_avh)))
        .collect();
    let labsh: Vec<Option<f64>> = rows.iter().map(|r| r.labsh).collect();
    let acc = growth_accounting(
        &years,
        &rows.iter().map(|r| r.rgdpna).collect::<Vec<_>>(),
        &rows.iter().map(|r| r.rkna).collect::<Vec<_>>(),
        &labour,
        Shares::tornqvist(&labsh),
        &AccountingOptions {
            index_base_year: Some(2017),
            ..Default::default()
        },
    )
    .unwrap();
    let worst = rows
        .iter()
        .zip(&acc.tfp_index)
        .map(|(r, got)| (got - r.rtfpna.unwrap()).abs())
        .fold(0.0, f64::max);
    assert!(
        worst > 1e-3,
        "THA without the USA avh rule: max error {worst}"
    );
}

/// Viet Nam: PWT has no `rkna` or `labsh` for VNM, so growth accounting stops with an error
/// naming the series and the first year, instead of skipping the gap.
#[test]
fn pwt_viet_nam_lacks_capital_services() {
    let pwt = load();
    let (name, vnm) = &pwt["VNM"];
    assert_eq!(name, "Viet Nam");
    let rows: Vec<&Row> = vnm.iter().filter(|r| r.rgdpna.is_some()).collect();
    let years: Vec<i32> = rows.iter().map(|r| r.year).collect();
    assert_eq!((years[0], years[years.len() - 1]), (1970, 2019));
    let labour: Vec<Option<f64>> = rows.iter().map(|r| Some(r.emp? * r.avh? * r.hc?)).collect();
    let labsh: Vec<Option<f64>> = rows.iter().map(|r| r.labsh).collect();
    let e = growth_accounting(
        &years,
        &rows.iter().map(|r| r.rgdpna).collect::<Vec<_>>(),
        &rows.iter().map(|r| r.rkna).collect::<Vec<_>>(),
        &labour,
        Shares::tornqvist(&labsh),
        &AccountingOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        e,
        GrowthError::Missing {
            series: Series::Capital,
            year: 1970
        }
    );
}

#[test]
fn csv_splitter_handles_quotes() {
    assert_eq!(
        split_csv_line(r#"COD,"Congo, Democratic Republic",1950,,1.5"#),
        ["COD", "Congo, Democratic Republic", "1950", "", "1.5"]
    );
    assert_eq!(
        split_csv_line(r#"a,"say ""hi""",b"#),
        ["a", r#"say "hi""#, "b"]
    );
    assert_eq!(split_csv_line(""), [""]);
}
