"""Independent checks of the shipped scoring paths.

Every expectation here is computed without chitieu: by hand (the arithmetic is in the
comments) or by a short second implementation in plain Python / numpy written in this file
(the Open SDG score function, growth accounting, the Monte Carlo with its documented random
generator). No expected number comes from another chitieu call.

Areas being changed in the core (per-year flows above their range, ``increase_each_year``,
the natural-limit factor of trend targets) have their own tests and are not covered here.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

import chitieu
import chitieu.expr as cx

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ROOT / "crates" / "chitieu" / "targets"

# ------------------------------------------------------------------------------------------
# Helpers: observations, a one-target plan, and Open SDG's classes and score (docs §3.2)
# ------------------------------------------------------------------------------------------

HEAD = """
id = "indep"
name_vi = "Kế hoạch kiểm tra độc lập"
name_en = "Independent check plan"
issuer_vi = "UBND tỉnh"
issuer_en = "People's Committee"
document = "1/KH"
date = "2024-01-11"
scope_kind = "unit"
unit = "{unit}"
"""


def obs(rows: list[tuple[str, str, int, float | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema=["unit_id", "indicator", "year", "value"], orient="row", strict=False
    )


def plan(body: str, unit: str) -> chitieu.TargetSet:
    return chitieu.targets(
        HEAD.format(unit=unit) + '[[targets]]\nid = "indep/x"\n' + body + "\nhorizon = 2030\n"
        'clause_vi = "Câu"\nclause_en = "Clause"\nprovenance = "document"\n'
    )


def score_one(rows: list[tuple[str, str, int, float | None]], body: str, unit: str) -> dict:
    return chitieu.score(obs(rows), plan(body, unit)).to_polars().row(0, named=True)


def sdg_status(r: float) -> str:
    """Open SDG classes of R (docs §3.2)."""
    if r >= 0.95:
        return "on_track"
    if r >= 0.6:
        return "acceleration_needed"
    if r >= 0.0:
        return "limited_progress"
    return "deterioration"


def sdg_score(r: float) -> float:
    """Statistics Canada's score: −60 % → −5, 60 % → 0, 130 % → 5 (docs §3.2)."""
    if r >= 0.6:
        return min(5.0, (r - 0.6) / 0.7 * 5.0)
    return max(-5.0, (r + 0.6) / 1.2 * 5.0 - 5.0)


# ------------------------------------------------------------------------------------------
# 1–2. Group targets: percentile bands and top k
# ------------------------------------------------------------------------------------------

# The five pre-reform provinces of the Central Highlands; kon-tum and dak-nong only existed
# before the 2025 reform, so the table is read in the 63-province geography.
HIGHLANDS = ["kon-tum", "gia-lai", "dak-lak", "dak-nong", "lam-dong"]
R10K = "researchers_per_10k"  # higher is better


def highlands(v2020: list[float], v2024: list[float], ind: str = R10K) -> list[tuple]:
    return [(u, ind, 2020, v) for u, v in zip(HIGHLANDS, v2020)] + [
        (u, ind, 2024, v) for u, v in zip(HIGHLANDS, v2024)
    ]


def band(lo: float, hi: float, group: str = "region:central-highlands") -> str:
    return (
        f'indicator = "{R10K}"\nkind = "percentile_band"\nlo = {lo}\nhi = {hi}\ngroup = "{group}"'
    )


def top(k: int, ind: str = R10K, group: str = "region:central-highlands") -> str:
    return (
        f'indicator = "{ind}"\nkind = "top_k"\nk = {k}\ngroup = "{group}"\n'
        f'membership_date = "2024-01-11"\nrank_indicator = "{ind}"'
    )


def test_percentile_band_certainly_met() -> None:
    # 2024: kon-tum 10 (rank 1), gia-lai 8 and dak-lak 8 tie (both rank 2, the best rank of
    # their block), dak-nong 5 (rank 4), lam-dong 3 (rank 5). Percentile of gia-lai =
    # 100·(n − rank)/(n − 1) = 100·(5 − 2)/4 = 75 ≥ 50: the band 50–100 is met.
    # 2020: gia-lai 1 is last, rank 5 → percentile 100·0/4 = 0.
    r = score_one(highlands([9, 1, 5, 4, 3], [10, 8, 8, 5, 3]), band(50, 100), "gia-lai")
    assert (r["kind"], r["status"], r["achieved"], r["score"]) == (
        "percentile_band",
        "target_achieved",
        True,
        5.0,
    )
    assert (r["base_year"], r["base_value"]) == (2020, 0.0)
    assert (r["latest_year"], r["latest_value"]) == (2024, 75.0)
    assert (r["target_value"], r["year_met"]) == (50.0, 2024)
    assert r["note"] == "rank 2 of 5 in 2024"


def test_percentile_band_certainly_not_met() -> None:
    # 2024: 10, 8, 6, 4 (gia-lai), 3 → gia-lai rank 4, percentile 100·(5 − 4)/4 = 25 < 50.
    # 2020: rank 5, percentile 0. Linear pace on percentiles (docs §3.7):
    # observed (25 − 0)/(2024 − 2020) = 6.25 a year; needed (50 − 0)/(2030 − 2020) = 5 a year;
    # R = +1 · 6.25 / 5 = 1.25 → on track; score (1.25 − 0.6)/0.7·5 = 4.642857.
    r = score_one(highlands([9, 1, 5, 4, 3], [10, 4, 8, 6, 3]), band(50, 100), "gia-lai")
    assert (r["status"], r["achieved"], r["year_met"]) == ("on_track", False, None)
    assert (r["base_value"], r["latest_value"], r["target_value"]) == (0.0, 25.0, 50.0)
    assert r["ratio"] == pytest.approx(1.25, abs=1e-12)
    assert r["score"] == pytest.approx((1.25 - 0.6) / 0.7 * 5, abs=1e-12)
    assert r["score"] == pytest.approx(4.642857, abs=1e-6)
    assert r["note"].startswith("rank 4 of 5 in 2024; progress")


