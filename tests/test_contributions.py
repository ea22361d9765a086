"""``/contributions`` over a real gunicorn server (2 workers) on a copy of the built data
folder: refusals in the JSON error shape, a conforming post published as a new version
(graph, dumps, list, provenance), retraction, two posts in parallel, and 404 without
``--contributors``."""

from __future__ import annotations

import shutil
import threading

import pytest
import requests

from tipkg.contributors import token_hash

GOOD = """@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/asean-tip/id/person/{slug}> a foaf:Person ; foaf:name "{name}" ;
    rdfs:label "{name}"@en , "{name}"@id .
"""
BAD = """@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<https://example.org/not-our-iri> a foaf:Person .
"""
TURTLE = {"Content-Type": "text/turtle"}


def auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def sparql(server, query: str) -> list[dict]:
    r = requests.get(f"{server.url}/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["results"]["bindings"]


def ask(server, query: str) -> bool:
    r = requests.get(f"{server.url}/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["boolean"]


def version(server) -> str:
    return requests.get(f"{server.url}/health", timeout=10).json()["version"]


@pytest.fixture(scope="module")
def contrib_server(start_server, data_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("contrib")
    data = folder / "data"
    shutil.copytree(data_dir, data, symlinks=True)
    people = folder / "contributors.toml"
    people.write_text(
        f'[[contributor]]\nname = "Ayu"\ntoken_sha256 = "{token_hash("ayu-token")}"\n\n'
        f'[[contributor]]\nname = "Budi"\ntoken_sha256 = "{token_hash("budi-token")}"\n', encoding="utf-8")
    server = start_server(["--data-dir", str(data), "--workers", "2", "--contributors", str(people)])
    server.data = data
    return server


@pytest.mark.parametrize("headers,status,words", [
    ({}, 401, "Bearer TOKEN"),
    ({"Authorization": "Basic YXl1OnNlY3JldA=="}, 401, "Bearer TOKEN"),
    (auth("not-a-listed-token"), 403, "not a listed"),
])
def test_refusals_without_a_listed_token(contrib_server, headers, status, words):
    before = version(contrib_server)
    r = requests.post(f"{contrib_server.url}/contributions", data=GOOD.format(slug="x", name="X"), headers={**TURTLE, **headers}, timeout=30)
    assert r.status_code == status and words in r.json()["error"]["message"]
    assert r.json()["error"]["reason"] == ("unauthorized" if status == 401 else "forbidden")
    if status == 401:
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert version(contrib_server) == before


def test_not_conforming_is_422_with_the_report_and_nothing_changes(contrib_server):
    before = version(contrib_server)
    r = requests.post(f"{contrib_server.url}/contributions", data=BAD, headers={**TURTLE, **auth("ayu-token")}, timeout=60)
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["reason"] == "not_conforming" and error["report"]["conforms"] is False
    assert any(res["focus_node"] == "https://example.org/not-our-iri" for res in error["report"]["results"])
    assert version(contrib_server) == before
    assert not sparql(contrib_server, "SELECT ?p WHERE { GRAPH ?g { <https://example.org/not-our-iri> ?p ?o } }")


@pytest.mark.parametrize("accept,media,syntax", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/ld+json", "application/ld+json", "json-ld"),
])
def test_the_422_report_comes_in_turtle_or_json_ld_by_accept(contrib_server, accept, media, syntax):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import SH

    before = version(contrib_server)
    r = requests.post(f"{contrib_server.url}/contributions", data=BAD, headers={**TURTLE, **auth("ayu-token"), "Accept": accept}, timeout=60)
    assert r.status_code == 422 and r.headers["Content-Type"].startswith(media), r.text
    assert r.headers["X-Tipkg-Error-Reason"] == "not_conforming" and r.headers["X-Tipkg-Conforms"] == "false"
    report = Graph().parse(data=r.text, format=syntax)
    assert (None, SH.conforms, Literal(False)) in report
    assert URIRef("https://example.org/not-our-iri") in set(report.objects(None, SH.focusNode))
    assert version(contrib_server) == before
    # ?format= too, and an Accept nothing answers is 406 before anything runs
    r = requests.post(f"{contrib_server.url}/contributions?format={syntax.replace('-', '')}", data=BAD,
                      headers={**TURTLE, **auth("ayu-token")}, timeout=60)
    assert r.status_code == 422 and r.headers["Content-Type"].startswith(media)
    r = requests.post(f"{contrib_server.url}/contributions", data=GOOD.format(slug="never-406", name="Never"),
                      headers={**TURTLE, **auth("ayu-token"), "Accept": "image/png"}, timeout=60)
    assert r.status_code == 406 and r.json()["error"]["reason"] == "not_acceptable"
    assert version(contrib_server) == before


def test_unparsable_and_unsupported_bodies_are_precise_4xx(contrib_server):
    r = requests.post(f"{contrib_server.url}/contributions", data="<a> <b> .", headers={**TURTLE, **auth("ayu-token")}, timeout=30)
    assert r.status_code == 400 and r.json()["error"]["reason"] == "data_syntax"
    r = requests.post(f"{contrib_server.url}/contributions", data="hello", headers={"Content-Type": "image/png", **auth("ayu-token")}, timeout=30)
    assert r.status_code == 415


def test_a_conforming_post_is_published_listed_and_retracted(contrib_server):
    server = contrib_server
    before = version(server)
    r = requests.post(f"{server.url}/contributions", data=GOOD.format(slug="ayu-contrib", name="Ayu Contrib"),
                      headers={**TURTLE, **auth("ayu-token")}, timeout=60)
    assert r.status_code == 201, r.text
    made = r.json()
    graph = made["graph"]
    assert graph == f"https://w3id.org/asean-tip/graph/contribution/{made['id']}"
    assert r.headers["Location"] == f"{server.url}/contributions/{made['id']}"
    assert made["version"] != before and made["validated_against"] == before and made["triples"] == 4
    assert version(server) == made["version"]
    # the triples in their own graph, with provenance in the metadata graph
    rows = sparql(server, f"SELECT ?name WHERE {{ GRAPH <{graph}> {{ ?s <http://xmlns.com/foaf/0.1/name> ?name }} }}")
    assert [b["name"]["value"] for b in rows] == ["Ayu Contrib"]
    prov = sparql(server, "SELECT ?who ?when WHERE { GRAPH <https://w3id.org/asean-tip/graph/metadata> { "
                          f"<{graph}> <http://www.w3.org/ns/prov#wasAttributedTo> ?a ; <http://www.w3.org/ns/prov#generatedAtTime> ?when . "
                          "?a <http://www.w3.org/2000/01/rdf-schema#label> ?who } }")
    assert [b["who"]["value"] for b in prov] == ["Ayu"]
    # the dataset's VoID names the graph as a subset
    subset = ("ASK { GRAPH <https://w3id.org/asean-tip/graph/metadata> { "
              f"<https://w3id.org/asean-tip/dataset> <http://rdfs.org/ns/void#subset> <{graph}> }} }}")
    assert ask(server, subset)
    # in the dumps and in the list (JSON and HTML)
    assert f"<{graph}> ." in requests.get(f"{server.url}/dumps/dataset.nq", timeout=30).text
    listed = requests.get(f"{server.url}/contributions", timeout=10).json()
    assert listed["version"] == made["version"]
    assert [(c["id"], c["contributor"], c["triples"]) for c in listed["contributions"]] == [(made["id"], "Ayu", 4)]
    page = requests.get(f"{server.url}/contributions", headers={"Accept": "text/html"}, timeout=10)
    assert page.status_code == 200 and f'data-id="{made["id"]}"' in page.text and "Ayu" in page.text
    one = requests.get(r.headers["Location"], allow_redirects=False, timeout=10)
    assert one.status_code == 303 and one.headers["Location"].endswith(f"/graph/contribution/{made['id']}")
    assert "Ayu Contrib" in requests.get(one.headers["Location"] + ".ttl", timeout=10).text
    # only Ayu retracts it
    other = requests.delete(r.headers["Location"], headers=auth("budi-token"), timeout=30)
    assert other.status_code == 403 and other.json()["error"]["reason"] == "forbidden"
    gone = requests.delete(r.headers["Location"], headers=auth("ayu-token"), timeout=60)
    assert gone.status_code == 200, gone.text
    assert gone.json()["version"] not in (before, made["version"]) and version(server) == gone.json()["version"]
    assert not sparql(server, f"SELECT ?s WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    retracted = sparql(server, "SELECT ?t WHERE { GRAPH <https://w3id.org/asean-tip/graph/metadata> { "
                               f"<{graph}> <http://www.w3.org/ns/prov#invalidatedAtTime> ?t }} }}")
    assert len(retracted) == 1
    assert not ask(server, subset)
    assert requests.get(f"{server.url}/contributions", timeout=10).json()["contributions"] == []
    assert requests.delete(r.headers["Location"], headers=auth("ayu-token"), timeout=30).status_code == 404
    # the data folder keeps the record
    assert (server.data / "contributions" / f"{made['id']}.nt").read_text(encoding="utf-8").count(" .\n") == 4


def test_two_posts_in_parallel_give_two_versions_with_both_graphs(contrib_server):
    server = contrib_server
    answers: dict[str, requests.Response] = {}

    def post(who: str, token: str) -> None:
        answers[who] = requests.post(f"{server.url}/contributions", data=GOOD.format(slug=f"{who}-parallel", name=f"{who} Parallel"),
                                     headers={**TURTLE, **auth(token)}, timeout=120)

    threads = [threading.Thread(target=post, args=args) for args in (("ayu", "ayu-token"), ("budi", "budi-token"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.status_code == 201 for r in answers.values()), {k: r.text for k, r in answers.items()}
    versions = {r.json()["version"] for r in answers.values()}
    assert len(versions) == 2 and version(server) in versions
    graphs = {r.json()["graph"] for r in answers.values()}
    rows = sparql(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'https://w3id.org/asean-tip/graph/contribution/')) }")
    assert graphs <= {b["g"]["value"] for b in rows}


def test_a_failing_write_is_5xx_and_changes_nothing(contrib_server):
    server = contrib_server
    before, listed = version(server), requests.get(f"{server.url}/contributions", timeout=10).json()["contributions"]
    folder = server.data / "contributions"
    aside = folder.rename(server.data / "contributions-aside")
    folder.write_text("not a folder", encoding="utf-8")  # the server runs as root here: chmod would not stop it
    try:
        r = requests.post(f"{server.url}/contributions", data=GOOD.format(slug="never", name="Never"),
                          headers={**TURTLE, **auth("ayu-token")}, timeout=60)
        assert r.status_code == 500 and r.json()["error"]["reason"] == "internal_error"
    finally:
        folder.unlink()
        aside.rename(folder)
    assert version(server) == before
    assert requests.get(f"{server.url}/contributions", timeout=10).json()["contributions"] == listed
    assert not sparql(server, "SELECT ?o WHERE { GRAPH ?g { <https://w3id.org/asean-tip/id/person/never> ?p ?o } }")


def test_kill_9_during_a_post_then_a_restart_serves_one_whole_version(start_server, contrib_server):
    import signal
    import time

    server = contrib_server
    before = version(server)
    done: list = []
    poster = threading.Thread(target=lambda: done.append(_post_quietly(server)))
    poster.start()
    time.sleep(0.5)  # mid-validation or mid-write
    server.stop(signal.SIGKILL)
    poster.join()
    again = start_server(["--data-dir", str(server.data), "--workers", "1", "--contributors", str(server.data.parent / "contributors.toml")])
    served = version(again)
    listed = {c["graph"] for c in requests.get(f"{again.url}/contributions", timeout=10).json()["contributions"]}
    rows = sparql(again, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'https://w3id.org/asean-tip/graph/contribution/')) }")
    assert listed == {b["g"]["value"] for b in rows}  # the list and the data are one version
    killed = sparql(again, "SELECT ?o WHERE { GRAPH ?g { <https://w3id.org/asean-tip/id/person/killed-post> ?p ?o } }")
    assert (served == before) == (not killed)
    again.stop()


def _post_quietly(server):
    try:
        return requests.post(f"{server.url}/contributions", data=GOOD.format(slug="killed-post", name="Killed Post"),
                             headers={**TURTLE, **auth("ayu-token")}, timeout=60).status_code
    except requests.RequestException as error:
        return error


def test_without_contributors_the_route_is_404_and_not_advertised(live_server):
    for method in ("GET", "POST"):
        r = requests.request(method, f"{live_server.url}/contributions", data=BAD, headers={**TURTLE, **auth("ayu-token")}, timeout=30)
        assert r.status_code == 404 and r.json()["error"]["reason"] == "not_found"
    assert "/contributions" not in requests.get(f"{live_server.url}/", timeout=30).text
