"""Named queries through the endpoint vs. pyoxigraph directly, 16 concurrent clients, and the timeout.

    python bench/gen_triples.py --store /tmp/bench-store          # once, ~1M triples
    python bench/sparql_bench.py --store /tmp/bench-store --repeat 5

Direct: ``store.query(q)`` in this process with every row read (as the endpoint must).  Endpoint:
an HTTP POST of the same query to an in-process ``kg serve`` on 127.0.0.1 (read-only store folder,
so queries run in its worker processes), JSON results, the body fully read.  The two alternate, so
both see the same load.  Reports median and p95 latency per query and the endpoint/direct ratio of
the medians.  Then ``--clients`` concurrent clients (threads with httpx) send 10 cheap queries
each; errors and throughput are counted.  Then a runaway query (a 1800 x 1800 cross product under
COUNT, ~15 s) against a 2 s timeout, once with worker threads and once with worker processes: the
503 latency, a cheap query's latency meanwhile, and the CPU still burnt after the 503.  Last, a
flood of 24 runaway queries on 4 worker processes and cheap queries sent while it lasts.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pyoxigraph as ox

from kg.graph.vocab import PREFIXES
from kg.sparql.server import create_app, running
from kg.store import open_store
from kg.store.dataset import query_dataset
from kg.store.queries import load_queries

PARAMS = {"attendees-of-events-hosted-by": {"org": "北京市第0科协", "month": "2019-06"},
          "posts-of-person-over-time": {"person": "王明远"},
          "who-held-title-at-organization": {"title": "主席", "org": "北京市第0科协", "year": "2021"}}
# the named queries of before the merged graph that stand for a new one (before/after table)
BEFORE_NAME = {"co-attendance-top-50": "co-attendance-pairs"}
RUNAWAY = ("SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?a WHERE { ?a a kgo:Bulletin } LIMIT 1800 } "
           "{ SELECT ?b WHERE { ?b a kgo:Bulletin } LIMIT 1800 } FILTER(STR(?a) < STR(?b)) }")
CHEAP = "SELECT ?name WHERE { <https://w3id.org/zhkg/id/org/o7> rdfs:label ?name } LIMIT 1"


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def machine() -> str:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{model}, {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
            f"pyoxigraph {ox.__version__}; load average at start {load}")


def latencies(db: ox.Store, client: httpx.Client, queries: dict[str, str], repeat: int) -> None:
    print(f"{'query':36} {'rows':>7} {'direct med':>11} {'p95':>9} {'http med':>10} {'p95':>9} {'ratio':>6}")
    ratios = []
    for name, text in queries.items():
        direct, http, rows = [], [], 0
        for _ in range(repeat):
            t0 = time.perf_counter()
            rows = sum(1 for _ in db.query(text, prefixes=PREFIXES, **query_dataset(db, text)))
            direct.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            r = client.post("/sparql", data={"query": text}, headers={"Accept": "application/sparql-results+json"})
            r.raise_for_status()
            http.append(time.perf_counter() - t0)
        md, mh = statistics.median(direct), statistics.median(http)
        ratios.append(mh / md)
        print(f"{name:36} {rows:>7} {md * 1000:>9.1f}ms {p95(direct) * 1000:>7.1f}ms "
              f"{mh * 1000:>8.1f}ms {p95(http) * 1000:>7.1f}ms {mh / md:>6.2f}", flush=True)
    print(f"median of the ratios: {statistics.median(ratios):.2f}")


def _median_run(db: ox.Store, text: str, repeat: int, **dataset) -> tuple[int, float]:
    times, rows = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        rows = sum(1 for _ in db.query(text, prefixes=PREFIXES, **dataset))
        times.append(time.perf_counter() - t0)
    return rows, statistics.median(times)


def before_after(db: ox.Store, before_dir: Path, repeat: int, only: list[str] | None) -> None:
    """Each named query as it was before the merged graph (``before_dir``: its queries/ folder; the
    default graph then the union of the document graphs) and as it is now (the merged default graph),
    on the same store in the same run, alternating, pyoxigraph directly, every row read."""
    before, now = load_queries(before_dir), load_queries()
    print(f"{'query':34} {'rows before':>11} {'before':>9} {'rows now':>9} {'now':>9}")
    for name, q in now.items():
        if only and name not in only:
            continue
        old = before.get(BEFORE_NAME.get(name, name))
        new_text = q.render(PARAMS.get(name))
        if old is None:
            rows, t = _median_run(db, new_text, repeat)
            print(f"{name:34} {'(new)':>11} {'':>9} {rows:>9} {t * 1000:>7.1f}ms", flush=True)
            continue
        old_params = {k: v for k, v in (PARAMS.get(name) or {}).items() if k in old.params}
        old_text = old.render(old_params)
        if name in BEFORE_NAME:  # the same head of the list, from the join over every event
            old_text = old_text.rstrip() + "\nLIMIT 50\n"
        rows_b, tb = _median_run(db, old_text, repeat, use_default_graph_as_union=True)
        rows_n, tn = _median_run(db, new_text, repeat)
        print(f"{name:34} {rows_b:>11} {tb * 1000:>7.1f}ms {rows_n:>9} {tn * 1000:>7.1f}ms", flush=True)


def concurrent_clients(base: str, queries: dict[str, str], clients: int, per_client: int = 10) -> None:
    named = load_queries()
    cheap = [named["attendees-of-events-hosted-by"].render({"org": f"北京市第{o * 10}科协", "month": "2020-05"})
             for o in range(5)]
    cheap.append(queries["documents"].replace("ORDER BY ?date ?document", "LIMIT 50"))
    errors, lat = 0, []
    lock = threading.Lock()

    def worker(k: int) -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=120) as c:
            for j in range(per_client):
                t0 = time.perf_counter()
                try:
                    ok = c.post("/sparql", data={"query": cheap[(k + j) % len(cheap)]}).status_code == 200
                except httpx.HTTPError:
                    ok = False
                with lock:
                    lat.append(time.perf_counter() - t0)
                    errors += not ok

    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, range(clients)))
    wall = time.perf_counter() - t0
    print(f"{clients} concurrent clients x {per_client} requests: {errors} errors of {len(lat)}, "
          f"median {statistics.median(lat) * 1000:.1f} ms, p95 {p95(lat) * 1000:.1f} ms, "
          f"{len(lat) / wall:.1f} req/s", flush=True)


def flood_behaviour(st, flood: int, workers: int = 4, cheap_requests: int = 10, *, renamed: bool = False) -> None:
    """``flood`` runaway queries at once against a 2 s timeout, then cheap queries one after another
    while the flood lasts: their latency and status (admission keeps a worker for other shapes).
    ``renamed``: each runaway copy names its output variable differently (?n0, ?n1, …)."""
    app = create_app(st, timeout=2.0, workers=workers)
    with running(app) as base, httpx.Client(base_url=base, timeout=60) as c:
        codes: list[int] = []

        def runaway(i: int) -> None:
            query = RUNAWAY.replace("?n", f"?n{i}") if renamed else RUNAWAY
            with httpx.Client(base_url=base, timeout=60) as own:
                codes.append(own.post("/sparql", data={"query": query}).status_code)

        threads = [threading.Thread(target=runaway, args=(i,)) for i in range(flood)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        lat, ok, failed = [], 0, []
        flood_start = time.monotonic() - 0.5
        for i in range(cheap_requests):
            t0 = time.monotonic()
            r = c.post("/sparql", data={"query": CHEAP})
            ok += r.status_code == 200
            lat.append(time.monotonic() - t0)
            if r.status_code != 200:
                failed.append(f"#{i} at {t0 - flood_start:.1f} s: {r.status_code} {r.text[:80]!r}")
            time.sleep(0.2)
        for t in threads:
            t.join()
        within = sum(x < 2.0 for x in lat)
        print(f"flood of {flood} runaway queries{' (variables renamed)' if renamed else ''} on {workers} worker "
              f"processes (2 s timeout): runaway answers {sorted(set(codes))}; {ok}/{cheap_requests} cheap queries "
              f"meanwhile answered, {within} within 2 s, median {statistics.median(lat) * 1000:.0f} ms, "
              f"max {max(lat) * 1000:.0f} ms" + "".join(f"\n  not answered: {f}" for f in failed), flush=True)


def timeout_behaviour(st, workers: int) -> None:
    """A runaway query against a 2 s timeout: what the client sees and what keeps running."""
    app = create_app(st, timeout=2.0, workers=workers)
    mode = f"{workers} worker processes" if workers else "worker threads"
    with running(app) as base, httpx.Client(base_url=base, timeout=60) as c:
        out: dict = {}

        def runaway() -> None:
            t0 = time.monotonic()
            out["status"] = c.post("/sparql", data={"query": RUNAWAY}).status_code
            out["seconds"] = time.monotonic() - t0

        thread = threading.Thread(target=runaway)
        thread.start()
        time.sleep(0.5)
        t0 = time.monotonic()
        cheap = c.post("/sparql", data={"query": CHEAP}).status_code
        cheap_s = time.monotonic() - t0
        thread.join()
        before = resource.getrusage(resource.RUSAGE_SELF)
        time.sleep(5)
        after = resource.getrusage(resource.RUSAGE_SELF)
        burnt = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        pool = app.state.kg.workers
        extra = f", workers replaced {pool.replaced}" if pool else ""
        print(f"timeout with {mode}: runaway -> {out['status']} after {out['seconds']:.2f} s; cheap query "
              f"meanwhile -> {cheap} in {cheap_s * 1000:.0f} ms; CPU burnt by the server process in the 5 s "
              f"after the 503: {burnt:.2f} s{extra}", flush=True)
        if not workers:  # let the leaked thread finish before the app's pool is shut down
            while any(t.name.startswith("sparql") and t.is_alive() and t is not threading.current_thread()
                      for t in threading.enumerate()) and burnt > 0.5:
                before = resource.getrusage(resource.RUSAGE_SELF)
                time.sleep(1)
                after = resource.getrusage(resource.RUSAGE_SELF)
                if after.ru_utime - before.ru_utime < 0.3:
                    break


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--only", nargs="*", help="named queries to time (default: all)")
    ap.add_argument("--skip", nargs="*", default=[], choices=["latency", "clients", "timeout", "flood"])
    ap.add_argument("--before", type=Path, help="the queries/ folder of before the merged graph: print the "
                    "before/after table (old queries on the union of the document graphs, new on the merged graph)")
    args = ap.parse_args()
    queries = {n: q.render(PARAMS.get(n)) for n, q in load_queries().items() if not args.only or n in args.only}
    print(f"machine: {machine()}")
    with open_store(args.store, create=False, read_only=True) as st:
        print(f"store: {len(st.oxigraph)} quads, {len(st.graphs())} document graphs")
        db = st.oxigraph
        if args.before:
            before_after(db, args.before, args.repeat, args.only)
            if set(args.skip) >= {"latency", "clients", "timeout", "flood"}:
                return
        app = create_app(st, timeout=300, max_rows=10_000_000)
        print(f"endpoint: {len(app.state.kg.workers.pids)} worker processes")
        with running(app) as base, httpx.Client(base_url=base, timeout=300) as client:
            if "latency" not in args.skip:
                latencies(db, client, queries, args.repeat)
            if "clients" not in args.skip:
                concurrent_clients(base, {n: q.render(PARAMS.get(n)) for n, q in load_queries().items()},
                                   args.clients)
        if "timeout" not in args.skip:
            timeout_behaviour(st, workers=4)
            timeout_behaviour(st, workers=0)
        if "flood" not in args.skip:
            flood_behaviour(st, flood=24)
            flood_behaviour(st, flood=8, cheap_requests=20, renamed=True)


if __name__ == "__main__":
    main()
