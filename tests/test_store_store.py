"""The persistent store: per-document graphs, bookkeeping, atomic replace, removal, locking, errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import rdflib
import rdflib.compare
from test_store_fixtures import RICH, SMALL, fixture_dataset

from kg.errors import QueryError, StoreError
from kg.store import META_GRAPH, doc_iri, graph_iri, open_store
from kg.store.merged import MERGED_FLAG

WANG = "https://w3id.org/zhkg/id/person/p-wang"
ROOT = Path(__file__).resolve().parents[1]


def doc_graphs(*paths: Path) -> dict[str, rdflib.Graph]:
    """docid -> the triples of that document's named graph."""
    ds = fixture_dataset(*paths)
    return {str(g.identifier).rsplit("/", 1)[-1]: g for g in ds.graphs() if len(g)}


def put(store, docid: str, graph: rdflib.Graph, content_hash: str = "h0", source: str | None = None) -> None:
    ds = rdflib.Dataset()
    target = ds.graph(rdflib.URIRef(graph_iri(docid)))
    for t in graph:
        target.add(t)
    store.replace_document(graph_iri(docid), doc_iri(docid), content_hash, ds,
                           source=source or f"corpus/{docid}.txt")


def triples_about(store, iri: str) -> set[tuple[str, str, str]]:
    return {(r["g"].value, r["p"].value, str(r["o"]))
            for r in store.query(f"SELECT ?g ?p ?o WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }}")}


@pytest.fixture
def rich_store(tmp_path):
    with open_store(tmp_path / "store") as store:
        for docid, graph in doc_graphs(RICH).items():
            put(store, docid, graph, content_hash=docid[:4])
        yield store


def test_store_document_graph_is_exactly_the_input(tmp_path):
    graphs = doc_graphs(SMALL)
    (docid, graph), = graphs.items()
    with open_store(tmp_path / "s") as store:
        put(store, docid, graph)
        stored = store.to_dataset().graph(rdflib.URIRef(graph_iri(docid)))
        assert rdflib.compare.isomorphic(stored, graph)
        assert graph_iri(docid) in store.graphs() and META_GRAPH not in store.graphs()


def test_store_bookkeeping_records_hash_source_and_time(rich_store):
    docs = {d.docid: d for d in rich_store.documents()}
    assert set(docs) == {"a000000000000001", "b000000000000002", "c000000000000003"}
    a = docs["a000000000000001"]
    assert (a.content_hash, a.source, a.title, a.date) == ("a000", "corpus/a000000000000001.txt",
                                                           "科协动态 2023年第6期", "2023-06-20")
    assert a.ingested and a.graph == graph_iri("a000000000000001")
    assert rich_store.content_hash(doc_iri("a000000000000001")) == "a000"
    assert rich_store.content_hash(doc_iri("ffffffffffffffff")) is None


def test_store_replace_swaps_the_old_graph_for_the_new(rich_store):
    graphs = doc_graphs(RICH)
    docid = "b000000000000002"
    smaller = rdflib.Graph()
    for t in graphs[docid].triples((rdflib.URIRef(WANG), None, None)):
        smaller.add(t)
    put(rich_store, docid, smaller, content_hash="new")
    assert rich_store.content_hash(doc_iri(docid)) == "new"
    in_b = {t for t in triples_about(rich_store, "https://w3id.org/zhkg/id/person/p-zhao") if docid in t[0]}
    assert in_b == set()
    assert len(rich_store.documents()) == 3


def test_store_remove_leaves_no_dangling_facts(rich_store):
    before = triples_about(rich_store, WANG)
    assert {g for g, _, _ in before} == {graph_iri("a000000000000001"), graph_iri("b000000000000002"),
                                         graph_iri("c000000000000003")}
    rich_store.remove_document("a000000000000001")
    rich_store.remove_document(doc_iri("c000000000000003"))
    after = triples_about(rich_store, WANG)
    assert after == {t for t in before if t[0] == graph_iri("b000000000000002")}
    assert rich_store.persons_named("王明远") == [(WANG, {"https://w3id.org/zhkg/id/org/o-bast"})]
    rich_store.remove_document("corpus/b000000000000002.txt")
    assert triples_about(rich_store, WANG) == set()
    assert not bool(rich_store.query(f"ASK {{ GRAPH ?g {{ ?s ?p <{WANG}> }} }}"))
    assert rich_store.documents() == [] and rich_store.graphs() == []
    # nothing left but the mark that the default graph is the merged graph (now empty)
    assert list(rich_store.oxigraph) == [MERGED_FLAG]


