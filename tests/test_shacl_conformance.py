"""The W3C SHACL test suite (Core and SHACL-SPARQL) through :class:`tipkg.shacl.validator.Validator`.

One test per manifest entry in ``../shared/conformance/shacl/tests``: each test's data and
shapes graphs are validated, and ``conforms`` plus the set of (focus node, path, value,
source shape, constraint component, severity) must equal the expected report's, blank
nodes being compared by position only (as the suite's own rules allow).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF

from tipkg.formats import by_name
from tipkg.namespaces import SH
from tipkg.rdfio import parse_rdf
from tipkg.shacl.validator import Validator

SHARED = Path(__file__).resolve().parents[2] / "shared"
SUITE = SHARED / "conformance" / "shacl" / "tests"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"

# Known failures of pySHACL (the engine under the gate), each with its reason.
KNOWN_FAILURES: dict[str, str] = {
    "sparql/pre-binding/shapesGraph-001:shapesGraph-001": (
        "pySHACL does not pre-bind $shapesGraph (it raises NotImplementedError: "
        "'Shapes Graph is not currently supported'); the gate never uses it"
    ),
}


def _load(path: Path) -> Graph:
    graph = Graph()
    for s, p, o, _ in parse_rdf(path.read_bytes(), by_name("turtle"), base=path.as_uri()).quads():
        graph.add((s, p, o))
    return graph


def _entries():
    if not SUITE.is_dir():
        raise RuntimeError(f"the W3C SHACL suite is missing: expected it at {SUITE}")
    found = []
    pending = [SUITE / "manifest.ttl"]
    seen = set()
    while pending:
        path = pending.pop(0)
        if path in seen:
            continue
        seen.add(path)
        graph = _load(path)
        for manifest in graph.subjects(RDF.type, URIRef(MF + "Manifest")):
            for include in graph.objects(manifest, URIRef(MF + "include")):
                pending.append(Path(str(include).removeprefix("file://")))
            for entries in graph.objects(manifest, URIRef(MF + "entries")):
                for entry in Collection(graph, entries):
                    found.append((path, entry))
    return sorted(found, key=lambda item: (str(item[0]), str(item[1])))


ENTRIES = _entries()


def _test_id(item) -> str:
    path, entry = item
    return str(path.relative_to(SUITE).with_suffix("")) + ":" + str(entry).rsplit("/", 1)[-1]


def _path_key(graph: Graph, node) -> str:
    if node is None or isinstance(node, URIRef):
        return str(node)
    if graph.value(node, RDF.first) is not None:
        return "(" + "/".join(_path_key(graph, n) for n in Collection(graph, node)) + ")"
    parts = sorted(f"{p}={_path_key(graph, o)}" for p, o in graph.predicate_objects(node))
    return "[" + ";".join(parts) + "]"


def _term_key(node):
    return "_:" if isinstance(node, BNode) else node


def _results(graph: Graph, report) -> set:
    keys = set()
    for result in graph.objects(report, SH.result):
        keys.add((
            _term_key(graph.value(result, SH.focusNode)),
            _path_key(graph, graph.value(result, SH.resultPath)),
            _term_key(graph.value(result, SH.value)),
            _term_key(graph.value(result, SH.sourceShape)),
            graph.value(result, SH.sourceConstraintComponent),
            graph.value(result, SH.resultSeverity),
        ))
    return keys


@pytest.mark.parametrize("item", ENTRIES, ids=_test_id)
def test_w3c_shacl(item):
    path, entry = item
    name = _test_id(item)
    if name in KNOWN_FAILURES:
        pytest.xfail(KNOWN_FAILURES[name])
    manifest = _load(path)
    action = manifest.value(entry, URIRef(MF + "action"))
    data = _load(Path(str(manifest.value(action, URIRef(SHT + "dataGraph"))).removeprefix("file://")))
    shapes = _load(Path(str(manifest.value(action, URIRef(SHT + "shapesGraph"))).removeprefix("file://")))
    expected = manifest.value(entry, URIRef(MF + "result"))
    if expected == URIRef(SHT + "Failure"):
        with pytest.raises(Exception):
            Validator(shapes).validate(data)
        return
    report = Validator(shapes).validate(data)
    assert report.conforms == manifest.value(expected, SH.conforms).toPython()
    ours = report.graph.value(None, RDF.type, SH.ValidationReport)
    assert _results(report.graph, ours) == _results(manifest, expected)


def test_suite_is_complete():
    """The runner found the whole suite (a broken include would silently shrink it)."""
    assert len(ENTRIES) >= 120
    assert any("sparql" in str(path) for path, _ in ENTRIES)
