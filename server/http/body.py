"""Reading a request body with its size limit enforced (shared by /sparql and /validate)."""

from __future__ import annotations

from flask import request

from tipkg.errors import PayloadTooLarge


def read_body(limit: int) -> bytes:
    """The whole request body, refusing more than ``limit`` bytes (413).

    Werkzeug cuts a chunked body at ``MAX_CONTENT_LENGTH`` without a word, so the raw
    input is read here and its real length checked, declared and actual.
    """
    length = request.content_length
    if length is not None and length > limit:
        raise PayloadTooLarge(f"The body is {length} bytes; the limit is {limit}.", limit_bytes=limit)
    chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    if length is None and not chunked and not request.environ.get("wsgi.input_terminated"):
        return b""  # no length, no chunking: there is no body to wait for
    stream = request.environ["wsgi.input"]
    parts, total = [], 0
    while True:
        chunk = stream.read(min(65536, limit + 1 - total)) if length is None else stream.read(min(65536, length - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        if total > limit:
            raise PayloadTooLarge(f"The body is larger than the limit of {limit} bytes.", limit_bytes=limit)
        if length is not None and total >= length:
            break
    return b"".join(parts)
