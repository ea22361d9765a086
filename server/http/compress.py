"""gzip for large responses, in one place for every blueprint.

A response is compressed when the client accepts gzip, it is larger than
:data:`MIN_BYTES`, its type is textual (HTML, RDF, JSON, CSV …), and it is not a
streamed file (dumps are streamed as they are; their ``.gz`` twins exist for that).
Compressed responses get a weak ETag (the bytes differ from the identity encoding).
"""

from __future__ import annotations

import gzip

from flask import Flask, Response, request

from tipkg.server import state

MIN_BYTES = 1024
TEXTUAL = ("text/", "application/json", "application/ld+json", "application/sparql-results", "application/n-triples",
           "application/n-quads", "application/trig", "application/rdf+xml", "application/xml", "application/javascript",
           "image/svg+xml")


def init_app(app: Flask) -> None:
    """Register the after-request hook once (idempotent)."""
    if not state.register_once(app, "compress"):
        return
    app.after_request(compress)


def _accepts_gzip() -> bool:
    return request.accept_encodings["gzip"] > 0  # also true for "*"


def compress(response: Response) -> Response:
    response.vary.add("Accept-Encoding")
    if (
        response.status_code != 200
        or response.direct_passthrough
        or response.is_streamed
        or "Content-Encoding" in response.headers
        or not (response.mimetype or "").startswith(TEXTUAL)
        or not _accepts_gzip()
    ):
        return response
    body = response.get_data()
    if len(body) < MIN_BYTES:
        return response
    response.set_data(gzip.compress(body, compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    etag, weak = response.get_etag()
    if etag and not weak:
        response.set_etag(etag, weak=True)
    return response
