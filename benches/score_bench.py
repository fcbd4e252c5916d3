"""End-to-end benchmark of batch scoring (issues 11 and 24): `chitieu.score` against the same
scoring written idiomatically in polars expressions and in pandas, measured in the same run.

    .venv/bin/python benches/score_bench.py                 # 10^4 .. 10^7 rows
    .venv/bin/python benches/score_bench.py --quick         # 10^4 and 10^5 only (for tests)
    .venv/bin/python benches/score_bench.py --sizes 1e6,1e7 --repeat 1

The panels are **synthetic** (seeded numpy generator; not statistics of any commune or
province): communes `c000001`, ... with four catalog indicators, series of 10-20 years ending
in 2023-2025, scored against `benches/bench_targets.toml` (one threshold with a baseline year,
one range, one per-year flow, one trend; horizon 2030; CAGR projection). So that every path
of the method runs, the generator adds 2% missing values, 1% short series (1-3 years), absent
series, communes with no data at all, zero base values (replaced by 0.001), values rounded
to 2 decimals (so some bases equal the target) and a few negative and mixed-sign series.

Before anything is timed, both baselines are checked equal to chitieu on the 10^4 and 10^5
panels: every (unit, target) row, the columns in `CHECKED` (floats to 1e-9 relative, 1e-12
absolute near zero; years, booleans, status codes and nulls exactly). The result of every
timed run is checked again the same way. Any difference exits with status 1 and lists the
first differing rows.

Every size is timed twice: on the panel with its rows shuffled, and on the same panel sorted by
(unit_id, indicator, year), as a statistics office's export usually is.

Each implementation x size x layout runs in its own process (reading the panel from a parquet file),
so the peak RSS is its own: the process's high-water mark, nothing subtracted (interpreter,
libraries and the loaded input included; `VmHWM`, as `ru_maxrss` on Linux starts from the
parent's high-water mark, see `peak_rss`). The time is the best of N runs of the scoring call
alone (input in memory, result frame out), with the process CPU time / wall time of that run
(2.0 = both cores busy). Results go to bench-results/score_bench.{md,json}.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import tomllib  # Python >= 3.11, as the venv

import chitieu

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGETS = HERE / "bench_targets.toml"
OUT = ROOT / "bench-results"

SIZES = [10_000, 100_000, 1_000_000, 10_000_000]
# Row orders every size is timed on: as generated (shuffled), and sorted by key.
LAYOUTS = ("shuffled", "sorted")
CHECK_SIZES = [10_000, 100_000]
SEED = 2030

# Conventions of the method (crates/chitieu/src/progress.rs, projection.rs: the defaults).
ZERO = 0.001  # replaces a zero base or target value
MIN_POINTS = 2  # points from the base to the latest year
SEARCH_UNTIL = 2100  # last year searched for the year a projection meets its target
LIMIT_SCALING = 1.0  # natural-limit factor C of trend targets

KEYS = ["unit_id", "target_id"]
#: Columns every baseline must reproduce, with their dtypes in chitieu's scorecard.
CHECKED: dict[str, pl.DataType] = {
    "base_year": pl.Int32(),
    "base_value": pl.Float64(),
    "latest_year": pl.Int32(),
    "latest_value": pl.Float64(),
    "target_value": pl.Float64(),
    "achieved": pl.Boolean(),
    "gap_closed": pl.Float64(),
    "cagr_observed": pl.Float64(),
    "cagr_required": pl.Float64(),
    "ratio": pl.Float64(),
    "status": pl.String(),
    "score": pl.Float64(),
    "annual_change_required": pl.Float64(),
    "projected": pl.Float64(),
    "projected_ratio": pl.Float64(),
    "projected_achieved": pl.Boolean(),
    "year_met": pl.Int32(),
}
REL_TOL, ABS_TOL = 1e-9, 1e-12

UNABLE, ACHIEVED = "unable_to_assess", "target_achieved"
ON_TRACK, ACCELERATION, LIMITED, DETERIORATION = (
    "on_track",
    "acceleration_needed",
    "limited_progress",
    "deterioration",
)
LEVEL_KINDS = {"at_least", "at_most", "range", "increase"}
FLOW_KINDS = {"per_year"}


# ----- the target set, as plain data for the baselines ---------------------------------------


def target_spec() -> pl.DataFrame:
    """The benchmark's targets, one row each: what the baselines need to score them.

    `goal` is the value the series is measured against (the range's near bound in the
    indicator's direction), `d` the direction sign, `base_year` the plan's baseline year.
    """
    doc = tomllib.loads(TARGETS.read_text(encoding="utf-8"))
    catalog = chitieu.catalog().select("id", "direction")
    direction = dict(zip(catalog["id"], catalog["direction"]))
    rows = []
    for t in doc["targets"]:
        kind = t["kind"]
        if kind not in LEVEL_KINDS | FLOW_KINDS:
            msg = f"the baselines do not implement targets of kind {kind!r}"
            raise ValueError(msg)
        increase = direction[t["indicator"]] == "increase"
        goal, d = {
            "at_least": (t.get("value"), 1.0),
            "at_most": (t.get("value"), -1.0),
            "range": (t.get("lo") if increase else t.get("hi"), 1.0 if increase else -1.0),
            "increase": (None, 1.0),
            "per_year": (None, 1.0),
        }[kind]
        rows.append(
            {
                "target_id": t["id"],
                "indicator": t["indicator"],
                "kind": kind,
                "goal": goal,
                "d": d,
                "base_year": t.get("baseline_year"),
                "horizon": t["horizon"],
                "lo": t.get("lo"),
                "hi": t.get("hi"),
                "from_year": t.get("from_year"),
                "to_year": t.get("to_year"),
            }
        )
    schema = {
        "target_id": pl.String,
        "indicator": pl.String,
        "kind": pl.String,
        "goal": pl.Float64,
        "d": pl.Float64,
        "base_year": pl.Int32,
        "horizon": pl.Int32,
        "lo": pl.Float64,
        "hi": pl.Float64,
        "from_year": pl.Int32,
        "to_year": pl.Int32,
    }
    return pl.DataFrame(rows, schema=schema)


# ----- synthetic panels ----------------------------------------------------------------------

#: Per indicator kind: base value range, growth mean and sd (level series) or Poisson mean
#: range (count series).
LEVEL_PARAMS = {
    "at_least": (2.0, 12.0, 0.04, 0.05),
    "at_most": (2.0, 12.0, -0.02, 0.05),
    "range": (2.0, 9.0, 0.03, 0.06),
    "increase": (50.0, 500.0, 0.03, 0.05),
}
MEAN_LEN = 14.8  # expected series length with the short and absent series below


def make_panel(rows: int, spec: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
    """A synthetic long panel of about `rows` rows, and the ids of every commune (those with
    no data included). Seeded: the same `rows` always gives the same panel."""
    rng = np.random.default_rng([SEED, rows])
    indicators = spec["indicator"].to_list()
    kinds = spec["kind"].to_list()
    n_ind = len(indicators)
    n_units = max(10, round(rows / (n_ind * MEAN_LEN)))
    units = [f"c{i:06d}" for i in range(1, n_units + 1)]

    n_series = n_units * n_ind
    unit_of = np.repeat(np.arange(n_units), n_ind)
    ind_of = np.tile(np.arange(n_ind), n_units)
    length = rng.integers(10, 21, n_series)
    short = rng.random(n_series) < 0.01
    length[short] = rng.integers(1, 4, int(short.sum()))
    length[rng.random(n_series) < 0.005] = 0  # series absent
    length[unit_of % 1000 == 999] = 0  # communes without any data
    end = rng.integers(2023, 2026, n_series)
    end[short] = rng.integers(2012, 2026, int(short.sum()))  # some stopped long ago
    start = end - length + 1

    series = np.repeat(np.arange(n_series), length)
    total = len(series)
    offset = np.arange(total) - np.repeat(np.cumsum(length) - length, length)
    year = (start[series] + offset).astype(np.int32)

    is_count = np.array([k in FLOW_KINDS for k in kinds])[ind_of]
    lo_b, hi_b, mu, sd = (
        np.array([LEVEL_PARAMS.get(k, (0.0, 0.0, 0.0, 0.0))[j] for k in kinds])[ind_of]
        for j in range(4)
    )
    base = rng.uniform(lo_b, hi_b)
    growth = rng.normal(mu, sd)
    level = base[series] * np.exp(growth[series] * offset + rng.normal(0.0, 0.03, total))
    level = np.round(level, 2)
    lam = rng.uniform(0.5, 6.0, n_series)
    counts = rng.poisson(lam[series]).astype(np.float64)
    value = np.where(is_count[series], counts, level)

    # Zero bases, bases exactly at the target, negative series (signs flipped throughout) and
    # mixed-sign series (first value negative), on level indicators only.
    draw = rng.random(n_series)
    zero_first, at_goal, negative, mixed = (
        (draw < 0.01) & ~is_count,
        (draw >= 0.01) & (draw < 0.013) & ~is_count,
        (draw >= 0.013) & (draw < 0.015) & ~is_count,
        (draw >= 0.015) & (draw < 0.016) & ~is_count,
    )
    first = offset == 0
    value[first & zero_first[series]] = 0.0
    goal = spec["goal"].fill_null(np.nan).to_numpy()[ind_of]
    early = first | (year <= spec["base_year"].fill_null(0).to_numpy()[ind_of][series])
    tie = early & at_goal[series] & ~np.isnan(goal[series])
    value[tie] = goal[series][tie]
    value[negative[series]] *= -1.0
    value[first & mixed[series]] *= -1.0
    value[rng.random(total) < 0.02] = np.nan  # missing values (null)

    perm = rng.permutation(total)  # no order to rely on
    panel = pl.DataFrame(
        {
            "unit_id": pl.Series(units).gather(unit_of[series][perm]),
            "indicator": pl.Series(indicators).gather(ind_of[series][perm]),
            "year": pl.Series(year[perm], dtype=pl.Int32),
            "value": pl.Series(value[perm], nan_to_null=True),
        }
    )
    return panel, units


# ----- the three implementations ------------------------------------------------------------


def score_chitieu(panel: pl.DataFrame, units: list[str], spec: pl.DataFrame) -> pl.DataFrame:
    """chitieu: one call, the scorecard as a polars DataFrame."""
    card = chitieu.score(panel, chitieu.targets(TARGETS), units=units, projection="cagr")
    return card.to_polars()


def _ratio_status_pl(r: pl.Expr) -> pl.Expr:
    return (
        pl.when(r >= 0.95)
        .then(pl.lit(ON_TRACK))
        .when(r >= 0.6)
        .then(pl.lit(ACCELERATION))
        .when(r >= 0.0)
        .then(pl.lit(LIMITED))
        .otherwise(pl.lit(DETERIORATION))
    )


def _ratio_score_pl(r: pl.Expr) -> pl.Expr:
    return (
        pl.when(r >= 0.6)
        .then(((r - 0.6) / 0.7 * 5.0).clip(upper_bound=5.0))
        .otherwise(((r + 0.6) / 1.2 * 5.0 - 5.0).clip(lower_bound=-5.0))
    )


def _trend_status_pl(g: pl.Expr) -> pl.Expr:
    c = LIMIT_SCALING
    return (
        pl.when(g >= 0.015 * c)
        .then(pl.lit(ON_TRACK))
        .when(g >= 0.005 * c)
        .then(pl.lit(ACCELERATION))
        .when(g >= 0.0)
        .then(pl.lit(LIMITED))
        .otherwise(pl.lit(DETERIORATION))
    )


def _trend_score_pl(g: pl.Expr) -> pl.Expr:
    x = g / LIMIT_SCALING
    return (
        pl.when(g < 0.0)
        .then((-2.5 + g / 0.02 * 2.5).clip(lower_bound=-5.0))
        .when(x < 0.005)
        .then(-2.5 + x / 0.005 * 2.5)
        .when(x < 0.015)
        .then((x - 0.005) / 0.01 * 2.5)
        .otherwise((2.5 + (x - 0.015) / 0.005 * 2.5).clip(upper_bound=5.0))
    )


def score_polars(panel: pl.DataFrame, units: list[str], spec: pl.DataFrame) -> pl.DataFrame:
    """The same scoring in polars expressions: joins, group_by, when/then; no Python per row
    or per group."""
    c = pl.col
    lf = panel.lazy()
    ok = c("value").is_not_null()
    grid = pl.LazyFrame({"unit_id": units}).join(spec.lazy(), how="cross")

    # Thresholds, ranges, trends: base and latest points from the base year on.
    level = spec.lazy().filter(c("kind").is_in(sorted(LEVEL_KINDS)))
    in_w = ok & (c("year") >= c("base_year").fill_null(0))
    year_w = pl.when(in_w).then(c("year"))  # null outside the window: min/max/arg skip it
    per_series = (
        lf.join(level.select("indicator", "target_id", "base_year"), on="indicator")
        .group_by(KEYS)
        .agg(
            rows=pl.len(),
            n=in_w.sum(),
            t0=year_w.min(),
            ti=year_w.max(),
            y0=c("value").get(year_w.arg_min()),
            yi=c("value").get(year_w.arg_max()),
        )
    )
    t, d, h = c("goal"), c("d"), c("horizon")
    t0, ti, y0, yi, n = c("t0"), c("ti"), c("y0"), c("yi"), c("n")
    trend = c("kind") == "increase"
    numeric = ~trend
    data = n.fill_null(0) >= 1
    met = numeric & data & (d * (yi - t) >= 0.0)
    y0r = pl.when(y0 == 0.0).then(ZERO).otherwise(y0)
    tr = pl.when(t == 0.0).then(ZERO).otherwise(t)
    two = n >= MIN_POINTS
    mixed = (y0r * yi < 0.0) | (numeric & (y0r * tr < 0.0))
    measured = data & two & ~mixed
    d_eff = pl.when(y0r < 0.0).then(-d).otherwise(d)
    growth = (yi / y0r) ** (1.0 / (ti - t0)) - 1.0
    late = numeric & (h <= t0)
    required = measured & numeric & ~late
    cagr_req = (tr / y0r) ** (1.0 / (h - t0)) - 1.0
    g = d_eff * growth
    # Projection: CAGR from the base point continued from the latest point.
    fits = data & two & (y0r * yi >= 0.0)
    proj = yi * (1.0 + growth) ** (h - ti)
    outlook = fits & numeric

    def meets_at(k: pl.Expr) -> pl.Expr:
        return d * (yi * (1.0 + growth) ** k - t) >= 0.0

    k0 = ((t / yi).log() / growth.log1p()).ceil()
    search = (
        pl.when(k0.is_finite() & (k0 >= 2.0) & meets_at(k0 - 1.0))
        .then(ti + k0 - 1.0)
        .when(k0.is_finite() & (k0 >= 1.0) & meets_at(k0))
        .then(ti + k0)
        .when(k0.is_finite() & (k0 >= 0.0) & meets_at(k0 + 1.0))
        .then(ti + k0 + 1.0)
    )
    levels = (
        grid.filter(c("kind").is_in(sorted(LEVEL_KINDS)))
        .join(per_series, on=KEYS, how="left")
        .with_columns(cagr_obs=pl.when(measured).then(growth))
        .with_columns(cagr_req=pl.when(required).then(cagr_req))
        .select(
            *KEYS,
            base_year=pl.when(data).then(t0),
            base_value=pl.when(data).then(y0),
            latest_year=pl.when(data).then(ti),
            latest_value=pl.when(data).then(yi),
            target_value=pl.when(c("rows").is_not_null() & numeric).then(t),
            achieved=pl.when(data & numeric).then(met),
            gap_closed=pl.when(data & numeric & (t != y0)).then((yi - y0) / (t - y0)),
            cagr_observed=c("cagr_obs"),
            cagr_required=c("cagr_req"),
            ratio=pl.when(required & ~met & (c("cagr_req") != 0.0)).then(
                d_eff * c("cagr_obs") / c("cagr_req").abs()
            ),
            status=pl.when(~data)
            .then(pl.lit(UNABLE))
            .when(met)
            .then(pl.lit(ACHIEVED))
            .when(~measured)
            .then(pl.lit(UNABLE))
            .when(trend)
            .then(_trend_status_pl(g))
            .when(late)
            .then(pl.lit(UNABLE))
            .when(c("cagr_req") == 0.0)
            .then(pl.when(g < 0.0).then(pl.lit(DETERIORATION)).otherwise(pl.lit(UNABLE)))
            .otherwise(_ratio_status_pl(d_eff * c("cagr_obs") / c("cagr_req").abs())),
            score=pl.when(~data)
            .then(None)
            .when(met)
            .then(5.0)
            .when(~measured)
            .then(None)
            .when(trend)
            .then(_trend_score_pl(g))
            .when(late)
            .then(None)
            .when(c("cagr_req") == 0.0)
            .then(pl.when(g < 0.0).then(-5.0))
            .otherwise(_ratio_score_pl(d_eff * c("cagr_obs") / c("cagr_req").abs())),
            annual_change_required=pl.when(data & numeric).then(
                pl.when(met).then(0.0).when(ti < h).then((t - yi) / (h - ti))
            ),
            projected=pl.when(fits).then(proj),
            projected_ratio=pl.when(outlook & (t != y0)).then((proj - y0) / (t - y0)),
            projected_achieved=pl.when(outlook).then(d * (proj - t) >= 0.0),
            # Already met: the latest year, with or without a projection.
            year_met=pl.when(met).then(ti).when(outlook & (search <= SEARCH_UNTIL)).then(search),
        )
    )

    # Per-year flows: every year from from_year to the latest year (capped at to_year) needs
    # a value; R = sum of flows / (lo x years elapsed).
    flow = spec.lazy().filter(c("kind").is_in(sorted(FLOW_KINDS)))
    in_period = c("year").is_between(c("from_year"), c("to_year"))
    flow_series = (
        lf.filter(ok)
        .join(
            flow.select("indicator", "target_id", "lo", "hi", "from_year", "to_year"),
            on="indicator",
        )
        .group_by(KEYS)
        .agg(
            fy=c("year").min(),
            ly=c("year").max(),
            y0=c("value").get(c("year").arg_min()),
            yi=c("value").get(c("year").arg_max()),
            n_in=in_period.sum(),
            total=pl.when(in_period).then(c("value")).sum(),
            met=(in_period & c("value").is_between(c("lo"), c("hi"))).sum(),
        )
    )
    has = c("ly").is_not_null()
    last = pl.min_horizontal(c("ly"), c("to_year"))
    elapsed = last - c("from_year") + 1
    assessed = has & (elapsed >= 1) & (c("n_in") == elapsed)
    r = c("total") / (c("lo") * elapsed)
    done = (last >= c("to_year")) & (c("met") == elapsed)
    flows = (
        grid.filter(c("kind").is_in(sorted(FLOW_KINDS)))
        .join(flow_series, on=KEYS, how="left")
        .select(
            *KEYS,
            base_year=c("fy"),
            base_value=c("y0"),
            latest_year=c("ly"),
            latest_value=c("yi"),
            target_value=pl.when(assessed).then(c("lo")),
            achieved=pl.when(assessed).then(done),
            ratio=pl.when(assessed).then(r),
            status=pl.when(~assessed)
            .then(pl.lit(UNABLE))
            .when(done)
            .then(pl.lit(ACHIEVED))
            .otherwise(_ratio_status_pl(r)),
            score=pl.when(~assessed).then(None).when(done).then(5.0).otherwise(_ratio_score_pl(r)),
        )
    )
    return pl.concat([levels, flows], how="diagonal_relaxed").collect().cast(CHECKED, strict=False)


def _ratio_status_np(r: np.ndarray) -> np.ndarray:
    return np.select(
        [r >= 0.95, r >= 0.6, r >= 0.0], [ON_TRACK, ACCELERATION, LIMITED], DETERIORATION
    )


def _ratio_score_np(r: np.ndarray) -> np.ndarray:
    return np.where(
        r >= 0.6,
        np.minimum((r - 0.6) / 0.7 * 5.0, 5.0),
        np.maximum((r + 0.6) / 1.2 * 5.0 - 5.0, -5.0),
    )


def _trend_status_np(g: np.ndarray) -> np.ndarray:
    c = LIMIT_SCALING
    return np.select(
        [g >= 0.015 * c, g >= 0.005 * c, g >= 0.0], [ON_TRACK, ACCELERATION, LIMITED], DETERIORATION
    )


def _trend_score_np(g: np.ndarray) -> np.ndarray:
    x = g / LIMIT_SCALING
    return np.select(
        [g < 0.0, x < 0.005, x < 0.015],
        [
            np.maximum(-2.5 + g / 0.02 * 2.5, -5.0),
            -2.5 + x / 0.005 * 2.5,
            (x - 0.005) / 0.01 * 2.5,
        ],
        np.minimum(2.5 + (x - 0.015) / 0.005 * 2.5, 5.0),
    )


def _first_last(df: pd.DataFrame) -> pd.DataFrame:
    """Per (unit, target): count, first and last year and value (rows with data only)."""
    return (
        df.sort_values("year", kind="stable")
        .groupby(KEYS, sort=False)
        .agg(
            n=("year", "size"),
            t0=("year", "first"),
            ti=("year", "last"),
            y0=("value", "first"),
            yi=("value", "last"),
        )
    )


def score_pandas(panel: pd.DataFrame, units: list[str], spec: pd.DataFrame) -> pd.DataFrame:
    """The same scoring in pandas: merge, groupby.agg, vectorised numpy; no Python per row or
    per group."""
    nan = np.nan
    grid = pd.MultiIndex.from_product([units, spec["target_id"]], names=KEYS).to_frame(index=False)
    grid = grid.merge(spec, on="target_id")
    ok = panel["value"].notna()

    # Thresholds, ranges, trends.
    level = spec[spec["kind"].isin(LEVEL_KINDS)]
    x = panel.merge(level[["indicator", "target_id", "base_year"]], on="indicator")
    rows = x.groupby(KEYS, sort=False).size().rename("rows")
    in_w = x["value"].notna() & (x["year"] >= x["base_year"].fillna(0))
    agg = _first_last(x[in_w]).join(rows, how="outer")
    lv = grid[grid["kind"].isin(LEVEL_KINDS)].merge(agg, left_on=KEYS, right_index=True, how="left")

    def arr(name: str) -> np.ndarray:
        return lv[name].to_numpy(dtype=np.float64, na_value=nan)

    t, d, h = arr("goal"), arr("d"), arr("horizon")
    t0, ti, y0, yi = arr("t0"), arr("ti"), arr("y0"), arr("yi")
    n = np.nan_to_num(arr("n"))
    has_rows = ~np.isnan(arr("rows"))
    trend = (lv["kind"] == "increase").to_numpy()
    numeric = ~trend
    with np.errstate(all="ignore"):
        data = n >= 1
        met = numeric & data & (d * (yi - t) >= 0.0)
        y0r = np.where(y0 == 0.0, ZERO, y0)
        tr = np.where(t == 0.0, ZERO, t)
        two = n >= MIN_POINTS
        mixed = (y0r * yi < 0.0) | (numeric & (y0r * tr < 0.0))
        measured = data & two & ~mixed
        d_eff = np.where(y0r < 0.0, -d, d)
        growth = (yi / y0r) ** (1.0 / (ti - t0)) - 1.0
        late = numeric & (h <= t0)
        required = measured & numeric & ~late
        cagr_obs = np.where(measured, growth, nan)
        cagr_req = np.where(required, (tr / y0r) ** (1.0 / (h - t0)) - 1.0, nan)
        r = d_eff * cagr_obs / np.abs(cagr_req)
        g = d_eff * cagr_obs
        zero_req = cagr_req == 0.0
        conds = [~data, met, ~measured, trend, late, zero_req & (g < 0.0), zero_req]
        status = np.select(
            [*conds, np.full(len(lv), True)],
            [UNABLE, ACHIEVED, UNABLE, _trend_status_np(g), UNABLE, DETERIORATION, UNABLE,
             _ratio_status_np(r)],
            UNABLE,
        )  # fmt: skip
        score = np.select(
            [*conds, np.full(len(lv), True)],
            [nan, 5.0, nan, _trend_score_np(g), nan, -5.0, nan, _ratio_score_np(r)],
            nan,
        )
        fits = data & two & (y0r * yi >= 0.0)
        proj = yi * (1.0 + growth) ** (h - ti)
        outlook = fits & numeric
        k0 = np.ceil(np.log(t / yi) / np.log1p(growth))
        ok_k = np.isfinite(k0)

        def meets_at(k: np.ndarray) -> np.ndarray:
            return d * (yi * (1.0 + growth) ** k - t) >= 0.0

        search = np.select(
            [ok_k & (k0 >= 2.0) & meets_at(k0 - 1.0), ok_k & (k0 >= 1.0) & meets_at(k0),
             ok_k & (k0 >= 0.0) & meets_at(k0 + 1.0)],
            [ti + k0 - 1.0, ti + k0, ti + k0 + 1.0],
            nan,
        )  # fmt: skip
        search = np.where(search <= SEARCH_UNTIL, search, nan)
        levels = pd.DataFrame(
            {
                "unit_id": lv["unit_id"].to_numpy(),
                "target_id": lv["target_id"].to_numpy(),
                "base_year": np.where(data, t0, nan),
                "base_value": np.where(data, y0, nan),
                "latest_year": np.where(data, ti, nan),
                "latest_value": np.where(data, yi, nan),
                "target_value": np.where(has_rows & numeric, t, nan),
                "achieved": pd.array(met, dtype="boolean"),
                "gap_closed": np.where(data & numeric & (t != y0), (yi - y0) / (t - y0), nan),
                "cagr_observed": cagr_obs,
                "cagr_required": cagr_req,
                "ratio": np.where(required & ~met & ~zero_req, r, nan),
                "status": status,
                "score": score,
                "annual_change_required": np.where(
                    data & numeric,
                    np.where(met, 0.0, np.where(ti < h, (t - yi) / (h - ti), nan)),
                    nan,
                ),
                "projected": np.where(fits, proj, nan),
                "projected_ratio": np.where(outlook & (t != y0), (proj - y0) / (t - y0), nan),
                "projected_achieved": pd.array(d * (proj - t) >= 0.0, dtype="boolean"),
                # Already met: the latest year, with or without a projection.
                "year_met": np.where(met, ti, np.where(outlook, search, nan)),
            }
        )
    levels.loc[~(data & numeric), "achieved"] = pd.NA
    levels.loc[~outlook, "projected_achieved"] = pd.NA

    # Per-year flows.
    flow = spec[spec["kind"].isin(FLOW_KINDS)]
    f = panel[ok].merge(flow[["indicator", "target_id", "lo", "hi", "from_year", "to_year"]])
    in_period = (f["year"] >= f["from_year"]) & (f["year"] <= f["to_year"])
    f = f.assign(
        in_period=in_period,
        flow=f["value"].where(in_period, 0.0),
        met=in_period & f["value"].between(f["lo"], f["hi"]),
    )
    fa = _first_last(f).join(f.groupby(KEYS, sort=False)[["in_period", "flow", "met"]].sum())
    fl = grid[grid["kind"].isin(FLOW_KINDS)].merge(fa, left_on=KEYS, right_index=True, how="left")

    def farr(name: str) -> np.ndarray:
        return fl[name].to_numpy(dtype=np.float64, na_value=nan)

    ly, to, lo = farr("ti"), farr("to_year"), farr("lo")
    with np.errstate(all="ignore"):
        has = ~np.isnan(ly)
        last = np.minimum(ly, to)
        elapsed = last - farr("from_year") + 1.0
        assessed = has & (elapsed >= 1.0) & (farr("in_period") == elapsed)
        r = farr("flow") / (lo * elapsed)
        done = assessed & (last >= to) & (farr("met") == elapsed)
        flows = pd.DataFrame(
            {
                "unit_id": fl["unit_id"].to_numpy(),
                "target_id": fl["target_id"].to_numpy(),
                "base_year": farr("t0"),
                "base_value": farr("y0"),
                "latest_year": ly,
                "latest_value": farr("yi"),
                "target_value": np.where(assessed, lo, nan),
                "achieved": pd.array(done, dtype="boolean"),
                "ratio": np.where(assessed, r, nan),
                "status": np.where(
                    ~assessed, UNABLE, np.where(done, ACHIEVED, _ratio_status_np(r))
                ),
                "score": np.where(~assessed, nan, np.where(done, 5.0, _ratio_score_np(r))),
            }
        )
    flows.loc[~assessed, "achieved"] = pd.NA
    out = pd.concat([levels, flows], ignore_index=True)
    for col in ("base_year", "latest_year", "year_met"):
        out[col] = out[col].astype("Int32")
    return out


IMPLEMENTATIONS: dict[str, Callable] = {
    "chitieu": score_chitieu,
    "polars": score_polars,
    "pandas": score_pandas,
}
LABELS = {
    "chitieu": "chitieu (Rust)",
    "polars": "polars expressions",
    "pandas": "pandas",
}


# ----- checks --------------------------------------------------------------------------------


def normalise(df: pl.DataFrame) -> pl.DataFrame:
    """The checked columns (missing ones as nulls), typed as in chitieu, sorted by key."""
    cols = [
        (pl.col(name) if name in df.columns else pl.lit(None)).cast(dtype).alias(name)
        for name, dtype in CHECKED.items()
    ]
    return df.select(pl.col(KEYS).cast(pl.String), *cols).sort(KEYS)


def differences(ref: pl.DataFrame, got: pl.DataFrame, limit: int = 10) -> list[str]:
    """Where `got` differs from `ref` (chitieu): up to `limit` lines, empty when equal."""
    a, b = normalise(ref), normalise(got)
    if a.height != b.height or not a.select(KEYS).equals(b.select(KEYS)):
        only_a = a.select(KEYS).join(b.select(KEYS), on=KEYS, how="anti").head(limit)
        only_b = b.select(KEYS).join(a.select(KEYS), on=KEYS, how="anti").head(limit)
        return [
            f"rows differ: {a.height} in chitieu, {b.height} in the baseline; "
            f"only in chitieu {only_a.rows()}, only in the baseline {only_b.rows()}"
        ]
    out: list[str] = []
    for name, dtype in CHECKED.items():
        x, y = a[name], b[name]
        if dtype == pl.Float64():
            both = x.is_not_null() & y.is_not_null()
            tol = pl.Series(np.maximum(REL_TOL * np.maximum(x.abs(), y.abs()), ABS_TOL))
            bad = (x.is_null() != y.is_null()) | (both & ((x - y).abs() > tol))
        else:
            bad = x.ne_missing(y)
        bad = bad.fill_null(True)
        for i in bad.arg_true().head(limit - len(out)):
            key = a.row(i)[:2]
            out.append(f"{key} {name}: chitieu {x[i]!r}, baseline {y[i]!r}")
        if len(out) >= limit:
            break
    return out


def check(ref: pl.DataFrame, got: pl.DataFrame, name: str, rows: int) -> bool:
    """Whether `got` equals chitieu's `ref`, printing the first differences if not."""
    diff = differences(ref, got)
    if diff:
        print(f"MISMATCH: {name} differs from chitieu on the {rows:,}-row panel:", file=sys.stderr)
        for line in diff:
            print(f"  {line}", file=sys.stderr)
        return False
    return True


def status_counts(card: pl.DataFrame) -> dict[str, dict[str, int]]:
    """Status codes per target: shows which paths of the method the panel exercised."""
    counts = card.group_by("target_id", pl.col("status").cast(pl.String)).len()
    out: dict[str, dict[str, int]] = {}
    for target, status, count in counts.sort("target_id", "status").iter_rows():
        out.setdefault(target, {})[status] = count
    return out


def precheck(spec: pl.DataFrame) -> dict:
    """Both baselines against chitieu on the 10^4 and 10^5 panels, before any timing."""
    out = {}
    for rows in CHECK_SIZES:
        panel, units = make_panel(rows, spec)
        ref = score_chitieu(panel, units, spec)
        pol = score_polars(panel, units, spec)
        pan = pl.from_pandas(score_pandas(panel.to_pandas(), units, spec.to_pandas()))
        ok_pol, ok_pan = check(ref, pol, "polars", rows), check(ref, pan, "pandas", rows)
        if not (ok_pol and ok_pan):
            sys.exit(1)
        out[rows] = {
            "rows": panel.height,
            "unit_target_rows": ref.height,
            "status_counts": status_counts(ref),
        }
        print(f"checked: polars and pandas equal chitieu on {panel.height:,} rows "
              f"({ref.height:,} unit x target rows)")  # fmt: skip
    return out


# ----- timing (one process per implementation x size) ---------------------------------------


def peak_rss() -> int:
    """This process's peak resident set size in bytes: `VmHWM`, the high-water mark of its
    own address space. `ru_maxrss` is not used for the figure because on Linux a child starts
    from the parent's high-water mark (kept across fork/vfork and exec), which would charge
    the parent's panels to every implementation; it is recorded beside it."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return ru_maxrss()


def ru_maxrss() -> int:
    """`getrusage(RUSAGE_SELF).ru_maxrss` in bytes (kilobytes on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024


def child(name: str, data: Path, repeat: int, out: Path) -> None:
    """Runs in its own process: load, score `repeat` times, report (JSON on stdout)."""
    spec = target_spec()
    units = pl.read_parquet(data / "units.parquet")["unit_id"].to_list()
    if name == "pandas":
        panel = pd.read_parquet(data / "panel.parquet")
        spec_in = spec.to_pandas()
        input_bytes = int(panel.memory_usage(deep=True).sum())
    else:
        panel = pl.read_parquet(data / "panel.parquet")
        spec_in = spec
        input_bytes = int(panel.estimated_size())
    fn = IMPLEMENTATIONS[name]
    load_before = os.getloadavg()[0]
    gc.collect()
    rss_loaded = peak_rss()
    runs = []
    result = None
    for _ in range(repeat):
        result = None
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        result = fn(panel, units, spec_in)
        wall = time.perf_counter() - t0
        runs.append({"wall_s": wall, "cpu_s": time.process_time() - c0})
    peak, maxrss = peak_rss(), ru_maxrss()
    frame = pl.from_pandas(result) if isinstance(result, pd.DataFrame) else result
    normalise(frame).write_parquet(out)
    best = min(runs, key=lambda r: r["wall_s"])
    print(json.dumps({
        "implementation": name,
        "best_s": best["wall_s"],
        "cpu_util": best["cpu_s"] / best["wall_s"],
        "runs": runs,
        "rss_after_load_bytes": rss_loaded,
        "peak_rss_bytes": peak,
        "ru_maxrss_bytes": maxrss,
        "own_input_bytes": input_bytes,
        "output_rows": frame.height,
        "load_average_1min": [load_before, os.getloadavg()[0]],
    }))  # fmt: skip


def machine() -> dict:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem_kb = 0
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024**2, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "polars": pl.__version__,
        "polars_threads": pl.thread_pool_size(),
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "chitieu": getattr(chitieu, "__version__", "unknown"),
        "commit": commit,
        "extension_built": dt.datetime.fromtimestamp(
            Path(chitieu._chitieu.__file__).stat().st_mtime, dt.timezone.utc
        ).strftime("%Y-%m-%d %H:%M UTC"),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def mb(b: float) -> str:
    return f"{b / 1024**2:,.0f}" if b >= 100 * 1024**2 else f"{b / 1024**2:,.1f}"


def report(info: dict) -> str:
    m = info["machine"]
    lines = [
        "# End-to-end scoring: chitieu against polars expressions and pandas",
        "",
        f"{m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; {m['os']}; Python {m['python']}, "
        f"polars {m['polars']} ({m['polars_threads']} threads), pandas {m['pandas']}, "
        f"numpy {m['numpy']}, chitieu {m['chitieu']} ({m['commit']}, extension built "
        f"{m['extension_built']}); {m['date']}",
        "",
        "Synthetic panels (seeded), 4 targets (threshold, range, per-year flow, trend; horizon "
        "2030, CAGR projection) for every commune. Time: best of the runs, scoring call only "
        "(input in memory, scorecard out). CPU = process CPU time / wall time of that run "
        f"({m['cores']}.0 = every core busy). Peak RSS: high-water mark of the implementation's "
        "own process (interpreter, libraries and loaded input included, nothing subtracted). "
        "Input = the panel's `estimated_size()` in polars (pandas holds its own copy: "
        "`memory_usage(deep=True)` in the JSON).",
        "",
        "| rows | layout | units | implementation | runs | best (s) | × chitieu time | CPU | "
        "input (MB) | RSS after load (MB) | peak RSS (MB) | peak / input | call's growth / "
        "input | checked |",
        "|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for size in info["sizes"]:
        base = size["results"]["chitieu"]["best_s"]
        for name, r in size["results"].items():
            inp = size["input_bytes"]
            growth = (r["peak_rss_bytes"] - r["rss_after_load_bytes"]) / inp
            lines.append(
                f"| {size['rows']:,} | {size['layout']} | {size['units']:,} | {LABELS[name]} | "
                f"{len(r['runs'])} | {r['best_s']:.3f} | {r['best_s'] / base:.2f} | "
                f"{r['cpu_util']:.2f} | {mb(inp)} | {mb(r['rss_after_load_bytes'])} | "
                f"{mb(r['peak_rss_bytes'])} | {r['peak_rss_bytes'] / inp:.2f} | {growth:.2f} | "
                f"{'reference' if name == 'chitieu' else 'equal' if r['equal'] else 'DIFFERS'} |"
            )
    runs = [r for size in info["sizes"] for r in size["results"].values()]
    loads = [x for r in runs for x in r["load_average_1min"]]
    lines += [
        "",
        f"1-minute load average around the runs: {min(loads):.1f} to {max(loads):.1f} "
        f"({m['cores']} cores; other work on the machine slows every implementation).",
    ]
    lines += ["", "## Against the goals of issue 24", ""]
    for g in info["goals"]:
        lines.append(f"- {g['goal']}: **{g['measured']}** — {g['verdict']}")
    lines += [
        "",
        "Equality: every (unit, target) row of each baseline equals chitieu's scorecard on "
        f"{', '.join(CHECKED)} (floats to {REL_TOL:g} relative / {ABS_TOL:g} absolute; the rest "
        "exactly, nulls included), on the 10^4 and 10^5 panels before timing and on the "
        "result of every timed run.",
    ]
    return "\n".join(lines) + "\n"


def goals(sizes: list[dict]) -> list[dict]:
    """Issue 24's goals, each met or not, from the runs measured (a goal whose size was not
    run is left out)."""
    by = {(s["rows_target"], s["layout"]): s for s in sizes}
    out = []

    def ratio(rows: int, layout: str, name: str) -> float:
        res = by[(rows, layout)]["results"]
        return res[name]["best_s"] / res["chitieu"]["best_s"]

    wants = [("polars", 2.0, [100_000]), ("polars", 3.0, [1_000_000, 10_000_000]),
             ("pandas", 30.0, [1_000_000, 10_000_000])]  # fmt: skip
    for name, want, rows_list in wants:
        for rows in rows_list:
            for layout in LAYOUTS:
                if (rows, layout) not in by:
                    continue
                speedup = ratio(rows, layout, name)
                out.append({
                    "goal": f"chitieu ≥ {want:g}× faster than {LABELS[name]} at {rows:,} rows "
                            f"({layout})",
                    "measured": f"{speedup:.2f}×",
                    "verdict": "met" if speedup >= want else "not met",
                    "value": speedup,
                })  # fmt: skip
    top = max(s["rows_target"] for s in sizes)
    for layout in LAYOUTS:
        if (top, layout) not in by:
            continue
        size = by[(top, layout)]
        c = size["results"]["chitieu"]
        inp = size["input_bytes"]
        growth = (c["peak_rss_bytes"] - c["rss_after_load_bytes"]) / inp
        peak = c["peak_rss_bytes"] / inp
        out.append({
            "goal": f"the call's memory growth ≤ 1.5× the input at {top:,} rows ({layout})",
            "measured": f"{growth:.2f}× ({mb(c['peak_rss_bytes'] - c['rss_after_load_bytes'])} "
                        f"MB over {mb(inp)} MB)",
            "verdict": "met" if growth <= 1.5 else "not met",
            "value": growth,
        })  # fmt: skip
        out.append({
            "goal": f"whole-process peak ≤ 3× the input at {top:,} rows ({layout})",
            "measured": f"{peak:.2f}× ({mb(c['peak_rss_bytes'])} MB)",
            "verdict": "met" if peak <= 3.0 else "not met",
            "value": peak,
        })  # fmt: skip
        util = c["cpu_util"]
        cores = os.cpu_count() or 1
        out.append({
            "goal": f"every core used ({cores} available) at {top:,} rows ({layout})",
            "measured": f"CPU time / wall time {util:.2f}",
            "verdict": "met" if util >= 0.75 * cores else "not met (threshold: 0.75 × cores)",
            "value": util,
        })  # fmt: skip
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", help="comma-separated row counts, e.g. 1e4,1e5,1e6")
    p.add_argument("--repeat", type=int, help="runs per implementation (default 3; 1 at 10^7)")
    p.add_argument("--quick", action="store_true", help="only 10^4 and 10^5 rows")
    p.add_argument("--keep", metavar="DIR",
                   help="write the panels to DIR/<rows>/ and keep them (e.g. for "
                        "crates/chitieu-cli/examples/phases.rs)")  # fmt: skip
    p.add_argument("--child", nargs=4, metavar=("IMPL", "DATA", "REPEAT", "OUT"),
                   help=argparse.SUPPRESS)  # fmt: skip
    args = p.parse_args()
    if args.child:
        name, data, repeat, out = args.child
        child(name, Path(data), int(repeat), Path(out))
        return
    sizes = CHECK_SIZES if args.quick else SIZES
    if args.sizes:
        sizes = [int(float(s)) for s in args.sizes.split(",")]
    spec = target_spec()
    coverage = precheck(spec)

    results = []
    failed = False
    keep = contextlib.nullcontext(args.keep) if args.keep else None
    with keep or tempfile.TemporaryDirectory(prefix="score_bench_") as tmp:
        for rows, layout in ((r, lay) for r in sizes for lay in LAYOUTS):
            data = Path(tmp) / str(rows) / layout
            data.mkdir(parents=True, exist_ok=True)
            panel, units = make_panel(rows, spec)
            if layout == "sorted":
                panel = panel.sort("unit_id", "indicator", "year")
            panel.write_parquet(data / "panel.parquet")
            pl.DataFrame({"unit_id": units}).write_parquet(data / "units.parquet")
            size = {
                "rows_target": rows,
                "layout": layout,
                "rows": panel.height,
                "units": len(units),
                "input_bytes": int(panel.estimated_size()),
                "results": {},
            }
            del panel
            repeat = args.repeat or (1 if rows >= 10_000_000 else 3)
            for name in IMPLEMENTATIONS:
                out = data / f"{name}.parquet"
                done = subprocess.run(
                    [sys.executable, __file__, "--child", name, str(data), str(repeat), str(out)],
                    capture_output=True, text=True,
                )  # fmt: skip
                if done.returncode != 0:
                    print(done.stderr, file=sys.stderr)
                    sys.exit(f"{name} failed on {rows:,} rows")
                size["results"][name] = json.loads(done.stdout.strip().splitlines()[-1])
                r = size["results"][name]
                print(f"{rows:>11,} rows {layout:>8}  {LABELS[name]:<20} {r['best_s']:9.3f} s  "
                      f"CPU {r['cpu_util']:.2f}  peak RSS {mb(r['peak_rss_bytes'])} MB",
                      flush=True)  # fmt: skip
            ref = pl.read_parquet(data / "chitieu.parquet")
            for name in ("polars", "pandas"):
                equal = check(ref, pl.read_parquet(data / f"{name}.parquet"), name, rows)
                size["results"][name]["equal"] = equal
                failed |= not equal
            results.append(size)
    if failed:
        sys.exit(1)
    info = {
        "machine": machine(),
        "targets": str(TARGETS.relative_to(ROOT)),
        "checked_columns": list(CHECKED),
        "tolerance": {"relative": REL_TOL, "absolute": ABS_TOL},
        "precheck": {str(k): v for k, v in coverage.items()},
        "sizes": results,
    }
    info["goals"] = goals(results)
    text = report(info)
    OUT.mkdir(exist_ok=True)
    (OUT / "score_bench.json").write_text(json.dumps(info, indent=2) + "\n")
    (OUT / "score_bench.md").write_text(text)
    print()
    print(text)


if __name__ == "__main__":
    main()
