"""The corpus shipped in the package is a byte-exact copy of ../shared/corpus."""

import hashlib
from pathlib import Path

from tipkg import assets

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_every_shared_report_is_shipped_byte_exact():
    shipped = {f.name: f.read_bytes() for f in assets.corpus_files()}
    shared = sorted(SHARED.glob("*.txt"))
    assert shared, f"no shared corpus at {SHARED}"
    assert sorted(shipped) == [p.name for p in shared]
    for path in shared:
        assert sha(shipped[path.name]) == sha(path.read_bytes()), path.name


def test_metadata_is_byte_exact():
    assert assets.corpus_metadata().read_bytes() == (SHARED / "metadata.csv").read_bytes()
