"""The build: facts true to the sources, evidence at its offsets, deterministic bytes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from tipkg import assets
from tipkg.errors import BuildError
from tipkg.graph.build import build_dataset, current_build, ensure_built
from tipkg.graph.curation import load_curation
from tipkg.graph.dumps import DUMPS, read_manifest
from tipkg.namespaces import (
    GRAPH,
    INFERENCE_GRAPH,
    METADATA_GRAPH,
    OA,
    ONTOLOGY_GRAPH,
    SCHEMA,
    TIP,
    WD,
)

TEXTS = {f.name.removesuffix(".txt"): f.read_bytes().decode("utf-8") for f in assets.corpus_files()}
FACTS_DIR = Path(assets.fact_files()[0]).parent
FACT_TYPES = [TIP.Commitment, TIP.StatisticalObservation, TIP.Quote, TIP.ReportedSpeech, TIP.RightAffirmation, TIP.InstrumentRelation, TIP.CountryRole]
CERTAIN_WIKIDATA = {"Q7768", "Q252", "Q424", "Q836", "Q869", "Q881", "Q819", "Q928", "Q5061", "Q3318231", "Q8475", "Q1065"}


@pytest.fixture(scope="module")
def union(built_dataset):
    """The union of the report graphs (no ontology, no inferences)."""
    from rdflib import Graph

    g = Graph()
    for slug in TEXTS:
        g += built_dataset.graph(GRAPH[slug])
    return g


def test_named_graphs_one_per_report_plus_ontology_inferences_metadata(built_dataset):
    names = {str(g.identifier) for g in built_dataset.graphs() if len(g)}
    expected = {str(GRAPH[slug]) for slug in TEXTS} | {str(ONTOLOGY_GRAPH), str(INFERENCE_GRAPH), str(METADATA_GRAPH)}
    assert expected <= names
    for name in expected:
        assert len(built_dataset.graph(URIRef(name))) > 0, name


def test_every_selector_quotes_its_source_at_its_offsets(union):
    checked = 0
    for target in union.subjects(RDF.type, OA.SpecificResource):
        source = union.value(target, OA.hasSource)
        text = TEXTS[str(source).rsplit("/", 1)[1]]
        selectors = list(union.objects(target, OA.hasSelector))
        exact = next(union.value(s, OA.exact) for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in union)
        position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in union)
        start, end = int(union.value(position, OA.start)), int(union.value(position, OA.end))
        assert text[start:end] == str(exact)
        quote_selector = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in union)
        assert text[:start].endswith(str(union.value(quote_selector, OA.prefix)))
        assert text[end:].startswith(str(union.value(quote_selector, OA.suffix)))
        checked += 1
    assert checked >= 50


def test_every_fact_node_has_evidence_from_its_report(built_dataset):
    found = 0
    for slug in TEXTS:
        g = built_dataset.graph(GRAPH[slug])
        for fact_type in FACT_TYPES:
            for node in g.subjects(RDF.type, fact_type):
                annotations = list(g.objects(node, TIP.evidence))
                assert annotations, f"{node} has no evidence in {slug}"
                for annotation in annotations:
                    assert (annotation, OA.hasBody, node) in g
                    target = g.value(annotation, OA.hasTarget)
                    assert str(g.value(target, OA.hasSource)).endswith("/document/" + slug)
                found += 1
    assert found >= 60


def test_one_node_per_commitment_with_evidence_from_every_report_that_mentions_it(built_dataset, union):
    curation = load_curation()
    assert {str(c).rsplit("/", 1)[1] for c in union.subjects(RDF.type, TIP.Commitment)} == set(curation.commitments)
    for report in curation.reports:
        g = built_dataset.graph(GRAPH[report.slug])
        for entry in report.entries("commitment"):
            node = URIRef(f"https://w3id.org/asean-tip/id/commitment/{entry['ref']}")
            exacts = {
                str(g.value(sel, OA.exact))
                for a in g.objects(node, TIP.evidence)
                for sel in g.objects(g.value(a, OA.hasTarget), OA.hasSelector)
                if g.value(sel, OA.exact) is not None
            }
            assert entry["quote"] in exacts, (report.slug, entry["ref"])


def test_indonesian_numbers_become_typed_values(union):
    observations = {str(o).rsplit("/", 1)[1]: o for o in union.subjects(RDF.type, TIP.StatisticalObservation)}
    assert len(observations) >= 7
    repatriated = observations["kompas-victims-repatriated-from-cambodia"]
    assert union.value(repatriated, SCHEMA.value) == Literal("1138", datatype=XSD.integer)
    assert str(union.value(repatriated, TIP.statedValue)) == "1.138"
    for node in observations.values():
        value = union.value(node, SCHEMA.value)
        assert value.datatype in (XSD.integer, XSD.decimal)
        stated = str(union.value(node, TIP.statedValue))
        assert int(value.toPython()) == int(stated.replace(".", "").split(",")[0])


def test_approximate_figures_stay_approximate(union):
    flags = {str(o).rsplit("/", 1)[1]: union.value(o, TIP.isApproximate).toPython() for o in union.subjects(RDF.type, TIP.StatisticalObservation)}
    assert flags.pop("tempo-tip-cases-since-may") is True  # "sekitar 700"
    assert not any(flags.values())


def test_disagreeing_figures_stay_two_observations_with_their_own_sources(union):
    """Kompas's 1.841 "kasus online scam" and Tempo's 2.061 "kasus perdagangan orang yang
    melibatkan penipuan online" count different things (issue 8): two variables, one note
    comparing them, each figure in its own report's graph."""
    note = URIRef("https://w3id.org/asean-tip/id/note/tempo-online-fraud-figures-disagree")
    observations = [union.value(note, TIP.about), union.value(note, TIP.comparedWith)]
    values = {union.value(o, SCHEMA.value).toPython(): {str(s) for s in union.objects(o, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))} for o in observations}
    assert set(values) == {1841, 2061}
    assert values[1841] == {"https://w3id.org/asean-tip/id/document/kompas-2023-05-11"}
    assert values[2061] == {"https://w3id.org/asean-tip/id/document/tempo-2023-08"}
    variables = {union.value(o, SCHEMA.variableMeasured) for o in observations}
    assert len(variables) == 2
    assert any("may not count the same thing" in str(c) for c in union.objects(note, RDFS.comment))


