"""Benchmark ``tipkg serve`` against the Oxigraph server and rdflib-endpoint, on one graph.

Prints figures, asserts nothing (never a timed test). For each size it writes a
deterministic generated dataset shaped like ours (one named graph per report; commitments
with bilingual labels, actions and modalities as SKOS concepts, Web Annotation evidence
three hops away, statistics with optional data sources), starts each server on loopback,
measures the time from start to its first answer, then runs the query mix with wrk
(Debian's ``wrk``, see ``scripts/system-deps.sh``), the servers alternating query by query,
and prints req/s, p50, p99 and the memory of each server's whole process tree (RSS summed,
and PSS, which counts a page shared by several processes once), with tipkg's ratios to the
others.

    python scripts/bench_servers.py                              # 100k triples, 3 s per run
    python scripts/bench_servers.py --sizes 10k,100k,1M --seconds 5 --rounds 2
    python scripts/bench_servers.py --servers tipkg,oxigraph --queries lookup,aggregate
    python scripts/bench_servers.py --tipkg-args "--workers 2 --query-workers 1"

The servers: ``tipkg serve --data FILE`` (gunicorn, defaults unless ``--tipkg-args``);
``oxigraph serve`` in memory with ``--union-default-graph``, the data POSTed to ``/store``
(the PyPI package ``oxigraph`` provides the CLI); ``rdflib-endpoint serve FILE``. Each
request of a run picks the next of ``--variants`` different queries (other IRIs, words,
offsets), so a cache sees the same query again only every ``--variants`` requests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BASE = "https://w3id.org/asean-tip/"
ID = BASE + "id/"
TIP = BASE + "ontology#"
GRAPH = BASE + "graph/"
PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "oa": "http://www.w3.org/ns/oa#",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "tip": TIP,
}
REPORTS = 5
ACTIONS = 12
MODALITIES = 3
WORDS = ["cyber", "online", "scam", "victim", "border", "labour", "police", "court", "shelter", "data", "fraud", "recruit"]
TRIPLES_PER_UNIT = 31
"""Triples one generated unit adds (a commitment, its evidence, an actor, a statistic)."""


def parse_size(text: str) -> int:
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


# ---- the generated dataset ------------------------------------------------------------

def lit(value: str, lang: str | None = None) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def generate(triples: int, path: Path) -> dict:
    """Write a TriG file of about ``triples`` triples; return what the queries need."""
    units = max(1, triples // TRIPLES_PER_UNIT)
    rng = random.Random(20231017)
    with path.open("w", encoding="utf-8") as out:
        for prefix, iri in PREFIXES.items():
            out.write(f"@prefix {prefix}: <{iri}> .\n")
        out.write(f"@prefix id: <{ID}> .\n\n<{GRAPH}schemes> {{\n")
        for a in range(ACTIONS):
            out.write(f'  <{ID}action/a{a}> a skos:Concept ; skos:inScheme <{ID}scheme/action> ; skos:prefLabel {lit(f"action {a} {WORDS[a]}", "en")}, {lit(f"tindakan {a}", "id")} .\n')
        for m in range(MODALITIES):
            out.write(f'  <{ID}modality/m{m}> a skos:Concept ; skos:inScheme <{ID}scheme/modality> ; skos:prefLabel {lit(f"modality {m}", "en")}, {lit(f"modalitas {m}", "id")} .\n')
        out.write("}\n")
        for r in range(REPORTS):
            out.write(f"\n<{GRAPH}report-{r}> {{\n  <{ID}report/r{r}> a schema:NewsArticle ; rdfs:label {lit(f'report {r}', 'en')} .\n")
            for i in range(r, units, REPORTS):
                word, other = WORDS[i % len(WORDS)], WORDS[(i * 7 + 3) % len(WORDS)]
                value = rng.randint(1, 100_000)
                out.write(
                    f"  <{ID}commitment/c{i}> a tip:Commitment ; rdfs:label {lit(f'commitment {i} on {word} {other}', 'en')}, {lit(f'komitmen {i} tentang {word}', 'id')} ;\n"
                    f"    tip:action <{ID}action/a{i % ACTIONS}> ; tip:modality <{ID}modality/m{i % MODALITIES}> ; tip:evidence <{ID}annotation/e{i}> ;\n"
                    f"    tip:madeBy <{ID}actor/p{i % 997}> ; prov:wasDerivedFrom <{ID}report/r{r}> .\n"
                    f"  <{ID}annotation/e{i}> a oa:Annotation ; oa:hasBody <{ID}commitment/c{i}> ; oa:hasTarget <{ID}target/e{i}> .\n"
                    f"  <{ID}target/e{i}> oa:hasSource <{ID}report/r{r}> ; oa:hasSelector <{ID}selector/e{i}q> .\n"
                    f"  <{ID}selector/e{i}q> a oa:TextQuoteSelector ; oa:exact {lit(f'kata {word} nomor {i}')} .\n"
                    f"  <{ID}actor/p{i % 997}> a schema:Person ; rdfs:label {lit(f'actor {i % 997}', 'en')} .\n"
                    f"  <{ID}statistic/s{i}> a tip:StatisticalObservation ; rdfs:label {lit(f'figure {i}', 'en')} ; schema:value {value} ;\n"
                    f"    tip:isApproximate {'true' if i % 3 == 0 else 'false'} ; tip:reportedBy <{ID}actor/p{i % 997}> ; prov:wasDerivedFrom <{ID}report/r{r}>"
                    + (f" ;\n    tip:dataSource <{ID}actor/p{(i * 13) % 997}> .\n" if i % 2 else " .\n")
                )
            out.write("}\n")
    return {"units": units}


# ---- the query mix ----------------------------------------------------------------------

@dataclass
class Request:
    """One kind of request, as a path per server (None: the server has no such thing)."""

    name: str
    paths: dict[str, list[str]] = field(default_factory=dict)
    accept: str = "application/sparql-results+json"


ENDPOINTS = {"tipkg": "/sparql", "oxigraph": "/query", "rdflib": "/"}
PREFIX_TEXT = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def sparql_paths(texts: list[str]) -> dict[str, list[str]]:
    return {server: [f"{endpoint}?{urllib.parse.urlencode({'query': PREFIX_TEXT + t})}" for t in texts] for server, endpoint in ENDPOINTS.items()}


def query_mix(units: int, variants: int) -> list[Request]:
    rng = random.Random(7)
    picks = [rng.randrange(units) for _ in range(variants)]
    mix = [
        Request("lookup", sparql_paths([f"SELECT ?p ?o WHERE {{ <{ID}commitment/c{i}> ?p ?o }}" for i in picks])),
        Request("label search", sparql_paths([
            f'SELECT ?s ?label WHERE {{ ?s rdfs:label ?label FILTER(CONTAINS(?label, "{WORDS[k % len(WORDS)]} {WORDS[(k * 7 + 3) % len(WORDS)]}")) }} LIMIT 20'
            for k in range(variants)])),
        Request("aggregate", sparql_paths([
            f"SELECT ?action (COUNT(?c) AS ?n) (AVG(?v) AS ?mean) WHERE {{ ?c a tip:Commitment ; tip:action ?action ; tip:madeBy ?p . "
            f"?s tip:reportedBy ?p ; schema:value ?v FILTER(?v > {k}) }} GROUP BY ?action ORDER BY DESC(?n)"
            for k in range(variants)])),
        Request("3-hop join", sparql_paths([
            f"SELECT ?c ?label ?exact WHERE {{ ?c tip:action <{ID}action/a{k % ACTIONS}> ; tip:modality <{ID}modality/m{k % MODALITIES}> ; "
            f"rdfs:label ?label ; tip:evidence ?e . ?e oa:hasTarget ?t . ?t oa:hasSource <{ID}report/r{k % REPORTS}> ; oa:hasSelector ?q . "
            f'?q oa:exact ?exact FILTER(LANG(?label) = "en") }} ORDER BY ?c LIMIT 50'
            for k in range(variants)])),
        Request("OPTIONAL listing", sparql_paths([
            f"SELECT ?s ?value ?source WHERE {{ ?s a tip:StatisticalObservation ; schema:value ?value . OPTIONAL {{ ?s tip:dataSource ?source }} }} "
            f"ORDER BY ?s LIMIT 100 OFFSET {100 * (k % max(1, units // 100))}"
            for k in range(variants)])),
        Request("DESCRIBE", sparql_paths([f"DESCRIBE <{ID}commitment/c{i}>" for i in picks]), accept="text/turtle"),
        Request("resource page", {"tipkg": [f"/doc/commitment/c{i}" for i in picks]}, accept="text/html"),
        Request("dump download", {"tipkg": ["/dumps/dataset.nq.gz"], "oxigraph": ["/store"]}, accept="application/n-quads"),
    ]
    return mix


# ---- the servers ------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found (pip install -e '.[test]'; wrk: bash scripts/system-deps.sh)")
    return found


@dataclass
class Server:
    name: str
    proc: subprocess.Popen
    url: str
    first_answer: float
    log: Path
    started: float = 0.0

    def tree(self) -> list[int]:
        pids, todo = [], [self.proc.pid]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            try:
                children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            except OSError:
                children = []
            todo.extend(int(c) for c in children)
        return pids

    def memory(self) -> tuple[float, float]:
        """(RSS summed, PSS summed) of the whole process tree, in MB."""
        rss = pss = 0
        for pid in self.tree():
            try:
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
            except OSError:
                pass
        return rss / 1024, pss / 1024

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()


def wait_first_answer(url: str, started: float, proc: subprocess.Popen, limit: float = 900) -> float:
    while time.monotonic() - started < limit:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    response.read()
                    return time.monotonic() - started
        except urllib.error.HTTPError as error:
            if error.code != 503:  # 503: still starting (tipkg's query workers load the data)
                raise RuntimeError(f"{url} answered {error.code}") from None
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.05)
    raise RuntimeError("no answer in time")


def start(name: str, data: Path, nquads: Path, folder: Path, tipkg_args: list[str], probe: str) -> Server:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = folder / f"{name}.log"
    env = dict(os.environ)
    if name == "tipkg":
        # the same dataset semantics as `oxigraph serve --union-default-graph` (a set here, a bag there)
        cmd = [tool("tipkg"), "serve", "--data", str(data), "--union-default-graph", "--host", "127.0.0.1", "--port", str(port), *tipkg_args]
    elif name == "oxigraph":
        cmd = [tool("oxigraph"), "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    elif name == "rdflib":
        cmd = [tool("rdflib-endpoint"), "serve", str(data), "--host", "127.0.0.1", "--port", str(port)]
    else:
        raise SystemExit(f"unknown server {name}")
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env, start_new_session=True)
    server = Server(name, proc, url, 0.0, log, started)
    try:
        if name == "oxigraph":  # in memory: the data arrives by the Graph Store Protocol
            wait_first_answer(url + "/query?query=ASK%7B%7D", started, proc)
            with nquads.open("rb") as body:
                request = urllib.request.Request(url + "/store", data=body, method="POST", headers={"Content-Type": "application/n-quads", "Content-Length": str(nquads.stat().st_size)})
                urllib.request.urlopen(request, timeout=900).read()
        path = probe.replace("/sparql?", ENDPOINTS[name] + "?", 1)
        server.first_answer = wait_first_answer(url + path, started, proc)
    except BaseException:
        server.stop()
        raise
    return server


# ---- wrk --------------------------------------------------------------------------------

LUA = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
"""


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class Figure:
    rps: float
    p50: float
    p99: float
    errors: int


