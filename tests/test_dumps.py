"""/dumps/: index, streamed files with ETag/Last-Modified/Content-Length, 304, HEAD, rapper."""

from __future__ import annotations

import hashlib
import shutil
import subprocess

import pytest
import requests

RAPPER = {"dataset.ttl": "turtle", "dataset.nt": "ntriples", "dataset.trig": "trig", "dataset.nq": "nquads"}


@pytest.fixture()
def index(ld_client):
    r = ld_client.get("/dumps/", headers={"Accept": "application/json"})
    assert r.status_code == 200
    return r.json


def test_index_lists_every_dump_and_its_gzip(index, ld_client):
    names = {f["name"] for f in index["files"]}
    for base in ("dataset.ttl", "dataset.nt", "dataset.trig", "dataset.nq", "dataset.jsonld"):
        assert base in names and base + ".gz" in names
    assert index["triples"] > 0
    page = ld_client.get("/dumps/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert all(f'href="/dumps/{n}"' in page for n in names)


def test_each_file_matches_its_manifest_entry(index, ld_client):
    for entry in index["files"]:
        r = ld_client.get(f"/dumps/{entry['name']}")
        body = r.get_data()
        assert r.status_code == 200
        assert hashlib.sha256(body).hexdigest() == entry["sha256"]
        assert r.headers["ETag"] == f'"{entry["sha256"]}"'
        assert int(r.headers["Content-Length"]) == entry["bytes"] == len(body)
        assert r.headers["Content-Disposition"] == f"attachment; filename={entry['name']}"
        assert "Last-Modified" in r.headers
        assert r.mimetype == ("application/gzip" if entry["name"].endswith(".gz") else entry["media_type"])


def test_conditional_requests_and_head(index, ld_client):
    entry = next(f for f in index["files"] if f["name"] == "dataset.nt")
    first = ld_client.get("/dumps/dataset.nt")
    first.close()
    assert ld_client.get("/dumps/dataset.nt", headers={"If-None-Match": f'"{entry["sha256"]}"'}).status_code == 304
    assert ld_client.get("/dumps/dataset.nt", headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304
    assert ld_client.get("/dumps/dataset.nt", headers={"If-None-Match": '"other"'}).status_code == 200
    head = ld_client.head("/dumps/dataset.nt")
    assert head.status_code == 200 and int(head.headers["Content-Length"]) == entry["bytes"] and head.get_data() == b""


def test_unknown_dump_is_404_json(ld_client):
    r = ld_client.get("/dumps/passwd")
    assert r.status_code == 404 and "dataset.ttl" in r.json["error"]["available"]
    assert ld_client.get("/dumps/..%2fmanifest.json").status_code == 404


@pytest.mark.skipif(shutil.which("rapper") is None, reason="needs Debian's raptor2-utils")
def test_rapper_parses_every_dump_over_http(ld_server, tmp_path):
    index = requests.get(f"{ld_server.url}/dumps/index.json", timeout=30).json()
    for name, syntax in RAPPER.items():
        path = tmp_path / name
        with requests.get(f"{ld_server.url}/dumps/{name}", stream=True, timeout=60) as r:
            assert r.status_code == 200 and "Content-Encoding" not in r.headers
            with path.open("wb") as out:
                for chunk in r.iter_content(1 << 16):
                    out.write(chunk)
        run = subprocess.run(["rapper", "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        count = int(run.stderr.strip().split()[-2]) if "returned" in run.stderr else None
        expected = index["quads"] if syntax in ("trig", "nquads") else index["triples"]
        assert count == expected, (name, run.stderr)
