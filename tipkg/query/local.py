"""``tipkg query``: one query run in-process on the current build, shown as a text table."""

from __future__ import annotations

import json

from tipkg.config import Settings
from tipkg.errors import BadRequest
from tipkg.formats import by_name
from tipkg.namespaces import PREFIXES
from tipkg.query import source as data_source
from tipkg.query.service import BaseStore
from tipkg.workers.query_worker import Engine


def run_local_query(settings: Settings, query: str, result_format: str) -> str:
    """``tipkg query``: run one query in-process on the current build (no deadline).

    ``table`` prints an aligned text table (or ``yes``/``no``, or Turtle for graphs).
    """
    info = BaseStore(settings).check(query)
    fmt = None
    if result_format != "table":
        fmt = by_name(result_format)
        if fmt is None:
            raise BadRequest(f"Unknown format {result_format!r}.")
    elif info.kind != "graph":
        fmt = by_name("json")
    source = data_source.prepare(settings.replace(store_dir=None))
    try:
        engine = Engine.open(source.worker_source)
        reply = engine.execute({"query": query, "format": fmt.name if fmt else None, "limit": None})
    finally:
        source.cleanup()
    if result_format != "table" or reply["kind"] == "graph":
        return reply["body"].decode("utf-8")
    return render_table(reply["body"])


def render_table(json_body: bytes) -> str:
    """SPARQL JSON → an aligned text table (terms in N-Triples-like short form)."""
    doc = json.loads(json_body)
    if "boolean" in doc:
        return "yes\n" if doc["boolean"] else "no\n"
    names = doc["head"]["vars"]
    rows = [[_short(row.get(n)) for n in names] for row in doc["results"]["bindings"]]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _short(term: dict | None) -> str:
    if term is None:
        return ""
    value = term["value"]
    if term["type"] == "uri":
        for prefix, iri in PREFIXES.items():
            if value.startswith(iri) and value != iri:
                return f"{prefix}:{value[len(iri):]}"
        return f"<{value}>"
    if term["type"] == "bnode":
        return f"_:{value}"
    if "xml:lang" in term:
        return f'"{value}"@{term["xml:lang"]}'
    return value if "datatype" in term else f'"{value}"'
