"""Linked data: every IRI under the public base dereferences on this server.

- ``/id/{kind}/{slug}`` (a thing) answers **303 See Other** to its description
  document ``/doc/{kind}/{slug}``; an unknown IRI answers 404.
- ``/doc/{kind}/{slug}`` negotiates HTML, Turtle, JSON-LD, N-Triples, RDF/XML, TriG and
  N-Quads (the last two keep each statement's named graph); ``/doc/{kind}/{slug}.ttl``
  (``.jsonld``, ``.nt``, ``.rdf``, ``.trig``, ``.nq``, ``.html``) picks one explicitly.
  ``Link`` names the alternates, the dataset and the FAIR signposting
  (:mod:`~tipkg.server.render.signposting`); ``Vary: Accept``.
- A source report's page shows its full text with the evidence spans marked.

The rest of the URL space under the base has blueprints of its own: named graphs
(:mod:`~tipkg.server.routes.graphs`), ontology and shapes docs (:mod:`~tipkg.server.routes.vocabularies`)
and the home page (:mod:`~tipkg.server.routes.home`).
"""

from __future__ import annotations

from flask import Blueprint, redirect
from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, VOID

from tipkg.errors import NotFound
from tipkg.namespaces import DATASET_IRI
from tipkg.server.http import urls
from tipkg.server.render import descriptions as describing
from tipkg.server.render import evidence_marks, html, responses, signposting
from tipkg.server.state import get_store

bp = Blueprint("resource", __name__)

EXTENSIONS = {f.extension for f in responses.DESCRIPTION_FORMATS}


def split_extension(rest: str) -> tuple[str, str | None]:
    """``person/x.ttl`` → ``("person/x", "ttl")``; only known extensions count."""
    stem, dot, ext = rest.rpartition(".")
    if dot and "/" not in ext and ext.lower() in EXTENSIONS:
        return stem, ext.lower()
    return rest, None


@bp.route("/id/<path:rest>", methods=["GET", "HEAD"])
def thing(rest: str):
    """A thing's IRI: 303 to the document that describes it."""
    stem, ext = split_extension(rest)
    if not describing.exists(get_store(), urls.public("id/" + stem)):
        if ext is None or not describing.exists(get_store(), urls.public("id/" + rest)):
            return not_found(urls.public("id/" + rest))
        stem, ext = rest, None
    response = redirect(urls.absolute(urls.doc_path(stem, ext)), code=303)
    response.vary.add("Accept")
    return response


@bp.route("/doc/<path:rest>", methods=["GET", "HEAD"])
def document(rest: str):
    """The description document of ``id/{rest}``, in the negotiated representation."""
    stem, ext = split_extension(rest)
    iri = urls.public("id/" + stem)
    desc = describing.describe(get_store(), iri)
    if not desc.exists and ext:
        stem, ext, iri = rest, None, urls.public("id/" + rest)
        desc = describing.describe(get_store(), iri)
    if not desc.exists:
        return not_found(iri)
    fmt = responses.pick(responses.DESCRIPTION_FORMATS, ext)
    doc = urls.public("doc/" + stem)
    links = (responses.alternates(urls.doc_path(stem), responses.DESCRIPTION_FORMATS) + describedby_links()
             + signposting.resource_links(iri, urls.doc_path(stem), desc.types, licence(), get_store().version))
    if fmt is responses.HTML:
        return responses.page("resource.html", links, d=desc, doc_path=urls.doc_path(stem),
                              text_html=_marked_text(desc), formats=responses.DESCRIPTION_FORMATS, reports=describing.reports_of(desc))
    data = desc.dataset()
    # about the document itself (default graph): what it describes, where it comes from
    data.add((URIRef(doc), FOAF.primaryTopic, URIRef(iri)))
    data.add((URIRef(doc), VOID.inDataset, URIRef(DATASET_IRI)))
    data.add((URIRef(doc), DCTERMS.license, URIRef(licence())))
    return responses.rdf_response(data, fmt, links)


def describedby_links() -> list[str]:
    """The dataset every description belongs to (the licence comes with the signposting)."""
    return [
        f'<{urls.absolute("/dataset")}>; rel="http://rdfs.org/ns/void#inDataset"',
        f'<{urls.absolute("/dataset")}>; rel="describedby"',
    ]


def licence() -> str:
    from tipkg.server.routes.dataset import licence as dataset_licence

    return dataset_licence()


def _marked_text(desc: describing.Description):
    text = desc.text
    if text is None:
        return None
    spans = []
    for e in desc.spans:
        label = desc.label(e.fact) or html.curie(str(e.fact))
        spans.append(evidence_marks.Span(e.start, e.end, [(urls.local(str(e.fact)), label)], e.exact))
    return evidence_marks.render(text, spans)


def not_found(iri: str):
    """404 for an IRI under the base that the data does not know: a page or the JSON error."""
    message = f"No resource <{iri}> in this dataset."
    if responses.wants_html():
        kind = iri[len(urls.base()):].split("/")[1] if iri[len(urls.base()):].startswith("id/") else None
        return responses.page("not_found.html", status=404, iri=iri, message=message, kind=kind, siblings=_siblings(kind))
    raise NotFound(message, iri=iri)


def _siblings(kind: str | None) -> list[URIRef]:
    """A few IRIs of the same kind, to help someone who mistyped a slug."""
    if not kind or not kind.replace("-", "").isalnum():
        return []
    prefix = urls.public(f"id/{kind}/")
    rows = get_store().select(
        f'SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?s), "{prefix}")) }} ORDER BY ?s LIMIT 20'
    )
    return [r["s"] for r in rows]

