"""The SHACL gate: reports, inference, context, files, determinism, no mutation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from tipkg.errors import DataSyntaxError
from tipkg.namespaces import SH, TIP
from tipkg.shacl.validator import (
    RESULT_KEYS,
    Report,
    Validator,
    default_validator,
    read_rdf_file,
    validate_files,
)

RESOURCES = Path(__file__).resolve().parent / "resources" / "shapes"
VALID = RESOURCES / "valid.ttl"
CUSTOM = RESOURCES / "meeting-label.ttl"
SUMMIT = URIRef("https://w3id.org/asean-tip/id/event/x-summit")
EX = "http://example.org/"


def _custom() -> Validator:
    return Validator(Graph().parse(CUSTOM, format="turtle"))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file_conforms():
    report = validate_files([VALID])
    assert isinstance(report, Report)
    assert report.conforms
    assert report.results == []
    assert (None, SH.conforms, Literal(True)) in report.graph


def test_broken_file_reports_flat_results(tmp_path):
    path = _write(tmp_path, "obs.ttl", """
        @prefix tip: <https://w3id.org/asean-tip/ontology#> . @prefix schema: <https://schema.org/> .
        <https://w3id.org/asean-tip/id/observation/x> a tip:StatisticalObservation ;
            schema:value "abc"^^<http://www.w3.org/2001/XMLSchema#integer> .""")
    report = validate_files([path])
    assert not report.conforms
    assert all(set(r) == set(RESULT_KEYS) for r in report.results)
    (value,) = [r for r in report.results if r["path"] == "https://schema.org/value"]
    assert value["value"] == '"abc"^^<http://www.w3.org/2001/XMLSchema#integer>'  # stayed ill-typed
    assert value["constraint_component"] == str(SH.OrConstraintComponent)
    assert value["severity"] == "Violation"
    assert value["message"].startswith("schema:value")


def test_lexical_forms_are_kept(tmp_path):
    """"01"^^xsd:integer must stay "01" (rdflib would normalise it to "1")."""
    shapes = _write(tmp_path, "s.ttl", """
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:pattern "^0" ] .""")
    data = _write(tmp_path, "d.ttl", '<http://example.org/a> <http://example.org/p> "01"^^<http://www.w3.org/2001/XMLSchema#integer> .')
    assert validate_files([data], shapes=[shapes]).conforms
    data.write_text('<http://example.org/a> <http://example.org/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .', encoding="utf-8")
    assert not validate_files([data], shapes=[shapes]).conforms


def test_unreadable_files_raise_data_syntax_error(tmp_path):
    with pytest.raises(DataSyntaxError, match="line 1"):
        validate_files([_write(tmp_path, "bad.ttl", "<http://a> <http://b> .\n")])
    with pytest.raises(DataSyntaxError, match="cannot read"):
        validate_files([tmp_path / "missing.ttl"])
    with pytest.raises(DataSyntaxError, match="extension"):
        validate_files([_write(tmp_path, "data.xyz", "")])
    assert DataSyntaxError.exit_code == 2


def test_named_graphs_are_validated_as_a_union(tmp_path):
    trig = _write(tmp_path, "d.trig", f"""
        @prefix tip: <https://w3id.org/asean-tip/ontology#> .
        <{EX}g1> {{ <{SUMMIT}> a tip:Meeting . }}
        <{EX}g2> {{ <{SUMMIT}> <http://www.w3.org/2000/01/rdf-schema#label> "X"@en . }}""")
    assert validate_files([trig], shapes=[CUSTOM]).conforms
    assert read_rdf_file(trig).graph(URIRef(EX + "g1"))  # named graphs kept by the reader


def test_inference_expands_a_copy():
    data = Graph()
    data.add((SUMMIT, RDF.type, TIP.Summit))
    before = set(data)
    validator = _custom()
    assert validator.validate(data).conforms  # no rdfs:subClassOf in the data: not targeted
    for mode in ("rdfs", "owlrl"):
        report = validator.validate(data, inference=mode, return_inferred=True)
        assert not report.conforms, mode
        assert report.results[0]["focus_node"] == str(SUMMIT)
        assert (SUMMIT, RDF.type, TIP.Meeting) in report.inferred
        assert (SUMMIT, OWL.sameAs, SUMMIT) not in report.inferred  # tautology dropped
        assert not any(s == o and p == OWL.sameAs for s, p, o in report.inferred)
    assert set(data) == before
    assert validator.validate(data, inference="none").inferred is None
    with pytest.raises(ValueError):
        validator.validate(data, inference="pellet")


