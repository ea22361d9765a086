"""Serving like production, over a real gunicorn server on loopback (issue 13): slow and idle
clients cannot starve it, limits answer in JSON, over capacity is a fast 503, counters move,
request ids reach the logs, SIGTERM and SIGHUP are clean.

No timed asserts: a request "answers while slow clients are held" when it gets its answer and
the slow sockets are still open afterwards (they are cut off only at their deadline)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from fixtures_sparql import CROSS_PRODUCT, EX, SAMPLE, process_group

from tipkg.config import Settings

ASK = f"ASK {{ <{EX}alice> ?p ?o }}"


@pytest.fixture(scope="module")
def front_server(start_server):
    """Defaults of `tipkg serve` (head and body deadlines 10 s), except a small result cap."""
    return start_server(["--data", str(SAMPLE), "--union-default-graph", "--workers", "2", "--result-limit", "5"])


def _connect(server) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=30)


def _read_all(sock: socket.socket) -> bytes:
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except OSError:
        pass
    return data


def _still_open(sock: socket.socket) -> bool:
    """Nothing received and not closed: the server still holds the connection."""
    sock.setblocking(False)
    try:
        sock.recv(1, socket.MSG_PEEK)  # data or end of file: no longer held
        return False
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        sock.setblocking(True)
        sock.settimeout(30)


def _status_and_json(raw: bytes) -> tuple[int, dict]:
    head, _, body = raw.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), json.loads(body)


def test_slow_heads_and_bodies_do_not_starve_the_server(front_server):
    heads, bodies = [], []
    for i in range(128):
        sock = _connect(front_server)
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + str(i).encode() + b"\r\n")
        heads.append(sock)
        sock = _connect(front_server)
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 4000\r\n\r\nASK {")
        bodies.append(sock)
    # 256 slow connections held: the server still answers, with the same answers
    for _ in range(3):
        health = requests.get(front_server.url + "/health", timeout=10)
        assert health.status_code == 200 and health.json()["triples"] == 27
        answer = requests.get(front_server.url + "/sparql", params={"query": ASK}, timeout=10)
        assert answer.status_code == 200 and answer.json()["boolean"] is True
    held = sum(_still_open(s) for s in heads + bodies)
    assert held == 256, f"only {held} of the 256 slow connections were still held when the answers came"
    # ... and the slow ones are cut off at their deadline: 408 in the JSON error shape
    statuses, ids = {}, set()
    for sock in heads + bodies:
        raw = _read_all(sock)
        sock.close()
        status, body = _status_and_json(raw)
        assert body["error"]["reason"] == "request_timeout"
        statuses[status] = statuses.get(status, 0) + 1
        ids.add(re.search(rb"\r\nX-Request-Id: ([0-9a-f]{32})\r\n", raw).group(1).decode())
    assert statuses == {408: 256} and len(ids) == 256
    log = _full_log(front_server)
    assert all(f"request_id={i} " in log for i in ids)  # the front's log line names the id the client got
    assert requests.get(front_server.url + "/health", timeout=10).status_code == 200


def test_idle_connections_are_held_without_cost_and_closed_quietly(front_server):
    idle = [_connect(front_server) for _ in range(64)]
    assert requests.get(front_server.url + "/sparql", params={"query": ASK}, timeout=10).json()["boolean"] is True
    assert sum(_still_open(s) for s in idle) == 64
    for sock in idle:  # never sent a byte: closed at the head deadline without a response
        assert _read_all(sock) == b""
        sock.close()


@pytest.mark.parametrize("raw, status, reason", [
    (b"GET /sparql?query=" + b"x" * 9000 + b" HTTP/1.1\r\nHost: a\r\n\r\n", 414, "uri_too_long"),
    (b"GET /health HTTP/1.1\r\nHost: a\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(101)) + b"\r\n", 431, "header_fields_too_large"),
    (b"GET /health HTTP/1.1\r\nHost: a\r\nX-Big: " + b"y" * 9000 + b"\r\n\r\n", 431, "header_fields_too_large"),
    (b"POST /sparql HTTP/1.1\r\nHost: a\r\nContent-Type: application/sparql-query\r\nContent-Length: 5000001\r\n\r\nASK", 413, "payload_too_large"),
    (b"NOT HTTP\r\n\r\n", 400, "bad_request"),
], ids=["request-line", "header-count", "header-size", "declared-body", "garbage"])
def test_limits_answer_in_the_json_error_shape(front_server, raw, status, reason):
    sock = _connect(front_server)
    sock.sendall(raw)
    got, body = _status_and_json(_read_all(sock))
    sock.close()
    assert (got, body["error"]["status"], body["error"]["reason"]) == (status, status, reason)


def test_chunked_and_pipelined_requests_pass_the_front(front_server):
    sock = _connect(front_server)
    query = ASK.encode()
    sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: a\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n"
                 + b"%x\r\n" % len(query) + query + b"\r\n0\r\n\r\n"
                 + b"GET /health HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
    raw = _read_all(sock)
    sock.close()
    assert raw.count(b"HTTP/1.1 200") == 2 and b'"boolean":true' in raw and b'"triples":27' in raw


def test_over_capacity_is_a_fast_503_never_a_hang(start_server):
    server = start_server(["--data", str(SAMPLE), "--union-default-graph", "--workers", "1", "--max-connections", "8"])
    held = [_connect(server) for _ in range(8)]
    for _ in range(20):  # the worker accepts the 8 (they send nothing) on its next loops; a busy machine may lag
        extra = _connect(server)
        extra.sendall(b"GET /health HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        raw = _read_all(extra)
        extra.close()
        status, body = _status_and_json(raw)
        if status == 503:
            break
        time.sleep(0.5)
    assert status == 503 and body["error"]["reason"] == "unavailable"
    assert re.search(rb"\r\nRetry-After: \d+\r\n", raw)
    for sock in held:
        sock.close()
    end = time.monotonic() + 30
    while time.monotonic() < end:  # the worker notices the closed sockets on its next loop
        try:
            if requests.get(server.url + "/health", timeout=10).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    assert requests.get(server.url + "/health", timeout=10).status_code == 200


def test_clients_that_do_not_read_cannot_keep_the_threads(start_server):
    # one server process with 4 threads; 4 clients ask for a 10 MB answer and never read it
    server = start_server(["--data", str(SAMPLE), "--union-default-graph", "--workers", "1", "--write-timeout", "2",
                           "--result-limit", "20000", "--query-timeout", "60", "--max-query-timeout", "60"])
    big = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    stuck = []
    for _ in range(4):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", server.port))
        sock.sendall(b"GET /sparql?format=tsv&query=" + requests.utils.quote(big).encode() + b" HTTP/1.1\r\nHost: a\r\n\r\n")
        stuck.append(sock)
    end = time.monotonic() + 60
    while "made no progress" not in _full_log(server) and time.monotonic() < end:
        time.sleep(0.2)
    assert requests.get(server.url + "/health", timeout=20).status_code == 200
    assert "made no progress for 2 s" in _full_log(server)
    for sock in stuck:
        sock.close()


def _full_log(server) -> str:
    server.log.flush()
    server.log.seek(0)
    return server.log.read().decode("utf-8", "replace")


def _metrics(server) -> dict[str, float]:
    response = requests.get(server.url + "/metrics", timeout=10)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/plain")
    values = {}
    for line in response.text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            values[name] = float(value)
    return values


def test_metrics_counters_move_with_requests(front_server):
    health_key = 'tipkg_http_requests_total{method="GET",route="/health",status="200"}'
    before = _metrics(front_server)
    for _ in range(3):
        requests.get(front_server.url + "/health", timeout=10)
    cut = requests.get(front_server.url + "/sparql", params={"query": "SELECT * { ?s ?p ?o }"}, timeout=10)
    assert cut.headers["X-Tipkg-Truncated"] == "true"
    killed = requests.get(front_server.url + "/sparql", params={"query": CROSS_PRODUCT, "timeout": "0.5"}, timeout=60)
    assert killed.status_code == 503 and killed.json()["error"]["reason"] == "query_timeout"
    for _ in range(4):  # two server processes, each with its own answer cache: one of them sees it twice
        requests.get(front_server.url + "/sparql", params={"query": ASK + " # cache"}, timeout=10)
    sock = _connect(front_server)
    sock.sendall(b"GET /?" + b"x" * 9000 + b" HTTP/1.1\r\n\r\n")
    _read_all(sock)
    sock.close()
    after = _metrics(front_server)

    def grew(key):
        return after.get(key, 0) - before.get(key, 0)

    assert grew(health_key) >= 3  # every worker's counters, added up
    assert grew('tipkg_result_truncations_total{route="/sparql"}') >= 1
    assert grew('tipkg_deadline_kills_total{kind="query"}') >= 1
    assert grew('tipkg_worker_respawns_total{kind="query"}') >= 1
    assert grew('tipkg_front_refusals_total{status="414"}') >= 1
    assert grew('tipkg_http_request_duration_seconds_count{route="/sparql"}') >= 2
    assert after["tipkg_http_workers_started_total"] >= 2
    assert grew('tipkg_answer_cache_lookups_total{result="hit"}') >= 1
    version = requests.get(front_server.url + "/health", timeout=10).json()["version"]
    assert after[f'tipkg_dataset_info{{version="{version}"}}'] == 1
    assert after["tipkg_dataset_triples"] == 27


def test_metrics_can_be_turned_off():
    from tipkg.server import create_app, state

    app = create_app(Settings(data_files=(SAMPLE,), metrics=False))  # no server: the route is simply not there
    try:
        response = app.test_client().get("/metrics")
        assert response.status_code == 404 and response.get_json()["error"]["reason"] == "not_found"
        assert not any(rule.rule == "/metrics" for rule in app.url_map.iter_rules())
    finally:
        state.close(app)


def test_request_ids_are_echoed_or_made_and_reach_every_log_line(front_server):
    mine = requests.get(front_server.url + "/sparql", params={"query": ASK}, headers={"X-Request-Id": "probe-13.a"}, timeout=10)
    assert mine.headers["X-Request-Id"] == "probe-13.a"
    bad = requests.get(front_server.url + "/health", headers={"X-Request-Id": "no spaces <allowed>"}, timeout=10)
    made = bad.headers["X-Request-Id"]
    assert made != "no spaces <allowed>" and re.fullmatch(r"[0-9a-f]{32}", made)
    other = requests.get(front_server.url + "/health", timeout=10).headers["X-Request-Id"]
    assert other != made
    slow = requests.get(front_server.url + "/sparql", params={"query": CROSS_PRODUCT, "timeout": "0.5"},
                        headers={"X-Request-Id": "slow-13"}, timeout=60)
    assert slow.status_code == 503 and slow.headers["X-Request-Id"] == "slow-13"
    query_hash = hashlib.sha256(ASK.encode()).hexdigest()[:16]
    end = time.monotonic() + 10
    while time.monotonic() < end and "request_id=slow-13 " not in _full_log(front_server):
        time.sleep(0.2)
    log = _full_log(front_server)
    access = [line for line in log.splitlines() if "request_id=probe-13.a " in line]
    assert any("logger=tipkg.access" in line and "method=GET" in line and "path=/sparql" in line and "status=200" in line
               and f"query_hash={query_hash}" in line and re.search(r" bytes=\d+ seconds=\d", line) for line in access), access
    slow_lines = [line for line in log.splitlines() if "request_id=slow-13 " in line]
    assert any("logger=tipkg.workers.pool" in line and "deadline" in line for line in slow_lines), slow_lines
    assert any("logger=tipkg.access" in line and "status=503" in line for line in slow_lines), slow_lines
    assert all(line.startswith("ts=") for line in log.splitlines() if "request_id=" in line)


def _start_raw(args: list[str]) -> tuple[subprocess.Popen, Path]:
    from conftest import free_port

    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"tipkg-front-{os.getpid()}-{time.monotonic_ns()}.log"
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tipkg", "serve", "--host", "127.0.0.1", "--port", str(port), *args],
                            stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
    proc.url = f"http://127.0.0.1:{port}"
    return proc, log


def _wait_for(log: Path, text: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end and proc.poll() is None:
        if text in log.read_text(errors="replace"):
            return
        time.sleep(0.05)
    raise AssertionError(f"{text!r} not logged:\n{log.read_text(errors='replace')[-3000:]}")


def _end(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


def _assert_clean_exit(proc: subprocess.Popen, log: Path) -> str:
    try:
        code = proc.wait(40)
    finally:
        _end(proc)
    text = log.read_text(errors="replace")
    assert code == 0, text[-3000:]
    assert "level=ERROR" not in text and "Traceback" not in text, text[-3000:]
    end = time.monotonic() + 20
    while process_group(proc.pid) and time.monotonic() < end:
        time.sleep(0.2)
    assert process_group(proc.pid) == {}
    return text


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["gunicorn on http", "Booting worker", "query worker"], ids=["preloading", "forking", "workers-starting"])
def test_sigterm_during_start_is_clean(moment):
    proc, log = _start_raw(["--data", str(SAMPLE), "--union-default-graph", "--workers", "2"])
    _wait_for(log, moment, proc)
    os.kill(proc.pid, signal.SIGTERM)
    _assert_clean_exit(proc, log)


@pytest.mark.slow
def test_sigterm_under_load_finishes_in_flight_requests_and_exits_zero():
    proc, log = _start_raw(["--data", str(SAMPLE), "--union-default-graph", "--workers", "2"])
    try:
        _wait_for(log, "validation worker", proc)
        end = time.monotonic() + 60
        while requests.get(proc.url + "/health", timeout=10).status_code != 200 and time.monotonic() < end:
            time.sleep(0.2)
        results, stop = [], threading.Event()

        def load():
            while not stop.is_set():
                try:
                    results.append(requests.get(proc.url + "/sparql", params={"query": ASK}, timeout=30).status_code)
                except requests.ConnectionError:
                    results.append("refused")  # after the stop: nobody listens any more

        in_flight = {}

        def slow():
            in_flight["response"] = requests.get(proc.url + "/sparql", params={"query": CROSS_PRODUCT, "timeout": "3"}, timeout=60)

        threads = [threading.Thread(target=load) for _ in range(4)] + [threading.Thread(target=slow)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        os.kill(proc.pid, signal.SIGTERM)
        threads[-1].join(60)
        stop.set()
        for thread in threads:
            thread.join(60)
        # the slow query in flight at the SIGTERM ran to its deadline and got its answer
        assert in_flight["response"].status_code == 503 and in_flight["response"].json()["error"]["reason"] == "query_timeout"
        assert results.count(200) > 0 and set(results) <= {200, "refused"}, set(results)
        _assert_clean_exit(proc, log)
    finally:
        _end(proc)


@pytest.mark.slow
def test_sighup_reloads_workers_without_dropping_requests():
    proc, log = _start_raw(["--data", str(SAMPLE), "--union-default-graph", "--workers", "2"])
    try:
        _wait_for(log, "validation worker", proc)
        statuses, stop = [], threading.Event()

        def load():
            while not stop.is_set():
                try:
                    statuses.append(requests.get(proc.url + "/sparql", params={"query": ASK}, timeout=60).status_code)
                except requests.RequestException as error:
                    statuses.append(type(error).__name__)

        threads = [threading.Thread(target=load) for _ in range(3)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        os.kill(proc.pid, signal.SIGHUP)
        _wait_for(log, "Handling signal: hup", proc, 30)
        time.sleep(4.0)  # the new workers boot while the old ones finish
        stop.set()
        for thread in threads:
            thread.join(60)
        assert len(statuses) > 10 and set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}
        os.kill(proc.pid, signal.SIGTERM)
        _assert_clean_exit(proc, log)
    finally:
        _end(proc)
