"""POST /validate under a deadline: a runaway OWL RL expansion is stopped (its worker process
really ends), reported as 503 with the limit and Retry-After, while other clients keep
getting validations and query answers; large submissions with inference are refused."""

from __future__ import annotations

import threading
import time

import pytest
import requests
from fixtures_sparql import process_group, wait_for

OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
TIP = "https://w3id.org/asean-tip/ontology#"
BAD = f"@prefix tip: <{TIP}> .\n<https://example.org/c1> a tip:Commitment .\n".encode()
DEADLINE = 2
INFERENCE_LIMIT = 1000


def same_as_chain(length: int) -> bytes:
    """``n0 sameAs n1 sameAs … n{length}``: owlrl needs about 6 s for 50 links and 41 s for
    100 on this machine (it is polynomial in the chain), so 150 links only end by the deadline."""
    return "".join(f"<https://example.org/n{i}> <{OWL_SAME_AS}> <https://example.org/n{i + 1}> .\n" for i in range(length)).encode()


RUNAWAY = same_as_chain(150)


@pytest.fixture(scope="module")
def validate_server(start_server, data_dir):
    """The built dataset, one gunicorn worker with two validation workers; deadline 2 s."""
    return start_server([
        "--data-dir", str(data_dir), "--workers", "1", "--validate-workers", "2",
        "--validate-timeout", str(DEADLINE), "--max-inference-triples", str(INFERENCE_LIMIT),
    ])


def validation_worker_pids(pgid: int) -> set[int]:
    return {pid for pid, cmd in process_group(pgid).items() if "tipkg.workers.validation_worker" in cmd}




def validate(url: str, body: bytes, query: str = "", media_type: str = "application/n-triples", timeout: float = 60):
    return requests.post(f"{url}/validate{query}", data=body, headers={"Content-Type": media_type, "Accept": "application/json"}, timeout=timeout)


def test_runaway_validation_is_stopped_while_others_are_answered(validate_server):
    url = validate_server.url
    pgid = validate_server.proc.pid
    # both workers are up (started after the fork) and answer a normal validation
    assert validate(url, BAD, media_type="text/turtle").json()["conforms"] is False
    assert wait_for(lambda: len(validation_worker_pids(pgid)) == 2)
    before = validation_worker_pids(pgid)
    outcome = {}

    def runaway():
        # without the deadline this owlrl closure runs for minutes (and the 60 s client timeout fails the test)
        outcome["response"] = validate(url, RUNAWAY, "?inference=owlrl")
        outcome["pids_at_answer"] = validation_worker_pids(pgid)

    thread = threading.Thread(target=runaway)
    thread.start()
    answered = []
    while thread.is_alive():
        checked = validate(url, BAD, media_type="text/turtle", timeout=30)
        assert checked.status_code == 200 and checked.json()["conforms"] is False
        query = requests.get(f"{url}/sparql", params={"query": f"ASK {{ ?c a <{TIP}Commitment> }}"},
                             headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert query.status_code == 200 and query.json()["boolean"] is True
        answered.append(time.monotonic())
    thread.join()
    assert len(answered) >= 3, "the other client got validations and answers while the runaway ran"

    response = outcome["response"]
    assert response.status_code == 503, response.text
    error = response.json()["error"]
    assert error["reason"] == "validation_timeout" and error["limit_seconds"] == DEADLINE
    assert int(response.headers["Retry-After"]) >= 1
    # the worker that ran it is gone (killed, its CPU freed) when the answer comes …
    killed = before - outcome["pids_at_answer"]
    assert len(killed) == 1
    assert wait_for(lambda: not killed & validation_worker_pids(pgid), 2)
    # … and replaced; a later validation succeeds
    assert wait_for(lambda: len(validation_worker_pids(pgid)) == 2)
    assert len(before & validation_worker_pids(pgid)) == 1
    later = validate(url, BAD, "?inference=owlrl", media_type="text/turtle")
    assert later.status_code == 200 and later.json()["inference"] == "owlrl"


def test_parse_errors_keep_their_status_and_body(validate_server):
    url = validate_server.url
    bad = validate(url, b"@prefix x: <http://e/> .\nx:a x:b .\nx:c x:d", media_type="text/turtle")
    assert bad.status_code == 400
    error = bad.json()["error"]
    assert error["reason"] == "data_syntax" and "line" in error["message"]
    remote = validate(url, b'{"@context": "http://example.org/ctx", "@id": "http://e/a"}', media_type="application/ld+json")
    assert remote.status_code == 400 and remote.json()["error"]["reason"] == "forbidden_operation"
    deep = validate(url, b"[" * 200 + b"]" * 200, media_type="application/ld+json")
    assert deep.status_code == 400 and deep.json()["error"]["limit_depth"] == 100


def test_inference_refuses_submissions_over_the_triple_limit(validate_server):
    url = validate_server.url
    big = "".join(f"<https://example.org/s{i}> <https://example.org/p> \"{i}\" .\n" for i in range(INFERENCE_LIMIT + 1)).encode()
    for mode in ("rdfs", "owlrl"):
        refused = validate(url, big, f"?inference={mode}")
        assert refused.status_code == 413, refused.text
        error = refused.json()["error"]
        assert error["reason"] == "payload_too_large" and error["limit_triples"] == INFERENCE_LIMIT
        assert str(INFERENCE_LIMIT + 1) in error["message"]
    # the same data without inference, and the limit itself with inference, are validated
    plain = validate(url, big)
    assert plain.status_code == 200 and plain.json()["submitted_triples"] == INFERENCE_LIMIT + 1
    at_limit = big.split(b"\n", 1)[1]
    inferred = validate(url, at_limit, "?inference=rdfs")
    assert inferred.status_code == 200 and inferred.json()["submitted_triples"] == INFERENCE_LIMIT
