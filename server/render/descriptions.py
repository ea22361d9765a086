"""A resource's description, read from the live store.

The description of an IRI holds its outgoing and incoming statements (with the named
graph each came from), the evidence of every fact among them (exact quote, source
report, start/end), the labels of every IRI it mentions, and, for a source report,
the spans of its text that facts were drawn from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS, SKOS
from rdflib.term import Node

from tipkg.namespaces import OA, PROV, SCHEMA, TIP, bind_prefixes

LIMIT = 1000
"""Most outgoing (and, separately, incoming) statements one description holds."""

LABELS = (RDFS.label, SKOS.prefLabel, FOAF.name, SCHEMA.name, SCHEMA.headline)
"""Where a readable name comes from, best first."""

PLUMBING = (OA.hasBody, OA.hasSource)
"""Incoming links that are evidence structure, shown as evidence instead."""


@dataclass(frozen=True)
class Statement:
    subject: Node
    predicate: URIRef
    object: Node
    graph: URIRef


@dataclass(frozen=True)
class Evidence:
    fact: URIRef
    annotation: URIRef
    report: URIRef
    exact: str
    start: int
    end: int
    graph: URIRef


@dataclass
class Description:
    iri: URIRef
    outgoing: list[Statement] = field(default_factory=list)
    incoming: list[Statement] = field(default_factory=list)
    evidence: dict[URIRef, list[Evidence]] = field(default_factory=dict)
    labels: dict[Node, dict[str, str]] = field(default_factory=dict)
    closure: list[Statement] = field(default_factory=list)
    """The evidence nodes' own statements (annotation, target, selectors), for RDF output."""
    spans: list[Evidence] = field(default_factory=list)
    """For a report: every evidence span drawn from its text."""
    truncated: bool = False

    @property
    def exists(self) -> bool:
        return bool(self.outgoing or self.incoming)

    @property
    def types(self) -> list[URIRef]:
        return sorted({s.object for s in self.outgoing if s.predicate == RDF.type})

    def values(self, predicate: URIRef) -> list[Node]:
        return [s.object for s in self.outgoing if s.predicate == predicate]

    @property
    def text(self) -> str | None:
        """``schema:text`` of a report (a plain string, not a language-tagged quote)."""
        for value in self.values(SCHEMA.text):
            if isinstance(value, Literal) and value.language is None:
                return str(value)
        return None

    @property
    def translation(self) -> tuple[str, str, Node | None] | None:
        """A quote's ``(words, English translation, translator)``: the words as the report
        gives them (``schema:text`` @id) and the project's translation (``tip:translation``)."""
        translations = [v for v in self.values(TIP.translation) if isinstance(v, Literal)]
        if not translations:
            return None
        words = next((str(v) for v in self.values(SCHEMA.text) if isinstance(v, Literal) and v.language == "id"), "")
        translator = next(iter(self.values(TIP.translatedBy)), None)
        return words, str(translations[0]), translator

    def label(self, node: Node, lang: str = "en") -> str | None:
        """The label in ``lang``, else an untagged one, else any; ``None`` when unlabelled."""
        labels = self.labels.get(node, {})
        return labels.get(lang) or labels.get("") or next(iter(labels.values()), None)

    def dataset(self) -> Dataset:
        """The description as RDF, each statement in its named graph."""
        ds = Dataset()
        bind_prefixes(ds)
        for st in self.outgoing + self.incoming + self.closure:
            ds.add((st.subject, st.predicate, st.object, st.graph))
        return ds


_UNSAFE = {c: f"%{ord(c):02X}" for c in '<>"{}|^`\\ '} | {chr(i): f"%{i:02X}" for i in range(33)}


def _iri(term: Node) -> str:
    """``<iri>`` for a query, with the characters an IRIREF forbids percent-encoded (they come from URLs)."""
    return "<" + "".join(_UNSAFE.get(c, c) for c in str(term)) + ">"


def _values(nodes) -> str:
    return " ".join(_iri(n) for n in nodes if isinstance(n, URIRef))


def exists(store, iri: str) -> bool:
    """Whether any named graph mentions ``iri`` as subject or object."""
    return store.ask(f"ASK {{ GRAPH ?g {{ {{ {_iri(URIRef(iri))} ?p ?o }} UNION {{ ?s ?p {_iri(URIRef(iri))} }} }} }}")


