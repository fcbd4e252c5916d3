"""The composite index from Python against COINr's ASEM reference, and rank uncertainty."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import chitieu

REF = Path(__file__).resolve().parent / "reference" / "coinr-asem"


@pytest.fixture(scope="module")
def asem() -> tuple:
    assert REF.exists(), f"COINr reference data missing: {REF} (tests/reference/coinr-asem)"
    read = lambda name: pl.read_csv(REF / name, infer_schema_length=None)  # noqa: E731
    raw = read("raw.csv").rename({"UnitCode": "unit_id"})
    den = read("denominators.csv").rename({"UnitCode": "unit_id"})
    den = den.select("unit_id", Area="Den_Area", Energy="Den_Energy", GDP="Den_GDP",
                     Population="Den_Pop")  # fmt: skip
    meta = read("iMeta.csv")
    built = chitieu.composite(
        raw, meta, denominators=den, imputation="group_mean", groups="Group_EurAsia"
    )
    return built, read


def max_abs_diff(ours: pl.DataFrame, ref: pl.DataFrame) -> float:
    """Largest |ours − ref| over the value columns, matched by unit. A value missing (null
    or NaN) on one side only is a difference, reported with its column and units; missing on
    both sides is equal."""
    assert ours["unit_id"].to_list() == ref["unit_id"].to_list(), "units differ or are unordered"
    worst = 0.0
    for c in ours.columns:
        if c == "unit_id":
            continue
        a, b = ours[c].cast(pl.Float64), ref[c].cast(pl.Float64)
        a_missing = a.is_null() | a.is_nan().fill_null(False)
        b_missing = b.is_null() | b.is_nan().fill_null(False)
        one_sided = a_missing != b_missing
        units = ours["unit_id"].filter(one_sided).to_list()
        assert not units, f"column {c}: missing on one side only for {units}"
        both = ~a_missing
        if both.any():
            worst = max(worst, float((a.filter(both) - b.filter(both)).abs().max()))
    return worst


def test_stage_comparison_counts_a_one_sided_null() -> None:
    ours = pl.DataFrame({"unit_id": ["x", "y", "z"], "a": [1.0, None, None]})
    assert max_abs_diff(ours, ours.with_columns(a=pl.Series([1.5, None, None]))) == 0.5
    for ref in ([1.0, 2.0, None], [None, None, None], [float("nan"), None, None]):
        with pytest.raises(AssertionError, match="column a: missing on one side only"):
            max_abs_diff(ours, ours.with_columns(a=pl.Series(ref, dtype=pl.Float64)))


def test_stages_match_coinr(asem: tuple) -> None:
    built, read = asem
    for stage, file in [("normalised", "normalised.csv"), ("aggregated", "aggregated.csv"),
                        ("treated", "treated.csv")]:  # fmt: skip
        ours = built.stage(stage)
        ref = read(file).rename({"UnitCode": "unit_id"}).select(ours.columns)
        diff = max_abs_diff(ours, ref)
        assert diff < 1e-9, (stage, diff)
    top = built.scores().head(5)
    assert top["unit_id"].to_list() == ["CHE", "NLD", "DNK", "NOR", "BEL"]
    assert top["score"][0] == pytest.approx(68.383724, abs=1e-6)
    treated = built.treatment.filter(pl.col("outcome") == "winsorised")
    assert (treated.height, treated["high"].sum(), treated["low"].sum()) == (15, 34, 1)


def test_ranks_match_coinr_after_rounding() -> None:
    read = lambda name: pl.read_csv(REF / name, infer_schema_length=None)  # noqa: E731
    raw = read("raw.csv").rename({"UnitCode": "unit_id"})
    den = read("denominators.csv").rename({"UnitCode": "unit_id"})
    den = den.select("unit_id", Area="Den_Area", Energy="Den_Energy", GDP="Den_GDP",
                     Population="Den_Pop")  # fmt: skip
    built = chitieu.composite(
        raw, read("iMeta.csv"), denominators=den, imputation="group_mean",
        groups="Group_EurAsia", rank_decimals=2,
    )  # fmt: skip
    ranks = read("ranks.csv").rename({"UnitCode": "unit_id"})
    compared = [c for c in built.ranks.columns if c != "unit_id" and c in ranks.columns]
    assert len(compared) >= 11
    joined = built.ranks.join(ranks, on="unit_id", suffix="_ref")
    assert joined.height == ranks.height
    for col in compared:
        assert joined[col].cast(pl.Int64).equals(joined[f"{col}_ref"].cast(pl.Int64)), col


def test_uncertainty_is_seeded_and_probabilities_sum_to_k(asem: tuple) -> None:
    built, _ = asem
    u1 = built.uncertainty(400, seed=7, weight_noise=0.25)
    u2 = built.uncertainty(400, seed=7, weight_noise=0.25)
    assert u1.ranks.equals(u2.ranks)
    assert (u1.ranks["q05"] <= u1.ranks["median_rank"]).all()
    assert (u1.ranks["median_rank"] <= u1.ranks["q95"]).all()
    units = built.stage("raw")["unit_id"].to_list()
    p = u1.prob_rank_at_most(3, {"first20": units[:20], "last10": units[-10:][::-1], "all": units})
    sums = dict(p.group_by("group").agg(pl.col("p").sum()).iter_rows())
    assert sums == pytest.approx({"first20": 3.0, "last10": 3.0, "all": 3.0})
    # Each unit's probability is attached to that unit (last10 given in reverse order).
    last = p.filter(group="last10")
    assert last["unit_id"].to_list() == units[-10:][::-1]
    assert u1.sensitivity is not None and u1.sensitivity.height > 0
    zero = built.uncertainty(50, seed=1, weight_noise=0.0)
    nominal = built.scores().select("unit_id", "rank")
    check = zero.ranks.join(nominal, on="unit_id")
    assert (check["median_rank"] == check["rank"].cast(pl.Float64)).all()


def test_framework_errors() -> None:
    meta = pl.DataFrame(
        {"Level": [1, 2], "iCode": ["a", "A"], "Direction": [1, 1], "Weight": [-1.0, 1.0],
         "Parent": ["B", None], "Type": ["Indicator", "Aggregate"]}
    )  # fmt: skip
    with pytest.raises(chitieu.InvalidValueError):
        chitieu.composite(pl.DataFrame({"unit_id": ["x", "y"], "a": [1.0, 2.0]}), meta)
    with pytest.raises(chitieu.SchemaError, match="missing"):
        chitieu.composite(pl.DataFrame({"unit_id": ["x"]}), meta)


def test_p_met_for_rank_targets_from_an_index() -> None:
    # A small index of the 14 Northern Midlands and Mountains provinces: Bắc Giang leads on
    # every indicator, so it is in the region's top 3 in every replication.
    units = chitieu.units("2024-01-11").filter(region="northern-midlands-and-mountains")["id"]
    wide = pl.DataFrame({"unit_id": units}).with_columns(
        a=pl.when(pl.col("unit_id") == "bac-giang").then(100.0).otherwise(pl.int_range(14) * 1.0),
        b=pl.when(pl.col("unit_id") == "bac-giang").then(100.0).otherwise(pl.int_range(14) * 2.0),
    )
    meta = pl.DataFrame(
        [(1, "a", 1, 1.0, "Index", "Indicator"), (1, "b", 1, 1.0, "Index", "Indicator"),
         (2, "Index", 1, 1.0, None, "Aggregate")],
        schema=["Level", "iCode", "Direction", "Weight", "Parent", "Type"], orient="row",
    )  # fmt: skip
    unc = chitieu.composite(wide, meta, treat=False).uncertainty(200, seed=2)
    ranks = pl.DataFrame({"unit_id": units, "indicator": "pii_score", "year": 2024}).join(
        wide.select("unit_id", value="a"), on="unit_id"
    )
    card = chitieu.score(ranks, "bac-giang-69-kl-tw-2024", uncertainty=unc).to_polars()
    row = card.filter(kind="top_k").row(0, named=True)
    assert row["p_met"] == 1.0
    assert card.filter(pl.col("kind") != "top_k")["p_met"].null_count() == card.height - 1
