"""Benchmark: chitieu's compiled `cagr` expression against the fastest built-in polars chain.

    make bench                      # or: .venv/bin/python benches/expr_bench.py [rows]

Every cagr method computes, per series, the compound annual growth rate from the first to the
last non-null point. The built-in chains are three ways a polars user would write it (two
sorts in `agg`; `get(arg_min/arg_max)`; one sort of the frame, then `first`/`last`): the
fastest is the baseline. chitieu runs as `group_by().agg(cx.cagr(...))` (polars calls the
plugin once per group) and in its vectorised form `cx.cagr(..., by=...)` (one call over the
whole column). Every result is checked equal to the first chain (1e-12) before timing. Each
method runs in its own process so that its peak memory (max RSS) is its own. Reports the best
of 3 runs and each method's time against the fastest chain; results go to bench-results/.

`progress_status` against an "at least" target (2 to 12 by 2030, a column) is timed the same
way: in `group_by().agg()`, vectorised (`by=`), and as the Open SDG rules written in built-in
expressions (first and last non-null points, CAGR observed and required, ratio classes; the
rules `score_bench.score_polars` follows), every status class checked equal first.
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
    s, k = pl.col("i") // SERIES_LEN, pl.col("i") % SERIES_LEN
    # Each series grows at its own rate (-3% to +5% a year) from its own level, with noise:
    # against targets of 2 to 12 every status class occurs.
    rate = 1.0 + 0.01 * ((s * 37 % 9) - 3).cast(pl.Float64)
    df = pl.DataFrame({"i": i}).select(
        series=s.cast(pl.UInt32),
        year=(1925 + k).cast(pl.Int32),
        value=(1.0 + s % 7).cast(pl.Float64)
        * rate.pow(k.cast(pl.Float64) / 10.0)
        * (1.0 + (pl.col("i") * 7919 % 1000) / 10_000.0),
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


# progress_status against an "at least" target, the Open SDG way (as chitieu.progress):
# first and last non-null points, CAGR observed / required to the horizon, ratio classes.
# The target differs by series (2 to 12, a column), so that every class occurs.
HORIZON, ZERO = 2030, 0.001


def with_targets(df: pl.DataFrame) -> pl.DataFrame:
    return df.with_columns(target=2.0 + (pl.col("series") % 11).cast(pl.Float64))


def builtin_status(df: pl.DataFrame) -> pl.DataFrame:
    """The status class in built-in expressions (the rules of `score_bench.score_polars` for
    a threshold target with no base year)."""
    c = pl.col
    ok = c("value").is_not_null()
    year_w = pl.when(ok).then(c("year"))
    per = (
        with_targets(df)
        .group_by("series")
        .agg(
            target=c("target").first(),
            n=ok.sum(),
            t0=year_w.min(),
            ti=year_w.max(),
            y0=c("value").get(year_w.arg_min()),
            yi=c("value").get(year_w.arg_max()),
        )
    )
    t0, ti, y0, yi, n, target = c("t0"), c("ti"), c("y0"), c("yi"), c("n"), c("target")
    data = n >= 1
    met = data & (yi >= target)
    y0r = pl.when(y0 == 0.0).then(ZERO).otherwise(y0)
    measured = data & (n >= 2) & ~((y0r * yi < 0.0) | (y0r * target < 0.0))
    d_eff = pl.when(y0r < 0.0).then(-1.0).otherwise(1.0)
    growth = (yi / y0r) ** (1.0 / (ti - t0)) - 1.0
    required = (target / y0r) ** (1.0 / (HORIZON - t0)) - 1.0
    r = d_eff * growth / required.abs()
    status = (
        pl.when(~data | (~met & ~measured) | (~met & (t0 >= HORIZON)))
        .then(pl.lit("unable_to_assess"))
        .when(met)
        .then(pl.lit("target_achieved"))
        .when(required == 0.0)
        .then(
            pl.when(d_eff * growth < 0.0)
            .then(pl.lit("deterioration"))
            .otherwise(pl.lit("unable_to_assess"))
        )
        .when(r >= 0.95)
        .then(pl.lit("on_track"))
        .when(r >= 0.6)
        .then(pl.lit("acceleration_needed"))
        .when(r >= 0.0)
        .then(pl.lit("limited_progress"))
        .otherwise(pl.lit("deterioration"))
    )
    return per.select("series", status=status)


def plugin_status(df: pl.DataFrame) -> pl.DataFrame:
    return (
        with_targets(df)
        .group_by("series")
        .agg(status=cx.progress_status("value", "year", target="target", target_year=HORIZON))
    )


def plugin_status_by(df: pl.DataFrame) -> pl.DataFrame:
    expr = cx.progress_status("value", "year", target="target", target_year=HORIZON, by="series")
    return with_targets(df).select(expr.alias("s")).unnest("s")


STATUS = {
    "built-in: status in when/then": builtin_status,
    "chitieu progress_status in group_by().agg()": plugin_status,
    "chitieu progress_status, vectorised (by=)": plugin_status_by,
}

BUILTINS = {
    "built-in: sort_by in agg": builtin_sort_by,
    "built-in: get(arg_min/arg_max)": builtin_arg_min_max,
    "built-in: one sort, first/last": builtin_one_sort,
}
METHODS = {
    **STATUS,
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
        if name in STATUS:
            continue
        got = fn(df).sort("series")
        diff = (got["cagr"] - ref["cagr"]).abs().max()
        assert got.height == ref.height and diff is not None and diff < 1e-12, (name, diff)
    ref_status = builtin_status(df).sort("series")
    counts = ref_status["status"].value_counts(sort=True)
    for name, fn in STATUS.items():
        got = fn(df).sort("series").with_columns(pl.col("status").cast(pl.String))
        assert got["status"].to_list() == ref_status["status"].to_list(), name
    results = []
    for method in METHODS:
        done = subprocess.run(
            [sys.executable, __file__, "--one", method, str(rows)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        results.append(json.loads(done.stdout))
    fastest = min((r for r in results if r["method"] in BUILTINS), key=lambda r: r["best_s"])
    status_base = next(r for r in results if r["method"] == "built-in: status in when/then")
    for r in results:
        base = status_base if r["method"] in STATUS else fastest
        r["fastest_builtin_over_method"] = base["best_s"] / r["best_s"]
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
        f"# cagr and progress_status per series: {rows:,} rows, {rows // SERIES_LEN:,} series",
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
        f"Baseline of the cagr rows: the fastest built-in chain ({fastest['method']}); of the "
        f"status rows: the status in built-in expressions (targets 2 to 12 by {HORIZON}). "
        "Every cagr checked equal to 1e-12 and every status class exactly, first "
        f"(classes: {', '.join(f'{k} {v:,}' for k, v in counts.iter_rows())}).",
    ]
    (OUT / "expr_bench.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
