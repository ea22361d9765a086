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

    from tipkg.server import observe, state
    from tipkg.server.http import compress, cors, csp, errors, proxy
    from tipkg.server.render import html

    errors.init_app(app)
    proxy.init_app(app)  # X-Forwarded-* → absolute URLs
    cors.init_app(app)  # public reads, preflight
    compress.init_app(app)  # gzip large responses
    csp.init_app(app)  # pages load nothing from other hosts
    html.init_app(app)  # template helpers, page language (render/i18n.py)
    state.open_app_store(app)  # the dataset, opened once per process
    state.open_contributors(app)  # who may post contributions (--contributors), re-read by state.warm
    observe.init_app(app)  # request ids, access log, counters (outermost WSGI wrapper)

    from tipkg.server.routes import (
        answers,
        contributions,
        dataset,
        dumps,
        graphs,
        health,
        home,
        metrics,
        resource,
        sparql,
        validate,
        vocabularies,
    )

    validate.init_app(app)  # validation worker processes (shapes parsed there), started after any fork

    blueprints = [health, home, answers, sparql, dumps, dataset, validate, graphs, vocabularies, resource]
    if settings.metrics:
        blueprints.insert(1, metrics)
    for module in blueprints:
        app.register_blueprint(module.bp)
    contributions.init_app(app)  # only with --contributors: /contributions, and follow each new version
    return app


__all__ = ["create_app"]
