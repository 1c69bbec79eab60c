"""How fast document graphs go into an on-disk store: one transaction per batch vs the bulk loader.

Takes the document graphs of a store ``kg build`` made (for example from
``bench/gen_corpus.py --docs 1000``), and writes them again, batch by batch, into fresh stores:
through ``Store.load`` (one transaction per batch) and ``Store.bulk_load`` (sorted files that
RocksDB ingests whole), which is what ``KgStore.add_new_documents`` does.  CPU counts every thread
of this process, RocksDB's background compactions included, until they settle.

    python bench/gen_corpus.py --docs 1000 --out /tmp/corpus
    kg build /tmp/corpus -o /tmp/out --store /tmp/store --jobs 2
    python bench/store_load_bench.py /tmp/store
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.store import META_GRAPH


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def document_graphs(store: Path) -> list[bytes]:
    """Each named graph of a kg store (its folder, or the db folder in it) but the bookkeeping one, as N-Quads."""
    db = store / "db" if (store / "db").is_dir() else store
    graphs: dict = {}
    for q in ox.Store.read_only(str(db)):
        if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == META_GRAPH):
            graphs.setdefault(q.graph_name, []).append(q)
    return [ox.serialize(quads, format=ox.RdfFormat.N_QUADS) for quads in graphs.values()]


def write(docs: list[bytes], how: str, batch: int, work: Path) -> dict:
    folder = tempfile.mkdtemp(prefix=f"{how}-{batch}-", dir=work)
    store = ox.Store(folder)
    load = store.bulk_load if how == "bulk_load" else store.load
    c0, t0 = cpu_seconds(), time.perf_counter()
    for i in range(0, len(docs), batch):
        load(b"".join(docs[i:i + batch]), format=ox.RdfFormat.N_QUADS)
    store.flush()
    wall, c1 = time.perf_counter() - t0, cpu_seconds()
    # background compaction goes on after the last write: count it until a second passes without any
    while True:
        time.sleep(1.0)
        c2 = cpu_seconds()
        if c2 - c1 < 0.05:
            break
        c1 = c2
    quads = len(store)
    del load, store  # closes it
    shutil.rmtree(folder)
    return {"how": how, "batch": batch, "seconds": round(wall, 1), "cpu_s": round(c2 - c0, 1), "quads": quads}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store", type=Path, help="a store kg build wrote (its folder)")
    ap.add_argument("--batch", type=int, nargs="+", default=[16, 64, 128, 256], help="documents a batch")
    ap.add_argument("--work", type=Path, default=None, help="where the fresh stores go (default: a temporary folder)")
    args = ap.parse_args(argv)
    docs = document_graphs(args.store)
    quads = sum(d.count(b"\n") for d in docs)
    print(f"{len(docs)} document graphs, {quads:,} quads, {sum(map(len, docs)) / 1e6:.0f} MB of N-Quads", flush=True)
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-store-load-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        for how in ("load", "bulk_load"):
            for batch in args.batch:
                r = write(docs, how, batch, work)
                print(f"{how:>9}  {batch:>4} documents a batch  {r['seconds']:>6.1f} s  CPU {r['cpu_s']:>5.1f} s "
                      f"(all threads, compaction included)  {r['quads']:,} quads", flush=True)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
