"""FAIR signposting: typed Link headers on the landing page, the dataset page and resource
pages, and every target they name answers here (cite-as, describedby, item, license, type)."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

import pytest
from ld_pick import local_path, person
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from requests.utils import parse_header_links

from tipkg.namespaces import BASE


def links(response) -> list[dict]:
    return parse_header_links(response.headers["Link"])


def rel(response, name: str) -> list[dict]:
    return [link for link in links(response) if link.get("rel") == name]


def path_of(url: str) -> str:
    parts = urlsplit(url)
    assert parts.netloc == "localhost", url
    return parts.path


@pytest.fixture(scope="module")
def manifest(app):
    from tipkg.server import state

    with app.test_request_context("/"):
        return state.manifest()


@pytest.mark.parametrize("page", ["/", "/dataset", "/dataset.ttl"])
def test_dataset_pages_cite_the_served_version(client, manifest, page):
    r = client.get(page)
    assert r.status_code == 200
    cite = rel(r, "cite-as")
    assert [c["url"] for c in cite] == [f"{BASE}dataset/versions/{manifest['version']}"]
    # the versioned IRI dereferences here: 303 to the dataset page
    hop = client.get(path_of("http://localhost/" + cite[0]["url"][len(BASE):]))
    assert hop.status_code == 303 and hop.headers["Location"] == "http://localhost/dataset"


def test_another_version_is_a_json_404(client):
    r = client.get("/dataset/versions/0000000000000000", headers={"Accept": "application/json"})
    assert r.status_code == 404 and r.json["error"]["reason"] == "not_found"


@pytest.mark.parametrize("page", ["/", "/dataset"])
def test_describedby_is_typed_and_serves_the_dataset_description(client, page):
    described = rel(client.get(page), "describedby")
    assert {d["type"] for d in described} == {"text/turtle", "application/ld+json"}
    for d in described:
        r = client.get(path_of(d["url"]))
        assert r.status_code == 200 and r.mimetype == d["type"]
    turtle = next(d for d in described if d["type"] == "text/turtle")
    g = Graph().parse(data=client.get(path_of(turtle["url"])).data, format="turtle")
    assert (URIRef("http://localhost/dataset"), None, None) in g or (URIRef(BASE + "dataset"), None, None) in g


@pytest.mark.parametrize("page", ["/", "/dataset"])
def test_items_are_the_dumps_with_their_types_and_bytes(client, manifest, page):
    items = rel(client.get(page), "item")
    expected = {f["name"]: f for f in manifest["files"] if not f.get("encoding")}
    assert {path_of(i["url"]).rsplit("/", 1)[1] for i in items} == set(expected) and len(expected) >= 4
    for item in items:
        entry = expected[path_of(item["url"]).rsplit("/", 1)[1]]
        assert item["type"] == entry["media_type"]
    nq = next(i for i in items if i["url"].endswith("/dataset.nq"))
    body = client.get(path_of(nq["url"])).data
    assert hashlib.sha256(body).hexdigest() == expected["dataset.nq"]["sha256"]


@pytest.mark.parametrize("page", ["/", "/dataset"])
def test_licence_and_type(client, page):
    r = client.get(page)
    assert [lic["url"] for lic in rel(r, "license")] == ["https://creativecommons.org/licenses/by/4.0/"]
    assert {t["url"] for t in rel(r, "type")} == {"https://schema.org/Dataset", "https://schema.org/AboutPage"}


@pytest.mark.parametrize("accept", ["text/html", "text/turtle"])
def test_resource_page_signposts_the_thing(client, ld_store, manifest, accept):
    iri = str(person(ld_store))
    doc = local_path(iri).replace("/id/", "/doc/", 1)
    r = client.get(doc, headers={"Accept": accept})
    assert r.status_code == 200
    assert [c["url"] for c in rel(r, "cite-as")] == [iri]
    assert [c["url"] for c in rel(r, "collection")] == [f"{BASE}dataset/versions/{manifest['version']}"]
    assert len(rel(r, "license")) == 1
    described = rel(r, "describedby")
    typed = {d["type"]: d["url"] for d in described if d.get("type")}
    assert set(typed) == {"text/turtle", "application/ld+json"}
    g = Graph().parse(data=client.get(path_of(typed["text/turtle"])).data, format="turtle")
    types = {str(t) for t in g.objects(URIRef(iri), RDF.type)}
    assert types and types | {"https://schema.org/AboutPage"} == {t["url"] for t in rel(r, "type")}
