"""Scoring a panel larger than one machine's memory in partitions: 10^8 rows on disk, scored
by Dask partition by partition (issue 24), with chitieu against the polars-expression
baseline on the same partitions.

    .venv/bin/python benches/partitioned_bench.py                  # 10^8 rows, 20 files
    .venv/bin/python benches/partitioned_bench.py --rows 1e7 --files 4
    .venv/bin/python benches/partitioned_bench.py --keep /data/panel  # keep the dataset

The dataset is **synthetic**: `score_bench.make_panel` (seeded; not statistics of any
place) makes one panel of rows/files rows, and every file holds it under its own unit ids
(`p07-c000123`): the same numbers, different units, so that the files hold whole units
(a parquet dataset written one file per group of units). The dataset is written one file
at a time and never held whole in memory.

Three measurements, in this order:

1. **Dask, end to end**: `dd.read_parquet(dataset)` (one partition per file) →
   `chitieu.score_dask(..., partitioned_by_unit=True)` → `to_parquet` of the scorecard, on a
   `LocalCluster` of 2 worker processes with one thread each. Wall time, rows out, and each
   worker's peak resident memory (`VmHWM` of the worker process, asked after the run).
2. **Per partition**: on `--sample` files, each in its own process (so its peak memory is its
   own), the scoring call of chitieu (`chitieu.score` on the file's polars frame) and of the
   polars-expression baseline of `score_bench` on the same frame: time and the process peak.
   The two results are checked equal first (`score_bench.check`).
3. The dataset's size on disk and in memory (one partition's `estimated_size()` × files).

Results go to bench-results/partitioned_bench.{md,json}.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import score_bench as sb  # noqa: E402

import chitieu  # noqa: E402

OUT = HERE.parent / "bench-results"


def vm_hwm() -> int:
    """This process's peak resident memory in bytes (`VmHWM`)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def write_dataset(rows: int, files: int, out: Path) -> dict:
    """`files` parquet files of about rows/files rows each, one file at a time."""
    spec = sb.target_spec()
    panel, units = sb.make_panel(rows // files, spec)
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for k in range(files):
        prefix = f"p{k:02d}-"
        part = panel.with_columns((pl.lit(prefix) + pl.col("unit_id")).alias("unit_id"))
        part.write_parquet(out / f"part-{k:02d}.parquet")
        (out.parent / "units").mkdir(exist_ok=True)
        pl.DataFrame({"unit_id": [prefix + u for u in units]}).write_parquet(
            out.parent / "units" / f"part-{k:02d}.parquet"
        )
        total += part.height
    return {
        "rows": total,
        "files": files,
        "rows_per_file": panel.height,
        "units_per_file": len(units),
        "bytes_on_disk": sum(f.stat().st_size for f in out.glob("part-*.parquet")),
        "bytes_in_memory": int(panel.estimated_size()) * files,
    }


def dask_run(dataset: Path, scored: Path) -> dict:
    """Every file scored by Dask workers, the scorecard written to `scored`."""
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        memory_limit="10GiB",
    )  # fmt: skip
    client = Client(cluster)
    try:
        targets = chitieu.targets(sb.TARGETS)
        ddf = dd.read_parquet(str(dataset))
        start = time.perf_counter()
        lazy = chitieu.score_dask(ddf, targets, partitioned_by_unit=True)
        lazy.to_parquet(str(scored), write_index=False)
        wall = time.perf_counter() - start
        peaks = client.run(vm_hwm)
        out_rows = pl.scan_parquet(str(scored / "*.parquet")).select(pl.len()).collect().item()
        return {
            "wall_s": wall,
            "partitions": ddf.npartitions,
            "scorecard_rows": out_rows,
            "worker_peak_rss_bytes": sorted(peaks.values()),
        }
    finally:
        client.close()
        cluster.close()


def one_partition(impl: str, file: Path) -> dict:
    """Child process: one implementation on one file (time of the call, process peak)."""
    frame = pl.read_parquet(file)
    units = pl.read_parquet(file.parent.parent / "units" / file.name)["unit_id"].to_list()
    spec = sb.target_spec()
    fn = {"chitieu": sb.score_chitieu, "polars": sb.score_polars}[impl]
    loaded = vm_hwm()
    runs = []
    for _ in range(2):
        start = time.perf_counter()
        result = fn(frame, units, spec)
        runs.append(time.perf_counter() - start)
    result.write_parquet(Path(tempfile.gettempdir()) / f"partitioned_{impl}_{file.stem}.parquet")
    return {"impl": impl, "best_s": min(runs), "peak_rss_bytes": vm_hwm(), "loaded": loaded}


