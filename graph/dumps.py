"""Sorted, byte-stable dumps of a dataset in every format, gzipped too, with a manifest.

One dump per RDF format of :mod:`tipkg.formats`, written by the one RDF writer
(:func:`tipkg.rdfio.write_rdf`): ``dataset.trig``/``dataset.nq`` keep the named graphs;
``dataset.ttl``, ``.nt``, ``.rdf`` and ``.jsonld`` hold the union of all graphs. The same
quads always give the same bytes: statements are sorted, gzip headers carry no time or name.
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
from tipkg.formats import RDF_FORMATS, Format, by_name
from tipkg.rdfio import write_rdf

DUMPS: tuple[tuple[str, Format], ...] = tuple((f"dataset.{fmt.extension}", fmt) for fmt in RDF_FORMATS)
"""One dump per RDF format of the registry (file name, format); dataset syntaxes keep the named graphs."""
MANIFEST = "manifest.json"
CURRENT = "current"


def write_dumps(quads: Iterable[ox.Quad], folder: Path, extra: dict | None = None) -> dict:
    """Write every dump of ``quads`` (and its .gz) into ``folder`` by the one RDF writer;
    return the manifest. ``extra`` is merged into the manifest (counts, input hashes …).
    """
    folder.mkdir(parents=True, exist_ok=True)
    quads = set(quads)
    files = []
    for name, fmt in DUMPS:
        data = write_rdf(quads, fmt)
        files.append(_write(folder / name, data, fmt.media_type))
        files.append(_write(folder / (name + ".gz"), _gzip(data), fmt.media_type, encoding="gzip"))
    graphs = sorted({str(q.graph_name.value) for q in quads if isinstance(q.graph_name, ox.NamedNode)})
    version = next(f["sha256"] for f in files if f["name"] == "dataset.nq")[:16]
    triples = len({q.triple for q in quads})
    manifest = {"version": version, "triples": triples, "quads": len(quads), "graphs": graphs, "files": files, **(extra or {})}
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


def publish(staged: Path, data_dir: Path, version: str, change: str = "build of the curated facts") -> Path:
    """Move a staged build to ``builds/<version>`` and switch ``current`` to it atomically.

    Readers see the old build or the new one, never a mix: the folder is complete
    before the symlink is replaced with ``os.replace``. The new version is then
    recorded, with ``change`` (what changed), in the series of
    :mod:`tipkg.graph.versions`.
    """
    from tipkg.graph import versions

    builds = data_dir / "builds"
    try:
        previous = (data_dir / CURRENT).resolve(strict=True).name
    except OSError:
        previous = None
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
    versions.record(data_dir, read_manifest(final), previous if previous != version else None, change)
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
    wanted = by_name(fmt, RDF_FORMATS)
    for name, dump_format in DUMPS:
        if wanted is dump_format:
            path = data_dir / CURRENT / name
            if not path.exists():
                raise NotFound(f"no build in {data_dir}: run `tipkg build` first")
            return path
    raise NotFound(f"no dump in format {fmt!r}; formats: {', '.join(f.name for _, f in DUMPS)}")
