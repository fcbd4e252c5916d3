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


def heading(key: str, lang: str) -> str:
    """A shared heading in ``lang``.

    >>> heading("status", "en")
    'Status'
    """
    vi, en = HEADINGS[key]
    return pick(vi, en, lang)
