"""The store the server reads: one interface, two implementations.

- :class:`EmbeddedStore`: pyoxigraph, in memory or on disk (``--store DIR``), queried in
  worker processes so a runaway query can be stopped (see :mod:`tipkg.workers.pool`);
- :class:`~tipkg.query.remote.RemoteStore`: any SPARQL 1.1 endpoint (``--sparql-url``).

Both enforce the same rules before anything runs: the query text limit, no SPARQL Update,
no SERVICE call unless allow-listed, a deadline (``timeout``, never above the operator's
maximum) and the result limit (a cut answer says so: ``Answer.truncated``).

Default graph: for the built dataset (whose own default graph is empty) and with
``--union-default-graph``, a query without ``FROM`` and without
``default-graph-uri``/``named-graph-uri`` sees the RDF merge of all graphs as its default
graph (the service description announces ``sd:UnionDefaultGraph``). ``serve --data FILE``
without that flag keeps the files' own default graph, as the W3C tests expect
(:attr:`BaseStore.union_default_graph`). The server's own queries (pages, ``/dataset``)
always read the whole dataset (``union=True``).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Protocol

from tipkg import deadlines, metrics
from tipkg.config import Settings
from tipkg.errors import BadRequest, NotAcceptable, PayloadTooLarge
from tipkg.formats import Format, by_name
from tipkg.query.lexer import MAX_NESTING, QueryInfo, analyse, check_allowed
from tipkg.query.results import DEFAULT_FORMATS, rdflib_graph, rdflib_rows
from tipkg.workers.protocol import raise_for_error

log = logging.getLogger("tipkg.query.service")


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
    etag: str | None = None
    """A strong validator of :attr:`body` (hex, unquoted), for ``ETag`` / ``If-None-Match``."""


class AnswerCache:
    """Answers already given, by (dataset version, query, result format, dataset
    parameters, result limit, base IRI); least recently used first out, bounded in bytes.

    One per server process, shared by its threads. The embedded store's data never
    changes under a version, so a remembered answer is the answer; only successful
    answers are kept (an error or a deadline is never remembered)."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple, tuple[Answer, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple) -> Answer | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                metrics.answer_cache_lookup(hit=False)
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            metrics.answer_cache_lookup(hit=True)
            return entry[0]

    def put(self, key: tuple, answer: Answer) -> None:
        size = len(answer.body) + sum(len(str(part)) for part in key) + 200
        if size > self.max_bytes // 8:  # one huge answer must not empty the cache
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._entries[key] = (answer, size)
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped

    def __len__(self) -> int:
        return len(self._entries)


class QueryService(Protocol):
    version: str
    """Dataset version (manifest ``version``), for ETags."""

    def check(self, query: str) -> QueryInfo: ...
    def execute(self, query: str, *, result_format: Format | None = None, default_graph_uris=(), named_graph_uris=(), timeout: float | None = None, limit: int | None = None, base_iri: str | None = None, info: QueryInfo | None = None, union: bool = False) -> Answer: ...
    def select(self, query: str, *, timeout: float | None = None) -> list[dict]: ...
    def construct(self, query: str, *, timeout: float | None = None): ...
    def ask(self, query: str, *, timeout: float | None = None) -> bool: ...
    def stats(self) -> dict: ...
    def close(self) -> None: ...


class BaseStore:
    """The rules both stores share; subclasses implement :meth:`_run`."""

    version: str = "unknown"
    union_default_graph: bool = True
    """Whether a client's query without dataset clauses sees the merge of all graphs."""
    answers: AnswerCache | None = None
    """Remembered answers (the embedded store only: a remote store's data may change)."""
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

    def execute(self, query: str, *, result_format: Format | None = None, default_graph_uris=(), named_graph_uris=(), timeout: float | None = None, limit: int | None = None, base_iri: str | None = None, info: QueryInfo | None = None, union: bool = False) -> Answer:
        """Run ``query``; ``union=True`` (the server's own queries) makes the default graph
        the merge of all graphs even where clients get the files' own default graph; relative IRIs in it resolve against ``base_iri`` (the protocol
        leaves the base to the service: the endpoint passes its own URL; a remote store
        applies its own). ``info`` is what :meth:`check` returned for this query, when
        the caller already checked it (the query is lexed once)."""
        info = info if info is not None else self.check(query)
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
            "union": bool(union),
        }
        key = (self.version, query, request["format"], tuple(request["default_graphs"]), tuple(request["named_graphs"]), limit, base_iri, bool(union))
        if self.answers is not None and (known := self.answers.get(key)) is not None:
            return known
        reply = raise_for_error(self._run(request, info, deadlines.query_deadline(self.settings, timeout)), log, "query")
        body = reply["body"]
        etag = hashlib.blake2b(self.version.encode() + b"\0" + body, digest_size=16).hexdigest()
        answer = Answer(reply["kind"], body, by_name(reply["format"]), reply["truncated"], reply["count"], etag)
        if self.answers is not None:
            self.answers.put(key, answer)
        return answer

    def _run(self, request: dict, info: QueryInfo, timeout: float) -> dict:
        raise NotImplementedError

    def select(self, query: str, *, timeout: float | None = None) -> list[dict]:
        """Rows of rdflib terms (at most ``result_limit``; a cut is logged)."""
        answer = self.execute(query, result_format=by_name("json"), timeout=timeout, union=True)
        if answer.truncated:
            log.warning("internal SELECT cut at %d rows: %s", answer.count, query[:200])
        return rdflib_rows(answer.body)

    def construct(self, query: str, *, timeout: float | None = None):
        """An rdflib Graph (at most ``result_limit`` triples; a cut is logged)."""
        answer = self.execute(query, result_format=by_name("ntriples"), timeout=timeout, union=True)
        if answer.truncated:
            log.warning("internal CONSTRUCT cut at %d triples: %s", answer.count, query[:200])
        return rdflib_graph(answer.body)

    def ask(self, query: str, *, timeout: float | None = None) -> bool:
        import json

        answer = self.execute(query, result_format=by_name("json"), timeout=timeout, union=True)
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
        self.union_default_graph = bool(self.source.worker_source.get("union", True))
        self._stats = self.source.stats
        if settings.answer_cache_mb > 0:
            self.answers = AnswerCache(settings.answer_cache_mb << 20)
        self.pool = WorkerPool(self.source.worker_source, settings.query_workers)

    def _run(self, request: dict, info: QueryInfo, timeout: float) -> dict:
        return self.pool.run(request, timeout)

    @property
    def dumps_pending(self) -> bool:
        """Streamed ``--data``: the dumps are still being written in the background."""
        return self.source.dumps_pending

    def stats(self) -> dict:
        if self._stats is None:
            reply = raise_for_error(self.pool.run({"op": "stats"}, deadlines.stats_deadline(self.settings)), log, "count of the dataset")
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


__all__ = ["Answer", "AnswerCache", "QueryService", "BaseStore", "open_store", "DEFAULT_FORMATS"]
