"""Scoring on partitions (issue 11): per-partition, Dask and Spark runs equal one run.

The panel is the bundled synthetic demo panel (63 provinces, derived indicators) copied 40
times with perturbed values (2,520 units, ~560,000 rows) plus a synthetic PII-rank series.
Every run is compared with ``chitieu.score(panel, sets, units=<every unit>)`` on one
machine: same rows, every column equal (floats exactly).
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import chitieu
from chitieu.scale import (
    cross_unit_targets,
    per_unit_sets,
    score_dask,
    score_meta,
    score_partition,
    score_schema,
    score_spark,
    sustained_rates,
)

DATA = Path(__file__).resolve().parent.parent / "examples" / "data"
KEY = ["unit_id", "target_id"]
COPIES = 40  # 63 provinces x 40 = 2,520 units

# A plan of our own (TOML): a lower-is-better indicator (feasibility compares rates with
# their sign flipped) and a range, shipped to the workers as a TargetSet object.
SCALE_PLAN = chitieu.targets("""
id = "scale-test"
name_vi = "Kế hoạch thử"
name_en = "Scale-out test plan"
issuer_vi = "UBND tỉnh"
issuer_en = "People's Committee"
document = "1/KH"
date = "2024-01-11"
scope_kind = "unit"
unit = "lai-chau"

[[targets]]
id = "scale-test/pii-rank"
indicator = "pii_rank"
kind = "at_most"
value = 10.0
horizon = 2030
clause_vi = "Vào nhóm 10 tỉnh dẫn đầu về PII."
clause_en = "Rank among the top 10 provinces in the PII."
confirmed = true

