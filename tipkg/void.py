"""The dataset's VoID + DCAT description, written in one place.

:func:`describe` writes the description (title, licence, publisher, sources, named
graphs, temporal coverage, vocabularies). The build stores it as the metadata graph;
``/dataset`` serves it back from the store, or writes one here for data that does
not describe itself. ``/dataset`` then adds what only the live server knows:
:func:`add_statistics` (counts, class and property partitions) and :func:`add_access`
(SPARQL endpoint, dump distributions with their checksums). No timestamps: the same
inputs give the same graph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, VOID, XSD

from tipkg.namespaces import ONTOLOGY_IRI, SCHEMA, bind_prefixes

SPDX = Namespace("http://spdx.org/rdf/terms#")
IANA = "https://www.iana.org/assignments/media-types/"
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")


@dataclass(frozen=True)
class Card:
    """What a dataset says of itself, apart from what its data shows."""

    title: dict[str, str]
    """By language tag, like ``description``."""
    description: dict[str, str]
    licence: URIRef = LICENSE
    publisher: str = "asean-tip-kg project"
    language: URIRef | None = None
    conforms_to: URIRef | None = None


DATASET = Card(
    title={
        "en": "ASEAN anti-trafficking declaration knowledge graph",
        "id": "Graf pengetahuan deklarasi ASEAN melawan perdagangan orang",
    },
    description={
        "en": "Facts about the ASEAN Leaders' Declaration on Combating Trafficking in Persons Caused by the Abuse of Technology "
        "(42nd ASEAN Summit, Labuan Bajo, May 2023), drawn from Indonesian news reports, each traceable to the exact words it came from.",
        "id": "Fakta tentang Deklarasi Pemimpin ASEAN tentang Pemberantasan Perdagangan Orang yang Disebabkan oleh Penyalahgunaan "
        "Teknologi (KTT ke-42 ASEAN, Labuan Bajo, Mei 2023), dari berita berbahasa Indonesia, masing-masing dapat ditelusuri ke kalimat sumbernya.",
    },
    language=URIRef("http://id.loc.gov/vocabulary/iso639-1/id"),
    conforms_to=URIRef(ONTOLOGY_IRI),
)
"""The card of the dataset this project builds."""

GENERIC = Card(title={"en": "RDF dataset"}, description={"en": "A dataset published by asean-tip-kg."})
"""The card of served data that does not describe itself (``tipkg serve --data``)."""


def namespace_of(iri: str) -> str:
    """The vocabulary a term belongs to.

    >>> namespace_of("https://schema.org/name"), namespace_of("https://w3id.org/asean-tip/ontology#Quote")
    ('https://schema.org/', 'https://w3id.org/asean-tip/ontology#')
    """
    for sep in ("#", "/"):
        head, found, tail = iri.rpartition(sep)
        if found and tail:
            return head + sep
    return iri


def used_terms(graph: Graph) -> set[str]:
    """The classes and properties ``graph`` uses."""
    return {str(p) for p in graph.predicates()} | {str(c) for c in graph.objects(None, RDF.type)}


def describe(
    ds: URIRef,
    card: Card,
    *,
    sources: Iterable[URIRef] = (),
    subsets: Iterable[URIRef] = (),
    period: tuple[str, str] | None = None,
    terms: Iterable[str] = (),
    in_data: bool = True,
) -> Graph:
    """The description of dataset ``ds``: its ``card``, the reports it draws on
    (``sources``), its named graphs (``subsets``), the ``period`` it covers (ISO dates)
    and, as ``void:vocabulary``, the vocabularies of ``terms`` (the classes and
    properties the data uses). ``in_data``: the description is stored with the data
    (the build's metadata graph), so its own vocabularies are the data's too."""
    g = Graph()
    bind_prefixes(g)
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    for lang, text in card.title.items():
        g.add((ds, DCTERMS.title, Literal(text, lang=lang)))
        g.add((ds, RDFS.label, Literal(text, lang=lang)))
    for lang, text in card.description.items():
        g.add((ds, DCTERMS.description, Literal(text, lang=lang)))
    g.add((ds, DCTERMS.license, card.licence))
    publisher = URIRef(f"{ds}#publisher")
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(card.publisher)))
    if card.conforms_to is not None:
        g.add((ds, DCTERMS.conformsTo, card.conforms_to))
    if card.language is not None:
        g.add((ds, DCTERMS.language, card.language))
    for source in sources:
        g.add((ds, DCTERMS.source, source))
    for subset in subsets:
        g.add((ds, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
    if period is not None:
        start, end = (str(day) for day in period)
        node = URIRef(f"{ds}#period")
        g.add((ds, DCTERMS.temporal, node))
        g.add((node, RDF.type, DCTERMS.PeriodOfTime))
        g.add((node, DCAT.startDate, Literal(start, datatype=XSD.date)))
        g.add((node, DCAT.endDate, Literal(end, datatype=XSD.date)))
        g.add((ds, SCHEMA.temporalCoverage, Literal(f"{start}/{end}")))
    for vocabulary in sorted({namespace_of(t) for t in [*terms, *(used_terms(g) if in_data else ())]}):
        g.add((ds, VOID.vocabulary, URIRef(vocabulary)))
    return g


def period_of(description: Graph, ds: URIRef) -> tuple[str, str] | None:
    """The ``(start, end)`` dates a description gives as the dataset's temporal coverage."""
    for node in description.objects(ds, DCTERMS.temporal):
        start, end = description.value(node, DCAT.startDate), description.value(node, DCAT.endDate)
        if start is not None and end is not None:
            return str(start), str(end)
    return None


@dataclass(frozen=True)
class Statistics:
    """Counts of the served data (VoID's statistics)."""

    triples: int
    entities: int
    subjects: int
    objects: int
    classes: list[tuple[URIRef, int]] = field(default_factory=list)
    """Each class with its number of distinct instances."""
    properties: list[tuple[URIRef, int]] = field(default_factory=list)
    """Each property with its number of triples."""


def add_statistics(g: Graph, ds: URIRef, stats: Statistics, *, curie: Callable[[str], str]) -> None:
    """Counts and one ``void:classPartition``/``void:propertyPartition`` per class and
    property, named ``{ds}#class-{prefix}-{name}`` with ``curie`` (an IRI → ``prefix:name``)."""

    def partition(kind: str, iri: str) -> URIRef:
        prefixed = curie(iri)
        return URIRef(f"{ds}#{kind}-" + quote(prefixed.replace(":", "-") if prefixed != iri else iri, safe="-_."))

    g.add((ds, VOID.triples, Literal(stats.triples)))
    g.add((ds, VOID.entities, Literal(stats.entities)))
    g.add((ds, VOID.distinctSubjects, Literal(stats.subjects)))
    g.add((ds, VOID.distinctObjects, Literal(stats.objects)))
    g.add((ds, VOID.classes, Literal(len(stats.classes))))
    g.add((ds, VOID.properties, Literal(len(stats.properties))))
    for c, n in stats.classes:
        part = partition("class", str(c))
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], c))
        g.add((part, VOID.entities, Literal(n)))
    for p, n in stats.properties:
        part = partition("property", str(p))
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, p))
        g.add((part, VOID.triples, Literal(n)))


