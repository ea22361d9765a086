"""``/sparql``: the SPARQL 1.1 Protocol, read-only.

- Query by ``GET ?query=``, ``POST`` form (``application/x-www-form-urlencoded``) or
  ``POST application/sparql-query`` (then other parameters go in the URL);
  ``default-graph-uri`` / ``named-graph-uri`` repeatable. Without them, and without
  ``FROM`` in the query, the default graph is the RDF merge of all named graphs.
  Relative IRIs in a query resolve against the endpoint's URL.
- Results: SELECT/ASK as SPARQL JSON (default), XML, CSV, TSV; CONSTRUCT/DESCRIBE as
  Turtle (default), N-Triples, JSON-LD, RDF/XML, TriG, N-Quads. ``Accept`` is negotiated
  with q-values; ``?format=json|xml|csv|tsv|turtle|ntriples|jsonld|rdfxml|trig|nquads``
  overrides it.
- ``timeout=SECONDS`` lowers the deadline (never above the operator's maximum); a query
  past it answers 503 ``query_timeout`` with ``Retry-After``.
- A response cut at the result limit carries ``X-Tipkg-Truncated: true`` and
  ``X-Tipkg-Result-Limit: N`` (and a note in the body, see :mod:`tipkg.query.results`);
  ``X-Tipkg-Result-Count`` is always sent.
- ``ETag`` (a hash of the dataset version and the answer's bytes) on every answer;
  ``If-None-Match`` with it gets 304. Answers are remembered per server process
  (``--answer-cache-mb``), so a repeated query is not run again.
- A browser (``Accept`` preferring ``text/html`` to every results type) or ``format=html``
  gets a page: the query in the editor and the results as a table
  (:mod:`tipkg.server.render.results_page`).
- No query: browsers get the query page, RDF clients the Service Description.
- Errors: 400 bad query (the parser's message with ``line``/``column``), 400
  ``forbidden_operation`` for SPARQL Update and SERVICE, 406, 413 (body over the limit,
  also when chunked; query text over the limit), 415 (other POST content types).
"""

from __future__ import annotations

import math
from urllib.parse import parse_qsl

from flask import Blueprint, Response, request, url_for

from tipkg.assets import example_queries
from tipkg.errors import (
    BadRequest,
    ForbiddenOperation,
    NotAcceptable,
    UnsupportedMediaType,
)
from tipkg.formats import RDF_FORMATS, RESULT_FORMATS, Format, by_name
from tipkg.server import observe, state
from tipkg.server.http.body import read_body
from tipkg.server.http.negotiation import choose
from tipkg.server.render import results_page
from tipkg.server.state import get_store

bp = Blueprint("sparql", __name__)

GRAPH_FORMATS = list(RDF_FORMATS)
SOLUTION_FORMATS = list(RESULT_FORMATS)
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint():
    params = _parameters()
    if "update" in params:
        raise ForbiddenOperation("This is a read-only endpoint: SPARQL Update is not accepted.", operation="update")
    queries = params.get("query", [])
    if len(queries) > 1:
        raise BadRequest("Give exactly one query parameter.")
    if not queries:
        return _no_query()
    observe.note_query(queries[0])
    if results_page.wanted(_forced_format()):  # a person: the page with the results as a table
        return results_page.render(queries[0], params, examples(), url_for("sparql.endpoint"), _timeout(params))
    store = get_store()
    query = queries[0]
    info = store.check(query)
    fmt = _result_format(info.kind)
    answer = store.execute(
        query,
        result_format=fmt,
        default_graph_uris=params.get("default-graph-uri", []),
        named_graph_uris=params.get("named-graph-uri", []),
        timeout=_timeout(params),
        base_iri=request.base_url,  # the protocol leaves the base IRI to the service; it may be the endpoint
        info=info,  # lexed once
    )
    response = Response(answer.body, mimetype=answer.format.media_type)
    if answer.format.media_type.startswith("text/"):
        response.charset = "utf-8"
    response.headers["Vary"] = "Accept"
    response.headers["X-Tipkg-Result-Count"] = str(answer.count)
    if answer.truncated:
        response.headers["X-Tipkg-Truncated"] = "true"
        response.headers["X-Tipkg-Result-Limit"] = str(state.settings().result_limit)
    if answer.etag:  # same dataset version, same query and format: same bytes
        response.set_etag(answer.etag)
        return response.make_conditional(request)
    return response


