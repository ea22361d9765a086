"""``tipkg ingest``: a new report's text → its corpus copy, its metadata row and a fact
file of drafts (``draft = true``, ``rule``, ``confidence``, exact words) for a curator.

Modules: :mod:`.text` (reading, refusals, sentences), :mod:`.dates`, :mod:`.figures`,
:mod:`.quotes` (quotes, speakers, reported speech, posts), :mod:`.entities` (the
registry's names, proposed names), :mod:`.commitments`, :mod:`.furniture`,
:mod:`.drafts` (the rules together), :mod:`.writer` (the TOML).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tipkg import assets
from tipkg.graph.ingest.drafts import Drafts, draft_report
from tipkg.graph.ingest.text import IngestError, decode_report
from tipkg.graph.ingest.writer import write_facts

RULES: dict[str, str] = {
    # page furniture → [[skip]]
    "skip-read-also": "a 'Baca juga' line", "skip-editors-picks": "a 'Pilihan Editor' line",
    "skip-related": "a related-news heading", "skip-tags": "a 'Topik:' tag line",
    "skip-photo-credit": "a photo credit line, or the credit closing a caption", "skip-navigation": "'top/bottom of page'",
    "skip-share-comment": "a share or comment line", "skip-promotion": "a newsletter, app or channel promotion",
    "skip-byline": "a byline or bulleted name", "skip-initials": "an editor's initials closing a paragraph (' -red')",
    "skip-repeated-headline": "the headline repeated in front of a caption",
    "skip-section-heading": "a numbered heading ('1. Memperkuat …'): context (the paragraph under it states the fact)",
    "skip-stranded-connective": "'Oleh karena itu.' standing alone: context",
    # registry names → [[mention]]
    "entity-label": "a registered label", "entity-alias": "a registered alternative name",
    "entity-abbreviation": "the abbreviation in a label's parentheses", "entity-label-head": "an instrument's label up to 'of/on/against'",
    "entity-label-loose": "an instrument's or event's title reworded (its first and last words, most of the rest)",
    "entity-proposed-capitalised-name": "capitalised words no registry name covers (a proposed new entity)",
    # posts → [[membership]]
    "membership-post-before-name": "a registered post right before a registered person",
    "membership-post-after-name": "a registered person, a comma, a registered post",
    # quotes → [[quote]] (a "+" part says how the speaker was found)
    "quote-verb-after": "“…,” kata/ujar/tutur/ungkap/tulis… NAME", "quote-verb-before": "NAME mengatakan, “…”",
    "quote-named-after": "“…,” NAME (no verb)", "quote-unattributed": "“…” with no attribution (no speaker)",
    "previous-document": "'dokumen tersebut' → the previous document speaker",
    "last-instrument": "'pernyataan tersebut' → the last instrument named", "last-person": "'ujarnya' → the last person named",
    # reported speech → [[speech]]
    "speech-person-verb": "a registered person, then menegaskan/menyatakan/mengatakan…",
    "speech-verb-inside": "'…, ujar NAME, …' without quotation marks",
    # figures → [[observation]]
    "figure-with-unit": "a number with its unit or currency", "figure-words": "a number in words before a unit ('dua puluh orang')",
    "figure-vague-words": "'ratusan', 'ribuan' before a unit: approximate, no exact value", "figure-bare": "a number with no unit",
    # dates (the part after "; " in a quote's or speech's rule)
    "date-weekday": "'Senin (15/5/2023)', 'Rabu, 10 Mei 2023': the weekday matches",
    "date-weekday-mismatch": "a weekday the date did not fall on: a doubtful date",
    "date-plain": "'8 Mei 2023'", "date-slashed": "'(8/5/2023)'",
    "date-relative": "'pekan lalu', 'kemarin': resolved against --date, approximate",
    "date-relative-undated": "'sebelumnya': left undated", "date-relative-no-report-date": "a relative date without --date: left undated",
    "inherited": "dated by an earlier dated sentence naming the same speaker",
    # commitments → [[commitment]]
    "commitment-label-words": "a committing verb of the build's (sepakat, mendorong, harus …: its verb and modality), the declaration's parties, and enough of a commitment's label and action words",
    # the declaration's other statements → [[statement]]
    "statement-recognition": "the parties mengakui / menyadari …", "statement-concern": "prihatin, keprihatinan",
    "statement-emphasis": "menekankan, menggarisbawahi", "statement-need": "diperlukan, perlunya",
    "statement-possibility": "bisa dilakukan, dapat dilakukan",
}
"""Every rule a draft's ``rule`` names, and what it matches."""

