"""Slow clients against `tipkg serve` (issue 13): latency of /health and a query without and
with N sockets that send part of a request and stop, and when and how those are cut off.

    python scripts/slow_clients.py [--clients 256] [--rounds 20] [-- extra tipkg serve flags]

Starts `tipkg serve --data tests/resources/sparql-sample.trig --union-default-graph` (gunicorn,
defaults) on a free loopback port, prints figures, stops it. Nothing is asserted here
(`tests/test_front.py` asserts the behaviour).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "resources" / "sparql-sample.trig"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def probe(url: str, rounds: int) -> str:
    health, query = [], []
    for _ in range(rounds):
        t = time.perf_counter()
        requests.get(url + "/health", timeout=30).raise_for_status()
        health.append(time.perf_counter() - t)
        t = time.perf_counter()
        answer = requests.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        query.append(time.perf_counter() - t)
        assert answer.json()["boolean"] is True
    return (f"/health p50 {statistics.median(health) * 1000:.1f} ms max {max(health) * 1000:.1f} ms; "
            f"ASK p50 {statistics.median(query) * 1000:.1f} ms max {max(query) * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("serve_flags", nargs="*")
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "tipkg", "serve", "--data", str(SAMPLE), "--union-default-graph",
                               "--host", "127.0.0.1", "--port", str(port), *args.serve_flags],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        end = time.monotonic() + 90
        while time.monotonic() < end:
            try:
                if requests.get(url + "/health", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        print("without slow clients:", probe(url, args.rounds))
        started, socks = time.monotonic(), []
        for i in range(args.clients):
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n" if i % 2 else
                         b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 4000\r\n\r\nASK {")
            socks.append(sock)
        print(f"with {args.clients} slow clients held (half slow heads, half slow bodies):", probe(url, args.rounds))
        outcomes: dict[str, int] = {}
        for sock in socks:
            sock.settimeout(120)
            data = b""
            try:
                while chunk := sock.recv(4096):
                    data += chunk
            except OSError:
                pass
            sock.close()
            key = data.split(b"\r\n", 1)[0].decode() or "closed without an answer"
            outcomes[key] = outcomes.get(key, 0) + 1
        print(f"slow clients cut off after {time.monotonic() - started:.1f} s:", outcomes)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)


if __name__ == "__main__":
    main()
