"""Shared fixtures of the Python tests."""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path

import polars as pl
import pytest

import chitieu

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def demo_raw() -> pl.DataFrame:
    """The bundled (synthetic) raw-statistics panel of 63 provinces."""
    return pl.read_csv(ROOT / "examples" / "data" / "demo_raw_panel.csv", comment_prefix="#")


@pytest.fixture(scope="session")
def demo_observations(demo_raw: pl.DataFrame) -> pl.DataFrame:
    """The demo panel's indicators, derived as the quickstart derives them (lenient)."""
    return chitieu.derive(demo_raw, strict=False)


@pytest.fixture
def demo_csv() -> Path:
    """The bundled (synthetic) demo observations."""
    return ROOT / "examples" / "data" / "demo_observations.csv"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """With CHITIEU_NO_SKIPS=1 (set by `.ci/run`), a skipped test fails instead.

    The browser, Dask and Spark tests skip on a machine without Chromium, Java or those
    packages; in CI they must run, so a skip there is an error, never a silent pass.
    """
    report = yield
    if report.skipped and os.environ.get("CHITIEU_NO_SKIPS") == "1":
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped, but CHITIEU_NO_SKIPS=1 requires it to run: {reason}"
    return report
