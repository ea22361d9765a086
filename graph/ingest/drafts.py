"""A report's text → draft entries, each with its exact words, the rule that made it
and a confidence. Nothing here is published: every entry carries ``draft = true``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from rdflib import Graph

from tipkg.graph.ingest import furniture as furniture_rules
from tipkg.graph.ingest.commitments import Commitments, statement_kind
from tipkg.graph.ingest.dates import FoundDate, find_dates
from tipkg.graph.ingest.entities import Registry, proposals
from tipkg.graph.ingest.figures import figures
from tipkg.graph.ingest.quotes import direct_quotes, memberships, reported_speech
from tipkg.graph.ingest.text import Piece, lines, sentences, unique_span
from tipkg.graph.sentences import split as split_sentences


@dataclass
class Drafts:
    entries: list[tuple[str, dict, list[str]]] = field(default_factory=list)
    unaccounted: list[Piece] = field(default_factory=list)
    dateline: tuple[str, str] | None = None
    """(place id, the dateline's words) when the text opens with a registered place."""
    dateline_words: str = ""
    publisher_words: str | None = None
    publisher: str | None = None
    headline: str = ""

    def add(self, section: str, entry: dict, rule: str, confidence: float, comments: list[str] | None = None) -> None:
        self.entries.append((section, {**entry, "draft": True, "rule": rule, "confidence": confidence}, comments or []))

    def of(self, section: str) -> list[dict]:
        return [e for s, e, _ in self.entries if s == section]


_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Za-z .]+?)\s*(?:\((?P<agency>[A-Za-z]+)\))?\s*(?:,\s*(?P<publisher>[A-Za-z][\w. ]+?))?\s*[-–—]\s")


