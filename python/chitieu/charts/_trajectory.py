"""Chart 1: the trajectory of one unit towards one target (observed series, target path,
projection, target value and the year it is met)."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from chitieu import _chitieu
from chitieu._frame import _to_polars
from chitieu.charts._common import (
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    VERMILLION,
    Chart,
    _finish,
    _langs,
    _listing,
    _require_columns,
    _status_label,
    _statuses,
    _title,
    _unit_name,
    _wrap,
)
from chitieu.labels import check_lang, heading, pick
from chitieu.score import Scorecard


def _scorecard_row(card: Scorecard, unit_id: str, target_id: str) -> dict[str, Any]:
    """The scorecard row of (unit, target). ``unit_id`` may be the unit's name (Vietnamese or
    English, with or without diacritics); ``target_id`` may omit the set
    (``"researchers"`` for ``"lai-chau-69-kl-tw-2024/researchers"``) or be the target's
    indicator id, when that is unambiguous."""
    rows = card.to_polars()
    units = rows["unit_id"].unique(maintain_order=True).to_list()
    if unit_id not in units:
        try:
            unit_id = _chitieu.resolve_unit(unit_id)
        except _chitieu.UnknownIdError:
            pass
    if unit_id not in units:
        msg = f"unit {unit_id!r} is not in the scorecard (its units: {_listing(units)})"
        raise ValueError(msg)
    mine = rows.filter(pl.col("unit_id") == unit_id)
    ids = mine["target_id"].to_list()
    matches = (
        [t for t in ids if t == target_id]
        or [t for t in ids if t.rsplit("/", 1)[-1] == target_id]
        or mine.filter(pl.col("indicator") == target_id)["target_id"].to_list()
    )
    if len(matches) != 1:
        why = "is ambiguous" if matches else "is not scored"
        msg = f"target {target_id!r} {why} for unit {unit_id!r} (its targets: {_listing(ids)})"
        raise ValueError(msg)
    row: dict[str, Any] = mine.filter(pl.col("target_id") == matches[0]).row(0, named=True)
    return row


def _projection(
    row: dict[str, Any], years: list[int], values: list[float], zero_replacement: float
) -> list[tuple[int, float]]:
    """The core's projected path of the row (its ``projection``, fitted from its base year):
    a CAGR curve at every year from the latest point, or a fitted line's two ends. Empty
    when the row has no projection of the series' level."""
    if row["projection"] is None or row["base_year"] is None:
        return []
    path: list[tuple[int, float]] = _chitieu.projection_path(
        years, values, row["base_year"], row["target_year"], row["projection"], zero_replacement
    )
    return path


def _is_level(row: dict[str, Any]) -> bool:
    """Whether the target value is on the scale of the indicator's series."""
    return bool(row["scale"] == "level")


def _target_phrase(row: dict[str, Any], lang: str) -> str:
    """``Mục tiêu ≥ 10 đến năm 2030`` / ``Target ≥ 10 by 2030`` (one language)."""
    phrase: str = _chitieu.target_phrase(
        row["kind"], row["scale"], row["target_value"], row["target_year"], lang
    )
    return phrase


def _status_info(status: str) -> dict[str, Any]:
    row: dict[str, Any] = _statuses().filter(pl.col("status") == status).row(0, named=True)
    return row