def add_access(g: Graph, ds: URIRef, files: list[dict], *, public: Callable[[str], str], absolute: Callable[[str], str]) -> None:
    """Where the data is served: the SPARQL endpoint as a ``dcat:DataService``, the IRI
    space, and each dump file of the build's manifest (``files``) as a
    ``dcat:Distribution`` with size, media type and sha256.

    ``public`` maps a path to its public IRI, ``absolute`` to this server's URL (what a
    client fetches: ``void:sparqlEndpoint``, ``void:dataDump``, ``dcat:downloadURL``).
    """
    licence = g.value(ds, DCTERMS.license) or LICENSE
    endpoint = URIRef(absolute("/sparql"))
    g.add((ds, VOID.sparqlEndpoint, endpoint))
    service = URIRef(public("sparql"))
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCAT.endpointURL, endpoint))
    g.add((service, DCAT.servesDataset, ds))
    g.add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))
    g.add((ds, VOID.uriSpace, Literal(public("id/"))))
    g.add((ds, VOID.rootResource, URIRef(public("id/"))))
    for entry in files:
        dist = URIRef(public("dumps/" + entry["name"]))
        download = URIRef(absolute("/dumps/" + entry["name"]))
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(entry["name"])))
        g.add((dist, DCAT.downloadURL, download))
        g.add((dist, DCAT.accessURL, URIRef(absolute("/dumps/"))))
        g.add((dist, DCAT.mediaType, URIRef(IANA + entry["media_type"])))
        g.add((dist, DCAT.byteSize, Literal(entry["bytes"], datatype=XSD.nonNegativeInteger)))
        g.add((dist, DCTERMS.license, licence))
        if entry.get("encoding") == "gzip" or entry["name"].endswith(".gz"):
            g.add((dist, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
        else:
            g.add((ds, VOID.dataDump, download))
        checksum = URIRef(f"{dist}#sha256")
        g.add((dist, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(entry["sha256"], datatype=XSD.hexBinary)))
