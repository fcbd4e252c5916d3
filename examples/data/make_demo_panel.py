"""Generate the SYNTHETIC demo panel of raw statistics (seeded, reproducible).

    python3 examples/data/make_demo_panel.py            # writes examples/data/demo_raw_panel.csv
    python3 examples/data/make_demo_panel.py --check    # re-reads the file and verifies it

The numbers are INVENTED (seed ``SEED`` below, 20260415): plausible in size for Vietnamese
provinces, but not statistics of any province. Do not cite them.

What is generated: the 63 provinces of 2004-2025 (``units/provinces_2004.toml``; Thừa Thiên
Huế under its pre-2025 id ``thua-thien-hue``) x the years 2015-2024 x every component of
``catalog/components.toml`` except the national-only ones (``NATIONAL_ONLY``) and
``capital_stock_constant`` (the demo builds capital from ``investment_constant`` by perpetual
inventory). Long format ``unit_id,component,year,value,source,flag``: an empty ``value`` is
an explicit missing value, ``source`` is ``synthetic``, ``flag`` is ``provisional`` for 2024.

Gaps, all deliberate (see ``write_header``):

* about 2% of cells are explicit missing values (empty ``value``), never in the growth
  accounting inputs (``grdp_constant``, ``investment_constant``, ``employment``,
  ``capital_share``), so that the TFP demo runs on every province;
* late-starting numerators: ``researchers_fte`` from 2017, ``innovative_startups_count`` and
  ``innovative_startups_new_count`` from 2018; ``enterprises_innovating`` comes from a
  biennial survey: values in even years from 2016, explicit empty values in odd years;
* denominators have a row in every year 2015-2024 for every province, except ONE
  deliberate gap: the row of ``local_budget_expenditure`` for ``bac-kan`` in 2019 is absent,
  so ``derive(strict=True)`` fails with exactly one error and non-strict ``derive`` gives a
  null value flagged ``not_computed: no row for 'local_budget_expenditure'``.

Only the Python standard library is used. The same seed gives a byte-identical file.
"""

from __future__ import annotations

import csv
import io
import math
import random
import sys
from pathlib import Path

import tomllib

SEED = 20260415
YEARS = list(range(2015, 2025))
HERE = Path(__file__).resolve().parent
CRATE = HERE.parent.parent / "crates" / "chitieu"
COMPONENTS_TOML = CRATE / "catalog" / "components.toml"
INDICATORS_TOML = CRATE / "catalog" / "indicators.toml"
PROVINCES_TOML = CRATE / "units" / "provinces_2004.toml"
OUT = HERE / "demo_raw_panel.csv"
SOURCE = "synthetic"
PROVISIONAL_YEAR = 2024

# Components that exist only for the nation, not for provinces.
NATIONAL_ONLY = (
    "state_budget_expenditure",
    "stidt_spending",
    "st_investment",
    "gerd",
    "gerd_nonstate",
    "digital_economy_value",
)
# Left out because the demo derives capital from investment by perpetual inventory.
DERIVED_IN_DEMO = ("capital_stock_constant",)
EXCLUDED = NATIONAL_ONLY + DERIVED_IN_DEMO

# The one deliberate strict-mode error: this row is absent (not just empty).
GAP = ("bac-kan", "local_budget_expenditure", 2019)
# ... and the numerator of that year is kept non-empty, so the non-strict flag names the gap.
GAP_NUMERATOR = ("bac-kan", "stinv_spending", 2019)

# First year of late-starting series (numerators only; default 2015).
START_YEAR = {
    "researchers_fte": 2017,
    "innovative_startups_count": 2018,
    "innovative_startups_new_count": 2018,
    "enterprises_innovating": 2016,
}
# Biennial survey: explicit empty values in the odd years after its start.
EVEN_YEARS_ONLY = ("enterprises_innovating",)
# Inputs of growth accounting: never blanked (growth accounting needs every year).
NEVER_BLANK = ("grdp_constant", "investment_constant", "employment", "capital_share")
MISSING_RATE = 0.02

