use approx::assert_abs_diff_eq;

use super::*;

const YEARS: [i32; 4] = [2010, 2011, 2012, 2013];
const Y: [f64; 4] = [100.0, 110.0, 118.0, 129.0];
const K: [f64; 4] = [200.0, 216.0, 235.0, 251.0];
const L: [f64; 4] = [50.0, 51.0, 52.5, 53.0];

fn some<const N: usize>(xs: [f64; N]) -> [Option<f64>; N] {
    xs.map(Some)
}

fn worked(growth: GrowthMeasure) -> Accounting {
    let o = AccountingOptions {
        growth,
        ..Default::default()
    };
    growth_accounting(&YEARS, &some(Y), &some(K), &some(L), Shares::fixed(0.4), &o).unwrap()
}

/// docs/methods.md §4, log differences.
#[test]
fn worked_example_logs() {
    let acc = worked(GrowthMeasure::LogDifference);
    let ga = [0.0526442, 0.0190889, 0.0570936];
    let shares = [55.2346, 27.1905, 64.0581];
    assert_eq!(acc.annual.len(), 3);
    for (i, a) in acc.annual.iter().enumerate() {
        assert_eq!(a.year, YEARS[i + 1]);
        assert_abs_diff_eq!(a.tfp_growth, ga[i], epsilon = 1e-6);
        // Shares are given in % to 4 decimals: 1e-6 as a fraction.
        assert_abs_diff_eq!(
            a.tfp_share.unwrap() / 100.0,
            shares[i] / 100.0,
            epsilon = 1e-6
        );
        assert_eq!(a.capital_share, 0.4);
        assert_abs_diff_eq!(a.labour_share, 0.6, epsilon = 1e-15);
        assert_abs_diff_eq!(a.output_growth, (Y[i + 1] / Y[i]).ln(), epsilon = 1e-15);
        assert_abs_diff_eq!(a.tfp_contribution_pp, 100.0 * a.tfp_growth, epsilon = 1e-12);
    }
    let s = &acc.summary;
    assert_abs_diff_eq!(s.tfp_share.unwrap() / 100.0, 0.505912, epsilon = 1e-6);
    assert_abs_diff_eq!(
        s.mean_of_annual_shares.unwrap() / 100.0,
        0.488277,
        epsilon = 1e-6
    );
    assert_eq!(s.headline, HeadlineShare::ShareOfSummedGrowth);
    assert_eq!(s.headline_share(), s.tfp_share);
    assert_eq!((s.first_year, s.last_year, s.years), (2011, 2013, 3));
    assert_eq!(
        acc.conventions,
        Conventions {
            growth: GrowthMeasure::LogDifference,
            shares: ShareRule::Fixed { capital_share: 0.4 },
            labour: LabourInput::Employment,
            index_base_year: 2010,
            headline: HeadlineShare::ShareOfSummedGrowth,
        }
    );
    // Share of summed growth = share of average growth.
    assert_abs_diff_eq!(
        s.tfp_share.unwrap(),
        s.tfp_growth / s.output_growth * 100.0,
        epsilon = 1e-12
    );
}

/// docs/methods.md §4, rates.
#[test]
fn worked_example_rates() {
    let acc = worked(GrowthMeasure::Rate);
    let shares = [56.0000, 27.3557, 64.6554];
    for (a, s) in acc.annual.iter().zip(shares) {
        assert_abs_diff_eq!(a.tfp_share.unwrap() / 100.0, s / 100.0, epsilon = 1e-6);
    }
    assert_abs_diff_eq!(acc.annual[0].output_growth, 0.1, epsilon = 1e-15);
    assert_abs_diff_eq!(acc.annual[0].tfp_growth, 0.056, epsilon = 1e-15);
    assert_abs_diff_eq!(
        acc.summary.tfp_share.unwrap() / 100.0,
        0.512007,
        epsilon = 1e-6
    );
    assert_eq!(acc.conventions.growth, GrowthMeasure::Rate);
}

