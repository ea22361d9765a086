"""How good are `tipkg ingest`'s drafts? Leave-one-out over the five curated reports.

For each report: its text is ingested into a copy of the corpus and facts without it
(its curated file hidden, the registries kept), with the date metadata.csv states, and
the drafts are compared with the curated entries, kind by kind:

- figures: an observation's (value as written, unit);
- dates: the dates of quotes, reported speech and the dated props of mentions;
- quotes with speaker: a quote's exact words and its speaker;
- reported speech with speaker: the speaker and overlapping words;
- entity mentions: the registered entities the report's facts name (any key);
- commitment mentions: the commitment and overlapping words;
- other statements: the kind (recognition, concern, emphasis …) and overlapping words;
- skips: overlapping words (only where the curated file has [[skip]] entries).

Prints one Markdown table (precision, recall, matched / drafted / curated) — the one
in the README. Run: .venv/bin/python scripts/eval_ingest.py [--per-report]
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import sys
import tempfile
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tipkg.graph.ingest import plan  # noqa: E402

CORPUS, FACTS = ROOT / "graph" / "corpus", ROOT / "graph" / "facts"
KINDS = ["figures (value + unit)", "dates", "quotes with speaker", "reported speech with speaker", "entity mentions",
         "commitment mentions", "other statements (kind)", "skips"]


def spans(text: str, words: str, occurrence: int = 1) -> tuple[int, int] | None:
    at = -1
    for _ in range(occurrence):
        at = text.find(words, at + 1)
        if at < 0:
            return None
    return at, at + len(words)


def overlap(a, b) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def refs_of(data: dict) -> set[str]:
    found = set()
    doc = data.get("document", {})
    for key in ("publisher", "relays"):
        if doc.get(key):
            found.add(doc[key])
    if "dateline" in doc:
        found.add(doc["dateline"]["place"])
    for section, entries in data.items():
        if section == "document":
            continue
        for e in entries:
            if e.get("draft") and section != "mention":
                pass
            for key in ("entity", "person", "post", "speaker", "actor", "instrument", "country", "area", "reported_by", "data_source", "by", "occasion", "source", "stated_in"):
                v = e.get(key)
                if isinstance(v, str) and "/" in v and not v.startswith("variable/"):
                    found.add(v)
            for v in (e.get("props") or {}).values():
                if isinstance(v, str) and v.startswith("@"):
                    found.add(v[1:])
    return found


def dates_of(data: dict) -> set[str]:
    found = set()
    for section in ("quote", "speech"):
        for e in data.get(section, []):
            if "date" in e:
                found.add(e["date"].isoformat())
    for e in data.get("mention", []):
        for v in (e.get("props") or {}).values():
            if isinstance(v, dt.date):
                found.add(v.isoformat())
    return found


def compare(text: str, curated: dict, drafted: dict) -> dict[str, tuple[int, int, int]]:
    """kind → (matched, drafted, curated)."""
    out = {}
    c = Counter((o["value"], o["unit"]) for o in curated.get("observation", []))
    d = Counter((o["value"], o.get("unit")) for o in drafted.get("observation", []))
    out[KINDS[0]] = (sum((c & d).values()), sum(d.values()), sum(c.values()))
    cd, dd = dates_of(curated), dates_of(drafted)
    out[KINDS[1]] = (len(cd & dd), len(dd), len(cd))
    c = Counter((q["words"].strip(" ,"), q["speaker"]) for q in curated.get("quote", []))
    d = Counter((q["words"].strip(" ,"), q.get("speaker")) for q in drafted.get("quote", []))
    out[KINDS[2]] = (sum((c & d).values()), sum(d.values()), sum(c.values()))
    out[KINDS[3]] = _by_overlap(text, curated.get("speech", []), drafted.get("speech", []), "speaker", "quote")
    cr = refs_of(curated)
    dr = refs_of({k: v for k, v in drafted.items() if k in ("document", "mention", "membership", "quote", "speech")})
    out[KINDS[4]] = (len(cr & dr), len(dr), len(cr))
    out[KINDS[5]] = _by_overlap(text, curated.get("commitment", []), drafted.get("commitment", []), "ref", "quote")
    out[KINDS[6]] = _by_overlap(text, curated.get("statement", []), drafted.get("statement", []), "kind", "quote")
    if curated.get("skip"):
        out[KINDS[7]] = _by_overlap(text, curated["skip"], drafted.get("skip", []), None, "words")
    else:
        out[KINDS[7]] = (0, len(drafted.get("skip", [])), 0)
    return out


def _by_overlap(text, curated, drafted, key, words_key):
    def span(e):
        return spans(text, e[words_key], e.get("occurrence", 1))

    used, matched = set(), 0
    for c in curated:
        for i, d in enumerate(drafted):
            if i not in used and (key is None or d.get(key) == c[key]) and overlap(span(c), span(d)):
                used.add(i)
                matched += 1
                break
    return matched, len(drafted), len(curated)


def main(per_report: bool = False) -> None:
    rows = list(csv.DictReader(io.StringIO((CORPUS / "metadata.csv").read_text(encoding="utf-8"))))
    totals = {k: [0, 0, 0] for k in KINDS}
    skips_curated = False
    for row in rows:
        slug = row["file"].removesuffix(".txt")
        with tempfile.TemporaryDirectory() as tmp:
            corpus, facts = Path(tmp) / "corpus", Path(tmp) / "facts"
            corpus.mkdir()
            facts.mkdir()
            for f in CORPUS.glob("*.txt"):
                if f.name != row["file"]:
                    shutil.copy(f, corpus / f.name)
            for f in FACTS.glob("*.toml"):
                if f.name != f"{slug}.toml":
                    shutil.copy(f, facts / f.name)
            data = (CORPUS / row["file"]).read_bytes()
            date = dt.date.fromisoformat(row["date_in_text"]) if row["date_in_text"] else None
            _, text, _, _, toml = plan(data, corpus, facts, slug=slug, date=date)
        drafted = tomllib.loads(toml)
        curated = tomllib.loads((FACTS / f"{slug}.toml").read_text(encoding="utf-8"))
        skips_curated |= bool(curated.get("skip"))
        result = compare(text, curated, drafted)
        for k, (m, d, c) in result.items():
            totals[k][0] += m
            totals[k][1] += d
            totals[k][2] += c
        if per_report:
            print(f"{slug}: " + "; ".join(f"{k.split(' (')[0]} {m}/{d}/{c}" for k, (m, d, c) in result.items()))
    print("| kind | precision | recall | matched / drafted / curated |")
    print("|---|---|---|---|")
    for k in KINDS:
        m, d, c = totals[k]
        precision = f"{m / d:.2f}" if d else "–"
        recall = f"{m / c:.2f}" if c else "–"
        if k == "skips" and not skips_curated:
            precision = recall = "– (no curated [[skip]] yet)"
        print(f"| {k} | {precision} | {recall} | {m} / {d} / {c} |")


if __name__ == "__main__":
    main(per_report="--per-report" in sys.argv)