# Large urban provinces (a bigger size factor).
BIG = ("ha-noi", "ho-chi-minh", "hai-phong", "da-nang", "can-tho", "binh-duong", "dong-nai")
# Small provinces (population drawn from 0.3-0.75 million).
SMALL = (
    "bac-kan",
    "lai-chau",
    "kon-tum",
    "cao-bang",
    "dien-bien",
    "dak-nong",
    "ninh-thuan",
    "hau-giang",
)

# How each unit is written: decimals of the printed value.
DECIMALS = {"vnd_billion": 1, "thousand_persons": 1, "share": 3, "count": 0, "persons": 0}


# --- reading the catalog ----------------------------------------------------------------


def load_toml(path: Path) -> dict:
    with path.open("rb") as f:
        return tomllib.load(f)


def panel_components() -> list[dict]:
    """The catalog components the panel covers, in catalog order."""
    comps = load_toml(COMPONENTS_TOML)["components"]
    ids = {c["id"] for c in comps}
    unknown = [c for c in EXCLUDED if c not in ids]
    if unknown:
        raise SystemExit(f"excluded components not in the catalog: {unknown}")
    return [c for c in comps if c["id"] not in EXCLUDED]


def ratio_pairs() -> list[tuple[str, list[str], list[str], float, float | None]]:
    """(indicator, numerator, denominator, scale, upper) of every ratio formula."""
    out = []
    for ind in load_toml(INDICATORS_TOML)["indicators"]:
        f = ind["formula"]
        if f["kind"] == "ratio":
            out.append((ind["id"], f["numerator"], f["denominator"], f["scale"], ind.get("upper")))
    return out


def sum_formulas() -> list[tuple[str, list[str]]]:
    out = []
    for ind in load_toml(INDICATORS_TOML)["indicators"]:
        f = ind["formula"]
        if f["kind"] == "sum":
            out.append((ind["id"], f["terms"]))
    return out


def provinces() -> list[dict]:
    """The 63 provinces live in 2015-2024 (`hue`, from 2025, is left out)."""
    units = load_toml(PROVINCES_TOML)["units"]
    live = [
        u
        for u in units
        if (u["valid_from"] or "0000") <= f"{YEARS[-1]}-12-31"
        and (u["valid_to"] or "9999") >= f"{YEARS[0]}-01-01"
    ]
    return sorted(live, key=lambda u: u["id"])


# --- generation -------------------------------------------------------------------------


