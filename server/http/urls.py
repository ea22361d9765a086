"""Where things live: the public base mapped onto this server, in one place.

The data keeps its public IRIs (``https://w3id.org/asean-tip/id/person/…``); pages link
to the same path on this server (``/id/person/…``), so every IRI dereferences locally.
Absolute URLs (``Location``, ``Link``, download URLs) use the request's host, which
:mod:`tipkg.server.http.proxy` takes from ``X-Forwarded-Host``/``-Proto`` behind a proxy.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import current_app, request

from tipkg.config import Settings


def settings() -> Settings:
    return current_app.config["TIPKG_SETTINGS"]


def base() -> str:
    """The public base IRI, ending in ``/``."""
    return settings().public_base


def is_local(iri: str) -> bool:
    """Whether ``iri`` lies under the public base (and so is served here)."""
    return iri.startswith(base())


def local(iri: str) -> str:
    """The link a page uses for ``iri``: a path on this server for IRIs under the base,
    the IRI itself otherwise."""
    if is_local(iri):
        return request.script_root + "/" + iri[len(base()):]
    return iri


def public(path: str) -> str:
    """The public IRI of a path on this server: ``/id/person/x`` → ``{base}id/person/x``."""
    return base() + path.lstrip("/")


def absolute(path: str) -> str:
    """An absolute URL on this server (honouring the proxy's host and scheme)."""
    return request.host_url.rstrip("/") + request.script_root + "/" + path.lstrip("/")


def doc_path(kind_slug: str, extension: str | None = None) -> str:
    """The description document of ``id/{kind_slug}``: ``/doc/{kind_slug}[.ext]``."""
    return "/doc/" + kind_slug + (f".{extension}" if extension else "")


def graph_store(graph_iri: str | None, fmt_name: str | None = None) -> str:
    """The read-only Graph Store Protocol URL of one graph (``None``: the default graph)."""
    params = {"graph": graph_iri} if graph_iri else {"default": ""}
    if fmt_name:
        params["format"] = fmt_name
    return "/rdf-graph-store?" + urlencode(params, quote_via=quote)


def sparql(query: str) -> str:
    """A link that runs ``query`` on the SPARQL endpoint."""
    return "/sparql?" + urlencode({"query": query}, quote_via=quote)
