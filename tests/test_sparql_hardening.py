"""The endpoint's edges (issue 15, point 4): bounded request bodies, headers that keep other pages out,
the Host header checked on a loopback server."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from kg.sparql.server import MAX_REQUEST_BYTES, create_app, loopback_hosts, running


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("南江市科协")))
    return s


def test_sparql_body_over_the_limit_is_refused_before_it_is_read(store):
    with running(create_app(store, timeout=5.0)) as base, httpx.Client(base_url=base, timeout=30) as client:
        big = b"# " + b"x" * (MAX_REQUEST_BYTES + 10) + b"\nASK { ?s ?p ?o }"
        r = client.post("/sparql", content=big, headers={"content-type": "application/sparql-query"})
        assert r.status_code == 413 and "limit" in r.text
        ok = client.post("/sparql", content=b"ASK { ?s ?p ?o }", headers={"content-type": "application/sparql-query"})
        assert ok.status_code == 200 and ok.json()["boolean"] is True


def test_sparql_answers_carry_nosniff_no_framing_and_the_page_a_policy(store):
    with TestClient(create_app(store, timeout=5.0, workers=0)) as client:
        page = client.get("/")
        assert page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["x-frame-options"] == "DENY"
        policy = page.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "connect-src 'self'" in policy
        answer = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert "content-security-policy" not in answer.headers  # JSON, not a page


def test_sparql_loopback_server_refuses_a_foreign_host_header(store):
    app = create_app(store, timeout=5.0, workers=0, allowed_hosts=loopback_hosts("127.0.0.1", 7878))
    with TestClient(app, base_url="http://127.0.0.1:7878") as client:
        assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200
        evil = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"host": "attacker.example"})
        assert evil.status_code == 400
    assert loopback_hosts("0.0.0.0", 7878) is None  # bound wider, the operator decides
