"""Print how long the SHACL gate takes on a built dataset (target: < 2 s for ~5k triples).

Usage: python scripts/bench_gate.py DATA_DIR   (a folder written by `tipkg build --out`)
"""

import sys
import time
from pathlib import Path

from tipkg.shacl.validator import default_validator, read_rdf_file


def main() -> None:
    trig = Path(sys.argv[1]) / "current" / "dataset.trig"
    started = time.perf_counter()
    data = read_rdf_file(trig)
    parsed = time.perf_counter()
    validator = default_validator()
    loaded = time.perf_counter()
    for mode in ("none", "owlrl"):
        begin = time.perf_counter()
        report = validator.validate(data, inference=mode)
        print(f"validate ({mode}): {time.perf_counter() - begin:.2f} s, conforms={report.conforms}, results={len(report.results)}")
    print(f"parse {len(data)} quads: {parsed - started:.2f} s; load shapes: {loaded - parsed:.2f} s")


if __name__ == "__main__":
    main()
