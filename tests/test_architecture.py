"""The import rules of docs/architecture.md: the layout shows the architecture only while
each package imports what its row allows. Read from the source (every import statement,
at any depth), not from what happens to be loaded."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {"tipkg": ROOT / "tipkg", "tipkg.graph": ROOT / "graph", "tipkg.server": ROOT / "server"}

# package → prefixes its modules must not import (docs/architecture.md, "Packages")
FORBIDDEN = {
    "tipkg.query": ("flask", "werkzeug", "tipkg.server"),
    "tipkg.workers": ("flask", "werkzeug", "tipkg.server"),
    "tipkg.shacl": ("flask", "werkzeug", "tipkg.server", "tipkg.query"),
    "tipkg.graph": ("flask", "werkzeug", "tipkg.server", "tipkg.query"),
    "tipkg.server.http": ("tipkg.server.routes", "tipkg.server.render"),
    "tipkg.server.render": ("tipkg.server.routes",),
}
TOP_MODULES_FORBIDDEN = ("flask", "werkzeug", "tipkg.server")


def _modules() -> dict[str, Path]:
    found = {}
    for package, folder in FOLDERS.items():
        for path in folder.rglob("*.py"):
            parts = path.relative_to(folder).with_suffix("").parts
            if package == "tipkg" and parts[0] in ("graph", "server"):
                continue
            name = ".".join((package, *parts)).removesuffix(".__init__")
            found[name] = path
    return found


def _imports(path: Path, module: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(module.split(".")[: -node.level] + ([base] if base else []))
            names |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return names


MODULES = _modules()


def test_the_scan_sees_the_packages():
    assert {"tipkg.query.service", "tipkg.workers.protocol", "tipkg.shacl.validator", "tipkg.graph.build",
            "tipkg.server.state", "tipkg.server.routes.sparql", "tipkg.server.render.responses"} <= MODULES.keys()


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_what_its_row_allows(package):
    checked, bad = 0, []
    for name, path in MODULES.items():
        if name == package or name.startswith(package + "."):
            checked += 1
            bad += [(name, i) for i in _imports(path, name) if i.startswith(FORBIDDEN[package])]
    assert checked, package
    assert not bad, bad


def test_top_modules_do_not_import_the_server_except_the_cli_lazily():
    for name, path in MODULES.items():
        if name.count(".") == 1 and name.split(".")[0] == "tipkg" and name not in ("tipkg.graph", "tipkg.server"):
            top_level = {n for stmt in ast.parse(path.read_text(encoding="utf-8")).body
                         for n in _imports_of(stmt, name)}
            assert not {i for i in top_level if i.startswith(TOP_MODULES_FORBIDDEN)}, name


def _imports_of(stmt, module):
    if isinstance(stmt, ast.Import):
        return {a.name for a in stmt.names}
    if isinstance(stmt, ast.ImportFrom):
        return {stmt.module or ""}
    return set()


def test_blueprints_live_only_in_routes():
    holders = {name for name, path in MODULES.items() if re.search(r"\bBlueprint\(", path.read_text(encoding="utf-8"))}
    assert holders and all(name.startswith("tipkg.server.routes.") for name in holders), holders


def test_app_extensions_are_touched_only_by_state():
    touching = {name for name, path in MODULES.items() if "extensions" in path.read_text(encoding="utf-8") and "app.extensions" in path.read_text(encoding="utf-8")}
    assert touching == {"tipkg.server.state"}, touching
