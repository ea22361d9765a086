"""The store the server reads: one interface, two implementations.

- :class:`EmbeddedStore`: pyoxigraph, in memory or on disk (``--store DIR``), queried in
  worker processes so a runaway query can be stopped (see :mod:`tipkg.workers.pool`);
- :class:`~tipkg.query.remote.RemoteStore`: any SPARQL 1.1 endpoint (``--sparql-url``).

Both enforce the same rules before anything runs: the query text limit, no SPARQL Update,
no SERVICE call unless allow-listed, a deadline (``timeout``, never above the operator's
maximum) and the result limit (a cut answer says so: ``Answer.truncated``).

Default graph: the store's default graph is empty; a query without ``FROM`` and without
``default-graph-uri``/``named-graph-uri`` sees the RDF merge of all graphs as its default
graph (the service description announces ``sd:UnionDefaultGraph``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from flask import Flask, current_app

from tipkg.config import Settings
from tipkg.errors import BadRequest, NotAcceptable, PayloadTooLarge, QuerySyntaxError, ServiceUnavailable, TipkgError
from tipkg.formats import Format, by_name
from tipkg.query.lexer import MAX_NESTING, QueryInfo, analyse, check_allowed
from tipkg.query.results import DEFAULT_FORMATS, rdflib_graph, rdflib_rows

log = logging.getLogger("tipkg.query.service")

EXTENSION = "tipkg.store"


@dataclass
class Answer:
    kind: str
    """``bindings`` | ``boolean`` | ``graph``."""
    body: bytes
    """Already serialized in :attr:`format`."""
    format: Format
    truncated: bool
    """Cut at the result limit."""
    count: int
    """Rows or triples in :attr:`body`."""


class QueryService(Protocol):
    version: str
    """Dataset version (manifest ``version``), for ETags."""

    def execute(self, query: str, *, result_format: Format | None = None, default_graph_uris=(), named_graph_uris=(), timeout: float | None = None, limit: int | None = None, base_iri: str | None = None) -> Answer: ...
    def select(self, query: str, *, timeout: float | None = None) -> list[dict]: ...
    def construct(self, query: str, *, timeout: float | None = None): ...
    def ask(self, query: str, *, timeout: float | None = None) -> bool: ...
    def stats(self) -> dict: ...
    def close(self) -> None: ...


_ERRORS = {"query_syntax": QuerySyntaxError, "bad_request": BadRequest}


class BaseStore:
    """The rules both stores share; subclasses implement :meth:`_run`."""

    version: str = "unknown"
    dumps_dir = None
    """Folder with the dataset's dumps and ``manifest.json``, or None."""
    manifest: dict | None = None

    def __init__(self, settings: Settings):
        self.settings = settings

    def check(self, query: str) -> QueryInfo:
        """Refuse what must never run; return what the query is."""
        if len(query) > self.settings.max_query_chars:
            raise PayloadTooLarge(f"The query is {len(query)} characters long; the limit is {self.settings.max_query_chars}.", limit_chars=self.settings.max_query_chars)
        if not query.strip():
            raise BadRequest("The query is empty.")
        info = analyse(query)
        if info.nesting > MAX_NESTING:
            raise BadRequest(
                f"The query nests {info.nesting} levels deep (brackets and unary operators); the limit is {MAX_NESTING}.",
                limit_nesting=MAX_NESTING,
            )
        check_allowed(info, self.settings.service_allowlist)
        return info

    def deadline(self, timeout: float | None) -> float:
        """The client may lower the deadline, never raise it past the operator's maximum."""
        if timeout is None:
            return min(self.settings.query_timeout, self.settings.max_query_timeout)
        return max(0.001, min(float(timeout), self.settings.max_query_timeout))

    def execute(self, query: str, *, result_format: Format | None = None, default_graph_uris=(), named_graph_uris=(), timeout: float | None = None, limit: int | None = None, base_iri: str | None = None) -> Answer:
        """Run ``query``; relative IRIs in it resolve against ``base_iri`` (the protocol
        leaves the base to the service: the endpoint passes its own URL; a remote store
        applies its own)."""
        info = self.check(query)
        if result_format is not None and info.form is not None:
            wanted = "rdf" if info.kind == "graph" else "results"
            if result_format.kind != wanted:
                raise NotAcceptable(f"A {info.form} query cannot be answered as {result_format.name}.")
        limit = self.settings.result_limit if limit is None else min(limit, self.settings.result_limit)
        request = {
            "query": query,
            "format": result_format.name if result_format else None,
            "default_graphs": list(default_graph_uris),
            "named_graphs": list(named_graph_uris),
            "limit": limit,
            "base_iri": base_iri,
        }
        reply = self._run(request, info, self.deadline(timeout))
        if "error" in reply:
            reason, message, details = reply["error"]
            if reason in _ERRORS:
                raise _ERRORS[reason](message, **details)
            log.error("query failed: %s", message)
            raise TipkgError("The query failed inside the store; the server logged the details.")
        return Answer(reply["kind"], reply["body"], by_name(reply["format"]), reply["truncated"], reply["count"])

    def _run(self, request: dict, info: QueryInfo, timeout: float) -> dict:
        raise NotImplementedError

    def select(self, query: str, *, timeout: float | None = None) -> list[dict]:
        """Rows of rdflib terms (at most ``result_limit``; a cut is logged)."""
        answer = self.execute(query, result_format=by_name("json"), timeout=timeout)
        if answer.truncated:
            log.warning("internal SELECT cut at %d rows: %s", answer.count, query[:200])
        return rdflib_rows(answer.body)

    def construct(self, query: str, *, timeout: float | None = None):
        """An rdflib Graph (at most ``result_limit`` triples; a cut is logged)."""
        answer = self.execute(query, result_format=by_name("ntriples"), timeout=timeout)
        if answer.truncated:
            log.warning("internal CONSTRUCT cut at %d triples: %s", answer.count, query[:200])
        return rdflib_graph(answer.body)

    def ask(self, query: str, *, timeout: float | None = None) -> bool:
        import json

        answer = self.execute(query, result_format=by_name("json"), timeout=timeout)
        return bool(json.loads(answer.body)["boolean"])

    def warm(self) -> None:
        """Start what a server process needs before its first request (after any fork)."""

    def close(self) -> None:
        pass


