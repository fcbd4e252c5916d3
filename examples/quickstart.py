"""Quickstart: validate observations and measure progress towards 2030 targets.

Runs on the bundled SYNTHETIC demo data (examples/data/demo_observations.csv, seeded, not
real statistics). The two targets are those of Lai Châu's programme implementing
Conclusion 69-KL/TW: S&T&I spending 2% of local budget expenditure, and 10 researchers per
10,000 population, by 2030.

    make demo        # or: python examples/quickstart.py
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

import chitieu

DATA = Path(__file__).parent / "data" / "demo_observations.csv"

# indicator -> (name in Vietnamese, name in English, target, target year)
TARGETS = {
    "stinv_local_budget_share": (
        "Tỷ lệ chi KH,CN&ĐMST trong tổng chi ngân sách địa phương (%)",
        "S&T&I spending, % of local budget expenditure",
        2.0,
        2030,
    ),
    "researchers_per_10k": (
        "Số nhà nghiên cứu khoa học trên 1 vạn dân",
        "Researchers per 10,000 population",
        10.0,
        2030,
    ),
}


def main() -> None:
    raw = pl.read_csv(DATA, comment_prefix="#")
    obs = chitieu.observations(raw)
    missing = obs["value"].null_count()
    print(f"chitieu {chitieu.__version__}: {obs.height} observations validated ", end="")
    print(f"({missing} explicit missing values kept), SYNTHETIC demo data\n")

    rows = []
    for (unit, indicator), series in obs.group_by(["unit_id", "indicator"], maintain_order=True):
        name_vi, name_en, target, year = TARGETS[indicator]
        p = chitieu.progress(
            series["year"], series["value"], target=target, target_year=year, base_year=2015
        )
        rows.append(
            {
                "unit_id": unit,
                "indicator": indicator,
                "base": f"{p.base_year}: {p.base_value:.2f}",
                "latest": f"{p.latest_year}: {p.latest_value:.2f}",
                "target": f"{year}: {target:g}",
                "CAGR obs %": round(100 * p.cagr_observed, 2),
                "CAGR req %": round(100 * p.cagr_required, 2),
                "R": round(p.ratio, 3) if p.ratio is not None else None,
                "score": round(p.score, 2),
                "status": f"{p.status.label_en} / {p.status.label_vi}",
            }
        )
    with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_width_chars=200, fmt_str_lengths=60):
        print(pl.DataFrame(rows))

    # One series in full, with every convention stated.
    lai_chau = obs.filter(
        (pl.col("unit_id") == "lai-chau") & (pl.col("indicator") == "stinv_local_budget_share")
    )
    name_vi, name_en, target, year = TARGETS["stinv_local_budget_share"]
    print(f"\nlai-chau · {name_vi} · {name_en}")
    print(chitieu.progress(lai_chau["year"], lai_chau["value"], target=target, target_year=year))


if __name__ == "__main__":
    main()
