"""Provinces before and after the 2025 reform: registry, crosswalk, ranking."""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from chitieu import _chitieu
from chitieu.observations import _to_polars


def units(date: str | None = None) -> pl.DataFrame:
    """The unit registry: the 63 provinces before 1 July 2025 and the 34 units after.

    With ``date`` (ISO ``YYYY-MM-DD``) only the units that existed that day, e.g.
    ``units("2024-12-31")`` (63 rows) or ``units("2025-07-01")`` (34 rows, each with its
    ``predecessors``). Columns: ``id, name_vi, name_en, gso_code, kind, region, valid_from,
    valid_to, predecessors``.

    >>> import chitieu
    >>> chitieu.units("2025-07-01").height, chitieu.units("2025-06-30").height
    (34, 63)
    """
    if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        msg = f"date must be ISO YYYY-MM-DD, got {date!r}"
        raise _chitieu.InvalidValueError(msg)
    return _chitieu.units_frame(date)


def to_post_reform(df: Any) -> pl.DataFrame:
    """Re-aggregate a long table from the 63 pre-reform provinces to the 34 new units.

    Raw statistics (``component`` column) are summed over the merged provinces when they
    are additive; run :func:`chitieu.derive` on the result to recompute ratios from the
    summed components (never averaged). Non-additive values (capital shares, ranks) of
    merged units, and sums missing a member, become null with a ``flag`` saying why.
    Observations (``indicator`` column) are handled the same way by indicator aggregation
    class. Unknown unit ids raise :class:`UnknownIdError` with near matches.
    """
    frame = _to_polars(df)
    key = "component" if "component" in frame.columns else "indicator"
    return _chitieu.to_post_reform(frame, key)


def rank(df: Any, indicator: str, year: int, *, within: str = "country") -> pl.DataFrame:
    """Rank units on ``indicator`` in ``year``: ``within="country"``, ``"regions"`` (each
    region separately) or a region id. Direction comes from the catalog; ties share the best
    rank of their block (1, 2, 2, 4); units without a value are listed unranked. Region
    membership follows the geography of the ids (pre-reform ids: the 6 regions before
    1 July 2025). Columns: ``unit_id, group, value, rank, n, percentile, tie_rule``.
    """
    return _chitieu.rank(_to_polars(df), indicator, year, within)
