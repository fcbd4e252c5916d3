"""The indicator catalog from Python: listing, lookup, user definitions and their errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import chitieu

USER_TOML = """
[[components]]
id = "st_budget_plan"
name_vi = "Dự toán chi khoa học và công nghệ"
name_en = "Planned S&T spending"
unit = "vnd_billion"
additive = true
source = "Sở Tài chính"

[[indicators]]
id = "st_execution_rate"
name_vi = "Tỷ lệ thực hiện dự toán chi khoa học và công nghệ"
name_en = "S&T budget execution rate"
unit = "percent"
direction = "increase"
kind = "ratio"
aggregation = "ratio_of_additive"
source = "Sở Tài chính"

[indicators.formula]
kind = "ratio"
numerator = ["stinv_spending"]
denominator = ["st_budget_plan"]
scale = 100.0
"""


def test_catalog_lists_every_plan_indicator_bilingually() -> None:
    cat = chitieu.catalog()
    ids = set(cat["id"])
    # Indicators the seed plans and national frameworks target (issue 4).
    for needed in [
        "stinv_local_budget_share",
        "stinv_state_budget_share",
        "science_operating_share",
        "tfp_contribution",
        "st_enterprises",
        "st_enterprises_new",
        "innovative_startups",
        "innovative_startups_new",
        "startup_projects_supported",
        "enterprises_innovating_share",
        "enterprises_pq_tools_share",
        "researchers_per_10k",
        "researchers_fte_per_10k",
        "st_tasks_applied_share",
        "key_products_ip_share",
        "incubators",
        "innovation_startup_centre",
        "grd_gdp_share",
        "rd_society_share",
        "digital_economy_gdp_share",
        "gii_rank",
        "pii_score",
        "pii_rank",
        "publications",
        "patent_applications",
    ]:
        assert needed in ids, needed
    assert cat["name_vi"].null_count() == 0
    assert all(not name.isascii() for name in cat["name_vi"])
    assert set(cat["direction"]) == {"increase", "decrease"}


def test_indicator_lookup_and_html() -> None:
    ind = chitieu.indicator("stinv_local_budget_share")
    assert ind.formula == "100 × stinv_spending / local_budget_expenditure"
    assert ind.terms == ("stinv_spending", "local_budget_expenditure")
    assert (ind.lower, ind.upper) == (0.0, 100.0)
    page = ind._repr_html_()
    assert "Tỷ lệ chi cho khoa học" in page
    assert "<table>" in page


def test_unknown_indicator_suggests() -> None:
    with pytest.raises(chitieu.UnknownIdError, match="did you mean 'researchers_per_10k'"):
        chitieu.indicator("researcher_per_10k")


@pytest.mark.parametrize("form", ["text", "path", "dict"])
def test_user_definitions(form: str, tmp_path: Path) -> None:
    if form == "text":
        definitions = USER_TOML
    elif form == "path":
        definitions = tmp_path / "mine.toml"
        definitions.write_text(USER_TOML, encoding="utf-8")
    else:
        tomllib = pytest.importorskip("tomllib")
        definitions = tomllib.loads(USER_TOML)
    assert "st_execution_rate" in set(chitieu.catalog(definitions)["id"])
    assert "st_budget_plan" in set(chitieu.components(definitions)["id"])


def test_bad_definitions_are_all_reported() -> None:
    bad = USER_TOML.replace('["st_budget_plan"]', '["st_budget_plam"]').replace(
        'id = "st_execution_rate"', 'id = "researchers_per_10k"'
    )
    with pytest.raises(chitieu.DefinitionError) as exc:
        chitieu.catalog(bad)
    codes = [e["code"] for e in exc.value.errors]
    assert codes == ["duplicate_id"]
    bad = USER_TOML.replace('["st_budget_plan"]', '["st_budget_plam"]')
    with pytest.raises(chitieu.DefinitionError, match="did you mean 'st_budget_plan'"):
        chitieu.catalog(bad)
    with pytest.raises(chitieu.DefinitionError, match="line"):
        chitieu.catalog(USER_TOML.replace('"percent"', '"percents"'))
    cycle = {
        "indicators": [
            json.loads(
                '{"id": "a", "name_vi": "Â", "name_en": "A", "unit": "count", '
                '"direction": "increase", "kind": "stock", "aggregation": "additive", '
                '"source": "x", "formula": {"kind": "sum", "terms": ["b"]}}'
            ),
            json.loads(
                '{"id": "b", "name_vi": "Ă", "name_en": "B", "unit": "count", '
                '"direction": "increase", "kind": "stock", "aggregation": "additive", '
                '"source": "x", "formula": {"kind": "sum", "terms": ["a"]}}'
            ),
        ]
    }
    with pytest.raises(chitieu.DefinitionError, match="cycle: a → b → a"):
        chitieu.catalog(cycle)
    with pytest.raises(TypeError):
        chitieu.catalog(42)  # type: ignore[arg-type]
