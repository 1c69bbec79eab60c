"""The persistent store: pyoxigraph on disk, one named graph per document, incremental ingest.

    with open_store(Path("data/store")) as store:
        if store.content_hash(doc) != new_hash:
            store.replace_document(graph, doc, new_hash, quads, source=path)

See :mod:`kg.store.store` for the layout and the guarantees.
"""

from kg.store.store import (
    DOC_PREFIX,
    GRAPH_PREFIX,
    META_GRAPH,
    DocumentInfo,
    KgStore,
    NewDocument,
    doc_iri,
    document_nquads,
    graph_iri,
    open_store,
)

__all__ = ["open_store", "KgStore", "DocumentInfo", "NewDocument", "document_nquads", "graph_iri", "doc_iri", "META_GRAPH", "GRAPH_PREFIX",
           "DOC_PREFIX"]
