"""Large ``serve --data`` inputs are streamed: queries first, dumps written in the background (issue 10).

The streamed path must give the same data, counts and byte-identical dumps as the
in-memory path small inputs take; a bad file is still refused at start with its name.
"""

from __future__ import annotations

import json
import time

import pytest
from fixtures_sparql import SAMPLE

from tipkg.config import Settings
from tipkg.errors import DataSyntaxError
from tipkg.query import source as data_source
from tipkg.workers.query_worker import Engine

EX = "http://example.org/"
PEOPLE = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{EX}Person> }}"


def _count(engine: Engine, query: str) -> int:
    reply = engine.execute({"query": query, "format": "json", "limit": None})
    return int(json.loads(reply["body"])["results"]["bindings"][0]["n"]["value"])


def test_streamed_files_give_the_same_data_counts_and_dumps(monkeypatch):
    settings = Settings(data_files=(SAMPLE,), union_default_graph=True)
    whole = data_source.prepare(settings)
    monkeypatch.setattr(data_source, "STREAM_BYTES", 0)
    streamed = data_source.prepare(settings)
    try:
        assert whole.dumps_writer is None and streamed.dumps_writer is not None
        assert streamed.version.startswith("data-") and streamed.stats is None  # counted by the worker
        engine = Engine.open(streamed.worker_source)
        assert _count(engine, PEOPLE) == 7
        assert engine.stats() == whole.stats  # 27 triples, the shared one counted once
        assert streamed.worker_source["union"] is True
        assert streamed.dumps_writer.wait(120) == 0
        assert not streamed.dumps_pending
        manifest = json.loads((streamed.dumps_dir / "manifest.json").read_text(encoding="utf-8"))
        assert {f["name"]: f["sha256"] for f in manifest["files"]} == {f["name"]: f["sha256"] for f in whole.manifest["files"]}
        assert manifest["triples"] == whole.stats["triples"] == 27
        assert not (streamed.dumps_dir.parent / "dumps.partial").exists()
    finally:
        whole.cleanup()
        streamed.cleanup()
    assert not streamed.dumps_dir.parent.exists()


def test_a_bad_streamed_file_is_refused_with_its_name(monkeypatch, tmp_path):
    monkeypatch.setattr(data_source, "STREAM_BYTES", 0)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://example.org/a> <http://example.org/b> .\n", encoding="utf-8")
    before = set(tmp_path.parent.glob("tipkg-data-*"))
    with pytest.raises(DataSyntaxError, match="bad.ttl"):
        data_source.prepare(Settings(data_files=(bad,)))
    assert set(tmp_path.parent.glob("tipkg-data-*")) <= before


def test_dumps_are_503_until_written_then_served(monkeypatch):
    from tipkg.server import create_app, state
    from tipkg.server.state import get_store

    monkeypatch.setattr(data_source, "STREAM_BYTES", 0)
    app = create_app(Settings(data_files=(SAMPLE,), union_default_graph=True, query_workers=1))
    try:
        client = app.test_client()
        store = get_store(app)
        first = client.get("/dumps/dataset.nq")
        if first.status_code == 503:  # still being written
            assert first.headers["Retry-After"] and first.get_json()["error"]["reason"] == "unavailable"
        assert store.source.dumps_writer.wait(120) == 0
        done = client.get("/dumps/dataset.nq")
        assert done.status_code == 200
        assert done.get_data() == (store.dumps_dir / "dataset.nq").read_bytes()
        assert len(done.get_data().splitlines()) == store.stats()["quads"]
        sparql = client.get("/sparql", query_string={"query": PEOPLE})
        assert sparql.get_json()["results"]["bindings"][0]["n"]["value"] == "7"
        deadline = time.monotonic() + 5
        while client.get("/dumps/").status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert client.get("/dumps/").status_code == 200
    finally:
        state.close(app)


def test_a_failed_dump_writer_is_not_pending_forever(tmp_path):
    from tipkg.query import dumps_writer

    broken = tmp_path / "dataset.nq"
    broken.write_text("<http://example.org/a> <http://example.org/b> .\n", encoding="utf-8")  # not N-Quads
    with pytest.raises(SyntaxError):
        dumps_writer.main(str(broken), str(tmp_path / "dumps"))
    assert "SyntaxError" in (tmp_path / "dumps.failed").read_text(encoding="utf-8")
    source = data_source.DataSource("v", {}, tmp_path / "dumps", None, None, dumps_writer=object())
    assert not source.dumps_pending
    (tmp_path / "dumps.failed").unlink()
    assert source.dumps_pending