@pytest.mark.parametrize("how", ["docid", "doc_iri", "graph_iri", "source"])
def test_store_remove_accepts_id_iri_graph_or_source(rich_store, how):
    docid = "b000000000000002"
    key = {"docid": docid, "doc_iri": doc_iri(docid), "graph_iri": graph_iri(docid),
           "source": f"corpus/{docid}.txt"}[how]
    assert doc_iri(docid) in rich_store.remove_document(key)
    assert docid not in {d.docid for d in rich_store.documents()}


def test_store_remove_unknown_document_is_a_store_error(rich_store):
    with pytest.raises(StoreError, match="no document 'nope'"):
        rich_store.remove_document("nope")


def test_store_refuses_quads_outside_the_document_graph(tmp_path):
    ds = rdflib.Dataset()
    ds.graph(rdflib.URIRef("http://other/graph")).add(
        (rdflib.URIRef("http://x/s"), rdflib.URIRef("http://x/p"), rdflib.Literal("o")))
    with open_store(tmp_path / "s") as store, pytest.raises(StoreError, match="own graph"):
        store.replace_document(graph_iri("0" * 16), doc_iri("0" * 16), "h", ds)


def test_store_accepts_nquads_bytes(tmp_path):
    nq = b'<http://x/s> <http://x/p> "\xe6\xb2\x88\xe6\xb4\x81"@zh .\n'
    with open_store(tmp_path / "s") as store:
        store.replace_document(graph_iri("1" * 16), doc_iri("1" * 16), "h", nq)
        assert [r["o"].value for r in store.query("SELECT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o) "
                                                   "&& LANG(?o) = 'zh') }")] == ["沈洁"]


def test_store_one_writer_lock_names_the_pid(tmp_path):
    with open_store(tmp_path / "s"):
        with pytest.raises(StoreError, match=f"store locked by pid {os.getpid()}"):
            with open_store(tmp_path / "s"):
                pass
        with open_store(tmp_path / "s", read_only=True) as reader:  # readers are welcome
            assert reader.documents() == []
    with open_store(tmp_path / "s"):  # released on close
        pass


def test_store_read_only_refuses_writes(rich_store, tmp_path):
    folder = rich_store.folder
    with open_store(folder, read_only=True) as reader, pytest.raises(StoreError, match="read-only"):
        reader.remove_document("a000000000000001")


@pytest.mark.parametrize("setup, message", [
    (lambda p: None, "no store here"),
    (lambda p: (p.mkdir(), (p / "notes.txt").write_text("x")), "not a kg store"),
    (lambda p: (p.mkdir(), (p / "kg-store.json").write_text("{garbage")), "damaged"),
    (lambda p: (p.mkdir(), (p / "kg-store.json").write_text('{"format": 1}')), "db/ folder is missing"),
])
def test_store_absent_or_damaged_folder_is_a_clear_error(tmp_path, setup, message):
    folder = tmp_path / "store"
    setup(folder)
    with pytest.raises(StoreError, match=message) as info:
        with open_store(folder, create=False):
            pass
    assert str(folder) in str(info.value)


def test_store_corrupt_database_is_a_store_error(tmp_path):
    with open_store(tmp_path / "s"):
        pass
    (tmp_path / "s" / "db" / "CURRENT").write_text("garbage")
    with pytest.raises(StoreError, match="rebuild"):
        with open_store(tmp_path / "s"):
            pass


def test_store_query_error_has_line_and_column(rich_store):
    with pytest.raises(QueryError) as info:
        rich_store.query("SELECT *\nWHERE { ?s ?p }")
    assert info.value.line == 2 and info.value.column in (15, 16)  # the parser's own position


