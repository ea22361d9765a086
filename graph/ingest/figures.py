"""Figures: a number as the text writes it, its unit and what it counts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tipkg.graph.numbers import is_worded_as_approximate, parse_number_words

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_SCALE = r"ribu|juta|miliar|milyar|triliun"
_UNITS = {
    "percent": r"persen|%",
    "person": r"orang|WNI|warga|korban|pekerja|PMI|jiwa|anak|perempuan|pelaku|tersangka|penumpang|pengungsi|buruh|migran|Warga Negara Indonesia",
    "case": r"kasus|perkara|laporan|aduan",
}
_TIME = r"tahun|bulan|hari|pekan|minggu|jam|menit|detik|abad|dekade"
_WORD_NUMBER = (
    r"(?:(?:se|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan)\s*(?:puluh|ratus|ribu|belas)"
    r"(?:\s+(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan))?|sepuluh|sebelas|seratus|seribu"
    r"|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan)"
)
_VAGUE = r"puluhan|ratusan|ribuan|jutaan"

FIGURE = re.compile(
    r"(?<![\w/.,-])(?P<currency>Rp\.?\s?|US\$\s?|\$\s?|USD\s)?"
    r"(?P<value>" + _NUM + r"|(?i:" + _WORD_NUMBER + r"|" + _VAGUE + r"))(?![\w/]|[.,]\d)"
    r"(?:\s?(?P<scale>" + _SCALE + r")\b)?"
    r"(?:\s?(?P<unit>" + "|".join(f"(?P<u_{k}>{v})" for k, v in _UNITS.items()) + r")(?![\w]))?"
)
UNIT_WORDS = {"rupiah": "idr", "dolar": "usd", "dollar": "usd"}


@dataclass(frozen=True)
class Figure:
    start: int
    value_start: int
    end: int
    value: str
    unit: str | None
    scale: str | None
    counts: str
    approximate: bool
    vague: bool
    rule: str
    confidence: float


def figures(text: str, start: int, end: int) -> list[Figure]:
    """The figures of ``text[start:end]`` (a sentence): not dates, years, ordinals,
    list numbers or durations; a number written in words only before a unit."""
    found = []
    part = text[start:end]
    for m in FIGURE.finditer(part):
        value, unit, currency = m.group("value"), None, (m.group("currency") or "").strip()
        s, e = start + m.start(), start + m.end()
        after, before = part[m.end():], part[:m.start()]
        worded = not value[0].isdigit()
        vague = bool(re.fullmatch(_VAGUE, value, re.IGNORECASE))
        for k in _UNITS:
            if m.group(f"u_{k}"):
                unit = k
        if currency:
            unit = "usd" if "$" in currency or "USD" in currency else "idr"
        elif m.group("scale") or not unit:
            w = re.match(r"\s*(\w+)", after)
            if w and w.group(1).lower() in UNIT_WORDS:
                unit = UNIT_WORDS[w.group(1).lower()]
        if re.match(r"\s*(?:" + _TIME + r")\b", after, re.IGNORECASE) and not currency:
            continue  # a duration ("3 tahun terakhir")
        if re.search(r"(?:ke-|No\.\s?|nomor\s)$", before, re.IGNORECASE) or re.match(r"[./]\d", after):
            continue
        if re.match(r"\s+(?:Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember)\b", after):
            continue  # a date
        if not worded and re.fullmatch(r"(?:19|20)\d\d", value) and not unit:
            continue  # a year
        if m.start() == 0 and re.match(r"\.\s", after) and not unit:
            continue  # a numbered heading ("1. Memperkuat …")
        if worded and not unit:
            continue  # "satu negara pun": words count only before a unit
        if not unit and not currency and not m.group("scale"):
            rule, confidence = "figure-bare", 0.4
        elif worded:
            rule, confidence = ("figure-vague-words" if vague else "figure-words"), 0.6
        else:
            rule, confidence = "figure-with-unit", 0.8
        counts = _counts(part[m.end():] if m.group("unit") else after)
        if m.group("unit"):
            counts = (m.group("unit") + " " + counts).strip()
        at = start + m.start("value")
        found.append(Figure(s, at, e, value, unit, m.group("scale"), counts,
                            vague or is_worded_as_approximate(text[max(0, at - 40):at]), vague, rule, confidence))
        if worded and not vague:
            parse_number_words(value)  # fails loudly on a form the build would refuse
    return found


def _counts(after: str) -> str:
    """The words after a figure that say what it counts, up to a clause boundary."""
    m = re.match(r"\s*((?:[\w()/-]+\s*){0,6})", after)
    words = (m.group(1) if m else "").split()
    out = []
    for w in words:
        if w.lower() in ("yang", "di", "dari", "pada", "dalam", "sejak", "hingga", "sampai", "setiap", "selama", "untuk", "ke", "dan"):
            break
        out.append(w)
    return " ".join(out).strip()
