"""The endpoint as clients see it: SPARQLWrapper and httpx, every format, conneg, errors, auth, timeout."""

from __future__ import annotations

import csv
import io
import json
import threading
import time

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from test_store_fixtures import RICH, SMALL, fixture_store

from kg.sparql.server import create_app, running

TOKEN = "client-token"
PERSONS = "SELECT DISTINCT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name"
PERSONS_STD = "PREFIX schema: <https://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " \
              + PERSONS
CONSTRUCT = ("PREFIX schema: <https://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
             "CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p a schema:Person ; rdfs:label ?n }")
NAMES = {"林晓峰", "周敏", "王明远", "李青", "赵一"}


@pytest.fixture(scope="module")
def server():
    app = create_app(fixture_store(SMALL, RICH), timeout=5, max_rows=1000, allow_updates=True, token=TOKEN,
                     cors=("*",))
    with running(app) as base:
        yield base


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server, timeout=10) as c:
        yield c


def _wrapper(server, fmt, query=PERSONS_STD, method="GET"):
    sw = SPARQLWrapper(server + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    return sw.query()


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparql_clients_sparqlwrapper_select(server, fmt, method):
    res = _wrapper(server, fmt, method=method)
    data = res.convert()
    if fmt == JSON:
        names = {b["name"]["value"] for b in data["results"]["bindings"]}
    elif fmt == XML:
        names = {e.firstChild.nodeValue for e in data.getElementsByTagName("literal")}
    elif fmt == CSV:
        names = {row[0] for row in list(csv.reader(io.StringIO(data.decode())))[1:]}
    else:
        names = {line.split("@")[0].strip('"') for line in data.decode().splitlines()[1:]}
    assert names == NAMES


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD, XML])
def test_sparql_clients_sparqlwrapper_construct(server, fmt):
    graph = _wrapper(server, fmt, query=CONSTRUCT).convert()
    if not isinstance(graph, rdflib.Graph):
        graph = rdflib.Graph().parse(data=graph, format="turtle")
    assert {str(o) for o in graph.objects()} == NAMES


def test_sparql_clients_sparqlwrapper_ask(server):
    assert _wrapper(server, JSON, query="ASK { ?s ?p ?o }").convert()["boolean"] is True


