"""The DataFrame converter every wrapper shares: polars or pandas in, polars out."""

from __future__ import annotations

import sys
import warnings
from typing import Any

import polars as pl


def _to_polars(df: Any) -> pl.DataFrame:
    """A polars DataFrame from a polars DataFrame or LazyFrame, a pandas DataFrame, or any
    Arrow table (the Arrow PyCapsule interface: pyarrow, DuckDB...).

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
    if hasattr(df, "__arrow_c_stream__") or hasattr(df, "__arrow_c_array__"):
        # Any Arrow table (pyarrow Table or RecordBatch, DuckDB, ...) through the Arrow
        # PyCapsule interface.
        return _noting_decimals(pl.DataFrame(df))
    msg = f"expected a polars or pandas DataFrame or an Arrow table, got {type(df).__name__}"
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
