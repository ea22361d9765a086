"""``/contributions``: validated triples from listed contributors, published as new versions.

Only with ``tipkg serve --contributors FILE`` (:mod:`tipkg.contributors`); without it the
blueprint is not registered, so every ``/contributions`` URL answers 404 and no page
links it.

- ``POST /contributions``: RDF as ``/validate`` takes it (raw body by ``Content-Type``,
  or a multipart upload), with ``Authorization: Bearer TOKEN``. Missing or malformed →
  401 with ``WWW-Authenticate``; a token not listed → 403. The body is validated exactly
  as ``POST /validate?context=graph`` (same worker, shapes, limits and deadline;
  ``inference`` as there, default none). Not conforming → 422 ``not_conforming`` with the
  report, nothing changed: in the JSON error shape (``error.report``, the default), or
  the SHACL report itself in Turtle or JSON-LD by ``Accept`` (or ``?format=``), with
  ``X-Tipkg-Error-Reason: not_conforming``; another ``Accept`` → 406 before anything runs. Conforming → :func:`tipkg.graph.contributions.publish` makes
  and switches a new version; 201 with ``Location`` (``/contributions/{id}``), the graph
  IRI and the new version. A failing write → 5xx, ``current`` untouched.
- ``GET /contributions``: JSON (default) or HTML: who, when, how many triples, the graph.
- ``GET /contributions/{id}``: 303 to the graph's own page ``/graph/contribution/{id}``
  (every RDF format there); 404 when the served version does not hold it.
- ``DELETE /contributions/{id}``: by the contributor who posted it (else 403): a new
  version without that graph, the retraction in the metadata graph; 200 with the version.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, jsonify, redirect, request

from tipkg.errors import Forbidden, NotFound, Unauthorized, Unprocessable
from tipkg.formats import by_name
from tipkg.graph import contributions as publishing
from tipkg.server import state
from tipkg.server.http import urls
from tipkg.server.render import responses
from tipkg.server.routes import validate as validating

bp = Blueprint("contributions", __name__)

LIST_FORMATS = [responses.JSON, responses.HTML]
REPORT_FORMATS = [responses.JSON, by_name("turtle"), by_name("jsonld")]
"""The forms of the 422 report, by ``Accept`` or ``?format=`` (as ``/validate`` offers them)."""


def init_app(app: Flask) -> None:
    """With contributors: follow ``current`` (each new version) before every request."""
    if state.contributors(app) is None:
        return
    app.before_request(lambda: state.follow_current(app))
    app.register_blueprint(bp)


def contributor():
    """The contributor of the request's bearer token. :raises Unauthorized, Forbidden:"""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        raise Unauthorized("Contributions need Authorization: Bearer TOKEN.")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("The Authorization header must be 'Bearer TOKEN'.")
    found = state.contributors().authenticate(token.strip())
    if found is None:
        raise Forbidden("This token is not a listed contributor's.")
    return found


def _served() -> dict:
    return dict(state.manifest().get("contributions", {}))


@bp.route("/contributions", methods=["POST"])
def post():
    who = contributor()
    fmt_out = responses.pick(REPORT_FORMATS, None, default=responses.JSON)
    data, fmt_in, fields = validating.submission()
    inference = validating._option(fields, "inference", validating.INFERENCES, "none")
    version = state.get_store().version
    reply = validating.run({
        "data": data,
        "format": fmt_in.name,
        "inference": inference,
        "context": str(state.folder() / "dataset.nt"),
        "inferred": False,
        "output": None if fmt_out is responses.JSON else fmt_out.name,
        "max_inference_triples": state.settings().max_inference_triples,
        "triples": True,
    })
    if not reply["conforms"] and fmt_out is not responses.JSON:
        return _report_rdf(reply)
    if not reply["conforms"]:
        raise Unprocessable("The contribution does not conform to the shapes in the context of the published graph; nothing was changed.",
                            report=reply["body"])
    if not reply["ntriples"].strip():
        raise Unprocessable("The contribution holds no triples; nothing was changed.", report=reply["body"])
    meta = publishing.publish(state.settings().data_dir, who.name, reply["ntriples"], data, version)
    response = jsonify(_public(meta))
    response.status_code = 201
    response.headers["Location"] = urls.absolute(f"/contributions/{meta['id']}")
    response.cache_control.no_store = True
    return response


def _report_rdf(reply: dict) -> Response:
    """422 with the SHACL report itself in Turtle or JSON-LD; ``X-Tipkg-Error-Reason``
    and ``X-Tipkg-Conforms`` say what the JSON error shape would."""
    response = Response(reply["rdf"], status=422, mimetype=by_name(reply["rdf_format"]).media_type)
    response.headers["X-Tipkg-Error-Reason"] = Unprocessable.reason
    response.headers["X-Tipkg-Conforms"] = "false"
    response.vary.add("Accept")
    response.cache_control.no_store = True
    return response


def _public(meta: dict) -> dict:
    keep = ("id", "graph", "contributor", "created", "triples", "sha256", "shapes_sha256", "validated_against", "version", "retracted")
    out = {k: meta[k] for k in keep if k in meta}
    out["url"] = urls.absolute(f"/contributions/{meta['id']}")
    return out


@bp.route("/contributions", methods=["GET", "HEAD"])
def listing():
    items = sorted((_public(m) for m in _served().values()), key=lambda m: (m["created"], m["id"]))
    version = state.get_store().version
    fmt = responses.pick(LIST_FORMATS, None, default=responses.JSON)
    if fmt is responses.HTML:
        return responses.page("contributions.html", items=items, version=version)
    response = jsonify({"version": version, "contributions": items})
    response.vary.add("Accept")
    return response


@bp.route("/contributions/<cid>", methods=["GET", "HEAD"])
def one(cid: str):
    if cid not in _served():
        raise NotFound(f"No contribution {cid!r} in the served version.")
    response = redirect(urls.absolute(f"/graph/contribution/{cid}"), code=303)
    response.vary.add("Accept")
    return response


@bp.route("/contributions/<cid>", methods=["DELETE"])
def delete(cid: str):
    who = contributor()
    meta = _served().get(cid)
    if meta is None:
        raise NotFound(f"No contribution {cid!r} in the served version.")
    if meta["contributor"] != who.name:
        raise Forbidden(f"Contribution {cid} was posted by another contributor; only they can retract it.")
    done = publishing.retract(state.settings().data_dir, cid)
    response = jsonify(_public(done))
    response.cache_control.no_store = True
    return response