def test_percentile_band_bounded_by_missing_members_uses_the_group_size() -> None:
    # The 14 pre-reform provinces of the Northern Midlands and Mountains (bac-giang only
    # existed before the reform); 9 have data, 5 have none. Lai Châu is 8th of the 9 in 2024:
    # its best possible rank is 8 (the 5 missing all behind), its worst 8 + 5 = 13. The
    # percentile uses n = 14 members: best 100·(14 − 8)/13 = 46.15 < 50, so even the best case
    # misses the band: certainly not met (with n = 9 it would be 12.5, another number).
    # Values: the 8 others 20, 19, ..., 13 both years; Lai Châu 1 (2016) and 13.5 (2024).
    # 2016: 9th of 9, best rank 9 → 100·(14 − 9)/13 = 38.46.
    # R = [(600/13 − 500/13)/8] / [(50 − 500/13)/14] = (100/104)/(150/182) = 7/6 = 1.166667
    # → on track; score (7/6 − 0.6)/0.7·5 = 4.047619.
    ahead = ["thai-nguyen", "bac-giang", "phu-tho", "tuyen-quang", "lao-cai", "yen-bai",
            "hoa-binh", "son-la"]  # fmt: skip
    rows = [(u, R10K, y, 20.0 - i) for i, u in enumerate(ahead) for y in (2016, 2024)]
    rows += [("lai-chau", R10K, 2016, 1.0), ("lai-chau", R10K, 2024, 13.5)]
    body = band(50, 100, "region:northern-midlands-and-mountains")
    r = score_one(rows, body, "lai-chau")
    assert (r["status"], r["achieved"]) == ("on_track", False)
    assert r["base_value"] == pytest.approx(100 * 5 / 13, abs=1e-12)
    assert r["latest_value"] == pytest.approx(100 * 6 / 13, abs=1e-12)
    assert r["ratio"] == pytest.approx(7 / 6, abs=1e-12)
    assert r["score"] == pytest.approx(4.047619, abs=1e-6)
    assert r["note"].startswith("rank between 8 and 13 of 14 in 2024 (9 of 14 members with data)")


def test_percentile_band_above_the_band_moving_towards_it() -> None:
    # 2020: gia-lai 10 is first (percentile 100); 2024: second (percentile 100·(5−2)/4 = 75),
    # above the band 25–60. One rule for ranges (docs/methods.md §3.7): a percentile is
    # higher-is-better, so above the band counts as met, with a note.
    r = score_one(highlands([9, 10, 5, 4, 3], [10, 9, 8, 6, 3]), band(25, 60), "gia-lai")
    assert (r["status"], r["achieved"], r["latest_value"]) == ("target_achieved", True, 75.0)
    assert "above the band 25–60 (counted as met)" in r["note"]


def test_top_k_certainly_met() -> None:
    # 2024: kon-tum 10, dak-lak 8, gia-lai 7, dak-nong 6, lam-dong 3 → gia-lai rank 3 ≤ 3.
    r = score_one(highlands([9, 1, 5, 4, 3], [10, 7, 8, 6, 3]), top(3), "gia-lai")
    assert (r["kind"], r["status"], r["achieved"], r["score"]) == (
        "top_k",
        "target_achieved",
        True,
        5.0,
    )
    assert (r["base_value"], r["latest_value"], r["target_value"]) == (5.0, 3.0, 3.0)
    assert (r["year_met"], r["note"]) == (2024, "rank 3 of 5 in 2024")


def test_top_k_lower_is_better_national_ranks() -> None:
    # pii_rank: national ranks, lower is better. 2024: 5, 20 (gia-lai), 30, 40, 60 → gia-lai
    # 2nd of the region ≤ 3: met. 2020: 5, 12, 30, 35 (gia-lai), 60 → 4th.
    rows = highlands([5, 35, 12, 30, 60], [5, 20, 30, 40, 60], ind="pii_rank")
    r = score_one(rows, top(3, ind="pii_rank"), "gia-lai")
    assert (r["status"], r["achieved"], r["score"]) == ("target_achieved", True, 5.0)
    assert (r["base_value"], r["latest_value"]) == (4.0, 2.0)


def test_top_k_certainly_not_met() -> None:
    # 2024: 10, 8, 6, 4 (gia-lai), 3 → rank 4 > 3; 2020: last, rank 5.
    # Linear pace on ranks, d = −1: observed (4 − 5)/4 = −0.25 a year; needed (3 − 5)/10 =
    # −0.2 a year; R = −1 · (−0.25)/|−0.2| = 1.25 → on track, score 4.642857.
    r = score_one(highlands([9, 1, 5, 4, 3], [10, 4, 8, 6, 3]), top(3), "gia-lai")
    assert (r["status"], r["achieved"], r["year_met"]) == ("on_track", False, None)
    assert (r["base_value"], r["latest_value"], r["target_value"]) == (5.0, 4.0, 3.0)
    assert r["ratio"] == pytest.approx(1.25, abs=1e-12)
    assert r["score"] == pytest.approx(sdg_score(1.25), abs=1e-12)


