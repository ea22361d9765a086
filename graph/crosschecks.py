"""Checks that a report's curated facts agree with its text and ``metadata.csv``.

Curation checks the fact files against themselves (keys, references); these check them
against the sources. Each failure raises :class:`BuildError` naming the fact file,
except a wrong weekday, which the text really prints: it is returned, to become a
data-quality note and a build warning.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tipkg.errors import BuildError
from tipkg.graph.curation import Curation, ReportFacts
from tipkg.graph.dates import WeekdayDate, weekday_dates
from tipkg.graph.numbers import VAGUE_FIGURES, is_worded_as_approximate

if TYPE_CHECKING:
    from tipkg.graph.report_graph import ReportMeta


def headline_at(report: ReportFacts, text: str, meta: ReportMeta) -> int:
    """Where the headline from ``metadata.csv`` stands in the text (its first occurrence:
    IDN Times repeats it as caption furniture)."""
    at = text.find(meta.headline)
    if at < 0:
        raise BuildError(f"{report.name}: headline from metadata.csv is not in the text: {meta.headline!r}")
    return at


def check_publisher(report: ReportFacts, meta: ReportMeta, curation: Curation) -> None:
    """The fact file names a publisher exactly when ``metadata.csv`` does, and the same one."""
    publisher = report.document.get("publisher")
    if bool(publisher) != bool(meta.publisher) or (publisher and curation.entities[publisher]["label"]["en"] != meta.publisher):
        raise BuildError(f"{report.name}: publisher {publisher!r} does not match metadata.csv ({meta.publisher!r})")


def check_dateline(report: ReportFacts, meta: ReportMeta, curation: Curation) -> None:
    """The dateline place of the fact file is the one ``metadata.csv`` names."""
    place = report.document["dateline"]["place"]
    if meta.dateline.lower() not in curation.entities[place]["label"]["id"].lower():
        raise BuildError(f"{report.name}: dateline place {place!r} does not match metadata.csv ({meta.dateline!r})")


def check_observation(report: ReportFacts, entry: dict) -> None:
    """An observation's figure stands in its quote, and is marked approximate exactly when
    the words before it say so (*sekitar*, *hampir* …)."""
    stated, quote = entry["value"], entry["quote"]
    at = quote.find(stated)
    if at < 0:
        raise BuildError(f"{report.name} observation {entry['id']}: value {stated!r} is not in its quote")
    worded_approx = is_worded_as_approximate(quote[:at]) or stated.lower() in VAGUE_FIGURES
    approximate = entry.get("approximate", False)
    if worded_approx != approximate:
        raise BuildError(
            f"{report.name} observation {entry['id']}: approximate={approximate} but the text "
            f"{'marks' if worded_approx else 'does not mark'} the figure approximate: {quote[max(0, at - 24):at + len(stated)]!r}"
        )


def weekday_mismatches(report: ReportFacts, text: str, meta: ReportMeta) -> list[WeekdayDate]:
    """Dates the text writes with a weekday they did not fall on (a date without a year
    takes the report's)."""
    year = meta.date_in_text.year if meta.date_in_text else int(re.search(r"(\d{4})", report.slug).group(1))
    return [found for found in weekday_dates(text, year) if not found.matches]


def weekday_warning(report: ReportFacts, text: str, found: WeekdayDate) -> str:
    """The build warning for a wrong weekday."""
    return (
        f"{report.document['file']}: '{text[found.start:found.end]}' — {found.date.isoformat()} "
        f"was a {found.actual_weekday}, not a {found.weekday}"
    )


# --- issue 8: commitments, hedges, doubt, period bounds ----------------------------

COMMITTING_VERBS: dict[str, tuple[str, ...]] = {
    "agree": ("sepakat", "menyepakati", "setuju"),
    "encourage": ("mendorong",),
    "must": ("harus", "diharuskan"),
    "urge": ("mendesak",),
    "reaffirm": ("menegaskan kembali",),
}
"""The verbs that give the declaration or its leaders an undertaking, by modality. A
recognition (*mengakui*, *menyadari*), a concern (*prihatin*), an emphasis (*menekankan*,
*menggarisbawahi*), a need (*diperlukan*, *perlunya*) or a possibility (*bisa*) is a
``[[statement]]``, not a commitment."""


def check_commitment_verb(report: ReportFacts, text: str, entry: dict, start: int, end: int) -> None:
    """The entry's ``verb`` stands in its quote or before it in the same paragraph, and is a
    committing verb of its ``modality``."""
    where = f"{report.name} commitment {entry['ref']}"
    verbs = COMMITTING_VERBS.get(entry["modality"])
    if verbs is None:
        raise BuildError(
            f"{where}: modality {entry['modality']!r} commits to nothing; a recognition, concern, emphasis or need is a "
            f"[[statement]] (committing modalities: {', '.join(sorted(COMMITTING_VERBS))})"
        )
    verb = entry["verb"]
    if not any(v in verb.lower() for v in verbs):
        raise BuildError(f"{where}: verb {verb!r} is not a committing verb of modality {entry['modality']!r} ({', '.join(verbs)})")
    paragraph = text.rfind("\n", 0, start) + 1
    if text.find(verb, paragraph, end) < 0:
        raise BuildError(f"{where}: verb {verb!r} is not in the quote nor before it in its paragraph")


_QUOTATION = re.compile(r"“[^”]*”|\"[^\"\n]*\"")


def quotations(text: str) -> list[tuple[int, int]]:
    """Where the text's direct quotations stand (“…” or "…"), as (start, end) offsets."""
    return [(m.start(), m.end()) for m in _QUOTATION.finditer(text)]


def quotation_around(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The quotation that holds ``text[start:end]``, if any."""
    for q_start, q_end in quotations(text):
        if q_start <= start and end <= q_end:
            return q_start, q_end
    return None


HEDGE_WORDS = ("diduga", "dikabarkan", "disebut-sebut", "konon", "kabarnya", "ditengarai", "dicurigai")
"""Words that make a claim a suspicion or hearsay (*diduga korban* = suspected victims)."""


def hedge_in(words: str) -> str | None:
    """The first hedge word in ``words``, or None."""
    lowered = words.lower()
    found = [(lowered.find(h), h) for h in HEDGE_WORDS if re.search(rf"\b{re.escape(h)}\b", lowered)]
    return min(found)[1] if found else None


def check_hedge(report: ReportFacts, section: str, entry: dict) -> None:
    """A fact whose words hedge it (*diduga* …) carries ``hedge`` with those words; one that does not, carries none."""
    worded = hedge_in(entry["quote"])
    hedge = entry.get("hedge")
    where = f"{report.name} {section} {entry.get('id') or entry.get('country')}"
    if worded and not hedge:
        raise BuildError(f"{where}: the words hedge the fact ({worded!r}) but the entry has no hedge key")
    if hedge and hedge not in entry["quote"]:
        raise BuildError(f"{where}: hedge {hedge!r} is not in the quote")


def check_period_words(report: ReportFacts, text: str, entry: dict) -> None:
    """A period bound stands on words: ``period_start``/``period_end`` need ``period_start_words``/
    ``period_end_words`` that stand in the text (no bound from a publication date or a guess)."""
    for bound in ("period_start", "period_end"):
        words = entry.get(f"{bound}_words")
        if bound in entry and not words:
            raise BuildError(f"{report.name} observation {entry['id']}: {bound} {entry[bound]} has no words for it ({bound}_words)")
        if words and bound not in entry:
            raise BuildError(f"{report.name} observation {entry['id']}: {bound}_words without {bound}")


DRAFT_WORDS = ("quote", "words", "date_quote")
"""The keys of a draft entry that hold words of the text."""


def check_drafts(report: ReportFacts, text: str) -> None:
    """Every draft's words stand in its report's text, in one place (or, for a skip with
    an ``occurrence``, at least that many times): the check a published entry gets."""
    from tipkg.graph.evidence import locate

    for section, entries in report.drafts.items():
        for index, entry in enumerate(entries):
            where = f"{report.name} [[{section}]] draft #{index + 1}"
            for key in DRAFT_WORDS:
                if key not in entry:
                    continue
                if key == "words" and "occurrence" in entry:
                    if text.count(entry[key]) < entry["occurrence"]:
                        raise BuildError(f"{where}: {key} stand fewer than {entry['occurrence']} times in the text: {entry[key]!r}")
                    continue
                locate(text, entry[key], source=where)
