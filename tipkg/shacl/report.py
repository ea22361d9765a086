"""A SHACL validation report in every form: flat results, a readable text, the report graph,
Turtle and JSON-LD.

:class:`tipkg.shacl.validator.Validator` makes one with :meth:`Report.from_graph` from
pySHACL's report graph. Every ``sh:ValidationResult`` pySHACL reports stays one distinct
result in every form, also when two results are equal field by field (``sh:lessThan``
reports a value once per value it is not less than; two blank focus nodes may look alike).

Output is deterministic, the same report giving the same bytes:

- results are sorted by a key holding every field (severity, focus node, path, constraint
  component, source shape, value, message, then every other triple of the result) and
  are named ``_:r1``, ``_:r2`` … in that order (zero-padded: ``_:r01`` … ``_:r12``);
- other blank nodes (blank focus nodes and values, blank shapes, paths) are named ``_:b``
  + a hash of their description, so a node keeps its name from report to report; distinct
  nodes that look alike get ``-2``, ``-3`` … in the order the sorted results reach them.
  Where results are equal in every field, which one comes first does not change the bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from functools import cached_property

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

from tipkg.formats import by_name
from tipkg.namespaces import SH, bind_prefixes
from tipkg.rdfio import write_rdf

RESULT_KEYS = ("focus_node", "path", "value", "severity", "message", "source_shape", "constraint_component")
"""The keys of a flat result (:attr:`Report.results`)."""
REPORT_FORMATS = ("text", "json", "turtle", "jsonld")
"""What :meth:`Report.render` writes."""
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
_FOCUS, _PATH, _VALUE, _SHAPE = SH.focusNode, SH.resultPath, SH.value, SH.sourceShape
_COMPONENT, _SEVERITY, _MESSAGE = SH.sourceConstraintComponent, SH.resultSeverity, SH.resultMessage
_DESCRIPTION_DEPTH = 6


class Report:
    """A validation report, shaped like pySHACL's ``(conforms, results_graph, results_text)``.

    Made by :meth:`from_graph`; the report graph is copied (with its blank nodes named)
    only when asked for.
    """

    conforms: bool
    text: str
    """A readable summary, results sorted deterministically."""
    results: list[dict]
    """One flat dict per result, keys :data:`RESULT_KEYS`, values ``str`` or ``None``, in the
    order of the text and of the graph's result names; blank nodes as in the graph (``_:b…``)."""
    inferred: Graph | None
    """Triples added by inference (when asked with ``return_inferred``)."""

    def __init__(self, conforms: bool, text: str, results: list[dict], source: Graph, labels: dict[Node, str], inferred: Graph | None = None):
        self.conforms, self.text, self.results, self.inferred = conforms, text, results, inferred
        self._source, self._labels = source, labels

    @cached_property
    def graph(self) -> Graph:
        """The ``sh:ValidationReport`` graph, one node per result, blank nodes named stably."""
        return _renamed(self._source, self._labels)

    def __repr__(self) -> str:
        return f"<Report conforms={self.conforms} results={len(self.results)}>"

    @classmethod
    def from_graph(cls, graph: Graph, inferred: Graph | None = None) -> Report:
        """The report held in ``graph`` (pySHACL's report graph; keep it unchanged), in every form.

        :raises ValueError: if ``graph`` holds no ``sh:ValidationReport``.
        """
        report = graph.value(None, RDF.type, SH.ValidationReport)
        if report is None:
            raise ValueError("not a SHACL report: no sh:ValidationReport")
        conforms = graph.value(report, SH.conforms)
        conforms = bool(conforms is not None and conforms.toPython() is True)
        fields = {result: _Fields(graph, result) for result in graph.objects(report, SH.result)}
        ordered, labels = _names(graph, report, fields)

        def term(node: Node | None) -> str | None:
            if node is None:
                return None
            if isinstance(node, BNode):
                return "_:" + labels[node]
            return node.n3() if isinstance(node, Literal) else str(node)

        results = [_flatten(graph, fields[result], term) for result in ordered]
        return cls(conforms, _text(conforms, results), results, graph, labels, inferred)

    def render(self, fmt: str) -> str:
        """The report as ``text``, ``json`` (``{"conforms", "results"}``), ``turtle`` or
        ``jsonld`` (the report graph), deterministic.

        :raises ValueError: for another format.
        """
        if fmt == "text":
            return self.text
        if fmt == "json":
            return json.dumps({"conforms": self.conforms, "results": self.results}, indent=2, ensure_ascii=False, sort_keys=True)
        if fmt in ("turtle", "jsonld"):
            return write_rdf(self.graph, by_name(fmt)).decode("utf-8")
        raise ValueError(f"unknown report format {fmt!r} ({', '.join(REPORT_FORMATS)})")


