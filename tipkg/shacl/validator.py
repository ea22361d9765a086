"""The SHACL gate: validate data against the project's shapes (or any SHACL Core/SPARQL shapes).

Used by the build (``default_validator().validate(union)``), by ``tipkg validate`` and by
the server's ``POST /validate``. Shapes and ontology are parsed once per :class:`Validator`.

Guarantees:

- Inputs are never mutated: validation runs on a private copy of the data (the union of
  all its graphs, plus ``context`` and, when inferring, the ontology).
- Nothing is fetched: pySHACL only ever receives parsed graphs, ``owl:imports`` and
  ``sh:shapesGraph`` are not followed, and files are read by :mod:`tipkg.rdfio`.
- Literals keep their lexical form, so ill-typed values (``"abc"^^xsd:integer``) are
  reported by ``sh:datatype`` instead of being silently normalised away.
- Output is deterministic (see :mod:`tipkg.shacl.report`).
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import owlrl
import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.graph import Dataset
from rdflib.namespace import OWL, RDF, RDFS, XSD

from tipkg import assets
from tipkg.errors import DataSyntaxError, TipkgError
from tipkg.namespaces import SH, bind_prefixes
from tipkg.rdfio import guess_format, lexical_literals, parse_rdf
from tipkg.shacl.report import RESULT_KEYS, Report, add_error_result

__all__ = ["INFERENCE_MODES", "RESULT_KEYS", "Report", "Validator", "default_validator", "read_rdf_file", "validate_files"]

INFERENCE_MODES = ("none", "rdfs", "owlrl")
_OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
_OWLRL_ERROR_TEXT = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
_BUILTIN_NAMESPACES = (str(RDF), str(RDFS), str(OWL), str(XSD))
_REFLEXIVE = (OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty, RDFS.subClassOf, RDFS.subPropertyOf)
_TRIVIAL_TYPES = (OWL.Thing, RDFS.Resource)
_TRIVIAL_SUPERS = (OWL.Thing, RDFS.Resource)


class _RDFSSemantics(owlrl.RDFS_Semantics):
    """owlrl's RDFS rules without its one-time "equal literal values" rule.

    That rule copies every triple onto each literal whose Python value is equal, so
    ``"x"@en`` also yields ``"x"`` and ``true`` yields ``1``: a concept whose
    ``skos:notation`` equals its English label got an untagged ``skos:prefLabel`` and
    failed its shape. Datatype reasoning is off here anyway (``datatype_axioms=False``).
    """

    def one_time_rules(self):
        pass


class Validator:
    """Shapes (and ontology) parsed once; :meth:`validate` many times, from several threads.

    ``shapes``/``ontology`` default to the project's own (``tipkg.shapes``, ``tipkg.ontology``).
    The ontology is only used when inferring. The shapes graph may hold any SHACL Core and
    SHACL-SPARQL (and SHACL-AF) shapes.
    """

    def __init__(self, shapes: Graph | None = None, ontology: Graph | None = None):
        self.shapes = _shapes_ready(_plain_copy(shapes) if shapes is not None else _load_assets(assets.shapes_files()))
        self.ontology = _plain_copy(ontology) if ontology is not None else None
        self._ontology_lock = threading.Lock()

    def _ontology(self) -> Graph:
        with self._ontology_lock:
            if self.ontology is None:
                self.ontology = _load_assets(assets.ontology_files())
            return self.ontology

    def validate(
        self,
        data: Graph | Dataset,
        *,
        inference: str = "none",
        context: Graph | None = None,
        return_inferred: bool = False,
    ) -> Report:
        """Validate ``data`` (every graph of a Dataset, as one union).

        :param inference: ``none``, ``rdfs`` or ``owlrl``: expand a copy of data + ontology
            before validating (the ontology is not validated, only used to reason).
        :param context: another graph (e.g. the published dataset) added to the union so
            references to published things resolve. The whole union is validated, so
            results may also be about nodes of ``context``.
        :param return_inferred: put the triples inference added (minus tautologies such as
            ``x owl:sameAs x``) in :attr:`Report.inferred`.
        :raises ValueError: for an unknown inference mode.
        """
        if inference not in INFERENCE_MODES:
            raise ValueError(f"unknown inference {inference!r} (one of {', '.join(INFERENCE_MODES)})")
        work = _plain_copy(data)
        if context is not None:
            _add_all(work, context)
        inferred = None
        errors: list[str] = []
        if inference != "none":
            inferred, errors = self._expand(work, inference)
        _, graph, _ = pyshacl.validate(
            work,
            shacl_graph=self.shapes,
            inference="none",
            advanced=True,  # SHACL-SPARQL targets and SHACL-AF work; our copy is validated in place
            inplace=True,
            do_owl_imports=False,
            allow_warnings=False,
        )
        if not isinstance(graph, Graph):  # pySHACL turns a ValidationFailure into a message
            raise TipkgError(f"validation failed: {graph}")
        for message in errors:
            add_error_result(graph, message)
        _sort_class_lists(graph)
        return Report.from_graph(graph, inferred=inferred if return_inferred else None)

    def _expand(self, work: Graph, inference: str) -> tuple[Graph, list[str]]:
        """Add ontology + closure to ``work``; return (new non-trivial triples, owlrl errors)."""
        _add_all(work, self._ontology())
        asserted = set(work)
        semantics = owlrl.OWLRL_Semantics if inference == "owlrl" else _RDFSSemantics
        owlrl.DeductiveClosure(semantics, rdfs_closure=False, axiomatic_triples=False, datatype_axioms=False).expand(work)
        errors = sorted(str(o) for s in work.subjects(RDF.type, _OWLRL_ERROR) for o in work.objects(s, _OWLRL_ERROR_TEXT))
        for s in list(work.subjects(RDF.type, _OWLRL_ERROR)):
            work.remove((s, None, None))
        inferred = Graph()
        bind_prefixes(inferred)
        for triple in work:
            if triple not in asserted and not _tautology(triple):
                inferred.add(triple)
        return inferred, errors

_DEFAULT: Validator | None = None
_DEFAULT_LOCK = threading.Lock()


_CLASS_LIST = re.compile(r"^Value class is not in classes \((.*)\)$", re.S)


def _sort_class_lists(graph: Graph) -> None:
    """Sort the classes pySHACL lists in its ``sh:class`` message.

    pySHACL names them in the order the shapes graph yields them, which changes from one
    load to the next; sorted, the same input gives the same report bytes."""
    for result, message in list(graph.subject_objects(SH.resultMessage)):
        found = _CLASS_LIST.match(str(message))
        if found:
            classes = ", ".join(sorted(found.group(1).split(", ")))
            graph.remove((result, SH.resultMessage, message))
            graph.add((result, SH.resultMessage, Literal(f"Value class is not in classes ({classes})", lang=message.language, datatype=message.datatype)))


def default_validator() -> Validator:
    """The process-wide validator with the project's shapes and ontology (built on first use)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Validator()
        return _DEFAULT


