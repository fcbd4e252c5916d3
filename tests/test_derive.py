"""Derivation of indicators from raw statistics, from Python."""

from __future__ import annotations

import polars as pl
import pytest

import chitieu


def raw(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema=["unit_id", "component", "year", "value"], orient="row", strict=False
    )


def value(df: pl.DataFrame, indicator: str, year: int) -> float | None:
    row = df.filter((pl.col("indicator") == indicator) & (pl.col("year") == year))
    assert row.height == 1, (indicator, year)
    return row["value"].item()


def test_hand_computed_formulas() -> None:
    out = chitieu.derive(
        raw(
            [
                ("lai-chau", "stinv_spending", 2023, 120.0),
                ("lai-chau", "stinv_spending_recurrent", 2023, 30.0),
                ("lai-chau", "local_budget_expenditure", 2023, 8000.0),
                ("lai-chau", "researchers_headcount", 2023, 410.0),
                ("lai-chau", "population", 2023, 487000.0),
                ("lai-chau", "enterprises_innovating", 2023, 300.0),
                ("lai-chau", "enterprises_active", 2023, 1200.0),
            ]
        )
    )
    assert out.columns == list(chitieu.OBSERVATION_COLUMNS)
    assert value(out, "stinv_local_budget_share", 2023) == pytest.approx(1.5)
    assert value(out, "science_operating_share", 2023) == pytest.approx(25.0)
    assert value(out, "researchers_per_10k", 2023) == pytest.approx(410 / 487000 * 1e4)
    assert value(out, "enterprises_innovating_share", 2023) == pytest.approx(25.0)
    src = out.filter(pl.col("indicator") == "researchers_per_10k")["source"].item()
    assert src == "chitieu: 10000 × researchers_headcount / population"


def test_errors_in_strict_mode_and_reasons_otherwise() -> None:
    df = raw(
        [
            ("a", "stinv_spending", 2022, 10.0),
            ("a", "stinv_spending", 2023, 12.0),
            ("a", "local_budget_expenditure", 2023, -1.0),
        ]
    )
    with pytest.raises(chitieu.DerivationError) as exc:
        chitieu.derive(df)
    assert [e["code"] for e in exc.value.errors] == ["missing_term", "non_positive_denominator"]
    assert exc.value.errors[0]["unit_id"] == "a"
    assert exc.value.errors[0]["year"] == 2022
    out = chitieu.derive(df, strict=False)
    share = out.filter(pl.col("indicator") == "stinv_local_budget_share")
    assert share["value"].to_list() == [None, None]
    assert share["flag"].to_list() == [
        "not_computed: no row for 'local_budget_expenditure'",
        "not_computed: denominator -1 is not positive",
    ]


def test_unknown_component_and_duplicates() -> None:
    with pytest.raises(chitieu.DerivationError, match="did you mean 'population'"):
        chitieu.derive(raw([("a", "populaton", 2023, 1.0)]))
    with pytest.raises(chitieu.DuplicateKeyError, match="component 'population'"):
        chitieu.derive(raw([("a", "population", 2023, 1.0), ("a", "population", 2023, 2.0)]))
    with pytest.raises(chitieu.SchemaError, match="'component' is missing"):
        chitieu.derive(raw([("a", "population", 2023, 1.0)]).rename({"component": "indicator"}))


def test_user_definitions_derive() -> None:
    definitions = {
        "components": [
            {
                "id": "st_budget_plan",
                "name_vi": "Dự toán chi KH&CN",
                "name_en": "Planned S&T spending",
                "unit": "vnd_billion",
                "additive": True,
                "source": "Sở Tài chính",
            }
        ],
        "indicators": [
            {
                "id": "st_execution_rate",
                "name_vi": "Tỷ lệ thực hiện dự toán",
                "name_en": "Execution rate",
                "unit": "percent",
                "direction": "increase",
                "kind": "ratio",
                "aggregation": "ratio_of_additive",
                "source": "Sở Tài chính",
                "formula": {
                    "kind": "ratio",
                    "numerator": ["stinv_spending"],
                    "denominator": ["st_budget_plan"],
                    "scale": 100.0,
                },
            }
        ],
    }
    out = chitieu.derive(
        raw([("a", "stinv_spending", 2023, 45.0), ("a", "st_budget_plan", 2023, 50.0)]),
        definitions=definitions,
    )
    assert value(out, "st_execution_rate", 2023) == pytest.approx(90.0)


# Every ratio and sum indicator of the catalog, with its formula written out by hand from the
# indicator definitions (issue 4): indicator -> (numerator, denominator, scale).
HAND_FORMULAS = {
    "stinv_local_budget_share": ("stinv_spending", "local_budget_expenditure", 100),
    "stinv_state_budget_share": ("stinv_spending", "state_budget_expenditure", 100),
    "stidt_state_budget_share": ("stidt_spending", "state_budget_expenditure", 100),
    "science_operating_share": ("stinv_spending_recurrent", "stinv_spending", 100),
    "st_investment_gdp_share": ("st_investment", "gdp_current", 100),
    "grd_gdp_share": ("gerd", "gdp_current", 100),
    "rd_society_share": ("gerd_nonstate", "gerd", 100),
    "digital_economy_gdp_share": ("digital_economy_value", "gdp_current", 100),
    "grdp_deflator": ("gdp_current", "grdp_constant", 100),
    "enterprises_innovating_share": ("enterprises_innovating", "enterprises_active", 100),
    "enterprises_pq_tools_share": ("enterprises_pq_supported", "enterprises_active", 100),
    "researchers_per_10k": ("researchers_headcount", "population", 10_000),
    "researchers_fte_per_10k": ("researchers_fte", "population", 10_000),
    "st_tasks_applied_share": ("st_tasks_applied", "st_tasks_accepted", 100),
    "key_products_ip_share": ("key_products_ip_registered", "key_products_total", 100),
    "stinv_spending": ("stinv_spending", None, 1),
    "st_enterprises": ("st_enterprises_count", None, 1),
    "st_enterprises_new": ("st_enterprises_new_count", None, 1),
    "innovative_startups": ("innovative_startups_count", None, 1),
    "innovative_startups_new": ("innovative_startups_new_count", None, 1),
    "startup_projects_supported": ("startup_projects_supported_count", None, 1),
    "incubators": ("incubators_count", None, 1),
    "startup_support_facilities_new": ("startup_facilities_new_count", None, 1),
    "enterprise_st_funds": ("enterprise_st_funds_count", None, 1),
    "publications": ("publications_count", None, 1),
    "patent_applications": ("patent_applications_count", None, 1),
    "patent_grants": ("patent_grants_count", None, 1),
    "plant_variety_applications": ("plant_variety_applications_count", None, 1),
}


def test_every_derivable_formula_matches_its_hand_written_form() -> None:
    cat = chitieu.catalog()
    derivable = set(cat.filter(pl.col("formula").str.contains("reported|growth").not_())["id"])
    assert derivable == set(HAND_FORMULAS)
    # Distinct values per component so that a wrong term would show.
    comps = sorted({c for n, d, _ in HAND_FORMULAS.values() for c in (n, d) if c})
    values = {c: 3.0 + 7.0 * i for i, c in enumerate(comps)}
    out = chitieu.derive(raw([("u", c, 2023, v) for c, v in values.items()]))
    for indicator, (num, den, scale) in HAND_FORMULAS.items():
        want = scale * values[num] / (values[den] if den else 1.0)
        assert value(out, indicator, 2023) == pytest.approx(want, rel=1e-12), indicator
