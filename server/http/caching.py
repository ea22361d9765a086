"""ETag and Last-Modified on generated pages, and 304 answers to conditional requests.

The ETag is a hash of the body (cheap at page sizes); Last-Modified is when the
served build was made. Pages are public and change only with the build.
"""

from __future__ import annotations

from flask import Response, request

from tipkg.server import state


def finish(response: Response, max_age: int = 300) -> Response:
    """Add validators and caching headers, then answer 304 when the client is up to date."""
    if response.status_code != 200 or response.is_streamed:
        return response
    response.add_etag()
    response.last_modified = state.modified()
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    return response.make_conditional(request)
