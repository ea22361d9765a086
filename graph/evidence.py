"""Find a supporting quote in its source text and describe it as Web Annotation selectors.

Offsets are in Unicode code points (Python string indices) of the file as received.
"""

from __future__ import annotations

from dataclasses import dataclass

from tipkg.errors import BuildError

CONTEXT = 32
"""Code points of prefix and suffix kept around an exact quote."""


@dataclass(frozen=True, order=True)
class Span:
    """One exact quote at its place in a source text."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def locate(text: str, quote: str, *, source: str) -> Span:
    """The one place ``quote`` stands in ``text``.

    Raises BuildError naming the source, the quote and the reason when the quote is
    missing, empty, or stands in more than one place (ambiguous).

    >>> locate("a cat and a dog", "cat", source="t").start
    2
    """
    if not quote or not quote.strip():
        raise BuildError(f"{source}: empty quote")
    first = text.find(quote)
    if first < 0:
        raise BuildError(f"{source}: quote not found in the text: {quote!r}")
    again = text.find(quote, first + 1)
    if again >= 0:
        raise BuildError(f"{source}: quote is ambiguous (found at {first} and {again}); quote more words: {quote!r}")
    return span_at(text, first, first + len(quote))


def span_at(text: str, start: int, end: int) -> Span:
    """The span ``text[start:end]`` with its context."""
    return Span(start, end, text[start:end], text[max(0, start - CONTEXT):start], text[end:end + CONTEXT])


def verify(text: str, span: Span, *, source: str) -> None:
    """Fail when a span's exact words are not at its offsets (the build's last check)."""
    if text[span.start:span.end] != span.exact:
        raise BuildError(f"{source}: exact quote is not at {span.start}-{span.end}: {span.exact!r}")
