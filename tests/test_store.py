"""The store interface: embedded pyoxigraph (memory and disk) and a remote SPARQL endpoint."""

from __future__ import annotations

import json
import socket
import threading

import pytest
from fixtures_sparql import EX, RDFS_LABEL, SAMPLE
from rdflib import Graph, Literal, URIRef

from tipkg.config import Settings
from tipkg.errors import (
    ForbiddenOperation,
    NotAcceptable,
    PayloadTooLarge,
    QuerySyntaxError,
)
from tipkg.formats import by_name
from tipkg.query.lexer import analyse

PEOPLE = EX + "graph/people"
PLACES = EX + "graph/places"


def rows(answer) -> list[dict]:
    return json.loads(answer.body)["results"]["bindings"]


def test_stats_count_the_published_dataset(sample_store):
    stats = sample_store.stats()
    # alice a Person is in two graphs: one triple, two quads
    assert stats == {"triples": 27, "quads": 28, "graphs": [EX + "graph/people", EX + "graph/places", EX + "graph/shared"]}
    assert sample_store.version


def test_default_graph_is_the_merge_of_named_graphs(sample_store):
    answer = sample_store.execute(f"SELECT ?s {{ ?s a <{EX}Person> }}")
    people = sorted(row["s"]["value"] for row in rows(answer))
    # alice is typed in two graphs but appears once: a merge, not a bag
    assert people == sorted(EX + n for n in ("alice", "bob", "carol", "dave", "erin", "frank", "grace"))
    assert answer.kind == "bindings" and answer.format.name == "json" and answer.count == 7 and not answer.truncated


def test_from_and_protocol_dataset_restrict_the_default_graph(sample_store):
    q = f"SELECT ?s {{ ?s <{RDFS_LABEL}> ?l }}"
    everything = {r["s"]["value"] for r in rows(sample_store.execute(q))}
    assert EX + "jakarta" in everything and EX + "bob" in everything
    only_places = {r["s"]["value"] for r in rows(sample_store.execute(q.replace("SELECT ?s", f"SELECT ?s FROM <{PLACES}>")))}
    assert only_places == {EX + "jakarta", EX + "indonesia"}
    by_param = {r["s"]["value"] for r in rows(sample_store.execute(q, default_graph_uris=[PEOPLE]))}
    assert EX + "bob" in by_param and EX + "jakarta" not in by_param
    named = rows(sample_store.execute(f"SELECT ?g ?s {{ GRAPH ?g {{ ?s <{EX}country> ?c }} }}", named_graph_uris=[PLACES]))
    assert [(r["g"]["value"], r["s"]["value"]) for r in named] == [(PLACES, EX + "jakarta")]


def test_formats_for_each_query_form(sample_store):
    csv = sample_store.execute(f"SELECT ?l {{ <{EX}bob> <{RDFS_LABEL}> ?l }}", result_format=by_name("csv"))
    assert csv.body == b"l\r\nBob\r\n"
    tsv = sample_store.execute(f"SELECT ?l {{ <{EX}bob> <{RDFS_LABEL}> ?l }}", result_format=by_name("tsv"))
    assert tsv.body == b'?l\n"Bob"@en\n'
    ask = sample_store.execute(f"ASK {{ <{EX}alice> <{EX}knows> <{EX}bob> }}", result_format=by_name("xml"))
    assert ask.kind == "boolean" and b"<boolean>true</boolean>" in ask.body
    ttl = sample_store.execute(f"CONSTRUCT {{ ?s <{EX}knows> ?o }} WHERE {{ ?s <{EX}knows> ?o }}")
    assert ttl.kind == "graph" and ttl.format.name == "turtle" and ttl.count == 2
    graph = Graph().parse(data=ttl.body, format="turtle")
    assert (URIRef(EX + "alice"), URIRef(EX + "knows"), URIRef(EX + "bob")) in graph
    jsonld = sample_store.execute(f"DESCRIBE <{EX}bob>", result_format=by_name("jsonld"))
    assert len(Graph().parse(data=jsonld.body, format="json-ld")) == jsonld.count == 4


def test_wrong_format_for_the_form_is_refused(sample_store):
    with pytest.raises(NotAcceptable):
        sample_store.execute("SELECT * { ?s ?p ?o }", result_format=by_name("turtle"))
    with pytest.raises(NotAcceptable):
        sample_store.execute("CONSTRUCT WHERE { ?s ?p ?o }", result_format=by_name("csv"))


def test_result_limit_cuts_and_says_so(sample_store):
    answer = sample_store.execute("SELECT * { ?s ?p ?o }", limit=4)
    body = json.loads(answer.body)
    assert answer.truncated and answer.count == 4 and len(body["results"]["bindings"]) == 4
    assert body["truncated"]["limit"] == 4
    xml = sample_store.execute("SELECT * { ?s ?p ?o }", limit=4, result_format=by_name("xml"))
    assert xml.truncated and b'<link href="urn:tipkg:truncated:4"/>' in xml.body
    ttl = sample_store.execute("CONSTRUCT WHERE { ?s ?p ?o }", limit=3)
    assert ttl.truncated and ttl.body.startswith(b"# truncated") and len(Graph().parse(data=ttl.body, format="turtle")) == 3
    whole = sample_store.execute("SELECT * { ?s ?p ?o }", limit=27)
    assert not whole.truncated and whole.count == 27 and "truncated" not in json.loads(whole.body)


