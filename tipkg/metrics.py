"""The server's counters, in the Prometheus text format (``prometheus_client``).

Under gunicorn every process (master, HTTP workers) writes its counters to files in
``PROMETHEUS_MULTIPROC_DIR`` (``tipkg serve`` makes a fresh folder and removes it at
exit); ``GET /metrics`` adds them up in whichever process answers. The variable must
be set before this module is first imported, which ``tipkg serve`` does; without it
(dev server, tests in one process) the counters live in the process.

The dataset's version and triple count are read when ``/metrics`` is scraped, so they
are always those of the build being served (see ``tipkg.server.routes.metrics``).
"""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client import multiprocess as _multiprocess
from prometheus_client.registry import REGISTRY

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

REQUESTS = Counter("tipkg_http_requests", "HTTP requests answered, by route, method and status.", ["route", "method", "status"])
LATENCY = Histogram("tipkg_http_request_duration_seconds", "Time from a request's arrival at the app to its last byte, by route.",
                    ["route"], buckets=LATENCY_BUCKETS)
RESPONSE_BYTES = Counter("tipkg_http_response_bytes", "Bytes of response bodies sent, by route.", ["route"])
REFUSALS = Counter("tipkg_front_refusals", "Requests refused by the front before the app (408, 413, 414, 431, 503), by status.", ["status"])
DEADLINE_KILLS = Counter("tipkg_deadline_kills", "Query or validation worker processes killed at a request's deadline.", ["kind"])
WORKER_RESPAWNS = Counter("tipkg_worker_respawns", "Query or validation worker processes started again after a kill or a crash.", ["kind"])
TRUNCATIONS = Counter("tipkg_result_truncations", "Answers cut at the result cap, by route.", ["route"])
ANSWER_CACHE = Counter("tipkg_answer_cache_lookups", "Lookups in the per-process answer cache of /sparql, by result (hit, miss).", ["result"])
HTTP_WORKERS = Counter("tipkg_http_workers_started", "gunicorn worker processes started (boots and respawns).")


def multiprocess() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


def deadline_killed(kind: str) -> None:
    DEADLINE_KILLS.labels(kind).inc()


def worker_respawned(kind: str) -> None:
    WORKER_RESPAWNS.labels(kind).inc()


def answer_cache_lookup(hit: bool) -> None:
    ANSWER_CACHE.labels("hit" if hit else "miss").inc()


def process_exited(pid: int) -> None:
    """Forget a dead process's live gauges (gunicorn ``child_exit``); counters stay counted."""
    if multiprocess():
        _multiprocess.mark_process_dead(pid)


def render(*extra_collectors) -> bytes:
    """The text exposition of every process's counters, plus ``extra_collectors``."""
    extra = CollectorRegistry()
    for collector in extra_collectors:
        extra.register(collector)
    if multiprocess():
        registry = CollectorRegistry()
        _multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return generate_latest(registry) + generate_latest(extra)
