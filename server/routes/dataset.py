"""The dataset's own description: VoID + DCAT, computed from the live store.

``/dataset`` (the dataset's IRI) and ``/.well-known/void`` negotiate HTML, Turtle,
JSON-LD, N-Triples and RDF/XML (also ``/dataset.ttl`` …). Title, description, licence
and sources come from the metadata graph when the data has one; counts, partitions,
vocabularies and temporal coverage are queried from the store; distributions come
from the served build's manifest (sha256, size, media type).

IRIs: the dataset, its partitions, the publisher and each distribution are named under
the public base (``{base}dataset``, ``{base}dataset#class-…``, ``{base}dumps/{file}``),
so they dereference here; ``void:sparqlEndpoint``, ``void:dataDump`` and
``dcat:downloadURL`` are absolute URLs of this server (what a client actually fetches).
"""

from __future__ import annotations

import threading
from urllib.parse import quote

from flask import Blueprint
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, VOID, XSD

from tipkg.errors import NotFound
from tipkg.formats import DOCUMENT_FORMATS
from tipkg.namespaces import PREFIXES, bind_prefixes
from tipkg.server import state
from tipkg.server.http import urls
from tipkg.server.render import responses
from tipkg.server.render.descriptions import _iri
from tipkg.server.state import get_store

bp = Blueprint("dataset", __name__)

SPDX = Namespace("http://spdx.org/rdf/terms#")
IANA = "https://www.iana.org/assignments/media-types/"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
FORMATS = list(DOCUMENT_FORMATS)

_cache: dict[str, dict] = {}
_lock = threading.Lock()


def dataset_iri() -> URIRef:
    return URIRef(urls.public("dataset"))


def metadata(store) -> Graph:
    """What the data says about the dataset itself (the metadata graph), if anything."""
    return store.construct(f"CONSTRUCT {{ {_iri(dataset_iri())} ?p ?o }} WHERE {{ GRAPH ?g {{ {_iri(dataset_iri())} ?p ?o }} }}")


def licence() -> str:
    """The dataset's licence IRI (CC BY 4.0 when the data does not say)."""
    return live_facts()["licence"]


def _count(store, query: str) -> int:
    rows = store.select(query)
    return int(rows[0]["n"]) if rows and "n" in rows[0] else 0


def namespace_of(iri: str) -> str:
    """``https://schema.org/name`` → ``https://schema.org/``; ``…/ontology#X`` → ``…/ontology#``."""
    for sep in ("#", "/"):
        head, found, tail = iri.rpartition(sep)
        if found and tail:
            return head + sep
    return iri


