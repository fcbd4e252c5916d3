"""Scoring on partitions of a large panel: plain partitions, Dask and Spark.

Most targets are scored from one (unit, indicator) series at a time, so a panel partitioned
**by unit** (every row of a unit in the same partition) scores partition by partition and
gives exactly the rows of one ``chitieu.score(panel, sets, units=<every unit>)`` call.
Three things compare a unit with other units and are handled explicitly:

* ``top_k`` targets (rank of the unit in a region or the country) and ``percentile_band``
  targets (percentile position in a group) need every member of the group in one table.
  A partition holds only some units, so these targets are **refused** (``ValueError`` naming
  the target ids) unless ``cross_unit="skip"``, which leaves them out before scoring
  (:func:`per_unit_sets`); score them on the whole table with :func:`chitieu.score`.
* ``feasibility_window`` places each required CAGR among the growth rates that **all** units
  sustained. The partitioned functions compute those rates in a first pass over every
  partition (:func:`sustained_rates`, per unit, so partitionable), gather them, and place
  each row's required CAGR in the gathered distribution: the same percentiles and labels as
  the single-machine run. :func:`score_partition` refuses ``feasibility_window`` unless it
  is given the gathered rates (``sustained=``).
* ``uncertainty`` (composite index replications) only concerns ``top_k`` rows: refused.

In arrow and pandas output the ``status`` column (a polars ``Enum`` in
:meth:`chitieu.Scorecard.to_polars`) is a **plain string** column, so its order is
alphabetical there, not best-first; every other column has the scorecard's type (strings are
arrow ``string``, pandas columns are ``pd.ArrowDtype`` so nulls stay nulls and integers stay
integers in every partition). :func:`score_schema` and :func:`score_meta` give the schema
without running anything, for Spark's ``mapInArrow(schema=...)`` and Dask's
``map_partitions(meta=...)``. See docs/scale.md.

>>> import polars as pl, chitieu
>>> from chitieu.scale import score_partition
>>> panel = pl.DataFrame({"unit_id": ["a", "a", "b", "b"],
...                       "indicator": "researchers_per_10k",
...                       "year": [2015, 2023, 2015, 2023], "value": [4.0, 6.0, 8.0, 12.0]})
>>> parts = [panel.filter(pl.col("unit_id") == u) for u in ("a", "b")]   # by unit
>>> rows = pl.concat([score_partition(p, "lai-chau-69-kl-tw-2024") for p in parts])
>>> whole = chitieu.score(panel, "lai-chau-69-kl-tw-2024", units=["a", "b"]).to_polars()
>>> rows.sort("unit_id", "target_id").equals(whole.sort("unit_id", "target_id"))
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import polars as pl

from chitieu._args import _names, _years

# The constants (public here) and the private helpers these functions share are in
# chitieu._partition: schemas, target sets, kinds of table, feasibility.
from chitieu._partition import CROSS_UNIT_KINDS as CROSS_UNIT_KINDS
from chitieu._partition import RATE_COLUMNS as RATE_COLUMNS
from chitieu._partition import SCORE_INPUTS as SCORE_INPUTS
from chitieu._partition import CrossUnit as CrossUnit
from chitieu._partition import (
    _as_kind,
    _as_polars,
    _check,
    _empty_rows,
    _gather_rates,
    _indicators,
    _items,
    _plain_strings,
    _preflight,
    _rates_schema,
    _score_options,
    _shipped,
    _targets_frame,
    _with_feasibility,
    _without,
)
from chitieu.observations import observations
from chitieu.ranks import _sustained
from chitieu.score import Sets, score
from chitieu.targets import TargetSet

# ---------------------------------------------------------------------------------------
# Schemas


def score_schema() -> Any:
    """The pyarrow schema of scorecard rows in arrow (and Spark) form.

    The columns and types of ``chitieu.score(...).to_polars()``, except ``status``, which is
    a plain ``string`` instead of the polars ``Enum``; every string column is arrow
    ``string`` (not ``large_string``). For Spark:
    ``pyspark.sql.pandas.types.from_arrow_schema(score_schema())``.

    >>> from chitieu.scale import score_schema
    >>> s = score_schema()
    >>> s.names[:3], str(s.field("status").type), str(s.field("year_met").type)
    (['unit_id', 'unit_vi', 'unit_en'], 'string', 'int32')
    """
    rows = _empty_rows().with_columns(pl.col("status").cast(pl.String))
    return _plain_strings(rows.to_arrow().schema)


def score_meta() -> Any:
    """An empty pandas DataFrame with the columns and dtypes :func:`score_partition` returns
    for pandas input (``pd.ArrowDtype`` of :func:`score_schema`): Dask's ``meta``.

    >>> from chitieu.scale import score_meta
    >>> meta = score_meta()
    >>> len(meta), str(meta["status"].dtype), str(meta["score"].dtype)
    (0, 'string[pyarrow]', 'double[pyarrow]')
    """
    import pandas as pd

    return score_schema().empty_table().to_pandas(types_mapper=pd.ArrowDtype)


# ---------------------------------------------------------------------------------------
# Target sets: which targets need every unit


def cross_unit_targets(sets: Sets) -> list[str]:
    """Ids of the targets of ``sets`` that compare a unit with other units (kinds
    ``top_k`` and ``percentile_band``): they cannot be scored on a partition of units.

    >>> from chitieu.scale import cross_unit_targets
    >>> cross_unit_targets(["lai-chau-69-kl-tw-2024", "bac-giang-69-kl-tw-2024"])
    ['bac-giang-69-kl-tw-2024/top3-region']
    """
    frame = _targets_frame(sets)
    return frame.filter(pl.col("kind").is_in(CROSS_UNIT_KINDS))["target_id"].to_list()


def per_unit_sets(sets: Sets) -> list[str | TargetSet]:
    """``sets`` without their cross-unit targets (kinds ``top_k``, ``percentile_band``): sets
    that have some are rebuilt as :class:`TargetSet` without them (a set left with no
    target is dropped), the others are kept as given.

    What ``cross_unit="skip"`` scores. Dropping the targets before scoring matters on a
    large panel: a top-k row ranks the unit among every unit of its group.

    >>> from chitieu.scale import per_unit_sets
    >>> [len(s) for s in per_unit_sets("bac-giang-69-kl-tw-2024")]
    [6]
    """
    kept: list[str | TargetSet] = []
    for item in _items(sets):
        frame = item.to_polars() if isinstance(item, TargetSet) else _shipped(item)
        drop = set(frame.filter(pl.col("kind").is_in(CROSS_UNIT_KINDS))["target_id"])
        if not drop:
            kept.append(item)
        elif len(drop) < frame.height:
            kept.append(_without(item, drop))
    return kept


# ---------------------------------------------------------------------------------------
# Feasibility against the growth of every unit


def sustained_rates(batch: Any, sets: Sets, window: int) -> Any:
    """Every CAGR over ``window`` years that the units of ``batch`` sustained on the
    indicators of ``sets`` (:func:`chitieu.sustained_growth`), as ``indicator, cagr`` rows
    in the kind of object given (polars, pandas, arrow).

    Growth is per unit, so the rates of a panel are the concatenation of the rates of its
    partitions (by unit); pass them gathered to :func:`score_partition` as ``sustained=``.

    >>> import polars as pl
    >>> from chitieu.scale import sustained_rates
    >>> part = pl.DataFrame({"unit_id": "a", "indicator": "researchers_per_10k",
    ...                      "year": [2018, 2019, 2020], "value": [4.0, 5.0, 6.0]})
    >>> sustained_rates(part, "lai-chau-69-kl-tw-2024", 1)["cagr"].to_list()
    [0.25, 0.19999999999999996]
    """
    window = _years(window, "window")
    frame, kind = _as_polars(batch)
    out = pl.DataFrame(schema={"indicator": pl.String, "cagr": pl.Float64})
    if "indicator" not in frame.columns:
        observations(frame)  # raises SchemaError naming the missing columns
    if frame.height:
        # Growth of one indicator reads only its rows: validate those alone.
        found = [
            _sustained(frame.filter(pl.col("indicator") == i), i, window).select(
                pl.lit(i, pl.String).alias("indicator"), "cagr"
            )
            for i in _indicators(sets)
        ]
        out = pl.concat([out, *found])
    return _as_kind(out, kind, _rates_schema() if kind != "polars" else None)


# ---------------------------------------------------------------------------------------
# One partition


def score_partition(
    batch: Any,
    sets: Sets,
    *,
    units: Iterable[str] | None = None,
    cross_unit: CrossUnit = "raise",
    sustained: Any = None,
    **score_options: Any,
) -> Any:
    """Score the units of one partition of observations: the scorecard rows of
    ``chitieu.score(batch, sets, units=<units present in batch>, **score_options)``, in the
    kind of object given (polars in: polars out, exactly ``to_polars()``; pandas in: pandas
    with ``pd.ArrowDtype`` columns; pyarrow ``Table``/``RecordBatch`` in: the same, with
    :func:`score_schema`; ``status`` is a plain string in pandas and arrow).

    Every set is scored on every unit present (as ``units=`` does in :func:`chitieu.score`);
    ``units`` keeps only the listed ones (a listed unit with no row in the partition gets no
    rows). The partition must hold **every row of each of its units**: partition by
    ``unit_id`` (see :func:`score_dask`, :func:`score_spark`). Then the union over the
    partitions equals one single-machine run on the whole panel.

    Targets of kinds ``top_k``/``percentile_band`` raise ``ValueError`` naming them
    (``cross_unit="skip"`` leaves them out instead: :func:`per_unit_sets`).
    ``feasibility_window`` needs the growth rates of every unit: pass them as ``sustained``
    (the gathered :func:`sustained_rates` of every partition, a table or a mapping
    ``indicator -> [cagr, ...]``, computed with the same window), else ``ValueError``.
    Other options go to :func:`chitieu.score`; ``uncertainty`` is refused (it concerns top-k
    rows only).

    >>> import pandas as pd
    >>> from chitieu.scale import score_partition
    >>> part = pd.DataFrame({"unit_id": ["a", "a"], "indicator": "researchers_per_10k",
    ...                      "year": [2015, 2023], "value": [4.0, 6.0]})
    >>> rows = score_partition(part, "lai-chau-69-kl-tw-2024")
    >>> row = rows[rows["indicator"] == "researchers_per_10k"].iloc[0]
    >>> row["unit_id"], row["status"], row["target_value"], str(rows["year_met"].dtype)
    ('a', 'acceleration_needed', 10.0, 'int32[pyarrow]')
    """
    skip = _check(sets, cross_unit, score_options)
    keep = _names(units, "units", distinct=True)
    score_options = _score_options(score_options)
    window = score_options.pop("feasibility_window", None)
    if window is not None and sustained is None:
        msg = (
            "feasibility_window places each required CAGR among the growth rates of every "
            "unit, and a partition holds only some units: gather sustained_rates(part, sets, "
            "window) over every partition and pass them as sustained=..., or use "
            "score_dask/score_spark, which do so"
        )
        raise ValueError(msg)
    if skip:
        sets = per_unit_sets(sets)
    frame, kind = _as_polars(batch)
    if "unit_id" not in frame.columns:
        observations(frame)  # raises SchemaError naming the missing columns
    if keep is not None:
        frame = frame.filter(pl.col("unit_id").is_in(keep))
    # A null id is not a unit: chitieu.score reports its rows as invalid.
    present = frame["unit_id"].drop_nulls().unique(maintain_order=True).to_list()
    if present:
        rows = score(frame, sets, units=present, **score_options).to_polars()
        if window is not None:
            rows = _with_feasibility(rows, _gather_rates(sustained))
    else:
        rows = _empty_rows()
    return _as_kind(rows, kind, score_schema() if kind != "polars" else None)


# ---------------------------------------------------------------------------------------
# Dask and Spark


def score_dask(
    ddf: Any,
    sets: Sets,
    *,
    units: Iterable[str] | None = None,
    cross_unit: CrossUnit = "raise",
    npartitions: int | None = None,
    partitioned_by_unit: bool = False,
    **score_options: Any,
) -> Any:
    """Score a Dask DataFrame of observations, partitioned by unit: a lazy Dask DataFrame of
    scorecard rows (pandas partitions, dtypes of :func:`score_meta`; ``status`` a string).

    The panel is shuffled on ``unit_id`` (``ddf.shuffle("unit_id")``: every row of a unit in
    one partition), then each partition goes through :func:`score_partition`. A panel whose
    partitions already hold whole units (e.g. a parquet dataset written one file per group
    of units) skips the shuffle with ``partitioned_by_unit=True``: each partition is then
    scored as it is read, so a dataset larger than memory streams through the workers (a
    unit split across partitions would be scored twice on parts of its series: say it only
    when it is true). The rows
    equal ``chitieu.score(panel, sets, units=<every unit>, **score_options)`` (in some
    order). With ``feasibility_window`` a first pass gathers :func:`sustained_rates` of
    every partition, and the scoring tasks use them (all in the same lazy graph).
    Cross-unit kinds are refused before anything runs (see :func:`score_partition`).
    Requires ``dask[dataframe]``.
    """
    # Refused on the driver before anything runs (or dask is imported).
    if _check(sets, cross_unit, score_options):
        sets = per_unit_sets(sets)  # once, on the driver
    score_options = _score_options(score_options)
    keep = _names(units, "units", distinct=True)
    _preflight(sets, score_options)

    import dask
    import dask.dataframe as dd

    window = score_options.get("feasibility_window")
    if keep is not None and window is None:
        ddf = ddf[ddf["unit_id"].isin(keep)]
    parts = (
        ddf
        if partitioned_by_unit
        else ddf.shuffle(on="unit_id", npartitions=npartitions, ignore_index=True)
    )
    if window is None:
        return parts.map_partitions(
            score_partition,
            sets,
            units=keep,
            cross_unit=cross_unit,
            meta=score_meta(),
            **score_options,
        )
    # Two passes over the same shuffled partitions (one shuffle): the rates of every
    # partition, gathered once, then each partition scored against them. Still lazy.
    pieces = parts.to_delayed()
    rates = [dask.delayed(sustained_rates)(p, sets, window) for p in pieces]
    sustained = dask.delayed(_gather_rates)(rates)
    scored = [
        dask.delayed(score_partition)(
            p, sets, units=keep, cross_unit=cross_unit, sustained=sustained, **score_options
        )
        for p in pieces
    ]
    return dd.from_delayed(scored, meta=score_meta(), verify_meta=False)


def score_spark(
    sdf: Any,
    sets: Sets,
    *,
    units: Iterable[str] | None = None,
    cross_unit: CrossUnit = "raise",
    partitions: int | None = None,
    **score_options: Any,
) -> Any:
    """Score a Spark DataFrame of observations, partitioned by unit: a Spark DataFrame of
    scorecard rows with the schema of :func:`score_schema` (``status`` a string).

    ``sdf.repartition(partitions, "unit_id")`` puts every row of a unit in one partition;
    ``mapInArrow`` then gathers each partition's arrow batches into one table and scores it
    with :func:`score_partition`. The rows equal ``chitieu.score(panel, sets,
    units=<every unit>, **score_options)``. With ``feasibility_window`` a first Spark job
    gathers :func:`sustained_rates` of every partition on the driver (eagerly) and ships
    them to the scoring tasks. Cross-unit kinds are refused before anything runs. The
    Python workers must import chitieu (set ``PYSPARK_PYTHON`` before the session starts).
    """
    # Refused on the driver before anything runs (or pyspark is imported).
    if _check(sets, cross_unit, score_options):
        sets = per_unit_sets(sets)  # once, on the driver
    score_options = _score_options(score_options)
    keep = _names(units, "units", distinct=True)
    _preflight(sets, score_options)

    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    window = score_options.get("feasibility_window")
    parts = (
        sdf.repartition(partitions, "unit_id")
        if partitions is not None
        else sdf.repartition("unit_id")
    )
    sustained = None
    if window is not None:

        def rate_batches(batches: Iterator[Any]) -> Iterator[Any]:
            yield from _map_arrow(batches, lambda t: sustained_rates(t, sets, window))

        ddl = from_arrow_schema(_rates_schema())
        sustained = _gather_rates(parts.mapInArrow(rate_batches, ddl).toArrow())
    if keep is not None:
        parts = parts.filter(F.col("unit_id").isin(keep))
    options = {
        "units": keep,
        "cross_unit": cross_unit,
        "sustained": sustained,
        **score_options,
    }

    def score_batches(batches: Iterator[Any]) -> Iterator[Any]:
        yield from _map_arrow(batches, lambda t: score_partition(t, sets, **options))

    return parts.mapInArrow(score_batches, from_arrow_schema(score_schema()))


def _map_arrow(batches: Iterator[Any], func: Any) -> Iterator[Any]:
    """One call of ``func`` on all the arrow batches of a partition (a unit's rows may be
    split over several batches), its output table yielded as batches."""
    import pyarrow as pa

    collected = list(batches)
    if not collected:
        return
    out = func(pa.Table.from_batches(collected))
    yield from out.to_batches()
