"""The format registry drives every offer list: an RDF format offered in one place is
offered everywhere (pages, /sparql, the graph store, the dumps, /dataset, /ontology,
/shapes, /validate input and reports, the service description), and the same triples
come out as the same bytes wherever they are written."""

from __future__ import annotations

import pytest
from ld_pick import fact_with_evidence, local_path
from rdflib import Graph, URIRef

from tipkg.formats import DOCUMENT_FORMATS, HTML, RDF_FORMATS, RESULT_FORMATS, by_name
from tipkg.rdfio import write_rdf, write_rdflib

FORMATS_NS = "http://www.w3.org/ns/formats/"
RDF_NAMES = [f.name for f in RDF_FORMATS]


def _media(response) -> str:
    return response.headers["Content-Type"].split(";")[0]


def test_registry_names_every_format_once():
    names = [f.name for f in RDF_FORMATS + RESULT_FORMATS]
    assert len(names) == len(set(names))
    assert all(f.oxigraph and f.rdflib and f.w3c for f in RDF_FORMATS + RESULT_FORMATS)
    assert DOCUMENT_FORMATS == (HTML, *RDF_FORMATS)


@pytest.mark.parametrize("name", RDF_NAMES)
def test_every_rdf_format_is_offered_by_every_document(ld_client, ld_store, name):
    fmt = by_name(name)
    doc = local_path(fact_with_evidence(ld_store)).replace("/id/", "/doc/", 1)
    some_graph = next(g for g in ld_store.stats()["graphs"] if "/graph/" in g)
    for path in (doc, local_path(some_graph), "/dataset", "/ontology", "/shapes"):
        r = ld_client.get(f"{path}?format={name}")
        assert r.status_code == 200, (path, name, r.data[:200])
        assert _media(r) == fmt.media_type, (path, name)
        by_extension = ld_client.get(f"{path}.{fmt.extension}")
        assert by_extension.status_code == 200 and _media(by_extension) == fmt.media_type, (path, fmt.extension)


@pytest.mark.parametrize("name", RDF_NAMES)
def test_every_rdf_format_answers_construct_and_is_a_dump(ld_client, name):
    fmt = by_name(name)
    r = ld_client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s a ?c } LIMIT 3", "format": name})
    assert r.status_code == 200 and _media(r) == fmt.media_type
    index = ld_client.get("/dumps/index.json").get_json()
    assert f"dataset.{fmt.extension}" in {f["name"] for f in index["files"]}


@pytest.mark.parametrize("name", RDF_NAMES)
def test_every_rdf_format_is_read_and_written_by_validate(ld_client, name):
    fmt = by_name(name)
    g = Graph()
    g.add((URIRef("https://example.org/a"), URIRef("https://example.org/p"), URIRef("https://example.org/b")))
    body = write_rdflib(g, fmt)
    r = ld_client.post("/validate", data=body, headers={"Content-Type": fmt.media_type, "Accept": "application/json"})
    assert r.status_code == 200, (name, r.data[:300])
    assert r.get_json()["submitted_triples"] == 1
    report = ld_client.post("/validate", data=body, headers={"Content-Type": fmt.media_type, "Accept": fmt.media_type})
    assert report.status_code == 200 and _media(report) == fmt.media_type


def test_service_description_lists_every_registered_format(ld_client):
    r = ld_client.get("/sparql", headers={"Accept": "text/turtle"})
    listed = set(Graph().parse(data=r.data, format="turtle").objects(None, URIRef("http://www.w3.org/ns/sparql-service-description#resultFormat")))
    assert listed == {URIRef(FORMATS_NS + f.w3c) for f in RDF_FORMATS + RESULT_FORMATS}


def test_same_triples_same_bytes_from_a_page_and_from_sparql(ld_client, ld_store):
    """A DESCRIBE answer and the one writer fed the same triples give identical bytes."""
    iri = fact_with_evidence(ld_store)
    for name in ("turtle", "ntriples", "jsonld", "rdfxml"):
        fmt = by_name(name)
        answer = ld_client.get("/sparql", query_string={"query": f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}", "format": name})
        parsed = Graph().parse(data=answer.data, format=fmt.rdflib)
        assert len(parsed) > 3
        assert write_rdflib(parsed, fmt) == answer.data, name


def test_writer_is_deterministic_and_sorted():
    import pyoxigraph as ox

    a, b = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b")
    p = ox.NamedNode("https://example.org/p")
    forward = [ox.Triple(a, p, b), ox.Triple(b, p, a)]
    for fmt in RDF_FORMATS:
        assert write_rdf(forward, fmt) == write_rdf(list(reversed(forward)), fmt), fmt.name
    nt = write_rdf(reversed(forward), by_name("ntriples")).decode().splitlines()
    assert nt == sorted(nt)