def draft_report(text: str, entities: dict, commitments: dict, schemes: Graph, *, slug: str, report_date: dt.date | None, year: int, publisher: str | None) -> Drafts:
    registry = Registry(entities)
    out = Drafts(publisher=publisher)
    all_lines = lines(text)
    skipped: list[Piece] = []
    counter: dict[str, int] = {}

    def next_id(kind: str) -> str:
        counter[kind] = counter.get(kind, 0) + 1
        return f"{slug}-{kind}-{counter[kind]}"

    # headline, dateline, publisher -----------------------------------------
    first = all_lines[0] if all_lines else None
    body_lines = [ln for ln in all_lines if not furniture_rules.furniture(ln.text)]
    if body_lines and len(body_lines[0].text) < 160 and not re.search(r"[.:]$", body_lines[0].text) and not _DATELINE.match(body_lines[0].text):
        out.headline = body_lines[0].text
    for ln in body_lines[:6]:
        m = _DATELINE.match(ln.text)
        if m:
            quote = ln.text[: m.end()].rstrip(" -–—")
            for place_group, publisher_group in (("place", "publisher"), ("publisher", "place")):
                words = (m.group(place_group) or "").strip()
                ref = _place(registry, words)
                if ref:
                    out.dateline = (ref, quote)
                    out.dateline_words = words.title() if words.isupper() else words
                    if m.group(publisher_group):
                        out.publisher_words = m.group(publisher_group).strip()
                    break
            break
    del first

    # page furniture: one skip per sentence of the audit's split (a skip names one) ----
    audit_sentences = split_sentences(text)

    def skip_sentences(start: int, end: int, reason: str, rule: str, confidence: float) -> None:
        for sentence in audit_sentences:
            if start <= sentence.start and sentence.end <= end:
                _skip(out, text, sentence.start, sentence.end, reason, rule, confidence)

    def skip_if_sentence(start: int, end: int, note: str, rule: str, confidence: float, reason: str = "furniture") -> None:
        if any(x.start == start and x.end == end for x in audit_sentences):
            _skip(out, text, start, end, note, rule, confidence, reason)

    for x in audit_sentences:  # "Oleh karena itu." cut from the sentence it opens
        if re.fullmatch(r"(?:Oleh karena itu|Karena itu|Untuk itu|Selain itu|Dengan demikian|Namun|Sementara itu)[.,]", x.text):
            _skip(out, text, x.start, x.end, "a connective standing alone: it states no fact", "skip-stranded-connective", 0.6, "context")

    for ln in all_lines:
        found = furniture_rules.furniture(ln.text)
        if found:
            reason, rule = found
            skip_sentences(ln.start, ln.end, reason, rule, 0.9)
            skipped.append(ln)
            continue
        if re.match(r"^\d{1,2}\.\s+\S", ln.text) and len(ln.text) < 100 and not ln.text.endswith("."):
            # context, which publishes as drafted; a curator may make it a repetition of the fact under it (repeats = "kind/slug")
            skip_if_sentence(ln.start, ln.end, "a numbered section heading: the paragraph under it says what it announces",
                             "skip-section-heading", 0.6, reason="context")
            continue
        if out.headline and ln.text.startswith(out.headline) and ln.text != out.headline:
            skip_if_sentence(ln.start, ln.start + len(out.headline), "headline repeated before a photo caption", "skip-repeated-headline", 0.8)
        initials = furniture_rules.trailing_initials(ln.text)
        if initials:
            skip_if_sentence(ln.start + initials.start(1), ln.start + initials.end(1), "editor's initials", "skip-initials", 0.7)
        credit = furniture_rules.trailing_credit(ln.text)
        if credit:
            skip_if_sentence(ln.start + credit.start(1), ln.start + credit.end(1), "photo credit", "skip-photo-credit", 0.5)
    in_furniture = lambda at: any(p.start <= at < p.end for p in skipped)  # noqa: E731

    skip_spans = [_span_of(text, e) for section, e, _ in out.entries if section == "skip"]
    in_skip = lambda at: any(s <= at < e for s, e in skip_spans)  # noqa: E731
    hits = [h for h in registry.find(text) if not in_skip(h.start)]
    pieces = [p for p in (_trimmed(s, skip_spans) for s in sentences(text) if not in_furniture(s.start)) if p.text]
    sentence_of = lambda at: next((s for s in pieces if s.start <= at < s.end), None)  # noqa: E731
    dates = [d for d in find_dates(text, report_date, year) if not in_skip(d.start)]

    # entities ---------------------------------------------------------------
    seen: set[str] = set()
    for hit in hits:
        if hit.entity in seen:
            continue
        s, e = unique_span(text, hit.start, hit.end, sentence_of(hit.start))
        if text.count(text[s:e]) != 1:
            continue  # words that stand twice (a repeated headline): try the next place it is named
        seen.add(hit.entity)
        out.add("mention", {"entity": hit.entity, "quote": text[s:e]}, hit.rule, 0.9 if "alias" not in hit.rule and "nested" not in hit.rule else 0.7)
    starts = {p.start for p in pieces}
    for s, e, words in proposals(text, hits, starts):
        if in_skip(s) or words == out.headline:
            continue
        if words in [c[1].get("quote") for c in out.entries if c[0] == "mention" and "entity" not in c[1]]:
            continue
        s2, e2 = unique_span(text, s, e, sentence_of(s))
        if text.count(text[s2:e2]) != 1:
            continue
        out.add("mention", {"quote": text[s2:e2]}, "entity-proposed-capitalised-name", 0.3,
                [f"proposed new entity {words!r}: not in _entities.toml. Register it (kind, labels; Wikidata only if certain)", "then set entity = \"kind/slug\" here, or delete this entry"])

    for person, post, s, e, rule in memberships(text, registry, hits):
        s, e = unique_span(text, s, e, sentence_of(s))
        if text.count(text[s:e]) == 1:
            out.add("membership", {"person": person, "post": post, "quote": text[s:e]}, rule, 0.7)

    # quotes and reported speech ---------------------------------------------
    quotes = [q for q in direct_quotes(text, registry, hits) if not in_skip(q.start)]
    last_date_of: dict[str, FoundDate] = {}
    persons = registry.persons()
    dated_mentions: list[tuple[int, str, FoundDate]] = []  # a dated sentence naming a person dates that person's later words
    for p in pieces:
        for d in dates:
            if p.start <= d.start < p.end and d.date:
                named = {h.entity for h in hits if p.start <= h.start < p.end and registry.kind(h.entity) == "person"}
                named |= {persons[t] for t in re.findall(r"[A-Z][\w'’-]+", p.text) if t in persons}
                dated_mentions += [(p.start, who, d) for who in named]
                break
    quote_by_pos = sorted(quotes, key=lambda q: q.start)
    speeches = []
    for p in pieces:
        sp = reported_speech(text, p.start, p.end, registry, hits, quotes)
        if sp:
            speeches.append(sp)
    events = sorted([(q.start, "quote", q) for q in quote_by_pos] + [(s.start, "speech", s) for s in speeches], key=lambda x: x[0])
    for at, kind, item in events:
        for start, who, d in dated_mentions:
            if start <= at:
                last_date_of.setdefault(who, d)
        sentence = sentence_of(item.start)
        if kind == "quote":
            q = item
            entry: dict = {"id": next_id("quote")}
            if q.speaker:
                entry["speaker"] = q.speaker
            entry["words"] = q.words
            comments = [] if q.speaker else [f"speaker not resolved: {q.speaker_words!r}" if q.speaker_words else "no attribution found"]
            comments.append("translation = \"…\" (the English, ours) is for the curator to write before publishing")
            line_end = next((ln.end for ln in all_lines if ln.start <= q.end <= ln.end), q.end)
            own = [d for d in dates if q.end <= d.start < min(line_end, q.end + 160)]
            how = _date(entry, text, own, q.speaker, last_date_of, comments, sentence, (q.attribution[0], own[0].end if own else q.attribution[1]))
            if text.count(q.words) != 1:
                continue
            out.add("quote", entry, q.rule + how, q.confidence, comments)
        else:
            sp = item
            quote = text[sp.start:sp.end]
            if text.count(quote) != 1:
                continue
            entry = {"id": next_id("speech"), "speaker": sp.speaker, "quote": quote}
            comments = ["summary = { en = \"…\", id = \"…\" } is for the curator to write (the English marked as our translation)"]
            own = [d for d in dates if sentence and sentence.start <= d.start < sentence.end]
            how = _date(entry, text, own, sp.speaker, last_date_of, comments, sentence, None)
            _speech_date(entry, comments)
            out.add("speech", entry, sp.rule + how, sp.confidence, comments)
        if sentence:
            for d in dates:
                if sentence.start <= d.start < sentence.end and d.date and entry.get("speaker"):
                    last_date_of[entry["speaker"]] = d
    # figures ----------------------------------------------------------------
    speakers_in = {}
    for p in pieces:
        names = [h.entity for h in hits if p.start <= h.start < p.end and registry.kind(h.entity) in ("person", "organization")]
        speakers_in[p.start] = names
    for p in pieces:
        for f in figures(text, p.start, p.end):
            quote_start, quote_end = p.start, p.end
            q = text[quote_start:quote_end]
            if q.find(f.value) != f.value_start - quote_start:
                quote_start = f.start
                q = text[quote_start:quote_end]
            if text.count(q) != 1:
                continue
            entry = {"id": next_id("figure"), "value": f.value}
            if f.unit:
                entry["unit"] = f.unit
            if f.approximate:
                entry["approximate"] = True
            source = re.search(r"(?:berdasarkan|menurut)\s+data\s+", q, re.IGNORECASE)
            people = speakers_in.get(p.start, [])
            comments = [f"counts: {f.counts!r}" if f.counts else "counts: not stated next to the figure"]
            if f.scale:
                comments.append(f"scale: {f.scale} (the value is as written; the scale multiplies it)")
            if f.vague:
                comments.append(f"{f.value!r} gives no exact value: publish it as a note, not an observation")
            if f.unit and f.unit not in ("person", "case", "percent"):
                comments.append(f"unit {f.unit!r} is not a concept of id/scheme/unit yet: add it to ontology/schemes.ttl to publish")
            comments.append("variable, area and period are for the curator to give")
            if source and people:
                entry["data_source"] = people[0]
            reporters = [x for x in people if not (source and x == entry.get("data_source"))]
            entry["reported_by"] = reporters[0] if reporters else (publisher or "")
            if not entry["reported_by"]:
                del entry["reported_by"]
            entry["quote"] = q
            out.add("observation", entry, f.rule, f.confidence, comments)

    # commitments --------------------------------------------------------------
    matcher = Commitments(commitments, schemes)
    previous_matched = False
    for p in pieces:
        found_here = matcher.match(p.text, in_context=previous_matched)[:2]
        previous_matched = bool(found_here)
        for c in found_here:
            if text.count(p.text) != 1:
                continue
            out.add("commitment", {"ref": c.ref, "quote": p.text, "verb": c.verb, "modality": c.modality}, c.rule, min(0.9, round(0.3 + c.score * 0.6, 2)))
        said = statement_kind(p.text) if not found_here else None
        if said and text.count(p.text) == 1:
            words, kind = said
            entry = {"id": next_id("statement"), "kind": kind}
            if re.search(r"\bpemimpin\b|\bkepala negara\b", p.text, re.IGNORECASE):
                entry["by"] = "group/asean-leaders"
            entry["quote"] = p.text
            out.add("statement", entry, f"statement-{kind}", 0.5,
                    [f"{words!r}: a {kind}, not a commitment", "label = { en = \"…\", id = \"…\" } is for the curator to write (the English ours)"])

    # the audit's accounting, started: a sentence holding a draft's words, or skipped
    spans = []
    for section, entry, _ in out.entries:
        if section == "skip":
            spans.append(_span_of(text, entry))
        for key in ("quote", "words"):
            if key in entry and section != "skip" and text.count(entry[key]) == 1:
                at = text.find(entry[key])
                spans.append((at, at + len(entry[key])))
    if out.dateline:
        at = text.find(out.dateline[1])
        spans.append((at, at + len(out.dateline[1])))
    out.unaccounted = [Piece(x.start, x.end, x.text) for x in audit_sentences
                       if not any(s < x.end and x.start < e for s, e in spans) and x.text != out.headline]
    return out


