"""Graphs to files: ``kg extract``'s one file, and ``graph.trig`` of ``kg build`` (appended as documents go
into the store, or exported from it), each written to a temporary file and renamed into place.

Files are created with the permissions the umask gives (0644 under umask 022), like any file a
Unix tool writes, never left half-written, and never left behind by a failed write.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import OutputError

__all__ = ["RDF_FORMATS", "atomic_write", "write_graph", "TrigAppender", "export_graph", "store_stamp",
           "check_graph_format"]

RDF_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt", ".jsonld": "json-ld",
               ".json": "json-ld"}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _temporary(path: Path) -> Path:
    """An empty temporary file beside ``path``, with the mode a new file of the umask gets."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
    finally:
        os.close(fd)
    return Path(tmp)


def atomic_write(path: Path, write) -> None:
    """``write(tmp)`` fills a temporary file beside ``path``, which then replaces ``path`` in one rename;
    on any failure the temporary file is removed and ``path`` is as it was."""
    tmp = _temporary(path)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def check_graph_format(path: Path) -> str:
    fmt = RDF_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise OutputError(f"{path}: unknown graph format '{Path(path).suffix}'; use one of "
                          f"{', '.join(sorted(RDF_FORMATS))}")
    return fmt


def write_graph(ds: Dataset, path: Path) -> None:
    """Serialize by extension; .ttl and .nt hold the union of the document graphs."""
    fmt = check_graph_format(path)

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
        atomic_write(Path(path), write)
    except OSError as err:
        raise OutputError(f"{path}: cannot write the graph: {err}") from None


# --- graph.trig beside a store ------------------------------------------------------------------


def store_stamp(store) -> str | None:
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


def export_is_current(store, path: Path, stamp: str | None) -> bool:
    """Does ``path`` show this store as of the write ``stamp`` records?"""
    state = _export_state(path)
    folder = str(Path(store.folder).resolve()) if store.folder else None
    return folder is not None and path.exists() and state.get("store") == folder and state.get("stamp") == stamp


def _write_export_state(store, path: Path) -> None:
    """Record next to ``path`` which store, as of which write, it shows."""
    folder = str(Path(store.folder).resolve()) if store.folder else None
    state = {"store": folder, "stamp": store_stamp(store)}
    atomic_write(path.with_name(f".{path.name}.state"),
                 lambda tmp: tmp.write_text(json.dumps(state), encoding="utf-8"))


def export_graph(store, path: Path) -> None:
    """Write the store's document graphs to ``path`` as TriG, unless it is already up to date.

    ``path`` is up to date with the store as of the stamp recorded next to it (``.graph.trig.state``:
    which store, which write): then nothing is done (an unchanged rerun).  Otherwise the whole store,
    graph after graph, streamed by pyoxigraph (no copy of the store in memory).  (kg build appends
    new documents to an up-to-date file as it goes: :class:`TrigAppender`.)  The merged default
    graph is not written: it is the set union of these graphs (kg.store.merged).
    """
    import pyoxigraph as ox

    from kg.graph.vocab import PREFIXES

    if export_is_current(store, path, store_stamp(store)):
        return
    db = store.oxigraph
    graphs = [ox.NamedNode(g) for g in store.graphs()]

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as f:
            ox.serialize((q for g in graphs for q in db.quads_for_pattern(None, None, None, g)),
                         output=f, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)

    try:
        atomic_write(path, write)
        _write_export_state(store, path)
    except OSError as err:
        raise OutputError(f"{path}: cannot write the graph: {err}") from None


class TrigAppender:
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
    def start(cls, store, path: Path, stamp_before: str | None) -> TrigAppender | None:
        current = export_is_current(store, path, stamp_before)
        if not current and store.graphs():
            return None
        tmp = _temporary(path)
        if current:
            shutil.copyfile(path, tmp)
        return cls(path, tmp)

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
