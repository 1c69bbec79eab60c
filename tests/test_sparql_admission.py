"""Admission control (kg.sparql.admission): a flood of one query shape keeps a worker free for others."""

from __future__ import annotations

import asyncio
import time

import pytest

from kg.sparql.admission import Admission, query_shape


@pytest.mark.parametrize(("a", "b"), [
    # the named query for two organizations and months
    ('SELECT ?p WHERE { ?e schema:organizer ?o . ?o rdfs:label "北京市科协" . FILTER(STR(?d) >= "2023-06") }',
     'SELECT ?p WHERE { ?e schema:organizer ?o . ?o rdfs:label "天津市科协" . FILTER(STR(?d) >= "2024-01") }'),
    ("SELECT * WHERE { <http://x/s7> ?p ?o } LIMIT 10", "SELECT  *  WHERE {\n <http://x/s8#frag> ?p ?o } LIMIT 200"),
    ("SELECT * WHERE { ?s ?p 3.5e2 }  # first", "SELECT * WHERE { ?s ?p -7 } # second"),
    ("SELECT * WHERE { ?s ?p '''多行\n文本''' }", "SELECT * WHERE { ?s ?p 'x' }"),
    # variables renamed consistently, prefixed names, keyword case: the same structure
    ("SELECT ?s1 WHERE { ?s1 ex:p2 ?o }", "SELECT ?s2 WHERE { ?s2 ex:p2 ?o }"),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }", "select (count(*) as ?n7) where { ?x ?y ?z . ?u ?v ?w }"),
    ("SELECT ?p WHERE { ?p a schema:Person }", "SELECT ?org WHERE { ?org a org:Organization }"),
])
def test_query_shape_ignores_constants(a, b):
    assert query_shape(a) == query_shape(b)


@pytest.mark.parametrize(("a", "b"), [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o . ?o ?q ?z }"),
    ("SELECT ?a WHERE { ?a ?p ?b . ?b ?q ?c }", "SELECT ?a WHERE { ?a ?p ?b . ?a ?q ?c }"),  # how variables join
    ("SELECT * WHERE { ?s ?p ?o } ORDER BY ?s", "SELECT * WHERE { ?s ?p ?o } ORDER BY ?o"),
])
def test_query_shape_keeps_structure(a, b):
    assert query_shape(a) != query_shape(b)


def test_admission_keeps_a_worker_for_other_shapes():
    async def scenario():
        admission = Admission(lambda: 4, reserve=1, poll=0.01)
        far = time.monotonic() + 10
        assert all([await admission.enter("slow", far) for _ in range(3)])
        # a fourth copy of the flood must wait: the last free worker is kept
        assert not await admission.enter("slow", time.monotonic() + 0.05)
        assert await admission.enter("cheap", far)  # another shape takes it at once
        assert not await admission.enter("other", time.monotonic() + 0.05)  # now all four are busy
        admission.leave("cheap")
        waiting = asyncio.ensure_future(admission.enter("slow", far))
        await asyncio.sleep(0.03)
        assert not waiting.done()
        admission.leave("slow")  # a slow one ends: another may take its place
        assert await asyncio.wait_for(waiting, 1)
        assert admission.running == {"slow": 3} and admission.total == 3
    asyncio.run(scenario())


def test_admission_follows_the_capacity_and_wakes_waiters_on_leave():
    async def scenario():
        capacity = [1]
        admission = Admission(lambda: capacity[0], reserve=0, poll=0.01)
        far = time.monotonic() + 10
        assert await admission.enter("a", far)
        waiter = asyncio.ensure_future(admission.enter("b", far))
        await asyncio.sleep(0.03)
        assert not waiter.done()
        capacity[0] = 2  # a replaced worker process is ready again
        assert await asyncio.wait_for(waiter, 1)
        assert admission.total == 2
    asyncio.run(scenario())


def test_admission_caps_one_shape_at_per_shape():
    async def scenario():
        admission = Admission(lambda: 16, reserve=4, per_shape=2, poll=0.01)
        far = time.monotonic() + 10
        assert await admission.enter("slow", far) and await admission.enter("slow", far)
        assert not await admission.enter("slow", time.monotonic() + 0.05)  # 14 free, but the cap
        assert await admission.enter("cheap", far)
    asyncio.run(scenario())
