"""The merged graph: the store's default graph holds each fact once, follows every build, change and removal,
and equals the one computed again from the document graphs (kg remerge)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import kg.orchestrate as orchestrate
import kg.workers as workers
from kg.cli import app
from kg.store import open_store
from kg.store.dataset import query_dataset, states_dataset
from kg.store.merged import has_merged_graph

PERSONS = ["王海峰", "李春梅", "张建国", "陈晓东"]
BODIES = [("青山市科学技术协会", "主席"), ("青山市农业研究所", "所长"), ("白水大学", "校长")]
DATES = ["2023年5月8日", "2024年3月5日", "6月9日"]  # the last: no year


@pytest.fixture(scope="module")
def rules_only():
    """Extraction without the NER model (the machinery, not the model, is under test here)."""
    from kg.rules.lexicon import load_lexicon

    resources = workers.Resources(nlp=None, lexicon=load_lexicon())
    saved = workers.load_resources
    workers.load_resources = lambda config=None: resources
    yield resources
    workers.load_resources = saved


def bulletin(people: list[int], body: int, date: int, event: int) -> str:
    """An invented bulletin: one meeting of a body, its chair, and the persons who attended."""
    org, title = BODIES[body]
    names = [PERSONS[i] for i in people]
    attendees = "、".join(f"{BODIES[(body + k) % 3][0]}{BODIES[(body + k) % 3][1]}{n}" for k, n in enumerate(names))
    return (f"青山科技简讯\n{DATES[date]}\n\n{DATES[date].split('年')[-1]}，{org}召开第{event + 1}次科普工作座谈会。"
            f"{attendees}出席会议并讲话。\n")


def merged_of(store) -> set[str]:
    return {str(ox.Triple(q.subject, q.predicate, q.object))
            for q in store.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def check_merged(folder: Path) -> set[str]:
    """The merged graph as kept equals the one computed again, and persons count once."""
    with open_store(folder, create=False) as store:
        kept = merged_of(store)
        store.remerge()
        again = merged_of(store)
        assert kept == again, (sorted(kept - again)[:5], sorted(again - kept)[:5])
        naive = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?p a schema:Person }")))["n"].value)
        distinct = int(next(iter(store.query(
            "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?p a schema:Person } }")))["n"].value)
        assert naive == distinct
        return kept


doc_strategy = st.tuples(st.lists(st.integers(0, 3), min_size=1, max_size=3, unique=True), st.integers(0, 2),
                         st.integers(0, 2), st.integers(0, 1))
step = st.one_of(st.tuples(st.just("write"), st.integers(0, 3), doc_strategy),
                 st.tuples(st.just("remove"), st.integers(0, 3), st.just(None)))


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=6))
def test_store_merged_equals_recomputed_after_any_builds_changes_and_removals(rules_only, tmp_path_factory,
                                                                              steps) -> None:
    work = tmp_path_factory.mktemp("merged")
    corpus, store = work / "corpus", work / "store"
    corpus.mkdir()
    for op, k, doc in steps:
        path = corpus / f"d{k}.txt"
        if op == "write":
            path.write_text(bulletin(*doc), encoding="utf-8")
            orchestrate.build([path], work / "out", store_dir=store, quiet=True)
        elif path.exists():
            with open_store(store) as st_:
                st_.remove_document(str(path.resolve()))
            path.unlink()
    if store.exists():
        check_merged(store)


def test_store_merged_counts_and_joins_once_per_fact(rules_only, tmp_path) -> None:
    """Two documents naming one person: a naive count says one person, and her posts joined to
    organization labels give one row per post and label."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(bulletin([0, 1], 0, 0, 0), encoding="utf-8")
    (corpus / "b.txt").write_text(bulletin([0, 1], 0, 1, 1), encoding="utf-8")
    orchestrate.build([corpus], tmp_path / "out", store_dir=tmp_path / "store", quiet=True)
    with open_store(tmp_path / "store", create=False, read_only=True) as store:
        assert has_merged_graph(store.oxigraph)
        n = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?p a schema:Person }")))["n"].value
        assert n == "2"
        rows = list(store.query("""SELECT ?post ?label WHERE { ?p rdfs:label "王海峰"@zh ; org:holds ?post .
                                   ?post org:postIn ?o . ?o rdfs:label ?label }"""))
        assert len(rows) == len({(r["post"], r["label"]) for r in rows}) >= 1
        # the post was seen in 2023 and in 2024: first and last seen from the documents' dates
        seen = list(store.query("""SELECT ?f ?l WHERE { ?p rdfs:label "王海峰"@zh ; org:holds ?post .
                                   ?post kgo:firstSeen ?f ; kgo:lastSeen ?l }"""))
        assert [(r["f"].value, r["l"].value) for r in seen] == [("2023-05-08", "2024-03-05")]
        pairs = list(store.query("SELECT ?n WHERE { ?c a kgo:CoAttendance ; kgo:sharedEvents ?n }"))
        assert [r["n"].value for r in pairs] == ["2"]


