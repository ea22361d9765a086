"""The build: corpus + curated facts → report graphs → SHACL gate → inferences → dumps.

A build that fails (a quote not in its text, a reference to nothing, a sentence with
neither a fact nor a skip (:mod:`tipkg.graph.coverage`), shapes not met, an annotation
whose words are not at its offsets, a label with English in its Indonesian or a quote
without its translation: :mod:`tipkg.graph.label_checks`) raises :class:`BuildError` and leaves
the published build untouched.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, ORG, RDF, SKOS

from tipkg import __version__, assets, void
from tipkg.errors import BuildError
from tipkg.graph import coverage, dumps, evidence, label_checks
from tipkg.graph.curation import load_curation
from tipkg.graph.infer import inferences
from tipkg.graph.report_graph import PROJECT_AGENT, ReportGraph, ReportMeta, report_graph
from tipkg.namespaces import DATASET_IRI, GRAPH, INFERENCE_GRAPH, METADATA_GRAPH, OA, ONTOLOGY_GRAPH, SCHEMA, TIP, thing
from tipkg.rdfio import from_rdflib

Echo = Callable[[str], None]


def build_dataset(out_dir: Path, echo: Echo | None = None, facts_dir: Path | None = None, corpus_dir: Path | None = None) -> Path:
    """Build the dataset into ``out_dir/builds/<version>/`` and make it current.

    Returns the build folder. ``echo`` receives warnings (weekday mismatches …).
    ``facts_dir`` replaces the shipped fact files (to try out edits), ``corpus_dir`` the
    shipped corpus (its ``*.txt`` and ``metadata.csv``). Draft entries stay out of the
    graphs; the build prints how many wait in each report.
    """
    echo = echo or (lambda line: None)
    out_dir = Path(out_dir)
    reports = report_graphs(facts_dir, corpus_dir)
    for report in reports:
        if report.drafts:
            detail = ", ".join(f"{n} {section}" for section, n in sorted(report.drafts.items()))
            echo(f"drafts: {report.slug}: {sum(report.drafts.values())} wait for a curator ({detail})")
    for warning in coverage.gate(coverage.audit(reports), in_curation=[r.slug for r in reports if r.drafts]):
        echo(warning)
    ontology = ontology_graph()
    check_concepts(reports, ontology)
    label_checks.check_labels(reports, ontology, PROJECT_AGENT)
    union = Graph()
    for report in reports:
        union += report.graph
    gate(union, ontology)
    inferred = inferences(union, ontology)
    metadata = dataset_description(reports, union, ontology, inferred)
    verify_evidence(reports)
    named = [(GRAPH[r.slug], r.graph) for r in reports] + [
        (ONTOLOGY_GRAPH, ontology),
        (INFERENCE_GRAPH, inferred),
        (METADATA_GRAPH, metadata),
    ]
    staged = dumps.staging_folder(out_dir)
    try:
        manifest = dumps.write_dumps(
            to_quads(named), staged,
            extra={"inputs": inputs_hash(), "counts": counts(union), "warnings": [w for r in reports for w in r.warnings]},
        )
        folder = dumps.publish(staged, out_dir, manifest["version"])
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    for report in reports:
        for warning in report.warnings:
            echo(f"warning: {warning}")
    return folder


def report_graphs(facts_dir: Path | None = None, corpus_dir: Path | None = None) -> list[ReportGraph]:
    """One graph per report, in file-name order. Every corpus file needs a facts file."""
    curation = load_curation(facts_dir)
    meta = read_metadata(corpus_dir)
    files = sorted(Path(corpus_dir).glob("*.txt")) if corpus_dir is not None else assets.corpus_files()
    texts = {f.name: f.read_bytes().decode("utf-8") for f in files}
    by_file = {r.document["file"]: r for r in curation.reports}
    missing = sorted(set(texts) - set(by_file))
    unknown = sorted(set(by_file) - set(texts))
    if missing or unknown:
        raise BuildError(f"corpus and facts disagree: reports without facts {missing}, facts without report {unknown}")
    return [report_graph(by_file[name], texts[name], meta[name], curation) for name in sorted(texts)]


def audit_reports(data_dir: Path | None = None, facts_dir: Path | None = None, corpus_dir: Path | None = None) -> list[coverage.ReportAudit]:
    """The audit of every report (``tipkg audit``): its sentences, their facts, their skips.

    The facts are those of the report graphs built from the fact files (no SHACL gate,
    nothing written), or with ``data_dir`` those of the current build there (what is
    served). The skips always come from the fact files (``facts_dir`` or the shipped ones),
    the texts from the corpus (``corpus_dir`` or the shipped one).
    """
    reports = report_graphs(facts_dir, corpus_dir)
    if data_dir is not None:
        from rdflib import Dataset

        dataset = Dataset()
        dataset.parse(current_build(data_dir) / "dataset.trig", format="trig")
        built = coverage.report_graphs_of_build(dataset, [r.slug for r in reports])
        for report in reports:
            report.graph = built[report.slug]
    return coverage.audit(reports)


def read_metadata(corpus_dir: Path | None = None) -> dict[str, ReportMeta]:
    source = Path(corpus_dir) / "metadata.csv" if corpus_dir is not None else assets.corpus_metadata()
    rows = csv.DictReader(io.StringIO(source.read_text(encoding="utf-8")))
    return {
        row["file"]: ReportMeta(
            publisher=row["publisher"],
            dateline=row["dateline"],
            date_in_text=dt.date.fromisoformat(row["date_in_text"]) if row["date_in_text"] else None,
            headline=row["headline"],
            language=row["language"],
        )
        for row in rows
    }


def ontology_graph() -> Graph:
    """The ontology and the SKOS schemes, as one graph."""
    return assets.ontology_graph()


def check_concepts(reports: list[ReportGraph], ontology: Graph) -> None:
    """Every concept a fact uses must be defined in a scheme."""
    defined = set(ontology.subjects(SKOS.inScheme, None))
    for report in reports:
        unknown = sorted(str(c) for c in report.concepts - defined)
        if unknown:
            raise BuildError(f"{report.slug}: concepts not defined in ontology/schemes: {', '.join(unknown)}")


def gate(union: Graph, ontology: Graph) -> None:
    """Refuse a dataset that does not conform to the shapes (with the report)."""
    from tipkg.shacl.validator import default_validator

    data = Graph()
    data += union
    data += ontology
    report = default_validator().validate(data)
    if not report.conforms:
        raise BuildError("the built graph does not conform to the shapes:\n" + report.text)


def dataset_description(reports: list[ReportGraph], union: Graph, ontology: Graph, inferred: Graph) -> Graph:
    """The metadata graph: the dataset's VoID/DCAT description (:func:`tipkg.void.describe`).

    Its temporal coverage runs from the first to the last date a report was published
    or a quote was spoken; its vocabularies are those of every graph it describes.
    """
    dates = sorted({str(o) for o in union.objects(None, SCHEMA.datePublished)} | {str(o) for o in union.objects(None, TIP.spokenOn)})
    return void.describe(
        URIRef(DATASET_IRI),
        void.DATASET,
        sources=[URIRef(s) for s in union.subjects(RDF.type, TIP.NewsReport)],
        subsets=[GRAPH[r.slug] for r in reports] + [ONTOLOGY_GRAPH, INFERENCE_GRAPH, METADATA_GRAPH],
        period=(dates[0], dates[-1]) if dates else None,
        terms=void.used_terms(union) | void.used_terms(ontology) | void.used_terms(inferred),
    )


def verify_evidence(reports: list[ReportGraph]) -> None:
    """The last check before writing: every annotation's exact words, prefix and suffix
    stand in its report's text at its offsets (:func:`tipkg.graph.evidence.verify_graph`)."""
    for report in reports:
        evidence.verify_graph(report.graph, {thing("document", report.slug): report.text}, source=report.slug)


