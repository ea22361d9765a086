"""Marking evidence spans in a report's text: nesting, cuts, escaping."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from tipkg.server.render.evidence_marks import Span, render


def _plain(markup: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_nested_spans_become_nested_marks_and_leaves_link():
    text = "Sebanyak 55 WNI di Kamboja diselamatkan."
    outer = Span(0, 39, [("/id/observation/o", "55 rescued")])
    inner = Span(text.index("Kamboja"), text.index("Kamboja") + 7, [("/id/country/kh", "Cambodia")])
    out = str(render(text, [inner, outer]))
    assert out.startswith('<mark id="span-0-39" class="ev"')
    assert 'data-href="/id/observation/o"' in out
    assert f'<mark id="span-{inner.start}-{inner.end}" class="ev"' in out and '<a href="/id/country/kh">Kamboja</a>' in out
    assert _plain(out) == text


def test_crossing_span_is_cut_and_text_kept():
    text = "abcdefghij"
    out = str(render(text, [Span(0, 5, [("/a", "a")]), Span(3, 8, [("/b", "b")])]))
    assert 'class="ev cut"' in out and _plain(out) == text


def test_text_is_escaped_and_offsets_are_code_points():
    text = "“<b>” & ü 😀 end"
    start = text.index("😀")
    out = str(render(text, [Span(start, start + 1, [("/x", "emoji")])]))
    assert "<b>" not in out and "&lt;b&gt;" in out
    assert '<a href="/x">😀</a>' in out


@given(st.text(min_size=1, max_size=60), st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=8))
def test_any_spans_keep_the_text_intact(text, pairs):
    spans = [Span(min(a, b), max(a, b), [(f"/f{i}", "f")]) for i, (a, b) in enumerate(pairs)]
    out = str(render(text, spans))
    assert _plain(out) == text
    for start, end, shown in re.findall(r'<mark id="span-(\d+)-(\d+)" class="ev" [^>]*><a [^>]*>([^<]*)</a>', out):
        assert _plain(shown) == text[int(start):int(end)]
