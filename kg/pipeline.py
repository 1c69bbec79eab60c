"""Wires the stages: files -> Documents -> entities -> findings -> Extractions -> RDF -> file or store.

    kg.extract(["a.txt", "b.docx"])          -> rdflib Dataset (one named graph per document)
    extract_to_file(paths, Path("x.ttl"))    -> Report   (kg extract)
    build(inputs, Path("out"), store_dir=…)  -> Report   (kg build: store, graph file, report, errors)

A bad file never stops a batch: it becomes one line in the report's failures.
Outputs are written to a temporary file and renamed, so nothing half-written is left.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import json
import os
import pickle
import queue
import signal
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import InputError, KgError, OutputError
from kg.model import Document, Extraction
from kg.read_ahead import ReadAhead

__all__ = ["Resources", "load_resources", "extract_document", "extract", "extract_to_file", "build", "Report",
           "FileResult", "write_graph", "RDF_FORMATS"]

DOCUMENT_TIMEOUT = 600.0  # seconds one file may take in a batch (env KG_DOCUMENT_TIMEOUT overrides)
FLUSH_EVERY = 100  # kg build flushes the store's write buffers to disk after this many documents
WRITE_BATCH = 128  # kg build writes new documents to the store this many at a time (one bulk load)
READ_AHEAD_MIN = 16  # kg build --jobs N reads ahead while the model loads when given this many files
RDF_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt", ".jsonld": "json-ld",
               ".json": "json-ld"}


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
        from kg.extract.lexicon import load_lexicon
        from kg.nlp import load_pipeline

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
    from kg.extract import find_items
    from kg.resolve import resolve_document

    ents: list[tuple[int, int, str]] = []
    if resources.nlp is not None:
        # the articles only: mastheads, tables of contents and distribution lists hold no news
        spans = [(a.span.start, a.span.end) for a in doc.articles] or None
        ents = ner_entities(resources.nlp, doc.nlp_text, spans)
    found = find_items(doc, resources.lexicon, ner=ents)
    return resolve_document(found, resources.lexicon)


# --- reports ------------------------------------------------------------------


@dataclass
class FileResult:
    path: str
    status: str  # new, updated, unchanged, extracted, failed
    doc_id: str | None = None
    title: str | None = None
    date: str | None = None
    kind: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    seconds: float = 0.0


@dataclass
class Report:
    files: list[FileResult] = field(default_factory=list)

    @property
    def failures(self) -> list[str]:
        return [f.error or f.path for f in self.files if f.status == "failed"]

    def totals(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.files:
            for k, v in f.counts.items():
                out[k] = out.get(k, 0) + v
        return out

    def summary(self) -> str:
        by_status: dict[str, int] = {}
        for f in self.files:
            by_status[f.status] = by_status.get(f.status, 0) + 1
        parts = [f"{n} {s}" for s, n in sorted(by_status.items())]
        tot = self.totals()
        found = ", ".join(f"{tot[k]} {k}" for k in ("persons", "organizations", "posts", "events") if k in tot)
        return "; ".join(parts) + (f" — {found}" if found else "")


def counts_of(ex: Extraction) -> dict[str, int]:
    return {"persons": len(ex.persons), "organizations": len(ex.organizations), "posts": len(ex.posts),
            "events": len(ex.events), "places": len(ex.places), "articles": len(ex.document.articles)}


# --- writing ------------------------------------------------------------------


def _atomic_write(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_graph(ds: Dataset, path: Path) -> None:
    """Serialize by extension; .ttl and .nt hold the union of the document graphs."""
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise OutputError(f"{path}: unknown graph format '{path.suffix}'; use one of "
                          f"{', '.join(sorted(RDF_FORMATS))}")

    def write(tmp: Path) -> None:
        if fmt in ("turtle", "nt"):
            g = Graph()
            for prefix, ns in ds.namespaces():
                g.bind(prefix, ns, override=True, replace=True)
            for s, p, o, _ in ds.quads((None, None, None, None)):
                g.add((s, p, o))
            g.serialize(destination=tmp, format=fmt, encoding="utf-8")
        else:
            ds.serialize(destination=tmp, format=fmt, encoding="utf-8")

    try:
        _atomic_write(path, write)
    except OSError as err:
        raise OutputError(f"{path}: cannot write the graph: {err}") from None


# --- batches ------------------------------------------------------------------


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


def _work(path: str, config: str | None, known_hash: dict[str, str] | None, force: bool, then=None,
          read: tuple[float, bytes] | None = None):
    """Worker: one file to an Extraction (or a reason it is unchanged or failed).  Picklable in and out.

    ``read``: the file already read by the read-ahead (seconds it took, pickled Document).
    A file may take at most ``KG_DOCUMENT_TIMEOUT`` seconds (default 600, 0 for no limit), so that one
    pathological file cannot stall a batch.
    """
    import hashlib

    from kg.ingest import load_document

    t0 = time.perf_counter() - (read[0] if read else 0.0)
    limit = float(os.environ.get("KG_DOCUMENT_TIMEOUT", DOCUMENT_TIMEOUT))
    try:
        with _time_limit(limit):
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
        return path, "failed", f"{path}: reading and extracting it took longer than {limit:g} s; split the " \
            "file, or raise the limit with KG_DOCUMENT_TIMEOUT=SECONDS", time.perf_counter() - t0
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


# what every task of one pool shares: sent once per worker process (not pickled with every task)
_WORKER_ARGS: tuple = (None, None, False, None)


def _init_worker(config: str | None, known_hash: dict[str, str] | None, force: bool, then=None) -> None:
    global _WORKER_ARGS
    _WORKER_ARGS = (config, known_hash, force, then)
    try:  # the model loads once per worker, before its first file (no-op if inherited by fork)
        load_resources(Path(config) if config else None)
    except KgError:
        pass  # _work reports it with each file


def _work_in_worker(path: str, read: tuple[float, bytes] | None = None):
    return _work(path, *_WORKER_ARGS, read)


def _run(paths: Sequence[Path], config: Path | None, jobs: int, known_hash: dict[str, str] | None = None,
         force: bool = False, then=None, read: dict[int, tuple[float, bytes]] | None = None) -> Iterator[tuple]:
    """Results in input order, extraction in ``jobs`` processes with a bounded window.

    ``then(path, extraction, seconds)``, a picklable function, runs in the worker on each
    extraction, and its result is what comes back (kg build: the document's graph, see _built).
    ``read``: input index -> the file as the read-ahead read it (kg.read_ahead), taken out as it is sent.

    At most ``4 * jobs`` files are in flight or waiting to be yielded, so memory does not grow with
    the corpus.  A worker that dies (a segfault in a parser, the OOM killer) does not end the batch:
    the files it may have been working on are retried one at a time in a fresh pool, and the one
    that kills a worker on its own is reported as failed.
    """
    cfg = str(config) if config else None
    read = read if read is not None else {}
    if jobs <= 1 or len(paths) <= 1:
        for k, p in enumerate(paths):
            yield _work(str(p), cfg, known_hash, force, then, read.pop(k, None))
        return
    window = jobs * 4
    done: dict[int, tuple] = {}
    suspects: list[int] = []  # in flight when a worker died: retried one at a time
    nxt, i = 0, 0
    while nxt < len(paths):
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                                   initargs=(cfg, known_hash, force, then))
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


def _input_files(inputs: Iterable[Path]) -> tuple[list[Path], list[FileResult]]:
    from kg.ingest import iter_input_files

    files: list[Path] = []
    missing: list[FileResult] = []
    for p in inputs:
        p = Path(p)
        if not p.exists():
            missing.append(FileResult(str(p), "failed", error=f"{p}: no such file or folder; check the path"))
            continue
        files.extend(iter_input_files([p]))
    return files, missing


def _progress(total: int, label: str):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    transient=True, disable=total < 2)


def extract(paths: Iterable[Path | str], *, config: Path | None = None) -> Dataset:
    """The graph of these documents (Python API of ``kg extract``).  Raises on the first bad file."""
    from kg.resolve.identity import PersonRegistry

    ds = Dataset()
    registry = PersonRegistry()
    for path, status, payload, _ in _run([Path(p) for p in paths], config, 1):
        if status == "failed":
            raise InputError(path, payload.split(": ", 1)[-1], hint="")
        add_to_dataset(payload, registry, ds)
    return ds


def add_to_dataset(ex: Extraction, registry, ds: Dataset | None = None) -> Dataset:
    """The document's named graph, persons identified through ``registry`` (a PersonRegistry)."""
    from kg.graph.build import IriMinter, extraction_graph

    person_orgs = _person_orgs(ex, IriMinter())
    minter = IriMinter(lambda name, orgs: registry.iri(name, person_orgs.get(name, frozenset())))
    return extraction_graph(ex, minter, ds)


@dataclass(frozen=True)
class DocumentGraph:
    """One document's graph as the store and graph.trig take it (built in a worker process)."""

    nquads: bytes        # every quad in the document's graph (kg.store.document_nquads)
    trig: bytes | None   # the same quads as TriG, to append to graph.trig (None: not wanted)


def _document_graph(ex: Extraction, persons: dict[str, str], trig: bool = True) -> DocumentGraph:
    """The document's named graph, person IRIs given: checked N-Quads and TriG (runs in a worker)."""
    import pyoxigraph as ox
    from rdflib import URIRef

    from kg.graph.build import IriMinter, extraction_nquads, graph_iri
    from kg.graph.vocab import PREFIXES
    from kg.store import document_nquads

    data = extraction_nquads(ex, IriMinter(lambda name, orgs: URIRef(persons[name])))
    target = ox.NamedNode(str(graph_iri(ex.document.doc_id)))
    quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    if any(q.graph_name != target for q in quads):  # never from extraction_nquads; refused with a reason
        data = document_nquads(data, target.value)
    return DocumentGraph(data, (ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b"")
                         if trig else None)


@dataclass(frozen=True)
class Built:
    """What a worker sends back to kg build for one document: its graph, built with each person's
    default IRI, and what identity and the report need; the Extraction itself stays in the worker."""

    doc_id: str
    content_hash: str
    result: FileResult  # status "new"; "updated" when it replaces a version already stored
    person_orgs: dict[str, frozenset[str]]  # person key -> IRIs of the bodies they hold posts in
    graph: DocumentGraph | None  # None: the graph could not be built (``error`` says why)
    error: str | None = None
    # person key -> (title, organization IRI or "") of each post: a post's IRI is minted from its
    # holder's, so a person whose IRI changes changes these too
    posts: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)


