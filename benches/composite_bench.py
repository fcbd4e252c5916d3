"""Benchmark: 10,000 Monte Carlo replications of a PII-sized composite index (34 units × 52
indicators, 7 pillars, 2 sub-indices, weights perturbed ±25% at every level, min-max
normalisation, arithmetic means), chitieu against a vectorised numpy implementation of the
same replications, measured in the same run.

    make bench        # or: .venv/bin/python benches/composite_bench.py [replications]

The two use different random number generators, so the check before timing is that with no
weight noise both give the same ranks, and that with noise their median ranks agree within
one place for every unit. Data are synthetic (seeded).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

import chitieu

UNITS, PILLARS, PER_PILLAR = 34, 7, [8, 8, 7, 7, 8, 7, 7]  # 52 indicators
OUT = Path(__file__).resolve().parent.parent / "bench-results"


def build() -> tuple[pl.DataFrame, pl.DataFrame, np.ndarray, list[int]]:
    rng = np.random.default_rng(2026)
    data = rng.gamma(4.0, 10.0, size=(UNITS, sum(PER_PILLAR)))
    codes = [f"i{j:02d}" for j in range(data.shape[1])]
    pillar_of = [p for p, n in enumerate(PER_PILLAR) for _ in range(n)]
    rows = [(1, c, 1, 1.0, f"P{pillar_of[j]}", "Indicator") for j, c in enumerate(codes)]
    rows += [(2, f"P{p}", 1, 1.0, "In" if p < 5 else "Out", "Aggregate") for p in range(PILLARS)]
    rows += [(3, "In", 1, 1.0, "Index", "Aggregate"), (3, "Out", 1, 1.0, "Index", "Aggregate")]
    rows += [(4, "Index", 1, 1.0, None, "Aggregate")]
    meta = pl.DataFrame(
        rows, schema=["Level", "iCode", "Direction", "Weight", "Parent", "Type"], orient="row"
    )
    wide = pl.DataFrame({"unit_id": [f"u{u:02d}" for u in range(UNITS)]}).with_columns(
        [pl.Series(c, data[:, j]) for j, c in enumerate(codes)]
    )
    return wide, meta, data, pillar_of


def numpy_mc(data: np.ndarray, pillar_of: list[int], reps: int, noise: float, seed: int):
    """Ranks of the index over `reps` replications, all replications at once."""
    lo, hi = data.min(axis=0), data.max(axis=0)
    norm = (data - lo) / (hi - lo) * 100.0  # units × indicators
    rng = np.random.default_rng(seed)
    n_ind = data.shape[1]
    w_ind = 1.0 + noise * (2 * rng.random((reps, n_ind)) - 1)
    w_pil = 1.0 + noise * (2 * rng.random((reps, PILLARS)) - 1)
    w_sub = 1.0 + noise * (2 * rng.random((reps, 2)) - 1)
    member = np.zeros((n_ind, PILLARS))
    member[np.arange(n_ind), pillar_of] = 1.0
    # pillars[r, u, p] = Σ_i w[r,i] x[u,i] m[i,p] / Σ_i w[r,i] m[i,p]
    num = np.einsum("ui,ri,ip->rup", norm, w_ind, member)
    pillars = num / (w_ind @ member)[:, None, :]
    sub_in = (pillars[:, :, :5] * w_pil[:, None, :5]).sum(2) / w_pil[:, :5].sum(1)[:, None]
    sub_out = (pillars[:, :, 5:] * w_pil[:, None, 5:]).sum(2) / w_pil[:, 5:].sum(1)[:, None]
    index = (sub_in * w_sub[:, :1] + sub_out * w_sub[:, 1:]) / w_sub.sum(1)[:, None]
    order = np.argsort(-index, axis=1)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, UNITS + 1)[None, :], axis=1)
    return ranks


def main() -> None:
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    wide, meta, data, pillar_of = build()
    built = chitieu.composite(wide, meta, treat=False)
    # Checks: no noise → identical ranks; with noise → medians within one place.
    zero = built.uncertainty(20, seed=1, weight_noise=0.0).ranks.sort("unit_id")
    np_zero = numpy_mc(data, pillar_of, 1, 0.0, 1)[0]
    assert zero["median_rank"].to_list() == [float(r) for r in np_zero]
    ours = built.uncertainty(reps, seed=3, weight_noise=0.25).ranks.sort("unit_id")
    theirs = np.median(numpy_mc(data, pillar_of, reps, 0.25, 3), axis=0)
    assert np.all(np.abs(ours["median_rank"].to_numpy() - theirs) <= 1.0)

    def best(fn) -> float:
        times = []
        for _ in range(3):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return min(times)

    t_chitieu = best(lambda: built.uncertainty(reps, seed=3, weight_noise=0.25))
    t_numpy = best(
        lambda: np.percentile(numpy_mc(data, pillar_of, reps, 0.25, 3), [5, 50, 95], axis=0)
    )
    ratio = t_numpy / t_chitieu
    lines = [
        f"# Monte Carlo: {reps:,} replications, {UNITS} units × {sum(PER_PILLAR)} indicators",
        "",
        "| implementation | best of 3 (s) |",
        "|---|---|",
        f"| chitieu (Rust, rayon) | {t_chitieu:.3f} |",
        f"| numpy (vectorised) | {t_numpy:.3f} |",
        "",
        f"ratio numpy / chitieu: {ratio:.2f} (ranks checked against each other first)",
    ]
    OUT.mkdir(exist_ok=True)
    (OUT / "composite_bench.md").write_text("\n".join(lines) + "\n")
    (OUT / "composite_bench.json").write_text(json.dumps(
        {"replications": reps, "chitieu_s": t_chitieu, "numpy_s": t_numpy, "ratio": ratio}
    ))  # fmt: skip
    print("\n".join(lines))


if __name__ == "__main__":
    main()
