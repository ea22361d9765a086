"""The series of published versions, kept in the data folder across builds and contributions.

Every switch of ``current`` (:func:`tipkg.graph.dumps.publish`: a ``tipkg build``, a
contribution, a retraction) appends one entry to ``{data_dir}/versions.json``: the
version, when it was issued, the version it follows, what changed and its dump files
(name, media type, bytes, sha256). :func:`series_graph` describes the series in DCAT 3:
``{base}dataset/versions`` a ``dcat:DatasetSeries`` whose members
``{base}dataset/versions/{v}`` are ``dcat:Dataset``\\ s with ``dcat:version``,
``dcterms:issued``, ``adms:versionNotes`` (what changed), ``dcat:prev`` and one
``dcat:Distribution`` per dump. :func:`diff` compares the quads of two versions the data
folder still holds (``builds/{v}/dataset.nq``), per graph.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from tipkg.errors import NotFound
from tipkg.namespaces import BASE, bind_prefixes

HISTORY = "versions.json"
ADMS = Namespace("http://www.w3.org/ns/adms#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")  # DCAT 3 (rdflib knows DCAT 2: no DatasetSeries)
SPDX = Namespace("http://spdx.org/rdf/terms#")
DEFAULT_GRAPH = ""


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def history(data_dir: Path) -> list[dict]:
    """The recorded versions, oldest first (empty for a data folder without a history)."""
    try:
        return list(json.loads((Path(data_dir) / HISTORY).read_text(encoding="utf-8")))
    except FileNotFoundError:
        return []
    except (OSError, ValueError):
        return []


def record(data_dir: Path, manifest: dict, previous: str | None, change: str) -> dict:
    """Append the version of ``manifest`` (now current) to the history; a version already
    recorded last is not repeated (a rebuild giving the same bytes)."""
    data_dir = Path(data_dir)
    entry = {
        "version": manifest["version"], "issued": now(), "previous": previous, "change": change,
        "triples": manifest.get("triples"), "quads": manifest.get("quads"),
        "files": [{k: f[k] for k in ("name", "media_type", "bytes", "sha256", "encoding") if k in f}
                  for f in manifest.get("files", [])],
    }
    with open(data_dir / f".{HISTORY}.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            entries = history(data_dir)
            if entries and entries[-1]["version"] == entry["version"]:
                return entries[-1]
            if previous is None and entries:
                entry["previous"] = entries[-1]["version"]
            entries.append(entry)
            staged = data_dir / f".{HISTORY}.{os.getpid()}"
            staged.write_text(json.dumps(entries, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
            os.replace(staged, data_dir / HISTORY)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return entry


def held(data_dir: Path, version: str) -> bool:
    """Whether the data folder still holds the dumps of ``version``."""
    return (Path(data_dir) / "builds" / version / "dataset.nq").is_file() and "/" not in version and not version.startswith(".")


def entries(data_dir: Path, current: str, manifest: dict | None = None) -> list[dict]:
    """The history, with the served version added when the history does not know it yet
    (a data folder built before versions were recorded); each entry says if it is ``held``."""
    found = history(data_dir)
    if not any(e["version"] == current for e in found):
        manifest = manifest or {}
        found.append({"version": current, "issued": None, "previous": found[-1]["version"] if found else None,
                      "change": "served version (not recorded in the history)", "files": manifest.get("files", []),
                      "triples": manifest.get("triples"), "quads": manifest.get("quads")})
    for e in found:
        e["held"] = held(data_dir, e["version"])
        e["current"] = e["version"] == current
    return found


def entry(data_dir: Path, version: str, current: str) -> dict:
    for e in entries(data_dir, current):
        if e["version"] == version:
            return e
    raise NotFound(f"Version {version!r} is not in the dataset's series; see /dataset/versions.")


def version_iri(version: str) -> URIRef:
    return URIRef(f"{BASE}dataset/versions/{version}")


def series_graph(found: list[dict], download: Callable[[str], str] | None = None) -> Graph:
    """DCAT 3 description of the series; ``download(name)`` is the URL of a dump of the
    served version (older versions' dumps are described, not served)."""
    g = Graph()
    bind_prefixes(g)
    g.bind("adms", ADMS)
    g.bind("spdx", SPDX)
    series = URIRef(f"{BASE}dataset/versions")
    dataset = URIRef(f"{BASE}dataset")
    g.add((series, RDF.type, DCAT.DatasetSeries))
    g.add((series, RDFS.label, Literal("Versions of the ASEAN TIP knowledge graph", lang="en")))
    g.add((dataset, DCAT.inSeries, series))
    previous = None
    for e in found:
        v = version_iri(e["version"])
        g.add((v, RDF.type, DCAT.Dataset))
        g.add((v, DCAT.inSeries, series))
        g.add((v, DCAT.version, Literal(e["version"])))
        g.add((v, DCTERMS.isVersionOf, dataset))
        g.add((dataset, DCAT.hasVersion, v))
        if e.get("issued"):
            g.add((v, DCTERMS.issued, Literal(e["issued"], datatype=XSD.dateTime)))
        g.add((v, ADMS.versionNotes, Literal(e["change"], lang="en")))
        prev = e.get("previous") or previous
        if prev:
            g.add((v, DCAT.prev, version_iri(prev)))
        if e.get("triples") is not None:
            g.add((v, URIRef("http://rdfs.org/ns/void#triples"), Literal(int(e["triples"]))))
        for f in e.get("files", []):
            d = URIRef(f"{v}#{f['name']}")
            g.add((v, DCAT.distribution, d))
            g.add((d, RDF.type, DCAT.Distribution))
            g.add((d, DCTERMS.title, Literal(f["name"])))
            g.add((d, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{f['media_type']}")))
            if f.get("encoding"):
                g.add((d, DCAT.compressFormat, URIRef("https://www.iana.org/assignments/media-types/application/gzip")))
            if f.get("bytes") is not None:
                g.add((d, DCAT.byteSize, Literal(int(f["bytes"]), datatype=XSD.nonNegativeInteger)))
            if f.get("sha256"):
                checksum = BNode(f"sha256-{e['version']}-{f['name']}".replace(".", "-"))
                g.add((d, SPDX.checksum, checksum))
                g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
                g.add((checksum, SPDX.checksumValue, Literal(f["sha256"], datatype=XSD.hexBinary)))
            if e.get("current") and download:
                g.add((d, DCAT.downloadURL, URIRef(download(f["name"]))))
        previous = e["version"]
    if found:
        g.add((series, DCAT.first, version_iri(found[0]["version"])))
        g.add((series, DCAT.last, version_iri(found[-1]["version"])))
    return g


def _quads(data_dir: Path, version: str) -> set[ox.Quad]:
    if not held(data_dir, version):
        raise NotFound(f"The data folder no longer holds version {version!r}; no diff can be made.")
    return set(ox.parse(path=str(Path(data_dir) / "builds" / version / "dataset.nq"), format=ox.RdfFormat.N_QUADS))


def _line(q: ox.Quad) -> str:
    graph = "" if isinstance(q.graph_name, ox.DefaultGraph) else f" {q.graph_name}"
    return f"{q.subject} {q.predicate} {q.object}{graph} ."


def diff(data_dir: Path, version: str, previous: str | None) -> dict[str, dict[str, list[str]]]:
    """``{graph: {"added": [lines], "removed": [lines]}}`` from ``previous`` to ``version``
    (N-Quads lines, sorted; graphs sorted, the default graph as ``""``). Without a
    previous version every quad is added."""
    new = _quads(data_dir, version)
    old = _quads(data_dir, previous) if previous else set()
    out: dict[str, dict[str, list[str]]] = {}
    for kind, quads in (("added", new - old), ("removed", old - new)):
        for q in quads:
            name = DEFAULT_GRAPH if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name.value)
            out.setdefault(name, {"added": [], "removed": []})[kind].append(_line(q))
    return {g: {k: sorted(v) for k, v in out[g].items()} for g in sorted(out)}


def diff_text(version: str, previous: str | None, changes: dict[str, dict[str, list[str]]]) -> str:
    """The diff as text: a comment line per graph, then ``+ quad`` and ``- quad`` lines."""
    lines = [f"# diff of version {version} from {previous or '(nothing)'}"]
    for graph, kinds in changes.items():
        lines.append(f"# graph {graph or '(default)'}: {len(kinds['added'])} added, {len(kinds['removed'])} removed")
        lines += [f"+ {q}" for q in kinds["added"]] + [f"- {q}" for q in kinds["removed"]]
    return "\n".join(lines) + "\n"


__all__ = ["HISTORY", "history", "record", "entries", "entry", "held", "series_graph", "diff", "diff_text", "version_iri"]