def _built(path: str, ex: Extraction, secs: float, trig: bool = True) -> Built:
    """Runs in the extraction worker: the document's graph with default person IRIs."""
    import hashlib

    from kg.graph.build import IriMinter, organization_iri
    from kg.resolve.identity import PersonRegistry

    h = hashlib.sha256(ex.document.text.encode("utf-8")).hexdigest()
    result = _file_result(path, "new", ex, secs)
    with_posts = _person_orgs(ex, IriMinter())
    person_orgs = {k: with_posts.get(k, frozenset()) for k in ex.persons}
    try:
        graph = _document_graph(ex, {k: str(PersonRegistry.default_iri(k)) for k in ex.persons}, trig)
    except KgError as err:
        return Built(ex.document.doc_id, h, result, person_orgs, None, f"{path}: {err}")
    posts: dict[str, list[tuple[str, str]]] = {}
    for post in ex.posts:
        org = str(organization_iri(post.org, ex.document.doc_id)) if post.org else ""
        posts.setdefault(post.person, []).append((post.title, org))
    return Built(ex.document.doc_id, h, result, person_orgs, graph, posts={k: tuple(v) for k, v in posts.items()})


def _with_person_iris(built: Built, registry) -> DocumentGraph:
    """The worker's graph with the IRIs identity gives (in the parent).  Most persons keep their
    default IRI; a namesake of someone with other bodies gets another, written into the N-Quads
    (and the TriG made again from them)."""
    import pyoxigraph as ox
    from rdflib import URIRef

    from kg.graph.build import IriMinter
    from kg.graph.vocab import PREFIXES
    from kg.resolve.identity import PersonRegistry

    if hasattr(registry, "prefetch"):
        registry.prefetch(built.person_orgs)
    changed = {}
    for key, orgs in built.person_orgs.items():
        default, given = PersonRegistry.default_iri(key), registry.iri(key, orgs)
        if given != default:
            changed[str(default)] = str(given)
            for title, org in built.posts.get(key, ()):
                old = IriMinter.post(default, title, URIRef(org) if org else None)
                changed[str(old)] = str(IriMinter.post(given, title, URIRef(org) if org else None))
    graph = built.graph
    if not changed:
        return graph
    data = graph.nquads
    for default, given in changed.items():
        data = data.replace(f"<{default}>".encode(), f"<{given}>".encode())
    trig = None
    if graph.trig is not None:
        trig = ox.serialize(ox.parse(data, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.TRIG,
                            prefixes=PREFIXES) or b""
    return DocumentGraph(data, trig)


def _person_orgs(ex: Extraction, minter) -> dict[str, frozenset[str]]:
    from kg.resolve import _is_relative

    orgs: dict[str, set[str]] = {}
    for p in ex.posts:
        if p.org and not _is_relative(p.org):
            orgs.setdefault(p.person, set()).add(str(minter.org(p.org, ex.document.doc_id, False)))
    return {k: frozenset(v) for k, v in orgs.items()}


def extract_to_file(files: Sequence[Path], output: Path, *, config: Path | None = None) -> Report:
    """``kg extract``: the graph of just these documents, in the format of ``output``'s extension."""
    from kg.resolve.identity import PersonRegistry

    if Path(output).suffix.lower() not in RDF_FORMATS:
        raise OutputError(f"{output}: unknown graph format '{Path(output).suffix}'; use one of "
                          f"{', '.join(sorted(RDF_FORMATS))}")
    report = Report()
    paths, missing = _input_files(files)
    report.files.extend(missing)
    ds = Dataset()
    registry = PersonRegistry()
    for path, status, payload, secs in _run(paths, config, 1):
        if status == "failed":
            report.files.append(FileResult(path, "failed", error=payload, seconds=secs))
            continue
        add_to_dataset(payload, registry, ds)
        report.files.append(_file_result(path, "extracted", payload, secs))
    write_graph(ds, Path(output))
    return report


def _file_result(path: str, status: str, ex: Extraction, secs: float) -> FileResult:
    d = ex.document
    return FileResult(path, status, doc_id=d.doc_id, title=d.title, date=d.date.iso() if d.date else None,
                      kind=d.kind.value, counts=counts_of(ex), seconds=round(secs, 3))


class _TrigAppender:
    """graph.trig grown document by document while kg build runs, instead of read back from the
    store at the end (that took ~11 ms a document, all after the parallel part).

    Possible when the store held no document graph before the run, or graph.trig was up to date with
    it (``.graph.trig.state``): a copy of it (or an empty file) takes each new document's TriG, and
    :meth:`commit` puts it in place.  TriG allows graphs in any order and prefixes declared again.
    """

    def __init__(self, path: Path, tmp: Path) -> None:
        self.path, self.tmp = path, tmp
        self.file = open(tmp, "ab")  # noqa: SIM115  (closed by commit or abandon)
        self.added = 0

    @classmethod
    def start(cls, store, path: Path, stamp_before: str | None) -> _TrigAppender | None:
        import shutil

        current = _export_is_current(store, path, stamp_before)
        if not current and store.graphs():
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        if current:
            shutil.copyfile(path, tmp)
        return cls(path, Path(tmp))

    def add(self, trig: bytes) -> None:
        self.file.write(b"\n")
        self.file.write(trig)
        self.added += 1

    def commit(self, store) -> None:
        self.file.close()
        os.replace(self.tmp, self.path)
        _write_export_state(store, self.path)

    def abandon(self) -> None:
        self.file.close()
        self.tmp.unlink(missing_ok=True)


class _Ingest:
    """The store side of kg build: documents in input order into the store, the report in input order.

    A document the store has never seen waits in a batch; the batch goes in all or nothing (one bulk
    load, :meth:`KgStore.add_new_documents`) when it holds ``batch`` documents, before any other write,
    and at the end, so a crash loses at most the batch and never leaves part of a document.  If a
    batch fails to go in, its documents are tried one by one and only the bad one is reported.  A
    document that replaces one already in the store is written on its own, at once, and makes the
    appended graph.trig stale (it is rewritten from the store at the end).

    ``background``: batches are written by a thread of their own (pyoxigraph releases the GIL while
    it loads), so the parent keeps handing documents to the workers meanwhile; a replacement, and
    the end, wait for it.
    """

    def __init__(self, store, report: Report, trig: _TrigAppender | None, batch: int,
                 background: bool = False) -> None:
        self.store, self.report, self.trig, self.batch = store, report, trig, batch
        self._batches: queue.Queue | None = queue.Queue(maxsize=2) if background else None
        self._error: BaseException | None = None
        if self._batches is not None:
            threading.Thread(target=self._writer, daemon=True, name="kg-store-writer").start()
        self.known: dict[str, str] = {}  # doc id -> content hash, in the store or in the batch
        self.by_source: dict[str, tuple[str, str]] = {}  # file -> (doc IRI, graph IRI) of its version
        for info in store.documents():
            if info.content_hash:
                self.known[info.docid] = info.content_hash
            if info.source:
                self.by_source[info.source] = (info.iri, info.graph)
        self.pending: list[tuple] = []  # (FileResult, NewDocument | None, trig) in input order
        self.new_in_batch = 0
        self.written = 0
        self.replaced = False

    def add(self, path: str, status: str, payload, secs: float, graph: DocumentGraph | None = None) -> None:
        """One file's outcome, in input order: ``payload`` is a Built (extracted), a Document
        (unchanged) or an error message (failed); ``graph`` the Built's graph with final IRIs."""
        from kg.graph.build import document_iri, graph_iri
        from kg.store import NewDocument

        if status == "failed":
            self.pending.append((FileResult(path, "failed", error=payload, seconds=round(secs, 3)), None, None))
            return
        if status == "unchanged":
            d = payload
            self.pending.append((FileResult(path, "unchanged", doc_id=d.doc_id, title=d.title,
                                            date=d.date.iso() if d.date else None, kind=d.kind.value), None, None))
            return
        built: Built = payload
        doc_id, h = built.doc_id, built.content_hash
        source = str(Path(path).resolve())
        doc, gr = str(document_iri(doc_id)), str(graph_iri(doc_id))
        # the file's previous text, if it changed, is another document id: replace it too
        earlier = self.by_source.get(source)
        replaces = [earlier] if earlier and earlier[0] != doc else []
        if doc_id not in self.known and not replaces:
            self.pending.append((built.result, NewDocument(gr, doc, h, graph.nquads, source), graph.trig))
            self.known[doc_id] = h
            self.by_source[source] = (doc, gr)
            self.new_in_batch += 1
            if self.new_in_batch >= self.batch:
                self.flush()
            return
        self.flush()
        self.wait()
        try:
            self.store.replace_document(gr, doc, h, graph.nquads, source=source, replaces=replaces)
        except KgError as err:
            self.report.files.append(FileResult(path, "failed", error=f"{path}: {err}"))
            return
        self.known[doc_id] = h
        self.by_source[source] = (doc, gr)
        self.report.files.append(dataclasses.replace(built.result, status="updated"))
        self.replaced = True
        self._wrote(1)

    def flush(self) -> None:
        """Write the batch (all or nothing) and report its files in input order."""
        pending, self.pending, self.new_in_batch = self.pending, [], 0
        if not pending:
            return
        if self._batches is None:
            self._write(pending)
            return
        self._check()
        self._batches.put(pending)

    def wait(self) -> None:
        """Return once every batch handed over is written (re-raising what stopped the writer)."""
        if self._batches is not None:
            self._batches.join()
            self._check()

    def close(self) -> None:
        self.flush()
        self.wait()
        if self._batches is not None:
            self._batches.put(None)

    def _check(self) -> None:
        if self._error is not None:
            raise self._error

    def _writer(self) -> None:
        while True:
            pending = self._batches.get()
            try:
                if pending is None:
                    return
                if self._error is None:
                    self._write(pending)
            except BaseException as err:  # handed to the main thread by _check
                self._error = err
            finally:
                self._batches.task_done()

    def _write(self, pending: list[tuple]) -> None:
        docs = [doc for _, doc, _ in pending if doc is not None]
        failed: dict[str, str] = {}
        try:
            self.store.add_new_documents(docs)
        except KgError:
            for doc in docs:  # find the bad one(s): the rest go in one by one
                try:
                    self.store.add_new_documents([doc])
                except KgError as err:
                    failed[doc.graph] = str(err)
        for result, doc, trig in pending:
            if doc is not None and doc.graph in failed:
                self.known.pop(result.doc_id, None)
                self.by_source.pop(doc.source, None)
                result = FileResult(result.path, "failed", error=f"{result.path}: {failed[doc.graph]}")
            elif doc is not None and self.trig is not None and trig is not None:
                self.trig.add(trig)
            self.report.files.append(result)
        self._wrote(len(docs) - len(failed))

    def _wrote(self, n: int) -> None:
        before, self.written = self.written, self.written + n
        if before // FLUSH_EVERY != self.written // FLUSH_EVERY:
            # RocksDB keeps transactional writes (replacements, batches too big to bulk-load) in
            # memtables until they fill: ~1 GB of RSS after 1,000 bulletins written that way;
            # flushing them to disk now and then keeps the process near 300 MB
            self.store.oxigraph.flush()


def build(inputs: Sequence[Path], output: Path, *, store_dir: Path, jobs: int = 1, config: Path | None = None,
          force: bool = False, quiet: bool = False) -> Report:
    """``kg build``: extract into the store incrementally; write graph.trig, report.json/.md and errors.txt."""
    from kg.resolve.identity import PersonRegistry
    from kg.store import open_store

    output = Path(output)
    paths, missing = _input_files(inputs)
    report = Report(files=list(missing))
    if not paths and not missing:
        raise InputError(None, "no input files found", hint="give files or folders of .txt .md .html .docx .pdf")
    # fail early and clearly if the model cannot load, before any work; with more than one job, a
    # process of its own reads the first files meanwhile (kg.read_ahead)
    read: dict[int, tuple[float, bytes]] = {}
    if paths:
        worth_it = jobs > 1 and len(paths) >= READ_AHEAD_MIN and not resources_loaded(config)
        read_ahead = ReadAhead.start(paths) if worth_it else None
        try:
            load_resources(config)
        finally:
            if read_ahead is not None:
                read = read_ahead.documents()
        # the model and lexicons live as long as the process: keep the collector from walking them
        # again and again (and, in forked workers, from copying their pages)
        gc.freeze()
    with open_store(Path(store_dir)) as store:
        stamp_before = _store_stamp(store)
        trig = _TrigAppender.start(store, output / "graph.trig", stamp_before) if paths else None
        ingest = _Ingest(store, report, trig, batch=WRITE_BATCH, background=jobs > 1 and len(paths) > 1)
        # Documents flow in input order through: extraction and the document's graph, built with
        # each person's default IRI (worker processes, _run and _built) -> person identity (here:
        # it asks the store and rewrites the few IRIs that differ) -> the store (_Ingest: batches
        # written by a thread of their own when jobs > 1).  The result is that of one document after
        # the other, whatever ``jobs``: identity learns what the store held before this run plus
        # what the registry minted since, and a document that replaces an earlier version (and so
        # removes persons) is written before the next document's identity is asked.
        registry = PersonRegistry(lookup=store.persons_named, lookup_many=store.persons_named_many)
        then = functools.partial(_built, trig=trig is not None)
        try:
            with _progress(len(paths), "extracting") as progress:
                task = progress.add_task("files", total=len(paths))
                for path, status, payload, secs in _run(paths, config, jobs, ingest.known, force, then,
                                                                 read):
                    progress.advance(task)
                    if status == "extracted" and payload.graph is None:
                        status, payload = "failed", payload.error  # its graph could not be built
                    if status != "extracted":
                        ingest.add(path, status, payload, secs)
                        continue
                    try:
                        graph = _with_person_iris(payload, registry)
                    except (KgError, SyntaxError) as err:
                        ingest.add(path, "failed", f"{path}: {err}", secs)
                        continue
                    ingest.add(path, status, payload, secs, graph)
                ingest.close()
        except BaseException:
            with contextlib.suppress(BaseException):
                ingest.wait()  # a batch being written finishes before the store closes
            if trig is not None:
                trig.abandon()
            raise
        output.mkdir(parents=True, exist_ok=True)
        if trig is not None and trig.added and not ingest.replaced:
            trig.commit(store)
        else:
            if trig is not None:
                trig.abandon()
            _export_graph(store, output / "graph.trig")
    _write_reports(report, output, store_dir)
    if not quiet:
        _print_report(report, output)
    return report


def _store_stamp(store) -> str | None:
    """What the store's ``changed`` file says: it is rewritten after every committed write."""
    try:
        return (Path(store.folder) / "changed").read_text() if store.folder else None
    except OSError:
        return None


def _export_state(path: Path) -> dict:
    try:
        return json.loads(path.with_name(f".{path.name}.state").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _export_is_current(store, path: Path, stamp: str | None) -> bool:
    """Does ``path`` show this store as of the write ``stamp`` records?"""
    state = _export_state(path)
    folder = str(Path(store.folder).resolve()) if store.folder else None
    return folder is not None and path.exists() and state.get("store") == folder and state.get("stamp") == stamp


def _write_export_state(store, path: Path) -> None:
    """Record next to ``path`` which store, as of which write, it shows."""
    folder = str(Path(store.folder).resolve()) if store.folder else None
    state = {"store": folder, "stamp": _store_stamp(store)}
    _atomic_write(path.with_name(f".{path.name}.state"),
                  lambda tmp: tmp.write_text(json.dumps(state), encoding="utf-8"))


def _export_graph(store, path: Path) -> None:
    """Write the store's document graphs to ``path`` as TriG, unless it is already up to date.

    ``path`` is up to date with the store as of the stamp recorded next to it (``.graph.trig.state``:
    which store, which write): then nothing is done (an unchanged rerun).  Otherwise the whole store,
    graph after graph, streamed by pyoxigraph (no copy of the store in memory).  (kg build appends
    new documents to an up-to-date file as it goes: :class:`_TrigAppender`.)
    """
    import pyoxigraph as ox

    from kg.graph.vocab import PREFIXES
    from kg.store import META_GRAPH

    if _export_is_current(store, path, _store_stamp(store)):
        return
    db = store.oxigraph
    graphs = sorted((g for g in db.named_graphs() if isinstance(g, ox.NamedNode) and g.value != META_GRAPH),
                    key=lambda g: g.value)

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as f:
            ox.serialize((q for g in graphs for q in db.quads_for_pattern(None, None, None, g)),
                         output=f, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)

    try:
        _atomic_write(path, write)
        _write_export_state(store, path)
    except OSError as err:
        raise OutputError(f"{path}: cannot write the graph: {err}") from None


def _write_reports(report: Report, output: Path, store_dir: Path) -> None:
    data = {"store": str(store_dir), "summary": report.summary(), "totals": report.totals(),
            "files": [asdict(f) for f in report.files]}
    _atomic_write(output / "report.json", lambda tmp: tmp.write_text(
        json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8"))
    lines = ["# kg build report", "", f"Store: `{store_dir}`", "", f"**{report.summary()}**", "",
             "| file | status | date | persons | orgs | posts | events | title |",
             "| --- | --- | --- | ---: | ---: | ---: | ---: | --- |"]
    for f in report.files:
        c = f.counts
        lines.append(f"| {Path(f.path).name} | {f.status} | {f.date or ''} | {c.get('persons', '')} | "
                     f"{c.get('organizations', '')} | {c.get('posts', '')} | {c.get('events', '')} | "
                     f"{(f.title or f.error or '').replace('|', '/')} |")
    _atomic_write(output / "report.md", lambda tmp: tmp.write_text("\n".join(lines) + "\n", encoding="utf-8"))
    _atomic_write(output / "errors.txt", lambda tmp: tmp.write_text(
        "".join(e + "\n" for e in report.failures), encoding="utf-8"))


TABLE_ROWS = 40  # kg build prints a per-file table up to this many files (report.md always has it)


def _print_report(report: Report, output: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=True)
    if len(report.files) > TABLE_ROWS:
        for e in report.failures:
            console.print(f"[red]error:[/red] {e}", markup=True, highlight=False)
        console.print(f"kg build → {output}/ ({len(report.files)} files; one line each in "
                      f"{output / 'report.md'})", highlight=False, markup=False)
        console.print(report.summary(), highlight=False, markup=False)
        return
    table = Table(title=f"kg build → {output}/", show_lines=False)
    for col in ("file", "status", "date", "persons", "orgs", "posts", "events"):
        table.add_column(col, justify="right" if col in ("persons", "orgs", "posts", "events") else "left")
    for f in report.files:
        c = f.counts
        table.add_row(Path(f.path).name, f.status, f.date or "", str(c.get("persons", "")),
                      str(c.get("organizations", "")), str(c.get("posts", "")), str(c.get("events", "")))
    console.print(table)
    for e in report.failures:
        console.print(f"[red]error:[/red] {e}", markup=True, highlight=False)
    console.print(report.summary(), highlight=False, markup=False)

