"""Chart 5: the rank intervals of a composite index (rank uncertainty over Monte Carlo
replications)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import altair as alt
import polars as pl

from chitieu._frame import _to_polars
from chitieu.charts._common import (
    BLUE,
    VERMILLION,
    Chart,
    Highlight,
    _finish,
    _heading_lines,
    _highlights,
    _langs,
    _listing,
    _require_columns,
    _title,
    _unit_name,
)
from chitieu.composite import Composite, Uncertainty
from chitieu.labels import check_lang, heading, number


def _rank_table(source: Any, n: int, seed: int) -> pl.DataFrame:
    if isinstance(source, Uncertainty):
        return source.ranks
    if isinstance(source, Composite):
        return source.uncertainty(n, seed=seed).ranks
    try:
        frame = _to_polars(source)
    except TypeError:
        msg = (
            "expected a chitieu.Composite, its .uncertainty(...) result or a ranks table"
            f" (unit_id, median_rank, q05, q95), got {type(source).__name__}"
        )
        raise TypeError(msg) from None
    _require_columns(frame, ["unit_id", "median_rank", "q05", "q95"], "the ranks table")
    return frame


def rank_intervals(
    composite_or_uncertainty: Any,
    *,
    units: Sequence[str] | None = None,
    highlight: Highlight = None,
    n: int = 1_000,
    seed: int = 0,
    lang: str = "both",
    width: int = 460,
) -> Chart:
    """Rank uncertainty of a composite index: per unit a dot at the median rank over the
    Monte Carlo replications, a bar from the 5th to the 95th percentile rank and an open
    diamond at the nominal rank (the index as built), units sorted by median rank.

    ``composite_or_uncertainty``: :meth:`chitieu.Composite.uncertainty`'s result (or its
    ``ranks`` table: ``unit_id, median_rank, q05, q95``, optional ``nominal_rank``), or a
    :class:`chitieu.Composite`, analysed here with ``n`` replications and ``seed`` (the
    other settings at their defaults). ``units`` keeps only those units (their ranks stay
    those among all units); ``highlight`` (a unit id or a list) colours their labels.
    ``ValueError`` names any unit that is not in the index.

    >>> from chitieu.composite import _example
    >>> unc = _example().uncertainty(200, seed=1)
    >>> [layer["mark"]["type"] for layer in rank_intervals(unc).to_dict()["layer"]]
    ['rule', 'point', 'point']
    """
    lang = check_lang(lang)
    ranks = _rank_table(composite_or_uncertainty, n, seed)
    known = ranks["unit_id"].to_list()
    for wanted in (list(units or []), _highlights(highlight)):
        absent = [u for u in wanted if u not in known]
        if absent:
            msg = f"units {absent} are not in the index (its units: {_listing(sorted(known))})"
            raise ValueError(msg)
    if units is not None:
        ranks = ranks.filter(pl.col("unit_id").is_in(list(units)))
    has_nominal = "nominal_rank" in ranks.columns
    sort_by = (
        ["median_rank", "nominal_rank", "unit_id"] if has_nominal else ["median_rank", "unit_id"]
    )
    data = ranks.sort(sort_by).select(
        "unit_id",
        pl.col("unit_id").map_elements(lambda u: _unit_name(u, lang), pl.String).alias("name"),
        pl.col("median_rank").cast(pl.Float64),
        pl.col("q05").cast(pl.Float64),
        pl.col("q95").cast(pl.Float64),
        (pl.col("nominal_rank") if has_nominal else pl.lit(None))
        .cast(pl.Float64)
        .alias("nominal_rank"),
    )
    if data["name"].n_unique() < data.height:
        data = data.with_columns((pl.col("name") + " (" + pl.col("unit_id") + ")").alias("name"))
    names = data["name"].to_list()
    keys = ["rank_interval", "median_rank"] + (["nominal_rank"] if has_nominal else [])
    labels = [heading(k, lang) for k in keys]
    colours = {"rank_interval": "#9DC3E6", "median_rank": BLUE, "nominal_rank": VERMILLION}
    shapes = {"rank_interval": "stroke", "median_rank": "circle", "nominal_rank": "diamond"}
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=labels, range=[colours[k] for k in keys]),
        legend=alt.Legend(orient="bottom", symbolStrokeWidth=3),
    )
    shape = alt.Shape(
        "series:N",
        title=None,
        scale=alt.Scale(domain=labels, range=[shapes[k] for k in keys]),
        legend=alt.Legend(orient="bottom"),
    )
    marked = [_unit_name(u, lang) for u in _highlights(highlight)]
    label_colour: Any = "black"
    if marked:
        listed = json.dumps(marked, ensure_ascii=False)
        label_colour = alt.ExprRef(
            f"indexof({listed}, datum.value) >= 0 ? '{VERMILLION}' : 'black'"
        )
    y = alt.Y(
        "name:N",
        title=None,
        sort=names,
        axis=alt.Axis(labelColor=label_colour),
    )
    top = max(v for v in [1.0, *data["q95"].to_list(), *data["nominal_rank"].to_list()] if v)
    x_scale = alt.Scale(domain=[1, top], nice=False, zero=False)
    tooltip = [
        alt.Tooltip("name:N", title=heading("unit", lang)),
        alt.Tooltip("median_rank:Q", title=heading("median_rank", lang), format=".1f"),
        alt.Tooltip("q05:Q", title="5%", format=".1f"),
        alt.Tooltip("q95:Q", title="95%", format=".1f"),
    ]
    if has_nominal:
        tooltip.append(alt.Tooltip("nominal_rank:Q", title=heading("nominal_rank", lang)))
    base = alt.Chart(data)
    layers = [
        base.transform_calculate(series=json.dumps(labels[0]))
        .mark_rule(strokeWidth=5, strokeCap="round")
        .encode(
            y=y,
            x=alt.X("q05:Q", title=heading("rank", lang), scale=x_scale),
            x2="q95:Q",
            color=colour,
            tooltip=tooltip,
        ),
        base.transform_calculate(series=json.dumps(labels[1]))
        .mark_point(filled=True, size=55, opacity=1)
        .encode(y=y, x="median_rank:Q", color=colour, shape=shape, tooltip=tooltip),
    ]
    if has_nominal:
        layers.append(
            base.transform_calculate(series=json.dumps(labels[2]))
            .mark_point(filled=False, size=70, strokeWidth=1.8, opacity=1)
            .encode(y=y, x="nominal_rank:Q", color=colour, shape=shape, tooltip=tooltip)
        )
    subtitle = []
    if "replications" in ranks.columns and ranks.height:
        reps = ranks["replications"][0]
        subtitle = [
            f"{heading('replications', one)}: {number(reps, one, 0)}" for one in _langs(lang)
        ]
    chart = alt.layer(*layers).properties(
        width=width,
        height=alt.Step(16),
        title=_title(_heading_lines("rank_uncertainty", lang), subtitle),
    )
    return _finish(chart, lang)
