"""A SHACL validation report: flat results, a readable text, the report graph and its RDF forms.

Made by :class:`tipkg.shacl.validator.Validator`. Output is deterministic: results are
sorted, blank nodes get labels derived from content.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

from tipkg.namespaces import SH, bind_prefixes

_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
RESULT_KEYS = ("focus_node", "path", "value", "severity", "message", "source_shape", "constraint_component")


@dataclass
class Report:
    """A validation report, shaped like pySHACL's ``(conforms, results_graph, results_text)``."""

    conforms: bool
    graph: Graph
    """The ``sh:ValidationReport`` graph."""
    text: str
    """A readable summary, results sorted deterministically."""
    results: list[dict] = field(default_factory=list)
    """One flat dict per result, keys :data:`RESULT_KEYS`, values ``str`` or ``None``."""
    inferred: Graph | None = None
    """Triples added by inference (when asked with ``return_inferred``)."""

    def render(self, fmt: str) -> str:
        """The report as ``text``, ``turtle`` or ``json`` (``{"conforms", "results"}``), deterministic."""
        if fmt == "text":
            return self.text
        if fmt == "json":
            return json.dumps({"conforms": self.conforms, "results": self.results}, indent=2, ensure_ascii=False, sort_keys=True)
        if fmt == "turtle":
            return _relabelled(self.graph).serialize(format="turtle")
        raise ValueError(f"unknown report format {fmt!r} (text, turtle or json)")


def flatten(report: Graph, result: Node, data: Graph, shapes: Graph, labels: dict[Node, str]) -> dict:
    """One result of ``report`` as a flat dict (keys :data:`RESULT_KEYS`); ``labels`` caches shape labels."""

    def one(predicate):
        return report.value(result, predicate)

    severity = one(SH.resultSeverity)
    messages = sorted(report.objects(result, SH.resultMessage), key=lambda m: (m.language != "en", str(m)))
    return {
        "focus_node": _term(one(SH.focusNode), data),
        "path": _path_text(report, one(SH.resultPath)),
        "value": _term(one(SH.value), data),
        "severity": str(severity).rsplit("#", 1)[-1] if severity is not None else None,
        "message": str(messages[0]) if messages else None,
        "source_shape": _term(one(SH.sourceShape), shapes, labels),
        "constraint_component": _term(one(SH.sourceConstraintComponent), data),
    }


def _term(node: Node | None, graph: Graph, cache: dict[Node, str] | None = None) -> str | None:
    if node is None:
        return None
    if isinstance(node, URIRef):
        return str(node)
    if isinstance(node, Literal):
        return node.n3()
    if cache is not None:
        if node not in cache:
            cache[node] = _bnode_label(graph, node)
        return cache[node]
    return _bnode_label(graph, node)


def _add_error_result(graph: Graph, message: str) -> None:
    report = graph.value(None, RDF.type, SH.ValidationReport)
    result = BNode()
    graph.add((report, SH.result, result))
    graph.add((result, RDF.type, SH.ValidationResult))
    graph.add((result, SH.resultSeverity, SH.Violation))
    graph.add((result, SH.resultMessage, Literal(f"OWL RL inconsistency: {message}")))
    graph.set((report, SH.conforms, Literal(False)))


def _sort_key(result: dict):
    return (
        _SEVERITY_ORDER.get(result["severity"] or "", 9),
        *(result[key] or "" for key in ("focus_node", "path", "constraint_component", "source_shape", "value", "message")),
    )


_PATH_SUFFIX = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


def _path_text(graph: Graph, path: Node | None, depth: int = 0) -> str | None:
    """A SPARQL-like rendering of a SHACL property path (IRIs in full)."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    if depth > 20:
        return "…"
    if graph.value(path, RDF.first) is not None:
        return "/".join(_path_text(graph, p, depth + 1) or "" for p in Collection(graph, path))
    if (inner := graph.value(path, SH.inversePath)) is not None:
        return "^" + (_path_text(graph, inner, depth + 1) or "")
    if (alts := graph.value(path, SH.alternativePath)) is not None:
        return "(" + "|".join(_path_text(graph, p, depth + 1) or "" for p in Collection(graph, alts)) + ")"
    for predicate, suffix in _PATH_SUFFIX.items():
        if (inner := graph.value(path, predicate)) is not None:
            return "(" + (_path_text(graph, inner, depth + 1) or "") + ")" + suffix
    return _bnode_label(graph, path)


def _bnode_label(graph: Graph, node: Node) -> str:
    """``_:b`` + a hash of the blank node's description: stable across runs and parses."""
    return "_:b" + hashlib.sha256(_describe(graph, node, 0).encode()).hexdigest()[:12]


def _describe(graph: Graph, node: Node, depth: int) -> str:
    if not isinstance(node, BNode):
        return node.n3()
    if depth > 6:
        return "[]"
    parts = sorted(f"{p.n3()} {_describe(graph, o, depth + 1)}" for p, o in graph.predicate_objects(node))
    return "[" + " ; ".join(parts) + "]"


def _relabelled(graph: Graph) -> Graph:
    """A copy of the report with blank nodes named by content, for byte-stable Turtle."""
    labels: dict[Node, BNode] = {}

    def label(node):
        if not isinstance(node, BNode):
            return node
        if node not in labels:
            labels[node] = BNode(_bnode_label(graph, node)[2:])
        return labels[node]

    copy = Graph()
    bind_prefixes(copy)
    for s, p, o in graph:
        copy.add((label(s), p, label(o)))
    return copy


def _text(conforms: bool, results: list[dict]) -> str:
    lines = ["Validation Report", f"Conforms: {conforms}"]
    if results:
        lines.append(f"Results ({len(results)}):")
    for result in results:
        lines.append(f"[{result['severity']}] {result['message'] or '(no message)'}")
        for key in ("focus_node", "path", "value", "source_shape", "constraint_component"):
            if result[key] is not None:
                lines.append(f"    {key.replace('_', ' ')}: {result[key]}")
    return "\n".join(lines) + "\n"