/// docs/methods.md §4, perpetual inventory.
#[test]
fn worked_example_pim() {
    let inv = some([20.0, 22.0, 24.2, 26.6, 29.3]);
    let years = [2016, 2017, 2018, 2019, 2020];
    let k = perpetual_inventory(
        &years,
        &inv,
        0.05,
        InitialStock::SteadyState { growth_years: 4 },
    )
    .unwrap();
    let expected = [133.183274, 148.524110, 165.297905, 183.633010, 203.751359];
    for (got, want) in k.stock.iter().zip(expected) {
        assert_abs_diff_eq!(*got, want, epsilon = 1e-6);
    }
    let InitialStockUsed::SteadyState {
        growth_years,
        investment_growth,
        stock,
    } = k.initial
    else {
        panic!("steady state expected, got {:?}", k.initial)
    };
    assert_eq!(growth_years, 4);
    assert_abs_diff_eq!(investment_growth, 0.100169, epsilon = 1e-6);
    assert_eq!(stock, k.stock[0]);
    assert_eq!(k.years, years);
    assert_eq!(k.depreciation, 0.05);

    // Given initial stock: K_t0 is the given value.
    let k = perpetual_inventory(&years, &inv, 0.05, InitialStock::Given { stock: 130.0 }).unwrap();
    assert_eq!(k.stock[0], 130.0);
    assert_abs_diff_eq!(k.stock[1], 0.95 * 130.0 + 22.0, epsilon = 1e-12);
    assert_eq!(k.initial, InitialStockUsed::Given { stock: 130.0 });
    // A single year is enough with a given stock.
    let k = perpetual_inventory(
        &[2020],
        &[Some(5.0)],
        0.1,
        InitialStock::Given { stock: 9.0 },
    )
    .unwrap();
    assert_eq!(k.stock, [9.0]);
}

#[test]
fn tornqvist_shares_average_adjacent_years() {
    let labsh = some([0.60, 0.64, 0.62, 0.58]);
    let acc = growth_accounting(
        &YEARS,
        &some(Y),
        &some(K),
        &some(L),
        Shares::tornqvist(&labsh),
        &AccountingOptions::default(),
    )
    .unwrap();
    for (a, al) in acc.annual.iter().zip([0.62, 0.63, 0.60]) {
        assert_abs_diff_eq!(a.labour_share, al, epsilon = 1e-15);
        assert_abs_diff_eq!(a.capital_share, 1.0 - al, epsilon = 1e-15);
    }
    assert_eq!(acc.conventions.shares, ShareRule::Tornqvist);
    // Constant labour share 0.6 = fixed α_K 0.4.
    let flat = some([0.6; 4]);
    let t = growth_accounting(
        &YEARS,
        &some(Y),
        &some(K),
        &some(L),
        Shares::tornqvist(&flat),
        &AccountingOptions::default(),
    )
    .unwrap();
    let f = worked(GrowthMeasure::LogDifference);
    for (a, b) in t.annual.iter().zip(&f.annual) {
        assert_abs_diff_eq!(a.tfp_growth, b.tfp_growth, epsilon = 1e-15);
    }
}

#[test]
fn tfp_index_cumulates_from_the_base_year() {
    for growth in [GrowthMeasure::LogDifference, GrowthMeasure::Rate] {
        let o = AccountingOptions {
            growth,
            index_base_year: Some(2012),
            labour: LabourInput::EmploymentHoursHumanCapital,
        };
        let acc = growth_accounting(&YEARS, &some(Y), &some(K), &some(L), Shares::fixed(0.4), &o)
            .unwrap();
        assert_eq!(acc.tfp_index.len(), 4);
        assert_eq!(acc.tfp_index_at(2012), Some(1.0));
        assert_eq!(acc.tfp_index_at(2009), None);
        for t in 1..4 {
            let g = acc.annual[t - 1].tfp_growth;
            let ratio = acc.tfp_index[t] / acc.tfp_index[t - 1];
            let expected = match growth {
                GrowthMeasure::LogDifference => g.exp(),
                GrowthMeasure::Rate => 1.0 + g,
            };
            assert_abs_diff_eq!(ratio, expected, epsilon = 1e-14);
        }
        assert_eq!(
            acc.conventions.labour,
            LabourInput::EmploymentHoursHumanCapital
        );
    }
}

