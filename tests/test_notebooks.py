"""The example notebooks run top to bottom (their code cells, in order, in their folder)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

NOTEBOOKS = sorted(
    (Path(__file__).resolve().parent.parent / "examples" / "notebooks").glob("*.ipynb")
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    # Outputs are not committed.
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
    monkeypatch.chdir(path.parent)
    scope: dict = {"__name__": "__main__"}
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), f"{path.name}", "exec"), scope)
    assert os.getcwd() == str(path.parent)
