from dataclasses import replace

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from tipkg.errors import BuildError
from tipkg.graph.evidence import CONTEXT, Span, annotated_spans, annotation, annotation_iri, locate, span_at, verify, verify_graph
from tipkg.namespaces import OA

TEXT = "Para pemimpin ASEAN sepakat. Para pemimpin juga setuju. “Kutipan ini,” kata Kao."
BODY, SOURCE = URIRef("urn:fact"), URIRef("urn:report")


def test_locate_gives_code_point_offsets_and_context():
    span = locate(TEXT, "Kutipan ini", source="t")
    assert TEXT[span.start:span.end] == "Kutipan ini"
    assert span.prefix == TEXT[max(0, span.start - CONTEXT):span.start]
    assert span.suffix == TEXT[span.end:span.end + CONTEXT]
    # the curly quote before it is one code point, not three UTF-8 bytes
    assert TEXT.encode("utf-8").find("Kutipan".encode()) != span.start


def test_missing_quote_fails_with_source_and_quote():
    with pytest.raises(BuildError, match=r"kompas\.toml.*not found.*Tidak ada"):
        locate(TEXT, "Tidak ada", source="kompas.toml")


def test_ambiguous_quote_fails():
    with pytest.raises(BuildError, match="ambiguous"):
        locate(TEXT, "Para pemimpin", source="t")


def test_empty_quote_fails():
    with pytest.raises(BuildError, match="empty"):
        locate(TEXT, "  ", source="t")


def test_verify_rejects_a_span_that_moved():
    span = span_at(TEXT, 0, 4)
    verify(TEXT, span, source="t")
    with pytest.raises(BuildError, match="not at"):
        verify("X" + TEXT, span, source="t")


def test_verify_rejects_a_span_whose_context_is_not_the_texts():
    span = span_at(TEXT, 5, 13)
    with pytest.raises(BuildError, match="prefix or suffix of the quote at 5-13"):
        verify(TEXT, replace(span, suffix=span.suffix.upper()), source="t")


def _annotated(span: Span) -> Graph:
    g = Graph()
    for triple in annotation(annotation_iri("r", span), BODY, SOURCE, span):
        g.add(triple)
    return g


def test_an_annotation_reads_back_as_the_span_it_was_written_from():
    span = locate(TEXT, "Kutipan ini", source="t")
    g = _annotated(span)
    assert list(annotated_spans(g)) == [(annotation_iri("r", span), SOURCE, span)]
    assert verify_graph(g, {SOURCE: TEXT}, source="r") == 1


def test_verify_graph_rejects_an_annotation_off_its_offsets():
    span = locate(TEXT, "Kutipan ini", source="t")
    g = _annotated(span)
    position = URIRef(f"{annotation_iri('r', span)}/position")
    g.set((position, OA.start, Literal(span.start + 1, datatype=XSD.nonNegativeInteger)))
    with pytest.raises(BuildError, match=r"r \(.*\): exact quote is not at"):
        verify_graph(g, {SOURCE: TEXT}, source="r")


def test_verify_graph_rejects_an_annotation_of_another_text_or_without_selectors():
    span = locate(TEXT, "Kutipan ini", source="t")
    with pytest.raises(BuildError, match="whose text this graph does not have"):
        verify_graph(_annotated(span), {URIRef("urn:other"): TEXT}, source="r")
    g = _annotated(span)
    g.remove((None, OA.exact, None))
    with pytest.raises(BuildError, match="needs a target with a source, a TextQuoteSelector"):
        verify_graph(g, {SOURCE: TEXT}, source="r")
