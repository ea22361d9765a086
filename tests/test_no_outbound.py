"""No request makes the server open a connection or read a local file.

A listener on a loopback port records every connection. Each vector (SPARQL SERVICE in
many spellings, LOAD, FROM, dataset parameters, JSON-LD remote contexts, RDF/XML external
DTDs and entities, owl:imports, sh:shapesGraph, file: IRIs, dereferencing routes) is sent
to the in-process app and to the gunicorn server; the listener must see nothing. The last
test allow-lists the listener's endpoint and sees the call arrive: the listener works.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import requests
from fixtures_hostile import error_of
from fixtures_sparql import SAMPLE

PASSWD = "/etc/passwd"
PASSWD_LINE = "root:x:0:0"  # first line of /etc/passwd on Debian


def _both(client, live_server, method: str, path: str, **kwargs) -> list:
    """The same request to the in-process app and to the live server: [(status, body, response)]."""
    inproc = client.open(path, method=method, query_string=kwargs.get("params"), data=kwargs.get("data"),
                         headers=kwargs.get("headers"))
    live = requests.request(method, live_server.url + path, params=kwargs.get("params"), data=kwargs.get("data"),
                            headers=kwargs.get("headers"), timeout=60, allow_redirects=False)
    return [(inproc.status_code, inproc.get_data(as_text=True), inproc), (live.status_code, live.text, live)]


def _service_queries(url: str) -> list[tuple[str, str]]:
    endpoint = f"<{url}/sparql>"
    return [
        ("plain", f"SELECT * {{ SERVICE {endpoint} {{ ?s ?p ?o }} }}"),
        ("silent", f"SELECT * {{ SERVICE SILENT {endpoint} {{ ?s ?p ?o }} }}"),
        ("lowercase", f"select * {{ service silent {endpoint} {{ ?s ?p ?o }} }}"),
        ("subquery", f"SELECT * {{ {{ SELECT ?s {{ ?s ?p ?o . SERVICE {endpoint} {{ ?s ?p ?o }} }} }} }}"),
        ("exists", f"ASK {{ FILTER EXISTS {{ SERVICE {endpoint} {{ ?s ?p ?o }} }} }}"),
        ("construct", f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE {endpoint} {{ ?s ?p ?o }} }}"),
        ("variable", f"SELECT * {{ VALUES ?e {{ {endpoint} }} SERVICE ?e {{ ?s ?p ?o }} }}"),
        ("variable bound", f"SELECT * {{ BIND({endpoint} AS ?e) SERVICE SILENT ?e {{ ?s ?p ?o }} }}"),
        ("prefixed", f"PREFIX l: <{url}/> SELECT * {{ SERVICE l:sparql {{ ?s ?p ?o }} }}"),
        ("relative to BASE", f"BASE <{url}/> SELECT * {{ SERVICE <sparql> {{ ?s ?p ?o }} }}"),
        ("relative to the endpoint", "SELECT * { SERVICE <sparql> { ?s ?p ?o } }"),
        # odd spacing and comments
        ("no spaces", f"SELECT*{{SERVICE{endpoint}{{?s ?p ?o}}}}"),
        ("newlines and tabs", f"SELECT *\n{{\n\tSERVICE\n\t\t{endpoint}\n{{ ?s ?p ?o }} }}"),
        ("comment between", f"SELECT * {{ SERVICE # {endpoint}\n SILENT # the endpoint follows\n {endpoint} {{ ?s ?p ?o }} }}"),
        ("mixed case", f"SELECT * {{ sErViCe SiLeNt {endpoint} {{ ?s ?p ?o }} }}"),
        # pyoxigraph reads keywords without a word boundary: each of these called out
        ("glued SILENT", f"SELECT * {{ SERVICESILENT{endpoint} {{ ?s ?p ?o }} }}"),
        ("glued prefixed name", f"PREFIX l: <{url}/> SELECT * {{ SERVICEl:sparql {{ ?s ?p ?o }} }}"),
        ("glued empty prefix", f"PREFIX : <{url}/> SELECT * {{ SERVICE:sparql {{ ?s ?p ?o }} }}"),
        ("glued SILENT prefixed", f"PREFIX l: <{url}/> SELECT * {{ SERVICE SILENTl:sparql {{ ?s ?p ?o }} }}"),
        ("glued variable", f"SELECT * {{ VALUES ?e {{ {endpoint} }} SERVICESILENT?e {{ ?s ?p ?o }} }}"),
        ("after an escaped hash", f"PREFIX e: <http://e.invalid/> SELECT * {{ ?s ?p e:a\\# }} SERVICE {endpoint} {{ ?s ?p ?o }} }}"),
    ]


@pytest.fixture(scope="module")
def service_cases(listener):
    return _service_queries(listener.url)


def test_service_is_refused_in_every_spelling(client, live_server, silent_listener, service_cases):
    for name, query in service_cases:
        for status, text, response in _both(client, live_server, "POST", "/sparql", data={"query": query}):
            assert status == 400, (name, text)
            error = error_of(response)
            assert error["reason"] == "forbidden_operation" and error["operation"] == "service", (name, error)
        # also as a GET with the query in the URL
        response = requests.get(live_server.url + "/sparql", params={"query": query}, timeout=60)
        assert response.status_code == 400, name


def test_load_is_refused_as_an_update(client, live_server, silent_listener):
    for query in (f"LOAD <{silent_listener.url}/x>", f"LOAD SILENT <{silent_listener.url}/x> INTO GRAPH <urn:g>"):
        for status, _, response in _both(client, live_server, "POST", "/sparql", data={"query": query}):
            assert status == 400 and error_of(response)["operation"] == "update"
        update = requests.post(live_server.url + "/sparql", data=query.encode(), timeout=60,
                               headers={"Content-Type": "application/sparql-update"})
        assert update.status_code == 400 and error_of(update)["operation"] == "update"
        form = requests.post(live_server.url + "/sparql", data={"update": query}, timeout=60)
        assert form.status_code == 400 and error_of(form)["operation"] == "update"


def test_remote_graph_names_select_empty_graphs(client, live_server, silent_listener):
    url = silent_listener.url
    cases = [
        {"query": f"SELECT * FROM <{url}/x> {{ ?s ?p ?o }}"},
        {"query": f"SELECT * FROM NAMED <{url}/x> {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
        {"query": f"SELECT * FROM <file://{PASSWD}> {{ ?s ?p ?o }}"},
        {"query": "SELECT * { ?s ?p ?o }", "default-graph-uri": f"{url}/x"},
        {"query": "SELECT * { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": f"{url}/x"},
        {"query": "SELECT * { ?s ?p ?o }", "default-graph-uri": f"file://{PASSWD}"},
    ]
    for params in cases:
        for status, text, _ in _both(client, live_server, "GET", "/sparql", params=params):
            assert status == 200, (params, text)
            assert json.loads(text)["results"]["bindings"] == [], params
    describe = requests.get(live_server.url + "/sparql", params={"query": f"DESCRIBE <{url}/x>"}, timeout=60)
    assert describe.status_code == 200 and describe.text.strip() == ""


def _jsonld(url: str) -> dict[str, object]:
    return {
        "remote context": {"@context": f"{url}/ctx", "@id": "http://e.invalid/x", "http://e.invalid/p": 1},
        "context in a nested node": {"@id": "http://e.invalid/x", "http://e.invalid/p": {"@context": f"{url}/ctx", "@id": "http://e.invalid/y"}},
        "context in an array": [{"@context": [{"@vocab": "http://e.invalid/"}, f"{url}/ctx"], "@id": "http://e.invalid/x"}],
        "context in a nested array": {"@context": [[f"{url}/ctx"]], "@id": "http://e.invalid/x", "http://e.invalid/p": 1},
        "wrapped context": {"@context": {"@context": f"{url}/ctx"}, "@id": "http://e.invalid/x"},
        "scoped context": {"@context": {"p": {"@id": "http://e.invalid/p", "@context": f"{url}/ctx"}}, "@id": "http://e.invalid/x", "p": {"@id": "http://e.invalid/y"}},
        "context in @graph": {"@graph": [{"@context": f"{url}/ctx", "@id": "http://e.invalid/z"}]},
        "@import": {"@context": {"@import": f"{url}/ctx", "@vocab": "http://e.invalid/"}, "@id": "http://e.invalid/x"},
        "file context": {"@context": f"file://{PASSWD}", "@id": "http://e.invalid/x"},
        "relative context": {"@context": "ctx.jsonld", "@id": "http://e.invalid/x"},
    }


def _xml(url: str) -> dict[str, str]:
    rdf = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="http://e.invalid/x"><rdf:value>&x;</rdf:value></rdf:Description></rdf:RDF>'
    return {
        "external DTD": f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF SYSTEM "{url}/dtd">\n' + rdf.replace("&x;", "1"),
        "public DTD": f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF PUBLIC "-//X//DTD X//EN" "{url}/dtd">\n' + rdf.replace("&x;", "1"),
        "file entity": f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY x SYSTEM "file://{PASSWD}"> ]>\n' + rdf,
        "remote entity": f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY x SYSTEM "{url}/entity"> ]>\n' + rdf,
        "parameter entity": f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY % p SYSTEM "{url}/pe"> %p; ]>\n' + rdf.replace("&x;", "1"),
        "billion laughs": '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY a "aaaaaaaaaa"> <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"> <!ENTITY x "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"> ]>\n' + rdf,
    }


def test_jsonld_remote_contexts_are_refused(client, live_server, silent_listener):
    for name, document in _jsonld(silent_listener.url).items():
        for status, text, response in _both(client, live_server, "POST", "/validate", data=json.dumps(document),
                                            headers={"Content-Type": "application/ld+json"}):
            assert status == 400, (name, text)
            assert error_of(response)["reason"] == "forbidden_operation", (name, text)
            assert PASSWD_LINE not in text


def test_xml_external_entities_are_refused(client, live_server, silent_listener):
    for name, document in _xml(silent_listener.url).items():
        for status, text, response in _both(client, live_server, "POST", "/validate", data=document.encode(),
                                            headers={"Content-Type": "application/rdf+xml"}):
            assert status == 400, (name, text)
            assert error_of(response)["reason"] == "forbidden_operation", (name, text)
            assert PASSWD_LINE not in text and "root:" not in text
    # an internal entity (common in OWL files) still works
    internal = '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY e "http://e.invalid/"> ]>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="&e;x"><rdf:value>1</rdf:value></rdf:Description></rdf:RDF>'
    ok = client.post("/validate", data=internal.encode(), content_type="application/rdf+xml")
    assert ok.status_code == 200 and ok.json["submitted_triples"] == 1


@pytest.mark.parametrize("inference", ["owlrl", "rdfs", "none"])
def test_owl_imports_and_shapes_graph_links_are_not_followed(client, live_server, silent_listener, inference):
    url = silent_listener.url
    turtle = f"""@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix sh: <http://www.w3.org/ns/shacl#> .
