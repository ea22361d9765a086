"""Reading a report: the bytes refused or accepted, its lines and sentences with offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tipkg.errors import BadRequest


class IngestError(BadRequest):
    """The file cannot be ingested; nothing was written."""

    reason = "ingest_refused"


MARKERS = frozenset(
    "yang dan di dengan untuk dari ini itu pada tidak akan juga dalam telah adalah oleh ke bahwa para "
    "sebagai atau karena sudah kata ujar menurut tersebut mereka kami kita bisa harus serta".split()
)
"""Indonesian function words; a text in another language has few of them."""


def decode_report(data: bytes) -> str:
    """The text of a report file, or IngestError (binary, not UTF-8, empty, not Indonesian)."""
    if b"\x00" in data:
        raise IngestError("the file is binary (it holds NUL bytes): give a plain-text report")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise IngestError(f"the file is not UTF-8 (byte {error.start}: {data[error.start:error.start + 1]!r}): convert it to UTF-8 first") from error
    if not text.strip():
        raise IngestError("the file is empty")
    controls = [c for c in text if ord(c) < 32 and c not in "\n\r\t\f"]
    if controls:
        raise IngestError(f"the file holds control characters ({ord(controls[0]):#04x}): not a plain-text report")
    words = re.findall(r"[a-z]+", text.lower())
    hits = sum(1 for w in words if w in MARKERS)
    if len(words) < 8 or hits < 4 or hits / len(words) < 0.06:
        raise IngestError(
            f"the text does not read as Indonesian ({hits} of {len(words)} words are common Indonesian words): "
            "ingest takes Indonesian reports only"
        )
    return text


@dataclass(frozen=True)
class Piece:
    """A stretch of the text: ``text[start:end]``."""

    start: int
    end: int
    text: str


def lines(text: str) -> list[Piece]:
    """Every non-blank line, stripped, with its offsets."""
    found = []
    for m in re.finditer(r"[^\r\n]+", text):
        raw = m.group(0)
        left = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        if stripped:
            start = m.start() + left
            found.append(Piece(start, start + len(stripped), stripped))
    return found


_ABBREVIATIONS = {"md", "dr", "no", "ir", "h", "prof", "st", "jl", "dll", "dsb", "sdr", "bpk", "kab", "tel", "dok"}
OPEN_QUOTES, CLOSE_QUOTES = "“\"", "”\""


def sentences(text: str) -> list[Piece]:
    """Sentences of every line: split after . ! ? … before a capital, never inside a
    quotation, after an abbreviation, or inside a figure (1.138)."""
    found = []
    for line in lines(text):
        s, quoted, i, body = 0, False, 0, line.text
        while i < len(body):
            c = body[i]
            if c == "“" or (c == '"' and not quoted):
                quoted = True
            elif c == "”" or (c == '"' and quoted):
                quoted = False
            elif c in ".!?…" and not quoted:
                j = i + 1
                while j < len(body) and body[j] in ".!?…":
                    j += 1
                if j < len(body) and body[j] == " " and j + 1 < len(body) and (body[j + 1].isupper() or body[j + 1] in "“\"(" or body[j + 1].isdigit()):
                    word = re.search(r"(\w+)$", body[:i])
                    if not (word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1)):
                        found.append(_piece(line, s, j))
                        s = j + 1
                        i = j
            i += 1
        if s < len(body):
            found.append(_piece(line, s, len(body)))
    return [p for p in found if p.text]


def _piece(line: Piece, start: int, end: int) -> Piece:
    part = line.text[start:end]
    left = len(part) - len(part.lstrip())
    part = part.strip()
    return Piece(line.start + start + left, line.start + start + left + len(part), part)


def unique_span(text: str, start: int, end: int, within: Piece | None = None) -> tuple[int, int]:
    """Grow ``text[start:end]`` word by word (rightwards, then leftwards, inside ``within``)
    until it stands once in ``text``, as a quote must for the build to locate it."""
    low, high = (within.start, within.end) if within else (0, len(text))
    while text.count(text[start:end]) > 1:
        if end < high:
            m = re.compile(r"\s*\S+").match(text, end)
            end = min(high, m.end()) if m else high
        elif start > low:
            m = re.search(r"\S+\s*$", text[low:start])
            start = low + m.start() if m else low
        else:
            break
    return start, end


def occurrences(text: str, words: str) -> int:
    return text.count(words)
