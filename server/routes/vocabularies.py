"""The ontology and the shapes, as documentation pages and as RDF.

``/ontology`` (the ontology IRI; term IRIs ``/ontology#Term`` land on the term's
anchor) and ``/shapes`` negotiate HTML and every RDF syntax, also by extension
(``/ontology.ttl``). Read from the package's own Turtle files once per process.
The page is our own template rather than pyLODE: importing pyLODE 3.3.4 reconfigures
the root logger (``basicConfig(DEBUG)``) and pulls in an HTTP client.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from flask import Blueprint
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from tipkg import assets
from tipkg.formats import DOCUMENT_FORMATS
from tipkg.namespaces import ONTOLOGY_IRI, SH, SHAPES_IRI
from tipkg.server.http import urls
from tipkg.server.render import html, responses

bp = Blueprint("docs", __name__)

FORMATS = list(DOCUMENT_FORMATS)


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    return assets.ontology_graph()


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return assets.shapes_graph()


@dataclass
class Term:
    iri: URIRef
    kind: str
    labels: dict[str, str]
    definition: dict[str, str]
    facts: list[tuple[str, list]] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return str(self.iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _texts(graph: Graph, node, *predicates) -> dict[str, str]:
    found: dict[str, str] = {}
    for p in predicates:
        for value in sorted(graph.objects(node, p), key=str):
            if isinstance(value, Literal):
                found.setdefault(value.language or "", str(value))
    return found


KINDS = [
    ("Classes", OWL.Class, [RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith]),
    ("Object properties", OWL.ObjectProperty, [RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.inverseOf]),
    ("Datatype properties", OWL.DatatypeProperty, [RDFS.subPropertyOf, RDFS.domain, RDFS.range]),
    ("Annotation properties", OWL.AnnotationProperty, [RDFS.subPropertyOf]),
    ("Concept schemes", SKOS.ConceptScheme, []),
    ("Concepts", SKOS.Concept, [SKOS.inScheme, SKOS.broader, SKOS.exactMatch]),
]


def terms(graph: Graph) -> list[tuple[str, list[Term]]]:
    """The ontology's terms grouped by kind, sorted by IRI."""
    sections = []
    for title, cls, props in KINDS:
        items = []
        for node in sorted(set(graph.subjects(RDF.type, cls)), key=str):
            if not isinstance(node, URIRef):
                continue
            term = Term(node, title, _texts(graph, node, RDFS.label, SKOS.prefLabel),
                        _texts(graph, node, SKOS.definition, RDFS.comment, DCTERMS.description))
            for p in props:
                values = sorted(graph.objects(node, p), key=str)
                if values:
                    term.facts.append((html.curie(str(p)), values))
            items.append(term)
        if items:
            sections.append((title, items))
    return sections


def _labels(graph: Graph) -> dict:
    out: dict = {}
    for p in (RDFS.label, SKOS.prefLabel):
        for s, o in graph.subject_objects(p):
            if isinstance(o, Literal):
                out.setdefault(s, {}).setdefault(o.language or "", str(o))
    return out


def _local_term(node) -> str:
    """Ontology terms link to their anchor on this page; anything else as usual."""
    iri = str(node)
    if iri.startswith(ONTOLOGY_IRI + "#"):
        return "#" + iri.split("#", 1)[1]
    return urls.local(iri)


def _negotiate(graph: Graph, path: str, ext: str | None):
    """``(links, RDF response or None)``: None means the client gets the HTML page."""
    fmt = responses.pick(FORMATS, ext)
    links = responses.alternates(path, FORMATS)
    return links, (None if fmt is responses.HTML else responses.rdf_response(graph, fmt, links))


@bp.route("/ontology", methods=["GET", "HEAD"])
@bp.route("/ontology.<ext>", methods=["GET", "HEAD"])
def ontology(ext: str | None = None):
    graph = ontology_graph()
    links, rdf = _negotiate(graph, "/ontology", ext)
    if rdf is not None:
        return rdf
    node = URIRef(ONTOLOGY_IRI)
    meta = {
        "title": _texts(graph, node, DCTERMS.title, RDFS.label),
        "description": _texts(graph, node, DCTERMS.description, RDFS.comment),
        "version": next((str(v) for v in graph.objects(node, OWL.versionInfo)), None),
    }
    return responses.page("ontology.html", links, meta=meta, sections=terms(graph), labels=_labels(graph),
                          iri=ONTOLOGY_IRI, triples=len(graph), local_term=_local_term, formats=FORMATS)


@dataclass
class ShapeView:
    iri: URIRef
    targets: list
    properties: list[dict]
    messages: list[str]


def shapes(graph: Graph) -> list[ShapeView]:
    views = []
    for shape in sorted({s for s in graph.subjects(RDF.type, SH.NodeShape)}, key=str):
        targets = sorted(set(graph.objects(shape, SH.targetClass)) | set(graph.objects(shape, SH.targetNode))
                         | set(graph.objects(shape, SH.targetSubjectsOf)) | set(graph.objects(shape, SH.targetObjectsOf)), key=str)
        props = []
        for ps in sorted(graph.objects(shape, SH.property), key=str):
            row = {"path": graph.value(ps, SH.path)}
            for key in ("minCount", "maxCount", "datatype", "class", "nodeKind", "pattern", "languageIn", "in", "node", "hasValue", "severity"):
                value = graph.value(ps, SH[key])
                if value is not None:
                    row[key] = value
            row["message"] = _texts(graph, ps, SH.message, SH.description, SH.name)
            props.append(row)
        views.append(ShapeView(shape, targets, props, list(_texts(graph, shape, SH.message, RDFS.comment).values())))
    return views


@bp.route("/shapes", methods=["GET", "HEAD"])
@bp.route("/shapes.<ext>", methods=["GET", "HEAD"])
def shapes_doc(ext: str | None = None):
    graph = shapes_graph()
    links, rdf = _negotiate(graph, "/shapes", ext)
    if rdf is not None:
        return rdf
    labels = _labels(ontology_graph())
    return responses.page("shapes.html", links, shapes=shapes(graph), labels=labels, iri=SHAPES_IRI, triples=len(graph), formats=FORMATS)