def _parameters() -> dict[str, list[str]]:
    """The protocol's parameters from the URL and, for POST, the body."""
    params: dict[str, list[str]] = {}
    for key, value in _decode_pairs(request.query_string.decode("latin-1")):
        params.setdefault(key, []).append(value)
    if request.method != "POST":
        return params
    media = (request.mimetype or "").lower()
    if media == UPDATE:
        raise ForbiddenOperation("This is a read-only endpoint: SPARQL Update is not accepted.", operation="update")
    if media not in (FORM, DIRECT):
        raise UnsupportedMediaType(
            f"POST a query as {FORM} or {DIRECT}" + (f", not {media}." if media else " (no Content-Type was given)."),
            accepted=[FORM, DIRECT],
        )
    text = _body_text()
    if media == DIRECT:
        params["query"] = params.get("query", []) + [text]
    else:
        for key, value in _decode_pairs(text):
            params.setdefault(key, []).append(value)
    return params


def _decode_pairs(text: str) -> list[tuple[str, str]]:
    """``a=1&b=2`` → pairs, refusing percent-escapes that are not UTF-8 (Werkzeug and
    ``parse_qsl`` would put U+FFFD in their place: a different query, silently)."""
    try:
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as error:
        raise BadRequest(f"A parameter is not UTF-8 once percent-decoded (byte {error.start}).") from None


def _body_text() -> str:
    """The request body as text, refusing more than ``max_body_bytes``."""
    data = read_body(state.settings().max_body_bytes)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(f"The request body is not UTF-8 (byte {error.start}).") from None


def _forced_format() -> str | None:
    return request.args.get("format") or None


def _result_format(kind: str) -> Format:
    candidates = GRAPH_FORMATS if kind == "graph" else SOLUTION_FORMATS
    forced = _forced_format()
    if forced:
        fmt = by_name(forced, tuple(candidates))
        if fmt is None:
            other = by_name(forced)
            what = "graphs (CONSTRUCT/DESCRIBE)" if kind == "graph" else "SELECT/ASK results"
            if other is not None:
                raise BadRequest(f"Format {forced!r} does not fit this query: {what} come as {', '.join(f.name for f in candidates)}.")
            raise BadRequest(f"Unknown format {forced!r}; {what} come as {', '.join(f.name for f in candidates)}.")
        return fmt
    return choose(request.headers.get("Accept"), candidates, candidates[0])


def _timeout(params: dict[str, list[str]]) -> float | None:
    values = [v for v in params.get("timeout", []) if v.strip()]
    if not values:
        return None
    try:
        seconds = float(values[-1])
    except ValueError:
        raise BadRequest(f"timeout must be a number of seconds, not {values[-1]!r}.") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise BadRequest("timeout must be a positive number of seconds.")
    return seconds


def _no_query() -> Response:
    from tipkg.server.render.responses import HTML
    from tipkg.server.render.service_description import description

    candidates = [by_name("turtle"), HTML, *[f for f in RDF_FORMATS if f.name != "turtle"]]
    forced = _forced_format()
    if forced:
        fmt = by_name(forced, tuple(candidates))
        if fmt is None:
            raise NotAcceptable(f"Unknown format {forced!r} for the service description.")
    else:
        fmt = choose(request.headers.get("Accept"), candidates, candidates[0])
    if fmt is HTML:
        return results_page.page_without_query(examples(), url_for("sparql.endpoint"), _example_text())
    from tipkg.server.render.responses import serialize

    graph = description(url_for("sparql.endpoint", _external=True), get_store(), state.settings())
    response = Response(serialize(graph, fmt), mimetype=fmt.media_type)
    if fmt.media_type.startswith("text/"):
        response.charset = "utf-8"
    response.headers["Vary"] = "Accept"
    return response


def examples() -> list[dict]:
    """The named example queries, for the query page."""
    return [{"name": q.name, "title": q.title, "query": q.text} for q in example_queries()]


DEFAULT_QUERY = """SELECT ?class (COUNT(?thing) AS ?things)
WHERE { ?thing a ?class }
GROUP BY ?class
ORDER BY DESC(?things)
LIMIT 20
"""


def _example_text() -> str:
    name = request.args.get("example")
    for example in examples():
        if example["name"] == name:
            return example["query"]
    return DEFAULT_QUERY
