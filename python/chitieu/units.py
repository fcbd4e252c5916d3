"""Provinces before and after the 2025 reform: registry, crosswalk, ranking."""

from __future__ import annotations

import datetime
import html
import re
from functools import lru_cache
from typing import Any

import polars as pl

from chitieu import _chitieu
from chitieu._args import _text, _year
from chitieu._frame import _to_polars
from chitieu.labels import check_lang


def units(date: str | datetime.date | None = None) -> pl.DataFrame:
    """The unit registry: the 63 provinces before 1 July 2025 and the 34 units after.

    With ``date`` (ISO ``YYYY-MM-DD`` text or a ``datetime.date``) only the units that existed
    that day, e.g.
    ``units("2024-12-31")`` (63 rows) or ``units("2025-07-01")`` (34 rows, each with its
    ``predecessors``). Columns: ``id, name_vi, name_en, gso_code, kind, region, valid_from,
    valid_to, predecessors``.

    >>> import chitieu
    >>> chitieu.units("2025-07-01").height, chitieu.units("2025-06-30").height
    (34, 63)
    """
    return _chitieu.units_frame(_iso(date))


def regions() -> pl.DataFrame:
    """The six socio-economic regions, in the Statistics Office's order (north to south):
    ``region`` (the id used by ``units()["region"]``), ``name_vi``, ``name_en``.

    >>> import chitieu
    >>> chitieu.regions().row(0)[:2]
    ('northern-midlands-and-mountains', 'Trung du và miền núi phía Bắc')
    """
    return _chitieu.regions_frame()


@lru_cache(maxsize=1)
def _unit_names() -> dict[str, tuple[str, str]]:
    """Registry id → (Vietnamese, English) name, over every unit before and after 2025."""
    frame = _chitieu.units_frame(None)
    names: dict[str, tuple[str, str]] = {}
    for uid, vi, en in frame.select("id", "name_vi", "name_en").iter_rows():
        names.setdefault(uid, (vi, en))
    return names


def _unit_html(unit_id: str, lang: str) -> str:
    """A unit as escaped HTML: its registry name in ``lang`` (the Vietnamese name for
    ``"both"``: the English names are the same words without diacritics) and its id; an id
    the registry does not know (an ISO code, a synthetic unit) as it is.

    >>> _unit_html("bac-giang", "vi")
    'Bắc Giang <small>bac-giang</small>'
    >>> _unit_html("<x>", "en")
    '&lt;x&gt;'
    """
    check_lang(lang)
    names = _unit_names().get(unit_id)
    if names is None:
        return html.escape(unit_id)
    name = names[1] if lang == "en" else names[0]
    return f"{html.escape(name)} <small>{html.escape(unit_id)}</small>"


def _iso(date: str | datetime.date | None) -> str | None:
    """``date`` as ISO text (a ``datetime.date`` converted), checked."""
    if isinstance(date, datetime.date):
        date = date.isoformat()[:10]
    if date is None:
        return None
    iso = _text(date, "date", "an ISO date YYYY-MM-DD (text) or a datetime.date")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        msg = f"date must be ISO YYYY-MM-DD, got {date!r}"
        raise _chitieu.InvalidValueError(msg)
    return iso


def unit_id(name: str, date: str | datetime.date | None = None) -> str:
    """The registry id of the unit ``name`` names: its id, or its name in Vietnamese or
    English, with or without diacritics, in any case, with or without "TP."/"Tỉnh", in any
    Unicode form; among the units that existed on ``date`` when given. An unknown name
    raises :class:`UnknownIdError` listing the nearest units.

    >>> import chitieu
    >>> chitieu.unit_id("TP. Hồ Chí Minh"), chitieu.unit_id("bac giang")
    ('ho-chi-minh', 'bac-giang')
    """
    return _chitieu.resolve_unit(_text(name, "name", "a unit id or name"), _iso(date))


