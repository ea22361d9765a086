"""RDF in and out: safe parsing (bytes in, an rdflib Dataset out, nothing fetched) and
the one RDF writer (:func:`write_rdf`: sorted, deterministic bytes in any RDF format).

Parsing never touches the network or local files: JSON-LD remote ``@context`` and
``@import`` are refused (rdflib would fetch them), RDF/XML documents that declare an
external DTD or entity are refused (internal entities are fine; expat guards against
entity expansion bombs), and relative IRIs resolve against :data:`DEFAULT_BASE` rather
than the working directory. Literals keep their lexical form (no normalisation), so
``"01"^^xsd:integer`` stays ``"01"`` and an ill-typed literal stays ill-typed for SHACL
(``"x"^^xsd:boolean`` has no value, silently: it is the data's fault, and SHACL reports it).

Writing (:func:`write_rdf`, by pyoxigraph) keeps lexical forms too (``"x"^^xsd:boolean``
stays ill-typed, ``01`` stays ``01``) and sorts statements, so the same data gives the
same bytes.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath

import pyoxigraph as ox
import rdflib
from rdflib import Dataset
from rdflib.namespace import XSD
from rdflib.term import _toPythonMapping

from tipkg.errors import DataSyntaxError, ForbiddenOperation, UnsupportedMediaType
from tipkg.formats import RDF_FORMATS, Format, by_extension, by_name
from tipkg.namespaces import PREFIXES

DEFAULT_BASE = "https://input.invalid/"
"""Base IRI for relative references when the caller gives none (``.invalid`` never resolves)."""

# rdflib.NORMALIZE_LITERALS is a module global; flip it under one lock (as pySHACL does
# for shapes graphs) so concurrent parses agree on it.
_NORMALIZE_LOCK = threading.Lock()

_XML_EXTERNAL = re.compile(rb"<!(?:DOCTYPE|ENTITY)[^>\[]*?\b(?:SYSTEM|PUBLIC)\b", re.IGNORECASE)


def guess_format(path_or_name: str | PurePath) -> Format:
    """The RDF format of a file, from its extension (``.gz`` is not handled here).

    >>> guess_format("data/x.ttl").name
    'turtle'

    :raises UnsupportedMediaType: if the extension names no RDF format.
    """
    name = PurePath(path_or_name).name
    suffix = name.rsplit(".", 1)[-1] if "." in name else ""
    fmt = by_extension(suffix, RDF_FORMATS) or (by_name(suffix, RDF_FORMATS) if suffix else None)
    if fmt is None:
        known = ", ".join("." + f.extension for f in RDF_FORMATS)
        raise UnsupportedMediaType(f"cannot tell the RDF syntax of {name!r} from its extension (known: {known})")
    return fmt


def parse_rdf(data: bytes, fmt: Format, base: str | None = None) -> Dataset:
    """Parse ``data`` in ``fmt`` into a new Dataset (named graphs kept, the rest in the default graph).

    :raises DataSyntaxError: for invalid UTF-8 or a syntax error (message names line/column where known).
    :raises ForbiddenOperation: for input that would make the parser fetch something.
    :raises UnsupportedMediaType: if ``fmt`` is not an RDF format.
    """
    if fmt.kind != "rdf" or not fmt.rdflib:
        raise UnsupportedMediaType(f"{fmt.media_type} is not an RDF syntax")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataSyntaxError(f"input is not valid UTF-8: byte {error.start} ({error.reason})") from None
    text = text.removeprefix("\ufeff")
    if fmt.name == "jsonld":
        _check_jsonld(text)
    elif fmt.name == "rdfxml":
        _check_xml(data)
    dataset = Dataset()
    with lexical_literals():
        try:
            dataset.parse(data=text, format=fmt.rdflib, publicID=base or DEFAULT_BASE)
        except Exception as error:  # each parser has its own exception types
            raise DataSyntaxError(_syntax_message(error, text, fmt)) from None
    return dataset


_BOOLEAN_LEXICAL = {"true": True, "1": True, "false": False, "0": False}
"""xsd:boolean's lexical space (no other spelling, no spaces). rdflib's own mapping also
takes ``"TRUE"`` and warns on the rest ("Parsing weird boolean") before calling it False."""


def _boolean(lexical: str) -> bool | None:
    return _BOOLEAN_LEXICAL.get(lexical)


def _strict_boolean(lexical: str) -> bool:
    return lexical.strip().lower() == "true"


@contextmanager
def lexical_literals(strict_booleans: bool = False) -> Iterator[None]:
    """While active, new literals keep their lexical form (``rdflib.NORMALIZE_LITERALS`` off)
    and an xsd:boolean outside its lexical space has no value (quietly, as other ill-typed
    literals).

    With ``strict_booleans`` only ``"true"`` has the value True (SHACL's reading of
    ``sh:uniqueLang "1"^^xsd:boolean``, as pySHACL does for shapes graphs).
    Both are process-wide rdflib settings, so they are changed under one lock.
    """
    with _NORMALIZE_LOCK:
        previous = rdflib.NORMALIZE_LITERALS
        boolean = _toPythonMapping[XSD.boolean]
        rdflib.NORMALIZE_LITERALS = False
        _toPythonMapping[XSD.boolean] = _strict_boolean if strict_booleans else _boolean
        try:
            yield
        finally:
            rdflib.NORMALIZE_LITERALS = previous
            _toPythonMapping[XSD.boolean] = boolean


class _IllTypedIsData(logging.Filter):
    """rdflib logs a warning with a traceback for every literal it cannot convert
    (``"abc"^^xsd:integer``); here that is data to report, not an error of the program."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal lexical form to value")


