"""`tipkg ingest`, run as a real process over a temporary copy of the corpus and facts
(never the repository's own folders): the drafts the invented fixture reports must give,
the refusals that write nothing, and drafts that build and are promoted one by one."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tipkg.graph.ingest import RULES

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "resources" / "ingest"
NAMES = sorted(p.name.removesuffix(".expected.toml") for p in FIXTURES.glob("*.expected.toml"))


def tipkg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tipkg", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture
def folders(tmp_path):
    corpus, facts = tmp_path / "corpus", tmp_path / "facts"
    shutil.copytree(ROOT / "graph" / "corpus", corpus, ignore=shutil.ignore_patterns("__*"))
    shutil.copytree(ROOT / "graph" / "facts", facts, ignore=shutil.ignore_patterns("__*"))
    return corpus, facts


def ingest(folders, file: Path, *options: str) -> subprocess.CompletedProcess:
    corpus, facts = folders
    return tipkg("ingest", str(file), "--corpus", str(corpus), "--facts", str(facts), *options)


def snapshot(*dirs: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for d in dirs for p in sorted(d.rglob("*")) if p.is_file()}


def matches(draft: dict, expected: dict) -> bool:
    return all(draft.get(k) == v for k, v in expected.items())


def ingested(folders, name: str) -> tuple[dict, dict, str]:
    expected = tomllib.loads((FIXTURES / f"{name}.expected.toml").read_text(encoding="utf-8"))
    options = [f"--{key}={value}" for key, value in expected["ingest"].items() if key in ("date", "url", "publisher")]
    result = ingest(folders, FIXTURES / f"{name}.txt", *options)
    assert result.returncode == 0, result.stderr
    slug = expected["ingest"]["id"]
    assert f"ingested {slug}" in result.stdout
    return expected, tomllib.loads((folders[1] / f"{slug}.toml").read_text(encoding="utf-8")), slug


@pytest.mark.parametrize("name", NAMES)
def test_a_fixture_report_gives_the_drafts_it_must(folders, name):
    expected, drafted, slug = ingested(folders, name)
    corpus, _ = folders
    assert (corpus / f"{slug}.txt").read_bytes() == (FIXTURES / f"{name}.txt").read_bytes()  # byte-exact copy
    rows = list(csv.DictReader(io.StringIO((corpus / "metadata.csv").read_text(encoding="utf-8"))))
    assert rows[-1] == expected["metadata"]
    assert len(rows) == 6  # the five reports' rows kept
    for key, value in expected["document"].items():
        assert drafted["document"][key] == value, key
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    for section, entries in expected.items():
        if section in ("ingest", "metadata", "document", "absent"):
            continue
        for entry in entries:
            assert any(matches(d, entry) for d in drafted.get(section, [])), (section, entry, drafted.get(section))
    for entry in expected.get("absent", []):
        wanted = {k: v for k, v in entry.items() if k != "section"}
        assert not any(matches(d, wanted) for d in drafted.get(entry["section"], [])), entry
    for section, entries in drafted.items():
        if section == "document":
            continue
        for d in entries:
            assert d["draft"] is True and 0 < d["confidence"] <= 1 and d["rule"], d
            if section == "skip":
                assert d["reason"] in ("furniture", "repetition", "context") and d["note"], d  # the audit's reasons
            for key in ("quote", "words", "date_quote"):
                if key in d and not (section == "skip" and "occurrence" in d):
                    assert text.count(d[key]) == 1, (section, key, d[key])  # the build's quote check


def test_every_rule_is_exercised_by_a_fixture(folders):
    used = set()
    for name in NAMES:
        shutil.rmtree(folders[0]), shutil.rmtree(folders[1])
        shutil.copytree(ROOT / "graph" / "corpus", folders[0], ignore=shutil.ignore_patterns("__*"))
        shutil.copytree(ROOT / "graph" / "facts", folders[1], ignore=shutil.ignore_patterns("__*"))
        expected, drafted, _ = ingested(folders, name)
        for section, entries in expected.items():
            for entry in entries if isinstance(entries, list) else []:
                for part in str(entry.get("rule", "")).replace("; ", "+").split("+"):
                    used.add(part.removesuffix("-nested").removesuffix("-inherited"))
        assert drafted
    used |= {"inherited"}  # a suffix of the date rules
    assert set(RULES) <= used, sorted(set(RULES) - used)


BAD = {
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    "latin-1": ("Jakarta, Tempo - Menteri mengatakan bahwa kerja sama yang baik akan diperkuat di kawasan. Señor".encode("latin-1"), "not UTF-8"),
    "empty": (b" \n\n", "empty"),
    "english": (b"JAKARTA, Tempo - The minister said on Monday that the government will protect every citizen who is a victim of online scams abroad.", "Indonesian"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_input_is_refused_and_nothing_is_written(folders, tmp_path, kind):
    data, message = BAD[kind]
    bad = tmp_path / f"{kind}.txt"
    bad.write_bytes(data)
    before = snapshot(*folders)
    result = ingest(folders, bad, "--date", "2023-06-08")
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(*folders) == before


def test_a_report_already_in_the_corpus_and_an_existing_id_are_refused(folders, tmp_path):
    before = snapshot(*folders)
    again = tmp_path / "again.txt"
    shutil.copy(ROOT / "graph" / "corpus" / "kompas-2023-05-11.txt", again)
    result = ingest(folders, again)
    assert result.returncode == 2 and "already in the corpus as kompas-2023-05-11.txt" in result.stderr
    result = ingest(folders, FIXTURES / "pemulangan-2023-06-08.txt", "--id", "kompas-2023-05-11")
    assert result.returncode == 2 and "exists already" in result.stderr
    result = ingest(folders, FIXTURES / "pemulangan-2023-06-08.txt", "--id", "Not An Id")
    assert result.returncode == 2 and "lower-case" in result.stderr
    result = ingest(folders, FIXTURES / "pemulangan-2023-06-08.txt", "--id", "pemulangan", "--date", "2023-06-08")
    assert result.returncode == 2 and "YYYY-MM" in result.stderr
    result = ingest(folders, FIXTURES / "pemulangan-2023-06-08.txt", "--publisher", "Harian Nowhere")
    assert result.returncode == 2 and "not an organisation in _entities.toml" in result.stderr
    result = ingest(folders, FIXTURES / "pemulangan-2023-06-08.txt", "--url", "javascript:alert(1)")
    assert result.returncode == 2 and "not an http(s) URL" in result.stderr
    assert snapshot(*folders) == before


def _build(folders, out: Path) -> subprocess.CompletedProcess:
    corpus, facts = folders
    return tipkg("build", "--out", str(out), "--corpus", str(corpus), "--facts", str(facts))


def test_drafts_build_stay_out_of_the_graph_and_a_curator_promotes_them_one_by_one(folders, tmp_path):
    _, drafted, slug = ingested(folders, "pemulangan-2023-06-08")
    built = _build(folders, tmp_path / "data")
    assert built.returncode == 0, built.stderr
    waiting = sum(len(v) for k, v in drafted.items() if k != "document")
    assert f"drafts: {slug}: {waiting} wait for a curator" in built.stderr
    nt = (tmp_path / "data" / "current" / "dataset.nt").read_text(encoding="utf-8")
    quote_node = f"/id/quote/{slug}-quote-1>"
    assert quote_node not in nt  # a draft is not published (the words stand in the report's text only)
    assert f"/id/document/{slug}> <https://schema.org/url> <https://example.org/berita/pemulangan-wni>" in nt  # the report itself is
    facts_file = folders[1] / f"{slug}.toml"
    source = facts_file.read_text(encoding="utf-8")
    post = "Juru Bicara Kementerian Luar Negeri RI Teuku Faizasyah"
    exact = re.compile(rf'/id/annotation/{slug}/\d+-\d+/quote> <http://www.w3.org/ns/oa#exact> "{post}"')
    assert not exact.search(nt)
    # a membership is complete: deleting draft = true publishes it
    at = source.index(f'quote = "{post}"')
    promoted = source[:at] + source[at:].replace("draft = true\n", "", 1)
    facts_file.write_text(promoted, encoding="utf-8")
    built = _build(folders, tmp_path / "data")
    assert built.returncode == 0, built.stderr
    assert f"drafts: {slug}: {waiting - 1} wait" in built.stderr
    nt = (tmp_path / "data" / "current" / "dataset.nt").read_text(encoding="utf-8")
    assert exact.search(nt)
    assert quote_node not in nt
    # a quote needs its English translation (ours) before it publishes: the build says so
    at = promoted.index('words = "Kami akan terus melindungi')
    unfinished = promoted[:at] + promoted[at:].replace("draft = true\n", "", 1)
    facts_file.write_text(unfinished, encoding="utf-8")
    built = _build(folders, tmp_path / "data")
    assert built.returncode == 2 and "English translations" in built.stderr, built.stderr
    translation = 'translation = "We will keep protecting our citizens who become victims, wherever they are"\n'
    promoted = unfinished[:at] + unfinished[at:].replace("rule = ", translation + "rule = ", 1)
    facts_file.write_text(promoted, encoding="utf-8")
    built = _build(folders, tmp_path / "data")
    assert built.returncode == 0, built.stderr
    assert f"drafts: {slug}: {waiting - 2} wait" in built.stderr
    nt = (tmp_path / "data" / "current" / "dataset.nt").read_text(encoding="utf-8")
    assert f'{quote_node} <https://schema.org/text> "Kami akan terus melindungi warga negara kita yang menjadi korban, di mana pun mereka berada"@id' in nt
    # a commitment carries its committing verb and modality: it publishes as it is
    at = promoted.index('ref = "strengthen-cooperation-coordination"')
    promoted = promoted[:at] + promoted[at:].replace("draft = true\n", "", 1)
    facts_file.write_text(promoted, encoding="utf-8")
    built = _build(folders, tmp_path / "data")
    assert built.returncode == 0, built.stderr
    assert f"drafts: {slug}: {waiting - 3} wait" in built.stderr
    # a draft still lacking keys says what to fill when it is promoted too early
    at = promoted.index('value = "1.250"')
    facts_file.write_text(promoted[:at] + promoted[at:].replace("draft = true\n", "", 1), encoding="utf-8")
    built = _build(folders, tmp_path / "data")
    # (which keys are required is the curation table's business: the message names them)
    assert built.returncode == 2 and "[[observation]]" in built.stderr and "missing " in built.stderr, built.stderr
    assert "variable" in built.stderr


def test_every_fixture_and_every_real_report_ingested_anew_builds(folders, tmp_path):
    """The drafts of any report build: the three fixtures together, and each of the five
    reports again under a new id (its words then stand in two reports, as they may)."""
    for name in NAMES:
        ingested(folders, name)
    for report, date in (("idntimes-2023-05-15", ["--date", "2023-05-15"]), ("tempo-2023-08", [])):
        copy = tmp_path / f"{report}.txt"
        copy.write_bytes((ROOT / "graph" / "corpus" / f"{report}.txt").read_bytes() + b"\n")
        result = ingest(folders, copy, "--id", f"{report}-again", *date)
        assert result.returncode == 0, result.stderr
    built = _build(folders, tmp_path / "data")
    assert built.returncode == 0, built.stderr
    assert built.stderr.count("wait for a curator") == 5


def test_the_build_checks_a_drafts_words_against_the_text(folders, tmp_path):
    _, _, slug = ingested(folders, "deklarasi-2023-05-10")
    facts_file = folders[1] / f"{slug}.toml"
    facts_file.write_text(facts_file.read_text(encoding="utf-8") + '\n[[quote]]\nwords = "kata-kata yang tidak ada"\ndraft = true\n', encoding="utf-8")
    built = _build(folders, tmp_path / "data")
    assert built.returncode == 2 and "quote not found in the text" in built.stderr


def test_the_leave_one_out_evaluation_meets_its_targets():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "eval_ingest.py")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    rows = {line.split("|")[1].strip(): line.split("|")[3].strip() for line in result.stdout.splitlines() if line.startswith("| ") and "kind" not in line}
    assert float(rows["figures (value + unit)"]) >= 0.9
    assert float(rows["quotes with speaker"]) >= 0.9
