"""The repository stands alone: no tracked file points outside the clone.

Everything a test, doc, notebook or example needs is in the repository (oracle data in
tests/reference, plan texts in crates/chitieu/targets/sources). `.ci/run` also runs the whole
suite in a fresh clone in an empty folder; this test names the offending file and line.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A private design note, the material folder beside the checkout, or an absolute path of a
# build machine (at the start of a string, after a quote, a space or a bracket).
FORBIDDEN = re.compile(
    r"DESIGN\.md|\.\./shared\b|\bshared/(?:reference|seeds)|"
    r"(?:^|[\s\"'`(=])/(?:work|root|home|Users)/"
)


def tracked_files() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout.decode()
    return [ROOT / f for f in out.split("\0") if f]


def test_no_tracked_file_points_outside_the_clone() -> None:
    files = tracked_files()
    assert len(files) > 100, "not a git checkout of chitieu?"
    found = []
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("fuzz/corpus/"):
            continue
        try:
            text = path.read_text("utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue  # binary files (workbooks, images) hold no paths we write
        for n, line in enumerate(text.splitlines(), 1):
            if FORBIDDEN.search(line):
                found.append(f"{rel}:{n}: {line.strip()[:120]}")
    assert not found, "\n".join(found)


def test_the_pattern_catches_what_it_should() -> None:
    # Built from pieces, so that this file does not itself name what it forbids.
    note, folder = "DESIGN" + ".md", ".." + "/" + "shared"
    machine = ["Source: " + "/" + "work/x", '"' + "/" + 'root/.cache"']
    for bad in [f"see {note} §3", f"{folder}/seeds", *machine]:
        assert FORBIDDEN.search(bad), bad
    for good in ["https://example.org/home/page", "${TMPDIR:-/tmp}/chitieu-ci", "docs/methods.md"]:
        assert not FORBIDDEN.search(good), good
