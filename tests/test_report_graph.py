"""The report graph mapper: one mapper per curated section, no section dropped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tipkg import assets
from tipkg.errors import BuildError
from tipkg.graph import curation, report_graph
from tipkg.graph.build import report_graphs
from tipkg.graph.curation import REPORT_SECTIONS, SECTIONS, Section

FACTS_DIR = Path(assets.fact_files()[0]).parent
PLEDGE = Section("pledge", frozenset({"id", "quote"}))


def _facts_with_a_pledge(tmp_path: Path) -> Path:
    facts = tmp_path / "facts"
    shutil.copytree(FACTS_DIR, facts, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    kompas = facts / "kompas-2023-05-11.toml"
    kompas.write_text(kompas.read_text(encoding="utf-8") + '\n[[pledge]]\nid = "p"\nquote = "Kementerian Luar Negeri (Kemenlu)"\n', encoding="utf-8")
    return facts


def test_every_curated_section_has_a_mapper_and_every_mapper_a_section():
    assert set(report_graph.MAPPERS) == set(REPORT_SECTIONS) == {s.name for s in SECTIONS}
    report_graph.check_mappers()


def test_a_section_without_a_mapper_fails_the_build_instead_of_being_dropped(tmp_path, monkeypatch):
    monkeypatch.setitem(curation.REPORT_SECTIONS, PLEDGE.name, PLEDGE)
    facts = _facts_with_a_pledge(tmp_path)
    assert curation.load_curation(facts)  # curation accepts the entries …
    with pytest.raises(BuildError, match=r"sections without a mapper \['pledge'\]"):
        report_graphs(facts)  # … and the mapper refuses to drop them


def test_a_mapper_without_a_section_fails_the_build(monkeypatch):
    monkeypatch.setitem(report_graph.MAPPERS, "pledge", lambda builder, entry: None)
    with pytest.raises(BuildError, match=r"mappers without a section \['pledge'\]"):
        report_graph.check_mappers()
    with pytest.raises(BuildError, match="mappers without a section"):
        report_graphs()


def test_a_second_mapper_for_one_section_is_refused():
    with pytest.raises(BuildError, match=r"two mappers for section \[\[note\]\]"):
        report_graph.maps("note")(lambda builder, entry: None)
    assert report_graph.MAPPERS["note"] is report_graph._ReportBuilder.note


def test_unknown_sections_are_still_refused_by_curation(tmp_path):
    with pytest.raises(BuildError, match=r"unknown section \[\[pledge\]\]"):
        curation.load_curation(_facts_with_a_pledge(tmp_path))
