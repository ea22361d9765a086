"""Every fact true to its words (issue 8): one test per class of error the audit found,
each failing on the graph as it was before, and the build checks that refuse them again.

1 doubt travels · 2 statements are not commitments · 3 hedges and what is counted ·
4 who states vs whose data · 5 no precision the words do not give · 6 no facts carried
over from another report · 7 no relation no text states · 9 what the texts state.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from tipkg import assets
from tipkg.errors import BuildError
from tipkg.graph.build import report_graphs
from tipkg.namespaces import ID, OA, SCHEMA, TIP

FACTS_DIR = Path(assets.fact_files()[0]).parent
WEEKDAY_NOTE = ID["note/tempo-2023-08-weekday-322"]


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    return {r.slug: r.graph for r in report_graphs()}


@pytest.fixture(scope="module")
def union(graphs) -> Graph:
    g = Graph()
    for graph in graphs.values():
        g += graph
    return g


def _facts_with(tmp_path: Path, report: str, old: str, new: str) -> Path:
    facts = tmp_path / "facts"
    shutil.copytree(FACTS_DIR, facts, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    path = facts / f"{report}.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return facts


def _evidence(graph: Graph, node) -> set[str]:
    return {str(graph.value(sel, OA.exact)) for ann in graph.objects(node, TIP.evidence)
            for sel in graph.objects(graph.value(ann, OA.hasTarget), OA.hasSelector) if graph.value(sel, OA.exact) is not None}


# --- 1. doubt that travels ----------------------------------------------------------

def test_every_tempo_fact_dated_4_august_2023_is_doubtful_and_names_the_note(graphs):
    tempo = graphs["tempo-2023-08"]
    dated = {s for s, o in tempo.subject_objects(None) if isinstance(o, Literal) and o.datatype == XSD.date and str(o) == "2023-08-04"}
    assert len(dated) >= 5  # the meeting, three utterances, the observation's end
    for node in dated:
        assert tempo.value(node, TIP.dateIsDoubtful) == Literal(True), node
        assert tempo.value(node, TIP.doubtNote) == WEEKDAY_NOTE, node
    assert (WEEKDAY_NOTE, RDF.type, TIP.DataQualityNote) in tempo
    # a date that is not in doubt carries no mark
    assert not any(graphs["idntimes-2023-05-15"].subjects(TIP.dateIsDoubtful, None))


def test_the_build_refuses_an_undoubted_fact_dated_from_a_flagged_phrase(tmp_path):
    facts = _facts_with(tmp_path, "tempo-2023-08", 'date = 2023-08-04\ndoubtful = "tempo-2023-08-weekday-322"\nspoken_at', "date = 2023-08-04\nspoken_at")
    with pytest.raises(BuildError, match=r"retno-concrete-steps: dated 2023-08-04 from the flagged phrase 'Selasa, 4 Agustus 2023'.*doubtful"):
        report_graphs(facts)


def test_the_build_refuses_a_doubt_that_names_no_note(tmp_path):
    facts = _facts_with(tmp_path, "tempo-2023-08", 'doubtful = "tempo-2023-08-weekday-322"\nspoken_at', 'doubtful = "no-such-note"\nspoken_at')
    with pytest.raises(BuildError, match="names no note of this report"):
        report_graphs(facts)


# --- 2. commitments need a committing verb outside someone's quotation -------------

def test_protect_citizens_and_recognitions_are_not_commitments(union):
    commitments = {str(c).rsplit("/", 1)[1] for c in union.subjects(RDF.type, TIP.Commitment)}
    assert commitments and not {"protect-citizens", "recognise-interlinkages", "cross-pillar-synergy", "implement-asean-instruments"} & commitments
    recognition = ID["statement/kaltengnetwork-recognise-interlinkages"]
    assert union.value(recognition, TIP.statementKind) == ID["concept/statement-kind/recognition"]
    emphasis = ID["statement/kompas-declaration-emphasises-synergy"]
    assert union.value(emphasis, TIP.statementKind) == ID["concept/statement-kind/emphasis"]
    assert union.value(emphasis, TIP.statedIn) == ID["instrument/chairmans-statement-42nd-asean-summit"]


def test_a_commitments_modality_is_the_verb_each_report_gives(graphs):
    assist = ID["commitment/assist-victims"]
    assert graphs["idntimes-2023-05-15"].value(assist, TIP.modality) == ID["concept/modality/must"]  # "diharuskan"
    roots = ID["commitment/address-root-causes"]
    assert graphs["idntimes-2023-05-15"].value(roots, TIP.modality) == ID["concept/modality/must"]  # "harus"
    assert graphs["kaltengnetwork-2023-05"].value(roots, TIP.modality) == ID["concept/modality/agree"]  # "menyepakati"


def test_the_build_refuses_a_commitment_evidenced_only_inside_a_quotation(tmp_path):
    entry = ('[[commitment]]\nref = "assist-victims"\nquote = "Para pemimpin sepakat untuk melindungi masyarakat kita"\n'
             'verb = "sepakat untuk"\nmodality = "agree"\n\n[[statement]]\nid = "idntimes-need-implement-asean-instruments"')
    facts = _facts_with(tmp_path, "idntimes-2023-05-15", '[[statement]]\nid = "idntimes-need-implement-asean-instruments"', entry)
    facts_path = facts / "idntimes-2023-05-15.toml"
    text = facts_path.read_text(encoding="utf-8")
    # leave the Kao quotation as the commitment's only evidence in this report
    facts_path.write_text(text.replace('[[commitment]]\nref = "assist-victims"\nquote = "Negara ASEAN', '[[commitment]]\nref = "identify-victims"\nquote = "Negara ASEAN'), encoding="utf-8")
    with pytest.raises(BuildError, match="assist-victims: its only evidence lies inside someone's quotation"):
        report_graphs(facts)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('verb = "diharuskan"\nmodality = "must"', 'verb = "diharuskan"\nmodality = "recognise"', "commits to nothing"),
        ('verb = "diharuskan"\nmodality = "must"', 'verb = "segera merespons"\nmodality = "must"', "not a committing verb"),
        ('verb = "sepakat"\nmodality = "agree"', 'verb = "setuju"\nmodality = "agree"', "not in the quote nor before it"),
    ],
)
def test_the_build_refuses_a_commitment_without_its_committing_verb(tmp_path, old, new, message):
    with pytest.raises(BuildError, match=message):
        report_graphs(_facts_with(tmp_path, "idntimes-2023-05-15", old, new))


# --- 3. hedges and what is counted --------------------------------------------------

def test_suspected_victims_stay_suspected_and_online_scam_cases_are_not_trafficking_cases(union):
    freed = ID["observation/idntimes-caption-freed-in-myanmar"]
    assert union.value(freed, TIP.hedge) == Literal("diduga", lang="id")
    assert union.value(ID["country-role/myanmar--rescue-location"], TIP.hedge) == Literal("diduga", lang="id")
    variable = union.value(freed, SCHEMA.variableMeasured)
    assert Literal("Indonesian citizens suspected ('diduga') to be trafficking victims who were freed", lang="en") in set(union.objects(variable, RDFS.label))
    assert any("diduga" in str(label) for label in union.objects(variable, RDFS.label))
    rescued = union.value(ID["observation/idntimes-caption-rescued-in-cambodia"], SCHEMA.variableMeasured)
    assert "penyekapan" in " ".join(str(label) for label in union.objects(rescued, RDFS.label))  # held captive, not "trafficking victims"
    scam = union.value(ID["observation/kompas-online-scam-cases-three-years"], SCHEMA.variableMeasured)
    scam_labels = " ".join(str(label) for label in union.objects(scam, RDFS.label))
    assert "online scam" in scam_labels.lower() and "trafficking" not in scam_labels.lower() and "perdagangan" not in scam_labels


def test_the_build_refuses_a_hedged_figure_without_its_hedge(tmp_path):
    facts = _facts_with(tmp_path, "idntimes-2023-05-15", 'hedge = "diduga"\n', "")
    with pytest.raises(BuildError, match="the words hedge the fact \\('diduga'\\)"):
        report_graphs(facts)


# --- 4. who states a figure, whose data it is ---------------------------------------

def test_pemerintah_mencatat_makes_the_government_the_data_source(union):
    cases = ID["observation/tempo-online-fraud-cases-three-years"]
    assert union.value(cases, TIP.reportedBy) == ID["organization/tempo"]
    assert union.value(cases, TIP.dataSource) == ID["organization/government-of-indonesia"]
    repatriated = ID["observation/kompas-victims-repatriated-from-cambodia"]
    assert union.value(repatriated, TIP.dataSource) == ID["organization/kemenlu-ri"]  # "Berdasarkan data Kemenlu"


# --- 5. no precision the words do not give ------------------------------------------

def test_period_bounds_are_as_precise_as_their_words(union):
    kompas = [ID["observation/kompas-victims-repatriated-from-cambodia"], ID["observation/kompas-online-scam-cases-three-years"]]
    for node in kompas:  # no end taken from the publication date
        assert union.value(node, TIP.periodEnd) is None, node
    growth = ID["observation/tempo-cybercrime-cost-growth"]
    assert union.value(growth, TIP.periodEnd) == Literal("2025", datatype=XSD.gYear)  # "hingga 2025"
    assert union.value(growth, SCHEMA.observationAbout) is None  # "kejahatan dunia maya": cybercrime, no area
    since = ID["observation/tempo-tip-cases-since-may"]
    assert union.value(since, TIP.periodStart) == Literal("2023-05", datatype=XSD.gYearMonth)  # "sejak Mei"
    assert {"sejak Mei", "hingga 2025"} <= _evidence(union, since) | _evidence(union, growth)


def test_the_build_refuses_a_period_bound_without_words(tmp_path):
    facts = _facts_with(tmp_path, "tempo-2023-08", 'period_end = "2025"\nperiod_end_words = "hingga 2025"\n', 'period_end = 2025-12-31\n')
    with pytest.raises(BuildError, match="tempo-cybercrime-cost-growth: period_end 2025-12-31 has no words for it"):
        report_graphs(facts)


# --- 6. no facts carried over from another report -----------------------------------

def test_each_reports_facts_stand_on_its_own_words(graphs):
    antara, idn, kalteng = graphs["antara-relay-2023-05-15"], graphs["idntimes-2023-05-15"], graphs["kaltengnetwork-2023-05"]
    remarks = ID["event/kao-remarks-2023-05-15"]
    assert not any(antara.subjects(TIP.occasion, remarks))  # the Secretariat and the occasion are IDN Times' facts
    assert any(idn.subjects(TIP.occasion, remarks))
    identify = ID["commitment/identify-victims"]
    assert idn.value(identify, TIP.condition) is None and idn.value(identify, TIP.servesRight) is None
    assert kalteng.value(identify, TIP.condition) is not None  # "tunduk pada hukum domestik"
    assert "tunduk pada hukum domestik" in _evidence(kalteng, identify)


# --- 7. no relation no text states --------------------------------------------------

def test_no_instrument_is_part_of_another_without_words(union):
    assert not list(union.triples((None, DCTERMS.isPartOf, None)))
    tor = ID["instrument/actip-terms-of-reference"]
    assert union.value(tor, TIP.instrumentOf) == ID["instrument/actip"]  # "Kerangka Acuan Kerja (TOR) … (ACTIP)"
    adopts = [s for s in union.subjects(RDF.type, TIP.InstrumentRelation)
              if union.value(s, TIP.relationKind) == ID["concept/instrument-relation/adopts"]]
    assert not any(URIRef(ID["document/idntimes-2023-05-15"]) in set(union.objects(s, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))) for s in adopts)


# --- 9. facts the texts state ---------------------------------------------------------

def test_what_the_texts_state_is_in_the_graph(graphs):
    kompas, tempo = graphs["kompas-2023-05-11"], graphs["tempo-2023-08"]
    concerns = {s for s in kompas.subjects(TIP.statementKind, ID["concept/statement-kind/concern"])}
    assert len(concerns) == 2  # "sangat prihatin", "menyatakan keprihatinan"
    assert ID["statement/kompas-asean-underlines-cross-sectoral-cooperation"] in set(kompas.subjects(TIP.statementKind, ID["concept/statement-kind/emphasis"]))
    right = ID["affirmation/victims-right-to-protection"]
    assert Literal("sesuai dengan hukum internasional dan konvensi internasional yang relevan", lang="id") in set(kompas.objects(right, TIP.condition))
    steps = ID["quote/retno-concrete-steps"]
    assert tempo.value(steps, TIP.spokenAt) == ID["organization/asean-secretariat"]  # "di Sekretariat ASEAN"
    treaty = ID["instrument/asean-extradition-treaty"]
    assert Literal("sudah lama tertunda", lang="id") in set(tempo.objects(treaty, TIP.status))
    assert (ID["speech/indonesia-urges-comprehensive-approach"], TIP.speaker, ID["country/indonesia"]) in tempo


def test_dates_in_the_graph_are_all_typed_dates_or_periods(union):
    for s, p, o in union:
        if p in (TIP.periodStart, TIP.periodEnd):
            assert o.datatype in (XSD.date, XSD.gYear, XSD.gYearMonth), (s, o)
        elif isinstance(o, Literal) and o.datatype == XSD.date:
            dt.date.fromisoformat(str(o))


# --- pages show doubt, hedges and statements ------------------------------------------

@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/doc/observation/tempo-tip-cases-since-may", "Doubtful date"),
        ("/doc/quote/retno-concrete-steps", "Doubtful date"),
        ("/doc/observation/idntimes-caption-freed-in-myanmar", "Hedged: the report says “diduga”"),
        ("/doc/statement/kompas-asean-concern-trafficking-abuse-of-technology", "concern"),
    ],
)
def test_resource_pages_show_doubt_hedges_and_statements(app, path, shown):
    page = app.test_client().get(path, headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert shown in page.get_data(as_text=True)
    if "Doubtful" in shown:
        assert "/id/note/tempo-2023-08-weekday-322" in page.get_data(as_text=True) or "weekday" in page.get_data(as_text=True)
