"""Wires the stages: files -> Documents -> Extractions -> RDF -> a file, or the store.

    kg.extract(["a.txt", "b.docx"])          -> rdflib Dataset (one named graph per document)
    extract_to_file(paths, Path("x.ttl"))    -> Report   (kg extract)
    build(inputs, Path("out"), store_dir=…)  -> Report   (kg build: store, graph file, report, errors)

The parts live where their stage does: the workers and the budget of a file in :mod:`kg.workers`,
each document's graph and person identity in :mod:`kg.graph.document`, files in
:mod:`kg.graph.serialize`, the store's batches in :mod:`kg.store.ingest` (and the merged graph in
:mod:`kg.store.merged`), the report in :mod:`kg.report`.  A bad file never stops a batch: it becomes
one line in the report's failures.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import Dataset

from kg import workers
from kg.errors import InputError, KgError
from kg.graph import document as docgraph
from kg.graph.serialize import TrigAppender, check_graph_format, export_graph, store_stamp, write_graph
from kg.read_ahead import ReadAhead
from kg.report import FileResult, Report, file_result, print_report, write_reports

__all__ = ["extract", "extract_to_file", "build", "READ_AHEAD_MIN"]

READ_AHEAD_MIN = 16  # kg build --jobs N reads ahead while the model loads when given this many files


def extract(paths: Iterable[Path | str], *, config: Path | None = None) -> Dataset:
    """The graph of these documents (Python API of ``kg extract``).  Raises on the first bad file."""
    from kg.resolve.identity import PersonRegistry

    ds = Dataset()
    registry = PersonRegistry()
    for path, status, payload, _ in workers.run_files([Path(p) for p in paths], config, 1):
        if status == "failed":
            raise InputError(path, payload.split(": ", 1)[-1], hint="")
        docgraph.add_to_dataset(payload, registry, ds)
    return ds


def extract_to_file(files: Sequence[Path], output: Path, *, config: Path | None = None) -> Report:
    """``kg extract``: the graph of just these documents, in the format of ``output``'s extension.
    No document extracted: no file written (an existing one is left as it was)."""
    from kg.resolve.identity import PersonRegistry

    check_graph_format(Path(output))
    report = Report()
    paths, missing = workers.input_files(files)
    report.files.extend(missing)
    ds = Dataset()
    registry = PersonRegistry()
    for path, status, payload, secs in workers.run_files(paths, config, 1):
        if status == "failed":
            report.files.append(FileResult(path, "failed", error=payload, seconds=secs))
            continue
        docgraph.add_to_dataset(payload, registry, ds)
        report.files.append(file_result(path, "extracted", payload, secs))
    if any(f.status == "extracted" for f in report.files):
        write_graph(ds, Path(output))
    return report


def _no_documents(inputs: Sequence[Path], missing: list[FileResult]) -> None:
    """Nothing to read at all: one error naming the paths the user gave (a path that does not exist
    is reported in the report instead, like any bad file)."""
    if any(not Path(f.path).exists() for f in missing):
        return
    raise InputError(", ".join(str(p) for p in inputs) or ".", "no documents found",
                     hint="give files or folders of .txt .md .html .docx .pdf")


def build(inputs: Sequence[Path], output: Path, *, store_dir: Path, jobs: int = 1, config: Path | None = None,
          force: bool = False, quiet: bool = False, budget: workers.Budget | None = None) -> Report:
    """``kg build``: extract into the store incrementally; write graph.trig, report.json/.md and errors.txt."""
    from kg.resolve.identity import PersonRegistry
    from kg.store import open_store
    from kg.store.ingest import WRITE_BATCH, Ingest

    output = Path(output)
    paths, missing = workers.input_files(inputs)
    if not paths:
        _no_documents(list(inputs), missing)
    report = Report(files=list(missing))
    # fail early and clearly if the model cannot load, before any work; with more than one job, a
    # process of its own reads the first files meanwhile (kg.read_ahead)
    read: dict[int, tuple[float, bytes]] = {}
    if paths:
        worth_it = jobs > 1 and len(paths) >= READ_AHEAD_MIN and not workers.resources_loaded(config)
        read_ahead = ReadAhead.start(paths) if worth_it else None
        try:
            workers.load_resources(config)
        finally:
            if read_ahead is not None:
                read = read_ahead.documents()
        # the model and lexicons live as long as the process: keep the collector from walking them
        # again and again (and, in forked workers, from copying their pages)
        gc.freeze()
    with open_store(Path(store_dir)) as store:
        stamp_before = store_stamp(store)
        trig = TrigAppender.start(store, output / "graph.trig", stamp_before) if paths else None
        ingest = Ingest(store, report, trig, batch=WRITE_BATCH, background=jobs > 1 and len(paths) > 1)
        # Documents flow in input order through: extraction and the document's graph, built with
        # each person's default IRI (worker processes) -> person identity (here, on the Extraction's
        # persons; the graph is built again for the rare document where it changes an IRI) -> the
        # store (Ingest: batches written by a thread of their own when jobs > 1).  The result is that
        # of one document after the other, whatever ``jobs``: identity learns what the store held
        # before this run plus what the registry minted since, and a document that replaces an
        # earlier version (and so removes persons) is written before the next document's identity
        # is asked.
        registry = PersonRegistry(lookup=lambda name: store.person_evidence_many([name])[name],
                                  lookup_many=store.person_evidence_many, companions=store.person_companions)
        then = functools.partial(docgraph.built, trig=trig is not None)
        try:
            with workers.progress(len(paths), "extracting") as bar:
                task = bar.add_task("files", total=len(paths))
                for path, status, payload, secs in workers.run_files(paths, config, jobs, ingest.known, force,
                                                                     then, read, budget):
                    bar.advance(task)
                    if status == "extracted" and payload.graph is None:
                        status, payload = "failed", payload.error  # its graph could not be built
                    if status != "extracted":
                        ingest.add(path, status, payload, secs)
                        continue
                    try:
                        graph = docgraph.identified(payload, registry)
                    except KgError as err:
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
            export_graph(store, output / "graph.trig")
        report.in_store = store.entity_counts()
    write_reports(report, output, store_dir)
    if not quiet:
        print_report(report, output)
    return report
