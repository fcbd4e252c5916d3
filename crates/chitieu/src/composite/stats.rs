//! Sample statistics shared by the stages: e1071 type-2 skewness and kurtosis, type-7 quantiles, correlation ratio.

/// Median as R's `median` computes it: the middle value, or the R mean of the two middle
/// values of an even count (`x` non-empty, no NaN).
pub(super) fn median(x: &[f64]) -> f64 {
    let mut v = x.to_vec();
    v.sort_by(f64::total_cmp);
    let half = v.len() / 2;
    if v.len() % 2 == 1 {
        v[half]
    } else {
        mean(&v[half - 1..=half])
    }
}

/// Mean as R computes it (sum / n, then refined by the mean of the residuals).
pub(super) fn mean(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    m + x.iter().map(|v| v - m).sum::<f64>() / n
}

fn moments(x: &[f64]) -> (f64, f64, f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let (mut m2, mut m3, mut m4) = (0.0, 0.0, 0.0);
    for v in x {
        let d = v - m;
        let d2 = d * d;
        m2 += d2;
        m3 += d2 * d;
        m4 += d2 * d2;
    }
    (n, m2, m3, m4)
}

pub(super) fn skew_of(x: &[f64]) -> f64 {
    if x.len() < 3 {
        return f64::NAN;
    }
    let (n, m2, m3, _) = moments(x);
    n.sqrt() * m3 / m2.powf(1.5) * (n * (n - 1.0)).sqrt() / (n - 2.0)
}

pub(super) fn kurt_of(x: &[f64]) -> f64 {
    if x.len() < 4 {
        return f64::NAN;
    }
    let (n, m2, _, m4) = moments(x);
    let r = n * m4 / (m2 * m2);
    ((n + 1.0) * (r - 3.0) + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0))
}

/// Sample skewness, e1071 `type = 2` (SAS/SPSS `G1`), NA removed:
/// `g1 · √(n(n−1)) / (n−2)` with `g1 = √n Σd³ / (Σd²)^{3/2}`, `d = x − x̄`. NaN for n < 3.
///
/// ```
/// use chitieu::composite::skewness;
/// let s = skewness(&[Some(1.0), Some(2.0), Some(3.0), Some(10.0), None]);
/// assert!((s - 1.763633).abs() < 1e-6);
/// ```
pub fn skewness(values: &[Option<f64>]) -> f64 {
    skew_of(&values.iter().flatten().copied().collect::<Vec<_>>())
}

/// Sample excess kurtosis, e1071 `type = 2` (SAS/SPSS `G2`), NA removed:
/// `((n+1)(g2) + 6)(n−1) / ((n−2)(n−3))` with `g2 = n Σd⁴ / (Σd²)² − 3`. NaN for n < 4.
///
/// ```
/// use chitieu::composite::kurtosis;
/// let k = kurtosis(&[Some(1.0), Some(2.0), Some(3.0), Some(10.0), Some(2.0)]);
/// assert!((k - 4.272147).abs() < 1e-6);
/// ```
pub fn kurtosis(values: &[Option<f64>]) -> f64 {
    kurt_of(&values.iter().flatten().copied().collect::<Vec<_>>())
}

/// Type-7 quantile of sorted values.
pub(super) fn quantile7(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// Correlation ratio η² = Σ_b n_b (ȳ_b − ȳ)² / Σ (y − ȳ)²; `None` if y is constant.
pub(super) fn correlation_ratio(y: &[Option<f64>], bin: &[usize], n_bins: usize) -> Option<f64> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut sum = 0.0;
    let mut n = 0usize;
    let mut bsum = vec![0.0; n_bins];
    let mut bn = vec![0usize; n_bins];
    for (v, &b) in y.iter().zip(bin) {
        if let Some(v) = *v {
            lo = lo.min(v);
            hi = hi.max(v);
            sum += v;
            n += 1;
            bsum[b] += v;
            bn[b] += 1;
        }
    }
    if n < 2 || lo == hi {
        return None;
    }
    let m = sum / n as f64;
    let sst: f64 = y.iter().flatten().map(|v| (v - m) * (v - m)).sum();
    let ssb: f64 = bsum
        .iter()
        .zip(&bn)
        .filter(|(_, &c)| c > 0)
        .map(|(s, &c)| {
            let d = s / c as f64 - m;
            c as f64 * d * d
        })
        .sum();
    Some(ssb / sst)
}
