"""``tipkg serve --sparql-url`` in front of a real Virtuoso 7 (Debian ``virtuoso-opensource-7-bin``).

The module installs the package through ``scripts/system-deps.sh`` when it is missing,
starts ``virtuoso-t`` on loopback with its own ini file in a temporary folder, bulk-loads
the built N-Quads dump with ``ld_dir`` + ``rdf_loader_run`` + ``checkpoint`` in
``isql-vt``, serves it through our front (with the build folder beside it for dumps and
``/validate?context=graph``) and compares the answers with those of the embedded store.
Virtuoso is stopped with ``shutdown`` at the end.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests
from conftest import ROOT, free_port

from tipkg import assets

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = ., {d}, {dumps}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ServerThreads = 10
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
MaxClientConnections = 4

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 0
"""

TIP = "https://w3id.org/asean-tip/ontology#"
QUERIES = {f.name: f.read_text(encoding="utf-8") for f in assets.query_files()}


def _installed() -> bool:
    return bool(shutil.which("virtuoso-t") and shutil.which("isql-vt"))


def _isql(port: int, sql: str, timeout: float = 120) -> str:
    done = subprocess.run(["isql-vt", f"127.0.0.1:{port}", "dba", "dba"], input=sql + "\n",
                          capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0 and "*** Error" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory, data_dir):
    """A running Virtuoso holding the built dataset; yields its SPARQL endpoint URL."""
    if not _installed():
        subprocess.run(["bash", str(ROOT / "scripts" / "system-deps.sh")], check=False, timeout=900)
    if not _installed():
        pytest.skip("virtuoso-opensource-7-bin could not be installed (scripts/system-deps.sh failed: no apt or no network)")
    folder = tmp_path_factory.mktemp("virtuoso")
    dumps = (data_dir / "current").resolve()
    sql, http = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(INI.format(d=folder, dumps=dumps, sql=sql, http=http), encoding="utf-8")
    log = open(folder / "stdout.log", "w+b")
    started = time.monotonic()
    proc = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                            cwd=folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{http}/sparql"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, (folder / "stdout.log").read_text(errors="replace")
            try:
                if requests.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "Virtuoso did not answer within 90 s"
            time.sleep(0.3)
        up = time.monotonic()
        _isql(sql, f"ld_dir('{dumps}', 'dataset.nq', 'urn:tipkg:unused');\nld_dir('{dumps}', 'dataset.nt', 'urn:tipkg:union');\n"
                   "rdf_loader_run();\ncheckpoint;")
        errors = _isql(sql, "SELECT 'failed=' || CAST(COUNT(*) AS VARCHAR) FROM DB.DBA.load_list WHERE ll_state <> 2 OR ll_error IS NOT NULL;")
        assert "failed=0" in errors, errors
        print(f"\nvirtuoso: up in {up - started:.1f} s, dump loaded in {time.monotonic() - up:.1f} s")
        yield url
    finally:
        if proc.poll() is None:
            try:
                _isql(sql, "shutdown;", timeout=60)
            except (AssertionError, subprocess.TimeoutExpired):
                pass
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()
    assert proc.returncode == 0, (folder / "stdout.log").read_text(errors="replace")


@pytest.fixture(scope="module")
def remote(start_server, virtuoso, data_dir):
    return start_server(["--sparql-url", virtuoso, "--data-dir", str(data_dir)])


@pytest.fixture(scope="module")
def embedded(start_server, data_dir):
    return start_server(["--data-dir", str(data_dir)])


