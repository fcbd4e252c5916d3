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
    page = card._repr_html_()
    first = rows.row(0, named=True)
    assert f"{chitieu.STATUS_SYMBOLS[first['status']]} {first['status_vi']}" in page
    everyone = chitieu.score(o, "lai-chau-69-kl-tw-2024", units=o["unit_id"].unique())
    assert everyone.to_polars()["unit_id"].n_unique() == 63


def test_top3_of_region_on_published_pii_ranks() -> None:
    # Northern Midlands and Mountains, PII 2024 national ranks as published (datasets.pii()):
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
    # National ranks 1..=10 are not all in this table, so unknown members could be ahead:
    # the regional rank is only bounded (2nd to 10th), and the answer is "cannot tell".
    assert row["status"] == "unable_to_assess"
    assert "rank between 2 and" in row["note"]


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


def plan(body: str) -> chitieu.TargetSet:
    head = MY_PLAN.split("[[targets]]")[0]
    return chitieu.targets(
        head + '[[targets]]\nid = "mine/x"\n' + body + "\nhorizon = 2030\n"
        'clause_vi = "Câu"\nclause_en = "Clause"\nconfirmed = true\n'
    )


def one(rows: list[tuple], body: str) -> dict:
    return chitieu.score(obs(rows), plan(body)).to_polars().row(0, named=True)


# Worked examples for every target kind, computed by hand (the same cases as
# crates/chitieu/tests/score.rs).
def test_every_kind_by_hand() -> None:
    u = "lai-chau"
    r = one(
        [(u, "st_tasks_applied_share", 2020, 40.0), (u, "st_tasks_applied_share", 2024, 50.0)],
        'indicator = "st_tasks_applied_share"\nkind = "more_than"\nvalue = 50.0',
    )
    assert (r["achieved"], r["status"] != "target_achieved") == (False, True)
    r = one(
        [(u, "key_products_ip_share", 2020, 50.0), (u, "key_products_ip_share", 2024, 60.0)],
        'indicator = "key_products_ip_share"\nkind = "range"\nlo = 70.0\nhi = 80.0',
    )
    assert r["ratio"] == pytest.approx((1.2**0.25 - 1) / (1.4**0.1 - 1), rel=1e-12)
    flows = [(u, "startup_projects_supported", 2023 + i, v) for i, v in enumerate([3, 4, 2, 5])]
    r = one(
        flows,
        'indicator = "startup_projects_supported"\nkind = "per_year"\nlo = 3\nhi = 5\n'
        "from_year = 2023\nto_year = 2030",
    )
    assert r["ratio"] == pytest.approx(14 / 12)
    assert r["score"] == pytest.approx((14 / 12 - 0.6) / 0.7 * 5)
    r = one(
        [(u, "innovative_startups_new", 2024, 1.0), (u, "innovative_startups_new", 2025, 1.0)],
        'indicator = "innovative_startups_new"\nkind = "cumulative"\nvalue = 5\n'
        "strict = false\nfrom_year = 2024",
    )
    assert (r["ratio"], r["projected"], r["projected_achieved"]) == (
        pytest.approx(1.4),
        pytest.approx(7.0),
        True,
    )
    r = one(
        [(u, "innovation_startup_centre", 2023, 0.0), (u, "innovation_startup_centre", 2024, 1.0)],
        'indicator = "innovation_startup_centre"\nkind = "milestone"\nevent = "centre"',
    )
    assert (r["status"], r["year_met"]) == ("target_achieved", 2024)
    r = one(
        [(u, "stinv_spending", 2015, 100.0), (u, "stinv_spending", 2020, 100 * 1.02**5)],
        'indicator = "stinv_spending"\nkind = "increase"',
    )
    assert (r["status"], r["score"]) == ("on_track", pytest.approx(5.0))
    r = one(
        [(u, "publications", 2020, 10.0), (u, "publications", 2024, 15.0)],
        'indicator = "publications"\nkind = "relative"\nfactor = 2.0\nbase_year = 2020',
    )
    assert (r["target_value"], r["gap_closed"]) == (20.0, pytest.approx(0.5))
    r = one(
        [(u, "publications", 2020, 10.0)],
        'indicator = "research_infrastructure"\nkind = "qualitative"',
    )
    assert r["status"] == "not_measurable"
    # Percentile band: these four ids all exist after the 2025 reform too, so the table is
    # read in the 34-unit geography; only 4 of 34 have data and Lai Châu is 2nd among them,
    # so its rank lies between 2 and 2 + 30 = 32: cannot tell.
    rows = [
        (p, "researchers_per_10k", y, v + (y - 2020))
        for p, v in [("lai-chau", 8.0), ("ha-noi", 9.0), ("cao-bang", 2.0), ("son-la", 3.0)]
        for y in (2020, 2024)
    ]
    band = 'kind = "percentile_band"\nlo = 50\nhi = 100\ngroup = "country:vn"'
    r = one(rows, 'indicator = "researchers_per_10k"\n' + band)
    assert r["status"] == "unable_to_assess"
    assert "rank between 2 and 32 of 34" in r["note"]


def test_range_note_keeps_the_reason_a_row_is_unassessed() -> None:
    # One data point below a 8–10 range: unable to assess, and the note says why first.
    bench = chitieu.targets(
        str(Path(__file__).resolve().parent.parent / "benches/bench_targets.toml")
    )
    obs = pl.DataFrame({"unit_id": "c1", "indicator": "patents_commercialised_share",
                        "year": [2024], "value": [5.0]})  # fmt: skip
    row = (
        chitieu.score(obs, bench, units=["c1"])
        .to_polars()
        .filter(pl.col("target_id") == "bench/range")
        .row(0, named=True)
    )
    assert row["status"] == "unable_to_assess"
    assert "data point" in row["note"] and row["note"].endswith("range 8–10: latest value below")