def validate_files(paths: list[Path], shapes: list[Path] | None = None, inference: str = "none") -> Report:
    """Validate RDF files (syntax from each extension; named graphs kept) as one union.

    :param shapes: shapes files to use instead of the project's own.
    :raises DataSyntaxError: when a file cannot be read or parsed (CLI exit 2).
    """
    data = Dataset()
    for path in paths:
        _add_all(data, read_rdf_file(path))
    if shapes:
        shapes_graph = Graph()
        for path in shapes:
            _add_all(shapes_graph, read_rdf_file(path))
        validator = Validator(shapes_graph)
    else:
        validator = default_validator()
    return validator.validate(data, inference=inference)


def read_rdf_file(path: Path) -> Dataset:
    """Parse one local RDF file safely (see :mod:`tipkg.rdfio`); base IRI is the file's URI."""
    path = Path(path)
    try:
        fmt = guess_format(path)
        content = path.read_bytes()
    except OSError as error:
        raise DataSyntaxError(f"cannot read {path}: {error.strerror or error}") from None
    except TipkgError as error:
        raise DataSyntaxError(error.message) from None
    try:
        return parse_rdf(content, fmt, base=path.resolve().as_uri())
    except TipkgError as error:
        raise DataSyntaxError(f"{path}: {error.message}") from None


# --- helpers -----------------------------------------------------------------------


def _load_assets(files) -> Graph:
    graph = Graph()
    for resource in files:
        _add_all(graph, parse_rdf(resource.read_bytes(), guess_format(resource.name), base=None))
    bind_prefixes(graph)
    return graph


def _shapes_ready(shapes: Graph) -> Graph:
    """Prepare our private copy of a shapes graph for pySHACL (without fetching anything).

    - Prefix declarations reach a ``sh:prefixes`` node through ``owl:imports`` *inside*
      the shapes graph (SHACL 5.2.1); pySHACL only looks at the node itself, so copy them.
    - Only ``"true"`` is a true xsd:boolean (``sh:uniqueLang "1"^^xsd:boolean`` is not).
    """
    changed = True
    while changed:
        changed = False
        for importer, imported in list(shapes.subject_objects(OWL.imports)):
            for declaration in list(shapes.objects(imported, SH.declare)):
                if (importer, SH.declare, declaration) not in shapes:
                    shapes.add((importer, SH.declare, declaration))
                    changed = True
    odd = [(s, p, o) for s, p, o in shapes if isinstance(o, Literal) and o.datatype == XSD.boolean and str(o) not in ("true", "false")]
    with lexical_literals(strict_booleans=True):
        for s, p, o in odd:
            shapes.remove((s, p, o))
            shapes.add((s, p, Literal(str(o), datatype=XSD.boolean)))
    return shapes


def _plain_copy(data: Graph) -> Graph:
    """A plain in-memory Graph holding every triple of ``data`` (all graphs of a Dataset)."""
    copy = Graph()
    _add_all(copy, data)
    for prefix, namespace in data.namespaces():
        copy.bind(prefix, namespace, override=False)
    return copy


def _add_all(target: Graph, source: Graph) -> None:
    if isinstance(source, Dataset) and isinstance(target, Dataset):
        target.addN(source.quads((None, None, None, None)))
    elif isinstance(source, Dataset):
        target.addN((s, p, o, target) for s, p, o, _ in source.quads((None, None, None, None)))
    else:
        target.addN((s, p, o, target) for s, p, o in source)


def _tautology(triple) -> bool:
    s, p, o = triple
    if isinstance(s, Literal):
        return True
    if p in _REFLEXIVE and s == o:
        return True
    if p == RDF.type and o in _TRIVIAL_TYPES:
        return True
    if p in (RDFS.domain, RDFS.range) and o in _TRIVIAL_SUPERS:
        return True
    if p in (RDFS.subClassOf, OWL.equivalentClass) and (o in _TRIVIAL_SUPERS or s == OWL.Nothing):
        return True
    return isinstance(s, URIRef) and str(s).startswith(_BUILTIN_NAMESPACES)


