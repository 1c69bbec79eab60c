"""Files to Extractions: the model loaded once per process, one document, and the pool of workers.

    for path, status, payload, seconds in run_files(paths, config=None, jobs=2): ...

``status`` is "extracted" (``payload``: an Extraction, or what ``then`` made of it in the worker),
"unchanged" (``payload``: the Document, whose text hash the store knows) or "failed" (``payload``:
the one-line error, naming the file).  A bad file never stops a batch, nor does a file over its
budget (:data:`DOCUMENT_TIMEOUT` seconds, :data:`DOCUMENT_MEMORY` MB) or a worker that dies.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import resource
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, KgError
from kg.model import Document, Extraction
from kg.report import FileResult

__all__ = ["Resources", "load_resources", "resources_loaded", "extract_document", "ner_entities", "run_files",
           "work_on_file", "input_files", "progress", "DOCUMENT_TIMEOUT", "DOCUMENT_MEMORY", "Budget"]

DOCUMENT_TIMEOUT = 600.0  # seconds one file may take in a batch (env KG_DOCUMENT_TIMEOUT overrides)
DOCUMENT_MEMORY = 0  # MB a worker may grow to while on one file; 0: no limit (env KG_DOCUMENT_MEMORY)


# --- resources ----------------------------------------------------------------


@dataclass
class Resources:
    """What extraction needs, loaded once per process: the spaCy pipeline and the lexicon."""

    nlp: object
    lexicon: object


_RESOURCES: dict[str, Resources] = {}


def resources_loaded(config: Path | None = None) -> bool:
    """Whether :func:`load_resources` has this config's model in memory already (no load to wait for)."""
    return str(config or "") in _RESOURCES


def load_resources(config: Path | None = None) -> Resources:
    key = str(config or "")
    if not resources_loaded(config):
        from kg.nlp import load_pipeline
        from kg.rules.lexicon import load_lexicon

        _RESOURCES[key] = Resources(nlp=load_pipeline(config), lexicon=load_lexicon())
    return _RESOURCES[key]


# --- one document -------------------------------------------------------------


def ner_entities(nlp, text: str, spans: Sequence[tuple[int, int]] | None = None) -> list[tuple[int, int, str]]:
    """Entities over ``text`` (or only its ``spans``), tagged in sentence-cut chunks in one nlp.pipe."""
    from kg.nlp.pipeline import chunk_text

    max_chars = nlp.meta.get("kg", {}).get("max_chunk_chars", 2000)
    pieces = [(lo + off, piece) for lo, hi in (spans or [(0, len(text))])
              for off, piece in chunk_text(text[lo:hi], max_chars) if piece.strip()]
    out: list[tuple[int, int, str]] = []
    for (off, _), doc in zip(pieces, nlp.pipe(p for _, p in pieces), strict=True):
        out += [(off + e.start_char, off + e.end_char, e.label_) for e in doc.ents]
    return out


def extract_document(doc: Document, resources: Resources) -> Extraction:
    """Persons, posts, organizations, places and events of one Document."""
    from kg.resolve import resolve_document
    from kg.rules import find_items

    ents: list[tuple[int, int, str]] = []
    if resources.nlp is not None:
        # the articles only: mastheads, tables of contents and distribution lists hold no news
        spans = [(a.span.start, a.span.end) for a in doc.articles] or None
        ents = ner_entities(resources.nlp, doc.nlp_text, spans)
    found = find_items(doc, resources.lexicon, ner=ents)
    return resolve_document(found, resources.lexicon)


# --- the budget of one file ------------------------------------------------------


@dataclass(frozen=True)
class Budget:
    """What one file may cost: wall seconds and memory (MB of the worker's address space); 0: no limit."""

    seconds: float = DOCUMENT_TIMEOUT
    memory_mb: int = DOCUMENT_MEMORY

    @classmethod
    def from_env(cls) -> Budget:
        return cls(float(os.environ.get("KG_DOCUMENT_TIMEOUT", DOCUMENT_TIMEOUT)),
                   int(os.environ.get("KG_DOCUMENT_MEMORY", DOCUMENT_MEMORY)))


