"""Reading the first files while kg build loads the model.

Loading the spaCy pipeline takes about a second on one core, and before it is loaded nothing can be
extracted: with ``--jobs 2`` the other core would idle.  A read-ahead process, forked before the
model loads (so it is small and quick to start), reads files in input order (kg.ingest:
decoding, layout, sections) and appends each Document, pickled, to a spool file.  Once the model
is loaded, kg build stops it and hands each worker the Document it would otherwise read itself.

The read-ahead is only a head start, never a stage anything waits for: a file it could not read,
or did not reach, is read by the worker as usual (which reports what is wrong with it); if it is
stuck in a file when told to stop, it is killed, and a record it was writing is ignored.

Spool records: index in the input (4 bytes), seconds it took to read (8), length (4), pickle.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import struct
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

__all__ = ["ReadAhead"]

_HEADER = struct.Struct("<IdI")
MAX_FILES = 2048  # the read-ahead stops after this many files (it runs about a second anyway)
MAX_BYTES = 64 << 20  # ... or this much spool (the Documents wait in memory until a worker takes them)


def _read(paths: Sequence[str], spool: str, stop, done, parent: int) -> None:
    """The read-ahead process: Documents into the spool, in input order, until ``stop`` is set.  If
    the parent is gone (killed while it loaded the model), it removes the spool and ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it kills us
    from kg.ingest import load_document

    def orphaned() -> bool:
        if os.getppid() == parent:
            return False
        with contextlib.suppress(OSError):
            os.unlink(spool)
        return True

    written = 0
    with open(spool, "ab", buffering=0) as out:
        for i, path in enumerate(paths):
            if orphaned() or stop.is_set() or written >= MAX_BYTES:
                break
            t0 = time.perf_counter()
            try:
                doc = load_document(Path(path))
                data = pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: S112  the worker reads it again and reports what is wrong
                continue
            out.write(_HEADER.pack(i, time.perf_counter() - t0, len(data)) + data)  # one write a record
            written += _HEADER.size + len(data)
    done.set()
    while not stop.wait(0.05) and not orphaned():  # done early: the parent takes the spool, or it goes
        pass


class ReadAhead:
    """A read-ahead process over ``paths``; :meth:`documents` stops it and returns what it read."""

    def __init__(self, paths: Sequence[Path | str]) -> None:
        fd, self.spool = tempfile.mkstemp(prefix="kg-read-ahead-", suffix=".spool")
        os.close(fd)
        ctx = multiprocessing.get_context("fork")
        self._stop, self._done = ctx.Event(), ctx.Event()
        self._process = ctx.Process(target=_read, args=([str(p) for p in paths[:MAX_FILES]], self.spool, self._stop,
                                                         self._done, os.getpid()), daemon=True, name="kg-read-ahead")
        try:
            self._process.start()
        except BaseException:
            os.unlink(self.spool)
            raise

    @classmethod
    def start(cls, paths: Sequence[Path | str]) -> ReadAhead | None:
        """A read-ahead, or None where processes cannot be forked (it is only ever a head start)."""
        if "fork" not in multiprocessing.get_all_start_methods():
            return None
        try:
            return cls(paths)
        except OSError:
            return None

    def wait_read(self, timeout: float | None = None) -> bool:
        """Wait until it has read every file it will (or ``timeout`` passes); whether it has."""
        return self._done.wait(timeout)

    @property
    def running(self) -> bool:
        """Whether the process still runs (it waits for :meth:`documents` once it has read all)."""
        return self._process.is_alive()

    def documents(self, wait: float = 0.1) -> dict[int, tuple[float, bytes]]:
        """Stop reading; input index -> (seconds it took to read, pickled Document) of each file read.

        A process still in a file after ``wait`` seconds is killed; its last record may be cut
        short, and is left out."""
        self._stop.set()
        self._process.join(wait)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        found: dict[int, tuple[float, bytes]] = {}
        try:
            with open(self.spool, "rb") as f:
                while len(header := f.read(_HEADER.size)) == _HEADER.size:
                    index, secs, size = _HEADER.unpack(header)
                    if len(data := f.read(size)) < size:
                        break
                    found[index] = (secs, data)
        except OSError:
            pass  # nothing read ahead: the workers read every file
        finally:
            self.close()
        return found

    def close(self) -> None:
        """Stop the process (if it still runs) and remove the spool."""
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        with contextlib.suppress(OSError):
            os.unlink(self.spool)
