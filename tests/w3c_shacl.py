"""Reading the W3C SHACL test suite (``../shared/conformance/shacl``) and comparing reports with it.

Used by ``tests/test_shacl_conformance.py``; also a command that runs the suite through a
command line and counts the entries that pass::

    .venv/bin/python tests/w3c_shacl.py tipkg      # .venv/bin/tipkg validate --shapes S --format turtle D
    .venv/bin/python tests/w3c_shacl.py pyshacl    # .venv/bin/pyshacl -s S -f turtle D

A report matches the expected one when ``sh:conforms`` is the same and its *normalised*
graph is isomorphic to the expected report's: the report node, ``sh:conforms`` and, for
each ``sh:result`` node (each one a distinct node, so equal-looking results count
twice), its type, ``sh:focusNode``, ``sh:resultPath`` (with the path's structure),
``sh:value``, ``sh:sourceShape``, ``sh:sourceConstraintComponent`` and
``sh:resultSeverity``. Messages and the descriptions of blank focus nodes, values and
shapes are left out, as the suite's rules allow.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from tipkg.formats import by_name
from tipkg.namespaces import SH
from tipkg.rdfio import parse_rdf

SHARED = Path(__file__).resolve().parents[2] / "shared"
SUITE = SHARED / "conformance" / "shacl" / "tests"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"
RESULT_PREDICATES = (RDF.type, SH.focusNode, SH.value, SH.sourceShape, SH.sourceConstraintComponent, SH.resultSeverity)
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

COMMANDS = {
    "tipkg": lambda shapes, data, fmt="turtle": [str(BIN / "tipkg"), "validate", "--shapes", str(shapes), "--format", fmt, str(data)],
    "pyshacl": lambda shapes, data, fmt="turtle": [str(BIN / "pyshacl"), "-s", str(shapes), "-f", fmt.replace("jsonld", "json-ld"), str(data)],
}
"""Command lines that validate ``data`` against ``shapes`` and print the report graph in ``fmt``."""


@dataclass(frozen=True)
class Entry:
    """One manifest entry: its data and shapes files and the expected outcome."""

    name: str
    data: Path
    shapes: Path
    failure: bool
    """The entry expects the validator to fail (``sht:Failure``), not a report."""
    conforms: bool | None
    expected: Graph | None
    """The expected report, normalised (see :func:`normalised`)."""

    def __repr__(self) -> str:
        return f"Entry({self.name})"


def load(path: Path) -> Graph:
    """A Turtle file as one graph, literals as written (as the validator reads its input)."""
    return load_text(path.read_bytes(), base=path.as_uri())


def load_text(data: bytes, base: str | None = None) -> Graph:
    graph = Graph()
    for s, p, o, _ in parse_rdf(data, by_name("turtle"), base=base).quads():
        graph.add((s, p, o))
    return graph


def _file(node) -> Path:
    return Path(str(node).removeprefix("file://"))


def entries() -> list[Entry]:
    """Every entry of the suite, following ``mf:include`` from the top manifest, sorted by name."""
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
        graph = load(path)
        for manifest in graph.subjects(RDF.type, URIRef(MF + "Manifest")):
            for include in graph.objects(manifest, URIRef(MF + "include")):
                pending.append(_file(include))
            for items in graph.objects(manifest, URIRef(MF + "entries")):
                for entry in Collection(graph, items):
                    found.append(_entry(path, graph, entry))
    return sorted(found, key=lambda e: e.name)


def _entry(path: Path, manifest: Graph, entry) -> Entry:
    name = str(path.relative_to(SUITE).with_suffix("")) + ":" + str(entry).rsplit("/", 1)[-1]
    action = manifest.value(entry, URIRef(MF + "action"))
    data = _file(manifest.value(action, URIRef(SHT + "dataGraph")))
    shapes = _file(manifest.value(action, URIRef(SHT + "shapesGraph")))
    expected = manifest.value(entry, URIRef(MF + "result"))
    if expected == URIRef(SHT + "Failure"):
        return Entry(name, data, shapes, True, None, None)
    return Entry(name, data, shapes, False, manifest.value(expected, SH.conforms).toPython(), normalised(manifest, expected))


def report_node(graph: Graph):
    """The one ``sh:ValidationReport`` node of ``graph``.

    :raises AssertionError: if there is not exactly one.
    """
    reports = list(graph.subjects(RDF.type, SH.ValidationReport))
    assert len(reports) == 1, f"expected one sh:ValidationReport, found {len(reports)}"
    return reports[0]


def normalised(graph: Graph, report=None) -> Graph:
    """The parts of a report the suite compares, as a new graph (blank nodes kept distinct)."""
    report = report_node(graph) if report is None else report
    out = Graph()
    out.add((report, RDF.type, SH.ValidationReport))
    out.add((report, SH.conforms, Literal(bool(graph.value(report, SH.conforms).toPython()))))
    for result in graph.objects(report, SH.result):
        out.add((report, SH.result, result))
        for predicate in RESULT_PREDICATES:
            for value in graph.objects(result, predicate):
                out.add((result, predicate, value))
        for path in graph.objects(result, SH.resultPath):
            out.add((result, SH.resultPath, _copy_path(graph, path, out)))
    return out


def _copy_path(graph: Graph, node, out: Graph, depth: int = 0):
    """A fresh copy of a path in ``out``, as a tree: paths are compared by structure, whether
    a report shares a path node between results (or within a path) or writes it twice."""
    if not isinstance(node, BNode) or depth > 20:
        return node
    copy = BNode()
    for p, o in graph.predicate_objects(node):
        out.add((copy, p, _copy_path(graph, o, out, depth + 1)))
    return copy


def result_keys(graph: Graph) -> Counter:
    """How many results of each (focus node, path, value, source shape, component, severity);
    blank nodes are ``_:`` and paths are written out. A multiset: equal results count twice."""
    report = report_node(graph)

    def term(node):
        return "_:" if isinstance(node, BNode) else node

    return Counter(
        (
            term(graph.value(r, SH.focusNode)),
            _path_key(graph, graph.value(r, SH.resultPath)),
            term(graph.value(r, SH.value)),
            term(graph.value(r, SH.sourceShape)),
            graph.value(r, SH.sourceConstraintComponent),
            graph.value(r, SH.resultSeverity),
        )
        for r in graph.objects(report, SH.result)
    )


def _path_key(graph: Graph, node, depth: int = 0) -> str:
    if node is None or isinstance(node, URIRef) or depth > 20:
        return str(node)
    if graph.value(node, RDF.first) is not None:
        return "(" + "/".join(_path_key(graph, n, depth + 1) for n in Collection(graph, node)) + ")"
    parts = sorted(f"{p}={_path_key(graph, o, depth + 1)}" for p, o in graph.predicate_objects(node))
    return "[" + ";".join(parts) + "]"


def mismatch(entry: Entry, report: Graph) -> str | None:
    """Why ``report`` (a whole report graph) is not the expected one, or None when it is."""
    try:
        node = report_node(report)
    except AssertionError as error:
        return str(error)
    conforms = report.value(node, SH.conforms)
    if conforms is None or bool(conforms.toPython()) != entry.conforms:
        return f"sh:conforms is {conforms}, expected {entry.conforms}"
    ours, theirs = result_keys(report), result_keys(entry.expected)
    if ours != theirs:
        return f"results differ: missing {dict(theirs - ours)}, unexpected {dict(ours - theirs)}"
    if not isomorphic(normalised(report, node), entry.expected):
        return "the report graph is not isomorphic to the expected one"
    return None


def run_command(command: str, entry: Entry, timeout: float = 120) -> str | None:
    """Run ``entry`` through a command line (see :data:`COMMANDS`); why it fails, or None.

    A validation entry passes when the command exits 0 (conforms) or 1 (does not) and its
    Turtle report matches; a failure entry passes when the command exits non-zero without
    a report (pySHACL's command line exits 1 with a message, ``tipkg validate`` exits 2).
    """
    run = subprocess.run(COMMANDS[command](entry.shapes, entry.data), capture_output=True, timeout=timeout, cwd=ROOT)
    if entry.failure:
        if run.returncode != 0 and not _has_report(run.stdout):
            return None
        return f"exit {run.returncode} and a report, expected a failure"
    if run.returncode != (0 if entry.conforms else 1):
        return f"exit {run.returncode}, expected {0 if entry.conforms else 1}: {run.stderr.decode(errors='replace')[-300:]}"
    try:
        report = load_text(run.stdout)
    except Exception as error:
        return f"the Turtle report does not parse: {error}"
    return mismatch(entry, report)


def _has_report(output: bytes) -> bool:
    try:
        return (None, RDF.type, SH.ValidationReport) in load_text(output)
    except Exception:
        return False


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "tipkg"
    suite = entries()
    failed = {}
    for entry in suite:
        reason = run_command(command, entry)
        if reason:
            failed[entry.name] = reason
    for name, reason in failed.items():
        print(f"FAIL {name}: {reason}")
    print(f"{command}: {len(suite) - len(failed)} of {len(suite)} entries pass")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
