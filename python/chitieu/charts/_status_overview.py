"""Chart 2: the status overview of a scorecard (how many targets of each unit or plan are in
each status class)."""

from __future__ import annotations

import altair as alt
import polars as pl

from chitieu import _chitieu
from chitieu.charts._common import (
    Chart,
    _finish,
    _heading_lines,
    _langs,
    _status_label,
    _statuses,
    _title,
    _unit_name,
)
from chitieu.labels import check_lang, heading, pick
from chitieu.score import Scorecard


def _set_names() -> dict[str, tuple[str, str]]:
    frame = _chitieu.target_sets_frame()
    return {r[0]: (r[1], r[2]) for r in frame.select("id", "name_vi", "name_en").iter_rows()}


def status_overview(
    card: Scorecard, *, by: str = "unit_id", lang: str = "both", width: int = 460
) -> Chart:
    """Horizontal stacked bars: how many targets of each unit (``by="unit_id"``) or plan
    (``by="set_id"``) are in each status class, best first (target achieved, on track,
    acceleration needed, limited progress, deterioration, not achieved, unable to assess,
    not measurable), with the count in each segment. The colours, symbols and labels of the
    classes come from the core (``statuses_frame()``); the legend lists every class with
    its symbol (``"▲ Đúng tiến độ"``), whether or not it occurs.

    >>> from chitieu.charts import _example_card
    >>> obs, card = _example_card()
    >>> spec = status_overview(card, lang="vi").to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['bar', 'text']
    """
    lang = check_lang(lang)
    if by not in ("unit_id", "set_id"):
        msg = f"by must be 'unit_id' or 'set_id' (got {by!r})"
        raise ValueError(msg)
    rows = card.to_polars()
    if rows.height == 0:
        msg = "the scorecard has no rows: nothing to chart"
        raise ValueError(msg)
    statuses = _statuses()
    labels = [_status_label(r, lang) for r in statuses.iter_rows(named=True)]
    statuses = statuses.with_columns(pl.Series("label", labels))
    groups = rows[by].unique().sort().to_list()
    if by == "unit_id":
        names = {g: _unit_name(g, lang) for g in groups}
        full = dict(names)
    else:
        sets = _set_names()
        names = dict(zip(groups, groups))
        full = {g: pick(*sets[g], lang) if g in sets else g for g in groups}
    if len(set(names.values())) < len(names):  # two ids with one name: keep them apart
        names = {g: f"{n} ({g})" for g, n in names.items()}
    counts = (
        rows.group_by(pl.col(by).alias("group"), pl.col("status").cast(pl.String))
        .agg(pl.len().cast(pl.Int64).alias("n"))
        .join(statuses, on="status", how="left")
        .sort("group", "order")
        .with_columns(pl.col("n").cum_sum().over("group").alias("end"))
        .with_columns(
            (pl.col("end") - pl.col("n")).alias("start"),
            (pl.col("end") - pl.col("n") / 2).alias("middle"),
            pl.col("group").replace_strict(names).alias("name"),
            pl.col("group").replace_strict(full).alias("full_name"),
        )
        .select("group", "name", "full_name", "status", "order", "label", "symbol", "colour",
                "text_colour", "n", "start", "end", "middle")
    )  # fmt: skip
    # The count in each segment, with the class's symbol where the segment is wide enough
    # (so the classes are told apart without colour); nothing in slivers.
    pixels = width / max([1, *counts["end"].to_list()])
    counts = counts.with_columns(
        pl.when(pl.col("n") * pixels >= 30)
        .then(pl.col("symbol") + " " + pl.col("n").cast(pl.String))
        .when(pl.col("n") * pixels >= 12)
        .then(pl.col("n").cast(pl.String))
        .otherwise(pl.lit(""))
        .alias("text")
    )
    what = heading("unit" if by == "unit_id" else "set", lang)
    y = alt.Y("name:N", title=None, sort=[names[g] for g in groups])
    colour = alt.Color(
        "label:N",
        title=heading("status", lang),
        scale=alt.Scale(domain=labels, range=statuses["colour"].to_list()),
        legend=alt.Legend(orient="bottom", columns=2 if lang == "both" else 4, symbolType="square"),
    )
    tooltip = [
        alt.Tooltip("full_name:N", title=what),
        alt.Tooltip("label:N", title=heading("status", lang)),
        alt.Tooltip("n:Q", title=heading("count", lang)),
    ]
    bars = (
        alt.Chart()
        .mark_bar(stroke="white", strokeWidth=1)
        .encode(
            y=y,
            x=alt.X("start:Q", title=_heading_lines("count", lang), axis=alt.Axis(tickMinStep=1)),
            x2="end:Q",
            color=colour,
            tooltip=tooltip,
        )
    )
    text = (
        alt.Chart()
        .mark_text(fontSize=11, fontWeight="bold")
        .encode(
            y=y,
            x="middle:Q",
            text="text:N",
            color=alt.Color("text_colour:N", scale=None, legend=None),
            tooltip=tooltip,
        )
    )
    subtitle = [f"{heading('count', one)}: {rows.height}" for one in _langs(lang)]
    chart = (
        alt.layer(bars, text, data=counts)
        .resolve_scale(color="independent")
        .properties(
            width=width,
            height=alt.Step(24),
            title=_title(_heading_lines("status_overview", lang), subtitle),
        )
    )
    return _finish(chart, lang)