def unit_ids(names: Any, date: str | datetime.date | None = None) -> pl.Series:
    """:func:`unit_id` of every entry of ``names`` (a column of names or ids: polars or
    pandas Series, or any iterable of text), as a polars String Series named ``unit_id``.
    Every unknown name is reported at once, with its row (0-based) and the nearest units;
    ``.errors`` lists them (``row``, ``given``, ``near``, ``message``, ``message_vi``).

    >>> import chitieu
    >>> chitieu.unit_ids(["Lai Châu", "BẮC GIANG", "lai-chau"]).to_list()
    ['lai-chau', 'bac-giang', 'lai-chau']
    """
    if isinstance(names, (str, bytes)) or not hasattr(names, "__iter__"):
        msg = f"names={names!r}: expected a column of unit names or ids (a Series or list)"
        raise TypeError(msg)
    values = pl.Series(names) if not isinstance(names, pl.Series) else names
    text = (
        values
        if values.dtype == pl.String
        else pl.Series([None if v is None else str(v) for v in values.to_list()], dtype=pl.String)
    )
    iso = _iso(date)
    # Each distinct name is resolved once; the rows take their ids from that.
    resolved: dict[str, str] = {}
    failed: dict[str, _chitieu.UnknownIdError] = {}
    for key in text.drop_nulls().unique(maintain_order=True).to_list():
        try:
            resolved[key] = _chitieu.resolve_unit(key, iso)
        except _chitieu.UnknownIdError as e:
            failed[key] = e
    if failed:
        bad = [(row, failed[text[row]]) for row in text.is_in(list(failed)).arg_true().to_list()]
        lines = [f"row {row}: {e}" for row, e in bad]
        shown = "; ".join(lines[:10]) + (f"; and {len(bad) - 10} more" if len(bad) > 10 else "")
        err = _chitieu.UnknownIdError(f"{len(bad)} unknown unit name(s): {shown}")
        # One detail per row, as the core's validation errors give them.
        err.errors = [
            {**detail, "row": row} for row, e in bad for detail in getattr(e, "errors", [])
        ]
        raise err
    ids: pl.Series = text.replace_strict(resolved, default=None, return_dtype=pl.String)
    return ids.alias("unit_id")


def to_post_reform(df: Any) -> pl.DataFrame:
    """Re-aggregate a long table from the 63 pre-reform provinces to the 34 new units.

    Raw statistics (``component`` column) are summed over the merged provinces when they
    are additive; run :func:`chitieu.derive` on the result to recompute ratios from the
    summed components (never averaged). Non-additive values (capital shares, ranks) of
    merged units, and sums missing a member, become null with a ``flag`` saying why.
    Observations (``indicator`` column) are handled the same way by indicator aggregation
    class. Unknown unit ids raise :class:`UnknownIdError` with near matches. ``df`` may be a
    polars or pandas DataFrame.

    >>> import polars as pl, chitieu
    >>> raw = pl.DataFrame({"unit_id": ["bac-giang", "bac-ninh"], "component": "population",
    ...                     "year": 2024, "value": [1.9e6, 1.5e6]})
    >>> chitieu.to_post_reform(raw).select("unit_id", "value").rows()
    [('bac-ninh', 3400000.0)]
    """
    frame = _to_polars(df)
    key = "component" if "component" in frame.columns else "indicator"
    return _chitieu.to_post_reform(frame, key)


def rank(df: Any, indicator: str, year: int, *, within: str = "country") -> pl.DataFrame:
    """Rank units on ``indicator`` in ``year``: ``within="country"``, ``"regions"`` (each
    region separately) or a region id. Direction comes from the catalog; ties share the best
    rank of their block (1, 2, 2, 4); units without a value are listed unranked. Region
    membership follows the geography of the ids (pre-reform ids: the 6 regions before
    1 July 2025). Columns: ``unit_id, group, value, rank, n, percentile, tie_rule``.
    ``df`` (observations) may be a polars or pandas DataFrame.

    >>> import polars as pl, chitieu
    >>> obs = pl.DataFrame({"unit_id": ["lai-chau", "ha-noi", "son-la"],
    ...                     "indicator": "researchers_per_10k", "year": 2024,
    ...                     "value": [3.0, 30.0, 3.0]})
    >>> chitieu.rank(obs, "researchers_per_10k", 2024).select("unit_id", "rank").rows()
    [('ha-noi', 1), ('lai-chau', 2), ('son-la', 2)]
    """
    return _chitieu.rank(_to_polars(df), indicator, _year(year, "year"), within)
