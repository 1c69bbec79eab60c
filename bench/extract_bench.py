"""Extraction speed: characters per second on one process and on two, and model load time.

    python bench/extract_bench.py [FOLDER ...] [--repeat N]

Default input: data/sample plus ../shared/corpus when present.  Each process loads the
pipeline once (timed separately), then extracts every document ``--repeat`` times
(ingest + NLP + extraction + resolution + the document's N-Quads, as ``kg build`` makes them;
no store writing).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _load_seconds() -> float:
    import kg.workers as P

    t0 = time.perf_counter()
    P.load_resources()
    return time.perf_counter() - t0


def _work(args: tuple[list[str], int]) -> tuple[int, float, float, float]:
    """Extract the files ``repeat`` times in this process: (characters, wall s, CPU s, load s)."""
    paths, repeat = args
    import kg.workers as P
    from kg.graph.build import IriMinter, extraction_nquads
    from kg.ingest import load_document
    from kg.resolve.identity import PersonRegistry

    load = _load_seconds()
    res = P.load_resources()
    chars, passes = 0, []
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        registry = PersonRegistry()
        p0, n = time.perf_counter(), 0
        for p in paths:
            doc = load_document(Path(p))
            ex = P.extract_document(doc, res)
            extraction_nquads(ex, IriMinter(registry.iri))  # the graph as kg build writes it
            n += len(doc.text)
        passes.append(n / (time.perf_counter() - p0))
        chars += n
    return chars, time.perf_counter() - t0, time.process_time() - c0, load, sorted(passes)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args(argv)
    from kg.ingest import iter_input_files

    folders = a.folders or [p for p in (ROOT / "data/sample", ROOT.parent / "shared/corpus") if p.is_dir()]
    paths = [str(p) for p in iter_input_files(folders)]
    print(f"{len(paths)} documents from {', '.join(map(str, folders))}; repeat {a.repeat}; "
          f"{os.cpu_count()} CPUs")

    with ProcessPoolExecutor(1) as pool:
        chars, secs, cpu, load, passes = pool.submit(_work, (paths, a.repeat)).result()
    one = chars / secs
    print(f"model + lexicon load: {load:.2f} s (fresh process)")
    print(f"1 process : {chars:,} chars in {secs:.2f} s = {one:,.0f} chars/s "
          f"({chars / cpu:,.0f} chars per CPU second); per pass: median {passes[len(passes) // 2]:,.0f}, "
          f"best {passes[-1]:,.0f} chars/s")

    half = [paths[0::2], paths[1::2]]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(2) as pool:
        results = list(pool.map(_work, [(h, a.repeat) for h in half]))
    wall = time.perf_counter() - t0
    chars2 = sum(r[0] for r in results)
    results = [r[:4] for r in results]
    work2 = max(r[1] for r in results)
    two = chars2 / work2
    print(f"2 processes: {chars2:,} chars, slowest worker {work2:.2f} s = {two:,.0f} chars/s "
          f"({two / one:.2f}x); wall time with loading {wall:.2f} s")


if __name__ == "__main__":
    main()