def live_facts() -> dict:
    """Counts and partitions of the served dataset, computed once per dataset version."""
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
        "licence": str(meta.value(ds, DCTERMS.license) or CC_BY),
        "triples": int(stats.get("triples", 0)),
        "quads": int(stats.get("quads", 0)),
        "graphs": sorted(str(g) for g in stats.get("graphs", [])),
        "entities": _count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"),
        "subjects": _count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"),
        "objects": _count(store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"),
        "classes": [(r["c"], int(r["n"])) for r in store.select(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) ?c")],
        "properties": [(r["p"], int(r["n"])) for r in store.select(
            "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) ?p")],
    }
    dates = store.select(
        "SELECT (MIN(?d) AS ?start) (MAX(?d) AS ?end) WHERE { ?s ?p ?d "
        f"FILTER(isLiteral(?d) && datatype(?d) = {_iri(XSD.date)}) }}"
    )
    facts["temporal"] = (dates[0].get("start"), dates[0].get("end")) if dates and dates[0].get("start") else None
    used = {str(c) for c, _ in facts["classes"]} | {str(p) for p, _ in facts["properties"]}
    facts["vocabularies"] = sorted({namespace_of(i) for i in used})
    with _lock:
        _cache[key] = facts
    return facts


def _slug(iri: str) -> str:
    prefixed = responses.curie(iri)
    return quote(prefixed.replace(":", "-") if prefixed != iri else iri, safe="-_.")


def void_graph() -> Graph:
    """The VoID + DCAT description of the served dataset."""
    facts = live_facts()
    g = Graph()
    bind_prefixes(g)
    g.bind("spdx", SPDX)
    ds = dataset_iri()
    for triple in facts["meta"]:
        g.add(triple)
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    if g.value(ds, DCTERMS.title) is None:
        g.add((ds, DCTERMS.title, Literal("RDF dataset", lang="en")))
    if g.value(ds, DCTERMS.description) is None:
        g.add((ds, DCTERMS.description, Literal("A dataset published by asean-tip-kg.", lang="en")))
    g.set((ds, DCTERMS.license, URIRef(facts["licence"])))
    if g.value(ds, DCTERMS.publisher) is None:
        publisher = URIRef(f"{ds}#publisher")
        g.add((ds, DCTERMS.publisher, publisher))
        g.add((publisher, RDF.type, FOAF.Agent))
        g.add((publisher, FOAF.name, Literal("asean-tip-kg project")))
    if facts["temporal"]:
        start, end = facts["temporal"]
        period = URIRef(f"{ds}#period")
        g.remove((ds, DCTERMS.temporal, None))
        g.add((ds, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, Literal(str(start), datatype=XSD.date)))
        g.add((period, DCAT.endDate, Literal(str(end), datatype=XSD.date)))
    g.add((ds, VOID.triples, Literal(facts["triples"])))
    g.add((ds, VOID.entities, Literal(facts["entities"])))
    g.add((ds, VOID.distinctSubjects, Literal(facts["subjects"])))
    g.add((ds, VOID.distinctObjects, Literal(facts["objects"])))
    g.add((ds, VOID.classes, Literal(len(facts["classes"]))))
    g.add((ds, VOID.properties, Literal(len(facts["properties"]))))
    g.add((ds, VOID.uriSpace, Literal(urls.public("id/"))))
    for c, n in facts["classes"]:
        part = URIRef(f"{ds}#class-{_slug(str(c))}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], c))
        g.add((part, VOID.entities, Literal(n)))
    for p, n in facts["properties"]:
        part = URIRef(f"{ds}#property-{_slug(str(p))}")
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, p))
        g.add((part, VOID.triples, Literal(n)))
    for vocab in facts["vocabularies"]:
        g.add((ds, VOID.vocabulary, URIRef(vocab)))
    endpoint = URIRef(urls.absolute("/sparql"))
    g.add((ds, VOID.sparqlEndpoint, endpoint))
    service = URIRef(urls.public("sparql"))
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCAT.endpointURL, endpoint))
    g.add((service, DCAT.servesDataset, ds))
    g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((ds, VOID.rootResource, URIRef(urls.public("id/"))))
    for entry in distributions():
        dist = URIRef(urls.public("dumps/" + entry["name"]))
        download = URIRef(urls.absolute("/dumps/" + entry["name"]))
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(entry["name"])))
        g.add((dist, DCAT.downloadURL, download))
        g.add((dist, DCAT.accessURL, URIRef(urls.absolute("/dumps/"))))
        g.add((dist, DCAT.mediaType, URIRef(IANA + entry["media_type"])))
        g.add((dist, DCAT.byteSize, Literal(entry["bytes"], datatype=XSD.nonNegativeInteger)))
        g.add((dist, DCTERMS.license, URIRef(facts["licence"])))
        if entry.get("encoding") == "gzip" or entry["name"].endswith(".gz"):
            g.add((dist, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
        else:
            g.add((ds, VOID.dataDump, download))
        checksum = URIRef(f"{dist}#sha256")
        g.add((dist, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(entry["sha256"], datatype=XSD.hexBinary)))
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
    links = responses.alternates("/dataset", FORMATS) + [f'<{licence()}>; rel="license"']
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
                          labels=labels, formats=FORMATS, DCTERMS=DCTERMS, VOID=VOID)


def _pick_lang(graph: Graph, node, predicate) -> dict[str, str]:
    return {getattr(o, "language", None) or "": str(o) for o in graph.objects(node, predicate)}
