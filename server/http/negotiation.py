"""Content negotiation: pick a :class:`~tipkg.formats.Format` from an ``Accept`` header.

Honours q-values, ``type/*`` and ``*/*`` wildcards and media-type specificity
(RFC 9110 §12.5.1). Ties go to the earliest candidate, so callers list their
preferred representation first.
"""

from __future__ import annotations

from tipkg.errors import NotAcceptable
from tipkg.formats import Format


def parse_accept(header: str) -> list[tuple[str, float]]:
    """``"text/html;q=0.9, */*;q=0.1"`` → ``[("text/html", 0.9), ("*/*", 0.1)]``.

    Malformed q-values count as 1; media types are lower-cased, parameters other than
    ``q`` are dropped.

    >>> parse_accept("text/turtle;q=0.5, application/ld+json")
    [('text/turtle', 0.5), ('application/ld+json', 1.0)]
    """
    ranges = []
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        if "/" not in media:
            media = "*/*" if media == "*" else media + "/*"
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 1.0
        ranges.append((media, q))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """The q of the most specific range matching ``media_type``, and that specificity."""
    major = media_type.split("/", 1)[0]
    best = (-1.0, -1)
    for media, q in ranges:
        if media == media_type:
            specificity = 2
        elif media == major + "/*":
            specificity = 1
        elif media == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best[1]:
            best = (q, specificity)
    return best


def choose(accept_header: str | None, candidates: list[Format], default: Format) -> Format:
    """The candidate the client prefers; ``default`` when there is no ``Accept`` header.

    :raises NotAcceptable: when no candidate is acceptable (every match has q=0).

    >>> from tipkg.formats import by_name
    >>> ttl, jsonld = by_name("turtle"), by_name("jsonld")
    >>> choose("application/ld+json;q=0.9, text/turtle", [jsonld, ttl], jsonld).name
    'turtle'
    >>> choose("", [jsonld, ttl], ttl).name
    'turtle'
    """
    if not accept_header or not accept_header.strip():
        return default
    ranges = parse_accept(accept_header)
    if not ranges:
        return default
    best: tuple[float, int, int] | None = None
    chosen = None
    for order, fmt in enumerate(candidates):
        # a format answers for all its media types (aliases such as application/x-turtle),
        # but only an explicit range names an alias: a wildcard must not override a q=0
        # given to the media type actually sent
        q, specificity = max(
            [_quality(fmt.media_type, ranges)]
            + [found for found in (_quality(m, ranges) for m in fmt.aliases) if found[1] == 2]
        )
        if q <= 0:
            continue
        key = (q, specificity, -order)
        if best is None or key > best:
            best, chosen = key, fmt
    if chosen is None:
        offered = ", ".join(fmt.media_type for fmt in candidates)
        raise NotAcceptable(f"None of the acceptable media types is available here; this resource offers: {offered}.", offered=[f.media_type for f in candidates])
    return chosen
