"""Read the data shipped inside the package (ontology, shapes, corpus, facts, queries).

Works the same from a checkout, an editable install and a wheel.
"""

from importlib import resources
from importlib.resources.abc import Traversable


def _folder(package: str) -> Traversable:
    return resources.files(package)


def ontology_files() -> list[Traversable]:
    """The ontology and SKOS scheme Turtle files, sorted by name."""
    return _sorted(_folder("tipkg.ontology"), ".ttl")


def shapes_files() -> list[Traversable]:
    """The SHACL shapes Turtle files, sorted by name."""
    return _sorted(_folder("tipkg.shapes"), ".ttl")


def corpus_files() -> list[Traversable]:
    """The source reports (``*.txt``), sorted by name."""
    return _sorted(_folder("tipkg.graph.corpus"), ".txt")


def corpus_metadata() -> Traversable:
    """``metadata.csv``: what is known about each report."""
    return _folder("tipkg.graph.corpus") / "metadata.csv"


def fact_files() -> list[Traversable]:
    """The curated fact files (``*.toml``), sorted by name."""
    return _sorted(_folder("tipkg.graph.facts"), ".toml")


def query_files() -> list[Traversable]:
    """The named example queries (``*.rq``), sorted by name."""
    return _sorted(_folder("tipkg.graph.queries"), ".rq")


def _sorted(folder: Traversable, suffix: str) -> list[Traversable]:
    return sorted((f for f in folder.iterdir() if f.name.endswith(suffix)), key=lambda f: f.name)