def _span_of(text: str, skip: dict) -> tuple[int, int]:
    at = -1
    for _ in range(skip.get("occurrence", 1)):
        at = text.find(skip["words"], at + 1)
    return at, at + len(skip["words"])


def _trimmed(p: Piece, spans: list[tuple[int, int]]) -> Piece:
    """A sentence without the skipped words it opens or closes with (a repeated headline,
    the editor's initials, a photo credit)."""
    start, end = p.start, p.end
    for s, e in spans:
        if s <= start < e:
            start = e
        if s < end <= e:
            end = s
    if start >= end:
        return Piece(start, start, "")
    part = p.text[start - p.start:end - p.start]
    left = len(part) - len(part.lstrip())
    part = part.strip()
    return Piece(start + left, start + left + len(part), part)


def _place(registry: Registry, words: str) -> str | None:
    """The registered place or country a dateline names (its label holds the words)."""
    if len(words) < 3:
        return None
    for ref, entry in registry.entities.items():
        if registry.kind(ref) in ("place", "country"):
            if any(words.lower() == n.lower() for n in (entry["label"]["id"], entry["label"]["en"], *entry.get("alt", []))):
                return ref
    for ref, entry in registry.entities.items():
        if registry.kind(ref) in ("place", "country") and words.lower() in entry["label"]["id"].lower():
            return ref
    return None