METADATA_FIELDS = ["file", "publisher", "dateline", "date_in_text", "headline", "language"]
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Ingested:
    slug: str
    corpus_file: Path
    facts_file: Path
    drafts: Drafts

    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for section, _, _ in self.drafts.entries:
            found[section] = found.get(section, 0) + 1
        return found


def shipped_folders() -> tuple[Path, Path]:
    """The corpus and facts folders of this checkout (where ``tipkg ingest`` writes by default)."""
    import tipkg.graph.corpus as corpus
    import tipkg.graph.facts as facts

    return Path(corpus.__file__).parent, Path(facts.__file__).parent


def registries(facts_dir: Path) -> tuple[dict, dict]:
    entities = tomllib.loads((facts_dir / "_entities.toml").read_text(encoding="utf-8"))
    commitments = tomllib.loads((facts_dir / "_commitments.toml").read_text(encoding="utf-8"))
    return {e["id"]: e for e in entities.get("entity", [])}, {c["id"]: c for c in commitments.get("commitment", [])}


def plan(data: bytes, corpus_dir: Path, facts_dir: Path, *, slug: str | None = None, publisher: str | None = None,
         url: str | None = None, date: dt.date | None = None) -> tuple[str, str, dict, Drafts, str]:
    """Everything ingest would write, checked, without writing: (slug, text, metadata row, drafts, facts TOML)."""
    text = decode_report(data)
    digest = hashlib.sha256(data).hexdigest()
    for existing in sorted(corpus_dir.glob("*.txt")):
        if hashlib.sha256(existing.read_bytes()).hexdigest() == digest:
            raise IngestError(f"this report is already in the corpus as {existing.name} (same sha256 {digest[:12]}…)")
    if url is not None and not re.match(r"^https?://[^\s/]+\S*$", url):
        raise IngestError(f"--url is not an http(s) URL: {url!r}")
    entities, commitments = registries(facts_dir)
    publisher_ref = _publisher(publisher, entities) if publisher else None
    year = date.year if date else None
    drafts = draft_report(text, entities, commitments, assets.ontology_graph(), slug=slug or "report", report_date=date,
                          year=year or (int(re.search(r"(\d{4})", slug).group(1)) if slug and re.search(r"\d{4}", slug) else dt.date.today().year),
                          publisher=publisher_ref)
    if publisher is None and drafts.publisher_words:
        publisher_ref = _publisher(drafts.publisher_words, entities, required=False)
    if slug is None:
        slug = _default_slug(publisher_ref, drafts.publisher_words, date, text)
    if not _ID.match(slug):
        raise IngestError(f"--id {slug!r}: use lower-case letters, digits and hyphens (like kompas-2023-05-11)")
    if not re.search(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])", slug):
        raise IngestError(f"--id {slug!r} holds no year and month (YYYY-MM, like kompas-2023-05-11): the build dates a report without a stated date by its id")
    if (corpus_dir / f"{slug}.txt").exists() or (facts_dir / f"{slug}.toml").exists():
        raise IngestError(f"the id {slug!r} exists already (corpus or facts): choose another --id")
    if drafts.dateline is None:
        raise IngestError("no dateline with a registered place opens the text (\"PLACE, Publisher - …\"): "
                          "register the place in _entities.toml, or add the dateline, and run again")
    # the drafts were made before the slug was known: draft again with it (ids carry the slug)
    drafts = draft_report(text, entities, commitments, assets.ontology_graph(), slug=slug, report_date=date,
                          year=int(re.search(r"(\d{4})", slug).group(1)), publisher=publisher_ref)
    place, dateline_words = drafts.dateline
    date_in_text = date if date and _states(text, date) else None
    row = {
        "file": f"{slug}.txt",
        "publisher": entities[publisher_ref]["label"]["en"] if publisher_ref else "",
        "dateline": drafts.dateline_words,
        "date_in_text": date_in_text.isoformat() if date_in_text else "",
        "headline": drafts.headline,
        "language": "id",
    }
    document: dict = {"file": f"{slug}.txt"}
    if publisher_ref:
        document["publisher"] = publisher_ref
    document["dateline"] = {"place": place, "quote": dateline_words}
    document["topics"] = []
    if url:
        document["url"] = url
    header = [
        f"Drafts made by `tipkg ingest` on {dt.date.today().isoformat()}: every entry with draft = true is a proposal,",
        "left out of the report graph. Check its words, fill what it lacks, then delete `draft = true` to publish it",
        "(or delete the entry). rule = which ingest rule made it; confidence = how sure that rule is (0-1).",
    ]
    if publisher is None and drafts.publisher_words and not publisher_ref:
        header.append(f"The text names its publisher {drafts.publisher_words!r}, not in _entities.toml: register it, then set publisher here and in metadata.csv.")
    footer = []
    if drafts.unaccounted:
        footer.append(f"Sentences no draft accounts for yet ({len(drafts.unaccounted)}): give each a fact or a [[skip]].")
        footer += [f"- {p.text[:110]}{'…' if len(p.text) > 110 else ''}" for p in drafts.unaccounted]
    return slug, text, row, drafts, write_facts(header, document, drafts.entries, footer)


