"""Safe RDF parsing: bytes in, an rdflib Dataset out, nothing fetched.

Parsing never touches the network or local files: JSON-LD remote ``@context`` and
``@import`` are refused (rdflib would fetch them), RDF/XML documents that declare an
external DTD or entity are refused (internal entities are fine; expat guards against
entity expansion bombs), and relative IRIs resolve against :data:`DEFAULT_BASE` rather
than the working directory. Literals keep their lexical form (no normalisation), so
``"01"^^xsd:integer`` stays ``"01"`` and an ill-typed literal stays ill-typed for SHACL.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath

import rdflib
from rdflib import Dataset
from rdflib.namespace import XSD
from rdflib.term import _toPythonMapping

from tipkg.errors import DataSyntaxError, ForbiddenOperation, UnsupportedMediaType
from tipkg.formats import RDF_FORMATS, Format, by_extension, by_name

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


@contextmanager
def lexical_literals(strict_booleans: bool = False) -> Iterator[None]:
    """While active, new literals keep their lexical form (``rdflib.NORMALIZE_LITERALS`` off).

    With ``strict_booleans`` only ``"true"`` has the value True (SHACL's reading of
    ``sh:uniqueLang "1"^^xsd:boolean``, as pySHACL does for shapes graphs).
    Both are process-wide rdflib settings, so they are changed under one lock.
    """
    with _NORMALIZE_LOCK:
        previous = rdflib.NORMALIZE_LITERALS
        boolean = _toPythonMapping[XSD.boolean]
        rdflib.NORMALIZE_LITERALS = False
        if strict_booleans:
            _toPythonMapping[XSD.boolean] = lambda lexical: lexical.strip().lower() == "true"
        try:
            yield
        finally:
            rdflib.NORMALIZE_LITERALS = previous
            _toPythonMapping[XSD.boolean] = boolean


def _check_jsonld(text: str) -> None:
    """Refuse a document whose contexts are not all inline (rdflib would fetch the rest)."""
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
            context = node.get("@context")
            for entry in context if isinstance(context, list) else [context]:
                if isinstance(entry, str):
                    raise ForbiddenOperation(f"JSON-LD remote @context {entry!r} refused: the server never fetches remote contexts; inline the context instead")
            stack.extend(node.values())


def _check_xml(data: bytes) -> None:
    """Refuse external DTDs and external entities (Python's SAX parser would not fetch them either)."""
    if _XML_EXTERNAL.search(data):
        raise ForbiddenOperation("RDF/XML with an external DTD or external entity (SYSTEM/PUBLIC) refused: nothing is fetched")


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
