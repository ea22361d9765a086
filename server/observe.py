"""What an operator sees of each request: its id, one access log line, the counters.

- **Request ids**: every response carries ``X-Request-Id``, the client's own when it
  sent a valid one (``[A-Za-z0-9._~:/+=-]``, at most 128 characters), else a new one.
  While the request runs, every log line of the process's thread carries it
  (``request_id=…`` in :data:`LOG_FORMAT`), the query and validation workers' messages
  included.
- **Access log**: one line per request, in the same ``key=value`` format as every other
  line, from logger ``tipkg.access``: method, path, status, bytes, seconds and the
  query's hash (the first 16 hex digits of the SHA-256 of the query text; ``-`` when
  the request has no query).
- **Metrics** (:mod:`tipkg.metrics`): requests by route, method and status, latency by
  route, response bytes, result-cap truncations.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import logging
import re
import sys
import time
import uuid

from flask import Flask, request

from tipkg import metrics

LOG_FORMAT = 'ts=%(asctime)s level=%(levelname)s logger=%(name)s pid=%(process)d request_id=%(request_id)s msg="%(message)s"'
REQUEST_ID_HEADER = "X-Request-Id"
VALID_ID = re.compile(r"[A-Za-z0-9._~:/+=-]{1,128}")
QUERY_HASH_KEY = "tipkg.query_hash"
WRITE_PIECE = 65536
"""Largest piece of a response body handed to the server at once (see ``server/front.py``, write deadline)."""
ROUTE_KEY = "tipkg.route"

access_log = logging.getLogger("tipkg.access")
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("tipkg_request_id", default="-")


class KVFormatter(logging.Formatter):
    """:data:`LOG_FORMAT`, then the record's ``fields`` (``extra={"fields": {...}}``) as ``key=value``."""

    def __init__(self, fmt: str | None = None, datefmt: str | None = None, style: str = "%"):
        super().__init__(fmt or LOG_FORMAT, datefmt, style, defaults={"request_id": "-"})

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = getattr(record, "fields", None)
        if fields:
            line += "".join(f" {key}={_value(value)}" for key, value in fields.items())
        return line


def _value(value) -> str:
    text = str(value)
    if not text or any(c in text for c in ' "=') or text != text.strip():
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


_previous_factory = logging.getLogRecordFactory()


def _record_factory(*args, **kwargs) -> logging.LogRecord:
    record = _previous_factory(*args, **kwargs)
    record.request_id = _request_id.get()
    return record


def install_record_factory() -> None:
    """Every log record gets the current request's id (``request_id``, ``-`` outside a request)."""
    if logging.getLogRecordFactory() is not _record_factory:
        logging.setLogRecordFactory(_record_factory)


def install_logging() -> None:
    """:func:`install_record_factory`, and the root logger writes ``key=value`` lines to stderr."""
    install_record_factory()
    root = logging.getLogger()
    if not any(getattr(h, "_tipkg", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(KVFormatter())
        handler._tipkg = True
        root.addHandler(handler)
    root.setLevel(logging.INFO)


def current_request_id() -> str:
    return _request_id.get()


@contextlib.contextmanager
def request_id_set(request_id: str):
    """Log lines written inside carry ``request_id`` (for answers made outside the app, by the front)."""
    token = _request_id.set(request_id)
    try:
        yield
    finally:
        _request_id.reset(token)


def note_query(text: str) -> None:
    """Record the query of this request for its access log line (called by the SPARQL route)."""
    request.environ[QUERY_HASH_KEY] = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def init_app(app: Flask) -> None:
    """Wrap the WSGI app (outermost, once) and note each request's route."""
    from tipkg.server import state

    if not state.register_once(app, "observe"):
        return
    install_record_factory()
    app.wsgi_app = RequestObserver(app.wsgi_app)

    @app.before_request
    def _note_route():
        rule = request.url_rule
        request.environ[ROUTE_KEY] = rule.rule if rule is not None else "(unmatched)"


class RequestObserver:
    """WSGI middleware: request id, access log line, counters (see the module docstring)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        incoming = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if VALID_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        started = time.perf_counter()
        seen: dict = {}

        def _start_response(status, headers, exc_info=None):
            headers = [(k, v) for k, v in headers if k.lower() != "x-request-id"]
            headers.append((REQUEST_ID_HEADER, request_id))
            seen["status"] = status.split(" ", 1)[0]
            seen["length"] = next((v for k, v in headers if k.lower() == "content-length"), None)
            seen["truncated"] = any(k.lower() == "x-tipkg-truncated" and v == "true" for k, v in headers)
            return start_response(status, headers, exc_info)

        try:
            body = self.app(environ, _start_response)
        except BaseException:
            _request_id.reset(token)
            raise
        observed = _Observed(body, environ, seen, started, request_id, token)
        file_wrapper = environ.get("wsgi.file_wrapper")
        if isinstance(file_wrapper, type) and isinstance(body, file_wrapper):
            # a file (a dump): keep gunicorn's sendfile path, and count and log when it is closed
            inner = getattr(body, "close", None)
            observed.sent = int(seen.get("length") or 0)

            def _close():
                try:
                    if inner is not None:
                        inner()
                finally:
                    observed._finish()

            body.close = _close
            return body
        return observed


class _Observed:
    """The response body, passed through; counted and logged when the server closes it."""

    def __init__(self, body, environ, seen, started, request_id, token):
        self.body, self.environ, self.seen = body, environ, seen
        self.started, self.request_id, self.token = started, request_id, token
        self.sent = 0
        self._closed = False

    def __iter__(self):
        for chunk in self.body:
            # at most WRITE_PIECE bytes per write: the front's write deadline is then a deadline on
            # progress (a slow reader that keeps reading is never cut off), not on the whole answer
            for start in range(0, len(chunk), WRITE_PIECE):
                piece = chunk[start:start + WRITE_PIECE] if len(chunk) > WRITE_PIECE else chunk
                yield piece
                self.sent += len(piece)  # counted once the server took it

    def close(self):
        if self._closed:
            return
        self._closed = True
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self._finish()

    def _finish(self):
        seconds = time.perf_counter() - self.started
        environ = self.environ
        route = environ.get(ROUTE_KEY, "(unmatched)")
        status = self.seen.get("status", "500")
        method = environ.get("REQUEST_METHOD", "-")
        path = environ.get("PATH_INFO", "")
        query_hash = environ.get(QUERY_HASH_KEY, "-")
        try:
            try:
                metrics.REQUESTS.labels(route, method, status).inc()
                metrics.LATENCY.labels(route).observe(seconds)
                metrics.RESPONSE_BYTES.labels(route).inc(self.sent)
                if self.seen.get("truncated"):
                    metrics.TRUNCATIONS.labels(route).inc()
            except OSError as error:  # the counter files are gone (removed under a live server): the answer still counts
                logging.getLogger("tipkg.metrics").warning("could not count the request: %s", error)
            access_log.info("%s %s %s", method, path, status, extra={"fields": {
                "method": method, "path": path, "status": status, "bytes": self.sent,
                "seconds": f"{seconds:.4f}", "query_hash": query_hash, "route": route}})
        finally:
            try:
                _request_id.reset(self.token)
            except ValueError:  # closed in another context than it was opened in
                _request_id.set("-")


def front_refused(status: int) -> None:
    """A request the front (``server/front.py``) answered itself, before the app."""
    metrics.REFUSALS.labels(str(status)).inc()
