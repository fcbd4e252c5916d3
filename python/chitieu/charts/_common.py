"""Shared pieces of the charts: the font and colours, titles in one or both languages,
names of units and status classes, checks of the inputs, and the example scorecard of the
docstrings."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Union

import altair as alt
import polars as pl

from chitieu import _chitieu
from chitieu.labels import HEADINGS, pick
from chitieu.score import Scorecard
from chitieu.units import _unit_names

#: Font of every chart: DejaVu Sans has every Vietnamese letter and the status symbols
#: (★ ▲ ► ▼ ✖ ○); the others are fallbacks where it is not installed.
FONT = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"

#: Colours of series that are not status classes (Okabe–Ito palette).
BLUE, ORANGE, GREEN, VERMILLION, GREY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#7F7F7F"

Chart = Any  # an Altair chart (altair ships no type information)
Highlight = Union[str, Sequence[str], None]


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


#: How Vietnamese writes numbers on axes, labels and tooltips (Vega's locale: decimal comma,
#: thousands dot); English and bilingual charts keep Vega's default (decimal point).
VI_NUMBERS = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}


def _finish(chart: Any, lang: str) -> Any:
    """Configuration shared by every chart (font; no frame around the plot; numbers as
    ``lang`` writes them)."""
    locale = {"number": VI_NUMBERS} if lang == "vi" else alt.Undefined
    return (
        chart.configure(font=FONT, locale=locale)
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
