"""The HTML pieces of the result objects' Jupyter views (``_repr_html_``) and pages: escaped
cells, bilingual names and tables."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from chitieu.labels import check_lang, pick


def _cell(value: object, digits: int = 2) -> str:
    """A value as escaped HTML text: ``—`` for missing, floats with ``digits`` decimals.

    >>> _cell(None), _cell(3.14159), _cell("<b>")
    ('—', '3.14', '&lt;b&gt;')
    """
    if value is None:
        return "—"
    if isinstance(value, float):
        return html.escape(f"{value:.{digits}f}")
    return html.escape(str(value))


def _bilingual_html(vi: str | None, en: str | None, lang: str) -> str:
    """A name in ``lang`` as escaped HTML; ``"both"`` puts the English name in italics under
    the Vietnamese one (one name when they are the same or one is missing).

    >>> _bilingual_html("Điểm", "Score", "both")
    'Điểm<br><i>Score</i>'
    >>> _bilingual_html("Điểm", None, "en")
    'Điểm'
    """
    check_lang(lang)
    if lang == "both" and vi and en and vi != en:
        return f"{html.escape(vi)}<br><i>{html.escape(en)}</i>"
    return html.escape(pick(vi, en, lang))


def _html_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table: ``header`` is plain text (escaped here), cells are HTML (escaped by the
    caller, e.g. with :func:`_cell`).

    >>> page = _html_table(["a<b"], [["1"], ["2"]])
    >>> page.count("<tr>"), "a&lt;b" in page
    (3, True)
    """
    head = "".join(f"<th style='text-align:left'>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td style='text-align:left'>{c}</td>" for c in row) + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _html_fields(rows: Iterable[tuple[str, str]]) -> str:
    """A two-column table of (heading, HTML value) pairs, headings escaped here.

    >>> _html_fields([("Năm", "2024")]).count("<th")
    1
    """
    body = "".join(
        f"<tr><th style='text-align:left'>{html.escape(h)}</th>"
        f"<td style='text-align:left'>{v}</td></tr>"
        for h, v in rows
    )
    return f"<table>{body}</table>"
