"""Sorted, byte-stable dumps of a dataset in every format, gzipped too, with a manifest.

``dataset.trig``/``dataset.nq`` keep the named graphs; ``dataset.ttl``, ``dataset.nt``
and ``dataset.jsonld`` hold the union of all graphs. The same quads always give the
same bytes: quads are sorted, gzip headers carry no time or name.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from tipkg.errors import BuildError, NotFound
from tipkg.formats import by_name
from tipkg.namespaces import PREFIXES

DUMPS: tuple[tuple[str, str, bool], ...] = (
    # file name, format name (tipkg.formats), keeps named graphs
    ("dataset.trig", "trig", True),
    ("dataset.nq", "nquads", True),
    ("dataset.ttl", "turtle", False),
    ("dataset.nt", "ntriples", False),
    ("dataset.jsonld", "jsonld", False),
)
MANIFEST = "manifest.json"
CURRENT = "current"


def sort_key(quad: ox.Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def write_dumps(quads: Iterable[ox.Quad], folder: Path, extra: dict | None = None) -> dict:
    """Write every dump of ``quads`` (and its .gz) into ``folder``; return the manifest.

    ``extra`` is merged into the manifest (counts, input hashes …).
    """
    folder.mkdir(parents=True, exist_ok=True)
    ordered = sorted(set(quads), key=sort_key)
    triples = sorted({q.triple for q in ordered}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    prefixes = dict(sorted(PREFIXES.items()))
    files = []
    for name, fmt_name, with_graphs in DUMPS:
        fmt = by_name(fmt_name)
        rdf_format = getattr(ox.RdfFormat, fmt.oxigraph)
        data = ox.serialize(ordered if with_graphs else triples, format=rdf_format, prefixes=prefixes if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None)
        files.append(_write(folder / name, data, fmt.media_type))
        files.append(_write(folder / (name + ".gz"), _gzip(data), fmt.media_type, encoding="gzip"))
    graphs = sorted({str(q.graph_name.value) for q in ordered if isinstance(q.graph_name, ox.NamedNode)})
    version = next(f["sha256"] for f in files if f["name"] == "dataset.nq")[:16]
    manifest = {"version": version, "triples": len(triples), "quads": len(ordered), "graphs": graphs, "files": files, **(extra or {})}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def _gzip(data: bytes) -> bytes:
    buffer = io.BytesIO()
    # mtime=0 and no file name: the same data gives the same bytes.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as zipped:
        zipped.write(data)
    return buffer.getvalue()


def _write(path: Path, data: bytes, media_type: str, encoding: str | None = None) -> dict:
    path.write_bytes(data)
    entry = {"name": path.name, "media_type": media_type, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    if encoding:
        entry["encoding"] = encoding
    return entry


def publish(staged: Path, data_dir: Path, version: str) -> Path:
    """Move a staged build to ``builds/<version>`` and switch ``current`` to it atomically.

    Readers see the old build or the new one, never a mix: the folder is complete
    before the symlink is replaced with ``os.replace``.
    """
    builds = data_dir / "builds"
    final = builds / version
    if final.exists():
        shutil.rmtree(staged)  # identical content already published
    else:
        os.replace(staged, final)
    link = data_dir / f".{CURRENT}.{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(Path("builds") / version, link)
    os.replace(link, data_dir / CURRENT)
    return final


def staging_folder(data_dir: Path) -> Path:
    """A fresh folder beside the builds, on the same file system (so the move is atomic)."""
    builds = data_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".staging-", dir=builds))


def read_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BuildError(f"no readable build manifest in {folder}: {error}") from error


def dump_path(data_dir: Path, fmt: str) -> Path:
    """The current build's dump file in format ``fmt`` (name or extension)."""
    wanted = by_name(fmt)
    for name, fmt_name, _ in DUMPS:
        if wanted is not None and wanted.name == fmt_name:
            path = data_dir / CURRENT / name
            if not path.exists():
                raise NotFound(f"no build in {data_dir}: run `tipkg build` first")
            return path
    raise NotFound(f"no dump in format {fmt!r}; formats: {', '.join(f for _, f, _ in DUMPS)}")
