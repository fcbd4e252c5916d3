"""Charts of scorecards, rankings, TFP decompositions and rank intervals (Altair).

Every function returns an Altair chart: show it in Jupyter, or ``chart.save("x.png")``
(``.svg``, ``.html``, ``.pdf`` and ``.json`` too; PNG, SVG and PDF through vl-convert).
:func:`save` and :func:`to_svg` call vl-convert directly (for reports that embed charts
inline). Titles, axis titles, legends and tooltips are in ``lang``: ``"vi"`` (Vietnamese,
with full diacritics), ``"en"`` or ``"both"`` (the default, as in tables).

Status colours, symbols and labels come from the Rust core
(``chitieu._chitieu.statuses_frame()``), the same as in tables and reports: the Okabe–Ito
palette, told apart by colour-vision deficient readers, with a symbol beside every label.

The charts carry their configuration (font), so they cannot be put into ``alt.layer`` or
``alt.vconcat`` as they are; to combine them, drop it first: ``chart.config = alt.Undefined``.

Needs the optional packages ``altair`` (5.4 or later) and ``vl-convert-python``.

>>> import chitieu.charts as charts
>>> from chitieu.charts import _example_card
>>> obs, card = _example_card()
>>> chart = charts.status_overview(card, lang="en")
>>> svg = charts.to_svg(chart)
>>> svg.startswith("<svg"), "Progress towards the targets" in svg
(True, True)
"""

from __future__ import annotations

import json
import math
import textwrap
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Union

import polars as pl

try:
    import altair as alt
except ImportError as err:  # pragma: no cover - depends on the environment
    msg = (
        "chitieu.charts needs altair (and vl-convert-python to export PNG/SVG): "
        "pip install altair vl-convert-python"
    )
    raise ImportError(msg) from err

from chitieu import _chitieu
from chitieu.catalog import indicator as catalog_indicator
from chitieu.composite import Composite, Uncertainty
from chitieu.labels import HEADINGS, check_lang, heading, pick
from chitieu.observations import _to_polars
from chitieu.score import Scorecard
from chitieu.units import _unit_names, regions
from chitieu.units import rank as rank_units

__all__ = [
    "rank_intervals",
    "regional_ranking",
    "save",
    "status_overview",
    "tfp_decomposition",
    "to_png",
    "to_svg",
    "trajectory",
]

#: Font of every chart: DejaVu Sans has every Vietnamese letter and the status symbols
#: (★ ▲ ► ▼ ✖ ○); the others are fallbacks where it is not installed.
FONT = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"

#: Colours of series that are not status classes (Okabe–Ito palette).
BLUE, ORANGE, GREEN, VERMILLION, GREY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#7F7F7F"


#: Target kinds measured on the level of the indicator's series: the target value, the
#: path to it and the projection are drawn on the series' own scale.
_LEVEL_KINDS = frozenset({"at_least", "more_than", "at_most", "less_than", "range", "relative"})
_COMPARATORS = {"at_least": "≥", "more_than": ">", "at_most": "≤", "less_than": "<"}

Chart = Any  # an Altair chart (altair ships no type information)
Highlight = Union[str, Sequence[str], None]


# --------------------------------------------------------------------------------------
# Export


def _spec(chart: Any) -> dict[str, Any]:
    """The Vega-Lite spec of an Altair chart (validated by Altair), or a spec dict as is."""
    if isinstance(chart, dict):
        return chart
    if not callable(getattr(chart, "to_dict", None)):
        msg = (
            f"chart must be an Altair chart or a Vega-Lite spec (dict), not {type(chart).__name__}"
        )
        raise TypeError(msg)
    spec: dict[str, Any] = chart.to_dict()
    return spec


def _vl_convert() -> Any:
    try:
        import vl_convert
    except ImportError as err:  # pragma: no cover - depends on the environment
        msg = "exporting charts needs vl-convert-python: pip install vl-convert-python"
        raise ImportError(msg) from err
    return vl_convert


def _vl_version() -> str:
    """vl-convert's name of the Vega-Lite version Altair writes (``v6_4`` for 6.4.x)."""
    return "_".join(str(alt.SCHEMA_VERSION).split(".")[:2])


def to_svg(chart: Any) -> str:
    """The chart as SVG text (vl-convert), to embed inline in an HTML page.

    >>> import altair as alt, polars as pl
    >>> chart = alt.Chart(pl.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q")
    >>> to_svg(chart)[:4]
    '<svg'
    """
    svg: str = _vl_convert().vegalite_to_svg(_spec(chart), vl_version=_vl_version())
    return svg


