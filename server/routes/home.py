"""``/``: what the dataset is and how it was made, its counts, the answer pages, the
current version and how to cite it, the dumps, the endpoint and validation; then the
source reports, example queries ready to run, and the data browsable by class."""

from __future__ import annotations

from flask import Blueprint
from rdflib import URIRef
from rdflib.namespace import DCTERMS

from tipkg import assets
from tipkg.namespaces import OA, SCHEMA, TIP
from tipkg.server.http import urls
from tipkg.server.render import responses
from tipkg.server.render.descriptions import _iri, labels
from tipkg.server.render.i18n import page_lang
from tipkg.server.routes.answers import ANSWERS
from tipkg.server.routes.dataset import dataset_iri, live_facts
from tipkg.server.state import get_store

bp = Blueprint("home", __name__)

PER_CLASS = 25


def example_queries() -> list[tuple[str, str, str]]:
    """``(file name, title, /sparql?query=… link)``; the title is the query's first comment line."""
    return [(q.name + ".rq", q.title, urls.sparql(q.text)) for q in assets.example_queries()]


@bp.route("/", methods=["GET", "HEAD"])
def index():
    store = get_store()
    facts = live_facts()
    meta = facts["meta"]
    ds = dataset_iri()
    lang = page_lang()
    title = str(next((o for o in meta.objects(ds, DCTERMS.title) if getattr(o, "language", None) == lang), None)
                or next((o for o in meta.objects(ds, DCTERMS.title) if getattr(o, "language", None) == "en"), None)
                or meta.value(ds, DCTERMS.title) or "Linked data")
    description = str(next((o for o in meta.objects(ds, DCTERMS.description) if getattr(o, "language", None) == lang), None)
                      or next((o for o in meta.objects(ds, DCTERMS.description) if getattr(o, "language", None) == "en"), None)
                      or meta.value(ds, DCTERMS.description) or "")
    reports = store.select(
        f"SELECT DISTINCT ?s ?date WHERE {{ ?s a {_iri(TIP.NewsReport)} OPTIONAL {{ ?s {_iri(SCHEMA.datePublished)} ?date }} }} ORDER BY ?s"
    )
    classes, more = [], {}
    # the data's own kinds first; evidence plumbing (oa:) last
    ordered = sorted(facts["classes"], key=lambda cn: (str(cn[0]).startswith(str(OA)), not str(cn[0]).startswith(str(TIP)), -cn[1], str(cn[0])))
    for c, n in ordered[:40]:
        rows = store.select(f"SELECT DISTINCT ?s WHERE {{ ?s a {_iri(c)} FILTER(isIRI(?s)) }} ORDER BY ?s LIMIT {PER_CLASS}")
        classes.append((c, n, [r["s"] for r in rows]))
        more[c] = urls.sparql(f"SELECT ?s WHERE {{ ?s a {_iri(c)} }} ORDER BY ?s")
    nodes = {TIP[name] for name, _ in COUNTED} | {c for c, _, _ in classes} | {m for _, _, ms in classes for m in ms} | {r["s"] for r in reports}
    return responses.page("index.html", title=title, description=description, stats=facts, graphs=facts["graphs"],
                          reports=reports, queries=example_queries(), classes=classes, more=more,
                          labels=labels(store, nodes), answers=ANSWERS, version=store.version,
                          dataset_iri=str(ds), year=_year(reports), counts=_counts(facts["classes"]))


COUNTED = (("NewsReport", "/"), ("Commitment", "/commitments"), ("Statement", "/commitments#statements"),
           ("StatisticalObservation", "/statistics"), ("Quote", "/quotes"), ("ReportedSpeech", "/quotes"),
           ("DataQualityNote", "/notes"))
"""The kinds of fact the home page counts, and the answer page that lists them."""


def _counts(classes) -> list[tuple[URIRef, int, str]]:
    by_class = {c: n for c, n in classes}
    return [(TIP[name], by_class[TIP[name]], path) for name, path in COUNTED if by_class.get(TIP[name])]


def _year(reports) -> str:
    """The year of the newest source report (for the citation), else empty."""
    dates = sorted(str(r["date"])[:4] for r in reports if r.get("date"))
    return dates[-1] if dates else ""


__all__ = ["bp"]