def describe(store, iri: str) -> Description:
    """Everything the store says about ``iri`` that a description shows."""
    node = URIRef(iri)
    desc = Description(node)
    rows = store.select(f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ {_iri(node)} ?p ?o }} }} ORDER BY ?p ?o ?g LIMIT {LIMIT + 1}")
    desc.outgoing = [Statement(node, r["p"], r["o"], r["g"]) for r in rows[:LIMIT]]
    plumbing = _values(PLUMBING)
    rows2 = store.select(
        f"SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p {_iri(node)} }} FILTER(?p NOT IN ({plumbing.replace(' ', ', ')})) }}"
        f" ORDER BY ?p ?s ?g LIMIT {LIMIT + 1}"
    )
    desc.incoming = [Statement(r["s"], r["p"], node, r["g"]) for r in rows2[:LIMIT]]
    desc.truncated = len(rows) > LIMIT or len(rows2) > LIMIT

    facts = {node} | {s.subject for s in desc.incoming if isinstance(s.subject, URIRef)}
    desc.evidence = _evidence(store, facts)
    desc.closure = _closure(store, [f for f in facts if f in desc.evidence])
    if desc.text is not None:
        desc.spans = spans(store, node)
    mentioned = {node} | {s.object for s in desc.outgoing} | {s.subject for s in desc.incoming}
    mentioned |= {s.predicate for s in desc.outgoing + desc.incoming}
    mentioned |= {s.graph for s in desc.outgoing + desc.incoming}
    mentioned |= {e.report for items in desc.evidence.values() for e in items}
    mentioned |= {e.fact for e in desc.spans}
    desc.labels = labels(store, mentioned)
    return desc


_EVIDENCE = """
SELECT ?fact ?ann ?report ?exact ?start ?end ?g WHERE {{
  VALUES ?fact {{ {facts} }}
  GRAPH ?g {{
    ?fact <{evidence}> ?ann . ?ann <{target}> ?t . ?t <{source}> ?report ; <{selector}> ?qs, ?ps .
    ?qs <{exact}> ?exact . ?ps <{start}> ?start ; <{end}> ?end .
  }}
}} ORDER BY ?fact ?report ?start ?end
"""


def _evidence(store, facts) -> dict[URIRef, list[Evidence]]:
    if not facts:
        return {}
    query = _EVIDENCE.format(facts=_values(facts), evidence=TIP.evidence, target=OA.hasTarget, source=OA.hasSource,
                             selector=OA.hasSelector, exact=OA.exact, start=OA.start, end=OA.end)
    found: dict[URIRef, list[Evidence]] = {}
    for r in store.select(query):
        found.setdefault(r["fact"], []).append(
            Evidence(r["fact"], r["ann"], r["report"], str(r["exact"]), int(r["start"]), int(r["end"]), r["g"])
        )
    return found


def _closure(store, facts) -> list[Statement]:
    if not facts:
        return []
    ev, tg, sel = _iri(TIP.evidence), _iri(OA.hasTarget), _iri(OA.hasSelector)
    query = (
        f"SELECT DISTINCT ?s ?p ?o ?g WHERE {{ VALUES ?fact {{ {_values(facts)} }} GRAPH ?g {{"
        f" {{ ?fact {ev} ?s }} UNION {{ ?fact {ev}/{tg} ?s }} UNION {{ ?fact {ev}/{tg}/{sel} ?s }}"
        f" ?s ?p ?o }} }} ORDER BY ?s ?p ?o"
    )
    return [Statement(r["s"], r["p"], r["o"], r["g"]) for r in store.select(query)]


def spans(store, report: URIRef) -> list[Evidence]:
    """Every evidence span whose source is ``report``, with the fact it supports."""
    query = (
        f"SELECT DISTINCT ?fact ?ann ?exact ?start ?end ?g WHERE {{ GRAPH ?g {{"
        f" ?t {_iri(OA.hasSource)} {_iri(report)} ; {_iri(OA.hasSelector)} ?qs, ?ps ."
        f" ?ann {_iri(OA.hasTarget)} ?t ; {_iri(OA.hasBody)} ?fact ."
        f" ?qs {_iri(OA.exact)} ?exact . ?ps {_iri(OA.start)} ?start ; {_iri(OA.end)} ?end }} }} ORDER BY ?start ?end ?fact"
    )
    return [Evidence(r["fact"], r["ann"], report, str(r["exact"]), int(r["start"]), int(r["end"]), r["g"]) for r in store.select(query)]


def labels(store, nodes) -> dict[Node, dict[str, str]]:
    """``{node: {lang: label}}`` for the IRIs among ``nodes`` (``""`` for untagged labels)."""
    iris = sorted({n for n in nodes if isinstance(n, URIRef)})
    found: dict[Node, dict[str, str]] = {}
    for chunk in range(0, len(iris), 400):
        values = _values(iris[chunk:chunk + 400])
        props = _values(LABELS)
        rows = store.select(f"SELECT DISTINCT ?x ?p ?l WHERE {{ VALUES ?x {{ {values} }} VALUES ?p {{ {props} }} GRAPH ?g {{ ?x ?p ?l }} FILTER(isLiteral(?l)) }}")
        rank = {p: i for i, p in enumerate(LABELS)}
        for r in sorted(rows, key=lambda r: (rank.get(r["p"], 99), str(r["l"]))):
            lang = (r["l"].language or "") if isinstance(r["l"], Literal) else ""
            found.setdefault(r["x"], {}).setdefault(lang, str(r["l"]))
    return found


def reports_of(desc: Description) -> list[URIRef]:
    """The reports the description's evidence cites, in order of first mention."""
    seen: dict[URIRef, None] = {}
    for items in desc.evidence.values():
        for e in items:
            seen.setdefault(e.report, None)
    for value in desc.values(PROV.wasDerivedFrom):
        seen.setdefault(value, None)
    return list(seen)
