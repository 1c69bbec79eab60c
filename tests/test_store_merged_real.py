"""Naive SPARQL on a store built from data/sample and ../shared/corpus: each fact counts once."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg.orchestrate as orchestrate
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (ROOT / "kg/nlp/model/config.cfg").is_file(),
                                 reason="the trained NER model kg/nlp/model is not here")]


@pytest.fixture(scope="module")
def store_dir(shared_dir, tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("real")
    inputs = [ROOT / "data/sample", *sorted((shared_dir / "corpus").glob("*.txt"))]
    orchestrate.build(inputs, work / "out", store_dir=work / "store", quiet=True)
    return work / "store"


def _one(store, query: str) -> int:
    return int(next(iter(store.query(query)))["n"].value)


def test_store_merged_real_naive_count_of_persons_is_the_distinct_count(store_dir) -> None:
    with open_store(store_dir, create=False, read_only=True) as store:
        naive = _one(store, "SELECT (COUNT(*) AS ?n) WHERE { ?p a schema:Person }")
        distinct = _one(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?p a schema:Person } }")
        in_graphs = _one(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?p a schema:Person } }")
        assert naive == distinct < in_graphs  # the union of the document graphs counts each mention's document


def test_store_merged_real_posts_joined_to_organization_labels_once_each(store_dir) -> None:
    with open_store(store_dir, create=False, read_only=True) as store:
        rows = [(r["post"].value, r["label"].value) for r in store.query(
            'SELECT ?post ?label WHERE { ?p rdfs:label "沈洁"@zh ; org:holds ?post . '
            "?post org:postIn ?o . ?o rdfs:label ?label }")]
        assert rows and len(rows) == len(set(rows))
        careers = list(store.query(
            'SELECT ?post ?f WHERE { ?p rdfs:label "沈洁"@zh ; org:holds ?post . ?post kgo:firstSeen ?f }'))
        assert careers  # the posts carry the dates they were first seen
