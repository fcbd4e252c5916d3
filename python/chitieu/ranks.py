"""Ranks within a group from partial published ranks, and sustained growth."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import polars as pl

from chitieu import _chitieu
from chitieu._args import DIRECTIONS, _choice, _number, _sequence, _suggestion, _text, _year, _years
from chitieu._frame import _to_polars
from chitieu._html import _cell, _html_fields
from chitieu.catalog import _catalog_ids
from chitieu.labels import check_lang, heading
from chitieu.units import _unit_html


@dataclass(frozen=True)
class RankWithin:
    """A unit's rank within its group, as far as the published ranks determine it."""

    unit_id: str
    group: str
    year: int
    best: int
    worst: int
    members: int
    with_data: int
    stated: bool = False

    @property
    def exact(self) -> bool:
        """Whether the published ranks fix the rank.

        >>> RankWithin("x", "g", 2024, 2, 4, 10, 8).exact
        False
        """
        return self.best == self.worst

    def meets_top(self, k: int) -> bool | None:
        """True / False when certain, None when the bounds straddle ``k``.

        >>> r = RankWithin("x", "g", 2024, 2, 4, 10, 8)
        >>> r.meets_top(5), r.meets_top(3), r.meets_top(1)
        (True, None, False)
        """
        if self.worst <= k:
            return True
        if self.best > k:
            return False
        return None

    def __repr__(self) -> str:
        where = f"{self.unit_id} in {self.group} ({self.year})"
        if self.stated:
            return f"{where}: rank {self.best} of {self.members} (published regional rank)"
        if self.exact:
            return f"{where}: rank {self.best} of {self.members} (exact)"
        return (
            f"{where}: rank between {self.best} and {self.worst} of {self.members} "
            f"({self.with_data} members with a published rank)"
        )

    def to_html(self, lang: str = "both") -> str:
        """The rank (or its bounds) with unit, group, year and how many members have a
        published rank; headings and the unit's name in ``lang`` (``"vi"``, ``"en"`` or
        ``"both"``).

        >>> page = RankWithin("bac-giang", "g", 2024, 2, 2, 14, 14).to_html("vi")
        >>> "Bắc Giang" in page, "Thứ hạng" in page, "Rank" in page
        (True, True, False)
        """
        check_lang(lang)
        rank = str(self.best) if self.exact else f"{self.best}–{self.worst}"
        return _html_fields(
            [
                (heading("unit", lang), _unit_html(self.unit_id, lang)),
                (heading("region", lang), _cell(self.group)),
                (heading("year", lang), _cell(self.year)),
                (heading("rank", lang), f"<b>{_cell(rank)}</b> / {_cell(self.members)}"),
                (heading("with_data", lang), _cell(self.with_data)),
            ]
        )

    def _repr_html_(self) -> str:
        return self.to_html()


def _membership_date(year: int) -> str:
    """The last day of `year`: the 63 provinces up to 2024, the 34 units from 2025."""
    return f"{year}-12-31"


def rank_within(
    df: Any,
    unit: str,
    group: str,
    year: int,
    *,
    rank: str = "national_rank",
    year_column: str = "edition",
    region_rank: str = "region_rank",
) -> RankWithin:
    """Best and worst rank of ``unit`` within ``group`` consistent with published national
    ranks (``df``: ``unit_id``, ``year_column``, ``rank``; possibly incomplete) and published
    regional ranks (column ``region_rank``, when ``df`` has it).

    A member of the group with no published rank can be ahead of the unit only if some
    national rank better than the unit's is not published (ranks are a permutation of
    1..N). Regional ranks published for the group (``region`` column naming it, or no
    ``region`` column) then narrow the bounds: the unit's own published regional rank fixes
    it (``stated``), and places published for other members are not the unit's. A published
    regional rank outside the bounds the national ranks allow is an error naming both.
    ``unit`` and ``group`` are ids or names (Vietnamese or English, with or without
    diacritics, any case: ``"Bắc Giang"``, ``"bac giang"``); an unknown one raises
    :class:`UnknownIdError` naming the nearest. Membership comes from the registry for that
    year.

    >>> import chitieu
    >>> chitieu.rank_within(chitieu.datasets.pii(), "phu-tho",
    ...                     "Trung du và miền núi phía Bắc", 2023)
    phu-tho in northern-midlands-and-mountains (2023): rank 3 of 14 (published regional rank)

    >>> import chitieu
    >>> chitieu.rank_within(chitieu.datasets.pii(), "Bắc Giang",
    ...                     "Trung du và miền núi phía Bắc", 2024)
    bac-giang in northern-midlands-and-mountains (2024): rank 2 of 14 (exact)

    ``df`` may be a polars or pandas DataFrame.
    """
    year = _year(year, "year")
    region = _chitieu.resolve_region(_text(group, "group", "a region id or name"))
    date = _membership_date(year)
    unit = _chitieu.resolve_unit(_text(unit, "unit", "a unit id or name"), date)
    members = _chitieu.region_members(region, date)
    frame = _to_polars(df).filter(pl.col(year_column) == year)
    published = dict(zip(frame["unit_id"], frame[rank].cast(pl.Float64)))
    taken = [r for r in frame[rank].cast(pl.Float64).to_list() if r is not None]
    size = _chitieu.units_frame(date).height
    own, others = _published_region_ranks(frame, unit, region, region_rank)
    best, worst, with_data, stated = _chitieu.place_within(
        unit, region, year, [(m, published.get(m)) for m in members], "decrease", taken, size,
        own, sorted(others),
    )  # fmt: skip
    return RankWithin(unit, region, year, best, worst, len(members), with_data, stated=stated)


