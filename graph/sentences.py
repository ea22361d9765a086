"""Split a report's text into sentences that tile it: every non-blank character lies in
exactly one sentence. Offsets are in Unicode code points (Python string indices), like
the evidence selectors of :mod:`tipkg.graph.evidence`.

The texts are news pages as received, furniture included, so the rules are those of
Indonesian news copy:

- A line break always ends a sentence: headings, captions, "Baca juga" links and other
  furniture lines often have no final period.
- Within a line, a sentence ends after ``.``, ``!``, ``?`` or ``…`` (and any closing quote
  or bracket after it) when whitespace follows and the next character can open a
  sentence: a capital letter, a digit, an opening quote or bracket, a bullet or a dash
  (a byline such as ``-red``).
- Not inside quotation marks (“…”, "…") or brackets: a quoted passage with inner periods
  stays in the sentence that quotes it.
- Not after an abbreviation that always continues (``No.``, ``Dr.``, ``Prof.``, ``Jl.``,
  ``Rp.``, ``dok.`` …), an initial (one capital letter: ``A. Hourn``), or a list number
  opening a line (``1. Memperkuat …``). ``dll.``, ``dsb.``, ``dst.``, ``dkk.`` end a
  sentence only when a capital letter follows. Numbers need no rule: ``1.138`` and
  ``(8/5/2023)`` have no space after their marks.
- A no-break space followed by a capital letter or digit inside a line ends a sentence:
  that is how these pages join an image's alt text (the headline again) to its caption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TERMINATORS = ".!?…"
OPENING_QUOTES = "“\"'‘«("
CLOSERS = "”\"’'»)]"
DASHES = "-–—"
BULLETS = "•·▪●"

CONTINUING_ABBREVIATIONS = frozenset(
    """no nomor dr drs drg ir prof h hj jl jln kab kec kel prov rp st sdr sdri bpk yth tbk pt cv
    mr mrs ms dok doc hlm tgl kol brigjen irjen jend kompol ipda aiptu md sh se mh msi ssos mt
    phd vs vol ed""".split()
)
"""Lower-cased, without their periods: after these a period never ends a sentence."""

_WORD_BEFORE = re.compile(r"([^\s(“\"']*)$")


@dataclass(frozen=True, order=True)
class Sentence:
    """One sentence at its place in a text: ``text == whole[start:end]``."""

    start: int
    end: int
    text: str


def split(text: str) -> list[Sentence]:
    """The sentences of ``text``, in order, tiling every non-blank character.

    >>> [s.text for s in split("Ia datang. No. 1 menang.\\nBaca juga: x")]
    ['Ia datang.', 'No. 1 menang.', 'Baca juga: x']
    """
    found: list[Sentence] = []
    at = 0
    for line in text.splitlines(keepends=True):
        found += _line(text, at, at + len(line))
        at += len(line)
    return found


def _line(text: str, start: int, end: int) -> list[Sentence]:
    out: list[Sentence] = []
    i = _skip_blank(text, start, end)
    begin = i
    curly = brackets = 0
    straight = False
    while i < end:
        char = text[i]
        if char in TERMINATORS:
            j = i + 1
            while j < end and text[j] in TERMINATORS:
                j += 1
            state = (curly, brackets, straight)
            while j < end and text[j] in CLOSERS:
                state = _close(state, text[j])
                j += 1
            nxt = _skip_blank(text, j, end)
            if state == (0, 0, False) and j < nxt < end and _opens(text[nxt]) and not _continues(text, begin, i, nxt):
                out.append(_sentence(text, begin, j))
                begin = i = nxt
                curly = brackets = 0
                straight = False
                continue
        if char == "\xa0" and not (curly or brackets or straight):
            nxt = _skip_blank(text, i, end)
            if nxt < end and (text[nxt].isupper() or text[nxt].isdigit()) and _has_words(text, begin, i):
                out.append(_sentence(text, begin, i))
                begin = i = nxt
                continue
        if char == "“":
            curly += 1
        elif char == "”":
            curly = max(0, curly - 1)
        elif char == '"':
            straight = not straight
        elif char in "([":
            brackets += 1
        elif char in ")]":
            brackets = max(0, brackets - 1)
        i += 1
    if _has_words(text, begin, end):
        out.append(_sentence(text, begin, end))
    return out


def _skip_blank(text: str, i: int, end: int) -> int:
    while i < end and text[i].isspace():
        i += 1
    return i


def _close(state: tuple[int, int, bool], char: str) -> tuple[int, int, bool]:
    curly, brackets, straight = state
    if char == "”":
        curly = max(0, curly - 1)
    elif char == '"':
        straight = not straight
    elif char in ")]":
        brackets = max(0, brackets - 1)
    return curly, brackets, straight


def _has_words(text: str, start: int, end: int) -> bool:
    return bool(text[start:end].strip())


def _sentence(text: str, start: int, end: int) -> Sentence:
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, text[start:end])


def _opens(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in OPENING_QUOTES or char in DASHES or char in BULLETS


def _continues(text: str, begin: int, at: int, nxt: int) -> bool:
    """Whether the period at ``at`` belongs to a word that never ends a sentence."""
    if text[at] != ".":
        return False
    word = _WORD_BEFORE.search(text[begin:at]).group(1)
    bare = word.replace(".", "").lower()
    if bare in CONTINUING_ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():
        return True  # an initial
    if word.isdigit() and text[begin:at] == word:
        return True  # "1. Memperkuat …": a list number opening the line
    return False


__all__ = ["Sentence", "split"]
