"""``python -m tipkg.query.dumps_writer NQ FOLDER``: the dumps of streamed ``--data`` files.

Started in the background by :mod:`tipkg.query.source` for large ``--data`` inputs, so
queries are answered while the dumps (every syntax and its .gz, sorted, deterministic)
are written. They go to ``FOLDER.partial`` first, which is renamed to ``FOLDER`` when
complete: a reader sees no dumps or all of them. If writing fails, ``FOLDER.failed``
holds the error and the server answers 404 for the dumps instead of 503.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pyoxigraph as ox


def main(nq: str, folder: str) -> int:
    from tipkg.graph.dumps import write_dumps

    os.nice(10)  # after the query workers and the requests, which matter first

    final = Path(folder)
    partial = final.with_name(final.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        quads = set(ox.parse(path=nq, format=ox.RdfFormat.N_QUADS))
        write_dumps(quads, partial)
    except Exception as error:  # the server stops saying "being written" (see source.DataSource)
        final.with_name(final.name + ".failed").write_text(f"{type(error).__name__}: {error}\n", encoding="utf-8")
        raise
    os.replace(partial, final)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