logging.getLogger("rdflib.term").addFilter(_IllTypedIsData())


MAX_JSON_DEPTH = 100
"""The deepest nesting of JSON arrays and objects a JSON-LD document may have. Python's
``json`` and rdflib's JSON-LD reader recurse on nesting (10,000 levels raised RecursionError,
an internal error); real documents nest less than 20 deep."""


def _check_jsonld(text: str) -> None:
    """Refuse a document whose contexts are not all inline (rdflib would fetch the rest),
    or that nests deeper than :data:`MAX_JSON_DEPTH`."""
    depth = _json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise DataSyntaxError(f"JSON-LD nested {depth} levels deep; the limit is {MAX_JSON_DEPTH}", limit_depth=MAX_JSON_DEPTH)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataSyntaxError(f"JSON syntax error at line {error.lineno}, column {error.colno}: {error.msg}") from None
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if "@import" in node:
                raise ForbiddenOperation("JSON-LD @import is not supported: the server never fetches remote contexts; inline the context instead")
            if "@context" in node:
                _check_context(node["@context"])
            stack.extend(node.values())


def _check_context(context) -> None:
    """rdflib fetches every string in a context, at any depth of arrays (``[["http://…"]]``)
    and inside ``{"@context": …}`` wrappers, so every one of them is refused."""
    pending = [context]
    while pending:
        entry = pending.pop()
        if isinstance(entry, str):
            raise ForbiddenOperation(f"JSON-LD remote @context {entry!r} refused: the server never fetches remote contexts; inline the context instead")
        if isinstance(entry, list):
            pending.extend(entry)
        elif isinstance(entry, dict) and "@context" in entry:
            pending.append(entry["@context"])


def _json_depth(text: str) -> int:
    """The deepest bracket nesting outside strings, found without recursion."""
    depth = deepest = 0
    for match in _JSON_STRUCTURE.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


_JSON_STRUCTURE = re.compile(r'"(?:[^"\\]++|\\.)*+"?|[\[\]{}]')
"""JSON strings (skipped whole) and brackets."""


XML_WORK_LIMIT = 30_000_000_000
"""Bytes rdflib may copy while assembling the pieces of one value, about a second of its
time (see :func:`_check_xml`); a piece of an XML literal weighs :data:`XML_LITERAL_WEIGHT`."""
XML_LITERAL_WEIGHT = 15_000
"""Re-parsing an XML literal costs about this many times more than copying its bytes."""


class _XmlRefused(Exception):
    pass


def _check_xml(data: bytes) -> None:
    """Refuse what makes rdflib's RDF/XML reader fetch, or spin for minutes on a small body.

    - external DTDs and entities (SYSTEM/PUBLIC): refused before any parsing;
    - entities whose text refers to other entities ("billion laughs": 1 KB → 100 MB);
    - values assembled from very many pieces: rdflib appends each piece of text to a
      string (quadratic), and re-parses an ``rdf:parseType="Literal"`` value as XML on
      every piece (a 15 KB literal of 3,000 empty elements took 33 s). A pass of expat
      (C, fast) adds up the bytes those steps would handle and refuses the document over
      :data:`XML_WORK_LIMIT` (measured: 40,000 lines of text in one value took rdflib 4 s).
    """
    if _XML_EXTERNAL.search(data):
        raise ForbiddenOperation("RDF/XML with an external DTD or external entity (SYSTEM/PUBLIC) refused: nothing is fetched")
    import pyexpat

    parser = pyexpat.ParserCreate(namespace_separator=" ")
    state = {"literal": 0, "start": 0, "work": 0}
    parse_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns# parseType"

    def entity(name, is_parameter, value, base, system_id, public_id, notation):
        if system_id or public_id:
            raise _XmlRefused("RDF/XML with an external DTD or external entity (SYSTEM/PUBLIC) refused: nothing is fetched")
        if value and ("&" in value or "%" in value):
            raise _XmlRefused(f"RDF/XML entity {name!r} refers to other entities; nested entities are refused (they can expand without bound)")

    def piece(weight: int) -> None:
        state["work"] += weight * (parser.CurrentByteIndex - state["start"])
        if state["work"] > XML_WORK_LIMIT:
            raise _XmlRefused("RDF/XML value assembled from too many pieces (entity references or elements in an XML literal); simplify it")

    def start(name, attributes):
        if state["literal"]:
            state["literal"] += 1
            piece(XML_LITERAL_WEIGHT)  # every piece of an XML literal makes rdflib parse the literal again
        else:
            state["start"], state["work"] = parser.CurrentByteIndex, 0
            state["literal"] = 1 if attributes.get(parse_type) == "Literal" else 0

    def end(name):
        if state["literal"]:
            state["literal"] -= 1
        if not state["literal"]:
            state["start"], state["work"] = parser.CurrentByteIndex, 0

    def text(content):
        piece(XML_LITERAL_WEIGHT if state["literal"] else 1)

    parser.EntityDeclHandler = entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except _XmlRefused as refused:
        raise ForbiddenOperation(str(refused)) from None
    except pyexpat.ExpatError:
        return  # not well-formed: rdflib's parser reports it in its own words


