"""chitieu's measures as polars expressions: eager, lazy, streaming, over(), nulls, and the
same numbers as progress() and score()."""

from __future__ import annotations

import inspect

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import chitieu
import chitieu.expr as cx

VECTORS = pl.DataFrame(
    {
        "unit_id": ["A", "A", "B", "B"],
        "year": [2015, 2023, 2015, 2022],
        "value": [1.2, 1.6, 40.0, 34.0],
        "target": [2.0, 2.0, 20.0, 20.0],
        "direction": ["increase", "increase", "decrease", "decrease"],
    }
)


def agg(frame: pl.DataFrame | pl.LazyFrame, *exprs: pl.Expr) -> pl.DataFrame:
    out = frame.group_by("unit_id").agg(*exprs)
    if isinstance(out, pl.LazyFrame):
        out = out.collect()
    return out.sort("unit_id")


def test_design_vectors_with_target_columns() -> None:
    kw = {"target": "target", "direction": "direction", "target_year": 2030}
    out = agg(
        VECTORS,
        cx.cagr("value", "year").alias("cagr"),
        cx.progress_ratio("value", "year", **kw).alias("ratio"),
        cx.progress_score("value", "year", **kw).alias("score"),
        cx.progress_status("value", "year", **kw).alias("status"),
        cx.projected("value", "year", 2030).alias("projected"),
        cx.gap_closed("value", "year", **kw).alias("gap"),
    )
    assert out["cagr"].to_list() == pytest.approx([0.036615, -0.022950], abs=1e-6)
    assert out["ratio"].to_list() == pytest.approx([1.056957, 0.508201], abs=1e-6)
    assert out["score"].to_list() == pytest.approx([3.2640, -0.3825], abs=1e-4)
    assert out["projected"].to_list() == pytest.approx([2.057981, 28.236758], abs=1e-6)
    assert out["status"].to_list() == ["on_track", "limited_progress"]
    codes = [s.lower() for s in chitieu.Status.__dict__ if s.isupper()]
    assert out.schema["status"] == pl.Enum(codes)
    assert out["gap"].to_list() == pytest.approx([0.5, 0.3])


def test_lazy_streaming_namespace_and_over() -> None:
    lazy = VECTORS.lazy().group_by("unit_id").agg(pl.col("value").chitieu.cagr("year"))
    eager = lazy.collect().sort("unit_id")
    streamed = lazy.collect(engine="streaming").sort("unit_id")
    assert eager["value"].to_list() == pytest.approx([0.036615, -0.022950], abs=1e-6)
    assert streamed.equals(eager)
    over = VECTORS.with_columns(c=cx.cagr("value", "year").over("unit_id"))
    assert over["c"].to_list() == pytest.approx([0.036615] * 2 + [-0.022950] * 2, abs=1e-6)
    ranked = VECTORS.with_columns(r=pl.col("value").chitieu.rank_in_group().over("unit_id"))
    assert ranked["r"].to_list() == [2.0, 1.0, 1.0, 2.0]
    norm = VECTORS.with_columns(m=cx.minmax("value", direction="decrease").over("unit_id"))
    assert norm["m"].to_list() == [100.0, 0.0, 0.0, 100.0]


def test_nulls_and_short_series() -> None:
    df = pl.DataFrame(
        {"unit_id": ["A", "A", "A", "B"], "year": [2015, 2016, 2023, 2020],
         "value": [1.2, None, 1.6, 5.0]}
    )  # fmt: skip
    out = agg(
        df,
        cx.cagr("value", "year").alias("cagr"),
        cx.progress_status("value", "year", target=10.0).alias("status"),
    )
    assert out["cagr"][0] == pytest.approx(0.036615, abs=1e-6)  # the null point is skipped
    assert out["cagr"][1] is None  # one point: no growth rate
    assert out["status"].to_list() == ["limited_progress", "unable_to_assess"]


def test_errors_are_polars_errors_with_the_reason() -> None:
    dup = pl.DataFrame({"unit_id": ["A", "A"], "year": [2015, 2015], "value": [1.0, 2.0]})
    with pytest.raises(pl.exceptions.ComputeError, match="2015 appears more than once"):
        agg(dup, cx.cagr("value", "year"))
    mixed = VECTORS.with_columns(target=pl.Series([2.0, 3.0, 20.0, 20.0]))
    with pytest.raises(pl.exceptions.ComputeError, match="target differs within a group"):
        agg(mixed, cx.progress_ratio("value", "year", target="target"))


