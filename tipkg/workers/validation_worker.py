"""A validation worker process: holds the SHACL validator, validates one submission at a time.

OWL RL inference is polynomial and pure Python: a 100-triple ``owl:sameAs`` chain keeps
owlrl busy for 40 s, and a Python thread cannot be stopped. So ``POST /validate`` parses
and validates here, and the server ends the whole process (SIGKILL) when a submission
passes its deadline. Started by :mod:`tipkg.workers.pool` as ``python -m
tipkg.workers.validation_worker``; it speaks :mod:`tipkg.workers.protocol`.

A request is ``{"data": bytes, "format": name, "inference", "context": path of the
published N-Triples dump or None, "inferred": bool, "output": RDF format name or None,
"max_inference_triples": int, "triples": bool}``. The answer is ``{"ok", "body" (the JSON
report), "conforms", "text", "rdf", "rdf_format"}`` (with ``"triples"``: also ``"ntriples"``,
every submitted triple, named graphs merged, as N-Triples bytes: what a contribution
stores), or an error by the protocol's codec.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from tipkg.errors import PayloadTooLarge, UnsupportedMediaType
from tipkg.formats import RDF_FORMATS, by_name
from tipkg.workers.protocol import run_worker

INFERRED_GRAPH = URIRef("urn:x-tipkg:inferred")
"""Name of the graph holding inferred triples in an RDF answer with ``inferred=true``."""


class Validation:
    """The project's validator (shapes and ontology parsed once) and the published graph,
    parsed on first use by ``context=graph`` and kept while its dump path stays the same."""

    def __init__(self, validator):
        self.validator = validator
        self._context: tuple[str | None, Graph | None] = (None, None)

    @classmethod
    def open(cls, source: dict) -> Validation:
        from tipkg.shacl.validator import default_validator

        validator = default_validator()
        validator._ontology()  # parse it now, not inside the first deadline
        return cls(validator)

    def execute(self, request: dict) -> dict:
        """Validate one submission; a :mod:`tipkg.errors` error goes back by the protocol's codec."""
        return self._validate(request)

    def published(self, dump: str) -> Graph:
        """The published data (union of graphs) from a build's N-Triples dump; do not change it."""
        if self._context[0] != dump:
            self._context = (None, None)  # free the old build's graph before parsing the new one
            graph = Graph()
            graph.parse(Path(dump), format="nt")
            self._context = (dump, graph)
        return self._context[1]

    def _validate(self, request: dict) -> dict:
        from tipkg.rdfio import parse_rdf, write_rdflib

        fmt_in = by_name(request["format"], RDF_FORMATS)
        if fmt_in is None:
            raise UnsupportedMediaType(f"Unknown RDF format {request['format']!r}.")
        dataset = parse_rdf(request["data"], fmt_in)
        submitted = sum(1 for _ in dataset.quads((None, None, None, None)))
        inference = request.get("inference", "none")
        limit = request.get("max_inference_triples")
        if inference != "none" and limit is not None and submitted > limit:
            raise PayloadTooLarge(
                f"The submission has {submitted} triples; inference={inference} takes at most {limit} "
                "(inference time grows much faster than the data). Validate without inference or send less.",
                limit_triples=limit,
            )
        context_kind = "graph" if request.get("context") else "none"
        context = self.published(request["context"]) if request.get("context") else None
        want_inferred = bool(request.get("inferred"))
        report = self.validator.validate(dataset, inference=inference, context=context, return_inferred=want_inferred)
        results = report.results  # flat dicts: focus_node, path, value, severity, message, source_shape, constraint_component
        body = {
            "conforms": bool(report.conforms),
            "results_count": len(results),
            "submitted_triples": submitted,
            "format": fmt_in.name,
            "inference": inference,
            "context": context_kind,
            "results": results,
        }
        if want_inferred:
            body["inferred_count"] = len(report.inferred) if report.inferred is not None else 0
            body["inferred"] = _ntriples(report.inferred)
        reply = {"ok": True, "body": body, "conforms": bool(report.conforms), "text": report.text, "rdf": None, "rdf_format": None}
        if request.get("triples"):
            import pyoxigraph as ox

            from tipkg.rdfio import from_rdflib, write_rdf

            reply["ntriples"] = write_rdf({ox.Triple(q.subject, q.predicate, q.object) for q in from_rdflib(dataset)}, by_name("nt"))
        if request.get("output"):
            fmt_out = by_name(request["output"])
            out = report.graph
            if want_inferred:
                out = Dataset()
                for triple in report.graph:
                    out.add(triple)
                target = out.graph(INFERRED_GRAPH)
                for triple in report.inferred or ():
                    target.add(triple)
                if not fmt_out.supports_datasets:
                    fmt_out = by_name("trig")
            reply["rdf"], reply["rdf_format"] = write_rdflib(out, fmt_out), fmt_out.name
        return reply


def _ntriples(graph) -> str:
    if graph is None or len(graph) == 0:
        return ""
    return "".join(sorted(graph.serialize(format="nt11").splitlines(keepends=True)))


def main() -> None:
    run_worker(Validation.open)


if __name__ == "__main__":
    main()
