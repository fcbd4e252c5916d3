"""Shared by the scripts that write generated files kept in the repository."""

from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(path: Path, text: str, argv: list[str], script: str) -> int:
    """Write `text` to `path`, or with ``--check`` in `argv` exit 1 if the file differs."""
    if "--check" in argv:
        if path.read_text(encoding="utf-8") != text:
            print(f"{path} is stale: run scripts/{script}", file=sys.stderr)
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    return 0
