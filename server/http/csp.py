"""Content-Security-Policy on every HTML page: nothing loads from another host.

Scripts, styles, images, fonts and requests come from this server only; forms post
here only; no plugins, no framing by others. Inline styles are allowed (the query
editor sets them); inline scripts are not.
"""

from __future__ import annotations

from flask import Flask

POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
))


def init_app(app: Flask) -> None:
    from tipkg.server import state

    def _policy(response):
        if response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", POLICY)
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    if state.register_once(app, "csp"):
        app.after_request(_policy)


__all__ = ["POLICY", "init_app"]
