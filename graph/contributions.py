"""Contributions: validated triples a listed contributor posted, published as a new version.

Each contribution lives in the data folder (``{data_dir}/contributions/{id}.nt`` and
``{id}.json``), never in the curated facts. Publishing one (:func:`publish`) or
retracting one (:func:`retract`) makes a new dataset version from the current build's
``dataset.nq``: the contribution's triples in the named graph
``https://w3id.org/asean-tip/graph/contribution/{id}`` and its provenance in the
metadata graph (``prov:wasAttributedTo`` the contributor, ``prov:generatedAtTime``, the
sha256 of the submitted bytes, the shapes' sha256 and the version it was validated
against), every dump and the manifest rewritten, then switched with
:func:`tipkg.graph.dumps.publish` (``os.replace`` of ``current``) exactly as a build is.
One writer at a time (an exclusive ``flock`` on ``contributions/.lock``), each starting
from the version ``current`` names when it holds the lock: two posts in parallel give two
versions, the second with both graphs. The manifest's ``contributions`` lists what the
version holds, so the list and the data switch together.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, VOID, XSD

from tipkg import assets
from tipkg.errors import NotFound
from tipkg.graph import dumps
from tipkg.namespaces import BASE, DATASET_IRI, GRAPH, METADATA_GRAPH

FOLDER = "contributions"
CONTRIBUTION_GRAPH = GRAPH["contribution/"]


def graph_iri(contribution_id: str) -> str:
    return f"{CONTRIBUTION_GRAPH}{contribution_id}"


def agent_iri(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or hashlib.sha256(name.encode()).hexdigest()[:12]
    return f"{BASE}id/contributor/{slug}"


def shapes_sha256() -> str:
    digest = hashlib.sha256()
    for resource in assets.shapes_files():
        digest.update(resource.read_bytes())
    return digest.hexdigest()


def new_id() -> str:
    return uuid.uuid4().hex[:16]


@contextmanager
def _writer(data_dir: Path):
    folder = Path(data_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield folder
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _current(data_dir: Path) -> tuple[Path, dict, list[ox.Quad]]:
    folder = (Path(data_dir) / dumps.CURRENT).resolve(strict=True)
    manifest = dumps.read_manifest(folder)
    quads = list(ox.parse(path=str(folder / "dataset.nq"), format=ox.RdfFormat.N_QUADS))
    return folder, manifest, quads


def _write_json(path: Path, data: dict) -> None:
    staged = path.with_name(f".{path.name}.{os.getpid()}")
    staged.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(staged, path)


def _release(data_dir: Path, quads, manifest: dict, contributions: dict, change: str) -> dict:
    extra = {k: v for k, v in manifest.items() if k not in ("version", "triples", "quads", "graphs", "files")}
    extra["contributions"] = contributions
    staged = dumps.staging_folder(Path(data_dir))
    try:
        new = dumps.write_dumps(quads, staged, extra=extra)
        dumps.publish(staged, Path(data_dir), new["version"], change)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return new


def _literal(value: str, datatype=None) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(str(datatype))) if datatype else ox.Literal(value)


def _n(iri) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def publish(data_dir: Path, contributor: str, ntriples: bytes, submitted: bytes, validated_against: str) -> dict:
    """Store the contribution and switch to a new version holding it; its metadata (with ``version``)."""
    cid = new_id()
    triples = list(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    meta = {
        "id": cid, "graph": graph_iri(cid), "contributor": contributor, "agent": agent_iri(contributor),
        "created": now, "triples": len(set(triples)), "sha256": hashlib.sha256(submitted).hexdigest(),
        "shapes_sha256": shapes_sha256(), "validated_against": validated_against,
    }
    g, m = _n(meta["graph"]), _n(METADATA_GRAPH)
    activity = _n(meta["graph"] + "#validation")
    agent = _n(meta["agent"])
    provenance = [
        (g, RDF.type, _n(PROV.Entity)),
        (g, DCTERMS.identifier, _literal(cid)),
        (g, PROV.wasAttributedTo, agent),
        (g, PROV.generatedAtTime, _literal(now, XSD.dateTime)),
        (g, PROV.wasDerivedFrom, _n(f"urn:sha256:{meta['sha256']}")),
        (g, PROV.wasGeneratedBy, activity),
        (activity, RDF.type, _n(PROV.Activity)),
        (activity, PROV.used, _n(f"{BASE}shapes")),
        (activity, PROV.used, _n(f"urn:sha256:{meta['shapes_sha256']}")),
        (activity, PROV.used, _n(f"{BASE}dataset/versions/{validated_against}")),
        (agent, RDF.type, _n(PROV.Agent)),
        (agent, RDFS.label, _literal(contributor)),
        # the dataset's VoID names the new graph as a subset, as the build does for its own
        (_n(DATASET_IRI), VOID.subset, g),
        (g, RDF.type, _n(VOID.Dataset)),
    ]
    with _writer(data_dir) as folder:
        kept = [folder / f"{cid}.nt", folder / f"{cid}.json"]
        try:
            kept[0].write_bytes(ntriples)
            _write_json(kept[1], meta)
            _, manifest, quads = _current(data_dir)
            quads += [ox.Quad(t.subject, t.predicate, t.object, g) for t in triples]
            quads += [ox.Quad(s, _n(p), o, m) for s, p, o in provenance]
            contributions = dict(manifest.get("contributions", {}))
            contributions[cid] = meta
            new = _release(data_dir, quads, manifest, contributions,
                           f"contribution {cid} by {contributor}: {meta['triples']} triples in <{meta['graph']}>")
        except BaseException:
            for path in kept:  # a failed write leaves nothing behind; `current` was not switched
                path.unlink(missing_ok=True)
            raise
    return {**meta, "version": new["version"]}


def retract(data_dir: Path, cid: str) -> dict:
    """A new version without the graph of ``cid``; the retraction stays in the metadata graph."""
    with _writer(data_dir) as folder:
        _, manifest, quads = _current(data_dir)
        contributions = dict(manifest.get("contributions", {}))
        if cid not in contributions:
            raise NotFound(f"No contribution {cid!r} in the served version.")
        meta = contributions.pop(cid)
        g = _n(meta["graph"])
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        quads = [q for q in quads if q.graph_name != g]
        # no longer a subset of the dataset; the graph's provenance stays
        subset = ox.Quad(_n(DATASET_IRI), _n(VOID.subset), g, _n(METADATA_GRAPH))
        quads = [q for q in quads if q != subset]
        quads.append(ox.Quad(g, _n(PROV.invalidatedAtTime), _literal(now, XSD.dateTime), _n(METADATA_GRAPH)))
        new = _release(data_dir, quads, manifest, contributions,
                       f"retraction of contribution {cid} by {meta['contributor']}: <{meta['graph']}> removed")
        record = folder / f"{cid}.json"
        if record.exists():
            _write_json(record, {**meta, "retracted": now, "retracted_in": new["version"]})
    return {**meta, "retracted": now, "version": new["version"]}


__all__ = ["publish", "retract", "graph_iri", "agent_iri", "FOLDER"]