def _rows(server, query: str, **params) -> list[tuple]:
    response = requests.post(server.url + "/sparql", data={"query": query, **params},
                             headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert response.status_code == 200, response.text
    body = response.json()
    names = body["head"]["vars"]
    for row in body["results"]["bindings"]:
        for cell in row.values():  # GROUP_CONCAT of IRIs: the order of its parts is the engine's
            parts = cell["value"].split(" ")
            if len(parts) > 1 and all(p.startswith("http") for p in parts):
                cell["value"] = " ".join(sorted(parts))
    return sorted(tuple(json.dumps(row.get(n), sort_keys=True) for n in names) for row in body["results"]["bindings"])


def test_virtuoso_default_graph_is_not_ours_alone(virtuoso, data_dir):
    """Virtuoso's own default graph is every graph it holds, its system graphs included:
    why the front sends the dataset's graphs with each query."""
    manifest = json.loads((data_dir / "current" / "manifest.json").read_text(encoding="utf-8"))
    raw = requests.post(virtuoso, data={"query": "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"},
                        headers={"Accept": "application/sparql-results+json"}, timeout=60).json()
    graphs = {b["g"]["value"] for b in raw["results"]["bindings"]}
    assert set(manifest["graphs"]) < graphs  # ours, and virtrdf: etc.


ENGINE_DIFFERS = {"02-commitment-evidence.rq", "04-statistics.rq", "09-timeline.rq", "12-facts-of-one-report.rq"}
"""Queries whose literals Virtuoso gives otherwise (a computed boolean is an xsd:integer 0/1 in
Virtuoso, it keeps xsd:nonNegativeInteger where the embedded store answers xsd:integer, …):
for these the same number of rows and the same resources must come back, row for row by
their IRIs. The other ten answer identically."""


def _iris(rows: list[tuple]) -> set[tuple]:
    return {tuple(c for c in row if '"type": "uri"' in c) for row in rows}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_example_queries_answer_as_the_embedded_store(remote, embedded, name):
    here, there = _rows(remote, QUERIES[name]), _rows(embedded, QUERIES[name])
    assert here, name
    if name in ENGINE_DIFFERS:
        assert len(here) == len(there) and _iris(here) == _iris(there), name
    else:
        assert here == there, name


def test_union_default_graph_and_graph_list(remote, embedded, data_dir):
    manifest = json.loads((data_dir / "current" / "manifest.json").read_text(encoding="utf-8"))
    graphs = _rows(remote, "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }")
    assert {json.loads(g[0])["value"] for g in graphs} == set(manifest["graphs"])
    distinct = "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
    count = json.loads(_rows(remote, distinct)[0][0])["value"]
    assert int(count) == manifest["triples"] and _rows(embedded, distinct) == _rows(remote, distinct)
    one = manifest["graphs"][0]
    only = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    assert _rows(remote, only, **{"default-graph-uri": one}) == _rows(embedded, only, **{"default-graph-uri": one})
    with_from = f"SELECT (COUNT(*) AS ?n) FROM <{one}> {{ ?s ?p ?o }}"
    assert _rows(remote, with_from) == _rows(embedded, with_from)
    health = requests.get(remote.url + "/health", timeout=30).json()
    assert health["store"] == "remote" and health["triples"] == manifest["triples"] and health["quads"] == manifest["quads"]


def test_resource_pages_dumps_and_validate(remote, embedded, data_dir):
    fact = json.loads(_rows(remote, f"SELECT ?x {{ ?x a <{TIP}Commitment> }} ORDER BY ?x LIMIT 1")[0][0])["value"]
    path = "/" + fact.split("https://w3id.org/asean-tip/", 1)[1]
    page = requests.get(remote.url + path, headers={"Accept": "text/html"}, timeout=60)
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    ours = requests.get(remote.url + path, headers={"Accept": "application/n-triples"}, timeout=60)
    theirs = requests.get(embedded.url + path, headers={"Accept": "application/n-triples"}, timeout=60)
    assert ours.status_code == 200 and fact in ours.text
    integer = "^^<http://www.w3.org/2001/XMLSchema#integer>"  # Virtuoso keeps the dump's nonNegativeInteger
    assert sorted(ours.text.replace("^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>", integer).splitlines()) == sorted(theirs.text.splitlines())
    dump = requests.get(remote.url + "/dumps/dataset.nq", timeout=60)
    assert dump.status_code == 200 and dump.content == (data_dir / "current" / "dataset.nq").read_bytes()
    data = f"<{fact}> <{TIP}modality> <https://example.org/not-a-concept> .".encode()
    alone = requests.post(remote.url + "/validate", data=data, headers={"Content-Type": "text/turtle"}, timeout=60).json()
    merged = requests.post(remote.url + "/validate?context=graph", data=data, headers={"Content-Type": "text/turtle"}, timeout=60).json()
    assert merged["context"] == "graph" and not merged["conforms"] and merged["results_count"] > alone["results_count"]
    dataset = requests.get(remote.url + "/dataset", headers={"Accept": "text/html"}, timeout=60)
    assert dataset.status_code == 200



# The same front before an Oxigraph server started WITHOUT --union-default-graph: the
# dataset graphs the front sends (and dataset.nt as urn:tipkg:union) make the default graph
# the merge of all graphs all the same.

@pytest.fixture(scope="module")
def oxigraph_plain(tmp_path_factory, data_dir, start_server):
    import os
    import sys

    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    location = tmp_path_factory.mktemp("oxigraph-built")
    subprocess.run([binary, "load", "--location", str(location), "--file", str(data_dir / "current" / "dataset.nq")], check=True, capture_output=True)
    subprocess.run([binary, "load", "--location", str(location), "--file", str(data_dir / "current" / "dataset.nt"), "--graph", "urn:tipkg:union"], check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen([binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None and time.monotonic() < deadline, "oxigraph serve-read-only did not start"
            try:
                if requests.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        yield start_server(["--sparql-url", url, "--data-dir", str(data_dir)]), url
    finally:
        proc.terminate()
        proc.wait(10)


def test_oxigraph_without_union_flag_gets_the_union_default_graph(oxigraph_plain, embedded, data_dir):
    front, url = oxigraph_plain
    own = requests.post(url, data={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+json"}, timeout=30).json()
    assert own["boolean"] is False  # the engine's own default graph is empty
    manifest = json.loads((data_dir / "current" / "manifest.json").read_text(encoding="utf-8"))
    distinct = "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
    assert int(json.loads(_rows(front, distinct)[0][0])["value"]) == manifest["triples"]
    for name in sorted(QUERIES):  # with dataset.nt as urn:tipkg:union each triple counts once
        assert _rows(front, QUERIES[name]) == _rows(embedded, QUERIES[name]), name
