"""Safe RDF parsing: named graphs kept, lexical forms kept, nothing fetched, precise errors."""

from __future__ import annotations

import http.server
import threading

import pytest
from rdflib import Literal, URIRef

from tipkg.errors import DataSyntaxError, ForbiddenOperation, UnsupportedMediaType
from tipkg.formats import by_name
from tipkg.rdfio import DEFAULT_BASE, guess_format, parse_rdf

EX = "http://example.org/"


@pytest.fixture()
def watcher():
    """A real HTTP server on loopback that counts the requests it gets (must stay 0)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            body = b'{"@context": {"name": "http://example.org/name"}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


def test_trig_keeps_named_and_default_graphs():
    ds = parse_rdf(f"<{EX}a> <{EX}p> 1 . <{EX}g> {{ <{EX}b> <{EX}p> 2 . }}".encode(), by_name("trig"))
    graphs = {str(g.identifier): len(g) for g in ds.graphs() if len(g)}
    assert graphs == {"urn:x-rdflib:default": 1, EX + "g": 1}


def test_jsonld_inline_context_parses():
    doc = b'{"@context": {"name": "http://example.org/name"}, "@id": "http://example.org/a", "name": "A"}'
    ds = parse_rdf(doc, by_name("jsonld"))
    assert (URIRef(EX + "a"), URIRef(EX + "name"), Literal("A")) in ds


@pytest.mark.parametrize("shape", [
    '{{"@context": "{url}/ctx", "@id": "http://example.org/a"}}',
    '{{"@context": ["{url}/ctx", {{"x": "http://example.org/x"}}], "@id": "http://example.org/a"}}',
    '{{"@graph": [{{"@context": "{url}/ctx", "@id": "http://example.org/a"}}]}}',
    '{{"@context": {{"p": {{"@id": "http://example.org/p", "@context": "{url}/ctx"}}}}, "@id": "http://example.org/a"}}',
    '{{"@context": {{"@import": "{url}/ctx"}}, "@id": "http://example.org/a"}}',
])
def test_jsonld_remote_context_is_refused_and_not_fetched(watcher, shape):
    url, hits = watcher
    with pytest.raises(ForbiddenOperation, match="context"):
        parse_rdf(shape.format(url=url).encode(), by_name("jsonld"))
    assert hits == []


def test_rdfxml_external_entity_is_refused(tmp_path, watcher):
    url, hits = watcher
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    for doctype in (f'<!DOCTYPE rdf:RDF [ <!ENTITY x SYSTEM "{secret.as_uri()}"> ]>',
                    f'<!DOCTYPE rdf:RDF SYSTEM "{url}/dtd">'):
        doc = f"""<?xml version="1.0"?>{doctype}
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>&x;</ex:p></rdf:Description>
</rdf:RDF>"""
        with pytest.raises(ForbiddenOperation, match="external"):
            parse_rdf(doc.encode(), by_name("rdfxml"))
    assert hits == []


def test_rdfxml_internal_entity_is_fine():
    doc = b"""<?xml version="1.0"?><!DOCTYPE rdf:RDF [ <!ENTITY ex "http://example.org/"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="&ex;a"><ex:p>v</ex:p></rdf:Description>
</rdf:RDF>"""
    ds = parse_rdf(doc, by_name("rdfxml"))
    assert (URIRef(EX + "a"), URIRef(EX + "p"), Literal("v")) in ds


def test_invalid_utf8():
    with pytest.raises(DataSyntaxError, match="UTF-8"):
        parse_rdf(b'<http://a> <http://b> "\xff" .', by_name("ntriples"))


@pytest.mark.parametrize(("fmt", "data", "where"), [
    ("turtle", '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n', "line 3"),
    ("ntriples", "<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n", "line 2"),
    ("nquads", "<http://a> <http://b> <http://c> <http://g> .\n\n<http://a> .\n", "line 3"),
    ("rdfxml", "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n<rdf:Description></rdf:RDF>", ":2:"),
    ("jsonld", '{\n"@id": "http://a", \n', "line 3"),
])
def test_syntax_errors_name_the_line(fmt, data, where):
    with pytest.raises(DataSyntaxError) as caught:
        parse_rdf(data.encode(), by_name(fmt))
    assert where in caught.value.message
    assert caught.value.status == 400


def test_relative_iris_never_become_file_iris():
    ds = parse_rdf(b"<a> <http://example.org/p> <b> .", by_name("turtle"))
    subjects = {str(s) for s, _, _, _ in ds.quads()}
    assert subjects == {DEFAULT_BASE + "a"}
    ds = parse_rdf(b"<a> <http://example.org/p> <b> .", by_name("turtle"), base="http://example.org/doc/")
    assert {str(s) for s, _, _, _ in ds.quads()} == {"http://example.org/doc/a"}


def test_literals_keep_their_lexical_form():
    ds = parse_rdf(b'<http://a> <http://b> "01"^^<http://www.w3.org/2001/XMLSchema#integer>, "abc"^^<http://www.w3.org/2001/XMLSchema#integer> .', by_name("turtle"))
    literals = sorted(str(o) for _, _, o, _ in ds.quads())
    assert literals == ["01", "abc"]
    assert any(getattr(o, "ill_typed", False) for _, _, o, _ in ds.quads())
    import rdflib

    assert rdflib.NORMALIZE_LITERALS is True  # restored afterwards


def test_guess_format():
    assert guess_format("x/data.ttl").name == "turtle"
    assert guess_format("data.jsonld").name == "jsonld"
    assert guess_format("d.nq").name == "nquads"
    assert guess_format("d.rdf").name == "rdfxml"
    with pytest.raises(UnsupportedMediaType):
        guess_format("d.txt")


def test_results_formats_are_not_rdf():
    with pytest.raises(UnsupportedMediaType):
        parse_rdf(b"{}", by_name("json"))


XSD_NS = "http://www.w3.org/2001/XMLSchema#"
ODD_LITERALS = f"""
    <{EX}a> <{EX}p> "x"^^<{XSD_NS}boolean>, "TRUE"^^<{XSD_NS}boolean>, "1"^^<{XSD_NS}boolean>, true,
        "01"^^<{XSD_NS}integer>, "abc"^^<{XSD_NS}integer>, 42, -7,
        "1.50E2"^^<{XSD_NS}double>, "1"^^<{XSD_NS}decimal>, 2.50, "1/3"^^<http://www.w3.org/2002/07/owl#rational> .
"""


def test_ill_typed_literals_parse_quietly(caplog):
    """"x"^^xsd:boolean has no value (rdflib warned "Parsing weird boolean", an error under
    pytest, and called it False); "abc"^^xsd:integer logged a traceback. Both are data."""
    caplog.set_level("WARNING")
    ds = parse_rdf(ODD_LITERALS.encode(), by_name("turtle"))
    values = {(str(o), o.datatype.rsplit("#")[-1]): o for _, _, o, _ in ds.quads()}
    assert values["x", "boolean"].value is None and values["x", "boolean"].ill_typed
    assert values["TRUE", "boolean"].value is None and values["TRUE", "boolean"].ill_typed
    assert values["1", "boolean"].value is True and not values["1", "boolean"].ill_typed
    assert values["abc", "integer"].value is None and values["abc", "integer"].ill_typed
    assert "Failed to convert" not in caplog.text


@pytest.mark.parametrize("name", ["turtle", "trig", "jsonld", "ntriples", "nquads", "rdfxml"])
def test_written_literals_read_back_the_same(name):
    """Every lexical form survives the writer: rdflib's own writer made "x"^^xsd:boolean
    ``x`` (not Turtle), "1.50E2"^^xsd:double ``1.5e+02``, and "01" the JSON number 1. Read
    back by a spec-conforming parser (pyoxigraph): rdflib's Turtle reader itself turns the
    valid token ``01`` into "1"."""
    import pyoxigraph as ox

    from tipkg.rdfio import from_rdflib, write_rdf

    ds = parse_rdf(ODD_LITERALS.encode(), by_name("turtle"))
    fmt = by_name(name)
    again = {(q.subject, q.predicate, q.object) for q in ox.parse(write_rdf(ds, fmt), getattr(ox.RdfFormat, fmt.oxigraph))}
    assert again == {(q.subject, q.predicate, q.object) for q in from_rdflib(ds)}
    assert len(again) == 12


def test_jsonld_is_the_same_bytes_in_every_process():
    """rdflib's JSON-LD follows set and dict order, which changes with the hash seed."""
    import subprocess
    import sys

    script = (
        "import sys\nfrom rdflib import Graph, BNode, Literal, URIRef\nfrom tipkg.formats import by_name\n"
        "from tipkg.rdfio import write_rdf\ng = Graph()\n"
        "for i in range(8):\n"
        f"    g.add((URIRef('{EX}s%d' % i), URIRef('{EX}p'), Literal(i)))\n"
        f"    g.add((URIRef('{EX}a'), URIRef('{EX}q'), BNode('x%d' % i)))\n"
        f"    g.add((BNode('x%d' % i), URIRef('{EX}v'), Literal('v%d' % i)))\n"
        "sys.stdout.buffer.write(write_rdf(g, by_name('jsonld')))\n"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", script], capture_output=True, check=True, env={"PYTHONHASHSEED": str(seed)}).stdout
        for seed in (1, 2, 3, 4)
    }
    assert len(outputs) == 1
    assert b'"_:x7"' in outputs.pop()
