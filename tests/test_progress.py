"""The progress measure from Python: docs/methods.md §3 vectors A and B, edge cases, errors."""

from __future__ import annotations

import math

import pytest

import chitieu
from chitieu import Status

# (years, values, target, target_year, direction) -> expected, docs/methods.md §3.
VECTOR_A = {
    "args": ([2015, 2023], [1.2, 1.6]),
    "kwargs": {"target": 2.0, "target_year": 2030, "direction": "increase"},
    "expected": {
        "cagr_observed": 0.036615,
        "cagr_required": 0.034642,
        "ratio": 1.056957,
        "score": 3.2640,
        "projected": 2.057981,
        "projected_ratio": 1.072476,
    },
    "status": Status.ON_TRACK,
}
VECTOR_B = {
    "args": ([2015, 2022], [40.0, 34.0]),
    "kwargs": {"target": 20.0, "target_year": 2030, "direction": "decrease"},
    "expected": {
        "cagr_observed": -0.022950,
        "cagr_required": -0.045158,
        "ratio": 0.508201,
        "score": -0.3825,
        "projected": 28.236758,
        "projected_ratio": 0.588162,
    },
    "status": Status.LIMITED_PROGRESS,
}


@pytest.mark.parametrize("vector", [VECTOR_A, VECTOR_B], ids=["A", "B"])
def test_design_vectors(vector: dict) -> None:
    p = chitieu.progress(*vector["args"], **vector["kwargs"])
    for field, want in vector["expected"].items():
        # The score is given to 4 decimals in docs/methods.md, the rest to 6.
        tol = 5e-5 if field == "score" else 1e-6
        assert getattr(p, field) == pytest.approx(want, abs=tol), field
    assert p.status == vector["status"]
    assert p.achieved is False
    assert p.method == "target_ratio"


def test_result_object_is_readable_and_complete() -> None:
    p = chitieu.progress([2015, 2023], [1.2, 1.6], target=2.0)
    text = repr(p)
    assert "On track" in text
    assert "Đúng tiến độ" in text
    assert "2030" in text
    d = p.to_dict()
    assert d["status"] == "on_track"
    assert d["base_year"] == 2015
    assert d["latest_year"] == 2023
    assert d["gap_closed"] == pytest.approx(0.5)
    assert d["annual_change_required"] == pytest.approx(0.4 / 7)
    assert p.status.label_vi == "Đúng tiến độ"
    assert p.status.code == "on_track"


def test_missing_values_are_skipped_and_any_sequence_accepted() -> None:
    pl = pytest.importorskip("polars")
    years = pl.Series([2015, 2016, 2023, 2024])
    p = chitieu.progress(years, (1.2, None, 1.6, None), target=2.0)
    assert (p.base_year, p.latest_year, p.points) == (2015, 2023, 2)
    assert p.ratio == pytest.approx(1.056957, abs=1e-6)


def test_trend_target_without_number() -> None:
    # +2% a year: on track, score 5.
    p = chitieu.progress([2015, 2020], [100.0, 100.0 * 1.02**5])
    assert p.method == "trend_cagr"
    assert p.status == Status.ON_TRACK
    assert p.score == pytest.approx(5.0)
    assert p.achieved is None
    assert p.target_value is None


def test_base_year_moves_to_next_year_with_data() -> None:
    p = chitieu.progress([2015, 2017, 2023], [1.0, 1.2, 1.6], target=2.0, base_year=2016)
    assert p.base_year == 2017


@pytest.mark.parametrize(
    ("years", "values", "kwargs", "reason"),
    [
        ([2020], [1.0], {"target": 2.0}, "1 data point"),
        ([2015, 2020], [-1.0, 1.0], {"target": 2.0}, "different signs"),
        ([2015, 2016], [None, None], {"target": 2.0}, "no value"),
    ],
)
def test_unable_to_assess(years: list, values: list, kwargs: dict, reason: str) -> None:
    p = chitieu.progress(years, values, **kwargs)
    assert p.status == Status.UNABLE_TO_ASSESS
    assert p.score is None
    assert reason in p.reason


def test_a_passed_deadline_short_of_the_target_is_not_achieved() -> None:
    # Target year 2015 = base year, latest 2020 at 1.5 < 2: no growth ratio can be formed,
    # but the deadline has passed short of the target.
    p = chitieu.progress([2015, 2020], [1.0, 1.5], target=2.0, target_year=2015)
    assert (p.status, p.achieved, p.reason) == (Status.NOT_ACHIEVED, False, None)
    # Data in the target year itself counts: 9 < 10 in 2030.
    p = chitieu.progress([2015, 2030], [1.0, 9.0], target=10.0, target_year=2030)
    assert p.status == Status.NOT_ACHIEVED
    assert p.ratio is not None and p.score is not None  # how far it got


def test_target_achieved_overrides() -> None:
    p = chitieu.progress([2015, 2020], [3.0, 2.5], target=2.0)
    assert p.status == Status.TARGET_ACHIEVED
    assert p.score == 5.0


def test_errors_are_typed_and_name_the_year() -> None:
    with pytest.raises(chitieu.InvalidValueError, match="2016") as exc:
        chitieu.progress([2015, 2016], [1.0, math.nan], target=2.0)
    assert exc.value.errors[0]["year"] == 2016
    with pytest.raises(chitieu.DuplicateKeyError, match="2015"):
        chitieu.progress([2015, 2015], [1.0, 2.0], target=2.0)
    with pytest.raises(chitieu.InvalidValueError, match="differ in length"):
        chitieu.progress([2015, 2016], [1.0], target=2.0)
    with pytest.raises(chitieu.InvalidValueError, match=r"values\[1\] = 'abc'"):
        chitieu.progress([2015, 2016], [1.0, "abc"], target=2.0)
    with pytest.raises(chitieu.InvalidValueError, match=r"years\[0\] = '2015'"):
        chitieu.progress(["2015", 2016], [1.0, 2.0], target=2.0)
    with pytest.raises(chitieu.InvalidValueError, match="direction"):
        chitieu.progress([2015, 2016], [1.0, 2.0], direction="up")
    with pytest.raises(chitieu.InvalidValueError, match="limit_scaling"):
        chitieu.progress([2015, 2016], [1.0, 2.0], limit_scaling=1.5)
    with pytest.raises(chitieu.ChitieuError):
        chitieu.progress([1800, 2016], [1.0, 2.0])
