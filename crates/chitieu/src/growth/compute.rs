//! Growth accounting on validated data: yearly accounts, the period summary, TFP levels.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::conventions::{
    AccountingOptions, Conventions, GrowthMeasure, HeadlineShare, Series, ShareUndefined, Shares,
};
use super::error::GrowthError;
use super::validation::{check_capital_share, check_len, check_years, positive, share_series};

/// The growth accounts of one year `t` (the change from `t − 1` to `t`).
///
/// Growth rates are fractions (0.05 = 5 %); contributions are percentage points and add up to
/// `100 · output_growth`.
///
/// ```
/// use chitieu::growth::{growth_accounting, AccountingOptions, Shares};
/// let v = |xs: [f64; 2]| xs.map(Some);
/// let acc = growth_accounting(&[2020, 2021], &v([100.0, 110.0]), &v([200.0, 216.0]),
///                             &v([50.0, 51.0]), Shares::fixed(0.4),
///                             &AccountingOptions::default())?;
/// let a = &acc.annual[0];
/// assert_eq!(a.year, 2021);
/// let total = a.capital_contribution_pp + a.labour_contribution_pp + a.tfp_contribution_pp;
/// assert!((total - 100.0 * a.output_growth).abs() < 1e-12);
/// assert!((a.tfp_share.unwrap() - 55.2346).abs() < 1e-4);
/// # Ok::<(), chitieu::growth::GrowthError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct YearAccount {
    /// The year `t`.
    pub year: i32,
    /// Output growth `g_Y`.
    pub output_growth: f64,
    /// Capital growth `g_K`.
    pub capital_growth: f64,
    /// Labour growth `g_L`.
    pub labour_growth: f64,
    /// Capital share `α_K` used.
    pub capital_share: f64,
    /// Labour share `α_L = 1 − α_K` used.
    pub labour_share: f64,
    /// TFP growth `g_A = g_Y − α_K g_K − α_L g_L`.
    pub tfp_growth: f64,
    /// Contribution of capital, `100 α_K g_K` percentage points.
    pub capital_contribution_pp: f64,
    /// Contribution of labour, `100 α_L g_L` percentage points.
    pub labour_contribution_pp: f64,
    /// Contribution of TFP in percentage points: `100 g_Y` minus the other two.
    pub tfp_contribution_pp: f64,
    /// TFP share of output growth, `g_A / g_Y × 100` (%); `None` when `g_Y = 0`.
    pub tfp_share: Option<f64>,
    /// Why `tfp_share` is `None`.
    pub tfp_share_undefined: Option<ShareUndefined>,
}

/// Growth accounts summed over a period of growth years.
///
/// Means are arithmetic means of the annual values (with log differences the mean growth is
/// the average continuous growth rate; with rates it is not a compound rate).
///
/// ```
/// use chitieu::growth::{growth_accounting, AccountingOptions, HeadlineShare, Shares};
/// let v = |xs: [f64; 3]| xs.map(Some);
/// let acc = growth_accounting(&[2020, 2021, 2022], &v([100.0, 100.0, 104.0]),
///                             &v([200.0, 204.0, 208.0]), &v([50.0, 50.0, 50.5]),
///                             Shares::fixed(0.4), &AccountingOptions::default())?;
/// let s = &acc.summary;
/// assert_eq!(s.headline, HeadlineShare::ShareOfSummedGrowth);
/// assert!(s.tfp_share.is_some());              // growth summed over 2021-2022 is not zero
/// assert_eq!(s.mean_of_annual_shares, None);   // 2021 has no annual share
/// assert_eq!(s.headline_share(), s.tfp_share);
/// # Ok::<(), chitieu::growth::GrowthError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PeriodSummary {
    /// First growth year (its growth is the change from the year before).
    pub first_year: i32,
    /// Last growth year.
    pub last_year: i32,
    /// Number of growth years.
    pub years: usize,
    /// Mean annual output growth.
    pub output_growth: f64,
    /// Mean annual capital growth.
    pub capital_growth: f64,
    /// Mean annual labour growth.
    pub labour_growth: f64,
    /// Mean annual TFP growth.
    pub tfp_growth: f64,
    /// Mean capital share used.
    pub capital_share: f64,
    /// Mean annual contribution of capital (percentage points).
    pub capital_contribution_pp: f64,
    /// Mean annual contribution of labour (percentage points).
    pub labour_contribution_pp: f64,
    /// Mean annual contribution of TFP (percentage points).
    pub tfp_contribution_pp: f64,
    /// Headline: TFP share of summed output growth, `Σ g_A / Σ g_Y × 100` (%).
    pub tfp_share: Option<f64>,
    /// Why `tfp_share` is `None`.
    pub tfp_share_undefined: Option<ShareUndefined>,
    /// Mean of the annual TFP shares (%), not the headline.
    pub mean_of_annual_shares: Option<f64>,
    /// Why `mean_of_annual_shares` is `None`.
    pub mean_of_annual_shares_undefined: Option<ShareUndefined>,
    /// Which of the two shares is the headline (always [`HeadlineShare::ShareOfSummedGrowth`]).
    pub headline: HeadlineShare,
}

