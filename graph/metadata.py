"""The dataset-metadata graph: VoID and DCAT about the dataset and its sources."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, VOID

from tipkg.namespaces import DATASET_IRI, ONTOLOGY_IRI, PREFIXES, SCHEMA, bind_prefixes

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
TITLE = {
    "en": "ASEAN anti-trafficking declaration knowledge graph",
    "id": "Graf pengetahuan deklarasi ASEAN melawan perdagangan orang",
}
DESCRIPTION = {
    "en": "Facts about the ASEAN Leaders' Declaration on Combating Trafficking in Persons Caused by the Abuse of Technology "
    "(42nd ASEAN Summit, Labuan Bajo, May 2023), drawn from Indonesian news reports, each traceable to the exact words it came from.",
    "id": "Fakta tentang Deklarasi Pemimpin ASEAN tentang Pemberantasan Perdagangan Orang yang Disebabkan oleh Penyalahgunaan "
    "Teknologi (KTT ke-42 ASEAN, Labuan Bajo, Mei 2023), dari berita berbahasa Indonesia, masing-masing dapat ditelusuri ke kalimat sumbernya.",
}


def metadata_graph(reports: list[URIRef], graphs: list[URIRef], dates: list[str]) -> Graph:
    """VoID/DCAT description of the built dataset (no timestamps: builds are reproducible)."""
    g = Graph()
    bind_prefixes(g)
    ds = URIRef(DATASET_IRI)
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    for lang, text in TITLE.items():
        g.add((ds, DCTERMS.title, Literal(text, lang=lang)))
        g.add((ds, RDFS.label, Literal(text, lang=lang)))
    for lang, text in DESCRIPTION.items():
        g.add((ds, DCTERMS.description, Literal(text, lang=lang)))
    g.add((ds, DCTERMS.license, LICENSE))
    g.add((ds, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))
    g.add((ds, DCTERMS.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/id")))
    for report in sorted(reports):
        g.add((ds, DCTERMS.source, report))
    for graph in sorted(graphs):
        g.add((ds, VOID.subset, graph))
        g.add((graph, RDF.type, VOID.Dataset))
    if dates:
        g.add((ds, DCTERMS.temporal, Literal(f"{min(dates)}/{max(dates)}")))
        g.add((ds, SCHEMA.temporalCoverage, Literal(f"{min(dates)}/{max(dates)}")))
    for prefix in ("tip", "oa", "prov", "org", "skos", "schema", "dcterms", "foaf", "qb"):
        g.add((ds, VOID.vocabulary, URIRef(PREFIXES[prefix])))
    return g
