"""Validation of long observation tables (polars or pandas in, polars out)."""

from __future__ import annotations

from typing import Any

import polars as pl

from chitieu._chitieu import validate_observations

#: Columns of a normalised observations table, in order.
OBSERVATION_COLUMNS: tuple[str, ...] = ("unit_id", "indicator", "year", "value", "source", "flag")


def _to_polars(df: Any) -> pl.DataFrame:
    if isinstance(df, pl.DataFrame):
        return df
    if isinstance(df, pl.LazyFrame):
        return df.collect()
    module = type(df).__module__
    if module.startswith("pandas"):
        # Object columns may mix numbers and text (a hand-typed spreadsheet): pass them as
        # text so that each bad cell is reported with its row instead of failing the
        # conversion as a whole.
        import pandas as pd

        frame = df.reset_index(drop=True)
        for name in frame.columns:
            if frame[name].dtype == object:
                # A blank cell (None or NaN) stays missing; anything else becomes its text.
                frame[name] = frame[name].map(lambda v: None if pd.isna(v) else str(v))
        return pl.from_pandas(frame)
    msg = f"expected a polars or pandas DataFrame, got {type(df).__name__}"
    raise TypeError(msg)


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
    """
    return validate_observations(_to_polars(df))
