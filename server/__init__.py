"""The Flask linked-data server: ``create_app`` wires settings, store and blueprints."""

from __future__ import annotations

from flask import Flask

from tipkg.config import Settings


def create_app(settings: Settings | None = None) -> Flask:
    """Build the app for ``settings`` (default: from the environment).

    gunicorn runs ``tipkg.server:create_app()``.
    """
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["TIPKG_SETTINGS"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json.sort_keys = False

    from tipkg.server import errors, store

    errors.init_app(app)
    store.init_app(app)

    from tipkg.server import dataset, dumps, health, resource, sparql, validate

    for module in (health, sparql, dumps, dataset, validate, resource):
        app.register_blueprint(module.bp)
    return app


__all__ = ["create_app"]
