"""The audit as data (#8): sentences that tile each report, the facts or the skip of each,
``tipkg audit``, and the coverage gate of ``tipkg build``."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tipkg import assets, namespaces
from tipkg.cli import main
from tipkg.errors import BuildError
from tipkg.graph import coverage, sentences
from tipkg.graph.build import audit_reports, build_dataset, current_build

TEXTS = {f.name.removesuffix(".txt"): f.read_bytes().decode("utf-8") for f in assets.corpus_files()}
FACTS_DIR = Path(assets.fact_files()[0]).parent
ID = str(namespaces.ID)


def _texts(found: list[sentences.Sentence]) -> list[str]:
    return [s.text for s in found]


# --- sentences ---------------------------------------------------------------


FIXTURE_TEXTS = {p.stem: p.read_text(encoding="utf-8") for p in (Path(__file__).parent / "resources" / "ingest").glob("*.txt")}


@pytest.mark.parametrize("slug", sorted(TEXTS) + sorted(FIXTURE_TEXTS))
def test_sentences_tile_each_report(slug):
    text = TEXTS.get(slug) or FIXTURE_TEXTS[slug]
    found = sentences.split(text)
    assert len(found) > 10
    owner = {}
    for index, sentence in enumerate(found):
        assert text[sentence.start:sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text
        for at in range(sentence.start, sentence.end):
            assert at not in owner
            owner[at] = index
    assert [i for i, char in enumerate(text) if not char.isspace() and i not in owner] == []
    assert found == sorted(found)


@pytest.mark.parametrize(
    "text, expected",
    [
        # numbers: thousands dots, dates in brackets, money, list numbers opening a line
        ("Ia memulangkan 1.138 WNI. Angka itu naik.", ["Ia memulangkan 1.138 WNI.", "Angka itu naik."]),
        ("Kata Kao, Senin (15/5/2023). Ia pergi.", ["Kata Kao, Senin (15/5/2023).", "Ia pergi."]),
        ("Dana Rp 500 juta cair. Rp. 20 juta lagi ditahan.", ["Dana Rp 500 juta cair.", "Rp. 20 juta lagi ditahan."]),
        ("1. Memperkuat upaya regional", ["1. Memperkuat upaya regional"]),
        ("Ia lahir pada 2023. Ia tumbuh.", ["Ia lahir pada 2023.", "Ia tumbuh."]),
        # abbreviations that continue, initials, dll. ending a sentence
        ("Juara No. 1 di Jl. Sudirman. Lalu pulang.", ["Juara No. 1 di Jl. Sudirman.", "Lalu pulang."]),
        ("Hadir Prof. Dr. Budi dan Mahfud Md. dalam rapat.", ["Hadir Prof. Dr. Budi dan Mahfud Md. dalam rapat."]),
        ("Kata Kao K. Hourn hari ini.", ["Kata Kao K. Hourn hari ini."]),
        ("Yaitu polisi, imigrasi, dll. Semua bergerak.", ["Yaitu polisi, imigrasi, dll.", "Semua bergerak."]),
        ("Yaitu polisi, dll. dan jaksa.", ["Yaitu polisi, dll. dan jaksa."]),
        # quotes keep their inner periods; a sentence ending inside a quote ends there
        ("“Ini penting. Semua setuju,” kata Kao. Lalu ia pergi.", ["“Ini penting. Semua setuju,” kata Kao.", "Lalu ia pergi."]),
        ('"Kami setuju. Ini mendesak," tulis pernyataan itu.', ['"Kami setuju. Ini mendesak," tulis pernyataan itu.']),
        ("“Ini penting.” Lalu ia pergi.", ["“Ini penting.”", "Lalu ia pergi."]),
        ("Ia berkata (lihat hlm. 2. Ya) lalu pergi.", ["Ia berkata (lihat hlm. 2. Ya) lalu pergi."]),
        # lines without a final period: headings, captions, furniture
        ("Judul Tanpa Titik\n\nBaca juga: Lain\nTopik:", ["Judul Tanpa Titik", "Baca juga: Lain", "Topik:"]),
        ("Para pemimpin berkumpul. (dok. Setpres)", ["Para pemimpin berkumpul.", "(dok. Setpres)"]),
        ("Kerja sama disepakati. -red", ["Kerja sama disepakati.", "-red"]),
        ("Judul Berita\xa0Para pemimpin hadir.", ["Judul Berita", "Para pemimpin hadir."]),
        ("Ia datang.Segera pulang.", ["Ia datang.Segera pulang."]),
        ("Oleh karena itu. ASEAN sepakat.", ["Oleh karena itu.", "ASEAN sepakat."]),
        ("Kompak! Pemimpin hadir? Ya.", ["Kompak!", "Pemimpin hadir?", "Ya."]),
        ("terkait..\nHal ini", ["terkait..", "Hal ini"]),
    ],
)
def test_the_splitter_knows_indonesian_news_copy(text, expected):
    assert _texts(sentences.split(text)) == expected


def test_offsets_are_code_points():
    text = "“Naik 15 persen…” kata Retno. Ia pergi."
    second = sentences.split(text)[1]
    assert (second.start, second.text) == (text.index("Ia"), "Ia pergi.")


# --- tipkg audit ---------------------------------------------------------------


@pytest.fixture(scope="module")
def audit_json():
    result = CliRunner().invoke(main, ["audit", "--format", "json"])
    return result, json.loads(result.output)


def test_audit_json_lists_every_sentence_with_its_facts_or_skip(audit_json):
    result, rows = audit_json
    assert result.exit_code in (0, 1)
    assert {r["report"] for r in rows} == set(TEXTS)
    for row in rows:
        assert list(row) == ["report", "start", "end", "text", "facts", "skipped"]
        assert TEXTS[row["report"]][row["start"]:row["end"]] == row["text"]
        assert all(iri.startswith(ID) for iri in row["facts"]) and row["facts"] == sorted(row["facts"])
        assert row["skipped"] in (None, *coverage.REASONS)
    for slug in TEXTS:
        assert [(r["start"], r["end"]) for r in rows if r["report"] == slug] == [
            (s.start, s.end) for s in sentences.split(TEXTS[slug])
        ]
    by_text = {(r["report"], r["text"]): r for r in rows}
    topik = by_text[("idntimes-2023-05-15", "Topik:")]
    assert topik["skipped"] == "furniture" and topik["facts"] == []
    figure = next(r for r in rows if "1.138 WNI" in r["text"])
    assert f"{ID}observation/kompas-victims-repatriated-from-cambodia" in figure["facts"]
    assert figure["skipped"] is None


def test_audit_text_gives_a_coverage_line_per_report(audit_json):
    result = CliRunner().invoke(main, ["audit"])
    lines = result.output.splitlines()
    for slug in sorted(TEXTS):
        assert any(re.match(rf"{slug}: \d+/\d+ sentences accounted for \(\d+\.\d %\)", line) for line in lines), slug
    _, rows = audit_json
    assert result.exit_code == (0 if all(r["facts"] or r["skipped"] for r in rows) else 1)


def test_the_real_corpus_is_fully_accounted_for():
    audits = audit_reports()
    assert coverage.complete(audits), coverage.as_text(audits)
    assert all(line.endswith(" 0 unaccounted") for line in coverage.as_text(audits).splitlines())
    skipped = [s for a in audits for s in a.sentences if s.skipped]
    drawn = [s for a in audits for s in a.sentences if s.facts]
    assert skipped and drawn and not [s for s in skipped if s.facts]


def test_the_audit_is_deterministic():
    first = json.dumps(coverage.as_json(audit_reports()), ensure_ascii=False)
    assert first == json.dumps(coverage.as_json(audit_reports()), ensure_ascii=False)


def test_audit_of_a_build_sees_the_facts_of_the_sources(data_dir):
    assert coverage.as_json(audit_reports(data_dir=data_dir)) == coverage.as_json(audit_reports())
    result = CliRunner().invoke(main, ["audit", "--data-dir", str(data_dir / "nowhere")])
    assert result.exit_code == 2


# --- the gate --------------------------------------------------------------------


def _facts(tmp_path: Path, name: str, old: str, new: str) -> Path:
    facts = tmp_path / "facts"
    if not facts.exists():
        shutil.copytree(FACTS_DIR, facts, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    path = facts / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return facts


TOPIK_SKIP = '[[skip]]\nwords = "Topik:"\nreason = "furniture"\nnote = "the page\'s tag list heading"\n'


def test_the_gate_fails_naming_a_sentence_with_no_fact_and_no_skip(tmp_path, data_dir):
    facts = _facts(tmp_path, "idntimes-2023-05-15.toml", TOPIK_SKIP, "")
    out = tmp_path / "data"
    shutil.copytree(data_dir, out, symlinks=True)
    before = current_build(out)
    with pytest.raises(BuildError, match=r"idntimes-2023-05-15 3294-3300: 'Topik:': no fact and no skip"):
        build_dataset(out, facts_dir=facts)
    assert current_build(out) == before
    result = CliRunner().invoke(main, ["audit", "--facts", str(facts)])
    assert result.exit_code == 1
    assert "idntimes-2023-05-15 3294-3300: 'Topik:'" in result.output.split("unaccounted sentences")[1]


@pytest.mark.parametrize(
    "new, message",
    [
        ('[[skip]]\nwords = "Topik: Dwi"\nreason = "furniture"\n', r"\[\[skip\]\] #\d+: words not found in the text: 'Topik: Dwi'"),
        ('[[skip]]\nwords = "Topik:"\nreason = "boring"\n', "unknown reason 'boring'"),
        ('[[skip]]\nwords = "Topik:"\nreason = "context"\n', "a context skip needs a note"),
        ('[[skip]]\nwords = "Topik:"\nreason = "repetition"\nnote = "x"\n', "names the fact it repeats"),
        ('[[skip]]\nwords = "Topik:"\nreason = "repetition"\nnote = "x"\nrepeats = "commitment/no-such"\n', "no evidence in this report"),
        ('[[skip]]\nwords = "Sekjen: Pemimpin ASEAN Akan Lindungi Rakyat dari Jerat TPPO"\nreason = "furniture"\n', "stand in 4 places"),
        ('[[skip]]\nwords = "Sekjen: Pemimpin ASEAN Akan Lindungi Rakyat dari Jerat TPPO"\noccurrence = 5\nreason = "furniture"\n', r"occurrence must be 1 … 4"),
        ('[[skip]]\nwords = "Topik:\\n\\n  • Dwi"\nreason = "furniture"\n', "run over 2 sentences"),
    ],
)
def test_a_wrong_skip_fails_the_gate(tmp_path, new, message):
    facts = _facts(tmp_path, "idntimes-2023-05-15.toml", TOPIK_SKIP, new)
    with pytest.raises(BuildError, match=message):
        coverage.gate(audit_reports(facts_dir=facts))
    with pytest.raises(BuildError, match=message):
        build_dataset(tmp_path / "out", facts_dir=facts)


def test_a_skip_of_a_sentence_with_facts_fails_the_gate(tmp_path):
    """A sentence is drawn on or skipped, never both: a skip gone stale when a fact was added fails."""
    facts = _facts(tmp_path, "kompas-2023-05-11.toml", "[[skip]]\n", '[[skip]]\nwords = "1.138 WNI"\nreason = "furniture"\n\n[[skip]]\n')
    with pytest.raises(BuildError, match=r"kompas-2023-05-11 2115-2315: 'Berdasarkan data .*': skipped \(furniture\) "
                                         r"but it has facts .*observation/kompas-victims-repatriated-from-cambodia.*: remove the skip"):
        coverage.gate(audit_reports(facts_dir=facts))


def test_a_skip_entry_takes_only_its_keys(tmp_path):
    facts = _facts(tmp_path, "idntimes-2023-05-15.toml", TOPIK_SKIP, TOPIK_SKIP + 'why = "x"\n')
    with pytest.raises(BuildError, match=r"\[\[skip\]\] #\d+: unknown key why"):
        audit_reports(facts_dir=facts)


def test_the_skips_ingest_drafts_pass_the_gate_once_promoted(tmp_path):
    """`tipkg ingest` drafts furniture as [[skip]] with the gate's own reason; promoted,
    each accounts for its sentence, and the report's other sentences are listed."""
    import subprocess
    import sys

    corpus, facts = tmp_path / "corpus", tmp_path / "facts"
    shutil.copytree(Path(assets.corpus_files()[0]).parent, corpus, ignore=shutil.ignore_patterns("__*"))
    shutil.copytree(FACTS_DIR, facts, ignore=shutil.ignore_patterns("__*"))
    fixture = Path(__file__).parent / "resources" / "ingest" / "pemulangan-2023-06-08.txt"
    done = subprocess.run([sys.executable, "-m", "tipkg", "ingest", str(fixture), "--corpus", str(corpus), "--facts", str(facts),
                           "--date", "2023-06-08"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    (drafted,) = [p for p in facts.glob("*.toml") if p.name.removesuffix(".toml") not in TEXTS and not p.name.startswith("_")]
    text = drafted.read_text(encoding="utf-8")
    blocks = text.split("\n[[")
    promoted = [b.replace("draft = true\n", "") if b.startswith("skip]]") else b for b in blocks]
    drafted.write_text("\n[[".join(promoted), encoding="utf-8")
    slug = drafted.name.removesuffix(".toml")
    (report,) = [a for a in audit_reports(facts_dir=facts, corpus_dir=corpus) if a.report == slug]
    assert report.problems == []
    skipped = [s for s in report.sentences if s.skipped]
    # furniture, and context for a heading or a stranded connective: reasons that need no `repeats`
    assert len(skipped) >= 4 and "furniture" in {s.skipped for s in skipped} <= {"furniture", "context"}
    assert any(s.text.startswith("Baca juga:") for s in skipped)
    assert report.unaccounted  # its facts are still drafts: the gate lists these sentences
    with pytest.raises(BuildError, match=rf"{slug} \d+-\d+: .*no fact and no skip"):
        coverage.gate([report])
