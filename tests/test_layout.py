"""The layout of the Python package: no cycle among the imports its modules run when they are
imported, and no module longer than 500 lines.

The import graph is read from the source (``ast``), not from a running interpreter: an edge
``a -> b`` for every ``import`` or ``from ... import`` that module ``a`` runs when it is
imported (at the top level, in ``try``/``if``/``with`` blocks and class bodies), to module
``b`` of the package. Imports inside functions run later and are left out, as are those
under ``if TYPE_CHECKING:``. A package's own ``__init__`` is not counted as imported by its
submodules (Python imports it first, whatever they import).

Run as a script to print the graph: ``python tests/test_layout.py``.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Union

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "python"
PACKAGE = "chitieu"
MAX_LINES = 500

Graph = dict[str, set[str]]
ImportNode = Union[ast.Import, ast.ImportFrom]
#: Suffixes of the files that are modules: sources, stubs and compiled extensions (the
#: extension ``_chitieu.abi3.so`` is module ``_chitieu``).
MODULE_SUFFIXES = (".py", ".pyi", ".so", ".pyd")


def module_name(path: Path, source: Path) -> str:
    """``chitieu.charts`` for ``<source>/chitieu/charts/__init__.py``."""
    parts = list(path.relative_to(source).parts)
    parts[-1] = parts[-1].split(".", 1)[0]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources(source: Path, package: str) -> dict[str, Path]:
    """Module name -> path of every ``*.py`` of ``package`` (subpackages included)."""
    return {module_name(p, source): p for p in sorted((source / package).rglob("*.py"))}


def known_modules(source: Path, package: str) -> set[str]:
    """Every module of ``package``: sources, stubs and compiled extensions."""
    return {
        module_name(p, source)
        for p in (source / package).rglob("*")
        if p.is_file() and p.name.endswith(MODULE_SUFFIXES)
    }


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def import_time_imports(tree: ast.Module) -> Iterator[ImportNode]:
    """The import statements a module runs when it is imported: not those in functions,
    nor those under ``if TYPE_CHECKING:`` (its ``else`` branch runs)."""
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
        else:
            stack.extend(
                child
                for child in ast.iter_child_nodes(node)
                if isinstance(child, (ast.stmt, ast.excepthandler))
                or type(child).__name__ == "match_case"
            )


def imported(node: ImportNode, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The modules of ``known`` that one import statement of ``module`` imports: for
    ``from m import x``, ``m.x`` when it is a module, else ``m``; relative imports resolved."""
    if isinstance(node, ast.Import):
        found = set()
        for alias in node.names:
            parts = alias.name.split(".")
            prefixes = [".".join(parts[:i]) for i in range(len(parts), 0, -1)]
            found |= {next((p for p in prefixes if p in known), alias.name)}
        return found
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        base_parts = package[: len(package) - (node.level - 1)]
        base = ".".join([*base_parts, *([node.module] if node.module else [])])
    else:
        base = node.module or ""
    return {f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names}


def import_graph(source: Path = SOURCE, package: str = PACKAGE) -> Graph:
    """Module -> the modules of the package it imports when it is imported."""
    files = sources(source, package)
    known = known_modules(source, package)
    graph: Graph = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        edges: set[str] = set()
        for node in import_time_imports(tree):
            edges |= imported(node, module, path.name == "__init__.py", known)
        graph[module] = {m for m in edges if m in files and m != module}
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """One cycle (``[a, b, ..., a]``) for each edge that closes one in a depth-first walk;
    empty when the graph has none."""
    found: list[list[str]] = []
    state: dict[str, str] = {}  # "open" while on the walk's path, then "done"
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = "open"
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                found.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_the_package_has_no_import_cycle() -> None:
    graph = import_graph()
    # The graph is read, not empty: these edges exist.
    assert "chitieu.score" in graph["chitieu"]
    assert "chitieu.score" in graph["chitieu.charts._trajectory"]
    assert "chitieu.report" in graph["chitieu.score"]
    found = cycles(graph)
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_report_and_charts_are_not_imported_by_score() -> None:
    """``Scorecard.report`` draws charts, and the charts read scorecards: the charts are
    imported only when a report is drawn (they need the optional altair)."""
    graph = import_graph()
    assert "chitieu.charts" not in graph["chitieu.score"]
    assert "chitieu.charts" not in graph["chitieu.report"]
    assert "chitieu.score" not in graph["chitieu.report"]


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_checker_finds_cycles(tmp_path: Path) -> None:
    source = _write(
        tmp_path,
        {
            "pkg/__init__.py": "from pkg import a\n",
            "pkg/_native.pyi": "",
            "pkg/a.py": "from pkg import _native, b\n",
            "pkg/b.py": "try:\n    from .sub.c import x\nexcept ImportError:\n    pass\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/c.py": "import pkg.a\n",
            "pkg/d.py": (
                "from typing import TYPE_CHECKING\n"
                "from pkg import e\n"
                "if TYPE_CHECKING:\n    from pkg import a\n"
                "def f():\n    from pkg import d\n"
            ),
            "pkg/e.py": "class E:\n    from pkg import d\n",
        },
    )
    graph = import_graph(source, "pkg")
    assert graph["pkg"] == {"pkg.a"}
    assert graph["pkg.a"] == {"pkg.b"}  # the extension module is not a source: no edge
    assert graph["pkg.b"] == {"pkg.sub.c"}
    assert graph["pkg.d"] == {"pkg.e"}  # not under TYPE_CHECKING, not in functions
    assert sorted(map(tuple, cycles(graph))) == [
        ("pkg.a", "pkg.b", "pkg.sub.c", "pkg.a"),
        ("pkg.d", "pkg.e", "pkg.d"),
    ]
    # A submodule importing a name of its package's __init__ closes a cycle too.
    _write(source, {"pkg/a.py": "from pkg import VERSION\n"})
    assert ["pkg", "pkg.a", "pkg"] in cycles(import_graph(source, "pkg"))


@pytest.mark.parametrize(
    "path",
    sorted((SOURCE / PACKAGE).rglob("*.py")),
    ids=lambda p: p.relative_to(SOURCE).as_posix(),
)
def test_no_module_is_over_500_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines (at most {MAX_LINES})"


if __name__ == "__main__":
    graph = import_graph()
    for module in sorted(graph):
        print(f"{module} -> {', '.join(sorted(graph[module])) or '-'}")
    found = cycles(graph)
    print("cycles:", "none" if not found else "; ".join(" -> ".join(c) for c in found))
    sys.exit(1 if found else 0)