def test_top_k_best_possible_rank_above_k_with_missing_members() -> None:
    # 14-member region, 6 with data. Lai Châu is 5th of the 6 in 2020 and 4th in 2024. The
    # 8 members without data may all be ahead or all behind: its rank lies in 4..12 in 2024.
    # Even the best case (4) is > k = 3: certainly not met. Progress on the best-case ranks:
    # R = −1 · ((4 − 5)/4) / |(3 − 5)/10| = 0.25/0.2 = 1.25 → on track, 4.642857.
    others = {"thai-nguyen": (30, 30), "bac-giang": (25, 25), "phu-tho": (20, 20),
              "son-la": (5, 5), "cao-bang": (12, 4)}  # fmt: skip
    rows = [(u, R10K, y, float(v)) for u, vs in others.items() for y, v in zip((2020, 2024), vs)]
    rows += [("lai-chau", R10K, 2020, 10.0), ("lai-chau", R10K, 2024, 10.0)]
    r = score_one(rows, top(3, group="region:northern-midlands-and-mountains"), "lai-chau")
    assert (r["status"], r["achieved"]) == ("on_track", False)
    assert (r["base_value"], r["latest_value"]) == (5.0, 4.0)
    assert r["ratio"] == pytest.approx(1.25, abs=1e-12)
    assert r["note"].startswith("rank between 4 and 12 of 14 in 2024 (6 of 14 members with data)")


def test_top_k_base_at_k_then_lost() -> None:
    # 2020: kon-tum 9, dak-lak 6, gia-lai 5, dak-nong 4, lam-dong 3 → gia-lai rank 3 = k.
    # 2024: 10, 8, 6, 4 (gia-lai), 3 → rank 4: the target met at the base is lost.
    r = score_one(highlands([9, 5, 6, 4, 3], [10, 4, 8, 6, 3]), top(3), "gia-lai")
    assert (r["base_value"], r["latest_value"]) == (3.0, 4.0)
    assert (r["status"], r["score"]) == ("deterioration", -5.0)


# ------------------------------------------------------------------------------------------
# 3. Relative targets with an annual growth rate
# ------------------------------------------------------------------------------------------


def relative(indicator: str, lo: float, hi: float, base_year: int = 2020) -> str:
    return (
        f'indicator = "{indicator}"\nkind = "relative"\nannual_growth_lo = {lo}\n'
        f"annual_growth_hi = {hi}\nbase_year = {base_year}"
    )


def test_relative_annual_growth_by_hand() -> None:
    # +10 % a year from 3000 publications in 2020, horizon 2030 (docs §3.7's example):
    # target = 3000 · 1.1^10 = 7781.227380.
    # CAGR_obs = (4000/3000)^(1/4) − 1 = 0.074570; CAGR_req = (7781.227380/3000)^(1/10) − 1
    # = 0.10; R = 0.074570/0.10 = 0.745699 → acceleration needed;
    # score (0.745699 − 0.6)/0.7·5 = 1.040709.
    # gap closed (4000 − 3000)/(7781.227380 − 3000) = 0.209151; still needed
    # (7781.227380 − 4000)/(2030 − 2024) = 630.204563 a year; projection
    # 4000 · 1.074570^6 = 6158.402871, Eurostat ratio (6158.402871 − 3000)/4781.227380 =
    # 0.660584; first year met: 4000 · 1.074570^n ≥ 7781.227380 ⇔ n ≥ 9.25 → 2034.
    rows = [("lai-chau", "publications", 2019, 2000.0), ("lai-chau", "publications", 2020, 3000.0),
            ("lai-chau", "publications", 2024, 4000.0)]  # fmt: skip
    r = score_one(rows, relative("publications", 0.10, 0.10), "lai-chau")
    target = 3000 * 1.1**10
    cagr_obs = (4000 / 3000) ** 0.25 - 1
    ratio = cagr_obs / 0.10
    projected = 4000 * (1 + cagr_obs) ** 6
    assert target == pytest.approx(7781.227380, abs=1e-6)
    assert (r["base_year"], r["base_value"]) == (2020, 3000.0)  # its own base year, not 2019
    assert r["target_value"] == pytest.approx(target, rel=1e-12)
    assert r["cagr_observed"] == pytest.approx(0.074570, abs=1e-6)
    assert r["cagr_required"] == pytest.approx(0.10, rel=1e-12)
    assert r["ratio"] == pytest.approx(ratio, rel=1e-12)
    assert r["ratio"] == pytest.approx(0.745699, abs=1e-6)
    assert (r["status"], r["achieved"]) == ("acceleration_needed", False)
    assert r["score"] == pytest.approx(sdg_score(ratio), rel=1e-12)
    assert r["score"] == pytest.approx(1.040709, abs=1e-6)
    assert r["gap_closed"] == pytest.approx(1000 / (target - 3000), rel=1e-12)
    assert r["annual_change_required"] == pytest.approx((target - 4000) / 6, rel=1e-12)
    assert r["projected"] == pytest.approx(projected, rel=1e-12)
    assert r["projected_ratio"] == pytest.approx((projected - 3000) / (target - 3000), rel=1e-12)
    assert r["year_met"] == 2034


@pytest.mark.parametrize(
    ("latest", "status", "ratio", "score"),
    [
        # 3000 → 2800: CAGR (2800/3000)^(1/4) − 1 = −0.017100, R = −0.171003,
        # score (−0.171003 + 0.6)/1.2·5 − 5 = −3.212513.
        (2800.0, "deterioration", -0.171003, -3.212513),
        # 3000 → 8000 ≥ 7781.23: achieved, score 5 whatever R.
        (8000.0, "target_achieved", None, 5.0),
    ],
)
def test_relative_annual_growth_falling_and_achieved(
    latest: float, status: str, ratio: float | None, score: float
) -> None:
    rows = [("lai-chau", "publications", 2020, 3000.0), ("lai-chau", "publications", 2024, latest)]
    r = score_one(rows, relative("publications", 0.10, 0.10), "lai-chau")
    assert r["status"] == status
    assert r["score"] == pytest.approx(score, abs=1e-6)
    if ratio is None:
        assert r["achieved"] is True
    else:
        assert r["ratio"] == pytest.approx(ratio, abs=1e-6)


