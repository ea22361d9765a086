"""``/validate``: SHACL validation of submitted RDF against the project's shapes.

``POST /validate`` takes RDF in the body (Turtle, N-Triples, JSON-LD, RDF/XML, TriG,
N-Quads, by ``Content-Type``) or as a ``multipart/form-data`` upload (part ``file``,
its syntax from the part's content type or the file name's extension; or a ``data``
text field with a ``format`` field, as the form page sends).

Query parameters (or form fields):
- ``context=none`` (default) | ``graph``: validate the submission alone or merged with
  the published graph (read from the served build's N-Triples dump), so references to
  existing resources resolve;
- ``inference=none`` (default) | ``rdfs`` | ``owlrl``: expand a copy before validating;
- ``inferred=true``: also return the inferred triples: in JSON as N-Triples text
  (``"inferred"``), in RDF as the named graph :data:`INFERRED_GRAPH` next to the report
  in the default graph (so Turtle becomes TriG; JSON-LD carries both);
- ``format=json|turtle|jsonld|trig|html`` overrides ``Accept``.

Answers: 200 with the report for every completed validation (conforming or not);
400 for unparsable input (message with line and column) or bad options; 413 over
``max_body_bytes`` (the real read length is checked, chunked bodies included); 415
for an unknown content type. Validation works on copies: it never changes the store
or the dumps. ``GET /validate`` is the form page.
"""

from __future__ import annotations

import io
import threading

from flask import Blueprint, Response, current_app, jsonify, request
from rdflib import Dataset, Graph, URIRef
from werkzeug.formparser import FormDataParser

from tipkg.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType
from tipkg.formats import RDF_FORMATS, by_media_type, by_name
from tipkg.namespaces import bind_prefixes
from tipkg.server import published, represent

bp = Blueprint("validate", __name__)


INFERRED_GRAPH = URIRef("urn:x-tipkg:inferred")
"""Name of the graph holding inferred triples in an RDF answer with ``inferred=true``."""

REPORT_FORMATS = [represent.JSON, by_name("turtle"), by_name("jsonld"), by_name("trig"), by_name("ntriples"), represent.HTML]
INFERENCES = ("none", "rdfs", "owlrl")
CONTEXTS = ("none", "graph")

_context_cache: dict[str, Graph] = {}
_context_lock = threading.Lock()


# ---- reading the request ----------------------------------------------------------