def test_owlrl_inconsistency_is_a_result():
    data = Graph()
    a, b = URIRef(EX + "a"), URIRef(EX + "b")
    data.add((a, OWL.sameAs, b))
    data.add((a, OWL.differentFrom, b))
    report = _custom().validate(data, inference="owlrl")
    assert not report.conforms
    assert any("OWL RL inconsistency" in (r["message"] or "") for r in report.results)


def test_context_resolves_references_and_is_not_mutated():
    data = Graph()
    data.add((URIRef(EX + "s"), URIRef(EX + "cites"), URIRef(EX + "t")))
    context = Graph()
    context.add((URIRef(EX + "t"), RDF.type, URIRef(EX + "Thing")))
    validator = _custom()
    assert not validator.validate(data).conforms
    assert validator.validate(data, context=context).conforms
    assert len(context) == 1 and len(data) == 1


def test_dataset_input_is_not_mutated():
    ds = Dataset()
    ds.graph(URIRef(EX + "g")).add((SUMMIT, RDF.type, TIP.Meeting))
    before = sorted(ds.quads())
    report = _custom().validate(ds, inference="owlrl")
    assert not report.conforms
    assert sorted(ds.quads()) == before
    assert ds.default_union is False


def test_render_is_deterministic():
    data = Graph().parse(VALID, format="turtle")
    data.remove((None, TIP.unit, None))
    data.remove((None, TIP.isApproximate, None))
    first, second = default_validator().validate(data), Validator().validate(data)
    for fmt in ("text", "turtle", "json"):
        assert first.render(fmt) == second.render(fmt)
    body = json.loads(first.render("json"))
    assert body["conforms"] is False and len(body["results"]) == 2
    assert "Conforms: False" in first.render("text")
    assert list(Graph().parse(data=first.render("turtle"), format="turtle").objects(None, SH.conforms)) == [Literal(False)]
    with pytest.raises(ValueError):
        first.render("yaml")


def test_default_validator_is_cached():
    assert default_validator() is default_validator()


def test_sparql_constraints_of_any_shapes(tmp_path):
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ;
            sh:sparql [ a sh:SPARQLConstraint ; sh:message "too big" ;
                sh:select "SELECT $this ?value WHERE { $this <http://example.org/p> ?value . FILTER (?value > 3) }" ] .""", format="turtle")
    data = Graph().parse(data="<http://example.org/a> <http://example.org/p> 5 . <http://example.org/b> <http://example.org/p> 2 .", format="turtle")
    report = Validator(shapes).validate(data)
    assert [r["focus_node"] for r in report.results] == [EX + "a"]
    assert report.results[0]["constraint_component"] == str(SH.SPARQLConstraintComponent)


def test_owl_imports_in_shapes_are_not_followed(tmp_path):
    """An owl:imports pointing at a file with a shape is ignored (nothing is loaded)."""
    other = _write(tmp_path, "other.ttl", """
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <http://example.org/S> a sh:NodeShape ; sh:targetNode <http://example.org/a> ; sh:property [ sh:path <http://example.org/q> ; sh:minCount 1 ] .""")
    shapes = Graph().parse(data=f"<http://example.org/shapes> a <http://www.w3.org/2002/07/owl#Ontology> ; <http://www.w3.org/2002/07/owl#imports> <{other.as_uri()}> .", format="turtle")
    data = Graph().parse(data="<http://example.org/a> <http://example.org/p> 1 .", format="turtle")
    assert Validator(shapes).validate(data).conforms


def test_rdfs_inference_keeps_language_tags_and_datatypes():
    # owlrl's RDFS rules copy triples onto literals of equal Python value: "x"@en → "x",
    # true → 1. The project's ontology has skos:notation "extradition" next to
    # skos:prefLabel "extradition"@en, which then failed ConceptShape under rdfs only.
    data = Graph().parse(data=f"<{EX}p> a <http://xmlns.com/foaf/0.1/Person> ; <{EX}ok> true ; <{EX}n> 1 .", format="turtle")
    reports = {mode: default_validator().validate(data, inference=mode, return_inferred=True) for mode in ("none", "rdfs", "owlrl")}
    counts = {m: len(r.results) for m, r in reports.items()}
    assert counts["none"] >= 1 and counts["rdfs"] == counts["owlrl"] == counts["none"], counts
    inferred = reports["rdfs"].inferred
    assert not [o for o in inferred.objects(None, None) if isinstance(o, Literal)]
    assert not list(inferred.triples((None, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), None)))


