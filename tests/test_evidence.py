import pytest

from tipkg.errors import BuildError
from tipkg.graph.evidence import CONTEXT, locate, span_at, verify

TEXT = "Para pemimpin ASEAN sepakat. Para pemimpin juga setuju. “Kutipan ini,” kata Kao."


def test_locate_gives_code_point_offsets_and_context():
    span = locate(TEXT, "Kutipan ini", source="t")
    assert TEXT[span.start:span.end] == "Kutipan ini"
    assert span.prefix == TEXT[max(0, span.start - CONTEXT):span.start]
    assert span.suffix == TEXT[span.end:span.end + CONTEXT]
    # the curly quote before it is one code point, not three UTF-8 bytes
    assert TEXT.encode("utf-8").find("Kutipan".encode()) != span.start


def test_missing_quote_fails_with_source_and_quote():
    with pytest.raises(BuildError, match=r"kompas\.toml.*not found.*Tidak ada"):
        locate(TEXT, "Tidak ada", source="kompas.toml")


def test_ambiguous_quote_fails():
    with pytest.raises(BuildError, match="ambiguous"):
        locate(TEXT, "Para pemimpin", source="t")


def test_empty_quote_fails():
    with pytest.raises(BuildError, match="empty"):
        locate(TEXT, "  ", source="t")


def test_verify_rejects_a_span_that_moved():
    span = span_at(TEXT, 0, 4)
    verify(TEXT, span, source="t")
    with pytest.raises(BuildError, match="not at"):
        verify("X" + TEXT, span, source="t")
