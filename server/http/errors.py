"""Errors to HTTP in one place: one JSON shape for every error response.

``{"error": {"status": 400, "reason": "query_syntax", "message": "…", …details}}``
A 500 logs the traceback and answers a plain message, never the trace.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from tipkg.errors import TipkgError

log = logging.getLogger("tipkg.server")


def error_response(status: int, reason: str, message: str, headers: dict | None = None, **details):
    """The one error body every failing request gets."""
    body = {"error": {"status": status, "reason": reason, "message": message, **details}}
    response = jsonify(body)
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(TipkgError)
    def _tipkg_error(error: TipkgError):
        headers = {}
        if "retry_after" in error.details:
            headers["Retry-After"] = str(error.details["retry_after"])
        if getattr(error, "challenge", None):
            headers["WWW-Authenticate"] = error.challenge
        return error_response(error.status, error.reason, error.message, headers, **error.details)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        reason = (error.name or "error").lower().replace(" ", "_")
        response = error_response(error.code or 500, reason, error.description or error.name)
        if error.code == 405 and error.response is None:
            allowed = getattr(error, "valid_methods", None)
            if allowed:
                response.headers["Allow"] = ", ".join(sorted(allowed))
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("unhandled error")
        return error_response(500, "internal_error", "Internal error; the server logged the details.")