def test_relative_growth_range_uses_the_lower_rate() -> None:
    # "+16–18 % a year": the target uses g_lo = 0.16: 1000 · 1.16^10 = 4411.435079.
    # 1000 (2020) → 2200 (2025): CAGR 2.2^(1/5) − 1 = 0.170805; R = 0.170805/0.16 = 1.067531
    # → on track, score (1.067531 − 0.6)/0.7·5 = 3.339505.
    rows = [("lai-chau", "patent_applications", 2020, 1000.0),
            ("lai-chau", "patent_applications", 2025, 2200.0)]  # fmt: skip
    r = score_one(rows, relative("patent_applications", 0.16, 0.18), "lai-chau")
    assert r["target_value"] == pytest.approx(4411.435079, abs=1e-6)
    assert r["ratio"] == pytest.approx(1.067531, abs=1e-6)
    assert (r["status"], r["score"]) == ("on_track", pytest.approx(3.339505, abs=1e-6))


def test_relative_without_a_base_year_value_is_unable_to_assess() -> None:
    rows = [("lai-chau", "publications", 2021, 3000.0), ("lai-chau", "publications", 2024, 4000.0)]
    r = score_one(rows, relative("publications", 0.10, 0.10), "lai-chau")
    assert (r["status"], r["score"], r["target_value"]) == ("unable_to_assess", None, None)
    assert r["note"] == "no value in the base year 2020"


def _shipped_growth_targets() -> list[tuple[str, dict]]:
    """(file, target) for every shipped relative target with an annual growth rate, read
    from the TOML sources with the standard library."""
    tomllib = pytest.importorskip("tomllib")
    found = []
    for path in sorted(TARGETS.glob("*.toml")):
        for t in tomllib.loads(path.read_text("utf-8")).get("targets", []):
            if t.get("kind") == "relative" and "annual_growth_lo" in t:
                found.append((path.name, t))
    return found


def test_every_shipped_annual_growth_target() -> None:
    targets = _shipped_growth_targets()
    # 6 targets (12 annual_growth_lo/hi lines) in vn-569-qd-ttg-2022 and vn-57-nq-tw-2024.
    assert len(targets) >= 6
    for file, t in targets:
        b0, g, y0, horizon = 1000.0, float(t["annual_growth_lo"]), int(t["base_year"]), t["horizon"]
        # 5 % a year for 3 years from the base year.
        rows = [("vn", t["indicator"], y0, b0), ("vn", t["indicator"], y0 + 3, b0 * 1.05**3)]
        card = chitieu.score(obs(rows), chitieu.targets(str(TARGETS / file))).to_polars()
        r = card.filter(pl.col("target_id") == t["id"]).row(0, named=True)
        target = b0 * (1 + g) ** (horizon - y0)
        cagr_obs = (b0 * 1.05**3 / b0) ** (1 / 3) - 1
        cagr_req = (target / b0) ** (1 / (horizon - y0)) - 1
        ratio = cagr_obs / abs(cagr_req)
        assert r["target_value"] == pytest.approx(target, rel=1e-12), t["id"]
        assert r["cagr_required"] == pytest.approx(g, rel=1e-9), t["id"]
        assert r["ratio"] == pytest.approx(ratio, rel=1e-9), t["id"]
        assert r["status"] == sdg_status(ratio), t["id"]
        assert r["score"] == pytest.approx(sdg_score(ratio), rel=1e-9), t["id"]


# ------------------------------------------------------------------------------------------
# 4. TFP growth accounting: a numpy second implementation
# ------------------------------------------------------------------------------------------


def np_growth(x: np.ndarray, method: str) -> np.ndarray:
    """Growth of year t from t − 1: a rate X_t/X_{t−1} − 1 or a log difference."""
    return x[1:] / x[:-1] - 1 if method == "rate" else np.diff(np.log(x))


def np_tfp(
    y: list[float], k: list[float], lab: list[float], alpha_k: Any, method: str
) -> tuple[np.ndarray, np.ndarray]:
    """(g_Y, g_A) with g_A = g_Y − α_K g_K − (1 − α_K) g_L; α_K fixed (a number) or the
    Törnqvist average (a_t + a_{t−1})/2 of a capital-share series."""
    g_y, g_k, g_l = (np_growth(np.asarray(s, dtype=float), method) for s in (y, k, lab))
    a = np.asarray(alpha_k, dtype=float)
    a_k = (a[1:] + a[:-1]) / 2 if a.ndim else np.full_like(g_y, float(a))
    return g_y, g_y - a_k * g_k - (1 - a_k) * g_l


def np_window_shares(g_y: np.ndarray, g_a: np.ndarray, window: int) -> list[float | None]:
    """100·Σg_A/Σg_Y over every `window` consecutive growth years (None when Σg_Y = 0)."""
    out: list[float | None] = []
    for i in range(len(g_y) - window + 1):
        s_y = g_y[i : i + window].sum()
        out.append(None if s_y == 0 else 100 * g_a[i : i + window].sum() / s_y)
    return out


def np_pim(inv: list[float], delta: float = 0.05, n: int = 5) -> list[float]:
    """K_t = (1 − δ)K_{t−1} + I_t from the steady state K_0 = I_0/(g + δ), g the CAGR of
    investment over the first n years (docs §4.1)."""
    g = (inv[n] / inv[0]) ** (1 / n) - 1
    k = [inv[0] / (g + delta)]
    for i in inv[1:]:
        k.append((1 - delta) * k[-1] + i)
    return k


