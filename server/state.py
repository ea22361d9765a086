"""What the app holds between requests: every ``app.extensions`` key lives here.

- :data:`STORE`: the query service (:mod:`tipkg.query.service`), opened once per app;
- :data:`VALIDATION_POOL`: the validation workers (:mod:`tipkg.workers.pool`);
- :data:`CLOSERS`: what :func:`close` stops (worker processes, temporary folders);
- :data:`HOOKS`: the request/response hooks already registered (each once per app);
- :data:`CONTRIBUTORS`: who may post contributions (:mod:`tipkg.contributors`), only
  with ``--contributors``; re-read in every new worker (so on SIGHUP).

And the build being served: its folder, manifest and modification time.
``{data_dir}/current`` is a symlink switched atomically by ``tipkg build``; it is
resolved once per request, so a request sees one build from start to end. In ``serve
--data`` mode the store names the folder its dumps were written to (``dumps_dir``).
"""

from __future__ import annotations

import threading
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, g, has_request_context, request

from tipkg.errors import NotFound, ServiceUnavailable
from tipkg.graph.dumps import MANIFEST, read_manifest
from tipkg.query.service import QueryService, open_store

STORE = "tipkg.store"
VALIDATION_POOL = "tipkg.validation_pool"
CLOSERS = "tipkg.closers"
HOOKS = "tipkg.hooks"
CONTRIBUTORS = "tipkg.contributors"


def settings(app: Flask | None = None):
    """The app's :class:`~tipkg.config.Settings`."""
    return (app or current_app).config["TIPKG_SETTINGS"]


def open_app_store(app: Flask) -> None:
    """Open the store once per app (its workers start lazily, after any fork)."""
    store = open_store(settings(app))
    app.extensions[STORE] = store
    on_close(app, store.close)


def get_store(app: Flask | None = None) -> QueryService:
    """The query service; within a request always the same one (a version switch by
    :func:`follow_current` takes effect from the next request)."""
    if app is None and has_request_context():
        held = getattr(g, "_tipkg_store", None)
        if held is None:
            held = g._tipkg_store = current_app.extensions[STORE]
        return held
    return (app or current_app).extensions[STORE]


def set_validation_pool(app: Flask, pool) -> None:
    app.extensions[VALIDATION_POOL] = pool
    on_close(app, pool.close)


def validation_pool():
    return current_app.extensions[VALIDATION_POOL]


def open_contributors(app: Flask) -> None:
    """Read the contributors file (``--contributors``), when there is one.

    :raises ConfigError: when it is unusable (the server does not start).
    """
    path = settings(app).contributors
    if path is not None:
        if settings(app).data_files or settings(app).sparql_url or settings(app).store_dir:
            from tipkg.errors import ConfigError

            raise ConfigError("--contributors publishes new versions of the built dataset: it cannot go with --data, --sparql-url or --store.")
        from tipkg.contributors import Contributors

        app.extensions[CONTRIBUTORS] = Contributors(path)


_switch_lock = threading.Lock()


def follow_current(app: Flask) -> None:
    """With ``--contributors`` a contribution makes a new version while the server runs:
    when ``{data_dir}/current`` names another build than the store serves, open a store
    over it and switch (under a lock, once per process). Requests already running keep
    the old store, which is closed when the longest query deadline has passed."""
    store = app.extensions.get(STORE)
    named = getattr(store, "dumps_dir", None)
    if named is None:
        return
    try:
        now = (settings(app).data_dir / "current").resolve(strict=True)
    except OSError:
        return
    if now == Path(named):
        return
    with _switch_lock:
        store = app.extensions[STORE]
        if now == Path(store.dumps_dir):
            return
        fresh = open_store(settings(app))
        app.extensions[STORE] = fresh
        closers = app.extensions.setdefault(CLOSERS, [])
        if store.close in closers:
            closers.remove(store.close)
        closers.append(fresh.close)
        grace = threading.Timer(settings(app).max_query_timeout + settings(app).validate_timeout + 5, store.close)
        grace.daemon = True
        grace.start()


def contributors(app: Flask | None = None):
    """The :class:`~tipkg.contributors.Contributors`, or None without ``--contributors``."""
    return (app or current_app).extensions.get(CONTRIBUTORS)


def warm(app: Flask) -> None:
    """Start the worker processes now (in a gunicorn worker, right after the fork), and
    re-read the contributors file (a SIGHUP to the master starts new workers)."""
    if CONTRIBUTORS in app.extensions:
        app.extensions[CONTRIBUTORS].reload()
    if STORE in app.extensions:
        app.extensions[STORE].warm()
    if VALIDATION_POOL in app.extensions:
        app.extensions[VALIDATION_POOL].start()


def on_close(app: Flask, closer) -> None:
    """Run ``closer`` when the app is closed (last registered, first run)."""
    app.extensions.setdefault(CLOSERS, []).append(closer)


def close(app: Flask) -> None:
    """Stop what the app started: worker processes, temporary data folders. Idempotent."""
    closers = app.extensions.get(CLOSERS, [])
    while closers:
        closers.pop()()


def register_once(app: Flask, name: str) -> bool:
    """True the first time ``name`` is registered on ``app`` (hooks are added once)."""
    done = app.extensions.setdefault(HOOKS, set())
    if name in done:
        return False
    done.add(name)
    return True


def folder() -> Path:
    """The resolved folder of the build being served (stable for the whole request).

    :raises NotFound: when there is no build to serve dumps from.
    """
    cached = getattr(request, "_tipkg_folder", None) if request else None
    if cached is not None:
        return cached
    named = getattr(get_store(), "dumps_dir", None)
    path = Path(named) if named else settings().data_dir / "current"
    try:
        resolved = path.resolve(strict=True)
    except OSError:
        if getattr(get_store(), "dumps_pending", False):  # streamed --data: written in the background
            raise ServiceUnavailable("The dumps are still being written; try again shortly.", retry_after=10) from None
        raise NotFound("No dumps are available: the server has no build folder.") from None
    if request:
        request._tipkg_folder = resolved
    return resolved


def manifest() -> dict:
    """The build's ``manifest.json`` (version, counts, graphs, files with sha256)."""
    return _read_manifest(folder())


@lru_cache(maxsize=8)
def _read_manifest(resolved: Path) -> dict:
    # a build folder never changes once `current` points at it, so caching by path is safe
    return read_manifest(resolved)


def modified() -> datetime:
    """When the build being served was made (the manifest's modification time)."""
    try:
        stamp = (folder() / MANIFEST).stat().st_mtime
    except (OSError, NotFound):
        stamp = current_app.config.setdefault("TIPKG_STARTED", datetime.now(timezone.utc).timestamp())
    return datetime.fromtimestamp(int(stamp), timezone.utc)