def add_error_result(graph: Graph, message: str) -> None:
    """Add a violation without focus node to the report in ``graph`` (an OWL RL inconsistency)."""
    report = graph.value(None, RDF.type, SH.ValidationReport)
    result = BNode()
    graph.add((report, SH.result, result))
    graph.add((result, RDF.type, SH.ValidationResult))
    graph.add((result, SH.resultSeverity, SH.Violation))
    graph.add((result, SH.resultMessage, Literal(f"OWL RL inconsistency: {message}")))
    graph.set((report, SH.conforms, Literal(False)))


# --- naming --------------------------------------------------------------------------


class _Fields:
    """The triples of one result, read from the graph once."""

    __slots__ = ("triples", "by_predicate")

    def __init__(self, graph: Graph, result: Node):
        self.triples = list(graph.predicate_objects(result))
        self.by_predicate: dict[Node, list[Node]] = defaultdict(list)
        for predicate, value in self.triples:
            self.by_predicate[predicate].append(value)

    def one(self, predicate: Node) -> Node | None:
        values = self.by_predicate.get(predicate)
        return values[0] if values else None

    def message(self) -> str | None:
        """The English message if there is one, else the first."""
        messages = sorted(self.by_predicate.get(_MESSAGE, ()), key=lambda m: (getattr(m, "language", None) != "en", str(m)))
        return str(messages[0]) if messages else None


def _names(graph: Graph, report: Node, fields: dict[Node, _Fields]) -> tuple[list[Node], dict[Node, str]]:
    """The results in order, and a name for every blank node of the report (see the module)."""
    descriptions: dict[Node, str] = {}

    def digest(node: BNode) -> str:
        if node not in descriptions:
            descriptions[node] = hashlib.sha256(_describe(graph, node, 0).encode()).hexdigest()[:12]
        return descriptions[node]

    plains: dict[Node | None, str] = {None: ""}

    def plain(node: Node | None) -> str:
        if node not in plains:
            plains[node] = "_:b" + digest(node) if isinstance(node, BNode) else node.n3()
        return plains[node]

    term = plain
    blank = {value for f in fields.values() for _, value in f.triples if isinstance(value, BNode)}
    alike = Counter(digest(node) for node in blank)
    twins = {node for node in blank if alike[digest(node)] > 1}
    if twins:
        # A blank node that looks like another is also known by the results it is in:
        # their alike values then tell results apart, and the order does not hang on chance.
        first = {result: repr(_result_key(graph, f, plain)) for result, f in fields.items()}
        where: dict[Node, list[str]] = defaultdict(list)
        for result, f in fields.items():
            for predicate, value in f.triples:
                if value in twins:
                    where[value].append(f"{predicate} {first[result]}")
        known = {node: plain(node) + "/" + hashlib.sha256("\n".join(sorted(where[node])).encode()).hexdigest()[:12] for node in twins}

        def term(node: Node | None) -> str:
            return known.get(node) or plain(node)

    keys = {result: _result_key(graph, f, term) for result, f in fields.items()}
    ordered = sorted(fields, key=keys.__getitem__)
    width = len(str(len(ordered)))
    labels: dict[Node, str] = {result: f"r{number:0{width}d}" for number, result in enumerate(ordered, 1)}
    if isinstance(report, BNode):
        labels[report] = "report"
    uses: Counter[str] = Counter()
    for node in _reached(graph, ordered, fields, set(labels), term):
        base = "b" + digest(node)
        uses[base] += 1
        labels[node] = base if uses[base] == 1 else f"{base}-{uses[base]}"
    return ordered, labels


