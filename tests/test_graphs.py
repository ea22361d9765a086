"""The read-only Graph Store Protocol cuts a large graph the way /sparql does, and says so."""

from __future__ import annotations

import requests


def test_cut_graph_says_so_like_sparql(limited_server):
    # the sample has more than 5 triples; the server's result limit is 5
    r = requests.get(f"{limited_server.url}/rdf-graph-store?default", headers={"Accept": "application/n-triples"}, timeout=30)
    assert r.status_code == 200
    assert r.headers["X-Tipkg-Truncated"] == "true" and r.headers["X-Tipkg-Result-Limit"] == "5"
    assert r.headers["X-Tipkg-Triples"] == "5" and r.text.startswith("# truncated")
    triples = [line for line in r.text.splitlines() if line and not line.startswith("#")]
    assert len(triples) == 5
