"""Quickstart: raw statistics -> indicators -> progress towards 2030 targets.

Runs on the bundled SYNTHETIC demo data (examples/data/, seeded, not real statistics; see
examples/data/README.md). The targets are those of Lai Châu's programme implementing
Conclusion 69-KL/TW (by 2030: S&T&I spending 2% of local budget expenditure, 10 researchers
per 10,000 population, 40% of enterprises innovating, TFP contribution to growth >= 37.6%),
applied here to every province to show the machinery.

    make demo        # or: python examples/quickstart.py
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

import chitieu

DATA = Path(__file__).parent / "data"
TARGET_YEAR = 2030
# indicator -> target value by 2030 (Lai Châu, Conclusion 69-KL/TW programme)
TARGETS = {
    "stinv_local_budget_share": 2.0,
    "researchers_per_10k": 10.0,
    "enterprises_innovating_share": 40.0,
    "tfp_contribution": 37.6,
}

pl.Config.set_tbl_rows(20)
pl.Config.set_tbl_width_chars(160)
pl.Config.set_fmt_str_lengths(70)


def section(title: str) -> None:
    print(f"\n=== {title} ===")


def main() -> None:
    print(f"chitieu {chitieu.__version__} · SYNTHETIC demo data (seeded, not real statistics)")

    section("1. Raw statistics -> indicators (chitieu.derive)")
    raw = pl.read_csv(DATA / "demo_raw_panel.csv", comment_prefix="#")
    print(f"{raw.height} raw rows, {raw['unit_id'].n_unique()} provinces, 2015-2024")
    try:
        chitieu.derive(raw)  # strict: every gap is an error
    except chitieu.DerivationError as e:
        print(f"strict mode refuses the panel's one deliberate gap:\n  {e.errors[0]['message']}")
    obs = chitieu.derive(raw, strict=False)  # the gap becomes a null value with its reason
    print(
        f"non-strict: {obs.height} indicator values, {obs['value'].null_count()} null with a reason"
    )
    gap = obs.filter(
        (pl.col("unit_id") == "bac-kan")
        & (pl.col("indicator") == "stinv_local_budget_share")
        & (pl.col("year") == 2019)
    )
    print(gap.select("unit_id", "indicator", "year", "value", "flag"))

    latest = (
        obs.filter(pl.col("year") == 2024, pl.col("indicator").is_in(list(TARGETS)))
        .pivot(on="indicator", index="unit_id", values="value")
        .sort("unit_id")
    )
    print("\nIndicators in 2024 (first provinces):")
    print(latest.head(8))
    print("formula of each:")
    for ind in TARGETS:
        print(f"  {ind}: {chitieu.indicator(ind).name_vi} = {chitieu.indicator(ind).formula}")

    section("2. TFP contribution to GRDP growth, Lai Châu (growth accounting)")
    tfp = obs.filter(pl.col("indicator") == "tfp_contribution", pl.col("unit_id") == "lai-chau")
    print(
        tfp.select(
            pl.col("year").cast(pl.String), pl.col("value").round(2).alias("TFP %")
        ).transpose(include_header=True, column_names="year")
    )
    print("conventions:", tfp["source"][0])
    spec = dict(
        output="grdp_constant",
        investment="investment_constant",
        labour="employment",
        capital_share="capital_share",
        method="rate",
    )
    period = chitieu.growth_accounting(raw, **spec, format="summary", period=(2016, 2020))
    national = pl.read_csv(DATA / "national_published.csv").filter(
        pl.col("indicator") == "tfp_contribution"
    )
    print("\nTFP share of summed GRDP growth 2016-2020 (headline), a few provinces:")
    print(
        period.select("unit_id", "tfp_share", "mean_of_annual_shares", "capital_pp", "tfp_pp")
        .with_columns(pl.exclude("unit_id").round(2))
        .head(5)
    )
    print("published national figures (real, with sources in national_published.csv):")
    print(national.select("period", "value", "source").head(4))
    grid = chitieu.tfp_sensitivity(
        raw.filter(pl.col("unit_id") == "lai-chau"),
        **{k: v for k, v in spec.items() if k != "capital_share"},
        capital_shares=[0.3, 0.4, 0.5],
        depreciations=[0.04, 0.06],
    )
    print("sensitivity of Lai Châu's TFP share (2016-2024) to the capital share and δ:")
    print(
        grid.pivot(on="depreciation", index="capital_share", values="tfp_share").with_columns(
            pl.exclude("capital_share").round(1)
        )
    )

    section("3. Scorecards: every seed plan on its own province (chitieu.score)")
    plans = [sid for sid in chitieu.target_sets()["id"] if not sid.startswith("vn-")]
    card = chitieu.score(obs, plans)
    print(card)
    print(
        card.summary().select(
            "unit_id", "set_id", "targets", "scored", pl.col("mean_score").round(2), "status_vi"
        )
    )
    print("\nLai Châu's programme, target by target:")
    print(
        card.to_polars()
        .filter(pl.col("unit_id") == "lai-chau", pl.col("status") != "not_measurable")
        .select(
            "indicator",
            pl.col("latest_value").round(2),
            "target_value",
            "status",
            pl.col("score").round(2),
            "year_met",
        )
    )
    everyone = chitieu.score(obs, "lai-chau-69-kl-tw-2024", units=obs["unit_id"].unique().sort())
    print("\nLai Châu's targets applied to all 63 provinces (status counts per indicator):")
    print(
        everyone.to_polars()
        .filter(pl.col("status") != "not_measurable")
        .pivot(on="status", index="indicator", values="unit_id", aggregate_function="len")
        .fill_null(0)
    )

    section("4. Real published data: PII ranks (chitieu.datasets.pii, with sources)")
    pii = chitieu.datasets.pii()
    print("Bắc Giang: 'top 3 of the Northern Midlands and Mountains in S&T development and")
    print("application' (plan implementing 69-KL/TW). PII is the published measure closest to")
    print("that wording; the regional rank is bounded from the national ranks published:")
    for year in (2023, 2024):
        r = chitieu.rank_within(pii, "bac-giang", "Trung du và miền núi phía Bắc", year)
        verdict = {True: "achieved", False: "not achieved", None: "undetermined"}[r.meets_top(3)]
        src = pii.filter(unit_id="bac-giang", edition=year)["source_url"].item()
        print(f"  {r!r} -> top 3 {verdict}\n    source: {src.split(' | ')[0]}")
    ranks = pii.filter(pl.col("edition") < 2025, pl.col("national_rank").is_not_null()).select(
        "unit_id",
        pl.lit("pii_rank").alias("indicator"),
        pl.col("edition").alias("year"),
        pl.col("national_rank").cast(pl.Float64).alias("value"),
        pl.col("source_url").alias("source"),
    )
    top3 = chitieu.score(ranks, "bac-giang-69-kl-tw-2024").to_polars()
    print(top3.filter(pl.col("kind") == "top_k").select("target_id", "status", "note"))
    after = pii.filter(unit_id="bac-ninh", edition=2025).row(0, named=True)
    print(
        f"  after the merger, PII 2025 ranks the successor unit bac-ninh (Bắc Ninh + Bắc Giang):"
        f" {after['score']}, rank {after['national_rank']}/34 (source: {after['source_url']})"
    )
    qt = pii.filter(unit_id="quang-tri", edition=2023).row(0, named=True)
    print(
        "Quảng Trị's 2045 aim (S&T&I contribution to GRDP growth in the national upper-average"
        " group) is measured on tfp_contribution_5y; as a labelled PROXY only, its national PII"
        f" position in 2023: rank {qt['national_rank']}/63, score {qt['score']}"
        f" (source: {qt['source_url'].split(' | ')[0]})"
    )

    section("5. A PII-like composite index of the 63 provinces (SYNTHETIC data), with uncertainty")
    pillars = {
        "Inputs": ["stinv_local_budget_share", "researchers_per_10k",
                   "enterprises_innovating_share", "enterprises_pq_tools_share"],
        "Outputs": ["st_tasks_applied_share", "key_products_ip_share", "st_enterprises",
                    "innovative_startups"],
    }  # fmt: skip
    framework = pl.DataFrame(
        [(1, code, 1, 1.0, pillar, "Indicator") for pillar, codes in pillars.items()
         for code in codes]
        + [(2, pillar, 1, 1.0, "Index", "Aggregate") for pillar in pillars]
        + [(3, "Index", 1, 1.0, None, "Aggregate")],
        schema=["Level", "iCode", "Direction", "Weight", "Parent", "Type"],
        orient="row",
    )  # fmt: skip
    wide = obs.filter(pl.col("year") == 2024).pivot(on="indicator", index="unit_id", values="value")
    index = chitieu.composite(wide, framework, imputation="mean")
    print(index)
    unc = index.uncertainty(2_000, seed=1, weight_noise=0.25,
                            normalisations=["minmax", "zscore"])  # fmt: skip
    nmm = chitieu.units("2024-12-31").filter(region="northern-midlands-and-mountains")["id"]
    p_top3 = unc.prob_rank_at_most(3, {"northern-midlands-and-mountains": nmm})
    print(
        "median rank and 5-95% interval over 2,000 replications (weights ±25%, 2 normalisations):"
    )
    print(unc.ranks.filter(pl.col("unit_id").is_in(nmm.to_list())).sort("median_rank").head(5))
    print("P(top 3 of the Northern Midlands and Mountains) under that uncertainty:")
    print(p_top3.sort("p", descending=True).head(5))

    section("6. Is 37.6% realistic? TFP shares countries actually sustained (PWT 10.01)")
    windows = pl.read_csv(DATA / "pwt_tfp_windows.csv", comment_prefix="#")
    for w in (5, 10):
        shares = windows.filter(pl.col("window") == w)["tfp_share"].drop_nulls()
        pct, label, n = chitieu.feasibility(37.6, shares)
        print(
            f"  Lai Châu's >= 37.6% TFP share of growth: {pct:.1f}th percentile of {n:,} "
            f"{w}-year country windows -> {label} (median {shares.median():.1f}%)"
        )
    print("  (derived from Penn World Table 10.01, CC BY 4.0; see examples/data/README.md)")

    section("7. One series in full: Lai Châu, S&T&I spending share")
    s = obs.filter(
        pl.col("unit_id") == "lai-chau", pl.col("indicator") == "stinv_local_budget_share"
    )
    print(chitieu.progress(s["year"], s["value"], target=2.0, target_year=TARGET_YEAR))

    section("8. The narrative for the annual report (thuyết minh kết quả), in Vietnamese")
    lai_chau = chitieu.score(obs, "lai-chau-69-kl-tw-2024", feasibility_window=5)
    text = lai_chau.narrative("vi")
    print("\n".join(text.splitlines()[4:16]))
    out = Path.cwd() / "chitieu-demo"
    out.mkdir(exist_ok=True)
    (out / "thuyet_minh.md").write_text(text, encoding="utf-8")
    lai_chau.to_excel(out / "bang_diem.xlsx", lang="vi")
    print(f"narrative and workbook (lang='vi') written to {out}")


if __name__ == "__main__":
    main()
