"""The buffering front: a gunicorn worker class that reads whole requests before any thread sees them.

gunicorn's ``gthread`` worker hands a connection to a thread as soon as its first bytes
arrive, and the thread then blocks reading the rest of the head and the body: six
clients that send one header line and stop hold every thread, and nothing cuts them
off. :class:`FrontWorker` keeps gthread's threads, keep-alive and graceful stop, but
its main loop (one ``selectors`` poller, non-blocking sockets) reads each request
into a buffer first, under three deadlines:

- the head (request line and headers) within ``head_timeout`` seconds of the
  connection's (or the kept-alive request's) first moment, else 408;
- the body within ``body_timeout`` seconds plus one second per ``body_min_rate``
  bytes received, else 408; a declared or counted body over ``max_body_bytes`` is 413
  before it is read;
- a response write that takes more than ``write_timeout`` seconds ends the connection
  (a client that does not read cannot keep a thread); ``tipkg.server.observe`` hands
  bodies over in pieces of at most 64 KiB, so this is a deadline on progress.

Only a complete request (head and body) goes to a thread, with its bytes replayed into
gunicorn's own parser, so a slow client costs a buffer and a socket, never a thread or
a query worker. Bounds: at most ``max_connections`` connections per server process
(more are answered at once with 503 and ``Retry-After``), at most ``max_queued``
complete requests waiting for a thread (then 503 too), request line and header limits
checked on the buffer (414, 431). Every refusal, including the ones gunicorn's parser
raises, is the project's JSON error shape instead of gunicorn's HTML page.
"""

from __future__ import annotations

import errno
import json
import logging
import re
import selectors
import socket
import time
import uuid
from dataclasses import dataclass
from functools import partial

from gunicorn.http import errors as http_errors
from gunicorn.workers.gthread import ThreadWorker

from tipkg.config import Settings

log = logging.getLogger("tipkg.server.front")

READ_CHUNK = 65536
"""Bytes read from a socket per readable event (more events follow for more)."""
BUFFERED_BYTES_PER_WORKER = 256 * 1024 * 1024
"""The most request bytes one server process buffers for all its connections together (then 503)."""
STOP_LINGER = 2.0
"""A stopping worker keeps idle kept-alive connections this long (a request may be on its way)."""

REASONS = {
    400: ("Bad Request", "bad_request"),
    408: ("Request Timeout", "request_timeout"),
    413: ("Payload Too Large", "payload_too_large"),
    414: ("URI Too Long", "uri_too_long"),
    417: ("Expectation Failed", "expectation_failed"),
    431: ("Request Header Fields Too Large", "header_fields_too_large"),
    500: ("Internal Server Error", "internal_error"),
    501: ("Not Implemented", "not_implemented"),
    503: ("Service Unavailable", "unavailable"),
}
_EXPECT = re.compile(rb"\r?\nexpect:[ \t]*100-continue[ \t]*(?=\r?\n)", re.IGNORECASE)


@dataclass(frozen=True)
class Limits:
    """The front's limits, from :class:`~tipkg.config.Settings` (see the README, "Limits and security")."""

    # the defaults live once, in tipkg.config.Settings
    head_timeout: float
    body_timeout: float
    body_min_rate: int
    write_timeout: float
    keepalive: float
    max_connections: int
    max_queued: int
    max_request_line: int
    max_header_fields: int
    max_header_bytes: int
    max_body_bytes: int

    @classmethod
    def from_settings(cls, settings) -> Limits:
        return cls(**{name: getattr(settings, name) for name in cls.__dataclass_fields__})

    @property
    def max_head(self) -> int:
        return self.max_request_line + 2 + self.max_header_fields * (self.max_header_bytes + 2) + 2


def error_bytes(status: int, message: str, *, retry_after: int | None = None, request_id: str | None = None,
                close: bool = True, **details) -> bytes:
    """A whole HTTP/1.1 response carrying the project's JSON error body."""
    phrase, reason = REASONS.get(status, ("Error", "error"))
    body = json.dumps({"error": {"status": status, "reason": reason, "message": message, **details}},
                      separators=(",", ":")).encode()
    lines = [f"HTTP/1.1 {status} {phrase}", "Content-Type: application/json", f"Content-Length: {len(body)}",
             f"X-Request-Id: {request_id or uuid.uuid4().hex}", "Cache-Control: no-store"]
    if retry_after is not None:
        lines.append(f"Retry-After: {retry_after}")
    if close:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


