"""Target sets: the cited targets of the provincial plans and national frameworks."""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

import polars as pl

from chitieu import _chitieu

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
    _toml: str = field(repr=False)

    def to_polars(self) -> pl.DataFrame:
        """One row per target: indicator (bilingual), kind, numbers, horizon, how it is
        scored, the clause in Vietnamese and English, whether it was confirmed."""
        return self._frame

    def to_toml(self) -> str:
        """The set as TOML (loads back to the same set)."""
        return self._toml

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

    def _repr_html_(self) -> str:
        esc = html.escape
        head = (
            f"<b>{esc(self.id)}</b><br>{esc(self.name_vi)}<br><i>{esc(self.name_en)}</i><br>"
            f"{esc(self.issuer_vi)} · {esc(self.document or '—')} · {esc(self.date or '—')}"
        )
        cells = ["Chỉ tiêu / Indicator", "Mục tiêu / Target", "Năm / By", "Trích dẫn / Clause"]
        header = "".join(f"<th style='text-align:left'>{c}</th>" for c in cells)
        body = []
        for r in self._frame.iter_rows(named=True):
            name = (
                f"{esc(r['indicator_vi'] or r['indicator'] or '—')}"
                f"<br><i>{esc(r['indicator_en'] or '')}</i>"
            )
            mark = "" if r["confirmed"] else " <b title='not confirmed'>(?)</b>"
            clause = f"{esc(r['clause_vi'])}<br><i>{esc(r['clause_en'])}</i>{mark}"
            body.append(
                f"<tr><td style='text-align:left'>{name}</td>"
                f"<td style='text-align:left'>{esc(r['target'])}</td>"
                f"<td>{r['horizon']}</td><td style='text-align:left'>{clause}</td></tr>"
            )
        return f"<div>{head}<table><tr>{header}</tr>{''.join(body)}</table></div>"


def _build(meta: dict, frame: pl.DataFrame, toml_text: str) -> TargetSet:
    return TargetSet(**meta, _frame=frame, _toml=toml_text)


def targets(source: Source) -> TargetSet:
    """A target set: a shipped set id, a path to a TOML file (``Path`` or a ``str`` ending in
    ``.toml``), or TOML text.

    Problems raise :class:`TargetSetError` whose ``errors`` name the file, line, target and
    field of each (unknown indicator, unknown kind, ``lo > hi``, horizon before baseline...).

    >>> import chitieu
    >>> ts = chitieu.targets("bac-giang-69-kl-tw-2024")
    >>> ts.to_polars().filter(ts.to_polars()["kind"] == "top_k")["target"].item()
    'top 3 of region:northern-midlands-and-mountains (members on 2024-01-11) by pii_rank'
    """
    is_text = isinstance(source, str) and ("\n" in source or "=" in source)
    if isinstance(source, os.PathLike) or (
        isinstance(source, str) and not is_text and source.endswith(".toml")
    ):
        path = Path(source)
        return _build(*_chitieu.target_set(text=path.read_text(encoding="utf-8"), file=str(path)))
    if isinstance(source, str) and not is_text:
        return _build(*_chitieu.target_set(set_id=source))
    if isinstance(source, str):
        return _build(*_chitieu.target_set(text=source))
    msg = f"expected a set id, a path or TOML text, not {type(source).__name__}"
    raise TypeError(msg)