#[test]
fn sub_period_summary() {
    let acc = worked(GrowthMeasure::LogDifference);
    let p = acc.period(2012, 2013).unwrap();
    let (a, b) = (&acc.annual[1], &acc.annual[2]);
    assert_abs_diff_eq!(
        p.tfp_share.unwrap(),
        (a.tfp_growth + b.tfp_growth) / (a.output_growth + b.output_growth) * 100.0,
        epsilon = 1e-12
    );
    assert_eq!(acc.period(2011, 2013).unwrap(), acc.summary);
    assert_eq!(
        acc.period(2013, 2014),
        Err(GrowthError::YearOutOfSpan {
            what: "period end",
            year: 2014,
            first: 2011,
            last: 2013
        })
    );
    assert!(matches!(
        acc.period(2013, 2012),
        Err(GrowthError::InvalidOption { name: "period", .. })
    ));
}

#[test]
fn zero_output_growth_has_no_share_with_a_reason() {
    let acc = growth_accounting(
        &[2020, 2021, 2022],
        &some([100.0, 100.0, 100.0]),
        &some([200.0, 204.0, 208.0]),
        &some([50.0, 50.0, 50.5]),
        Shares::fixed(0.4),
        &AccountingOptions::default(),
    )
    .unwrap();
    assert_eq!(acc.annual[0].tfp_share, None);
    assert_eq!(
        acc.annual[0].tfp_share_undefined,
        Some(ShareUndefined::ZeroOutputGrowth)
    );
    assert_eq!(acc.summary.tfp_share, None);
    assert_eq!(
        acc.summary.tfp_share_undefined,
        Some(ShareUndefined::ZeroOutputGrowth)
    );
    assert_eq!(
        acc.summary.mean_of_annual_shares_undefined,
        Some(ShareUndefined::AnnualSharesUndefined {
            years: vec![2021, 2022]
        })
    );
    // The accounts themselves are still there.
    assert!(acc.annual[0].tfp_growth < 0.0);
    assert!(acc.to_string().contains("n/a"));
}

/// xorshift64*: a small deterministic generator for property tests.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }

    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next()
    }

    fn walk(&mut self, n: usize, start: f64, sd: f64) -> Vec<Option<f64>> {
        let mut x = start;
        (0..n)
            .map(|_| {
                x *= (self.uniform(-sd, sd) + 0.02).exp();
                Some(x)
            })
            .collect()
    }
}

/// Contributions add up to output growth, whatever the data and conventions.
#[test]
fn contributions_add_up_over_random_inputs() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut cases = 0;
    for case in 0..2000 {
        let n = 2 + (rng.next() * 30.0) as usize;
        let years: Vec<i32> = (0..n as i32).map(|i| 1990 + i).collect();
        let (y0, k0, l0) = (
            rng.uniform(1.0, 1e6),
            rng.uniform(1.0, 1e6),
            rng.uniform(1e-3, 1e3),
        );
        let y = rng.walk(n, y0, 0.2);
        let k = rng.walk(n, k0, 0.2);
        let l = rng.walk(n, l0, 0.1);
        let labsh: Vec<Option<f64>> = (0..n).map(|_| Some(rng.next())).collect();
        let shares = if case % 2 == 0 {
            Shares::fixed(rng.next())
        } else {
            Shares::tornqvist(&labsh)
        };
        let growth = if case % 4 < 2 {
            GrowthMeasure::LogDifference
        } else {
            GrowthMeasure::Rate
        };
        let o = AccountingOptions {
            growth,
            ..Default::default()
        };
        let acc = growth_accounting(&years, &y, &k, &l, shares, &o).unwrap();
        assert_eq!(acc.annual.len(), n - 1);
        for a in &acc.annual {
            let gy_pp = 100.0 * a.output_growth;
            let total =
                a.capital_contribution_pp + a.labour_contribution_pp + a.tfp_contribution_pp;
            let tol = 1e-13 * gy_pp.abs().max(a.capital_contribution_pp.abs()).max(1.0);
            assert!(
                (total - gy_pp).abs() <= tol,
                "case {case}, {}: {total} != {gy_pp}",
                a.year
            );
            assert_eq!(a.capital_share + a.labour_share, 1.0, "case {case}");
            assert_abs_diff_eq!(a.tfp_contribution_pp, 100.0 * a.tfp_growth, epsilon = 1e-9);
            if let Some(s) = a.tfp_share {
                assert_abs_diff_eq!(
                    s,
                    a.tfp_growth / a.output_growth * 100.0,
                    epsilon = 1e-9 * s.abs().max(1.0)
                );
            }
        }
        // Period: mean contributions add up to mean output growth too.
        let s = &acc.summary;
        let total = s.capital_contribution_pp + s.labour_contribution_pp + s.tfp_contribution_pp;
        assert_abs_diff_eq!(total, 100.0 * s.output_growth, epsilon = 1e-9);
        cases += 1;
    }
    assert_eq!(cases, 2000);
}

