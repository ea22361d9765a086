"""Shared fixtures: the built dataset (once per session), the app, a test client, and real
server processes on loopback ports."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tipkg.config import Settings

pytest_plugins = ["fixtures_ld", "fixtures_sparql", "fixtures_hostile"]

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = Path(__file__).resolve().parent / "resources"

SERVER_FIXTURES = {"start_server", "live_server", "sample_server", "limited_server", "oxigraph_server", "ld_server"}
"""Fixtures that start a real server process: a test using one is ``slow``."""
SLOW_MODULES = {"test_browser", "test_serving", "test_loadtest", "test_nothing_lost", "test_package", "test_virtuoso"}
"""Modules whose tests start processes of their own (a browser, ``tipkg serve``, builds, a wheel, Virtuoso)."""


def pytest_collection_modifyitems(config, items):
    """Mark every test that starts a real server or browser ``slow`` (``-m "not slow"`` skips them)."""
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())) or module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    """A data folder holding one build of the real corpus (``current`` → its build)."""
    from tipkg.graph.build import build_dataset

    out = tmp_path_factory.mktemp("data")
    build_dataset(out)
    return out


@pytest.fixture(scope="session")
def built_dataset(data_dir):
    """The built dataset as an rdflib Dataset (parsed from its TriG dump)."""
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data_dir / "current" / "dataset.trig", format="trig")
    return ds


@pytest.fixture(scope="session")
def settings(data_dir) -> Settings:
    return Settings(data_dir=data_dir, query_timeout=5.0, max_query_timeout=10.0)


@pytest.fixture(scope="session")
def app(settings):
    from tipkg.server import create_app, state

    application = create_app(settings)
    application.config["TESTING"] = True
    yield application
    state.close(application)


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner(app):
    return app.test_cli_runner()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """A real ``python -m tipkg serve`` process on a loopback port."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "tipkg", "serve", "--host", "127.0.0.1", "--port", str(self.port), *args]
        full_env = {**os.environ, **(env or {})}
        self.log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"tipkg-server-{self.port}.log", "w+b")
        self.proc = subprocess.Popen(cmd, env=full_env, cwd=cwd, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.wait_ready()

    def wait_ready(self, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.output()}")
            try:
                if requests.get(self.url + "/health", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server did not answer /health within {seconds}s:\n{self.output()}")

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-5000:]

    def stop(self, sig: int | None = None) -> None:
        import signal

        if self.proc.poll() is None:
            os.killpg(self.proc.pid, sig or signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self.log.close()


@pytest.fixture(scope="session")
def start_server():
    """Factory: ``start_server(["--data-dir", d, "--dev"])`` → a running :class:`ServerProcess`;
    all are stopped at the end of the session."""
    started: list[ServerProcess] = []

    def _start(args: list[str], env: dict[str, str] | None = None) -> ServerProcess:
        server = ServerProcess(args, env)
        started.append(server)
        return server

    yield _start
    for server in started:
        if not server.log.closed:
            server.stop()


@pytest.fixture(scope="session")
def live_server(start_server, data_dir) -> ServerProcess:
    """The built dataset served by gunicorn (2 workers) on a free loopback port."""
    return start_server(["--data-dir", str(data_dir), "--workers", "2"])
