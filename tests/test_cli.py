"""The ``tipkg`` command, run as a real process like a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

RESOURCES = Path(__file__).resolve().parent / "resources"


def tipkg(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tipkg", *args], capture_output=True, text=True, timeout=timeout)


def test_build_prints_a_summary_and_the_weekday_warning(tmp_path):
    result = tipkg("build", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "commitments: 10" in result.stdout and "statements: 18" in result.stdout
    assert "Selasa, 4 Agustus 2023" in result.stderr
    assert (tmp_path / "current" / "dataset.trig").exists()


def test_stats_and_dump_read_the_current_build(data_dir):
    stats = tipkg("stats", "--data-dir", str(data_dir))
    assert stats.returncode == 0 and "triples in the union" in stats.stdout
    dump = tipkg("dump", "--format", "nt", "--data-dir", str(data_dir))
    assert dump.returncode == 0
    assert dump.stdout.encode() == (data_dir / "current" / "dataset.nt").read_bytes()


def test_stats_without_a_build_exits_2(tmp_path):
    result = tipkg("stats", "--data-dir", str(tmp_path))
    assert result.returncode == 2 and "tipkg build" in result.stderr


def test_query_prints_a_table_and_results_formats(data_dir):
    table = tipkg("query", "SELECT ?c WHERE { ?c a <https://w3id.org/asean-tip/ontology#Commitment> } ORDER BY ?c", "--data-dir", str(data_dir))
    assert table.returncode == 0, table.stderr
    assert "commitment/identify-victims" in table.stdout
    as_json = tipkg("query", "ASK { ?s a <https://w3id.org/asean-tip/ontology#Quote> }", "--format", "json", "--data-dir", str(data_dir))
    assert json.loads(as_json.stdout)["boolean"] is True


def test_query_with_a_syntax_error_exits_2(data_dir):
    result = tipkg("query", "SELECT WHERE {", "--data-dir", str(data_dir))
    assert result.returncode == 2 and result.stderr


def test_validate_exit_codes(data_dir, tmp_path):
    good = tipkg("validate", str(data_dir / "current" / "dataset.trig"))
    assert good.returncode == 0, good.stdout + good.stderr
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix tip: <https://w3id.org/asean-tip/ontology#> .\n"
        "<https://w3id.org/asean-tip/id/commitment/x> a tip:Commitment .\n",
        encoding="utf-8",
    )
    not_conforming = tipkg("validate", str(bad), "--format", "json")
    assert not_conforming.returncode == 1
    assert json.loads(not_conforming.stdout)["conforms"] is False
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    unreadable = tipkg("validate", str(broken))
    assert unreadable.returncode == 2 and unreadable.stderr


def test_validate_with_other_shapes(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:Person ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    data = tmp_path / "data.ttl"
    data.write_text("@prefix ex: <http://example.org/> . ex:alice a ex:Person .\n", encoding="utf-8")
    result = tipkg("validate", str(data), "--shapes", str(shapes), "--format", "text")
    assert result.returncode == 1
    assert "MinCount" in result.stdout and "alice" in result.stdout


def test_validate_prints_every_result_in_every_form(tmp_path):
    """Two results equal in every field (ex:p 2 is not less than ex:q 0 nor 1) are two
    results in the text, the JSON, the Turtle and the JSON-LD (Turtle had merged them)."""
    from rdflib import Graph, URIRef

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:lessThan ex:q ] .\n",
        encoding="utf-8",
    )
    data = tmp_path / "data.ttl"
    data.write_text("@prefix ex: <http://example.org/> . ex:a ex:p 2 ; ex:q 0, 1 .\n", encoding="utf-8")
    forms = {fmt: tipkg("validate", "--shapes", str(shapes), "--format", fmt, str(data)) for fmt in ("text", "json", "turtle", "jsonld")}
    assert all(run.returncode == 1 and run.stderr == "" for run in forms.values())
    assert "Results (2):" in forms["text"].stdout
    assert len(json.loads(forms["json"].stdout)["results"]) == 2
    for fmt, syntax in (("turtle", "turtle"), ("jsonld", "json-ld")):
        graph = Graph().parse(data=forms[fmt].stdout, format=syntax)
        assert len(set(graph.objects(None, URIRef("http://www.w3.org/ns/shacl#result")))) == 2, fmt


@pytest.mark.parametrize("path, code", [("/health", 0), ("/no-such-page", 1)])
def test_serve_get_answers_one_request(data_dir, path, code):
    result = tipkg("serve", "--data-dir", str(data_dir), "--get", path)
    assert result.returncode == code, result.stdout + result.stderr


def test_help_lists_every_subcommand():
    result = tipkg("--help")
    for command in ("build", "validate", "query", "dump", "stats", "serve"):
        assert command in result.stdout