def trajectory(
    observations: Any,
    card: Scorecard,
    unit_id: str,
    target_id: str,
    *,
    lang: str = "both",
    width: int = 560,
    height: int = 300,
) -> Chart:
    """The path of one unit towards one target: the observed series of the target's
    indicator (line and points), the target path (straight, from the base point to the
    target value in the target year), the projection from the latest point to the target
    year (dashed), the target value (a horizontal rule) and a diamond at the year the
    target is (projected to be) met when that year falls within the chart. The title is
    the indicator's name and the target; the subtitle the unit, its status (symbol and
    label) and the projected year met.

    The projection is the core's path of the row's ``projection`` (the scorecard's
    ``projection`` column): a compound-growth curve from the latest value to
    ``projected`` (``projection="cagr"``, the default of :func:`chitieu.score`), or the
    fitted OLS / time-weighted trend from the latest year to the target year (``"linear"``,
    ``"time_weighted"``), never refitted here. The scorecard's ``scale`` column says what
    is drawn on the series' level: targets not measured on it (per-year and cumulative
    flows, ranks, percentiles, milestones) show the series alone (with the target value
    for per-year flows).

    ``observations``: the long table the scorecard was computed from (``unit_id,
    indicator, year, value``; polars or pandas); ``card``: :func:`chitieu.score`'s result;
    ``unit_id``: the unit's id or name (``"Lai Châu"``, ``"lai chau"``); ``target_id``: the
    target's full id, its part after the set id, or its indicator id, when unambiguous.
    Raises ``ValueError`` naming the unit, target or indicator when the scorecard or the
    observations lack them, or when the target is qualitative.

    >>> from chitieu.charts import _example_card
    >>> obs, card = _example_card()
    >>> chart = trajectory(obs, card, "lai-chau", "researchers", lang="en")
    >>> spec = chart.to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['line', 'point', 'rule']
    >>> spec["title"]["text"]
    ['Researchers per 10,000 population (headcount): Target ≥ 10 by 2030']
    """
    lang = check_lang(lang)
    row = _scorecard_row(card, unit_id, target_id)
    unit_id = row["unit_id"]
    if row["kind"] == "qualitative":
        msg = (
            f"target {row['target_id']!r} of unit {unit_id!r} is qualitative (not measurable):"
            " it has no series to chart"
        )
        raise ValueError(msg)
    frame = _to_polars(observations)
    _require_columns(frame, ["unit_id", "indicator", "year", "value"], "observations")
    series = (
        frame.filter(
            pl.col("unit_id") == unit_id,
            pl.col("indicator") == row["indicator"],
            pl.col("value").is_not_null(),
        )
        .select(pl.col("year").cast(pl.Int64), pl.col("value").cast(pl.Float64))
        .sort("year")
    )
    if series.height == 0:
        msg = (
            f"no observations of indicator {row['indicator']!r} for unit {unit_id!r}"
            f" (target {row['target_id']!r})"
        )
        raise ValueError(msg)
    years, values = series["year"].to_list(), series["value"].to_list()

    points = _trajectory_points(row, years, values, card._zero_replacement)
    present = [k for k in _SERIES if k in set(points["key"])]
    domain = [_series_label(k, lang) for k in present]

    def scale(prop: str) -> Any:
        return alt.Scale(domain=domain, range=[_SERIES[k][prop] for k in present])

    # One legend: colour, dash and symbol of each series (shared field and title).
    legend = alt.Legend(
        orient="bottom", columns=3 if lang == "both" else 5, labelLimit=0, symbolStrokeWidth=2.5
    )
    colour = alt.Color("series:N", title=None, scale=scale("colour"), legend=legend)
    dash = alt.StrokeDash("series:N", title=None, scale=scale("dash"), legend=legend)
    shape = alt.Shape("series:N", title=None, scale=scale("shape"), legend=legend)
    tooltip = [
        alt.Tooltip("series:N", title=heading("series", lang)),
        alt.Tooltip("year:Q", title=heading("year", lang), format="d"),
        alt.Tooltip("value:Q", title=heading("value", lang), format=",.4~g"),
    ]
    points = points.with_columns(
        pl.col("key").replace_strict({k: _series_label(k, lang) for k in present}).alias("series")
    )
    first, last = min(points["year"].to_list()), max(points["year"].to_list())
    step = 1 if last - first <= 12 else 2 if last - first <= 24 else 5
    x = alt.X(
        "year:Q",
        title=heading("year", lang),
        axis=alt.Axis(format="d", values=list(range(first, last + 1, step))),
        scale=alt.Scale(zero=False, nice=False, domain=[first, last]),
    )
    y = alt.Y("value:Q", title=heading("value", lang), scale=alt.Scale(zero=False))
    enc = {"x": x, "y": y, "color": colour, "tooltip": tooltip}
    is_key = alt.FieldOneOfPredicate(field="key", oneOf=["observed", "target_path", "projection"])
    layers = [
        alt.Chart()
        .transform_filter(is_key)
        .mark_line(strokeWidth=2.5)
        .encode(**enc, strokeDash=dash, detail="key:N"),
        alt.Chart()
        .transform_filter(alt.datum.key == "observed")
        .mark_point(filled=True, size=45, opacity=1)
        .encode(**enc, shape=shape),
    ]
    if "target_value" in present:
        layers.append(
            alt.Chart()
            .transform_filter(alt.datum.key == "target_value")
            .mark_rule(strokeWidth=1.5)
            .encode(y=y, color=colour, strokeDash=dash, tooltip=tooltip)
        )
    if "year_met" in present:
        layers.append(
            alt.Chart()
            .transform_filter(alt.datum.key == "year_met")
            .mark_point(filled=True, size=160, opacity=1)
            .encode(**enc, shape=shape)
        )

    status = _status_info(row["status"])
    title_lines: list[str] = []
    subtitle: list[str] = []
    for one in _langs(lang):
        name = pick(row["indicator_vi"], row["indicator_en"], one)
        title_lines += _wrap([f"{name}: {_target_phrase(row, one)}"])
        parts = [_unit_name(unit_id, one), _status_label(status, one)]
        if row["year_met"] is not None:
            parts.append(f"{heading('year_met', one)}: {row['year_met']}")
        subtitle.append(" · ".join(parts))
    chart = alt.layer(*layers, data=points).properties(
        width=width, height=height, title=_title(title_lines, subtitle)
    )
    return _finish(chart, lang)


