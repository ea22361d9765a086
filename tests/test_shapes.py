"""Each shape of shapes/shapes.ttl rejects a small broken example, and the valid example conforms.

The broken examples are the valid example (tests/resources/shapes/valid.ttl) changed one
way each; the report must name the right focus node and constraint component.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from tipkg.namespaces import SH, TIPSH
from tipkg.shacl.validator import default_validator

VALID = Path(__file__).resolve().parent / "resources" / "shapes" / "valid.ttl"
ID = "https://w3id.org/asean-tip/id/"
PREFIXES = """
PREFIX tip: <https://w3id.org/asean-tip/ontology#>
PREFIX id: <https://w3id.org/asean-tip/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX schema: <https://schema.org/>
"""
DOC = ID + "document/test-2023-05-11"
ANN = ID + "annotation/test-2023-05-11/14-41"
CONCEPT = ID + "concept/"


def _valid() -> Graph:
    from tipkg.shacl.validator import read_rdf_file

    graph = Graph()
    for s, p, o, _ in read_rdf_file(VALID).quads():
        graph.add((s, p, o))
    return graph


def _set(node: str, prop: str, value: str) -> str:
    """Replace every value of ``prop`` on ``node`` with ``value`` (SPARQL Update)."""
    return f"DELETE {{ <{node}> {prop} ?o }} INSERT {{ <{node}> {prop} {value} }} WHERE {{ OPTIONAL {{ <{node}> {prop} ?o }} }}"


def _drop(node: str, prop: str) -> str:
    return f"DELETE WHERE {{ <{node}> {prop} ?o }}"


def _add(turtle_triples: str) -> str:
    return f"INSERT DATA {{ {turtle_triples} }}"


# (shape, case name, update, focus node, constraint component)
CASES = [
    ("NewsReportShape", "sha256-not-hex", _set(DOC, "tip:sha256", '"XYZ"'), DOC, "Pattern"),
    ("NewsReportShape", "no-dateline", _drop(DOC, "tip:dateline"), DOC, "MinCount"),
    ("NewsReportShape", "language-fr", _set(DOC, "schema:inLanguage", '"fr"'), DOC, "In"),
    ("NewsReportShape", "date-not-date", _set(DOC, "schema:datePublished", '"11 Mei 2023"'), DOC, "Datatype"),
    ("NewsReportShape", "label-fr", _add(f'<{DOC}> rdfs:label "Rapport"@fr .'), DOC, "LanguageIn"),
    ("NewsReportShape", "topic-outside-scheme", _add(f"<{DOC}> schema:about <{CONCEPT}unit/person> ."), DOC, "In"),
    ("NewsReportShape", "iri-kind", _add(f"<{ID}report/x> a tip:NewsReport ."), ID + "report/x", "Pattern"),
    ("AnnotationShape", "motivation", _set(ANN, "oa:motivatedBy", "oa:commenting"), ANN, "In"),
    ("AnnotationShape", "no-target", _drop(ANN, "oa:hasTarget"), ANN, "MinCount"),
    ("SpecificResourceShape", "no-position", f"DELETE DATA {{ <{ANN}/target> oa:hasSelector <{ANN}/position> }}", ANN + "/target", "QualifiedMinCount"),
    ("TextPositionSelectorShape", "exact-length", _set(ANN + "/position", "oa:end", '"40"^^xsd:nonNegativeInteger'), ANN + "/position", "SPARQL"),
    ("SpecificResourceShape", "source-not-report", _set(ANN + "/target", "oa:hasSource", f"<{ID}document/unknown>"), ANN + "/target", "Class"),
    ("TextQuoteSelectorShape", "exact-tagged", _set(ANN + "/quote", "oa:exact", '"Para pemimpin ASEAN sepakat"@id'), ANN + "/quote", "Datatype"),
    ("TextQuoteSelectorShape", "long-prefix", _set(ANN + "/quote", "oa:prefix", '"' + "x" * 33 + '"'), ANN + "/quote", "MaxLength"),
    ("TextPositionSelectorShape", "start-after-end", _set(ANN + "/position", "oa:start", '"50"^^xsd:nonNegativeInteger'), ANN + "/position", "LessThan"),
    ("TextPositionSelectorShape", "negative-start", _set(ANN + "/position", "oa:start", '"-1"^^xsd:integer'), ANN + "/position", "Datatype"),
    ("AnnotationShape", "body-missing", f"DELETE DATA {{ <{ANN}> oa:hasBody <{ID}group/asean-leaders> }}", ANN, "Equals"),
    ("AnnotationShape", "body-without-backlink", f"DELETE DATA {{ <{ID}group/asean-leaders> tip:evidence <{ANN}> }}", ANN, "Equals"),
    ("EvidencedShape", "derived-from-other-report", _add(f"<{ID}membership/test-member> prov:wasDerivedFrom <{ID}document/other> ."), ID + "membership/test-member", "Equals"),
    ("EvidencedShape", "not-derived", _drop(ID + "group/asean-leaders", "prov:wasDerivedFrom"), ID + "group/asean-leaders", "MinCount"),
    ("InstrumentShape", "one-label", f'DELETE DATA {{ <{ID}instrument/test-declaration> rdfs:label "Deklarasi Uji"@id }}', ID + "instrument/test-declaration", "MinCount"),
    ("InstrumentShape", "adopted-at-place", _set(ID + "instrument/test-declaration", "tip:adoptedAt", f"<{ID}place/labuan-bajo>"), ID + "instrument/test-declaration", "Pattern"),
    ("MeetingShape", "ordinal-zero", _set(ID + "event/42nd-asean-summit", "tip:ordinal", '"0"^^xsd:positiveInteger'), ID + "event/42nd-asean-summit", "MinInclusive"),
    ("MeetingShape", "ends-before-start", _set(ID + "event/42nd-asean-summit", "schema:endDate", '"2023-05-01"^^xsd:date'), ID + "event/42nd-asean-summit", "LessThanOrEquals"),
    ("PersonShape", "sameas-not-wikidata", _add(f"<{ID}person/kao-kim-hourn> schema:sameAs <https://example.org/kao> ."), ID + "person/kao-kim-hourn", "Pattern"),
    ("PersonShape", "no-label", _drop(ID + "person/kao-kim-hourn", "rdfs:label"), ID + "person/kao-kim-hourn", "MinCount"),
    ("OrganizationShape", "two-english-labels", _add(f'<{ID}organization/asean> rdfs:label "A.S.E.A.N."@en .'), ID + "organization/asean", "UniqueLang"),
    ("GroupShape", "iri-kind", _add(f'<{ID}people/x> a foaf:Group ; rdfs:label "x"@en .'), ID + "people/x", "Pattern"),
    ("CountryShape", "no-label", _drop(ID + "country/indonesia", "rdfs:label"), ID + "country/indonesia", "MinCount"),
    ("PlaceShape", "contained-in-org", _set(ID + "place/labuan-bajo", "schema:containedInPlace", f"<{ID}organization/asean>"), ID + "place/labuan-bajo", "Pattern"),
    ("PostShape", "held-by-org", _set(ID + "post/asean-secretary-general", "org:heldBy", f"<{ID}organization/asean>"), ID + "post/asean-secretary-general", "Pattern"),
    ("MembershipShape", "no-organization", _drop(ID + "membership/test-member", "org:organization"), ID + "membership/test-member", "MinCount"),
    ("MembershipShape", "no-evidence", _drop(ID + "membership/test-member", "tip:evidence"), ID + "membership/test-member", "MinCount"),
    ("CommitmentShape", "action-outside-scheme", _set(ID + "commitment/strengthen-cooperation", "tip:action", f"<{CONCEPT}modality/agree>"), ID + "commitment/strengthen-cooperation", "In"),
    ("CommitmentShape", "modality-commits-to-nothing", _set(ID + "commitment/strengthen-cooperation", "tip:modality", f"<{CONCEPT}modality/recognise>"), ID + "commitment/strengthen-cooperation", "In"),
    ("CommitmentShape", "no-evidence", _drop(ID + "commitment/strengthen-cooperation", "tip:evidence"), ID + "commitment/strengthen-cooperation", "MinCount"),
    ("RightAffirmationShape", "right-outside-scheme", _set(ID + "affirmation/test-protection", "tip:right", f"<{CONCEPT}unit/case>"), ID + "affirmation/test-protection", "In"),
    ("InstrumentRelationShape", "no-kind", _drop(ID + "relation/test-adopts", "tip:relationKind"), ID + "relation/test-adopts", "MinCount"),
    ("CountryRoleShape", "country-is-place", _set(ID + "country-role/test-host", "tip:country", f"<{ID}place/labuan-bajo>"), ID + "country-role/test-host", "Pattern"),
    ("StatisticalObservationShape", "ill-typed-value", _set(ID + "observation/test-victims", "schema:value", '"abc"^^xsd:integer'), ID + "observation/test-victims", "Or"),
    ("StatisticalObservationShape", "string-value", _set(ID + "observation/test-victims", "schema:value", '"1138"'), ID + "observation/test-victims", "Or"),
    ("StatisticalObservationShape", "approximate-not-boolean", _set(ID + "observation/test-victims", "tip:isApproximate", '"yes"'), ID + "observation/test-victims", "Datatype"),
    ("StatisticalObservationShape", "no-approximate", _drop(ID + "observation/test-victims", "tip:isApproximate"), ID + "observation/test-victims", "MinCount"),
    ("StatisticalObservationShape", "unit-outside-scheme", _set(ID + "observation/test-victims", "tip:unit", f"<{CONCEPT}unit/people>"), ID + "observation/test-victims", "In"),
    ("StatisticalObservationShape", "period-untagged", _set(ID + "observation/test-victims", "tip:periodLabel", '"2020-2023"'), ID + "observation/test-victims", "Datatype"),
    ("StatisticalObservationShape", "about-a-person", _set(ID + "observation/test-victims", "schema:observationAbout", f"<{ID}person/kao-kim-hourn>"), ID + "observation/test-victims", "Pattern"),
    ("StatisticalObservationShape", "period-end-not-a-date", _set(ID + "observation/test-victims", "tip:periodEnd", '"end of 2025"'), ID + "observation/test-victims", "Or"),
    ("PeriodOrderShape", "start-after-end", _set(ID + "observation/test-victims", "tip:periodStart", '"2024"^^xsd:gYear'), ID + "observation/test-victims", "SPARQL"),
    ("DoubtShape", "doubt-without-note", _add(f"<{ID}observation/test-victims> tip:dateIsDoubtful true ."), ID + "observation/test-victims", "MinCount"),
    ("HedgeShape", "hedge-untagged", _add(f'<{ID}observation/test-victims> tip:hedge "diduga" .'), ID + "observation/test-victims", "Datatype"),
    ("StatementShape", "kind-outside-scheme", _add(f'<{ID}statement/test> a tip:Statement ; rdfs:label "A test"@en , "Uji"@id ; tip:statementKind <{CONCEPT}topic/terrorism> .'), ID + "statement/test", "Pattern"),
    ("StatementShape", "no-evidence", _add(f'<{ID}statement/test> a tip:Statement ; rdfs:label "A test"@en , "Uji"@id ; tip:statementKind <{CONCEPT}statement-kind/concern> .'), ID + "statement/test", "MinCount"),
    ("StatisticalVariableShape", "no-label", _drop(ID + "variable/test-victims", "rdfs:label"), ID + "variable/test-victims", "MinCount"),
    ("QuoteShape", "iri-kind", _add(f"<{ID}words/x> a tip:Quote ."), ID + "words/x", "Pattern"),
    ("QuoteShape", "no-translation", _drop(ID + "quote/test-quote", "tip:translation"), ID + "quote/test-quote", "MinCount"),
    ("QuoteShape", "translation-not-english", _set(ID + "quote/test-quote", "tip:translation", '"Para pemimpin ASEAN sepakat"@id'), ID + "quote/test-quote", "LanguageIn"),
    ("QuoteShape", "translator-not-the-project", _set(ID + "quote/test-quote", "tip:translatedBy", f"<{ID}person/kao-kim-hourn>"), ID + "quote/test-quote", "HasValue"),
    ("SpeechPartsShape", "quote-text-untagged", _set(ID + "quote/test-quote", "schema:text", '"Para pemimpin ASEAN sepakat"'), ID + "quote/test-quote", "Datatype"),
    ("SpeechPartsShape", "speech-no-speaker", _drop(ID + "speech/test-speech", "tip:speaker"), ID + "speech/test-speech", "MinCount"),
    ("ReportedSpeechShape", "iri-kind", _add(f"<{ID}said/x> a tip:ReportedSpeech ."), ID + "said/x", "Pattern"),
    ("DataQualityNoteShape", "comment-only-indonesian", f'DELETE DATA {{ <{ID}note/test-note> rdfs:comment "A test note."@en }}', ID + "note/test-note", "QualifiedMinCount"),
    ("DataQualityNoteShape", "kind-outside-scheme", _set(ID + "note/test-note", "tip:issueKind", f"<{CONCEPT}topic/terrorism>"), ID + "note/test-note", "In"),
    ("ConceptSchemeShape", "no-top-concept", _drop(ID + "scheme/unit", "skos:hasTopConcept"), ID + "scheme/unit", "MinCount"),
    ("ConceptShape", "no-definition", _drop(CONCEPT + "unit/person", "skos:definition"), CONCEPT + "unit/person", "QualifiedMinCount"),
]


@pytest.fixture(scope="module")
def valid() -> Graph:
    return _valid()


def test_valid_example_conforms(valid):
    report = default_validator().validate(valid)
    assert report.conforms, report.text
    assert len(valid) > 150


def test_every_shape_has_a_case():
    """Each node shape of shapes.ttl is exercised by at least one broken example."""
    shapes = default_validator().shapes
    node_shapes = {str(s) for s in shapes.subjects(None, SH.NodeShape) if str(s).startswith(str(TIPSH))}
    assert node_shapes
    assert node_shapes - {str(TIPSH[case[0]]) for case in CASES} == set()


@pytest.mark.parametrize(("shape", "case", "update", "focus", "component"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_shape_rejects(valid, shape, case, update, focus, component):
    broken = Graph()
    for triple in valid:
        broken.add(triple)
    broken.update(PREFIXES + update)
    assert len(broken ^ valid) > 0, "the update changed nothing"
    report = default_validator().validate(broken)
    assert not report.conforms
    found = {(r["focus_node"], r["constraint_component"]) for r in report.results}
    assert (focus, f"http://www.w3.org/ns/shacl#{component}ConstraintComponent") in found, report.text
    assert all(r["message"] for r in report.results)