YEARS10 = list(range(2010, 2020))
PROVINCES = {
    "lai-chau": {
        "grdp_constant": [100, 107, 113, 121, 128, 137, 144, 155, 163, 170],
        "capital_stock_constant": [300, 318, 335, 357, 380, 400, 425, 449, 478, 500],
        "investment_constant": [40, 43, 45, 49, 52, 57, 60, 64, 69, 72],
        "employment": [50, 51, 51.5, 52.5, 53, 54, 54.2, 55, 56, 56.5],
        "capital_share": [0.40, 0.42, 0.41, 0.43, 0.45, 0.44, 0.46, 0.45, 0.47, 0.46],
    },
    "son-la": {
        "grdp_constant": [80, 84, 90, 93, 99, 104, 103, 110, 118, 121],
        "capital_stock_constant": [250, 262, 270, 285, 299, 310, 322, 335, 350, 366],
        "investment_constant": [30, 31, 33, 36, 37, 40, 39, 43, 46, 48],
        "employment": [40, 40.5, 41, 41.2, 42, 42.5, 42.4, 43, 43.6, 44],
        "capital_share": [0.35, 0.36, 0.36, 0.38, 0.37, 0.39, 0.40, 0.40, 0.41, 0.42],
    },
}


def raw_panel(components: list[str]) -> pl.DataFrame:
    rows = [
        (unit, comp, year, float(v))
        for unit, series in PROVINCES.items()
        for comp in components
        for year, v in zip(YEARS10, series[comp])
    ]
    return pl.DataFrame(rows, schema=["unit_id", "component", "year", "value"], orient="row")


def derived(raw: pl.DataFrame, unit: str, indicator: str) -> list[tuple[int, float]]:
    d = chitieu.derive(raw, strict=True).filter(unit_id=unit, indicator=indicator).sort("year")
    return list(zip(d["year"].to_list(), d["value"].to_list()))


@pytest.mark.parametrize("capital", ["capital_stock_constant", "investment_constant"])
def test_tfp_contribution_5y_against_numpy(capital: str) -> None:
    # derive(): rates, capital from the stock series (else perpetual inventory from
    # investment, δ = 0.05, n = 5), Törnqvist capital shares; the value of year t is
    # 100·Σg_A/Σg_Y over the five growth years ending in t (first value 2015).
    comps = ["grdp_constant", capital, "employment", "capital_share"]
    raw = raw_panel(comps)
    for unit, s in PROVINCES.items():
        k = s[capital] if capital.startswith("capital") else np_pim(s[capital])
        g_y, g_a = np_tfp(s["grdp_constant"], k, s["employment"], s["capital_share"], "rate")
        five = derived(raw, unit, "tfp_contribution_5y")
        assert [y for y, _ in five] == list(range(2015, 2020))
        assert [v for _, v in five] == pytest.approx(np_window_shares(g_y, g_a, 5), abs=1e-9)
        annual = derived(raw, unit, "tfp_contribution")
        assert [y for y, _ in annual] == YEARS10[1:]
        assert [v for _, v in annual] == pytest.approx(list(100 * g_a / g_y), abs=1e-9)


@pytest.mark.parametrize(
    ("method", "share", "window"),
    [("log_difference", 0.35, 3), ("rate", 0.35, 5), ("rate", "capital_share", 5),
     ("log_difference", "capital_share", 4)],
)  # fmt: skip
def test_growth_accounting_windows_against_numpy(
    method: str, share: float | str, window: int
) -> None:
    raw = raw_panel(["grdp_constant", "capital_stock_constant", "employment", "capital_share"])
    out = chitieu.growth_accounting(
        raw, output="grdp_constant", capital="capital_stock_constant", labour="employment",
        capital_share=share, method=method, format="windows", window=window,
    )  # fmt: skip
    for unit, s in PROVINCES.items():
        alpha = s["capital_share"] if isinstance(share, str) else share
        g_y, g_a = np_tfp(
            s["grdp_constant"], s["capital_stock_constant"], s["employment"], alpha, method
        )
        got = out.filter(unit_id=unit).sort("first_year")
        first = list(range(2011, 2020 - window + 1))
        assert got["first_year"].to_list() == first
        assert got["last_year"].to_list() == [f + window - 1 for f in first]
        assert got["tfp_share"].to_list() == pytest.approx(
            np_window_shares(g_y, g_a, window), abs=1e-9
        )


def test_growth_accounting_window_with_no_output_growth_has_no_share() -> None:
    # Output flat for 2010–2013: Σg_Y = 0 over the window 2011–2013, so no share (the numpy
    # version returns None); the window 2012–2014 has output growth 0, 0, 0.1.
    y, k, lab = [100, 100, 100, 100, 110], [200, 210, 220, 230, 240], [50, 51, 52, 53, 54]
    rows = [("flat", c, 2010 + i, float(v)) for c, s in (("Y", y), ("K", k), ("L", lab))
            for i, v in enumerate(s)]  # fmt: skip
    raw = pl.DataFrame(rows, schema=["unit_id", "component", "year", "value"], orient="row")
    out = chitieu.growth_accounting(
        raw, output="Y", capital="K", labour="L", capital_share=0.4, method="rate",
        format="windows", window=3,
    )  # fmt: skip
    g_y, g_a = np_tfp(y, k, lab, 0.4, "rate")
    expected = np_window_shares(g_y, g_a, 3)
    assert expected[0] is None
    got = out.sort("first_year")["tfp_share"].to_list()
    assert got[0] is None
    assert got[1] == pytest.approx(expected[1], abs=1e-9)


# ------------------------------------------------------------------------------------------
# 5. Monte Carlo uncertainty: an independent implementation of the documented algorithm
# ------------------------------------------------------------------------------------------
#
# docs/methods.md §6.2 and composite.rs document every step: replication r draws from
# xoshiro256** seeded by SplitMix64 at mix64(seed ^ mix64(r + γ)); one uniform u per
# perturbed weight (framework row order, every node but the index) gives the multiplier
# 1 + p(2u − 1); then, if several, the normalisation and the aggregation, each ⌊u·n⌋. The
# index is ranked (1 = highest, ties min); quantiles are R's type 7 (numpy's "linear");
# sensitivity is the binned correlation ratio of the mean absolute rank shift from the
# nominal ranks (20 equal-count bins of each weight multiplier, one bin per method choice).

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