def to_png(chart: Any, *, scale: float = 2.0) -> bytes:
    """The chart as PNG bytes (vl-convert); ``scale=2`` doubles the pixels, for print."""
    png: bytes = _vl_convert().vegalite_to_png(_spec(chart), vl_version=_vl_version(), scale=scale)
    return png


def save(chart: Any, path: str | Path, *, scale: float = 2.0, offline: bool = True) -> Path:
    """Writes ``chart`` to ``path``, the format from its suffix: ``.png`` (``scale`` × the
    chart's size in pixels), ``.svg``, ``.pdf``, ``.html`` or ``.json`` (the Vega-Lite
    spec). Returns the path. Unlike ``chart.save``, it calls vl-convert directly.

    An ``.html`` page is interactive (tooltips). With ``offline=True`` (the default) it
    holds the Vega libraries (about 900 kB; bundled once per process, a few seconds): it
    works without internet. ``offline=False`` loads them from a CDN (a page of a few kB).

    >>> import altair as alt, polars as pl, tempfile, pathlib
    >>> chart = alt.Chart(pl.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q")
    >>> out = save(chart, pathlib.Path(tempfile.mkdtemp()) / "x.svg")
    >>> out.read_text(encoding="utf-8")[:4]
    '<svg'
    """
    out = Path(path)
    suffix = out.suffix.lower()
    spec = _spec(chart)
    if suffix == ".png":
        out.write_bytes(to_png(spec, scale=scale))
    elif suffix == ".svg":
        out.write_text(to_svg(spec), encoding="utf-8")
    elif suffix == ".pdf":
        out.write_bytes(_vl_convert().vegalite_to_pdf(spec, vl_version=_vl_version(), scale=scale))
    elif suffix in (".html", ".htm"):
        page = _vl_convert().vegalite_to_html(spec, vl_version=_vl_version(), bundle=offline)
        out.write_text(page, encoding="utf-8")
    elif suffix == ".json":
        out.write_text(json.dumps(spec, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        msg = f"cannot save a chart as {out.name!r}: use .png, .svg, .pdf, .html or .json"
        raise ValueError(msg)
    return out


# --------------------------------------------------------------------------------------
# Shared pieces


@lru_cache(maxsize=1)
def _statuses() -> pl.DataFrame:
    """The status classes from the core, best first, with their position (``order``)."""
    frame: pl.DataFrame = _chitieu.statuses_frame()
    return frame.with_columns(
        pl.col("status").cast(pl.String), pl.int_range(pl.len(), dtype=pl.Int32).alias("order")
    )


def _status_label(row: dict[str, Any], lang: str) -> str:
    """``"▲ Đúng tiến độ"``: the class's symbol and label in ``lang``."""
    return f"{row['symbol']} {pick(row['label_vi'], row['label_en'], lang)}"


def _unit_name(unit_id: str, lang: str) -> str:
    """A unit's registry name (Vietnamese for ``"both"``: the English names are the same
    words without diacritics), or the id when the registry does not know it."""
    names = _unit_names().get(unit_id)
    if names is None:
        return unit_id
    return names[1] if lang == "en" else names[0]


def _names(vi: str | None, en: str | None, lang: str) -> list[str]:
    """A name as the lines of a title: one line, or the Vietnamese then the English line."""
    if lang == "both" and vi and en and vi != en:
        return [vi, en]
    return [pick(vi, en, lang)]


def _langs(lang: str) -> list[str]:
    """The languages of the lines of a title: ``["vi", "en"]`` for ``"both"``."""
    return ["vi", "en"] if lang == "both" else [lang]


def _heading_lines(key: str, lang: str) -> list[str]:
    """A shared heading as title lines (Vietnamese, then English, for ``"both"``)."""
    return _names(*HEADINGS[key], lang)


def _title(lines: list[str], subtitle: list[str]) -> Any:
    return alt.Title(lines, subtitle=subtitle, anchor="start", fontSize=14, subtitleFontSize=12)


def _wrap(lines: list[str], width: int = 80) -> list[str]:
    """Title lines wrapped at ``width`` characters (Vega does not wrap titles)."""
    return [part for line in lines for part in (textwrap.wrap(line, width) or [line])]


def _num(value: float) -> str:
    """A number for titles: up to 6 significant digits, thousands separated."""
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6g}"


def _finish(chart: Any) -> Any:
    """Configuration shared by every chart (font; no frame around the plot)."""
    return (
        chart.configure(font=FONT)
        .configure_view(strokeWidth=0)
        .configure_legend(labelLimit=0, titleLimit=0)
        .configure_axis(titleLimit=0)
    )


def _require_columns(frame: pl.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        msg = f"{what} lacks the columns {missing} (has {frame.columns})"
        raise ValueError(msg)


def _listing(values: Sequence[Any], limit: int = 12) -> str:
    """Some values for an error message: ``'a', 'b', ... (40 in all)``."""
    shown = ", ".join(repr(v) for v in values[:limit])
    return shown + (f", ... ({len(values)} in all)" if len(values) > limit else "")


def _highlights(highlight: Highlight) -> list[str]:
    if highlight is None:
        return []
    if isinstance(highlight, str):
        return [highlight]
    return list(highlight)


# --------------------------------------------------------------------------------------
# 1. Trajectory of one target


def _scorecard_row(card: Scorecard, unit_id: str, target_id: str) -> dict[str, Any]:
    """The scorecard row of (unit, target); ``target_id`` may omit the set (``"researchers"``
    for ``"lai-chau-69-kl-tw-2024/researchers"``) when that is unambiguous."""
    rows = card.to_polars()
    units = rows["unit_id"].unique(maintain_order=True).to_list()
    if unit_id not in units:
        msg = f"unit {unit_id!r} is not in the scorecard (its units: {_listing(units)})"
        raise ValueError(msg)
    mine = rows.filter(pl.col("unit_id") == unit_id)
    ids = mine["target_id"].to_list()
    matches = [t for t in ids if t == target_id] or [
        t for t in ids if t.rsplit("/", 1)[-1] == target_id
    ]
    if len(matches) != 1:
        why = "is ambiguous" if matches else "is not scored"
        msg = f"target {target_id!r} {why} for unit {unit_id!r} (its targets: {_listing(ids)})"
        raise ValueError(msg)
    row: dict[str, Any] = mine.filter(pl.col("target_id") == matches[0]).row(0, named=True)
    return row


def _trend_line(
    years: list[int], values: list[float], weighted: bool
) -> tuple[float, float] | None:
    """(a, b) of the least-squares line ``a + b (t - t0)`` through the points, weighted by
    ``t - t0 + 1`` when ``weighted`` (the core's linear and time-weighted projections)."""
    if len(years) < 2 or years[0] == years[-1]:
        return None
    t0 = years[0]
    w = [float(t - t0 + 1) if weighted else 1.0 for t in years]
    x = [float(t - t0) for t in years]
    sw = sum(w)
    mx = sum(wi * xi for wi, xi in zip(w, x)) / sw
    my = sum(wi * yi for wi, yi in zip(w, values)) / sw
    sxx = sum(wi * (xi - mx) ** 2 for wi, xi in zip(w, x))
    sxy = sum(wi * (xi - mx) * (yi - my) for wi, xi, yi in zip(w, x, values))
    b = sxy / sxx
    return my - b * mx, b


def _projection(
    row: dict[str, Any], years: list[int], values: list[float]
) -> list[tuple[int, float]]:
    """Points of the projection from the latest point to the target year, shaped as the
    row's ``method`` says: a CAGR curve (compound growth from the latest value), or the
    fitted (time-weighted) trend line when it reproduces ``projected``; otherwise a straight
    segment from the latest point to ``projected``. Empty when the row projects something
    that is not the series' level (a cumulative flow) or has no projection."""
    proj, target_year = row["projected"], row["target_year"]
    latest_year, latest = row["latest_year"], row["latest_value"]
    method = row["method"] or ""
    if None in (proj, target_year, latest_year, latest) or target_year <= latest_year:
        return []
    if "projection by" not in method:
        return []
    how = method.rsplit("projection by", 1)[1]
    span = range(latest_year, target_year + 1)
    if "CAGR" in how and latest * proj > 0:
        growth = (proj / latest) ** (1.0 / (target_year - latest_year))
        return [(t, latest * growth ** (t - latest_year)) for t in span]
    if "linear trend" in how and row["base_year"] is not None:
        pts = [(t, v) for t, v in zip(years, values) if row["base_year"] <= t <= latest_year]
        fit = _trend_line([t for t, _ in pts], [v for _, v in pts], "weighted" in how)
        if fit is not None:
            a, b = fit
            t0 = pts[0][0]
            at_target = a + b * (target_year - t0)
            if math.isclose(at_target, proj, rel_tol=1e-6, abs_tol=1e-9):
                return [(latest_year, a + b * (latest_year - t0)), (target_year, proj)]
    return [(latest_year, latest), (target_year, proj)]


def _is_level(row: dict[str, Any]) -> bool:
    """Whether the target value is on the scale of the indicator's series."""
    kind = row["kind"]
    flow = (row["method"] or "").startswith("cumulative flow")
    return kind in _LEVEL_KINDS or (kind == "cumulative" and not flow)


def _target_phrase(row: dict[str, Any], lang: str) -> str:
    """``Mục tiêu ≥ 10 đến năm 2030`` / ``Target ≥ 10 by 2030`` (one language)."""
    kind, value, year = row["kind"], row["target_value"], row["target_year"]
    until = heading("by_year", lang)
    if kind in ("increase_each_year", "increase"):
        label = "increase_each_year" if kind == "increase_each_year" else "increase_trend"
        what, until = heading(label, lang), heading("to_year", lang)
    elif kind == "top_k" and value is not None:
        what = f"{heading('top', lang)} {_num(value)}"
    elif value is not None and kind not in ("milestone", "percentile_band"):
        comparator = _COMPARATORS.get(kind, "≥" if kind in ("relative", "cumulative") else "")
        what = f"{comparator} {_num(value)}".strip()
        if kind == "per_year":
            what += f" {heading('per_year', lang)}"
        elif kind == "cumulative" and not _is_level(row):
            what = f"({heading('cumulative', lang)}) {what}"
    else:
        what = ""
    words = [heading("target", lang), what]
    if year is not None:
        words += [until, str(year)]
    return " ".join(w for w in words if w)


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

    The projection follows the scorecard row's ``method``: a compound-growth curve from the
    latest value to ``projected`` (``projection="cagr"``, the default of
    :func:`chitieu.score`), or the fitted OLS / time-weighted trend from the latest year to
    the target year (``"linear"``, ``"time_weighted"``); when the fit cannot be reproduced
    from ``observations`` the projection is a straight segment from the latest point to
    ``projected``. Targets not measured on the series' level (per-year and cumulative
    flows, ranks, percentiles, milestones) show the series alone (with the target value
    for per-year flows).

    ``observations``: the long table the scorecard was computed from (``unit_id,
    indicator, year, value``; polars or pandas); ``card``: :func:`chitieu.score`'s result;
    ``target_id``: the target's full id or its part after the set id, when unambiguous.
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

    points = _trajectory_points(row, years, values)
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
    return _finish(chart)


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


def _trajectory_points(row: dict[str, Any], years: list[int], values: list[float]) -> pl.DataFrame:
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
    if level or row["kind"] in ("increase_each_year", "increase"):
        projection = _projection(row, years, values)
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


# --------------------------------------------------------------------------------------
# 2. Status overview


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
    return _finish(chart)


# --------------------------------------------------------------------------------------
# 3. Ranking within a region


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
    return _finish(chart)


# --------------------------------------------------------------------------------------
# 4. TFP decomposition


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
    return _finish(chart)


# --------------------------------------------------------------------------------------
# 5. Rank intervals of a composite index


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
        subtitle = [f"{heading('replications', one)}: {reps:,}" for one in _langs(lang)]
    chart = alt.layer(*layers).properties(
        width=width,
        height=alt.Step(16),
        title=_title(_heading_lines("rank_uncertainty", lang), subtitle),
    )
    return _finish(chart)


# --------------------------------------------------------------------------------------
# Examples


@lru_cache(maxsize=1)
def _example_card() -> tuple[pl.DataFrame, Scorecard]:
    """A small (synthetic) panel of two provinces and its scorecard on Lai Châu's targets,
    for the examples."""
    from chitieu.score import score

    rows = []
    for unit, scale in (("lai-chau", 1.0), ("son-la", 1.6)):
        for i, year in enumerate(range(2015, 2025)):
            rows += [
                (unit, "researchers_per_10k", year, scale * (2.0 + 0.05 * i)),
                (unit, "stinv_local_budget_share", year, scale * (1.0 + 0.06 * i)),
                (unit, "enterprises_innovating_share", year, 15.0 * scale + 0.8 * i),
            ]
    obs = pl.DataFrame(
        rows, schema=["unit_id", "indicator", "year", "value"], orient="row"
    ).with_columns(pl.col("year").cast(pl.Int32))
    card = score(obs, "lai-chau-69-kl-tw-2024", units=["lai-chau", "son-la"])
    return obs, card
