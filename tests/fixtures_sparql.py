"""Fixtures for the store and SPARQL endpoint tests: a tiny TriG served by the embedded
store (in-process app and real server processes), and a real ``oxigraph serve``.

Listed in conftest's ``pytest_plugins``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests

from tipkg.config import Settings

SAMPLE = Path(__file__).resolve().parent / "resources" / "sparql-sample.trig"
EX = "http://example.org/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p1 ?q ?r . ?s ?t ?u . ?v ?w ?x }"
"""Runs for hours on the sample (27^8 rows): only a deadline ends it."""

__all__ = [
    "SAMPLE", "EX", "RDFS_LABEL", "CROSS_PRODUCT", "sample_settings", "sample_store", "sample_app", "sample_client",
    "sample_server", "limited_server", "oxigraph_server", "process_group", "query_worker_pids", "wait_for",
]


@pytest.fixture(scope="session")
def sample_settings() -> Settings:
    return Settings(data_files=(SAMPLE,), union_default_graph=True, query_timeout=5.0, max_query_timeout=10.0, query_workers=2, result_limit=1000)


@pytest.fixture(scope="session")
def sample_store(sample_settings):
    from tipkg.query.service import open_store

    store = open_store(sample_settings)
    yield store
    store.close()


@pytest.fixture(scope="session")
def sample_app(sample_settings):
    from tipkg.server import create_app, state

    app = create_app(sample_settings)
    app.config["TESTING"] = True
    yield app
    state.close(app)


@pytest.fixture()
def sample_client(sample_app):
    return sample_app.test_client()


@pytest.fixture(scope="session")
def sample_server(start_server):
    """The sample served by gunicorn with 2 workers (2 query workers each)."""
    return start_server(["--data", str(SAMPLE), "--union-default-graph", "--workers", "2", "--query-timeout", "5", "--max-query-timeout", "10"])


@pytest.fixture(scope="session")
def limited_server(start_server):
    """The sample under the Flask dev server with a result limit of 5."""
    return start_server(["--data", str(SAMPLE), "--union-default-graph", "--dev", "--result-limit", "5"])


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real ``oxigraph serve-read-only`` process (PyPI ``oxigraph``) on a loopback port,
    holding the sample loaded on disk, with the union default graph; yields its query URL."""
    from conftest import free_port

    binary = shutil.which("oxigraph") or str(Path(os.sys.executable).parent / "oxigraph")
    location = tmp_path_factory.mktemp("oxigraph")
    subprocess.run([binary, "load", "--location", str(location), "--file", str(SAMPLE)], check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen(
        [binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(url + "/query", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                break
        except requests.RequestException:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise RuntimeError("oxigraph serve did not start")
        time.sleep(0.2)
    yield url + "/query"
    proc.terminate()
    proc.wait(10)


def process_group(pgid: int) -> dict[int, str]:
    """Live processes in process group ``pgid`` → their command lines."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.getpgid(int(entry)) != pgid:
                continue
            with open(f"/proc/{entry}/stat") as stat:
                if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
                    continue
            with open(f"/proc/{entry}/cmdline", "rb") as cmd:
                found[int(entry)] = cmd.read().replace(b"\0", b" ").decode()
        except (ProcessLookupError, FileNotFoundError, PermissionError):
            continue
    return found


def query_worker_pids(pgid: int) -> set[int]:
    return {pid for pid, cmd in process_group(pgid).items() if "tipkg.workers.query_worker" in cmd}


def wait_for(condition, seconds: float = 30.0) -> bool:
    """Poll ``condition`` until it holds or ``seconds`` pass (a bounded wait, not a timing assertion)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()