class Refusal(Exception):
    def __init__(self, status: int, message: str, **details):
        super().__init__(message)
        self.status, self.message, self.details = status, message, details


class Buffer:
    """What one connection has sent of its next request, and how far it got."""

    __slots__ = ("data", "started", "deadline", "head_end", "body_end", "chunk_pos", "chunk_total", "length",
                 "chunked", "body_started", "idle")

    def __init__(self, data: bytes, now: float, deadline: float, idle: bool):
        self.data = bytearray(data)
        self.started = now
        self.deadline = deadline
        self.idle = idle  # kept alive, no byte of a new request yet: closed quietly at the deadline
        self.head_end = -1
        self.body_end = -1
        self.chunk_pos = 0
        self.chunk_total = 0
        self.length = 0
        self.chunked = False
        self.body_started = 0.0

    def scan(self, limits: Limits, now: float) -> bool:
        """True once a whole request is buffered; raises :class:`Refusal` for a request over a limit."""
        data = self.data
        if self.head_end < 0:
            while data[:2] == b"\r\n":  # RFC 9112 2.2: empty lines before a request line are ignored
                del data[:2]
            if not data:
                return False
            line_end = data.find(b"\n")
            if (line_end < 0 and len(data) > limits.max_request_line) or line_end > limits.max_request_line + 1:
                raise Refusal(414, f"The request line is longer than {limits.max_request_line} bytes; POST the query instead.",
                              limit_bytes=limits.max_request_line)
            end = data.find(b"\r\n\r\n")
            end = end + 4 if end >= 0 else -1
            bare = data.find(b"\n\n")
            if bare >= 0 and (end < 0 or bare + 2 < end):
                end = bare + 2
            head = bytes(data[: end if end >= 0 else len(data)])
            lines = head.split(b"\n")[1:]
            if end >= 0:
                lines = lines[:-2]
            elif lines:
                lines = lines[:-1]  # the last one may still grow
            if len(lines) > limits.max_header_fields:
                raise Refusal(431, f"More than {limits.max_header_fields} header fields.", limit_fields=limits.max_header_fields)
            if any(len(line) > limits.max_header_bytes + 1 for line in lines) or (end < 0 and len(data) > limits.max_head):
                raise Refusal(431, f"A header field is longer than {limits.max_header_bytes} bytes.", limit_bytes=limits.max_header_bytes)
            if end < 0:
                return False
            self.head_end = end
            self._read_framing(head, limits)
            self.body_started = now
            self.deadline = now + limits.body_timeout
            self.idle = False
        if self.body_end >= 0:
            return True
        if self.chunked:
            return self._scan_chunks(limits)
        if len(data) - self.head_end >= self.length:
            self.body_end = self.head_end + self.length
            return True
        return False

    def _read_framing(self, head: bytes, limits: Limits) -> None:
        lengths, codings = [], b""
        for line in head.split(b"\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                lengths.append(value.strip())
            elif name == b"transfer-encoding":
                codings += b"," + value.strip().lower()
        if codings:
            self.chunked = codings.rsplit(b",", 1)[-1].strip() == b"chunked"
            if not self.chunked:
                self.body_end = self.head_end  # gunicorn's parser refuses it
            return
        if len(lengths) != 1 or not lengths[0].isdigit():
            self.body_end = self.head_end  # none (no body), or bad: gunicorn's parser answers 400
            return
        self.length = int(lengths[0])
        if self.length > limits.max_body_bytes:
            raise Refusal(413, f"The body is {self.length} bytes; the limit is {limits.max_body_bytes}.", limit_bytes=limits.max_body_bytes)
        if self.length == 0:
            self.body_end = self.head_end

    def _scan_chunks(self, limits: Limits) -> bool:
        data = self.data
        pos = self.chunk_pos or self.head_end
        while True:
            line_end = data.find(b"\r\n", pos)
            if line_end < 0:
                if len(data) - pos > 1024:
                    self.body_end = len(data)  # not a chunk-size line: the parser says why
                    return True
                return False
            size_text = bytes(data[pos:line_end]).split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                self.body_end = len(data)
                return True
            if size == 0:
                if data[line_end + 2: line_end + 4] == b"\r\n":
                    self.body_end = line_end + 4
                    return True
                trailer = data.find(b"\r\n\r\n", line_end)
                if trailer >= 0:
                    self.body_end = trailer + 4
                    return True
                return False
            self.chunk_total += size
            if self.chunk_total > limits.max_body_bytes:
                raise Refusal(413, f"The body is larger than the limit of {limits.max_body_bytes} bytes.", limit_bytes=limits.max_body_bytes)
            following = line_end + 2 + size + 2
            if len(data) < following:
                self.chunk_total -= size  # counted again when the chunk is complete
                self.chunk_pos = pos
                return False
            pos = following
            self.chunk_pos = pos

    def body_deadline(self, limits: Limits) -> float:
        received = len(self.data) - self.head_end
        return self.body_started + limits.body_timeout + received / max(1, limits.body_min_rate)


class FrontWorker(ThreadWorker):
    """gthread with the buffering front (see the module docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits = Limits.from_settings(Settings())  # until run() reads the app's settings
        self.reading: dict = {}  # conn → Buffer
        self.buffered = 0
        self.queued = 0
        self.refused = 0
        self.stopping_since: float | None = None

    def run(self):
        from tipkg.server import state

        self.limits = Limits.from_settings(state.settings(self.wsgi))
        # gthread stops accepting at worker_connections; the front accepts one more and answers 503
        self.worker_connections = self.limits.max_connections + 1
        super().run()

    # -- connections in ---------------------------------------------------------------

    def accept(self, listener):
        try:
            client_sock, client_addr = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        if self.nr_conns >= self.limits.max_connections:
            self._refuse_socket(client_sock, 503, "The server has too many open connections; try again.", retry_after=1)
            return
        self.nr_conns += 1
        from gunicorn.workers.gthread import TConn

        conn = TConn(self.cfg, client_sock, client_addr, listener.getsockname())  # non-blocking
        now = time.monotonic()
        self._watch(conn, Buffer(b"", now, now + self.limits.head_timeout, idle=False))

    def _watch(self, conn, buffer: Buffer) -> None:
        self.reading[conn] = buffer
        self.buffered += len(buffer.data)
        if buffer.data and self._try_dispatch(conn, buffer):
            return
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_front_readable, conn))

    def on_front_readable(self, conn, _sock):
        buffer = self.reading.get(conn)
        if buffer is None:
            return
        try:
            chunk = conn.sock.recv(READ_CHUNK)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._drop(conn)
            return
        if buffer.idle:
            now = time.monotonic()
            buffer.idle, buffer.started, buffer.deadline = False, now, now + self.limits.head_timeout
        buffer.data += chunk
        self.buffered += len(chunk)
        if self.buffered > BUFFERED_BYTES_PER_WORKER:
            self._refuse(conn, 503, "The server is buffering too many requests; try again.", retry_after=2)
            return
        self._try_dispatch(conn, buffer, registered=True)

    def _try_dispatch(self, conn, buffer: Buffer, registered: bool = False) -> bool:
        try:
            complete = buffer.scan(self.limits, time.monotonic())
        except Refusal as refusal:
            self._refuse(conn, refusal.status, refusal.message, registered=registered, **refusal.details)
            return True
        if not complete:
            if buffer.head_end >= 0 and not buffer.chunked and buffer.length and buffer.body_started and \
                    len(buffer.data) == buffer.head_end and _EXPECT.search(bytes(buffer.data[: buffer.head_end])):
                _send_quietly(conn.sock, b"HTTP/1.1 100 Continue\r\n\r\n")
            if buffer.head_end >= 0:
                buffer.deadline = buffer.body_deadline(self.limits)
            return False
        if self.queued >= self.limits.max_queued:
            self._refuse(conn, 503, "Every request thread is busy and the queue is full; try again.", registered=registered, retry_after=2)
            return True
        if registered:
            self.poller.unregister(conn.sock)
        del self.reading[conn]
        self.buffered -= len(buffer.data)
        request = bytes(buffer.data[: buffer.body_end])
        request = _EXPECT.sub(b"", request[: buffer.head_end]) + request[buffer.head_end:]
        conn.rest = bytes(buffer.data[buffer.body_end:])
        conn.data_ready = True
        conn.init()  # the parser (once per connection), the socket blocking for the thread
        conn.parser.unreader.unread(request)
        self.queued += 1
        self.enqueue_req(conn)
        return True

    def _drop(self, conn, registered: bool = True) -> None:
        buffer = self.reading.pop(conn, None)
        if buffer is not None:
            self.buffered -= len(buffer.data)
        if registered:
            try:
                self.poller.unregister(conn.sock)
            except (KeyError, ValueError, OSError):
                pass
        self.nr_conns -= 1
        conn.close()

    def _refuse(self, conn, status: int, message: str, registered: bool = True, retry_after: int | None = None, **details) -> None:
        from tipkg.server import observe

        request_id = uuid.uuid4().hex
        with observe.request_id_set(request_id):  # the log line names the id the client gets
            log.warning("refused %s from %s: %s", status, conn.client[0] if conn.client else "-", message)
        _send_quietly(conn.sock, error_bytes(status, message, retry_after=retry_after, request_id=request_id, **details))
        self._note_refusal(status)
        try:
            conn.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        self._drop(conn, registered=registered)

    def _refuse_socket(self, sock, status: int, message: str, retry_after: int | None = None) -> None:
        sock.setblocking(False)
        _send_quietly(sock, error_bytes(status, message, retry_after=retry_after))
        self._note_refusal(status)
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        sock.close()

    def _note_refusal(self, status: int) -> None:
        from tipkg.server import observe

        observe.front_refused(status)

    # -- deadlines ---------------------------------------------------------------------

    def murder_pending(self):
        super().murder_pending()
        now = time.monotonic()
        if not self.alive and self.stopping_since is None:
            self.stopping_since = now
        for conn, buffer in list(self.reading.items()):
            if buffer.idle:
                if now >= buffer.deadline or (self.stopping_since is not None and now - self.stopping_since >= STOP_LINGER):
                    self._drop(conn)
            elif not buffer.data and now >= buffer.deadline:
                self._drop(conn)  # connected and never sent a byte: closed quietly
            elif now >= buffer.deadline:
                part = "headers" if buffer.head_end < 0 else "body"
                limit = self.limits.head_timeout if buffer.head_end < 0 else self.limits.body_timeout
                self._refuse(conn, 408, f"The request {part} did not arrive in time ({limit:g} s"
                             + (f" plus 1 s per {self.limits.body_min_rate} bytes" if part == "body" else "") + ").",
                             limit_seconds=limit)

    # -- in the thread -----------------------------------------------------------------

    def handle(self, conn):
        self.method_queue.defer(self._started)
        return super().handle(conn)

    def _started(self):
        self.queued -= 1

    def handle_request(self, req, conn):
        conn.sock.settimeout(self.limits.write_timeout)
        try:
            return super().handle_request(req, conn)
        except TimeoutError:
            log.warning("a response write made no progress for %g s; closing the connection", self.limits.write_timeout)
            return False

    def handle_error(self, req, client, addr, exc):
        """Every refusal gunicorn's parser raises, in the JSON error shape (not its HTML page)."""
        status = 400
        if isinstance(exc, http_errors.LimitRequestLine):
            status = 414
        elif isinstance(exc, http_errors.LimitRequestHeaders):
            status = 431
        elif isinstance(exc, http_errors.ExpectationFailed):
            status = 417
        elif isinstance(exc, http_errors.UnsupportedTransferCoding):
            status = 501
        elif not isinstance(exc, (http_errors.ParseException, http_errors.NoMoreData)):
            status = 500
        if status == 500:
            log.exception("error handling a request")
            message = "Internal error; the server logged the details."
        else:
            log.warning("invalid request from %s: %s", (addr or ("-",))[0], exc)
            message = f"The request is not valid HTTP/1.1: {exc}"
        self._note_refusal_from_thread(status)
        try:
            client.settimeout(2)
            client.sendall(error_bytes(status, message))
        except OSError:
            pass

    def _note_refusal_from_thread(self, status: int) -> None:
        from tipkg.server import observe

        observe.front_refused(status)

    # -- after a request -----------------------------------------------------------------

    def finish_request(self, conn, fs):
        """Kept-alive connections go back to the front (not to a thread) to wait for their next request."""
        try:
            result = fs.result() if not fs.cancelled() else False
        except Exception:
            result = False
        if result and self.alive:
            rest = getattr(conn, "rest", b"") + conn.parser.unreader.take_buffered()
            conn.rest = b""
            conn.initialized = True
            try:
                conn.sock.setblocking(False)
            except OSError:
                self.nr_conns -= 1
                conn.close()
                return
            now = time.monotonic()
            if rest:
                self._watch(conn, Buffer(rest, now, now + self.limits.head_timeout, idle=False))
            else:
                self._watch(conn, Buffer(b"", now, now + self.limits.keepalive, idle=True))
            return
        self.nr_conns -= 1
        try:
            conn.close(graceful=bool(result))
        except OSError:
            pass


def _send_quietly(sock, data: bytes) -> None:
    try:
        sock.send(data)
    except OSError:
        pass
