"""The public names that used to live here, kept for code that imports them from ``kg.pipeline``.

The stages are wired in :mod:`kg.orchestrate`; the workers are in :mod:`kg.workers`, the report in
:mod:`kg.report`, graph files in :mod:`kg.graph.serialize`, each document's graph and person identity
in :mod:`kg.graph.document`, the store's batches in :mod:`kg.store.ingest`.
"""

from kg.graph.document import DocumentGraph, add_to_dataset
from kg.graph.serialize import RDF_FORMATS, write_graph
from kg.orchestrate import build, extract, extract_to_file
from kg.report import FileResult, Report, counts_of
from kg.workers import Resources, extract_document, load_resources, resources_loaded

__all__ = ["Resources", "load_resources", "resources_loaded", "extract_document", "extract", "extract_to_file",
           "build", "Report", "FileResult", "counts_of", "write_graph", "RDF_FORMATS", "DocumentGraph",
           "add_to_dataset"]
