"""Pages for people (issue 9), through the app on the real build: /sparql answers a browser
with a results table and programs with data, every page carries the CSP, languages switch."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
COMMITMENTS = "PREFIX tip: <https://w3id.org/asean-tip/ontology#> SELECT ?c WHERE { ?c a tip:Commitment } ORDER BY ?c"


def _rows(html: str) -> list[str]:
    body = html.split('<table class="sparql-results">', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], re.S)


def test_a_browser_gets_a_results_table_programs_get_the_data(client):
    program = client.get("/sparql", query_string={"query": COMMITMENTS})
    assert program.mimetype == "application/sparql-results+json"
    expected = [b["c"]["value"] for b in program.json["results"]["bindings"]]
    assert expected
    page = client.get("/sparql", query_string={"query": COMMITMENTS}, headers={"Accept": BROWSER})
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    rows = _rows(html)
    assert len(rows) == len(expected)
    for row, iri in zip(rows, expected):
        path = "/" + iri.split("https://w3id.org/asean-tip/", 1)[1]
        assert f'href="{path}"' in row  # linked to its /id/ page
        assert f'title="{iri}"' in row
        assert ">" + iri + "<" not in row  # shown by its label, not the bare IRI
    assert f'data-count="{len(expected)}"' in html
    assert page.headers["X-Tipkg-Result-Count"] == str(len(expected))
    assert re.search(r"in \d+ ms", html)
    for fmt in ("json", "xml", "csv", "tsv"):
        assert f"format={fmt}" in html  # a download link per results format
    assert 'id="permalink"' in html and "format=html" in html
    # the same table from ?format=html whatever Accept says
    forced = client.get("/sparql", query_string={"query": COMMITMENTS, "format": "html"}, headers={"Accept": "application/sparql-results+json"})
    assert forced.mimetype == "text/html" and len(_rows(forced.get_data(as_text=True))) == len(expected)


def test_results_page_shows_literal_language_and_datatype_and_pages(client):
    query = ('SELECT ?l ?n WHERE { VALUES (?l ?n) { ("kata"@id 1) ("two" 2) } }')
    html = client.get("/sparql", query_string={"query": query, "format": "html"}).get_data(as_text=True)
    assert 'lang="id">kata</span> <span class="tag">@id</span>' in html
    assert "xsd:integer" in html
    many = "SELECT ?i WHERE { VALUES ?i { " + " ".join(str(i) for i in range(250)) + " } }"
    first = client.get("/sparql", query_string={"query": many, "format": "html"}).get_data(as_text=True)
    assert len(_rows(first)) == 100 and 'rel="next"' in first and 'rel="prev"' not in first
    third = client.get("/sparql", query_string={"query": many, "format": "html", "page": "3"}).get_data(as_text=True)
    assert len(_rows(third)) == 50 and 'rel="prev"' in third and 'rel="next"' not in third
    assert ">249<" in third


def test_results_page_states_the_cap(data_dir):
    from tipkg.config import Settings
    from tipkg.server import create_app, state

    small = create_app(Settings(data_dir=data_dir, result_limit=7))
    try:
        response = small.test_client().get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }", "format": "html"})
        html = response.get_data(as_text=True)
        assert 'data-count="7"' in html and len(_rows(html)) == 7
        assert "Cut at 7 results" in html
    finally:
        state.close(small)


def test_a_graph_query_and_ask_as_pages(client):
    construct = "CONSTRUCT { ?c a <https://w3id.org/asean-tip/ontology#Commitment> } WHERE { ?c a <https://w3id.org/asean-tip/ontology#Commitment> }"
    html = client.get("/sparql", query_string={"query": construct}, headers={"Accept": BROWSER}).get_data(as_text=True)
    assert "<th scope=\"col\">Subject</th>" in html and len(_rows(html)) > 0
    assert "format=turtle" in html and "format=ntriples" in html
    ask = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }", "format": "html"}).get_data(as_text=True)
    assert 'id="ask-answer">Yes' in ask


def test_a_bad_query_from_a_browser_is_a_page_with_the_message(client):
    response = client.get("/sparql", query_string={"query": "SELECT ?x WHERE { ?x ", "format": "html"})
    assert response.status_code == 400 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert 'role="alert"' in html and "query_syntax" in html
    assert "SELECT ?x WHERE { ?x " in html  # the query stays in the editor to fix
    update = client.get("/sparql", query_string={"query": "INSERT DATA { <a:b> <a:b> <a:b> }", "format": "html"})
    assert update.status_code == 400 and "forbidden_operation" in update.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/sparql", "/sparql?format=html&query=" + quote("ASK {}"), "/dataset", "/ontology", "/shapes", "/validate", "/dumps/"])
def test_every_page_forbids_other_hosts(client, path):
    response = client.get(path, headers={"Accept": BROWSER})
    assert response.mimetype == "text/html", path
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "http" not in policy and "*" not in policy
    html = response.get_data(as_text=True)
    for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
        assert not re.search(r"\.(js|css)(\?|$)", url), url  # nothing loaded from elsewhere (links to IRIs are fine)


def test_data_responses_carry_no_page_policy(client):
    response = client.get("/sparql", query_string={"query": "ASK {}"})
    assert "Content-Security-Policy" not in response.headers


def test_the_editor_is_vendored_with_its_licence_and_offers_only_our_prefixes(client):
    from tipkg.namespaces import PREFIXES

    html = client.get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "/static/vendor/yasqe/yasqe.min.js" in html and "/static/editor.js" in html
    script = client.get("/static/vendor/yasqe/yasqe.min.js")
    assert script.status_code == 200 and len(script.data) > 100_000
    licence = client.get("/static/vendor/yasqe/LICENSE").get_data(as_text=True)
    assert "MIT" in licence and "Permission is hereby granted" in licence
    prefixes = re.search(r"data-prefixes='([^']*)'", html).group(1)
    import html as htmllib
    import json

    assert json.loads(htmllib.unescape(prefixes)) == dict(PREFIXES)
    editor = client.get("/static/editor.js").get_data(as_text=True)
    assert "persistenceId: null" in editor and "prefixCcApi: null" in editor
    assert '"prefixes", "variables"' in editor  # no class/property completer (they ask another host)
