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
        assert response.headers["X-Tipkg-Truncated"] == "true" and response.headers["X-Tipkg-Result-Limit"] == "7"
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


ANSWER_PAGES = ["/commitments", "/statistics", "/timeline", "/quotes", "/actors", "/countries", "/notes"]


def _fact_rows(html: str) -> list[str]:
    return re.findall(r'<tr class="fact-row[^"]*" data-fact="([^"]+)"', html)


@pytest.mark.parametrize("path", ANSWER_PAGES)
def test_answer_pages_say_their_query_and_link_rows_to_facts_and_words(client, path):
    from tipkg.server.routes.answers import ANSWERS

    answer = next(a for a in ANSWERS if a.path == path)
    response = client.get(path, headers={"Accept": BROWSER})
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert f"{answer.query}.rq" in html
    assert f'href="/sparql?example={answer.query}"' in html  # opens it in the editor
    facts = _fact_rows(html)
    assert facts, path
    for fact in set(facts):
        assert 'href="/' + fact.split("https://w3id.org/asean-tip/", 1)[1] + '"' in html  # the row links to its fact
    assert re.search(r'href="/(?:id|doc)/document/[^"#]+#span-\d+-\d+"', html)  # and to its words in the report
    assert not re.search(r"<a [^>]*>(?:(?!</a>).)*<a ", html, re.S)  # no link inside a link


def test_commitments_give_every_reports_words(client):
    from markupsafe import escape

    query = ("PREFIX tip: <https://w3id.org/asean-tip/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#> "
             "SELECT ?c ?exact WHERE { ?c a tip:Commitment ; tip:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?exact }")
    rows = client.get("/sparql", query_string={"query": query}).json["results"]["bindings"]
    assert rows
    html = client.get("/commitments").get_data(as_text=True)
    shown = set(_fact_rows(html))
    for row in rows:
        assert row["c"]["value"] in shown
        assert str(escape(row["exact"]["value"])) in html  # each report's exact words are on the page
    assert html.count('<section class="answer-group">') >= 2  # grouped by action
    assert not re.search(r"<a [^>]*>[^<]*<a ", html)  # no link inside a link


def test_the_declarations_other_statements_are_apart_from_its_commitments(client):
    query = "PREFIX tip: <https://w3id.org/asean-tip/ontology#> SELECT ?s WHERE { ?s a tip:Statement }"
    statements = {b["s"]["value"] for b in client.get("/sparql", query_string={"query": query}).json["results"]["bindings"]}
    if not statements:
        pytest.skip("the graph has no tip:Statement yet")
    html = client.get("/commitments").get_data(as_text=True)
    commitments_part, statements_part = html.split('id="statements"', 1)
    assert set(_fact_rows(statements_part)) == statements
    assert not statements & set(_fact_rows(commitments_part))


def test_statistics_put_disagreeing_figures_side_by_side_with_a_chart(client):
    html = client.get("/statistics").get_data(as_text=True)
    pair = re.search(r'<div class="disagree" data-a="([^"]+)" data-b="([^"]+)">(.*?)</div>\s*</div>', html, re.S)
    assert pair, "the disagreeing figures are shown"
    block = html[pair.start():pair.start() + 6000]
    assert "1.841" in block and "2.061" in block  # the stated words of each
    assert block.count("#span-") >= 2  # each with its own evidence
    assert 'class="why"' in block and "/id/note/" in block  # and why: the note about the disagreement
    assert "<svg" in html and 'role="img"' in html and "<title" in html
    chart = html.split('id="chart"', 1)[1].split("</svg>", 1)[0]
    figures = re.findall(r'<tr class="fact-row" data-fact="', html.split('id="all"', 1)[1])
    assert chart.count("<rect") == len(figures) > 0  # one bar per figure
    assert "<script" not in html.split('id="chart"', 1)[1].split("</section>", 1)[0]


def test_timeline_is_in_date_order(client):
    html = client.get("/timeline").get_data(as_text=True)
    dates = re.findall(r'<time datetime="([^"]+)">', html)
    assert len(dates) > 3 and dates == sorted(dates)


def test_quotes_keep_the_indonesian_words(client):
    html = client.get("/quotes").get_data(as_text=True)
    assert 'class="quote-orig" lang="id"' in html
    assert "Kao Kim Hourn" in html


