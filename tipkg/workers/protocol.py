"""The one protocol between a server process and its worker processes.

Messages are length-prefixed pickles on the worker's stdin/stdout (both ends are this
package). A worker is started as ``python -m MODULE``; the first message gives it its
``{"source": …}``, it answers ``{"ready": True, "pid"}`` (or ``{"ready": False,
"error"}``), then answers one request at a time until EOF or its parent's end.

Errors have one codec for every kind of worker: a :class:`~tipkg.errors.TipkgError`
raised while answering travels as ``{"error": {"reason", "message", "details"}}`` and is
raised again in the server as the class with that ``reason``; anything else travels as
reason ``internal_error``, which the server logs and answers with a generic 500.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
import threading
import time
from collections.abc import Callable

from tipkg.errors import TipkgError

HEADER = struct.Struct(">Q")
INTERNAL = "internal_error"

WORKER_STACK_BYTES = 1 << 30
"""Stack of the thread that answers requests. pyoxigraph recurses on nesting and on long
operator chains (``1+1+…``, ``{…} MINUS {…} MINUS …``, thousands of triple patterns); on
the default 8 MB stack such a query under the length limit crashed the process
(SIGSEGV). The reservation is virtual: only the pages a request touches are used."""


def send(stream, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def receive(stream):
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        raise EOFError
    (size,) = HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


# ---- the error codec ----------------------------------------------------------------

def error_reply(error: BaseException) -> dict:
    """An exception raised while answering → the reply that carries it."""
    if isinstance(error, TipkgError):
        return {"error": {"reason": error.reason, "message": error.message, "details": error.details}}
    return {"error": {"reason": INTERNAL, "message": f"{type(error).__name__}: {error}", "details": {}}}


def _error_classes() -> dict[str, type[TipkgError]]:
    found: dict[str, type[TipkgError]] = {}
    todo = [TipkgError]
    while todo:
        cls = todo.pop()
        found.setdefault(cls.reason, cls)
        todo.extend(cls.__subclasses__())
    return found


ERROR_CLASSES = _error_classes()
"""``reason`` → the :mod:`tipkg.errors` class that has it."""


def raise_for_error(reply: dict, log, what: str) -> dict:
    """Raise the error a reply carries (an internal one is logged, not shown); else return it."""
    if "error" not in reply:
        return reply
    error = reply["error"]
    cls = ERROR_CLASSES.get(error["reason"])
    if cls is None or error["reason"] in (INTERNAL, TipkgError.reason):
        log.error("%s failed: %s", what, error["message"])
        raise TipkgError(f"The {what} failed; the server logged the details.")
    raise cls(error["message"], **error["details"])


# ---- the worker side ----------------------------------------------------------------

def run_worker(open_engine: Callable[[dict], object]) -> None:
    """Serve requests on stdin/stdout until EOF or the parent's end.

    ``open_engine(source)`` builds the object whose ``execute(request) -> dict`` answers
    each request; a :class:`~tipkg.errors.TipkgError` it raises goes back by the codec.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the server; it ends us.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # so does a SIGTERM sent to the whole group (systemd): requests in flight finish
    parent = os.getppid()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    threading.stack_size(WORKER_STACK_BYTES)  # applies to threads started from now on
    serving = threading.Thread(target=_serve, args=(open_engine,), name="tipkg-worker", daemon=True)
    serving.start()
    threading.stack_size(0)
    serving.join()


def _exit_with_parent(parent: int) -> None:
    # A runaway request never reads stdin again, so EOF alone cannot end an orphan.
    while True:
        if os.getppid() != parent:
            os._exit(0)
        time.sleep(0.5)


def _serve(open_engine) -> None:
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write on the message pipe
    try:
        config = receive(inp)
        engine = open_engine(config["source"])
    except EOFError:
        return
    except Exception as error:  # report why we cannot start, then stop
        send(out, {"ready": False, "error": f"{type(error).__name__}: {error}"})
        return
    send(out, {"ready": True, "pid": os.getpid()})
    while True:
        try:
            request = receive(inp)
        except EOFError:
            return
        try:
            reply = engine.execute(request)
        except Exception as error:  # keep the worker alive; the server logs internal errors
            reply = error_reply(error)
        send(out, reply)


__all__ = ["HEADER", "send", "receive", "error_reply", "raise_for_error", "run_worker", "ERROR_CLASSES"]
