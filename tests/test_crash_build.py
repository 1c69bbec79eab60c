"""kill -9 ``kg build`` at random points, then rerun: the store stays consistent and ends as a clean build's.

Consistent: every document graph in the store has its bookkeeping (and the reverse), and each graph is
the graph a clean build makes for that document.  After the rerun completes, the N-Quads of the document
graphs equal the clean build's.  Bounded: 3 kills on a 20-document generated corpus.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from corpus_generator import gen_corpus

from kg.store import META_GRAPH, open_store

ROOT = Path(__file__).resolve().parent.parent
DOCS = 20
CLEAN_MERGED: set[str] = set()  # the clean build's merged graph

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (ROOT / "kg/nlp/model/config.cfg").is_file(),
                                 reason="the trained NER model kg/nlp/model is not here")]




def kg_build(corpus: Path, store: Path, out: Path, jobs: int = 2, hash_seed: str = "0") -> subprocess.Popen:
    """``kg build`` in its own session; one PYTHONHASHSEED for every run (see the last test here)."""
    return subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(out),
                             "--store", str(store), "--jobs", str(jobs)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            env={**os.environ, "PYTHONHASHSEED": hash_seed})


def graphs_of(folder: Path) -> dict[str, set[str]]:
    """Document graph IRI -> its triples as N-Triples lines (kg mints no blank nodes)."""
    with open_store(folder, create=False, read_only=True) as store:
        out: dict[str, set[str]] = {}
        for q in store.oxigraph.quads_for_pattern(None, None, None, None):
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value != META_GRAPH:
                assert not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
                out.setdefault(q.graph_name.value, set()).add(f"{q.subject} {q.predicate} {q.object}")
        return out


def merged_of(folder: Path) -> set[str]:
    """The merged default graph, as N-Triples lines."""
    with open_store(folder, create=False, read_only=True) as store:
        return {f"{q.subject} {q.predicate} {q.object}"
                for q in store.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def remerged_of(folder: Path) -> set[str]:
    """The merged graph computed again from the document graphs (kg remerge)."""
    with open_store(folder, create=False) as store:
        store.remerge()
    return merged_of(folder)


def bookkeeping_of(folder: Path) -> dict[str, str | None]:
    with open_store(folder, create=False, read_only=True) as store:
        return {info.graph: info.content_hash for info in store.documents()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    gen_corpus().generate(DOCS, folder, seed=11)
    return folder


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory) -> tuple[dict[str, set[str]], float]:
    """The clean build's graphs and how long it took."""
    work = tmp_path_factory.mktemp("clean")
    t0 = time.monotonic()
    proc = kg_build(corpus, work / "store", work / "out")
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()[-2000:]
    graphs = graphs_of(work / "store")
    assert len(graphs) == DOCS
    CLEAN_MERGED.update(merged_of(work / "store"))
    return graphs, time.monotonic() - t0


def check_consistent(folder: Path, clean_graphs: dict[str, set[str]]) -> int:
    if not (folder / "db").exists():
        return 0
    graphs, books = graphs_of(folder), bookkeeping_of(folder)
    assert set(graphs) == set(books), "a graph without bookkeeping, or bookkeeping without its graph"
    for g, triples in graphs.items():
        assert books[g], f"{g}: no content hash"
        if triples != clean_graphs[g]:
            extra, lost = sorted(triples - clean_graphs[g])[:6], sorted(clean_graphs[g] - triples)[:6]
            pytest.fail(f"{g}: differs from the clean build's graph for that document:\n+ "
                        + "\n+ ".join(extra) + "\n- " + "\n- ".join(lost))
    return len(graphs)


def kill_after_writes(proc: subprocess.Popen, stamp: Path, writes: int, delay: float, limit: float) -> None:
    """SIGKILL the build (and its workers) ``delay`` s after its ``writes``-th document write, or at ``limit`` s."""
    seen, last, t0 = 0, None, time.monotonic()
    while seen < writes and proc.poll() is None and time.monotonic() - t0 < limit:
        try:
            now = stamp.read_text()
        except OSError:
            now = None
        if now and now != last:
            seen, last = seen + 1, now
        time.sleep(0.005)
    time.sleep(delay)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    proc.stderr.close()


def test_crash_build_kill_at_random_points_then_rerun(corpus, clean, tmp_path) -> None:
    clean_graphs, clean_seconds = clean
    rng = random.Random(42)
    store, out = tmp_path / "store", tmp_path / "out"
    seen = []
    # during start-up or the first writes; then twice in the middle of the writes
    for writes, delay in ((0, rng.uniform(0.5, 3.0)), (rng.randint(2, 6), rng.uniform(0, 0.2)),
                          (rng.randint(2, 6), rng.uniform(0, 0.2))):
        proc = kg_build(corpus, store, out)
        kill_after_writes(proc, store / "changed", writes, delay, limit=clean_seconds * 2)
        seen.append(check_consistent(store, clean_graphs))
    proc = kg_build(corpus, store, out)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()[-2000:]
    assert check_consistent(store, clean_graphs) == DOCS
    assert graphs_of(store) == clean_graphs
    # the merged graph after the kills and the rerun: the clean build's, and what remerge computes
    merged = merged_of(store)
    assert merged == CLEAN_MERGED, (sorted(merged - CLEAN_MERGED)[:5], sorted(CLEAN_MERGED - merged)[:5])
    assert remerged_of(store) == merged
    assert (out / "graph.trig").stat().st_size > 0
    print(f"documents in the store after each kill: {seen}")


def test_crash_build_graph_does_not_depend_on_the_hash_seed(corpus, tmp_path) -> None:
    """The same corpus built by processes with different string hashing gives the same graphs."""
    graphs = []
    for seed in ("0", "2", "5"):
        proc = kg_build(corpus, tmp_path / f"store-{seed}", tmp_path / f"out-{seed}", jobs=1, hash_seed=seed)
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err.decode()[-2000:]
        graphs.append(graphs_of(tmp_path / f"store-{seed}"))
    for g in graphs[0]:
        assert graphs[1][g] == graphs[0][g] and graphs[2][g] == graphs[0][g], f"{g} differs between hash seeds"
