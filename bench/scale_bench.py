"""Throughput, peak memory and incremental cost of ``kg build`` on generated corpora.

    python bench/scale_bench.py                      # 10, 100 and 1000 documents (about 15 min on 2 cores)
    python bench/scale_bench.py --docs 10 100        # quicker
    python bench/scale_bench.py --docs 1000 --jobs 1 2 --work /tmp/kg-scale

For each corpus size it generates the corpus (bench/gen_corpus.py, seed 0) and runs ``kg build`` as a
subprocess into a fresh store with ``--jobs 1`` and ``--jobs 2``, sampling the resident memory of the
process tree (parent + workers, from /proc) every 50 ms.  It prints documents/s, characters/s (of
normalized text), the 2-process speed-up and the peak RSS.  For the largest size it then measures:

* adding one new bulletin to the built store: ``kg build NEW.txt``, and ``kg build FOLDER`` once the file
  is in the folder (1,000 unchanged files are read and hashed, one is extracted),
* the same bulletin built alone into an empty store (process start and model load included),
* extracting that one bulletin in-process with the model loaded (``extract_document``),
* re-running ``kg build`` on the unchanged corpus.

Results go to stdout as a table and to ``--json`` if given; bench/RESULTS.md holds the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
KG = [sys.executable, "-m", "kg.cli"]
CONFIG: list[str] = []  # ["--config", PATH] when --config is given


# --- memory of a process tree -------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_mb(pid: int) -> float:
    """RSS of ``pid`` and all its descendants (shared pages counted in each: an upper bound)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += _rss_kb(p)
        todo += _children(p)
    return total / 1024


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