def _syntax_message(error: Exception, text: str, fmt: Format) -> str:
    message = " ".join(str(error).split()) or type(error).__name__
    if len(message) > 500:
        message = message[:500] + "…"
    if fmt.name in ("ntriples", "nquads") and not re.search(r"line \d", message):
        line = _first_bad_line(text, fmt)
        if line:
            message = f"line {line}: {message}"
    return f"{fmt.name} syntax error: {message}"


def _first_bad_line(text: str, fmt: Format) -> int | None:
    """Line-based syntaxes: find the line the parser choked on (only on the error path)."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            Dataset().parse(data=line + "\n", format=fmt.rdflib, publicID=DEFAULT_BASE)
        except Exception:
            return number
    return None


# ---- writing: the one RDF writer ----------------------------------------------------
# Pages, /sparql answers, the graph store, /validate reports and the dumps all write RDF
# here, so the same triples give the same bytes wherever they are served.

def statement_key(statement) -> tuple[str, ...]:
    """Sort key of a pyoxigraph triple or quad (graph name last)."""
    key = (str(statement.subject), str(statement.predicate), str(statement.object))
    if isinstance(statement, ox.Quad):
        return key + (str(statement.graph_name),)
    return key


def used_prefixes(statements) -> dict[str, str]:
    """The project's prefixes that some IRI in ``statements`` starts with, in name order."""

    iris = set()
    for statement in statements:
        for term in (statement.subject, statement.predicate, statement.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    return {p: ns for p, ns in sorted(PREFIXES.items()) if any(iri.startswith(ns) for iri in iris)}


def write_rdf(statements, fmt: Format) -> bytes:
    """Triples or quads (pyoxigraph, or an rdflib graph or dataset) → sorted, deterministic
    bytes in ``fmt``.

    A triples-only syntax gets the set of triples of every graph (their union); a
    dataset syntax gets quads, triples going to the default graph. Turtle, TriG and
    RDF/XML declare the project's prefixes that the data uses.
    """
    if fmt.kind != "rdf" or not fmt.oxigraph:
        raise ValueError(f"{fmt.name} is not an RDF format")
    items = from_rdflib(statements) if isinstance(statements, rdflib.Graph) else list(statements)
    if fmt.supports_datasets and fmt.name != "jsonld":
        items = {s if isinstance(s, ox.Quad) else ox.Quad(s.subject, s.predicate, s.object, ox.DefaultGraph()) for s in items}
    else:
        items = {s.triple if isinstance(s, ox.Quad) else s for s in items}
    items = sorted(items, key=statement_key)
    prefixes = used_prefixes(items) if fmt.name in ("turtle", "trig", "rdfxml") else None
    return ox.serialize(items, format=getattr(ox.RdfFormat, fmt.oxigraph), prefixes=prefixes)


def from_rdflib(data: rdflib.Graph | Dataset) -> list:
    """An rdflib graph (triples) or dataset (quads; its default graph stays default) →
    pyoxigraph statements, exact for every term (lexical forms are kept)."""
    if isinstance(data, Dataset):
        out = []
        for s, p, o, g in data.quads((None, None, None, None)):
            name = g.identifier if isinstance(g, rdflib.Graph) else g
            graph = ox.DefaultGraph() if name is None or name == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else to_oxigraph(name)
            out.append(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph))
        return out
    return [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in data]


def to_oxigraph(term):
    """One rdflib term → its pyoxigraph twin."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term)) if _BNODE_ID.fullmatch(str(term)) else ox.BlankNode()
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


_BNODE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-.]*")


def write_rdflib(data: rdflib.Graph | Dataset, fmt: Format) -> bytes:
    """An rdflib graph or dataset through :func:`write_rdf`."""
    return write_rdf(data, fmt)
