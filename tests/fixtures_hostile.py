"""Fixtures for the hostile-input tests: a loopback listener that records every connection.

Not in conftest's ``pytest_plugins`` yet: the test modules import what they use.
"""

from __future__ import annotations

import socket
import threading

import pytest

SPARQL_ANSWER = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://listener.invalid/answer"}}]}}'


class Listener:
    """A TCP server on a free 127.0.0.1 port, in a thread. It records each accepted
    connection and the request line it sent, and answers every request with a one-row
    SPARQL JSON result (so an allowed SERVICE call completes)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.connections: list[tuple[str, int]] = []
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._serve, daemon=True, name="hostile-listener").start()

    def _serve(self) -> None:
        while not self._closed:
            try:
                conn, peer = self.sock.accept()
            except OSError:
                return
            with self._lock:
                self.connections.append(peer)
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            with self._lock:
                self.requests.append(head.split(b"\r\n", 1)[0].decode("latin-1"))
            length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")[1:] if line.lower().startswith(b"content-length:")), 0)
            while len(body) < length:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                body += chunk
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                + f"Content-Length: {len(SPARQL_ANSWER)}\r\nConnection: close\r\n\r\n".encode()
                + SPARQL_ANSWER
            )
        except OSError:
            pass
        finally:
            conn.close()

    def seen(self) -> list:
        with self._lock:
            return list(self.connections) + list(self.requests)

    def reset(self) -> None:
        with self._lock:
            self.connections.clear()
            self.requests.clear()

    def close(self) -> None:
        self._closed = True
        self.sock.close()


@pytest.fixture(scope="session")
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture()
def silent_listener(listener):
    """The listener, emptied; the test fails if anything connected to it meanwhile."""
    listener.reset()
    yield listener
    assert listener.seen() == [], f"the server made outbound requests: {listener.seen()}"


def error_of(response) -> dict:
    """The error object of a JSON error body (requests or Flask response)."""
    body = response.json() if callable(getattr(response, "json", None)) else response.json
    assert set(body) == {"error"}, body
    error = body["error"]
    assert {"status", "reason", "message"} <= set(error), error
    assert error["status"] == response.status_code
    assert error["message"]
    return error
