"""VoID + DCAT from the live store at /dataset and /.well-known/void."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, VOID

from tipkg.void import namespace_of

SPDX = "http://spdx.org/rdf/terms#"
DS = URIRef("https://w3id.org/asean-tip/dataset")


def _void(client, path="/.well-known/void", accept="text/turtle", fmt="turtle") -> Graph:
    r = client.get(path, headers={"Accept": accept})
    assert r.status_code == 200 and "Accept" in r.headers["Vary"]
    return Graph().parse(data=r.data, format=fmt)


def test_counts_match_the_live_store(ld_client, ld_store):
    g = _void(ld_client)
    assert int(g.value(DS, VOID.triples)) == ld_store.stats()["triples"] > 0
    entities = ld_store.select("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }")[0]["n"]
    assert int(g.value(DS, VOID.entities)) == int(entities)
    assert g.value(DS, DCTERMS.title) is not None and g.value(DS, DCTERMS.license) is not None
    assert g.value(DS, DCTERMS.publisher) is not None
    period = g.value(DS, DCTERMS.temporal)
    assert g.value(period, DCAT.startDate) <= g.value(period, DCAT.endDate)
    assert str(g.value(DS, VOID.sparqlEndpoint)) == "http://localhost/sparql"


def test_class_and_property_partitions(ld_client, ld_store):
    g = _void(ld_client, "/dataset", "application/ld+json", "json-ld")
    parts = {g.value(p, VOID["class"]): int(g.value(p, VOID.entities)) for p in g.objects(DS, VOID.classPartition)}
    commitment = URIRef("https://w3id.org/asean-tip/ontology#Commitment")
    n = ld_store.select(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{commitment}> }}")[0]["n"]
    assert parts[commitment] == int(n) > 0
    props = {g.value(p, VOID.property): int(g.value(p, VOID.triples)) for p in g.objects(DS, VOID.propertyPartition)}
    assert sum(props.values()) == ld_store.stats()["triples"]
    vocabs = {str(v) for v in g.objects(DS, VOID.vocabulary)}
    assert "http://www.w3.org/ns/oa#" in vocabs and "https://w3id.org/asean-tip/ontology#" in vocabs


def test_every_dump_is_a_distribution_with_checksum(ld_client):
    g = _void(ld_client)
    files = ld_client.get("/dumps/index.json").json["files"]
    dists = list(g.objects(DS, DCAT.distribution))
    assert len(dists) == len(files) > 0
    by_name = {f["name"]: f for f in files}
    for d in dists:
        url = str(g.value(d, DCAT.downloadURL))
        entry = by_name[url.rsplit("/", 1)[-1]]
        assert url == f"http://localhost/dumps/{entry['name']}"
        assert int(g.value(d, DCAT.byteSize)) == entry["bytes"]
        assert str(g.value(d, DCAT.mediaType)).endswith(entry["media_type"])
        checksum = g.value(d, URIRef(SPDX + "checksum"))
        assert str(g.value(checksum, URIRef(SPDX + "checksumValue"))) == entry["sha256"]
        assert g.value(checksum, URIRef(SPDX + "algorithm")) == URIRef(SPDX + "checksumAlgorithm_sha256")


def test_html_dataset_page_and_index(ld_client):
    page = ld_client.get("/dataset", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Distributions" in page and "dataset.trig" in page
    home = ld_client.get("/", headers={"Accept": "text/html"}).get_data(as_text=True)
    for link in ('href="/sparql"', 'href="/dumps/"', 'href="/dataset"', 'href="/ontology"', 'href="/validate"', 'href="/doc/' if False else 'href="/id/document/'):
        assert link in home
    assert "/sparql?query=" in home  # example queries ready to run


def test_the_served_description_is_the_one_the_data_states_plus_live_additions(ld_client, ld_store):
    """The build's metadata graph and /dataset come from one writer (tipkg.void.describe)."""
    g = _void(ld_client)
    stated = ld_store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ <{DS}> ?x ?y . ?s ?p ?o }} }}")
    assert set(stated) <= set(g)
    # one temporal coverage, however it is written
    period = g.value(DS, DCTERMS.temporal)
    assert str(g.value(DS, URIRef("https://schema.org/temporalCoverage"))) == f"{g.value(period, DCAT.startDate)}/{g.value(period, DCAT.endDate)}"
    # the vocabularies listed are exactly those of the classes and properties the store uses
    used = {str(r["t"]) for r in ld_store.select("SELECT DISTINCT ?t WHERE { { ?s a ?t } UNION { ?s ?t ?o } }")}
    assert {str(v) for v in g.objects(DS, VOID.vocabulary)} == {namespace_of(t) for t in used}
