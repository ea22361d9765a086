"""A query worker process: holds the pyoxigraph store, runs one query at a time.

pyoxigraph cannot be interrupted from Python, so the server runs queries here and ends
the whole process (SIGKILL) when a query passes its deadline. Started by
:mod:`tipkg.workers.pool` as ``python -m tipkg.workers.query_worker``; it speaks
length-prefixed pickles on stdin/stdout (both ends are this package) and exits when its
parent goes away.

:class:`Engine` is also used in-process, by ``tipkg query`` and the conformance tests.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from tipkg.formats import by_name
from tipkg.namespaces import PREFIXES
from tipkg.query.lexer import position
from tipkg.query.results import serialize_answer

HEADER = struct.Struct(">Q")


class Engine:
    """One pyoxigraph store and the rules for running protocol queries on it.

    Queries may use the project's prefixes (:data:`tipkg.namespaces.PREFIXES`) undeclared.
    The default graph of a query is the RDF merge of every graph of the dataset, unless the
    query has ``FROM``/``FROM NAMED`` or the request gives ``default-graph-uri`` /
    ``named-graph-uri``. pyoxigraph's own union mode is a bag (a triple in two graphs
    matches twice), so the merge is materialized once in the store's default graph, which
    the published dataset leaves empty (see :func:`materialize_merge`).
    """

    def __init__(self, store: ox.Store, stats: dict | None = None):
        self.store = store
        self._stats = stats

    @classmethod
    def open(cls, source: dict) -> Engine:
        """``{"kind": "memory", "files": [nq…]}`` or ``{"kind": "disk", "path": dir}``."""
        if source["kind"] == "disk":
            return cls(ox.Store.read_only(str(source["path"])), source.get("stats"))
        store = ox.Store()
        for path in source["files"]:
            store.bulk_load(path=str(path), format=ox.RdfFormat.from_extension(Path(path).suffix.lstrip(".")))
        stats = source_stats(store)
        materialize_merge(store)
        return cls(store, stats)

    def execute(self, request: dict) -> dict:
        """Run one request; errors come back as ``{"error": (reason, message, details)}``."""
        try:
            if request.get("op") == "stats":
                return {"ok": True, "stats": self.stats()}
            return self._query(request)
        except SyntaxError as error:
            message = str(error)
            if len(message) > 600:
                message = message[:600] + " …"
            return {"error": ("query_syntax", message, position(message))}
        except (ValueError, TypeError) as error:
            return {"error": ("bad_request", str(error), {})}
        except RuntimeError as error:
            # pyoxigraph's evaluation errors (e.g. an unknown custom function): the query's fault
            return {"error": ("bad_request", f"The query cannot be evaluated: {error}", {})}
        except OSError as error:
            return {"error": ("internal_error", f"store error: {error}", {})}
        except Exception as error:  # keep the worker alive; the server logs it
            return {"error": ("internal_error", f"{type(error).__name__}: {error}", {})}

    def _query(self, request: dict) -> dict:
        kwargs = {}
        default_graphs = request.get("default_graphs") or []
        named_graphs = request.get("named_graphs") or []
        if default_graphs or named_graphs:
            kwargs["default_graph"] = [ox.NamedNode(iri) for iri in default_graphs]
            kwargs["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]
        if request.get("base_iri"):
            kwargs["base_iri"] = request["base_iri"]
        # the project's prefixes (rdfs:, tip:, schema: …) need no PREFIX line
        result = self.store.query(request["query"], prefixes=PREFIXES, **kwargs)
        fmt = by_name(request["format"]) if request.get("format") else None
        kind, body, fmt, truncated, count = serialize_answer(result, fmt, request.get("limit"))
        return {"ok": True, "kind": kind, "body": body, "format": fmt.name, "truncated": truncated, "count": count}

    def stats(self) -> dict:
        if self._stats is None:
            self._stats = source_stats(self.store)
        return self._stats


def source_stats(store: ox.Store) -> dict:
    """Counts of the dataset as published (call before :func:`materialize_merge`)."""
    number = lambda query: int(next(iter(store.query(query)))["n"].value)  # noqa: E731
    return {
        "triples": number("SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }"),
        "quads": len(store),
        "graphs": sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)),
    }


def materialize_merge(store: ox.Store) -> None:
    """Copy every named graph's triples into the default graph (a set: no duplicates)."""
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


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


def _exit_with_parent(parent: int) -> None:
    # A runaway query never reads stdin again, so EOF alone cannot end an orphan.
    while True:
        if os.getppid() != parent:
            os._exit(0)
        time.sleep(0.5)


QUERY_STACK_BYTES = 1 << 30
"""Stack of the thread that parses and evaluates queries. pyoxigraph recurses on nesting
and on long operator chains (``1+1+…``, ``{…} MINUS {…} MINUS …``, thousands of triple
patterns); on the default 8 MB stack such a query under the length limit crashed the
process (SIGSEGV). The reservation is virtual: only the pages a query touches are used."""


def main(open_engine=None) -> None:
    """Serve requests on stdin/stdout until EOF or the parent's end.

    ``open_engine(source)`` (default :meth:`Engine.open`) builds the object whose
    ``execute(request) -> dict`` answers each request; the validation worker passes its own.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the server; it ends us.
    parent = os.getppid()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    threading.stack_size(QUERY_STACK_BYTES)  # applies to threads started from now on
    serving = threading.Thread(target=_serve, args=(open_engine or Engine.open,), name="tipkg-worker", daemon=True)
    serving.start()
    threading.stack_size(0)
    serving.join()


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
        send(out, engine.execute(request))


if __name__ == "__main__":
    main()