def _result_key(graph: Graph, fields: _Fields, term: Callable[[Node | None], str]) -> tuple:
    """What results are sorted by: the fields people read first, then every triple."""
    return (
        _SEVERITY_ORDER.get(_local(fields.one(_SEVERITY)) or "", 9),
        term(fields.one(_FOCUS)),
        _path_text(graph, fields.one(_PATH), term) or "",
        term(fields.one(_COMPONENT)),
        term(fields.one(_SHAPE)),
        term(fields.one(_VALUE)),
        fields.message() or "",
        tuple(sorted(f"{p} {term(o)}" for p, o in fields.triples)),
    )


def _reached(graph: Graph, ordered: list[Node], fields: dict[Node, _Fields], named: set[Node], term: Callable[[Node | None], str]) -> list[Node]:
    """Every other blank node, in the order a walk from the sorted results reaches it
    (breadth first, objects in a fixed order), then any left over, sorted."""
    seen = set(named)
    found: list[Node] = []
    queue = deque(ordered)
    while queue:
        node = queue.popleft()
        triples = fields[node].triples if node in fields else graph.predicate_objects(node)
        blank = [(p, o) for p, o in triples if isinstance(o, BNode) and o not in seen]
        for _, value in sorted(blank, key=lambda po: (po[0].n3(), term(po[1]))):
            if value not in seen:
                seen.add(value)
                found.append(value)
                queue.append(value)
    # pySHACL's reports have none: every node it copies hangs from a result
    rest = {node for triple in graph for node in (triple[0], triple[2]) if isinstance(node, BNode) and node not in seen}
    return found + sorted(rest, key=term)


def _describe(graph: Graph, node: Node, depth: int) -> str:
    if not isinstance(node, BNode):
        return node.n3()
    if depth > _DESCRIPTION_DEPTH:
        return "[]"
    parts = sorted(f"{p.n3()} {_describe(graph, o, depth + 1)}" for p, o in graph.predicate_objects(node))
    return "[" + " ; ".join(parts) + "]"


def _renamed(graph: Graph, labels: dict[Node, str]) -> Graph:
    """A copy of the report with its blank nodes named by ``labels``."""

    def name(node):
        return BNode(labels[node]) if isinstance(node, BNode) else node

    copy = Graph()
    bind_prefixes(copy)
    copy.addN((name(s), p, name(o), copy) for s, p, o in graph)
    return copy


# --- flat results and text ------------------------------------------------------------


def _flatten(graph: Graph, fields: _Fields, term: Callable[[Node | None], str | None]) -> dict:
    return {
        "focus_node": term(fields.one(_FOCUS)),
        "path": _path_text(graph, fields.one(_PATH), term),
        "value": term(fields.one(_VALUE)),
        "severity": _local(fields.one(_SEVERITY)),
        "message": fields.message(),
        "source_shape": term(fields.one(_SHAPE)),
        "constraint_component": term(fields.one(_COMPONENT)),
    }


def _local(node: Node | None) -> str | None:
    return str(node).rsplit("#", 1)[-1] if node is not None else None


_PATH_SUFFIX = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


def _path_text(graph: Graph, path: Node | None, term: Callable[[Node | None], str | None], depth: int = 0) -> str | None:
    """A SPARQL-like rendering of a SHACL property path (IRIs in full; ``term`` names the rest)."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    if depth > 20:
        return "…"
    if graph.value(path, RDF.first) is not None:
        return "/".join(_path_text(graph, p, term, depth + 1) or "" for p in Collection(graph, path))
    if (inner := graph.value(path, SH.inversePath)) is not None:
        return "^" + (_path_text(graph, inner, term, depth + 1) or "")
    if (alts := graph.value(path, SH.alternativePath)) is not None:
        return "(" + "|".join(_path_text(graph, p, term, depth + 1) or "" for p in Collection(graph, alts)) + ")"
    for predicate, suffix in _PATH_SUFFIX.items():
        if (inner := graph.value(path, predicate)) is not None:
            return "(" + (_path_text(graph, inner, term, depth + 1) or "") + ")" + suffix
    return term(path)


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