@pytest.mark.parametrize("accept, expected", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("text/*;q=0.8, application/sparql-results+json;q=0.2", "text/csv"),
    ("application/json", "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("text/html, */*;q=0.1", "application/sparql-results+json"),
])
def test_sparql_clients_conneg_select(client, accept, expected):
    r = client.get("/sparql", params={"query": PERSONS}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == expected


@pytest.mark.parametrize("accept, expected, fmt", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("application/rdf+xml;q=0.4, application/n-triples;q=0.6", "application/n-triples", "nt"),
    ("", "text/turtle", "turtle"),
])
def test_sparql_clients_conneg_construct(client, accept, expected, fmt):
    r = client.post("/sparql", data={"query": CONSTRUCT}, headers={"Accept": accept} if accept else {})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == expected
    assert {str(o) for o in rdflib.Graph().parse(data=r.text, format=fmt).objects()} == NAMES


@pytest.mark.parametrize("fmt, expected", [("json", "application/sparql-results+json"), ("csv", "text/csv"),
                                           ("tsv", "text/tab-separated-values"),
                                           ("xml", "application/sparql-results+xml")])
def test_sparql_clients_format_parameter_beats_accept(client, fmt, expected):
    r = client.get("/sparql", params={"query": PERSONS, "format": fmt}, headers={"Accept": "text/turtle"})
    assert r.headers["content-type"].split(";")[0] == expected


def test_sparql_clients_unacceptable_accept_is_406(client):
    r = client.get("/sparql", params={"query": PERSONS}, headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_sparql_clients_bad_query_is_400_with_position(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p }"})
    assert r.status_code == 400 and "line 2, column" in r.text


def test_sparql_clients_union_default_graph_and_named_graphs(client):
    q = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert client.get("/sparql", params={"query": q, "format": "csv"}).text.splitlines()[1] == "4"
    one = "https://w3id.org/zhkg/id/graph/b000000000000002"
    r = client.get("/sparql", params={"query": PERSONS, "default-graph-uri": one, "format": "csv"})
    assert set(r.text.split()[1:]) == {"王明远", "赵一"}


@pytest.mark.parametrize("headers, status", [({}, 403), ({"Authorization": "Bearer nope"}, 401),
                                             ({"Authorization": f"Bearer {TOKEN}"}, 204)])
def test_sparql_clients_update_needs_the_token(client, headers, status):
    r = client.post("/sparql", data={"update": "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"},
                    headers=headers)
    assert r.status_code == status, r.text


def test_sparql_clients_read_only_endpoint_refuses_updates_and_graph_store():
    with running(create_app(fixture_store(SMALL))) as base, httpx.Client(base_url=base) as c:
        upd = c.post("/sparql", content="CLEAR ALL", headers={"Content-Type": "application/sparql-update",
                                                               "Authorization": "Bearer x"})
        assert upd.status_code == 403 and "--allow-updates" in upd.text
        assert c.get("/rdf-graphs/service", params={"default": ""}).status_code == 403
        assert c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_sparql_clients_cors_preflight_and_service_description(client, server):
    r = client.options("/sparql", headers={"Origin": "http://example.org",
                                            "Access-Control-Request-Method": "POST",
                                            "Access-Control-Request-Headers": "content-type"})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
    sd = client.get("/sparql", headers={"Accept": "text/turtle"})
    g = rdflib.Graph().parse(data=sd.text, format="turtle")
    assert (None, rdflib.URIRef("http://www.w3.org/ns/sparql-service-description#endpoint"),
            rdflib.URIRef(server + "/sparql")) in g


def test_sparql_clients_page_health_and_queries(client):
    page = client.get("/")
    assert page.status_code == 200 and "<textarea" in page.text
    assert "cdn" not in page.text.lower() and "src=" not in page.text  # inline only: works offline
    assert client.get("/health").json()["status"] == "ok"
    names = {q["name"] for q in client.get("/queries").json()}
    assert "attendees-of-events-hosted-by" in names


def test_sparql_clients_row_cap_truncates():
    with running(create_app(fixture_store(SMALL, RICH), max_rows=3)) as base:
        r = httpx.get(base + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(r.json()["results"]["bindings"]) == 3 and r.headers["x-kg-truncated"] == "true"


def _big_store(n: int) -> ox.Store:
    store = ox.Store()
    p = ox.NamedNode("http://x/p")
    store.bulk_extend(ox.Quad(ox.NamedNode(f"http://x/s{i}"), p, ox.Literal(i)) for i in range(n))
    return store


@pytest.mark.slow
@pytest.mark.parametrize("expensive", [
    "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d }",                                   # lazy: stops at the deadline
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . FILTER(?b < ?d) }",  # one blocking aggregate
], ids=["lazy-cross-product", "blocking-aggregate"])
def test_sparql_clients_timeout_while_a_cheap_query_answers(expensive):
    app = create_app(_big_store(3000), timeout=1.0, max_rows=10_000_000)
    with running(app) as base, httpx.Client(base_url=base, timeout=30) as c:
        result = {}

        def slow():
            t0 = time.monotonic()
            result["resp"] = c.get("/sparql", params={"query": expensive})
            result["seconds"] = time.monotonic() - t0

        thread = threading.Thread(target=slow)
        thread.start()
        time.sleep(0.3)
        t0 = time.monotonic()
        cheap = c.get("/sparql", params={"query": "SELECT * WHERE { <http://x/s7> ?p ?o }"})
        cheap_seconds = time.monotonic() - t0
        thread.join()
    assert cheap.status_code == 200 and json.loads(cheap.text)["results"]["bindings"]
    assert cheap_seconds < 1.0
    assert result["resp"].status_code == 503 and "timed out" in result["resp"].text
    assert result["seconds"] < 2.5


@pytest.mark.parametrize("depth, status", [(200, 200), (3000, 400)])
def test_sparql_clients_deep_nesting_is_refused_before_the_parser(client, depth, status):
    """pyoxigraph's recursive parser would overflow a thread's stack (SIGSEGV) on ~2500 groups."""
    nested = "SELECT * WHERE " + "{ " * depth + "?s ?p ?o" + " }" * depth
    r = client.post("/sparql", data={"query": nested})
    assert r.status_code == status, r.text[:200]
    upd = client.post("/sparql", data={"update": "INSERT { <urn:a> <urn:b> <urn:c> } WHERE " + "{ " * 3000
                                       + "}" * 3000}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert upd.status_code == 400 and "brackets deep" in upd.text
