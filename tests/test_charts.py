"""Charts (``chitieu.charts``) on the bundled synthetic demo panel.

Each chart builds, its Vega-Lite spec validates, and it renders with vl-convert; the data in
the spec is the data of the results (observed points, status counts, ranks, contributions);
the status colours are the core's; titles follow ``lang``; absent ids raise a clear error.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest

pytest.importorskip("altair")
pytest.importorskip("vl_convert")

import chitieu
from chitieu import _chitieu, charts

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
LAI_CHAU = "lai-chau-69-kl-tw-2024"
NMM = "northern-midlands-and-mountains"
TFP_SPEC = dict(
    output="grdp_constant",
    investment="investment_constant",
    labour="employment",
    capital_share="capital_share",
    method="rate",
)


# ---- fixtures: the demo panel, derived and scored as in examples/quickstart.py ---------


@pytest.fixture(scope="module")
def card(demo_observations: pl.DataFrame) -> chitieu.Scorecard:
    """Every seed plan scored on its own province."""
    plans = [sid for sid in chitieu.target_sets()["id"] if not sid.startswith("vn-")]
    return chitieu.score(demo_observations, plans)


@pytest.fixture(scope="module")
def summary(demo_raw: pl.DataFrame) -> pl.DataFrame:
    return chitieu.growth_accounting(demo_raw, **TFP_SPEC, format="summary", period=(2016, 2020))


@pytest.fixture(scope="module")
def index(demo_observations: pl.DataFrame) -> chitieu.Composite:
    codes = ["stinv_local_budget_share", "researchers_per_10k", "enterprises_innovating_share",
             "st_tasks_applied_share"]  # fmt: skip
    framework = pl.DataFrame(
        [(1, c, 1, 1.0, "Index", "Indicator") for c in codes]
        + [(2, "Index", 1, 1.0, None, "Aggregate")],
        schema=["Level", "iCode", "Direction", "Weight", "Parent", "Type"],
        orient="row",
    )
    wide = demo_observations.filter(pl.col("year") == 2024).pivot(
        on="indicator", index="unit_id", values="value"
    )
    return chitieu.composite(wide, framework, imputation="mean")


@pytest.fixture(scope="module")
def uncertainty(index: chitieu.Composite) -> chitieu.Uncertainty:
    return index.uncertainty(300, seed=1)


# ---- helpers ---------------------------------------------------------------------------


def rows_of(chart: Any) -> list[dict[str, Any]]:
    """Every data row of a chart's spec (inline datasets of all its layers)."""
    spec = chart.to_dict()
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def svg_text(chart: Any) -> str:
    """The chart rendered to SVG, with character references decoded."""
    svg = charts.to_svg(chart)
    assert svg.startswith("<svg")
    return html.unescape(svg)


def colour_scale(chart: Any) -> dict[str, Any]:
    """The status colour scale of a status overview (its bar layer's colour encoding)."""
    bars = chart.to_dict()["layer"][0]
    return bars["encoding"]["color"]["scale"]


# ---- every chart builds and validates --------------------------------------------------

BUILDERS: dict[str, Callable[..., Any]] = {
    "trajectory": lambda f, lang: charts.trajectory(
        f["demo_observations"], f["card"], "lai-chau", "researchers", lang=lang
    ),
    "status_overview": lambda f, lang: charts.status_overview(f["card"], lang=lang),
    "status_overview_sets": lambda f, lang: charts.status_overview(
        f["card"], by="set_id", lang=lang
    ),
    "regional_ranking": lambda f, lang: charts.regional_ranking(
        f["demo_observations"],
        indicator="researchers_per_10k",
        year=2024,
        highlight="lai-chau",
        lang=lang,
    ),
    "regional_ranking_one_region": lambda f, lang: charts.regional_ranking(
        f["demo_observations"], indicator="researchers_per_10k", year=2024, group=NMM, lang=lang
    ),
    "tfp_decomposition": lambda f, lang: charts.tfp_decomposition(
        f["summary"], units=f["nmm"], lang=lang
    ),
    "rank_intervals": lambda f, lang: charts.rank_intervals(
        f["uncertainty"], units=f["nmm"], lang=lang
    ),
}


