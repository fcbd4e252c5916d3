"""Batch scoring from Python: vectors, every shipped plan on the demo panel, real PII ranks."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import chitieu

DATA = Path(__file__).resolve().parent.parent / "examples" / "data"


def obs(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema=["unit_id", "indicator", "year", "value"], orient="row", strict=False
    )


MY_PLAN = """
id = "mine"
name_vi = "Kế hoạch thử"
name_en = "Test plan"
issuer_vi = "UBND tỉnh"
issuer_en = "People's Committee"
document = "1/KH"
date = "2024-01-11"
scope_kind = "unit"
unit = "lai-chau"

[[targets]]
id = "mine/a"
indicator = "stinv_local_budget_share"
kind = "at_least"
value = 2.0
horizon = 2030
clause_vi = "Đạt 2% tổng chi ngân sách địa phương."
clause_en = "Reach 2% of local budget expenditure."
confirmed = true
"""


def test_vector_a_through_the_batch_path() -> None:
    card = chitieu.score(
        obs([("lai-chau", "stinv_local_budget_share", 2015, 1.2),
             ("lai-chau", "stinv_local_budget_share", 2023, 1.6)]),
        chitieu.targets(MY_PLAN),
    )  # fmt: skip
    row = card.to_polars().row(0, named=True)
    assert row["ratio"] == pytest.approx(1.056957, abs=1e-6)
    assert row["score"] == pytest.approx(3.2640, abs=1e-4)
    assert row["projected"] == pytest.approx(2.057981, abs=1e-6)
    assert row["status"] == "on_track"
    assert row["status_vi"] == "Đúng tiến độ"
    assert row["year_met"] == 2030
    assert card.to_polars().schema["status"] == pl.Enum(
        [
            "target_achieved",
            "on_track",
            "acceleration_needed",
            "limited_progress",
            "deterioration",
            "not_achieved",
            "unable_to_assess",
            "not_measurable",
        ]
    )
    linear = chitieu.score(
        obs([("lai-chau", "stinv_local_budget_share", 2015, 1.2),
             ("lai-chau", "stinv_local_budget_share", 2023, 1.6)]),
        chitieu.targets(MY_PLAN),
        projection="linear",
    )  # fmt: skip
    assert linear.to_polars()["projected"].item() == pytest.approx(1.6 + 0.05 * 7)


def test_every_seed_plan_scores_the_demo_panel() -> None:
    raw = pl.read_csv(DATA / "demo_raw_panel.csv", comment_prefix="#")
    o = chitieu.derive(raw, strict=False)
    plans = [s for s in chitieu.target_sets()["id"] if not s.startswith("vn-")]
    card = chitieu.score(o, plans)
    rows = card.to_polars()
    expected = sum(len(chitieu.targets(s)) for s in plans)
    assert rows.height == expected  # one row per (unit, target): nothing dropped
    # Every row has a status; unable-to-assess and not-measurable rows say why.
    quiet = rows.filter(pl.col("status").is_in(["unable_to_assess", "not_measurable"]))
    assert quiet["note"].null_count() == 0
    assert card.summary().height == len(plans)
    assert "Đúng tiến độ" in card._repr_html_() or "Cần đẩy nhanh" in card._repr_html_()
    everyone = chitieu.score(o, "lai-chau-69-kl-tw-2024", units=o["unit_id"].unique())
    assert everyone.to_polars()["unit_id"].n_unique() == 63


def test_top3_of_region_on_published_pii_ranks() -> None:
    # Northern Midlands and Mountains, PII 2024 national ranks as published (pii_published.csv):
    # Thái Nguyên 9, Bắc Giang 10, Cao Bằng 63; 2023: 10, 11, 63 with Phú Thọ 20.
    ranks = obs(
        [
            ("thai-nguyen", "pii_rank", 2023, 10.0),
            ("bac-giang", "pii_rank", 2023, 11.0),
            ("phu-tho", "pii_rank", 2023, 20.0),
            ("cao-bang", "pii_rank", 2023, 63.0),
            ("thai-nguyen", "pii_rank", 2024, 9.0),
            ("bac-giang", "pii_rank", 2024, 10.0),
            ("cao-bang", "pii_rank", 2024, 63.0),
            ("bac-ninh", "pii_rank", 2024, 4.0),  # another region: not ranked with them
        ]
    )
    row = (
        chitieu.score(ranks, "bac-giang-69-kl-tw-2024")
        .to_polars()
        .filter(pl.col("kind") == "top_k")
        .row(0, named=True)
    )
    assert (row["base_value"], row["latest_value"]) == (2.0, 2.0)
    assert row["status"] == "target_achieved"
    assert "3 of 14" in row["note"]


def test_bad_inputs() -> None:
    good = obs([("lai-chau", "researchers_per_10k", 2020, 4.0)])
    with pytest.raises(chitieu.TargetSetError, match="did you mean"):
        chitieu.score(good, "lai-chau-69")
    with pytest.raises(chitieu.InvalidValueError, match="projection"):
        chitieu.score(good, "lai-chau-69-kl-tw-2024", projection="quadratic")  # type: ignore[arg-type]
    with pytest.raises(chitieu.InvalidValueError, match="limit_scaling"):
        chitieu.score(good, "lai-chau-69-kl-tw-2024", limit_scaling=3.0)
    one_point = chitieu.score(good, "lai-chau-69-kl-tw-2024").to_polars()
    r = one_point.filter(pl.col("indicator") == "researchers_per_10k").row(0, named=True)
    assert r["status"] == "unable_to_assess"
    assert "1 data point" in r["note"]
