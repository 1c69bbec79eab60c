"""Extraction speed of this tree against another checkout, measured so that machine noise cancels.

    git worktree add /tmp/kg-before 7af2131
    python bench/speed_vs_tree.py /tmp/kg-before [--repeat 8] [--rounds 3] [FOLDER ...]

Each round runs one fresh process per tree, alternately.  A process loads its tree's pipeline,
extracts every document ``--repeat`` times (as ``bench/extract_bench.py`` does: ingest, NLP,
rules, resolution, N-Quads) and keeps, per document, the fastest CPU time of the passes; the
figure is the sum of those minima.  The minimum of a document's CPU time is what a busy VM cannot
inflate (a slow pass is always noise, a fast one never), so the two trees compare even on a
shared machine where the wall-clock figures of ``extract_bench.py`` swing by 20 %.
Default documents: data/sample of each tree plus ../shared/corpus.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = r"""
import importlib, sys, time
from pathlib import Path
root, repeat, folders = Path(sys.argv[1]), int(sys.argv[2]), [Path(f) for f in sys.argv[3:]]
sys.path.insert(0, str(root))
P = importlib.import_module("kg.workers" if (root / "kg/workers.py").exists() else "kg.pipeline")
assert P.__file__.startswith(str(root)), f"{P.__file__} is not under {root}"
from kg.graph.build import IriMinter, extraction_nquads
from kg.ingest import iter_input_files, load_document
from kg.resolve.identity import PersonRegistry
res = P.load_resources()
docs = [load_document(p) for p in iter_input_files([root / "data/sample", *folders])]
best = [float("inf")] * len(docs)
for _ in range(repeat):
    registry = PersonRegistry()
    for i, doc in enumerate(docs):
        t = time.process_time()
        extraction_nquads(P.extract_document(doc, res), IriMinter(registry.iri))
        best[i] = min(best[i], time.process_time() - t)
print(sum(len(d.text) for d in docs), sum(best))
"""


def measure(tree: Path, repeat: int, folders: list[Path]) -> tuple[int, float]:
    """(characters, sum over documents of the fastest CPU seconds) for one fresh process of ``tree``."""
    out = subprocess.run([sys.executable, "-c", _CHILD, str(tree), str(repeat), *map(str, folders)],
                         capture_output=True, text=True, check=False)
    if out.returncode:
        sys.exit(f"{tree}: the measuring process failed:\n{out.stderr.strip()}")
    chars, secs = out.stdout.split()
    return int(chars), float(secs)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("other", type=Path, help="the other checkout (a git worktree of an older commit)")
    ap.add_argument("folders", nargs="*", type=Path, help="documents besides each tree's data/sample")
    ap.add_argument("--repeat", type=int, default=8, help="passes per process (default 8)")
    ap.add_argument("--rounds", type=int, default=3, help="processes per tree, alternating (default 3)")
    a = ap.parse_args(argv)
    folders = a.folders or [p for p in [ROOT.parent / "shared/corpus"] if p.is_dir()]
    trees = {"this tree": ROOT, str(a.other): a.other.resolve()}
    runs: dict[str, list[float]] = {name: [] for name in trees}
    chars: dict[str, int] = {}
    for _ in range(a.rounds):
        for name, tree in trees.items():
            chars[name], secs = measure(tree, a.repeat, folders)
            runs[name].append(chars[name] / secs)
    for name, speeds in runs.items():
        print(f"{name:>20}: {chars[name]:,} chars; fastest-pass CPU speed per run "
              f"{', '.join(f'{s:,.0f}' for s in speeds)}; median {statistics.median(speeds):,.0f} chars/s")
    mine, theirs = (statistics.median(v) for v in runs.values())
    print(f"this tree / other: {mine / theirs:.3f}")


if __name__ == "__main__":
    main()