def test_syntax_error_has_message_and_position(sample_store):
    with pytest.raises(QuerySyntaxError) as caught:
        sample_store.execute("SELECT * {\n  ?s ?p ?o .\n  FILTER(}")
    assert caught.value.details["line"] == 3 and caught.value.details["column"] >= 1
    assert "expected" in caught.value.message


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "PREFIX e: <http://127.0.0.1:9/> SELECT * { SeRvIcE e:sparql { ?s ?p ?o } }",
        "SELECT * { BIND(<http://127.0.0.1:9/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
        "SELECT * { ?s ?p ?o # comment\n OPTIONAL { SERVICE<http://127.0.0.1:9/>{?s ?p ?x} } }",
        "ASK { { SELECT * { SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } } } }",
    ],
)
def test_service_is_refused(sample_store, query):
    with pytest.raises(ForbiddenOperation) as caught:
        sample_store.execute(query)
    assert caught.value.details["operation"] == "service"


def test_service_look_alikes_are_not_refused(sample_store):
    q = f'PREFIX ex: <{EX}> SELECT ?service {{ ?service ex:SERVICE "SERVICE <x> {{}}" }} # SERVICE <y> {{}}'
    assert analyse(q).services == ()
    assert sample_store.execute(q).count == 0


def test_allow_listed_service_passes_the_check():
    from tipkg.query.lexer import check_allowed

    info = analyse("SELECT * { SERVICE <http://127.0.0.1:9/ok> { ?s ?p ?o } }")
    check_allowed(info, ("http://127.0.0.1:9/ok",))
    with pytest.raises(ForbiddenOperation):
        check_allowed(info, ("http://127.0.0.1:9/other",))


@pytest.mark.parametrize("update", ["INSERT DATA { <a:a> <a:b> <a:c> }", "PREFIX x: <a:> DELETE WHERE { ?s ?p ?o }", "LOAD <http://127.0.0.1:9/x>", "CLEAR ALL", "drop graph <a:g>"])
def test_updates_are_refused(sample_store, update):
    with pytest.raises(ForbiddenOperation) as caught:
        sample_store.execute(update)
    assert "read-only" in caught.value.message
    assert sample_store.execute("SELECT * { ?s ?p ?o }").count == 27


def test_query_text_over_the_limit(sample_settings):
    from tipkg.query.service import BaseStore

    store = BaseStore(sample_settings.replace(max_query_chars=100))
    with pytest.raises(PayloadTooLarge):
        store.check("SELECT * { ?s ?p ?o } #" + "x" * 100)


def test_from_iris_never_fetch(sample_store):
    """FROM / FROM NAMED / a graph IRI in a query only select graphs: a listener sees nothing."""
    connections = []
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.2)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/data.ttl"
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                connections.append(conn)
            except OSError:
                pass

    thread = threading.Thread(target=accept)
    thread.start()
    try:
        assert sample_store.execute(f"SELECT * FROM <{url}> {{ ?s ?p ?o }}").count == 0
        assert sample_store.execute(f"SELECT * FROM NAMED <{url}> {{ GRAPH ?g {{ ?s ?p ?o }} }}").count == 0
        assert sample_store.execute(f"SELECT * {{ GRAPH <{url}> {{ ?s ?p ?o }} }}").count == 0
        assert sample_store.execute("SELECT * { ?s ?p ?o }", default_graph_uris=[url]).count == 0
    finally:
        stop.set()
        thread.join()
        listener.close()
    assert connections == []


def test_select_construct_ask_give_rdflib_objects(sample_store):
    found = sample_store.select(f"SELECT ?l {{ <{EX}alice> <{RDFS_LABEL}> ?l }} ORDER BY ?l")
    assert found == [{"l": Literal("Alice", lang="en")}, {"l": Literal("Alisa", lang="id")}]
    ages = sample_store.select(f"SELECT ?a {{ <{EX}carol> <{EX}age> ?a }}")
    assert ages[0]["a"].toPython() == 29
    graph = sample_store.construct(f"DESCRIBE <{EX}jakarta>")
    assert (URIRef(EX + "jakarta"), URIRef(EX + "country"), URIRef(EX + "indonesia")) in graph
    assert sample_store.ask(f"ASK {{ <{EX}bob> <{EX}knows> <{EX}carol> }}") is True
    assert sample_store.ask(f"ASK {{ <{EX}carol> <{EX}knows> <{EX}bob> }}") is False


