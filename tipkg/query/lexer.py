"""What a SPARQL request is before it runs: its form, its dataset clauses, its SERVICE calls.

A small lexer (IRIs, strings, comments, variables and prefixed names are tokens of their
own, so ``"SERVICE"``, ``ex:SERVICE`` or ``?service`` are never mistaken for the keyword)
finds the facts the server must know without evaluating anything:

- the query form (``SELECT``/``ASK``/``CONSTRUCT``/``DESCRIBE``), to negotiate a format;
- whether the text is a SPARQL Update (refused: the endpoint is read-only);
- whether it has ``FROM``/``FROM NAMED`` (then the query's own dataset is used);
- every ``SERVICE`` endpoint (refused unless allow-listed; pyoxigraph would call it).

The engine's parser still decides whether the query is valid; this module only has to be
right about valid queries, and errs towards finding a SERVICE keyword.

>>> info = analyse('PREFIX ex: <http://ex.org/> SELECT * { SERVICE ex:s { ?s ?p "SERVICE" } }')
>>> info.form, info.services
('SELECT', ('http://ex.org/s',))
>>> analyse("INSERT DATA { <a> <b> <c> }").is_update
True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from tipkg.errors import ForbiddenOperation
from tipkg.namespaces import PREFIXES

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")

_PN_CHARS = r"A-Za-z0-9_\-\u00B7-\U000EFFFF"
_NAME_START = r"A-Za-z_\u00C0-\U000EFFFF"
# Every pattern matches in time linear in what it consumes, and a token that starts always
# ends (an unterminated string runs to the end of its line or of the text): with
# backtracking, texts such as '"\\' * 30000 or 'a-' * 50000 took 20-30 s per request in
# the web process, outside any query deadline. Hence the possessive quantifiers (*+, ++).
# Prefixed names and keywords are one ``name`` pattern, told apart by the colon.
_TOKEN = re.compile(
    r"""
    (?P<ws>\s++)
  | (?P<comment>\#[^\n\r]*+)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*+>)
  | (?P<string>\"\"\"(?:[^"\\]++|\\.|"(?!""))*+(?:\"\"\"|\\?\Z)|'''(?:[^'\\]++|\\.|'(?!''))*+(?:'''|\\?\Z)|"(?:[^"\\\n\r]++|\\.)*+"?|'(?:[^'\\\n\r]++|\\.)*+'?)
  | (?P<var>[?$][""" + _PN_CHARS + r"""]++)
  | (?P<bnode>_:[""" + _PN_CHARS + r""".]*+)
  | (?P<langtag>@[A-Za-z]++(?:-[A-Za-z0-9]++)*+)
  | (?P<name>(?:[""" + _NAME_START + r"""][""" + _PN_CHARS + r""".]*+)?:(?:\\.|[""" + _PN_CHARS + r""":.%])*+|[""" + _NAME_START + r"""][""" + _PN_CHARS + r""".]*+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_OPEN, _CLOSE, _PREFIX_OPERATORS = "{([", "})]", "!+-^"

MAX_NESTING = 100
"""The deepest nesting of brackets (``{``, ``(``, ``[``) and chained unary operators a
query may have. pyoxigraph's parser recurses on nesting (it crashed its process from
about 1,000 levels on an 8 MB stack) and takes exponential time on nested collections
and blank nodes (about 7 s at 200 levels); real queries nest less than 20 deep."""


@dataclass(frozen=True)
class QueryInfo:
    form: str | None
    """``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``, or None (an update, or no query at all)."""
    is_update: bool
    has_dataset_clause: bool
    """The query names its own dataset with ``FROM``/``FROM NAMED``."""
    services: tuple[str, ...]
    """SERVICE endpoints (resolved IRIs); ``?var`` for a variable endpoint."""
    nesting: int = 0
    """The deepest nesting of brackets and unary operators (see :data:`MAX_NESTING`)."""

    @property
    def kind(self) -> str:
        """``bindings``, ``boolean`` or ``graph``: the kind of answer the form gives."""
        if self.form == "ASK":
            return "boolean"
        return "graph" if self.form in GRAPH_FORMS else "bindings"


def tokens(text: str) -> list[tuple[str, str]]:
    """The significant tokens of ``text`` as (kind, value): no whitespace, no comments.

    Kinds: ``iri``, ``string``, ``var``, ``bnode``, ``langtag``, ``pname`` (has a colon),
    ``word`` (keywords and other bare names) and ``other`` (one character).
    """
    out = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("ws", "comment"):
            continue
        value = match.group()
        if kind == "name":
            kind = "pname" if ":" in value else "word"
        out.append((kind, value))
    return out


CACHED_TEXT_CHARS = 8192
"""Texts up to this long have their analysis remembered (at most 2,048 of them, so at
most 16 MB): a server sees the same queries again and again, and lexing was about a
tenth of a lookup's time in the server process (docs/benchmarks.md)."""


def analyse(text: str) -> QueryInfo:
    """Lex ``text`` and report its form, update-ness, dataset clauses and SERVICE endpoints."""
    return _analyse_cached(text) if len(text) <= CACHED_TEXT_CHARS else _analyse(text)


@functools.lru_cache(maxsize=2048)
def _analyse_cached(text: str) -> QueryInfo:
    return _analyse(text)


def _analyse(text: str) -> QueryInfo:
    toks = tokens(text)
    prefixes: dict[str, str] = dict(PREFIXES)  # the engine declares these for every query
    base = ""
    form = None
    first_keyword = None
    has_from = False
    services: list[str] = []
    depth = nesting = run = 0
    i = 0
    while i < len(toks):
        kind, value = toks[i]
        depth, run, nesting = _nest(kind, value, depth, run, nesting)
        upper = value.upper() if kind in ("word", "pname") else ""
        if upper == "PREFIX" and i + 2 < len(toks) and toks[i + 1][0] == "pname" and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1][:-1]] = urljoin(base, toks[i + 2][1][1:-1])
            depth, run, nesting = _nest(*toks[i + 2], depth, run, nesting)
            i += 3
            continue
        if upper == "BASE" and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            base = urljoin(base, toks[i + 1][1][1:-1])
            depth, run, nesting = _nest(*toks[i + 1], depth, run, nesting)
            i += 2
            continue
        if kind == "word" and first_keyword is None:
            first_keyword = upper
            if upper in QUERY_FORMS:
                form = upper
        if upper == "FROM":
            has_from = True
        if upper.startswith("SERVICE"):
            # pyoxigraph reads keywords without a word boundary: "SERVICESILENT<…>",
            # "SERVICEex:s" and "SERVICE:s" all call out. Any name that starts with
            # SERVICE counts (the cost: a prefix named service… is refused too).
            services.append(_service_endpoint(value[len("SERVICE"):], toks, i + 1, prefixes, base))
        i += 1
    is_update = first_keyword in UPDATE_KEYWORDS
    return QueryInfo(form, is_update, has_from, tuple(services), nesting)


