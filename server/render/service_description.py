"""The SPARQL 1.1 Service Description of ``/sparql``, with VoID statistics.

States the dataset semantics: the default graph is the RDF merge of all named graphs
(``sd:UnionDefaultGraph``, unless ``serve --data`` keeps the data's own default graph), no entailment (``ent:Simple``), read-only (no
``sd:SPARQL11Update``), and SERVICE only when an operator allow-listed endpoints.
"""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, VOID, XSD

from tipkg.config import Settings
from tipkg.formats import RDF_FORMATS, RESULT_FORMATS
from tipkg.namespaces import SD, bind_prefixes

FORMATS = Namespace("http://www.w3.org/ns/formats/")
ENTAILMENT = Namespace("http://www.w3.org/ns/entailment/")

RESULT_FORMAT_IRIS = tuple(fmt.w3c for fmt in RESULT_FORMATS + RDF_FORMATS)


def description(endpoint: str, store, settings: Settings) -> Graph:
    """The service description graph of the endpoint at URL ``endpoint``."""
    g = Graph()
    bind_prefixes(g)
    g.bind("formats", FORMATS)
    g.bind("ent", ENTAILMENT)
    service = URIRef(endpoint)
    dataset = URIRef(endpoint + "#dataset")
    default = URIRef(endpoint + "#default-graph")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    union = getattr(store, "union_default_graph", True)
    if union:
        g.add((service, SD.feature, SD.UnionDefaultGraph))
    if settings.service_allowlist:
        g.add((service, SD.feature, SD.BasicFederatedQuery))
    g.add((service, SD.defaultEntailmentRegime, ENTAILMENT.Simple))
    for name in RESULT_FORMAT_IRIS:
        g.add((service, SD.resultFormat, FORMATS[name]))
    g.add((service, RDFS.comment, Literal(
        ("Read-only. The default graph is the RDF merge of all named graphs unless the query "
         "has FROM/FROM NAMED or the request gives default-graph-uri/named-graph-uri. " if union else
         "Read-only. The default graph is the data's own default graph (not the merge of the named graphs); "
         "FROM/FROM NAMED and default-graph-uri/named-graph-uri choose others. ") +
        f"Deadline {settings.query_timeout:g} s (a client may lower it with timeout=, at most "
        f"{settings.max_query_timeout:g} s); at most {settings.result_limit} results per response.",
        lang="en",
    )))
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, VOID.sparqlEndpoint, service))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    stats = store.stats()
    g.add((default, VOID.triples, Literal(stats["triples"], datatype=XSD.integer)))
    g.add((dataset, VOID.triples, Literal(stats["triples"], datatype=XSD.integer)))
    for number, iri in enumerate(stats["graphs"], 1):
        named = URIRef(f"{endpoint}#graph-{number}")
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(iri)))
    return g
