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


class _Listener:
    """A TCP port that counts the connections made to it (a host on the user's network)."""

    def __init__(self) -> None:
        import socket
        import threading

        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port, self.connections, self._stop = self.sock.getsockname()[1], 0, threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


def test_sparql_service_fetches_nothing_unless_its_prefix_is_allowed(store):
    listener = _Listener()
    target = f"http://127.0.0.1:{listener.port}/sparql"
    query = f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
    try:
        with TestClient(create_app(store, timeout=5.0, workers=0)) as client:
            r = client.post("/sparql", data={"query": query})  # a form POST, as any web page can send
            assert r.status_code == 403 and "--allow-service" in r.text and target in r.text
            hidden = client.get("/sparql", params={"query": "PREFIX r: <" + target[:-6] + ">\n"
                                                   "SELECT * WHERE { service r:sparql { ?s ?p ?o } }"})
            assert hidden.status_code == 403  # a prefixed name, lower case: the same target
            assert client.get("/sparql", params={"query": "SELECT ?service WHERE { ?service ?p ?o }"}
                              ).status_code == 200  # a variable named service is no SERVICE
        assert listener.connections == 0
        app = create_app(store, timeout=5.0, workers=0, allowed_services=(f"http://127.0.0.1:{listener.port}/",))
        with TestClient(app) as client:
            client.post("/sparql", data={"query": query})  # the listener hangs up: an error, but it was asked
        assert listener.connections >= 1
    finally:
        listener.close()


def test_sparql_load_in_an_update_is_refused_like_service():
    app = create_app(ox.Store(), timeout=5.0, allow_updates=True, token="t")
    with TestClient(app) as client:
        r = client.post("/sparql", data={"update": "LOAD <http://192.168.1.1/admin>"},
                        headers={"authorization": "Bearer t"})
        assert r.status_code == 403 and "http://192.168.1.1/admin" in r.text


def test_sparql_other_origins_cannot_read_answers_unless_named(store):
    simple = {"origin": "https://attacker.example"}
    with TestClient(create_app(store, timeout=5.0, workers=0)) as client:
        r = client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"}, headers=simple)
        assert r.status_code == 200 and "access-control-allow-origin" not in r.headers  # the browser hides it
    app = create_app(store, timeout=5.0, workers=0, cors=("https://yasgui.example",))
    with TestClient(app) as client:
        ok = client.options("/sparql", headers={"origin": "https://yasgui.example",
                                                 "access-control-request-method": "POST"})
        assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == "https://yasgui.example"
        r = client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"}, headers=simple)
        assert "access-control-allow-origin" not in r.headers


def test_sparql_per_client_cap_reaches_admission(store):
    app = create_app(store, timeout=5.0, workers=0, per_client=2)
    assert app.state.kg.admission.per_client == 2
    assert create_app(store, timeout=5.0, workers=0).state.kg.admission.per_client is None


@pytest.mark.parametrize(("text", "allowed", "refused"), [
    ('SELECT * { SERVICE <http://10.0.0.1/x> { ?s ?p ?o } }', [], ["http://10.0.0.1/x"]),
    ('SELECT * { SERVICE SILENT <http://10.0.0.1/x> { ?s ?p ?o } }', [], ["http://10.0.0.1/x"]),
    ('SELECT * { SERVICE # a comment\n <http://10.0.0.1/x> { ?s ?p ?o } }', [], ["http://10.0.0.1/x"]),
    ('SELECT * { SERVICE ?where { ?s ?p ?o } }', ["*"], ["?where"]),  # a variable: never, even under '*'
    ('PREFIX r: <http://10.0.0.1/> SELECT * { SERVICE r:x { ?s ?p ?o } }', [], ["http://10.0.0.1/x"]),
    ('SELECT * { SERVICE ?where { ?s ?p ?o } }', ["http://a.org/"], ["?where"]),
    ('SELECT * { ?s ?p "SERVICE <http://10.0.0.1/x> {}" }', [], []),  # inside a string: no keyword
    ('SELECT * { ?s <http://x/SERVICE> ?o }', [], []),
    ('SELECT * { SERVICE <http://a.org/sparql> { ?s ?p ?o } }', ["http://a.org/"], []),
    ('SELECT * { SERVICE <http://a.org.evil.net/sparql> { ?s ?p ?o } }', ["http://a.org/"],
     ["http://a.org.evil.net/sparql"]),  # a look-alike host is another host
    ('BASE <http://10.0.0.1/> SELECT * { SERVICE <x> { ?s ?p ?o } }', [], ["http://10.0.0.1/x"]),
])
def test_sparql_guard_reads_service_targets_as_the_parser_does(text, allowed, refused):
    from kg.sparql.guard import outside_targets

    assert outside_targets(text, allowed) == refused
