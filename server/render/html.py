"""The helpers templates use to show terms readably: CURIEs, labelled links, literals
with their language or datatype."""

from __future__ import annotations

from markupsafe import Markup, escape
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from tipkg.formats import DOCUMENT_FORMATS, RDF_FORMATS, RESULT_FORMATS
from tipkg.namespaces import PREFIXES
from tipkg.server.http import urls
from tipkg.server.render.i18n import page_lang, pick_label


def curie(iri: str) -> str:
    """``https://schema.org/name`` → ``schema:name``; the IRI itself when no prefix fits."""
    best, found = "", iri
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best) and "/" not in iri[len(ns):].rstrip("/"):
            best, found = ns, f"{prefix}:{iri[len(ns):]}"
    return found


def term(node: Node, labels: dict | None = None, lang: str | None = None, alt: bool = True) -> Markup:
    """A term as HTML: IRIs link locally and show their label in the page's language
    (the other language after it, when it differs), literals show language or datatype."""
    lang = lang or page_lang()
    if isinstance(node, URIRef):
        iri = str(node)
        names = (labels or {}).get(node, {})
        text = pick_label(names, lang) or curie(iri)
        shown_lang = lang if names.get(lang) == text else ("" if names.get("") == text else next((k for k, v in names.items() if v == text), ""))
        other_lang = "id" if lang == "en" else "en"
        other = names.get(other_lang)
        extra = Markup(f' <span class="alt" lang="{other_lang}">{escape(other)}</span>') if alt and other and other != text else ""
        lang_attr = f' lang="{shown_lang}"' if shown_lang and shown_lang != lang else ""
        return Markup(f'<a href="{escape(urls.local(iri))}" title="{escape(iri)}"{lang_attr}>{escape(text)}</a>{extra}')
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
    from tipkg.server.render import i18n

    app.jinja_env.globals.update(term=term, curie=curie, local=urls.local, site_formats=list(DOCUMENT_FORMATS),
                                 sparql_prefixes=dict(PREFIXES), result_formats=[*RESULT_FORMATS, *RDF_FORMATS])
    i18n.init_app(app)
    app.jinja_env.filters["curie"] = curie


