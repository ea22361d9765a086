"""``tipkg serve``: --get smoke test, gunicorn and the dev server, clean shutdown."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
import requests
from fixtures_sparql import EX, SAMPLE, process_group, query_worker_pids

from tipkg.config import Settings


def run_get(path: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tipkg", "serve", "--data", str(SAMPLE), "--union-default-graph", "--get", path], capture_output=True, timeout=120)


def test_get_prints_the_answer_and_exits_zero():
    done = run_get("/health")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["triples"] == 27


def test_get_exits_nonzero_unless_200():
    done = run_get("/sparql?query=SELECT")
    assert done.returncode == 1
    assert json.loads(done.stdout)["error"]["reason"] == "query_syntax"


def test_gunicorn_options_outlast_the_deadline():
    from tipkg.server.serving import gunicorn_options

    options = gunicorn_options(Settings(workers=3, max_query_timeout=50, host="127.0.0.1", port=9999))
    assert options["workers"] == 3 and options["bind"] == "127.0.0.1:9999"
    assert options["timeout"] > 50 and options["preload_app"] is True


def _wait_gone(pgid: int, seconds: float = 20.0) -> dict[int, str]:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        left = process_group(pgid)
        if not left:
            return left
        time.sleep(0.2)
    return process_group(pgid)


@pytest.mark.parametrize("mode", [["--workers", "2"], ["--dev"]], ids=["gunicorn", "dev"])
def test_sigterm_leaves_no_process_behind(start_server, mode):
    server = start_server(["--data", str(SAMPLE), "--union-default-graph", *mode])
    query = requests.get(server.url + "/sparql", params={"query": f"ASK {{ <{EX}alice> ?p ?o }}"}, timeout=30)
    assert query.json()["boolean"] is True
    expected = 4 if mode[0] == "--workers" else 2
    end = time.monotonic() + 30
    while len(query_worker_pids(server.proc.pid)) < expected and time.monotonic() < end:
        time.sleep(0.2)
    assert len(query_worker_pids(server.proc.pid)) == expected
    # SIGTERM to the main process only (not the group): it must end its children itself
    os.kill(server.proc.pid, signal.SIGTERM)
    server.proc.wait(30)
    assert _wait_gone(server.proc.pid) == {}
    log = server.output()
    assert "level=INFO" in log and "Traceback" not in log
    server.stop()


def test_dev_server_serves(limited_server):
    response = requests.get(limited_server.url + "/health", timeout=30)
    assert response.json()["status"] == "ok"
    assert "gunicorn" not in response.headers.get("Server", "")
