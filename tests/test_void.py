"""The one VoID/DCAT writer: the build's metadata graph and /dataset's additions."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, VOID

from tipkg import void

DS = URIRef("https://example.org/dataset")
GRAPHS = [URIRef("https://example.org/graph/b"), URIRef("https://example.org/graph/a")]
FILES = [
    {"name": "dataset.nq", "media_type": "application/n-quads", "bytes": 10, "sha256": "ab" * 32},
    {"name": "dataset.nq.gz", "media_type": "application/n-quads", "bytes": 4, "sha256": "cd" * 32, "encoding": "gzip"},
]


def _describe(**kwargs):
    args = {"sources": [URIRef("https://example.org/report")], "subsets": GRAPHS, "period": ("2023-05-08", "2023-08-04"),
            "terms": ["https://schema.org/Quotation", "http://www.w3.org/ns/oa#exact"]} | kwargs
    return void.describe(DS, void.DATASET, **args)


def test_the_same_inputs_give_the_same_triples_and_no_blank_nodes():
    first, second = _describe(), _describe(subsets=list(reversed(GRAPHS)))
    assert sorted(first.serialize(format="nt").splitlines()) == sorted(second.serialize(format="nt").splitlines())
    assert not any(isinstance(term, BNode) for triple in first for term in triple)


def test_the_description_names_its_card_sources_graphs_and_publisher():
    g = _describe()
    assert {str(t) for t in g.objects(DS, DCTERMS.title)} == set(void.DATASET.title.values())
    assert g.value(DS, DCTERMS.license) == void.LICENSE and g.value(DS, DCTERMS.conformsTo) == void.DATASET.conforms_to
    assert set(g.objects(DS, VOID.subset)) == set(GRAPHS) and all((s, RDF.type, VOID.Dataset) in g for s in GRAPHS)
    assert list(g.objects(DS, DCTERMS.source)) == [URIRef("https://example.org/report")]
    assert g.value(g.value(DS, DCTERMS.publisher), FOAF.name) == Literal("asean-tip-kg project")


def test_one_temporal_coverage_written_two_ways_and_read_back():
    g = _describe()
    assert void.period_of(g, DS) == ("2023-05-08", "2023-08-04")
    assert str(g.value(DS, URIRef("https://schema.org/temporalCoverage"))) == "2023-05-08/2023-08-04"
    assert void.period_of(_describe(period=None), DS) is None
    assert (DS, DCTERMS.temporal, None) not in _describe(period=None)


def test_vocabularies_are_those_of_the_data_and_of_a_stored_description():
    stored = {str(v) for v in _describe().objects(DS, VOID.vocabulary)}
    assert {"https://schema.org/", "http://www.w3.org/ns/oa#", str(VOID), str(DCAT), str(DCTERMS), str(FOAF)} <= stored
    served = {str(v) for v in void.describe(DS, void.GENERIC, terms=["https://schema.org/Quotation"], in_data=False).objects(DS, VOID.vocabulary)}
    assert served == {"https://schema.org/"}


def test_a_generic_card_claims_no_language_nor_ontology():
    g = void.describe(DS, void.GENERIC)
    assert str(g.value(DS, DCTERMS.title)) == "RDF dataset"
    assert (DS, DCTERMS.language, None) not in g and (DS, DCTERMS.conformsTo, None) not in g


def test_statistics_name_one_partition_per_class_and_property():
    g = _describe()
    schema_quotation, unprefixed = URIRef("https://schema.org/Quotation"), URIRef("urn:x:P")
    stats = void.Statistics(triples=7, entities=3, subjects=4, objects=5, classes=[(schema_quotation, 2)], properties=[(unprefixed, 7)])
    void.add_statistics(g, DS, stats, curie=lambda iri: "schema:Quotation" if iri == str(schema_quotation) else iri)
    assert int(g.value(DS, VOID.triples)) == 7 and int(g.value(DS, VOID.classes)) == 1
    assert list(g.objects(DS, VOID.classPartition)) == [URIRef(f"{DS}#class-schema-Quotation")]
    assert list(g.objects(DS, VOID.propertyPartition)) == [URIRef(f"{DS}#property-urn%3Ax%3AP")]
    assert int(g.value(URIRef(f"{DS}#class-schema-Quotation"), VOID.entities)) == 2


def test_access_lists_the_endpoint_and_every_dump_with_its_checksum():
    g = _describe()
    void.add_access(g, DS, FILES, public=lambda p: "https://example.org/" + p.lstrip("/"), absolute=lambda p: "http://localhost" + p)
    assert g.value(DS, VOID.sparqlEndpoint) == URIRef("http://localhost/sparql")
    assert len(list(g.objects(DS, DCAT.distribution))) == 2
    assert list(g.objects(DS, VOID.dataDump)) == [URIRef("http://localhost/dumps/dataset.nq")]  # not the .gz
    gz = URIRef("https://example.org/dumps/dataset.nq.gz")
    assert g.value(gz, DCAT.compressFormat) is not None and g.value(gz, DCTERMS.license) == void.LICENSE
    checksum = g.value(gz, void.SPDX.checksum)
    assert str(g.value(checksum, void.SPDX.checksumValue)) == "cd" * 32
