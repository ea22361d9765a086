"""The dataset's own description: VoID + DCAT, served with live statistics.

``/dataset`` (the dataset's IRI) and ``/.well-known/void`` negotiate HTML, Turtle,
JSON-LD, N-Triples and RDF/XML (also ``/dataset.ttl`` …). The description is the one
the build wrote with :func:`tipkg.void.describe` (its metadata graph), read back from
the store; data that does not describe itself gets one from the same function, with
what the store holds. Added live (:mod:`tipkg.void`): counts and partitions queried
from the store, the SPARQL endpoint, and distributions from the served build's
manifest (sha256, size, media type).

IRIs: the dataset, its partitions, the publisher and each distribution are named under
the public base (``{base}dataset``, ``{base}dataset#class-…``, ``{base}dumps/{file}``),
so they dereference here; ``/dataset/versions/{version}`` (the ``cite-as`` IRI of the
served version, :mod:`~tipkg.server.render.signposting`) answers 303 to ``/dataset``
(an older version of the series: to its entry in ``/dataset/versions``). The series
(:mod:`tipkg.graph.versions`): ``/dataset/versions`` (HTML and RDF, a
``dcat:DatasetSeries``) and ``/dataset/versions/{version}/diff`` (quads added and removed
per graph from the version before, text or HTML); ``void:sparqlEndpoint``, ``void:dataDump`` and
``dcat:downloadURL`` are absolute URLs of this server (what a client actually fetches).
"""

from __future__ import annotations

import threading

from flask import Blueprint, Response, redirect
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDFS, VOID, XSD

from tipkg import void
from tipkg.errors import NotFound
from tipkg.formats import DOCUMENT_FORMATS, Format
from tipkg.graph import versions
from tipkg.namespaces import PREFIXES, bind_prefixes
from tipkg.server import state
from tipkg.server.http import urls
from tipkg.server.render import html, responses, signposting
from tipkg.server.render.descriptions import _iri
from tipkg.server.state import get_store

bp = Blueprint("dataset", __name__)

FORMATS = list(DOCUMENT_FORMATS)

_cache: dict[str, dict] = {}
_lock = threading.Lock()


def dataset_iri() -> URIRef:
    return URIRef(urls.public("dataset"))


def metadata(store) -> Graph:
    """What the data says about the dataset itself: the triples about its IRI and the
    nodes it links to (period, publisher, named graphs), in the graph that says so."""
    ds = _iri(dataset_iri())
    return store.construct(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ {{ {ds} ?p ?o BIND({ds} AS ?s) }} UNION {{ {ds} ?link ?s . ?s ?p ?o }} }} }}"
    )


def licence() -> str:
    """The dataset's licence IRI (CC BY 4.0 when the data does not say)."""
    return live_facts()["licence"]


def _count(store, query: str) -> int:
    rows = store.select(query)
    return int(rows[0]["n"]) if rows and "n" in rows[0] else 0


