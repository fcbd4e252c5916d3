//! Numbers and dates as people read them in each language.
//!
//! Vietnamese writes a decimal comma and separates thousands with dots (`1.234,5`); dates are
//! `dd/mm/yyyy`. English (and bilingual documents, [`Lang::Both`], which follow the
//! international convention) write `1,234.5` and ISO dates. Years are never grouped.
//!
//! ```
//! use chitieu::vocabulary::numbers::{date, number, rounded, significant};
//! use chitieu::vocabulary::Lang;
//! assert_eq!(number(1234.5, Lang::Vi), "1.234,5");
//! assert_eq!(number(1234.5, Lang::En), "1,234.5");
//! assert_eq!(rounded(56.2549, 2, Lang::Vi), "56,25");
//! assert_eq!(significant(1234.56789, Lang::Vi), "1.234,57");
//! assert_eq!(date("2025-07-01", Lang::Vi), "01/07/2025");
//! ```

use super::Lang;

/// `x` in its shortest exact form (Rust's `Display`), thousands grouped, in `lang`'s
/// separators. Non-finite values read `NaN`, `∞`, `−∞`.
pub fn number(x: f64, lang: Lang) -> String {
    if !x.is_finite() {
        return non_finite(x);
    }
    let x = if x == 0.0 { 0.0 } else { x };
    localise(&x.to_string(), lang)
}

/// `x` rounded to at most `decimals` decimals, trailing zeros dropped (`-0` reads `0`).
pub fn rounded(x: f64, decimals: usize, lang: Lang) -> String {
    if !x.is_finite() {
        return non_finite(x);
    }
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s.as_str()
    };
    let s = if s == "-0" { "0" } else { s };
    localise(s, lang)
}

/// Whole numbers in full, others to six significant digits (Python's `format(x, ",.6g")`
/// in English), in `lang`'s separators.
///
/// ```
/// use chitieu::vocabulary::numbers::significant;
/// use chitieu::vocabulary::Lang;
/// assert_eq!(significant(30000.0, Lang::En), "30,000");
/// assert_eq!(significant(0.000012345, Lang::En), "1.2345e-05");
/// assert_eq!(significant(37.6, Lang::Vi), "37,6");
/// ```
pub fn significant(v: f64, lang: Lang) -> String {
    if !v.is_finite() {
        return if v.is_nan() {
            "nan".into()
        } else if v > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return localise(&format!("{}", v as i64), lang);
    }
    let sci = format!("{v:.5e}");
    let (mantissa, exp) = sci.split_once('e').expect("exponent form");
    let exp: i32 = exp.parse().expect("an integer exponent");
    if !(-4..6).contains(&exp) {
        let m = mantissa.trim_end_matches('0').trim_end_matches('.');
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{}e{sign}{:02}", localise(m, lang), exp.abs());
    }
    let decimals = (5 - exp).max(0) as usize;
    let fixed = format!("{v:.decimals$}");
    let fixed = if fixed.contains('.') {
        fixed.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        fixed
    };
    localise(&fixed, lang)
}

/// A percentage of a share in `0..=1`, to at most one decimal: `0.4567` → `45,7%` (vi).
pub fn percent(share: f64, lang: Lang) -> String {
    format!("{}%", rounded(100.0 * share, 1, lang))
}

/// An ISO date (`yyyy-mm-dd`) as `lang` writes it: `dd/mm/yyyy` in Vietnamese, unchanged
/// otherwise (and unchanged when it is not an ISO date).
pub fn date(iso: &str, lang: Lang) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match (lang, parts.as_slice()) {
        (Lang::Vi, [y, m, d]) if digits(y, 4) && digits(m, 2) && digits(d, 2) => {
            format!("{d}/{m}/{y}")
        }
        _ => iso.to_owned(),
    }
}

/// Years as a list people read: `2019, 2020 và 2022` / `2019, 2020 and 2022`.
pub fn years(years: &[i32], lang: Lang) -> String {
    let words: Vec<String> = years.iter().map(ToString::to_string).collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => {
            let and = if lang == Lang::Vi { "và" } else { "and" };
            format!("{} {and} {last}", init.join(", "))
        }
    }
}

fn non_finite(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x > 0.0 {
        "∞".into()
    } else {
        "−∞".into()
    }
}

/// A number written with `.` for decimals and no grouping, grouped and in `lang`'s
/// separators. Exponent forms are left as they are.
fn localise(plain: &str, lang: Lang) -> String {
    let (sign, rest) = plain.strip_prefix('-').map_or(("", plain), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    if !int.bytes().all(|b| b.is_ascii_digit()) {
        return plain.to_owned();
    }
    let (group, point) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En | Lang::Both => (',', '.'),
    };
    let mut out = String::from(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push(point);
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_digits_read_as_pythons_format() {
        // Expected strings printed by CPython 3: f"{int(v):,}" for whole numbers below 1e15,
        // else format(v, ",.6g").
        for (v, expected) in [
            (30000.0, "30,000"),
            (37.6, "37.6"),
            (1234.56789, "1,234.57"),
            (0.000012345, "1.2345e-05"),
            (2.5, "2.5"),
            (-1234567.891, "-1.23457e+06"),
            (0.5, "0.5"),
            (123456.7, "123,457"),
            (1e20, "1e+20"),
            (0.1 + 0.2, "0.3"),
        ] {
            assert_eq!(significant(v, Lang::En), expected, "{v}");
            // Vietnamese: the same digits with the separators swapped (Python's
            // format(v, ",.6g") with ',' and '.' exchanged, as the vi_VN locale writes).
            let swapped: String = expected
                .chars()
                .map(|c| match c {
                    ',' => '.',
                    '.' => ',',
                    c => c,
                })
                .collect();
            assert_eq!(significant(v, Lang::Vi), swapped, "{v}");
        }
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(rounded(2.0, 3, Lang::En), "2");
        assert_eq!(rounded(37.6, 3, Lang::Vi), "37,6");
        assert_eq!(rounded(1.23456, 3, Lang::En), "1.235");
        assert_eq!(rounded(-0.0001, 3, Lang::Vi), "0");
        assert_eq!(rounded(f64::NAN, 3, Lang::En), "NaN");
        assert_eq!(rounded(-1234567.0, 0, Lang::Vi), "-1.234.567");
        assert_eq!(number(0.1 + 0.2, Lang::Vi), "0,30000000000000004");
        assert_eq!(number(-0.0, Lang::En), "0");
        // CPython: f"{1e21:,.0f}"
        assert_eq!(number(1e21, Lang::En), "1,000,000,000,000,000,000,000");
        assert_eq!(percent(0.4567, Lang::Vi), "45,7%");
        assert_eq!(date("2024-01-11", Lang::Vi), "11/01/2024");
        assert_eq!(date("2024-01-11", Lang::En), "2024-01-11");
        assert_eq!(date("", Lang::Vi), "");
        assert_eq!(years(&[2019, 2020, 2022], Lang::Vi), "2019, 2020 và 2022");
        assert_eq!(years(&[2019], Lang::En), "2019");
    }
}
