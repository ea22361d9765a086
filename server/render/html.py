"""The helpers templates use to show terms readably: CURIEs, labelled links, literals
with their language or datatype."""

from __future__ import annotations

from markupsafe import Markup, escape
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from tipkg.formats import DOCUMENT_FORMATS
from tipkg.namespaces import PREFIXES
from tipkg.server.http import urls


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
    app.jinja_env.globals.update(term=term, curie=curie, local=urls.local, site_formats=list(DOCUMENT_FORMATS))
    app.jinja_env.filters["curie"] = curie