def clamp(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


def poisson(rng: random.Random, lam: float) -> int:
    """Knuth's Poisson draw (small lam)."""
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def growth_path(rng, start, g_lo, g_hi, noise=0.0, cap=None, floor=None):
    """A level series over YEARS with a per-unit mean growth in [g_lo, g_hi].

    Yearly growth is that mean plus noise, clamped into [g_lo, g_hi]. With `cap`, the path
    is scaled down so that its top is a little below the cap; with `floor`, scaled up so that
    its bottom is a little above the floor.
    """
    g = rng.uniform(g_lo, g_hi)
    path = [start]
    for _ in YEARS[1:]:
        gt = clamp(g + rng.gauss(0.0, noise), g_lo, g_hi) if noise else g
        path.append(path[-1] * (1 + gt))
    if cap is not None and max(path) > cap:
        top = cap * rng.uniform(0.90, 0.99)  # not exactly at the cap
        path = [v * top / max(path) for v in path]
    if floor is not None and min(path) < floor:
        bottom = floor * rng.uniform(1.01, 1.15)
        path = [v * bottom / min(path) for v in path]
    return path


def generate_unit(unit: dict) -> dict[str, dict[int, float]]:
    """All component series of one province: component -> year -> value (unrounded or int)."""
    uid, region = unit["id"], unit["region"]
    rng = random.Random(f"{SEED}:{uid}")  # str seeds are hashed with SHA-512: reproducible
    big = uid in BIG
    mountain = region in ("northern-midlands-and-mountains", "central-highlands")
    # Size and intensity factors.
    if uid == "ho-chi-minh":
        pop0 = rng.uniform(7.9e6, 8.2e6)
    elif uid == "ha-noi":
        pop0 = rng.uniform(7.3e6, 7.7e6)
    elif big:
        pop0 = rng.uniform(1.05e6, 2.9e6)
    elif uid in SMALL:
        pop0 = rng.uniform(0.31e6, 0.75e6)
    else:
        pop0 = clamp(
            math.exp(rng.gauss(math.log(0.75e6 if mountain else 1.2e6), 0.45)), 0.3e6, 3.6e6
        )
    intensity = rng.uniform(0.75, 1.25) * (1.8 if big else 1.0) * (0.8 if mountain else 1.0)
    s: dict[str, dict[int, float]] = {}

    def put(comp, values, start=YEARS[0]):
        s[comp] = {y: v for y, v in zip(YEARS, values) if y >= start}

    # Population (persons), 0.3-9 million.
    pop = growth_path(rng, pop0, 0.004, 0.018, 0.002, cap=9.0e6, floor=0.3e6)
    pop = [round(p) for p in pop]
    put("population", pop)
    # Employment (thousand persons) ~ population x 0.55 / 1000.
    put("employment", [p * rng.uniform(0.53, 0.57) / 1000 for p in pop])

    # Local budget expenditure (VND billion), roughly 5,000-100,000.
    per_capita = (
        rng.uniform(9, 13) if big else (rng.uniform(10, 16) if mountain else rng.uniform(7, 12))
    )
    lbe = growth_path(
        rng, pop0 / 1e6 * per_capita * 1000, 0.02, 0.09, 0.03, cap=100_000, floor=5_000
    )
    lbe_t = [round(v * 10) for v in lbe]  # tenths of VND billion
    put("local_budget_expenditure", lbe_t)
    # S&T&I spending: 0.3-2% of it, gentle upward trend with noise; recurrent part 40-80%.
    share0, trend = rng.uniform(0.3, 1.1), rng.uniform(0.02, 0.08)
    base_rec = rng.uniform(0.45, 0.75)
    tot_t, rec_t, dev_t = [], [], []
    for i, lt in enumerate(lbe_t):
        share = clamp((share0 + trend * i) * rng.uniform(0.88, 1.12), 0.3, 2.0) / 100
        total = max(1, round(lt * share))
        rec = round(total * clamp(base_rec + rng.gauss(0, 0.04), 0.4, 0.8))
        tot_t.append(total)
        rec_t.append(rec)
        dev_t.append(total - rec)  # exact in tenths: devinv + recurrent = total
    put("stinv_spending", tot_t)
    put("stinv_spending_recurrent", rec_t)
    put("stinv_spending_devinv", dev_t)

    # GRDP at constant prices (VND billion), 10,000-1,000,000, growing 4-9% a year.
    gpc = (
        rng.uniform(80, 100) if big else (rng.uniform(18, 35) if mountain else rng.uniform(25, 55))
    )
    grdp = growth_path(rng, pop0 / 1e6 * gpc * 1000, 0.04, 0.09, 0.008, cap=1_000_000, floor=10_000)
    put("grdp_constant", grdp)
    deflator = growth_path(rng, rng.uniform(1.30, 1.45), 0.015, 0.04, 0.005)
    put("gdp_current", [g * d for g, d in zip(grdp, deflator)])
    inv_share = rng.uniform(0.27, 0.38)
    put(
        "investment_constant",
        [g * clamp(inv_share + rng.gauss(0, 0.015), 0.25, 0.40) for g in grdp],
    )
    put("capital_share", [round(rng.uniform(0.35, 0.45), 3)] * len(YEARS))

    # Researchers: 2-15 per 10,000 people; FTE 40-70% of headcount (from 2017).
    rate0 = rng.uniform(12, 14) if uid == "ha-noi" else clamp(rng.uniform(2, 6) * intensity, 2, 12)
    rates = growth_path(rng, rate0, 0.01, 0.05, 0.01, cap=15)
    hc = [max(1, round(p * r / 10_000)) for p, r in zip(pop, rates)]
    put("researchers_headcount", hc)
    fte_share = rng.uniform(0.45, 0.65)
    put(
        "researchers_fte",
        [round(h * clamp(fte_share + rng.gauss(0, 0.03), 0.4, 0.7)) for h in hc],
        START_YEAR["researchers_fte"],
    )

    # Enterprises: 1,000-300,000 in operation; innovating 10-40%; PQ-supported 0.5-4%.
    density = {"ho-chi-minh": rng.uniform(24, 27), "ha-noi": rng.uniform(14, 17)}.get(
        uid, rng.uniform(1.8, 4.5) * intensity
    )  # enterprises per 1,000 people
    active = growth_path(rng, pop0 * density / 1000, 0.03, 0.08, 0.01, cap=300_000, floor=1_000)
    active = [round(a) for a in active]
    put("enterprises_active", active)
    inn0, inn_tr = rng.uniform(0.10, 0.25), rng.uniform(0.005, 0.015)
    put(
        "enterprises_innovating",
        [
            round(a * clamp(inn0 + inn_tr * i + rng.gauss(0, 0.01), 0.10, 0.40))
            for i, a in enumerate(active)
        ],
        START_YEAR["enterprises_innovating"],
    )
    pq0 = rng.uniform(0.005, 0.02)
    put(
        "enterprises_pq_supported",
        [
            round(a * clamp(pq0 * (1 + 0.08 * i) * rng.uniform(0.85, 1.15), 0.005, 0.04))
            for i, a in enumerate(active)
        ],
    )

    scale = clamp(intensity * (pop0 / 1.2e6) ** 0.5, 0.3, 3.0)  # 'how much S&T activity'

    def stock_and_new(initial, lam, cap_new, cap_stock, start=YEARS[0], exit_p=0.08):
        stock, stocks, news = initial, [], []
        for y in YEARS:
            if y < start:
                stocks.append(None)
                news.append(None)
                continue
            new = min(cap_new, poisson(rng, lam), max(0, cap_stock - stock))
            exits = 1 if stock > 0 and rng.random() < exit_p else 0
            stock = stock + new - exits
            stocks.append(stock)
            news.append(new)
        return stocks, news

    # S&T enterprises: stock 0-60 growing, 0-6 newly certified a year.
    st_stock, st_new = stock_and_new(
        round(rng.uniform(0, 20) * scale / 3), 0.3 + 1.2 * scale, 6, 60
    )
    put("st_enterprises_count", st_stock)
    put("st_enterprises_new_count", st_new)
    # Innovative start-ups (from 2018): stock and new, similarly.
    su_start = START_YEAR["innovative_startups_count"]
    su_stock, su_new = stock_and_new(
        round(rng.uniform(0, 12) * scale / 3), 0.4 + 1.3 * scale, 6, 60, su_start
    )
    put("innovative_startups_count", su_stock, su_start)
    put("innovative_startups_new_count", su_new, su_start)
    # Start-up projects supported: 0-8 a year.
    put(
        "startup_projects_supported_count",
        [min(8, poisson(rng, 0.5 + 1.5 * scale + 0.15 * i)) for i in range(len(YEARS))],
    )
    # Incubators etc.: stock 0-10, 0-2 new a year.
    inc_stock, inc_new = stock_and_new(
        round(rng.uniform(0, 3) * scale / 2), 0.15 + 0.25 * scale, 2, 10, exit_p=0.03
    )
    put("incubators_count", inc_stock)
    put("startup_facilities_new_count", inc_new)
    # Enterprise S&T funds: stock 0-20, slowly growing.
    fund_stock, _ = stock_and_new(
        round(rng.uniform(0, 6) * scale / 2), 0.2 + 0.5 * scale, 3, 20, exit_p=0.02
    )
    put("enterprise_st_funds_count", fund_stock)

    # S&T tasks: 5-40 accepted a year, 30-80% of them applied.
    acc_mean = clamp(rng.uniform(8, 20) * scale**0.5, 5, 32)
    acc = [round(clamp(acc_mean * rng.uniform(0.75, 1.25), 5, 40)) for _ in YEARS]
    put("st_tasks_accepted", acc)
    app0 = rng.uniform(0.35, 0.65)
    put(
        "st_tasks_applied",
        [
            clamp(
                round(a * (app0 + 0.01 * i + rng.gauss(0, 0.05))),
                math.ceil(0.3 * a),
                math.floor(0.8 * a),
            )
            for i, a in enumerate(acc)
        ],
    )
    # Key and specialty products: 5-30, 20-90% with registered IP (never above the total).
    kp = [round(rng.uniform(5, 18))]
    for _ in YEARS[1:]:
        kp.append(min(30, kp[-1] + (1 if rng.random() < 0.35 else 0)))
    put("key_products_total", kp)
    ip0, ip_tr = rng.uniform(0.2, 0.5), rng.uniform(0.02, 0.05)
    put(
        "key_products_ip_registered",
        [min(k, round(k * clamp(ip0 + ip_tr * i, 0.2, 0.9))) for i, k in enumerate(kp)],
    )

    # Publications, patent and plant-variety applications: small, growing counts.
    pub_rate = rng.uniform(0.04, 0.12) * (1.8 if big else 1.0)
    put(
        "publications_count",
        [round(h * pub_rate * (1 + 0.06 * i) * rng.uniform(0.85, 1.15)) for i, h in enumerate(hc)],
    )
    pat_lam = 0.3 + 0.002 * hc[0] * (1.5 if big else 1.0)
    put(
        "patent_applications_count",
        [poisson(rng, pat_lam * (1 + 0.08 * i)) for i in range(len(YEARS))],
    )
    put(
        "patent_grants_count",
        [poisson(rng, pat_lam * 0.3 * (1 + 0.08 * i)) for i in range(len(YEARS))],
    )
    pv_lam = rng.uniform(0.1, 1.2) * (0.4 if big else 1.0)
    put(
        "plant_variety_applications_count",
        [poisson(rng, pv_lam * (1 + 0.08 * i)) for i in range(len(YEARS))],
    )
    return s


def generate_rows() -> list[tuple[str, str, int, str, str, str]]:
    comps = panel_components()
    units = provinces()
    if len(units) != 63:
        raise SystemExit(f"expected 63 provinces live in 2015-2024, found {len(units)}")
    unit_of = {c["id"]: c["unit"] for c in comps}
    tenths = {
        "local_budget_expenditure",
        "stinv_spending",
        "stinv_spending_recurrent",
        "stinv_spending_devinv",
    }
    rows = []
    for unit in units:
        series = generate_unit(unit)
        missing = sorted(set(unit_of) - set(series))
        if missing:
            raise SystemExit(f"no generator for component(s) {missing}: update make_demo_panel.py")
        extra = sorted(set(series) - set(unit_of))
        if extra:
            raise SystemExit(f"generated component(s) not in the catalog: {extra}")
        # Explicit missing values: one draw per cell in a fixed order (own RNG stream).
        blank_rng = random.Random(f"{SEED}:blanks:{unit['id']}")
        blanks = set()
        for comp in sorted(series):
            for year in sorted(series[comp]):
                if blank_rng.random() < MISSING_RATE and comp not in NEVER_BLANK:
                    blanks.add((comp, year))
        # Parts of a sum go missing together.
        for comp, year in list(blanks):
            if comp in ("stinv_spending_devinv", "stinv_spending_recurrent"):
                blanks |= {("stinv_spending_devinv", year), ("stinv_spending_recurrent", year)}
        if unit["id"] == GAP_NUMERATOR[0]:
            blanks.discard(GAP_NUMERATOR[1:])  # keep the gap's numerator (see GAP_NUMERATOR)
        for comp in sorted(series):
            decimals = DECIMALS[unit_of[comp]]
            for year in sorted(series[comp]):
                if (unit["id"], comp, year) == GAP:
                    continue  # the deliberate absent row
                v = series[comp][year]
                if (comp, year) in blanks or (comp in EVEN_YEARS_ONLY and year % 2 == 1):
                    cell = ""
                elif comp in tenths:
                    cell = f"{v // 10}.{v % 10}"
                elif decimals == 0:
                    cell = str(int(v))
                else:
                    cell = f"{v:.{decimals}f}"
                flag = "provisional" if year == PROVISIONAL_YEAR else ""
                rows.append((unit["id"], comp, year, cell, SOURCE, flag))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return rows


def write_header(out) -> None:
    out.write(
        f"# SYNTHETIC demo data generated by examples/data/make_demo_panel.py (seed {SEED}); "
        "not real statistics.\n"
    )
    out.write(
        f"# Deliberate gaps: ONE absent row ({GAP[1]} for {GAP[0]} in {GAP[2]}), so "
        f"derive(strict=True) fails with exactly one error (unit '{GAP[0]}', indicator "
        f"'stinv_local_budget_share', year {GAP[2]}: no row for '{GAP[1]}'); about 2% explicit "
        "missing values (empty value); researchers_fte from 2017, innovative start-ups from "
        "2018, enterprises_innovating in even years only (odd years empty).\n"
    )


def render() -> str:
    buf = io.StringIO()
    write_header(buf)
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["unit_id", "component", "year", "value", "source", "flag"])
    w.writerows(generate_rows())
    return buf.getvalue()