def mix64(z: int) -> int:
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def rotl(x: int, k: int) -> int:
    return ((x << k) | (x >> (64 - k))) & MASK


class Xoshiro256:
    """xoshiro256** 1.0 (Blackman & Vigna's reference code), seeded by SplitMix64."""

    def __init__(self, state: list[int]) -> None:
        self.s = list(state)

    @classmethod
    def from_seed(cls, seed: int) -> Xoshiro256:
        x, state = seed, []
        for _ in range(4):
            x = (x + GAMMA) & MASK
            state.append(mix64(x))
        return cls(state)

    @classmethod
    def for_replication(cls, seed: int, r: int) -> Xoshiro256:
        return cls.from_seed(mix64(seed ^ mix64((r + GAMMA) & MASK)))

    def next_u64(self) -> int:
        s = self.s
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def next_f64(self) -> float:
        return (self.next_u64() >> 11) * (1.0 / (1 << 53))

    def next_index(self, n: int) -> int:
        return min(int(self.next_f64() * n), n - 1)


def test_the_oracle_generator_matches_its_published_reference() -> None:
    # xoshiro256** from the state [1, 2, 3, 4]: first output rotl(2·5, 7)·9 = 1280·9 = 11520
    # (the reference code's known outputs 11520, 0, 1509978240); SplitMix64's first output
    # from seed 0 is 0xE220A8397B1DCDAF.
    g = Xoshiro256([1, 2, 3, 4])
    assert [g.next_u64() for _ in range(3)] == [11520, 0, 1509978240]
    assert Xoshiro256.from_seed(0).s[0] == 0xE220A8397B1DCDAF


MC_UNITS = ["u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8"]
MC_DATA: dict[str, list[float | None]] = {
    "a": [3.1, 7.4, 5.0, 9.2, 1.3, 6.6, 4.8, 8.1],
    "b": [16.0, 11.5, 14.9, 9.1, 19.2, None, 12.3, 10.4],
    "c": [0.30, 0.18, 0.35, 0.27, 0.21, 0.22, 0.31, 0.12],
    "d": [55.0, 61.0, 58.0, 57.0, 62.0, 60.0, 59.0, 52.0],
}
# (level, code, direction, weight, parent, type), in framework order.
MC_FRAME = [
    (1, "a", 1, 1.0, "P1", "Indicator"),
    (1, "b", 1, 2.0, "P1", "Indicator"),
    (1, "c", -1, 1.0, "P2", "Indicator"),
    (1, "d", 1, 1.5, "P2", "Indicator"),
    (2, "P1", 1, 1.0, "I", "Aggregate"),
    (2, "P2", 1, 2.0, "I", "Aggregate"),
    (3, "I", 1, 1.0, None, "Aggregate"),
]


def r_mean(x: list[float]) -> float:
    """R's mean: sum/n, refined by the mean of the residuals."""
    m = sum(x) / len(x)
    return m + sum(v - m for v in x) / len(x)


def mc_normalise(col: list[float | None], d: int, method: str) -> list[float | None]:
    y = [None if v is None else v * d for v in col]
    vals = [v for v in y if v is not None]
    lo, hi = min(vals), max(vals)
    if method == "minmax":  # 0–100
        return [None if v is None else (v - lo) / (hi - lo) * 100.0 for v in y]
    if method == "zscore":  # mean 0, sd 1 (sample sd)
        m = r_mean(vals)
        sd = math.sqrt(sum((v - m) * (v - m) for v in vals) / (len(vals) - 1))
        return [None if v is None else (v - m) / sd for v in y]
    # rank: ascending, 1 = worst, ties min
    return [None if v is None else 1.0 + sum(1 for w in vals if w < v) for v in y]


def mc_mean(xs: list[float | None], ws: list[float], how: str) -> float | None:
    """Weighted mean of the present children, weights renormalised over them."""
    pairs = [(x, w) for x, w in zip(xs, ws) if x is not None]
    if not pairs:
        return None
    wsum = 0.0
    for _, w in pairs:
        wsum += w
    acc = 0.0
    if how == "arith_mean":
        for x, w in pairs:
            acc += w / wsum * x
        return acc
    if how == "geom_mean":
        for x, w in pairs:
            acc += w * math.log(x)
        return math.exp(acc / wsum)
    for x, w in pairs:  # harm_mean
        acc += w / x
    return wsum / acc


def mc_index(norm: dict[str, list[float | None]], weights: list[float], how: str) -> list:
    values = dict(norm)
    aggregates = sorted(
        (k for k, r in enumerate(MC_FRAME) if r[5] == "Aggregate"),
        key=lambda k: (MC_FRAME[k][0], k),
    )
    for a in aggregates:
        kids = [k for k, r in enumerate(MC_FRAME) if r[4] == MC_FRAME[a][1]]
        values[MC_FRAME[a][1]] = [
            mc_mean([values[MC_FRAME[k][1]][u] for k in kids], [weights[k] for k in kids], how)
            for u in range(len(MC_UNITS))
        ]
    return values["I"]


def desc_min_ranks(scores: list[float | None]) -> list[int | None]:
    present = [s for s in scores if s is not None]
    return [None if s is None else 1 + sum(1 for t in present if t > s) for s in scores]


