"""The ``tipkg`` command: build, audit, ingest, validate, query, dump, stats, serve.

Each subcommand parses its flags, calls one library function, prints and exits.
Exit codes: 0 success; ``validate`` 1 when the data does not conform; 2 on errors
(unreadable input, failed build).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tipkg import __version__
from tipkg.config import SETTINGS_DOC, Settings, env_var
from tipkg.errors import TipkgError


def _setting_option(name: str, *decls: str, **kwargs):
    """A flag for Settings field ``name``, documented from the field and read from its env var."""
    return click.option(*decls, name, default=None, show_envvar=True, envvar=env_var(name), help=SETTINGS_DOC.get(name), **kwargs)


def _settings(**flags) -> Settings:
    """Defaults < environment < flags (click already merged env into flags; None = not given)."""
    return Settings.from_env(**flags)


def _fail(error: TipkgError) -> None:
    click.echo(f"error: {error.message}", err=True)
    sys.exit(error.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="tipkg")
def main() -> None:
    """asean-tip-kg: build, check, query and serve the ASEAN anti-trafficking knowledge graph."""


@main.command()
@_setting_option("data_dir", "--out", "--data-dir", type=click.Path(path_type=Path))
@click.option("--facts", "facts_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), help="Read the curated fact files from this folder instead of the shipped ones.")
@click.option("--corpus", "corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), help="Read the reports and metadata.csv from this folder instead of the shipped ones.")
def build(data_dir: Path | None, facts_dir: Path | None, corpus_dir: Path | None) -> None:
    """Build the dataset from the corpus and curated facts into OUT/builds/<version>/.

    Refuses to publish a dataset that does not pass the coverage gate (every sentence of
    every report has a fact or a skip: see ``tipkg audit``) or the SHACL gate; the previous
    build stays current. Prints a summary and any data-quality warnings.
    """
    from tipkg.graph.build import build_dataset, summarize

    settings = _settings(data_dir=data_dir)
    try:
        folder = build_dataset(settings.data_dir, echo=lambda line: click.echo(line, err=True), facts_dir=facts_dir, corpus_dir=corpus_dir)
    except TipkgError as error:
        _fail(error)
    click.echo(summarize(folder))


@main.command()
@click.option("--data-dir", "data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None, help="Audit the facts of the current build in DIR instead of building the report graphs from the fact files.")
@click.option("--facts", "facts_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), help="Read the curated fact files (and their skips) from this folder instead of the shipped ones.")
@click.option("--corpus", "corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), help="Read the reports and metadata.csv from this folder instead of the shipped ones.")
@click.option("--format", "audit_format", type=click.Choice(["text", "json"]), default="text", show_default=True, help="A coverage line per report and the unaccounted sentences, or every sentence as JSON.")
def audit(data_dir: Path | None, facts_dir: Path | None, corpus_dir: Path | None, audit_format: str) -> None:
    """Print every sentence of every report with the facts drawn from it or its skip reason.

    Exit 0 when every sentence is accounted for, 1 when one is not (or a skip is wrong),
    2 when the fact files or the build cannot be read.
    """
    import json

    from tipkg.graph import coverage
    from tipkg.graph.build import audit_reports

    try:
        audits = audit_reports(data_dir=data_dir, facts_dir=facts_dir, corpus_dir=corpus_dir)
    except TipkgError as error:
        _fail(error)
    if audit_format == "json":
        click.echo(json.dumps(coverage.as_json(audits), ensure_ascii=False, indent=1))
    else:
        click.echo(coverage.as_text(audits))
    sys.exit(0 if coverage.complete(audits) else 1)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--id", "slug", default=None, help="The report's id (file names, IRIs), lower-case with hyphens and a YYYY-MM; default: publisher-date.")
@click.option("--publisher", default=None, help="The publisher, as named in _entities.toml (default: the one the dateline names, if registered).")
@click.option("--url", default=None, help="Where the report was published (recorded, never fetched).")
@click.option("--date", "date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="The report's date YYYY-MM-DD: relative dates (pekan lalu, kemarin) are resolved against it, as approximate.")
@click.option("--corpus", "corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), help="Write into this corpus folder instead of the shipped one.")
@click.option("--facts", "facts_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), help="Write into (and read the registries of) this facts folder instead of the shipped one.")
def ingest(file: Path, slug: str | None, publisher: str | None, url: str | None, date, corpus_dir: Path | None, facts_dir: Path | None) -> None:
    """Add the plain-text Indonesian report FILE: its corpus copy (byte-exact), its
    metadata.csv row and a fact file of drafts (draft = true, rule, confidence, exact words).

    Drafts stay out of the published graph until a curator deletes their draft = true.
    Refuses (nothing written) binary, non-UTF-8, empty or non-Indonesian text, a report
    already in the corpus (same sha256) and an id that exists.
    """
    from tipkg.graph.ingest import ingest_file

    try:
        done = ingest_file(file, corpus_dir, facts_dir, slug=slug, publisher=publisher, url=url, date=date.date() if date else None)
    except TipkgError as error:
        _fail(error)
    counts = ", ".join(f"{n} {section}" for section, n in sorted(done.counts().items()))
    click.echo(f"ingested {done.slug}: {done.corpus_file}\n  drafts in {done.facts_file}: {counts or 'none'}")
    if done.drafts.unaccounted:
        click.echo(f"  {len(done.drafts.unaccounted)} sentences no draft accounts for (listed at the end of the fact file)")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--shapes", "shapes_files", multiple=True, type=click.Path(exists=True, path_type=Path), help="Validate against these shapes instead of the project's own.")
@click.option("--format", "report_format", type=click.Choice(["text", "json", "turtle", "jsonld"]), default="text", show_default=True, help="Form of the report: a summary, the results as JSON, or the SHACL report graph.")
@click.option("--inference", type=click.Choice(["none", "rdfs", "owlrl"]), default="none", show_default=True, help="Expand the data before validating.")
def validate(files: tuple[Path, ...], shapes_files: tuple[Path, ...], report_format: str, inference: str) -> None:
    """Validate RDF FILES against SHACL shapes. Exit 0 conforms, 1 does not, 2 unreadable input."""
    from tipkg.shacl.validator import validate_files

    try:
        report = validate_files(list(files), shapes=list(shapes_files) or None, inference=inference)
    except TipkgError as error:
        _fail(error)
    click.echo(report.render(report_format))
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.argument("sparql")
@click.option("--format", "result_format", default="table", show_default=True, help="table, or a SPARQL results / RDF format name (json, xml, csv, tsv, turtle, ntriples, jsonld …).")
@_setting_option("data_dir", "--data-dir", type=click.Path(path_type=Path))
def query(sparql: str, result_format: str, data_dir: Path | None) -> None:
    """Run a SPARQL query against the built dataset (the default graph is the union of all graphs).

    SPARQL may be a query or @FILE to read it from a file.
    """
    from tipkg.query.local import run_local_query

    if sparql.startswith("@"):
        sparql = Path(sparql[1:]).read_text(encoding="utf-8")
    try:
        output = run_local_query(_settings(data_dir=data_dir), sparql, result_format)
    except TipkgError as error:
        _fail(error)
    click.echo(output, nl=not output.endswith("\n"))


@main.command()
@click.option("--format", "fmt", default="trig", show_default=True, help="turtle, ntriples, trig, nquads or jsonld.")
@_setting_option("data_dir", "--data-dir", type=click.Path(path_type=Path))
def dump(fmt: str, data_dir: Path | None) -> None:
    """Write the current build's dump in FORMAT to standard output."""
    from tipkg.graph.dumps import dump_path

    try:
        path = dump_path(_settings(data_dir=data_dir).data_dir, fmt)
    except TipkgError as error:
        _fail(error)
    with path.open("rb") as source:
        while chunk := source.read(1 << 16):
            sys.stdout.buffer.write(chunk)


