"""Chart 3: the ranking of units on one indicator within a region, each region or the
country."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import altair as alt
import polars as pl

from chitieu import _chitieu
from chitieu._frame import _to_polars
from chitieu.catalog import indicator as catalog_indicator
from chitieu.charts._common import (
    BLUE,
    VERMILLION,
    Chart,
    Highlight,
    _finish,
    _highlights,
    _langs,
    _listing,
    _names,
    _require_columns,
    _title,
    _unit_name,
    _wrap,
)
from chitieu.labels import check_lang, heading, pick
from chitieu.units import rank as rank_units
from chitieu.units import regions


@lru_cache(maxsize=1)
def _regions() -> dict[str, tuple[str, str]]:
    """Region id → (Vietnamese, English) name, north to south, from the core's registry."""
    return {r: (vi, en) for r, vi, en in regions().iter_rows()}


def _region_name(region: str, lang: str) -> str:
    vi, en = _regions().get(region, (region, region))
    return pick(vi, en, lang)


def regional_ranking(
    values: Any,
    *,
    indicator: str,
    year: int,
    group: str | None = None,
    highlight: Highlight = None,
    lang: str = "both",
    width: int = 420,
) -> Chart:
    """Bars of ``indicator``'s values in ``year`` across units, best first (in the
    indicator's direction), each labelled with its rank (``"2. Bắc Giang"``; ties share the
    best rank) and its value. ``group=None`` ranks within each region, one panel per region;
    ``group`` a region id or its Vietnamese or English name ranks within that region;
    ``group="country"`` ranks all units together. ``highlight``: a unit id (or a list) drawn
    in a distinct colour. Units without a value that year are left out. ``values``: a long
    observations table (polars or pandas), e.g. :func:`chitieu.derive`'s output.

    Raises ``ValueError`` naming the indicator, year, region or unit when it is absent.

    >>> import polars as pl
    >>> obs = pl.DataFrame({"unit_id": ["lai-chau", "son-la", "ha-noi"],
    ...     "indicator": "researchers_per_10k", "year": 2024, "value": [2.0, 3.0, 30.0]})
    >>> chart = regional_ranking(obs, indicator="researchers_per_10k", year=2024,
    ...                          group="Trung du và miền núi phía Bắc", highlight="lai-chau")
    >>> [layer["mark"]["type"] for layer in chart.to_dict()["layer"]]
    ['bar', 'text']
    """
    lang = check_lang(lang)
    frame = _to_polars(values)
    _require_columns(frame, ["unit_id", "indicator", "year", "value"], "values")
    indicators = frame["indicator"].unique().sort().to_list()
    if indicator not in indicators:
        msg = f"no values of indicator {indicator!r} (indicators: {_listing(indicators)})"
        raise ValueError(msg)
    mine = frame.filter(pl.col("indicator") == indicator, pl.col("value").is_not_null())
    if mine.filter(pl.col("year") == year).height == 0:
        years = mine["year"].unique().sort().to_list()
        msg = f"no values of indicator {indicator!r} in {year} (years with values: {years})"
        raise ValueError(msg)
    if group is None:
        within, region = "regions", None
    elif group == "country":
        within, region = "country", None
    else:
        region = _chitieu.region_id(group)
        if region is None:
            msg = (
                f"unknown region {group!r}: give a region id ({', '.join(_regions())}), its"
                " Vietnamese or English name, or 'country'"
            )
            raise ValueError(msg)
        within = region
    ranked = rank_units(mine, indicator, year, within=within).filter(pl.col("rank").is_not_null())
    if ranked.height == 0:
        msg = f"no unit of {group!r} has a value of {indicator!r} in {year}"
        raise ValueError(msg)
    marked = _highlights(highlight)
    for unit in marked:
        if unit not in ranked["unit_id"]:
            where = f" in {region}" if region else ""
            msg = f"unit {unit!r} to highlight has no value of {indicator!r} in {year}{where}"
            raise ValueError(msg)
    data = ranked.select(
        "unit_id",
        "group",
        pl.col("rank").cast(pl.Int64),
        pl.col("n").cast(pl.Int64),
        "value",
    ).with_columns(
        pl.struct("rank", "unit_id")
        .map_elements(lambda r: f"{r['rank']}. {_unit_name(r['unit_id'], lang)}", pl.String)
        .alias("label"),
        pl.col("unit_id").map_elements(lambda u: _unit_name(u, lang), pl.String).alias("name"),
        pl.col("group").map_elements(lambda g: _region_name(g, lang), pl.String).alias("panel"),
        pl.col("unit_id").is_in(marked).alias("highlighted"),
    )
    data = data.with_columns(
        pl.when("highlighted").then(pl.lit(VERMILLION)).otherwise(pl.lit(BLUE)).alias("colour")
    ).sort("group", "rank", "unit_id")

    try:
        meta = catalog_indicator(indicator)
        ind_vi, ind_en, direction = meta.name_vi, meta.name_en, meta.direction
    except _chitieu.UnknownIdError:  # pragma: no cover - rank() needs a catalog indicator
        ind_vi, ind_en, direction = indicator, indicator, "increase"
    tooltip = [
        alt.Tooltip("name:N", title=heading("unit", lang)),
        alt.Tooltip("value:Q", title=heading("value", lang), format=",.4~g"),
        alt.Tooltip("rank:Q", title=heading("rank", lang)),
        alt.Tooltip("n:Q", title=heading("members", lang)),
    ]
    largest = max(abs(v) for v in data["value"].to_list())
    value_format = ",.0f" if largest >= 1000 else ",.2f" if largest >= 1 else ",.3f"
    y = alt.Y("label:N", title=None, sort=alt.EncodingSortField("rank", order="ascending"))
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("value:Q", title=_wrap(_names(ind_vi, ind_en, lang), 60)),
            color=alt.Color("colour:N", scale=None, legend=None),
            tooltip=tooltip,
        )
    )
    text = (
        alt.Chart()
        .mark_text(align="left", dx=3, fontSize=10)
        .encode(y=y, x="value:Q", text=alt.Text("value:Q", format=value_format), tooltip=tooltip)
    )
    which = "higher_better" if direction == "increase" else "lower_better"
    subtitle = []
    for one in _langs(lang):
        scope = (
            _region_name(region, one)
            if region
            else heading("ranking_country" if within == "country" else "ranking_regions", one)
        )
        parts = [scope, heading(which, one)]
        if marked:
            names = ", ".join(_unit_name(u, one) for u in marked)
            parts.append(f"{heading('highlighted', one)}: {names}")
        subtitle.append(" · ".join(parts))
    title_lines = _wrap([f"{pick(ind_vi, ind_en, one)} ({year})" for one in _langs(lang)])
    layered = alt.layer(bars, text, data=data)
    if within == "regions":
        order = [_region_name(r, lang) for r in _regions()]
        chart = (
            layered.properties(width=width, height=alt.Step(16))
            .facet(
                row=alt.Row(
                    "panel:N",
                    sort=order,
                    title=None,
                    header=alt.Header(
                        labelAngle=0,
                        labelAlign="left",
                        labelAnchor="start",
                        labelOrient="top",
                        labelFontWeight="bold",
                        labelFontSize=12,
                    ),
                )
            )
            .resolve_scale(y="independent")
            .properties(title=_title(title_lines, subtitle))
        )
    else:
        chart = layered.properties(
            width=width, height=alt.Step(16), title=_title(title_lines, subtitle)
        )
    return _finish(chart, lang)
