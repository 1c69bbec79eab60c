"""Where the views and the analytics read the graph from: a graph file or the store.

Both give an rdflib ``Dataset`` whose default graph is the union of the named
graphs (one per document), so the queries in :mod:`kg.viz.model` see everything.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from kg.errors import InputError, StoreError, UnreadableFile, UnsupportedFormat

__all__ = ["FORMATS", "read_graph", "load_dataset"]

FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nq": "nquads",
    ".nt": "nt",
    ".jsonld": "json-ld",
}


def read_graph(path: Path) -> Dataset:
    """Parse a graph file (the extension picks the format) into a union-default Dataset."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormat(
            path, f"no graph format for '{path.suffix}'", hint="give a .ttl, .trig, .nq, .nt or .jsonld file"
        )
    if not path.is_file():
        raise UnreadableFile(path, "no such graph file")
    ds = Dataset(default_union=True)
    try:
        ds.parse(path, format=fmt)
    except Exception as err:  # rdflib raises many kinds; report one
        raise InputError(path, f"cannot parse as {fmt}: {err}", hint="check the file's syntax") from err
    return ds


def load_dataset(*, store_dir: Path | None, graph_file: Path | None) -> Dataset:
    """The graph to view: ``graph_file`` when given, else the store in ``store_dir``."""
    if graph_file is not None:
        return read_graph(graph_file)
    if store_dir is None:
        raise StoreError("no graph to read: give --graph FILE or --store DIR")
    try:
        from kg.store import open_store
    except ImportError as err:  # pragma: no cover - the store is written by another stage
        raise StoreError(f"the store module is not available ({err}); use --graph FILE") from err
    with open_store(store_dir, create=False, read_only=True) as st:
        ds = st.to_dataset()
    ds.default_union = True
    return ds
