"""Benchmark: COINr's sensitivity-vignette specification on its ASEM example (51 units × 49
indicators, 8 pillars, 2 sub-indices), 10,000 Monte Carlo replications: Winsorisation limit
1–5, min-max onto [1, 100] or z-score (10, 2), level-2 and level-3 weights ±25 %, arithmetic
or geometric means; rank statistics (mean, median, 5 % and 95 % ranks).

chitieu against a vectorised numpy implementation of the same specification, in the same
run: numpy gets the five treated data sets (from chitieu, outside its timed region, as it
has no Winsorisation of its own), normalises them and computes every replication with
einsum over all replications at once, ranks and takes the quantiles inside its timed region.
Before timing, the two are checked: without noise and with one alternative each they give
identical ranks; with the full specification (different random streams) every unit's median
rank agrees within one place and its mean rank within 0.5. COINr's own time is the one
measured by scripts/coinr/make_references.R on this machine class (versions.json: seconds a
replication of get_sensitivity), times 10,000.

    make bench        # or: .venv/bin/python benches/composite_bench.py [replications]
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

import chitieu

ROOT = Path(__file__).resolve().parent.parent
REF = ROOT / "tests" / "reference" / "coinr-configs"
OUT = ROOT / "bench-results"
DENOMINATORS = ["Area", "Energy", "GDP", "Population"]
WINMAX = [1, 2, 3, 4, 5]
BUILD: dict[str, Any] = dict(
    imputation="group_mean", groups="EurAsia_group", screen={"dat_thresh": 0.9},
    treat={"winmax": 5}, normalisation={"method": "minmax", "lo": 0, "hi": 100},
)  # fmt: skip
VIGNETTE: dict[str, Any] = dict(
    weight_noise=0.25, weight_levels=[2, 3],
    normalisations=[{"method": "minmax", "lo": 1, "hi": 100},
                    {"method": "zscore", "mean": 10, "sd": 2}],
    aggregations=["arith_mean", "geom_mean"],
    treatments=[{"winmax": w} for w in WINMAX],
)  # fmt: skip


def asem() -> tuple[chitieu.Composite, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    data = pl.read_csv(REF / "inputs" / "iData.csv", infer_schema_length=None)
    data = data.rename({"uCode": "unit_id"})
    meta = pl.read_csv(REF / "inputs" / "iMeta.csv").filter(
        pl.col("Type").is_in(["Indicator", "Aggregate"])
    )
    den = data.select("unit_id", *DENOMINATORS)
    return chitieu.composite(data, meta, denominators=den, **BUILD), data, meta, den


class Numpy:
    """The vignette specification with numpy, every replication at once."""

    def __init__(self, treated: list[np.ndarray], meta: pl.DataFrame) -> None:
        ind = meta.filter(pl.col("Level") == 1)
        pil = meta.filter(pl.col("Level") == 2)
        sub = meta.filter(pl.col("Level") == 3)
        self.treated = treated  # one (units × indicators) array per Winsorisation limit
        self.direction = ind["Direction"].to_numpy().astype(float)
        self.w_ind = ind["Weight"].to_numpy().astype(float)
        self.w_pil = pil["Weight"].to_numpy().astype(float)
        self.w_sub = sub["Weight"].to_numpy().astype(float)
        pillars, subs = pil["iCode"].to_list(), sub["iCode"].to_list()
        self.m_ind = np.zeros((len(ind), len(pillars)))  # indicator → pillar membership
        self.m_ind[np.arange(len(ind)), [pillars.index(p) for p in ind["Parent"]]] = 1.0
        self.m_pil = np.zeros((len(pillars), len(subs)))
        self.m_pil[np.arange(len(pillars)), [subs.index(p) for p in pil["Parent"]]] = 1.0

    def normalised(self, x: np.ndarray, method: int) -> np.ndarray:
        y = x * self.direction
        if method == 0:  # min-max onto [1, 100]
            lo, hi = y.min(axis=0), y.max(axis=0)
            return (y - lo) / (hi - lo) * 99.0 + 1.0
        return (y - y.mean(axis=0)) / y.std(axis=0, ddof=1) * 2.0 + 10.0  # z-score (10, 2)

    @staticmethod
    def mean(x: np.ndarray, w: np.ndarray, member: np.ndarray, geometric: np.ndarray) -> Any:
        """Weighted arithmetic or geometric means of children (last axis of x) into parents:
        x (r, u, c), w (r, c), member (c, p); geometric (r,) booleans."""
        total = w @ member  # r × p
        arith = np.einsum("ruc,rc,cp->rup", x, w, member) / total[:, None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.einsum("ruc,rc,cp->rup", np.log(x), w, member) / total[:, None, :]
        return np.where(geometric[:, None, None], np.exp(logs), arith)

    def ranks(self, reps: int, noise: float, seed: int) -> np.ndarray:
        rng = np.random.default_rng(seed)
        t = rng.integers(len(self.treated), size=reps)
        n = rng.integers(2, size=reps)
        geometric = rng.integers(2, size=reps).astype(bool)
        m_pil = 1.0 + noise * (2.0 * rng.random((reps, len(self.w_pil))) - 1.0)
        m_sub = 1.0 + noise * (2.0 * rng.random((reps, len(self.w_sub))) - 1.0)
        # Pillar scores of each (treatment, normalisation, aggregation): indicator weights
        # are not perturbed, so 20 combinations cover every replication.
        pillars = np.empty((len(self.treated), 2, 2, self.treated[0].shape[0], len(self.w_pil)))
        for ti, x in enumerate(self.treated):
            for ni in range(2):
                z = self.normalised(x, ni)[None]
                for ai in range(2):
                    pillars[ti, ni, ai] = self.mean(
                        z, self.w_ind[None], self.m_ind, np.array([ai == 1])
                    )[0]
        p = pillars[t, n, geometric.astype(int)]  # r × u × pillars
        s = self.mean(p, self.w_pil * m_pil, self.m_pil, geometric)
        index = self.mean(s, self.w_sub * m_sub, np.ones((len(self.w_sub), 1)), geometric)[..., 0]
        # Competition ranks ("min"), 1 = highest.
        return 1 + (index[:, None, :] > index[:, :, None]).sum(axis=2)

    def nominal_ranks(self) -> np.ndarray:
        """Ranks without noise: the last treatment, min-max [1, 100], arithmetic means."""
        no = np.array([False])
        z = self.normalised(self.treated[-1], 0)[None]
        p = self.mean(z, self.w_ind[None], self.m_ind, no)
        s = self.mean(p, self.w_pil[None], self.m_pil, no)
        index = self.mean(s, self.w_sub[None], np.ones((len(self.w_sub), 1)), no)[0, :, 0]
        return 1 + (index[None, :] > index[:, None]).sum(axis=1)

    def stats(self, reps: int, noise: float, seed: int) -> np.ndarray:
        r = self.ranks(reps, noise, seed)
        return np.vstack([r.mean(axis=0), np.quantile(r, [0.05, 0.5, 0.95], axis=0)])


def best(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    built, data, meta, den = asem()
    units = built.stage("screened")["unit_id"].to_list()
    treated = [
        chitieu.composite(data, meta, denominators=den, **{**BUILD, "treat": {"winmax": w}})
        .stage("treated")
        .drop("unit_id")
        .to_numpy()
        for w in WINMAX
    ]
    numpy = Numpy(treated, meta)
    # Check 1: without noise, Winsorisation limit 5, min-max onto [1, 100], arithmetic
    # means: numpy's index ranks equal chitieu's exactly.
    fixed = chitieu.composite(
        data, meta, denominators=den,
        **{**BUILD, "normalisation": {"method": "minmax", "lo": 1, "hi": 100}},
    )  # fmt: skip
    expected = dict(fixed.ranks.select("unit_id", "Index").rows())
    assert dict(zip(units, numpy.nominal_ranks().tolist())) == expected, "nominal ranks differ"
    # Check 2: the full specification, equal in distribution (different random streams).
    ours = built.uncertainty(reps, seed=3, **VIGNETTE).ranks
    theirs = numpy.stats(reps, 0.25, 3)
    by_unit = {u: i for i, u in enumerate(units)}
    for row in ours.iter_rows(named=True):
        i = by_unit[row["unit_id"]]
        assert abs(row["median_rank"] - theirs[2, i]) <= 1.0, row
        assert abs(row["mean_rank"] - theirs[0, i]) <= 0.5, row

    t_chitieu = best(lambda: built.uncertainty(reps, seed=3, **VIGNETTE))
    t_numpy = best(lambda: numpy.stats(reps, 0.25, 3))
    versions = json.loads((REF / "versions.json").read_text())
    per_rep = versions["timing"]["ua"]["s_per_replication"]
    t_coinr = per_rep * reps
    lines = [
        f"# COINr's vignette uncertainty on ASEM: {reps:,} replications, "
        f"{len(units)} units × {treated[0].shape[1]} indicators",
        "",
        "| implementation | time (s) | chitieu is faster by |",
        "|---|---:|---:|",
        f"| chitieu (Rust, rayon, 2 cores), best of 3 | {t_chitieu:.3f} | 1× |",
        f"| numpy (vectorised einsum), best of 3 | {t_numpy:.3f} | {t_numpy / t_chitieu:.1f}× |",
        f"| COINr 1.1.14 get_sensitivity ({per_rep * 1000:.0f} ms a replication, measured "
        f"{versions['generated'][:10]}) | {t_coinr:,.0f} | {t_coinr / t_chitieu:,.0f}× |",
        "",
        "Checked first: identical nominal ranks; medians within one place and mean ranks "
        "within 0.5 of numpy's.",
    ]
    OUT.mkdir(exist_ok=True)
    (OUT / "composite_bench.md").write_text("\n".join(lines) + "\n")
    (OUT / "composite_bench.json").write_text(json.dumps(
        {"replications": reps, "chitieu_s": t_chitieu, "numpy_s": t_numpy, "coinr_s": t_coinr,
         "ratio_numpy": t_numpy / t_chitieu, "ratio_coinr": t_coinr / t_chitieu}
    ))  # fmt: skip
    print("\n".join(lines))


if __name__ == "__main__":
    main()