[[targets]]
id = "scale-test/ip-share"
indicator = "key_products_ip_share"
kind = "range"
lo = 70.0
hi = 80.0
horizon = 2030
clause_vi = "70-80% sản phẩm chủ lực được bảo hộ."
clause_en = "70-80% of key products protected."
confirmed = true
""")
# Every per-unit kind: thresholds, ranges, per-year flows, cumulative, relative, milestone,
# trends, qualitative. quang-tri has a percentile_band target and vn-569 a top_k target:
# they are left out with cross_unit="skip".
SETS: list[Any] = [
    "lai-chau-69-kl-tw-2024",
    "quang-tri-43-kh-skhcn-2023",
    "vn-569-qd-ttg-2022",
    SCALE_PLAN,
]
CROSS = ["quang-tri-43-kh-skhcn-2023/tfp-2045", "vn-569-qd-ttg-2022/gii-top40"]


def require(module: str) -> None:
    """Skip without an optional dependency; fail in CI, where every one must be present."""
    try:
        importlib.import_module(module)
    except ImportError as e:
        if os.environ.get("CI"):
            pytest.fail(f"{module} is required in CI (requirements-dev.txt): {e}")
        pytest.skip(f"{module} is not installed")


_WHOLE: dict[tuple[int, str], pl.DataFrame] = {}


def whole_run(panel: pl.DataFrame, units: list[str] | None = None, **options: Any) -> pl.DataFrame:
    """The single-machine scorecard rows of SETS (every unit of the panel unless ``units``),
    as the partitioned runs give them: status as a string, without the cross-unit targets
    (left out before scoring: on thousands of units a top-k row over the "world" group
    ranks every unit of the table, and takes minutes). Computed once per panel and options.
    """
    memo = (id(panel), repr((units, sorted(options.items()))))
    if memo not in _WHOLE:
        every = units if units is not None else panel["unit_id"].unique().to_list()
        rows = chitieu.score(panel, per_unit_sets(SETS), units=every, **options).to_polars()
        _WHOLE[memo] = rows.with_columns(pl.col("status").cast(pl.String))
    return _WHOLE[memo]


def by_unit(panel: pl.DataFrame, n: int) -> list[pl.DataFrame]:
    """``n`` partitions by a hash of the unit id: every row of a unit in one partition."""
    part = (pl.col("unit_id").hash(seed=3) % n).alias("part")
    return panel.with_columns(part).partition_by("part", include_key=False)


def assert_same_rows(got: pl.DataFrame, want: pl.DataFrame) -> None:
    """Same columns, types and rows; every column equal, floats exactly."""
    assert got.schema == want.schema
    assert got.height == want.height
    assert got.select(KEY).is_duplicated().sum() == 0
    assert_frame_equal(got.sort(KEY), want.sort(KEY), check_exact=True)


@pytest.fixture(scope="module")
def demo() -> pl.DataFrame:
    raw = pl.read_csv(DATA / "demo_raw_panel.csv", comment_prefix="#")
    return chitieu.derive(raw, strict=False)


@pytest.fixture(scope="module")
def panel(demo: pl.DataFrame) -> pl.DataFrame:
    """COPIES perturbed copies of every demo province, and a PII-rank series for each."""
    copies = []
    for k in range(COPIES):
        level = 1.0 + 0.02 * ((k * 7) % 11 - 5)
        tilt = 0.003 * ((k % 5) - 2)
        copies.append(
            demo.with_columns(
                pl.col("unit_id") + f"-{k:02d}",
                pl.col("value") * (level + tilt * (pl.col("year") - 2015)),
            )
        )
    obs = pl.concat(copies)
    ids = obs.select(pl.col("unit_id").unique().sort()).with_row_index("i")
    years = pl.DataFrame({"year": pl.int_range(2019, 2025, eager=True).cast(pl.Int32)})
    ranks = ids.join(years, how="cross").select(
        "unit_id",
        pl.lit("pii_rank").alias("indicator"),
        "year",
        pl.max_horizontal(
            1, (pl.col("i") * 7) % 63 + 1 - (pl.col("year") - 2019) * (pl.col("i") % 3)
        )
        .cast(pl.Float64)
        .alias("value"),
        pl.lit("synthetic").alias("source"),
        pl.lit(None, pl.String).alias("flag"),
    )
    return pl.concat([obs, ranks])


@pytest.fixture(scope="module")
def parquet_dir(panel: pl.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The panel as 4 parquet files cut by row, sorted by year: every unit has rows in
    every file, so scoring the files as they are would be wrong."""
    out = tmp_path_factory.mktemp("panel")
    rows = panel.sort("year", "unit_id", "indicator")
    n = rows.height
    for i in range(4):
        rows[i * n // 4 : (i + 1) * n // 4].write_parquet(out / f"part-{i}.parquet")
    return out


# ---------------------------------------------------------------------------------------
# One partition at a time (polars, pandas, arrow)


def test_schema_is_the_scorecard_schema(demo: pl.DataFrame) -> None:
    rows = chitieu.score(demo, "lai-chau-69-kl-tw-2024", units=["lai-chau"]).to_polars()
    schema = score_schema()
    assert schema.names == rows.columns
    # The arrow form of the scorecard rows, with status as a plain string.
    as_arrow = rows.with_columns(pl.col("status").cast(pl.String)).to_arrow()
    for field in schema:
        want = as_arrow.schema.field(field.name).type
        assert str(field.type) == str(want).replace("large_string", "string"), field.name
    assert str(schema.field("status").type) == "string"
    meta = score_meta()
    assert list(meta.columns) == rows.columns
    assert len(meta) == 0
    assert {str(t) for t in meta.dtypes} == {
        "string[pyarrow]",
        "int32[pyarrow]",
        "double[pyarrow]",
        "bool[pyarrow]",
    }


def test_partitions_by_unit_equal_one_run(panel: pl.DataFrame) -> None:
    want = whole_run(panel)
    parts = by_unit(panel, 5)
    assert len(parts) == 5
    got = pl.concat([score_partition(p, SETS, cross_unit="skip") for p in parts]).with_columns(
        pl.col("status").cast(pl.String)
    )
    assert_same_rows(got, want)
    assert got["status"].n_unique() >= 5
    targets = sum(len(s if isinstance(s, chitieu.TargetSet) else chitieu.targets(s)) for s in SETS)
    assert got["target_id"].n_unique() == targets - len(CROSS)
    assert got.height == panel["unit_id"].n_unique() * (targets - len(CROSS))
    # The comparison catches a wrong partitioning: units cut across partitions (rows in
    # file order) are scored on part of their series, and twice.
    cut = panel.sort("year")
    halves = [cut[: cut.height // 2], cut[cut.height // 2 :]]
    wrong = pl.concat([score_partition(h, SETS, cross_unit="skip") for h in halves])
    assert wrong.height > want.height
    with pytest.raises(AssertionError):
        assert_same_rows(wrong.with_columns(pl.col("status").cast(pl.String)), want)


def test_feasibility_from_the_rates_of_every_partition(panel: pl.DataFrame) -> None:
    want = whole_run(panel, feasibility_window=5)
    parts = by_unit(panel, 4)
    rates = [sustained_rates(p, SETS, 5) for p in parts]
    assert {"pii_rank", "key_products_ip_share"} <= set(pl.concat(rates)["indicator"])
    got = pl.concat(
        [
            score_partition(p, SETS, cross_unit="skip", feasibility_window=5, sustained=rates)
            for p in parts
        ]
    ).with_columns(pl.col("status").cast(pl.String))
    assert_same_rows(got, want)
    labels = set(got["feasibility"].drop_nulls())
    assert {"ordinary", "ambitious", "beyond_observed"} <= labels
    assert got.filter(pl.col("indicator") == "pii_rank")["feasibility"].null_count() < 2520
    # Placed among one partition's rates only, the percentiles differ: the refusal below
    # is not pedantry.
    local = score_partition(
        parts[0], SETS, cross_unit="skip", feasibility_window=5, sustained=rates[0]
    ).with_columns(pl.col("status").cast(pl.String))
    mine = want.filter(pl.col("unit_id").is_in(parts[0]["unit_id"].unique().to_list()))
    assert not local.sort(KEY)["feasibility_percentile"].equals(
        mine.sort(KEY)["feasibility_percentile"]
    )


def test_pandas_and_arrow_round_trips(demo: pl.DataFrame) -> None:
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    sets = ["lai-chau-69-kl-tw-2024", SCALE_PLAN]
    want = score_partition(demo, sets)
    assert want.schema["status"] == pl.Enum(
        [
            "target_achieved",
            "on_track",
            "acceleration_needed",
            "limited_progress",
            "deterioration",
            "not_achieved",
            "unable_to_assess",
            "not_measurable",
        ]
    )  # polars in: exactly to_polars()
    want = want.with_columns(pl.col("status").cast(pl.String))
    # pandas in -> pandas out, ArrowDtype columns (nulls and int32 kept).
    out = score_partition(demo.to_pandas(), sets)
    assert isinstance(out, pd.DataFrame)
    assert out.dtypes.to_dict() == score_meta().dtypes.to_dict()
    assert out["year_met"].isna().any() and str(out["year_met"].dtype) == "int32[pyarrow]"
    assert_same_rows(pl.from_arrow(pa.Table.from_pandas(out, preserve_index=False)), want)
    # arrow Table in -> Table out; RecordBatch in -> RecordBatch out; score_schema() both.
    table = score_partition(demo.to_arrow(), sets)
    assert isinstance(table, pa.Table) and table.schema == score_schema()
    assert_same_rows(pl.from_arrow(table), want)
    one = score_partition(demo.to_arrow().combine_chunks().to_batches()[0], sets)
    assert isinstance(one, pa.RecordBatch) and one.schema == score_schema()
    assert_same_rows(pl.from_arrow(one), want)
    # An empty partition (as shuffles make) gives no rows, with the schema.
    empty = score_partition(demo.head(0).to_pandas(), sets)
    assert len(empty) == 0 and empty.dtypes.to_dict() == score_meta().dtypes.to_dict()
    assert score_partition(demo.head(0).to_arrow(), sets).schema == score_schema()
    nothing = score_partition(demo.head(0), sets)
    assert nothing.height == 0 and nothing.schema == score_partition(demo, sets).schema
    # units= keeps only the listed units.
    some = score_partition(demo.to_arrow(), sets, units=["lai-chau", "son-la", "nowhere"])
    assert set(some.column("unit_id").to_pylist()) == {"lai-chau", "son-la"}


def test_skipping_cross_unit_targets_changes_no_other_row(demo: pl.DataFrame) -> None:
    # The sets rebuilt without their top-k / percentile targets score every other target
    # exactly as the shipped sets do (63 provinces: the full run is quick here).
    units = demo["unit_id"].unique().to_list()
    full = chitieu.score(demo, SETS, units=units).to_polars()
    assert set(full.filter(pl.col("kind").is_in(["top_k", "percentile_band"]))["target_id"]) == set(
        CROSS
    )
    reduced = per_unit_sets(SETS)
    assert [s if isinstance(s, str) else s.id for s in reduced] == [
        "lai-chau-69-kl-tw-2024",
        "quang-tri-43-kh-skhcn-2023",
        "vn-569-qd-ttg-2022",
        "scale-test",
    ]
    assert reduced[0] == "lai-chau-69-kl-tw-2024" and reduced[3] is SCALE_PLAN  # untouched
    assert_same_rows(
        chitieu.score(demo, reduced, units=units).to_polars(),
        full.filter(~pl.col("target_id").is_in(CROSS)),
    )
    assert per_unit_sets(["bac-giang-69-kl-tw-2024"])[0].to_polars()["kind"].to_list() == [
        "milestone", "cumulative", "qualitative", "qualitative", "qualitative", "qualitative"
    ]  # fmt: skip


def test_cross_unit_kinds_and_options_are_refused(demo: pl.DataFrame) -> None:
    assert cross_unit_targets(SETS) == CROSS
    assert cross_unit_targets("bac-giang-69-kl-tw-2024") == ["bac-giang-69-kl-tw-2024/top3-region"]
    with pytest.raises(ValueError, match=r"bac-giang-69-kl-tw-2024/top3-region \(top_k\)"):
        score_partition(demo, ["lai-chau-69-kl-tw-2024", "bac-giang-69-kl-tw-2024"])
    with pytest.raises(
        ValueError, match=r"quang-tri-43-kh-skhcn-2023/tfp-2045 \(percentile_band\)"
    ):
        score_partition(demo.to_pandas(), "quang-tri-43-kh-skhcn-2023")
    with pytest.raises(ValueError, match="need every unit of the group") as e:
        score_partition(demo, SETS)
    assert all(t in str(e.value) for t in CROSS)
    with pytest.raises(ValueError, match="sustained_rates"):
        score_partition(demo, "lai-chau-69-kl-tw-2024", feasibility_window=5)
    with pytest.raises(ValueError, match="uncertainty"):
        score_partition(demo, "lai-chau-69-kl-tw-2024", uncertainty=object())
    with pytest.raises(ValueError, match="cross_unit"):
        score_partition(demo, "lai-chau-69-kl-tw-2024", cross_unit="drop")  # type: ignore[arg-type]
    # chitieu's own errors pass through (bad data, unknown sets, bad options).
    with pytest.raises(chitieu.TargetSetError):
        score_partition(demo, "lai-chau-69")
    with pytest.raises(chitieu.InvalidValueError, match="projection"):
        score_partition(demo, "lai-chau-69-kl-tw-2024", projection="quadratic")
    with pytest.raises(chitieu.SchemaError):
        score_partition(demo.drop("unit_id"), "lai-chau-69-kl-tw-2024")
    with pytest.raises(chitieu.DuplicateKeyError):
        score_partition(pl.concat([demo.head(3), demo.head(1)]), "lai-chau-69-kl-tw-2024")


def test_conveniences_refuse_before_running() -> None:
    # Refused on the driver before the frame is touched (None would fail at first use).
    require("dask.dataframe")
    with pytest.raises(ValueError, match="top3-region"):
        score_dask(None, "bac-giang-69-kl-tw-2024")
    with pytest.raises(chitieu.InvalidValueError, match="limit_scaling"):
        score_dask(None, "lai-chau-69-kl-tw-2024", limit_scaling=3.0)
    require("pyspark")
    with pytest.raises(ValueError, match="tfp-2045"):
        score_spark(None, "quang-tri-43-kh-skhcn-2023")
    with pytest.raises(chitieu.TargetSetError):
        score_spark(None, "lai-chau-69")


# ---------------------------------------------------------------------------------------
# Dask: a LocalCluster of 2 workers


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    require("dask.dataframe")
    require("distributed")
    from distributed import Client, LocalCluster

    # Threads (processes=False) start in ~0.03 s against ~1.5 s for 2 worker processes,
    # and skip pickling partitions between processes: docs/scale.md has the numbers.
    start = time.perf_counter()
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    )
    client = Client(cluster)
    print(f"\ndask LocalCluster start: {time.perf_counter() - start:.2f} s")
    yield client
    client.close()
    cluster.close()


@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.reset_index")
@pytest.mark.parametrize(
    "options",
    [{}, {"feasibility_window": 5, "projection": "linear"}],
    ids=["default", "feasibility-linear"],
)
def test_dask_equals_single_machine(
    panel: pl.DataFrame, parquet_dir: Path, dask_client: Any, options: dict[str, Any]
) -> None:
    import dask.dataframe as dd
    import pyarrow as pa

    want = whole_run(panel, **options)
    ddf = dd.read_parquet(str(parquet_dir))
    assert ddf.npartitions == 4
    start = time.perf_counter()
    lazy = score_dask(ddf, SETS, cross_unit="skip", **options)
    assert list(lazy.columns) == want.columns  # the meta, known before running
    result = lazy.compute()
    print(f"\ndask score_dask {options}: {time.perf_counter() - start:.2f} s")
    got = pl.from_arrow(pa.Table.from_pandas(result, preserve_index=False))
    assert isinstance(got, pl.DataFrame)
    assert_same_rows(got, want)


@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.reset_index")
def test_dask_dataset_partitioned_by_unit_skips_the_shuffle(
    panel: pl.DataFrame, tmp_path: Path, dask_client: Any
) -> None:
    import dask.dataframe as dd
    import pyarrow as pa

    # One file per group of units (whole units in each): scored as read, no shuffle, the
    # same rows as one run.
    units = panel["unit_id"].unique().sort().to_list()
    for i in range(3):
        group = units[i * len(units) // 3 : (i + 1) * len(units) // 3]
        panel.filter(pl.col("unit_id").is_in(group)).write_parquet(tmp_path / f"g{i}.parquet")
    ddf = dd.read_parquet(str(tmp_path))
    lazy = score_dask(ddf, SETS, cross_unit="skip", partitioned_by_unit=True)
    assert "shuffle" not in " ".join(str(k) for k in lazy.dask.keys())
    result = lazy.compute()
    got = pl.from_arrow(pa.Table.from_pandas(result, preserve_index=False))
    assert isinstance(got, pl.DataFrame)
    assert_same_rows(got, whole_run(panel))


# ---------------------------------------------------------------------------------------
# Spark: local mode, 2 cores


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    require("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        if os.environ.get("CI"):
            pytest.fail("Java (17+) is required in CI for the Spark tests")
        pytest.skip("no Java runtime for Spark")
    from pyspark.sql import SparkSession

    # Python workers must import chitieu: the interpreter running the tests (read from the
    # environment when the session starts).
    env = pytest.MonkeyPatch()
    env.setenv("PYSPARK_PYTHON", sys.executable)
    start = time.perf_counter()
    session = (
        SparkSession.builder.master("local[2]")
        .appName("chitieu-test-scale")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    print(f"\nspark session start: {time.perf_counter() - start:.2f} s")
    yield session
    session.stop()
    env.undo()


@pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")
@pytest.mark.parametrize(
    "options",
    [{"feasibility_window": 5}, {"units": "half"}],
    ids=["feasibility", "units"],
)
def test_spark_equals_single_machine(
    panel: pl.DataFrame, parquet_dir: Path, spark: Any, options: dict[str, Any]
) -> None:
    from pyspark.sql.pandas.types import from_arrow_schema

    sdf = spark.read.parquet(str(parquet_dir))
    if options.get("units") == "half":
        units = panel["unit_id"].unique().sort()[::2].to_list()
        want = whole_run(panel, units=units)
        options = {"units": units}
    else:
        want = whole_run(panel, **options)
    start = time.perf_counter()
    lazy = score_spark(sdf, SETS, cross_unit="skip", partitions=4, **options)
    assert lazy.schema == from_arrow_schema(score_schema())
    table = lazy.toArrow()
    print(f"\nspark score_spark {list(options)}: {time.perf_counter() - start:.2f} s")
    got = pl.from_arrow(table)
    assert isinstance(got, pl.DataFrame)
    assert_same_rows(got, want)