impl PeriodSummary {
    /// The headline share (%).
    pub fn headline_share(&self) -> Option<f64> {
        match self.headline {
            HeadlineShare::ShareOfSummedGrowth => self.tfp_share,
            HeadlineShare::MeanOfAnnualShares => self.mean_of_annual_shares,
        }
    }
}

/// The result of [`growth_accounting`].
///
/// ```
/// use chitieu::growth::{growth_accounting, AccountingOptions, Shares};
/// let v = |xs: [f64; 3]| xs.map(Some);
/// let o = AccountingOptions { index_base_year: Some(2021), ..Default::default() };
/// let acc = growth_accounting(&[2020, 2021, 2022], &v([100.0, 103.0, 107.0]),
///                             &v([200.0, 206.0, 211.0]), &v([50.0, 50.5, 51.0]),
///                             Shares::fixed(0.4), &o)?;
/// assert_eq!(acc.years, [2020, 2021, 2022]);
/// assert_eq!(acc.annual.len(), 2);                  // growth years 2021 and 2022
/// assert_eq!(acc.tfp_index_at(2021), Some(1.0));
/// let g = acc.annual[1].tfp_growth;
/// assert!((acc.tfp_index_at(2022).unwrap() - g.exp()).abs() < 1e-15);
/// # Ok::<(), chitieu::growth::GrowthError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Accounting {
    /// Conventions used.
    pub conventions: Conventions,
    /// One account per growth year (every year but the first).
    pub annual: Vec<YearAccount>,
    /// All years of the input, the first included.
    pub years: Vec<i32>,
    /// TFP level index, parallel to `years`, 1 at the base year.
    pub tfp_index: Vec<f64>,
    /// Summary over all growth years.
    pub summary: PeriodSummary,
}

impl Accounting {
    /// The TFP level index in `year`, if in the series.
    pub fn tfp_index_at(&self, year: i32) -> Option<f64> {
        let i = self.years.iter().position(|&y| y == year)?;
        Some(self.tfp_index[i])
    }

    /// The summary over the growth years `first..=last`. Growth year `t` is the change from
    /// `t − 1` to `t`, so GSO's "2011–2015" is `period(2011, 2015)` and needs data from 2010.
    ///
    /// ```
    /// use chitieu::growth::{growth_accounting, AccountingOptions, GrowthError, Shares};
    /// let v = |xs: [f64; 4]| xs.map(Some);
    /// let acc = growth_accounting(&[2010, 2011, 2012, 2013],
    ///                             &v([100.0, 110.0, 118.0, 129.0]),
    ///                             &v([200.0, 216.0, 235.0, 251.0]),
    ///                             &v([50.0, 51.0, 52.5, 53.0]),
    ///                             Shares::fixed(0.4), &AccountingOptions::default())?;
    /// let p = acc.period(2012, 2013)?;
    /// assert_eq!(p.years, 2);
    /// assert!(matches!(acc.period(2010, 2013),
    ///                  Err(GrowthError::YearOutOfSpan { year: 2010, .. })));
    /// # Ok::<(), GrowthError>(())
    /// ```
    pub fn period(&self, first: i32, last: i32) -> Result<PeriodSummary, GrowthError> {
        if first > last {
            return Err(GrowthError::InvalidOption {
                name: "period",
                value: format!("{first}..={last}"),
                expected: "a first year not after the last year",
            });
        }
        let (lo, hi) = (self.summary.first_year, self.summary.last_year);
        for (what, year) in [("period start", first), ("period end", last)] {
            if !(lo..=hi).contains(&year) {
                return Err(GrowthError::YearOutOfSpan {
                    what,
                    year,
                    first: lo,
                    last: hi,
                });
            }
        }
        let from = usize::try_from(first - lo).expect("checked in span");
        let to = usize::try_from(last - lo).expect("checked in span");
        Ok(summarise(&self.annual[from..=to]))
    }
}

