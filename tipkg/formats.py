"""One registry of formats: media types, extensions, and the parser/serializer names.

Every offer list is derived from it: content negotiation of pages, ``/sparql`` answers
and the graph store, ``.ttl``-style URLs, the dumps, the service description and
``/validate`` input and reports. Adding an RDF format is one entry in
:data:`RDF_FORMATS` (with the pyoxigraph and rdflib names that read and write it).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """An RDF syntax or a SPARQL results syntax."""

    name: str
    """Short name used by ``?format=`` and the CLI."""
    media_type: str
    extension: str
    """File extension without the dot (the first one is canonical)."""
    kind: str
    """``rdf`` (graphs/datasets), ``results`` (SELECT/ASK results) or ``page`` (HTML, JSON)."""
    rdflib: str | None = None
    """rdflib's parser/serializer name."""
    oxigraph: str | None = None
    """Name of the pyoxigraph ``RdfFormat``/``QueryResultsFormat`` attribute."""
    supports_datasets: bool = False
    aliases: tuple[str, ...] = ()
    """Other media types that mean the same."""
    w3c: str | None = None
    """Local name of its IRI in ``http://www.w3.org/ns/formats/`` (the service description's ``sd:resultFormat``)."""

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)


RDF_FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", "ttl", "rdf", "turtle", "TURTLE", aliases=("application/x-turtle",), w3c="Turtle"),
    Format("ntriples", "application/n-triples", "nt", "rdf", "nt11", "N_TRIPLES", aliases=("text/plain",), w3c="N-Triples"),
    Format("jsonld", "application/ld+json", "jsonld", "rdf", "json-ld", "JSON_LD", True, w3c="JSON-LD"),
    Format("rdfxml", "application/rdf+xml", "rdf", "rdf", "xml", "RDF_XML", aliases=("application/xml", "text/xml"), w3c="RDF_XML"),
    Format("trig", "application/trig", "trig", "rdf", "trig", "TRIG", True, w3c="TriG"),
    Format("nquads", "application/n-quads", "nq", "rdf", "nquads", "N_QUADS", True, w3c="N-Quads"),
)

RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", "srj", "results", "json", "JSON", aliases=("application/json",), w3c="SPARQL_Results_JSON"),
    Format("xml", "application/sparql-results+xml", "srx", "results", "xml", "XML", w3c="SPARQL_Results_XML"),
    Format("csv", "text/csv", "csv", "results", "csv", "CSV", w3c="SPARQL_Results_CSV"),
    Format("tsv", "text/tab-separated-values", "tsv", "results", "tsv", "TSV", w3c="SPARQL_Results_TSV"),
)

ALL_FORMATS = RDF_FORMATS + RESULT_FORMATS

HTML = Format("html", "text/html", "html", "page", aliases=("application/xhtml+xml",))
"""Pages are a representation like any RDF syntax (not in :data:`ALL_FORMATS`: no RDF is read or written as HTML)."""
JSON = Format("json", "application/json", "json", "page")
"""A plain JSON body (dump index, /validate report, errors)."""

DOCUMENT_FORMATS: tuple[Format, ...] = (HTML, *RDF_FORMATS)
"""What every RDF document the server describes offers (pages, graphs, dataset, ontology, shapes)."""


def by_name(name: str, formats: tuple[Format, ...] = ALL_FORMATS) -> Format | None:
    """Find a format by short name, extension or media type (case-insensitive)."""
    key = name.strip().lower()
    for fmt in formats:
        if key in (fmt.name, fmt.extension) or key in fmt.media_types:
            return fmt
    if key in ("ttl", "n3"):
        return by_name("turtle", formats)
    if key in ("json-ld", "jsonld"):
        return by_name("jsonld", formats)
    return None


def by_media_type(media_type: str, formats: tuple[Format, ...] = ALL_FORMATS) -> Format | None:
    """Find a format by media type, ignoring parameters such as ``charset``."""
    key = media_type.split(";", 1)[0].strip().lower()
    for fmt in formats:
        if key in fmt.media_types:
            return fmt
    return None


def by_extension(extension: str, formats: tuple[Format, ...] = ALL_FORMATS) -> Format | None:
    key = extension.lstrip(".").lower()
    for fmt in formats:
        if key == fmt.extension:
            return fmt
    return None
