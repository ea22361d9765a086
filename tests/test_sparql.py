"""The SPARQL 1.1 Protocol at /sparql: in-process, and over real HTTP with real clients."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote

import pytest
import requests
from fixtures_sparql import EX, RDFS_LABEL
from rdflib import Graph, URIRef

PERSONS = f"SELECT ?s WHERE {{ ?s a <{EX}Person> }} ORDER BY ?s"
KNOWS = f"CONSTRUCT {{ ?s <{EX}knows> ?o }} WHERE {{ ?s <{EX}knows> ?o }}"
FORM = "application/x-www-form-urlencoded"


def subjects(body: bytes) -> list[str]:
    return [row["s"]["value"] for row in json.loads(body)["results"]["bindings"]]


def test_get_post_form_and_post_direct_agree(sample_client):
    got = sample_client.get("/sparql", query_string={"query": PERSONS})
    form = sample_client.post("/sparql", data={"query": PERSONS})
    direct = sample_client.post("/sparql", data=PERSONS.encode(), content_type="application/sparql-query")
    for response in (got, form, direct):
        assert response.status_code == 200
        assert response.mimetype == "application/sparql-results+json"
        assert subjects(response.data)[:2] == [EX + "alice", EX + "bob"]
        assert len(subjects(response.data)) == 7
        assert response.headers["X-Tipkg-Result-Count"] == "7"
        assert "X-Tipkg-Truncated" not in response.headers


def test_dataset_parameters(sample_client):
    q = f"SELECT ?s {{ ?s <{RDFS_LABEL}> ?l }}"
    places = sample_client.get("/sparql", query_string=[("query", q), ("default-graph-uri", EX + "graph/places")])
    assert sorted(subjects(places.data)) == [EX + "indonesia", EX + "jakarta"]
    both = sample_client.post(
        "/sparql?default-graph-uri=" + quote(EX + "graph/places", safe="") + "&default-graph-uri=" + quote(EX + "graph/shared", safe=""),
        data="SELECT ?s { ?s ?p ?o }".encode(),
        content_type="application/sparql-query",
    )
    assert EX + "note" in subjects(both.data) and EX + "bob" not in subjects(both.data)
    named = sample_client.post("/sparql", data={"query": "SELECT ?g { GRAPH ?g { } }", "named-graph-uri": [EX + "graph/people"]})
    assert [r["g"]["value"] for r in json.loads(named.data)["results"]["bindings"]] == [EX + "graph/people"]


@pytest.mark.parametrize(
    "accept, media_type",
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),  # curl
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),  # a browser: the results page (issue 9)
        ("text/html;q=0.9,application/sparql-results+json", "application/sparql-results+json"),  # a program that also takes pages
        ("text/html, application/sparql-results+json", "application/sparql-results+json"),  # a tie goes to the data
        ("application/sparql-results+json,application/json,text/javascript,application/javascript", "application/sparql-results+json"),  # SPARQLWrapper JSON
        ("application/sparql-results+xml", "application/sparql-results+xml"),  # SPARQLWrapper XML, rdflib SPARQLStore
        ("text/csv", "text/csv"),
        ("text/tab-separated-values;q=1, application/sparql-results+json;q=0.5", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
    ],
)
def test_select_negotiation_with_real_accept_strings(sample_client, accept, media_type):
    headers = {"Accept": accept} if accept else {}
    response = sample_client.get("/sparql", query_string={"query": PERSONS}, headers=headers)
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize(
    "accept, fmt",
    [
        ("*/*", "turtle"),
        ("application/rdf+xml", "xml"),  # SPARQLWrapper RDF/XML
        ("application/turtle,text/turtle", "turtle"),  # SPARQLWrapper TURTLE
        ("application/ld+json,application/x-json+ld", "json-ld"),  # SPARQLWrapper JSONLD
        ("application/n-triples", "nt"),
        # rapper (raptor2) asks for everything it parses at q=1: ties go to Turtle
        ("application/rdf+xml, text/rdf;q=0.6, application/x-turtle, application/turtle, text/turtle, text/n3;q=0.3, application/n-triples, text/plain;q=0.1, */*;q=0.1", "turtle"),
        ("text/turtle;q=0.5, application/ld+json;q=0.9", "json-ld"),
    ],
)
def test_construct_negotiation(sample_client, accept, fmt):
    response = sample_client.get("/sparql", query_string={"query": KNOWS}, headers={"Accept": accept})
    assert response.status_code == 200
    graph = Graph().parse(data=response.data, format=fmt)
    assert len(graph) == 2 and (URIRef(EX + "bob"), URIRef(EX + "knows"), URIRef(EX + "carol")) in graph


def test_format_parameter_overrides_accept(sample_client):
    response = sample_client.get("/sparql", query_string={"query": PERSONS, "format": "csv"}, headers={"Accept": "application/sparql-results+xml"})
    assert response.mimetype == "text/csv"
    assert list(csv.reader(io.StringIO(response.get_data(as_text=True))))[1] == [EX + "alice"]
    ttl = sample_client.get("/sparql", query_string={"query": KNOWS, "format": "ntriples"})
    assert ttl.mimetype == "application/n-triples" and len(ttl.data.splitlines()) == 2
    wrong = sample_client.get("/sparql", query_string={"query": PERSONS, "format": "turtle"})
    assert wrong.status_code == 400 and "does not fit" in wrong.json["error"]["message"]


def test_unsatisfiable_accept_is_406(sample_client):
    response = sample_client.get("/sparql", query_string={"query": PERSONS}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.json["error"]["reason"] == "not_acceptable"


def test_bad_query_is_400_with_message_and_position(sample_client):
    response = sample_client.get("/sparql", query_string={"query": "SELECT ?s WHERE {\n  ?s ?p \n}"})
    assert response.status_code == 400
    error = response.json["error"]
    assert error["reason"] == "query_syntax" and error["line"] == 3 and "column" in error and error["message"]


def test_unsupported_post_content_type_is_415(sample_client):
    for content_type in ("text/plain", "application/json", None):
        response = sample_client.post("/sparql", data=b"SELECT * {}", content_type=content_type)
        assert response.status_code == 415, content_type
        assert response.json["error"]["reason"] == "unsupported_media_type"


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "POST", "data": b"INSERT DATA { <a:a> <a:b> <a:c> }", "content_type": "application/sparql-update"},
        {"method": "POST", "data": {"update": "INSERT DATA { <a:a> <a:b> <a:c> }"}},
        {"method": "GET", "query_string": {"query": "DELETE WHERE { ?s ?p ?o }"}},
    ],
)
def test_updates_are_refused_read_only(sample_client, request_kwargs):
    response = sample_client.open("/sparql", **request_kwargs)
    assert response.status_code == 400
    assert response.json["error"]["reason"] == "forbidden_operation"
    assert "read-only" in response.json["error"]["message"]
    assert len(subjects(sample_client.get("/sparql", query_string={"query": PERSONS}).data)) == 7


def test_service_is_refused_over_http(sample_client):
    response = sample_client.post("/sparql", data={"query": "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
    assert response.status_code == 400
    assert response.json["error"]["reason"] == "forbidden_operation"
    assert "SERVICE" in response.json["error"]["message"]


def test_timeout_parameter_is_checked(sample_client):
    for bad in ("soon", "-1", "0", "nan"):
        response = sample_client.get("/sparql", query_string={"query": PERSONS, "timeout": bad})
        assert response.status_code == 400, bad
    ok = sample_client.get("/sparql", query_string={"query": PERSONS, "timeout": "1000"})
    assert ok.status_code == 200  # capped at the operator's maximum, not refused


def test_body_over_limit_is_413(sample_app):
    client = sample_app.test_client()
    limit = sample_app.config["TIPKG_SETTINGS"].max_body_bytes
    response = client.post("/sparql", data=b"SELECT * {} #" + b"x" * limit, content_type="application/sparql-query")
    assert response.status_code == 413
    assert response.json["error"]["reason"] == "payload_too_large"


def test_no_query_browser_gets_the_page_rdf_clients_the_description(sample_client):
    page = sample_client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "<textarea" in html and 'name="query"' in html
    for accept, fmt in (("text/turtle", "turtle"), ("*/*", "turtle"), ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")):
        response = sample_client.get("/sparql", headers={"Accept": accept})
        assert response.status_code == 200
        graph = Graph().parse(data=response.data, format=fmt)
        sd = "http://www.w3.org/ns/sparql-service-description#"
        service = next(graph.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(sd + "Service")))
        assert (service, URIRef(sd + "feature"), URIRef(sd + "UnionDefaultGraph")) in graph
        assert (service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in graph
        triples = graph.value(predicate=URIRef("http://rdfs.org/ns/void#triples"), any=True)
        assert {int(o) for o in graph.objects(None, URIRef("http://rdfs.org/ns/void#triples"))} == {27}, triples
        names = set(graph.objects(None, URIRef(sd + "name")))
        assert URIRef(EX + "graph/people") in names and len(names) == 3


def test_query_page_lists_shipped_examples(sample_client):
    from markupsafe import escape

    from tipkg.assets import query_files

    html = sample_client.get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
    titles = [
        line.split(":", 1)[1].strip()
        for file in query_files()
        for line in file.read_text(encoding="utf-8").splitlines()
        if line.lower().startswith("# title:")
    ]
    assert titles, "the package ships titled example queries"
    for title in titles:
        assert str(escape(title)) in html
    example = sample_client.get("/sparql", query_string={"example": query_files()[0].name.removesuffix(".rq")}, headers={"Accept": "text/html"})
    assert str(escape(query_files()[0].read_text(encoding="utf-8").splitlines()[0])) in example.get_data(as_text=True)


def test_cors_and_preflight(sample_client):
    response = sample_client.get("/sparql", query_string={"query": PERSONS}, headers={"Origin": "https://example.net"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = sample_client.options("/sparql", headers={"Origin": "https://example.net", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "Content-Type"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]


def test_health(sample_client):
    body = sample_client.get("/health").json
    assert body["status"] == "ok" and body["triples"] == 27 and body["graphs"] == 3 and body["version"]


# Over real HTTP (gunicorn, 2 workers)

def test_sparqlwrapper_json_and_xml(sample_server):
    from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper

    client = SPARQLWrapper(sample_server.url + "/sparql")
    client.setQuery(PERSONS)
    client.setReturnFormat(JSON)
    result = client.query().convert()
    assert [b["s"]["value"] for b in result["results"]["bindings"]][0] == EX + "alice"
    client.setReturnFormat(XML)
    xml = client.query().convert()
    assert len(xml.getElementsByTagName("result")) == 7
    client.setMethod(POST)
    client.setQuery(KNOWS)
    client.setReturnFormat(TURTLE)
    data = client.query().convert()
    assert len(Graph().parse(data=data, format="turtle")) == 2


def test_rdflib_sparqlstore(sample_server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(sample_server.url + "/sparql", returnFormat="json"))
    labels = {str(row.l) for row in graph.query(f"SELECT ?l WHERE {{ <{EX}alice> <{RDFS_LABEL}> ?l }}")}
    assert labels == {"Alice", "Alisa"}


def test_chunked_body_over_limit_is_413_not_cut(start_server, tmp_path):
    from fixtures_sparql import SAMPLE

    server = start_server(["--data", str(SAMPLE), "--union-default-graph", "--workers", "1", "--max-body-bytes", "1000"])

    def chunks():
        yield b"SELECT * { ?s ?p ?o } #"
        for _ in range(20):
            yield b"x" * 100

    response = requests.post(server.url + "/sparql", data=chunks(), headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert response.status_code == 413
    assert response.json()["error"]["reason"] == "payload_too_large"
    small = requests.post(server.url + "/sparql", data=iter([b"SELECT * { ?s ?p ?o }"]), headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert small.status_code == 200 and len(small.json()["results"]["bindings"]) == 27
    declared = requests.post(server.url + "/sparql", data=b"x" * 2000, headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert declared.status_code == 413


def test_truncation_header_and_body(limited_server):
    response = requests.get(limited_server.url + "/sparql", params={"query": "SELECT * { ?s ?p ?o }"}, timeout=30)
    assert response.status_code == 200
    assert response.headers["X-Tipkg-Truncated"] == "true" and response.headers["X-Tipkg-Result-Limit"] == "5"
    body = response.json()
    assert len(body["results"]["bindings"]) == 5 and body["truncated"]["limit"] == 5
    csv_response = requests.get(limited_server.url + "/sparql", params={"query": "SELECT * { ?s ?p ?o }", "format": "csv"}, timeout=30)
    assert csv_response.headers["X-Tipkg-Truncated"] == "true" and len(csv_response.text.splitlines()) == 6
    ttl = requests.get(limited_server.url + "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, timeout=30)
    assert ttl.headers["X-Tipkg-Truncated"] == "true" and ttl.text.startswith("# truncated")
    small = requests.get(limited_server.url + "/sparql", params={"query": PERSONS + " LIMIT 5"}, timeout=30)
    assert "X-Tipkg-Truncated" not in small.headers and len(small.json()["results"]["bindings"]) == 5


def test_remote_mode_end_to_end(start_server, oxigraph_server):
    server = start_server(["--sparql-url", oxigraph_server, "--dev"])
    health = requests.get(server.url + "/health", timeout=30).json()
    assert health["store"] == "remote" and health["triples"] == 27
    response = requests.get(server.url + "/sparql", params={"query": PERSONS}, headers={"Accept": "text/csv"}, timeout=30)
    assert response.status_code == 200 and response.text.splitlines()[1] == EX + "alice"
    refused = requests.get(server.url + "/sparql", params={"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}, timeout=30)
    assert refused.status_code == 400


# The project's own built dataset (needs the lead's `tipkg build` to pass its gate)

def test_built_dataset_is_served(client, data_dir):
    manifest = json.loads((data_dir / "current" / "manifest.json").read_text(encoding="utf-8"))
    health = client.get("/health").json
    assert health["version"] == manifest["version"] and health["triples"] == manifest["triples"] > 0
    response = client.get("/sparql", query_string={"query": "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } }"})
    assert int(response.json["results"]["bindings"][0]["n"]["value"]) == len(manifest["graphs"])


def test_built_dataset_over_gunicorn(live_server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(live_server.url + "/sparql")
    client.setQuery("PREFIX tip: <https://w3id.org/asean-tip/ontology#> SELECT (COUNT(?c) AS ?n) { ?c a tip:Commitment }")
    client.setReturnFormat(JSON)
    assert int(client.query().convert()["results"]["bindings"][0]["n"]["value"]) > 0
