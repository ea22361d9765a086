"""Which dataset the embedded store serves, made ready for the query workers.

Three sources, one result (:class:`DataSource`): an N-Quads file the workers load (or an
on-disk pyoxigraph store they open read-only), the dataset version, its statistics, and
the folder holding its dumps and ``manifest.json``.

- default: the current build, ``<data_dir>/current`` (built first when missing or stale);
  the symlink is resolved once, so a rebuild while serving never mixes two datasets;
- ``--data FILE…``: any RDF files (named graphs kept) parsed once, written as N-Quads and
  dumps into a private temporary folder. Files over :data:`STREAM_BYTES` in all are
  streamed instead: one pass writes the N-Quads the workers load (no sorting, no Python
  copy of the data), the counts come from the first worker, and the dumps are written
  by a background process while queries are already answered (``/dumps/`` answers 503
  with ``Retry-After`` until they are complete);
- ``--store DIR``: either of the above loaded once into an on-disk store, reopened on the
  next start without reloading when the version is the same.
"""

from __future__ import annotations

import atexit
import gzip
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from tipkg.config import Settings
from tipkg.errors import BuildError, DataSyntaxError, ServiceUnavailable
from tipkg.formats import RDF_FORMATS, by_extension
from tipkg.workers.query_worker import materialize_merge, source_stats

log = logging.getLogger("tipkg.query.service")

VERSION_MARKER = "tipkg-version.txt"
STATS_FILE = "tipkg-stats.json"
STREAM_BYTES = 1_000_000
"""``--data`` files larger than this in all are streamed (see the module's notes)."""


@dataclass
class DataSource:
    version: str
    worker_source: dict
    """What :meth:`tipkg.workers.query_worker.Engine.open` takes."""
    dumps_dir: Path | None
    """Folder with ``dataset.*`` dumps and ``manifest.json`` (None if there are none)."""
    manifest: dict | None
    stats: dict | None
    temp_dirs: list[Path] = field(default_factory=list)
    owner_pid: int = field(default_factory=os.getpid)
    dumps_writer: subprocess.Popen | None = None
    """The background process writing the dumps of streamed ``--data`` files."""

    @property
    def dumps_pending(self) -> bool:
        """True while streamed ``--data`` dumps are still being written."""
        if self.dumps_writer is None or self.dumps_dir is None:
            return False
        failed = self.dumps_dir.with_name(self.dumps_dir.name + ".failed")
        return not (self.dumps_dir / "manifest.json").is_file() and not failed.is_file()

    def cleanup(self) -> None:
        if os.getpid() != self.owner_pid:
            return  # a forked child: the temporary folders belong to the parent
        if self.dumps_writer is not None and self.dumps_writer.poll() is None:
            self.dumps_writer.kill()
            self.dumps_writer.wait()
        for folder in self.temp_dirs:
            shutil.rmtree(folder, ignore_errors=True)
        self.temp_dirs = []


def prepare(settings: Settings) -> DataSource:
    """The built dataset always gets the union default graph (its own default graph is
    empty); ``--data`` files keep theirs unless ``--union-default-graph``."""
    if settings.data_files:
        source = _from_files(settings.data_files)
        source.worker_source["union"] = bool(settings.union_default_graph)
    else:
        source = _from_build(settings.data_dir)
    if settings.store_dir:
        _load_disk_store(Path(settings.store_dir), source)
    return source


def _from_build(data_dir: Path) -> DataSource:
    try:
        from tipkg.graph.build import ensure_built
    except ImportError as error:
        raise ServiceUnavailable(f"No dataset to serve: the dataset builder is not available ({error}).") from None
    build = Path(ensure_built(Path(data_dir))).resolve()
    nq = build / "dataset.nq"
    if not nq.is_file():
        raise BuildError(f"The current build {build} has no dataset.nq.")
    manifest_path = build / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else None
    version = str((manifest or {}).get("version") or build.name)
    stats = None
    if manifest and {"triples", "quads", "graphs"} <= manifest.keys():
        stats = {"triples": manifest["triples"], "quads": manifest["quads"], "graphs": list(manifest["graphs"])}
    return DataSource(version, {"kind": "memory", "files": [str(nq)]}, build, manifest, stats)


def read_rdf_file(path: Path) -> list[ox.Quad]:
    """Parse one RDF file in any syntax the registry knows (by extension; ``.gz`` allowed)."""
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    fmt = by_extension(Path(name).suffix, RDF_FORMATS)
    if fmt is None:
        known = ", ".join(f".{f.extension}" for f in RDF_FORMATS)
        raise DataSyntaxError(f"{path}: unknown RDF file extension (known: {known}, optionally .gz)")
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    try:
        return list(ox.parse(data, getattr(ox.RdfFormat, fmt.oxigraph), base_iri=path.resolve().as_uri()))
    except SyntaxError as error:
        raise DataSyntaxError(f"{path}: {error}") from None


