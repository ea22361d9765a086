"""Read the data shipped inside the package (ontology, shapes, corpus, facts, queries).

Works the same from a checkout, an editable install and a wheel.
"""

from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

from rdflib import Graph


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


# ---- the readers: one for the ontology, the shapes and the example queries --------

def ontology_graph() -> Graph:
    """The ontology and the SKOS schemes, as one new graph (the caller may change it)."""
    return _turtle_graph(ontology_files())


def shapes_graph() -> Graph:
    """The SHACL shapes, as one new graph."""
    return _turtle_graph(shapes_files())


def _turtle_graph(files: list[Traversable]) -> Graph:
    from tipkg.namespaces import bind_prefixes

    graph = Graph()
    bind_prefixes(graph)
    for resource in files:
        # every IRI in these files is absolute: no base is needed, none is guessed
        graph.parse(data=resource.read_bytes(), format="turtle")
    return graph


@dataclass(frozen=True)
class ExampleQuery:
    name: str
    """File name without ``.rq`` (``01-commitments-by-action``)."""
    title: str
    """From the query's ``# title:`` line (else its first comment, else its name)."""
    text: str


def example_queries() -> list[ExampleQuery]:
    """The named example queries shipped with the package, in file order."""
    found = []
    for resource in query_files():
        text = resource.read_text(encoding="utf-8")
        comments = [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")]
        title = next((c.split(":", 1)[1].strip() for c in comments if c.lower().startswith("title:")), comments[0] if comments else resource.name)
        found.append(ExampleQuery(resource.name.removesuffix(".rq"), title, text))
    return found

