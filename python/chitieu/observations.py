"""Validation of long observation tables (polars or pandas in, polars out).

Also the DataFrame converter and the HTML pieces of the result objects' Jupyter views that
every wrapper shares; the checks of options are in ``chitieu._args``.
"""

from __future__ import annotations

import html
import sys
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl

from chitieu._chitieu import validate_observations
from chitieu.labels import check_lang, pick

#: Columns of a normalised observations table, in order.
OBSERVATION_COLUMNS: tuple[str, ...] = ("unit_id", "indicator", "year", "value", "source", "flag")


def _to_polars(df: Any) -> pl.DataFrame:
    """A polars DataFrame from a polars DataFrame or LazyFrame, or a pandas DataFrame.

    pandas: named index levels (``df.set_index("unit_id")``, the index of a ``pivot``) become
    columns unless a column of that name exists; unnamed levels (the default ``RangeIndex``)
    are dropped. NaN and ``None`` are missing values (null), as pandas means them. Column
    names that are not text become text.

    >>> import pandas as pd
    >>> wide = pd.DataFrame({"unit_id": ["a", "a", "b"], "indicator": ["x", "y", "x"],
    ...                      "value": [1.0, 2.0, None]}).pivot(
    ...     index="unit_id", columns="indicator", values="value")
    >>> _to_polars(wide).rows()
    [('a', 1.0, 2.0), ('b', None, None)]
    """
    if isinstance(df, pl.DataFrame):
        return _noting_decimals(df)
    if isinstance(df, pl.LazyFrame):
        return _noting_decimals(df.collect())
    pd = sys.modules.get("pandas")  # pandas data implies pandas is imported
    if pd is not None and isinstance(df, pd.DataFrame):
        named = [n for n in df.index.names if n is not None and n not in df.columns]
        frame = df.reset_index(level=named) if named else df
        frame = frame.reset_index(drop=True)
        if not all(isinstance(c, str) for c in frame.columns):
            frame.columns = [str(c) for c in frame.columns]
        # Object columns may mix numbers and text (a hand-typed spreadsheet): pass them as
        # text so that each bad cell is reported with its row instead of failing the
        # conversion as a whole.
        for name in frame.columns:
            if frame[name].dtype == object:
                # A blank cell (None or NaN) stays missing; anything else becomes its text.
                frame[name] = frame[name].map(lambda v: None if pd.isna(v) else str(v))
        return pl.from_pandas(frame)
    msg = f"expected a polars or pandas DataFrame, got {type(df).__name__}"
    raise TypeError(msg)


def _noting_decimals(df: pl.DataFrame) -> pl.DataFrame:
    """``df`` unchanged, with a warning naming each Decimal column: the core reads decimals
    as 64-bit floats (15–16 significant digits), which is lossless for every published
    statistic but not for every decimal.

    >>> import decimal, warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _ = _noting_decimals(pl.DataFrame({"value": [decimal.Decimal("1.5")]}))
    >>> str(caught[0].message)
    "column 'value' is Decimal: read as 64-bit floats (15–16 significant digits)"
    """
    for name, dtype in df.schema.items():
        if isinstance(dtype, pl.Decimal):
            msg = f"column '{name}' is Decimal: read as 64-bit floats (15–16 significant digits)"
            warnings.warn(msg, stacklevel=3)
    return df


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


def observations(df: Any) -> pl.DataFrame:
    """Validate a long observations table and return it normalised.

    The table has one row per (unit, indicator, year): columns ``unit_id`` (text),
    ``indicator`` (text), ``year`` (whole number, 1900..=2100) and ``value`` (number or
    null), optionally ``source`` and ``flag`` (text). Years may arrive as integers, whole
    floats or text; values as numbers or text holding a number (a blank cell is missing).

    Every problem is reported at once, each with its 0-based row, column and key, in the
    exception's ``.errors`` list. The exception class follows the first problem:
    :class:`SchemaError` (missing, unexpected or mistyped column),
    :class:`DuplicateKeyError` (repeated key) or :class:`InvalidValueError` (NaN or infinite
    value, unreadable year or number, year out of range, empty id). A null value stays an
    explicit missing value; no row is dropped.

    Returns a polars DataFrame with columns ``unit_id: String, indicator: String,
    year: Int32, value: Float64, source: String, flag: String``, sorted by key.

    >>> import polars as pl, chitieu
    >>> df = pl.DataFrame({"unit_id": ["lai-chau"] * 2, "indicator": ["x"] * 2,
    ...                    "year": ["2024", "2023"], "value": [2.0, None]})
    >>> chitieu.observations(df).select("year", "value").rows()
    [(2023, None), (2024, 2.0)]

    A pandas DataFrame works the same (NaN is a missing value, a named index a column):

    >>> chitieu.observations(df.to_pandas()).equals(chitieu.observations(df))
    True
    """
    return validate_observations(_to_polars(df))