<http://e.invalid/o> a owl:Ontology ; owl:imports <{url}/o>, <file://{PASSWD}> ; sh:shapesGraph <{url}/s> .
<http://e.invalid/x> <http://e.invalid/p> <file://{PASSWD}> .
"""
    trig = f"<http://e.invalid/g> {{ {turtle.split(chr(10), 1)[1]} }}"
    prefixes = turtle.split("\n", 1)[0] + "\n"
    for body, media_type in ((turtle, "text/turtle"), (prefixes + trig, "application/trig")):
        for status, text, _ in _both(client, live_server, "POST", f"/validate?inference={inference}", data=body.encode(),
                                     headers={"Content-Type": media_type, "Accept": "application/json"}):
            assert status == 200, text
            report = json.loads(text)
            assert report["submitted_triples"] == 5 and report["inference"] == inference
            assert PASSWD_LINE not in text


def test_validate_cli_refuses_a_remote_context(tmp_path, silent_listener):
    document = tmp_path / "remote.jsonld"
    document.write_text(json.dumps({"@context": f"{silent_listener.url}/ctx", "@id": "http://e.invalid/x", "p": 1}))
    nested = tmp_path / "nested.jsonld"
    nested.write_text(json.dumps({"@context": [[f"{silent_listener.url}/ctx"]], "@id": "http://e.invalid/x"}))
    for path in (document, nested):
        run = subprocess.run([sys.executable, "-m", "tipkg", "validate", str(path)], capture_output=True, text=True, timeout=120)
        assert run.returncode == 2, run.stdout + run.stderr
        assert "remote @context" in run.stderr


def test_dereferencing_routes_never_fetch(client, live_server, silent_listener):
    url = silent_listener.url
    paths = [
        f"/id/{url}/x", f"/id/{url}/x.ttl", f"/doc/{url}/x", f"/doc/http:/127.0.0.1:{silent_listener.port}/x.jsonld",
        f"/graph/{url}/g", f"/id/file://{PASSWD}", "/id/..%2f..%2fetc%2fpasswd", "/dumps/..%2fmanifest.json",
        f"/dumps/{url}/dataset.nt", "/dumps/%2fetc%2fpasswd",
    ]
    for path in paths:
        for status, text, response in _both(client, live_server, "GET", path):
            assert status == 404, (path, status, text)
            error_of(response)
            assert PASSWD_LINE not in text


def test_an_allow_listed_endpoint_is_called(start_server, listener):
    """The control: with ``--service-allow`` the listener does see the call (and nothing else passes)."""
    allowed = f"{listener.url}/sparql"
    server = start_server(["--data", str(SAMPLE), "--union-default-graph", "--workers", "1", "--service-allow", allowed])
    listener.reset()
    url = server.url + "/sparql"
    answer = requests.get(url, params={"query": f"SELECT ?s {{ SERVICE <{allowed}> {{ ?s ?p ?o }} }}"}, timeout=60)
    assert answer.status_code == 200, answer.text
    assert answer.json()["results"]["bindings"] == [{"s": {"type": "uri", "value": "http://listener.invalid/answer"}}]
    assert any(line.startswith("POST /sparql ") for line in listener.seen() if isinstance(line, str)), listener.seen()
    listener.reset()
    other = requests.get(url, params={"query": f"SELECT ?s {{ SERVICE <{listener.url}/other> {{ ?s ?p ?o }} }}"}, timeout=60)
    assert other.status_code == 400 and error_of(other)["endpoints"] == [f"{listener.url}/other"]
    assert listener.seen() == []