FURNITURE = re.compile(r"^(?:baca juga.*|topik:|berita terkini lainnya|pilihan editor.*|dapatkan update.*|top of page|bottom of page|comments|foto: .*)$", re.IGNORECASE | re.MULTILINE)


def test_page_furniture_yields_no_facts(union):
    furniture = {slug: [(m.start(), m.end()) for m in FURNITURE.finditer(text)] for slug, text in TEXTS.items()}
    assert sum(len(v) for v in furniture.values()) >= 8
    for position in union.subjects(RDF.type, OA.TextPositionSelector):
        target = next(union.subjects(OA.hasSelector, position))
        slug = str(union.value(target, OA.hasSource)).rsplit("/", 1)[1]
        start, end = int(union.value(position, OA.start)), int(union.value(position, OA.end))
        for f_start, f_end in furniture[slug]:
            assert end <= f_start or start >= f_end, f"{slug} {start}-{end} overlaps furniture {TEXTS[slug][f_start:f_end]!r}"


def test_weekday_mismatch_becomes_a_note(union, data_dir):
    notes = [n for n in union.subjects(TIP.issueKind, URIRef("https://w3id.org/asean-tip/id/concept/data-quality-issue/weekday-mismatch"))]
    assert len(notes) == 1
    assert str(union.value(notes[0], TIP.about)).endswith("/document/tempo-2023-08")
    assert any("Selasa, 4 Agustus 2023" in w for w in read_manifest(current_build(data_dir))["warnings"])


def test_reports_are_described(union):
    reports = list(union.subjects(RDF.type, TIP.NewsReport))
    assert len(reports) == len(TEXTS) == 5
    for report in reports:
        slug = str(report).rsplit("/", 1)[1]
        assert str(union.value(report, SCHEMA.text)) == TEXTS[slug]
        assert re.fullmatch(r"[0-9a-f]{64}", str(union.value(report, TIP.sha256)))
        assert union.value(report, TIP.dateline) is not None
    antara = URIRef("https://w3id.org/asean-tip/id/document/antara-relay-2023-05-15")
    assert union.value(antara, SCHEMA.publisher) is None  # the relay names no publisher of its own


def test_wikidata_links_only_where_certain_and_never_owl_sameas(built_dataset):
    linked = {str(o).rsplit("/", 1)[1] for _, _, o, _ in built_dataset.quads((None, SCHEMA.sameAs, None, None)) if str(o).startswith(str(WD))}
    assert linked and linked <= CERTAIN_WIKIDATA
    assert not list(built_dataset.quads((None, OWL.sameAs, None, None)))


def test_every_entity_has_english_and_indonesian_labels(union):
    for subject in set(union.subjects(RDFS.label, None)):
        langs = {o.language for o in union.objects(subject, RDFS.label)}
        assert {"en", "id"} <= langs, subject


def test_inferences_hold_no_tautologies(built_dataset):
    inferred = built_dataset.graph(INFERENCE_GRAPH)
    assert len(inferred) > 0
    for s, p, o in inferred:
        assert not (p == OWL.sameAs and s == o)
        assert not (p == RDF.type and o == OWL.Thing)


