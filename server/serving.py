"""``tipkg serve``: gunicorn in production, Flask's server with ``--dev``, one request with ``--get``.

gunicorn runs ``settings.workers`` processes of :class:`~tipkg.server.front.FrontWorker`
(gthread behind a buffering front: slow clients never hold a thread). The app (and
so the dataset preparation: build check, ``--data`` parsing, ``--store`` loading) is made
once in the master; each worker starts its own query and validation worker processes
after the fork (``post_fork``) and stops them when it exits, so SIGTERM to the master
leaves no process behind. SIGTERM or SIGINT while the app is still being prepared (before
gunicorn's own handlers) ends the command with 0 too; SIGHUP makes gunicorn start new
workers and stop the old ones gracefully.

Metrics: before anything imports :mod:`tipkg.metrics`, ``PROMETHEUS_MULTIPROC_DIR`` is set
to a fresh folder (removed at exit), or, when the operator set it, that folder is emptied
of old counter files.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from tipkg.config import Settings
from tipkg.deadlines import http_worker_timeout

log = logging.getLogger("tipkg.server")

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"  # tipkg.metrics.MULTIPROC_ENV (not imported: it must come after this is set)


def configure_logging() -> None:
    from tipkg.server.observe import install_logging

    install_logging()


def prepare_metrics_dir() -> Path | None:
    """Set ``PROMETHEUS_MULTIPROC_DIR`` for gunicorn; returns the folder to remove at exit (ours), if any."""
    given = os.environ.get(MULTIPROC_ENV)
    if given:
        folder = Path(given)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):
            stale.unlink()
        return None
    folder = Path(tempfile.mkdtemp(prefix="tipkg-metrics-"))
    os.environ[MULTIPROC_ENV] = str(folder)
    return folder


class _Stopped(BaseException):
    """SIGTERM/SIGINT before gunicorn's handlers: a BaseException, so no ``except Exception`` logs it as an error."""


def _stop_during_start(signum, frame):
    raise _Stopped(signal.Signals(signum).name)


def guard_start() -> dict:
    """Until gunicorn (or the dev server) installs its own handlers, SIGTERM and SIGINT end
    ``tipkg serve`` with 0 and no traceback; returns the handlers it replaced."""
    return {sig: signal.signal(sig, _stop_during_start) for sig in (signal.SIGTERM, signal.SIGINT)}


def serve(settings: Settings, get_path: str | None = None) -> int:
    """Serve until stopped; with ``get_path``, answer that one GET, print it, exit 0 on 200."""
    previous = guard_start() if get_path is None else {}
    own_metrics_dir = None
    master = os.getpid()  # a gunicorn worker leaves through these frames too (SystemExit after the fork)
    try:
        if get_path is None and not settings.dev and settings.metrics:
            own_metrics_dir = prepare_metrics_dir()  # before tipkg.metrics is first imported (configure_logging does)
        configure_logging()
        if get_path is not None:
            return _serve_get(settings, get_path)
        if settings.dev:
            return _serve_dev(settings)
        return _serve_gunicorn(settings)
    except _Stopped as stopped:
        log.info("stopped by %s while starting", stopped)
        return 0
    finally:
        if os.getpid() == master:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            if own_metrics_dir is not None:
                shutil.rmtree(own_metrics_dir, ignore_errors=True)


def _serve_get(settings: Settings, get_path: str) -> int:
    from tipkg.server import create_app

    app = create_app(settings)
    try:
        response = app.test_client().get(get_path)
        sys.stdout.buffer.write(response.get_data())
        sys.stdout.flush()
        return 0 if response.status_code == 200 else 1
    finally:
        _close(app)


def _close(app) -> None:
    from tipkg.server import state

    state.close(app)


def _serve_dev(settings: Settings) -> int:
    from tipkg.server import create_app

    app = create_app(settings)

    def _stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    log.info("development server on http://%s:%d/ (use gunicorn for production: drop --dev)", settings.host, settings.port)
    try:
        app.run(host=settings.host, port=settings.port, threaded=True, use_reloader=False, debug=False)
    except KeyboardInterrupt:
        pass
    finally:
        _close(app)
    return 0


def gunicorn_options(settings: Settings) -> dict:
    """gunicorn's settings for ``settings`` (its worker timeout outlasts any query or validation deadline)."""
    return {
        "bind": f"{settings.host}:{settings.port}",
        "workers": max(1, settings.workers),
        "worker_class": "tipkg.server.front.FrontWorker",
        "threads": max(4, 2 * settings.query_workers),
        "timeout": http_worker_timeout(settings),
        "graceful_timeout": 10,
        "keepalive": max(1, round(settings.keepalive)),
        "preload_app": True,
        "accesslog": None,  # one access line per request comes from tipkg.server.observe, in the same format as the rest
        "errorlog": "-",
        # the front checks these first (and answers in JSON); gunicorn's parser is the second line (its ceiling is 8190)
        "limit_request_line": min(8190, settings.max_request_line),
        "limit_request_fields": settings.max_header_fields,
        "limit_request_field_size": min(8190, settings.max_header_bytes),
        "worker_connections": settings.max_connections + 1,
        "proc_name": "tipkg",
        "control_socket_disable": True,  # one shared socket path would clash between servers
        "logconfig_dict": {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"kv": {"()": "tipkg.server.observe.KVFormatter"}},
            "handlers": {
                "console": {"class": "logging.StreamHandler", "formatter": "kv", "stream": "ext://sys.stderr"},
                "error_console": {"class": "logging.StreamHandler", "formatter": "kv", "stream": "ext://sys.stderr"},
            },
            "root": {"level": "INFO", "handlers": ["console"]},
            "loggers": {
                "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
            },
        },
    }


def _serve_gunicorn(settings: Settings) -> int:
    from gunicorn.app.base import BaseApplication

    from tipkg.server import create_app

    def _post_fork(arbiter, worker):
        from tipkg import metrics
        from tipkg.server import state

        metrics.HTTP_WORKERS.inc()
        state.warm(server.load())

    def _worker_exit(arbiter, worker):
        _close(server.load())

    def _child_exit(arbiter, worker):
        from tipkg import metrics

        metrics.process_exited(worker.pid)

    def _on_exit(arbiter):
        if server.application is not None:
            _close(server.application)

    class Application(BaseApplication):
        def __init__(self):
            self.application = None
            super().__init__()

        def load_config(self):
            for key, value in gunicorn_options(settings).items():
                self.cfg.set(key, value)
            self.cfg.set("post_fork", _post_fork)
            self.cfg.set("worker_exit", _worker_exit)
            self.cfg.set("child_exit", _child_exit)
            self.cfg.set("on_exit", _on_exit)

        def load(self):
            if self.application is None:
                self.application = create_app(settings)
            return self.application

    server = Application()

    log.info("gunicorn on http://%s:%d/ with %d workers", settings.host, settings.port, settings.workers)
    server.run()
    return 0