@pytest.mark.parametrize("ext", [".trig", ".nq", ".ttl", ".nt", ".jsonld"])
def test_store_export_round_trips(rich_store, tmp_path, ext):
    path = rich_store.export(tmp_path / f"out{ext}")
    expected = fixture_dataset(RICH)
    if ext in (".ttl", ".nt"):
        got = rdflib.Graph().parse(path)
        union = rdflib.Graph()
        for s, p, o, _ in expected.quads((None, None, None, None)):
            union.add((s, p, o))
        assert rdflib.compare.isomorphic(got, union)
    else:
        got = rdflib.Dataset()
        got.parse(path, format={".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld"}[ext])
        assert len(got) == len(expected)
        assert {str(g.identifier) for g in got.graphs() if len(g)} == set(rich_store.graphs())


def test_store_persons_named_gives_organizations_over_documents(rich_store):
    assert rich_store.persons_named("李青") == [("https://w3id.org/zhkg/id/person/p-li",
                                               {"https://w3id.org/zhkg/id/org/o-bast"})]
    assert rich_store.persons_named("无此人") == []


_KILL_SCRIPT = textwrap.dedent("""
    import sys, rdflib
    from pathlib import Path
    from kg.store import open_store, graph_iri, doc_iri
    n = int(sys.argv[2])
    nq = "".join(f'<http://x/s{i}> <http://x/p> "{i}" .\\n' for i in range(n)).encode()
    with open_store(Path(sys.argv[1])) as store:
        print("writing", flush=True)
        store.replace_document(graph_iri("a000000000000001"), doc_iri("a000000000000001"), "new", nq)
        print("done", flush=True)
""")


@pytest.mark.slow
def test_store_kill_mid_ingest_leaves_the_previous_state(tmp_path):
    folder = tmp_path / "s"
    graphs = doc_graphs(RICH)
    with open_store(folder) as store:
        put(store, "a000000000000001", graphs["a000000000000001"], content_hash="old")
        before = len(store.oxigraph)
    proc = subprocess.Popen([sys.executable, "-c", _KILL_SCRIPT, str(folder), "300000"], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with open_store(folder) as store:  # the dead writer's lock is gone with it
        after = len(store.oxigraph)
        hash_ = store.content_hash(doc_iri("a000000000000001"))
    # all or nothing: the old document, or (if the kill came after the commit) the whole new one
    assert (after, hash_) == (before, "old") or (hash_ == "new" and after >= 300000)


def _nquads(docid: str, *objects: str) -> bytes:
    g = graph_iri(docid)
    return "".join(f'<{doc_iri(docid)}> <http://www.w3.org/2000/01/rdf-schema#label> "{o}"@zh <{g}> .\n'
                   for o in objects).encode("utf-8")


def test_store_add_new_documents_is_one_transaction(tmp_path):
    from kg.store import NewDocument, document_nquads

    ids = ["b000000000000001", "b000000000000002", "b000000000000003"]
    docs = [NewDocument(graph_iri(i), doc_iri(i), f"hash{n}", document_nquads(_nquads(i, f"简报第{n}期"), graph_iri(i)),
                        source=f"corpus/{i}.txt") for n, i in enumerate(ids)]
    with open_store(tmp_path / "s") as store:
        store.add_new_documents(docs)
        assert sorted(store.graphs()) == sorted(graph_iri(i) for i in ids)
        infos = {info.docid: info for info in store.documents()}
        assert infos[ids[2]].content_hash == "hash2" and infos[ids[2]].source == f"corpus/{ids[2]}.txt"
        # one document that does not parse: none of the batch goes in
        later = ["b000000000000004", "b000000000000005"]
        bad = NewDocument(graph_iri(later[1]), doc_iri(later[1]), "h", b"<http://x/s> <http://x/p> \"unclosed .\n")
        good = NewDocument(graph_iri(later[0]), doc_iri(later[0]), "h", document_nquads(_nquads(later[0], "好"), graph_iri(later[0])))
        with pytest.raises(StoreError, match="do not parse"):
            store.add_new_documents([good, bad])
        assert sorted(store.graphs()) == sorted(graph_iri(i) for i in ids)
        assert len(store.documents()) == 3


def test_store_document_nquads_refuses_another_graph():
    from kg.store import document_nquads

    mine, other = "c000000000000001", "c000000000000002"
    moved = document_nquads(b'<http://x/s> <http://x/p> "o" .\n', graph_iri(mine))
    assert moved.decode().strip().endswith(f"<{graph_iri(mine)}> .")
    with pytest.raises(StoreError, match="own graph"):
        document_nquads(_nquads(other, "x"), graph_iri(mine))
