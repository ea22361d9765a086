"""The docs stay true: generated README sections are current, every route, setting and
console script is documented and runs, and every docstring example passes."""

from __future__ import annotations

import dataclasses
import doctest
import importlib
import os
import pkgutil
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tipkg.config import Settings, env_var

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPKG_")}
    return env | extra


def test_cog_sections_are_current():
    # a different terminal width must not change the generated help text
    done = subprocess.run([sys.executable, "-m", "cogapp", "--check", "README.md"], cwd=ROOT,
                          capture_output=True, text=True, env=_clean_env(COLUMNS="47"), timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "## Command line" in README and "### `tipkg serve`" in README and "| `query_timeout` |" in README


def _route_pattern(rule: str) -> re.Pattern:
    """``/doc/<path:rest>`` → a backticked mention such as `` `/doc/{kind}/{slug}` ``."""
    parts = re.split(r"<[^>]+>", rule)
    body = r"[^`\s]+".join(re.escape(p) for p in parts)
    return re.compile("`" + body + "[`?#]")


def test_every_route_is_in_the_readme(app):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    assert len(rules) >= 15
    missing = sorted({r.rule for r in rules if not _route_pattern(r.rule).search(README)})
    assert not missing, f"routes not documented in README.md: {missing}"
    assert _route_pattern("/static/<path:filename>").search(README)
    # the methods each route takes beyond GET are named too
    for rule in rules:
        for method in sorted((rule.methods or set()) - {"GET", "HEAD", "OPTIONS"}):
            assert re.search(rf"`{re.escape(rule.rule)}` \| [A-Z, ]*{method}", README), (rule.rule, method)


def _flags() -> dict[str, list[str]]:
    from tipkg.cli import main

    found: dict[str, list[str]] = {}
    for command in main.commands.values():
        for param in command.params:
            found.setdefault(param.name, []).extend(o for o in param.opts if o.startswith("--"))
    return found


def test_every_setting_has_a_documented_flag_and_env_var():
    flags = _flags()
    for field in dataclasses.fields(Settings):
        assert f"`{env_var(field.name)}`" in README, field.name
        assert flags.get(field.name), f"setting {field.name} has no command-line flag"
        for flag in flags[field.name]:
            assert f"`{flag}`" in README, (field.name, flag)


@pytest.mark.parametrize("script", sorted(PYPROJECT["project"]["scripts"]))
def test_console_script_runs(script):
    path = Path(sys.executable).parent / script
    done = subprocess.run([str(path), "--help"], capture_output=True, text=True, env=_clean_env(), timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Usage:" in done.stdout and "serve" in done.stdout


def _package_modules() -> list[str]:
    names = []
    for package in PYPROJECT["tool"]["setuptools"]["packages"]:
        module = importlib.import_module(package)
        names.append(package)
        names += [f"{package}.{m.name}" for m in pkgutil.iter_modules(module.__path__) if not m.ispkg]
    return sorted(n for n in set(names) if not n.endswith(".__main__"))  # __main__ runs the CLI


def test_docstring_examples_run():
    modules = _package_modules()
    assert {"tipkg.config", "tipkg.graph.numbers", "tipkg.server.http.negotiation"} <= set(modules)
    attempted, failures = 0, []
    for name in modules:
        result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS, report=False)
        attempted += result.attempted
        if result.failed:
            failures.append(f"{name}: {result.failed} of {result.attempted} failed")
    assert not failures, failures
    assert attempted >= 10  # the examples exist, so this test can fail


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.S | re.M)
    assert match, title
    return match.group(1)


def test_quick_start_is_two_commands_and_ci_runs_one_of_them():
    blocks = re.findall(r"```sh\n(.*?)```", _section("Quick start"), re.S)
    commands = [line.split("#", 1)[0].strip() for block in blocks for line in block.splitlines()]
    assert [c for c in commands if c] == ["make serve", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in [line.strip() for line in ci.splitlines() if not line.lstrip().startswith("#")]
