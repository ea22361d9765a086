"""Settings: defaults, overridden by ``TIPKG_*`` environment variables, overridden by flags.

This is the only module that reads ``os.environ``; everything else receives a
:class:`Settings`.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, fields
from pathlib import Path

from tipkg.namespaces import BASE


@dataclass(frozen=True)
class Settings:
    """Everything an operator can configure. Each field has env var ``TIPKG_<NAME>``."""

    base_iri: str = BASE
    """Public base of the data's IRIs; the server maps it onto its own host."""
    data_dir: Path = Path("data")
    """Where ``tipkg build`` writes the dataset and dumps, and ``serve`` reads them."""
    data_files: tuple[Path, ...] = ()
    """Serve these RDF files instead of the built dataset (``serve --data``)."""
    union_default_graph: bool = False
    """With ``--data``: a query's default graph is the RDF merge of all graphs, not the files' own default graph (the built dataset always has the merge)."""
    store_dir: Path | None = None
    """Keep the embedded pyoxigraph store on disk here (default: in memory)."""
    sparql_url: str | None = None
    """Forward queries to this remote SPARQL 1.1 endpoint instead of the embedded store."""
    host: str = "127.0.0.1"
    """Interface the server listens on."""
    port: int = 8000
    """Port the server listens on."""
    workers: int = 2
    """gunicorn worker processes."""
    query_workers: int = 2
    """Query processes per server process (a runaway query is stopped by ending its process)."""
    query_timeout: float = 10.0
    """Default deadline of one query, in seconds."""
    max_query_timeout: float = 30.0
    """The most a client may ask for with ``timeout=``."""
    result_limit: int = 10_000
    """The most rows (or triples) one response carries; a cut response says so."""
    answer_cache_mb: int = 32
    """Memory each server process gives to remembered answers (by dataset version, query, format and dataset parameters); 0 turns it off."""
    max_body_bytes: int = 5_000_000
    """The largest request body accepted (queries, validations)."""
    max_query_chars: int = 100_000
    """The longest SPARQL query text accepted."""
    validate_timeout: float = 20.0
    """Deadline of one ``POST /validate`` (parsing, inference and validation), in seconds."""
    validate_workers: int = 1
    """Validation processes per server process (a runaway validation is stopped by ending its process)."""
    max_inference_triples: int = 20_000
    """The most triples a ``/validate`` submission may have with inference (``rdfs`` or ``owlrl``, both polynomial); more is 413."""
    service_allowlist: tuple[str, ...] = ()
    """SPARQL SERVICE endpoints a query may call; empty means SERVICE is refused."""
    head_timeout: float = 10.0
    """Seconds a client has to send a request's line and headers (from its connection, or its first byte on a kept-alive one); then 408."""
    body_timeout: float = 10.0
    """Seconds a client has to send a request body, plus one second per ``body_min_rate`` bytes it sent; then 408."""
    body_min_rate: int = 16384
    """Bytes per second a slow body must keep up to earn more time (see ``body_timeout``)."""
    write_timeout: float = 30.0
    """Seconds one piece (at most 64 KiB) of a response may take to send (a client that does not read); then the connection is closed."""
    keepalive: float = 5.0
    """Seconds an idle kept-alive connection stays open."""
    max_connections: int = 1000
    """Open connections per gunicorn worker process; one more is answered at once with 503 and ``Retry-After``."""
    max_queued: int = 64
    """Complete requests per gunicorn worker waiting for a free thread; one more is 503 with ``Retry-After``."""
    max_request_line: int = 8190
    """The longest request line (method, URL, version) in bytes; longer is 414 (gunicorn's ceiling is 8190)."""
    max_header_fields: int = 100
    """The most header fields in one request; more is 431."""
    max_header_bytes: int = 8190
    """The longest header field (name and value) in bytes; longer is 431."""
    contributors: Path | None = None
    """A TOML file of ``[[contributor]]`` tables (``name``, ``token_sha256``) who may post to ``/contributions``; without it that route answers 404."""
    metrics: bool = True
    """Serve ``/metrics`` (Prometheus text format); off, it answers 404 and no page links it."""
    dev: bool = False
    """Use Flask's development server instead of gunicorn."""

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> Settings:
        """Defaults, then ``TIPKG_*`` variables, then the non-``None`` ``overrides``.

        >>> Settings.from_env({"TIPKG_PORT": "9000"}, host="0.0.0.0").port
        9000
        """
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(env_var(f.name))
            if raw is not None and raw != "":
                values[f.name] = _coerce(f, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def replace(self, **changes) -> Settings:
        return dataclasses.replace(self, **changes)

    @property
    def public_base(self) -> str:
        return self.base_iri if self.base_iri.endswith("/") else self.base_iri + "/"


def env_var(name: str) -> str:
    """``query_timeout`` → ``TIPKG_QUERY_TIMEOUT``."""
    return "TIPKG_" + name.upper()


def _coerce(f: dataclasses.Field, raw: str):
    kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    if kind.startswith("tuple[Path"):
        return tuple(Path(p) for p in raw.split(os.pathsep) if p)
    if kind.startswith("tuple[str"):
        return tuple(s for s in raw.replace(",", " ").split() if s)
    if kind.startswith("Path"):
        return Path(raw)
    if kind == "int":
        return int(raw)
    if kind == "float":
        return float(raw)
    if kind == "bool":
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    return raw


SETTINGS_DOC: dict[str, str] = {}
"""Field name → its docstring, filled below; the README table and ``--help`` use it."""


def _collect_docs() -> None:
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(Settings))
    body = tree.body[0].body
    for node, following in zip(body, body[1:]):
        if isinstance(node, ast.AnnAssign) and isinstance(following, ast.Expr):
            if isinstance(following.value, ast.Constant) and isinstance(following.value.value, str):
                SETTINGS_DOC[node.target.id] = following.value.value


_collect_docs()
