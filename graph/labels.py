"""The wording of the labels and comments a report graph mints, in English and Indonesian.

Each function takes the labels of the entities involved (``{"en": …, "id": …}``) and
returns the new node's text in both languages, as the same kind of dict.
"""

from __future__ import annotations

from decimal import Decimal

from tipkg.graph.dates import WeekdayDate

Label = dict[str, str]

QUOTE_CHARS = 60
"""A quote's label shows at most this many characters of its words."""


def report_by_headline(headline: str) -> Label:
    return {"en": f"News report: {headline}", "id": f"Berita: {headline}"}


def report_by_dateline(publisher: Label | None, place: str, when: str) -> Label:
    """A report without a headline: whose, where and when, as its dateline says.

    >>> report_by_dateline(None, "Jakarta", "2023-05-11")["en"]
    'News report by an unnamed publisher, Jakarta, 2023-05-11'
    """
    return {
        "en": f"News report by {publisher['en'] if publisher else 'an unnamed publisher'}, {place}, {when}",
        "id": f"Berita {publisher['id'] if publisher else 'tanpa nama penerbit'}, {place}, {when}",
    }


def membership(person: Label, post: Label) -> Label:
    return {"en": f"{person['en']} as {post['en']}", "id": f"{person['id']} sebagai {post['id']}"}


def affirmation(right: str) -> Label:
    """``right`` is the victims' right's concept slug."""
    words = right.replace("-", " ")
    return {"en": f"Affirmation of the victims' right: {words}", "id": f"Penegasan hak korban: {words}"}


def relation(actor: Label, kind: str, instrument: Label) -> Label:
    """``kind`` is the instrument relation's concept slug (``adopts``, ``urges-completion-of`` …)."""
    words = kind.replace("-", " ")
    return {"en": f"{actor['en']} {words} {instrument['en']}", "id": f"{actor['id']} — {words} — {instrument['id']}"}


def country_role(country: Label, role: str) -> Label:
    words = role.replace("-", " ")
    return {"en": f"{country['en']}: {words}", "id": f"{country['id']}: {words}"}


def observation(variable: Label, area: Label, number: Decimal, stated: str, approximate: bool) -> Label:
    """The figure in English digits (``1,138``) and as the Indonesian text writes it (``1.138``).

    >>> observation({"en": "Cases", "id": "Kasus"}, {"en": "Indonesia", "id": "Indonesia"}, Decimal(1138), "1.138", True)
    {'en': 'Cases: about 1,138 (Indonesia)', 'id': 'Kasus: sekitar 1.138 (Indonesia)'}
    """
    return {
        "en": f"{variable['en']}: {'about ' if approximate else ''}{number:,} ({area['en']})",
        "id": f"{variable['id']}: {'sekitar ' if approximate else ''}{stated} ({area['id']})",
    }


def quote(speaker: Label, words: str) -> Label:
    """The speaker and the words, cut to :data:`QUOTE_CHARS` characters."""
    short = words if len(words) <= QUOTE_CHARS else words[:QUOTE_CHARS - 3].rstrip() + "…"
    return {"en": f"{speaker['en']}: “{short}”", "id": f"{speaker['id']}: “{short}”"}


def note(kind: str) -> Label:
    """``kind`` is the data-quality issue's concept slug."""
    return {"en": f"Data-quality note: {kind.replace('-', ' ')}", "id": f"Catatan kualitas data: {kind}"}


def weekday_comment(written: str, found: WeekdayDate) -> Label:
    """The comment of a data-quality note on a date printed with the wrong weekday."""
    date = found.date.isoformat()
    return {
        "en": f"The text dates this '{written}', but {date} was a {found.date.strftime('%A')} ({found.actual_weekday}), not a {found.weekday}.",
        "id": f"Teks menulis '{written}', padahal {date} jatuh pada hari {found.actual_weekday}, bukan {found.weekday}.",
    }
