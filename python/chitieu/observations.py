"""Validation of long observation tables (polars or pandas in, polars out).

The DataFrame converter is in ``chitieu._frame``, the HTML pieces of the result objects'
Jupyter views in ``chitieu._html`` and the checks of options in ``chitieu._args``.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from chitieu._chitieu import validate_observations
from chitieu._frame import _to_polars

#: Columns of a normalised observations table, in order.
OBSERVATION_COLUMNS: tuple[str, ...] = ("unit_id", "indicator", "year", "value", "source", "flag")


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
