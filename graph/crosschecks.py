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
