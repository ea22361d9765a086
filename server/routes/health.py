"""``/health``: a short JSON status (dataset version, triple count) for probes.

200 ``{"status": "ok", "version", "triples", "quads", "graphs", "store"}``; 503
``{"status": "unavailable", …}`` when the store cannot answer (e.g. the remote endpoint
is down).
"""

from __future__ import annotations

from flask import Blueprint, jsonify

from tipkg.errors import TipkgError
from tipkg.server.state import get_store

bp = Blueprint("health", __name__)


@bp.route("/health")
def health():
    store = get_store()
    kind = "remote" if getattr(store, "url", None) else "embedded"
    try:
        stats = store.stats()
    except TipkgError as error:
        response = jsonify({"status": "unavailable", "version": store.version, "store": kind, "message": error.message})
        response.status_code = 503
        response.headers["Cache-Control"] = "no-store"
        return response
    response = jsonify({
        "status": "ok",
        "version": store.version,
        "triples": stats["triples"],
        "quads": stats["quads"],
        "graphs": len(stats["graphs"]),
        "store": kind,
    })
    response.headers["Cache-Control"] = "no-store"
    return response
