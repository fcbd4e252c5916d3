"""Names wherever ids are: every unit and region of the registry found by its Vietnamese or
English name, with or without diacritics, in any case and Unicode form (the expected ids come
from the registry table; the folding is redone here with Python's unicodedata), unknown
names answered with near ids, dates accepted as ``datetime.date``."""

from __future__ import annotations

import datetime
import unicodedata

import polars as pl
import pytest

import chitieu
from chitieu import _chitieu


def strip(text: str) -> str:
    """Second implementation of the loose fold: no diacritics, đ as d."""
    nfd = unicodedata.normalize("NFD", text)
    return (
        "".join(c for c in nfd if not unicodedata.combining(c)).replace("đ", "d").replace("Đ", "D")
    )


@pytest.mark.parametrize("date", ["2024-12-31", "2025-07-01"])
def test_every_unit_is_found_by_each_way_of_writing_its_name(date: str) -> None:
    units = chitieu.units(date)
    for uid, vi, en in units.select("id", "name_vi", "name_en").rows():
        for written in {vi, en, strip(vi), vi.upper(), strip(vi).lower(),
                        unicodedata.normalize("NFD", vi), uid}:  # fmt: skip
            assert _chitieu.resolve_unit(written, date) == uid, (written, date)


def test_municipalities_with_or_without_their_prefix() -> None:
    for written in ("TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh", "Hồ Chí Minh", "ho chi minh"):
        assert _chitieu.resolve_unit(written, "2024-12-31") == "ho-chi-minh"


def test_every_region_by_name() -> None:
    for rid, vi, en in chitieu.regions().select("region", "name_vi", "name_en").rows():
        for written in (rid, vi, en, strip(vi), vi.lower()):
            assert _chitieu.resolve_region(written) == rid


def test_unknown_names_get_near_ids_not_a_wrong_answer() -> None:
    with pytest.raises(chitieu.UnknownIdError, match="bac-giang") as e:
        _chitieu.resolve_unit("Bac Giangg")
    assert e.value.errors[0]["near"][0] == "bac-giang"
    with pytest.raises(chitieu.UnknownIdError, match="unknown unit 'Atlantis'"):
        _chitieu.resolve_unit("Atlantis")
    with pytest.raises(chitieu.UnknownIdError, match="central-highlands"):
        _chitieu.resolve_region("Tay Nguyen x")


def test_rank_within_takes_names() -> None:
    pii = chitieu.datasets.pii()
    by_id = chitieu.rank_within(pii, "bac-giang", "northern-midlands-and-mountains", 2024)
    for unit, group in [
        ("Bắc Giang", "Trung du và miền núi phía Bắc"),
        ("bac giang", "trung du va mien nui phia bac"),
        ("BẮC GIANG", "Northern Midlands and Mountains"),
    ]:
        assert chitieu.rank_within(pii, unit, group, 2024) == by_id
    with pytest.raises(chitieu.UnknownIdError, match="did you mean"):
        chitieu.rank_within(pii, "Bac Giangg", "Trung du và miền núi phía Bắc", 2024)


def test_units_take_a_date_object() -> None:
    assert chitieu.units(datetime.date(2025, 7, 1)).equals(chitieu.units("2025-07-01"))
    assert chitieu.units(datetime.datetime(2024, 12, 31, 8)).height == 63


def test_a_trajectory_takes_a_unit_name_and_an_indicator_id() -> None:
    pytest.importorskip("altair")
    obs = pl.DataFrame(
        {"unit_id": "lai-chau", "indicator": "researchers_per_10k", "year": [2015, 2023],
         "value": [4.0, 6.0]}
    )  # fmt: skip
    card = chitieu.score(obs, "lai-chau-69-kl-tw-2024")
    from chitieu import charts

    by_ids = charts.trajectory(obs, card, "lai-chau", "researchers", lang="en").to_dict()
    by_names = charts.trajectory(obs, card, "Lai Châu", "researchers_per_10k", lang="en")
    assert by_names.to_dict()["title"] == by_ids["title"]


def test_csv_exports_carry_a_byte_order_mark_for_excel(tmp_path: object) -> None:
    from pathlib import Path

    obs = pl.DataFrame(
        {"unit_id": "lai-chau", "indicator": "researchers_per_10k", "year": [2015, 2023],
         "value": [4.0, 6.0]}
    )  # fmt: skip
    card = chitieu.score(obs, "lai-chau-69-kl-tw-2024")
    path = Path(str(tmp_path)) / "card.csv"
    card.to_csv(path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Số người" in raw.decode("utf-8-sig")
    back = pl.read_csv(path)
    assert back.columns[0] == "unit_id" and back.height == card.to_polars().height


def test_growth_accounting_takes_a_wide_table_and_any_arrow_table() -> None:
    long = pl.DataFrame(
        {"unit_id": "p", "year": [2010, 2011, 2012, 2013], "Y": [100.0, 110, 118, 129],
         "K": [200.0, 216, 235, 251], "L": [50.0, 51, 52.5, 53]}
    )  # fmt: skip
    spec = dict(output="Y", capital="K", labour="L", capital_share=0.4, format="summary")
    wide_out = chitieu.growth_accounting(long, **spec)  # wide: unit_id, year, Y, K, L
    long_out = chitieu.growth_accounting(
        long.unpivot(index=["unit_id", "year"], variable_name="component"), **spec
    )
    assert wide_out.equals(long_out)
    assert round(wide_out["tfp_share"].item(), 4) == 50.5912
    pa = pytest.importorskip("pyarrow")
    assert chitieu.growth_accounting(pa.table(long.to_dict(as_series=False)), **spec).equals(
        long_out
    )


def test_a_unit_without_data_gets_a_did_you_mean_in_province_tables_only() -> None:
    # A typo among the 63 provinces is named; among thousands of communes a unit without
    # data is ordinary and not compared with every id (the scoring would pay for it).
    def table(n: int) -> pl.DataFrame:
        ids = ["lai-chau"] + [f"c{i:05d}" for i in range(n - 1)]
        return pl.DataFrame(
            {"unit_id": ids, "indicator": "researchers_per_10k", "year": 2023, "value": 1.0}
        )

    def note(n: int, unit: str) -> str:
        card = chitieu.score(table(n), "lai-chau-69-kl-tw-2024", units=[unit])
        row = card.to_polars().filter(pl.col("indicator") == "researchers_per_10k")
        return str(row["note"].item())

    assert "did you mean 'lai-chau'?" in note(50, "lai-chua")
    assert "did you mean" not in note(1_500, "lai-chua")
    assert "the table has no unit 'lai-chua'" in note(1_500, "lai-chua")
    # Ids differing only by case or dashes are named whatever the table's size.
    assert "'researchers_per_10k' for unit 'lai-chau'" in note(1_500, "Lai Chau")
