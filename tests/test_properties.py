"""Property-based: generated queries and documents never get a 5xx, always a well-formed
body, and the server answers /health afterwards (hypothesis, bounded and derandomized)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tipkg.assets import query_files

EXAMPLES = [f.read_text(encoding="utf-8") for f in query_files()]
KEYWORDS = [
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "(", ")", "[", "]", ".", ";", ",", "?s", "?p", "?o",
    "$x", "a", "OPTIONAL", "UNION", "MINUS", "FILTER", "BIND", "AS", "VALUES", "GRAPH", "FROM", "NAMED", "SERVICE",
    "SILENT", "LIMIT", "OFFSET", "ORDER", "BY", "DESC", "GROUP", "HAVING", "COUNT", "DISTINCT", "*", "1", "-1", "1e400",
    '"x"', '"x"@en', '"1"^^xsd:integer', "<http://e.invalid/x>", "tip:Commitment", "rdfs:label", "NOT", "EXISTS",
    "IN", "||", "&&", "!", "=", "<", ">", "+", "/", "|", "^", "PREFIX", "BASE", "INSERT", "DATA", "LOAD", "#", "\n",
    "REGEX", "STR", "LANG", "IRI", "<>", "_:b", "UNDEF", "true", "SUBSTR", "CONCAT", "NOW()", "RAND()",
]
BOUNDED = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
TURTLE = """@prefix tip: <https://w3id.org/asean-tip/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/c1> a tip:Commitment ; rdfs:label "x"@en ; tip:value 12 .
"""
JSONLD = json.dumps({"@context": {"tip": "https://w3id.org/asean-tip/ontology#"}, "@id": "https://example.org/c1",
                     "@type": "tip:Commitment", "http://www.w3.org/2000/01/rdf-schema#label": {"@value": "x", "@language": "en"}})


@st.composite
def mutated(draw, sources: list[str]) -> str:
    """A valid text with a few random deletions, insertions and swaps."""
    text = draw(st.sampled_from(sources))
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["delete", "insert", "keyword", "duplicate"]))
        if action == "delete":
            text = text[:where] + text[where + draw(st.integers(1, 20)):]
        elif action == "insert":
            text = text[:where] + draw(st.text(max_size=8)) + text[where:]
        elif action == "keyword":
            text = text[:where] + " " + draw(st.sampled_from(KEYWORDS)) + " " + text[where:]
        else:
            text = text[:where] + text[where:where + 40] + text[where:]
    return text


QUERY_TEXT = st.one_of(
    st.text(max_size=200),
    mutated(EXAMPLES),
    st.lists(st.sampled_from(KEYWORDS), min_size=1, max_size=40).map(" ".join),
)
DOCUMENTS = st.one_of(
    st.tuples(st.binary(max_size=300), st.sampled_from(["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples", "application/trig", "application/n-quads"])),
    st.tuples(mutated([TURTLE]).map(str.encode), st.just("text/turtle")),
    st.tuples(mutated([TURTLE]).map(str.encode), st.just("application/trig")),
    st.tuples(mutated([JSONLD]).map(str.encode), st.just("application/ld+json")),
)


def _check_sparql(status: int, media_type: str, body: bytes) -> None:
    assert status < 500 or status == 503, (status, body[:300])
    if status >= 400:
        error = json.loads(body)["error"]
        assert error["status"] == status and error["message"]
        if status == 503:
            assert error["reason"] == "query_timeout"
        return
    if media_type.endswith("json"):
        doc = json.loads(body)
        assert "boolean" in doc or "bindings" in doc["results"] or "@graph" in doc or isinstance(doc, list)
    elif "xml" in media_type:
        ET.fromstring(body)
    else:
        body.decode("utf-8")


def _check_validate(status: int, body: bytes) -> None:
    assert status < 500, (status, body[:300])
    doc = json.loads(body)
    if status >= 400:
        assert doc["error"]["status"] == status and doc["error"]["message"]
    else:
        assert isinstance(doc["conforms"], bool) and doc["results_count"] == len(doc["results"])


@BOUNDED
@given(query=QUERY_TEXT, accept=st.sampled_from(["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/turtle", "*/*"]))
def test_generated_queries_in_process(client, query, accept):
    response = client.post("/sparql", data={"query": query, "timeout": "2"}, headers={"Accept": accept})
    if response.status_code == 406:
        return
    _check_sparql(response.status_code, response.mimetype, response.get_data())


@BOUNDED
@given(document=DOCUMENTS)
def test_generated_documents_in_process(client, document):
    data, media_type = document
    response = client.post("/validate", data=data, content_type=media_type, headers={"Accept": "application/json"})
    _check_validate(response.status_code, response.get_data())


@settings(max_examples=15, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=QUERY_TEXT, document=DOCUMENTS)
def test_generated_input_over_the_live_server(live_server, query, document):
    answer = requests.post(live_server.url + "/sparql", data={"query": query, "timeout": "2"}, timeout=60)
    _check_sparql(answer.status_code, answer.headers.get("Content-Type", "").split(";")[0], answer.content)
    data, media_type = document
    report = requests.post(live_server.url + "/validate", data=data, headers={"Content-Type": media_type}, timeout=60)
    _check_validate(report.status_code, report.content)


@pytest.fixture(autouse=True, scope="module")
def _health_after(app, live_server):
    yield
    assert app.test_client().get("/health").json["status"] == "ok"
    assert requests.get(live_server.url + "/health", timeout=30).json()["status"] == "ok"
