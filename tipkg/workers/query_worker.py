"""A query worker process: holds the pyoxigraph store, runs one query at a time.

pyoxigraph cannot be interrupted from Python, so the server runs queries here and ends
the whole process (SIGKILL) when a query passes its deadline. Started by
:mod:`tipkg.workers.pool` as ``python -m tipkg.workers.query_worker``; it speaks
:mod:`tipkg.workers.protocol`.

:class:`Engine` is also used in-process, by ``tipkg query`` and the conformance tests.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from tipkg.errors import BadRequest, QuerySyntaxError
from tipkg.formats import by_name
from tipkg.namespaces import PREFIXES
from tipkg.query.lexer import position
from tipkg.query.results import serialize_answer
from tipkg.workers.protocol import run_worker


class Engine:
    """One pyoxigraph store and the rules for running protocol queries on it.

    Queries may use the project's prefixes (:data:`tipkg.namespaces.PREFIXES`) undeclared.
    With ``union`` (the built dataset, ``--union-default-graph``) the default graph of a
    query is the RDF merge of every graph of the dataset, unless the query has
    ``FROM``/``FROM NAMED`` or the request gives ``default-graph-uri`` /
    ``named-graph-uri``. pyoxigraph's own union mode is a bag (a triple in two graphs
    matches twice), so the merge is materialized once in the store's default graph, which
    the published dataset leaves empty (see :func:`materialize_merge`). Without it the
    default graph is the data's own; a request with ``"union": True`` (the server's own
    queries) then reads the union of every graph, default one included (pyoxigraph's
    bag: the server's queries count distinct things).
    """

    def __init__(self, store: ox.Store, stats: dict | None = None, union: bool = True):
        self.store = store
        self._stats = stats
        self.union = union

    @classmethod
    def open(cls, source: dict) -> Engine:
        """``{"kind": "memory", "files": [nq…]}`` or ``{"kind": "disk", "path": dir}``, with
        ``"union"`` (default true): materialize the merge of all graphs as the default graph."""
        union = source.get("union", True)
        if source["kind"] == "disk":
            return cls(ox.Store.read_only(str(source["path"])), source.get("stats"), union)
        store = ox.Store()
        for path in source["files"]:
            store.bulk_load(path=str(path), format=ox.RdfFormat.from_extension(Path(path).suffix.lstrip(".")))
        if not union:
            return cls(store, None, union)  # counted when asked (source_stats), by one worker
        # what only the published data has is counted before the merge; the triples after
        # it, when asked: the merged default graph holds each distinct triple once
        engine = cls(store, None, union)
        engine._counted = {"quads": len(store), "graphs": sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))}
        materialize_merge(store)
        return engine

    def execute(self, request: dict) -> dict:
        """Run one request; the store's errors become :mod:`tipkg.errors` (see the protocol)."""
        try:
            if request.get("op") == "stats":
                return {"ok": True, "stats": self.stats()}
            return self._query(request)
        except SyntaxError as error:
            message = str(error)
            if len(message) > 600:
                message = message[:600] + " …"
            raise QuerySyntaxError(message, **position(message)) from None
        except (ValueError, TypeError) as error:
            raise BadRequest(str(error)) from None
        except RuntimeError as error:
            # pyoxigraph's evaluation errors (e.g. an unknown custom function): the query's fault
            raise BadRequest(f"The query cannot be evaluated: {error}") from None

    def _query(self, request: dict) -> dict:
        kwargs = {}
        default_graphs = request.get("default_graphs") or []
        named_graphs = request.get("named_graphs") or []
        if default_graphs or named_graphs:
            kwargs["default_graph"] = [ox.NamedNode(iri) for iri in default_graphs]
            kwargs["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]
        elif request.get("union") and not self.union:
            kwargs["use_default_graph_as_union"] = True
        if request.get("base_iri"):
            kwargs["base_iri"] = request["base_iri"]
        # the project's prefixes (rdfs:, tip:, schema: …) need no PREFIX line
        result = self.store.query(request["query"], prefixes=PREFIXES, **kwargs)
        fmt = by_name(request["format"]) if request.get("format") else None
        kind, body, fmt, truncated, count = serialize_answer(result, fmt, request.get("limit"))
        return {"ok": True, "kind": kind, "body": body, "format": fmt.name, "truncated": truncated, "count": count}

    _counted: dict | None = None
    """Counts taken before :func:`materialize_merge` (quads, graphs); the triples come later."""

    def stats(self) -> dict:
        if self._stats is None:
            if self._counted is not None:
                triples = int(next(iter(self.store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")))["n"].value)
                self._stats = {"triples": triples, **self._counted}
            else:
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


def main() -> None:
    run_worker(Engine.open)


if __name__ == "__main__":
    main()
