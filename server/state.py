"""The build being served: its folder, manifest and modification time.

``{data_dir}/current`` is a symlink switched atomically by ``tipkg build``; it is
resolved once per call, so a request sees one build from start to end. In ``serve
--data`` mode the store names the folder its dumps were written to (``dumps_dir``).
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from flask import current_app, request

from tipkg.errors import NotFound
from tipkg.graph.dumps import MANIFEST, read_manifest


def folder() -> Path:
    """The resolved folder of the build being served (stable for the whole request).

    :raises NotFound: when there is no build to serve dumps from.
    """
    cached = getattr(request, "_tipkg_folder", None) if request else None
    if cached is not None:
        return cached
    from tipkg.query.service import get_store

    named = getattr(get_store(), "dumps_dir", None)
    path = Path(named) if named else current_app.config["TIPKG_SETTINGS"].data_dir / "current"
    try:
        resolved = path.resolve(strict=True)
    except OSError:
        raise NotFound("No dumps are available: the server has no build folder.") from None
    if request:
        request._tipkg_folder = resolved
    return resolved


def manifest() -> dict:
    """The build's ``manifest.json`` (version, counts, graphs, files with sha256)."""
    return _read_manifest(folder())


@lru_cache(maxsize=8)
def _read_manifest(resolved: Path) -> dict:
    # a build folder never changes once `current` points at it, so caching by path is safe
    return read_manifest(resolved)


def modified() -> datetime:
    """When the build being served was made (the manifest's modification time)."""
    try:
        stamp = (folder() / MANIFEST).stat().st_mtime
    except (OSError, NotFound):
        stamp = current_app.config.setdefault("TIPKG_STARTED", datetime.now(timezone.utc).timestamp())
    return datetime.fromtimestamp(int(stamp), timezone.utc)


def version() -> str:
    """The served dataset's version (the store's, which follows the build)."""
    from tipkg.query.service import get_store

    return str(get_store().version)