class PeakMemory:
    """Samples the RSS of a process tree in a thread; ``peak`` in MB, ``parent_cpu`` the root's CPU seconds."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        self.pid, self.every, self.peak, self.parent_cpu = pid, every, 0.0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_mb(self.pid))
            self.parent_cpu = max(self.parent_cpu, _cpu_seconds(self.pid))
            time.sleep(self.every)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


# --- runs ------------------------------------------------------------------------------------------------


def kg_build(inputs: list[Path], store: Path, out: Path, jobs: int = 1, source: Path | None = None) -> dict:
    """Run ``kg build`` in a subprocess; wall time, peak RSS of its tree, statuses from report.json.
    ``source``: the source tree whose kg to run (default: this one)."""
    cmd = [*KG, "build", *map(str, inputs), "-o", str(out), "--store", str(store), "--jobs", str(jobs), *CONFIG]
    t0, cpu0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "COLUMNS": "200", "PYTHONPATH": str(source or HERE.parent)}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    mem = PeakMemory(proc.pid)
    _, err = proc.communicate()
    seconds = time.perf_counter() - t0
    peak = mem.stop()
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime
    if proc.returncode not in (0, 1):
        raise SystemExit(f"kg build failed ({proc.returncode}):\n{err[-3000:]}")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    statuses: dict[str, int] = {}
    for f in report["files"]:
        statuses[f["status"]] = statuses.get(f["status"], 0) + 1
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(peak), "statuses": statuses,
            "cpu_s": round(cpu, 1), "parent_cpu_s": round(mem.parent_cpu, 1)}


def corpus_chars(paths: list[Path]) -> int:
    from kg.ingest import load_document

    return sum(len(load_document(p).text) for p in paths)


def startup_seconds() -> float:
    """A Python process that imports kg and loads the model, doing nothing else."""
    t0 = time.perf_counter()
    cfg = repr(CONFIG[1]) if CONFIG else "None"
    subprocess.run([sys.executable, "-c", "from pathlib import Path; from kg.workers import load_resources; "
                    f"load_resources(Path({cfg}) if {cfg} else None)"], check=True)
    return time.perf_counter() - t0


def single_extraction(path: Path) -> float:
    """In-process: load_document + extract_document of one file with the model already loaded."""
    from kg.ingest import load_document
    from kg.workers import extract_document, load_resources

    resources = load_resources(Path(CONFIG[1]) if CONFIG else None)
    extract_document(load_document(path), resources)  # warm up
    t0 = time.perf_counter()
    for _ in range(3):
        extract_document(load_document(path), resources)
    return (time.perf_counter() - t0) / 3


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, nargs="+", default=[10, 100, 1000])
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--work", type=Path, help="work folder (default: a temporary one, removed afterwards)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--config", type=Path, help="pipeline config passed to kg build (default: the bundled one)")
    ap.add_argument("--before", type=Path, help="a source tree of kg from before a change (e.g. `git archive "
                    "COMMIT | tar -x -C DIR`): build each corpus with it and with this tree, alternating, "
                    "--rounds times, and print the ratio (no incremental measurements)")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)
    if args.before:
        return before_after(args)
    if args.config:
        CONFIG[:] = ["--config", str(args.config.resolve())]
    sys.path.insert(0, str(HERE))
    import gen_corpus

    work = args.work or Path(tempfile.mkdtemp(prefix="kg-scale-"))
    results: dict = {"cpu": cpu_model(), "cores": os.cpu_count(), "runs": []}
    try:
        for n in args.docs:
            corpus = work / f"corpus-{n}"
            shutil.rmtree(corpus, ignore_errors=True)
            paths = gen_corpus.generate(n, corpus, seed=args.seed)
            chars = corpus_chars(paths)
            row = {"docs": n, "chars": chars}
            for jobs in args.jobs:
                store, out = work / f"store-{n}-{jobs}", work / f"out-{n}-{jobs}"
                shutil.rmtree(store, ignore_errors=True)
                r = kg_build([corpus], store, out, jobs)
                r["docs_per_s"] = round(n / r["seconds"], 2)
                r["chars_per_s"] = round(chars / r["seconds"])
                row[f"jobs{jobs}"] = r
                print(f"{n:>6} docs  jobs={jobs}  {r['seconds']:>8.1f} s  {r['docs_per_s']:>7.2f} docs/s  "
                      f"{r['chars_per_s']:>8} chars/s  peak RSS {r['peak_rss_mb']:>5} MB  CPU {r['cpu_s']} s "
                      f"(parent {r['parent_cpu_s']} s)  {r['statuses']}", flush=True)
            if 1 in args.jobs and 2 in args.jobs:
                row["speedup_2_over_1"] = round(row["jobs1"]["seconds"] / row["jobs2"]["seconds"], 2)
                # what 2 free cores would allow: the work spread over both, or the parent's serial share
                two = row["jobs2"]
                row["speedup_bound"] = round(row["jobs1"]["cpu_s"] / max(two["cpu_s"] / 2, two["parent_cpu_s"]), 2)
                print(f"{n:>6} docs  speed-up with 2 processes: {row['speedup_2_over_1']:.2f}x "
                      f"(bound from CPU times on 2 idle cores: {row['speedup_bound']:.2f}x)", flush=True)
            results["runs"].append(row)

        # incremental, on the largest store built with the most jobs
        n, jobs = max(args.docs), max(args.jobs)
        corpus, store, out = work / f"corpus-{n}", work / f"store-{n}-{jobs}", work / f"out-{n}-{jobs}"
        extra = work / "extra"
        shutil.rmtree(extra, ignore_errors=True)
        extra.mkdir()
        world = gen_corpus.make_world(args.seed)
        k = n
        while True:  # the next bulletin after the corpus
            name, data = gen_corpus.document(args.seed, world, k)
            if name.startswith("bulletin") and name.endswith(".txt") and "_gbk" not in name:
                break
            k += 1
        new = extra / name
        new.write_bytes(data)
        inc = {"file": name, "chars": corpus_chars([new])}
        inc["startup_s"] = round(startup_seconds(), 2)
        inc["extract_one_in_process_s"] = round(single_extraction(new), 3)
        alone_store = work / "store-alone"
        shutil.rmtree(alone_store, ignore_errors=True)
        inc["build_one_into_empty_store"] = kg_build([new], alone_store, work / "out-alone")
        inc["unchanged_rerun"] = kg_build([corpus], store, out, jobs)
        inc["add_one_to_store"] = kg_build([new], store, out, 1)
        # as before, then the way one usually adds a file: into the folder, and kg build the folder
        from kg.store import open_store

        with open_store(store) as st:
            st.remove_document(_docid_of(new))
        kg_build([corpus], store, out, jobs)  # brings graph.trig up to date again (not measured)
        new.rename(corpus / name)
        inc["add_one_with_folder"] = kg_build([corpus], store, out, jobs)
        (corpus / name).unlink()
        results["incremental"] = inc
        print(f"store of {n}: add one bulletin ({inc['chars']} chars): "
              f"kg build NEW {inc['add_one_to_store']['seconds']} s, kg build FOLDER+NEW "
              f"{inc['add_one_with_folder']['seconds']} s; alone into an empty store "
              f"{inc['build_one_into_empty_store']['seconds']} s; process start + model load {inc['startup_s']} s; "
              f"extract_document in process {inc['extract_one_in_process_s']} s; unchanged rerun "
              f"{inc['unchanged_rerun']['seconds']} s {inc['unchanged_rerun']['statuses']}", flush=True)
    finally:
        if args.json:
            args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def before_after(args) -> int:
    """kg build of the same corpus by the tree ``args.before`` and by this one, alternating, in one run."""
    import statistics

    sys.path.insert(0, str(HERE))
    import gen_corpus

    work = args.work or Path(tempfile.mkdtemp(prefix="kg-scale-"))
    try:
        for n in args.docs:
            corpus = work / f"corpus-{n}"
            shutil.rmtree(corpus, ignore_errors=True)
            gen_corpus.generate(n, corpus, seed=args.seed)
            for jobs in args.jobs:
                times: dict[str, list[float]] = {"before": [], "after": []}
                peaks: dict[str, list[int]] = {"before": [], "after": []}
                for r in range(args.rounds):
                    for side, source in (("before", args.before), ("after", None)):
                        store, out = work / f"store-{side}", work / f"out-{side}"
                        shutil.rmtree(store, ignore_errors=True)
                        shutil.rmtree(out, ignore_errors=True)
                        res = kg_build([corpus], store, out, jobs, source=source)
                        times[side].append(res["seconds"])
                        peaks[side].append(res["peak_rss_mb"])
                        print(f"{n:>6} docs  jobs={jobs}  round {r + 1}  {side:6} {res['seconds']:>8.1f} s  "
                              f"peak RSS {res['peak_rss_mb']:>5} MB  {res['statuses']}", flush=True)
                b, a = statistics.median(times["before"]), statistics.median(times["after"])
                print(f"{n:>6} docs  jobs={jobs}  median before {b:.1f} s, after {a:.1f} s: after/before "
                      f"{a / b:.3f}; peak RSS before {max(peaks['before'])} MB, after {max(peaks['after'])} MB",
                      flush=True)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def _docid_of(path: Path) -> str:
    from kg.ingest import load_document

    return load_document(path).doc_id


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


if __name__ == "__main__":
    sys.exit(main())