def mc_replications(
    n: int, seed: int, noise: float, norms: list[str], aggs: list[str]
) -> tuple[list[int | None], list[int], list[tuple]]:
    normed = [
        {r[1]: mc_normalise(MC_DATA[r[1]], r[2], m) for r in MC_FRAME if r[5] == "Indicator"}
        for m in norms
    ]
    base = [r[3] for r in MC_FRAME]
    perturbed = [k for k, r in enumerate(MC_FRAME) if r[4] is not None] if noise > 0 else []
    # The nominal ranks are the index as built (COINr's coin): min-max, arithmetic means.
    own = {
        r[1]: mc_normalise(MC_DATA[r[1]], r[2], "minmax") for r in MC_FRAME if r[5] == "Indicator"
    }
    nominal = desc_min_ranks(mc_index(own, base, "arith_mean"))
    reps = []
    for r in range(n):
        rng = Xoshiro256.for_replication(seed, r)
        mult = [1.0 + noise * (2.0 * rng.next_f64() - 1.0) for _ in perturbed]
        ni = rng.next_index(len(norms)) if len(norms) > 1 else 0
        ai = rng.next_index(len(aggs)) if len(aggs) > 1 else 0
        w = list(base)
        for k, m in zip(perturbed, mult):
            w[k] *= m
        scores = mc_index(normed[ni], w, aggs[ai])
        reps.append((mult, ni, ai, scores, desc_min_ranks(scores)))
    return nominal, perturbed, reps


def correlation_ratio(y: list[float], bins: list[int]) -> float | None:
    """η² = Σ_b n_b (ȳ_b − ȳ)² / Σ (y − ȳ)² (numpy)."""
    ys, bs = np.asarray(y, dtype=float), np.asarray(bins)
    if ys.min() == ys.max():
        return None
    m = ys.mean()
    ssb = sum((bs == b).sum() * (ys[bs == b].mean() - m) ** 2 for b in np.unique(bs))
    return float(ssb / ((ys - m) ** 2).sum())


MC_CASES = [
    # weights only (±40 %), min-max and arithmetic means
    (400, 11, 0.4, ["minmax"], ["arith_mean"]),
    # weights and the normalisation
    (300, 5, 0.1, ["minmax", "zscore", "rank"], ["arith_mean"]),
    # weights and the aggregation (rank normalisation keeps every value ≥ 1)
    (300, 3, 0.2, ["rank"], ["arith_mean", "geom_mean", "harm_mean"]),
]


@pytest.mark.parametrize(("n", "seed", "noise", "norms", "aggs"), MC_CASES)
def test_monte_carlo_against_an_independent_implementation(
    n: int, seed: int, noise: float, norms: list[str], aggs: list[str]
) -> None:
    wide = pl.DataFrame({"unit_id": MC_UNITS, **MC_DATA})
    meta = pl.DataFrame(
        MC_FRAME, schema=["Level", "iCode", "Direction", "Weight", "Parent", "Type"], orient="row"
    )
    built = chitieu.composite(wide, meta, treat=False)
    unc = built.uncertainty(
        n, seed=seed, weight_noise=noise, normalisations=norms, aggregations=aggs
    )
    nominal, perturbed, reps = mc_replications(n, seed, noise, norms, aggs)
    ranks = np.array([[rep[4][u] for rep in reps] for u in range(len(MC_UNITS))], dtype=float)
    # Rank statistics: nominal, mean, and R's type-7 quantiles (numpy's "linear" method).
    got = unc.ranks
    assert got["unit_id"].to_list() == MC_UNITS
    assert got["nominal_rank"].to_list() == nominal
    assert got["replications"].to_list() == [n] * len(MC_UNITS)
    assert got["mean_rank"].to_list() == pytest.approx(list(ranks.mean(axis=1)), abs=1e-12)
    for col, p in [("q05", 0.05), ("median_rank", 0.5), ("q95", 0.95)]:
        expected = np.quantile(ranks, p, axis=1, method="linear")
        assert got[col].to_list() == pytest.approx(list(expected), abs=1e-12), col
    assert any(v % 1 for v in got["mean_rank"]), "ranks vary: the check is not trivial"
    # First-order sensitivity of the mean absolute rank shift (20 bins for weights).
    shift = [float(np.mean([abs(rep[4][u] - nominal[u]) for u in range(len(MC_UNITS))]))
             for rep in reps]  # fmt: skip
    expected_s: list[tuple[str, float | None]] = []
    for j, k in enumerate(perturbed):
        order = sorted(range(n), key=lambda r: (reps[r][0][j], r))
        bins = [0] * n
        for pos, r in enumerate(order):
            bins[r] = pos * 20 // n
        expected_s.append((f"weight of {MC_FRAME[k][1]}", correlation_ratio(shift, bins)))
    if len(norms) > 1:
        expected_s.append(("normalisation", correlation_ratio(shift, [rep[1] for rep in reps])))
    if len(aggs) > 1:
        expected_s.append(("aggregation", correlation_ratio(shift, [rep[2] for rep in reps])))
    sens = unc.sensitivity
    assert sens is not None
    assert sens["input"].to_list() == [name for name, _ in expected_s]
    assert sens["first_order"].to_list() == pytest.approx([v for _, v in expected_s], rel=1e-9)
    # P(rank ≤ k) within groups: ranks recomputed from each replication's scores; a share
    # of replications, so it must agree exactly.
    groups = {"mid": ["u3", "u4", "u7", "u8"], "all": MC_UNITS}
    for k in (1, 2, 3):
        probs = unc.prob_rank_at_most(k, groups)
        for name, members in groups.items():
            idx = [MC_UNITS.index(u) for u in members]
            expected_p = []
            for i in range(len(idx)):
                hits = 0
                for rep in reps:
                    sub = desc_min_ranks([rep[3][u] for u in idx])
                    hits += sub[i] is not None and sub[i] <= k
                expected_p.append(hits / n)
            got_p = probs.filter(group=name)
            assert got_p["unit_id"].to_list() == members
            assert got_p["p"].to_list() == expected_p, (name, k)


# ------------------------------------------------------------------------------------------
# 6. The expression plugin on zeros, negatives and unassessable series
# ------------------------------------------------------------------------------------------

# `projected_ratio` is a measure of the compiled plugin without a public wrapper in
# chitieu.expr; it is built here the way the public measures are.
projected_ratio = cx._measure("progress_measure", "projected_ratio", "projected_ratio", "")