# --- self-check -------------------------------------------------------------------------


def _total(table, u, y, terms, where, errors):
    """Sum of `terms` for unit `u` in year `y`, as derive() sums them: (sum, any null)."""
    acc, null = 0.0, False
    for t in terms:
        if y not in table[(u, t)]:
            errors.append(f"{where}: no row for '{t}'")
            return None, True
        v = table[(u, t)][y]
        if v is None:
            null = True
        else:
            acc += v
    return acc, null


def simulate_derive(table: dict, units: list[str]) -> list[str]:
    """Strict-mode errors of chitieu's derive (crates/chitieu/src/derive.rs), re-implemented.

    Per ratio/sum indicator and unit: skipped unless every term has a series for the unit;
    years are those where a primary term (numerator, sum terms) has a row; in each, a term
    without a row, or a denominator <= 0, is an error. Null values are not errors.
    """
    errors = []
    formulas = [(i, n, d) for i, n, d, _, _ in ratio_pairs()] + [
        (i, t, []) for i, t in sum_formulas()
    ]
    for ind, primary, denominator in formulas:
        for u in units:
            if not all((u, t) in table for t in primary + denominator):
                continue
            years = sorted({y for t in primary for y in table[(u, t)]})
            for y in years:
                where = f"unit '{u}', indicator '{ind}', year {y}"
                _total(table, u, y, primary, where, errors)
                if denominator:
                    b, null = _total(table, u, y, denominator, where, errors)
                    if b is not None and not null and b <= 0:
                        errors.append(f"{where}: denominator {b} is not positive")
    return errors