#[test]
fn sensitivity_rows_match_direct_accounting() {
    let inv = some([20.0, 22.0, 24.2, 26.6]);
    let years = &YEARS;
    let shares = grid(GridAxis::CapitalShare, 0.30, 0.50, 0.05).unwrap();
    let deltas = [0.03, 0.08];
    let rows = sensitivity(
        years,
        &some(Y),
        CapitalSource::Investment {
            investment: &inv,
            initial: InitialStock::SteadyState { growth_years: 3 },
            depreciation: &deltas,
        },
        &some(L),
        &shares,
        GrowthMeasure::Rate,
    )
    .unwrap();
    assert_eq!(rows.len(), 10);
    for (i, row) in rows.iter().enumerate() {
        let d = deltas[i / 5];
        let a = shares[i % 5];
        assert_eq!((row.capital_share, row.depreciation), (a, Some(d)));
        let k = perpetual_inventory(
            years,
            &inv,
            d,
            InitialStock::SteadyState { growth_years: 3 },
        )
        .unwrap();
        let acc = growth_accounting(
            years,
            &some(Y),
            &k.series(),
            &some(L),
            Shares::fixed(a),
            &AccountingOptions {
                growth: GrowthMeasure::Rate,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(row.tfp_share, acc.summary.tfp_share);
        assert_eq!(row.tfp_growth, acc.summary.tfp_growth);
    }
    // From a stock: one row per share, no depreciation.
    let rows = sensitivity(
        years,
        &some(Y),
        CapitalSource::Stock(&some(K)),
        &some(L),
        &[0.4],
        GrowthMeasure::LogDifference,
    )
    .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].depreciation, None);
    assert_abs_diff_eq!(rows[0].tfp_share.unwrap(), 50.5912, epsilon = 1e-4);
}

#[test]
fn grid_values() {
    assert_eq!(
        grid(GridAxis::CapitalShare, 0.30, 0.50, 0.05).unwrap(),
        [0.30, 0.35, 0.40, 0.45, 0.50]
    );
    assert_eq!(
        grid(GridAxis::Depreciation, 0.03, 0.1, 0.01).unwrap().len(),
        8
    );
    // The stop need not be on the grid.
    assert_eq!(
        grid(GridAxis::CapitalShare, 0.3, 0.42, 0.05).unwrap(),
        [0.3, 0.35, 0.4]
    );
    assert_eq!(
        grid(GridAxis::CapitalShare, 0.0, 1.0, 0.5).unwrap(),
        [0.0, 0.5, 1.0]
    );
}

#[test]
fn enum_names_round_trip() {
    for g in [GrowthMeasure::LogDifference, GrowthMeasure::Rate] {
        assert_eq!(g.as_str().parse::<GrowthMeasure>().unwrap(), g);
    }
    for l in [
        LabourInput::Employment,
        LabourInput::EmploymentHours,
        LabourInput::EmploymentHoursHumanCapital,
    ] {
        assert_eq!(l.to_string().parse::<LabourInput>().unwrap(), l);
    }
    assert!(matches!(
        "levels".parse::<GrowthMeasure>(),
        Err(GrowthError::InvalidOption {
            name: "growth measure",
            ..
        })
    ));
    assert!(matches!(
        "heads".parse::<LabourInput>(),
        Err(GrowthError::InvalidOption {
            name: "labour input",
            ..
        })
    ));
}

// ---------------------------------------------------------------------------------------
// Errors, one by one.

fn run(
    years: &[i32],
    y: &[Option<f64>],
    k: &[Option<f64>],
    l: &[Option<f64>],
    shares: Shares<'_>,
) -> Result<Accounting, GrowthError> {
    growth_accounting(years, y, k, l, shares, &AccountingOptions::default())
}

