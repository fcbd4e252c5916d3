"""COINr's everyday parameters from Python, against COINr 1.1.14's own outputs
(tests/reference/coinr-configs, made by scripts/coinr/make_references.R): configurations as
plain dicts, and the uncertainty and sensitivity analysis of COINr's sensitivity vignette."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import chitieu

REF = Path(__file__).resolve().parent / "reference" / "coinr-configs"
DENOMINATORS = ["Area", "Energy", "GDP", "Population"]


def _inputs(config: str = "") -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    data = pl.read_csv(REF / "inputs" / "iData.csv", infer_schema_length=None)
    own = REF / config / "iMeta.csv"
    meta = pl.read_csv(own if config and own.is_file() else REF / "inputs" / "iMeta.csv")
    meta = meta.filter(pl.col("Type").is_in(["Indicator", "Aggregate"]))
    data = data.rename({"uCode": "unit_id"})
    return data, meta, data.select("unit_id", *DENOMINATORS)


def _check(config: str, comp: chitieu.Composite, stage: str, file: str) -> None:
    want = pl.read_csv(REF / config / f"{file}.csv", infer_schema_length=None)
    ours = comp.stage(stage).rename({"unit_id": "uCode"}).sort("uCode")
    assert ours["uCode"].to_list() == want["uCode"].to_list()
    for code in ours.columns[1:]:
        for a, b in zip(ours[code], want[code].cast(pl.Float64)):
            if a is None or b is None:
                assert a is None and b is None, (config, stage, code)
            else:
                assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9), (config, stage, code, a, b)


DEFAULT: dict[str, Any] = dict(
    imputation="group_mean", groups="EurAsia_group", screen={"dat_thresh": 0.9},
    treat={"winmax": 5}, normalisation={"method": "minmax", "lo": 0, "hi": 100},
)  # fmt: skip


def test_zscore_with_geometric_mean_as_dicts() -> None:
    data, meta, den = _inputs()
    comp = chitieu.composite(
        data, meta, denominators=den, treat={"winmax": 5},
        normalisation={"method": "zscore", "mean": 10, "sd": 2}, aggregation="geom_mean",
    )  # fmt: skip
    for stage, file in [("treated", "Treated"), ("normalised", "Normalised"),
                        ("aggregated", "Aggregated")]:  # fmt: skip
        _check("zscore_geom", comp, stage, file)


def test_log_fallback_with_individual_treatment_as_dicts() -> None:
    data, meta, den = _inputs()
    comp = chitieu.composite(
        data,
        meta,
        denominators=den,
        treat={"winmax": 1, "f2": "log_CT"},
        treat_by={"Services": False, "Bord": {"winmax": 3}},
    )
    _check("log_fallback", comp, "treated", "Treated")
    _check("log_fallback", comp, "aggregated", "Aggregated")


def test_changed_weights_from_a_table() -> None:
    data, meta, den = _inputs()
    weights = pl.read_csv(REF / "weights" / "weights.csv")
    comp = chitieu.composite(data, meta, denominators=den, weights=weights, **DEFAULT)
    _check("weights", comp, "aggregated", "Aggregated")
    ranks = pl.read_csv(REF / "weights" / "ranks.csv").sort("uCode")
    assert comp.ranks.sort("unit_id")["Index"].to_list() == ranks["Index"].to_list()


def test_geometric_mean_of_a_zero_names_node_and_unit() -> None:
    data, meta, den = _inputs()
    with pytest.raises(chitieu.InvalidValueError, match="geometric") as e:
        chitieu.composite(data, meta, denominators=den, aggregation="geom_mean", **DEFAULT)
    assert any(code in str(e.value) for code in ("Physical", "ConEcFin", "Index", "P2P"))


def test_a_bad_specification_names_where() -> None:
    data, meta, den = _inputs()
    with pytest.raises(chitieu.InvalidValueError, match=r"normalisation: invalid type.*two"):
        chitieu.composite(data, meta, normalisation={"method": "zscore", "sd": "two"})
    with pytest.raises(chitieu.InvalidValueError, match="not indicators"):
        chitieu.composite(data, meta, denominators=den, normalisation_by={"Nope": "rank"})
    with pytest.raises(chitieu.InvalidValueError, match="Area, Energy, GDP, Population"):
        chitieu.composite(data, meta)  # the framework names denominators
    with pytest.raises(TypeError, match="list of alternatives"):
        chitieu.composite(data, meta, denominators=den, **DEFAULT).uncertainty(
            10, normalisations="zscore"
        )


@pytest.fixture(scope="module")
def asem() -> chitieu.Composite:
    data, meta, den = _inputs()
    return chitieu.composite(data, meta, denominators=den, **DEFAULT)


VIGNETTE: dict[str, Any] = dict(
    weight_noise=0.25, weight_levels=[2, 3],
    normalisations=[{"method": "minmax", "lo": 1, "hi": 100},
                    {"method": "zscore", "mean": 10, "sd": 2}],
    aggregations=["arith_mean", "geom_mean"],
    treatments=[{"winmax": w} for w in range(1, 6)],
)  # fmt: skip


def test_the_vignette_uncertainty_runs_as_written(asem: chitieu.Composite) -> None:
    unc = asem.uncertainty(4000, seed=2, **VIGNETTE)
    coinr = pl.read_csv(REF / "uncertainty" / "rank_stats.csv").sort("uCode")
    ours = unc.ranks.sort("unit_id")
    assert ours["nominal_rank"].to_list() == coinr["Nominal"].to_list()
    # Mean ranks within a few places (Monte Carlo error of COINr's 500 replications).
    worst = max(abs(a - b) for a, b in zip(ours["mean_rank"], coinr["Mean"]))
    assert worst < 1.5, worst
    assert set(unc.sensitivity["input"]) >= {"normalisation", "aggregation", "treatment"}
    # P(rank <= k) for any k and group from the kept replications.
    for k in (1, 5, 10):
        assert unc.prob_rank_at_most(k)["p"].sum() == pytest.approx(k, abs=1e-9)


def test_the_vignette_sensitivity_indices(asem: chitieu.Composite) -> None:
    s = asem.sensitivity(500, bootstrap=100, seed=3, **VIGNETTE)
    coinr = pl.read_csv(REF / "uncertainty" / "sobol.csv")
    names = {"weights": "Weights", "normalisation": "Normalisation",
             "aggregation": "Aggregation", "treatment": "Winmax"}  # fmt: skip
    assert sorted(s.indices["input"].map_elements(names.get, return_dtype=pl.String)) == sorted(
        coinr["Variable"]
    )
    top = s.indices.sort("total", descending=True)["input"][0]
    assert top == "aggregation"
    for r in s.indices.iter_rows(named=True):
        assert r["total_q05"] <= r["total"] <= r["total_q95"]
    assert s.ranks.height == 51 and s.variance > 0
