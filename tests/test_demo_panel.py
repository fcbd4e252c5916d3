"""The bundled SYNTHETIC demo panel derives for all 63 provinces (issue 4's done-when)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import chitieu

PANEL = Path(__file__).resolve().parent.parent / "examples" / "data" / "demo_raw_panel.csv"


@pytest.fixture(scope="module")
def raw() -> pl.DataFrame:
    return pl.read_csv(PANEL, comment_prefix="#")


def test_header_says_synthetic() -> None:
    first = PANEL.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# SYNTHETIC")


def test_strict_mode_reports_only_the_documented_gap(raw: pl.DataFrame) -> None:
    with pytest.raises(chitieu.DerivationError) as exc:
        chitieu.derive(raw)
    assert [(e["unit_id"], e["indicator"], e["year"]) for e in exc.value.errors] == [
        ("bac-kan", "stinv_local_budget_share", 2019)
    ]


def test_non_strict_derives_every_province(raw: pl.DataFrame) -> None:
    out = chitieu.derive(raw, strict=False)
    assert out["unit_id"].n_unique() == 63
    # Nothing silently dropped: every null value says why.
    nulls = out.filter(pl.col("value").is_null())
    assert nulls["flag"].str.starts_with("not_computed").all()
    # TFP contribution for 2016-2024 for every province (2015 anchors the growth).
    tfp = out.filter(pl.col("indicator") == "tfp_contribution")
    spans = tfp.group_by("unit_id").agg(
        first=pl.col("year").min(), last=pl.col("year").max(), n=pl.len()
    )
    assert spans.height == 63
    assert set(spans.select("first", "last", "n").rows()) == {(2016, 2024, 9)}
    # Ratios recomputed by hand for one province-year.
    row = raw.filter(pl.col("unit_id") == "lai-chau", pl.col("year") == 2020)
    comp = dict(zip(row["component"], row["value"]))
    share = out.filter(
        pl.col("unit_id") == "lai-chau",
        pl.col("year") == 2020,
        pl.col("indicator") == "stinv_local_budget_share",
    )["value"].item()
    assert comp["stinv_spending"] is not None
    assert comp["local_budget_expenditure"] is not None
    assert share == pytest.approx(100 * comp["stinv_spending"] / comp["local_budget_expenditure"])