impl fmt::Display for Accounting {
    /// A short table, e.g. for a REPL.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |v: Option<f64>| v.map_or("n/a".to_owned(), |v| format!("{v:.2}%"));
        writeln!(f, "{}", self.conventions.describe())?;
        writeln!(
            f,
            "{:>6} {:>8} {:>8} {:>8} {:>6} {:>8} {:>8} {:>8} {:>10}",
            "year", "g_Y %", "g_K %", "g_L %", "a_K", "K pp", "L pp", "TFP pp", "TFP share"
        )?;
        for a in &self.annual {
            writeln!(
                f,
                "{:>6} {:>8.3} {:>8.3} {:>8.3} {:>6.3} {:>8.3} {:>8.3} {:>8.3} {:>10}",
                a.year,
                100.0 * a.output_growth,
                100.0 * a.capital_growth,
                100.0 * a.labour_growth,
                a.capital_share,
                a.capital_contribution_pp,
                a.labour_contribution_pp,
                a.tfp_contribution_pp,
                pct(a.tfp_share)
            )?;
        }
        let s = &self.summary;
        write!(
            f,
            "{}-{}: TFP share of summed output growth {} (headline); mean of annual shares {}",
            s.first_year,
            s.last_year,
            pct(s.tfp_share),
            pct(s.mean_of_annual_shares)
        )
    }
}

/// Growth accounting of one unit's series.
///
/// `years` must be consecutive and increasing (at least two); `output`, `capital` and `labour`
/// are parallel to it, every value present, finite and positive. Growth year `t` is the
/// change from `t − 1` to `t`, so the result has one [`YearAccount`] per year but the first.
///
/// ```
/// use chitieu::growth::{growth_accounting, AccountingOptions, GrowthMeasure, Shares};
/// let v = |xs: [f64; 4]| xs.map(Some);
/// let (y, k, l) = (v([100.0, 110.0, 118.0, 129.0]), v([200.0, 216.0, 235.0, 251.0]),
///                  v([50.0, 51.0, 52.5, 53.0]));
/// let o = AccountingOptions { growth: GrowthMeasure::Rate, ..Default::default() };
/// let acc = growth_accounting(&[2010, 2011, 2012, 2013], &y, &k, &l, Shares::fixed(0.4), &o)?;
/// assert!((acc.annual[0].tfp_share.unwrap() - 56.0).abs() < 1e-9);
/// assert!((acc.summary.tfp_share.unwrap() - 51.2007).abs() < 1e-4);
///
/// // Törnqvist shares from a labour-share series.
/// let labsh = v([0.60, 0.60, 0.62, 0.58]);
/// let acc = growth_accounting(&[2010, 2011, 2012, 2013], &y, &k, &l, Shares::tornqvist(&labsh),
///                             &AccountingOptions::default())?;
/// assert!((acc.annual[1].labour_share - 0.61).abs() < 1e-15);
/// # Ok::<(), chitieu::growth::GrowthError>(())
/// ```
pub fn growth_accounting(
    years: &[i32],
    output: &[Option<f64>],
    capital: &[Option<f64>],
    labour: &[Option<f64>],
    shares: Shares<'_>,
    options: &AccountingOptions,
) -> Result<Accounting, GrowthError> {
    check_len(Series::Output, years, output.len())?;
    check_len(Series::Capital, years, capital.len())?;
    check_len(Series::Labour, years, labour.len())?;
    if let Shares::Tornqvist { labour_share } = shares {
        check_len(Series::LabourShare, years, labour_share.len())?;
    }
    check_years(years, 2)?;
    let y = positive(Series::Output, years, output)?;
    let k = positive(Series::Capital, years, capital)?;
    let l = positive(Series::Labour, years, labour)?;
    let labour_share;
    let alpha = match shares {
        Shares::Fixed { capital_share } => {
            check_capital_share(capital_share)?;
            Alpha::Fixed(capital_share)
        }
        Shares::Tornqvist { labour_share: s } => {
            labour_share = share_series(Series::LabourShare, years, s)?;
            Alpha::Tornqvist(&labour_share)
        }
    };
    let base_year = options.index_base_year.unwrap_or(years[0]);
    let last = years[years.len() - 1];
    let Some(base) = years.iter().position(|&y| y == base_year) else {
        return Err(GrowthError::YearOutOfSpan {
            what: "index base year",
            year: base_year,
            first: years[0],
            last,
        });
    };

    let annual = account(years, &y, &k, &l, alpha, options.growth);
    let tfp_index = level_index(&annual, base, options.growth);
    let summary = summarise(&annual);
    Ok(Accounting {
        conventions: Conventions {
            growth: options.growth,
            shares: shares.rule(),
            labour: options.labour,
            index_base_year: base_year,
            headline: summary.headline,
        },
        annual,
        years: years.to_vec(),
        tfp_index,
        summary,
    })
}

// ---------------------------------------------------------------------------------------------
// Computation on validated data.

/// Factor shares on validated data: a capital share, or labour shares by year.
#[derive(Clone, Copy)]
pub(super) enum Alpha<'a> {
    Fixed(f64),
    Tornqvist(&'a [f64]),
}

