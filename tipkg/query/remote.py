"""A remote SPARQL 1.1 endpoint as the store (``--sparql-url``).

Queries go to that one URL only (POST form, the protocol's dataset parameters passed on),
with no proxy and no redirects followed. Answers are fetched as SPARQL JSON or N-Triples,
cut at the result limit and re-serialized here, so clients get the same formats, notes and
limits as from the embedded store. The deadline bounds the whole exchange; the remote
store's own timeout (e.g. ``oxigraph serve --timeout-s``) is what frees its CPU.

Whether the default graph is the union of the named graphs is the remote store's choice
(``oxigraph serve --union-default-graph`` makes it so).
"""

from __future__ import annotations

import hashlib
import logging
import time
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox

from tipkg.config import Settings
from tipkg.errors import QuerySyntaxError, QueryTimeout, ServiceUnavailable
from tipkg.formats import by_name
from tipkg.query.lexer import QueryInfo
from tipkg.query.results import serialize_answer
from tipkg.query.service import BaseStore

log = logging.getLogger("tipkg.query.remote")

MAX_REMOTE_BYTES = 512 * 1024 * 1024


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


class RemoteStore(BaseStore):
    def __init__(self, settings: Settings):
        super().__init__(settings)
        self.url = settings.sparql_url
        self._stats: dict | None = None
        self.version = "remote-" + hashlib.sha256(self.url.encode()).hexdigest()[:12]

    def _run(self, request: dict, info: QueryInfo, timeout: float) -> dict:
        graph = info.kind == "graph"
        fields = [("query", request["query"])]
        fields += [("default-graph-uri", iri) for iri in request["default_graphs"]]
        fields += [("named-graph-uri", iri) for iri in request["named_graphs"]]
        http = urllib.request.Request(
            self.url,
            data=urllib.parse.urlencode(fields).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/n-triples" if graph else "application/sparql-results+json",
            },
            method="POST",
        )
        deadline = time.monotonic() + timeout
        try:
            with _OPENER.open(http, timeout=timeout) as response:
                body = _read_until(response, deadline)
        except urllib.error.HTTPError as error:
            text = error.read(4000).decode("utf-8", "replace").strip()
            if error.code == 400:
                raise QuerySyntaxError(text or "The remote store rejected the query.") from None
            raise ServiceUnavailable(f"The remote SPARQL store answered {error.code}: {text[:500]}", retry_after=5) from None
        except TimeoutError:
            raise QueryTimeout(f"The query did not finish within {timeout:g} s and was stopped.", limit_seconds=timeout, retry_after=max(1, round(timeout))) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError):
                raise QueryTimeout(f"The query did not finish within {timeout:g} s and was stopped.", limit_seconds=timeout, retry_after=max(1, round(timeout))) from None
            raise ServiceUnavailable(f"The remote SPARQL store cannot be reached: {reason}", retry_after=5) from None
        if graph:
            result = (ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, ox.RdfFormat.N_TRIPLES))
        else:
            result = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
        fmt = by_name(request["format"]) if request["format"] else None
        kind, out, fmt, truncated, count = serialize_answer(result, fmt, request["limit"])
        return {"kind": kind, "body": out, "format": fmt.name, "truncated": truncated, "count": count}

    def stats(self) -> dict:
        if self._stats is None:
            triples = self.select("SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }")
            quads = self.select("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
            graphs = self.select("SELECT DISTINCT ?g { GRAPH ?g { } } ORDER BY ?g")
            self._stats = {
                "triples": int(triples[0]["n"]),
                "quads": int(quads[0]["n"]),
                "graphs": [str(row["g"]) for row in graphs if "g" in row],
            }
        return self._stats


def _read_until(response, deadline: float) -> bytes:
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError
        chunk = response.read(1 << 16)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_REMOTE_BYTES:
            raise ServiceUnavailable("The remote store's answer is too large.")
        chunks.append(chunk)