#[test]
fn error_length_mismatch() {
    let e = run(
        &YEARS,
        &some(Y),
        &some([1.0, 2.0, 3.0]),
        &some(L),
        Shares::fixed(0.4),
    );
    assert_eq!(
        e.unwrap_err(),
        GrowthError::LengthMismatch {
            series: Series::Capital,
            years: 4,
            values: 3
        }
    );
    let labsh = some([0.6; 5]);
    let e = run(
        &YEARS,
        &some(Y),
        &some(K),
        &some(L),
        Shares::tornqvist(&labsh),
    );
    assert!(matches!(
        e,
        Err(GrowthError::LengthMismatch {
            series: Series::LabourShare,
            ..
        })
    ));
    let e = perpetual_inventory(
        &YEARS,
        &some([1.0]),
        0.05,
        InitialStock::Given { stock: 1.0 },
    );
    assert!(matches!(
        e,
        Err(GrowthError::LengthMismatch {
            series: Series::Investment,
            ..
        })
    ));
}

#[test]
fn error_too_short() {
    let e = run(
        &[2020],
        &[Some(1.0)],
        &[Some(1.0)],
        &[Some(1.0)],
        Shares::fixed(0.4),
    );
    assert_eq!(
        e.unwrap_err(),
        GrowthError::TooShort {
            found: 1,
            required: 2
        }
    );
    let e = run(&[], &[], &[], &[], Shares::fixed(0.4));
    assert!(matches!(e, Err(GrowthError::TooShort { found: 0, .. })));
    let e = perpetual_inventory(&[], &[], 0.05, InitialStock::Given { stock: 1.0 });
    assert_eq!(
        e.unwrap_err(),
        GrowthError::TooShort {
            found: 0,
            required: 1
        }
    );
}

#[test]
fn error_years_not_consecutive() {
    for (years, previous, year) in [
        ([2010, 2011, 2013, 2014], 2011, 2013),
        ([2010, 2011, 2011, 2012], 2011, 2011),
        ([2013, 2012, 2011, 2010], 2013, 2012),
    ] {
        let e = run(&years, &some(Y), &some(K), &some(L), Shares::fixed(0.4));
        assert_eq!(
            e.unwrap_err(),
            GrowthError::YearsNotConsecutive { previous, year }
        );
    }
    let e = perpetual_inventory(
        &[i32::MAX, i32::MIN],
        &some([1.0, 1.0]),
        0.05,
        InitialStock::Given { stock: 1.0 },
    );
    assert!(matches!(e, Err(GrowthError::YearsNotConsecutive { .. })));
}

#[test]
fn error_missing_value_names_series_and_year() {
    let mut k = some(K);
    k[2] = None;
    let e = run(&YEARS, &some(Y), &k, &some(L), Shares::fixed(0.4));
    assert_eq!(
        e.unwrap_err(),
        GrowthError::Missing {
            series: Series::Capital,
            year: 2012
        }
    );
    // Leading and trailing gaps are errors too: nothing is trimmed silently.
    let mut l = some(L);
    l[0] = None;
    let e = run(&YEARS, &some(Y), &some(K), &l, Shares::fixed(0.4));
    assert_eq!(
        e.unwrap_err(),
        GrowthError::Missing {
            series: Series::Labour,
            year: 2010
        }
    );
    let labsh = [Some(0.6), Some(0.6), Some(0.6), None];
    let e = run(
        &YEARS,
        &some(Y),
        &some(K),
        &some(L),
        Shares::tornqvist(&labsh),
    );
    assert_eq!(
        e.unwrap_err(),
        GrowthError::Missing {
            series: Series::LabourShare,
            year: 2013
        }
    );
    let e = perpetual_inventory(
        &[2020, 2021],
        &[Some(1.0), None],
        0.05,
        InitialStock::Given { stock: 1.0 },
    );
    assert_eq!(
        e.unwrap_err(),
        GrowthError::Missing {
            series: Series::Investment,
            year: 2021
        }
    );
}

