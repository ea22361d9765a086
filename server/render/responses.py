"""Turning graphs and pages into responses: the representation a request asks for (among
the registry's formats and HTML), RDF bytes by the one writer, pages by their template,
with ``Vary``, ``Link`` and validators. The helpers templates use are in :mod:`.html`."""

from __future__ import annotations

from flask import Response, render_template, request
from rdflib import Dataset, Graph

from tipkg.errors import NotAcceptable
from tipkg.formats import DOCUMENT_FORMATS, HTML, JSON, Format, by_extension, by_name
from tipkg.rdfio import write_rdflib
from tipkg.server.http import caching, urls
from tipkg.server.http.negotiation import choose

DESCRIPTION_FORMATS = list(DOCUMENT_FORMATS)
"""What a description document offers, in order of preference on ties (from the registry)."""


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



def wants_html() -> bool:
    """Whether the client prefers a page to a JSON body (browsers do; curl's ``*/*`` gets JSON)."""
    try:
        return choose(request.headers.get("Accept"), [JSON, HTML], JSON) is HTML
    except NotAcceptable:
        return False


def serialize(data: Graph | Dataset, fmt: Format) -> bytes:
    """RDF bytes in ``fmt`` by the one writer (:func:`tipkg.rdfio.write_rdf`)."""
    return write_rdflib(data, fmt)


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


__all__ = ["HTML", "DESCRIPTION_FORMATS", "pick", "serialize", "rdf_response", "page", "alternates", "JSON"]
