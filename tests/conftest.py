"""Shared fixtures of the Python tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def demo_csv() -> Path:
    """The bundled (synthetic) demo observations."""
    return ROOT / "examples" / "data" / "demo_observations.csv"
