"""Bilingual labels: the one place that picks Vietnamese, English or both for text users see.

Every function that shows indicator, target or status names to people (HTML reprs, charts,
reports, Excel) takes ``lang``: ``"vi"`` (Vietnamese, with full diacritics), ``"en"``
(English) or ``"both"`` (``"Vietnamese / English"``, the default of tables).

>>> from chitieu.labels import pick
>>> pick("Trạng thái", "Status", "vi"), pick("Trạng thái", "Status", "both")
('Trạng thái', 'Trạng thái / Status')
"""

from __future__ import annotations

from typing import Literal

from chitieu import _chitieu

Lang = Literal["vi", "en", "both"]
LANGS: tuple[str, ...] = ("vi", "en", "both")


def check_lang(lang: str) -> Lang:
    """Returns ``lang`` if it is ``"vi"``, ``"en"`` or ``"both"``; raises ``ValueError``.

    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    ValueError: lang must be one of 'vi', 'en', 'both' (got 'fr')
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of 'vi', 'en', 'both' (got {lang!r})")
    return lang  # type: ignore[return-value]


def pick(vi: str | None, en: str | None, lang: str) -> str:
    """The label in ``lang``; a missing side falls back to the other (never an empty label).
    The rule is the core's (``Lang::pick``).

    >>> pick("Chỉ tiêu", None, "en")
    'Chỉ tiêu'
    """
    label: str = _chitieu.pick_label(vi or "", en or "", check_lang(lang))
    return label


#: Headings shared by tables, charts and reports: key → (Vietnamese, English). The table is
#: the core's (``chitieu::vocabulary::Heading``), the one the Rust reports use.
HEADINGS: dict[str, tuple[str, str]] = {key: (vi, en) for key, vi, en in _chitieu.headings()}


_DISPLAY: list[str] = ["both"]


def set_lang(lang: str) -> None:
    """The language of what notebooks display without being asked (scorecard tables and
    reprs): ``"vi"``, ``"en"`` or ``"both"`` (the default). Reports, workbooks, charts and the
    narrative take their own ``lang``.

    >>> import chitieu
    >>> chitieu.set_lang("vi"); display_lang()
    'vi'
    >>> chitieu.set_lang("both")
    """
    _DISPLAY[0] = check_lang(lang)


def display_lang() -> str:
    """The language set by :func:`set_lang`."""
    return _DISPLAY[0]


def number(x: float, lang: str, decimals: int | None = 2) -> str:
    """``x`` as ``lang`` writes numbers: Vietnamese with a decimal comma and thousands dots,
    English (and both) with a decimal point and thousands commas; at most ``decimals``
    decimals (trailing zeros dropped), or six significant digits when ``decimals`` is None.
    The rule is the core's (``chitieu::vocabulary::numbers``).

    >>> number(56.25, "vi"), number(1234.5, "en"), number(1234567.0, "vi", None)
    ('56,25', '1,234.5', '1.234.567')
    """
    text: str = _chitieu.format_number(float(x), check_lang(lang), decimals)
    return text


def date(iso: str, lang: str) -> str:
    """An ISO date as ``lang`` writes it: ``dd/mm/yyyy`` in Vietnamese.

    >>> date("2025-07-01", "vi")
    '01/07/2025'
    """
    text: str = _chitieu.format_date(iso, check_lang(lang))
    return text


def heading(key: str, lang: str) -> str:
    """A shared heading in ``lang``.

    >>> heading("status", "en")
    'Status'
    """
    vi, en = HEADINGS[key]
    return pick(vi, en, lang)
