"""Dates written with a weekday ("Rabu, 10 Mei 2023", "Senin (15/5/2023)") and their check."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6}
WEEKDAY_NAMES = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = {
    "januari": 1, "februari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "agustus": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
}

_DATE = re.compile(
    r"\b(?P<weekday>Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu),?\s*"
    r"(?:\((?P<d1>\d{1,2})/(?P<m1>\d{1,2})/(?P<y1>\d{4})\)"
    r"|(?P<d2>\d{1,2})\s+(?P<m2>" + "|".join(MONTHS) + r")(?:\s+(?P<y2>\d{4}))?)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class WeekdayDate:
    """A date the text writes with its weekday."""

    start: int
    end: int
    weekday: str
    date: dt.date
    year_stated: bool

    @property
    def matches(self) -> bool:
        return WEEKDAYS[self.weekday.lower()] == self.date.weekday()

    @property
    def actual_weekday(self) -> str:
        return WEEKDAY_NAMES[self.date.weekday()]


def weekday_dates(text: str, default_year: int) -> list[WeekdayDate]:
    """Every weekday-qualified date in ``text``; a date without a year takes ``default_year``.

    >>> [d.matches for d in weekday_dates("pada Selasa, 4 Agustus 2023", 2023)]
    [False]
    >>> [d.date.isoformat() for d in weekday_dates("Senin (15/5/2023)", 2000)]
    ['2023-05-15']
    """
    found = []
    for m in _DATE.finditer(text):
        if m.group("d1"):
            day, month, year, stated = int(m.group("d1")), int(m.group("m1")), int(m.group("y1")), True
        else:
            day, month = int(m.group("d2")), MONTHS[m.group("m2").lower()]
            stated = m.group("y2") is not None
            year = int(m.group("y2")) if stated else default_year
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        found.append(WeekdayDate(m.start(), m.end(), m.group("weekday"), date, stated))
    return found
