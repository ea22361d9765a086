"""Remembered answers and ETag / 304 on /sparql (issue 10).

The cache is keyed by (dataset version, query, format, dataset parameters, limit, base):
a repeated query is answered without a worker, a change of any part of the key is a
different answer, errors and deadlines are never remembered, and the memory is bounded.
"""

from __future__ import annotations

from tipkg.formats import by_name
from tipkg.query.service import Answer, AnswerCache
from tipkg.server.state import get_store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a tip:Commitment }"


def _answer(body: bytes) -> Answer:
    return Answer("bindings", body, by_name("json"), False, 1, "x")


def test_cache_is_bounded_and_least_recently_used_goes_first():
    cache = AnswerCache(16_000)
    for i in range(20):
        cache.put(("v", f"q{i}"), _answer(b"x" * 1000))
    assert 0 < len(cache) < 20
    assert cache.get(("v", "q0")) is None  # the oldest went first
    assert cache.get(("v", "q19")).body == b"x" * 1000
    cache.put(("v", "huge"), _answer(b"x" * 3000))  # over an eighth of the budget: not kept
    assert cache.get(("v", "huge")) is None


def test_a_repeated_query_is_remembered_and_answers_304(client, app):
    store = get_store(app)
    first = client.get("/sparql", query_string={"query": COUNT})
    assert first.status_code == 200 and first.headers["ETag"]
    count = first.get_json()["results"]["bindings"][0]["n"]["value"]
    assert int(count) > 0
    hits = store.answers.hits
    again = client.get("/sparql", query_string={"query": COUNT})
    assert store.answers.hits == hits + 1
    assert again.get_data() == first.get_data() and again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["X-Tipkg-Result-Count"] == "1"
    unchanged = client.get("/sparql", query_string={"query": COUNT}, headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304 and unchanged.get_data() == b""
    stale = client.get("/sparql", query_string={"query": COUNT}, headers={"If-None-Match": '"something-else"'})
    assert stale.status_code == 200 and stale.get_data() == first.get_data()


def test_every_part_of_the_key_makes_another_answer(client):
    json_answer = client.get("/sparql", query_string={"query": COUNT})
    xml_answer = client.get("/sparql", query_string={"query": COUNT, "format": "xml"})
    assert xml_answer.status_code == 200 and xml_answer.mimetype == "application/sparql-results+xml"
    assert xml_answer.headers["ETag"] != json_answer.headers["ETag"]
    graph = "https://w3id.org/asean-tip/graph/ontology"
    narrowed = client.get("/sparql", query_string={"query": COUNT, "default-graph-uri": graph})
    assert narrowed.get_json()["results"]["bindings"][0]["n"]["value"] == "0"  # no commitment in the ontology graph
    assert narrowed.headers["ETag"] != json_answer.headers["ETag"]


def test_errors_are_not_remembered(client, app):
    store = get_store(app)
    size = len(store.answers)
    for _ in range(2):
        response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
        assert response.status_code == 400 and response.get_json()["error"]["reason"] == "query_syntax"
    assert len(store.answers) == size
