"""The audit as data: every sentence of every report, with the facts drawn from it or the
reason it is skipped; and the coverage gate of ``tipkg build``.

A sentence (:mod:`tipkg.graph.sentences`) is accounted for when the evidence of a fact
node lies in it (an ``oa:TextPositionSelector`` of the report graph overlapping it: the
node is the annotation's ``oa:hasBody``) or when a ``[[skip]]`` entry of the report's
fact file names it. A skip gives the exact ``words`` (found in the text like a fact's
quote; ``occurrence`` = 1, 2 … picks one place when the words stand in several), a
``reason`` from :data:`REASONS` and, except for furniture, a ``note`` saying why;
a repetition also names the fact it repeats (``repeats = "kind/slug"``, a node with
evidence in the same report).

The gate (:func:`gate`) fails the build, naming the report and each sentence (offsets and
text), when a sentence has neither a fact nor a skip (a report whose fact file still holds
drafts is being curated: its unaccounted sentences are a warning until no draft is left), and when a skip is wrong: its
words are not in the text (or are ambiguous, or run over two sentences), its reason is
unknown, two skips name one sentence, the fact it says is repeated has no evidence in
the report, or the sentence it skips has a fact's evidence after all. That last rule
keeps the audit unambiguous (a sentence is either drawn on or skipped, never both) and
catches a skip gone stale when a fact is added: remove the skip.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from tipkg.errors import BuildError
from tipkg.graph import evidence, sentences
from tipkg.namespaces import OA, TIP, thing

REASONS: dict[str, str] = {
    "furniture": "page furniture: a link, menu, promotion, credit, byline, tag or share line",
    "repetition": "repeats a fact already drawn from the report (named by repeats)",
    "context": "states no fact to draw (the note says why)",
}
"""The reasons a sentence may be skipped, and what each means."""


@dataclass(frozen=True)
class SentenceAudit:
    """One sentence of a report and how it is accounted for."""

    report: str
    start: int
    end: int
    text: str
    facts: tuple[str, ...] = ()
    """IRIs of the fact nodes whose evidence lies in this sentence, sorted."""
    skipped: str | None = None
    """The skip's reason, or None."""
    note: str | None = None

    @property
    def accounted(self) -> bool:
        return bool(self.facts) != bool(self.skipped)

    def as_json(self) -> dict:
        return {"report": self.report, "start": self.start, "end": self.end, "text": self.text,
                "facts": list(self.facts), "skipped": self.skipped}

    def where(self) -> str:
        return f"{self.report} {self.start}-{self.end}: {self.text!r}"


@dataclass
class ReportAudit:
    """The sentences of one report, audited, and the problems its skips have."""

    report: str
    sentences: list[SentenceAudit]
    problems: list[str] = field(default_factory=list)

    @property
    def unaccounted(self) -> list[SentenceAudit]:
        return [s for s in self.sentences if not s.facts and not s.skipped]

    @property
    def doubly_accounted(self) -> list[SentenceAudit]:
        return [s for s in self.sentences if s.facts and s.skipped]

    def coverage_line(self) -> str:
        total = len(self.sentences)
        drawn = sum(1 for s in self.sentences if s.facts)
        skipped = sum(1 for s in self.sentences if s.skipped and not s.facts)
        share = 100.0 * (drawn + skipped) / total if total else 100.0
        return (f"{self.report}: {drawn + skipped}/{total} sentences accounted for ({share:.1f} %): "
                f"{drawn} with facts, {skipped} skipped, {total - drawn - skipped} unaccounted")


def fact_spans(graph: Graph) -> list[tuple[str, evidence.Span]]:
    """Every (fact node IRI, evidence span) of a report graph, from its annotations."""
    found = []
    for iri, _source, span in evidence.annotated_spans(graph):
        for body in graph.objects(iri, OA.hasBody):
            found.append((str(body), span))
    return found


def audit_report(slug: str, text: str, graph: Graph, skips: Iterable[dict]) -> ReportAudit:
    """The audit of one report: its sentences, the facts in each, its skips checked."""
    split = sentences.split(text)
    facts: list[set[str]] = [set() for _ in split]
    for body, span in fact_spans(graph):
        for index in _overlapping(split, span.start, span.end):
            facts[index].add(body)
    problems: list[str] = []
    skipped: dict[int, dict] = {}
    for number, entry in enumerate(skips, start=1):
        where = f"{slug} [[skip]] #{number}"
        try:
            index = _skip_sentence(split, text, entry, where)
            _check_skip(entry, graph, where)
        except BuildError as error:
            problems.append(error.message)
            continue
        if index in skipped:
            problems.append(f"{where}: the sentence {split[index].start}-{split[index].end} is skipped twice")
            continue
        skipped[index] = entry
    audited = [
        SentenceAudit(slug, s.start, s.end, s.text, tuple(sorted(facts[i])),
                      skipped[i]["reason"] if i in skipped else None, skipped.get(i, {}).get("note"))
        for i, s in enumerate(split)
    ]
    return ReportAudit(slug, audited, problems)


def _overlapping(split: list[sentences.Sentence], start: int, end: int) -> list[int]:
    return [i for i, s in enumerate(split) if s.start < end and start < s.end]