def test_store_merged_month_day_documents_give_no_year(rules_only, tmp_path) -> None:
    path = tmp_path / "c.txt"
    path.write_text(bulletin([2], 1, 2, 0), encoding="utf-8")
    orchestrate.build([path], tmp_path / "out", store_dir=tmp_path / "store", quiet=True)
    with open_store(tmp_path / "store", create=False, read_only=True) as store:
        assert not bool(store.query("ASK { ?post kgo:firstSeen ?f }"))
        assert bool(store.query("ASK { ?post a org:Post }"))


def test_store_merged_from_in_the_query_selects_the_dataset(rules_only, tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(bulletin([0], 0, 0, 0), encoding="utf-8")
    orchestrate.build([path], tmp_path / "out", store_dir=tmp_path / "store", quiet=True)
    with open_store(tmp_path / "store", create=False, read_only=True) as store:
        count = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"
        assert next(iter(store.query(count.format("FROM <urn:nonexistent>"))))["n"].value == "0"
        graph = store.graphs()[0]
        in_doc = int(next(iter(store.query(count.format(f"FROM <{graph}>"))))["n"].value)
        assert in_doc == sum(1 for _ in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
        assert int(next(iter(store.query(count.format(""))))["n"].value) >= in_doc  # the merged graph
        assert query_dataset(store.oxigraph, count.format(""), [graph]) == {"default_graph": [ox.NamedNode(graph)]}


@pytest.mark.parametrize("query, states", [
    ("SELECT * FROM <urn:x> WHERE { ?s ?p ?o }", True),
    ("select * from named <urn:x> { graph ?g { ?s ?p ?o } }", True),
    ("SELECT ?from WHERE { ?from ?p 'FROM' }", False),
    ("SELECT * WHERE { ?s <http://x/FROM> ?o } # FROM", False),
    ('SELECT * WHERE { ?s ?p """a\nFROM <x>""" }', False),
    ("CONSTRUCT { ?s ?p ?o } FROM <urn:g> WHERE { ?s ?p ?o }", True),
])
def test_store_merged_states_dataset_finds_from_clauses_only(query, states) -> None:
    assert states_dataset(query) is states


def test_store_merged_a_store_loaded_by_hand_answers_over_its_named_graphs() -> None:
    db = ox.Store()
    db.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("o"), ox.NamedNode("http://x/g")))
    q = "SELECT * WHERE { ?s ?p ?o }"
    assert query_dataset(db, q) == {"use_default_graph_as_union": True}
    assert len(list(db.query(q, **query_dataset(db, q)))) == 1
    assert query_dataset(db, "SELECT * FROM <urn:x> WHERE { ?s ?p ?o }") == {}


