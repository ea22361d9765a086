"""The wheel installs everything under one namespace, data included."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    return next(out.glob("*.whl"))


def test_wheel_has_one_top_level_package_with_its_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/", 1)[0] for n in names if not n.split("/", 1)[0].endswith((".dist-info", ".data"))}
    assert top == {"tipkg"}
    for required in (
        "tipkg/graph/corpus/kompas-2023-05-11.txt",
        "tipkg/graph/corpus/metadata.csv",
        "tipkg/graph/facts/_entities.toml",
        "tipkg/graph/queries/05-disagreeing-statistics.rq",
        "tipkg/ontology/tipkg.ttl",
        "tipkg/shapes/shapes.ttl",
        "tipkg/server/templates/base.html",
        "tipkg/server/templates/answers/commitments.html",
        "tipkg/server/static/editor.js",
        "tipkg/server/static/vendor/yasqe/yasqe.min.js",
        "tipkg/server/static/vendor/yasqe/yasqe.min.css",
        "tipkg/server/static/vendor/yasqe/LICENSE",
    ):
        assert required in names, required


def test_installed_wheel_builds_from_its_own_data(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site), str(wheel)], check=True, timeout=300)
    code = (
        "import tipkg, tipkg.graph.build as b, pathlib, sys;"
        "assert 'site' in tipkg.__file__, tipkg.__file__;"
        "from tipkg import assets; assert len(assets.corpus_files()) == 5;"
        "print(b.summarize(b.build_dataset(pathlib.Path(sys.argv[1]))))"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "data")], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "commitments: 10" in result.stdout  # 15 before issue 8: five were statements or a speaker's words
    assert "statements: 18" in result.stdout
    bare = subprocess.run([sys.executable, "-c", "import graph"], capture_output=True, cwd=tmp_path, env=env)
    assert bare.returncode != 0  # no bare top-level `graph` module
