"""Composite indices (PII / GII / COINr style): pipeline stages and rank uncertainty."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from chitieu import _chitieu
from chitieu.observations import _to_polars

_ALIASES = {
    "level": "level",
    "icode": "code",
    "code": "code",
    "direction": "direction",
    "weight": "weight",
    "parent": "parent",
    "type": "type",
    "denominator": "denominator",
    "target": "target",
}


def _rows(framework: Any) -> list[tuple]:
    """Framework rows from a COINr-style iMeta table (Level, iCode, Direction, Weight,
    Parent, Type, optional Denominator and Target; any letter case)."""
    meta = _to_polars(framework)
    meta = meta.rename({c: _ALIASES[c.lower()] for c in meta.columns if c.lower() in _ALIASES})
    missing = {"level", "code", "weight", "parent", "type"} - set(meta.columns)
    if missing:
        msg = f"framework lacks columns {sorted(missing)} (COINr iMeta: Level, iCode, ...)"
        raise _chitieu.SchemaError(msg)
    for col in ("direction", "denominator", "target"):
        if col not in meta.columns:
            meta = meta.with_columns(pl.lit(None).alias(col))
    # COINr's iMeta also lists group and denominator variables (Type "Group",
    # "Denominator"): they describe data, not nodes of the tree.
    meta = meta.filter(pl.col("type").str.to_lowercase().is_in(["indicator", "aggregate"]))
    out = []
    for r in meta.iter_rows(named=True):
        direction = r["direction"] if r["direction"] is not None else 1
        parent = r["parent"] if r["parent"] not in (None, "") else None
        denominator = r["denominator"] if r["denominator"] not in (None, "") else None
        target = float(r["target"]) if r["target"] is not None else None
        out.append(
            (int(r["level"]), str(r["code"]), int(direction), float(r["weight"]), parent,
             str(r["type"]), denominator, target)
        )  # fmt: skip
    return out


def _wide(data: Any, codes: Sequence[str]) -> pl.DataFrame:
    frame = _to_polars(data)
    missing = [c for c in codes if c not in frame.columns]
    if "unit_id" not in frame.columns or missing:
        msg = f"data needs unit_id and every indicator of the framework; missing: {missing}"
        raise _chitieu.SchemaError(msg)
    return frame.select("unit_id", *codes)


@dataclass(frozen=True)
class Uncertainty:
    """Ranks over Monte Carlo replications of the index (seeded, reproducible)."""

    ranks: pl.DataFrame
    sensitivity: pl.DataFrame | None
    _args: tuple = field(repr=False)

    def prob_rank_at_most(
        self, k: int, groups: Mapping[str, Sequence[str]] | None = None
    ) -> pl.DataFrame:
        """``P(rank ≤ k)`` per unit over the replications, ranks recomputed within each
        group (``{name: [unit ids]}``; default: all units). Ties share the best rank, so
        without ties the probabilities of a group sum to ``k``."""
        treated, rows, n, seed, noise, norms, aggs = self._args
        g = [(name, list(m)) for name, m in groups.items()] if groups else None
        out = _chitieu.composite_uncertainty(
            treated, rows, n, seed, noise, norms, aggs, k=k, groups=g, bins=0
        )
        return out["probabilities"]

    def _repr_html_(self) -> str:
        return self.ranks.sort("median_rank")._repr_html_()


@dataclass(frozen=True)
class Composite:
    """A composite index built stage by stage; every stage is kept and inspectable."""

    stages: dict[str, pl.DataFrame]
    treatment: pl.DataFrame
    ranks: pl.DataFrame
    root: str
    _rows: list[tuple] = field(repr=False)

    def stage(self, name: str) -> pl.DataFrame:
        """``raw``, ``denominated``, ``imputed``, ``treated``, ``normalised`` or
        ``aggregated`` (wide: ``unit_id`` then one column per indicator / aggregate)."""
        return self.stages[name]

    def scores(self) -> pl.DataFrame:
        """The index and its rank, best first."""
        agg = self.stages["aggregated"].select("unit_id", pl.col(self.root).alias("score"))
        rank = self.ranks.select("unit_id", pl.col(self.root).alias("rank"))
        return agg.join(rank, on="unit_id").sort("rank")

    def uncertainty(
        self,
        n: int = 10_000,
        *,
        seed: int = 0,
        weight_noise: float = 0.25,
        normalisations: Sequence[str] = ("minmax",),
        aggregations: Sequence[str] = ("arith_mean",),
    ) -> Uncertainty:
        """Monte Carlo over weights (each perturbed uniformly within ±``weight_noise``),
        normalisation and aggregation methods; the index recomputed from the treated data
        in each of ``n`` replications (parallel, identical for the same seed). Reports each
        unit's nominal, median, 5th and 95th percentile rank (R's type 7 quantiles) and a
        first-order sensitivity index per uncertain input."""
        args = (
            self.stages["treated"], self._rows, int(n), int(seed), float(weight_noise),
            list(normalisations), list(aggregations),
        )  # fmt: skip
        out = _chitieu.composite_uncertainty(*args)
        return Uncertainty(out["ranks"], out.get("sensitivity"), args)

    def __repr__(self) -> str:
        top = ", ".join(f"{u} {s:.2f}" for u, s, _ in self.scores().head(5).iter_rows())
        return f"Composite index '{self.root}' of {self.ranks.height} units; top 5: {top}"

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(repr(self))}</p>" + self.scores().head(10)._repr_html_()


def composite(
    data: Any,
    framework: Any,
    *,
    denominators: Any = None,
    imputation: str = "none",
    groups: str | Sequence[str] | None = None,
    treat: bool = True,
    normalisation: str = "minmax",
    aggregation: str = "arith_mean",
    rank_decimals: int | None = None,
) -> Composite:
    """Build a composite index the way COINr does, keeping every stage.

    ``data``: a wide table (``unit_id`` and one column per indicator of the framework);
    ``framework``: a COINr iMeta-style table (Level, iCode, Direction, Weight, Parent, Type;
    optional Denominator, Target). Stages: denominate (by ``denominators``, a wide table of
    the denominator columns), impute (``none``, ``mean``, or ``group_mean`` within
    ``groups``: a column of ``data`` or a list), treat outliers (winsorise while
    |skewness| > 2 and kurtosis > 3.5, then log fallback), normalise (``minmax`` 0–100
    honouring direction, ``zscore``, ``rank``, ``prank``, ``dist2targ``, ``goalposts``),
    aggregate level by level (``arith_mean``, ``geom_mean``, ``harm_mean``), rank (ties
    share the best rank; scores rounded to ``rank_decimals`` first if given).
    """
    rows = _rows(framework)
    codes = [r[1] for r in rows if r[5].lower() == "indicator"]
    frame = _to_polars(data)
    group_list = list(frame[groups]) if isinstance(groups, str) else groups
    wide = _wide(frame, codes)
    den = _to_polars(denominators) if denominators is not None else None
    out = _chitieu.composite_run(
        wide, rows, den, imputation, group_list, treat, normalisation, aggregation, rank_decimals
    )
    stages = {k: out[k] for k in ("raw", "denominated", "imputed", "treated", "normalised",
                                  "aggregated")}  # fmt: skip
    root = next(r[1] for r in rows if r[4] is None)
    return Composite(stages, out["treatment"], out["ranks"], root, rows)
