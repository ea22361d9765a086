"""Bounded load test: locust against a gunicorn-served tipkg on a loopback port.

Builds the dataset into a temporary folder, starts ``tipkg serve --workers N`` on a free
port, runs ``scripts/locustfile.py`` headless with ``--users`` clients for ``--duration``
seconds, prints requests, failures and p50/p95/p99 per kind of request, stops the server
and exits 1 if any request failed (the deliberate 503 deadlines are not failures).

    python scripts/loadtest.py                 # 30 s, 16 users, 2 gunicorn workers
    python scripts/loadtest.py --duration 8    # what CI runs
    python scripts/loadtest.py --host http://127.0.0.1:8000   # an already running server
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(data_dir / "server.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tipkg", "serve", "--data-dir", str(data_dir), "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}; see {data_dir / 'server.log'}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as answer:
                if answer.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.2)
    stop(proc)
    raise SystemExit("server did not answer /health within 120 s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def run_locust(host: str, users: int, duration: int, out: Path) -> int:
    """Locust in its own process: its gevent monkey-patching never touches this one."""
    command = [
        sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless", "--only-summary",
        "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{duration}s", "--stop-timeout", "15",
        "--host", host, "--csv", str(out / "load"), "--exit-code-on-error", "0", "--loglevel", "WARNING",
    ]
    return subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=duration + 120).returncode


def report(out: Path) -> int:
    """Print the per-kind table; return the number of failed requests."""
    rows = list(csv.DictReader((out / "load_stats.csv").open(encoding="utf-8")))
    print(f"{'request':42} {'count':>7} {'fail':>5} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'req/s':>7}")
    failures = 0
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        print(f"{name[:42]:42} {row['Request Count']:>7} {row['Failure Count']:>5} {row['50%']:>7} {row['95%']:>7} {row['99%']:>7} {float(row['Requests/s']):7.1f}")
        if row["Name"] != "Aggregated":
            failures += int(row["Failure Count"])
    failure_rows = list(csv.DictReader((out / "load_failures.csv").open(encoding="utf-8")))
    for row in failure_rows:
        print(f"failure: {row['Method']} {row['Name']}: {row['Error']} ×{row['Occurrences']}")
    print(f"unexpected errors: {failures}")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds of load (default 30)")
    parser.add_argument("--users", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--host", help="load an already running server instead of starting one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tipkg-load-") as tmp:
        work = Path(tmp)
        proc = None
        host = args.host
        if host is None:
            from tipkg.graph.build import build_dataset

            build_dataset(work / "data")
            proc, host = start_server(work / "data", args.workers)
        try:
            print(f"load: {args.users} users for {args.duration} s against {host} ({args.workers} gunicorn workers)")
            code = run_locust(host, args.users, args.duration, work)
            if code != 0 or not (work / "load_stats.csv").exists():
                print(f"locust failed (exit {code})", file=sys.stderr)
                return 2
            failures = report(work)
            if proc is not None:
                with urllib.request.urlopen(host + "/health", timeout=5) as answer:
                    print(f"server still answers /health: {answer.status}")
        finally:
            if proc is not None:
                stop(proc)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
