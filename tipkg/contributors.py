"""The contributors an operator lets post to ``/contributions`` (``tipkg serve --contributors FILE``).

The file is TOML, one ``[[contributor]]`` table each, with ``name`` and ``token_sha256``
(the hex sha256 of the contributor's token; the token itself is never stored)::

    [[contributor]]
    name = "Ayu"
    token_sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

A token is checked by hashing it and comparing in constant time with every listed hash.
:class:`Contributors` reads the file at start (an unusable file is a
:class:`~tipkg.errors.ConfigError`, so the server does not start) and again on
:meth:`Contributors.reload` (the server calls it in every new worker, so a SIGHUP to the
master, which starts new workers, re-reads it); a file that became unusable is logged
and the list read before is kept.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tipkg.errors import ConfigError

log = logging.getLogger("tipkg.contributors")

HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Contributor:
    name: str
    token_sha256: str


def token_hash(token: str) -> str:
    """The hex sha256 of a token, as the file lists it."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse(text: str, source: str = "contributors file") -> list[Contributor]:
    """The contributors of a TOML text. :raises ConfigError: with what is wrong and where."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{source}: not TOML: {error}") from None
    unknown = sorted(set(data) - {"contributor"})
    if unknown:
        raise ConfigError(f"{source}: unknown keys {unknown}; list contributors as [[contributor]] tables")
    tables = data.get("contributor", [])
    if not isinstance(tables, list):
        raise ConfigError(f"{source}: 'contributor' must be [[contributor]] tables")
    found: list[Contributor] = []
    for n, table in enumerate(tables, 1):
        where = f"{source}: contributor {n}"
        extra = sorted(set(table) - {"name", "token_sha256"})
        if extra:
            raise ConfigError(f"{where}: unknown keys {extra} (only name and token_sha256; never the token itself)")
        name, digest = table.get("name"), table.get("token_sha256")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{where}: needs a non-empty name")
        if not isinstance(digest, str) or not HEX64.fullmatch(digest.strip().lower()):
            raise ConfigError(f"{where} ({name}): token_sha256 must be 64 hex digits (sha256 of the token)")
        found.append(Contributor(name.strip(), digest.strip().lower()))
    for attr in ("name", "token_sha256"):
        values = [getattr(c, attr) for c in found]
        twice = sorted({v for v in values if values.count(v) > 1})
        if twice:
            raise ConfigError(f"{source}: the same {attr} twice: {twice[0] if attr == 'name' else '(a token hash)'}")
    return found


def read(path: Path) -> list[Contributor]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read the contributors file {path}: {error}") from None
    return parse(text, str(path))


class Contributors:
    """The contributors listed in ``path``, re-read on :meth:`reload`."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._list = read(self.path)

    def reload(self) -> bool:
        """Read the file again; False (and the old list kept) when it is unusable now."""
        try:
            fresh = read(self.path)
        except ConfigError as error:
            log.error("contributors file not reloaded, keeping %d contributors: %s", len(self._list), error.message)
            return False
        with self._lock:
            self._list = fresh
        return True

    @property
    def names(self) -> list[str]:
        return [c.name for c in self._list]

    def authenticate(self, token: str) -> Contributor | None:
        """The contributor whose token this is, else None (every hash compared)."""
        digest = token_hash(token)
        match = None
        for contributor in self._list:
            if hmac.compare_digest(digest, contributor.token_sha256):
                match = contributor
        return match


__all__ = ["Contributor", "Contributors", "parse", "read", "token_hash"]