def live_facts() -> dict:
    """The description, counts and partitions of the served dataset, once per dataset version."""
    store = get_store()
    key = f"{store.version}|{urls.base()}"
    with _lock:
        if key in _cache:
            return _cache[key]
    meta = metadata(store)
    ds = dataset_iri()
    stats = store.stats()
    facts = {
        "meta": meta,
        "triples": int(stats.get("triples", 0)),
        "quads": int(stats.get("quads", 0)),
        "graphs": sorted(str(g) for g in stats.get("graphs", [])),
        "entities": _count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"),
        "subjects": _count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"),
        "objects": _count(store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"),
        "classes": [(r["c"], int(r["n"])) for r in store.select(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) ?c")],
        "properties": [(r["p"], int(r["n"])) for r in store.select(
            "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } GROUP BY ?p ORDER BY DESC(?n) ?p")],
    }
    description = meta
    if (ds, None, None) not in meta:  # data that does not describe itself
        dates = store.select(
            "SELECT (MIN(?d) AS ?start) (MAX(?d) AS ?end) WHERE { ?s ?p ?d "
            f"FILTER(isLiteral(?d) && datatype(?d) = {_iri(XSD.date)}) }}"
        )
        period = (dates[0]["start"], dates[0]["end"]) if dates and dates[0].get("start") else None
        terms = [str(c) for c, _ in facts["classes"]] + [str(p) for p, _ in facts["properties"]]
        description = void.describe(
            ds, void.GENERIC, subsets=[URIRef(g) for g in facts["graphs"]], period=period, terms=terms, in_data=False
        )
    facts["description"] = description
    facts["licence"] = str(description.value(ds, DCTERMS.license) or void.LICENSE)
    facts["temporal"] = void.period_of(description, ds)
    facts["vocabularies"] = sorted(str(v) for v in description.objects(ds, VOID.vocabulary))
    with _lock:
        _cache[key] = facts
    return facts


def void_graph() -> Graph:
    """The VoID + DCAT description of the served dataset, with live statistics and access."""
    facts = live_facts()
    ds = dataset_iri()
    g = Graph()
    bind_prefixes(g)
    g.bind("spdx", void.SPDX)
    for triple in facts["description"]:
        g.add(triple)
    stats = void.Statistics(facts["triples"], facts["entities"], facts["subjects"], facts["objects"], facts["classes"], facts["properties"])
    void.add_statistics(g, ds, stats, curie=html.curie)
    void.add_access(g, ds, distributions(), public=urls.public, absolute=urls.absolute)
    return g


def distributions() -> list[dict]:
    """The served build's dump files (empty when the server has none)."""
    try:
        return list(state.manifest().get("files", []))
    except (NotFound, OSError):
        return []


@bp.route("/dataset", methods=["GET", "HEAD"])
@bp.route("/dataset.<ext>", methods=["GET", "HEAD"])
@bp.route("/.well-known/void", methods=["GET", "HEAD"])
def description(ext: str | None = None):
    fmt = responses.pick(FORMATS, ext)
    links = responses.alternates("/dataset", FORMATS) + signposting.dataset_links(licence(), get_store().version)
    graph = void_graph()
    if fmt is not responses.HTML:
        return responses.rdf_response(graph, fmt, links)
    facts = live_facts()
    ds = dataset_iri()
    labels: dict = {}
    for p in (RDFS.label, DCTERMS.title):
        for s, o in graph.subject_objects(p):
            labels.setdefault(s, {}).setdefault(getattr(o, "language", None) or "", str(o))
    return responses.page("dataset.html", links, g=graph, ds=ds, facts=facts, files=distributions(), prefixes=PREFIXES,
                          title=_pick_lang(graph, ds, DCTERMS.title), description=_pick_lang(graph, ds, DCTERMS.description),
                          labels=labels, formats=FORMATS, DCTERMS=DCTERMS, VOID=VOID,
                          version=get_store().version, cite_as=signposting.version_iri(get_store().version))


TEXT = Format("text", "text/plain", "txt", "page")
DIFF_FORMATS = [TEXT, responses.HTML]


def _series() -> list[dict]:
    try:
        manifest = state.manifest()
    except (NotFound, OSError):
        manifest = {}
    return versions.entries(state.settings().data_dir, get_store().version, manifest)


@bp.route("/dataset/versions", methods=["GET", "HEAD"])
@bp.route("/dataset/versions.<ext>", methods=["GET", "HEAD"])
def series(ext: str | None = None):
    """The ``dcat:DatasetSeries`` of every recorded version, newest first on the page."""
    fmt = responses.pick(FORMATS, ext)
    found = _series()
    graph = versions.series_graph(found, download=lambda name: urls.absolute("/dumps/" + name))
    links = responses.alternates("/dataset/versions", FORMATS)
    if fmt is not responses.HTML:
        return responses.rdf_response(graph, fmt, links)
    return responses.page("versions.html", links, items=list(reversed(found)), version_iri=signposting.version_iri)


@bp.route("/dataset/versions/<version>", methods=["GET", "HEAD"])
def version(version: str):
    """The versioned IRI (``cite-as``): the served version → 303 to the dataset page; an
    older version of the series → 303 to its entry in ``/dataset/versions``; else 404."""
    if version == get_store().version:
        target = "/dataset"
    else:
        versions.entry(state.settings().data_dir, version, get_store().version)
        target = f"/dataset/versions#v-{version}"
    response = redirect(urls.absolute(target), code=303)
    response.vary.add("Accept")
    return response


@bp.route("/dataset/versions/<version>/diff", methods=["GET", "HEAD"])
def diff(version: str):
    """Quads added and removed per graph from the version before ``version``: text
    (``+ quad`` / ``- quad`` N-Quads lines, default) or HTML; 404 for a version the data
    folder no longer holds (or whose predecessor it no longer holds)."""
    fmt = responses.pick(DIFF_FORMATS, None, default=TEXT)
    data_dir = state.settings().data_dir
    found = versions.entry(data_dir, version, get_store().version)
    previous = found.get("previous")
    changes = versions.diff(data_dir, version, previous)
    if fmt is responses.HTML:
        return responses.page("diff.html", entry=found, previous=previous, changes=changes)
    response = Response(versions.diff_text(version, previous, changes), mimetype="text/plain")
    response.vary.add("Accept")
    return response


def _pick_lang(graph: Graph, node, predicate) -> dict[str, str]:
    return {getattr(o, "language", None) or "": str(o) for o in graph.objects(node, predicate)}
