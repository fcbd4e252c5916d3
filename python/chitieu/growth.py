"""TFP growth accounting for many units (provinces) at once."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Literal

import polars as pl

from chitieu import _chitieu
from chitieu._args import _number, _numbers, _year, _years
from chitieu._frame import _to_polars

Method = Literal["log_difference", "rate"]
LabourInput = Literal["employment", "employment_hours_human_capital"]


def _wide_to_long(frame: pl.DataFrame, named: list[Any]) -> pl.DataFrame:
    """A wide table (``unit_id, year`` and one column per series named in the
    specification) as the long table the core reads; a long table unchanged."""
    if {"component", "indicator", "value"} & set(frame.columns):
        return frame
    series = [s for s in named if isinstance(s, str) and s in frame.columns]
    if not series or not {"unit_id", "year"} <= set(frame.columns):
        return frame  # the core names what is missing
    return frame.unpivot(
        index=["unit_id", "year"], on=series, variable_name="component", value_name="value"
    )


def _spec(
    df: Any,
    output: str,
    labour: str,
    capital: str | None,
    investment: str | None,
    capital_share: float | str | None,
    labour_share: str | None,
    method: Method,
    labour_input: LabourInput,
    depreciation: float,
    initial_growth_years: int,
    initial_stock: float | None,
    index_base_year: int | None,
) -> tuple[pl.DataFrame, str, str]:
    frame = _wide_to_long(
        _to_polars(df),
        [output, labour, capital, investment, capital_share, labour_share],
    )
    key = "component" if "component" in frame.columns else "indicator"
    spec = {
        "output": output,
        "labour": labour,
        "capital": capital,
        "investment": investment,
        # A share's range is checked per unit by the core (a series share varies by year).
        "capital_share": (
            capital_share
            if capital_share is None or isinstance(capital_share, str)
            else _number(capital_share, "capital_share", what="a series id or a finite number")
        ),
        "labour_share": labour_share,
        "method": method,
        "labour_input": labour_input,
        "depreciation": _number(depreciation, "depreciation", lo=0.0, hi=1.0, hi_open=True),
        "initial_growth_years": _years(initial_growth_years, "initial_growth_years"),
        "initial_stock": (
            None
            if initial_stock is None
            else _number(initial_stock, "initial_stock", lo=0.0, lo_open=True)
        ),
        "index_base_year": (
            None if index_base_year is None else _year(index_base_year, "index_base_year")
        ),
    }
    return frame, key, json.dumps(spec)


def _period(period: Any) -> tuple[int, int] | None:
    """``(first, last)`` years, or an error naming ``period``.

    >>> _period(2015)
    Traceback (most recent call last):
    ...
    TypeError: period=2015: expected a pair of years (first, last), e.g. period=(2016, 2020)
    """
    if period is None:
        return None
    if isinstance(period, (str, bytes)) or not isinstance(period, Sequence) or len(period) != 2:
        msg = f"period={period!r}: expected a pair of years (first, last), e.g. period=(2016, 2020)"
        raise TypeError(msg)
    return _year(period[0], "period[0]"), _year(period[1], "period[1]")


def growth_accounting(
    df: Any,
    *,
    output: str,
    labour: str,
    capital: str | None = None,
    investment: str | None = None,
    capital_share: float | str | None = None,
    labour_share: str | None = None,
    method: Method = "log_difference",
    labour_input: LabourInput = "employment",
    depreciation: float = 0.05,
    initial_growth_years: int = 5,
    initial_stock: float | None = None,
    index_base_year: int | None = None,
    format: Literal["annual", "long", "summary", "windows"] = "annual",
    period: tuple[int, int] | None = None,
    window: int = 5,
) -> pl.DataFrame:
    """TFP growth accounting (Cobb–Douglas, GSO / Penn World Table method) for every unit.

    ``df`` is a long table (``unit_id, component|indicator, year, value``); ``output``,
    ``labour`` and ``capital`` (a capital stock) or ``investment`` (capital by perpetual
    inventory: ``K_t = (1 − δ) K_{t−1} + I_t`` from ``I0 / (g + δ)``, ``g`` the investment
    growth over ``initial_growth_years``, or from ``initial_stock``) name its series.
    Shares: ``capital_share`` as one number (fixed) or a series id, or ``labour_share`` a
    series id; series shares use the Törnqvist average of adjacent years. Growth is measured
    as log differences (PWT) or rates (GSO tables).

    ``format="annual"``: one row per unit and year with growth rates, shares, contributions
    in percentage points (they add up to output growth), TFP share of output growth (%), the
    TFP index and the method in ``conventions`` (English) and ``conventions_vi``
    (Vietnamese). ``"long"``: ``unit_id, year, factor, contribution_pp`` for stacked bars.
    ``"summary"``: one row per unit over ``period`` (default: the whole span) with the
    headline share of summed growth and the mean of annual shares. ``"windows"``: one row
    per unit and every ``window`` consecutive growth years, with the share of summed growth
    (the distribution of what was sustained).

    A unit whose series have gaps, non-positive values or shares outside [0, 1] raises
    :class:`InvalidValueError` naming the unit, the series and the year. ``df`` may be a
    polars, pandas or Arrow table, long as above or wide (``unit_id, year`` and one column
    per named series: ``unit_id, year, Y, K, L``).

    >>> import polars as pl, chitieu
    >>> df = pl.DataFrame({"unit_id": "p", "year": [2010, 2011, 2012, 2013],
    ...     "Y": [100.0, 110, 118, 129], "K": [200.0, 216, 235, 251], "L": [50.0, 51, 52.5, 53]}
    ...     ).unpivot(index=["unit_id", "year"], variable_name="component")
    >>> out = chitieu.growth_accounting(df, output="Y", capital="K", labour="L",
    ...                                 capital_share=0.4, format="summary")
    >>> round(out["tfp_share"].item(), 4)
    50.5912
    """
    frame, key, spec = _spec(
        df, output, labour, capital, investment, capital_share, labour_share, method,
        labour_input, depreciation, initial_growth_years, initial_stock, index_base_year,
    )  # fmt: skip
    return _chitieu.tfp_table(frame, key, spec, format, _period(period), _years(window, "window"))


def tfp_sensitivity(
    df: Any,
    *,
    output: str,
    labour: str,
    capital: str | None = None,
    investment: str | None = None,
    capital_shares: Sequence[float] = (0.30, 0.35, 0.40, 0.45, 0.50),
    depreciations: Sequence[float] = (0.04, 0.05, 0.06, 0.07),
    method: Method = "log_difference",
    initial_growth_years: int = 5,
    initial_stock: float | None = None,
) -> pl.DataFrame:
    """How the headline TFP share depends on the capital share (and depreciation rate).

    One row per unit × capital share (× depreciation rate when capital comes from
    ``investment``): ``unit_id, capital_share, depreciation, tfp_share, tfp_growth``, the
    share being the TFP share of summed output growth over each unit's whole span, with
    fixed shares. ``df`` may be a polars or pandas DataFrame.

    >>> import polars as pl, chitieu
    >>> df = pl.DataFrame({"unit_id": "p", "year": [2010, 2011, 2012, 2013],
    ...     "Y": [100.0, 110, 118, 129], "K": [200.0, 216, 235, 251], "L": [50.0, 51, 52.5, 53]}
    ...     ).unpivot(index=["unit_id", "year"], variable_name="component")
    >>> out = chitieu.tfp_sensitivity(df, output="Y", capital="K", labour="L",
    ...                               capital_shares=[0.3, 0.5])
    >>> [round(s, 2) for s in out["tfp_share"]]
    [57.22, 43.96]
    """
    frame, key, spec = _spec(
        df, output, labour, capital, investment, 0.0, None, method, "employment",
        0.05, initial_growth_years, initial_stock, None,
    )  # fmt: skip
    return _chitieu.tfp_sensitivity(
        frame,
        key,
        spec,
        _numbers(capital_shares, "capital_shares", "a capital share"),
        _numbers(depreciations, "depreciations", "a depreciation rate"),
    )
