"""kill -9 a process writing documents into a store, at random points: what is left is consistent.

Consistent: every document graph in the store has its bookkeeping (content hash) and holds exactly
the triples of that document; no bookkeeping without its graph.  After a rerun that skips what the
store already has, the store equals one written in a single clean run.  (The same for ``kg build``
itself is in tests/test_crash_build.py.)
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import META_GRAPH, doc_iri, open_store

DOCS = 40

# A child process: write documents 0..DOCS-1 (skipping those whose hash is stored), one line per write.
WRITER = r"""
import hashlib, sys
from pathlib import Path
import rdflib
from kg.store import NewDocument, document_nquads, open_store, graph_iri, doc_iri

def document(i):
    g = rdflib.Graph()
    d = rdflib.URIRef(doc_iri(f"{i:016x}"))
    g.add((d, rdflib.RDF.type, rdflib.URIRef("https://w3id.org/zhkg/ontology#Bulletin")))
    for k in range(400):  # big enough that a write takes a while
        p = rdflib.URIRef(f"https://w3id.org/zhkg/id/person/p{i}-{k}")
        g.add((p, rdflib.RDFS.label, rdflib.Literal(f"人物{i}-{k}", lang="zh")))
        g.add((p, rdflib.URIRef("https://schema.org/subjectOf"), d))
    return g

n, how = int(sys.argv[2]), sys.argv[3]
batch = {}

def write_batch(store):
    store.add_new_documents(list(batch.values()))
    for i in batch:
        print(i, flush=True)
    batch.clear()

with open_store(Path(sys.argv[1])) as store:
    known = {info.docid: info.content_hash for info in store.documents()}
    for i in range(n):
        docid = f"{i:016x}"
        h = hashlib.sha256(str(i).encode()).hexdigest()
        if known.get(docid) == h:
            continue
        if how == "replace":  # one transaction per document
            store.replace_document(graph_iri(docid), doc_iri(docid), h, document(i), source=f"doc{i}.txt")
            print(i, flush=True)
            continue
        # as kg build writes new documents: several at once (bulk-loaded, see add_new_documents)
        nt = document(i).serialize(format="nt", encoding="utf-8")
        batch[i] = NewDocument(graph_iri(docid), doc_iri(docid), h, document_nquads(nt, graph_iri(docid)),
                               source=f"doc{i}.txt")
        if len(batch) == 4:
            write_batch(store)
    if batch:
        write_batch(store)
"""


def write(store: Path, n: int = DOCS, *, kill_after: int | None = None, delay: float = 0.0,
          how: str = "replace") -> int:
    """Run the writer; with ``kill_after``, SIGKILL it ``delay`` s after its ``kill_after``-th write.

    ``how``: "replace" writes one document per transaction, "batch" four at a time as kg build does.
    """
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(store), str(n), how], stdout=subprocess.PIPE,
                            text=True)
    if kill_after is None:
        proc.communicate(timeout=300)
        assert proc.returncode == 0
        return n
    written = 0
    for _ in proc.stdout:
        written += 1
        if written >= kill_after:
            break
    time.sleep(delay)
    proc.kill()
    proc.wait(timeout=30)
    proc.stdout.close()
    return written


def expected_triples(i: int) -> set[tuple[str, str, str]]:
    d = doc_iri(f"{i:016x}")
    out = {(f"<{d}>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
            "<https://w3id.org/zhkg/ontology#Bulletin>")}
    for k in range(400):
        p = f"<https://w3id.org/zhkg/id/person/p{i}-{k}>"
        out.add((p, "<http://www.w3.org/2000/01/rdf-schema#label>", f'"人物{i}-{k}"@zh'))
        out.add((p, "<https://schema.org/subjectOf>", f"<{d}>"))
    return out


def document_quads(folder: Path) -> set[str]:
    """The store's quads outside the bookkeeping graph, as N-Quads lines."""
    with open_store(folder, create=False, read_only=True) as store:
        meta = ox.NamedNode(META_GRAPH)
        quads = store.oxigraph.quads_for_pattern(None, None, None, None)
        return {str(q) for q in quads if q.graph_name != meta}


def check_consistent(folder: Path) -> int:
    """Every graph has bookkeeping and the right triples; returns how many documents are in."""
    with open_store(folder, create=False, read_only=True) as store:
        docs = {info.graph: info for info in store.documents()}
        graphs = store.graphs()
        assert sorted(docs) == graphs, "bookkeeping and graphs differ"
        for g in graphs:
            i = int(g.rsplit("/", 1)[-1], 16)
            assert docs[g].content_hash, f"{g}: no content hash"
            triples = {(str(q.subject), str(q.predicate), str(q.object))
                       for q in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(g))}
            assert triples == expected_triples(i), f"{g}: partial or wrong graph"
        return len(graphs)


@pytest.fixture(scope="module")
def clean_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("clean") / "store"
    write(folder)
    assert check_consistent(folder) == DOCS
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("how", ["replace", "batch"])
def test_crash_store_kill_during_writes_then_rerun(tmp_path: Path, clean_store: Path, how: str) -> None:
    rng = random.Random(6)
    folder = tmp_path / "store"
    for _ in range(3):
        write(folder, kill_after=rng.randint(1, DOCS // 3), delay=rng.uniform(0, 0.05), how=how)
        check_consistent(folder)
    write(folder, how=how)
    assert check_consistent(folder) == DOCS
    assert document_quads(folder) == document_quads(clean_store)


@pytest.mark.slow
def test_crash_store_kill_right_after_open(tmp_path: Path, clean_store: Path) -> None:
    """A kill before the first write (or during store creation) leaves a store a rerun can open."""
    folder = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(folder), str(DOCS), "replace"],
                            stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (folder / "db").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.kill()
    proc.wait(timeout=30)
    write(folder)
    assert check_consistent(folder) == DOCS
    assert document_quads(folder) == document_quads(clean_store)


# A child that creates a store and says when it starts; killed at random moments during the creation.
CREATOR = r"""
import sys
from pathlib import Path
from kg.store import open_store
print("go", flush=True)
with open_store(Path(sys.argv[1])):
    print("open", flush=True)
"""


def test_crash_store_kill_during_creation_leaves_no_half_made_db(tmp_path: Path) -> None:
    """A kill while RocksDB creates its column families used to leave a ``db/`` that opened for writing but
    not read-only ("Column family not found: id2str"): now ``db/`` is absent or whole, and a rerun opens."""
    rng = random.Random(15)
    opened = 0
    for i in range(12):
        folder = tmp_path / f"store{i}"
        proc = subprocess.Popen([sys.executable, "-c", CREATOR, str(folder)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline() == "go\n"
        time.sleep(rng.uniform(0.0, 0.05))
        proc.kill()
        proc.wait(timeout=30)
        proc.stdout.close()
        if (folder / "db").exists():
            with open_store(folder, create=False, read_only=True) as store:
                assert store.graphs() == []
            opened += 1
        with open_store(folder) as store:  # the rerun creates or finishes the store
            assert store.graphs() == []
        with open_store(folder, create=False, read_only=True) as store:
            assert store.graphs() == []
    print(f"stores with a db after the kill: {opened} of 12")
