"""The endpoint's query answering (kg.sparql.evaluate): the row cap holds in every results format,
whether the body comes from pyoxigraph's own serializer or from the exact capped path."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from kg.sparql.evaluate import _CappedSink, _MayExceedCap, answer

ACCEPT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
          "csv": "text/csv", "tsv": "text/tab-separated-values"}
# values that look like each format's row marker: a naive count would take them for rows
TRICKY = ['会议},{"纪要', "第一行\n第二行", "<result>标签</result>", "逗号,引号\"", "制表\t符"]


def store_of(n: int) -> ox.Store:
    store = ox.Store()
    p = ox.NamedNode("http://example.org/说")
    store.bulk_extend(ox.Quad(ox.NamedNode(f"http://example.org/s{i:04d}"), p,
                              ox.Literal(TRICKY[i % len(TRICKY)] * 3)) for i in range(n))
    return store


def rows_in(body: bytes, fmt: str) -> list[tuple[str, str]]:
    text = body.decode("utf-8")
    if fmt == "json":
        return [(b["s"]["value"], b["o"]["value"]) for b in json.loads(text)["results"]["bindings"]]
    if fmt == "xml":
        ns = "{http://www.w3.org/2005/sparql-results#}"
        return [tuple(b[0].text for b in r.iter(f"{ns}binding")) for r in ET.fromstring(text).iter(f"{ns}result")]
    if fmt == "csv":
        return [tuple(r) for r in csv.reader(io.StringIO(text))][1:]
    lines = text.rstrip("\n").split("\n")[1:]
    return [tuple(line.split("\t")) for line in lines]


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("n", [0, 1, 9, 10, 11, 40])
def test_evaluate_row_cap_in_every_format(fmt, n):
    store = store_of(n)
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    a = answer(store, query, base="http://example.org/", accept=ACCEPT[fmt], max_rows=10)
    assert a.status == 200, a.body
    rows = rows_in(a.body, fmt)
    assert len(rows) == min(n, 10)
    assert (a.headers.get("X-KG-Truncated") == "true") == (n > 10)
    if fmt in ("json", "xml", "csv"):  # these carry the values as they are
        expected = [(s.value, o.value) for s, o in store.query(query)][:10]
        assert rows == expected


def test_evaluate_native_body_is_pyoxigraphs_own_serialization():
    store = store_of(7)
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    a = answer(store, query, base="http://example.org/", accept=ACCEPT["json"], max_rows=100)
    assert a.body == store.query(query).serialize(format=ox.QueryResultsFormat.JSON)


def test_capped_sink_counts_a_marker_split_across_chunks():
    sink = _CappedSink("json", max_rows=2, deadline=float("inf"))
    sink.write(b'[{"a":1}')
    sink.write(b",{")  # the first "},{" straddles the two writes
    sink.write(b'"a":2}')
    assert sink.marks == 1
    with pytest.raises(_MayExceedCap):
        sink.write(b',{"a":3}')
