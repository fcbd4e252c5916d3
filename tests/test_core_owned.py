"""What the core owns since the renovation, checked from Python against second
implementations written here: the codes of each scorecard row (measure, scale, projection),
the projected path charts draw, target phrases, the heading table, feasibility placement,
group members, and the Rust-owned TargetSet and Uncertainty."""

from __future__ import annotations

import ast
import bisect
import math
import pickle
import re
from pathlib import Path

import polars as pl
import pytest

import chitieu
from chitieu import _chitieu

ROOT = Path(__file__).resolve().parent.parent
LAI_CHAU = "lai-chau-69-kl-tw-2024"

#: The scale each kind is measured on, as docs/methods.md §3 describes the kinds.
SCALES = {
    "at_least": "level",
    "more_than": "level",
    "at_most": "level",
    "less_than": "level",
    "range": "level",
    "relative": "level",
    "per_year": "flow",
    "increase": "trend",
    "increase_each_year": "trend",
    "top_k": "rank",
    "percentile_band": "percentile",
    "milestone": "event",
    "qualitative": "none",
}


@pytest.fixture(scope="module")
def rows(demo_observations: pl.DataFrame) -> pl.DataFrame:
    plans = [sid for sid in chitieu.target_sets()["id"] if not sid.startswith("vn-")]
    return chitieu.score(demo_observations, plans).to_polars()


def test_every_row_carries_its_scale_and_measure_codes(rows: pl.DataFrame) -> None:
    # How each target reads in its set: a cumulative count "in total from" a year is a flow,
    # one without a start year a stock (a level).
    reads = {
        t: text
        for sid in rows["set_id"].unique()
        for t, text in chitieu.targets(sid).to_polars().select("target_id", "target").rows()
    }
    assert any(k == "cumulative" for k in rows["kind"]), "the demo has no cumulative target"
    for r in rows.iter_rows(named=True):
        expected = SCALES.get(r["kind"])
        if r["kind"] == "cumulative":
            expected = "flow" if "in total from" in reads[r["target_id"]] else "level"
        assert r["scale"] == expected, (r["target_id"], r["kind"], r["scale"])
        assert r["measure"] in {
            "target_ratio", "trend_cagr", "each_year", "per_year_flow", "cumulative_flow",
            "binary", "not_measured",
        }  # fmt: skip
        if r["kind"] == "qualitative":
            assert r["measure"] == "not_measured"
        # A projection code exactly where the series' own level was projected.
        assert (r["projection"] is not None) == (
            r["projected"] is not None and r["measure"] in ("target_ratio", "trend_cagr")
        ), r["target_id"]


def test_the_projected_path_is_compound_growth_from_the_latest_point(
    demo_observations: pl.DataFrame, rows: pl.DataFrame
) -> None:
    row = rows.filter((pl.col("projection") == "cagr") & (pl.col("scale") == "level")).row(
        0, named=True
    )
    series = demo_observations.filter(unit_id=row["unit_id"], indicator=row["indicator"]).sort(
        "year"
    )
    years, values = series["year"].to_list(), series["value"].to_list()
    path = _chitieu.projection_path(years, values, row["base_year"], row["target_year"], "cagr")
    # Second implementation: CAGR from the base to the latest point, continued.
    y0, yi = row["base_value"], row["latest_value"]
    g = (yi / y0) ** (1 / (row["latest_year"] - row["base_year"])) - 1
    expected = [
        (t, yi * (1 + g) ** (t - row["latest_year"]))
        for t in range(row["latest_year"], row["target_year"] + 1)
    ]
    assert [t for t, _ in path] == [t for t, _ in expected]
    assert [v for _, v in path] == pytest.approx([v for _, v in expected], rel=1e-12)
    assert path[-1][1] == pytest.approx(row["projected"], rel=1e-12)


def test_a_linear_path_is_the_fitted_lines_two_ends() -> None:
    years, values = [2020, 2021, 2022, 2023], [1.0, 2.0, 2.0, 5.0]
    # OLS by hand: slope 1.2, intercept 0.7 at x = year - 2020.
    path = _chitieu.projection_path(years, values, 2020, 2030, "linear")
    assert path == [(2023, pytest.approx(0.7 + 1.2 * 3)), (2030, pytest.approx(12.7))]
    assert _chitieu.projection_path(years, values, 2020, 2023, "linear") == []
    with pytest.raises(chitieu.InvalidValueError, match="projection"):
        _chitieu.projection_path(years, values, 2020, 2030, "spline")


@pytest.mark.parametrize(
    ("kind", "scale", "value", "vi", "en"),
    [
        ("at_least", "level", 2.0, "Mục tiêu ≥ 2 đến năm 2030", "Target ≥ 2 by 2030"),
        ("less_than", "level", 0.5, "Mục tiêu < 0,5 đến năm 2030", "Target < 0.5 by 2030"),
        ("per_year", "flow", 3.0, "Mục tiêu ≥ 3 mỗi năm đến năm 2030", "Target ≥ 3 a year by 2030"),
        (
            "cumulative",
            "flow",
            30000.0,
            "Mục tiêu (cộng dồn) ≥ 30.000 đến năm 2030",
            "Target (cumulative) ≥ 30,000 by 2030",
        ),
        ("top_k", "rank", 3.0, "Mục tiêu nhóm dẫn đầu 3 đến năm 2030", "Target top 3 by 2030"),
        (
            "increase",
            "trend",
            None,
            "Mục tiêu tăng trong kỳ đến năm 2030",
            "Target increase over the period to 2030",
        ),
        ("milestone", "event", 1.0, "Mục tiêu đến năm 2030", "Target by 2030"),
    ],
)
def test_target_phrases(kind: str, scale: str, value: float | None, vi: str, en: str) -> None:
    assert _chitieu.target_phrase(kind, scale, value, 2030, "vi") == vi
    assert _chitieu.target_phrase(kind, scale, value, 2030, "en") == en
    assert _chitieu.target_phrase(kind, scale, value, 2030, "both").startswith("Mục tiêu / Target")