def unit_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(server: Server, request: Request, seconds: float, connections: int, folder: Path) -> Figure:
    script = folder / "mix.lua"
    script.write_text(LUA % ", ".join(lua_string(p) for p in request.paths[server.name]))
    cmd = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{max(1, round(seconds))}s", "--latency", "--timeout", "30s",
           "-H", f"Accept: {request.accept}", "-s", str(script), server.url]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    out = done.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = unit_ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = unit_ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(g) for g in m.groups())
    return Figure(rps, p50, p99, errors)


# ---- the run ----------------------------------------------------------------------------

def answer_size(server: Server, path: str, accept: str) -> str:
    request = urllib.request.Request(server.url + path, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    if "sparql-results+json" in accept:
        doc = json.loads(body)
        return f"{len(doc['results']['bindings'])} rows"
    return "non-empty" if body.strip() else "empty"


def wait_dumps(server: Server, limit: float = 1800) -> float:
    """Seconds from start until the dumps are served (streamed --data writes them in the background)."""
    while time.monotonic() - server.started < limit:
        try:
            with urllib.request.urlopen(server.url + "/dumps/dataset.nq.gz", timeout=60) as response:
                response.read()
                return time.monotonic() - server.started
        except urllib.error.HTTPError as error:
            if error.code != 503:
                raise
        time.sleep(0.5)
    raise RuntimeError("dumps not served in time")


def settle(server: Server, limit: float = 120) -> None:
    """Wait until the server answers a trivial query again (it may still be working on
    requests wrk gave up on), at most ``limit`` seconds."""
    path = ENDPOINTS[server.name] + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    started = time.monotonic()
    while time.monotonic() - started < limit:
        try:
            begin = time.monotonic()
            with urllib.request.urlopen(server.url + path, timeout=limit) as response:
                response.read()
            if time.monotonic() - begin < 0.5:
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    print(f"  ({server.name} still busy after {limit:g} s)")


def check_answers(servers: dict[str, Server], mix: list[Request]) -> None:
    """Every server answers the first query of each kind, with the same number of rows."""
    for request in mix:
        sizes = {name: answer_size(server, request.paths[name][0], request.accept) for name, server in servers.items() if name in request.paths}
        same = len(set(sizes.values())) == 1
        print(f"check {request.name}: " + ", ".join(f"{n} {v}" for n, v in sizes.items()) + ("" if same else "  <-- DIFFERENT ANSWERS"))

def ratio(a: float, b: float) -> str:
    if not b:
        return "∞ (the other finished none)" if a else "-"
    return f"{a / b:.2f}×"


def bench_size(size: int, args, folder: Path) -> dict:
    data = folder / f"bench-{size}.trig"
    shape = generate(size, data)
    nquads = folder / f"bench-{size}.nq"
    import pyoxigraph as ox

    ox.serialize(ox.parse(path=str(data), format=ox.RdfFormat.TRIG), str(nquads), ox.RdfFormat.N_QUADS)
    count = sum(1 for _ in nquads.open("rb"))
    print(f"\n## {size:,} triples asked, {count:,} quads written ({data.stat().st_size / 1e6:.1f} MB TriG), {shape['units']:,} units")
    mix = [r for r in query_mix(shape["units"], args.variants) if r.name in args.queries]
    probe = mix[0].paths["tipkg"][0] if mix and mix[0].paths.get("tipkg", [""])[0].startswith("/sparql") else sparql_paths(["ASK { ?s ?p ?o }"])["tipkg"][0]
    servers: dict[str, Server] = {}
    results: dict[str, dict[str, list[Figure]]] = {}
    memory: dict[str, tuple[float, float]] = {}
    try:
        for name in args.servers:  # one at a time, so starts do not compete
            server = start(name, data, nquads, folder, shlex.split(args.tipkg_args), probe)
            servers[name] = server
            print(f"{name}: first answer {server.first_answer:.1f} s after start, memory {server.memory()[0]:.0f} MB RSS")
        if "tipkg" in servers and "dump download" in args.queries:
            print(f"tipkg: dumps served {wait_dumps(servers['tipkg']):.1f} s after start")
        check_answers(servers, mix)
        for request in mix:  # warm-up, not measured: every tipkg process (gunicorn workers) sees each kind
            for name in args.servers:  # (the others are one process each, warmed by the check above)
                if name == "tipkg" and name in request.paths and args.warmup > 0:
                    run_wrk(servers[name], request, args.warmup, args.connections, folder)
                    settle(servers[name])
        for round_ in range(args.rounds):
            for request in mix:
                for name in (args.servers if round_ % 2 == 0 else list(reversed(args.servers))):  # alternating
                    if name not in request.paths:
                        continue
                    figure = run_wrk(servers[name], request, args.seconds, args.connections, folder)
                    settle(servers[name])  # requests wrk left running must not slow the next run
                    results.setdefault(request.name, {}).setdefault(name, []).append(figure)
                    memory[name] = max(memory.get(name, (0, 0)), servers[name].memory())
    finally:
        for server in servers.values():
            server.stop()
    # the table
    print()
    header = "| query | " + " | ".join(f"{n} req/s | p50 ms | p99 ms" for n in args.servers) + " | " + " | ".join(f"tipkg/{n}" for n in args.servers if n != "tipkg") + " |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    summary = {"size": size, "quads": count, "queries": {}, "first_answer": {}, "memory": {}}
    for request in mix:
        cells, best = [], {}
        for name in args.servers:
            figures = results.get(request.name, {}).get(name)
            if not figures:
                cells.append("n/a | | ")
                continue
            rps = sum(f.rps for f in figures) / len(figures)
            p50 = sorted(f.p50 for f in figures)[len(figures) // 2]
            p99 = max(f.p99 for f in figures)
            errors = sum(f.errors for f in figures)
            best[name] = (rps, p50, p99)
            cells.append(f"{rps:,.1f}{f' ({errors} errors)' if errors else ''} | {p50:.2f} | {p99:.2f}")
        ratios = []
        for name in args.servers:
            if name == "tipkg":
                continue
            if "tipkg" in best and name in best:
                ratios.append(f"{ratio(best['tipkg'][0], best[name][0])} (p99 {ratio(best['tipkg'][2], best[name][2])})")
            else:
                ratios.append("n/a")
        summary["queries"][request.name] = best
        print(f"| {request.name} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
    print()
    for name in args.servers:
        rss, pss = memory.get(name, (0, 0))
        summary["first_answer"][name] = servers[name].first_answer
        summary["memory"][name] = (rss, pss)
        line = f"{name}: first answer {servers[name].first_answer:.1f} s; process tree {rss:,.0f} MB RSS, {pss:,.0f} MB PSS (peak during the run)"
        if name != "tipkg" and "tipkg" in servers:
            line += f"; tipkg/{name}: time {ratio(servers['tipkg'].first_answer, servers[name].first_answer)}, RSS {ratio(memory['tipkg'][0], rss)}, PSS {ratio(memory['tipkg'][1], pss)}"
        print(line)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100k", help="comma-separated triple counts: 10k,100k,1M")
    parser.add_argument("--seconds", type=float, default=3, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=1, help="runs of the whole mix (servers in reverse order every other round)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--variants", type=int, default=64, help="different queries of each kind, cycled")
    parser.add_argument("--warmup", type=float, default=1, help="seconds of unmeasured load per query and server first (0: none)")
    parser.add_argument("--servers", default="tipkg,oxigraph,rdflib")
    parser.add_argument("--queries", default=None, help="comma-separated subset of: " + ", ".join(r.name for r in query_mix(100, 1)))
    parser.add_argument("--tipkg-args", default="", help="extra flags for tipkg serve")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (data files, server logs)")
    args = parser.parse_args()
    args.servers = [s.strip() for s in args.servers.split(",") if s.strip()]
    names = [r.name for r in query_mix(100, 1)]
    args.queries = names if not args.queries else [q.strip() for q in args.queries.split(",")]
    unknown = set(args.queries) - set(names)
    if unknown:
        parser.error(f"unknown queries {sorted(unknown)}; known: {names}")
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: bash scripts/system-deps.sh (Debian package wrk)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the servers on the way out
    folder = Path(tempfile.mkdtemp(prefix="tipkg-bench-"))
    print(f"# bench_servers: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}; wrk -t2 -c{args.connections}, {args.seconds:g} s per run, "
          f"{args.rounds} round(s), {args.variants} variants per query; work folder {folder}")
    print(f"# tipkg serve --data FILE --union-default-graph {args.tipkg_args}".rstrip())
    summaries = []
    try:
        for size in [parse_size(s) for s in args.sizes.split(",")]:
            summaries.append(bench_size(size, args, folder))
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(summaries, indent=1))


if __name__ == "__main__":
    main()
