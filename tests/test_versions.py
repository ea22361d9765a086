"""The series of versions over a real gunicorn server on a copy of the built data folder:
``/dataset/versions`` (DCAT in RDF, and HTML) records the build, a contribution and its
retraction; ``/dataset/versions/{v}/diff`` gives the quads added and removed per graph
(text and HTML); the dataset page says how to cite a version; versions the data folder no
longer holds answer 404."""

from __future__ import annotations

import shutil

import pytest
import requests
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

from tipkg.contributors import token_hash

ADMS = Namespace("http://www.w3.org/ns/adms#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")  # DCAT 3 (rdflib knows DCAT 2: no DatasetSeries)
BASE = "https://w3id.org/asean-tip/"
SERIES = URIRef(BASE + "dataset/versions")
GOOD = """@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/asean-tip/id/person/versioned-one> a foaf:Person ; foaf:name "Versioned One" ;
    rdfs:label "Versioned One"@en , "Versioned One"@id .
"""
AUTH = {"Authorization": "Bearer sari-token", "Content-Type": "text/turtle"}


def vIRI(version: str) -> URIRef:
    return URIRef(f"{BASE}dataset/versions/{version}")


def served(server) -> str:
    return requests.get(f"{server.url}/health", timeout=10).json()["version"]


def series(server) -> Graph:
    r = requests.get(f"{server.url}/dataset/versions", headers={"Accept": "text/turtle"}, timeout=30)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle"), r.text
    return Graph().parse(data=r.text, format="turtle")


@pytest.fixture(scope="module")
def versioned(start_server, data_dir, tmp_path_factory):
    """A server on a copy of the build, after one contribution and its retraction:
    ``(server, built, contributed, retracted, contribution)``."""
    folder = tmp_path_factory.mktemp("versions")
    data = folder / "data"
    shutil.copytree(data_dir, data, symlinks=True)
    people = folder / "contributors.toml"
    people.write_text(f'[[contributor]]\nname = "Sari"\ntoken_sha256 = "{token_hash("sari-token")}"\n', encoding="utf-8")
    server = start_server(["--data-dir", str(data), "--workers", "2", "--contributors", str(people)])
    server.data = data
    built = served(server)
    r = requests.post(f"{server.url}/contributions", data=GOOD, headers=AUTH, timeout=60)
    assert r.status_code == 201, r.text
    made = r.json()
    gone = requests.delete(f"{server.url}/contributions/{made['id']}", headers=AUTH, timeout=60)
    assert gone.status_code == 200, gone.text
    return server, built, made["version"], gone.json()["version"], made


