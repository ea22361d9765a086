"""OWL 2 RL inferences (owlrl), reasoned on a copy and trimmed to what is new and useful."""

from __future__ import annotations

import owlrl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from tipkg.namespaces import ID

_TAUTOLOGY_OBJECTS = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual}


def inferences(data: Graph, ontology: Graph) -> Graph:
    """Triples owlrl derives about the data's things that neither input states.

    Dropped: copies of asserted literals in another datatype, reflexive ``owl:sameAs`` (owlrl adds one per node), ``rdf:type owl:Thing``
    and similar tautologies, anything about blank nodes or literals, and schema-level
    conclusions about the vocabularies themselves (only subjects under ``id/`` stay).
    """
    closure = Graph()
    for triple in data:
        closure.add(triple)
    for triple in ontology:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closure)
    result = Graph()
    for s, p, o in closure:
        if (s, p, o) in data or (s, p, o) in ontology:
            continue
        if not isinstance(s, URIRef) or not str(s).startswith(str(ID)):
            continue
        if isinstance(o, BNode) or (p == OWL.sameAs and s == o) or (p == RDF.type and o in _TAUTOLOGY_OBJECTS):
            continue
        if isinstance(o, Literal) and (p == RDF.type or _restates(data, s, p, o)):
            continue
        result.add((s, p, o))
    return result




def _restates(data: Graph, s, p, o: Literal) -> bool:
    """owlrl re-adds literals in canonical form ("30"^^xsd:integer for a nonNegativeInteger):
    such a copy of an asserted value is not an inference."""
    return any(isinstance(x, Literal) and x.eq(o) for x in data.objects(s, p))
