"""Hostile inputs never crash: every entry point either works or raises a typed error.

Random tables with wrong dtypes, nulls everywhere, empty frames, huge and tiny numbers,
NaN/inf, duplicated keys, unicode ids and unsorted years are fed to the entry points; a
Rust panic would surface as pyo3's PanicException (a BaseException), which fails the test. A
panic can also arrive wrapped in an allowed error (polars turns a panicking expression plugin
into a ComputeError "the plugin panicked"): every caught error goes through
:func:`fail_on_panic`, which fails the test when its type or message reveals a panic.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import chitieu
import chitieu.expr as cx

ALLOWED = (chitieu.ChitieuError, TypeError, ValueError, pl.exceptions.PolarsError)

ids = st.sampled_from(["lai-chau", "bac-giang", "", " ", "Hà Nội", "🙂", "x" * 50, "lai-chau"])
years = st.one_of(
    st.integers(1800, 2200),
    st.sampled_from(["2023", "2023-2024", "", "năm 2020", "2020.0"]),
    st.none(),
    st.floats(allow_nan=True),
)
values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1e308, -1e308, 5e-324, 1.5]),
    st.sampled_from(["1,5", "n/a", "", "12", "một"]),
    st.none(),
)
indicators = st.sampled_from(
    [
        "researchers_per_10k",
        "stinv_local_budget_share",
        "pii_rank",
        "unknown",
        "",
        "tfp_contribution_5y",
    ]
)


@st.composite
def tables(draw: st.DrawFn, key: str) -> pl.DataFrame:
    n = draw(st.integers(0, 12))
    rows = {
        "unit_id": [draw(ids) for _ in range(n)],
        key: [draw(indicators) for _ in range(n)],
        "year": [draw(years) for _ in range(n)],
        "value": [draw(values) for _ in range(n)],
    }
    # Columns of mixed Python types become text, as from a hand-typed spreadsheet.
    cols = {}
    for name, col in rows.items():
        kinds = {type(v) for v in col if v is not None}
        if len(kinds) > 1:
            col = [None if v is None else str(v) for v in col]
        cols[name] = pl.Series(name, col, strict=False)
    frame = pl.DataFrame(cols) if n else pl.DataFrame(schema={c: pl.String for c in rows})
    if draw(st.booleans()):
        frame = frame.drop(draw(st.sampled_from(list(rows))))
    return frame


#: Words in an error's message that reveal a Rust panic behind it (pyo3's PanicException,
#: polars' "the plugin panicked", Rust's "thread '…' panicked at src/…").
PANIC_MARKERS = ("panicked", "panicexception")


def fail_on_panic(exc: BaseException) -> None:
    """Fail the test if ``exc``, or an exception it was raised from, reveals a Rust panic:
    its type is (or derives from) a ``PanicException``, or its message says it panicked."""
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        names = {cls.__name__ for cls in type(e).__mro__}
        text = f"{type(e).__name__}: {e}"
        if "PanicException" in names or any(m in text.lower() for m in PANIC_MARKERS):
            pytest.fail(f"a Rust panic surfaced as an allowed error: {text}", pytrace=False)
        e = e.__cause__ or e.__context__


def _call(fn, *args, **kwargs) -> None:
    try:
        fn(*args, **kwargs)
    except ALLOWED as e:
        fail_on_panic(e)


def _raise(exc: BaseException) -> Callable[[], None]:
    def fn() -> None:
        raise exc

    return fn


def _chained() -> chitieu.ChitieuError:
    try:
        raise pl.exceptions.PanicException("index out of bounds")
    except BaseException as inner:
        try:
            raise chitieu.ChitieuError("scoring failed") from inner
        except chitieu.ChitieuError as outer:
            return outer


@pytest.mark.parametrize(
    "exc",
    [
        pl.exceptions.ComputeError(
            "the plugin panicked\n\nThe message is suppressed. Set POLARS_VERBOSE=1 to send the "
            "panic message to stderr."
        ),
        ValueError("thread '<unnamed>' panicked at crates/chitieu/src/score.rs:1:1"),
        TypeError("pyo3_runtime.PanicException: called `Option::unwrap()` on a `None` value"),
        _chained(),
    ],
    ids=["polars plugin", "panic message", "exception name", "raised from a panic"],
)
def test_a_panic_wrapped_in_an_allowed_error_fails(exc: BaseException) -> None:
    with pytest.raises(pytest.fail.Exception, match="a Rust panic surfaced"):
        _call(_raise(exc))


def test_a_typed_error_passes() -> None:
    _call(_raise(chitieu.InvalidValueError("year 1800 is outside 1900..=2100")))
    _call(_raise(pl.exceptions.ComputeError("a year is null: every observation needs its year")))


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(tables("indicator"))
def test_observations_score_rank_and_expressions(df: pl.DataFrame) -> None:
    _call(chitieu.observations, df)
    _call(chitieu.score, df, "lai-chau-69-kl-tw-2024")
    _call(chitieu.score, df, "bac-giang-69-kl-tw-2024", feasibility_window=2)
    _call(chitieu.rank, df, "researchers_per_10k", 2024, within="regions")
    _call(chitieu.to_post_reform, df)
    if {"unit_id", "year", "value"} <= set(df.columns):
        _call(
            lambda: df.group_by("unit_id").agg(
                cx.cagr("value", "year"), cx.progress_status("value", "year", target=2.0)
            )
        )


@SETTINGS
@given(tables("component"))
def test_derive_growth_and_crosswalk(df: pl.DataFrame) -> None:
    _call(chitieu.derive, df)
    _call(chitieu.derive, df, strict=False)
    _call(chitieu.to_post_reform, df)
    _call(
        chitieu.growth_accounting, df, output="grdp_constant", investment="investment_constant",
        labour="employment", capital_share=0.4, method="rate",
    )  # fmt: skip


@SETTINGS
@given(
    st.lists(st.one_of(st.integers(-5, 3000), st.sampled_from(["x", None])), max_size=6),
    st.lists(
        st.one_of(
            st.floats(allow_nan=True, allow_infinity=True), st.none(), st.sampled_from(["a"])
        ),
        max_size=6,
    ),
    st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
    st.integers(-10, 3000),
)
def test_progress(ys: list, vs: list, target: float | None, target_year: int) -> None:
    _call(chitieu.progress, ys, vs, target=target, target_year=target_year)


@SETTINGS
@given(
    st.lists(
        st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.none()), min_size=0, max_size=8
    ),
    st.sampled_from([-1.0, 0.0, 0.5, 2.0, math.nan]),
)
def test_composite(col: list, weight: float) -> None:
    n = len(col)
    schema = {"unit_id": pl.String, "a": pl.Float64, "b": pl.Float64}
    data = {"unit_id": [f"u{i}" for i in range(n)], "a": col, "b": col[::-1]}
    wide = pl.DataFrame(data, schema=schema)
    meta = pl.DataFrame(
        [(1, "a", 1, weight, "I", "Indicator"), (1, "b", -1, 1.0, "I", "Indicator"),
         (2, "I", 1, 1.0, None, "Aggregate")],
        schema=["Level", "iCode", "Direction", "Weight", "Parent", "Type"], orient="row",
    )  # fmt: skip
    try:
        built = chitieu.composite(wide, meta, treat=bool(n % 2))
        _call(built.uncertainty, 20, seed=1)
    except ALLOWED as e:
        fail_on_panic(e)


@pytest.mark.parametrize(
    "text",
    ["", "id = 1", "[[targets]]\nid='x'", 'id = "a"\n' * 2, "\u0000", 'id = "🙂"\nname_vi = 1'],
)
def test_target_set_text(text: str) -> None:
    with pytest.raises(ALLOWED) as raised:
        chitieu.targets(text + "\n=")
    fail_on_panic(raised.value)
    _call(chitieu.targets, text)
    _call(chitieu.catalog, text)


@st.composite
def plausible(draw: st.DrawFn, key: str) -> pl.DataFrame:
    """Mostly valid panels (so that the scoring paths run), with duplicates, nulls,
    zeros, negatives and extreme values mixed in."""
    units = ["lai-chau", "bac-giang", "quang-tri", "ha-noi", "cao-bang", "thai-nguyen"]
    names = (
        ["researchers_per_10k", "pii_rank", "stinv_local_budget_share", "st_enterprises_new",
         "innovative_startups_new", "tfp_contribution_5y", "startup_projects_supported"]
        if key == "indicator"
        else ["grdp_constant", "investment_constant", "employment", "capital_share",
              "stinv_spending", "local_budget_expenditure", "population",
              "researchers_headcount"]
    )  # fmt: skip
    n = draw(st.integers(1, 40))
    rows = {
        "unit_id": [draw(st.sampled_from(units)) for _ in range(n)],
        key: [draw(st.sampled_from(names)) for _ in range(n)],
        "year": [draw(st.integers(2010, 2031)) for _ in range(n)],
        "value": [
            draw(
                st.one_of(
                    st.none(), st.sampled_from([0.0, -3.0, 1e12, 1e-12]), st.floats(0.01, 500.0)
                )
            )
            for _ in range(n)
        ],
    }
    return pl.DataFrame(rows).unique(["unit_id", key, "year"], keep="first")


@SETTINGS
@given(plausible("indicator"))
def test_plausible_observations_through_every_scorer(df: pl.DataFrame) -> None:
    for plan in ["lai-chau-69-kl-tw-2024", "bac-giang-69-kl-tw-2024", "quang-tri-43-kh-skhcn-2023"]:
        card = chitieu.score(df, plan, units=df["unit_id"].unique().to_list())
        assert card.to_polars().height == len(chitieu.targets(plan)) * df["unit_id"].n_unique()
    _call(chitieu.score, df, "lai-chau-69-kl-tw-2024", projection="time_weighted",
          feasibility_window=3)  # fmt: skip
    out = df.group_by("unit_id", "indicator").agg(
        cx.progress_score("value", "year", target=10.0).alias("score"),
        cx.year_met("value", "year", target=10.0).alias("year_met"),
    )
    assert out.height == df.select("unit_id", "indicator").n_unique()


@SETTINGS
@given(plausible("component"))
def test_plausible_raw_statistics(df: pl.DataFrame) -> None:
    lenient = chitieu.derive(df, strict=False)
    assert lenient["value"].is_null().sum() == lenient["flag"].str.starts_with("not_computed").sum()
    _call(chitieu.derive, df)
    _call(
        chitieu.growth_accounting, df, output="grdp_constant", investment="investment_constant",
        labour="employment", capital_share="capital_share", method="rate", format="windows",
    )  # fmt: skip


def test_every_exception_is_in_the_error_table() -> None:
    from pathlib import Path

    table = (Path(__file__).resolve().parent.parent / "docs" / "errors.md").read_text("utf-8")
    for name in dir(chitieu):
        obj = getattr(chitieu, name)
        if isinstance(obj, type) and issubclass(obj, chitieu.ChitieuError):
            if obj not in (chitieu.ChitieuError, chitieu.ValidationError):
                assert f"`{name}`" in table, name


@SETTINGS
@given(plausible("indicator"), st.randoms())
def test_scoring_is_invariant_to_row_order(df: pl.DataFrame, rnd) -> None:
    shuffled = df.sample(fraction=1.0, shuffle=True, seed=rnd.randint(0, 10**6))
    units = sorted(df["unit_id"].unique().to_list())
    a = chitieu.score(df, "lai-chau-69-kl-tw-2024", units=units).to_polars()
    b = chitieu.score(shuffled, "lai-chau-69-kl-tw-2024", units=units).to_polars()
    assert a.equals(b)


@SETTINGS
@given(tables("indicator"))
def test_no_silent_loss_in_observations(df: pl.DataFrame) -> None:
    try:
        out = chitieu.observations(df)
    except chitieu.ValidationError as e:
        assert e.errors, "a rejection lists its reasons"
        rows = {err["row"] for err in e.errors if err.get("row") is not None}
        assert all(0 <= r < df.height for r in rows)
    else:
        assert out.height == df.height


@SETTINGS
@given(
    st.lists(st.floats(-1e6, 1e6), min_size=3, max_size=15, unique=True),
    st.sampled_from(["minmax", "zscore", "rank"]),
    st.sampled_from([1, -1]),
)
def test_normalisation_keeps_order_honouring_direction(xs: list, method: str, d: int) -> None:
    wide = pl.DataFrame({"unit_id": [f"u{i}" for i in range(len(xs))], "a": xs, "b": xs})
    meta = pl.DataFrame(
        [(1, "a", d, 1.0, "I", "Indicator"), (1, "b", 1, 1.0, "I", "Indicator"),
         (2, "I", 1, 1.0, None, "Aggregate")],
        schema=["Level", "iCode", "Direction", "Weight", "Parent", "Type"], orient="row",
    )  # fmt: skip
    built = chitieu.composite(wide, meta, treat=False, normalisation=method)
    norm = built.stage("normalised")["a"].to_list()
    for i in range(len(xs)):
        for j in range(len(xs)):
            # Weak order: values closer than floating-point resolution may tie.
            if xs[i] < xs[j]:
                assert (norm[i] <= norm[j]) if d == 1 else (norm[i] >= norm[j])


def test_progress_wrapper_keeps_the_native_signature_and_docstring() -> None:
    """``chitieu.progress`` checks its options in Python, then calls the native function with
    the same keywords: the parameters, their defaults and the docstring are the native ones."""
    import inspect

    from chitieu import _chitieu

    def shape(fn: Callable[..., object]) -> list[tuple[str, object, object]]:
        return [(p.name, p.kind, p.default) for p in inspect.signature(fn).parameters.values()]

    assert shape(chitieu.progress) == shape(_chitieu.progress)
    assert chitieu.progress.__doc__ == _chitieu.progress.__doc__


def test_numpy_scalars_are_accepted_as_options() -> None:
    """Options read from numpy or pandas (``np.int64`` years, ``np.float64`` numbers, numpy
    booleans) are the numbers and flags they hold."""
    np = pytest.importorskip("numpy")
    obs = pl.DataFrame(
        {"unit_id": "lai-chau", "indicator": "researchers_per_10k", "year": [2015, 2023],
         "value": [4.0, 6.0]}
    )  # fmt: skip
    card = chitieu.score(
        obs, "lai-chau-69-kl-tw-2024", base_year=np.int64(2015), min_points=np.int32(2),
        zero_replacement=np.float32(0.01), carry_to_successor=np.False_,
    )  # fmt: skip
    assert card.to_polars().height == len(chitieu.targets("lai-chau-69-kl-tw-2024"))
    p = chitieu.progress(
        np.array([2015, 2023]), np.array([1.2, 1.6]), target=np.float64(2.0),
        target_year=np.int64(2030), strict=np.bool_(False),
    )  # fmt: skip
    assert p.status == chitieu.Status.ON_TRACK
