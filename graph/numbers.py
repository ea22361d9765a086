"""Indonesian number words: ``.`` groups thousands, ``,`` is the decimal mark.

>>> parse_indonesian_number("1.138")
Decimal('1138')
>>> parse_indonesian_number("2,5")
Decimal('2.5')
>>> parse_indonesian_number("15")
Decimal('15')
"""

from __future__ import annotations

import re
from decimal import Decimal

from tipkg.errors import BuildError

_NUMBER = re.compile(r"^\d{1,3}(\.\d{3})*(,\d+)?$|^\d+(,\d+)?$")

APPROXIMATE_WORDS = ("sekitar", "hampir", "kurang lebih", "kira-kira", "lebih dari", "mendekati", "sedikitnya", "setidaknya", "±")
"""Words before a figure that make it approximate ("about", "almost", "more than" …)."""


_UNITS = {"satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9}
_ONE_WORDS = {"sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000}
_SCALES = {"belas": None, "puluh": 10, "ratus": 100, "ribu": 1000}
VAGUE_FIGURES = ("puluhan", "ratusan", "ribuan", "jutaan")
"""Figures that are approximate by their very word ("hundreds"): they give no exact value."""


def parse_number_words(text: str) -> Decimal:
    """A whole number written in Indonesian words, up to 9 999.

    >>> parse_number_words("dua puluh")
    Decimal('20')
    >>> parse_number_words("tiga ratus lima")
    Decimal('305')
    >>> parse_number_words("sebelas")
    Decimal('11')
    """
    words = re.findall(r"se(?=puluh|ratus|ribu|belas)|\w+", text.lower().strip())
    total, current = 0, 0
    for word in words:
        if word in _ONE_WORDS:
            current += _ONE_WORDS[word]
        elif word in _UNITS:
            current += _UNITS[word]
        elif word == "belas":
            current += 10
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
        else:
            raise BuildError(f"not an Indonesian number word: {text!r}")
    if not words:
        raise BuildError(f"not an Indonesian number word: {text!r}")
    return Decimal(total + current)


def parse_indonesian_number(text: str) -> Decimal:
    """The value of a figure written the Indonesian way (digits, or words such as
    "dua puluh"); raises BuildError otherwise."""
    text = text.strip()
    if text and text[0].isalpha() and text.lower() not in VAGUE_FIGURES:
        return parse_number_words(text)
    if not _NUMBER.match(text):
        raise BuildError(f"not an Indonesian-formatted number: {text!r}")
    return Decimal(text.replace(".", "").replace(",", "."))


def is_worded_as_approximate(context_before: str) -> bool:
    """Whether the words just before a figure mark it approximate.

    >>> is_worded_as_approximate("Indonesia menangani sekitar ")
    True
    >>> is_worded_as_approximate("telah menangani ")
    False
    """
    tail = re.sub(r"(rp\.?|us\$|\$|usd)\s*$", "", context_before.lower())[-24:]
    return any(re.search(r"(^|\W)" + re.escape(word) + r"\s*$", tail) for word in APPROXIMATE_WORDS)
