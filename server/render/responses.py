"""Turning graphs and pages into responses: negotiation among RDF syntaxes and HTML,
deterministic RDF bytes, and the template helpers that show terms readably."""

from __future__ import annotations

from flask import Response, render_template, request
from markupsafe import Markup, escape
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from tipkg.errors import NotAcceptable
from tipkg.formats import RDF_FORMATS, Format, by_extension, by_name
from tipkg.namespaces import PREFIXES
from tipkg.rdfio import write_rdf
from tipkg.server.http import caching
from tipkg.server.http import urls
from tipkg.server.http.negotiation import choose

HTML = Format("html", "text/html", "html", "page", aliases=("application/xhtml+xml",))
"""Pages are a representation like any RDF syntax (not in the RDF registry on purpose)."""

TRIPLE_FORMATS = [by_name(n) for n in ("turtle", "jsonld", "ntriples", "rdfxml")]
DATASET_FORMATS = [by_name(n) for n in ("trig", "nquads")]
DESCRIPTION_FORMATS = [HTML, *TRIPLE_FORMATS, *DATASET_FORMATS]
"""What a description document offers, in order of preference on ties."""


def pick(candidates: list[Format], extension: str | None = None, default: Format = HTML) -> Format:
    """The representation to send: ``?format=``, then the URL's extension, then ``Accept``.

    :raises NotAcceptable: for an unknown ``?format=``/extension or an unsatisfiable Accept.
    """
    forced = request.args.get("format") or extension
    if forced:
        fmt = by_name(forced, tuple(candidates)) or by_extension(forced, tuple(candidates))
        if fmt is None:
            names = ", ".join(f.name for f in candidates)
            raise NotAcceptable(f"Unknown format {forced!r}; this resource offers: {names}.")
        return fmt
    return choose(request.headers.get("Accept"), candidates, default)


JSON = Format("json", "application/json", "json", "page")


def wants_html() -> bool:
    """Whether the client prefers a page to a JSON body (browsers do; curl's ``*/*`` gets JSON)."""
    try:
        return choose(request.headers.get("Accept"), [JSON, HTML], JSON) is HTML
    except NotAcceptable:
        return False


def serialize(data: Graph | Dataset, fmt: Format) -> bytes:
    """RDF bytes in ``fmt`` (:func:`tipkg.rdfio.write_rdf`: deterministic, lexical forms kept);
    a dataset in a triples-only syntax is sent as the union of its graphs."""
    return write_rdf(data, fmt)


def rdf_response(data: Graph | Dataset, fmt: Format, links: list[str] | None = None) -> Response:
    """An RDF response with ``Vary: Accept`` and validators."""
    response = Response(serialize(data, fmt), mimetype=fmt.media_type)
    if fmt.media_type.startswith("text/"):
        response.charset = "utf-8"
    return _finish(response, links)


def render(template: str, **context) -> str:
    return render_template(template, **context)


def page(template: str, links: list[str] | None = None, status: int = 200, **context) -> Response:
    response = Response(render_template(template, **context), status=status, mimetype="text/html")
    return _finish(response, links)


def _finish(response: Response, links: list[str] | None) -> Response:
    response.vary.add("Accept")
    if links:
        response.headers["Link"] = ", ".join(links)
    return caching.finish(response)


def alternates(path_without_ext: str, formats: list[Format]) -> list[str]:
    """``Link`` values naming each representation of a document by its extension URL."""
    return [f'<{urls.absolute(path_without_ext + "." + f.extension)}>; rel="alternate"; type="{f.media_type}"' for f in formats]


# ---- template helpers -------------------------------------------------------------

def curie(iri: str) -> str:
    """``https://schema.org/name`` → ``schema:name``; the IRI itself when no prefix fits."""
    best, found = "", iri
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best) and "/" not in iri[len(ns):].rstrip("/"):
            best, found = ns, f"{prefix}:{iri[len(ns):]}"
    return found


def term(node: Node, labels: dict | None = None, lang: str = "en") -> Markup:
    """A term as HTML: IRIs link locally and show their label, literals show language or datatype."""
    if isinstance(node, URIRef):
        iri = str(node)
        names = (labels or {}).get(node, {})
        text = names.get(lang) or names.get("") or next(iter(names.values()), None) or curie(iri)
        other = names.get("id" if lang == "en" else "en")
        extra = Markup(f' <span class="alt" lang="{"id" if lang == "en" else "en"}">{escape(other)}</span>') if other and other != text else ""
        return Markup(f'<a href="{escape(urls.local(iri))}" title="{escape(iri)}">{escape(text)}</a>{extra}')
    if isinstance(node, Literal):
        value = str(node)
        shown = value if len(value) <= 400 else value[:400] + "…"
        if node.language:
            return Markup(f'<span class="lit" lang="{escape(node.language)}">{escape(shown)}</span> <span class="tag">@{escape(node.language)}</span>')
        if node.datatype and not str(node.datatype).endswith("#string"):
            return Markup(f'<span class="lit">{escape(shown)}</span> <span class="tag">{escape(curie(str(node.datatype)))}</span>')
        return Markup(f'<span class="lit">{escape(shown)}</span>')
    if isinstance(node, BNode):
        return Markup(f"<code>_:{escape(str(node))}</code>")
    return Markup(escape(str(node)))


def init_app(app) -> None:
    """Register the template helpers (called when a page blueprint is registered)."""
    app.jinja_env.globals.update(term=term, curie=curie, local=urls.local, site_formats=DESCRIPTION_FORMATS)
    app.jinja_env.filters["curie"] = curie


__all__ = ["HTML", "DESCRIPTION_FORMATS", "pick", "serialize", "rdf_response", "page", "alternates", "term", "curie", "RDF_FORMATS"]
