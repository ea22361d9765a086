"""POST /validate: every input syntax, report forms, options, limits, and nothing published changes."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
import requests
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

TIP = "https://w3id.org/asean-tip/ontology#"
SH = "http://www.w3.org/ns/shacl#"
BAD = f"""@prefix tip: <{TIP}> .
<https://example.org/c1> a tip:Commitment .
"""


def _graph_in(fmt: str) -> tuple[bytes, str]:
    g = Graph()
    g.add((URIRef("https://example.org/c1"), RDF.type, URIRef(TIP + "Commitment")))
    g.add((URIRef("https://example.org/c1"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("x", lang="en")))
    if fmt == "trig":
        ds = Dataset()
        ds.graph(URIRef("https://example.org/g")).__iadd__(g)
        return ds.serialize(format="trig").encode(), "application/trig"
    types = {"turtle": "text/turtle", "nt": "application/n-triples", "json-ld": "application/ld+json", "xml": "application/rdf+xml"}
    return g.serialize(format=fmt).encode(), types[fmt]


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld", "xml", "trig"])
def test_every_syntax_gets_a_report(ld_client, fmt):
    body, media_type = _graph_in(fmt)
    r = ld_client.post("/validate", data=body, headers={"Content-Type": media_type, "Accept": "application/json"})
    assert r.status_code == 200
    doc = r.json
    assert doc["conforms"] is False and doc["submitted_triples"] == 2
    assert doc["results_count"] == len(doc["results"]) > 0
    first = doc["results"][0]
    assert set(first) >= {"focus_node", "path", "value", "severity", "message", "source_shape", "constraint_component"}
    assert any(res["focus_node"] == "https://example.org/c1" for res in doc["results"])


def test_conforming_data_says_so(ld_client):
    r = ld_client.post("/validate", data=b"<https://example.org/a> <https://example.org/p> 1 .", headers={"Content-Type": "text/turtle"})
    assert r.status_code == 200 and r.json["conforms"] is True and r.json["results"] == []


def test_report_as_turtle_and_jsonld(ld_client):
    for accept, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld")):
        r = ld_client.post("/validate", data=BAD.encode(), headers={"Content-Type": "text/turtle", "Accept": accept})
        assert r.status_code == 200 and r.mimetype == accept
        g = Graph().parse(data=r.data, format=fmt)
        report = next(g.subjects(RDF.type, URIRef(SH + "ValidationReport")))
        assert g.value(report, URIRef(SH + "conforms")).toPython() is False
    forced = ld_client.post("/validate?format=json", data=BAD.encode(), headers={"Content-Type": "text/turtle", "Accept": "text/turtle"})
    assert forced.mimetype == "application/json"


TWINS = f"""@prefix tip: <{TIP}> .
[] a tip:Commitment .
[] a tip:Commitment .
"""


def test_every_result_in_every_form_and_the_same_bytes(ld_client):
    """Two blank commitments alike break the same shapes: their results stay apart in the
    JSON results (they had one label), the Turtle and the JSON-LD, and a second request
    gives the same bytes (the report's blank nodes were random)."""
    doc = ld_client.post("/validate", data=TWINS.encode(), headers={"Content-Type": "text/turtle", "Accept": "application/json"}).json
    count = doc["results_count"]
    assert count == len(doc["results"]) >= 2 and count % 2 == 0
    assert len({r["focus_node"] for r in doc["results"]}) == 2
    for accept, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld")):
        bodies = {ld_client.post("/validate", data=TWINS.encode(), headers={"Content-Type": "text/turtle", "Accept": accept}).data for _ in range(2)}
        assert len(bodies) == 1, fmt
        g = Graph().parse(data=bodies.pop(), format=fmt)
        results = list(g.objects(None, URIRef(SH + "result")))
        assert len(results) == count, fmt
        assert len({g.value(r, URIRef(SH + "focusNode")) for r in results}) == 2, fmt


def test_inferred_triples_on_request(ld_client):
    r = ld_client.post("/validate?inference=rdfs&inferred=true", data=BAD.encode(), headers={"Content-Type": "text/turtle"})
    doc = r.json
    assert doc["inference"] == "rdfs" and doc["inferred_count"] > 0
    inferred = Graph().parse(data=doc["inferred"], format="nt")
    assert len(inferred) == doc["inferred_count"]
    r = ld_client.post("/validate?inference=rdfs&inferred=true", data=BAD.encode(), headers={"Content-Type": "text/turtle", "Accept": "application/trig"})
    ds = Dataset()
    ds.parse(data=r.data, format="trig")
    assert len(ds.graph(URIRef("urn:x-tipkg:inferred"))) == doc["inferred_count"]
    without = ld_client.post("/validate", data=BAD.encode(), headers={"Content-Type": "text/turtle"}).json
    assert "inferred" not in without


def test_context_graph_validates_with_the_published_data(ld_client, ld_store):
    fact = ld_store.select(f"SELECT ?x WHERE {{ ?x a <{TIP}Commitment> }} LIMIT 1")[0]["x"]
    data = f"<{fact}> <{TIP}modality> <https://example.org/not-a-concept> .".encode()
    alone = ld_client.post("/validate", data=data, headers={"Content-Type": "text/turtle"}).json
    merged = ld_client.post("/validate?context=graph", data=data, headers={"Content-Type": "text/turtle"}).json
    assert merged["context"] == "graph"
    # with the published graph, the fact is a known Commitment and its shape applies
    assert not merged["conforms"] and merged["results_count"] > alone["results_count"]


def test_multipart_upload_takes_format_from_part_or_filename(ld_client):
    body, _ = _graph_in("nt")
    r = ld_client.post("/validate", data={"file": (io.BytesIO(body), "mine.nt")}, content_type="multipart/form-data")
    assert r.status_code == 200 and r.json["format"] == "ntriples"
    r = ld_client.post("/validate", data={"file": (io.BytesIO(BAD.encode()), "upload.bin", "text/turtle")}, content_type="multipart/form-data")
    assert r.status_code == 200 and r.json["format"] == "turtle"
    r = ld_client.post("/validate", data={"file": (io.BytesIO(b"x"), "upload.xyz")}, content_type="multipart/form-data")
    assert r.status_code == 415


def test_bad_input_answers(ld_client):
    r = ld_client.post("/validate", data=b"@prefix x: <http://e/> .\nx:a x:b .\nx:c x:d", headers={"Content-Type": "text/turtle"})
    assert r.status_code == 400 and r.json["error"]["reason"] == "data_syntax" and "line" in r.json["error"]["message"]
    r = ld_client.post("/validate", data=b"{", headers={"Content-Type": "application/ld+json"})
    assert r.status_code == 400 and "line 1" in r.json["error"]["message"]
    assert ld_client.post("/validate", data=b"x", headers={"Content-Type": "image/png"}).status_code == 415
    assert ld_client.post("/validate", data=b"x").status_code == 415
    assert ld_client.post("/validate", data=b"", headers={"Content-Type": "text/turtle"}).status_code == 400
    assert ld_client.post("/validate?inference=magic", data=BAD.encode(), headers={"Content-Type": "text/turtle"}).status_code == 400


def test_body_over_the_limit_is_413(ld_client, ld_settings):
    big = b"#" + b"x" * ld_settings.max_body_bytes + b"\n"
    r = ld_client.post("/validate", data=big, headers={"Content-Type": "text/turtle"})
    assert r.status_code == 413 and r.json["error"]["reason"] == "payload_too_large"


def test_form_page(ld_client):
    page = ld_client.get("/validate", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert '<form method="post"' in page and 'name="file"' in page and 'name="inference"' in page


def _published(server_url: str) -> tuple[str, int]:
    index = requests.get(f"{server_url}/dumps/index.json", timeout=30).json()
    nq = requests.get(f"{server_url}/dumps/dataset.nq", timeout=30).content
    triples = requests.get(f"{server_url}/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
                           headers={"Accept": "application/sparql-results+json"}, timeout=30).json()
    return hashlib.sha256(nq).hexdigest() + index["version"], int(triples["results"]["bindings"][0]["n"]["value"])


def test_live_validation_changes_nothing_and_chunked_bodies_are_limited(ld_server):
    before = _published(ld_server.url)
    ok = requests.post(f"{ld_server.url}/validate?context=graph&inference=owlrl", data=BAD.encode(),
                       headers={"Content-Type": "text/turtle", "Accept": "application/json"}, timeout=120)
    assert ok.status_code == 200 and ok.json()["conforms"] is False
    # a chunked body (no Content-Length) over the limit: Werkzeug alone would cut it silently
    chunks = (b"# " + b"x" * 65536 + b"\n" for _ in range(96))  # > the 5 MB default limit
    big = requests.post(f"{ld_server.url}/validate", data=chunks, headers={"Content-Type": "text/turtle"}, timeout=60)
    assert big.status_code == 413, big.text
    assert json.loads(big.text)["error"]["reason"] == "payload_too_large"
    assert _published(ld_server.url) == before