def test_two_builds_give_byte_identical_dumps(tmp_path, data_dir):
    build_dataset(tmp_path / "again")
    first, second = current_build(data_dir), current_build(tmp_path / "again")
    assert first.name == second.name
    for name, _ in DUMPS:
        for file in (name, name + ".gz"):
            assert (first / file).read_bytes() == (second / file).read_bytes(), file


def test_ensure_built_reuses_a_fresh_build(data_dir):
    before = current_build(data_dir)
    mtime = (before / "manifest.json").stat().st_mtime_ns
    assert ensure_built(data_dir) == before
    assert (before / "manifest.json").stat().st_mtime_ns == mtime


def _broken_facts(tmp_path: Path, old: str, new: str) -> Path:
    facts = tmp_path / "facts"
    shutil.copytree(FACTS_DIR, facts, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    path = facts / "kompas-2023-05-11.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return facts


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('quote = "Kementerian Luar Negeri (Kemenlu)"', 'quote = "Kementerian Dalam Negeri"', "quote not found"),
        ('quote = "Kementerian Luar Negeri (Kemenlu)"', 'quote = "ASEAN"', "ambiguous"),
        ('value = "1.138"', 'value = "1,138"', "not an Indonesian-formatted number|not in its quote"),
        ('[[statement]]\nid = "kompas-background-regional-problem"',
         '[[commitment]]\nref = "no-such-commitment"\nquote = "ASEAN"\nverb = "sepakat"\nmodality = "agree"\n\n[[statement]]\nid = "kompas-background-regional-problem"',
         "unknown commitment"),
        ('unit = "person"', 'unit = "kilogram"', "concepts not defined"),
    ],
)
def test_a_failed_build_names_the_problem_and_keeps_the_published_build(tmp_path, data_dir, old, new, message):
    out = tmp_path / "data"
    shutil.copytree(data_dir, out, symlinks=True)
    before = current_build(out)
    with pytest.raises(BuildError, match=message):
        build_dataset(out, facts_dir=_broken_facts(tmp_path, old, new))
    assert current_build(out) == before
    assert not [p for p in (out / "builds").iterdir() if p.name.startswith(".staging")]


def test_a_figure_worded_as_approximate_must_be_marked_approximate(tmp_path):
    facts = _broken_facts(tmp_path, 'value = "1.138"', 'value = "1.138"')
    tempo = facts / "tempo-2023-08.toml"
    tempo.write_text(tempo.read_text(encoding="utf-8").replace("approximate = true\n", "", 1), encoding="utf-8")
    with pytest.raises(BuildError, match="marks the figure approximate"):
        build_dataset(tmp_path / "out", facts_dir=facts)


def test_every_own_term_the_data_uses_is_defined_in_the_ontology(union):
    from rdflib import Graph

    from tipkg.graph.build import ontology_graph

    ontology: Graph = ontology_graph()
    used = {p for p in union.predicates() if str(p).startswith(str(TIP))}
    used |= {o for o in union.objects(None, RDF.type) if str(o).startswith(str(TIP))}
    assert len(used) > 30
    undefined = sorted(str(t) for t in used if (t, RDFS.label, None) not in ontology)
    assert undefined == []


def test_an_annotation_whose_words_are_not_at_its_offsets_fails_the_build(tmp_path, data_dir, monkeypatch):
    """The build's last check reads every annotation back from the graph (evidence.verify_graph)."""
    import dataclasses

    from tipkg.graph import evidence, report_graph

    def off_by_one(text, quote, *, source):
        span = evidence.locate(text, quote, source=source)
        return dataclasses.replace(span, start=span.start + 1, end=span.end + 1)

    monkeypatch.setattr(report_graph, "locate", off_by_one)
    out = tmp_path / "data"
    shutil.copytree(data_dir, out, symlinks=True)
    before = current_build(out)
    with pytest.raises(BuildError, match=r"exact quote is not at \d+-\d+"):
        build_dataset(out)
    assert current_build(out) == before


def test_the_metadata_graph_describes_every_graph_and_report_and_their_period(built_dataset, union):
    from rdflib.namespace import DCAT, DCTERMS, VOID

    from tipkg import void
    from tipkg.namespaces import DATASET_IRI

    meta, ds = built_dataset.graph(METADATA_GRAPH), URIRef(DATASET_IRI)
    named = {g.identifier for g in built_dataset.graphs() if len(g)} - {built_dataset.default_graph.identifier}
    assert set(meta.objects(ds, VOID.subset)) == named
    assert set(meta.objects(ds, DCTERMS.source)) == set(union.subjects(RDF.type, TIP.NewsReport))
    dates = sorted(str(d) for p in (SCHEMA.datePublished, TIP.spokenOn) for d in union.objects(None, p))
    assert void.period_of(meta, ds) == (dates[0], dates[-1]) == ("2023-05-08", "2023-08-04")
    assert meta.value(meta.value(ds, DCTERMS.temporal), DCAT.startDate).datatype == XSD.date
