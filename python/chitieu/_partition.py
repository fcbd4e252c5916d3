"""The machinery behind ``chitieu.scale``: scoring one partition of units.

The constants and private helpers the public functions of :mod:`chitieu.scale` share: the
schemas of empty results, which targets of a set need every unit, the kinds of table a
partition comes in (polars, pandas, arrow) and goes out as, and the placing of required
CAGRs among the growth rates of every unit (feasibility). See :mod:`chitieu.scale`.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Literal

import polars as pl

from chitieu import _chitieu
from chitieu._args import _options
from chitieu._frame import _to_polars
from chitieu.score import Sets, _set_items, score
from chitieu.targets import TargetSet, _build, targets

#: Target kinds that compare a unit with the other units of a group: they cannot be scored
#: on a partition that holds only some units.
CROSS_UNIT_KINDS: tuple[str, ...] = ("top_k", "percentile_band")

#: Columns of :func:`~chitieu.scale.sustained_rates` output.
RATE_COLUMNS: tuple[str, ...] = ("indicator", "cagr")

CrossUnit = Literal["raise", "skip"]

#: Parameters of :func:`chitieu.score` that are not scoring options.
SCORE_INPUTS: tuple[str, ...] = ("observations", "sets", "units")


# ---------------------------------------------------------------------------------------
# Schemas


def _empty_observations() -> pl.DataFrame:
    return pl.DataFrame(
        schema={"unit_id": pl.String, "indicator": pl.String, "year": pl.Int32,
                "value": pl.Float64}
    )  # fmt: skip


@lru_cache(maxsize=1)
def _empty_rows() -> pl.DataFrame:
    """The scorecard's columns and types, from scoring nothing (no data, no cluster)."""
    return score(_empty_observations(), [], units=[]).to_polars()


def _plain_strings(schema: Any) -> Any:
    import pyarrow as pa

    def plain(t: Any) -> Any:
        if pa.types.is_large_string(t) or pa.types.is_string_view(t):
            return pa.string()
        if pa.types.is_dictionary(t):
            return plain(t.value_type)
        return t

    return pa.schema([pa.field(f.name, plain(f.type), nullable=True) for f in schema])


def _rates_schema() -> Any:
    import pyarrow as pa

    return pa.schema([pa.field("indicator", pa.string()), pa.field("cagr", pa.float64())])


# ---------------------------------------------------------------------------------------
# Target sets: which targets need every unit


def _items(sets: Sets) -> list[str | TargetSet]:
    return _set_items(sets)


@lru_cache(maxsize=64)
def _shipped(set_id: str) -> pl.DataFrame:
    return targets(set_id).to_polars()


def _targets_frame(sets: Sets) -> pl.DataFrame:
    frames = [s.to_polars() if isinstance(s, TargetSet) else _shipped(s) for s in _items(sets)]
    if not frames:
        return pl.DataFrame(
            schema={"target_id": pl.String, "indicator": pl.String, "kind": pl.String}
        )
    return pl.concat([f.select("target_id", "indicator", "kind") for f in frames])


def _without(item: str | TargetSet, drop: set[str]) -> TargetSet:
    """The set without the targets ``drop`` names (the core removes them)."""
    found = item if isinstance(item, TargetSet) else targets(item)
    return _build(found._native.without(sorted(drop)))


def _check(sets: Sets, cross_unit: CrossUnit, score_options: Mapping[str, Any]) -> list[str]:
    """Refuses what a partition of units cannot score; returns the target ids to skip."""
    if cross_unit not in ("raise", "skip"):
        msg = f"cross_unit must be 'raise' or 'skip', not {cross_unit!r}"
        raise ValueError(msg)
    if score_options.get("uncertainty") is not None:
        msg = (
            "uncertainty= applies to top_k targets, which rank a unit among the other units "
            "of its group and cannot be scored per partition; score them with chitieu.score "
            "on the whole table"
        )
        raise ValueError(msg)
    frame = _targets_frame(sets)
    bad = frame.filter(pl.col("kind").is_in(CROSS_UNIT_KINDS))
    if bad.height and cross_unit == "raise":
        listed = ", ".join(f"{t} ({k})" for t, k in bad.select("target_id", "kind").iter_rows())
        msg = (
            f"cannot score per partition of units: {listed} compare a unit with the other "
            "units of a group (top_k ranks it in the group, percentile_band places it among "
            "the group's values), so they need every unit of the group in one table. Leave "
            "them out with cross_unit='skip' and score them with chitieu.score on the whole "
            "table."
        )
        raise ValueError(msg)
    return bad["target_id"].to_list()


