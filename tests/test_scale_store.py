"""Store operations that kg build runs once per document (or per person) must not grow with the store."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest

from kg.store import KgStore, graph_iri

K = "https://w3id.org/zhkg/id/"
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PERSON = ox.NamedNode("https://schema.org/Person")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
HOLDS = ox.NamedNode("http://www.w3.org/ns/org#holds")
POST_IN = ox.NamedNode("http://www.w3.org/ns/org#postIn")


def store_with_persons(n: int) -> KgStore:
    """``n`` persons named 人物0..人物{n-1}, each holding a post, one document graph per 10 persons."""
    store = ox.Store()
    quads = []
    for i in range(n):
        g = ox.NamedNode(graph_iri(f"{i // 10:016x}"))
        p, post = ox.NamedNode(f"{K}person/p{i}"), ox.NamedNode(f"{K}post/t{i}")
        quads += [ox.Quad(p, TYPE, PERSON, g), ox.Quad(p, LABEL, ox.Literal(f"人物{i}", language="zh"), g),
                  ox.Quad(p, HOLDS, post, g), ox.Quad(post, POST_IN, ox.NamedNode(f"{K}org/o{i % 50}"), g)]
    store.bulk_extend(quads)
    return KgStore(store)


def seconds_per_lookup(store: KgStore, names: list[str]) -> float:
    t0 = time.perf_counter()
    for name in names:
        store.persons_named(name)
    return (time.perf_counter() - t0) / len(names)


def test_scale_store_persons_named_finds_by_label() -> None:
    store = store_with_persons(100)
    assert store.persons_named("人物7") == [(f"{K}person/p7", {f"{K}org/o7"})]
    assert store.persons_named("无此人") == []


@pytest.mark.slow
def test_scale_store_persons_named_does_not_scan_the_store() -> None:
    small, big = store_with_persons(1_000), store_with_persons(20_000)
    names = [f"人物{i}" for i in range(0, 1000, 50)]
    seconds_per_lookup(small, names[:2])  # warm up
    t_small, t_big = seconds_per_lookup(small, names), seconds_per_lookup(big, names)
    assert t_big < 4 * t_small + 0.002, f"{t_small * 1000:.1f} ms at 1,000 persons, {t_big * 1000:.1f} ms at 20,000"



def store_with_reasserted_persons(persons: int, documents: int) -> KgStore:
    """Each person re-asserted in every document (type, label, a post), as kg writes a bulletin series."""
    store = ox.Store()
    quads = []
    for d in range(documents):
        g = ox.NamedNode(graph_iri(f"{d:016x}"))
        for i in range(persons):
            p, post = ox.NamedNode(f"{K}person/p{i}"), ox.NamedNode(f"{K}post/t{i}-{d % 7}")
            quads += [ox.Quad(p, TYPE, PERSON, g), ox.Quad(p, LABEL, ox.Literal(f"人物{i}", language="zh"), g),
                      ox.Quad(p, HOLDS, post, g), ox.Quad(post, POST_IN, ox.NamedNode(f"{K}org/o{i % 50}"), g)]
    store.bulk_extend(quads)
    return KgStore(store)


@pytest.mark.slow
def test_scale_store_persons_named_grows_linearly_with_reassertions() -> None:
    few, many = store_with_reasserted_persons(20, 10), store_with_reasserted_persons(20, 40)
    names = [f"人物{i}" for i in range(5)]
    assert many.persons_named("人物3") == [(f"{K}person/p3", {f"{K}org/o3"})]
    seconds_per_lookup(few, names[:1])  # warm up
    t_few, t_many = seconds_per_lookup(few, names), seconds_per_lookup(many, names)
    assert t_many < 8 * t_few + 0.005, f"{t_few * 1000:.1f} ms at 10 documents, {t_many * 1000:.1f} ms at 40"


def test_scale_store_persons_named_many_equals_one_by_one() -> None:
    store = store_with_reasserted_persons(20, 5)
    names = [f"人物{i}" for i in range(8)] + ["无此人"]
    many = store.persons_named_many(names)
    assert {n: many[n] for n in names} == {n: store.persons_named(n) for n in names}
