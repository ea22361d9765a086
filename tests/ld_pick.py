"""Pick real IRIs from the served data (tests never hard-code what the data holds)."""

from __future__ import annotations

OA = "http://www.w3.org/ns/oa#"
TIP = "https://w3id.org/asean-tip/ontology#"


def one(store, query: str, var: str = "x"):
    rows = store.select(query)
    assert rows, f"the served data has nothing for: {query}"
    return rows[0][var]


def report_with_spans(store):
    """A report with a headline or label and at least one evidence span."""
    return one(store, f"""SELECT ?x (COUNT(?t) AS ?n) WHERE {{ ?x a <{TIP}NewsReport> .
        ?t <{OA}hasSource> ?x }} GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1""")


def fact_with_evidence(store, cls: str = f"{TIP}Commitment"):
    return one(store, f"SELECT ?x WHERE {{ ?x a <{cls}> ; <{TIP}evidence> ?a }} ORDER BY ?x LIMIT 1")


def person(store):
    return one(store, "SELECT ?x WHERE { ?x a <http://xmlns.com/foaf/0.1/Person> } ORDER BY ?x LIMIT 1")


def spans_of(store, report):
    """(fact, exact, start, end) of every evidence span of ``report``."""
    rows = store.select(f"""SELECT ?fact ?exact ?start ?end WHERE {{ ?t <{OA}hasSource> <{report}> ;
        <{OA}hasSelector> ?q, ?p . ?a <{OA}hasTarget> ?t ; <{OA}hasBody> ?fact .
        ?q <{OA}exact> ?exact . ?p <{OA}start> ?start ; <{OA}end> ?end }}""")
    return [(str(r["fact"]), str(r["exact"]), int(r["start"]), int(r["end"])) for r in rows]


def local_path(iri, base: str = "https://w3id.org/asean-tip/") -> str:
    iri = str(iri)
    assert iri.startswith(base), iri
    return "/" + iri[len(base):]
