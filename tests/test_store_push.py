"""``kg push`` against a real Oxigraph server (started on loopback) and against our own endpoint."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from test_store_fixtures import RICH, fixture_dataset

from kg.errors import StoreError
from kg.sparql.server import create_app, running
from kg.store import doc_iri, graph_iri, open_store
from kg.store.push import push_graphs


def _oxigraph_binary() -> str | None:
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("push") / "store"
    with open_store(folder) as st:
        for g in fixture_dataset(RICH).graphs():
            if len(g):
                docid = str(g.identifier).rsplit("/", 1)[-1]
                one = rdflib.Dataset()
                target = one.graph(g.identifier)
                for t in g:
                    target.add(t)
                st.replace_document(graph_iri(docid), doc_iri(docid), "h", one, source=f"{docid}.txt")
    return folder


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = _free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path_factory.mktemp("oxi")),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/query", params={"query": "ASK {}"}, timeout=1)
            break
        except httpx.HTTPError:
            if proc.poll() is not None:
                pytest.skip(f"oxigraph serve exited: {proc.stderr.read().decode()[:300]}")
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.mark.slow
def test_store_push_to_oxigraph_puts_every_graph(store_dir, oxigraph_server):
    assert push_graphs(store_dir, oxigraph_server + "/store") == 3
    assert push_graphs(store_dir, oxigraph_server + "/store") == 3  # PUT replaces: no duplicates
    resp = httpx.get(oxigraph_server + "/query", headers={"Accept": "application/sparql-results+json"},
                     params={"query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                                      "GROUP BY ?g"})
    counts = {b["g"]["value"]: int(b["n"]["value"]) for b in resp.json()["results"]["bindings"]}
    with open_store(store_dir, read_only=True) as st:
        expected = {g: len(list(st.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(g))))
                    for g in st.graphs()}
    assert counts == expected


def test_store_push_to_our_endpoint_needs_the_token(store_dir):
    target = ox.Store()
    with running(create_app(target, allow_updates=True, token="t0ken")) as base:
        with pytest.raises(StoreError, match="403"):
            push_graphs(store_dir, base + "/rdf-graphs/service")
        with pytest.raises(StoreError, match="401"):
            push_graphs(store_dir, base + "/rdf-graphs/service", token="wrong")
        assert push_graphs(store_dir, base + "/rdf-graphs/service", token="t0ken") == 3
    docs = ("a000000000000001", "b000000000000002", "c000000000000003")
    assert {g.value for g in target.named_graphs()} == {graph_iri(d) for d in docs}


def test_store_push_connection_refused_is_clear(store_dir):
    with pytest.raises(StoreError, match="cannot connect"):
        push_graphs(store_dir, f"http://127.0.0.1:{_free_port()}/store")
