"""Direct quotes and their speakers, reported speech of named people, posts held."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tipkg.graph.ingest.entities import Hit, Registry

SAYING = (
    "kata|ujar|tutur|ucap|jelas|tegas|ungkap|imbuh|terang|papar|sebut|tulis|tandas|lanjut|katanya|ujarnya|"
    "tuturnya|ucapnya|jelasnya|tegasnya|ungkapnya|imbuhnya|terangnya|paparnya|sebutnya|tulisnya|"
    "kata dia|ujar dia|demikian|menurut"
)
_AFTER = re.compile(r"^\s*(?P<verb>" + SAYING + r")\b\s*(?P<who>[^.;]*)", re.IGNORECASE)
_BEFORE = re.compile(
    r"(?P<who>[^.;“\"]*?)\s*(?P<verb>mengatakan|menyatakan|menegaskan|mengungkapkan|menjelaskan|menyebut|menuturkan|berkata|bilang|menambahkan)\s*(?:bahwa\s*)?[,:]?\s*$",
    re.IGNORECASE,
)
REPORTED = re.compile(
    r"\b(?P<verb>mengatakan|menyatakan|menegaskan|mengungkapkan|menjelaskan|menyebut|menuturkan|menambahkan|mengimbau|meminta|mendorong|menekankan)\b",
)
_DOCUMENT = re.compile(r"^(?:pernyataan|dokumen|deklarasi|keterangan|rilis|siaran pers)\b(?:\s+(?:tersebut|itu|ini|bersama(?: ini| tersebut)?))?", re.IGNORECASE)


@dataclass
class Quote:
    start: int
    end: int
    words: str
    attribution: tuple[int, int]
    """Where the words naming the speaker stand (the clause after or before the quote)."""
    speaker: str | None
    speaker_words: str
    rule: str
    confidence: float


def direct_quotes(text: str, registry: Registry, hits: list[Hit]) -> list[Quote]:
    """Each “…” or "…" of four words or more, with the speaker its attribution names."""
    found: list[Quote] = []
    persons = registry.persons()
    for m in re.finditer(r"“([^”]+)”|\"([^\"\n]+)\"", text):
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        if len(inner.split()) < 3:
            continue
        ws = m.start() + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        line_start = text.rfind("\n", 0, m.start()) + 1
        after, before = text[m.end():line_end], text[line_start:m.start()]
        speaker, words, rule, conf, attribution = None, "", "quote-unattributed", 0.2, (m.end(), m.end())
        a = _AFTER.match(after)
        b = _BEFORE.search(before)
        if a:
            words = _trim_who(a.group("who"))
            attribution = (m.end() + a.start("verb"), m.end() + a.start("who") + len(words))
            rule, conf = "quote-verb-after", 0.8
        elif b and b.group("who").strip():
            words = re.split(r"\s[-–—]\s|,", b.group("who"))[-1].strip(" ,")
            attribution = (line_start + b.start("who"), line_start + b.end("verb"))
            rule, conf = "quote-verb-before", 0.7
        else:
            nxt = re.match(r"\s*,?\s*([A-Z][^.;]*)", after)
            if nxt:
                words = _trim_who(nxt.group(1))
                attribution = (m.end() + nxt.start(1), m.end() + nxt.start(1) + len(words))
                rule, conf = "quote-named-after", 0.5
        pronoun = bool(a) and (a.group("verb").lower().endswith("nya") or words.lower() in ("dia", "beliau", "ia"))
        if pronoun:
            named = [h for h in hits if h.start < m.start() and registry.kind(h.entity) == "person"]
            if named:
                speaker, rule, conf = named[-1].entity, "quote-verb-after+last-person", 0.6
            words = words or a.group("verb")
        elif words:
            speaker, how = resolve_speaker(text, words, attribution[0], registry, persons, hits, found)
            if speaker is None:
                conf = 0.3
            elif how:
                rule, conf = f"{rule}+{how}", conf - 0.2
        found.append(Quote(ws, ws + len(inner), inner, attribution, speaker, words, rule, round(conf, 2)))
    return found


def _trim_who(who: str) -> str:
    """The name part of an attribution: up to where the circumstances begin."""
    cut = re.split(r"[,:]|\s(?:ketika|saat|kepada|dalam|di|dilansir|dikutip|pada|usai|seusai|sebelum|setelah|melalui|lewat)\s", " " + who.strip() + " ")[0]
    return cut.strip()


def resolve_speaker(text: str, words: str, at: int, registry: Registry, persons: dict[str, str], hits: list[Hit], earlier: list[Quote]) -> tuple[str | None, str]:
    """The registered entity ``words`` names: a registry name in them (a person before
    anything else), a person's first or last name, or — for "pernyataan tersebut",
    "dokumen tersebut" — the previous document speaker or the last instrument named."""
    inside = [h for h in registry.find(words) if not h.rule.endswith("-nested")]
    for kinds in (("person",), ("group", "organization", "instrument")):
        for hit in inside:
            if registry.kind(hit.entity) in kinds:
                return hit.entity, ""
    for token in re.findall(r"[A-Z][\w'’-]+", words):
        if token in persons:
            return persons[token], ""
    if _DOCUMENT.match(words.strip()):
        for quote in earlier[-1:]:
            if quote.speaker and registry.kind(quote.speaker) in ("instrument", "group") and _DOCUMENT.match(quote.speaker_words):
                return quote.speaker, "previous-document"
        for hit in reversed([h for h in hits if h.start < at]):
            if registry.kind(hit.entity) == "instrument":
                return hit.entity, "last-instrument"
    return None, ""


@dataclass
class Speech:
    start: int
    end: int
    speaker: str
    rule: str
    confidence: float


def reported_speech(text: str, sentence_start: int, sentence_end: int, registry: Registry, hits: list[Hit], quotes: list[Quote]) -> Speech | None:
    """A sentence where a registered person says something without quotation marks:
    the person named before a verb of saying; the quote runs from the verb to the end."""
    part = text[sentence_start:sentence_end]
    if any(q.start < sentence_end and sentence_start < q.end for q in quotes):
        return None
    m = REPORTED.search(part)
    if not m:
        m2 = re.search(r",\s*(?:ujar|kata|tutur|ucap)\s+(\w+)\s*,", part)
        if m2 and m2.group(1) in registry.persons():
            return Speech(sentence_start, sentence_end, registry.persons()[m2.group(1)], "speech-verb-inside", 0.5)
        return None
    before = [h for h in hits if sentence_start <= h.start < sentence_start + m.start() and registry.kind(h.entity) in ("person",)]
    if not before:
        persons = registry.persons()
        names = [t for t in re.findall(r"[A-Z][\w'’-]+", part[: m.start()]) if t in persons]
        if not names:
            return None
        speaker = persons[names[-1]]
    else:
        speaker = before[-1].entity
    return Speech(sentence_start + m.start(), sentence_end, speaker, "speech-person-verb", 0.6)


def memberships(text: str, registry: Registry, hits: list[Hit]) -> list[tuple[str, str, int, int, str]]:
    """A registered post named right before a registered person, or right after it and a
    comma: (person, post, start, end, rule)."""
    found = []
    posts = [h for h in hits if registry.kind(h.entity) == "post"]
    people = [h for h in hits if registry.kind(h.entity) == "person"]
    for post in posts:
        for person in people:
            if person.start >= post.end:
                gap = text[post.end:person.start]
                if len(gap) <= 60 and re.fullmatch(r"[\s\w()-]*", gap.replace("Md.", "")):
                    found.append((person.entity, post.entity, post.start, person.end, "membership-post-before-name"))
                    break
            elif post.start >= person.end and re.fullmatch(r",\s*", text[person.end:post.start]):
                found.append((person.entity, post.entity, person.start, post.end, "membership-post-after-name"))  # "Kao Kim Hourn, Sekretaris Jenderal ASEAN"
                break
    return found
