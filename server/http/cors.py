"""CORS for public reads: any origin may read; preflight requests are answered.

Every endpoint here is read-only (``/validate`` too: it never changes published data),
and no endpoint uses cookies or credentials, so ``*`` is safe.
"""

from __future__ import annotations

from flask import Flask, Response, request

from tipkg.server import state

EXPOSED = "ETag, Last-Modified, Link, Location, Content-Disposition, Content-Length, Vary, Retry-After, X-Tipkg-Truncated, X-Tipkg-Result-Limit, X-Tipkg-Result-Count, X-Tipkg-Triples"


def init_app(app: Flask) -> None:
    """Register the after-request hook once (idempotent)."""
    if not state.register_once(app, "cors"):
        return
    app.after_request(add_cors_headers)


def add_cors_headers(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED
    if request.method == "OPTIONS":
        # Flask answers OPTIONS itself with the route's Allow header; make it a preflight answer
        response.headers["Access-Control-Allow-Methods"] = response.headers.get("Allow", "GET, HEAD, POST, OPTIONS")
        response.headers["Access-Control-Allow-Headers"] = request.headers.get(
            "Access-Control-Request-Headers", "Accept, Content-Type, If-None-Match, If-Modified-Since"
        )
        response.headers["Access-Control-Max-Age"] = "86400"
    return response
