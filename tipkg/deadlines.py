"""Every deadline, in one place: what each request may take, derived from the settings.

The operator sets ``query_timeout`` (default for a query), ``max_query_timeout`` (no
client may ask for more) and ``validate_timeout`` (``POST /validate``) in
:mod:`tipkg.config`; everything else that waits is derived here, so changing a deadline
touches the settings and, for a new rule, this module only.
"""

from __future__ import annotations

from tipkg.config import Settings

WORKER_STARTUP_SECONDS = 120.0
"""How long a worker may take to load the store before it counts as failed."""
WORKER_QUEUE_SECONDS = 10.0
"""How long a request waits for a free worker (at least) before the answer is 503 busy."""
STATS_SECONDS = 60.0
"""At least this long for counting the dataset (``/health``, VoID) once per process."""


def query_deadline(settings: Settings, requested: float | None = None) -> float:
    """The client may lower the query deadline (``timeout=``), never raise it past the maximum."""
    if requested is None:
        return min(settings.query_timeout, settings.max_query_timeout)
    return max(0.001, min(float(requested), settings.max_query_timeout))


def stats_deadline(settings: Settings) -> float:
    return max(settings.max_query_timeout, STATS_SECONDS)


def validation_deadline(settings: Settings) -> float:
    return settings.validate_timeout


def queue_wait(deadline: float, ready_once: bool) -> float:
    """How long a request waits for a free worker: not taken from its own deadline, and a
    short deadline does not shorten it (under load a worker may be respawning after a
    kill); before the first worker is ready, long enough to load the store."""
    return max(deadline, WORKER_QUEUE_SECONDS) if ready_once else WORKER_STARTUP_SECONDS


def http_worker_timeout(settings: Settings) -> int:
    """gunicorn's worker timeout: above any request's deadline plus its wait for a worker,
    so gunicorn never kills a server process that is only waiting for its query worker."""
    return int(max(60, 2 * max(settings.max_query_timeout, settings.validate_timeout) + 30))
