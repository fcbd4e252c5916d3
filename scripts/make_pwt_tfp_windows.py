"""Write examples/data/pwt_tfp_windows.csv: TFP shares of GDP growth sustained by countries.

    .venv/bin/python scripts/make_pwt_tfp_windows.py
    .venv/bin/python scripts/make_pwt_tfp_windows.py --check  # exit 1 if the file is stale

From Penn World Table 10.01 (Feenstra, Inklaar and Timmer 2015, CC BY 4.0; the project's
reference copy in tests/reference/pwt10.01/): for every country and every 5- and 10-year
window of consecutive years where output (rgdpna), capital services (rkna), labour
(emp × hc; hours are left out because avh is missing for most countries) and the labour
share (labsh) are all present, the TFP share of summed output growth (Törnqvist shares, log
differences), computed with chitieu.growth_accounting. A derived file: not PWT's own numbers.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
from generated import write_or_check

import chitieu

ROOT = Path(__file__).resolve().parent.parent
PWT = ROOT / "tests" / "reference" / "pwt10.01" / "growth_accounting.csv"
OUT = ROOT / "examples" / "data" / "pwt_tfp_windows.csv"


def longest_complete_runs(df: pl.DataFrame) -> pl.DataFrame:
    """Rows of each country's longest run of consecutive years with every series present."""
    ok = df.drop_nulls(["rgdpna", "rkna", "emp", "hc", "labsh"]).sort("isocode", "year")
    ok = ok.with_columns(run=(pl.col("year").diff().over("isocode") != 1).fill_null(True).cum_sum())
    best = ok.group_by("isocode", "run").len().sort("len", descending=True).unique("isocode")
    return ok.join(best.select("isocode", "run"), on=["isocode", "run"]).sort("isocode", "year")


def render() -> str:
    pwt = pl.read_csv(PWT, infer_schema_length=None)
    runs = longest_complete_runs(pwt).filter(pl.len().over("isocode") >= 11)
    long = runs.select(
        pl.col("isocode").alias("unit_id"),
        "year",
        Y=pl.col("rgdpna"),
        K=pl.col("rkna"),
        L=pl.col("emp") * pl.col("hc"),
        s=pl.col("labsh"),
    ).unpivot(index=["unit_id", "year"], variable_name="component")
    frames = []
    for window in (5, 10):
        w = chitieu.growth_accounting(
            long, output="Y", capital="K", labour="L", labour_share="s",
            labour_input="employment_hours_human_capital", format="windows", window=window,
        )  # fmt: skip
        frames.append(w.drop("conventions").with_columns(window=pl.lit(window)))
    out = pl.concat(frames).select("window", "unit_id", "first_year", "last_year", "tfp_share")
    header = (
        "# Derived from Penn World Table 10.01 (CC BY 4.0) by scripts/make_pwt_tfp_windows.py:"
        " TFP share (%) of summed GDP growth over 5- and 10-year windows, Tornqvist shares,"
        " log differences, labour = emp x hc.\n"
    )
    return header + out.write_csv(float_precision=6)


def main(argv: list[str]) -> int:
    return write_or_check(OUT, render(), argv, "make_pwt_tfp_windows.py")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