def _score_options(score_options: Mapping[str, Any]) -> dict[str, Any]:
    """The options passed on to :func:`chitieu.score`, checked here (on the driver, and for a
    partition that holds no unit): an unknown name or a bad value raises, naming it."""
    known = [n for n in inspect.signature(score).parameters if n not in SCORE_INPUTS]
    unknown = sorted(set(score_options) - set(known))
    if unknown:
        msg = f"unexpected option(s) {unknown}: chitieu.score takes {known}"
        raise TypeError(msg)
    checked = _options(**{k: v for k, v in score_options.items() if k != "uncertainty"})
    return {**score_options, **checked}


def _preflight(sets: Sets, score_options: Mapping[str, Any]) -> None:
    """Unknown set ids and bad options fail here, on the driver, not in every task."""
    score(_empty_observations(), sets, units=[], **score_options)


# ---------------------------------------------------------------------------------------
# Input and output kinds


def _as_polars(batch: Any) -> tuple[pl.DataFrame, str]:
    """(frame, kind) with kind one of polars, pandas, arrow_table, arrow_batch."""
    if isinstance(batch, pl.DataFrame):
        return batch, "polars"
    if isinstance(batch, pl.LazyFrame):
        return batch.collect(), "polars"
    module = type(batch).__module__
    if module.startswith("pyarrow"):
        import pyarrow as pa

        if isinstance(batch, pa.RecordBatch):
            return _from_arrow(pa.Table.from_batches([batch])), "arrow_batch"
        if isinstance(batch, pa.Table):
            return _from_arrow(batch), "arrow_table"
    if module.startswith("pandas"):
        return _to_polars(batch), "pandas"
    msg = (
        "expected a polars, pandas or pyarrow table (Table or RecordBatch), "
        f"got {type(batch).__name__}"
    )
    raise TypeError(msg)


def _from_arrow(table: Any) -> pl.DataFrame:
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)  # a Table gives a DataFrame
    return frame


def _as_kind(frame: pl.DataFrame, kind: str, schema: Any) -> Any:
    """``frame`` (polars) as the kind of object the partition came in, with ``schema``."""
    if kind == "polars":
        return frame
    import pyarrow as pa

    table = frame.with_columns(pl.col(pl.Enum).cast(pl.String)).to_arrow().cast(schema)
    if kind == "arrow_table":
        return table
    if kind == "arrow_batch":
        batches = table.combine_chunks().to_batches()
        return batches[0] if batches else pa.RecordBatch.from_pylist([], schema=schema)
    import pandas as pd

    return table.to_pandas(types_mapper=pd.ArrowDtype)


# ---------------------------------------------------------------------------------------
# Feasibility against the growth of every unit


def _gather_rates(rates: Any) -> _chitieu.FeasibilityRates:
    """Rates from a mapping, a table (polars, pandas, arrow) or a list of tables, sorted by
    the core once (it places required rates as ``chitieu.score(feasibility_window=...)``)."""
    if isinstance(rates, _chitieu.FeasibilityRates):
        return rates
    if isinstance(rates, Mapping):
        return _chitieu.FeasibilityRates({k: [float(v) for v in vs] for k, vs in rates.items()})
    parts = rates if isinstance(rates, (list, tuple)) else [rates]
    frames = [_as_polars(p)[0].select(*RATE_COLUMNS) for p in parts]
    frame = pl.concat([pl.DataFrame(schema={"indicator": pl.String, "cagr": pl.Float64}), *frames])
    grouped: dict[str, list[float]] = {}
    for indicator, cagr in frame.select(*RATE_COLUMNS).iter_rows():
        grouped.setdefault(indicator, []).append(cagr)
    return _chitieu.FeasibilityRates(grouped)


def _with_feasibility(rows: pl.DataFrame, rates: _chitieu.FeasibilityRates) -> pl.DataFrame:
    percentiles, labels = rates.place(rows["indicator"].to_list(), rows["cagr_required"].to_list())
    return rows.with_columns(
        pl.Series("feasibility_percentile", percentiles, pl.Float64),
        pl.Series("feasibility", labels, pl.String),
    )


def _indicators(sets: Sets) -> list[str]:
    frame = _targets_frame(sets).filter(pl.col("indicator").is_not_null())
    return frame["indicator"].unique(maintain_order=True).to_list()
