"""``tipkg serve``: gunicorn in production, Flask's server with ``--dev``, one request with ``--get``.

gunicorn runs ``settings.workers`` processes (gthread, a few threads each). The app (and
so the dataset preparation: build check, ``--data`` parsing, ``--store`` loading) is made
once in the master; each worker starts its own query and validation worker processes
after the fork (``post_fork``) and stops them when it exits, so SIGTERM to the master
leaves no process behind.
"""

from __future__ import annotations

import logging
import signal
import sys

from tipkg.config import Settings
from tipkg.deadlines import http_worker_timeout

log = logging.getLogger("tipkg.server")

LOG_FORMAT = 'ts=%(asctime)s level=%(levelname)s logger=%(name)s pid=%(process)d msg="%(message)s"'
ACCESS_LOG_FORMAT = 'ts="%(t)s" level=INFO logger=access pid=%(p)s method=%(m)s path="%(U)s" query="%(q)s" status=%(s)s bytes=%(B)s seconds=%(L)s agent="%(a)s"'


def configure_logging() -> None:
    root = logging.getLogger()
    if not any(getattr(h, "_tipkg", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler._tipkg = True
        root.addHandler(handler)
    root.setLevel(logging.INFO)


def serve(settings: Settings, get_path: str | None = None) -> int:
    """Serve until stopped; with ``get_path``, answer that one GET, print it, exit 0 on 200."""
    from tipkg.server import create_app

    configure_logging()
    if get_path is not None:
        app = create_app(settings)
        try:
            response = app.test_client().get(get_path)
            sys.stdout.buffer.write(response.get_data())
            sys.stdout.flush()
            return 0 if response.status_code == 200 else 1
        finally:
            _close(app)
    if settings.dev:
        return _serve_dev(settings)
    return _serve_gunicorn(settings)


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
        "worker_class": "gthread",
        "threads": max(4, 2 * settings.query_workers),
        "timeout": http_worker_timeout(settings),
        "graceful_timeout": 10,
        "preload_app": True,
        "accesslog": "-",
        "errorlog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "limit_request_line": 8190,
        "proc_name": "tipkg",
        "control_socket_disable": True,  # one shared socket path would clash between servers
        "logconfig_dict": {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"kv": {"format": LOG_FORMAT}, "access": {"format": "%(message)s"}},
            "handlers": {
                "console": {"class": "logging.StreamHandler", "formatter": "kv", "stream": "ext://sys.stderr"},
                "error_console": {"class": "logging.StreamHandler", "formatter": "kv", "stream": "ext://sys.stderr"},
                "access": {"class": "logging.StreamHandler", "formatter": "access", "stream": "ext://sys.stdout"},
            },
            "root": {"level": "INFO", "handlers": ["console"]},
            "loggers": {
                "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
                "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
            },
        },
    }


def _serve_gunicorn(settings: Settings) -> int:
    from gunicorn.app.base import BaseApplication

    from tipkg.server import create_app

    def _post_fork(arbiter, worker):
        from tipkg.server import state

        state.warm(server.load())

    def _worker_exit(arbiter, worker):
        _close(server.load())

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
            self.cfg.set("on_exit", _on_exit)

        def load(self):
            if self.application is None:
                self.application = create_app(settings)
            return self.application

    server = Application()

    log.info("gunicorn on http://%s:%d/ with %d workers", settings.host, settings.port, settings.workers)
    server.run()
    return 0
