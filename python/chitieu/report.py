"""The reports of a scorecard: the Excel workbook, the standalone HTML page, and the HTML
report with charts drawn inline as SVG.

:meth:`chitieu.Scorecard.to_excel`, :meth:`~chitieu.Scorecard.to_html` and
:meth:`~chitieu.Scorecard.report` call these functions. The charts of a report need the
optional ``altair`` and ``vl-convert-python``: :mod:`chitieu.charts` is imported when a
report is drawn, not with this module (which :mod:`chitieu.score` imports).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from chitieu import _chitieu
from chitieu._frame import _to_polars
from chitieu.labels import check_lang, heading, pick
from chitieu.targets import _stacked_targets

if TYPE_CHECKING:  # chitieu.score imports this module: the class is only named here
    from chitieu.score import Scorecard

__all__ = ["scorecard_html", "scorecard_narrative", "scorecard_report", "scorecard_xlsx"]


def scorecard_xlsx(card: Scorecard, path: str | os.PathLike[str], *, lang: str = "both") -> None:
    """Writes the Excel workbook of ``card`` to ``path``: see :meth:`chitieu.Scorecard.to_excel`."""
    check_lang(lang)
    _chitieu.scorecard_xlsx(card.to_polars(), *_report_frames(card), os.fspath(path), lang)


def scorecard_narrative(card: Scorecard, *, lang: str = "vi", html: bool = False) -> str:
    """The narrative of ``card``: see :meth:`chitieu.Scorecard.narrative`."""
    check_lang(lang)
    return _chitieu.scorecard_narrative(card.to_polars(), *_report_frames(card), lang, html)


def scorecard_html(
    card: Scorecard,
    *,
    lang: str = "both",
    title: str | None = None,
    sections: Sequence[tuple[str, str]] = (),
) -> str:
    """The standalone HTML page of ``card``: see :meth:`chitieu.Scorecard.to_html`."""
    check_lang(lang)
    if title is None:
        units = card.to_polars()["unit_id"].unique(maintain_order=True).to_list()
        shown = ", ".join(units[:5]) + (f" (+{len(units) - 5})" if len(units) > 5 else "")
        title = f"{heading('report_title', lang)}: {shown}"
    return _chitieu.scorecard_html(
        card.to_polars(), *_report_frames(card), lang, title, list(sections)
    )


def scorecard_report(
    card: Scorecard,
    path: str | os.PathLike[str] | None = None,
    *,
    observations: Any = None,
    lang: str = "both",
    title: str | None = None,
    max_trajectories: int = 40,
) -> str:
    """The HTML report of ``card``, with its charts: see :meth:`chitieu.Scorecard.report`."""
    from chitieu import charts  # altair is optional: needed for a report only

    check_lang(lang)
    sections = [
        (
            heading("status_overview", lang),
            charts.to_svg(charts.status_overview(card, lang=lang)),
        )
    ]
    if observations is not None:
        obs = _to_polars(observations)
        assessed = card.to_polars().filter(
            pl.col("latest_value").is_not_null()
            & ~pl.col("status").is_in(["unable_to_assess", "not_measurable"])
        )
        for row in assessed.head(max_trajectories).iter_rows(named=True):
            chart = charts.trajectory(obs, card, row["unit_id"], row["target_id"], lang=lang)
            name = pick(row["indicator_vi"], row["indicator_en"], lang) or row["indicator"]
            sections.append((f"{row['unit_id']}: {name}", charts.to_svg(chart)))
    page = card.to_html(lang=lang, title=title, sections=sections)
    if path is not None:
        Path(path).write_text(page, encoding="utf-8")
    return page


def _report_frames(card: Scorecard) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The targets and the sets tables of the scored sets (for citations and titles)."""
    targets = _stacked_targets(card.sets)
    fields = ("id", "name_vi", "name_en", "issuer_vi", "issuer_en", "document", "date")
    sets = pl.DataFrame(
        [{f: getattr(s, f) for f in fields} for s in card.sets],
        schema={f: pl.String for f in fields},
    )
    return targets, sets
