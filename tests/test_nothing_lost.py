"""Nothing lost: a failed build never replaces the served dataset, switching builds is
atomic for readers, and a server killed at any moment comes back with the same dataset,
byte-identical dumps and the same answers."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import signal
import threading
from pathlib import Path

import pytest
import requests
from fixtures_sparql import CROSS_PRODUCT

from tipkg.errors import BuildError
from tipkg.graph.build import build_dataset, current_build

FACTS_DIR = Path(__file__).resolve().parents[1] / "graph" / "facts"
QUERY = "SELECT ?c ?label WHERE { ?c a tip:Commitment ; rdfs:label ?label FILTER(LANG(?label) = 'en') } ORDER BY ?c ?label"


def _facts(tmp_path: Path, name: str, old: str | None = None, new: str | None = None) -> Path:
    facts = tmp_path / name
    shutil.copytree(FACTS_DIR, facts, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    if old is not None:
        path = facts / "kompas-2023-05-11.toml"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return facts


def _fingerprint(url: str) -> dict:
    """Version, sha256 of every dump fetched over HTTP, and one query's answer."""
    index = requests.get(url + "/dumps/index.json", timeout=30).json()
    digests = {f["name"]: hashlib.sha256(requests.get(f["url"], timeout=60).content).hexdigest() for f in index["files"]}
    for entry in index["files"]:
        assert digests[entry["name"]] == entry["sha256"], entry["name"]
    answer = requests.get(url + "/sparql", params={"query": QUERY}, timeout=60)
    assert answer.status_code == 200
    rows = answer.json()["results"]["bindings"]
    assert rows, "the query must see data"
    return {"version": requests.get(url + "/health", timeout=30).json()["version"], "dumps": digests, "rows": rows}


@pytest.fixture(scope="module")
def own_data(tmp_path_factory, data_dir) -> Path:
    out = tmp_path_factory.mktemp("lost") / "data"
    shutil.copytree(data_dir, out, symlinks=True)
    return out


def test_a_failed_build_leaves_the_served_dataset_alone(start_server, own_data, tmp_path):
    server = start_server(["--data-dir", str(own_data), "--workers", "1"])
    before = _fingerprint(server.url)
    served = current_build(own_data)
    broken = _facts(tmp_path, "broken", 'quote = "Kementerian Luar Negeri (Kemenlu)"', 'quote = "Kementerian Dalam Negeri"')
    with pytest.raises(BuildError):
        build_dataset(own_data, facts_dir=broken)
    assert current_build(own_data) == served
    assert not [p for p in (own_data / "builds").iterdir() if p.name.startswith(".staging")]
    assert _fingerprint(server.url) == before


def test_readers_see_one_build_or_the_other_never_a_mix(tmp_path, data_dir):
    out = tmp_path / "data"
    shutil.copytree(data_dir, out, symlinks=True)
    first = current_build(out).name
    changed = _facts(tmp_path, "changed", 'quote = "Kementerian Luar Negeri (Kemenlu)"', 'quote = "Kementerian Luar Negeri"')
    stop = threading.Event()
    builds: list[str] = []
    errors: list[BaseException] = []

    def builder() -> None:
        try:
            for facts in (changed, None, changed):
                builds.append(build_dataset(out, facts_dir=facts).name)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            stop.set()

    thread = threading.Thread(target=builder)
    thread.start()
    reads, versions = 0, set()
    while not stop.is_set() or reads < 5:
        folder = (out / "current").resolve()
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        entry = next(f for f in manifest["files"] if f["name"] == "dataset.nq")
        data = (folder / "dataset.nq").read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], "a dump from one build, a manifest from another"
        assert manifest["version"] == folder.name
        versions.add(manifest["version"])
        reads += 1
    thread.join()
    assert not errors, errors
    assert builds[0] != first and builds[1] == first and builds[2] == builds[0]
    assert first in versions or builds[0] in versions
    assert reads >= 5


@pytest.mark.parametrize("store", [False, True], ids=["memory", "on-disk store"])
def test_killed_at_a_random_moment_the_server_comes_back_the_same(start_server, own_data, tmp_path, store):
    args = ["--data-dir", str(own_data), "--workers", "2"]
    if store:
        args += ["--store", str(tmp_path / "store")]
    server = start_server(args)
    before = _fingerprint(server.url)
    # kill -9 the whole process group while a query is running
    runaway = threading.Thread(target=lambda: _ignore(lambda: requests.get(server.url + "/sparql", params={"query": CROSS_PRODUCT}, timeout=30)))
    runaway.start()
    threading.Event().wait(random.Random(4).uniform(0.3, 1.5))
    server.stop(signal.SIGKILL)
    runaway.join()
    again = start_server(args)
    assert _fingerprint(again.url) == before


def _ignore(call) -> None:
    try:
        call()
    except requests.RequestException:
        pass
