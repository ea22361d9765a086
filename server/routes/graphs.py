"""Named graphs: their IRIs dereference, and a read-only Graph Store Protocol serves them.

- ``/graph/{name}`` (a named graph's IRI, e.g. ``…/graph/kompas-2023-05-11``): a page
  about the graph (size, what it holds, downloads) or the graph itself in the
  negotiated RDF syntax (also ``/graph/{name}.ttl`` …).
- ``GET /rdf-graph-store?graph=IRI`` returns that graph, ``?default`` the default graph
  (the union of all named graphs, as for SPARQL), in the negotiated RDF syntax or
  ``&format=``. Only GET/HEAD: the store is read-only (other methods get 405).

Graphs larger than the result limit are cut, and say so as ``/sparql`` does
(``X-Tipkg-Truncated: true``, ``X-Tipkg-Result-Limit: N``, a ``# truncated`` first line
in Turtle and N-Triples); the full dataset is in ``/dumps/``.
"""

from __future__ import annotations

from flask import Blueprint, Response, request
from rdflib import URIRef

from tipkg.errors import BadRequest, NotFound
from tipkg.formats import DOCUMENT_FORMATS, RDF_FORMATS
from tipkg.server.http import caching, urls
from tipkg.server.render import responses
from tipkg.server.render.descriptions import _iri, labels
from tipkg.server.routes.resource import split_extension
from tipkg.server.state import get_store

bp = Blueprint("graphs", __name__)

FORMATS = list(RDF_FORMATS)
PAGE_FORMATS = list(DOCUMENT_FORMATS)


def _exists(graph_iri: str) -> bool:
    return get_store().ask(f"ASK {{ GRAPH {_iri(URIRef(graph_iri))} {{ ?s ?p ?o }} }}")


def graph_response(graph_iri: str | None, fmt) -> Response:
    """The triples of one graph (``None``: the union default graph) serialized by the store."""
    where = f"GRAPH {_iri(URIRef(graph_iri))} {{ ?s ?p ?o }}" if graph_iri else "?s ?p ?o"
    answer = get_store().execute(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}", result_format=fmt)
    response = Response(answer.body, mimetype=answer.format.media_type)
    response.vary.add("Accept")
    response.headers["X-Tipkg-Triples"] = str(answer.count)
    if answer.truncated:  # the same headers as /sparql; the full dataset is in /dumps/
        response.headers["X-Tipkg-Truncated"] = "true"
        response.headers["X-Tipkg-Result-Limit"] = str(urls.settings().result_limit)
    return caching.finish(response)


@bp.route("/graph/<path:name>", methods=["GET", "HEAD"])
def named_graph(name: str):
    stem, ext = split_extension(name)
    graph_iri = urls.public("graph/" + stem)
    if not _exists(graph_iri):
        from tipkg.server.routes.resource import not_found

        return not_found(graph_iri)
    fmt = responses.pick(PAGE_FORMATS, ext)
    links = responses.alternates("/graph/" + stem, PAGE_FORMATS)
    if fmt is not responses.HTML:
        response = graph_response(graph_iri, fmt)
        response.headers["Link"] = ", ".join(links)
        return response
    store = get_store()
    g = _iri(URIRef(graph_iri))
    classes = store.select(f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH {g} {{ ?s a ?c }} }} GROUP BY ?c ORDER BY DESC(?n) ?c")
    size = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}")
    subjects = store.select(
        f"SELECT DISTINCT ?s ?c WHERE {{ GRAPH {g} {{ ?s a ?c }} FILTER(isIRI(?s)) }} ORDER BY ?c ?s LIMIT 500"
    )
    nodes = {r["c"] for r in classes} | {r["s"] for r in subjects} | {URIRef(graph_iri)}
    return responses.page("graph.html", links, iri=graph_iri, classes=classes, triples=int(size[0]["n"]) if size else 0,
                          subjects=subjects, labels=labels(store, nodes), formats=FORMATS,
                          downloads=[(f, urls.graph_store(graph_iri, f.name)) for f in FORMATS])


@bp.route("/rdf-graph-store", methods=["GET", "HEAD"])
def graph_store():
    """Read-only SPARQL 1.1 Graph Store HTTP Protocol (indirect identification)."""
    graph_iri = request.args.get("graph")
    default = "default" in request.args
    if bool(graph_iri) == default:
        raise BadRequest("Give exactly one of ?graph=IRI or ?default.")
    if graph_iri and not _exists(graph_iri):
        raise NotFound(f"No named graph <{graph_iri}> in this dataset.", graph=graph_iri)
    fmt = responses.pick(FORMATS, None, default=FORMATS[0])
    return graph_response(graph_iri, fmt)