def ingest_file(path: Path, corpus_dir: Path | None = None, facts_dir: Path | None = None, **options) -> Ingested:
    """Check ``path`` and write its corpus copy (byte-exact), metadata row and drafts;
    IngestError, with nothing written, when the file or the options are refused."""
    default_corpus, default_facts = shipped_folders()
    corpus_dir, facts_dir = Path(corpus_dir or default_corpus), Path(facts_dir or default_facts)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise IngestError(f"cannot read {path}: {error.strerror}") from error
    slug, _, row, drafts, facts = plan(data, corpus_dir, facts_dir, **options)
    corpus_file, facts_file, metadata = corpus_dir / f"{slug}.txt", facts_dir / f"{slug}.toml", corpus_dir / "metadata.csv"
    old_metadata = metadata.read_bytes()
    buffer = io.StringIO()
    csv.DictWriter(buffer, METADATA_FIELDS, lineterminator="\n").writerow(row)
    try:
        corpus_file.write_bytes(data)
        facts_file.write_text(facts, encoding="utf-8")
        metadata.write_bytes(old_metadata + (b"" if old_metadata.endswith(b"\n") else b"\n") + buffer.getvalue().encode("utf-8"))
    except BaseException:
        corpus_file.unlink(missing_ok=True)
        facts_file.unlink(missing_ok=True)
        metadata.write_bytes(old_metadata)
        raise
    return Ingested(slug, corpus_file, facts_file, drafts)


def _publisher(name: str, entities: dict, required: bool = True) -> str | None:
    wanted = _norm(name)
    for ref, entry in entities.items():
        if ref.startswith("organization/") and wanted in {_norm(n) for n in [entry["label"]["en"], entry["label"]["id"], *entry.get("alt", [])]}:
            return ref
    if required:
        raise IngestError(f"--publisher {name!r} is not an organisation in _entities.toml: register it first")
    return None


def _norm(name: str) -> str:
    return re.sub(r"\.(?:com|co|id)$", "", name.strip().lower()).replace(" ", "")


def _default_slug(publisher_ref: str | None, words: str | None, date: dt.date | None, text: str) -> str:
    base = publisher_ref.split("/", 1)[1] if publisher_ref else re.sub(r"[^a-z0-9]+", "-", (words or "report").lower()).strip("-")
    when = date
    if when is None:
        from tipkg.graph.ingest.dates import find_dates

        full = [d.date for d in find_dates(text, None, dt.date.today().year) if d.date and d.rule in ("date-weekday", "date-plain", "date-slashed")]
        when = full[0] if full else None
    if when is None:
        raise IngestError("no --id and no date in the text: give --id SLUG-YYYY-MM-DD or --date")
    return f"{base}-{when.isoformat()}"


def _states(text: str, date: dt.date) -> bool:
    from tipkg.graph.dates import MONTHS

    month = [m for m, n in MONTHS.items() if n == date.month][0]
    return bool(re.search(rf"\b{date.day}\s+{month}\s+{date.year}\b|\({date.day}/{date.month}/{date.year}\)", text, re.IGNORECASE))


__all__ = ["IngestError", "ingest_file", "plan"]