class _Overtime(BaseException):
    """Raised by SIGALRM in the middle of a file (a BaseException: no ``except Exception`` swallows it)."""


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (main thread only; 0 or less: no limit).

    An interval timer someone else set (pytest-timeout, a caller's own alarm) is left alone."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() \
            or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield
        return

    def on_alarm(signum, frame):
        raise _Overtime

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _memory_limit(megabytes: int) -> Iterator[None]:
    """Let the address space grow by at most ``megabytes`` during the block (0: no limit); an
    allocation beyond it raises MemoryError in the block.  Only in a worker process of its own:
    the limit is process-wide."""
    if megabytes <= 0 or not _IN_WORKER:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as f:
        used = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = used + (megabytes << 20)
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def work_on_file(path: str, config: str | None, known_hash: dict[str, str] | None, force: bool, then=None,
                 read: tuple[float, bytes] | None = None, budget: Budget | None = None):
    """One file to an Extraction (or a reason it is unchanged or failed).  Picklable in and out.

    ``read``: the file already read by the read-ahead (seconds it took, pickled Document).
    ``budget``: what the file may cost (default :meth:`Budget.from_env`), so that one pathological
    file cannot stall or sink a batch; over it, the file fails with one clear error.
    """
    from kg.ingest import load_document

    t0 = time.perf_counter() - (read[0] if read else 0.0)
    budget = budget or Budget.from_env()
    try:
        with _time_limit(budget.seconds), _memory_limit(budget.memory_mb):
            doc = _unpickled(read[1]) if read else None
            if doc is None:
                doc = load_document(Path(path))
            if known_hash is not None and not force:
                h = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
                if known_hash.get(doc.doc_id) == h:
                    return path, "unchanged", doc, time.perf_counter() - t0
            ex = extract_document(doc, load_resources(Path(config) if config else None))
            payload = ex if then is None else then(path, ex, time.perf_counter() - t0)
        return path, "extracted", payload, time.perf_counter() - t0
    except _Overtime:
        return path, "failed", f"{path}: reading and extracting it took longer than {budget.seconds:g} s; split " \
            "the file, or raise the limit with KG_DOCUMENT_TIMEOUT=SECONDS", time.perf_counter() - t0
    except MemoryError:
        return path, "failed", f"{path}: reading and extracting it needed more than {budget.memory_mb} MB; " \
            "split the file, or raise the limit with KG_DOCUMENT_MEMORY=MB", time.perf_counter() - t0
    except InputError as err:
        return path, "failed", str(err), time.perf_counter() - t0
    except KgError as err:
        return path, "failed", f"{path}: {err}", time.perf_counter() - t0
    except Exception as err:  # a bug must not kill the batch: report it with the file
        return path, "failed", f"{path}: internal error {type(err).__name__}: {err}; please report it", \
            time.perf_counter() - t0


def _unpickled(data: bytes) -> Document | None:
    """A Document from the read-ahead's spool, or None (then the worker reads the file itself)."""
    try:
        doc = pickle.loads(data)
    except Exception:  # the read-ahead is only a head start: never a reason for a file to fail
        return None
    return doc if isinstance(doc, Document) else None


# --- the pool -------------------------------------------------------------------

# what every task of one pool shares: sent once per worker process (not pickled with every task)
_WORKER_ARGS: tuple = (None, None, False, None, None)
_IN_WORKER = False  # set in worker processes (a memory limit there binds only the worker)


def _init_worker(config: str | None, known_hash: dict[str, str] | None, force: bool, then=None,
                 budget: Budget | None = None) -> None:
    global _WORKER_ARGS, _IN_WORKER
    _WORKER_ARGS = (config, known_hash, force, then, budget)
    _IN_WORKER = True
    try:  # the model loads once per worker, before its first file (no-op if inherited by fork)
        load_resources(Path(config) if config else None)
    except KgError:
        pass  # work_on_file reports it with each file


def _work_in_worker(path: str, read: tuple[float, bytes] | None = None):
    config, known_hash, force, then, budget = _WORKER_ARGS
    return work_on_file(path, config, known_hash, force, then, read, budget)


def run_files(paths: Sequence[Path], config: Path | None, jobs: int, known_hash: dict[str, str] | None = None,
              force: bool = False, then=None, read: dict[int, tuple[float, bytes]] | None = None,
              budget: Budget | None = None) -> Iterator[tuple]:
    """Results in input order, extraction in ``jobs`` processes with a bounded window.

    ``then(path, extraction, seconds)``, a picklable function, runs in the worker on each
    extraction, and its result is what comes back (kg build: the document's graph,
    :func:`kg.graph.document.built`).  ``read``: input index -> the file as the read-ahead read it
    (kg.read_ahead), taken out as it is sent.  ``budget``: what each file may cost (default: from the
    environment, :meth:`Budget.from_env`).

    At most ``4 * jobs`` files are in flight or waiting to be yielded, so memory does not grow with
    the corpus.  A worker that dies (a segfault in a parser, the OOM killer) does not end the batch:
    the files it may have been working on are retried one at a time in a fresh pool, and the one
    that kills a worker on its own is reported as failed.
    """
    cfg = str(config) if config else None
    read = read if read is not None else {}
    if jobs <= 1 or len(paths) <= 1:
        for k, p in enumerate(paths):
            yield work_on_file(str(p), cfg, known_hash, force, then, read.pop(k, None), budget)
        return
    window = jobs * 4
    done: dict[int, tuple] = {}
    suspects: list[int] = []  # in flight when a worker died: retried one at a time
    nxt, i = 0, 0
    while nxt < len(paths):
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                                   initargs=(cfg, known_hash, force, then, budget))
        pending: dict[int, object] = {}
        alone: int | None = None  # the suspect running on its own
        broken = False
        try:
            while nxt < len(paths) and not broken:
                if alone is None and suspects and not pending:
                    alone = suspects.pop(0)
                    pending[alone] = pool.submit(_work_in_worker, str(paths[alone]))
                while alone is None and not suspects and i < len(paths) and len(pending) + len(done) < window:
                    pending[i] = pool.submit(_work_in_worker, str(paths[i]), read.pop(i, None))
                    i += 1
                if nxt in done:
                    yield done.pop(nxt)
                    nxt += 1
                    continue
                finished, _ = wait(list(pending.values()), return_when=FIRST_COMPLETED)
                for k in [k for k, f in pending.items() if f in finished]:
                    try:
                        done[k] = pending.pop(k).result()
                    except BrokenProcessPool:
                        broken = True
                        if k == alone:  # it was the only file in flight: it killed the worker
                            done[k] = (str(paths[k]), "failed", f"{paths[k]}: the worker process died "
                                       "while extracting it (a crash in a parser, or out of memory); "
                                       "please report it", 0.0)
                        else:
                            suspects.append(k)
                    if k == alone:
                        alone = None
                if broken:
                    suspects += [k for k in pending if k not in done and k not in suspects]
                    suspects.sort()
        finally:
            pool.shutdown(wait=not broken, cancel_futures=True)


def input_files(inputs: Iterable[Path]) -> tuple[list[Path], list[FileResult]]:
    """The document files under ``inputs``, and a failed FileResult for each input that is missing or
    holds no document (named as the user gave it)."""
    from kg.ingest import iter_input_files

    files: list[Path] = []
    missing: list[FileResult] = []
    for p in inputs:
        p = Path(p)
        if not p.exists():
            missing.append(FileResult(str(p), "failed", error=f"{p}: no such file or folder; check the path"))
            continue
        found = list(iter_input_files([p]))
        if not found and p.is_dir():
            missing.append(FileResult(str(p), "failed", error=f"{p}: no documents in this folder (.txt .md .html "
                                      ".docx .pdf); check the path"))
        files.extend(found)
    return files, missing


def progress(total: int, label: str):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    transient=True, disable=total < 2)