def dataset_stats(quads: list[ox.Quad]) -> dict:
    return {
        "triples": len({(q.subject, q.predicate, q.object) for q in quads}),
        "quads": len(set(quads)),
        "graphs": sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}),
    }


def _from_files(files: tuple[Path, ...]) -> DataSource:
    if sum(Path(path).stat().st_size for path in files) > STREAM_BYTES:
        return _stream_files(files)
    digest = hashlib.sha256()
    quads: list[ox.Quad] = []
    for path in files:
        path = Path(path)
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
        quads.extend(read_rdf_file(path))
    quads = sorted(set(quads), key=str)
    folder = Path(tempfile.mkdtemp(prefix="tipkg-data-"))
    nq = folder / "dataset.nq"
    ox.serialize(quads, str(nq), ox.RdfFormat.N_QUADS)
    version = "data-" + digest.hexdigest()[:16]
    dumps_dir, manifest = None, None
    try:
        from tipkg.graph.dumps import write_dumps
    except ImportError:
        log.warning("tipkg.graph.dumps.write_dumps is not available: serving --data without dumps")
    else:
        dumps_dir = folder / "dumps"
        dumps_dir.mkdir()
        manifest = write_dumps(quads, dumps_dir)
        version = str(manifest.get("version") or version)
    source = DataSource(version, {"kind": "memory", "files": [str(nq)]}, dumps_dir, manifest, dataset_stats(quads), [folder])
    atexit.register(source.cleanup)
    return source


def _stream_files(files: tuple[Path, ...]) -> DataSource:
    """Large ``--data``: one streaming pass to N-Quads; counts by the workers; dumps in the background."""
    folder = Path(tempfile.mkdtemp(prefix="tipkg-data-"))
    try:
        digest = hashlib.sha256()
        for path in files:
            path = Path(path)
            digest.update(path.name.encode() + b"\0")
            with path.open("rb") as data:
                for block in iter(lambda: data.read(1 << 20), b""):
                    digest.update(block)
        nq = folder / "dataset.nq"
        with nq.open("wb") as out:
            for path in files:
                ox.serialize(_stream_quads(Path(path)), out, ox.RdfFormat.N_QUADS)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    dumps_dir = folder / "dumps"
    writer = subprocess.Popen([sys.executable, "-m", "tipkg.query.dumps_writer", str(nq), str(dumps_dir)], stdin=subprocess.DEVNULL, close_fds=True)
    source = DataSource("data-" + digest.hexdigest()[:16], {"kind": "memory", "files": [str(nq)]}, dumps_dir, None, None, [folder], dumps_writer=writer)
    atexit.register(source.cleanup)
    log.info("streaming %d file(s): queries are answered now, dumps written in the background (pid %d)", len(files), writer.pid)
    return source


def _stream_quads(path: Path):
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    fmt = by_extension(Path(name).suffix, RDF_FORMATS)
    if fmt is None:
        known = ", ".join(f".{f.extension}" for f in RDF_FORMATS)
        raise DataSyntaxError(f"{path}: unknown RDF file extension (known: {known}, optionally .gz)")
    stream = gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")
    try:
        yield from ox.parse(stream, getattr(ox.RdfFormat, fmt.oxigraph), base_iri=path.resolve().as_uri())
    except SyntaxError as error:
        raise DataSyntaxError(f"{path}: {error}") from None
    finally:
        stream.close()


def _load_disk_store(path: Path, source: DataSource) -> None:
    """Load the dataset into an on-disk store once; skip when it already holds this version."""
    marker = path / VERSION_MARKER
    union = source.worker_source.get("union", True)
    stamp = source.version + ("" if union else " own-default-graph")
    if marker.is_file() and marker.read_text(encoding="utf-8").strip() == stamp:
        log.info("store %s already holds version %s", path, source.version)
    else:
        path.mkdir(parents=True, exist_ok=True)
        marker.unlink(missing_ok=True)
        store = ox.Store(str(path))
        store.clear()
        for nq in source.worker_source["files"]:
            store.bulk_load(path=nq, format=ox.RdfFormat.N_QUADS)
        if source.stats is None:
            source.stats = source_stats(store)
        if union:
            materialize_merge(store)
        store.flush()
        (path / STATS_FILE).write_text(json.dumps(source.stats), encoding="utf-8")
        store.optimize()
        del store  # closes the database: the workers open it read-only
        marker.write_text(stamp + "\n", encoding="utf-8")
        log.info("loaded version %s into store %s", source.version, path)
    if source.stats is None:
        source.stats = json.loads((path / STATS_FILE).read_text(encoding="utf-8"))
    source.worker_source = {"kind": "disk", "path": str(path), "stats": source.stats, "union": union}