def per_partition(dataset: Path, sample: int) -> list[dict]:
    out = []
    for file in sorted(dataset.glob("part-*.parquet"))[:sample]:
        got = {}
        for impl in ("chitieu", "polars"):
            done = subprocess.run(
                [sys.executable, __file__, "--child", impl, str(file)],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            got[impl] = json.loads(done.stdout.strip().splitlines()[-1])
        tmp = Path(tempfile.gettempdir())
        ref = pl.read_parquet(tmp / f"partitioned_chitieu_{file.stem}.parquet")
        pol = pl.read_parquet(tmp / f"partitioned_polars_{file.stem}.parquet")
        equal = sb.check(sb.normalise(ref), sb.normalise(pol), "polars", ref.height)
        if not equal:
            sys.exit(f"polars baseline differs from chitieu on {file.name}")
        out.append({"file": file.name, **{k: v for k, v in got.items()}, "equal": equal})
    return out


def report(info: dict) -> str:
    d, r = info["dataset"], info["dask"]
    mb = lambda b: f"{b / 1024**2:,.0f}"  # noqa: E731
    lines = [
        f"# {d['rows']:,} rows scored in partitions",
        "",
        f"{info['machine']}; {info['date']}",
        "",
        f"Dataset: {d['files']} parquet files × {d['rows_per_file']:,} rows "
        f"({d['units_per_file']:,} communes each; synthetic, seeded), "
        f"{mb(d['bytes_on_disk'])} MB on disk, {mb(d['bytes_in_memory'])} MB as polars frames.",
        "",
        "## Dask, end to end (2 worker processes × 1 thread, no shuffle)",
        "",
        "| partitions | scorecard rows | wall time (s) | rows/s | worker peak RSS (MB) |",
        "|---:|---:|---:|---:|---|",
        f"| {r['partitions']} | {r['scorecard_rows']:,} | {r['wall_s']:.1f} | "
        f"{d['rows'] / r['wall_s']:,.0f} | "
        f"{', '.join(mb(b) for b in r['worker_peak_rss_bytes'])} |",
        "",
        "## One partition: chitieu against polars expressions (each in its own process)",
        "",
        "| file | chitieu (s) | polars (s) | chitieu faster by | chitieu peak RSS (MB) | "
        "polars peak RSS (MB) | checked |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for p in info["per_partition"]:
        c, q = p["chitieu"], p["polars"]
        lines.append(
            f"| {p['file']} | {c['best_s']:.2f} | {q['best_s']:.2f} | "
            f"{q['best_s'] / c['best_s']:.2f}× | {mb(c['peak_rss_bytes'])} | "
            f"{mb(q['peak_rss_bytes'])} | {'equal' if p['equal'] else 'DIFFERS'} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", default="1e8", help="rows in all (default 1e8)")
    p.add_argument("--files", type=int, default=20, help="parquet files (partitions)")
    p.add_argument("--sample", type=int, default=2, help="files timed one by one")
    p.add_argument("--keep", metavar="DIR", help="write the dataset to DIR and keep it")
    p.add_argument("--child", nargs=2, metavar=("IMPL", "FILE"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        print(json.dumps(one_partition(args.child[0], Path(args.child[1]))))
        return
    rows = int(float(args.rows))
    keep = contextlib.nullcontext(args.keep) if args.keep else None
    with keep or tempfile.TemporaryDirectory(prefix="partitioned_bench_") as tmp:
        dataset = Path(tmp) / "dataset"
        start = time.perf_counter()
        data = write_dataset(rows, args.files, dataset)
        print(f"dataset: {data['rows']:,} rows in {data['files']} files "
              f"({time.perf_counter() - start:.0f} s)", flush=True)  # fmt: skip
        scored = Path(tmp) / "scored"
        dask = dask_run(dataset, scored)
        print(
            f"dask: {dask['wall_s']:.1f} s, {dask['scorecard_rows']:,} scorecard rows", flush=True
        )
        parts = per_partition(dataset, args.sample)
    info = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, polars {pl.__version__}",
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "dataset": data,
        "dask": dask,
        "per_partition": parts,
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "partitioned_bench.json").write_text(json.dumps(info, indent=2) + "\n")
    text = report(info)
    (OUT / "partitioned_bench.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
