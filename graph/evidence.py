"""Find a supporting quote in its source text and describe it as Web Annotation selectors.

Offsets are in Unicode code points (Python string indices) of the file as received.
:func:`annotation` writes a span as an ``oa:Annotation``; :func:`verify_graph`, the
build's last check, reads every annotation back and checks its words against the text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from tipkg.errors import BuildError
from tipkg.namespaces import OA, thing

CONTEXT = 32
"""Code points of prefix and suffix kept around an exact quote."""


@dataclass(frozen=True, order=True)
class Span:
    """One exact quote at its place in a source text."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def locate(text: str, quote: str, *, source: str) -> Span:
    """The one place ``quote`` stands in ``text``.

    Raises BuildError naming the source, the quote and the reason when the quote is
    missing, empty, or stands in more than one place (ambiguous).

    >>> locate("a cat and a dog", "cat", source="t").start
    2
    """
    if not quote or not quote.strip():
        raise BuildError(f"{source}: empty quote")
    first = text.find(quote)
    if first < 0:
        raise BuildError(f"{source}: quote not found in the text: {quote!r}")
    again = text.find(quote, first + 1)
    if again >= 0:
        raise BuildError(f"{source}: quote is ambiguous (found at {first} and {again}); quote more words: {quote!r}")
    return span_at(text, first, first + len(quote))


def span_at(text: str, start: int, end: int) -> Span:
    """The span ``text[start:end]`` with its context."""
    return Span(start, end, text[start:end], text[max(0, start - CONTEXT):start], text[end:end + CONTEXT])


def verify(text: str, span: Span, *, source: str) -> None:
    """Fail unless ``span`` is ``text``'s: its exact words at its offsets, with their prefix and suffix."""
    if text[span.start:span.end] != span.exact:
        raise BuildError(f"{source}: exact quote is not at {span.start}-{span.end}: {span.exact!r}")
    if span != span_at(text, span.start, span.end):
        raise BuildError(f"{source}: prefix or suffix of the quote at {span.start}-{span.end} is not the text's: {span.exact!r}")


def annotation_iri(report_slug: str, span: Span) -> URIRef:
    """``id/annotation/{report}/{start}-{end}``: one annotation per span, whatever it supports."""
    return thing("annotation", f"{report_slug}/{span.start}-{span.end}")


def annotation(iri: URIRef, body: URIRef, source: URIRef, span: Span) -> list[tuple]:
    """The triples of an annotation of ``body`` by ``span`` of ``source``: a target with a
    TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector (start, end)."""
    target, quote, position = URIRef(f"{iri}/target"), URIRef(f"{iri}/quote"), URIRef(f"{iri}/position")
    return [
        (iri, RDF.type, OA.Annotation),
        (iri, OA.hasBody, body),
        (iri, OA.motivatedBy, OA.describing),
        (iri, OA.hasTarget, target),
        (target, RDF.type, OA.SpecificResource),
        (target, OA.hasSource, source),
        (target, OA.hasSelector, quote),
        (target, OA.hasSelector, position),
        (quote, RDF.type, OA.TextQuoteSelector),
        (quote, OA.exact, Literal(span.exact)),
        (quote, OA.prefix, Literal(span.prefix)),
        (quote, OA.suffix, Literal(span.suffix)),
        (position, RDF.type, OA.TextPositionSelector),
        (position, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)),
        (position, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)),
    ]


def annotated_spans(graph: Graph) -> Iterator[tuple[URIRef, URIRef, Span]]:
    """Every annotation in ``graph`` (sorted) with its source and the span its selectors state.

    Raises BuildError when an annotation lacks its target, source or either selector.
    """
    for iri in sorted(graph.subjects(RDF.type, OA.Annotation)):
        target = graph.value(iri, OA.hasTarget)
        source = graph.value(target, OA.hasSource) if target is not None else None
        selectors = {graph.value(s, RDF.type): s for s in graph.objects(target, OA.hasSelector)} if target is not None else {}
        quote, position = selectors.get(OA.TextQuoteSelector), selectors.get(OA.TextPositionSelector)
        values = [graph.value(quote, p) for p in (OA.exact, OA.prefix, OA.suffix)] if quote is not None else [None]
        offsets = [graph.value(position, p) for p in (OA.start, OA.end)] if position is not None else [None]
        if source is None or None in values or None in offsets:
            raise BuildError(f"{iri}: an annotation needs a target with a source, a TextQuoteSelector and a TextPositionSelector")
        exact, prefix, suffix = (str(v) for v in values)
        yield iri, source, Span(int(offsets[0]), int(offsets[1]), exact, prefix, suffix)


def verify_graph(graph: Graph, texts: Mapping[URIRef, str], *, source: str) -> int:
    """Check every annotation in ``graph`` against the text of its source (:func:`verify`).

    ``texts`` maps each source IRI to its text; an annotation of any other source fails.
    Returns how many annotations were checked.
    """
    checked = 0
    for iri, target_source, span in annotated_spans(graph):
        if target_source not in texts:
            raise BuildError(f"{source}: {iri} annotates {target_source}, whose text this graph does not have")
        verify(texts[target_source], span, source=f"{source} ({iri})")
        checked += 1
    return checked
