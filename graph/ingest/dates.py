"""Dates in a report: weekday dates (checked as the build checks them), plain dates,
and relative ones resolved against the report's date only as approximate."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tipkg.graph.dates import MONTHS, weekday_dates

_PLAIN = re.compile(r"(?<![\w/])(?P<d>\d{1,2})\s+(?P<m>" + "|".join(MONTHS) + r")\s+(?P<y>\d{4})\b", re.IGNORECASE)
_SLASHED = re.compile(r"\((?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\)")
RELATIVE = {"kemarin": 1, "pekan lalu": 7, "minggu lalu": 7, "kemarin lusa": 2, "hari ini": 0}
UNDATED = ("sebelumnya", "baru-baru ini", "beberapa waktu lalu")


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    date: dt.date | None
    approximate: bool
    weekday_ok: bool | None
    """False when the weekday written does not fall on the date (the build warns)."""
    rule: str
    confidence: float


def find_dates(text: str, report_date: dt.date | None, year: int) -> list[FoundDate]:
    """Every date in ``text``, in order of appearance."""
    found: list[FoundDate] = []
    for w in weekday_dates(text, report_date.year if report_date else year):
        if w.matches:
            found.append(FoundDate(w.start, w.end, w.date, False, True, "date-weekday", 0.9 if w.year_stated else 0.8))
        else:
            found.append(FoundDate(w.start, w.end, w.date, False, False, "date-weekday-mismatch", 0.3))
    taken = [(f.start, f.end) for f in found]
    for pattern, rule in ((_PLAIN, "date-plain"), (_SLASHED, "date-slashed")):
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            month = MONTHS[m.group("m").lower()] if not m.group("m").isdigit() else int(m.group("m"))
            try:
                date = dt.date(int(m.group("y")), month, int(m.group("d")))
            except ValueError:
                continue
            found.append(FoundDate(m.start(), m.end(), date, False, None, rule, 0.8))
            taken.append((m.start(), m.end()))
    for words, days in RELATIVE.items():
        for m in re.finditer(r"(?<!\w)" + words + r"(?!\w)", text, re.IGNORECASE):
            if any(s <= m.start() < e for s, e in taken):
                continue
            if report_date is None:
                found.append(FoundDate(m.start(), m.end(), None, True, None, "date-relative-no-report-date", 0.1))
            else:
                found.append(FoundDate(m.start(), m.end(), report_date - dt.timedelta(days=days), True, None, "date-relative", 0.4))
            taken.append((m.start(), m.end()))
    for words in UNDATED:
        for m in re.finditer(r"(?<!\w)" + words + r"(?!\w)", text, re.IGNORECASE):
            found.append(FoundDate(m.start(), m.end(), None, True, None, "date-relative-undated", 0.1))
    return sorted(found, key=lambda f: f.start)
