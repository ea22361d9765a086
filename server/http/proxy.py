"""Behind a reverse proxy: trust one hop of ``X-Forwarded-For/Proto/Host/Port/Prefix``.

Absolute URLs the server writes (``Location``, ``Link``, download URLs) then name the
host and scheme the client used.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from tipkg.server import state


def init_app(app: Flask) -> None:
    """Wrap the WSGI app once (idempotent)."""
    if not state.register_once(app, "proxy"):
        return
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_port=1, x_prefix=1)