def read_body(limit: int) -> bytes:
    """The whole request body, refusing more than ``limit`` bytes.

    Werkzeug cuts a chunked body at ``MAX_CONTENT_LENGTH`` without a word, so the raw
    input is read here and its real length checked.
    """
    length = request.content_length
    if length is not None and length > limit:
        raise PayloadTooLarge(f"The body is {length} bytes; the limit is {limit}.", limit_bytes=limit)
    chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    if length is None and not chunked and not request.environ.get("wsgi.input_terminated"):
        return b""  # no length, no chunking: there is no body to wait for
    stream = request.environ["wsgi.input"]
    parts, total = [], 0
    while True:
        chunk = stream.read(min(65536, limit + 1 - total)) if length is None else stream.read(min(65536, length - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        if total > limit:
            raise PayloadTooLarge(f"The body is larger than the limit of {limit} bytes.", limit_bytes=limit)
        if length is not None and total >= length:
            break
    return b"".join(parts)


def submission() -> tuple[bytes, object, dict]:
    """``(data, format, fields)`` from a raw or multipart request."""
    settings = current_app.config["TIPKG_SETTINGS"]
    body = read_body(settings.max_body_bytes)
    mimetype = request.mimetype
    if mimetype == "multipart/form-data":
        return _from_multipart(body, settings.max_body_bytes)
    if mimetype == "application/x-www-form-urlencoded":
        parser = FormDataParser(max_form_memory_size=settings.max_body_bytes)
        _, form, _ = parser.parse(io.BytesIO(body), mimetype, len(body), request.mimetype_params)
        return _from_fields(form)
    if not mimetype:
        raise UnsupportedMediaType(_type_help("No Content-Type given."))
    fmt = by_media_type(mimetype, RDF_FORMATS)
    if fmt is None:
        raise UnsupportedMediaType(_type_help(f"Cannot validate {mimetype}."))
    if not body.strip():
        raise BadRequest("The body is empty: send the RDF to validate.")
    return body, fmt, {}


def _type_help(first: str) -> str:
    kinds = ", ".join(f.media_type for f in RDF_FORMATS)
    return f"{first} Send RDF as one of: {kinds}; or multipart/form-data with a file."


def _from_multipart(body: bytes, limit: int):
    parser = FormDataParser(max_form_memory_size=limit, max_content_length=limit)
    try:
        _, form, files = parser.parse(io.BytesIO(body), "multipart/form-data", len(body), request.mimetype_params)
    except ValueError as error:
        raise BadRequest(f"Unreadable multipart body: {error}") from None
    upload = files.get("file")
    if upload is not None and upload.filename:
        data = upload.read()
        fmt = by_media_type(upload.mimetype or "", RDF_FORMATS) if upload.mimetype not in ("application/octet-stream", "") else None
        if fmt is None and form.get("format"):
            fmt = by_name(form["format"], RDF_FORMATS)
        if fmt is None:
            from tipkg.rdfio import guess_format

            fmt = guess_format(upload.filename)
        if not data.strip():
            raise BadRequest(f"The uploaded file {upload.filename!r} is empty.")
        return data, fmt, dict(form)
    return _from_fields(form)


def _from_fields(form):
    text = form.get("data", "")
    if not text.strip():
        raise BadRequest("Nothing to validate: upload a file (field 'file') or paste RDF (field 'data').")
    fmt = by_name(form.get("format") or "turtle", RDF_FORMATS)
    if fmt is None:
        raise UnsupportedMediaType(_type_help(f"Unknown format {form.get('format')!r}."))
    return text.encode("utf-8"), fmt, dict(form)


def _option(fields: dict, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = (request.args.get(name) or fields.get(name) or default).strip().lower()
    if value not in allowed:
        raise BadRequest(f"{name}={value!r} is not one of {', '.join(allowed)}.", parameter=name)
    return value


def _flag(fields: dict, name: str) -> bool:
    value = (request.args.get(name) or fields.get(name) or "false").strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise BadRequest(f"{name}={value!r} must be true or false.", parameter=name)


# ---- the published graph as context -----------------------------------------------

def published_graph() -> Graph:
    """The published data (union of graphs) from the served build's dump, parsed once per version.

    Callers must not change it: the validator gets a merged copy.
    """
    folder = published.folder()
    key = str(folder)
    with _context_lock:
        if key not in _context_cache:
            graph = Graph()
            graph.parse(folder / "dataset.nt", format="nt")
            _context_cache.clear()
            _context_cache[key] = graph
        return _context_cache[key]


# ---- the report ---------------------------------------------------------------------

def _graph_of(report):
    graph = report.graph
    bind_prefixes(graph)
    return graph


@bp.route("/validate", methods=["GET", "HEAD"])
def form():
    return represent.page("validate.html", formats=[f for f in RDF_FORMATS], result=None)


@bp.route("/validate", methods=["POST"])
def validate():
    from tipkg.graph.gate import default_validator
    from tipkg.rdfio import parse_rdf

    fmt_out = represent.pick(REPORT_FORMATS, None, default=represent.JSON)
    data, fmt_in, fields = submission()
    inference = _option(fields, "inference", INFERENCES, "none")
    context_kind = _option(fields, "context", CONTEXTS, "none")
    want_inferred = _flag(fields, "inferred")
    dataset = parse_rdf(data, fmt_in)
    submitted = sum(1 for _ in dataset.quads((None, None, None, None)))
    context = published_graph() if context_kind == "graph" else None
    report = default_validator().validate(dataset, inference=inference, context=context, return_inferred=want_inferred)
    graph = _graph_of(report)
    inferred = report.inferred if want_inferred else None
    results = report.results  # flat dicts from the gate: focus_node, path, value, severity, message, source_shape, constraint_component
    body = {
        "conforms": bool(report.conforms),
        "results_count": len(results),
        "submitted_triples": submitted,
        "format": fmt_in.name,
        "inference": inference,
        "context": context_kind,
        "results": results,
    }
    if want_inferred:
        body["inferred_count"] = len(inferred) if inferred is not None else 0
        body["inferred"] = _ntriples(inferred)
    if fmt_out is represent.JSON:
        response = jsonify(body)
    elif fmt_out is represent.HTML:
        response = Response(represent.render("validate.html", formats=list(RDF_FORMATS), result=body, fields=fields,
                                             report_text=report.text), mimetype="text/html")
    else:
        out = graph
        if want_inferred:
            out = Dataset()
            for triple in graph:
                out.add(triple)
            target = out.graph(INFERRED_GRAPH)
            for triple in inferred or ():
                target.add(triple)
            if not fmt_out.supports_datasets:
                fmt_out = by_name("trig")
        response = Response(represent.serialize(out, fmt_out), mimetype=fmt_out.media_type)
    response.vary.add("Accept")
    response.headers["X-Tipkg-Conforms"] = "true" if report.conforms else "false"
    response.cache_control.no_store = True
    return response


def _ntriples(graph) -> str:
    if graph is None or len(graph) == 0:
        return ""
    return "".join(sorted(graph.serialize(format="nt11").splitlines(keepends=True)))
