"""Answer pages: questions people come with, answered without writing SPARQL.

Each page runs one of the named example queries (``graph/queries/*.rq``), says which, and
links it into the editor. The query gives the rows; the page then reads, for the facts in
those rows, their statements (so a property the query does not select — a condition, a
doubtful date, a translation — shows when the graph has it), their labels in both
languages and their evidence, so every row links to its fact and to its words highlighted
in the report text.

- ``/commitments`` — grouped by action, modality, condition, every report's exact words
- ``/statistics`` — every figure, the figures that disagree side by side, an SVG chart
- ``/timeline`` — in date order, doubtful dates marked
- ``/quotes`` — who said what, when and where, with the translation
- ``/actors``, ``/countries``, ``/notes``
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint
from rdflib import Literal, URIRef
from rdflib.term import Node

from tipkg import assets
from tipkg.namespaces import ORG, PROV, RDFS, SCHEMA, SKOS, TIP
from tipkg.server.render import charts, responses
from tipkg.server.render.descriptions import Evidence, _evidence, _values, labels
from tipkg.server.render.i18n import page_lang
from tipkg.server.state import get_store

bp = Blueprint("answers", __name__)


@dataclass(frozen=True)
class Answer:
    path: str
    key: str
    """i18n key of the title (``a.<key>``, ``a.<key>.lead``, ``a.<key>.short``)."""
    query: str
    """The named example query (file name without ``.rq``)."""
    fact: str
    """The variable naming the fact each row is about."""


ANSWERS = (
    Answer("/commitments", "commitments", "01-commitments-by-action", "commitment"),
    Answer("/statistics", "statistics", "04-statistics", "observation"),
    Answer("/timeline", "timeline", "09-timeline", "what"),
    Answer("/quotes", "quotes", "06-who-said-what", "utterance"),
    Answer("/actors", "actors", "10-actors-and-posts", "person"),
    Answer("/countries", "countries", "11-countries", "country"),
    Answer("/notes", "notes", "13-data-quality-notes", "note"),
)
DISAGREEING = "05-disagreeing-statistics"


@dataclass
class Facts:
    """What a page knows about the facts of its rows."""

    rows: list[dict]
    props: dict[Node, dict[URIRef, list[Node]]] = field(default_factory=dict)
    evidence: dict[URIRef, list[Evidence]] = field(default_factory=dict)
    labels: dict[Node, dict[str, str]] = field(default_factory=dict)

    def values(self, node: Node, predicate: str | URIRef) -> list[Node]:
        return self.props.get(node, {}).get(URIRef(predicate) if isinstance(predicate, str) else predicate, [])

    def value(self, node: Node, predicate: str | URIRef) -> Node | None:
        """One value; for literals, the one in the page's language, else untagged, else any."""
        found = self.values(node, predicate)
        if not found:
            return None
        lang = page_lang()
        for wanted in (lang, None, "en"):
            for v in found:
                if isinstance(v, Literal) and v.language == wanted:
                    return v
        return found[0]

    def literal(self, node: Node, predicate: str | URIRef, lang: str) -> Literal | None:
        return next((v for v in self.values(node, predicate) if isinstance(v, Literal) and v.language == lang), None)

    def flag(self, node: Node, predicate: str | URIRef) -> bool:
        return any(str(v).lower() == "true" for v in self.values(node, predicate))

    def label(self, node: Node) -> str:
        names = self.labels.get(node, {})
        return names.get(page_lang()) or names.get("") or names.get("en") or next(iter(names.values()), str(node))


def query_of(name: str) -> assets.ExampleQuery | None:
    return next((q for q in assets.example_queries() if q.name == name), None)


def gather(store, query_name: str, fact_var: str, extra_nodes=()) -> Facts:
    """The rows of ``query_name`` and, for the facts they name, statements, labels, evidence."""
    query = query_of(query_name)
    rows = store.select(query.text) if query else []
    facts = {r[fact_var] for r in rows if isinstance(r.get(fact_var), URIRef)} | set(extra_nodes)
    found = Facts(rows)
    if facts:
        for chunk in _chunks(sorted(facts), 300):
            for r in store.select(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {_values(chunk)} }} GRAPH ?g {{ ?s ?p ?o }} }}"):
                values = found.props.setdefault(r["s"], {}).setdefault(r["p"], [])
                if r["o"] not in values:
                    values.append(r["o"])
        found.evidence = _evidence(store, facts)
    nodes = {v for r in rows for v in r.values()} | facts
    nodes |= {o for p in found.props.values() for vs in p.values() for o in vs}
    nodes |= {e.report for es in found.evidence.values() for e in es}
    found.labels = labels(store, nodes)
    for values in found.props.values():
        for predicate in values:
            values[predicate].sort(key=str)
    return found


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _page(answer: Answer, template: str, **context):
    query = query_of(answer.query)
    return responses.page(template, answer=answer, answers=ANSWERS, query=query, TIP=TIP, SCHEMA=SCHEMA, PROV=PROV,
                          RDFS=RDFS, **context)


