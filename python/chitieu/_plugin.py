"""The plugin calls behind :mod:`chitieu.expr`: argument checks and `register_plugin_function`
with the compiled library's path (no Python runs per row)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Protocol, Union

import polars as pl
from polars.plugins import register_plugin_function

from chitieu._args import DIRECTIONS, _choice, _options

_LIB = Path(__file__).parent

IntoExpr = Union[str, pl.Expr]
Number = Union[int, float, str, pl.Expr, None]
Projection = Literal["cagr", "linear", "time_weighted"]
Direction = Literal["increase", "decrease"]
Ties = Literal["min", "max", "dense", "average", "ordinal"]
TIES: tuple[str, ...] = ("min", "max", "dense", "average", "ordinal")


def _col(x: IntoExpr) -> pl.Expr:
    return pl.col(x) if isinstance(x, str) else x


def _lit(x: Number, dtype: type[pl.DataType] | pl.DataType) -> pl.Expr:
    """A literal, or a column when given a column name or an expression."""
    if isinstance(x, pl.Expr):
        return x.cast(dtype)
    if isinstance(x, str):
        return pl.col(x).cast(dtype)
    return pl.lit(x, dtype=dtype)


def _direction(direction: str | pl.Expr) -> pl.Expr:
    if isinstance(direction, pl.Expr):
        return direction.cast(pl.String)
    if direction in DIRECTIONS:
        return pl.lit(direction, dtype=pl.String)
    if not isinstance(direction, str):  # a column name is text too
        _choice(direction, "direction", DIRECTIONS)
    return pl.col(direction).cast(pl.String)


def _is_column(x: Any) -> bool:
    """Whether an argument that may be a literal names a column or is an expression."""
    return isinstance(x, (str, pl.Expr))


def _progress(
    function: str,
    measure: str,
    value: IntoExpr,
    year: IntoExpr,
    target: Number,
    target_year: Number,
    direction: str | pl.Expr,
    base_year: int | None,
    zero_replacement: float,
    limit: float | None,
    limit_scaling: float | None,
    min_points: int,
    projection: Projection,
    strict: bool,
    names: dict[str, str] | None = None,
    by: IntoExpr | None = None,
) -> pl.Expr:
    """The plugin call; options are checked first (errors name the argument as ``names``
    gives it, e.g. ``horizon`` for :func:`projected`'s target year). With ``by``, the
    vectorised form: one call over the whole column, a struct ``{by, measure}`` per series."""
    literals = {
        k: v for k, v in (("target", target), ("target_year", target_year)) if not _is_column(v)
    }
    checked = _options(
        names,
        **literals,
        base_year=base_year,
        zero_replacement=zero_replacement,
        limit=limit,
        limit_scaling=limit_scaling,
        min_points=min_points,
        projection=projection,
        strict=strict,
    )
    args = [
        _col(value),
        _col(year),
        _lit(checked.get("target", target), pl.Float64),
        _lit(checked.get("target_year", target_year), pl.Int32),
        _direction(direction),
    ]
    kwargs = {"measure": measure, **{k: checked[k] for k in checked if k not in literals}}
    if by is not None:
        return register_plugin_function(
            plugin_path=_LIB,
            function_name="progress_by_group",
            args=[*args, _col(by)],
            kwargs=kwargs,
            changes_length=True,
        )
    return register_plugin_function(
        plugin_path=_LIB,
        function_name=function,
        args=args,
        kwargs=kwargs,
        returns_scalar=True,
    )


class _Measure(Protocol):
    """The signature shared by the progress measures."""

    def __call__(
        self,
        value: IntoExpr,
        year: IntoExpr,
        *,
        target: Number = None,
        target_year: Number = 2030,
        direction: str | pl.Expr = "increase",
        base_year: int | None = None,
        zero_replacement: float = 0.001,
        limit: float | None = None,
        limit_scaling: float | None = None,
        min_points: int = 2,
        projection: Projection = "cagr",
        strict: bool = False,
        by: IntoExpr | None = None,
    ) -> pl.Expr: ...


def _measure(function: str, measure: str, name: str, doc: str) -> _Measure:
    def expr(
        value: IntoExpr,
        year: IntoExpr,
        *,
        target: Number = None,
        target_year: Number = 2030,
        direction: str | pl.Expr = "increase",
        base_year: int | None = None,
        zero_replacement: float = 0.001,
        limit: float | None = None,
        limit_scaling: float | None = None,
        min_points: int = 2,
        projection: Projection = "cagr",
        strict: bool = False,
        by: IntoExpr | None = None,
    ) -> pl.Expr:
        return _progress(
            function, measure, value, year, target, target_year, direction, base_year,
            zero_replacement, limit, limit_scaling, min_points, projection, strict, by=by,
        )  # fmt: skip

    expr.__name__ = expr.__qualname__ = name
    expr.__module__ = "chitieu.expr"
    expr.__doc__ = doc
    return expr