def _published_region_ranks(
    frame: pl.DataFrame, unit: str, region: str, column: str
) -> tuple[int | None, set[int]]:
    """The unit's published rank within ``region`` and the places published for others."""
    if column not in frame.columns:
        return None, set()
    rows = frame.filter(pl.col(column).is_not_null())
    if "region" in rows.columns:
        same = [_chitieu.region_id(r) == region if r else False for r in rows["region"]]
        rows = rows.filter(pl.Series(same, dtype=pl.Boolean))
    own: int | None = None
    others: set[int] = set()
    for u, r in zip(rows["unit_id"], rows[column].cast(pl.Int64)):
        if u == unit:
            own = int(r)
        else:
            others.add(int(r))
    return own, others


def sustained_growth(observations: Any, indicator: str, window: int) -> pl.DataFrame:
    """Every compound annual growth rate units sustained on ``indicator`` over ``window``
    years (from each year with a value to the year ``window`` later, when it has one).

    Columns: ``unit_id, start_year, end_year, cagr``. ``chitieu.score(...,
    feasibility_window=w)`` places each target's required CAGR in this distribution.
    ``observations`` may be a polars or pandas DataFrame.

    >>> import polars as pl, chitieu
    >>> obs = pl.DataFrame({"unit_id": "lai-chau", "indicator": "researchers_per_10k",
    ...                     "year": [2020, 2021, 2022], "value": [1.0, 1.1, 1.21]})
    >>> out = chitieu.sustained_growth(obs, "researchers_per_10k", 2)
    >>> out.select("unit_id", "start_year", "end_year").row(0), round(out["cagr"].item(), 6)
    (('lai-chau', 2020, 2022), 0.1)
    """
    window = _years(window, "window")
    frame = _to_polars(observations)
    _known_indicator(_text(indicator, "indicator", "an indicator id (text)"), frame)
    return _sustained(frame, indicator, window)


def _sustained(frame: pl.DataFrame, indicator: str, window: int) -> pl.DataFrame:
    """:func:`sustained_growth` of checked arguments, for an indicator that may have no row
    (the indicators of a target set)."""
    rows = _chitieu.sustained_growth_rows(frame, indicator, window)
    return pl.DataFrame(
        rows,
        schema={"unit_id": pl.String, "start_year": pl.Int32, "end_year": pl.Int32,
                "cagr": pl.Float64},
        orient="row",
    )  # fmt: skip


def _known_indicator(indicator: str, frame: pl.DataFrame) -> None:
    """Refuses an indicator that is neither in the catalog nor in the table (a misspelled id
    would otherwise find nothing), naming it and the nearest id."""
    if indicator in _catalog_ids() or "indicator" not in frame.columns:
        return  # without the column, the native layer names what is missing
    held = frame["indicator"].cast(pl.String, strict=False).drop_nulls().unique().to_list()
    if indicator not in held:
        msg = (
            f"unknown indicator {indicator!r}: neither in the catalog nor in the table"
            + _suggestion(indicator, [*held, *_catalog_ids()])
        )
        raise _chitieu.UnknownIdError(msg)


def feasibility(
    required: float, observed: Iterable[Any], direction: str = "increase"
) -> tuple[float, str, int] | None:
    """Where a required value (a growth rate, a TFP share...) stands among values actually
    observed: ``(percentile, label, n)`` with the share (%) of observed values at or below
    it, and ``ordinary`` (≤ 75th percentile), ``ambitious`` (≤ 95th), ``unprecedented``
    (above, within the largest observed) or ``beyond_observed``; ``None`` if nothing was
    observed. ``direction="decrease"`` when lower is better.

    ``observed`` is any iterable of numbers: a list, a numpy array, a polars or pandas
    Series (such as ``sustained_growth(...)["cagr"]``). Missing values (``None``, and NaN,
    which is how pandas marks them) are skipped.

    >>> import chitieu
    >>> chitieu.feasibility(0.05, [0.01, 0.02, 0.03, 0.04])
    (100.0, 'beyond_observed', 4)
    >>> chitieu.feasibility(0.02, [0.01, None, 0.03, float("nan")])
    (50.0, 'ordinary', 2)
    """
    return _chitieu.feasibility(
        _number(required, "required"),
        _finite_values(observed),
        _choice(direction, "direction", DIRECTIONS),
    )


def _finite_values(observed: Iterable[Any]) -> list[float]:
    """The values of ``observed`` as floats, without missing values (None, NaN); an infinite
    value or one that is not a number raises, naming its position.

    >>> _finite_values([0.1, None, float("nan"), float("inf")])
    Traceback (most recent call last):
    ...
    chitieu.InvalidValueError: observed[3]=inf: expected a finite number (None or NaN if missing)
    """
    values = []
    what = "a finite number (None or NaN if missing)"
    for i, v in enumerate(_sequence(observed, "observed", "numbers", hint=False)):
        x = math.nan if v is None else _number(v, f"observed[{i}]", finite=False, what=what)
        if not math.isnan(x):
            values.append(_number(x, f"observed[{i}]", what=what))  # ±inf refused
    return values
