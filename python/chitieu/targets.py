"""Target sets: the cited targets of the provincial plans and national frameworks."""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

import polars as pl

from chitieu import _chitieu
from chitieu._html import _bilingual_html, _cell, _html_fields, _html_table
from chitieu.labels import check_lang, heading, pick

Source = Union[str, "os.PathLike[str]"]


def target_sets() -> pl.DataFrame:
    """The target sets shipped with chitieu, one row each.

    Columns: ``id, name_vi, name_en, issuer_vi, issuer_en, document, date, scope, unit,
    targets, quantified, unconfirmed``.

    >>> import chitieu
    >>> "lai-chau-69-kl-tw-2024" in chitieu.target_sets()["id"].to_list()
    True
    """
    return _chitieu.target_sets_frame()


@dataclass(frozen=True)
class TargetSet:
    """A plan's targets with its citation metadata; ``to_polars()`` gives one row a target."""

    id: str
    name_vi: str
    name_en: str
    issuer_vi: str
    issuer_en: str
    document: str
    date: str
    implements: list[str]
    unit: str | None
    source_file: str | None
    url: str | None
    _frame: pl.DataFrame = field(repr=False)
    #: The set as the Rust core holds it (scored without a round trip through TOML).
    _native: _chitieu.TargetSet = field(repr=False, compare=False)

    def to_polars(self) -> pl.DataFrame:
        """One row per target: indicator (bilingual), kind, numbers, horizon, how it is
        scored, the clause in Vietnamese and English, whether it was confirmed.

        >>> import chitieu
        >>> chitieu.targets("lai-chau-69-kl-tw-2024").to_polars()["horizon"].max()
        2030
        """
        return self._frame

    def to_toml(self) -> str:
        """The set as TOML (loads back to the same set).

        >>> import chitieu
        >>> ts = chitieu.targets("lai-chau-69-kl-tw-2024")
        >>> chitieu.targets(ts.to_toml()).to_toml() == ts.to_toml()
        True
        """
        return self._native.to_toml()

    def __len__(self) -> int:
        return self._frame.height

    def __repr__(self) -> str:
        lines = [
            f"TargetSet {self.id!r}: {len(self)} targets",
            f"  vi: {self.name_vi[:100]}",
            f"  en: {self.name_en[:100]}",
            f"  issuer: {self.issuer_vi} / {self.issuer_en}; document {self.document or '—'}, "
            f"date {self.date or '—'}",
        ]
        for row in self._frame.iter_rows(named=True):
            label = row["indicator"] or "—"
            lines.append(f"  · {label}: {row['target']} by {row['horizon']}")
        return "\n".join(lines)

    def to_html(self, lang: str = "both") -> str:
        """The set's citation and its targets as HTML, headings, names and clauses in
        ``lang`` (``"vi"``, ``"en"`` or ``"both"``); every text escaped. A target whose
        clause comes from press summaries, not the document itself, is marked ``(?)``.

        >>> import chitieu
        >>> page = chitieu.targets("lai-chau-69-kl-tw-2024").to_html("en")
        >>> "Target year" in page, "Năm mục tiêu" in page
        (True, False)
        """
        check_lang(lang)
        meta = _html_fields(
            [
                (heading("set", lang), _bilingual_html(self.name_vi, self.name_en, lang)),
                (heading("issuer", lang), _bilingual_html(self.issuer_vi, self.issuer_en, lang)),
                (heading("document", lang), _cell(self.document or None)),
                (heading("date", lang), _cell(self.date or None)),
                (heading("count", lang), _cell(len(self))),
            ]
        )
        unconfirmed = html.escape(heading("not_confirmed", lang))
        rows = []
        for r in self._frame.iter_rows(named=True):
            name = _bilingual_html(r["indicator_vi"], r["indicator_en"], lang)
            if r["indicator"]:
                name += f" <small>{_cell(r['indicator'])}</small>"
            clause = _bilingual_html(r["clause_vi"], r["clause_en"], lang)
            if not r["confirmed"]:
                clause += f" <b title='{unconfirmed}'>(?)</b>"
            rows.append(
                [
                    name or "—",
                    _cell(pick(r["target_vi"], r["target"], lang)),
                    _cell(r["horizon"]),
                    clause,
                ]
            )
        header = [heading(k, lang) for k in ("indicator", "target", "target_year", "clause")]
        return f"<div><b>{_cell(self.id)}</b>{meta}{_html_table(header, rows)}</div>"

    def _repr_html_(self) -> str:
        return self.to_html()


def _build(native: _chitieu.TargetSet) -> TargetSet:
    """The Python view of a set the core holds."""
    return TargetSet(
        id=native.id,
        name_vi=native.name_vi,
        name_en=native.name_en,
        issuer_vi=native.issuer_vi,
        issuer_en=native.issuer_en,
        document=native.document,
        date=native.date,
        implements=native.implements,
        unit=native.unit,
        source_file=native.source_file,
        url=native.url,
        _frame=native.targets_frame(),
        _native=native,
    )


def targets(source: Source) -> TargetSet:
    """A target set: a shipped set id, a path to a TOML file (``Path`` or a ``str`` ending in
    ``.toml``), or TOML text.

    Problems raise :class:`TargetSetError` whose ``errors`` name the file, line, target and
    field of each (unknown indicator, unknown kind, ``lo > hi``, horizon before baseline...).

    >>> import chitieu
    >>> ts = chitieu.targets("bac-giang-69-kl-tw-2024")
    >>> top = ts.to_polars().filter(ts.to_polars()["kind"] == "top_k")
    >>> top["target"].item()
    'top 3 of Northern Midlands and Mountains (members on 2024-01-11) by Provincial Innovation...'
    >>> top["target_vi"].item()
    'trong 3 đứng đầu Trung du và miền núi phía Bắc (thành viên ngày 11/01/2024) theo Thứ hạng...'
    """
    is_text = isinstance(source, str) and ("\n" in source or "=" in source)
    # A path: a Path, text ending in .toml, or the name of a file that exists (whatever its
    # extension, e.g. a TOML saved as .txt).
    is_file = isinstance(source, str) and not is_text and ("/" in source or "\\" in source)
    if isinstance(source, os.PathLike) or (
        isinstance(source, str)
        and not is_text
        and (source.endswith(".toml") or (is_file and Path(source).is_file()))
    ):
        path = Path(source)
        return _build(_chitieu.TargetSet(path.read_text(encoding="utf-8"), str(path)))
    if isinstance(source, str) and not is_text:
        return _build(_chitieu.TargetSet.builtin(source))
    if isinstance(source, str):
        return _build(_chitieu.TargetSet(source))
    msg = f"expected a set id, a path or TOML text, not {type(source).__name__}"
    raise TypeError(msg)


def _stacked_targets(sets: Sequence[TargetSet]) -> pl.DataFrame:
    """The targets of ``sets``, one table; with no set, an empty table with the columns the
    reports and ``p_met`` read."""
    if sets:
        return pl.concat([s.to_polars() for s in sets], how="diagonal_relaxed")
    text = ("set_id", "target_id", "indicator", "kind", "target", "target_vi", "group",
            "membership_date", "clause_vi", "clause_en", "provenance", "source_url")  # fmt: skip
    return pl.DataFrame(
        schema={**dict.fromkeys(text, pl.String), "value": pl.Float64, "confirmed": pl.Boolean}
    )