def test_disk_store_loads_once_and_reopens(tmp_path):
    from tipkg.query.service import open_store
    from tipkg.query.source import VERSION_MARKER

    settings = Settings(data_files=(SAMPLE,), union_default_graph=True, store_dir=tmp_path / "store", query_workers=1)
    first = open_store(settings)
    try:
        assert first.execute(f"SELECT ?s {{ ?s a <{EX}Person> }}").count == 7
        assert first.stats()["triples"] == 27
    finally:
        first.close()
    marker = tmp_path / "store" / VERSION_MARKER
    loaded_at = marker.stat().st_mtime_ns
    second = open_store(settings)
    try:
        assert marker.stat().st_mtime_ns == loaded_at  # same version: not reloaded
        assert second.execute(f"SELECT ?s {{ ?s a <{EX}Person> }}").count == 7
        assert second.stats() == first.stats()
    finally:
        second.close()


def test_data_files_in_several_syntaxes(tmp_path):
    from tipkg.query.service import open_store

    (tmp_path / "a.ttl").write_text(f"<{EX}x> <{EX}p> 1 .\n", encoding="utf-8")
    (tmp_path / "b.nq").write_text(f"<{EX}y> <{EX}p> <{EX}x> <{EX}g> .\n", encoding="utf-8")
    (tmp_path / "c.jsonld").write_text(json.dumps({"@id": EX + "z", EX + "p": {"@id": EX + "y"}}), encoding="utf-8")
    store = open_store(Settings(data_files=(tmp_path / "a.ttl", tmp_path / "b.nq", tmp_path / "c.jsonld"), union_default_graph=True, query_workers=1))
    try:
        assert store.stats()["triples"] == 3 and store.stats()["graphs"] == [EX + "g"]
        assert store.execute(f"SELECT ?s {{ ?s <{EX}p> ?o }}").count == 3
        assert store.execute(f"SELECT ?s {{ GRAPH <{EX}g> {{ ?s ?p ?o }} }}").count == 1
    finally:
        store.close()


def test_unknown_data_file_syntax_is_a_clear_error(tmp_path):
    from tipkg.errors import DataSyntaxError
    from tipkg.query.service import open_store

    (tmp_path / "data.xyz").write_text("nothing", encoding="utf-8")
    with pytest.raises(DataSyntaxError, match="unknown RDF file extension"):
        open_store(Settings(data_files=(tmp_path / "data.xyz",)))
    (tmp_path / "bad.ttl").write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(DataSyntaxError, match="bad.ttl"):
        open_store(Settings(data_files=(tmp_path / "bad.ttl",)))


def test_run_local_query_table_and_formats(tmp_path, monkeypatch):
    from tipkg.query.local import run_local_query

    settings = Settings(data_files=(SAMPLE,), union_default_graph=True)
    table = run_local_query(settings, f"SELECT ?s ?l {{ ?s <{RDFS_LABEL}> ?l }} ORDER BY ?l LIMIT 2", "table")
    lines = table.splitlines()
    assert lines[0].split() == ["s", "l"] and "<http://example.org/alice>" in lines[2] and '"Alice"@en' in lines[2]
    assert lines[-1] == "(2 rows)"
    assert run_local_query(settings, "ASK { ?s ?p ?o }", "table") == "yes\n"
    csv = run_local_query(settings, f"SELECT ?l {{ <{EX}bob> <{RDFS_LABEL}> ?l }}", "csv")
    assert csv.splitlines() == ["l", "Bob"]
    nt = run_local_query(settings, f"CONSTRUCT WHERE {{ <{EX}bob> <{EX}knows> ?o }}", "ntriples")
    assert nt.strip() == f"<{EX}bob> <{EX}knows> <{EX}carol> ."


def test_remote_store_against_real_oxigraph(oxigraph_server):
    from tipkg.query.service import open_store

    store = open_store(Settings(sparql_url=oxigraph_server, result_limit=5))
    assert store.stats()["triples"] == 27 and len(store.stats()["graphs"]) == 3
    people = store.execute(f"SELECT ?s {{ ?s a <{EX}Person> }} ORDER BY ?s")
    assert people.truncated and people.count == 5 and rows(people)[0]["s"]["value"] == EX + "alice"
    labels = store.execute(f"SELECT ?l {{ <{EX}bob> <{RDFS_LABEL}> ?l }}", result_format=by_name("tsv"))
    assert labels.body == b'?l\n"Bob"@en\n'
    described = store.construct(f"DESCRIBE <{EX}bob>")
    assert (URIRef(EX + "bob"), URIRef(EX + "knows"), URIRef(EX + "carol")) in described
    only = store.execute(f"SELECT ?s {{ ?s <{RDFS_LABEL}> ?l }}", default_graph_uris=[PLACES])
    assert {r["s"]["value"] for r in rows(only)} == {EX + "jakarta", EX + "indonesia"}
    with pytest.raises(QuerySyntaxError):
        store.execute("SELECT * {")
    with pytest.raises(ForbiddenOperation):
        store.execute("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_project_prefixes_need_no_declaration(sample_store):
    answer = sample_store.execute(f"SELECT ?l {{ <{EX}bob> rdfs:label ?l }}")
    assert rows(answer) == [{"l": {"type": "literal", "value": "Bob", "xml:lang": "en"}}]