/// One account per year but the first. All slices validated and of one length ≥ 2.
pub(super) fn account(
    years: &[i32],
    y: &[f64],
    k: &[f64],
    l: &[f64],
    alpha: Alpha<'_>,
    growth: GrowthMeasure,
) -> Vec<YearAccount> {
    (1..years.len())
        .map(|t| {
            let (capital_share, labour_share) = match alpha {
                Alpha::Fixed(a) => (a, 1.0 - a),
                Alpha::Tornqvist(s) => {
                    let al = 0.5 * (s[t] + s[t - 1]);
                    (1.0 - al, al)
                }
            };
            let gy = growth.growth(y[t - 1], y[t]);
            let gk = growth.growth(k[t - 1], k[t]);
            let gl = growth.growth(l[t - 1], l[t]);
            let tfp_growth = gy - capital_share * gk - labour_share * gl;
            let capital_pp = 100.0 * capital_share * gk;
            let labour_pp = 100.0 * labour_share * gl;
            let (tfp_share, tfp_share_undefined) = share_of(tfp_growth, gy);
            YearAccount {
                year: years[t],
                output_growth: gy,
                capital_growth: gk,
                labour_growth: gl,
                capital_share,
                labour_share,
                tfp_growth,
                capital_contribution_pp: capital_pp,
                labour_contribution_pp: labour_pp,
                tfp_contribution_pp: 100.0 * gy - capital_pp - labour_pp,
                tfp_share,
                tfp_share_undefined,
            }
        })
        .collect()
}

fn share_of(tfp: f64, output: f64) -> (Option<f64>, Option<ShareUndefined>) {
    if output == 0.0 {
        (None, Some(ShareUndefined::ZeroOutputGrowth))
    } else {
        (Some(tfp / output * 100.0), None)
    }
}

/// TFP level index over all years (one more than `annual`), 1 at year index `base`.
fn level_index(annual: &[YearAccount], base: usize, growth: GrowthMeasure) -> Vec<f64> {
    match growth {
        GrowthMeasure::LogDifference => {
            let mut log_level = Vec::with_capacity(annual.len() + 1);
            log_level.push(0.0);
            let mut acc = 0.0;
            for a in annual {
                acc += a.tfp_growth;
                log_level.push(acc);
            }
            let b = log_level[base];
            log_level.iter().map(|x| (x - b).exp()).collect()
        }
        GrowthMeasure::Rate => {
            let mut level = Vec::with_capacity(annual.len() + 1);
            level.push(1.0);
            let mut acc = 1.0;
            for a in annual {
                acc *= 1.0 + a.tfp_growth;
                level.push(acc);
            }
            let b = level[base];
            level.iter().map(|x| x / b).collect()
        }
    }
}

/// Summary of a non-empty run of annual accounts.
pub(super) fn summarise(annual: &[YearAccount]) -> PeriodSummary {
    let n = annual.len() as f64;
    let mean = |f: fn(&YearAccount) -> f64| annual.iter().map(f).sum::<f64>() / n;
    let sum_gy: f64 = annual.iter().map(|a| a.output_growth).sum();
    let sum_ga: f64 = annual.iter().map(|a| a.tfp_growth).sum();
    let (tfp_share, tfp_share_undefined) = share_of(sum_ga, sum_gy);
    let undefined: Vec<i32> = annual
        .iter()
        .filter(|a| a.tfp_share.is_none())
        .map(|a| a.year)
        .collect();
    let (mean_of_annual_shares, mean_of_annual_shares_undefined) = if undefined.is_empty() {
        (
            Some(annual.iter().filter_map(|a| a.tfp_share).sum::<f64>() / n),
            None,
        )
    } else {
        (
            None,
            Some(ShareUndefined::AnnualSharesUndefined { years: undefined }),
        )
    };
    PeriodSummary {
        first_year: annual[0].year,
        last_year: annual[annual.len() - 1].year,
        years: annual.len(),
        output_growth: sum_gy / n,
        capital_growth: mean(|a| a.capital_growth),
        labour_growth: mean(|a| a.labour_growth),
        tfp_growth: sum_ga / n,
        capital_share: mean(|a| a.capital_share),
        capital_contribution_pp: mean(|a| a.capital_contribution_pp),
        labour_contribution_pp: mean(|a| a.labour_contribution_pp),
        tfp_contribution_pp: mean(|a| a.tfp_contribution_pp),
        tfp_share,
        tfp_share_undefined,
        mean_of_annual_shares,
        mean_of_annual_shares_undefined,
        headline: HeadlineShare::ShareOfSummedGrowth,
    }
}
