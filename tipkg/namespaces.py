"""The project's IRIs and the vocabularies it reuses.

Every IRI the build mints is derived from :data:`BASE`; the server maps that public
base onto its own host, so the data never needs rewriting.
"""

from rdflib import Namespace
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SKOS,
    TIME,
    VOID,
    XSD,
)

BASE = "https://w3id.org/asean-tip/"

TIP = Namespace(BASE + "ontology#")
"""Own ontology terms."""
TIPSH = Namespace(BASE + "shapes#")
"""Own SHACL shapes."""
ID = Namespace(BASE + "id/")
"""Things: ``id/{kind}/{slug}``."""
GRAPH = Namespace(BASE + "graph/")
"""Named graphs: ``graph/{document slug}``, ``graph/ontology`` …"""

ONTOLOGY_IRI = BASE + "ontology"
SHAPES_IRI = BASE + "shapes"
DATASET_IRI = BASE + "dataset"

ONTOLOGY_GRAPH = GRAPH["ontology"]
INFERENCE_GRAPH = GRAPH["inferences"]
METADATA_GRAPH = GRAPH["metadata"]

OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
VANN = Namespace("http://purl.org/vocab/vann/")
SH = Namespace("http://www.w3.org/ns/shacl#")
QB = Namespace("http://purl.org/linked-data/cube#")
WD = Namespace("http://www.wikidata.org/entity/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

PREFIXES: dict[str, str] = {
    "tip": str(TIP),
    "tipsh": str(TIPSH),
    "id": str(ID),
    "oa": str(OA),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "org": str(ORG),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "time": str(TIME),
    "void": str(VOID),
    "dcat": str(DCAT),
    "vann": str(VANN),
    "sh": str(SH),
    "qb": str(QB),
    "wd": str(WD),
    "sd": str(SD),
}
"""Prefixes bound in every serialization and offered to SPARQL queries."""


def thing(kind: str, slug: str):
    """The IRI of a thing, ``{BASE}id/{kind}/{slug}``.

    >>> str(thing("person", "kao-kim-hourn"))
    'https://w3id.org/asean-tip/id/person/kao-kim-hourn'
    """
    return ID[f"{kind}/{slug}"]


def bind_prefixes(graph) -> None:
    """Bind :data:`PREFIXES` on an rdflib graph or dataset (replacing rdflib's defaults)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