@pytest.fixture(scope="module")
def inputs(
    demo_observations: pl.DataFrame,
    card: chitieu.Scorecard,
    summary: pl.DataFrame,
    uncertainty: chitieu.Uncertainty,
) -> dict[str, Any]:
    nmm = _chitieu.region_members(NMM, "2024-12-31")
    return {
        "demo_observations": demo_observations,
        "card": card,
        "summary": summary,
        "uncertainty": uncertainty,
        "nmm": nmm,
    }


@pytest.mark.parametrize("lang", ["vi", "en", "both"])
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_chart_builds_a_valid_spec(name: str, lang: str, inputs: dict[str, Any]) -> None:
    chart = BUILDERS[name](inputs, lang)
    spec = chart.to_dict(validate=True)  # Altair validates against the Vega-Lite schema
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert spec["config"]["font"] == charts.FONT
    assert rows_of(chart), "the chart carries its data"


@pytest.mark.parametrize("name", sorted(set(BUILDERS) - {"regional_ranking"}))
def test_every_chart_renders_to_svg_with_the_title_in_each_language(
    name: str, inputs: dict[str, Any]
) -> None:
    vi, en = (BUILDERS[name](inputs, lang).to_dict()["title"]["text"] for lang in ("vi", "en"))
    both = BUILDERS[name](inputs, "both").to_dict()["title"]["text"]
    assert both == vi + en, "the bilingual title is the Vietnamese lines, then the English"
    svg_vi = svg_text(BUILDERS[name](inputs, "vi"))
    svg_en = svg_text(BUILDERS[name](inputs, "en"))
    for line in vi:
        assert line in svg_vi
        assert line not in svg_en
    for line in en:
        assert line in svg_en


def test_pngs_render(inputs: dict[str, Any], tmp_path: Path) -> None:
    for name, lang in [("trajectory", "vi"), ("status_overview", "both"), ("rank_intervals", "en")]:
        chart = BUILDERS[name](inputs, lang)
        assert charts.to_png(chart, scale=1).startswith(PNG_MAGIC)
    out = charts.save(BUILDERS["tfp_decomposition"](inputs, "vi"), tmp_path / "tfp.png")
    assert out.read_bytes().startswith(PNG_MAGIC)


def test_save_by_suffix(inputs: dict[str, Any], tmp_path: Path) -> None:
    chart = BUILDERS["status_overview"](inputs, "vi")
    assert charts.save(chart, tmp_path / "a.svg").read_text(encoding="utf-8").startswith("<svg")
    assert "Tình hình thực hiện" in (tmp_path / "a.svg").read_text(encoding="utf-8")
    spec = charts.save(chart, tmp_path / "a.json").read_text(encoding="utf-8")
    assert "Tình hình thực hiện các mục tiêu" in spec  # not escaped
    with pytest.raises(ValueError, match=r"'a\.gif'.*\.png, \.svg"):
        charts.save(chart, tmp_path / "a.gif")