def _nest(kind: str, value: str, depth: int, run: int, nesting: int) -> tuple[int, int, int]:
    """Track bracket depth and runs of unary operators; brackets inside an ``iri`` token
    count too (``?a<STR(STR(…>?b`` lexes as an IRI but parses as comparisons)."""
    if kind == "other" and value in _PREFIX_OPERATORS:
        return depth, run + 1, max(nesting, depth + run + 1)
    if kind in ("other", "iri"):
        for char in value:
            if char in _OPEN:
                depth += 1
                nesting = max(nesting, depth)
            elif char in _CLOSE:
                depth = max(0, depth - 1)
    return depth, 0, nesting


def _service_endpoint(rest: str, toks: list[tuple[str, str]], j: int, prefixes: dict[str, str], base: str) -> str:
    """The endpoint after ``SERVICE``: ``rest`` is what was glued to the keyword."""
    for candidate in (rest, rest[len("SILENT"):] if rest.upper().startswith("SILENT") else None):
        if candidate is None:
            continue
        if candidate == "":
            if j < len(toks) and toks[j][0] == "word" and toks[j][1].upper() == "SILENT":
                j += 1
            if j < len(toks) and toks[j][0] == "pname" and toks[j][1].upper().startswith("SILENT"):
                glued = _endpoint(("pname", toks[j][1][len("SILENT"):]), prefixes, base)
                if ":" in glued and not glued.startswith(":"):
                    return glued
            return _endpoint(toks[j] if j < len(toks) else ("other", ""), prefixes, base)
        if ":" in candidate:
            resolved = _endpoint(("pname", candidate), prefixes, base)
            if resolved != candidate:
                return resolved
    return "SERVICE" + rest


def _endpoint(token: tuple[str, str], prefixes: dict[str, str], base: str) -> str:
    kind, value = token
    if kind == "iri":
        return urljoin(base, value[1:-1])
    if kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
    return value or "?"


def check_allowed(info: QueryInfo, service_allowlist: tuple[str, ...] | list[str] = ()) -> None:
    """Refuse updates and SERVICE calls to endpoints not allow-listed.

    :raises ForbiddenOperation: with a message naming what was refused.
    """
    if info.is_update:
        raise ForbiddenOperation("This is a read-only endpoint: SPARQL Update is not accepted.", operation="update")
    refused = [s for s in info.services if s not in service_allowlist]
    if refused:
        raise ForbiddenOperation(
            f"SPARQL SERVICE is not allowed on this endpoint (refused: {', '.join(refused)}); "
            "an operator may allow-list endpoints with --service-allow.",
            operation="service",
            endpoints=refused,
        )


def position(message: str) -> dict[str, int]:
    """Line and column from a pyoxigraph syntax message (``error at 3:10: …``), 1-based.

    >>> position("error at 3:10: expected OPTIONAL")
    {'line': 3, 'column': 10}
    """
    match = re.search(r"\bat (\d+):(\d+)", message)
    return {"line": int(match.group(1)), "column": int(match.group(2))} if match else {}