#: Series of a trajectory: colour, dash of its line, symbol in the legend.
_SERIES: dict[str, dict[str, Any]] = {
    "observed": {"colour": BLUE, "dash": [1, 0], "shape": "circle"},
    "target_path": {"colour": GREY, "dash": [2, 3], "shape": "stroke"},
    "projection": {"colour": ORANGE, "dash": [7, 4], "shape": "stroke"},
    "target_value": {"colour": GREEN, "dash": [1, 0], "shape": "stroke"},
    "year_met": {"colour": VERMILLION, "dash": [1, 0], "shape": "diamond"},
}


def _series_label(key: str, lang: str) -> str:
    return heading("projected" if key == "projection" else key, lang)


def _trajectory_points(
    row: dict[str, Any], years: list[int], values: list[float], zero_replacement: float
) -> pl.DataFrame:
    """The points of every series of a trajectory: ``key, year, value`` (the observed
    series exactly as observed)."""
    points: list[tuple[str, int, float]] = [("observed", t, v) for t, v in zip(years, values)]
    level = _is_level(row)
    target, target_year = row["target_value"], row["target_year"]
    base_year, base_value = row["base_year"], row["base_value"]
    if level and None not in (target, base_year, base_value, target_year):
        if target_year > base_year:
            points += [("target_path", base_year, base_value), ("target_path", target_year, target)]
    projection = []
    if level or row["scale"] == "trend":
        projection = _projection(row, years, values, zero_replacement)
        points += [("projection", t, v) for t, v in projection]
    if target is not None and (level or row["kind"] == "per_year"):
        points.append(("target_value", target_year or years[-1], target))
    year_met = row["year_met"]
    if year_met is not None and (level or row["kind"] == "milestone"):
        # On the series in that year: observed, else projected (none beyond the chart).
        known = {t: v for t, v in projection}
        known.update(zip(years, values))
        if year_met in known:
            points.append(("year_met", year_met, known[year_met]))
    return pl.DataFrame(
        points, schema={"key": pl.String, "year": pl.Int64, "value": pl.Float64}, orient="row"
    )