def test_the_series_records_the_build_the_contribution_and_the_retraction(versioned):
    server, built, contributed, retracted, made = versioned
    g = series(server)
    assert (SERIES, RDF.type, DCAT.DatasetSeries) in g
    members = set(g.subjects(DCAT.inSeries, SERIES)) - {URIRef(BASE + "dataset")}
    assert {vIRI(built), vIRI(contributed), vIRI(retracted)} <= members
    for v in (built, contributed, retracted):
        assert (vIRI(v), RDF.type, DCAT.Dataset) in g and (vIRI(v), DCAT.version, Literal(v)) in g
    assert (vIRI(contributed), DCAT.prev, vIRI(built)) in g and (vIRI(retracted), DCAT.prev, vIRI(contributed)) in g
    assert (SERIES, DCAT.last, vIRI(retracted)) in g
    notes = {v: str(g.value(vIRI(v), ADMS.versionNotes)) for v in (contributed, retracted)}
    assert made["id"] in notes[contributed] and "Sari" in notes[contributed]
    assert notes[retracted].startswith("retraction") and made["id"] in notes[retracted]
    issued = g.value(vIRI(contributed), DCTERMS.issued)
    assert issued is not None and issued.datatype == URIRef("http://www.w3.org/2001/XMLSchema#dateTime")
    # its dumps: one distribution per file of the version's manifest, the served one downloadable
    files = {str(g.value(d, DCTERMS.title)) for d in g.objects(vIRI(retracted), DCAT.distribution)}
    assert {"dataset.nq", "dataset.ttl", "dataset.nq.gz"} <= files
    urls = [str(u) for d in g.objects(vIRI(retracted), DCAT.distribution) for u in g.objects(d, DCAT.downloadURL)]
    assert f"{server.url}/dumps/dataset.nq" in urls
    assert not list(g.objects(next(iter(g.objects(vIRI(contributed), DCAT.distribution))), DCAT.downloadURL))
    # JSON-LD too, and the HTML page lists them newest first
    assert requests.get(f"{server.url}/dataset/versions.jsonld", timeout=30).json()
    page = requests.get(f"{server.url}/dataset/versions", headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 200
    order = [page.text.index(f'data-version="{v}"') for v in (retracted, contributed, built)]
    assert order == sorted(order) and "(served)" in page.text


def test_the_diff_of_a_contribution_and_of_its_retraction(versioned):
    server, built, contributed, retracted, made = versioned
    graph = made["graph"]
    r = requests.get(f"{server.url}/dataset/versions/{contributed}/diff", timeout=60)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/plain")
    lines = r.text.splitlines()
    added = [line for line in lines if line.startswith("+ ") and line.endswith(f"<{graph}> .")]
    assert len(added) == 4 and any('"Versioned One"@id' in line for line in added)
    assert f"# graph {graph}: 4 added, 0 removed" in lines
    assert any(line.startswith("+ <" + graph + "> <http://www.w3.org/ns/prov#wasAttributedTo>") for line in lines)
    assert not [line for line in lines if line.startswith("- ")]  # a contribution only adds
    r = requests.get(f"{server.url}/dataset/versions/{retracted}/diff", timeout=60)
    removed = [line for line in r.text.splitlines() if line.startswith("- ") and line.endswith(f"<{graph}> .")]
    assert sorted(line[2:] for line in removed) == sorted(line[2:] for line in added)
    assert any("prov#invalidatedAtTime" in line and line.startswith("+ ") for line in r.text.splitlines())
    page = requests.get(f"{server.url}/dataset/versions/{contributed}/diff", headers={"Accept": "text/html"}, timeout=60)
    assert page.status_code == 200 and f'data-graph="{graph}"' in page.text
    assert '<span class="added-count">4</span> added, <span class="removed-count">0</span> removed' in page.text


def test_the_dataset_page_says_how_to_cite_the_served_version(versioned):
    server, *_, retracted, _ = versioned
    page = requests.get(f"{server.url}/dataset", headers={"Accept": "text/html"}, timeout=30).text
    assert f'<code class="cite-as">{BASE}dataset/versions/{retracted}</code>' in page
    assert f"/dataset/versions/{retracted}/diff" in page
    assert f'<{BASE}dataset/versions/{retracted}>; rel="cite-as"' in requests.head(f"{server.url}/dataset", timeout=30).headers["Link"]


def test_version_iris_and_versions_no_longer_held(versioned):
    server, built, contributed, retracted, _ = versioned
    r = requests.get(f"{server.url}/dataset/versions/{contributed}", allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/dataset/versions#v-{contributed}")
    r = requests.get(f"{server.url}/dataset/versions/{retracted}", allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["Location"].endswith("/dataset")
    for path in ("/dataset/versions/0123456789abcdef", "/dataset/versions/0123456789abcdef/diff"):
        r = requests.get(server.url + path, timeout=10)
        assert r.status_code == 404 and r.json()["error"]["reason"] == "not_found"
    # the operator removes the build of the contribution: its diff and the next one are gone
    shutil.rmtree(server.data / "builds" / contributed)
    for v in (contributed, retracted):
        r = requests.get(f"{server.url}/dataset/versions/{v}/diff", timeout=10)
        assert r.status_code == 404 and "no longer holds" in r.json()["error"]["message"]
    assert "no longer held" in requests.get(f"{server.url}/dataset/versions", headers={"Accept": "text/html"}, timeout=30).text
    assert requests.get(f"{server.url}/dataset/versions/{built}/diff", timeout=60).status_code == 200
