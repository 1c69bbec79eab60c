"""kill -9 ``kg build`` at random points: every store opens, and after a rerun equals a clean build's.

    PYTHONPATH=. python bench/kill_bench.py --kills 200 --docs 8 --seed 0

A generated corpus (bench/gen_corpus.py) is built once cleanly (the reference).  Then, ``--kills`` times:
start ``kg build`` on a store (a fresh folder about one time in three, else the store the last kill left,
so kills land during creation, start-up, writes and the merge), SIGKILL its process group at a moment
drawn uniformly from the clean build's duration (every other kill: from the moment its db appeared to
its end, where the writes are), and check that the store opens read-only, that every
document graph in it has its bookkeeping and is the clean build's graph for that document.  A build that
finishes before its kill is a rerun: its store must equal the clean build's (document graphs and merged
graph).  Every store is rerun to the end before it is dropped.  A build that finishes before its kill moment is a rerun and not counted
as a kill. Prints one line per build and a summary.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.store import META_GRAPH, open_store

HERE = Path(__file__).resolve().parent


def build(corpus: Path, store: Path, out: Path, jobs: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(out),
                             "--store", str(store), "--jobs", str(jobs)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            env={**os.environ, "PYTHONHASHSEED": "0"})


def snapshot(store: Path) -> tuple[dict[str, set[str]], set[str], dict[str, str | None]]:
    """Document graphs, merged graph and bookkeeping, read through a read-only open."""
    with open_store(store, create=False, read_only=True) as kg:
        graphs: dict[str, set[str]] = {}
        merged: set[str] = set()
        for q in kg.oxigraph.quads_for_pattern(None, None, None, None):
            line = f"{q.subject} {q.predicate} {q.object}"
            if isinstance(q.graph_name, ox.DefaultGraph):
                merged.add(line)
            elif q.graph_name.value != META_GRAPH:
                graphs.setdefault(q.graph_name.value, set()).add(line)
        books = {info.graph: info.content_hash for info in kg.documents()}
    return graphs, merged, books


def consistent(store: Path, clean: dict[str, set[str]]) -> str | None:
    """None if the store is consistent with the clean build, else what is wrong."""
    graphs, _, books = snapshot(store)
    if set(graphs) != set(books):
        return "a graph without bookkeeping, or bookkeeping without its graph"
    for g, triples in graphs.items():
        if not books[g]:
            return f"{g}: no content hash"
        if triples != clean.get(g):
            return f"{g}: differs from the clean build's graph"
    return None


def run_to_end(corpus: Path, store: Path, out: Path, jobs: int) -> subprocess.CompletedProcess:
    proc = build(corpus, store, out, jobs)
    _, err = proc.communicate(timeout=1800)
    return subprocess.CompletedProcess(proc.args, proc.returncode, b"", err)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kills", type=int, default=200)
    ap.add_argument("--docs", type=int, default=8)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from gen_corpus import generate  # noqa: PLC0415 (bench/ is not a package)

    work = args.work or Path(tempfile.mkdtemp(prefix="kill-bench-"))
    corpus = work / "corpus"
    generate(args.docs, corpus, seed=args.seed)
    t0 = time.monotonic()
    proc = build(corpus, work / "clean", work / "clean-out", args.jobs)
    db_at = None
    while proc.poll() is None:
        if db_at is None and (work / "clean" / "db").exists():
            db_at = time.monotonic() - t0
        time.sleep(0.005)
    if proc.returncode:
        sys.exit(f"the clean build failed:\n{proc.stderr.read().decode()[-2000:]}")
    proc.stderr.close()
    seconds = time.monotonic() - t0
    db_at = db_at if db_at is not None else 0.0
    clean, clean_merged, _ = snapshot(work / "clean")
    print(f"clean build: {len(clean)} documents in {seconds:.1f} s (its db made at {db_at:.1f} s)", flush=True)

    rng = random.Random(args.seed)
    store, stores = None, 0
    opened = no_db = reruns_equal = reruns = failed_open = 0
    failures: list[str] = []

    def rerun_equal(folder: Path) -> None:
        nonlocal reruns, reruns_equal
        reruns += 1
        graphs, merged, _ = snapshot(folder)
        if graphs == clean and merged == clean_merged:
            reruns_equal += 1
        else:
            failures.append(f"{folder.name}: after a rerun, not the clean build's store")

    k = attempts = 0
    while k < args.kills:
        attempts += 1
        if store is None or rng.random() < 1 / 3:
            if store is not None:  # finish the old store: a rerun must give the clean build
                done = run_to_end(corpus, store, work / "out", args.jobs)
                if done.returncode:
                    failures.append(f"{store.name}: rerun failed: {done.stderr.decode()[-300:]}")
                else:
                    rerun_equal(store)
                shutil.rmtree(store)
            stores += 1
            store = work / f"store{stores}"
        # half the kills anywhere in the build, half once the store's db exists (creation, writes, merge)
        at = rng.uniform(0, seconds) if k % 2 else rng.uniform(max(0.0, db_at - 0.3), seconds)
        proc = build(corpus, store, work / "out", args.jobs)
        try:
            proc.wait(timeout=at)
            finished = True
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=60)
            finished = False
        err = proc.stderr.read().decode()
        proc.stderr.close()
        if finished and proc.returncode:
            failures.append(f"kill {k}: the build failed on its own: {err[-300:]}")
        if not (store / "db").exists():
            no_db += 1
            state = "no db yet"
        else:
            try:
                wrong = consistent(store, clean)
                opened += wrong is None
                failed_open += wrong is not None
                state = "opens, consistent" if wrong is None else f"opens, INCONSISTENT: {wrong}"
                if wrong:
                    failures.append(f"kill {k}: {wrong}")
            except Exception as e:  # noqa: BLE001 (the point is to report any failure to open)
                failed_open += 1
                state = f"DOES NOT OPEN: {e}"
                failures.append(f"kill {k}: {e}")
            if finished and not proc.returncode:
                rerun_equal(store)
        print(f"{'run' if finished else 'kill'} {k + 1:3d} at {at:5.2f} s{' (finished first: a rerun)' if finished else ''}"
              f": {state}", flush=True)
        k += not finished  # a build that ends before its kill moment counts as a rerun, not a kill
    if store is not None:
        done = run_to_end(corpus, store, work / "out", args.jobs)
        if done.returncode:
            failures.append(f"{store.name}: rerun failed")
        else:
            rerun_equal(store)
    print(f"\n{args.kills} kills ({attempts} builds started): {opened} of {opened + failed_open} stores with a db "
          f"opened read-only and consistent ({no_db} killed before a db existed); {reruns_equal} of {reruns} "
          "reruns equal the clean build")
    for f in failures:
        print("FAIL", f)
    if not args.work:
        shutil.rmtree(work)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