def test_html_export(
    inputs: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chart = BUILDERS["rank_intervals"](inputs, "vi")
    page = charts.save(chart, tmp_path / "a.html", offline=False).read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "Độ bất định của thứ hạng" in page
    # Offline pages inline the Vega libraries (bundling them takes seconds: not run here).
    import vl_convert

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(vl_convert, "vegalite_to_html", lambda spec, **kw: calls.append(kw) or "")
    charts.save(chart, tmp_path / "b.html")
    assert calls[0]["bundle"] is True


def test_bad_lang_is_refused(inputs: dict[str, Any]) -> None:
    for name in BUILDERS:
        with pytest.raises(ValueError, match="lang must be one of"):
            BUILDERS[name](inputs, "fr")


# ---- 1. trajectory ----------------------------------------------------------------------


def series(chart: Any, key: str) -> list[tuple[int, float]]:
    return sorted((r["year"], r["value"]) for r in rows_of(chart) if r["key"] == key)


def row_of(card: chitieu.Scorecard, unit: str, target: str) -> dict[str, Any]:
    rows = card.to_polars().filter(unit_id=unit, target_id=f"{LAI_CHAU}/{target}")
    return rows.row(0, named=True)


def test_trajectory_holds_the_observed_points_exactly(
    demo_observations: pl.DataFrame, card: Any
) -> None:
    chart = charts.trajectory(
        demo_observations, card, "lai-chau", f"{LAI_CHAU}/researchers", lang="vi"
    )
    expected = (
        demo_observations.filter(unit_id="lai-chau", indicator="researchers_per_10k")
        .drop_nulls("value")
        .sort("year")
    )
    assert series(chart, "observed") == list(zip(expected["year"], expected["value"]))


def test_trajectory_path_projection_and_target(demo_observations: pl.DataFrame, card: Any) -> None:
    row = row_of(card, "lai-chau", "stinv-budget-share")
    chart = charts.trajectory(demo_observations, card, "lai-chau", "stinv-budget-share", lang="en")
    assert series(chart, "target_path") == [
        (row["base_year"], row["base_value"]),
        (row["target_year"], row["target_value"]),
    ]
    assert series(chart, "target_value") == [(row["target_year"], row["target_value"])]
    projection = series(chart, "projection")
    assert projection[0] == (row["latest_year"], pytest.approx(row["latest_value"]))
    assert projection[-1] == (row["target_year"], pytest.approx(row["projected"]))
    # CAGR extrapolation (the default): a constant growth factor from year to year.
    factors = [b[1] / a[1] for a, b in zip(projection, projection[1:])]
    assert factors == pytest.approx([factors[0]] * len(factors))
    # Met in 2030 by the projection: a marker on the projected value of that year.
    assert row["year_met"] == 2030
    assert series(chart, "year_met") == [(2030, pytest.approx(row["projected"]))]
    spec = chart.to_dict()
    assert spec["title"]["text"] == [
        "S&T&I spending as a share of total local budget expenditure: Target ≥ 2 by 2030"
    ]
    assert spec["title"]["subtitle"] == ["Lai Chau · ▲ On track · Year met (projected): 2030"]
    dash = spec["layer"][0]["encoding"]["strokeDash"]["scale"]
    dashes = dict(zip(dash["domain"], dash["range"]))
    assert dashes["Observed"] == [1, 0] and dashes["Projected"] != [1, 0], "projection dashed"


def test_trajectory_linear_projection_follows_the_fitted_trend(
    demo_observations: pl.DataFrame,
) -> None:
    card = chitieu.score(demo_observations, LAI_CHAU, projection="linear")
    row = row_of(card, "lai-chau", "enterprises-innovating")
    chart = charts.trajectory(demo_observations, card, "lai-chau", "enterprises-innovating")
    projection = series(chart, "projection")
    assert [t for t, _ in projection] == [row["latest_year"], row["target_year"]]
    assert projection[-1][1] == pytest.approx(row["projected"])
    # The OLS line through the points from the base year, at the latest year.
    points = (
        demo_observations.filter(unit_id="lai-chau", indicator="enterprises_innovating_share")
        .drop_nulls("value")
        .filter(pl.col("year") >= row["base_year"])
    )
    x, y = points["year"].cast(pl.Float64), points["value"]
    slope = ((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum()
    fitted = y.mean() + slope * (row["latest_year"] - x.mean())
    assert projection[0][1] == pytest.approx(fitted)


def test_trajectory_year_met_beyond_the_chart_is_in_the_subtitle(
    demo_observations: pl.DataFrame, card: Any
) -> None:
    row = row_of(card, "lai-chau", "researchers")
    assert row["year_met"] > row["target_year"]
    chart = charts.trajectory(demo_observations, card, "lai-chau", "researchers", lang="vi")
    assert series(chart, "year_met") == []
    assert len(chart.to_dict()["layer"]) == 3  # lines, points, target rule
    assert chart.to_dict()["title"]["subtitle"] == [
        f"Lai Châu · ▼ Tiến triển hạn chế · Năm đạt (dự báo): {row['year_met']}"
    ]


def test_trajectory_of_a_trend_target_has_no_target_value(
    demo_observations: pl.DataFrame, card: Any
) -> None:
    chart = charts.trajectory(
        demo_observations, card, "lai-chau", "stinv-spending-trend", lang="vi"
    )
    keys = {r["key"] for r in rows_of(chart)}
    assert keys == {"observed", "projection"}
    assert "Mục tiêu tăng trong kỳ đến năm 2030" in " ".join(chart.to_dict()["title"]["text"])


def test_trajectory_of_a_cumulative_flow_shows_the_series(
    demo_observations: pl.DataFrame, card: Any
) -> None:
    chart = charts.trajectory(demo_observations, card, "lai-chau", "st-enterprises", lang="en")
    assert {r["key"] for r in rows_of(chart)} == {"observed"}
    assert "(cumulative) ≥ 2" in chart.to_dict()["title"]["text"][0]


def test_trajectory_accepts_pandas(demo_observations: pl.DataFrame, card: Any) -> None:
    pytest.importorskip("pandas")
    a = charts.trajectory(demo_observations, card, "lai-chau", "researchers")
    b = charts.trajectory(
        demo_observations.filter(unit_id="lai-chau").to_pandas(), card, "lai-chau", "researchers"
    )
    assert series(a, "observed") == series(b, "observed")


def test_trajectory_errors_name_what_is_missing(demo_observations: pl.DataFrame, card: Any) -> None:
    with pytest.raises(ValueError, match=r"unit 'ha-noi' is not in the scorecard.*'lai-chau'"):
        charts.trajectory(demo_observations, card, "ha-noi", "researchers")
    with pytest.raises(ValueError, match=r"target 'nope' is not scored for unit 'lai-chau'"):
        charts.trajectory(demo_observations, card, "lai-chau", "nope")
    with pytest.raises(ValueError, match=r"qualitative \(not measurable\)"):
        charts.trajectory(demo_observations, card, "lai-chau", "coworking-space")
    with pytest.raises(ValueError, match=r"indicator 'researchers_per_10k' for unit 'lai-chau'"):
        charts.trajectory(
            demo_observations.filter(unit_id="son-la"), card, "lai-chau", "researchers"
        )
    with pytest.raises(ValueError, match=r"observations lacks the columns \['value'\]"):
        charts.trajectory(demo_observations.drop("value"), card, "lai-chau", "researchers")


# ---- 2. status overview -----------------------------------------------------------------


@pytest.mark.parametrize("by", ["unit_id", "set_id"])
def test_status_counts_are_the_scorecards(card: Any, by: str) -> None:
    chart = charts.status_overview(card, by=by, lang="en")
    shown = {(r["group"], r["status"]): r["n"] for r in rows_of(chart)}
    counts = card.to_polars().group_by(by, pl.col("status").cast(pl.String)).len()
    assert shown == {(g, s): n for g, s, n in counts.iter_rows()}
    # Segments are laid end to end, best class first.
    statuses = _chitieu.statuses_frame()["status"].cast(pl.String).to_list()
    for group in {g for g, _ in shown}:
        mine = sorted((r for r in rows_of(chart) if r["group"] == group),
                      key=lambda r: statuses.index(r["status"]))  # fmt: skip
        assert mine[0]["start"] == 0
        assert all(a["end"] == b["start"] for a, b in zip(mine, mine[1:]))


@pytest.mark.parametrize("lang", ["vi", "en", "both"])
def test_status_colours_symbols_and_labels_are_the_cores(card: Any, lang: str) -> None:
    frame = _chitieu.statuses_frame()
    scale = colour_scale(charts.status_overview(card, lang=lang))
    assert scale["range"] == frame["colour"].to_list()
    pick = {"vi": lambda vi, en: vi, "en": lambda vi, en: en,
            "both": lambda vi, en: f"{vi} / {en}"}[lang]  # fmt: skip
    expected = [f"{s} {pick(vi, en)}" for s, vi, en in
                frame.select("symbol", "label_vi", "label_en").iter_rows()]  # fmt: skip
    assert scale["domain"] == expected
    on_track = frame.filter(pl.col("status") == "on_track").row(0, named=True)
    if lang == "vi":
        assert f"{on_track['symbol']} {on_track['label_vi']}" in scale["domain"]
    # The count labels use the class's text colour.
    for r in rows_of(charts.status_overview(card, lang=lang)):
        status = frame.filter(pl.col("status") == r["status"]).row(0, named=True)
        assert (r["colour"], r["text_colour"]) == (status["colour"], status["text_colour"])


def test_status_overview_names_units(card: Any) -> None:
    chart = charts.status_overview(card, lang="vi")
    names = {r["group"]: r["name"] for r in rows_of(chart)}
    assert names["lai-chau"] == "Lai Châu" and names["quang-tri"] == "Quảng Trị"
    with pytest.raises(ValueError, match="by must be 'unit_id' or 'set_id'"):
        charts.status_overview(card, by="indicator")


# ---- 3. regional ranking ------------------------------------------------------------------


def test_regional_ranking_within_every_region(demo_observations: pl.DataFrame) -> None:
    chart = charts.regional_ranking(
        demo_observations,
        indicator="researchers_per_10k",
        year=2024,
        highlight="lai-chau",
        lang="vi",
    )
    rows = {r["unit_id"]: r for r in rows_of(chart)}
    expected = chitieu.rank(
        demo_observations, "researchers_per_10k", 2024, within="regions"
    ).drop_nulls("rank")
    assert {u: (r["rank"], r["value"]) for u, r in rows.items()} == {
        u: (k, v) for u, k, v in expected.select("unit_id", "rank", "value").iter_rows()
    }
    assert rows["lai-chau"]["label"] == f"{rows['lai-chau']['rank']}. Lai Châu"
    assert rows["lai-chau"]["panel"] == "Trung du và miền núi phía Bắc"
    assert rows["lai-chau"]["colour"] != rows["son-la"]["colour"]
    assert {r["colour"] for u, r in rows.items() if u != "lai-chau"} == {rows["son-la"]["colour"]}
    assert chart.to_dict()["facet"]["row"]["field"] == "panel"


def test_regional_ranking_of_one_region(demo_observations: pl.DataFrame) -> None:
    chart = charts.regional_ranking(
        demo_observations,
        indicator="researchers_per_10k",
        year=2024,
        group="Northern Midlands and Mountains",
    )
    members = _chitieu.region_members("northern-midlands-and-mountains", "2024-12-31")
    rows = rows_of(chart)
    assert {r["unit_id"] for r in rows} == set(members)
    assert sorted(r["rank"] for r in rows)[0] == 1
    assert "facet" not in chart.to_dict()
    national = charts.regional_ranking(
        demo_observations, indicator="researchers_per_10k", year=2024, group="country"
    )
    with_value = demo_observations.filter(indicator="researchers_per_10k", year=2024).drop_nulls(
        "value"
    )
    assert len(rows_of(national)) == with_value.height


def test_regional_ranking_errors(demo_observations: pl.DataFrame) -> None:
    kw: dict[str, Any] = {"indicator": "researchers_per_10k", "year": 2024}
    with pytest.raises(ValueError, match=r"no values of indicator 'researchers_per_1k'"):
        charts.regional_ranking(demo_observations, indicator="researchers_per_1k", year=2024)
    with pytest.raises(ValueError, match=r"in 2031 \(years with values: \[2015, "):
        charts.regional_ranking(demo_observations, indicator="researchers_per_10k", year=2031)
    with pytest.raises(ValueError, match=r"unknown region 'Atlantis'"):
        charts.regional_ranking(demo_observations, **kw, group="Atlantis")
    with pytest.raises(ValueError, match=r"unit 'ha-noi' to highlight .* in northern-midlands"):
        charts.regional_ranking(demo_observations, **kw, group="northern-midlands-and-mountains",
                                highlight="ha-noi")  # fmt: skip


# ---- 4. TFP decomposition -----------------------------------------------------------------


def test_tfp_contributions_add_up_to_growth(summary: pl.DataFrame) -> None:
    chart = charts.tfp_decomposition(summary, lang="en")
    rows = rows_of(chart)
    factors = [r for r in rows if r["row"] == "factor"]
    totals = {r["unit_id"]: r["growth"] for r in rows if r["row"] == "total"}
    assert len(totals) == summary.height and len(factors) == 3 * summary.height
    for unit, growth in totals.items():
        parts = [r["pp"] for r in factors if r["unit_id"] == unit]
        assert math.fsum(parts) == pytest.approx(growth, abs=1e-6)
    lai = summary.filter(unit_id="lai-chau").row(0, named=True)
    got = {r["factor"]: r["pp"] for r in factors if r["unit_id"] == "lai-chau"}
    assert got == {"capital": lai["capital_pp"], "labour": lai["labour_pp"], "tfp": lai["tfp_pp"]}
    assert chart.to_dict()["title"]["subtitle"] == ["Period: 2016–2020"]


def test_tfp_decomposition_per_year(demo_raw: pl.DataFrame) -> None:
    annual = chitieu.growth_accounting(demo_raw, **TFP_SPEC, format="annual")
    long = chitieu.growth_accounting(demo_raw, **TFP_SPEC, format="long")
    one = charts.tfp_decomposition(annual, units=["lai-chau"])
    assert "layer" in one.to_dict() and "facet" not in one.to_dict()
    got = sorted((r["year"], r["factor"], r["pp"]) for r in rows_of(one) if r["row"] == "factor")
    from_long = charts.tfp_decomposition(long, units=["lai-chau"])
    assert got == sorted(
        (r["year"], r["factor"], pytest.approx(r["pp"]))
        for r in rows_of(from_long)
        if r["row"] == "factor"
    )
    two = charts.tfp_decomposition(annual, units=["lai-chau", "son-la"]).to_dict()
    assert two["facet"]["field"] == "name" and two["columns"] == 3


def test_tfp_decomposition_errors(demo_raw: pl.DataFrame, summary: pl.DataFrame) -> None:
    windows = chitieu.growth_accounting(demo_raw, **TFP_SPEC, format="windows")
    with pytest.raises(ValueError, match=r"format='windows'\) gives TFP shares only"):
        charts.tfp_decomposition(windows)
    with pytest.raises(ValueError, match=r"units \['atlantis'\] are not in the growth"):
        charts.tfp_decomposition(summary, units=["lai-chau", "atlantis"])
    with pytest.raises(ValueError, match=r"expected chitieu\.growth_accounting output"):
        charts.tfp_decomposition(summary.select("unit_id", "tfp_share"))


# ---- 5. rank intervals --------------------------------------------------------------------


def test_rank_intervals_from_the_uncertainty(uncertainty: chitieu.Uncertainty) -> None:
    chart = charts.rank_intervals(uncertainty, highlight="lai-chau", lang="en")
    rows = rows_of(chart)
    ranks = uncertainty.ranks
    assert len(rows) == ranks.height
    assert [r["median_rank"] for r in rows] == sorted(ranks["median_rank"].to_list())
    lai = next(r for r in rows if r["unit_id"] == "lai-chau")
    want = ranks.filter(unit_id="lai-chau").row(0, named=True)
    assert (lai["median_rank"], lai["q05"], lai["q95"], lai["nominal_rank"]) == (
        want["median_rank"], want["q05"], want["q95"], want["nominal_rank"]
    )  # fmt: skip
    spec = chart.to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rule", "point", "point"]
    assert spec["layer"][0]["encoding"]["x"]["field"] == "q05"
    assert spec["layer"][0]["encoding"]["x2"]["field"] == "q95"
    assert "Lai Chau" in spec["layer"][0]["encoding"]["y"]["axis"]["labelColor"]["expr"]


def test_rank_intervals_from_a_composite_or_a_table(
    index: chitieu.Composite, uncertainty: chitieu.Uncertainty
) -> None:
    nmm = _chitieu.region_members("northern-midlands-and-mountains", "2024-12-31")
    chart = charts.rank_intervals(index, units=nmm, n=100, seed=3)
    assert {r["unit_id"] for r in rows_of(chart)} == set(nmm)
    table = uncertainty.ranks.drop("nominal_rank")
    plain = charts.rank_intervals(table.to_pandas(), lang="vi").to_dict()
    assert [layer["mark"]["type"] for layer in plain["layer"]] == ["rule", "point"]
    with pytest.raises(ValueError, match=r"units \['atlantis'\] are not in the index"):
        charts.rank_intervals(uncertainty, units=["atlantis"])
    with pytest.raises(ValueError, match=r"ranks table lacks the columns \['q05', 'q95'\]"):
        charts.rank_intervals(table.drop("q05", "q95"))
    with pytest.raises(TypeError, match=r"expected a chitieu\.Composite"):
        charts.rank_intervals([1, 2, 3])
