"""Linked data: 303 from things to descriptions, negotiation, Link headers, evidence, report
text with marked spans, ontology/shapes docs, named graphs, 404s."""

from __future__ import annotations

import html
import re

import pytest
import requests
from ld_pick import (
    OA,
    TIP,
    fact_with_evidence,
    local_path,
    person,
    report_with_spans,
    spans_of,
)
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

RDF_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}


def test_thing_iri_redirects_303_to_its_document(ld_client, ld_store):
    iri = fact_with_evidence(ld_store)
    r = ld_client.get(local_path(iri))
    assert r.status_code == 303
    assert r.headers["Location"] == "http://localhost" + local_path(iri).replace("/id/", "/doc/", 1)


def test_forwarded_host_and_proto_make_absolute_urls(ld_client, ld_store):
    path = local_path(person(ld_store))
    r = ld_client.get(path, headers={"X-Forwarded-Host": "kg.example.org", "X-Forwarded-Proto": "https"})
    assert r.headers["Location"].startswith("https://kg.example.org/doc/")
    doc = ld_client.get(r.headers["Location"].replace("https://kg.example.org", ""), headers={"X-Forwarded-Host": "kg.example.org", "X-Forwarded-Proto": "https"})
    assert "<https://kg.example.org/doc/" in doc.headers["Link"]


