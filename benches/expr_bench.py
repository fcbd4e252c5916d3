"""Benchmark: chitieu's compiled `cagr` expression against the fastest built-in polars chain.

    make bench                      # or: .venv/bin/python benches/expr_bench.py [rows]

Every method computes, per series, the compound annual growth rate from the first to the
last non-null point. The built-in chains are three ways a polars user would write it (two
sorts in `agg`; `get(arg_min/arg_max)`; one sort of the frame, then `first`/`last`): the
fastest is the baseline. chitieu runs as `group_by().agg(cx.cagr(...))` (polars calls the
plugin once per group) and in its vectorised form `cx.cagr(..., by=...)` (one call over the
whole column). Every result is checked equal to the first chain (1e-12) before timing. Each
method runs in its own process so that its peak memory (max RSS) is its own. Reports the best
of 3 runs and each method's time against the fastest chain; results go to bench-results/.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

import chitieu.expr as cx

SERIES_LEN = 100
OUT = Path(__file__).resolve().parent.parent / "bench-results"


def panel(rows: int) -> pl.DataFrame:
    n_series = rows // SERIES_LEN
    i = pl.int_range(0, n_series * SERIES_LEN, eager=True)
    df = pl.DataFrame({"i": i}).select(
        series=(pl.col("i") // SERIES_LEN).cast(pl.UInt32),
        year=(1925 + pl.col("i") % SERIES_LEN).cast(pl.Int32),
        value=(1.0 + (pl.col("i") * 7919 % 1000) / 100.0),
    )
    # 1 value in 50 missing; rows shuffled so that years are not in order.
    df = df.with_columns(
        value=pl.when(pl.int_range(pl.len()) % 50 == 7).then(None).otherwise(pl.col("value"))
    )
    return df.sample(fraction=1.0, shuffle=True, seed=1)


def builtin_sort_by(df: pl.DataFrame) -> pl.DataFrame:
    """Two `sort_by` in `agg` (the chain a first attempt writes)."""
    ok = pl.col("value").is_not_null()
    y = pl.col("year").filter(ok)
    v = pl.col("value").filter(ok)
    return (
        df.group_by("series")
        .agg(
            y0=y.min(),
            yi=y.max(),
            v0=v.sort_by(y).first(),
            vi=v.sort_by(y).last(),
        )
        .select(
            "series",
            cagr=(pl.col("vi") / pl.col("v0")) ** (1.0 / (pl.col("yi") - pl.col("y0"))) - 1.0,
        )
    )


def builtin_arg_min_max(df: pl.DataFrame) -> pl.DataFrame:
    """The values at the first and last year by `get(arg_min/arg_max)`: no sort."""
    y = pl.col("year")
    v = pl.col("value")
    return (
        df.drop_nulls("value")
        .group_by("series")
        .agg(
            y0=y.min(),
            yi=y.max(),
            v0=v.get(y.arg_min()),
            vi=v.get(y.arg_max()),
        )
        .select(
            "series",
            cagr=(pl.col("vi") / pl.col("v0")) ** (1.0 / (pl.col("yi") - pl.col("y0"))) - 1.0,
        )
    )


def builtin_one_sort(df: pl.DataFrame) -> pl.DataFrame:
    """One sort of the frame by (series, year), then `first`/`last` per group."""
    return (
        df.drop_nulls("value")
        .sort("series", "year")
        .group_by("series", maintain_order=True)
        .agg(
            y0=pl.col("year").first(),
            yi=pl.col("year").last(),
            v0=pl.col("value").first(),
            vi=pl.col("value").last(),
        )
        .select(
            "series",
            cagr=(pl.col("vi") / pl.col("v0")) ** (1.0 / (pl.col("yi") - pl.col("y0"))) - 1.0,
        )
    )


def plugin(df: pl.DataFrame) -> pl.DataFrame:
    return df.group_by("series").agg(cagr=cx.cagr("value", "year"))


def plugin_by(df: pl.DataFrame) -> pl.DataFrame:
    return (
        df.select(cx.cagr("value", "year", by="series").alias("s"))
        .unnest("s")
        .rename({"cagr_observed": "cagr"})
    )


BUILTINS = {
    "built-in: sort_by in agg": builtin_sort_by,
    "built-in: get(arg_min/arg_max)": builtin_arg_min_max,
    "built-in: one sort, first/last": builtin_one_sort,
}
METHODS = {
    **BUILTINS,
    "chitieu plugin in group_by().agg()": plugin,
    "chitieu plugin, vectorised (by=)": plugin_by,
}


def run_one(method: str, rows: int) -> dict:
    df = panel(rows)
    fn = METHODS[method]
    times = []
    for _ in range(3):
        t = time.perf_counter()
        fn(df)
        times.append(time.perf_counter() - t)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"method": method, "best_s": min(times), "peak_rss_mb": rss_mb}


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(run_one(sys.argv[2], int(sys.argv[3]))))
        return
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    df = panel(min(rows, 200_000))
    ref = builtin_sort_by(df).sort("series")
    for name, fn in METHODS.items():
        got = fn(df).sort("series")
        diff = (got["cagr"] - ref["cagr"]).abs().max()
        assert got.height == ref.height and diff is not None and diff < 1e-12, (name, diff)
    results = []
    for method in METHODS:
        done = subprocess.run(
            [sys.executable, __file__, "--one", method, str(rows)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        results.append(json.loads(done.stdout))
    fastest = min((r for r in results if r["method"] in BUILTINS), key=lambda r: r["best_s"])
    for r in results:
        r["fastest_builtin_over_method"] = fastest["best_s"] / r["best_s"]
    info = {
        "rows": rows,
        "series": rows // SERIES_LEN,
        "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, "
        f"{pl.thread_pool_size()} polars threads, Python {platform.python_version()}, "
        f"polars {pl.__version__}, {dt.date.today().isoformat()}",
        "results": results,
        "fastest_builtin": fastest["method"],
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "expr_bench.json").write_text(json.dumps(info, indent=2))
    lines = [
        f"# cagr per series: {rows:,} rows, {rows // SERIES_LEN:,} series",
        "",
        f"{info['machine']}",
        "",
        "| method | best of 3 (s) | fastest built-in ÷ method | peak RSS (MB) |",
        "|---|---:|---:|---:|",
        *[
            f"| {r['method']} | {r['best_s']:.3f} | {r['fastest_builtin_over_method']:.2f} | "
            f"{r['peak_rss_mb']:.0f} |"
            for r in results
        ],
        "",
        f"Baseline: the fastest built-in chain ({fastest['method']}). Every result checked "
        "equal to 1e-12 first.",
    ]
    (OUT / "expr_bench.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
