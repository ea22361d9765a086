"""``/sparql`` for people: the query in the editor and its answer as a server-rendered table.

A browser (``Accept`` preferring ``text/html`` to every results type, or ``format=html``)
gets this page; programs keep getting the protocol's formats. IRIs show their label in the
page's language and link to their ``/id/`` page; literals show language or datatype.
The page states the count, the time taken, the result cap when reached, pages through
rows (``page=N``), links every results format for download and links itself.
"""

from __future__ import annotations

import json
import time
from urllib.parse import quote, urlencode

from flask import request

from tipkg.errors import TipkgError
from tipkg.formats import HTML, RDF_FORMATS, RESULT_FORMATS, by_name
from tipkg.query.results import rdflib_graph, rdflib_rows
from tipkg.server import state
from tipkg.server.http.negotiation import choose
from tipkg.server.render import responses
from tipkg.server.render.descriptions import labels

PAGE_SIZE = 100
KEPT = ("default-graph-uri", "named-graph-uri", "timeout")
"""Protocol parameters the page's links carry along."""


def wanted(forced: str | None) -> bool:
    """Whether this request asks for the page: ``format=html``, or an ``Accept`` that
    prefers ``text/html`` to every results and RDF type (a tie goes to the data)."""
    if forced:
        return forced.lower() in ("html", "text/html")
    accept = request.headers.get("Accept")
    if not accept:
        return False
    candidates = [*RESULT_FORMATS, *RDF_FORMATS, HTML]
    try:
        return choose(accept, candidates, candidates[0]) is HTML
    except TipkgError:
        return False


def link(query: str, params: dict[str, list[str]], **extra) -> str:
    """``/sparql?query=…`` with the kept protocol parameters and ``extra``."""
    pairs = [("query", query)] + [(k, v) for k in KEPT for v in params.get(k, [])]
    pairs += [(k, str(v)) for k, v in extra.items() if v is not None]
    return request.script_root + "/sparql?" + urlencode(pairs, quote_via=quote)


def render(query: str, params: dict[str, list[str]], examples: list[dict], endpoint: str, timeout: float | None):
    """The page for ``query``: its results, or the error that stopped it (status 400/503…)."""
    store = state.get_store()
    context = {"query": query, "examples": examples, "endpoint": endpoint, "result": None, "error": None,
               "timeout_value": (params.get("timeout") or [""])[-1]}
    status = 200
    try:
        context["result"] = _run(store, query, params, timeout)
    except TipkgError as error:
        status = error.status
        context["error"] = error
    response = responses.page("sparql.html", status=status, **context)
    response.vary.add("Accept")
    if context["error"] is not None and "retry_after" in context["error"].details:
        response.headers["Retry-After"] = str(context["error"].details["retry_after"])
    if context["result"]:
        response.headers["X-Tipkg-Result-Count"] = str(context["result"]["count"])
        if context["result"]["truncated"]:
            response.headers["X-Tipkg-Truncated"] = "true"
            response.headers["X-Tipkg-Result-Limit"] = str(context["result"]["limit"])
    return response


def _run(store, query: str, params: dict[str, list[str]], timeout: float | None) -> dict:
    info = store.check(query)
    graph = info.kind == "graph"
    fmt = by_name("ntriples") if graph else by_name("json")
    started = time.perf_counter()
    answer = store.execute(query, result_format=fmt, default_graph_uris=params.get("default-graph-uri", []),
                           named_graph_uris=params.get("named-graph-uri", []), timeout=timeout,
                           base_iri=request.base_url, info=info)
    elapsed_ms = (time.perf_counter() - started) * 1000
    result = {"kind": info.kind, "form": info.form, "count": answer.count, "truncated": answer.truncated,
              "limit": state.settings().result_limit, "ms": f"{elapsed_ms:.0f}", "boolean": None,
              "variables": [], "rows": [], "downloads": [], "permalink": link(query, params, format="html")}
    if graph:
        triples = sorted(rdflib_graph(answer.body), key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
        result["variables"] = ["subject", "predicate", "object"]
        rows = [{"subject": s, "predicate": p, "object": o} for s, p, o in triples]
        result["count"] = len(rows)
        formats = RDF_FORMATS
    else:
        doc = json.loads(answer.body)
        if "boolean" in doc:
            result["boolean"] = bool(doc["boolean"])
            rows = []
        else:
            result["variables"] = list(doc.get("head", {}).get("vars", []))
            rows = rdflib_rows(answer.body)
        formats = RESULT_FORMATS
    result["downloads"] = [(f.name, f.media_type, link(query, params, format=f.name)) for f in formats
                           if not (result["boolean"] is not None and f.name in ("csv", "tsv"))]
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    try:
        number = min(max(1, int(request.args.get("page", "1"))), pages)
    except ValueError:
        number = 1
    shown = rows[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]
    result.update(rows=shown, total=len(rows), page=number, pages=pages, first=(number - 1) * PAGE_SIZE + 1 if shown else 0,
                  last=(number - 1) * PAGE_SIZE + len(shown),
                  prev=link(query, params, format="html", page=number - 1) if number > 1 else None,
                  next=link(query, params, format="html", page=number + 1) if number < pages else None)
    result["labels"] = labels(store, {v for row in shown for v in row.values()}) if shown else {}
    return result





def page_without_query(examples: list[dict], endpoint: str, query: str):
    """The query page before any query is run (the editor holds ``query``)."""
    response = responses.page("sparql.html", query=query, examples=examples, endpoint=endpoint, result=None, error=None, timeout_value="")
    response.vary.add("Accept")
    return response
__all__ = ["wanted", "render", "page_without_query", "link", "PAGE_SIZE"]
