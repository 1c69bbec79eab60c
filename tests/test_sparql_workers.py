"""Query worker processes: a store folder served read-only; the timeout kills the runaway query."""

from __future__ import annotations

import threading
import time

import httpx
import pyoxigraph as ox
import pytest

from kg.sparql.server import create_app, running
from kg.sparql.workers import WorkerPool
from kg.store import open_store

BLOCKING = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . FILTER(?b < ?d) }"  # one blocking aggregate
CHEAP = "SELECT * WHERE { <http://x/s7> ?p ?o }"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workers") / "store"
    p = ox.NamedNode("http://x/p")
    quads = [ox.Quad(ox.NamedNode(f"http://x/s{i}"), p, ox.Literal(i), ox.NamedNode("http://x/g"))
             for i in range(3000)]
    with open_store(folder) as st:
        st.load(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    return folder


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] not in ("Z", "X")
    except FileNotFoundError:
        return False


def test_sparql_workers_answer_with_the_thread_answers(folder):
    pool = WorkerPool(folder, size=1)
    try:
        got = pool.run({"query": CHEAP, "base": "http://t/sparql", "accept": "text/csv"}, timeout=10)
        bad = pool.run({"query": "SELECT * WHERE { ?s ?p }", "base": "http://t/sparql"}, timeout=10)
    finally:
        pool.close()
    assert got.status == 200 and got.media_type.startswith("text/csv") and b"http://x/p" in got.body
    assert bad.status == 400 and b"line 1, column" in bad.body


@pytest.mark.slow
def test_sparql_workers_timeout_kills_the_runaway_query_while_cheap_ones_answer(folder):
    with open_store(folder, create=False, read_only=True) as st:
        app = create_app(st, timeout=1.0, workers=2)
        pool = app.state.kg.workers
        before = set(pool.pids)
        with running(app) as base, httpx.Client(base_url=base, timeout=30) as c:
            result = {}

            def slow():
                t0 = time.monotonic()
                result["resp"] = c.get("/sparql", params={"query": BLOCKING})
                result["seconds"] = time.monotonic() - t0

            thread = threading.Thread(target=slow)
            thread.start()
            time.sleep(0.3)
            t0 = time.monotonic()
            cheap = c.get("/sparql", params={"query": CHEAP})
            cheap_seconds = time.monotonic() - t0
            thread.join()
            killed = before - set(pool.pids)
            # the replacement joins the pool once it has opened the store
            deadline = time.monotonic() + 20
            while len(pool.pids) < 2 and time.monotonic() < deadline:
                time.sleep(0.1)
            after = c.get("/sparql", params={"query": CHEAP})
            serving = pool.pids
    assert cheap.status_code == 200 and cheap.json()["results"]["bindings"] and cheap_seconds < 1.0
    assert result["resp"].status_code == 503 and "timed out" in result["resp"].text
    assert result["seconds"] < 2.5
    assert len(killed) == 1 and not _alive(killed.pop())  # no CPU left running for the 503'd query
    assert pool.replaced == 1 and len(serving) == 2
    assert after.status_code == 200
    assert not any(_alive(pid) for pid in serving)  # stopped with the app


def test_sparql_workers_not_for_memory_stores_or_updates(folder):
    from test_store_fixtures import fixture_store

    assert create_app(fixture_store()).state.kg.workers is None
    with open_store(folder, create=False, read_only=True) as st:
        assert create_app(st, workers=0).state.kg.workers is None
