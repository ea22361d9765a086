"""Runaway queries: stopped at their deadline (the worker process really ends), reported
as 503 with the limit and Retry-After, while other clients keep getting answers."""

from __future__ import annotations

import threading
import time

import pytest
import requests
from fixtures_sparql import CROSS_PRODUCT, EX, SAMPLE, query_worker_pids, wait_for

CHEAP = f"SELECT ?s {{ ?s a <{EX}Person> }}"


@pytest.fixture(scope="module")
def deadline_server(start_server):
    """One gunicorn worker with two query workers; deadline 2 s, client maximum 3 s."""
    return start_server(["--data", str(SAMPLE), "--union-default-graph", "--workers", "1", "--query-workers", "2", "--query-timeout", "2", "--max-query-timeout", "3"])




def test_runaway_query_is_stopped_while_others_are_answered(deadline_server):
    url = deadline_server.url + "/sparql"
    assert wait_for(lambda: len(query_worker_pids(deadline_server.proc.pid)) == 2)
    before = query_worker_pids(deadline_server.proc.pid)
    outcome = {}

    def runaway():
        outcome["response"] = requests.get(url, params={"query": CROSS_PRODUCT}, timeout=60)

    thread = threading.Thread(target=runaway)
    thread.start()
    answered = []
    while thread.is_alive():
        response = requests.get(url, params={"query": CHEAP}, timeout=30)
        answered.append(response.status_code)
        assert response.status_code == 200
        assert len(response.json()["results"]["bindings"]) == 7
        time.sleep(0.05)
    thread.join()
    assert len(answered) >= 3, "the cheap client got answers while the runaway query ran"

    response = outcome["response"]
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["reason"] == "query_timeout" and error["limit_seconds"] == 2
    assert int(response.headers["Retry-After"]) >= 1
    # the worker that ran it is gone (killed, so its CPU is free) and was replaced
    assert wait_for(lambda: not before <= query_worker_pids(deadline_server.proc.pid))
    assert wait_for(lambda: len(query_worker_pids(deadline_server.proc.pid)) == 2)
    assert len(before & query_worker_pids(deadline_server.proc.pid)) == 1
    assert requests.get(url, params={"query": CHEAP}, timeout=30).status_code == 200


def test_client_may_lower_but_not_raise_the_deadline(deadline_server):
    url = deadline_server.url + "/sparql"
    lowered = requests.get(url, params={"query": CROSS_PRODUCT, "timeout": "0.5"}, timeout=60)
    assert lowered.status_code == 503 and lowered.json()["error"]["limit_seconds"] == 0.5
    raised = requests.get(url, params={"query": CROSS_PRODUCT, "timeout": "600"}, timeout=60)
    assert raised.status_code == 503 and raised.json()["error"]["limit_seconds"] == 3
    assert requests.get("%s/health" % deadline_server.url, timeout=30).json()["status"] == "ok"


def test_two_runaway_queries_at_once_leave_the_server_answering(deadline_server):
    url = deadline_server.url + "/sparql"
    results = []

    def runaway():
        results.append(requests.post(url, data={"query": CROSS_PRODUCT, "timeout": "1"}, timeout=60))

    threads = [threading.Thread(target=runaway) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in results] == [503, 503]
    assert wait_for(lambda: requests.get(url, params={"query": CHEAP}, timeout=30).status_code == 200)
    assert wait_for(lambda: len(query_worker_pids(deadline_server.proc.pid)) == 2)
