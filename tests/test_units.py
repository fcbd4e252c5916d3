"""Units before and after the 2025 reform, the crosswalk and ranking, from Python."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import chitieu

PANEL = Path(__file__).resolve().parent.parent / "examples" / "data" / "demo_raw_panel.csv"


def test_registry_counts_by_region() -> None:
    before = chitieu.units("2025-06-30")
    after = chitieu.units("2025-07-01")
    assert (before.height, after.height) == (63, 34)
    counts = dict(before.group_by("region").len().iter_rows())
    assert counts == {
        "northern-midlands-and-mountains": 14,
        "red-river-delta": 11,
        "north-central-and-central-coast": 14,
        "central-highlands": 5,
        "south-east": 6,
        "mekong-delta": 13,
    }
    members = after.explode("predecessors")["predecessors"]
    assert sorted(members.to_list()) == sorted(before["id"].to_list())
    assert after.filter(pl.col("id") == "ho-chi-minh")["predecessors"].item().to_list() == [
        "ho-chi-minh",
        "binh-duong",
        "ba-ria-vung-tau",
    ]


def test_demo_panel_to_post_reform_preserves_totals_and_recomputes_ratios() -> None:
    raw = pl.read_csv(PANEL, comment_prefix="#")
    new = chitieu.to_post_reform(raw)
    assert new["unit_id"].n_unique() == 34
    # Population is never missing in the panel: national totals are equal.
    for year in (2015, 2024):
        old_total = raw.filter(pl.col("component") == "population", pl.col("year") == year)
        new_total = new.filter(pl.col("component") == "population", pl.col("year") == year)
        assert new_total["value"].sum() == pytest.approx(old_total["value"].sum(), rel=1e-15)
    derived = chitieu.derive(new, strict=False)
    share = derived.filter(
        pl.col("unit_id") == "bac-ninh",
        pl.col("indicator") == "researchers_per_10k",
        pl.col("year") == 2024,
    )["value"].item()
    parts = raw.filter(pl.col("unit_id").is_in(["bac-ninh", "bac-giang"]), pl.col("year") == 2024)
    total = dict(parts.group_by("component").agg(pl.col("value").sum()).iter_rows())
    assert share == pytest.approx(1e4 * total["researchers_headcount"] / total["population"])
    # The capital share cannot be summed: merged units say so.
    flag = new.filter(pl.col("unit_id") == "bac-ninh", pl.col("component") == "capital_share")[
        "flag"
    ]
    assert flag.str.starts_with("not_comparable").all()


def test_unknown_units_raise_with_suggestions() -> None:
    raw = pl.DataFrame(
        {"unit_id": ["lai-chou"], "component": ["population"], "year": [2024], "value": [1.0]}
    )
    with pytest.raises(chitieu.UnknownIdError, match="did you mean 'lai-chau'"):
        chitieu.to_post_reform(raw)


def test_rank_within_regions_for_the_top3_target() -> None:
    raw = pl.read_csv(PANEL, comment_prefix="#")
    obs = chitieu.derive(raw, strict=False)
    ranks = chitieu.rank(obs, "researchers_per_10k", 2024, within="regions")
    nmm = ranks.filter(pl.col("group") == "northern-midlands-and-mountains")
    assert nmm.height == 14
    assert nmm["rank"].drop_nulls().min() == 1
    best = nmm.sort("rank").row(0, named=True)
    top = obs.filter(
        pl.col("indicator") == "researchers_per_10k",
        pl.col("year") == 2024,
        pl.col("unit_id").is_in(nmm["unit_id"].to_list()),
    ).sort("value", descending=True)
    assert best["unit_id"] == top["unit_id"][0]
    assert best["percentile"] == 100.0
    assert "competition" in ranks["tie_rule"][0]
    with pytest.raises(chitieu.UnknownIdError, match="unknown region"):
        chitieu.rank(obs, "researchers_per_10k", 2024, within="red-river")


def test_post_reform_regions_and_carrying_a_plan_to_the_successor() -> None:
    after = chitieu.units("2025-07-01")
    counts = dict(after.group_by("region").len().iter_rows())
    assert sum(counts.values()) == 34
    # Bắc Giang's plan, scored on Bắc Ninh (Bắc Ninh + Bắc Giang) with a warning.
    obs = pl.DataFrame(
        {
            "unit_id": "bac-ninh",
            "indicator": "st_enterprises",
            "year": [2025, 2026],
            "value": [40.0, 45.0],
        }
    )
    card = chitieu.score(obs, "bac-giang-69-kl-tw-2024", carry_to_successor=True).to_polars()
    assert set(card["unit_id"]) == {"bac-ninh"}
    assert card["note"].str.starts_with("warning: target set for 'bac-giang' carried").all()
    st = card.filter(pl.col("indicator") == "st_enterprises")
    assert st["status"].item() == "target_achieved"  # > 30 S&T enterprises
    own = chitieu.score(obs, "bac-giang-69-kl-tw-2024").to_polars()
    assert set(own["unit_id"]) == {"bac-giang"}
