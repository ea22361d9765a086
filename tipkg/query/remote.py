"""A remote SPARQL 1.1 endpoint as the store (``--sparql-url``).

Queries go to that one URL only (POST form, the protocol's dataset parameters passed on),
with no proxy and no redirects followed. Answers are fetched as SPARQL JSON or N-Triples,
cut at the result limit and re-serialized here, so clients get the same formats, notes and
limits as from the embedded store. The deadline bounds the whole exchange; the remote
store's own timeout (e.g. ``oxigraph serve --timeout-s``) is what frees its CPU.

Dataset: with the build folder beside the remote store (``--data-dir``, its
``manifest.json`` lists the dataset's graphs), a query without ``FROM``/``FROM NAMED`` and
without ``default-graph-uri``/``named-graph-uri`` is sent with the dataset's graphs as
both, so its default graph is the union of exactly those graphs and ``GRAPH ?g`` ranges
over them only, on every engine: Virtuoso's own default graph would also hold its system
graphs (``virtrdf:`` and others), Oxigraph's is empty without ``--union-default-graph``.
When the store also holds ``dataset.nt`` in the graph ``urn:tipkg:union``
(:data:`UNION_GRAPH`), that graph is sent as the default graph instead: each triple once.
Without it, how a triple stated in two graphs counts in the union is the engine's
(Oxigraph and Virtuoso count it once per graph). Without a manifest (or when the store
holds none of its graphs) the default graph is the remote store's choice.

Virtuoso's JSON is smoothed to the standard's (:func:`_normalise_json`).
"""

from __future__ import annotations

import hashlib
import json
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
        self._graphs: tuple[str, ...] | None = None
        self._union: bool = False
        self.version = "remote-" + hashlib.sha256(self.url.encode()).hexdigest()[:12]

    def dataset_graphs(self) -> tuple[str, ...]:
        """The graphs of the build folder's ``manifest.json`` that the remote store holds
        (empty without a manifest, or when the store holds none of them: then its own
        default graph is used, as for any SPARQL endpoint)."""
        if self._graphs is None:
            listed: list[str] = []
            try:
                manifest = json.loads((self.settings.data_dir / "current" / "manifest.json").read_text(encoding="utf-8"))
                listed = [str(g) for g in manifest.get("graphs", [])]
            except (OSError, ValueError, AttributeError):
                listed = []
            self._graphs = ()  # the probe below runs on the store's own dataset
            if listed:
                values = " ".join(f"<{g}>" for g in [*listed, UNION_GRAPH] if "<" not in g and ">" not in g)
                held = self.select(f"SELECT ?g {{ VALUES ?g {{ {values} }} FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}")
                found = {str(row["g"]) for row in held if "g" in row}
                self._union = UNION_GRAPH in found
                self._graphs = tuple(g for g in listed if g in found)
                if not self._graphs:
                    log.warning("the remote store holds none of the %d graphs of %s: its own default graph is used", len(listed), self.settings.data_dir / "current")
        return self._graphs

    def _run(self, request: dict, info: QueryInfo, timeout: float) -> dict:
        graph = info.kind == "graph"
        defaults, named = request["default_graphs"], request["named_graphs"]
        if not defaults and not named and not info.has_dataset_clause:
            defaults = named = list(self.dataset_graphs())
            if defaults and self._union:
                defaults = [UNION_GRAPH]
        fields = [("query", request["query"])]
        fields += [("default-graph-uri", iri) for iri in defaults]
        fields += [("named-graph-uri", iri) for iri in named]
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
            result = (ox.Triple(q.subject, q.predicate, _canonical(q.object)) for q in ox.parse(body, ox.RdfFormat.N_TRIPLES))
        else:
            result = ox.parse_query_results(_normalise_json(body, info), ox.QueryResultsFormat.JSON)
        fmt = by_name(request["format"]) if request["format"] else None
        kind, out, fmt, truncated, count = serialize_answer(result, fmt, request["limit"])
        return {"kind": kind, "body": out, "format": fmt.name, "truncated": truncated, "count": count}

    def stats(self) -> dict:
        if self._stats is None:
            triples = self.select("SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }")
            quads = self.select("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
            graphs = list(self.dataset_graphs())
            if not graphs:  # Virtuoso answers nothing to GRAPH ?g { }: ask for graphs with triples
                graphs = [str(row["g"]) for row in self.select("SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g") if "g" in row]
            self._stats = {"triples": int(triples[0]["n"]), "quads": int(quads[0]["n"]), "graphs": sorted(graphs)}
        return self._stats


UNION_GRAPH = "urn:tipkg:union"
"""Where an operator may load ``dataset.nt`` (the merge of all graphs, each triple once):
when the remote store holds it, it is sent as the default graph, so a triple stated in two
graphs counts once, as in the embedded store."""
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_BOOLEANS = {"0": "false", "1": "true"}


def _canonical(term):
    """``"1"^^xsd:boolean`` (Virtuoso's form of every stored boolean) → ``"true"^^xsd:boolean``."""
    if isinstance(term, ox.Literal) and term.datatype.value == XSD_BOOLEAN and term.value in _BOOLEANS:
        return ox.Literal(_BOOLEANS[term.value], datatype=term.datatype)
    return term


def _normalise_json(body: bytes, info: QueryInfo) -> bytes:
    """SPARQL JSON as the standard writes it, from what engines send:

    - Virtuoso answers some ASK queries (``ASK { GRAPH ?g { … } }``) as a one-row SELECT
      of ``__ASK_RETVAL`` (1 or 0): made the boolean it stands for;
    - Virtuoso gives stored booleans as ``"0"``/``"1"``: made ``"false"``/``"true"``;
    - ``"typed-literal"`` (the 2005 draft's type, Virtuoso's): made ``"literal"``.
    """
    try:
        doc = json.loads(body)
    except ValueError:
        return body  # the parser below says what is wrong
    if not isinstance(doc, dict):
        return body
    if info.kind == "boolean" and "boolean" not in doc:
        rows = (doc.get("results") or {}).get("bindings") or []
        values = [cell.get("value") for row in rows for cell in row.values() if isinstance(cell, dict)]
        return json.dumps({"head": {}, "boolean": any(v not in ("0", "false") for v in values)}).encode()
    for row in (doc.get("results") or {}).get("bindings") or []:
        for cell in row.values():
            if not isinstance(cell, dict):
                continue
            if cell.get("type") == "typed-literal":
                cell["type"] = "literal"
            if cell.get("datatype") == XSD_BOOLEAN and cell.get("value") in _BOOLEANS:
                cell["value"] = _BOOLEANS[cell["value"]]
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


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
