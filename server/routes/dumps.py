"""``/dumps/``: the dataset's dump files, streamed from the served build folder.

Each file (``dataset.ttl``, ``.nt``, ``.trig``, ``.nq``, ``.jsonld`` and their ``.gz``
twins) is sent with ``send_file``: read in blocks (memory does not grow with the file),
``Content-Length``, ``Content-Disposition: attachment``, ``ETag`` = the sha256 in the
manifest, ``Last-Modified`` = the file's time, 304 on ``If-None-Match`` /
``If-Modified-Since``, byte ranges, HEAD. ``.gz`` files are ``application/gzip``
downloads (not a transfer encoding). The index is HTML or JSON (``Accept`` or
``/dumps/index.json``).
"""

from __future__ import annotations

from flask import Blueprint, jsonify, send_file

from tipkg.errors import NotFound
from tipkg.server import state
from tipkg.server.http import caching, urls
from tipkg.server.render import responses

bp = Blueprint("dumps", __name__)

INDEX_FORMATS = [responses.HTML, responses.JSON]


def _entries() -> list[dict]:
    files = state.manifest().get("files", [])
    return sorted(files, key=lambda f: f["name"])


def index_body() -> dict:
    manifest = state.manifest()
    return {
        "version": manifest.get("version"),
        "triples": manifest.get("triples"),
        "quads": manifest.get("quads"),
        "graphs": manifest.get("graphs", []),
        "files": [
            {**entry, "url": urls.absolute("/dumps/" + entry["name"])}
            for entry in _entries()
        ],
    }


@bp.route("/dumps", methods=["GET", "HEAD"])
@bp.route("/dumps/", methods=["GET", "HEAD"])
@bp.route("/dumps/index.<ext>", methods=["GET", "HEAD"])
def index(ext: str | None = None):
    fmt = responses.pick(INDEX_FORMATS, ext)
    body = index_body()
    if fmt is responses.JSON:
        response = jsonify(body)
        response.vary.add("Accept")
        return caching.finish(response)
    return responses.page("dumps.html", body=body)


@bp.route("/dumps/<name>", methods=["GET", "HEAD"])
def download(name: str):
    entry = next((f for f in _entries() if f["name"] == name), None)
    if entry is None:
        raise NotFound(f"No dump named {name!r}; see /dumps/ for the list.", available=[f["name"] for f in _entries()])
    path = state.folder() / name
    gz = name.endswith(".gz")
    response = send_file(
        path,
        mimetype="application/gzip" if gz else entry["media_type"],
        as_attachment=True,
        download_name=name,
        etag=entry["sha256"],
        last_modified=path.stat().st_mtime,
        conditional=True,
        max_age=3600,
    )
    response.headers["Digest"] = "sha-256=" + _b64(entry["sha256"])
    response.cache_control.public = True
    return response


def _b64(hex_digest: str) -> str:
    import base64

    return base64.b64encode(bytes.fromhex(hex_digest)).decode("ascii")