EXPR_CASES: list[tuple[str, list[int], list[float | None], dict, tuple]] = [
    # (case, years, values, options, (year_met, years_to_target, change a year, Eurostat))
    #
    # Zero base, replaced by 0.001 in growth rates only: CAGR = (4/0.001)^(1/4) − 1 =
    # 6.952707; ŷ(2025) = 4·7.952707 = 31.8 ≥ 10 → met 2025, 1 year after 2024. Change
    # still needed (10 − 4)/(2030 − 2024) = 1. Eurostat ratio with the raw base 0:
    # (4·4000^(6/4) − 0)/(10 − 0) = 4·252982.21/10 = 101192.885.
    ("zero base", [2020, 2024], [0.0, 4.0], {"target": 10.0},
     (2025, 1, 1.0, 4 * 4000**1.5 / 10)),
    # Zero target, lower is better: ŷ(t) = 4·0.5^((t − 2024)/4) > 0 for ever → never met.
    # (0 − 4)/6 = −0.666667; ŷ(2030) = 4·0.5^1.5 = 1.414214, (1.414214 − 8)/(0 − 8) = 0.823223.
    ("zero target", [2020, 2024], [8.0, 4.0], {"target": 0.0, "direction": "decrease"},
     (None, None, -4 / 6, (4 * 0.5**1.5 - 8) / -8)),
    # Zero latest value meets "≤ 1": achieved, met in the latest year, nothing still needed;
    # CAGR (0/4)^(1/4) − 1 = −1 → ŷ(2030) = 0, Eurostat (0 − 4)/(1 − 4) = 1.333333.
    ("zero latest", [2020, 2024], [4.0, 0.0], {"target": 1.0, "direction": "decrease"},
     (2024, 0, 0.0, 4 / 3)),
    # All negative, higher is better: CAGR (−5/−10)^(1/4) − 1 = −0.159104, ŷ(t) =
    # −5·0.5^((t − 2024)/4) ≥ −2 ⇔ (t − 2024)/4 ≥ log2(2.5) = 1.3219 ⇔ t ≥ 2029.29 → 2030,
    # 6 years. (−2 + 5)/6 = 0.5. ŷ(2030) = −5·0.5^1.5 = −1.767767, (−1.767767 + 10)/8 =
    # 1.029029.
    ("negatives", [2020, 2024], [-10.0, -5.0], {"target": -2.0},
     (2030, 6, 0.5, (-5 * 0.5**1.5 + 10) / 8)),
    # Mixed signs: no growth rate, no CAGR projection → nulls; the linear change still
    # needed is defined: (5 − 3)/(2030 − 2024) = 0.333333.
    ("mixed signs", [2020, 2024], [-2.0, 3.0], {"target": 5.0}, (None, None, 2 / 6, None)),
    # One point (the other year is null): no projection; (5 − 3)/6 = 0.333333.
    ("one point", [2020, 2024], [None, 3.0], {"target": 5.0}, (None, None, 2 / 6, None)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "years", "values", "options", "expected"), EXPR_CASES, ids=[c[0] for c in EXPR_CASES]
)
def test_expression_measures_by_hand(
    case: str, years: list[int], values: list[float | None], options: dict, expected: tuple
) -> None:
    df = pl.DataFrame(
        {"series": case, "year": years, "value": values},
        schema={"series": pl.String, "year": pl.Int32, "value": pl.Float64},
    )
    # Two copies of the series in one group_by: each group is measured on its own.
    both = pl.concat([df, df.with_columns(series=pl.lit("copy"))])
    out = both.group_by("series", maintain_order=True).agg(
        cx.year_met("value", "year", **options).alias("year_met"),
        cx.years_to_target("value", "year", **options).alias("years_to_target"),
        cx.annual_change_required("value", "year", **options).alias("change"),
        projected_ratio("value", "year", **options).alias("projected_ratio"),
        cx.progress_status("value", "year", **options).alias("status"),
    )
    assert out.height == 2
    for row in out.iter_rows(named=True):
        year, years_to, change, ratio = expected
        assert (row["year_met"], row["years_to_target"]) == (year, years_to)
        assert row["change"] == pytest.approx(change, rel=1e-12)
        if ratio is None:
            assert row["projected_ratio"] is None
        else:
            assert row["projected_ratio"] == pytest.approx(ratio, rel=1e-12)
        if case in ("mixed signs", "one point"):
            assert row["status"] == "unable_to_assess"


def _target_year_before_base(measure: Any, target_year: int) -> Any:
    df = pl.DataFrame({"year": [2015, 2020], "value": [1.0, 2.0]})
    return df.select(measure("value", "year", target=5.0, target_year=target_year)).item()


@pytest.mark.parametrize("target_year", [2012, 2015])
def test_expression_target_year_not_after_base_year(target_year: int) -> None:
    # Base 2015, target year 2012 or 2015, latest 2020 at 2 < 5: the deadline has passed
    # short of the target, so the target is not achieved (docs §3.2), although no growth
    # ratio can be formed; no change a year is still required (docs §3.6). The first year the
    # trend meets 5 does not depend on the target year: 2·2^((t − 2020)/5) ≥ 5 ⇔ t − 2020 ≥
    # 5·log2(2.5) = 6.61 → 2027, 7 years after the latest point.
    assert _target_year_before_base(cx.progress_status, target_year) == "not_achieved"
    assert _target_year_before_base(cx.annual_change_required, target_year) is None
    assert _target_year_before_base(cx.year_met, target_year) == 2027
    assert _target_year_before_base(cx.years_to_target, target_year) == 7


@pytest.mark.parametrize("target_year", [2012, 2015])
def test_expression_projected_ratio_null_when_target_year_not_after_base(target_year: int) -> None:
    assert _target_year_before_base(projected_ratio, target_year) is None