#[test]
fn error_non_finite() {
    let mut y = some(Y);
    y[1] = Some(f64::NAN);
    let e = run(&YEARS, &y, &some(K), &some(L), Shares::fixed(0.4));
    assert!(matches!(
        e,
        Err(GrowthError::NonFinite {
            series: Series::Output,
            year: 2011,
            ..
        })
    ));
    let labsh = [Some(0.6), Some(f64::INFINITY), Some(0.6), Some(0.6)];
    let e = run(
        &YEARS,
        &some(Y),
        &some(K),
        &some(L),
        Shares::tornqvist(&labsh),
    );
    assert!(matches!(
        e,
        Err(GrowthError::NonFinite {
            series: Series::LabourShare,
            year: 2011,
            ..
        })
    ));
    let e = perpetual_inventory(
        &[2020],
        &[Some(1.0)],
        0.05,
        InitialStock::Given { stock: f64::NAN },
    );
    assert!(matches!(
        e,
        Err(GrowthError::NonFinite {
            series: Series::Capital,
            year: 2020,
            ..
        })
    ));
}

#[test]
fn error_non_positive() {
    let mut l = some(L);
    l[3] = Some(0.0);
    let e = run(&YEARS, &some(Y), &some(K), &l, Shares::fixed(0.4));
    assert_eq!(
        e.unwrap_err(),
        GrowthError::NonPositive {
            series: Series::Labour,
            year: 2013,
            value: 0.0
        }
    );
    let mut k = some(K);
    k[0] = Some(-5.0);
    let e = run(&YEARS, &some(Y), &k, &some(L), Shares::fixed(0.4));
    assert!(matches!(
        e,
        Err(GrowthError::NonPositive {
            series: Series::Capital,
            year: 2010,
            ..
        })
    ));
    let e = perpetual_inventory(
        &[2020, 2021],
        &some([1.0, -1.0]),
        0.05,
        InitialStock::Given { stock: 1.0 },
    );
    assert!(matches!(
        e,
        Err(GrowthError::NonPositive {
            series: Series::Investment,
            year: 2021,
            ..
        })
    ));
    let e = perpetual_inventory(
        &[2020],
        &[Some(1.0)],
        0.05,
        InitialStock::Given { stock: 0.0 },
    );
    assert!(matches!(
        e,
        Err(GrowthError::NonPositive {
            series: Series::Capital,
            year: 2020,
            ..
        })
    ));
}

#[test]
fn error_shares_out_of_range() {
    for a in [-0.1, 1.1, f64::NAN] {
        let e = run(&YEARS, &some(Y), &some(K), &some(L), Shares::fixed(a));
        assert!(
            matches!(e, Err(GrowthError::CapitalShareOutOfRange { .. })),
            "{a}"
        );
    }
    let labsh = some([0.6, 0.6, 1.2, 0.6]);
    let e = run(
        &YEARS,
        &some(Y),
        &some(K),
        &some(L),
        Shares::tornqvist(&labsh),
    );
    assert_eq!(
        e.unwrap_err(),
        GrowthError::ShareOutOfRange {
            series: Series::LabourShare,
            year: 2012,
            value: 1.2
        }
    );
    // Bounds are allowed.
    assert!(run(&YEARS, &some(Y), &some(K), &some(L), Shares::fixed(0.0)).is_ok());
    assert!(run(&YEARS, &some(Y), &some(K), &some(L), Shares::fixed(1.0)).is_ok());
    let e = sensitivity(
        &YEARS,
        &some(Y),
        CapitalSource::Stock(&some(K)),
        &some(L),
        &[0.3, 1.5],
        GrowthMeasure::Rate,
    );
    assert_eq!(
        e.unwrap_err(),
        GrowthError::CapitalShareOutOfRange { value: 1.5 }
    );
}

#[test]
fn error_depreciation_out_of_range() {
    let inv = some([20.0, 22.0, 24.2]);
    for d in [-0.01, 1.0, f64::INFINITY] {
        let e = perpetual_inventory(
            &YEARS[..3],
            &inv,
            d,
            InitialStock::SteadyState { growth_years: 2 },
        );
        assert!(
            matches!(e, Err(GrowthError::DepreciationOutOfRange { .. })),
            "{d}"
        );
    }
    assert!(
        perpetual_inventory(&YEARS[..3], &inv, 0.0, InitialStock::Given { stock: 1.0 }).is_ok()
    );
    let e = sensitivity(
        &YEARS[..3],
        &some([100.0, 101.0, 102.0]),
        CapitalSource::Investment {
            investment: &inv,
            initial: InitialStock::SteadyState { growth_years: 2 },
            depreciation: &[0.05, 1.2],
        },
        &some([5.0, 5.0, 5.0]),
        &[0.4],
        GrowthMeasure::Rate,
    );
    assert_eq!(
        e.unwrap_err(),
        GrowthError::DepreciationOutOfRange { value: 1.2 }
    );
}

