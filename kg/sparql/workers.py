"""Query worker processes: a timeout that really stops the query.

A query runs inside pyoxigraph (Rust); once an operator such as ORDER BY, GROUP BY or COUNT over a
huge join has started, nothing in Python can interrupt it, so a worker *thread* keeps computing
after its client got 503.  A worker *process* can be killed::

    pool = WorkerPool(Path("data/store"), size=4)
    answer = pool.run({"query": "SELECT …", "base": "http://…/sparql"}, timeout=30)   # None: timed out

Each worker opens its own read-only snapshot of the store folder (``Store.read_only``: RocksDB's
read-only mode takes no lock, so any number of readers open the same folder) and reopens it when
a writer has touched ``changed``.  A request takes an idle worker, sends it the query and waits for
the answer until the deadline; then the worker is killed (SIGKILL frees its CPU at once) and a
fresh one is started in the background and joins the pool once its store is open.  While one
worker runs a runaway query the others keep answering.

Only for a store folder served read-only: an in-memory store cannot be shared with another
process, and pyoxigraph documents opening a store read-only while another process writes to it as
undefined behaviour, so the update-enabled endpoint keeps its queries in threads.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import signal
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from kg.sparql.evaluate import Answer, answer
from kg.store.store import open_store

__all__ = ["WorkerPool", "ReopeningStore"]


class ReopeningStore:
    """A read-only view of a store folder that reopens its snapshot when a writer commits.

    (A pyoxigraph read-only store sees the data as it was when opened; the writer touches
    ``changed`` after every commit.)
    """

    def __init__(self, folder: Path, *, check_every: float = 1.0) -> None:
        self.folder = Path(folder)
        self.check_every = check_every
        self._stamp = self._mtime()
        self._checked = time.monotonic()
        self._lock = threading.Lock()
        self._store = self._open()

    def _mtime(self) -> float:
        try:
            return (self.folder / "changed").stat().st_mtime
        except OSError:
            return 0.0

    def _open(self) -> ox.Store:
        with open_store(self.folder, create=False, read_only=True) as st:
            return st.oxigraph

    @property
    def oxigraph(self) -> ox.Store:
        now = time.monotonic()
        if now - self._checked > self.check_every:
            with self._lock:
                self._checked = now
                stamp = self._mtime()
                if stamp != self._stamp:
                    self._stamp, self._store = stamp, self._open()
        return self._store


def _serve_queries(conn, folder: str) -> None:
    """A worker process: answer query requests from ``conn`` until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    store = ReopeningStore(Path(folder))
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        remaining = request.pop("timeout", None)
        deadline = time.monotonic() + remaining if remaining is not None else float("inf")
        conn.send(answer(store.oxigraph, deadline=deadline, **request))


class _Worker:
    def __init__(self, process, conn) -> None:
        self.process = process
        self.conn = conn
        self.ready = False  # has opened the store and not been killed since


class WorkerPool:
    """``size`` worker processes over the store folder ``folder`` (see the module docstring)."""

    def __init__(self, folder: Path, *, size: int = 4, start_timeout: float = 60.0) -> None:
        self.folder = Path(folder)
        self.size = size
        self._ctx = multiprocessing.get_context("spawn")  # never fork a process that runs threads
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()  # the warmest worker first
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.replaced = 0  # workers killed at a deadline or found dead
        starting = [self._spawn() for _ in range(size)]
        for worker in starting:
            self._wait_ready(worker, start_timeout)

    # ---- processes

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=_serve_queries, args=(child, str(self.folder)), daemon=True,
                                    name="kg-sparql-worker")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _wait_ready(self, worker: _Worker, timeout: float) -> None:
        """Put the worker in the pool once it has opened the store (or drop it if it failed)."""
        try:
            ready = worker.conn.poll(timeout) and worker.conn.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if ready and not self._closed:
            with self._lock:
                worker.ready = True
            self._idle.put(worker)
        else:
            self._kill(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start another in the background."""
        self._kill(worker)
        self.replaced += 1
        if self._closed:
            return
        fresh = self._spawn()
        threading.Thread(target=self._wait_ready, args=(fresh, 60.0), daemon=True,
                         name="kg-sparql-worker-start").start()

    def _kill(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
            worker.ready = False
        with contextlib.suppress(OSError, ValueError):
            worker.process.kill()
            worker.process.join(5)
        with contextlib.suppress(OSError):
            worker.conn.close()

    @property
    def ready(self) -> int:
        """Workers that can take a query (busy or idle); one being replaced does not count."""
        with self._lock:
            return sum(1 for w in self._workers if w.ready)

    @property
    def pids(self) -> list[int]:
        with self._lock:
            return sorted(w.process.pid for w in self._workers if w.process.pid is not None)

    # ---- queries

    def run(self, request: dict, timeout: float) -> Answer | None:
        """Answer one request (keyword arguments of :func:`kg.sparql.evaluate.answer`) in a worker.

        Blocks the calling thread (the endpoint calls it from a thread pool).  Returns None when
        the deadline passed, waiting for a worker or for its answer; the worker is then killed.
        """
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=max(0.0, timeout))
        except queue.Empty:
            return None
        try:
            worker.conn.send({**request, "timeout": max(0.0, deadline - time.monotonic())})
            if worker.conn.poll(max(0.0, deadline - time.monotonic())):
                reply = worker.conn.recv()
                self._idle.put(worker)
                return reply
        except (EOFError, OSError) as err:  # the worker died: crashed, or killed from outside
            self._replace(worker)
            return Answer(500, f"the query worker died ({err or 'no answer'}); retry the query\n".encode(),
                          "text/plain; charset=utf-8")
        self._replace(worker)
        return None

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._workers)
        for worker in workers:
            self._kill(worker)
