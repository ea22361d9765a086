"""Time SPARQL queries through the store the server uses (worker processes included).

Prints figures, asserts nothing. Usage:

    python scripts/bench_queries.py [--data FILE … | --data-dir DIR] [--repeat 20]

Without --data it serves the current build in DIR (default ``data``, built if missing).
For each example query shipped with the package (and a few fixed ones) it prints the
median and 90th percentile wall time of ``QueryService.execute`` and the same query run
in-process on pyoxigraph, so the cost of the worker round trip shows.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

FIXED = {
    "count triples": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
    "classes": "SELECT ?c (COUNT(?s) AS ?n) { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n)",
    "one resource": "DESCRIBE ?s { ?s ?p ?o } LIMIT 1",
    "labels (csv)": "SELECT ?s ?l { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
}


def timed(run, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.9 * len(samples)))]


def main() -> None:
    from tipkg.assets import query_files
    from tipkg.config import Settings
    from tipkg.formats import by_name
    from tipkg.query import source as data_source
    from tipkg.query.service import open_store
    from tipkg.workers.query_worker import Engine

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", nargs="*", type=Path, default=())
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    settings = Settings(data_files=tuple(args.data), data_dir=args.data_dir, query_workers=1)

    queries = dict(FIXED)
    for file in query_files():
        queries[file.name] = file.read_text(encoding="utf-8")

    start = time.perf_counter()
    store = open_store(settings)
    store.execute("ASK { }")
    print(f"store ready in {(time.perf_counter() - start) * 1000:.0f} ms; {store.stats()['triples']} triples, version {store.version}")
    source = data_source.prepare(settings)
    engine = Engine.open(source.worker_source)
    print(f"{'query':40} {'worker p50':>11} {'p90':>8} {'in-process p50':>15} {'rows':>6}")
    try:
        for name, query in queries.items():
            fmt = by_name("csv") if "(csv)" in name else None
            try:
                answer = store.execute(query, result_format=fmt)
            except Exception as error:  # report and go on
                print(f"{name[:40]:40} error: {error}")
                continue
            p50, p90 = timed(lambda: store.execute(query, result_format=fmt), args.repeat)
            local, _ = timed(lambda: engine.execute({"query": query, "format": fmt.name if fmt else None, "limit": settings.result_limit}), args.repeat)
            print(f"{name[:40]:40} {p50:9.2f}ms {p90:6.2f}ms {local:13.2f}ms {answer.count:6d}")
    finally:
        store.close()
        source.cleanup()


if __name__ == "__main__":
    main()
