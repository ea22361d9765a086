"""One registry of formats: media types, extensions, and the parser/serializer names.

It serves content negotiation, ``.ttl``-style URLs, dumps and ``/validate`` input.
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
    """``rdf`` (graphs/datasets) or ``results`` (SELECT/ASK results)."""
    rdflib: str | None = None
    """rdflib's parser/serializer name."""
    oxigraph: str | None = None
    """Name of the pyoxigraph ``RdfFormat``/``QueryResultsFormat`` attribute."""
    supports_datasets: bool = False
    aliases: tuple[str, ...] = ()
    """Other media types that mean the same."""

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)


RDF_FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", "ttl", "rdf", "turtle", "TURTLE", aliases=("application/x-turtle",)),
    Format("ntriples", "application/n-triples", "nt", "rdf", "nt11", "N_TRIPLES", aliases=("text/plain",)),
    Format("jsonld", "application/ld+json", "jsonld", "rdf", "json-ld", "JSON_LD", True),
    Format("rdfxml", "application/rdf+xml", "rdf", "rdf", "xml", "RDF_XML", aliases=("application/xml", "text/xml")),
    Format("trig", "application/trig", "trig", "rdf", "trig", "TRIG", True),
    Format("nquads", "application/n-quads", "nq", "rdf", "nquads", "N_QUADS", True),
)

RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", "srj", "results", "json", "JSON", aliases=("application/json",)),
    Format("xml", "application/sparql-results+xml", "srx", "results", "xml", "XML"),
    Format("csv", "text/csv", "csv", "results", "csv", "CSV"),
    Format("tsv", "text/tab-separated-values", "tsv", "results", "tsv", "TSV"),
)

ALL_FORMATS = RDF_FORMATS + RESULT_FORMATS


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
