"""Target sets from Python: listing, loading, HTML, TOML round trip, located errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

import chitieu

ROOT = Path(__file__).resolve().parent.parent

USER = """
id = "my-plan"
name_vi = "Kế hoạch của tôi"
name_en = "My plan"
issuer_vi = "Sở Khoa học và Công nghệ"
issuer_en = "Department of Science and Technology"
document = "12/KH-SKHCN"
date = "2025-03-01"
scope_kind = "unit"
unit = "lai-chau"

[[targets]]
id = "my-plan/researchers"
indicator = "researchers_per_10k"
kind = "at_least"
value = 12
horizon = 2030
clause_vi = "Đạt 12 người làm nghiên cứu trên một vạn dân."
clause_en = "Reach 12 researchers per 10,000 population."
confirmed = true
"""


def test_shipped_sets_are_listed() -> None:
    sets = chitieu.target_sets()
    assert sets.height == 7
    assert set(sets["unit"].drop_nulls()) == {
        "lai-chau",
        "long-an",
        "gia-lai",
        "bac-giang",
        "quang-tri",
    }
    assert (sets["quantified"] >= 1).all()


def test_a_set_has_bilingual_rows_with_citations() -> None:
    ts = chitieu.targets("lai-chau-69-kl-tw-2024")
    df = ts.to_polars()
    tfp = df.filter(df["indicator"] == "tfp_contribution_5y")
    assert tfp["kind"].item() == "at_least"
    assert tfp["value"].item() == 37.6
    assert "37,6" in tfp["clause_vi"].item()
    assert tfp["indicator_vi"].item().startswith("Tỷ lệ đóng góp")
    page = ts._repr_html_()
    assert "Chỉ tiêu / Indicator" in page and "37,6" in page
    assert "researchers_per_10k" in repr(ts)


@pytest.mark.parametrize("set_id", chitieu.target_sets()["id"].to_list())
def test_toml_round_trip_is_lossless(set_id: str) -> None:
    ts = chitieu.targets(set_id)
    again = chitieu.targets(ts.to_toml())
    assert again.to_toml() == ts.to_toml()
    assert_frame_equal(again.to_polars(), ts.to_polars())


def test_user_sets_from_text_and_path(tmp_path: Path) -> None:
    assert len(chitieu.targets(USER)) == 1
    path = tmp_path / "my-plan.toml"
    path.write_text(USER, encoding="utf-8")
    assert chitieu.targets(path).id == "my-plan"


def test_bad_sets_name_file_line_target_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        USER.replace('"researchers_per_10k"', '"researcher_per_10k"').replace(
            "value = 12", "value = 12\nlo = 1"
        ),
        encoding="utf-8",
    )
    with pytest.raises(chitieu.TargetSetError) as exc:
        chitieu.targets(path)
    errors = exc.value.errors
    assert [(e["line"], e["field"]) for e in errors] == [(12, "lo"), (12, "indicator")]
    assert errors[1]["file"] == str(path)
    assert "did you mean 'researchers_per_10k'" in errors[1]["message"]
    with pytest.raises(chitieu.TargetSetError, match="atleast") as exc:
        chitieu.targets(USER.replace('"at_least"', '"atleast"'))
    assert exc.value.errors[0]["line"] == 15
    with pytest.raises(chitieu.TargetSetError, match="did you mean 'bac-giang-69-kl-tw-2024'"):
        chitieu.targets("bac-giang")


def test_docs_page_is_current() -> None:
    script = ROOT / "scripts" / "make_targets_doc.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