def test_store_merged_remerge_command(rules_only, tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(bulletin([0, 1], 0, 0, 0), encoding="utf-8")
    orchestrate.build([path], tmp_path / "out", store_dir=tmp_path / "store", quiet=True)
    with open_store(tmp_path / "store") as store:
        before = merged_of(store)
        store.oxigraph.update("DROP DEFAULT")
    result = CliRunner().invoke(app, ["remerge", "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    assert "merged graph" in result.output
    with open_store(tmp_path / "store", create=False, read_only=True) as store:
        assert merged_of(store) == before


def test_store_merged_service_description_says_which_graph_is_which(rules_only, tmp_path) -> None:
    from kg.store.dataset import describe_dataset

    path = tmp_path / "a.txt"
    path.write_text(bulletin([0], 0, 0, 0), encoding="utf-8")
    orchestrate.build([path], tmp_path / "out", store_dir=tmp_path / "store", quiet=True)
    head = "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n[] a sd:Service ;\n"
    with open_store(tmp_path / "store", create=False, read_only=True) as store:
        merged_sd = list(ox.parse((head + describe_dataset(store.oxigraph)).encode(), format=ox.RdfFormat.TURTLE))
    text = " ".join(str(t) for t in merged_sd)
    assert "merged graph" in text and "UnionDefaultGraph" not in text and "graph/_meta" in text
    by_hand = list(ox.parse((head + describe_dataset(ox.Store())).encode(), format=ox.RdfFormat.TURTLE))
    assert "UnionDefaultGraph" in " ".join(str(t) for t in by_hand)


def _attendance_doc(k: int, events: list[list[int]]):
    """An invented document graph: events, each attended by the persons p<i> of its list."""
    from kg.store import NewDocument, doc_iri, document_nquads, graph_iri

    sdo, rdf, rdfs = "https://schema.org/", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", \
        "http://www.w3.org/2000/01/rdf-schema#"
    lines = [f'<{doc_iri(f"d{k}")}> <{rdf}type> <https://w3id.org/zhkg/ontology#Document> .']
    for n, people in enumerate(events):
        e = f"<https://w3id.org/zhkg/id/event/e{k}-{n}>"
        lines.append(f"{e} <{rdf}type> <{sdo}Event> .")
        for i in people:
            p = f"<https://w3id.org/zhkg/id/person/p{i}>"
            lines += [f"{e} <{sdo}attendee> {p} .", f"{p} <{rdf}type> <{sdo}Person> .",
                      f'{p} <{rdfs}label> "甲{i:02d}"@zh .']
    nq = document_nquads(("\n".join(lines) + "\n").encode(), graph_iri(f"d{k}"))
    return NewDocument(graph_iri(f"d{k}"), doc_iri(f"d{k}"), f"h{k}", nq)


def test_store_merged_keeps_the_co_attendance_ranking_the_top_50_query_reads(tmp_path) -> None:
    """More than 50 pairs: co-attendance-top-50 gives the 50 largest counts, after a load and a removal."""
    from itertools import combinations

    from kg.store.queries import load_queries

    docs = {k: [[(k * 5 + j * (size - 1)) % 23 for j in range(size)] for size in (3, 4, 6)] for k in range(8)}

    def expected(kept: dict[int, list[list[int]]]) -> list[int]:
        counts: dict[tuple[int, int], int] = {}
        for events in kept.values():
            for people in events:
                for pair in combinations(sorted(set(people)), 2):
                    counts[pair] = counts.get(pair, 0) + 1
        assert len(counts) > 50
        return sorted(counts.values(), reverse=True)[:50]

    query = load_queries()["co-attendance-top-50"].render({})
    with open_store(tmp_path / "store") as store:
        store.add_new_documents([_attendance_doc(k, ev) for k, ev in docs.items()])
        rows = list(store.query(query))
        assert sorted((int(r["sharedEvents"].value) for r in rows), reverse=True) == expected(docs)
        store.remove_document("d0")
        del docs[0]
        rows = list(store.query(query))
        assert sorted((int(r["sharedEvents"].value) for r in rows), reverse=True) == expected(docs)
