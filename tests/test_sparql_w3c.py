"""The W3C SPARQL 1.1 Protocol, Graph Store Protocol and Service Description tests, through our runner
(tests/w3c_protocol.py) against an in-process ``kg serve`` on loopback."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest
from w3c_protocol import W3C, load_tests, run_test

from kg.sparql.server import create_app, running

TOKEN = "w3c-token"
TESTS = load_tests() if W3C.is_dir() else []
QUERY_TESTS = [t for t in TESTS if not t.is_update]
UPDATE_TESTS = [t for t in TESTS if t.is_update]


def _ids(tests):
    return [f"{t.kind}-{t.id.rsplit('#', 1)[-1]}" for t in tests]


@pytest.fixture(scope="module")
def endpoint():
    if not TESTS:
        pytest.skip("../shared/w3c-sparql11-protocol is not here")
    store = ox.Store()

    def reset(graph_data):
        store.clear()
        for path, iri in graph_data:
            store.load(path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))

    with running(create_app(store, allow_updates=True, token=TOKEN, timeout=10)) as base, \
            httpx.Client(base_url=base, timeout=10) as client:
        yield client, reset


def test_sparql_w3c_manifests_are_all_read():
    if not TESTS:
        pytest.skip("../shared/w3c-sparql11-protocol is not here")
    assert {t.kind for t in TESTS} == {"protocol", "gsp", "sd"}
    assert len(QUERY_TESTS) >= 20 and len(UPDATE_TESTS) >= 20


@pytest.mark.parametrize("test", QUERY_TESTS, ids=_ids(QUERY_TESTS))
def test_sparql_w3c_query(endpoint, test):
    client, reset = endpoint
    run_test(test, client, reset=reset)


@pytest.mark.parametrize("test", UPDATE_TESTS, ids=_ids(UPDATE_TESTS))
def test_sparql_w3c_update_and_graph_store(endpoint, test):
    client, reset = endpoint
    run_test(test, client, token=TOKEN, reset=reset)