LESS_THAN = """
    @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
    ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:lessThan ex:q ] ;
        sh:property [ sh:path ex:r ; sh:nodeKind sh:IRI ] ."""
# ex:p 1 is not less than ex:q 0 nor -1: two results equal in every field (same for 2);
# the two values of ex:r are distinct blank nodes that look alike.
TWINS = """
    @prefix ex: <http://example.org/> .
    ex:a ex:p 1, 2 ; ex:q 0, -1 ; ex:r [ a ex:T ], [ a ex:T ] ."""


def _result_nodes(graph: Graph) -> list:
    return list(graph.objects(graph.value(None, RDF.type, SH.ValidationReport), SH.result))


def _twins(tmp_path):
    return validate_files([_write(tmp_path, "d.ttl", TWINS)], shapes=[_write(tmp_path, "s.ttl", LESS_THAN)])


def test_equal_looking_results_stay_distinct_in_every_form(tmp_path):
    """Before, the Turtle report named result nodes by a hash of their content, so equal
    results merged (6 results in text, 3 in Turtle) and alike blank values merged too."""
    report = _twins(tmp_path)
    assert len(report.results) == 6
    assert "Results (6):" in report.text
    assert len(json.loads(report.render("json"))["results"]) == 6
    graphs = {
        "graph": report.graph,
        "turtle": Graph().parse(data=report.render("turtle"), format="turtle"),
        "jsonld": Graph().parse(data=report.render("jsonld"), format="json-ld"),
    }
    for form, graph in graphs.items():
        results = _result_nodes(graph)
        assert len(results) == 6, form
        values = sorted(str(graph.value(r, SH.value)) for r in results if graph.value(r, SH.sourceConstraintComponent) == SH.LessThanConstraintComponent)
        assert values == ["1", "1", "2", "2"], form
        blank_values = {graph.value(r, SH.value) for r in results if graph.value(r, SH.sourceConstraintComponent) == SH.NodeKindConstraintComponent}
        assert len(blank_values) == 2, form


def test_result_names_are_positions_and_blank_nodes_keep_their_flat_labels(tmp_path):
    report = _twins(tmp_path)
    names = sorted(str(r) for r in _result_nodes(report.graph))
    assert names == [f"r{i}" for i in range(1, 7)]
    blank = [r["value"] for r in report.results if r["constraint_component"] == str(SH.NodeKindConstraintComponent)]
    assert len(set(blank)) == 2 and blank[0] + "-2" == blank[1]  # alike: the second gets -2
    in_graph = {"_:" + str(report.graph.value(r, SH.value)) for r in _result_nodes(report.graph)}
    assert set(blank) <= in_graph
    # the flat results come in the order of the result names

    def term(node):
        return "_:" + str(node) if isinstance(node, BNode) else node.n3()

    by_name = sorted(_result_nodes(report.graph), key=str)
    assert [term(report.graph.value(r, SH.value)) for r in by_name] == [r["value"] for r in report.results]


def test_reports_are_the_same_bytes_for_every_parse(tmp_path):
    """Blank node ids are new on every parse and the graph's order changes with them."""
    first, second = _twins(tmp_path), _twins(tmp_path)
    for fmt in ("text", "json", "turtle", "jsonld"):
        assert first.render(fmt) == second.render(fmt), fmt


def test_ill_typed_boolean_is_a_violation_without_warnings(tmp_path):
    """"x"^^xsd:boolean: reported by sh:datatype (rdflib's "Parsing weird boolean" warning
    is an error under pytest), and its Turtle report reads back (it said ``sh:value x``)."""
    shapes = _write(tmp_path, "s.ttl", """
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:flag ; sh:datatype xsd:boolean ] .""")
    data = _write(tmp_path, "d.ttl", '<http://example.org/a> <http://example.org/flag> "x"^^<http://www.w3.org/2001/XMLSchema#boolean>, true, "1"^^<http://www.w3.org/2001/XMLSchema#boolean> .')
    report = validate_files([data], shapes=[shapes])
    assert not report.conforms
    (result,) = report.results
    assert result["value"] == '"x"^^<http://www.w3.org/2001/XMLSchema#boolean>'
    assert result["constraint_component"] == str(SH.DatatypeConstraintComponent)
    turtle = Graph().parse(data=report.render("turtle"), format="turtle")
    assert {str(v) for v in turtle.objects(None, SH.value)} == {"x"}
