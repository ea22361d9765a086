"""Accept headers real SPARQL clients send, against the endpoint's candidate formats."""

from __future__ import annotations

import pytest

from tipkg.errors import NotAcceptable
from tipkg.formats import by_name
from tipkg.server.http.negotiation import choose, parse_accept
from tipkg.server.routes.sparql import GRAPH_FORMATS, SOLUTION_FORMATS

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.mark.parametrize(
    "accept, expected",
    [
        (None, "json"),
        ("*/*", "json"),
        (BROWSER, "json"),
        ("application/sparql-results+json,application/json,text/javascript,application/javascript", "json"),
        ("application/sparql-results+xml", "xml"),
        ("application/sparql-results+xml;q=0.8, application/sparql-results+json;q=0.9", "json"),
        ("text/*", "csv"),
        ("text/tab-separated-values, text/csv;q=0.1", "tsv"),
        ("application/json;q=0.2, text/csv;q=0.3", "csv"),
        ("APPLICATION/SPARQL-RESULTS+XML", "xml"),
    ],
)
def test_solutions(accept, expected):
    assert choose(accept, SOLUTION_FORMATS, SOLUTION_FORMATS[0]).name == expected


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("*/*", "turtle"),
        (BROWSER, "rdfxml"),  # the browser names application/xml at q=0.9
        ("application/rdf+xml", "rdfxml"),
        ("application/ld+json,application/x-json+ld", "jsonld"),
        ("text/turtle;q=0.5, application/n-triples", "ntriples"),
        ("application/trig", "trig"),
        ("text/plain", "ntriples"),
    ],
)
def test_graphs(accept, expected):
    assert choose(accept, GRAPH_FORMATS, GRAPH_FORMATS[0]).name == expected


def test_nothing_fits_is_406():
    with pytest.raises(NotAcceptable):
        choose("image/png", SOLUTION_FORMATS, SOLUTION_FORMATS[0])
    with pytest.raises(NotAcceptable):
        choose("application/sparql-results+json;q=0", SOLUTION_FORMATS, SOLUTION_FORMATS[0])
    # a q=0 refusal beats a wildcard
    assert choose("*/*, application/sparql-results+json;q=0", SOLUTION_FORMATS, by_name("json")).name == "xml"


def test_parse_accept_q_values():
    assert parse_accept("a/b;q=0.5;charset=x, c/d;q=nonsense, *") == [("a/b", 0.5), ("c/d", 1.0), ("*/*", 1.0)]
