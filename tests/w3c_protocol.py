"""A small runner for the W3C SPARQL 1.1 Protocol, Graph Store Protocol and Service Description tests.

It reads the manifests in ``../shared/w3c-sparql11-protocol`` with rdflib (each test is a list of
``ht:Request``s with their expected ``ht:Response``), replays the requests with httpx against a live
endpoint and checks status, result format, ASK answers, Location headers and (for the Graph Store
Protocol) that the returned graph is isomorphic to the expected one.

Paths are mapped onto kg's endpoint: ``/sparql/`` -> ``/sparql``; ``/gsp?…`` -> ``/rdf-graphs/service?…``
(indirect graph identification); ``/gsp/person/1.ttl`` -> ``/rdf-graphs/person/1.ttl`` (direct: the
graph IRI is the full request URL).

    python tests/w3c_protocol.py        # starts an in-process kg endpoint and prints a report
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import rdflib
import rdflib.compare
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

W3C = Path(__file__).resolve().parents[2] / "shared" / "w3c-sparql11-protocol"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")

_STATUS = {"OK": {200}, "Created": {201}, "NoContent": {204}, "NotFound": {404}, "BadRequest": {400}}
_RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "text/plain": "nt",
              "application/rdf+xml": "xml", "application/ld+json": "json-ld"}
_TABULAR = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
            "text/tab-separated-values")


@dataclass
class HttpRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None
    statuses: set[int] | None
    status_classes: set[int]                   # 2 for 2xx …
    expected_format: str | None = None
    expected_boolean: bool | None = None
    expected_body: str | None = None          # RDF the response must be isomorphic to
    expected_body_type: str | None = None
    expected_location: str | None = None      # template variable, e.g. $LOCATION$


@dataclass
class W3CTest:
    id: str
    name: str
    kind: str                                  # protocol, gsp, sd
    requests: list[HttpRequest] = field(default_factory=list)
    graph_data: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def is_update(self) -> bool:
        return self.kind == "gsp" or "update" in self.id.rsplit("#", 1)[-1]


def _headers(graph: rdflib.Graph, node) -> dict[str, str]:
    out: dict[str, str] = {}
    for lst in graph.objects(node, HT.headers):
        for h in Collection(graph, lst):
            out[str(graph.value(h, HT.fieldName)).lower()] = str(graph.value(h, HT.fieldValue))
    return out


def _request(graph: rdflib.Graph, node) -> HttpRequest:
    resp = graph.value(node, HT.resp)
    statuses: set[int] = set()
    classes: set[int] = set()
    for s in graph.objects(resp, MF.expectedStatus):
        local = str(s).rsplit("#", 1)[-1]
        m = re.fullmatch(r"StatusCode(\d)xx", local)
        if m:
            classes.add(int(m.group(1)))
        else:
            statuses |= _STATUS[local]
    body = graph.value(node, HT.body)
    rbody = graph.value(resp, HT.body)
    boolean = graph.value(resp, MF.expectedBoolean)
    fmt = graph.value(resp, MF.expectedFormat)
    loc = graph.value(resp, MF.expectedLocation)
    return HttpRequest(
        method=str(graph.value(node, HT.methodName)), path=str(graph.value(node, HT.absolutePath)),
        headers=_headers(graph, node), body=str(graph.value(body, CNT.chars)) if body is not None else None,
        statuses=statuses or None, status_classes=classes,
        expected_format=str(fmt) if fmt is not None else None,
        expected_boolean=boolean.toPython() if boolean is not None else None,
        expected_body=str(graph.value(rbody, CNT.chars)) if rbody is not None else None,
        expected_body_type=_headers(graph, resp).get("content-type"),
        expected_location=str(loc) if loc is not None else None)


def _entries(manifest: Path) -> tuple[rdflib.Graph, list]:
    graph = rdflib.Graph().parse(manifest, format="turtle")
    root = next(graph.subjects(RDF.type, MF.Manifest))
    entries = []
    for lst in graph.objects(root, MF.entries):
        entries.extend(Collection(graph, lst))
    return graph, entries


def load_tests(folder: Path = W3C) -> list[W3CTest]:
    """Every test of the three manifests, in manifest order."""
    tests: list[W3CTest] = []
    graph, entries = _entries(folder / "protocol" / "manifest.ttl")
    for e in entries:
        t = W3CTest(id=str(e), name=str(graph.value(e, MF.name)), kind="protocol")
        for gd in graph.objects(e, UT.graphData):
            t.graph_data.append((folder / "protocol" / Path(str(graph.value(gd, UT.graph))).name,
                                 str(graph.value(gd, RDFS.label))))
        action = graph.value(e, MF.action)
        for lst in graph.objects(action, HT.requests):
            t.requests.extend(_request(graph, r) for r in Collection(graph, lst))
        tests.append(t)
    for name in ("manifest-direct.ttl", "manifest-indirect.ttl"):
        graph, entries = _entries(folder / "graph-store-protocol" / name)
        for e in entries:
            t = W3CTest(id=str(e), name=str(graph.value(e, MF.name)), kind="gsp")
            action = graph.value(e, MF.action)
            for lst in graph.objects(action, HT.requests):
                t.requests.extend(_request(graph, r) for r in Collection(graph, lst))
            tests.append(t)
    graph, entries = _entries(folder / "service-description" / "manifest.ttl")
    tests.extend(W3CTest(id=str(e), name=str(graph.value(e, MF.name)), kind="sd") for e in entries)
    return tests


def map_path(path: str) -> str:
    if path.startswith("/sparql"):
        return "/sparql" + path[len("/sparql/"):] if path.startswith("/sparql/") else path
    if path.startswith("/gsp?") or path == "/gsp":
        return "/rdf-graphs/service" + path[len("/gsp"):]
    if path.startswith("/gsp/"):
        return "/rdf-graphs/" + path[len("/gsp/"):]
    return path


def _media(ctype: str | None) -> str:
    return (ctype or "").split(";")[0].strip().lower()


def _boolean(resp: httpx.Response) -> bool:
    media = _media(resp.headers.get("content-type"))
    if "json" in media:
        return bool(json.loads(resp.text)["boolean"])
    m = re.search(r"<boolean>\s*(true|false)\s*</boolean>", resp.text)
    if not m:
        raise AssertionError(f"no boolean in the response: {resp.text[:200]}")
    return m.group(1) == "true"


def _graph(text: str, media: str, base: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=text, format=_RDF_TYPES[media], publicID=base)


def run_test(test: W3CTest, client: httpx.Client, *, token: str | None = None,
             reset: Callable[[list[tuple[Path, str]]], None] | None = None) -> None:
    """Replay one test's requests; raise AssertionError on the first mismatch."""
    if reset is not None:
        reset(test.graph_data)
    if test.kind == "sd":
        return _run_sd(test, client)
    variables: dict[str, str] = {}
    for i, req in enumerate(test.requests, 1):
        path, body = req.path, req.body
        for var, value in variables.items():
            path = path.replace(var, value)
            body = body.replace(var, value) if body is not None else None
        headers = dict(req.headers)
        if token:
            headers["authorization"] = f"Bearer {token}"
        content = body.encode("utf-8") if body is not None else None
        if content is not None and "utf-16" in headers.get("content-type", "").lower():
            content = body.encode("utf-16")
        resp = client.request(req.method, map_path(path), headers=headers, content=content)
        where = f"request {i} ({req.method} {path})"
        status = resp.status_code
        ok = (req.statuses and status in req.statuses) or status // 100 in req.status_classes
        expected = req.statuses or {f"{c}xx" for c in req.status_classes}
        assert ok, f"{where}: status {status}, expected {expected}: {resp.text[:300]}"
        media = _media(resp.headers.get("content-type"))
        if req.expected_format == "boolean":
            assert media in _TABULAR[:2], f"{where}: boolean answer as {media}"
        elif req.expected_format == "tabular":
            assert media in _TABULAR, f"{where}: tabular answer as {media}"
        elif req.expected_format == "RDF":
            assert media in _RDF_TYPES, f"{where}: RDF answer as {media}"
            _graph(resp.text, media, str(resp.url))
        if req.expected_boolean is not None:
            assert _boolean(resp) == req.expected_boolean, f"{where}: ASK answered {_boolean(resp)}"
        if req.expected_body is not None and req.method != "HEAD":
            got = _graph(resp.text, media, str(resp.url))
            want = _graph(req.expected_body, _media(req.expected_body_type) or "text/turtle", str(resp.url))
            assert rdflib.compare.isomorphic(got, want), (
                f"{where}: graph differs\n got: {got.serialize(format='nt')}\n"
                f" want: {want.serialize(format='nt')}")
        if req.expected_body_type and req.method in ("GET", "HEAD"):
            assert media == _media(req.expected_body_type), f"{where}: Content-Type {media}"
        if req.expected_location:
            location = resp.headers.get("location")
            assert location, f"{where}: no Location header"
            variables[req.expected_location] = location


