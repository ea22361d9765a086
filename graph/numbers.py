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


def parse_indonesian_number(text: str) -> Decimal:
    """The value of a figure written the Indonesian way; raises BuildError otherwise."""
    text = text.strip()
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
    tail = context_before.lower()[-24:]
    return any(re.search(r"(^|\W)" + re.escape(word) + r"\s*$", tail) for word in APPROXIMATE_WORDS)
