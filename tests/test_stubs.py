"""The stub ``chitieu/_chitieu.pyi`` describes exactly what the compiled module exports.

Two checks: a quick comparison of names and parameters (``inspect`` on the runtime objects,
``ast`` on the stub), and ``mypy.stubtest`` (which also compares defaults, classes and
``@final``). A function added in Rust without a stub, or a stub left behind, fails both.
"""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path
from typing import Any, Union

import pytest

from chitieu import _chitieu

ROOT = Path(__file__).resolve().parent.parent
STUB = ROOT / "python" / "chitieu" / "_chitieu.pyi"

Def = Union[ast.FunctionDef, ast.AsyncFunctionDef]
#: Instance attributes the stub declares that the runtime classes cannot show: ``errors`` is
#: set on each exception raised with details.
INSTANCE_ONLY = {"ValidationError.errors", "UnknownIdError.errors"}


def _stub() -> ast.Module:
    return ast.parse(STUB.read_text(encoding="utf-8"))


def _public(name: str) -> bool:
    return not name.startswith("_") or name == "__version__"


def _stub_names() -> dict[str, ast.stmt]:
    """Top-level public names the stub declares (private aliases such as ``_Definitions``
    exist only for typing)."""
    names: dict[str, ast.stmt] = {}
    for node in _stub().body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names[node.name] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = node
    return {n: node for n, node in names.items() if _public(n)}


def _stub_all() -> set[str]:
    for node in _stub().body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return set(ast.literal_eval(node.value))
    return set()


def _runtime_names() -> set[str]:
    """Everything public the module exports: its ``__all__`` and any public attribute."""
    names = {n for n in dir(_chitieu) if _public(n) and not n.startswith("__")}
    return names | set(_chitieu.__all__)


def test_the_stub_declares_every_export_and_nothing_else() -> None:
    stub, runtime = set(_stub_names()), _runtime_names()
    assert not runtime - stub, f"exported by the module but missing from the stub: {runtime - stub}"
    assert not stub - runtime, f"in the stub but not exported by the module: {stub - runtime}"
    assert _stub_all() == set(_chitieu.__all__)


def _stub_parameters(node: Def) -> list[tuple[str, str, bool]]:
    """(name, kind, has a default) of each parameter, ``self`` left out."""
    a = node.args
    positional = a.posonlyargs + a.args
    defaults = [False] * (len(positional) - len(a.defaults)) + [True] * len(a.defaults)
    out = [
        (p.arg, "positional_only" if p in a.posonlyargs else "positional_or_keyword", d)
        for p, d in zip(positional, defaults)
    ]
    if a.vararg:
        out.append((a.vararg.arg, "var_positional", False))
    out += [(p.arg, "keyword_only", d is not None) for p, d in zip(a.kwonlyargs, a.kw_defaults)]
    if a.kwarg:
        out.append((a.kwarg.arg, "var_keyword", False))
    return [p for p in out if p[0] not in ("self", "cls")]


def _runtime_parameters(obj: Any) -> list[tuple[str, str, bool]]:
    signature = inspect.signature(obj)
    return [
        (p.name, p.kind.name.lower(), p.default is not inspect.Parameter.empty)
        for p in signature.parameters.values()
        if p.name not in ("self", "cls")
    ]


def _functions() -> list[str]:
    return sorted(n for n, node in _stub_names().items() if isinstance(node, ast.FunctionDef))


@pytest.mark.parametrize("name", _functions())
def test_function_parameters_match(name: str) -> None:
    node = _stub_names()[name]
    assert isinstance(node, ast.FunctionDef)
    runtime = getattr(_chitieu, name, None)
    assert runtime is not None, f"{name} is not in the module"
    assert runtime.__text_signature__, f"{name} has no signature at runtime"
    assert _stub_parameters(node) == _runtime_parameters(runtime)


def _classes() -> list[str]:
    return sorted(n for n, node in _stub_names().items() if isinstance(node, ast.ClassDef))


@pytest.mark.parametrize("name", _classes())
def test_class_members_and_bases_match(name: str) -> None:
    node = _stub_names()[name]
    assert isinstance(node, ast.ClassDef)
    cls = getattr(_chitieu, name)
    bases = [b.id for b in node.bases if isinstance(b, ast.Name)]
    assert bases == [b.__name__ for b in cls.__bases__ if b is not object]
    stub_members: dict[str, ast.stmt] = {}
    for item in node.body:
        if isinstance(item, ast.FunctionDef):
            stub_members[item.name] = item
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            stub_members[item.target.id] = item
    stub_public = {m for m in stub_members if not m.startswith("_")}
    runtime_public = {m for m in vars(cls) if not m.startswith("_")}
    only_in_stub = {m for m in stub_public - runtime_public if f"{name}.{m}" not in INSTANCE_ONLY}
    assert not runtime_public - stub_public, f"{name}: missing from the stub"
    assert not only_in_stub, f"{name}: not at runtime"
    for member in stub_public & runtime_public:
        item, value = stub_members[member], vars(cls)[member]
        is_property = isinstance(item, ast.FunctionDef) and any(
            isinstance(d, ast.Name) and d.id == "property" for d in item.decorator_list
        )
        if is_property:
            assert inspect.isdatadescriptor(value), f"{name}.{member} is not a property"
        elif isinstance(item, ast.FunctionDef):
            assert callable(value), f"{name}.{member}"
            assert _stub_parameters(item) == _runtime_parameters(getattr(cls, member))


def test_stubtest_finds_no_difference() -> None:
    pytest.importorskip("mypy.stubtest")
    command = [sys.executable, "-m", "mypy.stubtest", "--mypy-config-file",
               str(ROOT / "pyproject.toml"), "chitieu._chitieu"]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