def test_every_heading_python_asks_for_is_in_the_core_table() -> None:
    keys = {key for key, _, _ in _chitieu.headings()}
    asked = set()
    for path in (ROOT / "python" / "chitieu").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "heading"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                asked.add(node.args[0].value)
    assert asked, "the scan found no heading(...) call"
    assert asked <= keys, sorted(asked - keys)
    for _, vi, en in _chitieu.headings():
        assert vi and en
    assert chitieu.labels.HEADINGS["status"] == ("Trạng thái", "Status")


def _place(required: float, observed: list[float], sign: float) -> tuple[float, str] | None:
    """Second implementation of the feasibility rule (docs/methods.md §3)."""
    if not observed or not math.isfinite(required):
        return None
    signed = sorted(sign * o for o in observed if not math.isnan(o))
    r = sign * required
    percentile = 100.0 * bisect.bisect_right(signed, r) / len(observed)
    if not signed or r > signed[-1]:
        label = "beyond_observed"
    elif percentile <= 75:
        label = "ordinary"
    elif percentile <= 95:
        label = "ambitious"
    else:
        label = "unprecedented"
    return percentile, label


def test_feasibility_rates_place_as_a_second_implementation_does() -> None:
    observed = [0.01, 0.02, float("nan"), 0.05, -0.03, 0.04, 0.02]
    # researchers_per_10k should rise; a share of spending that should fall is "decrease".
    decreasing = [
        i for i, d in chitieu.catalog().select("id", "direction").rows() if d == "decrease"
    ]
    cases = [("researchers_per_10k", 1.0)] + ([(decreasing[0], -1.0)] if decreasing else [])
    rates = _chitieu.FeasibilityRates({ind: observed for ind, _ in cases})
    again = pickle.loads(pickle.dumps(rates))
    for indicator, sign in cases:
        required = [-0.05, -0.03, 0.0, 0.02, 0.035, 0.05, 0.06, float("inf")]
        got = rates.place([indicator] * len(required), required)
        assert again.place([indicator] * len(required), required) == got
        for i, r in enumerate(required):
            want = _place(r, observed, sign)
            if want is None:
                assert (got[0][i], got[1][i]) == (None, None)
            else:
                assert got[0][i] == pytest.approx(want[0]) and got[1][i] == want[1], (r, sign)
    assert rates.place(["unknown", None], [0.01, 0.01]) == ([None, None], [None, None])


def test_group_members_come_from_the_registry() -> None:
    region = "northern-midlands-and-mountains"
    members = _chitieu.group_members(f"region:{region}", "2024-01-11")
    assert members == _chitieu.region_members(region, "2024-01-11")
    assert len(_chitieu.group_members("country:vn", "2024-01-11")) == 63
    assert len(_chitieu.group_members("country:vn", "2025-07-01")) == 34
    assert _chitieu.group_members("world", "2024-01-11") is None
    with pytest.raises(chitieu.InvalidValueError, match="unknown region 'mars'"):
        _chitieu.group_members("region:mars", "2024-01-11")


def test_a_target_set_is_rust_owned_and_pickles_as_its_toml() -> None:
    ts = chitieu.targets(LAI_CHAU)
    assert isinstance(ts._native, _chitieu.TargetSet)
    again = pickle.loads(pickle.dumps(ts))
    assert again.to_toml() == ts.to_toml() and again.id == ts.id
    assert again.to_polars().equals(ts.to_polars())
    first = ts.to_polars()["target_id"][0]
    fewer = ts._native.without([first])
    assert len(fewer) == len(ts) - 1
    assert f'"{first}"' not in fewer.to_toml()
    with pytest.raises(chitieu.TargetSetError, match=re.escape(f"'{first}x' is not in set")):
        ts._native.without([first + "x"])


def test_uncertainty_answers_any_k_and_group_from_its_kept_replications() -> None:
    data = pl.DataFrame(
        {"unit_id": list("abcd"), "x": [1.0, 2.0, 3.0, 4.0], "y": [4.0, 1.0, 3.0, 2.0]}
    )
    framework = pl.DataFrame(
        {"Level": [1, 1, 2], "iCode": ["x", "y", "Index"], "Weight": [1.0, 1.0, 1.0],
         "Parent": ["Index", "Index", None], "Type": ["Indicator", "Indicator", "Aggregate"]}
    )  # fmt: skip
    unc = chitieu.composite(data, framework, treat=False).uncertainty(400, seed=3)
    assert isinstance(unc._native, _chitieu.Uncertainty)
    assert unc._native.replications == 400
    for k in (1, 2, 3):
        p = unc.prob_rank_at_most(k)
        # Without ties the probabilities of ranks <= k over all units sum to k.
        assert p["p"].sum() == pytest.approx(k)
        pair = unc.prob_rank_at_most(k, {"ab": ["a", "b"]})
        assert pair["p"].sum() == pytest.approx(min(k, 2))
    with pytest.raises(chitieu.UnknownIdError, match="unit 'z' of group 'g'"):
        unc.prob_rank_at_most(1, {"g": ["a", "z"]})
