"""Chart 4: the decomposition of output growth into the contributions of capital, labour and
TFP (growth accounting)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import polars as pl

from chitieu._frame import _to_polars
from chitieu.charts._common import (
    BLUE,
    GREEN,
    ORANGE,
    Chart,
    _finish,
    _heading_lines,
    _langs,
    _listing,
    _require_columns,
    _title,
    _unit_name,
)
from chitieu.labels import check_lang, heading

_FACTORS = (("capital", BLUE), ("labour", ORANGE), ("tfp", GREEN))


def _accounting_long(frame: pl.DataFrame) -> tuple[pl.DataFrame, str]:
    """(unit_id, year|None, factor, pp, growth, tfp_share) rows and the format read."""
    cols = set(frame.columns)
    if {"factor", "contribution_pp"} <= cols:
        long = frame.select(
            "unit_id",
            pl.col("year").cast(pl.Int64),
            "factor",
            pl.col("contribution_pp").alias("pp"),
            pl.col("output_growth_pp").alias("growth"),
            pl.lit(None, pl.Float64).alias("tfp_share"),
        )
        return long, "annual"
    if {"capital_pp", "labour_pp", "tfp_pp"} <= cols:
        fmt = "annual" if "year" in cols else "summary"
        year = pl.col("year").cast(pl.Int64) if fmt == "annual" else pl.lit(None, pl.Int64)
        long = frame.select(
            "unit_id",
            year.alias("year"),
            (pl.col("output_growth") * 100).alias("growth"),
            "tfp_share",
            "capital_pp",
            "labour_pp",
            "tfp_pp",
        ).unpivot(
            index=["unit_id", "year", "growth", "tfp_share"],
            variable_name="factor",
            value_name="pp",
        )
        long = long.with_columns(pl.col("factor").str.strip_suffix("_pp")).select(
            "unit_id", "year", "factor", "pp", "growth", "tfp_share"
        )
        return long, fmt
    if {"first_year", "last_year", "tfp_share"} <= cols:
        msg = (
            "growth_accounting(format='windows') gives TFP shares only, not contributions:"
            " chart format='summary' (one period; period=(first, last)), 'annual' or 'long'"
        )
        raise ValueError(msg)
    msg = (
        "expected chitieu.growth_accounting output (format 'summary', 'annual' or 'long');"
        f" got the columns {frame.columns}"
    )
    raise ValueError(msg)


def tfp_decomposition(
    accounting: Any,
    *,
    units: Sequence[str] | None = None,
    lang: str = "both",
    width: int = 460,
) -> Chart:
    """Stacked bars of the contributions of capital, labour and TFP to output growth, in
    percentage points (negative contributions below zero), with output growth marked by a
    black diamond (the contributions add up to it).

    ``accounting`` is :func:`chitieu.growth_accounting`'s output: ``format="summary"``
    gives one bar per unit (mean annual contributions over the period, largest growth
    first); ``format="annual"`` or ``"long"`` one bar per year, one panel per unit.
    ``units`` keeps only those units (``ValueError`` names any that is absent).
    ``format="windows"`` has TFP shares only and raises ``ValueError``.

    >>> import polars as pl, chitieu
    >>> df = pl.DataFrame({"unit_id": "p", "year": [2010, 2011, 2012, 2013],
    ...     "Y": [100.0, 110, 118, 129], "K": [200.0, 216, 235, 251], "L": [50.0, 51, 52.5, 53]}
    ...     ).unpivot(index=["unit_id", "year"], variable_name="component")
    >>> out = chitieu.growth_accounting(df, output="Y", capital="K", labour="L",
    ...                                 capital_share=0.4, format="summary")
    >>> [layer["mark"]["type"] for layer in tfp_decomposition(out).to_dict()["layer"]]
    ['bar', 'point']
    """
    lang = check_lang(lang)
    frame = _to_polars(accounting)
    _require_columns(frame, ["unit_id"], "accounting")
    long, fmt = _accounting_long(frame)
    if units is not None:
        known = long["unit_id"].unique().sort().to_list()
        absent = [u for u in units if u not in known]
        if absent:
            msg = f"units {absent} are not in the growth accounting (its units: {_listing(known)})"
            raise ValueError(msg)
        long = long.filter(pl.col("unit_id").is_in(list(units)))
    if long.height == 0:
        msg = "the growth accounting has no rows: nothing to chart"
        raise ValueError(msg)
    factor_labels = [heading(k, lang) for k, _ in _FACTORS]
    order = {k: i for i, (k, _) in enumerate(_FACTORS)}
    growth_label = heading("output_growth", lang)
    long = long.with_columns(
        pl.col("unit_id").map_elements(lambda u: _unit_name(u, lang), pl.String).alias("name"),
        pl.col("factor").replace_strict(dict(zip(order, factor_labels))).alias("factor_label"),
        pl.col("factor").replace_strict(order, return_dtype=pl.Int64).alias("factor_order"),
        pl.lit("factor").alias("row"),
    )
    totals = long.unique(["unit_id", "year"], keep="first", maintain_order=True).with_columns(
        pl.lit("total").alias("row"), pl.lit(growth_label).alias("factor_label")
    )
    # One table for both layers (a faceted chart needs one data source).
    data = pl.concat([long, totals])

    colour = alt.Color(
        "factor_label:N",
        title=None,
        scale=alt.Scale(domain=factor_labels, range=[c for _, c in _FACTORS]),
        legend=alt.Legend(orient="bottom"),
    )
    shape = alt.Shape(
        "factor_label:N",
        title=None,
        scale=alt.Scale(domain=[growth_label], range=["diamond"]),
        legend=alt.Legend(orient="bottom"),
    )
    unit = alt.Tooltip("name:N", title=heading("unit", lang))
    bar_tooltip = [
        unit,
        alt.Tooltip("factor_label:N", title=heading("factor", lang)),
        alt.Tooltip("pp:Q", title=heading("contribution", lang), format=".2f"),
    ]
    total_tooltip = [
        unit,
        alt.Tooltip("growth:Q", title=growth_label, format=".2f"),
        alt.Tooltip("tfp_share:Q", title=heading("tfp_share", lang), format=".1f"),
    ]
    axis_title = _heading_lines("contribution", lang)
    if fmt == "summary":
        by_growth = totals.sort(["growth", "unit_id"], descending=[True, False])
        units_axis = alt.Y("name:N", title=None, sort=by_growth["name"].to_list())
        bar_enc: dict[str, Any] = {"y": units_axis, "x": alt.X("pp:Q", title=axis_title)}
        total_enc: dict[str, Any] = {"y": units_axis, "x": alt.X("growth:Q", title=axis_title)}
        size: dict[str, Any] = {"width": width, "height": alt.Step(18)}
    else:
        years_axis = alt.X("year:O", title=heading("year", lang), axis=alt.Axis(labelAngle=0))
        bar_enc = {"x": years_axis, "y": alt.Y("pp:Q", title=axis_title)}
        total_enc = {"x": years_axis, "y": alt.Y("growth:Q", title=axis_title)}
        size = {"width": alt.Step(28), "height": 220}
    bars = (
        alt.Chart()
        .transform_filter(alt.datum.row == "factor")
        .mark_bar()
        .encode(**bar_enc, color=colour, order=alt.Order("factor_order:Q"), tooltip=bar_tooltip)
    )
    marks = (
        alt.Chart()
        .transform_filter(alt.datum.row == "total")
        .mark_point(filled=True, size=70, color="black", opacity=1)
        .encode(**total_enc, shape=shape, tooltip=total_tooltip)
    )
    subtitle: list[str] = []
    if fmt == "summary" and {"first_year", "last_year"} <= set(frame.columns):
        spans = frame.select("first_year", "last_year").unique()
        if spans.height == 1:
            first, last = spans.row(0)
            subtitle = [f"{heading('period', one)}: {first}–{last}" for one in _langs(lang)]
    title_lines = _heading_lines("tfp_decomposition", lang)
    title = _title(title_lines, subtitle)
    layered = alt.layer(bars, marks, data=data)
    if fmt == "annual" and long["unit_id"].n_unique() > 1:
        names = long.sort("unit_id")["name"].unique(maintain_order=True).to_list()
        header = alt.Header(labelFontWeight="bold", labelFontSize=12)
        chart = (
            layered.properties(**size)
            .facet(facet=alt.Facet("name:N", title=None, sort=names, header=header), columns=3)
            .properties(title=title)
        )
    else:
        if fmt == "annual":
            unit_id = long["unit_id"][0]
            title = _title(title_lines, [_unit_name(unit_id, lang)])
        chart = layered.properties(**size, title=title)
    return _finish(chart, lang)