def _answer(path: str) -> Answer:
    return next(a for a in ANSWERS if a.path == path)


@bp.route("/commitments", methods=["GET", "HEAD"])
def commitments():
    answer = _answer("/commitments")
    facts = gather(get_store(), answer.query, answer.fact)
    groups: dict[Node, list[dict]] = {}
    seen: set[Node] = set()
    for row in facts.rows:
        if row.get("commitment") in seen:
            continue
        seen.add(row.get("commitment"))
        groups.setdefault(row.get("action"), []).append(row)
    ordered = sorted(groups.items(), key=lambda kv: facts.label(kv[0]) if kv[0] is not None else "~")
    # the declaration's other statements (recognitions, concerns, emphases), when the graph has them
    store = get_store()
    others = store.select(f"SELECT DISTINCT ?s WHERE {{ ?s a {_values([TIP.Statement])} }} ORDER BY ?s")
    statements = gather_nodes(store, [r["s"] for r in others])
    return _page(answer, "answers/commitments.html", facts=facts, groups=ordered, statements=statements)


def gather_nodes(store, nodes: list[Node]) -> Facts:
    """Statements, labels and evidence of ``nodes`` (no query of its own)."""
    found = Facts([{"fact": n} for n in nodes])
    if not nodes:
        return found
    for chunk in _chunks(sorted(set(nodes)), 300):
        for r in store.select(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {_values(chunk)} }} GRAPH ?g {{ ?s ?p ?o }} }}"):
            values = found.props.setdefault(r["s"], {}).setdefault(r["p"], [])
            if r["o"] not in values:
                values.append(r["o"])
    found.evidence = _evidence(store, set(nodes))
    mentioned = set(nodes) | {o for p in found.props.values() for vs in p.values() for o in vs}
    mentioned |= {e.report for es in found.evidence.values() for e in es}
    found.labels = labels(store, mentioned)
    return found


@bp.route("/statistics", methods=["GET", "HEAD"])
def statistics():
    answer = _answer("/statistics")
    store = get_store()
    disagreeing = query_of(DISAGREEING)
    pairs = store.select(disagreeing.text) if disagreeing else []
    extra = {r[k] for r in pairs for k in ("a", "b") if isinstance(r.get(k), URIRef)}
    facts = gather(store, answer.query, answer.fact, extra)
    seen: set[Node] = set()
    rows = []
    for row in facts.rows:
        if row.get("observation") not in seen:
            seen.add(row.get("observation"))
            rows.append(row)
    notes = _notes_about(store, {r["observation"] for r in rows} | extra)
    chart = charts.figures_svg([_bar(facts, r) for r in rows if _number(r.get("value")) is not None],
                               title=str(responses_t("stat.chart")))
    return _page(answer, "answers/statistics.html", facts=facts, rows=rows, pairs=pairs, chart=chart,
                 disagreeing=disagreeing, notes=notes)


def _comments(store, notes) -> dict[Node, Literal]:
    """The ``rdfs:comment`` of each note (an IRI) in the page's language, else untagged, else English."""
    notes = [n for n in notes if isinstance(n, URIRef)]
    if not notes:
        return {}
    lang = page_lang()
    found: dict[Node, tuple[int, Literal]] = {}
    for r in store.select(f"SELECT ?n ?c WHERE {{ VALUES ?n {{ {_values(notes)} }} ?n {_values([RDFS.comment])} ?c }}"):
        rank = {lang: 0, None: 1, "en": 2}.get(getattr(r["c"], "language", None), 3)
        if r["n"] not in found or rank < found[r["n"]][0]:
            found[r["n"]] = (rank, r["c"])
    return {n: c for n, (_, c) in found.items()}


def _notes_about(store, nodes) -> dict[Node, list[tuple[URIRef, Literal]]]:
    """The data-quality notes about each of ``nodes``: (note, its comment in the page's language)."""
    nodes = [n for n in nodes if isinstance(n, URIRef)]
    if not nodes:
        return {}
    rows = store.select(f"SELECT ?x ?n ?c WHERE {{ VALUES ?x {{ {_values(nodes)} }} ?n a {_values([TIP.DataQualityNote])} ;"
                        f" {_values([TIP.about])} ?x ; {_values([RDFS.comment])} ?c }} ORDER BY ?n")
    lang = page_lang()
    best: dict[tuple, Literal] = {}
    for r in rows:
        key = (r["x"], r["n"])
        rank = {lang: 0, None: 1, "en": 2}.get(getattr(r["c"], "language", None), 3)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, r["c"])
    found: dict[Node, list[tuple[URIRef, Literal]]] = {}
    for (x, n), (_, comment) in sorted(best.items(), key=lambda kv: str(kv[0][1])):
        found.setdefault(x, []).append((n, comment))
    return found