@pytest.mark.parametrize("path", ["/", *ANSWER_PAGES, "/sparql", "/dataset", "/ontology", "/shapes", "/validate", "/dumps/"])
def test_language_by_parameter_header_and_default(client, path):
    from tipkg.server.render.i18n import MESSAGES

    en = client.get(path, headers={"Accept": BROWSER})
    assert '<html lang="en">' in en.get_data(as_text=True)
    assert "Accept-Language" in en.headers["Vary"]
    by_header = client.get(path, headers={"Accept": BROWSER, "Accept-Language": "id-ID,id;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="id">' in by_header
    client.delete_cookie("lang")
    by_param = client.get(path + ("&" if "?" in path else "?") + "lang=id", headers={"Accept": BROWSER, "Accept-Language": "en"})
    page = by_param.get_data(as_text=True)
    assert '<html lang="id">' in page
    assert str(MESSAGES["nav.validate"]["id"]) in page and "Bahasa Indonesia" in page
    # the switch keeps the page
    assert re.search(r'href="' + re.escape(path.split("?")[0]) + r'\?[^"]*lang=en"', page)
    client.delete_cookie("lang")


def test_the_chosen_language_is_kept_by_a_cookie(client):
    client.get("/?lang=id")
    assert '<html lang="id">' in client.get("/quotes").get_data(as_text=True)
    client.get("/?lang=en")
    assert '<html lang="en">' in client.get("/quotes").get_data(as_text=True)
    client.delete_cookie("lang")


def test_graph_labels_follow_the_page_language(client):
    en = client.get("/commitments?lang=en").get_data(as_text=True)
    id_ = client.get("/commitments?lang=id").get_data(as_text=True)
    client.delete_cookie("lang")
    first_en = re.search(r'<tr class="fact-row" data-fact="[^"]+">\s*<td><a [^>]*>([^<]+)</a>', en).group(1)
    first_id = re.search(r'<tr class="fact-row" data-fact="[^"]+">\s*<td><a [^>]*>([^<]+)</a>', id_).group(1)
    assert first_en != first_id  # the same fact, labelled in each language


@pytest.mark.parametrize("path, key", [("/dataset", "d.licence"), ("/dumps/", "du.title"), ("/ontology", "o.contents"), ("/shapes", "s.applies"),
                                       ("/validate", "v.title"), ("/sparql", "q.run"), ("/", "h.how"), ("/graph/kompas-2023-05-11", "g.resources")])
def test_existing_pages_speak_the_chosen_language(client, path, key):
    from markupsafe import escape

    from tipkg.server.render.i18n import MESSAGES

    for lang in ("en", "id"):
        html = client.get(path, query_string={"lang": lang}, headers={"Accept": BROWSER}).get_data(as_text=True)
        assert str(escape(MESSAGES[key][lang])) in html, (path, lang)
    client.delete_cookie("lang")


def test_a_report_page_in_indonesian_keeps_its_text_and_marks(client):
    path = "/doc/document/kompas-2023-05-11"
    html = client.get(path, query_string={"lang": "id"}, headers={"Accept": BROWSER}).get_data(as_text=True)
    client.delete_cookie("lang")
    assert '<html lang="id">' in html and "Teks berita" in html and 'class="report-text" lang="id"' in html
    assert '<mark id="span-' in html


def test_validate_form_groups_the_report_by_shape(client):
    broken = ('@prefix tip: <https://w3id.org/asean-tip/ontology#> . @prefix schema: <https://schema.org/> .\n'
              '<https://w3id.org/asean-tip/id/observation/x> a tip:StatisticalObservation ; schema:value "many" .\n')
    response = client.post("/validate", data={"data": broken, "format": "turtle"}, headers={"Accept": BROWSER})
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "Does not conform" in html
    groups = re.findall(r'<section class="shape-group" data-shape="([^"]+)">', html)
    assert groups and len(groups) == len(set(groups))
    assert html.count('<tr class="violation">') >= len(groups)


def test_doubtful_dates_are_marked_on_the_timeline(client):
    query = ("PREFIX tip: <https://w3id.org/asean-tip/ontology#> SELECT DISTINCT ?s WHERE { "
             "{ ?s tip:dateIsDoubtful true } UNION { ?s tip:doubtNote ?n } }")
    doubtful = {b["s"]["value"] for b in client.get("/sparql", query_string={"query": query}).json["results"]["bindings"]}
    html = client.get("/timeline").get_data(as_text=True)
    rows = {fact: bool(mark) for mark, fact in re.findall(r'<tr class="fact-row( doubtful)?" data-fact="([^"]+)"', html)}
    assert rows
    if not doubtful:
        pytest.skip("the graph marks no date as doubtful yet")
    shown = {fact for fact in doubtful if fact in rows}
    assert shown, "some doubtful fact is on the timeline"
    for fact in shown:
        assert rows[fact], fact  # marked
    assert 'class="tag doubt"' in html
    notes = ("PREFIX tip: <https://w3id.org/asean-tip/ontology#> SELECT DISTINCT ?c WHERE { ?s tip:doubtNote ?n . ?n rdfs:comment ?c "
             'FILTER(LANG(?c) = "en") }')
    from markupsafe import escape

    for b in client.get("/sparql", query_string={"query": notes}).json["results"]["bindings"]:
        assert str(escape(b["c"]["value"])) in html  # why the date is doubtful, in words


def test_quotes_show_their_translation_marked_as_ours(client):
    query = ("PREFIX tip: <https://w3id.org/asean-tip/ontology#> SELECT ?q ?tr WHERE { ?q tip:translation ?tr }")
    rows = client.get("/sparql", query_string={"query": query}).json["results"]["bindings"]
    html = client.get("/quotes").get_data(as_text=True)
    if not rows:
        pytest.skip("the graph has no translations yet")
    from markupsafe import escape

    for row in rows:
        if row["tr"].get("xml:lang", "en") != "id":
            assert str(escape(row["tr"]["value"])) in html
    assert "translation ours" in html


def test_home_page_counts_the_facts_and_says_how_to_cite(client):
    query = "PREFIX tip: <https://w3id.org/asean-tip/ontology#> SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a tip:Commitment }"
    n = client.get("/sparql", query_string={"query": query}).json["results"]["bindings"][0]["n"]["value"]
    html = client.get("/").get_data(as_text=True)
    assert re.search(rf'<strong>{n}</strong> <a href="/commitments">', html)
    version = client.get("/health").json.get("version") or client.get("/dumps/index.json").json["version"]
    assert f"version {version}" in html and 'class="citation"' in html
    for path in ("/commitments", "/statistics", "/timeline", "/quotes", "/actors", "/countries", "/notes", "/dumps/", "/sparql", "/validate"):
        assert f'href="{path}"' in html
