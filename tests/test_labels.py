"""The wording of minted labels, in English and Indonesian, and the build's label checks."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS, SKOS

from tipkg import assets
from tipkg.errors import BuildError
from tipkg.graph import label_checks, labels
from tipkg.graph.build import build_dataset, ontology_graph, report_graphs
from tipkg.graph.dates import WeekdayDate
from tipkg.graph.report_graph import PROJECT_AGENT
from tipkg.namespaces import ID, SCHEMA, TIP

KAO = {"en": "Kao Kim Hourn", "id": "Kao Kim Hourn"}
SECRETARY_GENERAL = {"en": "Secretary-General of ASEAN", "id": "Sekretaris Jenderal ASEAN"}
INDONESIA = {"en": "Indonesia", "id": "Indonesia"}
LEADERS = {"en": "ASEAN leaders", "id": "Para pemimpin ASEAN"}
FACTS_DIR = Path(assets.fact_files()[0]).parent


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return ontology_graph()


@pytest.fixture(scope="module")
def reports():
    return report_graphs()


def _label(graph: Graph, node: URIRef, lang: str) -> str:
    return next(str(o) for o in graph.objects(node, RDFS.label) if o.language == lang)


# --- the templates ---------------------------------------------------------------

def test_a_report_is_named_by_its_headline_or_else_by_its_dateline():
    assert labels.report_by_headline("KTT ASEAN") == {"en": "News report: KTT ASEAN", "id": "Berita: KTT ASEAN"}
    assert labels.report_by_dateline({"en": "Antara", "id": "Antara"}, "Labuan Bajo", "2023-05") == {
        "en": "News report by Antara, Labuan Bajo, 2023-05",
        "id": "Berita Antara, Labuan Bajo, 2023-05",
    }
    assert labels.report_by_dateline(None, "Jakarta", "2023-05")["id"] == "Berita tanpa nama penerbit, Jakarta, 2023-05"


def test_fact_labels_use_each_languages_entity_and_concept_labels():
    assert labels.membership(KAO, SECRETARY_GENERAL) == {
        "en": "Kao Kim Hourn as Secretary-General of ASEAN",
        "id": "Kao Kim Hourn sebagai Sekretaris Jenderal ASEAN",
    }
    urges = {"en": "urges completion of", "id": "mendesak penyelesaian"}
    assert labels.relation(INDONESIA, urges, {"en": "ASEAN Extradition Treaty", "id": "Perjanjian Ekstradisi ASEAN"}) == {
        "en": "Indonesia urges completion of the ASEAN Extradition Treaty",
        "id": "Indonesia mendesak penyelesaian Perjanjian Ekstradisi ASEAN",
    }
    focus = {"en": "focus of cases", "id": "pusat kasus"}
    assert labels.country_role({"en": "Cambodia", "id": "Kamboja"}, focus) == {"en": "Cambodia: focus of cases", "id": "Kamboja: pusat kasus"}
    right = {"en": "right to protection", "id": "hak atas perlindungan"}
    assert labels.affirmation(right) == {"en": "Affirmation of a right of victims: right to protection", "id": "Penegasan hak korban: hak atas perlindungan"}
    kind = {"en": "disagreeing figures", "id": "angka tidak sama"}
    assert labels.note(kind) == {"en": "Data-quality note: disagreeing figures", "id": "Catatan mutu data: angka tidak sama"}


def test_an_english_verb_agrees_with_a_plural_subject():
    adopts = {"en": "adopts", "id": "mengadopsi"}
    declaration = {"en": "Declaration", "id": "Deklarasi"}
    assert labels.relation(LEADERS, adopts, declaration, plural=True)["en"] == "ASEAN leaders adopt the Declaration"
    assert labels.relation(KAO, adopts, declaration)["en"] == "Kao Kim Hourn adopts the Declaration"
    assert [labels.verb_for(v, True) for v in ("reaffirms support for", "welcomes adoption of", "urges", "cites", "pushes", "carries")] == [
        "reaffirm support for", "welcome adoption of", "urge", "cite", "push", "carry",
    ]


def test_an_observation_label_writes_the_figure_and_its_unit_the_way_each_language_does():
    cases = {"en": "Cases", "id": "Kasus"}
    case = {"en": "case", "id": "kasus"}
    words = labels.unit_words("case", case, Decimal("2.5"))
    assert labels.observation(cases, INDONESIA, Decimal("2.5"), "2,5", False, words) == {
        "en": "Cases: 2.5 cases (Indonesia)", "id": "Kasus: 2,5 kasus (Indonesia)",
    }
    assert labels.unit_words("case", case, Decimal(1)) == {"en": "case", "id": "kasus"}
    growth = labels.observation({"en": "Growth", "id": "Pertumbuhan"}, {"en": "World", "id": "Dunia"}, Decimal(15), "15", False,
                                labels.unit_words("percent", {"en": "percent", "id": "persen"}, Decimal(15)))
    assert growth == {"en": "Growth: 15 % (World)", "id": "Pertumbuhan: 15 % (Dunia)"}
    about = labels.observation(cases, INDONESIA, Decimal(1841), "1.841", True, labels.unit_words("case", case, Decimal(1841)))
    assert about == {"en": "Cases: about 1,841 cases (Indonesia)", "id": "Kasus: sekitar 1.841 kasus (Indonesia)"}


def test_a_quote_label_shows_the_indonesian_words_and_in_english_our_marked_translation():
    short = labels.quote(KAO, "Kita harus bersatu", "We must unite")
    assert short == {"en": "Kao Kim Hourn: “We must unite” (our translation)", "id": "Kao Kim Hourn: “Kita harus bersatu”"}
    long = "kata " * 20
    cut = labels.quote(KAO, long, "word " * 20)["id"].removeprefix("Kao Kim Hourn: “").removesuffix("”")
    assert len(cut) <= labels.QUOTE_CHARS and cut.endswith("…") and long.startswith(cut[:-1])
    assert labels.quote(KAO, "Kita harus bersatu", None)["en"] == "Kao Kim Hourn: “Kita harus bersatu”"


def test_a_wrong_weekday_is_explained_in_both_languages():
    found = WeekdayDate(0, 22, "Selasa", dt.date(2023, 8, 4), True)
    comment = labels.weekday_comment("Selasa, 4 Agustus 2023", found)
    assert comment["en"] == "The text dates this 'Selasa, 4 Agustus 2023', but 2023-08-04 was a Friday (Jumat), not a Tuesday (Selasa)."
    assert comment["id"] == "Teks menulis 'Selasa, 4 Agustus 2023', padahal 2023-08-04 jatuh pada hari Jumat, bukan Selasa."


# --- the labels the build writes -------------------------------------------------

def test_the_shipped_graphs_and_ontology_pass_every_label_check(reports, ontology):
    assert len(reports) == 5
    assert label_checks.label_problems(reports, ontology, PROJECT_AGENT) == []


def test_the_built_labels_read_right_in_both_languages(reports):
    graphs = {r.slug: r.graph for r in reports}
    antara, tempo = graphs["antara-relay-2023-05-15"], graphs["tempo-2023-08"]
    focus = ID["country-role/cambodia--focus-of-cases"]
    assert _label(antara, focus, "id") == "Kamboja: pusat kasus"
    assert _label(antara, focus, "en") == "Cambodia: focus of cases"
    adopts = ID["relation/asean-leaders--adopts--asean-declaration-tip-abuse-of-technology"]
    assert _label(tempo, adopts, "en").startswith("ASEAN leaders adopt the ASEAN Leaders' Declaration")
    assert _label(tempo, adopts, "id").startswith("Para pemimpin ASEAN mengadopsi Deklarasi")
    growth = ID["observation/tempo-cybercrime-cost-growth"]
    # "kejahatan dunia maya" is cybercrime: the words name no area (issue 8), so none is given
    assert _label(tempo, growth, "en").endswith(": 15 % (area not stated)")
    assert _label(tempo, growth, "id").endswith(": 15 % (wilayah tidak disebutkan)")
    note = ID["note/tempo-online-fraud-figures-disagree"]
    assert _label(tempo, note, "id") == "Catatan mutu data: angka tidak sama"
    notations = {str(n) for r in reports for n in r.graph.objects(None, SKOS.notation)} | {"disagreeing-figures", "focus-of-cases"}
    for report in reports:
        for literal in report.graph.objects(None, RDFS.label):
            if literal.language == "id":
                assert not any(n in str(literal) for n in notations if "-" in n), literal


def test_every_quote_has_the_projects_english_translation(reports):
    quotes = [(r.graph, q) for r in reports for q in set(r.graph.subjects(RDF.type, TIP.Quote))]
    assert len(quotes) >= 10
    for graph, quote in quotes:
        (translation,) = graph.objects(quote, TIP.translation)
        words = str(graph.value(quote, SCHEMA.text))
        assert translation.language == "en" and str(translation) != words
        assert (quote, TIP.translatedBy, PROJECT_AGENT) in graph
        english = _label(graph, quote, "en")
        assert english.endswith("(our translation)") and labels.shorten(words) not in english
        assert labels.shorten(words) in _label(graph, quote, "id")
    kompas = next(r.graph for r in reports if r.slug == "kompas-2023-05-11")
    translation = str(kompas.value(ID["quote/chairmans-statement-victims-fundamental-right"], TIP.translation))
    assert translation.startswith("We emphasise that victims of human trafficking have a fundamental right to be protected")


# --- each check fails on what it is for ------------------------------------------

def test_english_words_and_slugs_in_an_indonesian_label_are_found(ontology):
    vocabulary = label_checks.english_vocabulary(ontology)
    find = label_checks.english_in_indonesian
    assert find("Catatan kualitas data: disagreeing-figures", vocabulary, frozenset()) == ["disagreeing-figures"]
    assert find("Kamboja: focus of cases", vocabulary, frozenset()) == ["focus", "of", "cases"]
    assert find("Indonesia — urges completion of — perjanjian", vocabulary, frozenset()) == ["urges", "completion", "of"]
    # Indonesian words, acronyms, reduplications, quoted words and the source's own words are not English
    assert find("Para pemimpin ASEAN mengadopsi Kerangka Acuan Kerja (TOR) negara-negara politik-keamanan data", vocabulary, frozenset()) == []
    assert find("1.841 kasus 'online scam' dalam 3 tahun", vocabulary, frozenset()) == []
    assert find("Jum'at, focus of cases 'x'", vocabulary, frozenset()) == ["focus", "of", "cases"]
    assert find("penipuan online", vocabulary, frozenset()) == ["online"]
    assert find("penipuan online", vocabulary, frozenset({"online"})) == []


def test_the_slug_of_an_iri_in_an_indonesian_label_is_found(ontology):
    graph = Graph()
    node = ID["country-role/indonesia--asean-chair"]
    graph.add((node, TIP.role, ID["concept/country-role/asean-chair"]))
    graph.add((node, RDFS.label, Literal("Indonesia: asean-chair", lang="id")))
    graph.add((node, SCHEMA.text, Literal("asean-chair", lang="id")))  # the report's words are not checked
    problems = label_checks.indonesian_problems("test", graph, label_checks.english_vocabulary(ontology), frozenset())
    assert problems == [f'test: <{node}> rdfs:label "Indonesia: asean-chair"@id has English words or slugs: asean-chair']


def test_an_indonesian_label_with_english_fails_the_build(tmp_path):
    facts = tmp_path / "facts"
    shutil.copytree(FACTS_DIR, facts, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    kompas = facts / "kompas-2023-05-11.toml"
    text = kompas.read_text(encoding="utf-8")
    old = 'id = "tidak disebutkan"'
    assert old in text
    kompas.write_text(text.replace(old, 'id = "cumulative hingga Mei 2023 (period not stated)"'), encoding="utf-8")
    with pytest.raises(BuildError, match=r"kompas-2023-05-11: .*tip:periodLabel .* has English words or slugs: period, not, stated"):
        build_dataset(tmp_path / "out", facts_dir=facts)


def test_a_label_template_that_does_not_agree_in_number_fails_the_check(monkeypatch, ontology):
    monkeypatch.setattr(labels, "verb_for", lambda phrase, plural: phrase)  # the old template: "ASEAN leaders adopts"
    problems = label_checks.label_problems(report_graphs(), ontology, PROJECT_AGENT)
    assert any("plural subject 'ASEAN leaders' with singular verb 'adopts'" in p for p in problems), problems
    assert any("'reaffirms'" in p for p in problems)
    with pytest.raises(BuildError, match="singular verb"):
        label_checks.check_labels(report_graphs(), ontology, PROJECT_AGENT)


def test_a_singular_subject_with_a_plural_verb_is_found(ontology):
    graph = Graph()
    person, relation = ID["person/x"], ID["relation/x"]
    graph.add((person, RDFS.label, Literal("Retno Marsudi", lang="en")))
    graph.add((relation, RDFS.label, Literal("Retno Marsudi urge completion of the treaty", lang="en")))
    group = ID["group/x"]
    graph.add((group, RDF.type, FOAF.Group))
    graph.add((group, RDFS.label, Literal("ASEAN leaders", lang="en")))
    graph.add((ID["statement/x"], RDFS.label, Literal("The ASEAN leaders recognises the need", lang="en")))
    problems = label_checks.agreement_problems("test", graph, label_checks.verb_forms(ontology))
    assert len(problems) == 2
    assert "relation/x> \"Retno Marsudi urge completion of the treaty\"@en: singular subject 'Retno Marsudi' with plural verb 'urge'" in problems[0]
    assert "plural subject 'ASEAN leaders' with singular verb 'recognises'" in problems[1]


def test_an_observation_label_without_its_unit_fails_the_check(monkeypatch, ontology):
    old = labels.observation

    def without_unit(variable, area, number, stated, approximate, unit):
        return old(variable, area, number, stated, approximate, {"en": "", "id": ""})

    monkeypatch.setattr(labels, "observation", without_unit)  # the old template: "15 (World)"
    problems = label_checks.label_problems(report_graphs(), ontology, PROJECT_AGENT)
    assert any("tempo-cybercrime-cost-growth" in p and "'15 %'" in p for p in problems), problems
    assert any("'1.138 orang'" in p for p in problems)


def test_a_quote_without_an_english_translation_fails_the_build(tmp_path):
    facts = tmp_path / "facts"
    shutil.copytree(FACTS_DIR, facts, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    tempo = facts / "tempo-2023-08.toml"
    text = tempo.read_text(encoding="utf-8")
    old = 'translation = "Concrete steps must be taken"\n'
    assert old in text
    tempo.write_text(text.replace(old, ""), encoding="utf-8")
    with pytest.raises(BuildError) as failed:
        build_dataset(tmp_path / "out", facts_dir=facts)
    message = str(failed.value)
    assert "quote/retno-concrete-steps> has 0 English translations" in message
    assert "retno-concrete-steps> does not say the translation is the project's" in message
    assert "retno-concrete-steps> has the Indonesian words as its English label" in message


def test_reported_speech_needs_an_english_label_of_its_own():
    graph = Graph()
    speech = ID["speech/x"]
    graph.add((speech, RDF.type, TIP.ReportedSpeech))
    graph.add((speech, SCHEMA.text, Literal("Retno menegaskan", lang="id")))
    graph.add((speech, RDFS.label, Literal("Retno menegaskan", lang="en")))
    assert label_checks.translation_problems("test", graph, PROJECT_AGENT) == ["test: reported speech <https://w3id.org/asean-tip/id/speech/x> has no English label of its own"]


def test_a_label_in_one_language_only_fails_the_check(reports):
    graph = Graph()
    graph += reports[0].graph
    node = next(iter(graph.subjects(RDF.type, TIP.Quote)))
    graph.remove((node, RDFS.label, next(o for o in graph.objects(node, RDFS.label) if o.language == "id")))
    assert label_checks.bilingual_problems("x", graph) == [f"x: <{node}> has no rdfs:label in id"]


def test_a_definition_in_one_language_only_fails_the_check(ontology):
    assert sum(1 for _ in ontology.subjects(RDF.type, SKOS.Concept)) >= 63
    broken = Graph()
    broken += ontology
    person = ID["concept/unit/person"]
    broken.remove((person, SKOS.definition, next(o for o in broken.objects(person, SKOS.definition) if o.language == "id")))
    term = TIP.translation
    broken.remove((term, SKOS.definition, next(o for o in broken.objects(term, SKOS.definition) if o.language == "en")))
    scheme = ID["scheme/unit"]
    broken.remove((scheme, SKOS.editorialNote, None))
    problems = label_checks.definition_problems(broken)
    assert problems == [
        f"ontology: <{person}> skos:definition in en, not in both en and id",
        f"ontology: <{term}> skos:definition in id, not in both en and id",
        f"ontology: scheme <{scheme}> has no skos:editorialNote in both en and id saying whose translations its definitions are",
    ]
    with pytest.raises(BuildError, match="unit/person> skos:definition in en"):
        label_checks.check_labels([], broken, PROJECT_AGENT)


def test_every_concept_is_defined_in_english_and_indonesian(ontology):
    concepts = set(ontology.subjects(RDF.type, SKOS.Concept))
    for concept in concepts:
        assert {o.language for o in ontology.objects(concept, SKOS.definition)} == {"en", "id"}, concept
