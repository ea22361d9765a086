"""The wording of the labels and comments a report graph mints, in English and Indonesian.

Each function takes the labels of the entities and concepts involved (``{"en": …, "id": …}``,
a concept's ``skos:prefLabel`` in both languages) and returns the new node's text in both
languages, as the same kind of dict. No slug or English word reaches an Indonesian label:
every word comes from an Indonesian label or from the template's own Indonesian words.
:mod:`tipkg.graph.label_checks` checks the result in the build.
"""

from __future__ import annotations

import re
from decimal import Decimal

from tipkg.graph.dates import WEEKDAYS, WeekdayDate

Label = dict[str, str]

QUOTE_CHARS = 60
"""A quote's label shows at most this many characters of its words."""

TRANSLATION_MARK = {"en": "(our translation)"}
"""Ends the English label of a quote: the English words are the project's translation."""

UNIT_SIGNS = {"percent": "%"}
"""Units written as a sign after the figure, in both languages (``15 %``); other units are
written with their concept's label (``1,138 persons``, ``1.138 orang``)."""


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


def affirmation(right: Label) -> Label:
    """``right`` is the victims' right concept's prefLabel.

    >>> affirmation({"en": "right to protection", "id": "hak atas perlindungan"})["id"]
    'Penegasan hak korban: hak atas perlindungan'
    """
    return {"en": f"Affirmation of a right of victims: {right['en']}", "id": f"Penegasan hak korban: {right['id']}"}


def verb_for(phrase: str, plural: bool) -> str:
    """An English verb phrase in the third person singular (a relation concept's prefLabel,
    ``adopts``, ``urges completion of``) made to agree with its subject.

    >>> verb_for("reaffirms support for", True), verb_for("adopts", False)
    ('reaffirm support for', 'adopts')
    """
    if not plural:
        return phrase
    verb, _, rest = phrase.partition(" ")
    if re.search(r"(ss|sh|ch|x|z)es$", verb):
        base = verb[:-2]
    elif verb.endswith("ies"):
        base = verb[:-3] + "y"
    else:
        base = verb.removesuffix("s")
    return f"{base} {rest}".rstrip()


def relation(actor: Label, kind: Label, instrument: Label, plural: bool = False) -> Label:
    """``kind`` is the instrument-relation concept's prefLabel (English in the third person
    singular); ``plural`` says whether the actor's English label is a plural noun (a group).

    The instrument's English title takes the article an English sentence needs
    (``… urges completion of the ASEAN Extradition Treaty``); Indonesian has none.

    >>> relation({"en": "ASEAN leaders", "id": "Para pemimpin ASEAN"}, {"en": "adopts", "id": "mengadopsi"},
    ...          {"en": "Declaration", "id": "Deklarasi"}, plural=True)
    {'en': 'ASEAN leaders adopt the Declaration', 'id': 'Para pemimpin ASEAN mengadopsi Deklarasi'}
    """
    title = instrument["en"] if instrument["en"].lower().startswith("the ") else f"the {instrument['en']}"
    return {
        "en": f"{actor['en']} {verb_for(kind['en'], plural)} {title}",
        "id": f"{actor['id']} {kind['id']} {instrument['id']}",
    }


def country_role(country: Label, role: Label) -> Label:
    """``role`` is the country-role concept's prefLabel."""
    return {"en": f"{country['en']}: {role['en']}", "id": f"{country['id']}: {role['id']}"}


def unit_words(unit: str, label: Label, number: Decimal) -> Label:
    """How a figure's unit is written after it, in each language.

    >>> unit_words("case", {"en": "case", "id": "kasus"}, Decimal(700))
    {'en': 'cases', 'id': 'kasus'}
    >>> unit_words("percent", {"en": "percent", "id": "persen"}, Decimal(15))
    {'en': '%', 'id': '%'}
    """
    if unit in UNIT_SIGNS:
        return {"en": UNIT_SIGNS[unit], "id": UNIT_SIGNS[unit]}
    # Indonesian nouns do not change after a number; English ones do, except after 1
    return {"en": label["en"] if number == 1 else label["en"] + "s", "id": label["id"]}


def observation(variable: Label, area: Label, number: Decimal, stated: str, approximate: bool, unit: Label) -> Label:
    """The figure in English digits (``1,138``) and as the Indonesian text writes it (``1.138``),
    each followed by its unit (``unit`` from :func:`unit_words`).

    >>> observation({"en": "Cases", "id": "Kasus"}, {"en": "Indonesia", "id": "Indonesia"}, Decimal(1138), "1.138", True,
    ...             {"en": "cases", "id": "kasus"})
    {'en': 'Cases: about 1,138 cases (Indonesia)', 'id': 'Kasus: sekitar 1.138 kasus (Indonesia)'}
    """
    return {
        "en": f"{variable['en']}: {'about ' if approximate else ''}{number:,} {unit['en']} ({area['en']})",
        "id": f"{variable['id']}: {'sekitar ' if approximate else ''}{stated} {unit['id']} ({area['id']})",
    }


def shorten(words: str) -> str:
    """``words`` cut to :data:`QUOTE_CHARS` characters (ending in ``…`` when cut)."""
    return words if len(words) <= QUOTE_CHARS else words[:QUOTE_CHARS - 3].rstrip() + "…"


def quote(speaker: Label, words: str, translation: str | None) -> Label:
    """The speaker and the words: in Indonesian as the report gives them, in English the
    project's translation (marked so), each cut to :data:`QUOTE_CHARS` characters.

    Without a translation the English label shows the Indonesian words unmarked, which
    the build's label checks refuse.
    """
    english = f"“{shorten(translation)}” {TRANSLATION_MARK['en']}" if translation else f"“{shorten(words)}”"
    return {"en": f"{speaker['en']}: {english}", "id": f"{speaker['id']}: “{shorten(words)}”"}


def note(kind: Label) -> Label:
    """``kind`` is the data-quality issue concept's prefLabel."""
    return {"en": f"Data-quality note: {kind['en']}", "id": f"Catatan mutu data: {kind['id']}"}


ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""By :data:`tipkg.graph.dates.WEEKDAYS` number: the English comment names both weekdays in English."""


def weekday_comment(written: str, found: WeekdayDate) -> Label:
    """The comment of a data-quality note on a date printed with the wrong weekday."""
    date = found.date.isoformat()
    return {
        "en": f"The text dates this '{written}', but {date} was a {found.date.strftime('%A')} ({found.actual_weekday}), "
        f"not a {ENGLISH_WEEKDAYS[WEEKDAYS[found.weekday.lower()]]} ({found.weekday}).",
        "id": f"Teks menulis '{written}', padahal {date} jatuh pada hari {found.actual_weekday}, bukan {found.weekday}.",
    }