def to_quads(named: list[tuple[URIRef, Graph]]) -> list[ox.Quad]:
    """rdflib graphs → pyoxigraph quads, term by term (lexical forms kept)."""
    quads = []
    for name, graph in named:
        graph_name = ox.NamedNode(str(name))
        quads += [ox.Quad(t.subject, t.predicate, t.object, graph_name) for t in from_rdflib(graph)]
    return quads


def counts(union: Graph) -> dict[str, int]:
    """How many of each kind of thing the report graphs hold."""

    def count(rdf_type) -> int:
        return len(set(union.subjects(RDF.type, rdf_type)))

    return {
        "reports": count(TIP.NewsReport),
        "commitments": count(TIP.Commitment),
        "statistics": count(TIP.StatisticalObservation),
        "quotes": count(TIP.Quote),
        "reported_speech": count(TIP.ReportedSpeech),
        "persons": count(FOAF.Person),
        "organisations": count(ORG.Organization) + count(FOAF.Group),
        "instruments": count(TIP.Instrument),
        "events": count(TIP.Meeting),
        "right_affirmations": count(TIP.RightAffirmation),
        "statements": count(TIP.Statement),
        "data_quality_notes": count(TIP.DataQualityNote),
        "annotations": count(OA.Annotation),
    }


def inputs_hash() -> str:
    """A hash of everything a build reads, to tell whether the current build is stale."""
    digest = hashlib.sha256(__version__.encode())
    package_code = sorted(Path(__file__).parent.glob("*.py")) + [Path(void.__file__)]
    sources = [*assets.corpus_files(), assets.corpus_metadata(), *assets.fact_files(), *assets.ontology_files(), *assets.shapes_files()]
    for resource in sources:
        digest.update(resource.name.encode())
        digest.update(resource.read_bytes())
    for path in package_code:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def current_build(data_dir: Path) -> Path:
    """The folder ``data_dir/current`` points at; BuildError when there is none."""
    folder = Path(data_dir) / dumps.CURRENT
    if not (folder / dumps.MANIFEST).exists():
        raise BuildError(f"no build in {data_dir}: run `tipkg build --out {data_dir}`")
    return folder.resolve()


def ensure_built(data_dir: Path, echo: Echo | None = None) -> Path:
    """The current build, rebuilt first when missing or when its inputs changed."""
    try:
        folder = current_build(data_dir)
        if dumps.read_manifest(folder).get("inputs") == inputs_hash():
            return folder
    except BuildError:
        pass
    return build_dataset(data_dir, echo)


def summarize(folder: Path) -> str:
    """A short human summary of a build."""
    manifest = dumps.read_manifest(folder)
    lines = [
        f"build {manifest['version']} in {folder}",
        f"  {manifest['triples']} triples in the union, {manifest['quads']} quads in {len(manifest['graphs'])} named graphs",
    ]
    lines += [f"  {key.replace('_', ' ')}: {value}" for key, value in manifest.get("counts", {}).items()]
    lines += [f"  warning: {w}" for w in manifest.get("warnings", [])]
    return "\n".join(lines)


__all__ = ["build_dataset", "ensure_built", "current_build", "summarize"]
