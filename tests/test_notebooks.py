"""The example notebooks run top to bottom in a real Jupyter kernel (nbclient), in their
folder, without errors; outputs are not committed."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted(
    (Path(__file__).resolve().parent.parent / "examples" / "notebooks").glob("*.ipynb")
)


def _run(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "outputs"
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error
    return nb


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path) -> None:
    nb = _run(path)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]  # fmt: skip
    assert not errors


def test_quickstart_shows_the_province_chart() -> None:
    # A newcomer's first notebook ends with the chart of a target against its path, shown
    # by Jupyter, and the status overview: drawn locally as SVG (no CDN, works offline).
    nb = _run(next(p for p in NOTEBOOKS if p.stem == "01_quickstart"))
    shown = [
        o["data"]
        for c in nb.cells
        if c.cell_type == "code" and "charts." in c.source
        for o in c.outputs
        if o.output_type == "execute_result"
    ]
    assert len(shown) == 2 and all("<svg" in data.get("image/svg+xml", "") for data in shown)
    everything = nbformat.writes(nb)
    assert "cdn.jsdelivr" not in everything and "https://cdn" not in everything
