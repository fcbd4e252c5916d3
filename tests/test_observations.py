"""Validation of observation tables from Python: every problem typed, located, none dropped."""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl
import pytest

import chitieu


def table(**overrides: list) -> pl.DataFrame:
    data = {
        "unit_id": ["lai-chau", "lai-chau", "bac-giang"],
        "indicator": ["stinv_budget_share"] * 3,
        "year": [2023, 2024, 2023],
        "value": [1.1, None, 0.9],
    }
    data.update(overrides)
    return pl.DataFrame(data, strict=False)


def test_valid_table_is_normalised_and_nothing_is_dropped() -> None:
    out = chitieu.observations(table())
    assert out.columns == list(chitieu.OBSERVATION_COLUMNS)
    assert out.schema["year"] == pl.Int32
    assert out.schema["value"] == pl.Float64
    assert out.height == 3
    # Sorted by key; the missing value is kept as null.
    assert out.select("unit_id", "year", "value").rows() == [
        ("bac-giang", 2023, 0.9),
        ("lai-chau", 2023, 1.1),
        ("lai-chau", 2024, None),
    ]


def test_duplicate_key_names_the_row() -> None:
    df = table(year=[2023, 2023, 2023])
    with pytest.raises(chitieu.DuplicateKeyError, match=r"row 1 .*first seen at row 0") as exc:
        chitieu.observations(df)
    (err,) = exc.value.errors
    assert err["code"] == "duplicate_key"
    assert (err["row"], err["unit_id"], err["year"]) == (1, "lai-chau", 2023)


def test_nan_names_the_row() -> None:
    with pytest.raises(chitieu.InvalidValueError, match=r"row 2, column 'value'") as exc:
        chitieu.observations(table(value=[1.0, 2.0, math.nan]))
    (err,) = exc.value.errors
    assert err["code"] == "non_finite_value"
    assert err["unit_id"] == "bac-giang"


def test_string_in_year_names_the_row() -> None:
    df = table(year=["2023", "2023-2024", "2023"])
    expected = r"row 1, column 'year'.*'2023-2024'"
    with pytest.raises(chitieu.InvalidValueError, match=expected) as exc:
        chitieu.observations(df)
    assert [e["code"] for e in exc.value.errors] == ["invalid_year"]


def test_text_years_and_numbers_are_read() -> None:
    out = chitieu.observations(table(year=["2023", " 2024 ", "2023"], value=["1.5", "", "2"]))
    assert out["year"].to_list() == [2023, 2023, 2024]
    assert out["value"].to_list() == [2.0, 1.5, None]


def test_every_error_is_listed_at_once() -> None:
    df = table(
        unit_id=["lai-chau", "", "bac-giang"],
        year=[2023, 1800, 2023],
        value=["1,5", "2", "x"],
    )
    with pytest.raises(chitieu.ValidationError) as exc:
        chitieu.observations(df)
    got = [(e["row"], e["code"]) for e in exc.value.errors]
    assert got == [
        (0, "invalid_number"),
        (1, "empty_id"),
        (1, "year_out_of_range"),
        (2, "invalid_number"),
    ]
    assert "decimal separator" in str(exc.value)


def test_schema_errors() -> None:
    with pytest.raises(chitieu.SchemaError, match="'value' is missing"):
        chitieu.observations(table().drop("value"))
    with pytest.raises(chitieu.SchemaError, match="unexpected column 'note'"):
        chitieu.observations(table().with_columns(note=pl.lit("x")))
    with pytest.raises(chitieu.SchemaError, match="column 'year' has type bool"):
        chitieu.observations(table(year=[True, False, True]))
    with pytest.raises(TypeError, match="polars or pandas"):
        chitieu.observations([1, 2, 3])


def test_errors_share_one_base_class() -> None:
    for cls in (chitieu.SchemaError, chitieu.DuplicateKeyError, chitieu.InvalidValueError):
        assert issubclass(cls, chitieu.ValidationError)
        assert issubclass(cls, chitieu.ChitieuError)


def test_pandas_input() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(
        {
            "unit_id": ["lai-chau", "lai-chau"],
            "indicator": ["x", "x"],
            "year": [2023, "2024"],  # object column, as from a hand-typed sheet
            "value": [1.0, None],
            "source": ["Sở KH&CN", float("nan")],  # a blank cell read by pandas
        }
    )
    out = chitieu.observations(df)
    assert out["year"].to_list() == [2023, 2024]
    assert out["value"].to_list() == [1.0, None]
    assert out["source"].to_list() == ["Sở KH&CN", None]
    bad = df.assign(year=[2023, "2023/24"])
    with pytest.raises(chitieu.InvalidValueError, match="row 1"):
        chitieu.observations(bad)


def test_lazy_frame_input() -> None:
    assert chitieu.observations(table().lazy()).height == 3


def test_demo_data_validates(demo_csv: Path) -> None:
    raw = pl.read_csv(demo_csv, comment_prefix="#")
    out = chitieu.observations(raw)
    assert out.height == raw.height
    assert out["value"].null_count() == raw["value"].null_count()
