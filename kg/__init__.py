"""kg: a knowledge graph of organizations, people and events from Chinese bulletins and news.

    >>> import kg
    >>> graph = kg.extract(["data/sample/bulletin_2024_03.txt"])   # an rdflib Dataset

The stages, in the order data flows: ``kg.ingest`` (files to Documents),
``kg.nlp`` (spaCy pipeline), ``kg.rules`` (posts, events, roles),
``kg.resolve`` (one entity per real thing), ``kg.graph`` (RDF),
``kg.store`` / ``kg.sparql`` / ``kg.viz`` (serving and viewing).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["extract", "build", "load_document", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from kg.ingest import load_document
    from kg.orchestrate import build, extract


def __getattr__(name: str):
    # the stages load spaCy and friends: import them only when asked for
    if name in ("extract", "build"):
        from kg import orchestrate

        return getattr(orchestrate, name)
    if name == "load_document":
        from kg.ingest import load_document

        return load_document
    raise AttributeError(name)
