"""Query answers to bytes, cut at the result limit, and back to rdflib terms.

Runs inside the query worker, so only bytes cross the process boundary.

A cut answer is never silent. Besides the ``X-Tipkg-Truncated`` header (set by the
endpoint), the body says so where the syntax has room:

- SPARQL JSON: a top-level member ``"truncated": {"limit": N, "message": …}`` placed
  between ``head`` and ``results`` (rdflib, SPARQLWrapper and pyoxigraph read past it);
- SPARQL XML: ``<link href="urn:tipkg:truncated:N"/>`` in ``<head>`` (the format's own
  place for links to metadata about the results);
- Turtle, N-Triples, TriG, N-Quads: a first comment line ``# truncated: …``;
  RDF/XML: an XML comment after the declaration;
- CSV, TSV and JSON-LD have no room for a note: the header alone says it.
"""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Iterable

import pyoxigraph as ox

from tipkg.formats import Format, by_name
from tipkg.rdfio import write_rdf

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

DEFAULT_FORMATS = {"bindings": "json", "boolean": "json", "graph": "turtle"}


def truncation_note(limit: int) -> str:
    return f"truncated: the answer was cut at the result limit of {limit}"


def serialize_answer(result, fmt: Format | None, limit: int | None) -> tuple[str, bytes, Format, bool, int]:
    """Serialize a pyoxigraph query result → (kind, body, format, truncated, count)."""
    if isinstance(result, ox.QueryBoolean):
        fmt = fmt or by_name(DEFAULT_FORMATS["boolean"])
        return "boolean", result.serialize(format=_results_format(fmt)), fmt, False, 1
    if isinstance(result, ox.QuerySolutions):
        fmt = fmt or by_name(DEFAULT_FORMATS["bindings"])
        body, truncated, count = serialize_solutions([v.value for v in result.variables], result, fmt, limit)
        return "bindings", body, fmt, truncated, count
    fmt = fmt or by_name(DEFAULT_FORMATS["graph"])
    body, truncated, count = serialize_triples(result, fmt, limit)
    return "graph", body, fmt, truncated, count


def _take(items: Iterable, limit: int | None) -> tuple[list, bool]:
    if limit is None:
        return list(items), False
    taken = list(itertools.islice(items, limit + 1))
    return taken[:limit], len(taken) > limit


def _results_format(fmt: Format):
    if fmt.kind != "results":
        raise ValueError(f"{fmt.name} is not a SPARQL results format")
    return getattr(ox.QueryResultsFormat, fmt.oxigraph)


def serialize_solutions(variables: list[str], solutions: Iterable, fmt: Format, limit: int | None) -> tuple[bytes, bool, int]:
    """SPARQL JSON written here (so it can carry the note); other formats converted from it."""
    rows, truncated = _take(solutions, limit)
    doc = {"head": {"vars": variables}}
    if truncated:
        doc["truncated"] = {"limit": limit, "message": truncation_note(limit)}
    doc["results"] = {"bindings": [_json_row(row, variables) for row in rows]}
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt.name == "json":
        return body, truncated, len(rows)
    plain = body
    if truncated:
        doc.pop("truncated")
        plain = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    converted = ox.parse_query_results(plain, ox.QueryResultsFormat.JSON).serialize(format=_results_format(fmt))
    if truncated and fmt.name == "xml":
        converted = converted.replace(b"</head>", f'<link href="urn:tipkg:truncated:{limit}"/></head>'.encode(), 1)
    return converted, truncated, len(rows)


def _json_row(solution, variables: list[str]) -> dict:
    row = {}
    for name in variables:
        term = solution[name]
        if term is not None:
            row[name] = json_term(term)
    return row


def json_term(term) -> dict:
    """A pyoxigraph term as a SPARQL 1.1 JSON results term."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": json_term(term.subject), "predicate": json_term(term.predicate), "object": json_term(term.object)}}
    raise TypeError(f"unexpected term {term!r}")


def serialize_triples(triples: Iterable, fmt: Format, limit: int | None) -> tuple[bytes, bool, int]:
    """CONSTRUCT/DESCRIBE triples → bytes by the one RDF writer, cut at ``limit`` (and saying so)."""
    if fmt.kind != "rdf":
        raise ValueError(f"{fmt.name} is not an RDF format")
    items, truncated = _take(triples, limit)
    body = write_rdf(items, fmt)
    if truncated:
        note = truncation_note(limit)
        if fmt.name in ("turtle", "ntriples", "trig", "nquads"):
            body = f"# {note}\n".encode() + body
        elif fmt.name == "rdfxml" and body.startswith(b"<?xml"):
            end = body.index(b"?>") + 2
            body = body[:end] + f"\n<!-- {note} -->".encode() + body[end:]
    return body, truncated, len(items)


# Back to rdflib terms, for the server's own pages.

def rdflib_rows(body: bytes) -> list[dict]:
    """SPARQL JSON bytes → rows of rdflib terms (unbound variables left out)."""
    from rdflib import BNode, Literal, URIRef

    def term(t: dict):
        if t["type"] == "uri":
            return URIRef(t["value"])
        if t["type"] == "bnode":
            return BNode(t["value"])
        if t["type"] in ("literal", "typed-literal"):
            return Literal(t["value"], lang=t.get("xml:lang"), datatype=URIRef(t["datatype"]) if "datatype" in t else None)
        raise ValueError(f"unsupported term type {t['type']}")

    doc = json.loads(body)
    return [{name: term(value) for name, value in row.items()} for row in doc["results"]["bindings"]]


def rdflib_graph(body: bytes):
    """N-Triples bytes → an rdflib Graph."""
    from rdflib import Graph

    from tipkg.namespaces import bind_prefixes

    graph = Graph()
    bind_prefixes(graph)
    graph.parse(io.BytesIO(body), format="nt")
    return graph
