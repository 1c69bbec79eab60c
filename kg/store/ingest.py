"""The store side of kg build: documents into the store in input order, the report in input order.

A document the store has never seen waits in a batch; the batch goes in all or nothing (one bulk
load, :meth:`KgStore.add_new_documents`) when it holds ``batch`` documents or its first document has
waited ``seconds`` (so a slow run keeps what it has done when it is interrupted), before any other
write, and at the end: a crash loses at most the batch and never leaves part of a document.  If a
batch fails to go in, its documents are tried one by one and only the bad one is reported.  A
document that replaces one already in the store is written on its own, at once, and makes the
appended graph.trig stale (it is rewritten from the store at the end).  The merged graph follows
every write in the same transaction (kg.store.merged).

``background``: batches are written by a thread of their own (pyoxigraph releases the GIL while it
loads), so the parent keeps handing documents to the workers meanwhile; a replacement, and the end,
wait for it.
"""

from __future__ import annotations

import dataclasses
import queue
import threading
import time
from pathlib import Path

from kg.errors import KgError
from kg.graph.document import Built, DocumentGraph
from kg.report import FileResult, Report

__all__ = ["Ingest", "WRITE_BATCH", "WRITE_SECONDS", "FLUSH_EVERY"]

FLUSH_EVERY = 100  # the store's write buffers go to disk after this many documents
WRITE_BATCH = 128  # new documents go to the store this many at a time (one bulk load)
WRITE_SECONDS = 30.0  # ... or once the first of them has waited this long


class Ingest:
    def __init__(self, store, report: Report, trig, batch: int = WRITE_BATCH, background: bool = False,
                 seconds: float | None = None) -> None:
        self.store, self.report, self.trig, self.batch = store, report, trig, batch
        self.seconds = WRITE_SECONDS if seconds is None else seconds
        self._batches: queue.Queue | None = queue.Queue(maxsize=2) if background else None
        self._error: BaseException | None = None
        if self._batches is not None:
            threading.Thread(target=self._writer, daemon=True, name="kg-store-writer").start()
        self.known: dict[str, str] = {}  # doc id -> content hash, in the store or in the batch
        self.by_source: dict[str, tuple[str, str]] = {}  # file -> (doc IRI, graph IRI) of its version
        self.counts: dict[str, dict[str, int]] = {}  # doc id -> what was found in it (for unchanged files)
        for info in store.documents():
            if info.content_hash:
                self.known[info.docid] = info.content_hash
            if info.source:
                self.by_source[info.source] = (info.iri, info.graph)
            if info.counts:
                self.counts[info.docid] = info.counts
        self.pending: list[tuple] = []  # (FileResult, NewDocument | None, trig) in input order
        self.new_in_batch = 0
        self.batch_started: float | None = None
        self.written = 0
        self.replaced = False

    def add(self, path: str, status: str, payload, secs: float, graph: DocumentGraph | None = None) -> None:
        """One file's outcome, in input order: ``payload`` is a Built (extracted), a Document
        (unchanged) or an error message (failed); ``graph`` the Built's graph with final IRIs."""
        from kg.graph.build import document_iri, graph_iri
        from kg.store import NewDocument

        if status == "failed":
            self.pending.append((FileResult(path, "failed", error=payload, seconds=round(secs, 3)), None, None))
            self._flush_if_due()
            return
        if status == "unchanged":
            d = payload
            self.pending.append((FileResult(path, "unchanged", doc_id=d.doc_id, title=d.title,
                                            date=d.date.iso() if d.date else None, kind=d.kind.value,
                                            counts=dict(self.counts.get(d.doc_id, {}))), None, None))
            self._flush_if_due()
            return
        built: Built = payload
        doc_id, h = built.doc_id, built.content_hash
        source = str(Path(path).resolve())
        doc, gr = str(document_iri(doc_id)), str(graph_iri(doc_id))
        # the file's previous text, if it changed, is another document id: replace it too
        earlier = self.by_source.get(source)
        replaces = [earlier] if earlier and earlier[0] != doc else []
        counts = built.result.counts
        if doc_id not in self.known and not replaces:
            self.pending.append((built.result, NewDocument(gr, doc, h, graph.nquads, source, counts), graph.trig))
            self.known[doc_id] = h
            self.by_source[source] = (doc, gr)
            self.new_in_batch += 1
            if self.batch_started is None:
                self.batch_started = time.monotonic()
            self._flush_if_due()
            return
        self.flush()
        self.wait()
        try:
            self.store.replace_document(gr, doc, h, graph.nquads, source=source, replaces=replaces, counts=counts)
        except KgError as err:
            self.report.files.append(FileResult(path, "failed", error=f"{path}: {err}"))
            return
        self.known[doc_id] = h
        self.by_source[source] = (doc, gr)
        self.report.files.append(dataclasses.replace(built.result, status="updated"))
        self.replaced = True
        self._wrote(1)

    def _flush_if_due(self) -> None:
        if self.new_in_batch >= self.batch or (
                self.batch_started is not None and time.monotonic() - self.batch_started >= self.seconds):
            self.flush()

    def flush(self) -> None:
        """Write the batch (all or nothing) and report its files in input order."""
        pending, self.pending, self.new_in_batch, self.batch_started = self.pending, [], 0, None
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
