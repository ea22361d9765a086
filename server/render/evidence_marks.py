"""A report's text as HTML with the evidence spans marked.

Offsets are Unicode code points (Python ``str`` indices), as ``oa:start``/``oa:end``
are. Properly nested spans become nested ``<mark>`` elements; a span that crosses
the end of an earlier one is split at that end into pieces (marked ``class="cut"``),
so every mark's text is exactly its span or a piece of it. A mark without marks inside holds an ``<a>``
to its fact; an outer mark carries the link in ``data-href`` (anchors cannot nest) and
in the evidence list below the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape


@dataclass
class Span:
    start: int
    end: int
    facts: list[tuple[str, str]] = field(default_factory=list)
    """(link, label) of every fact this span is evidence for."""
    exact: str = ""
    children: list[Span] = field(default_factory=list)
    cut: bool = False

    @property
    def anchor(self) -> str:
        return f"span-{self.start}-{self.end}"


def merge(spans: list[Span]) -> list[Span]:
    """One span per (start, end), facts combined, sorted by start then longest first."""
    by_range: dict[tuple[int, int], Span] = {}
    for span in spans:
        known = by_range.setdefault((span.start, span.end), Span(span.start, span.end, exact=span.exact))
        for fact in span.facts:
            if fact not in known.facts:
                known.facts.append(fact)
    return sorted(by_range.values(), key=lambda s: (s.start, -s.end))


def nest(spans: list[Span], length: int) -> list[Span]:
    """Arrange sorted, merged spans into a forest.

    A span that crosses the end of the span it starts in is split there: the piece
    inside nests, the rest goes on as its own piece (both marked ``cut``), so every
    code point of every span stays marked.
    """
    roots: list[Span] = []
    stack: list[Span] = []
    pending = [s for s in spans if 0 <= s.start < s.end <= length]  # outside offsets cannot be shown
    pending.sort(key=lambda s: (s.start, -s.end), reverse=True)  # pop() takes the next span
    while pending:
        span = pending.pop()
        while stack and stack[-1].end <= span.start:
            stack.pop()
        if stack and span.end > stack[-1].end:
            rest = Span(stack[-1].end, span.end, span.facts, span.exact, cut=True)
            span = Span(span.start, stack[-1].end, span.facts, span.exact, cut=True)
            pending.append(rest)
            pending.sort(key=lambda s: (s.start, -s.end), reverse=True)
        (stack[-1].children if stack else roots).append(span)
        stack.append(span)
    return roots


def render(text: str, spans: list[Span]) -> Markup:
    """The whole text, escaped, with ``<mark>`` elements for ``spans``."""
    forest = nest(merge(spans), len(text))
    return Markup(_render_range(text, 0, len(text), forest))


def _render_range(text: str, start: int, end: int, spans: list[Span]) -> str:
    out, at = [], start
    for span in spans:
        out.append(str(escape(text[at:span.start])))
        out.append(_render_span(text, span))
        at = span.end
    out.append(str(escape(text[at:end])))
    return "".join(out)


def _render_span(text: str, span: Span) -> str:
    href, _ = span.facts[0] if span.facts else ("#", "")
    title = "; ".join(label for _, label in span.facts)
    classes = "ev cut" if span.cut else "ev"
    attrs = (
        (f' id="{span.anchor}"' if not span.cut else "")  # pieces of a split span share no id
        + f' class="{classes}" data-start="{span.start}" data-end="{span.end}"'
        f' data-href="{escape(href)}" title="{escape(title)}"'
    )
    if span.children:
        inner = _render_range(text, span.start, span.end, span.children)
        return f"<mark{attrs}>{inner}</mark>"
    return f'<mark{attrs}><a href="{escape(href)}">{escape(text[span.start:span.end])}</a></mark>'