class EmbeddedStore(BaseStore):
    """pyoxigraph in query worker processes."""

    def __init__(self, settings: Settings):
        from tipkg.query import source as data_source
        from tipkg.workers.pool import WorkerPool

        super().__init__(settings)
        self.source = data_source.prepare(settings)
        self.version = self.source.version
        self.dumps_dir = self.source.dumps_dir
        self.manifest = self.source.manifest
        self._stats = self.source.stats
        self.pool = WorkerPool(self.source.worker_source, settings.query_workers)

    def _run(self, request: dict, info: QueryInfo, timeout: float) -> dict:
        return self.pool.run(request, timeout)

    def stats(self) -> dict:
        if self._stats is None:
            reply = self.pool.run({"op": "stats"}, max(self.settings.max_query_timeout, 60.0))
            if "error" in reply:
                raise ServiceUnavailable(reply["error"][1])
            self._stats = reply["stats"]
        return self._stats

    def warm(self) -> None:
        self.pool.start()

    def close(self) -> None:
        self.pool.close()
        self.source.cleanup()


def open_store(settings: Settings) -> QueryService:
    if settings.sparql_url:
        from tipkg.query.remote import RemoteStore

        return RemoteStore(settings)
    return EmbeddedStore(settings)


def init_app(app: Flask) -> None:
    """Open the store once per app; ``app.extensions["tipkg.close"]`` stops its workers."""
    store = open_store(app.config["TIPKG_SETTINGS"])
    app.extensions[EXTENSION] = store
    app.extensions["tipkg.close"] = store.close


def get_store() -> QueryService:
    return current_app.extensions[EXTENSION]


def run_local_query(settings: Settings, query: str, result_format: str) -> str:
    """``tipkg query``: run one query in-process on the current build (no deadline).

    ``table`` prints an aligned text table (or ``yes``/``no``, or Turtle for graphs).
    """
    from tipkg.query import source as data_source
    from tipkg.workers.query_worker import Engine

    info = BaseStore(settings).check(query)
    fmt = None
    if result_format != "table":
        fmt = by_name(result_format)
        if fmt is None:
            raise BadRequest(f"Unknown format {result_format!r}.")
    elif info.kind != "graph":
        fmt = by_name("json")
    source = data_source.prepare(settings.replace(store_dir=None))
    try:
        engine = Engine.open(source.worker_source)
        reply = engine.execute({"query": query, "format": fmt.name if fmt else None, "limit": None})
    finally:
        source.cleanup()
    if "error" in reply:
        reason, message, details = reply["error"]
        raise _ERRORS.get(reason, TipkgError)(message, **details)
    if result_format != "table" or reply["kind"] == "graph":
        return reply["body"].decode("utf-8")
    return render_table(reply["body"])


def render_table(json_body: bytes) -> str:
    """SPARQL JSON → an aligned text table (terms in N-Triples-like short form)."""
    import json

    doc = json.loads(json_body)
    if "boolean" in doc:
        return "yes\n" if doc["boolean"] else "no\n"
    names = doc["head"]["vars"]
    rows = [[_short(row.get(n)) for n in names] for row in doc["results"]["bindings"]]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _short(term: dict | None) -> str:
    from tipkg.namespaces import PREFIXES

    if term is None:
        return ""
    value = term["value"]
    if term["type"] == "uri":
        for prefix, iri in PREFIXES.items():
            if value.startswith(iri) and value != iri:
                return f"{prefix}:{value[len(iri):]}"
        return f"<{value}>"
    if term["type"] == "bnode":
        return f"_:{value}"
    if "xml:lang" in term:
        return f'"{value}"@{term["xml:lang"]}'
    return value if "datatype" in term else f'"{value}"'


__all__ = ["Answer", "QueryService", "open_store", "init_app", "get_store", "run_local_query", "DEFAULT_FORMATS"]