def test_no_python_callback_per_row() -> None:
    source = inspect.getsource(cx)
    assert "map_elements" not in source
    assert "map_batches" not in source


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(0.5, 100.0),
            st.floats(0.5, 100.0),
            st.integers(2010, 2020),
            st.integers(1, 8),
            st.floats(0.5, 150.0),
            st.booleans(),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_expressions_score_and_progress_agree(series: list) -> None:
    rows, targets = [], []
    for i, (y0, yi, t0, span, target, up) in enumerate(series):
        unit = f"u{i:03d}"  # sorts like the list
        rows += [(unit, "x", t0, y0), (unit, "x", t0 + span, yi)]
        targets.append((unit, target, "increase" if up else "decrease"))
    obs = pl.DataFrame(rows, schema=["unit_id", "indicator", "year", "value"], orient="row")
    tg = pl.DataFrame(targets, schema=["unit_id", "target", "direction"], orient="row")
    kw = {"target": "target", "direction": "direction", "target_year": 2030}
    got = agg(
        obs.join(tg, on="unit_id"),
        cx.progress_ratio("value", "year", **kw).alias("ratio"),
        cx.progress_score("value", "year", **kw).alias("score"),
        cx.progress_status("value", "year", **kw).cast(pl.String).alias("status"),
    )
    for (unit, target, direction), row in zip(targets, got.iter_rows(named=True)):
        series_rows = obs.filter(pl.col("unit_id") == unit)
        p = chitieu.progress(
            series_rows["year"], series_rows["value"], target=target, direction=direction
        )
        assert row["status"] == p.status.code
        for field in ("ratio", "score"):
            want = getattr(p, field)
            assert (row[field] is None) == (want is None)
            if want is not None:
                assert row[field] == pytest.approx(want, abs=1e-12)
    # The batch engine on the same series (an "at least" target for rising series).
    rising = [t for t in targets if t[2] == "increase"]
    for unit, target, _ in rising[:3]:
        plan = chitieu.targets(
            'id = "p"\nname_vi = "Kế hoạch"\nname_en = "Plan"\nissuer_vi = "UBND"\n'
            'issuer_en = "PC"\ndocument = ""\ndate = ""\nscope_kind = "national"\n'
            '[[targets]]\nid = "p/x"\nindicator = "publications"\nkind = "at_least"\n'
            f"value = {target!r}\nhorizon = 2030\n"
            'clause_vi = "Câu"\nclause_en = "Clause"\nconfirmed = true\n'
        )
        one = obs.filter(pl.col("unit_id") == unit).with_columns(indicator=pl.lit("publications"))
        row = chitieu.score(one, plan, units=[unit]).to_polars().row(0, named=True)
        expr_row = got.filter(pl.col("unit_id") == unit).row(0, named=True)
        assert row["status"] == expr_row["status"]
        if row["score"] is not None:
            assert row["score"] == pytest.approx(expr_row["score"], abs=1e-12)


def test_the_readme_example_runs() -> None:
    """The README's `chitieu.expr` block runs as written on the demo observations."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text("utf-8")
    section = readme[readme.index("### Inside your own polars queries") :]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    obs = pl.read_csv(root / "examples" / "data" / "demo_observations.csv", comment_prefix="#")
    scope = {"pl": pl, "obs": obs}
    exec(code.group(1).replace("(obs.lazy()", "out = (obs.lazy()", 1), scope)
    out = scope["out"]
    assert set(out.columns) == {"unit_id", "cagr", "status", "year_met"}
    assert out.height > 0


@pytest.mark.parametrize(
    ("fn", "kw"),
    [
        (cx.cagr, {}),
        (cx.progress_ratio, {"target": "target", "direction": "direction"}),
        (cx.progress_status, {"target": "target", "direction": "direction"}),
        (cx.year_met, {"target": "target", "direction": "direction"}),
        (cx.years_to_target, {"target": "target", "direction": "direction"}),
        (cx.gap_closed, {"target": "target", "direction": "direction"}),
    ],
)
def test_by_group_form_equals_the_per_group_form(fn, kw) -> None:
    # 300 shuffled series (nulls, short series, two directions, target columns): the
    # vectorised form (one call, `by`) gives per series what `group_by().agg()` gives.
    n = 3_000
    i = pl.int_range(0, n, eager=True)
    frame = (
        pl.DataFrame({"i": i})
        .filter(~((pl.col("i") // 10 % 7 == 5) & (pl.col("i") % 10 > 0)))  # 1-point series
        .select(
            unit_id=(pl.lit("u") + (pl.col("i") // 10).cast(pl.String)),
            year=(2010 + pl.col("i") % 10).cast(pl.Int32),
            value=pl.when(pl.col("i") % 17 == 3)
            .then(None)
            .otherwise(1.0 + (pl.col("i") * 7919 % 1000) / 100.0),
            target=pl.when((pl.col("i") // 10) % 2 == 0).then(12.0).otherwise(2.0),
            direction=pl.when((pl.col("i") // 10) % 2 == 0)
            .then(pl.lit("increase"))
            .otherwise(pl.lit("decrease")),
        )
        .sample(fraction=1.0, shuffle=True, seed=3)
    )
    per_group = agg(frame, fn("value", "year", **kw).alias("m"))
    vectorised = (
        frame.select(fn("value", "year", by="unit_id", **kw).alias("s")).unnest("s").sort("unit_id")
    )
    assert vectorised.columns[0] == "unit_id"
    assert vectorised.height == per_group.height == 300
    assert vectorised["unit_id"].to_list() == per_group["unit_id"].to_list()
    got, want = vectorised.to_series(1), per_group["m"]
    assert got.dtype == want.dtype
    assert got.is_null().to_list() == want.is_null().to_list()
    if got.dtype.is_float():
        assert ((got - want).abs() <= 1e-12 * want.abs().clip(1.0, None)).fill_null(True).all()
    else:
        assert got.to_list() == want.to_list()
    # Order of first appearance, as the plugin documents.
    first_seen = frame["unit_id"].unique(maintain_order=True).to_list()
    unsorted = frame.select(fn("value", "year", by="unit_id", **kw).alias("s")).unnest("s")
    assert unsorted["unit_id"].to_list() == first_seen
