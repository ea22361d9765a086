"""Fixtures for the linked-data tests: the app and a live server over a dataset.

By default they are conftest's ``app`` / ``live_server`` over the built dataset. With
``TIPKG_TEST_LD_SAMPLE=1`` the same tests run on ``resources/ld-sample.trig`` served
through ``serve --data`` (any dataset, not only ours). Tests pick IRIs by querying the
served data, never by name.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tipkg.config import Settings

SAMPLE = Path(__file__).resolve().parent / "resources" / "ld-sample.trig"
USE_BUILT = os.environ.get("TIPKG_TEST_LD_SAMPLE") != "1"


@pytest.fixture(scope="session")
def ld_settings(request) -> Settings:
    if USE_BUILT:
        return request.getfixturevalue("settings")
    return Settings(data_files=(SAMPLE,), union_default_graph=True, query_timeout=5.0, max_query_timeout=10.0, max_body_bytes=200_000)


@pytest.fixture(scope="session")
def ld_app(request, ld_settings):
    if USE_BUILT:
        yield request.getfixturevalue("app")
        return
    from tipkg.server import create_app, state

    application = create_app(ld_settings)
    application.config["TESTING"] = True
    yield application
    state.close(application)


@pytest.fixture()
def ld_client(ld_app):
    return ld_app.test_client()


@pytest.fixture(scope="session")
def ld_server(request, start_server):
    """gunicorn with 2 workers on a loopback port, serving the same data as ``ld_app``."""
    if USE_BUILT:
        return request.getfixturevalue("live_server")
    return start_server(["--data", str(SAMPLE), "--union-default-graph", "--workers", "2", "--max-body-bytes", "200000"])


@pytest.fixture(scope="session")
def ld_store(ld_app):
    """The app's store, for tests that pick real IRIs by query."""
    from tipkg.server import state

    return state.get_store(ld_app)
