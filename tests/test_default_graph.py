"""``tipkg serve --data FILE``: the file's own default graph, or the union with a flag (issue 10).

The eight W3C SPARQL 1.0 tests that a forced union default graph fails run here through
the path ``serve --data`` takes (the data written as one TriG file, prepared by
:func:`tipkg.query.source.prepare`, opened by the query worker's ``Engine.open``). With
``--union-default-graph`` the same data answers with the merge; the service description
says which; the server's own queries (pages, ``/dataset``) read the whole dataset either way.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from test_sparql_conformance import (
    ROOT,
    _evaluation_cases,
    _is_result_set,
    _path,
    _rdf_format,
    _result_set,
    _rows_from_ox,
    check_solutions,
    dataset_clauses,
)

from tipkg.config import Settings
from tipkg.query import source as data_source
from tipkg.workers.query_worker import Engine

OWN_DEFAULT_GRAPH = ("dawg-graph-02", "dawg-graph-05", "dawg-graph-07", "dawg-graph-08", "dawg-graph-09", "dawg-graph-10b", "dawg-graph-11", "join-combo-2")
CASES = [p for p in _evaluation_cases() if p.id.rsplit("/", 1)[-1] in OWN_DEFAULT_GRAPH] if ROOT.is_dir() else []
SD = "http://www.w3.org/ns/sparql-service-description#"
EX = "http://example.org/"


def _read(path, graph) -> list[ox.Quad]:
    """One file's triples in ``graph``, its blank nodes its own (``ox.parse`` keeps the labels)."""
    fresh: dict[str, ox.BlankNode] = {}

    def own(term):
        return fresh.setdefault(term.value, ox.BlankNode()) if isinstance(term, ox.BlankNode) else term

    return [ox.Quad(own(q.subject), q.predicate, own(q.object), graph) for q in ox.parse(path=str(path), format=_rdf_format(path), base_iri=path.as_uri())]


def _trig(case: dict, query: str, folder) -> object:
    """The test's dataset as one TriG file: qt:data in the default graph, each named graph by its file IRI."""
    quads = []
    for data in case["data"]:
        quads += _read(data, ox.DefaultGraph())
    named = {data.as_uri(): data for data in case["graph_data"]}
    for iri in dataset_clauses(query, case["query"].as_uri()):
        named[iri] = _path(iri)
    for iri, data in named.items():
        quads += _read(data, ox.NamedNode(iri))
    path = folder / "dataset.trig"
    path.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG))
    return path


def _engine(path, union: bool) -> tuple[Engine, object]:
    source = data_source.prepare(Settings(data_files=(path,), union_default_graph=union))
    return Engine.open(source.worker_source), source


def _rows(engine: Engine, query: str, case: dict, union_request: bool = False):
    reply = engine.execute({"query": query, "format": "json", "limit": None, "base_iri": case["query"].as_uri(), "union": union_request})
    return _rows_from_ox(ox.parse_query_results(reply["body"], ox.QueryResultsFormat.JSON))


@pytest.mark.skipif(not ROOT.is_dir(), reason="the W3C suite is in ../shared/conformance")
def test_the_eight_cases_are_found():
    assert sorted(p.id.rsplit("/", 1)[-1] for p in CASES) == sorted(OWN_DEFAULT_GRAPH)


@pytest.mark.skipif(not ROOT.is_dir(), reason="the W3C suite is in ../shared/conformance")
@pytest.mark.parametrize("case", [p.values[0] for p in CASES], ids=[p.id for p in CASES])
def test_serve_data_keeps_the_files_default_graph(case, tmp_path):
    query = case["query"].read_text(encoding="utf-8")
    path = _trig(case, query, tmp_path)
    result = case["result"]
    if _is_result_set(result):
        expected = _result_set(result)
    else:
        expected = _rows_from_ox(ox.parse_query_results(path=str(result), format=ox.QueryResultsFormat.from_extension(result.suffix.lstrip("."))))
    engine, source = _engine(path, union=False)
    try:
        names, rows = _rows(engine, query, case)
        assert names == expected[0]
        check_solutions(rows, expected[1], ordered=False, lax=case["lax"], what="json")
    finally:
        source.cleanup()


@pytest.mark.skipif(not ROOT.is_dir(), reason="the W3C suite is in ../shared/conformance")
def test_the_flag_makes_the_default_graph_the_merge(tmp_path):
    case = next(p.values[0] for p in CASES if p.id.endswith("dawg-graph-02"))  # its data is all in a named graph
    query = case["query"].read_text(encoding="utf-8")
    path = _trig(case, query, tmp_path)
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    own, own_source = _engine(path, union=False)
    merged, merged_source = _engine(path, union=True)
    try:
        assert _rows(own, everything, case)[1] == []
        assert len(_rows(merged, everything, case)[1]) > 0
        # the server's own queries read everything even where clients get the file's default graph
        assert sorted(map(str, _rows(own, everything, case, union_request=True)[1])) == sorted(map(str, _rows(merged, everything, case)[1]))
    finally:
        own_source.cleanup()
        merged_source.cleanup()


@pytest.mark.parametrize("union", [False, True], ids=["own-default-graph", "union-default-graph"])
def test_service_description_and_pages_say_which(union):
    from fixtures_sparql import SAMPLE

    from tipkg.server import create_app, state
    from tipkg.server.state import get_store

    app = create_app(Settings(data_files=(SAMPLE,), union_default_graph=union, query_workers=1))
    try:
        client = app.test_client()
        response = client.get("/sparql", headers={"Accept": "text/turtle"})
        assert response.status_code == 200
        graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
        assert ((None, URIRef(SD + "feature"), URIRef(SD + "UnionDefaultGraph")) in graph) is union
        people = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{EX}Person> }}"
        seen = client.get("/sparql", query_string={"query": people}).get_json()["results"]["bindings"][0]["n"]["value"]
        assert seen == ("7" if union else "0")  # the sample's default graph is empty
        assert int(get_store(app).select(people)[0]["n"]) == 7  # the server's own queries: the whole dataset
    finally:
        state.close(app)
