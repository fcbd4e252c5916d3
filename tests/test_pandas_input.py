"""Every entry point that takes a table accepts pandas and gives what polars input gives.

pandas data is read the way users read it (``pd.read_csv``: blanks are NaN, text columns
use pandas' string dtype), not converted from the polars frame, so the conversion is
exercised on realistic dtypes. Results are compared with the polars-input results.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import chitieu

pd = pytest.importorskip("pandas")

DATA = Path(__file__).resolve().parent.parent / "examples" / "data"
RAW = DATA / "demo_raw_panel.csv"
OBS = DATA / "demo_observations.csv"
PLAN = "lai-chau-69-kl-tw-2024"
TFP = {"output": "grdp_constant", "investment": "investment_constant", "labour": "employment"}


@pytest.fixture(scope="module")
def raw() -> tuple[pl.DataFrame, Any]:
    return pl.read_csv(RAW, comment_prefix="#"), pd.read_csv(RAW, comment="#")


@pytest.fixture(scope="module")
def obs() -> tuple[pl.DataFrame, Any]:
    return pl.read_csv(OBS, comment_prefix="#"), pd.read_csv(OBS, comment="#")


@pytest.fixture(scope="module")
def derived(raw: tuple[pl.DataFrame, Any]) -> tuple[pl.DataFrame, Any]:
    out = chitieu.derive(raw[0], strict=False)
    return out, out.to_pandas()


def test_observations(obs: tuple[pl.DataFrame, Any]) -> None:
    assert_frame_equal(chitieu.observations(obs[1]), chitieu.observations(obs[0]))


def test_derive(raw: tuple[pl.DataFrame, Any]) -> None:
    polars_in, pandas_in = raw
    assert_frame_equal(
        chitieu.derive(pandas_in, strict=False), chitieu.derive(polars_in, strict=False)
    )


def test_score(obs: tuple[pl.DataFrame, Any]) -> None:
    a = chitieu.score(obs[0], PLAN, feasibility_window=3)
    b = chitieu.score(obs[1], PLAN, feasibility_window=3)
    assert_frame_equal(b.to_polars(), a.to_polars())
    assert_frame_equal(b.summary(), a.summary())


def test_score_units_as_a_pandas_series(derived: tuple[pl.DataFrame, Any]) -> None:
    units = ["lai-chau", "ha-noi"]
    a = chitieu.score(derived[0], PLAN, units=units)
    b = chitieu.score(derived[1], PLAN, units=pd.Series(units))
    assert_frame_equal(b.to_polars(), a.to_polars())


@pytest.mark.parametrize("format", ["annual", "long", "summary", "windows"])
def test_growth_accounting(raw: tuple[pl.DataFrame, Any], format: str) -> None:
    options = dict(TFP, capital_share="capital_share", method="rate", format=format)
    a = chitieu.growth_accounting(raw[0], **options)
    b = chitieu.growth_accounting(raw[1], **options)
    assert_frame_equal(b, a)


def test_tfp_sensitivity(raw: tuple[pl.DataFrame, Any]) -> None:
    a = chitieu.tfp_sensitivity(raw[0], **TFP)
    b = chitieu.tfp_sensitivity(raw[1], **TFP)
    assert_frame_equal(b, a)


def test_to_post_reform(raw: tuple[pl.DataFrame, Any]) -> None:
    assert_frame_equal(chitieu.to_post_reform(raw[1]), chitieu.to_post_reform(raw[0]))


@pytest.mark.parametrize("within", ["country", "regions", "red-river-delta"])
def test_rank(derived: tuple[pl.DataFrame, Any], within: str) -> None:
    a = chitieu.rank(derived[0], "researchers_per_10k", 2022, within=within)
    b = chitieu.rank(derived[1], "researchers_per_10k", 2022, within=within)
    assert_frame_equal(b, a)


def test_sustained_growth(derived: tuple[pl.DataFrame, Any]) -> None:
    a = chitieu.sustained_growth(derived[0], "researchers_per_10k", 3)
    b = chitieu.sustained_growth(derived[1], "researchers_per_10k", 3)
    assert a.height > 0
    assert_frame_equal(b, a)


def test_feasibility_of_a_pandas_series_skips_missing_values() -> None:
    # pandas marks a missing value NaN: it is skipped, as None is in a polars Series.
    a = chitieu.feasibility(0.05, pl.Series([0.01, None, 0.1, 0.03]))
    b = chitieu.feasibility(0.05, pd.Series([0.01, None, 0.1, 0.03]))
    assert b == a
    assert a is not None and a[2] == 3
    c = chitieu.feasibility(0.05, [0.01, math.nan, 0.1, 0.03])
    assert c == a


def test_feasibility_of_sustained_growth_from_pandas(derived: tuple[pl.DataFrame, Any]) -> None:
    rates = chitieu.sustained_growth(derived[0], "researchers_per_10k", 3)
    a = chitieu.feasibility(0.08, rates["cagr"])
    b = chitieu.feasibility(0.08, rates.to_pandas()["cagr"])
    assert a is not None and b == a


def test_rank_within() -> None:
    pii = chitieu.datasets.pii()
    args = ("bac-giang", "Trung du và miền núi phía Bắc", 2024)
    assert chitieu.rank_within(pii.to_pandas(), *args) == chitieu.rank_within(pii, *args)


FRAMEWORK = {
    "Level": [1, 1, 1, 2],
    "iCode": [
        "researchers_per_10k",
        "stinv_local_budget_share",
        "enterprises_pq_tools_share",
        "Index",
    ],
    "Direction": [1, 1, 1, 1],
    "Weight": [1.0, 1.0, 0.5, 1.0],
    "Parent": ["Index", "Index", "Index", None],
    "Type": ["Indicator", "Indicator", "Indicator", "Aggregate"],
}


def _assert_same_index(a: chitieu.Composite, b: chitieu.Composite) -> None:
    """Same stages, ranks and treatment (rows may come in another order from pandas)."""
    for name, stage in a.stages.items():
        assert_frame_equal(b.stage(name).sort("unit_id"), stage.sort("unit_id"))
    assert_frame_equal(b.ranks.sort("unit_id"), a.ranks.sort("unit_id"))
    assert_frame_equal(b.treatment, a.treatment)


@pytest.fixture(scope="module")
def wide(derived: tuple[pl.DataFrame, Any]) -> tuple[pl.DataFrame, Any]:
    """One column per indicator of FRAMEWORK, 2022 (a few missing values)."""
    codes = [c for c, t in zip(FRAMEWORK["iCode"], FRAMEWORK["Type"]) if t == "Indicator"]
    long = derived[0].filter(pl.col("year") == 2022, pl.col("indicator").is_in(codes))
    polars_wide = long.pivot(on="indicator", index="unit_id", values="value").sort("unit_id")
    # pandas users pivot too: the units end up in the index, named unit_id.
    pandas_wide = long.to_pandas().pivot(index="unit_id", columns="indicator", values="value")
    assert pandas_wide.index.name == "unit_id"
    return polars_wide, pandas_wide


def test_composite(wide: tuple[pl.DataFrame, Any]) -> None:
    polars_wide, pandas_wide = wide
    a = chitieu.composite(polars_wide, pl.DataFrame(FRAMEWORK), imputation="mean")
    b = chitieu.composite(pandas_wide, pd.DataFrame(FRAMEWORK), imputation="mean")
    _assert_same_index(a, b)
    assert b.stage("imputed").null_count().sum_horizontal().item() == 0


def test_composite_groups_and_denominators_from_pandas(wide: tuple[pl.DataFrame, Any]) -> None:
    polars_wide = wide[0].with_columns(
        group=pl.when(pl.col("unit_id") < "l").then(pl.lit("a-k")).otherwise(pl.lit("l-z")),
        pop=pl.lit(2.0),
    )
    framework = dict(FRAMEWORK, Denominator=[None, "pop", None, None])
    den = polars_wide.select("unit_id", "pop")
    options: dict[str, Any] = {"imputation": "group_mean", "treat": False}
    a = chitieu.composite(
        polars_wide, pl.DataFrame(framework), denominators=den, groups="group", **options
    )
    b = chitieu.composite(
        polars_wide.to_pandas(), pd.DataFrame(framework), denominators=den.to_pandas(),
        groups="group", **options,
    )  # fmt: skip
    _assert_same_index(a, b)
    # Groups as a pandas Series (one label per row of data) give the same index.
    c = chitieu.composite(
        polars_wide.to_pandas(), pd.DataFrame(framework), denominators=den.to_pandas(),
        groups=polars_wide.to_pandas()["group"], **options,
    )  # fmt: skip
    _assert_same_index(a, c)


def test_uncertainty_groups_from_pandas(wide: tuple[pl.DataFrame, Any]) -> None:
    index = chitieu.composite(wide[0], pl.DataFrame(FRAMEWORK), imputation="mean")
    unc = index.uncertainty(100, seed=3)
    members = wide[0]["unit_id"].head(10)
    a = unc.prob_rank_at_most(3, {"first10": members.to_list()})
    b = unc.prob_rank_at_most(3, {"first10": members.to_pandas()})
    assert_frame_equal(b, a)


@pytest.mark.parametrize(
    "change",
    ["categorical", "indexed", "object", "nullable", "arrow"],
)
def test_pandas_dtypes_and_indexes(obs: tuple[pl.DataFrame, Any], change: str) -> None:
    """The shapes pandas data arrives in: category ids, a (unit, indicator, year) index,
    object columns (a spreadsheet), nullable and Arrow-backed dtypes."""
    df = obs[1].copy()
    if change == "categorical":
        df["unit_id"] = df["unit_id"].astype("category")
        df["indicator"] = df["indicator"].astype("category")
    elif change == "indexed":
        df = df.set_index(["unit_id", "indicator", "year"])
    elif change == "object":
        df = df.astype(object)
        df.loc[0, "year"] = str(df.loc[0, "year"])
    elif change == "nullable":
        df = df.convert_dtypes()
    else:
        df = df.convert_dtypes(dtype_backend="pyarrow")
    assert_frame_equal(chitieu.observations(df), chitieu.observations(obs[0]))


def test_a_column_beats_an_index_level_of_the_same_name(obs: tuple[pl.DataFrame, Any]) -> None:
    df = obs[1].set_index("unit_id", drop=False)
    assert_frame_equal(chitieu.observations(df), chitieu.observations(obs[0]))


def test_the_callers_frame_is_not_modified(obs: tuple[pl.DataFrame, Any]) -> None:
    df = obs[1].astype({"value": object}).set_index("unit_id")
    before = df.copy()
    chitieu.observations(df)
    pd.testing.assert_frame_equal(df, before)