def check(path: Path = OUT) -> int:
    problems: list[str] = []
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    first = (
        f"# SYNTHETIC demo data generated by examples/data/make_demo_panel.py (seed {SEED}); "
        "not real statistics."
    )
    if lines[0] != first:
        problems.append(f"first line is not the SYNTHETIC notice: {lines[0]!r}")
    body = [ln for ln in lines if not ln.startswith("#")]
    rows = list(csv.reader(body))
    if rows[0] != ["unit_id", "component", "year", "value", "source", "flag"]:
        problems.append(f"bad column header {rows[0]}")
    rows = rows[1:]

    # Determinism: regenerating gives the same bytes.
    if render() != text:
        problems.append("regenerating with the same seed does not give a byte-identical file")
    if rows != sorted(rows, key=lambda r: (r[0], r[1], int(r[2]))):
        problems.append("rows are not sorted by unit_id, component, year")

    table: dict[tuple[str, str], dict[int, float | None]] = {}
    for uid, comp, year, value, source, flag in rows:
        y = int(year)
        if (uid, comp) in table and y in table[(uid, comp)]:
            problems.append(f"duplicate row {uid} {comp} {y}")
        table.setdefault((uid, comp), {})[y] = float(value) if value else None
        if source != SOURCE:
            problems.append(f"source {source!r} in {uid} {comp} {y}")
        if flag != ("provisional" if y == PROVISIONAL_YEAR else ""):
            problems.append(f"flag {flag!r} in {uid} {comp} {y}")

    units = sorted({u for u, _ in table})
    expected_units = [u["id"] for u in provinces()]
    if units != expected_units or len(units) != 63:
        problems.append(f"{len(units)} units, expected the 63 provinces")
    comps = [c["id"] for c in panel_components()]
    years_seen = sorted({y for s in table.values() for y in s})
    if years_seen != YEARS:
        problems.append(f"years {years_seen}, expected {YEARS}")

    # Every series runs without holes from its start year to 2024.
    for u in units:
        for c in comps:
            s = table.get((u, c))
            if s is None:
                problems.append(f"{u}: no series for {c}")
                continue
            start = START_YEAR.get(c, YEARS[0])
            want = [y for y in YEARS if y >= start and (u, c, y) != GAP]
            if sorted(s) != want:
                problems.append(f"{u} {c}: years {sorted(s)}, expected {want}")
            if c in EVEN_YEARS_ONLY and any(v is not None for y, v in s.items() if y % 2):
                problems.append(f"{u} {c}: a value in an odd year")

    # Denominators: a row in every year, except the one deliberate gap (absent).
    denominators = sorted({d for _, _, ds, _, _ in ratio_pairs() for d in ds if d in comps})
    for u in units:
        for d in denominators:
            for y in YEARS:
                has = y in table.get((u, d), {})
                if (u, d, y) == GAP:
                    if has:
                        problems.append(f"the deliberate gap {GAP} has a row")
                elif not has:
                    problems.append(f"denominator {d} has no row for {u} in {y}")
                elif table[(u, d)][y] is not None and table[(u, d)][y] <= 0:
                    problems.append(f"denominator {d} is not positive for {u} in {y}")
    if table.get(GAP_NUMERATOR[:2], {}).get(GAP_NUMERATOR[2]) is None:
        problems.append(f"{GAP_NUMERATOR} must have a value so the non-strict flag names the gap")

    # Numerators never exceed denominators (shares bounded by 100), and FTE <= headcount.
    pairs = [(n, d) for _, n, d, scale, upper in ratio_pairs() if scale == 100.0 and upper == 100.0]
    pairs.append((["researchers_fte"], ["researchers_headcount"]))
    for num, den in pairs:
        if not all(t in comps for t in num + den):
            continue
        for u in units:
            for y in YEARS:
                nv = [table[(u, t)].get(y) for t in num]
                dv = [table[(u, t)].get(y) for t in den]
                if None in nv or None in dv:
                    continue
                if sum(nv) > sum(dv) + 1e-9:
                    problems.append(f"{u} {y}: {num} = {sum(nv)} > {den} = {sum(dv)}")

    # Parts of the S&T&I spending add up; parts are present (or missing) together.
    for u in units:
        for y in YEARS:
            tot = table[(u, "stinv_spending")].get(y)
            dev = table[(u, "stinv_spending_devinv")].get(y)
            rec = table[(u, "stinv_spending_recurrent")].get(y)
            if (dev is None) != (rec is None):
                problems.append(f"{u} {y}: only one part of stinv_spending is missing")
            if None not in (tot, dev, rec) and round((dev + rec) * 10) != round(tot * 10):
                problems.append(f"{u} {y}: devinv {dev} + recurrent {rec} != total {tot}")

    # Magnitudes the README promises.
    def rng_of(c):
        vals = [v for (u, cc), s in table.items() if cc == c for v in s.values() if v is not None]
        return min(vals), max(vals)

    bounds = {
        "population": (0.3e6, 9e6),
        "local_budget_expenditure": (5_000, 100_000),
        "grdp_constant": (10_000, 1_000_000),
        "enterprises_active": (1_000, 300_000),
        "capital_share": (0.35, 0.45),
        "st_tasks_accepted": (5, 40),
        "key_products_total": (5, 30),
        "st_enterprises_count": (0, 60),
        "incubators_count": (0, 10),
        "enterprise_st_funds_count": (0, 20),
        "st_enterprises_new_count": (0, 6),
        "startup_projects_supported_count": (0, 8),
        "startup_facilities_new_count": (0, 2),
    }
    for c, (lo, hi) in bounds.items():
        mn, mx = rng_of(c)
        if mn < lo - 1e-9 or mx > hi + 1e-9:
            problems.append(f"{c} ranges {mn}..{mx}, outside {lo}..{hi}")

    # Growth accounting (derive's tfp_contribution) needs a positive value in every year of
    # its inputs, and a positive g + delta for the perpetual-inventory initial stock
    # (g: compound investment growth over the first 5 years, delta = 0.05).
    for u in units:
        for c in NEVER_BLANK:
            if any(v is None or v <= 0 for v in table[(u, c)].values()):
                problems.append(
                    f"{u} {c}: a missing or non-positive value (growth accounting needs all)"
                )
        inv = table[(u, "investment_constant")]
        if (inv[YEARS[5]] / inv[YEARS[0]]) ** (1 / 5) - 1 + 0.05 <= 0:
            problems.append(f"{u}: investment falls too fast for the steady-state initial stock")

    # The strict derive reports exactly the one deliberate error.
    errors = simulate_derive(table, units)
    want_err = [
        f"unit '{GAP[0]}', indicator 'stinv_local_budget_share', year {GAP[2]}: "
        f"no row for '{GAP[1]}'"
    ]
    if errors != want_err:
        problems.append(
            f"simulated strict derive errors {errors[:5]} (n={len(errors)}), expected {want_err}"
        )

    # Row count: every unit x component x year from the start year, less the one gap.
    expected_rows = (
        len(expected_units)
        * sum(sum(1 for y in YEARS if y >= START_YEAR.get(c, YEARS[0])) for c in comps)
        - 1
    )
    if len(rows) != expected_rows:
        problems.append(f"{len(rows)} rows, expected {expected_rows}")

    n_cells = len(rows)
    n_empty = sum(1 for r in rows if r[3] == "")
    n_survey_odd = sum(1 for r in rows if r[1] in EVEN_YEARS_ONLY and int(r[2]) % 2 == 1)
    print(
        f"{path.name}: {n_cells} rows, {len(units)} provinces, {len(comps)} components, "
        f"years {YEARS[0]}-{YEARS[-1]}"
    )
    print(
        f"empty values: {n_empty} ({n_survey_odd} survey off-years + "
        f"{n_empty - n_survey_odd} random = "
        f"{100 * (n_empty - n_survey_odd) / n_cells:.2f}% of rows)"
    )
    print(f"simulated derive(strict=True) errors: {errors}")
    if problems:
        print(f"{len(problems)} problem(s):")
        for p in problems[:50]:
            print("  " + p)
        return 1
    print("check passed")
    return 0


def main(argv: list[str]) -> int:
    if argv == ["--check"]:
        return check()
    if argv:
        print(__doc__)
        return 2
    text = render()
    OUT.write_text(text, encoding="utf-8", newline="")
    print(f"wrote {OUT} ({text.count(chr(10))} lines, seed {SEED})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