#[test]
fn error_initial_stock() {
    let inv = some([20.0, 18.0, 16.0]);
    // Investment falls 10.6 % a year: g + δ < 0 with δ = 0.05.
    let e = perpetual_inventory(
        &YEARS[..3],
        &inv,
        0.05,
        InitialStock::SteadyState { growth_years: 2 },
    );
    assert!(matches!(
        e,
        Err(GrowthError::InitialStockUndefined { depreciation, .. }) if depreciation == 0.05
    ));
    for n in [0, 3] {
        let e = perpetual_inventory(
            &YEARS[..3],
            &inv,
            0.05,
            InitialStock::SteadyState { growth_years: n },
        );
        assert!(
            matches!(
                e,
                Err(GrowthError::InvalidOption {
                    name: "growth_years",
                    ..
                })
            ),
            "{n}"
        );
    }
}

#[test]
fn error_index_base_year_outside_series() {
    let o = AccountingOptions {
        index_base_year: Some(2017),
        ..Default::default()
    };
    let e = growth_accounting(&YEARS, &some(Y), &some(K), &some(L), Shares::fixed(0.4), &o);
    assert_eq!(
        e.unwrap_err(),
        GrowthError::YearOutOfSpan {
            what: "index base year",
            year: 2017,
            first: 2010,
            last: 2013
        }
    );
}

#[test]
fn error_bad_grid() {
    let cases = [
        (0.3, 0.5, 0.0, GridProblem::NonPositiveStep),
        (0.3, 0.5, -0.05, GridProblem::NonPositiveStep),
        (0.5, 0.3, 0.05, GridProblem::StopBeforeStart),
        (0.3, f64::NAN, 0.05, GridProblem::NonFinite),
        (0.0, 1.0, 1e-9, GridProblem::TooManyPoints),
    ];
    for (start, stop, step, problem) in cases {
        assert_eq!(
            grid(GridAxis::CapitalShare, start, stop, step).unwrap_err(),
            GrowthError::BadGrid {
                axis: GridAxis::CapitalShare,
                problem
            },
            "{start} {stop} {step}"
        );
    }
    let e = sensitivity(
        &YEARS,
        &some(Y),
        CapitalSource::Stock(&some(K)),
        &some(L),
        &[],
        GrowthMeasure::Rate,
    );
    assert_eq!(
        e.unwrap_err(),
        GrowthError::BadGrid {
            axis: GridAxis::CapitalShare,
            problem: GridProblem::Empty
        }
    );
    let inv = some([20.0, 22.0, 24.2, 26.6]);
    for (deltas, problem) in [
        (&[][..], GridProblem::Empty),
        (&[0.05, f64::NAN][..], GridProblem::NonFinite),
    ] {
        let e = sensitivity(
            &YEARS,
            &some(Y),
            CapitalSource::Investment {
                investment: &inv,
                initial: InitialStock::SteadyState { growth_years: 3 },
                depreciation: deltas,
            },
            &some(L),
            &[0.4],
            GrowthMeasure::Rate,
        );
        assert_eq!(
            e.unwrap_err(),
            GrowthError::BadGrid {
                axis: GridAxis::Depreciation,
                problem
            }
        );
    }
}

#[test]
fn error_messages_name_series_and_year() {
    let msg = GrowthError::NonPositive {
        series: Series::Labour,
        year: 2013,
        value: 0.0,
    }
    .to_string();
    assert!(msg.contains("labour in 2013 is 0"), "{msg}");
    let msg = GrowthError::ShareOutOfRange {
        series: Series::LabourShare,
        year: 2012,
        value: 1.2,
    }
    .to_string();
    assert!(msg.contains("labour share in 2012 is 1.2"), "{msg}");
}
