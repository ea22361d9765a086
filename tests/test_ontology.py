"""The OWL 2 RL ontology and the SKOS schemes: they parse, reason without error, and every
own term is labelled in English and Indonesian, defined, and tied to the ontology."""

from __future__ import annotations

import re
from pathlib import Path

import owlrl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from tipkg import assets
from tipkg.namespaces import ONTOLOGY_IRI, TIP, VANN

ROOT = Path(__file__).resolve().parent.parent
MODEL = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
ONT = URIRef(ONTOLOGY_IRI)


def _graph(name: str) -> Graph:
    (resource,) = [f for f in assets.ontology_files() if f.name == name]
    return Graph().parse(data=resource.read_bytes(), format="turtle")


ONTOLOGY = _graph("tipkg.ttl")
SCHEMES = _graph("schemes.ttl")
OWN_TERMS = sorted({s for s in ONTOLOGY.subjects() if isinstance(s, URIRef) and str(s).startswith(str(TIP))})


def _langs(graph: Graph, node, predicate) -> list[str]:
    return sorted(o.language for o in graph.objects(node, predicate) if isinstance(o, Literal) and o.language)


def test_files_are_shipped():
    assert [f.name for f in assets.ontology_files()] == ["schemes.ttl", "tipkg.ttl"]


def test_header():
    assert (ONT, RDF.type, OWL.Ontology) in ONTOLOGY
    for predicate in (DCTERMS.title, DCTERMS.description, DCTERMS.license, OWL.versionIRI, OWL.versionInfo,
                      VANN.preferredNamespacePrefix, VANN.preferredNamespaceUri, DCTERMS.creator,
                      DCTERMS.publisher, DCTERMS.created):
        assert ONTOLOGY.value(ONT, predicate) is not None, predicate
    assert ONTOLOGY.value(ONT, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert str(ONTOLOGY.value(ONT, VANN.preferredNamespaceUri)) == str(TIP)
    assert str(ONTOLOGY.value(ONT, VANN.preferredNamespacePrefix)) == "tip"
    assert _langs(ONTOLOGY, ONT, DCTERMS.title) == ["en", "id"]


def test_no_imports():
    """owlrl would not follow them and the server must never fetch."""
    assert not list(ONTOLOGY.objects(None, OWL.imports))
    assert not list(SCHEMES.objects(None, OWL.imports))


def test_every_model_term_is_defined():
    """Every tip: term docs/model.md mentions is a class or property of the ontology."""
    mentioned = {TIP[name] for name in re.findall(r"`tip:(\w+)`", MODEL)}
    mentioned |= {TIP[name] for name in re.findall(r"tip:(\w+)", MODEL)}
    assert len(mentioned) > 40
    typed = set(ONTOLOGY.subjects(RDF.type, OWL.Class)) | set(ONTOLOGY.subjects(RDF.type, OWL.ObjectProperty)) | set(ONTOLOGY.subjects(RDF.type, OWL.DatatypeProperty))
    assert sorted(mentioned - typed) == []


@pytest.mark.parametrize("term", OWN_TERMS, ids=lambda t: str(t).rsplit("#", 1)[-1])
def test_term_is_documented(term):
    assert _langs(ONTOLOGY, term, RDFS.label) == ["en", "id"]
    assert "en" in _langs(ONTOLOGY, term, SKOS.definition)
    assert (term, RDFS.isDefinedBy, ONT) in ONTOLOGY


@pytest.mark.parametrize(("cls", "parents"), [
    ("NewsReport", ["https://schema.org/NewsArticle", "http://www.w3.org/ns/prov#Entity"]),
    ("Instrument", ["https://schema.org/CreativeWork", "http://www.w3.org/ns/prov#Entity"]),
    ("Meeting", ["https://schema.org/Event", "http://www.w3.org/ns/prov#Activity"]),
    ("Summit", [str(TIP.Meeting)]),
    ("StatisticalObservation", ["https://schema.org/Observation", "http://purl.org/linked-data/cube#Observation", "http://www.w3.org/ns/prov#Entity"]),
    ("StatisticalVariable", ["https://schema.org/StatisticalVariable"]),
    ("Quote", ["https://schema.org/Quotation", "http://www.w3.org/ns/prov#Entity"]),
    ("Commitment", ["http://www.w3.org/ns/prov#Entity"]),
])
def test_reuse(cls, parents):
    assert sorted(str(o) for o in ONTOLOGY.objects(TIP[cls], RDFS.subClassOf)) == sorted(parents)


def test_owlrl_closure_has_no_errors():
    """OWL 2 RL: the closure of ontology + schemes (+ a valid example) reports no inconsistency."""
    data = Graph()
    for graph in (ONTOLOGY, SCHEMES):
        for triple in graph:
            data.add(triple)
    data.parse(ROOT / "tests" / "resources" / "shapes" / "valid.ttl", format="turtle")
    size = len(data)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(data)
    assert len(data) > size  # the closure did run
    assert (URIRef("https://w3id.org/asean-tip/id/event/42nd-asean-summit"), RDF.type, TIP.Meeting) in data
    assert list(data.subjects(RDF.type, ERROR)) == []


def test_owlrl_reports_errors_the_way_the_test_checks():
    """Guard for the test above: owlrl reports an inconsistency as ErrorMessage triples, not an exception."""
    bad = Graph()
    a, b = URIRef("urn:x:a"), URIRef("urn:x:b")
    bad.add((a, OWL.differentFrom, b))
    bad.add((a, OWL.sameAs, b))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(bad)
    assert list(bad.subjects(RDF.type, ERROR))


SCHEME_SLUGS = {
    scheme: slugs.replace("\n", " ").split(", ")
    for scheme, slugs in re.findall(r"^- `([a-z-]+)`: ((?:[a-z-]+(?:,\s*)?)+)$", MODEL, re.M)
}


def test_model_lists_schemes():
    assert len(SCHEME_SLUGS) == 9  # statement-kind (issue 8)


@pytest.mark.parametrize("scheme", sorted(SCHEME_SLUGS))
def test_scheme_has_contract_concepts(scheme):
    scheme_iri = URIRef(f"https://w3id.org/asean-tip/id/scheme/{scheme}")
    assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in SCHEMES
    assert _langs(SCHEMES, scheme_iri, SKOS.prefLabel) == ["en", "id"]
    assert (scheme_iri, RDFS.isDefinedBy, ONT) in SCHEMES
    for slug in SCHEME_SLUGS[scheme]:
        concept = URIRef(f"https://w3id.org/asean-tip/id/concept/{scheme}/{slug.strip()}")
        assert (concept, RDF.type, SKOS.Concept) in SCHEMES, concept
        assert (concept, SKOS.inScheme, scheme_iri) in SCHEMES
        assert (concept, SKOS.topConceptOf, scheme_iri) in SCHEMES
        assert (scheme_iri, SKOS.hasTopConcept, concept) in SCHEMES


@pytest.mark.parametrize("concept", sorted(SCHEMES.subjects(RDF.type, SKOS.Concept)), ids=lambda c: str(c).split("/concept/")[1])
def test_concept_is_documented(concept):
    assert _langs(SCHEMES, concept, SKOS.prefLabel) == ["en", "id"]
    assert "en" in _langs(SCHEMES, concept, SKOS.definition)
    assert (concept, RDFS.isDefinedBy, ONT) in SCHEMES
    labels = {o.language: str(o) for o in SCHEMES.objects(concept, SKOS.prefLabel)}
    assert labels["en"] and labels["id"]


def test_indonesian_labels_are_indonesian():
    concept = URIRef("https://w3id.org/asean-tip/id/concept/commitment-action/victim-identification")
    assert Literal("identifikasi korban", lang="id") in set(SCHEMES.objects(concept, SKOS.prefLabel))
    assert Literal("laporan berita", lang="id") in set(ONTOLOGY.objects(TIP.NewsReport, RDFS.label))