def _run_sd(test: W3CTest, client: httpx.Client) -> None:
    resp = client.get("/sparql", headers={"accept": "text/turtle"})
    assert resp.status_code == 200, f"GET /sparql: status {resp.status_code}"
    media = _media(resp.headers.get("content-type"))
    assert media in _RDF_TYPES, f"service description as {media}"
    graph = _graph(resp.text, media, str(resp.url))
    services = list(graph.subjects(RDF.type, SD.Service))
    assert len(services) == 1, f"{len(services)} sd:Service in the description"
    service = services[0]
    local = test.id.rsplit("#", 1)[-1]
    if local == "has-endpoint-triple":
        endpoints = set(graph.objects(service, SD.endpoint))
        assert rdflib.URIRef(str(resp.url)) in endpoints, f"no sd:endpoint {resp.url}: {endpoints}"
    elif local == "conforms-to-schema":
        langs = set(graph.objects(service, SD.supportedLanguage))
        assert langs and langs <= {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}, langs
        for endpoint in graph.objects(service, SD.endpoint):
            assert isinstance(endpoint, rdflib.URIRef)
        for fmt in graph.objects(service, SD.resultFormat):
            assert isinstance(fmt, rdflib.URIRef)
        for feature in graph.objects(service, SD.feature):
            assert feature in {SD.UnionDefaultGraph, SD.RequiresDataset, SD.EmptyGraphs, SD.DereferencesURIs,
                               SD.BasicFederatedQuery}, feature
        for ds in graph.objects(service, SD.defaultDataset):
            assert (ds, RDF.type, SD.Dataset) in graph


def main() -> int:  # pragma: no cover - manual use
    import pyoxigraph as ox

    from kg.sparql.server import create_app, running

    store, token = ox.Store(), "w3c"

    def reset(graph_data):
        store.clear()
        for path, iri in graph_data:
            store.load(path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))

    failed = 0
    app = create_app(store, allow_updates=True, token=token)
    with running(app) as base, httpx.Client(base_url=base) as c:
        for t in load_tests():
            try:
                run_test(t, c, token=token, reset=reset)
                print(f"pass  {t.kind:8} {t.id.rsplit('#', 1)[-1]}")
            except AssertionError as err:
                failed += 1
                print(f"FAIL  {t.kind:8} {t.id.rsplit('#', 1)[-1]}: {err}")
    return 1 if failed else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
