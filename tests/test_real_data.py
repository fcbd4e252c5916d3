"""Real published data: PII shipped with sources, ranks from partial rankings, feasibility."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import chitieu

DATA = Path(chitieu.__file__).resolve().parent / "data"


def test_every_shipped_pii_figure_has_a_source_stating_it() -> None:
    """Each number of the shipped table is stated, with a URL, by its provenance file."""
    got = chitieu.datasets.pii()
    assert got["unit_id"].null_count() == 0
    prov = chitieu.datasets.pii_provenance()
    assert prov["source_url"].str.contains(r"^https?://").all()
    stated: dict[tuple, set[float]] = {}
    for r in prov.iter_rows(named=True):
        stated.setdefault((r["edition"], r["province"], r["field"]), set()).add(float(r["value"]))
    fields = ["score", "national_rank", "region_rank", "input_score", "output_score"]
    shipped: dict[tuple, float] = {}
    for row in got.iter_rows(named=True):
        for field in fields:
            if row[field] is not None:
                shipped[(row["edition"], row["province"], field)] = float(row[field])
    for key, value in shipped.items():
        # Every figure has a source, and every source of it states the same number.
        assert stated.get(key) == {value}, (key, value, stated.get(key))
    # Nothing stated but not shipped (a second source of a figure is a second line).
    assert set(stated) == set(shipped)
    pillars = pl.read_csv(DATA / "pii_pillars.csv", infer_schema_length=None)
    assert pillars["source_url"].str.contains(r"^https?://").all()


def test_pii_is_internally_consistent() -> None:
    pii = chitieu.datasets.pii()
    full = pii.drop_nulls(["score", "input_score", "output_score"])
    assert full.height >= 7
    mean = (full["input_score"] + full["output_score"]) / 2
    assert ((full["score"] - mean).abs() <= 0.0051).all()  # published to 2 decimals
    for edition, rows in pii.drop_nulls(["score", "national_rank"]).group_by("edition"):
        r = rows.sort("score", descending=True)
        # Thanh Hóa 2023 conflicts with Phú Thọ in the sources (reference README): skip it.
        if edition[0] == 2023:
            r = r.filter(pl.col("unit_id") != "thanh-hoa")
        assert r["national_rank"].is_sorted(), edition


def partial(ranks: dict[str, int]) -> pl.DataFrame:
    return pl.DataFrame(
        {"unit_id": list(ranks), "national_rank": list(ranks.values()), "edition": 2024}
    )


NMM = "northern-midlands-and-mountains"


def test_rank_within_exact_bounded_and_undetermined() -> None:
    # Exact: every national rank better than Bắc Giang's (10) is published (outside the
    # region), so no unknown member can be ahead: 2nd of 14.
    outside = ["ha-noi", "ho-chi-minh", "hai-phong", "bac-ninh", "da-nang", "binh-duong",
               "dong-nai", "vinh-phuc"]  # fmt: skip
    ranks = dict(zip(outside, range(1, 9))) | {"thai-nguyen": 9, "bac-giang": 10}
    r = chitieu.rank_within(partial(ranks), "bac-giang", NMM, 2024)
    assert (r.best, r.worst, r.exact, r.meets_top(3)) == (2, 2, True, True)
    # Bounded: ranks 1-8 unknown; up to 8 unknown members could be ahead: 2nd to 10th.
    r = chitieu.rank_within(partial({"thai-nguyen": 9, "bac-giang": 10}), "bac-giang", NMM, 2024)
    assert (r.best, r.worst, r.meets_top(3), r.meets_top(10)) == (2, 10, None, True)
    # Certainly not: 4 members of the region published ahead.
    ahead = {"thai-nguyen": 1, "phu-tho": 2, "lao-cai": 3, "lang-son": 4, "bac-giang": 5}
    r = chitieu.rank_within(partial(ahead), "bac-giang", "Trung du và miền núi phía Bắc", 2024)
    assert (r.best, r.meets_top(3)) == (5, False)
    assert "rank 5 of 14" in repr(r)
    with pytest.raises(chitieu.UnknownIdError, match="unknown region"):
        chitieu.rank_within(partial(ahead), "bac-giang", "Northern Mountains", 2024)
    with pytest.raises(chitieu.InvalidValueError, match="no published rank"):
        chitieu.rank_within(partial(ahead), "lai-chau", NMM, 2024)


def test_sustained_growth_and_feasibility_by_hand() -> None:
    obs = pl.DataFrame(
        {
            "unit_id": ["a", "a", "a", "b", "b", "b"],
            "indicator": "researchers_per_10k",
            "year": [2020, 2021, 2022] * 2,
            "value": [4.0, 4.4, 4.84, 10.0, None, 8.1],
        }
    )
    g = chitieu.sustained_growth(obs, "researchers_per_10k", 2)
    assert g.rows() == [
        ("a", 2020, 2022, pytest.approx(0.1)),
        ("b", 2020, 2022, pytest.approx(-0.1)),
    ]
    card = chitieu.score(
        obs, "lai-chau-69-kl-tw-2024", units=["a"], feasibility_window=2
    ).to_polars()
    row = card.filter(pl.col("indicator") == "researchers_per_10k").row(0, named=True)
    # a needs (10/4)^(1/10) − 1 = 9.6% a year: above one of the two observed rates (−10%)
    # and below the other (10%): percentile 50, ordinary.
    assert row["cagr_required"] == pytest.approx(2.5**0.1 - 1)
    assert (row["feasibility_percentile"], row["feasibility"]) == (50.0, "ordinary")


def test_pwt_windows_file_is_current_and_feasibility_labels() -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, str(root / "scripts" / "make_pwt_tfp_windows.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    windows = pl.read_csv(root / "examples" / "data" / "pwt_tfp_windows.csv", comment_prefix="#")
    assert set(windows["window"]) == {5, 10}
    assert windows["unit_id"].n_unique() >= 100
    assert chitieu.feasibility(2.5, [1, 2, 3, 4]) == (50.0, "ordinary", 4)
    assert chitieu.feasibility(4, [1, 2, 3, 4])[1] == "unprecedented"
    assert chitieu.feasibility(-1, [1, 2, 3, 4], "decrease") == (100.0, "beyond_observed", 4)
    assert chitieu.feasibility(1, []) is None