@pytest.mark.parametrize("media_type", sorted(RDF_TYPES))
def test_description_negotiates_every_rdf_syntax(ld_client, ld_store, media_type):
    iri = fact_with_evidence(ld_store)
    doc = local_path(iri).replace("/id/", "/doc/", 1)
    r = ld_client.get(doc, headers={"Accept": media_type})
    assert r.status_code == 200
    assert r.mimetype == media_type
    assert "Accept" in r.headers["Vary"]
    ds = Dataset()
    ds.parse(data=r.data, format=RDF_TYPES[media_type])
    triples = {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
    assert (URIRef(iri), RDF.type, URIRef(TIP + "Commitment")) in triples
    # the evidence travels with the fact: annotation, quote selector with its exact words
    exact = [o for s, p, o in triples if p == URIRef(OA + "exact")]
    assert exact and all(isinstance(e, Literal) and str(e) for e in exact)


def test_dataset_syntaxes_keep_the_named_graphs(ld_client, ld_store):
    iri = fact_with_evidence(ld_store)
    r = ld_client.get(local_path(iri).replace("/id/", "/doc/", 1) + ".nq")
    ds = Dataset()
    ds.parse(data=r.data, format="nquads")
    graphs = {str(g) for _, _, _, g in ds.quads((URIRef(iri), None, None, None))}
    assert graphs and all(g.startswith("https://w3id.org/asean-tip/graph/") for g in graphs)


@pytest.mark.parametrize("ext,media_type", [("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("nt", "application/n-triples"), ("rdf", "application/rdf+xml"), ("html", "text/html")])
def test_extension_picks_the_format_whatever_accept_says(ld_client, ld_store, ext, media_type):
    doc = local_path(person(ld_store)).replace("/id/", "/doc/", 1)
    r = ld_client.get(f"{doc}.{ext}", headers={"Accept": "application/xml;q=0.1"})
    assert r.status_code == 200 and r.mimetype == media_type


def test_link_headers_name_alternates_licence_and_dataset(ld_client, ld_store):
    doc = local_path(person(ld_store)).replace("/id/", "/doc/", 1)
    link = ld_client.get(doc, headers={"Accept": "text/turtle"}).headers["Link"]
    assert f'<http://localhost{doc}.jsonld>; rel="alternate"; type="application/ld+json"' in link
    assert f'<http://localhost{doc}.ttl>; rel="alternate"; type="text/turtle"' in link
    assert 'rel="license"' in link and "creativecommons.org" in link
    assert '<http://localhost/dataset>; rel="describedby"' in link


def test_unacceptable_accept_is_406(ld_client, ld_store):
    doc = local_path(person(ld_store)).replace("/id/", "/doc/", 1)
    r = ld_client.get(doc, headers={"Accept": "image/png"})
    assert r.status_code == 406 and r.json["error"]["reason"] == "not_acceptable"


def test_html_description_shows_labels_evidence_and_local_links(ld_client, ld_store):
    iri = fact_with_evidence(ld_store)
    page = ld_client.get(local_path(iri).replace("/id/", "/doc/", 1), headers={"Accept": "text/html"}).get_data(as_text=True)
    rows = ld_store.select(f'SELECT ?en ?id WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?en, ?id FILTER(lang(?en)="en" && lang(?id)="id") }}')
    assert rows, "the fact has English and Indonesian labels"
    assert html.escape(str(rows[0]["en"]), quote=False) in page and html.escape(str(rows[0]["id"]), quote=False) in page
    for fact, exact, start, end in spans_of(ld_store, report_with_spans(ld_store)):
        if fact == str(iri):
            assert html.escape(exact, quote=False) in page
            assert f"{start}–{end}" in page
    # links stay on this server
    assert 'href="https://w3id.org/' not in page
    assert 'href="/id/' in page


def test_report_page_marks_the_evidence_spans(ld_client, ld_store):
    report = report_with_spans(ld_store)
    spans = spans_of(ld_store, report)
    page = ld_client.get(local_path(report).replace("/id/", "/doc/", 1), headers={"Accept": "text/html"}).get_data(as_text=True)
    text = str(ld_store.select(f"SELECT ?t WHERE {{ <{report}> <https://schema.org/text> ?t }}")[0]["t"])
    # the whole text is there (escaped), with marks in code-point offsets
    plain = html.unescape(re.sub(r"<[^>]+>", "", page.split('class="report-text"', 1)[1].split("</div>", 1)[0].split(">", 1)[1]))
    assert plain == text
    leaves = re.findall(r'<mark id="span-(\d+)-(\d+)" class="ev" [^>]*><a href="([^"]+)">([^<]*)</a></mark>', page)
    assert leaves, "at least one mark links to its fact"
    for start, end, href, shown in leaves:
        assert html.unescape(shown) == text[int(start):int(end)]
        assert any(s == int(start) and e == int(end) and local_path(f) == href for f, _, s, e in spans)
    for fact, exact, start, end in spans:
        assert text[start:end] == exact
        assert f'id="span-{start}-{end}"' in page or f'data-end="{end}"' in page


def test_unknown_iri_is_404_page_for_browsers_and_json_otherwise(ld_client, ld_store):
    kind = local_path(person(ld_store)).split("/")[2]
    r = ld_client.get(f"/id/{kind}/no-such-slug-xyz", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.mimetype == "text/html"
    page = r.get_data(as_text=True)
    assert "no-such-slug-xyz" in page and 'href="/id/person/' in page  # offers real ones
    r = ld_client.get(f"/doc/{kind}/no-such-slug-xyz", headers={"Accept": "application/json"})
    assert r.status_code == 404
    assert r.json["error"]["reason"] == "not_found" and "no-such-slug-xyz" in r.json["error"]["message"]
    assert ld_client.get("/graph/no-such-graph", headers={"Accept": "text/turtle"}).status_code == 404


def test_ontology_and_terms_resolve_to_html_and_turtle(ld_client):
    from tipkg.server.routes.vocabularies import ontology_graph

    page = ld_client.get("/ontology", headers={"Accept": "text/html"}).get_data(as_text=True)
    ttl = ld_client.get("/ontology", headers={"Accept": "text/turtle"})
    assert ttl.mimetype == "text/turtle"
    g = Graph().parse(data=ttl.data, format="turtle")
    assert len(g) == len(ontology_graph()) > 0
    # a term IRI (…/ontology#Commitment) lands on its anchor, with both labels
    assert 'id="Commitment"' in page
    labels = {str(o.language): str(o) for o in g.objects(URIRef(TIP + "Commitment"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    assert labels.get("en") and labels["en"] in page and labels.get("id") in page
    assert ld_client.get("/ontology.ttl").mimetype == "text/turtle"


def test_shapes_resolve_to_turtle_and_a_page(ld_client):
    from tipkg.server.routes.vocabularies import shapes_graph

    ttl = ld_client.get("/shapes", headers={"Accept": "text/turtle"})
    assert len(Graph().parse(data=ttl.data, format="turtle")) == len(shapes_graph()) > 0
    page = ld_client.get("/shapes", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "CommitmentShape" in page and "<table>" in page


def test_named_graph_iri_and_graph_store_protocol(ld_client, ld_store):
    g_iri = str(ld_store.select("SELECT ?g WHERE { GRAPH ?g { ?s a <https://w3id.org/asean-tip/ontology#NewsReport> } } ORDER BY ?g LIMIT 1")[0]["g"])
    expected = int(ld_store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g_iri}> {{ ?s ?p ?o }} }}")[0]["n"])
    r = ld_client.get(local_path(g_iri), headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and len(Graph().parse(data=r.data, format="nt")) == expected
    r = ld_client.get("/rdf-graph-store", query_string={"graph": g_iri}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and len(Graph().parse(data=r.data, format="turtle")) == expected
    union = ld_client.get("/rdf-graph-store?default", headers={"Accept": "application/n-triples"})
    assert len(Graph().parse(data=union.data, format="nt")) > expected
    page = ld_client.get(local_path(g_iri), headers={"Accept": "text/html"}).get_data(as_text=True)
    assert f"{expected} triples" in page
    assert ld_client.get("/rdf-graph-store").status_code == 400
    assert ld_client.put("/rdf-graph-store?default", data=b"").status_code == 405


def test_rdflib_dereferences_a_thing_over_http(ld_server, ld_store):
    """rdflib follows the 303 and negotiates an RDF syntax, as a linked-data client does."""
    iri = person(ld_store)
    g = Graph()
    g.parse(f"{ld_server.url}{local_path(iri)}")
    assert (URIRef(iri), RDF.type, URIRef("http://xmlns.com/foaf/0.1/Person")) in g
    assert len(list(g.triples((None, None, URIRef(iri))))) > 0 or len(list(g.triples((URIRef(iri), None, None)))) > 2


def test_live_server_serves_pages_gzipped_with_cors(ld_server, ld_store):
    report = report_with_spans(ld_store)
    r = requests.get(f"{ld_server.url}{local_path(report)}", headers={"Accept": "text/html", "Accept-Encoding": "gzip"}, timeout=30)
    assert r.status_code == 200 and r.history[0].status_code == 303
    assert r.headers["Content-Encoding"] == "gzip"
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "<mark" in r.text
    again = requests.get(r.url, headers={"Accept": "text/html", "Accept-Encoding": "gzip", "If-None-Match": r.headers["ETag"]}, timeout=30)
    assert again.status_code == 304


def test_line_based_descriptions_are_sorted_and_stable(ld_client, ld_store):
    path = local_path(fact_with_evidence(ld_store)).replace("/id/", "/doc/", 1)
    first = ld_client.get(path + ".nt").get_data()
    lines = first.splitlines()
    assert len(lines) > 5 and lines == sorted(lines)
    assert ld_client.get(path + ".nt").get_data() == first


def test_a_quote_page_shows_its_words_and_the_projects_translation(ld_client, ld_store):
    rows = ld_store.select(
        f"SELECT ?q ?words ?en WHERE {{ ?q a <{TIP}Quote> ; <https://schema.org/text> ?words ; <{TIP}translation> ?en }} ORDER BY ?q LIMIT 1"
    )
    if not rows:
        pytest.skip("the served data has no translated quotes")
    quote, words, english = rows[0]["q"], str(rows[0]["words"]), str(rows[0]["en"])
    page = ld_client.get(local_path(quote).replace("/id/", "/doc/", 1), headers={"Accept": "text/html"}).get_data(as_text=True)
    section = page.split('<section class="translation">', 1)[1].split("</section>", 1)[0]
    assert f'<blockquote lang="id">“{html.escape(words, quote=False)}”</blockquote>' in section
    assert f'<blockquote lang="en" class="translated">“{html.escape(english, quote=False)}”</blockquote>' in section
    assert "The English is the asean-tip-kg project&#39;s own translation" in section or "The English is the asean-tip-kg project's own translation" in section
