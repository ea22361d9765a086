"""The README's contribution and version examples, run as written with curl against a real
gunicorn server (the operator's lines make the token and the contributors file the server
reads), and every SPARQL Update form still refused on a server with ``--contributors``,
even with a listed contributor's token."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

README = Path(__file__).resolve().parents[1] / "README.md"
EXAMPLE_URL = "http://127.0.0.1:8000"
EXAMPLE_ID = "3f9c0a7e51b2d4c8"


def section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n### {title}\n")
    end = text.find("\n### ", start + 1)
    return text[start:end]


def commands(text: str) -> list[str]:
    """The ``$ …`` lines of the ``sh`` blocks, with ``\\`` continuations and here-documents
    joined, trailing ``  # comments`` dropped."""
    found: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        lines = block.splitlines()
        i = 0
        while i < len(lines):
            line = lines[i]
            i += 1
            if not line.startswith("$ "):
                continue
            command = line[2:]
            while command.endswith("\\") and i < len(lines):
                command = command[:-1] + " " + lines[i].strip()
                i += 1
            here = re.search(r"<<'(\w+)'", command)
            if here:
                body = []
                while i < len(lines) and lines[i] != here.group(1):
                    body.append(lines[i])
                    i += 1
                i += 1
                command = "\n".join([command, *body, here.group(1)])
            else:
                command = re.sub(r"\s{2,}#.*$", "", command)
            found.append(command)
    return found


def run(command: str, cwd: Path, env: dict) -> str:
    done = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, (command, done.stdout, done.stderr)
    return done.stdout


@pytest.fixture(scope="module")
def operator(tmp_path_factory, data_dir):
    """The operator's README lines run in a fresh folder: ``(folder, env with TOKEN)``."""
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(data_dir, folder / "data", symlinks=True)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    operator_lines = [c for c in commands(section("Contributions")) if c.startswith(("TOKEN=", "printf "))]
    assert len(operator_lines) == 2, operator_lines
    token = run("\n".join([*operator_lines, 'printf %s "$TOKEN"']), folder, env)
    assert len(token) >= 32 and (folder / "contributors.toml").is_file()
    assert token not in (folder / "contributors.toml").read_text(encoding="utf-8")  # only its sha256
    return folder, {**env, "TOKEN": token}


@pytest.fixture(scope="module")
def readme_server(start_server, operator):
    folder, _ = operator
    serve = next(c for c in commands(section("Contributions")) if c.startswith("tipkg serve "))
    assert "--contributors contributors.toml" in serve
    return start_server(["--data-dir", str(folder / "data"), "--workers", "2", "--contributors", str(folder / "contributors.toml")])


def test_the_readme_curl_examples_for_contributions_and_versions_run(readme_server, operator):
    folder, env = operator
    server = readme_server
    before = requests.get(f"{server.url}/health", timeout=10).json()["version"]
    contribution = commands(section("Contributions"))
    curls = [c for c in contribution if c.startswith(("curl ", "cat > "))]
    assert len([c for c in curls if c.startswith("curl ")]) >= 5, curls
    made: dict = {}
    outputs: list[tuple[str, str]] = []
    for command in curls:
        command = command.replace(EXAMPLE_URL, server.url)
        if made:
            command = command.replace(EXAMPLE_ID, made["id"])
        out = run(command.replace("curl ", "curl -sS ", 1) if command.startswith("curl ") else command, folder, env)
        outputs.append((command, out))
        if " -i " in command and "--data-binary @mine.ttl" in command:
            head, _, body = out.partition("\n\n")
            assert head.startswith("HTTP/1.1 201"), out
            made = json.loads(body)
            assert f"Location: {server.url}/contributions/{made['id']}" in head
            assert made["contributor"] == "Ayu" and made["triples"] == 4 and made["validated_against"] == before
    assert made, "the README's POST did not run"
    listing = next(o for c, o in outputs if c.strip() == f"curl {server.url}/contributions")
    assert [(c["id"], c["contributor"]) for c in json.loads(listing)["contributions"]] == [(made["id"], "Ayu")]
    assert '"Ayu Example"@id' in next(o for c, o in outputs if "Accept: text/turtle" in c and "/contributions/" in c)
    assert "Ayu Example" in next(o for c, o in outputs if "/sparql" in c)
    retracted = json.loads(next(o for c, o in outputs if "-X DELETE" in c))
    assert retracted["id"] == made["id"] and retracted["retracted"]
    # the versions section: its curls, with the example versions replaced by the real ones
    examples = {"a81e…": made["version"], "5f0c…": before}
    ran = 0
    for command in commands(section("Versions")):
        if not command.startswith("curl "):
            continue
        command = command.replace(EXAMPLE_URL, server.url)
        for placeholder, real in examples.items():
            command = command.replace(placeholder, real)
        out = run(command.replace("curl ", "curl -sS ", 1), folder, env)
        ran += 1
        if command.endswith("/diff"):
            assert f"# graph {made['graph']}: 4 added, 0 removed" in out.splitlines()
        else:
            assert f"<https://w3id.org/asean-tip/dataset/versions/{made['version']}>" in out and "DatasetSeries" in out
    assert ran == 2