@main.command()
@_setting_option("data_dir", "--data-dir", type=click.Path(path_type=Path))
def stats(data_dir: Path | None) -> None:
    """Print counts of the current build: triples, graphs, commitments, statistics, quotes, actors."""
    from tipkg.graph.build import current_build, summarize

    try:
        click.echo(summarize(current_build(_settings(data_dir=data_dir).data_dir)))
    except TipkgError as error:
        _fail(error)


@main.command()
@_setting_option("host", "--host")
@_setting_option("port", "--port", type=int)
@_setting_option("workers", "--workers", type=int)
@_setting_option("dev", "--dev", is_flag=True, flag_value=True)
@_setting_option("data_dir", "--data-dir", type=click.Path(path_type=Path))
@click.option("--data", "data_files", multiple=True, type=click.Path(exists=True, path_type=Path), help="Serve these RDF files (any common syntax, named graphs kept) instead of the built dataset. Env: TIPKG_DATA_FILES (':'-separated).")
@_setting_option("union_default_graph", "--union-default-graph", is_flag=True, flag_value=True)
@_setting_option("store_dir", "--store", type=click.Path(path_type=Path))
@_setting_option("sparql_url", "--sparql-url")
@_setting_option("base_iri", "--base-iri")
@_setting_option("query_workers", "--query-workers", type=int)
@_setting_option("query_timeout", "--query-timeout", type=float)
@_setting_option("max_query_timeout", "--max-query-timeout", type=float)
@_setting_option("result_limit", "--result-limit", type=int)
@_setting_option("answer_cache_mb", "--answer-cache-mb", type=int)
@_setting_option("validate_workers", "--validate-workers", type=int)
@_setting_option("validate_timeout", "--validate-timeout", type=float)
@_setting_option("max_inference_triples", "--max-inference-triples", type=int)
@_setting_option("max_body_bytes", "--max-body-bytes", type=int)
@_setting_option("max_query_chars", "--max-query-chars", type=int)
@_setting_option("head_timeout", "--head-timeout", type=float)
@_setting_option("body_timeout", "--body-timeout", type=float)
@_setting_option("body_min_rate", "--body-min-rate", type=int)
@_setting_option("write_timeout", "--write-timeout", type=float)
@_setting_option("keepalive", "--keepalive", type=float)
@_setting_option("max_connections", "--max-connections", type=int)
@_setting_option("max_queued", "--max-queued", type=int)
@_setting_option("max_request_line", "--max-request-line", type=int)
@_setting_option("max_header_fields", "--max-header-fields", type=int)
@_setting_option("max_header_bytes", "--max-header-bytes", type=int)
@_setting_option("metrics", "--metrics/--no-metrics")
@click.option("--service-allow", "service_allowlist", multiple=True, help="Allow SPARQL SERVICE calls to this endpoint (repeatable). Env: TIPKG_SERVICE_ALLOWLIST.")
@click.option("--get", "get_path", default=None, help="Answer one GET request for PATH in-process, print it and exit (non-zero unless 200).")
def serve(get_path: str | None, data_files: tuple[Path, ...], service_allowlist: tuple[str, ...], **flags) -> None:
    """Serve the dataset: SPARQL endpoint, dumps, resource pages, /validate.

    Builds the dataset first when it is missing or stale (unless --data or --sparql-url).
    """
    from tipkg.server.serving import guard_start
    from tipkg.server.serving import serve as run_server

    guard_start()  # a SIGTERM while the dataset is prepared ends the command cleanly (exit 0)
    settings = _settings(data_files=data_files or None, service_allowlist=service_allowlist or None, **flags)
    try:
        code = run_server(settings, get_path=get_path)
    except TipkgError as error:
        _fail(error)
    sys.exit(code or 0)
