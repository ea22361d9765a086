"""Known things found by name and alias (``_entities.toml``), unknown names proposed."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    entity: str
    start: int
    end: int
    words: str
    rule: str


def names_of(entry: dict) -> list[tuple[str, str]]:
    """(name, rule) pairs a registry entry is known by: labels, aliases, a label's
    short form (without its parenthesised abbreviation, without "Para "), the
    abbreviation in parentheses, a person's names."""
    found: list[tuple[str, str]] = []
    for lang in ("id", "en"):
        label = entry["label"].get(lang, "")
        if label:
            found.append((label, "entity-label"))
            short = re.sub(r"\s*\([^)]*\)", "", label).strip()
            if short != label:
                found.append((short, "entity-label"))
            for abbr in re.findall(r"\(([^)]+)\)", label):
                if abbr.isupper() or re.fullmatch(r"[A-Z][A-Za-z ]+", abbr):
                    found.append((abbr, "entity-abbreviation"))
            if short.lower().startswith("para "):
                found.append((short[5:], "entity-label"))
            for prefix in ("Kabupaten ", "Kota ", "Provinsi "):
                if short.startswith(prefix):
                    found.append((short.removeprefix(prefix), "entity-label"))
            for tail in (" RI", " Republik Indonesia"):
                if short.endswith(tail):
                    found.append((short.removesuffix(tail), "entity-label"))
    head = re.split(r"\s(?:of|on|against|to|under)\s", entry["label"].get("en", ""))[0]
    if entry["id"].startswith("instrument/") and head != entry["label"].get("en") and len(head.split()) >= 2:
        found.append((head, "entity-label-head"))  # "Chairman's Statement"
    for alt in entry.get("alt", []):
        found.append((alt, "entity-alias"))
    return [(n, r) for n, r in found if len(n) >= 3]


def _loose_title(text: str, start: int, end: int, label: str) -> list[tuple[int, int]]:
    """Where a title of four content words or more stands reworded: a capitalised run of
    words opening with the label's first word that holds more than half of its word stems, its first and its last
    ("Deklarasi tentang Pemberantasan Perdagangan Manusia akibat Penyalahgunaan Teknologi")."""
    from tipkg.graph.ingest.commitments import content_stems

    wanted = content_stems(re.sub(r"\([^)]*\)", "", label))
    first = label.split()[0]
    if len(wanted) < 4 or not first[0].isupper():
        return []
    ends = [stem for w in re.findall(r"[A-Za-z]+", label) if (stem := next(iter(content_stems(w)), None))]
    found = []
    for m in re.finditer(r"(?<![\w-])" + re.escape(first) + r"(?![\w-])", text[start:end]):
        s = start + m.start()
        window = re.match(r"(?:\S+\s+){0,%d}\S+" % (len(label.split()) + 3), text[s:end])
        words = window.group(0).split()
        best = None
        for n in range(2, len(words) + 1):
            if not words[n - 1][:1].isupper():
                continue
            got = content_stems(" ".join(words[:n]))
            if len(got & wanted) >= 0.55 * len(wanted) and {ends[0], ends[-1]} <= got:
                best = n
                break
        if best:
            phrase = " ".join(words[:best]).rstrip(".,;:)")
            found.append((s, s + len(phrase)))
    return found


class Registry:
    """Matches the registry's names in a text, longest name first, word-bounded."""

    def __init__(self, entities: dict[str, dict]):
        self.entities = entities
        self.names: list[tuple[str, str, str]] = []
        for ref, entry in entities.items():
            for name, rule in names_of(entry):
                self.names.append((name, ref, rule))
        self.names.sort(key=lambda item: -len(item[0]))

    def kind(self, ref: str) -> str:
        return ref.split("/", 1)[0]

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """Every non-overlapping registry name in ``text[start:end]``."""
        end = len(text) if end is None else end
        taken: list[tuple[int, int]] = []
        hits: list[Hit] = []
        for ref, entry in self.entities.items():  # an instrument's or event's title, worded a little differently
            if self.kind(ref) in ("instrument", "event"):
                for s, e in _loose_title(text, start, end, entry["label"]["id"]):
                    if not any(s < te and ts < e for ts, te in taken):
                        taken.append((s, e))
                        hits.append(Hit(ref, s, e, text[s:e], "entity-label" if text[s:e] == entry["label"]["id"] else "entity-label-loose"))
        for name, ref, rule in self.names:
            flags = 0 if (name.isupper() or len(name) <= 5) else re.IGNORECASE
            for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text[start:end], flags):
                s, e = start + m.start(), start + m.end()
                if any(s < te and ts < e for ts, te in taken):
                    continue
                taken.append((s, e))
                hits.append(Hit(ref, s, e, text[s:e], rule))
        for outer in list(hits):  # a name inside a longer one: the ministry in the spokesperson's post
            for name, ref, rule in self.names:
                if ref == outer.entity or len(name) >= len(outer.words):
                    continue
                for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", outer.words):
                    s = outer.start + m.start()
                    if not any(h.start <= s < h.end and h is not outer for h in hits):
                        hits.append(Hit(ref, s, s + len(name), name, rule + "-nested"))
        return sorted(hits, key=lambda h: h.start)

    def persons(self) -> dict[str, str]:
        """Each registered person's name → id, with the first and the last name alone."""
        found: dict[str, str] = {}
        for ref, entry in self.entities.items():
            if self.kind(ref) != "person":
                continue
            for name, _ in names_of(entry):
                found[name] = ref
                parts = name.split()
                if len(parts) > 1:
                    found.setdefault(parts[0], ref)
                    found.setdefault(parts[-1], ref)
        return found


_CONNECT = r"(?:[ \t]+(?:dan|tentang|untuk|oleh|di|ke|of|the|on|and)[ \t]+|[ \t]+|-)"
_CAPWORD = r"(?:[A-Z][\w'’.]*[\w]|[A-Z]{2,}|ke-\d+)"
_CAPITALISED = re.compile(_CAPWORD + r"(?:" + _CONNECT + _CAPWORD + r")+")

FIRST_WORDS = set(
    "Para Hal Sebanyak Dalam Saat Menurut Selain Sebagai Pada Pekan Kemarin Sebelumnya Sejak Untuk Oleh Dari Bagi Di Ke "
    "Sebelum Setelah Sesudah Usai Tindak Kasus Berdasarkan Sementara Namun Tak Tidak "
    "Senin Selasa Rabu Kamis Jumat Sabtu Minggu Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split()
)
"""Words that open a sentence or a date, not a name."""
NOT_NAMES = {"Baca Juga", "Pilihan Editor", "Berita Terkini", "Tindak Pidana", "Hal Ini", "Selain Itu"}


def proposals(text: str, known: list[Hit], sentence_starts: set[int]) -> list[tuple[int, int, str]]:
    """Capitalised names of two words or more that no registry name covers."""
    found = []
    for m in _CAPITALISED.finditer(text):
        s, e, words = m.start(), m.end(), m.group(0).rstrip(".")
        e = s + len(words)
        if any(s < h.end and h.start < e for h in known):
            continue
        if words in NOT_NAMES or words.split()[0] in FIRST_WORDS:
            continue
        if re.search(r"(?:connected|dan|tentang|untuk|oleh|di|ke)$", words):
            continue
        found.append((s, e, words))
    return found