UPDATES = [
    "INSERT DATA { <https://example.org/u> <https://example.org/p> 1 }",
    "DELETE DATA { <https://w3id.org/asean-tip/dataset> a <http://rdfs.org/ns/void#Dataset> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "WITH <https://w3id.org/asean-tip/graph/metadata> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/x.ttl>",
    "LOAD SILENT <http://127.0.0.1:9/x.ttl> INTO GRAPH <https://example.org/g>",
    "CLEAR ALL", "CLEAR DEFAULT", "CLEAR GRAPH <https://w3id.org/asean-tip/graph/metadata>",
    "CREATE GRAPH <https://example.org/g>",
    "DROP ALL", "DROP SILENT NAMED",
    "COPY DEFAULT TO <https://example.org/g>", "MOVE <https://w3id.org/asean-tip/graph/metadata> TO DEFAULT",
    "ADD DEFAULT TO <https://example.org/g>",
    "PREFIX x: <https://example.org/> insert data { x:a x:b x:c } ; CLEAR ALL",
]


def test_every_sparql_update_form_is_refused_with_contributors(readme_server, operator):
    server = readme_server
    _, env = operator
    bearer = {"Authorization": f"Bearer {env['TOKEN']}"}  # a listed contributor's token changes nothing
    before = requests.get(f"{server.url}/health", timeout=10).json()
    for update in UPDATES:
        for how in (
            dict(method="POST", data=update.encode(), headers={"Content-Type": "application/sparql-update", **bearer}),
            dict(method="POST", data={"update": update}, headers=bearer),
            dict(method="POST", data={"query": update}, headers=bearer),
            dict(method="GET", params={"query": update}, headers=bearer),
            dict(method="GET", params={"update": update}, headers=bearer),
        ):
            r = requests.request(url=f"{server.url}/sparql", timeout=30, **how)
            assert 400 <= r.status_code < 500, (update, how["method"], r.status_code, r.text)
            assert r.json()["error"]["reason"] in ("forbidden_operation", "query_syntax", "bad_request", "unsupported_media_type"), r.text
    # the Graph Store Protocol stays read-only too
    for method in ("PUT", "POST", "DELETE", "PATCH"):
        r = requests.request(method, f"{server.url}/rdf-graph-store", params={"graph": "https://w3id.org/asean-tip/graph/metadata"},
                             data="<https://example.org/a> <https://example.org/b> 1 .",
                             headers={"Content-Type": "application/n-triples", **bearer}, timeout=30)
        assert r.status_code == 405 and "GET" in r.headers["Allow"], (method, r.status_code)
    after = requests.get(f"{server.url}/health", timeout=10).json()
    assert (after["version"], after["triples"], after["quads"]) == (before["version"], before["triples"], before["quads"])
    ask = requests.get(f"{server.url}/sparql", params={"query": "ASK { GRAPH ?g { <https://example.org/u> ?p ?o } }"},
                       headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert ask.json()["boolean"] is False
    assert after["triples"] > 1000