def _skip_sentence(split: list[sentences.Sentence], text: str, entry: dict, where: str) -> int:
    words = entry["words"]
    if not words or not words.strip():
        raise BuildError(f"{where}: empty words")
    places, at = [], text.find(words)
    while at >= 0:
        places.append(at)
        at = text.find(words, at + 1)
    if not places:
        raise BuildError(f"{where}: words not found in the text: {words!r}")
    occurrence = entry.get("occurrence")
    if occurrence is None:
        if len(places) > 1:
            raise BuildError(f"{where}: words stand in {len(places)} places ({', '.join(map(str, places))}); "
                             f"give occurrence = 1 … {len(places)}: {words!r}")
        start = places[0]
    else:
        if not isinstance(occurrence, int) or isinstance(occurrence, bool) or not 1 <= occurrence <= len(places):
            raise BuildError(f"{where}: occurrence must be 1 … {len(places)} (the words stand in {len(places)} places): {words!r}")
        start = places[occurrence - 1]
    indices = _overlapping(split, start, start + len(words))
    if len(indices) != 1:
        raise BuildError(f"{where}: words run over {len(indices)} sentences; a skip names one: {words!r}")
    return indices[0]


def _check_skip(entry: dict, graph: Graph, where: str) -> None:
    reason = entry["reason"]
    if reason not in REASONS:
        raise BuildError(f"{where}: unknown reason {reason!r}; known: {', '.join(REASONS)}")
    if reason != "furniture" and not str(entry.get("note", "")).strip():
        raise BuildError(f"{where}: a {reason} skip needs a note saying why")
    repeats = entry.get("repeats")
    if reason == "repetition" and not repeats:
        raise BuildError(f"{where}: a repetition names the fact it repeats (repeats = \"kind/slug\")")
    if repeats is not None:
        if reason != "repetition":
            raise BuildError(f"{where}: repeats is for reason \"repetition\" only")
        kind, _, slug = str(repeats).partition("/")
        node = thing(kind, slug)
        if (node, TIP.evidence, None) not in graph and not any(graph.subjects(OA.hasBody, node)):
            raise BuildError(f"{where}: repeats {repeats!r}, which has no evidence in this report")


def audit(reports: Iterable) -> list[ReportAudit]:
    """The audit of every report: each a :class:`tipkg.graph.report_graph.ReportGraph` (or
    anything with its ``slug``, ``text``, ``graph`` and ``skips``)."""
    return [audit_report(r.slug, r.text, r.graph, r.skips) for r in reports]


def gate(audits: list[ReportAudit], in_curation: Iterable[str] = ()) -> list[str]:
    """Fail (BuildError) naming every unaccounted sentence and every wrong skip.

    Reports ``in_curation`` (their fact files still hold drafts, :mod:`tipkg.graph.ingest`)
    may have unaccounted sentences: returns one warning per such report instead. Their
    wrong skips fail all the same.
    """
    lines, warnings, pending = [], [], set(in_curation)
    for report in audits:
        lines += report.problems
        if report.report in pending:
            if report.unaccounted:
                warnings.append(f"coverage: {report.report}: {len(report.unaccounted)} sentences have no fact and no skip yet "
                                "(the gate holds them once no draft is left; tipkg audit lists them)")
        else:
            lines += [f"{s.where()}: no fact and no skip (add the fact, or a [[skip]] with its reason)" for s in report.unaccounted]
        lines += [f"{s.where()}: skipped ({s.skipped}) but it has facts {', '.join(s.facts)}: remove the skip"
                  for s in report.doubly_accounted]
    if lines:
        raise BuildError("the coverage gate: every sentence needs a fact or a skip\n  " + "\n  ".join(lines))
    return warnings


def as_json(audits: list[ReportAudit]) -> list[dict]:
    """The audit as JSON: one object per sentence, reports in order."""
    return [s.as_json() for report in audits for s in report.sentences]


def as_text(audits: list[ReportAudit]) -> str:
    """A coverage line per report, then the sentences not accounted for and the wrong skips."""
    lines = [report.coverage_line() for report in audits]
    missing = [s for report in audits for s in report.unaccounted]
    double = [s for report in audits for s in report.doubly_accounted]
    problems = [p for report in audits for p in report.problems]
    if missing:
        lines += ["", "unaccounted sentences (no fact, no skip):"] + [f"  {s.where()}" for s in missing]
    if double:
        lines += ["", "skipped sentences that have facts (remove the skip):"] + [f"  {s.where()} {list(s.facts)}" for s in double]
    if problems:
        lines += ["", "wrong skips:"] + [f"  {p}" for p in problems]
    return "\n".join(lines)


def complete(audits: list[ReportAudit]) -> bool:
    """Whether every sentence is accounted for and every skip is right."""
    return all(not r.unaccounted and not r.doubly_accounted and not r.problems for r in audits)


def report_graphs_of_build(dataset, slugs: Iterable[str]) -> dict[str, Graph]:
    """The report graphs of a built dataset (an rdflib Dataset), by slug."""
    from tipkg.namespaces import GRAPH

    graphs = {}
    for slug in slugs:
        graph = Graph()
        for triple in dataset.graph(GRAPH[slug]):
            graph.add(triple)
        if (URIRef(thing("document", slug)), RDF.type, TIP.NewsReport) not in graph:
            raise BuildError(f"the build has no report graph for {slug}")
        graphs[slug] = graph
    return graphs


__all__ = ["REASONS", "SentenceAudit", "ReportAudit", "audit", "audit_report", "gate", "as_json", "as_text", "complete"]
