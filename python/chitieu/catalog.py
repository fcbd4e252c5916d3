"""The indicator catalog and the derivation of indicators from raw statistics."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Union

import polars as pl

from chitieu import _chitieu
from chitieu._args import _flag, _text
from chitieu._frame import _to_polars
from chitieu._html import _bilingual_html, _cell, _html_fields
from chitieu.labels import check_lang, heading

#: User definitions: TOML text, a path to a TOML (or .json) file, or a dict of the same
#: structure (``{"components": [...], "indicators": [...]}``).
Definitions = Union[str, "os.PathLike[str]", Mapping[str, Any], None]


def _definitions(definitions: Definitions) -> tuple[str, str, str] | None:
    """(text, file name, syntax) for the native layer."""
    if definitions is None:
        return None
    if isinstance(definitions, Mapping):
        return json.dumps(definitions, ensure_ascii=False), "<dict>", "json"
    if isinstance(definitions, os.PathLike):
        path = Path(definitions)
        syntax = "json" if path.suffix.lower() == ".json" else "toml"
        return path.read_text(encoding="utf-8"), str(path), syntax
    if isinstance(definitions, str):
        return definitions, "<string>", "toml"
    msg = f"definitions must be TOML text, a path or a dict, not {type(definitions).__name__}"
    raise TypeError(msg)


def catalog(definitions: Definitions = None) -> pl.DataFrame:
    """The indicator catalog as a DataFrame, one row per indicator.

    Columns: ``id, name_vi, name_en, unit, direction, kind, aggregation, lower, upper,
    formula, terms, source``. ``definitions`` adds user indicators and components (validated:
    duplicate ids, unknown terms, cycles and bad units raise :class:`DefinitionError`).

    >>> import chitieu
    >>> cat = chitieu.catalog()
    >>> cat.filter(cat["id"] == "stinv_local_budget_share")["formula"].item()
    '100 × stinv_spending / local_budget_expenditure'
    """
    return _chitieu.catalog_frame(_definitions(definitions))


@lru_cache(maxsize=1)
def _catalog_ids() -> frozenset[str]:
    """The ids of the shipped catalog's indicators."""
    return frozenset(_chitieu.catalog_frame(None)["id"].to_list())


def components(definitions: Definitions = None) -> pl.DataFrame:
    """The raw statistics (components) indicators are derived from, one row each.

    Columns: ``id, name_vi, name_en, unit, additive, source``.

    >>> import chitieu
    >>> comps = chitieu.components()
    >>> comps.filter(comps["id"] == "population")["additive"].item()
    True
    """
    return _chitieu.components_frame(_definitions(definitions))


def _limit(value: float | None) -> str:
    return _cell(None if value is None else f"{value:g}")


@dataclass(frozen=True)
class Indicator:
    """One indicator of the catalog, with a bilingual HTML view in Jupyter."""

    id: str
    name_vi: str
    name_en: str
    unit: str
    direction: str
    kind: str
    aggregation: str
    lower: float | None
    upper: float | None
    source: str
    formula: str
    formula_kind: str
    terms: tuple[str, ...]

    def __repr__(self) -> str:
        return (
            f"Indicator {self.id!r}\n  vi: {self.name_vi}\n  en: {self.name_en}\n"
            f"  formula: {self.formula}\n  unit: {self.unit}, direction: {self.direction}, "
            f"kind: {self.kind}, aggregation: {self.aggregation}\n  source: {self.source}"
        )

    def to_html(self, lang: str = "both") -> str:
        """The definition as an HTML table, headings and name in ``lang`` (``"vi"``,
        ``"en"`` or ``"both"``); every text escaped.

        >>> import chitieu
        >>> page = chitieu.indicator("researchers_per_10k").to_html("vi")
        >>> "Công thức" in page, "Formula" in page
        (True, False)
        """
        check_lang(lang)
        direction = (
            heading(self.direction, lang) if self.direction in ("increase", "decrease") else None
        )
        rows = [
            (heading("name", lang), _bilingual_html(self.name_vi, self.name_en, lang)),
            (heading("formula", lang), _cell(self.formula)),
            (heading("measure_unit", lang), _cell(self.unit)),
            (heading("direction", lang), _cell(direction or self.direction)),
            (heading("kind", lang), _cell(self.kind)),
            (heading("aggregation", lang), _cell(self.aggregation)),
            (heading("limits", lang), f"{_limit(self.lower)} – {_limit(self.upper)}"),
            (heading("source", lang), _cell(self.source)),
        ]
        return f"<div><b>{_cell(self.id)}</b>{_html_fields(rows)}</div>"

    def _repr_html_(self) -> str:
        return self.to_html()


def indicator(id: str, definitions: Definitions = None) -> Indicator:
    """One indicator by id; an unknown id raises :class:`UnknownIdError` with a suggestion.

    >>> import chitieu
    >>> chitieu.indicator("researchers_per_10k").name_vi
    'Số người làm nghiên cứu khoa học trên một vạn dân'
    """
    d = _chitieu.indicator(_text(id, "id", "an indicator id (text)"), _definitions(definitions))
    names = {f.name for f in fields(Indicator)}
    d["terms"] = tuple(d["terms"])
    return Indicator(**{k: v for k, v in d.items() if k in names})


def derive(raw: Any, *, strict: bool = True, definitions: Definitions = None) -> pl.DataFrame:
    """Derive the catalog's indicators from raw statistics.

    ``raw`` is a long table ``unit_id, component, year, value`` (optional ``source``,
    ``flag``), validated like observations. Each ratio or sum indicator is derived for a
    unit when every term of its formula has a series for that unit, in every year where a
    numerator term has a row. In strict mode a missing row of a term or a non-positive
    denominator raises :class:`DerivationError` listing every case; otherwise the value is
    null and ``flag`` says ``not_computed: ...``. An explicit null component gives a null
    value in both modes. ``source`` holds the formula used; component flags are carried.

    Returns an observations DataFrame (``unit_id, indicator, year, value, source, flag``).
    ``raw`` may be a polars or pandas DataFrame.

    >>> import polars as pl, chitieu
    >>> raw = pl.DataFrame({"unit_id": ["lai-chau"] * 2, "year": [2023, 2023],
    ...     "component": ["stinv_spending", "local_budget_expenditure"],
    ...     "value": [90.0, 9000.0]})
    >>> out = chitieu.derive(raw)
    >>> out.filter(pl.col("indicator") == "stinv_local_budget_share")["value"].item()
    1.0
    """
    return _chitieu.derive(_to_polars(raw), _flag(strict, "strict"), _definitions(definitions))
