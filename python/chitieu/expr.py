"""chitieu's measures as polars expressions (a compiled plugin: no Python runs per row).

Use them in your own queries, eagerly or lazily, in ``select``, ``with_columns``,
``group_by().agg()`` and ``over()``::

    import polars as pl
    import chitieu.expr as cx

    (pl.scan_parquet("observations.parquet")
       .group_by("unit_id", "indicator")
       .agg(cx.cagr("value", "year"),
            cx.progress_status("value", "year", target=2.0, target_year=2030))
       .collect())

The same functions are available as ``pl.col("value").chitieu.cagr("year")``. The progress
functions aggregate one series per group (first and last non-null points, or a given base
year), exactly as :func:`chitieu.progress` does; ``target``, ``target_year`` and
``direction`` may be literals or columns constant within each group (join targets onto the
observations, then one ``group_by``). A group with fewer than two points gives null, and
its status is ``unable_to_assess``.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from polars.plugins import register_plugin_function

from chitieu._args import DIRECTIONS, _choice, _number
from chitieu._chitieu import InvalidValueError
from chitieu._plugin import (
    _LIB,
    TIES,
    Direction,
    IntoExpr,
    Number,
    Projection,
    Ties,
    _col,
    _measure,
    _progress,
)

__all__ = [
    "annual_change_required",
    "cagr",
    "gap_closed",
    "minmax",
    "progress_ratio",
    "progress_score",
    "progress_status",
    "projected",
    "rank_in_group",
    "year_met",
    "years_to_target",
]


# Examples: 1.2 (2015) -> 1.6 (2023), target 2.0 by 2030, the numbers `chitieu.progress` gives.
progress_ratio = _measure(
    "progress_measure",
    "ratio",
    "progress_ratio",
    """Ratio R = d·CAGR_obs/|CAGR_req| of one series per group (Open SDG).

    >>> import polars as pl, chitieu.expr as cx
    >>> df = pl.DataFrame({"year": [2015, 2023], "value": [1.2, 1.6]})
    >>> round(df.select(cx.progress_ratio("value", "year", target=2.0)).item(), 6)
    1.056957
    """,
)
progress_score = _measure(
    "progress_measure",
    "score",
    "progress_score",
    """Progress score −5..5 of one series per group.

    >>> import polars as pl, chitieu.expr as cx
    >>> df = pl.DataFrame({"year": [2015, 2023], "value": [1.2, 1.6]})
    >>> round(df.select(cx.progress_score("value", "year", target=2.0)).item(), 6)
    3.263982
    """,
)
gap_closed = _measure(
    "progress_measure",
    "gap_closed",
    "gap_closed",
    """Share of the base-to-target gap closed, (yi − y0)/(yT − y0).

    >>> import polars as pl, chitieu.expr as cx
    >>> df = pl.DataFrame({"year": [2015, 2023], "value": [1.2, 1.6]})
    >>> round(df.select(cx.gap_closed("value", "year", target=2.0)).item(), 6)
    0.5
    """,
)
annual_change_required = _measure(
    "progress_measure",
    "annual_change_required",
    "annual_change_required",
    """Change a year still needed from the latest year.

    >>> import polars as pl, chitieu.expr as cx
    >>> df = pl.DataFrame({"year": [2015, 2023], "value": [1.2, 1.6]})
    >>> round(df.select(cx.annual_change_required("value", "year", target=2.0)).item(), 6)
    0.057143
    """,
)
progress_status = _measure(
    "progress_status",
    "status",
    "progress_status",
    """Status class (Enum: target_achieved ... not_measurable).

    >>> import polars as pl, chitieu.expr as cx
    >>> df = pl.DataFrame({"year": [2015, 2023], "value": [1.2, 1.6]})
    >>> df.select(cx.progress_status("value", "year", target=2.0)).item()
    'on_track'
    """,
)
year_met = _measure(
    "progress_year",
    "year_met",
    "year_met",
    """First year the projection meets the target (Int32; null if never).

    >>> import polars as pl, chitieu.expr as cx
    >>> df = pl.DataFrame({"year": [2015, 2023], "value": [1.2, 1.6]})
    >>> df.select(cx.year_met("value", "year", target=2.0)).item()
    2030
    """,
)
years_to_target = _measure(
    "progress_year",
    "years_to_target",
    "years_to_target",
    """Years from the latest observation until the target is met.

    >>> import polars as pl, chitieu.expr as cx
    >>> df = pl.DataFrame({"year": [2015, 2023], "value": [1.2, 1.6]})
    >>> df.select(cx.years_to_target("value", "year", target=2.0)).item()
    7
    """,
)


def cagr(
    value: IntoExpr,
    year: IntoExpr,
    *,
    base_year: int | None = None,
    by: IntoExpr | None = None,
) -> pl.Expr:
    """Observed compound annual growth rate per group, from the first (or ``base_year``)
    to the last non-null point.

    Inside ``group_by().agg()`` polars calls the plugin once per group. With ``by`` (the
    column that tells series apart) it is called once over the whole column and gives one
    struct ``{by, cagr_observed}`` per series, in order of first appearance: the fast form
    for many series (see benches/expr_bench.py). Every progress measure takes ``by``.

    >>> import polars as pl, chitieu.expr as cx
    >>> df = pl.DataFrame({"u": ["a", "a"], "year": [2015, 2023], "value": [1.2, 1.6]})
    >>> round(df.group_by("u").agg(cx.cagr("value", "year"))["value"].item(), 6)
    0.036615
    >>> out = df.select(cx.cagr("value", "year", by="u")).unnest("value")
    >>> out["u"].item(), round(out["cagr_observed"].item(), 6)
    ('a', 0.036615)
    """
    return _progress(
        "progress_measure", "cagr_observed", value, year, None, 2030, "increase", base_year,
        0.001, None, None, 2, "cagr", False, by=by,
    )  # fmt: skip


def projected(
    value: IntoExpr,
    year: IntoExpr,
    horizon: int,
    method: Projection = "cagr",
    *,
    target: Number = None,
    base_year: int | None = None,
) -> pl.Expr:
    """Value projected to ``horizon`` by CAGR extrapolation, an OLS line or a time-weighted
    line, fitted from the base year (first point, or ``base_year``) to the latest point.

    >>> import polars as pl, chitieu.expr as cx
    >>> df = pl.DataFrame({"year": [2015, 2023], "value": [1.2, 1.6]})
    >>> round(df.select(cx.projected("value", "year", 2030)).item(), 6)
    2.057981
    """
    return _progress(
        "progress_measure", "projected", value, year, target, horizon, "increase", base_year,
        0.001, None, None, 2, method, False, {"target_year": "horizon", "projection": "method"},
    )  # fmt: skip


def minmax(
    value: IntoExpr,
    lo: float | None = None,
    hi: float | None = None,
    direction: Direction = "increase",
) -> pl.Expr:
    """Min-max normalisation to 0–100 honouring direction (bounds default to the data's).

    >>> import polars as pl, chitieu.expr as cx
    >>> pl.DataFrame({"v": [1.0, 2.0, 5.0]}).select(cx.minmax("v"))["v"].to_list()
    [0.0, 25.0, 100.0]
    """
    lo = None if lo is None else _number(lo, "lo")
    hi = None if hi is None else _number(hi, "hi")
    if lo is not None and hi is not None and not lo < hi:
        msg = f"minmax: lo={lo!r} must be below hi={hi!r}"
        raise InvalidValueError(msg)
    return register_plugin_function(
        plugin_path=_LIB,
        function_name="minmax_expr",
        args=[_col(value)],
        kwargs={"lo": lo, "hi": hi, "direction": _choice(direction, "direction", DIRECTIONS)},
        is_elementwise=False,
    )


def rank_in_group(
    value: IntoExpr,
    direction: Direction = "increase",
    ties: Ties = "min",
) -> pl.Expr:
    """Rank, 1 = best in ``direction``; use ``.over(group)`` to rank within groups.

    >>> import polars as pl, chitieu.expr as cx
    >>> df = pl.DataFrame({"v": [3.0, 1.0, 3.0]})
    >>> df.select(cx.rank_in_group("v"))["v"].to_list()
    [1.0, 3.0, 1.0]
    """
    return register_plugin_function(
        plugin_path=_LIB,
        function_name="rank_expr",
        args=[_col(value)],
        kwargs={
            "direction": _choice(direction, "direction", DIRECTIONS),
            "ties": _choice(ties, "ties", TIES),
        },
        is_elementwise=False,
    )


@pl.api.register_expr_namespace("chitieu")
class ChitieuNamespace:
    """``pl.col("value").chitieu.<measure>(...)``: the functions of :mod:`chitieu.expr`, the
    expression the namespace is called on as ``value``; keyword options as there.

    >>> import polars as pl, chitieu.expr
    >>> df = pl.DataFrame({"year": [2015, 2023], "value": [1.2, 1.6]})
    >>> df.select(pl.col("value").chitieu.progress_status("year", target=2.0)).item()
    'on_track'
    """

    def __init__(self, expr: pl.Expr) -> None:
        self._expr = expr

    def cagr(
        self, year: IntoExpr, *, base_year: int | None = None, by: IntoExpr | None = None
    ) -> pl.Expr:
        """:func:`chitieu.expr.cagr` of this expression.

        >>> import polars as pl, chitieu.expr
        >>> df = pl.DataFrame({"year": [2015, 2023], "value": [1.2, 1.6]})
        >>> round(df.select(pl.col("value").chitieu.cagr("year")).item(), 6)
        0.036615
        """
        return cagr(self._expr, year, base_year=base_year, by=by)

    def progress_ratio(self, year: IntoExpr, **kwargs: Any) -> pl.Expr:
        """:func:`chitieu.expr.progress_ratio` of this expression.

        >>> import polars as pl, chitieu.expr
        >>> df = pl.DataFrame({"year": [2015, 2023], "value": [1.2, 1.6]})
        >>> round(df.select(pl.col("value").chitieu.progress_ratio("year", target=2.0)).item(), 6)
        1.056957
        """
        return progress_ratio(self._expr, year, **kwargs)

    def progress_score(self, year: IntoExpr, **kwargs: Any) -> pl.Expr:
        """:func:`chitieu.expr.progress_score` of this expression.

        >>> import polars as pl, chitieu.expr
        >>> df = pl.DataFrame({"year": [2015, 2023], "value": [1.2, 1.6]})
        >>> round(df.select(pl.col("value").chitieu.progress_score("year", target=2.0)).item(), 6)
        3.263982
        """
        return progress_score(self._expr, year, **kwargs)

    def progress_status(self, year: IntoExpr, **kwargs: Any) -> pl.Expr:
        """:func:`chitieu.expr.progress_status` of this expression.

        >>> import polars as pl, chitieu.expr
        >>> df = pl.DataFrame({"year": [2015, 2023], "value": [1.2, 1.6]})
        >>> df.select(pl.col("value").chitieu.progress_status("year", target=2.0)).item()
        'on_track'
        """
        return progress_status(self._expr, year, **kwargs)

    def gap_closed(self, year: IntoExpr, **kwargs: Any) -> pl.Expr:
        """:func:`chitieu.expr.gap_closed` of this expression.

        >>> import polars as pl, chitieu.expr
        >>> df = pl.DataFrame({"year": [2015, 2023], "value": [1.2, 1.6]})
        >>> round(df.select(pl.col("value").chitieu.gap_closed("year", target=2.0)).item(), 6)
        0.5
        """
        return gap_closed(self._expr, year, **kwargs)

    def annual_change_required(self, year: IntoExpr, **kwargs: Any) -> pl.Expr:
        """:func:`chitieu.expr.annual_change_required` of this expression.

        >>> import polars as pl, chitieu.expr
        >>> df = pl.DataFrame({"year": [2015, 2023], "value": [1.2, 1.6]})
        >>> e = pl.col("value").chitieu.annual_change_required("year", target=2.0)
        >>> round(df.select(e).item(), 6)
        0.057143
        """
        return annual_change_required(self._expr, year, **kwargs)

    def year_met(self, year: IntoExpr, **kwargs: Any) -> pl.Expr:
        """:func:`chitieu.expr.year_met` of this expression.

        >>> import polars as pl, chitieu.expr
        >>> df = pl.DataFrame({"year": [2015, 2023], "value": [1.2, 1.6]})
        >>> df.select(pl.col("value").chitieu.year_met("year", target=2.0)).item()
        2030
        """
        return year_met(self._expr, year, **kwargs)

    def years_to_target(self, year: IntoExpr, **kwargs: Any) -> pl.Expr:
        """:func:`chitieu.expr.years_to_target` of this expression.

        >>> import polars as pl, chitieu.expr
        >>> df = pl.DataFrame({"year": [2015, 2023], "value": [1.2, 1.6]})
        >>> df.select(pl.col("value").chitieu.years_to_target("year", target=2.0)).item()
        7
        """
        return years_to_target(self._expr, year, **kwargs)

    def projected(self, year: IntoExpr, horizon: int, method: Projection = "cagr") -> pl.Expr:
        """:func:`chitieu.expr.projected` of this expression.

        >>> import polars as pl, chitieu.expr
        >>> df = pl.DataFrame({"year": [2015, 2023], "value": [1.2, 1.6]})
        >>> round(df.select(pl.col("value").chitieu.projected("year", 2030)).item(), 6)
        2.057981
        """
        return projected(self._expr, year, horizon, method)

    def minmax(
        self, lo: float | None = None, hi: float | None = None, direction: Direction = "increase"
    ) -> pl.Expr:
        """:func:`chitieu.expr.minmax` of this expression.

        >>> import polars as pl, chitieu.expr
        >>> df = pl.DataFrame({"v": [1.0, 2.0, 5.0]})
        >>> df.select(pl.col("v").chitieu.minmax(0, 10))["v"].to_list()
        [10.0, 20.0, 50.0]
        """
        return minmax(self._expr, lo, hi, direction)

    def rank_in_group(self, direction: Direction = "increase", ties: Ties = "min") -> pl.Expr:
        """:func:`chitieu.expr.rank_in_group` of this expression.

        >>> import polars as pl, chitieu.expr
        >>> df = pl.DataFrame({"g": ["a", "a", "b"], "v": [1.0, 2.0, 5.0]})
        >>> df.select(pl.col("v").chitieu.rank_in_group().over("g"))["v"].to_list()
        [2.0, 1.0, 1.0]
        """
        return rank_in_group(self._expr, direction, ties)