def _bar(facts: Facts, row: dict) -> tuple[str, str, float, bool, str]:
    """One bar: (what is counted, area · who states it · period, value, approximate, unit)."""
    o = row["observation"]
    variable = facts.value(o, SCHEMA.variableMeasured)
    area = facts.value(o, SCHEMA.observationAbout)
    by = facts.value(o, TIP.reportedBy)
    unit = facts.value(o, TIP.unit)
    period = facts.value(o, TIP.periodLabel)
    label = " · ".join(str(x) for x in (facts.label(area) if area else None, facts.label(by) if by else None, period) if x)
    return (facts.label(variable) if variable else facts.label(o), label, _number(row.get("value")),
            facts.flag(o, TIP.isApproximate), facts.label(unit) if unit else "")


def responses_t(key: str):
    from tipkg.server.render.i18n import t

    return t(key)


def _number(value) -> float | None:
    try:
        return float(str(value))
    except (TypeError, ValueError):
        return None


@bp.route("/timeline", methods=["GET", "HEAD"])
def timeline():
    answer = _answer("/timeline")
    store = get_store()
    facts = gather(store, answer.query, answer.fact)
    return _page(answer, "answers/timeline.html", facts=facts, rows=_distinct(facts.rows, ("date", "what")),
                 doubts=_comments(store, {n for p in facts.props.values() for n in p.get(TIP.doubtNote, [])}))


@bp.route("/quotes", methods=["GET", "HEAD"])
def quotes():
    answer = _answer("/quotes")
    facts = gather(get_store(), answer.query, answer.fact)
    return _page(answer, "answers/quotes.html", facts=facts, rows=_distinct(facts.rows, ("utterance",)))


@bp.route("/actors", methods=["GET", "HEAD"])
def actors():
    answer = _answer("/actors")
    store = get_store()
    facts = gather(store, answer.query, answer.fact)
    # the memberships carry the evidence: find them per (person, post)
    rows = store.select(f"SELECT DISTINCT ?m ?person ?post WHERE {{ ?m a {_values([ORG.Membership])} ; {_values([ORG.member])} ?person ;"
                        f" {_values([TIP.post])} ?post }}")
    memberships = {r["m"] for r in rows}
    evidence = _evidence(store, memberships) if memberships else {}
    found: dict[tuple, dict] = {}
    for r in rows:
        entry = found.setdefault((r["person"], r["post"]), {"facts": [], "evidence": []})
        entry["facts"].append(r["m"])
        entry["evidence"].extend(evidence.get(r["m"], []))
    facts.labels.update(labels(store, memberships | {e.report for es in evidence.values() for e in es}))
    rows = [(row, found.get((row.get("person"), row.get("post")))) for row in facts.rows]
    return _page(answer, "answers/actors.html", facts=facts, rows=rows)


@bp.route("/countries", methods=["GET", "HEAD"])
def countries():
    answer = _answer("/countries")
    store = get_store()
    facts = gather(store, answer.query, answer.fact)
    # the role facts themselves carry the evidence: find them per (country, report)
    roles = store.select(
        f"SELECT DISTINCT ?cr ?country ?role ?roleLabel WHERE {{ ?cr a {_values([TIP.CountryRole])} ; {_values([TIP.country])} ?country ;"
        f" {_values([TIP.role])} ?role . ?role {_values([SKOS.prefLabel])} ?roleLabel FILTER(LANG(?roleLabel) = \"en\") }}")
    role_facts = {r["cr"] for r in roles}
    evidence = _evidence(store, role_facts) if role_facts else {}
    found: dict[tuple, dict] = {}
    for r in roles:
        entry = found.setdefault((r["country"], str(r["roleLabel"])), {"role": r["role"], "facts": [], "evidence": []})
        entry["facts"].append(r["cr"])
        entry["evidence"].extend(evidence.get(r["cr"], []))
    facts.labels.update(labels(store, {r["role"] for r in roles} | role_facts | {e.report for es in evidence.values() for e in es}))
    rows = [(row, found.get((row.get("country"), str(row.get("role"))))) for row in facts.rows]
    return _page(answer, "answers/countries.html", facts=facts, rows=rows)


@bp.route("/notes", methods=["GET", "HEAD"])
def notes():
    answer = _answer("/notes")
    facts = gather(get_store(), answer.query, answer.fact)
    return _page(answer, "answers/notes.html", facts=facts, rows=_distinct(facts.rows, ("note",)))


def _distinct(rows: list[dict], keys: tuple[str, ...]) -> list[dict]:
    seen, out = set(), []
    for row in rows:
        key = tuple(row.get(k) for k in keys)
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


__all__ = ["bp", "ANSWERS"]
