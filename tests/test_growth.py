"""TFP growth accounting from Python: docs/methods.md §4 worked example, identities, errors."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import chitieu

YEARS = [2010, 2011, 2012, 2013]
WORKED = {"Y": [100.0, 110, 118, 129], "K": [200.0, 216, 235, 251], "L": [50.0, 51, 52.5, 53]}
PANEL = Path(__file__).resolve().parent.parent / "examples" / "data" / "demo_raw_panel.csv"


def long(units: dict[str, dict[str, list[float | None]]]) -> pl.DataFrame:
    rows = [
        (unit, comp, year, v)
        for unit, series in units.items()
        for comp, values in series.items()
        for year, v in zip(YEARS, values)
    ]
    return pl.DataFrame(
        rows, schema=["unit_id", "component", "year", "value"], orient="row", strict=False
    )


def worked(**kwargs) -> pl.DataFrame:
    args = {"output": "Y", "capital": "K", "labour": "L", "capital_share": 0.4} | kwargs
    return chitieu.growth_accounting(long({"p": WORKED}), **args)


@pytest.mark.parametrize(
    ("method", "annual", "period"),
    [
        ("log_difference", [55.2346, 27.1905, 64.0581], 50.5912),
        ("rate", [56.0000, 27.3557, 64.6554], 51.2007),
    ],
    ids=["log differences", "rates"],
)
def test_design_worked_example(method: str, annual: list[float], period: float, request) -> None:
    out = worked(method=method)
    assert out["year"].to_list() == [2011, 2012, 2013]
    assert out["tfp_share"].to_list() == pytest.approx(annual, abs=1e-4)
    summary = worked(method=method, format="summary")
    assert summary["tfp_share"].item() == pytest.approx(period, abs=1e-4)
    assert f"growth as {request.node.callspec.id}" in summary["conventions"].item()


def test_annual_tfp_growth_and_mean_of_shares() -> None:
    out = worked()
    assert out["tfp_growth"].to_list() == pytest.approx([0.0526442, 0.0190889, 0.0570936], abs=1e-7)
    summary = worked(format="summary")
    assert summary["mean_of_annual_shares"].item() == pytest.approx(48.8277, abs=1e-4)
    assert "summed" in summary["headline"].item()


def test_contributions_add_up_to_output_growth() -> None:
    out = worked(method="rate")
    total = out["capital_pp"] + out["labour_pp"] + out["tfp_pp"]
    assert (total - 100 * out["output_growth"]).abs().max() < 1e-12
    chart = worked(format="long")
    assert set(chart["factor"]) == {"capital", "labour", "tfp"}
    sums = chart.group_by("year").agg(
        pl.col("contribution_pp").sum(), pl.col("output_growth_pp").first()
    )
    assert (sums["contribution_pp"] - sums["output_growth_pp"]).abs().max() < 1e-12


def test_a_constant_capital_share_series_equals_the_fixed_share() -> None:
    series = dict(WORKED, a=[0.4] * 4)
    out = chitieu.growth_accounting(
        long({"p": series}), output="Y", capital="K", labour="L", capital_share="a"
    )
    assert out["tfp_share"].to_list() == pytest.approx([55.2346, 27.1905, 64.0581], abs=1e-4)


def test_sensitivity_grid() -> None:
    grid = chitieu.tfp_sensitivity(
        long({"p": WORKED}), output="Y", capital="K", labour="L", capital_shares=[0.3, 0.4, 0.5]
    )
    assert grid["capital_share"].to_list() == [0.3, 0.4, 0.5]
    assert grid.filter(pl.col("capital_share") == 0.4)["tfp_share"].item() == pytest.approx(
        50.5912, abs=1e-4
    )
    # A larger capital share leaves less to TFP when capital grows faster than labour.
    assert grid["tfp_share"].is_sorted(descending=True)


@pytest.mark.parametrize(
    ("change", "kwargs", "message"),
    [
        ({"K": [200.0, 216, None, 251]}, {}, r"unit 'p': capital is missing in 2012"),
        ({"Y": [100.0, 110, -1, 129]}, {}, r"unit 'p': output in 2012 is -1"),
        ({}, {"capital_share": 1.4}, r"outside \[0, 1\]"),
        ({}, {"labour": "E"}, r"unit 'p': no 'E' series"),
    ],
)
def test_bad_inputs_name_unit_series_and_year(change: dict, kwargs: dict, message: str) -> None:
    data = long({"p": dict(WORKED, **change)})
    args = {"output": "Y", "capital": "K", "labour": "L", "capital_share": 0.4} | kwargs
    with pytest.raises(chitieu.InvalidValueError, match=message) as exc:
        chitieu.growth_accounting(data, **args)
    assert exc.value.errors[0]["unit_id"] == "p"


def test_spec_errors() -> None:
    with pytest.raises(chitieu.InvalidValueError, match="exactly one of capital"):
        chitieu.growth_accounting(long({"p": WORKED}), output="Y", labour="L", capital_share=0.4)
    with pytest.raises(chitieu.InvalidValueError, match="growth measure"):
        worked(method="logs")


def test_demo_panel_matches_derive() -> None:
    raw = pl.read_csv(PANEL, comment_prefix="#")
    acc = chitieu.growth_accounting(
        raw,
        output="grdp_constant",
        investment="investment_constant",
        labour="employment",
        capital_share="capital_share",
        method="rate",
    )
    assert acc["unit_id"].n_unique() == 63
    derived = chitieu.derive(raw, strict=False).filter(pl.col("indicator") == "tfp_contribution")
    joined = acc.join(derived, on=["unit_id", "year"])
    assert joined.height == 63 * 9
    assert (joined["tfp_share"] - joined["value"]).abs().max() < 1e-9
