"""Fixture loading shared by the store, SPARQL, ontology and query tests.

``small_graph.trig`` writes prefixed names such as ``kgr:graph/d1a2…``; a '/' is not allowed in a
Turtle/TriG local name (PN_LOCAL), so neither rdflib nor Oxigraph parse it as is.  ``fixture_bytes``
expands those names to full IRIs before parsing (the extraction itself writes full IRIs).
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kg.graph.vocab import KGR_IRI
from kg.store import KgStore

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMALL = FIXTURES / "small_graph.trig"
RICH = FIXTURES / "store_graph.trig"

_KGR_NAME = re.compile(r"(?<![\w<])kgr:([^\s;,<>\"]+)")


def _expand(match: re.Match) -> str:
    local = match.group(1)
    tail = ""
    while local.endswith("."):
        local, tail = local[:-1], tail + "."
    return f"<{KGR_IRI}{local}>{tail}"


def fixture_bytes(path: Path = SMALL) -> bytes:
    return _KGR_NAME.sub(_expand, path.read_text(encoding="utf-8")).encode("utf-8")


def fixture_dataset(*paths: Path) -> rdflib.Dataset:
    ds = rdflib.Dataset()
    for path in paths or (SMALL,):
        ds.parse(data=fixture_bytes(path), format="trig")
    return ds


def fixture_store(*paths: Path, merged: bool = False) -> KgStore:
    """An in-memory KgStore holding the fixtures as they are (no bookkeeping); ``merged``: with the
    merged default graph computed from them, as kg build keeps it (else the default graph is the union
    of the named graphs, as for RDF loaded by hand)."""
    store = KgStore(ox.Store())
    for path in paths or (SMALL,):
        store.oxigraph.bulk_load(input=fixture_bytes(path), format=ox.RdfFormat.TRIG)
    if merged:
        store.remerge()
    return store


def test_store_fixtures_small_graph_parses_to_one_named_graph():
    ds = fixture_dataset(SMALL)
    graphs = {g.identifier for g in ds.graphs() if len(g)}
    assert graphs == {rdflib.URIRef(KGR_IRI + "graph/d1a2b3c4d5e6f708")}


def test_store_fixtures_rich_graph_has_three_documents():
    store = fixture_store(RICH)
    assert len(store.graphs()) == 3