def _skip(out: Drafts, text: str, start: int, end: int, note: str, rule: str, confidence: float, reason: str = "furniture") -> None:
    words = text[start:end]
    # the coverage gate's fixed reasons (tipkg.graph.coverage.REASONS); the rule's description is the note
    entry: dict = {"words": words, "reason": reason, "note": note}
    n = text.count(words)
    if n > 1:
        entry["occurrence"] = text[:start].count(words) + 1
    out.add("skip", entry, rule, confidence)


def _speech_date(entry: dict, comments: list[str]) -> None:
    """A [[speech]] takes an exact date only (it has no date_approximate, no date_quote):
    an approximate one is left for the curator, in a comment."""
    words = entry.pop("date_quote", None)
    if entry.pop("date_approximate", False):
        comments.append(f"{words or 'an earlier sentence'!r} puts it near {entry.pop('date').isoformat()} (approximate: a speech takes only an exact date)")
    elif words:
        comments.append(f"date from {words!r}")


def _date(entry: dict, text: str, own: list[FoundDate], speaker: str | None, last: dict, comments: list[str], sentence, attribution) -> str:
    """Date ``entry`` from the words given with it, else from an earlier dated sentence
    naming the same speaker; returns "; <date rule>" for the entry's rule ("" if undated)."""
    if own:
        d = own[0]
        if d.date is None:
            why = "no --date to resolve it against" if d.rule == "date-relative-no-report-date" else "a relative date the text does not resolve"
            comments.append(f"{text[d.start:d.end]!r}: {why}; left undated")
            return f"; {d.rule}"
        entry["date"] = d.date
        if d.approximate:
            entry["date_approximate"] = True
        words = text[d.start:d.end]
        if text.count(words) != 1 and attribution:
            words = text[attribution[0]:max(attribution[1], d.end)]
        if text.count(words) == 1:
            entry["date_quote"] = words
        if d.weekday_ok is False:
            comments.append(f"{words!r}: the weekday does not fall on {d.date.isoformat()} (the build warns): a doubtful date")
        return f"; {d.rule}"
    if speaker and speaker in last:
        d = last[speaker]
        entry["date"] = d.date
        if d.approximate:
            entry["date_approximate"] = True
        comments.append(f"date taken from an earlier sentence naming the same speaker ({text[d.start:d.end]!r})")
        if d.weekday_ok is False:
            comments.append(f"{text[d.start:d.end]!r}: the weekday does not fall on {d.date.isoformat()} (the build warns): a doubtful date")
        return f"; {d.rule}-inherited"
    return ""
