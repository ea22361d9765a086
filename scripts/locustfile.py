"""Locust users for ``scripts/loadtest.py``: cheap and expensive SPARQL, pages, dumps, validation.

A query meant to run into its deadline (a cross product with ``timeout=1``) counts as a
success when it is stopped with 503 ``query_timeout``; every other non-2xx/3xx answer is
a failure.
"""

from __future__ import annotations

import random
from pathlib import Path

from locust import HttpUser, between, events, task

QUERIES = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).resolve().parents[1] / "graph" / "queries").glob("*.rq"))]
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SUBMISSION = """@prefix tip: <https://w3id.org/asean-tip/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/asean-tip/id/commitment/load-test> a tip:Commitment ;
    rdfs:label "A commitment without evidence"@en .
"""
PAGES: list[str] = []


@events.test_start.add_listener
def _pick_pages(environment, **_kwargs) -> None:
    """Real resource paths, picked once from the served data."""
    import requests

    query = "SELECT DISTINCT ?s WHERE { ?s a ?type FILTER(STRSTARTS(STR(?s), 'https://w3id.org/asean-tip/id/')) } ORDER BY ?s LIMIT 200"
    answer = requests.get(f"{environment.host}/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    answer.raise_for_status()
    for row in answer.json()["results"]["bindings"]:
        PAGES.append(row["s"]["value"].replace("https://w3id.org/asean-tip/id/", "/doc/", 1))


class Reader(HttpUser):
    wait_time = between(0.05, 0.3)

    @task(10)
    def cheap_query(self) -> None:
        self.client.post("/sparql", data={"query": random.choice(QUERIES)}, headers={"Accept": "application/sparql-results+json"}, name="sparql: example query")

    @task(1)
    def expensive_query(self) -> None:
        with self.client.get(
            "/sparql", params={"query": CROSS_PRODUCT, "timeout": "1"}, headers={"Accept": "application/sparql-results+json"},
            name="sparql: cross product (deadline)", catch_response=True,
        ) as response:
            if response.status_code == 503 and response.json().get("error", {}).get("reason") == "query_timeout":
                response.success()  # the deliberate deadline
            elif response.status_code == 200:
                response.success()
            else:
                response.failure(f"unexpected {response.status_code}: {response.text[:200]}")

    @task(6)
    def page(self) -> None:
        if PAGES:
            accept = random.choice(["text/html", "text/turtle", "application/ld+json"])
            self.client.get(random.choice(PAGES), headers={"Accept": accept}, name=f"page: {accept}")

    @task(2)
    def dump(self) -> None:
        self.client.get("/dumps/dataset.ttl.gz", name="dump: dataset.ttl.gz")

    @task(2)
    def validate(self) -> None:
        with self.client.post(
            "/validate", data=SUBMISSION.encode(), headers={"Content-Type": "text/turtle", "Accept": "application/json"},
            name="validate: turtle", catch_response=True,
        ) as response:
            if response.status_code == 200 and response.json().get("conforms") is False:
                response.success()
            else:
                response.failure(f"unexpected {response.status_code}: {response.text[:200]}")

    @task(1)
    def health(self) -> None:
        self.client.get("/health", name="health")
