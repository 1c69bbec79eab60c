"""Named queries through the endpoint vs. pyoxigraph directly, and 16 concurrent clients.

    python bench/gen_triples.py --store /tmp/bench-store          # once, ~1M triples
    python bench/sparql_bench.py --store /tmp/bench-store --repeat 7

Direct: ``store.query(q)`` with every row read (as the endpoint must).  Endpoint: an HTTP POST of
the same query to an in-process ``kg serve`` on loopback, JSON results, the body fully read.
Reports median and p95 latency per query and the endpoint/direct ratio of the medians.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from kg.graph.vocab import PREFIXES
from kg.sparql.server import create_app, running
from kg.store import open_store
from kg.store.queries import load_queries

PARAMS = {"attendees-of-events-hosted-by": {"org": "北京市第0科协", "month": "2019-06"}}


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--clients", type=int, default=16)
    args = ap.parse_args()
    queries = {n: q.render(PARAMS.get(n)) for n, q in load_queries().items()}
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with open_store(args.store, create=False, read_only=True) as st:
        print(f"store: {len(st.oxigraph)} quads")
        db = st.oxigraph
        app = create_app(st, timeout=300, max_rows=10_000_000)
        rows = {}
        with running(app) as base, httpx.Client(base_url=base, timeout=300) as client:
            print(f"{'query':36} {'rows':>7} {'direct med':>11} {'p95':>8} {'http med':>9} {'p95':>8} {'ratio':>6}")
            ratios = []
            for name, text in queries.items():
                direct, http = [], []
                for _ in range(args.repeat):
                    t0 = time.perf_counter()
                    rows[name] = sum(1 for _ in db.query(text, prefixes=PREFIXES, use_default_graph_as_union=True))
                    direct.append(time.perf_counter() - t0)
                    t0 = time.perf_counter()
                    r = client.post("/sparql", data={"query": text},
                                    headers={"Accept": "application/sparql-results+json"})
                    r.raise_for_status()
                    http.append(time.perf_counter() - t0)
                md, mh = statistics.median(direct), statistics.median(http)
                ratios.append(mh / md)
                print(f"{name:36} {rows[name]:>7} {md * 1000:>9.1f}ms {p95(direct) * 1000:>6.1f}ms "
                      f"{mh * 1000:>7.1f}ms {p95(http) * 1000:>6.1f}ms {mh / md:>6.2f}")
            print(f"median of the ratios: {statistics.median(ratios):.2f}")

            cheap = [queries["attendees-of-events-hosted-by"], queries["documents"].replace(
                "ORDER BY ?date ?document", "LIMIT 50")]
            errors, latencies = 0, []

            def worker(k: int) -> None:
                nonlocal errors
                with httpx.Client(base_url=base, timeout=120) as c:
                    for j in range(10):
                        t0 = time.perf_counter()
                        r = c.post("/sparql", data={"query": cheap[(k + j) % 2]})
                        latencies.append(time.perf_counter() - t0)
                        if r.status_code != 200:
                            errors += 1

            t0 = time.perf_counter()
            with ThreadPoolExecutor(args.clients) as pool:
                list(pool.map(worker, range(args.clients)))
            wall = time.perf_counter() - t0
            print(f"{args.clients} concurrent clients x 10 requests: {errors} errors, "
                  f"median {statistics.median(latencies) * 1000:.1f} ms, p95 {p95(latencies) * 1000:.1f} ms, "
                  f"{len(latencies) / wall:.0f} req/s")


if __name__ == "__main__":
    main()
