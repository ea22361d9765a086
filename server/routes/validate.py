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
``max_body_bytes`` (the real read length is checked, chunked bodies included) and, with
inference, over ``max_inference_triples`` submitted triples; 415 for an unknown content
type; 503 ``validation_timeout`` (with ``limit_seconds`` and ``Retry-After``) when parsing
and validating take longer than ``validate_timeout``. Parsing and validation run in a
validation worker process (:mod:`tipkg.workers.validation_worker`), killed at the deadline
so its CPU is freed. Validation works on copies: it never changes the store or the
dumps. ``GET /validate`` is the form page.
"""

from __future__ import annotations

import io
import logging

from flask import Blueprint, Flask, Response, jsonify, request
from werkzeug.formparser import FormDataParser

from tipkg.deadlines import validation_deadline
from tipkg.errors import BadRequest, UnsupportedMediaType, ValidationTimeout
from tipkg.formats import RDF_FORMATS, by_media_type, by_name
from tipkg.server import state
from tipkg.server.http.body import read_body
from tipkg.server.render import responses
from tipkg.workers.pool import WorkerPool
from tipkg.workers.protocol import raise_for_error
from tipkg.workers.validation_worker import INFERRED_GRAPH  # noqa: F401  (documented here: the inferred triples' graph)

log = logging.getLogger("tipkg.server.routes.validate")

bp = Blueprint("validate", __name__)

REPORT_FORMATS = [responses.JSON, *RDF_FORMATS, responses.HTML]
INFERENCES = ("none", "rdfs", "owlrl")
CONTEXTS = ("none", "graph")


# ---- reading the request ----------------------------------------------------------

def submission() -> tuple[bytes, object, dict]:
    """``(data, format, fields)`` from a raw or multipart request."""
    settings = state.settings()
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


# ---- the validation workers -------------------------------------------------------

def init_app(app: Flask) -> None:
    """Give the app its pool of validation workers (started on first use or by ``warm``)."""
    pool = WorkerPool({}, state.settings(app).validate_workers, module="tipkg.workers.validation_worker",
                      label="validation", timeout_error=ValidationTimeout)
    state.set_validation_pool(app, pool)


def run(job: dict) -> dict:
    """Run ``job`` in a validation worker under the deadline; a tipkg error there is raised here.

    :raises ValidationTimeout: past ``validate_timeout`` (the worker was killed).
    """
    reply = state.validation_pool().run(job, validation_deadline(state.settings()))
    return raise_for_error(reply, log, "validation")


@bp.route("/validate", methods=["GET", "HEAD"])
def form():
    return responses.page("validate.html", formats=[f for f in RDF_FORMATS], result=None)


@bp.route("/validate", methods=["POST"])
def validate():
    settings = state.settings()
    fmt_out = responses.pick(REPORT_FORMATS, None, default=responses.JSON)
    data, fmt_in, fields = submission()
    inference = _option(fields, "inference", INFERENCES, "none")
    context_kind = _option(fields, "context", CONTEXTS, "none")
    want_inferred = _flag(fields, "inferred")
    reply = run({
        "data": data,
        "format": fmt_in.name,
        "inference": inference,
        # the build is resolved here, once per request; the worker parses its dump once per build
        "context": str(state.folder() / "dataset.nt") if context_kind == "graph" else None,
        "inferred": want_inferred,
        "output": None if fmt_out in (responses.JSON, responses.HTML) else fmt_out.name,
        "max_inference_triples": settings.max_inference_triples,
    })
    body = reply["body"]
    if fmt_out is responses.JSON:
        response = jsonify(body)
    elif fmt_out is responses.HTML:
        response = Response(responses.render("validate.html", formats=list(RDF_FORMATS), result=body, fields=fields,
                                             report_text=reply["text"]), mimetype="text/html")
    else:
        fmt_out = by_name(reply["rdf_format"])
        response = Response(reply["rdf"], mimetype=fmt_out.media_type)
    response.vary.add("Accept")
    response.headers["X-Tipkg-Conforms"] = "true" if reply["conforms"] else "false"
    response.cache_control.no_store = True
    return response
