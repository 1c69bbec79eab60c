"""One document's graph as kg build and kg extract make it, with each person's IRI from identity.

The graph is built in the extraction worker with each person's default IRI (:func:`built`).  Identity
(kg.resolve.identity) is asked in the parent, one document after the other, from the Extraction's
persons and the organizations they hold posts in (:func:`person_orgs`); when it gives a person another
IRI (a namesake of someone with other bodies: rare), the graph is built again from the Extraction
with the IRIs decided (:func:`identified`).  Nothing is rewritten in serialized bytes.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass

from rdflib import Dataset, URIRef

from kg.errors import KgError
from kg.model import Extraction
from kg.report import FileResult, file_result

__all__ = ["DocumentGraph", "Built", "built", "document_graph", "identified", "add_to_dataset", "person_orgs"]


@dataclass(frozen=True)
class DocumentGraph:
    """One document's graph as the store and graph.trig take it."""

    nquads: bytes        # every quad in the document's graph (kg.store.document_nquads)
    trig: bytes | None   # the same quads as TriG, to append to graph.trig (None: not wanted)


@dataclass(frozen=True)
class Built:
    """What a worker sends back to kg build for one document: its graph, built with each person's
    default IRI, what identity and the report need, and the Extraction (pickled: it is unpickled in
    the parent only when identity changes an IRI)."""

    doc_id: str
    content_hash: str
    result: FileResult  # status "new"; "updated" when it replaces a version already stored
    person_orgs: dict[str, frozenset[str]]  # person key -> IRIs of the bodies they hold posts in
    graph: DocumentGraph | None  # None: the graph could not be built (``error`` says why)
    error: str | None = None
    extraction: bytes = b""  # pickle of the Extraction


def person_orgs(ex: Extraction) -> dict[str, frozenset[str]]:
    """Person key -> IRIs of the (absolute) organizations they hold posts in: what identity weighs."""
    from kg.graph.build import IriMinter
    from kg.resolve import is_relative

    orgs: dict[str, set[str]] = {}
    for p in ex.posts:
        if p.org and not is_relative(p.org):
            orgs.setdefault(p.person, set()).add(str(IriMinter.org(p.org, ex.document.doc_id, False)))
    return {k: frozenset(orgs.get(k, ())) for k in ex.persons}


def document_graph(ex: Extraction, persons: dict[str, str], trig: bool = True) -> DocumentGraph:
    """The document's named graph, person IRIs given: checked N-Quads and TriG."""
    import pyoxigraph as ox

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


def _default_iris(ex: Extraction) -> dict[str, str]:
    from kg.resolve.identity import PersonRegistry

    return {k: str(PersonRegistry.default_iri(k)) for k in ex.persons}


def built(path: str, ex: Extraction, secs: float, trig: bool = True) -> Built:
    """Runs in the extraction worker: the document's graph with default person IRIs."""
    h = hashlib.sha256(ex.document.text.encode("utf-8")).hexdigest()
    result = file_result(path, "new", ex, secs)
    orgs = person_orgs(ex)
    try:
        graph = document_graph(ex, _default_iris(ex), trig)
    except KgError as err:
        return Built(ex.document.doc_id, h, result, orgs, None, f"{path}: {err}")
    return Built(ex.document.doc_id, h, result, orgs, graph,
                 extraction=pickle.dumps(ex, protocol=pickle.HIGHEST_PROTOCOL))


def identified(b: Built, registry) -> DocumentGraph:
    """The worker's graph if identity keeps every default person IRI, else the graph built again from
    the Extraction with the IRIs identity gives (in the parent, one document after the other)."""
    from kg.resolve.identity import PersonRegistry

    if hasattr(registry, "prefetch"):
        registry.prefetch(b.person_orgs)
    given = {key: str(registry.iri(key, orgs)) for key, orgs in b.person_orgs.items()}
    if all(iri == str(PersonRegistry.default_iri(key)) for key, iri in given.items()):
        return b.graph
    ex: Extraction = pickle.loads(b.extraction)
    return document_graph(ex, given, b.graph.trig is not None)


def add_to_dataset(ex: Extraction, registry, ds: Dataset | None = None) -> Dataset:
    """The document's named graph, persons identified through ``registry`` (a PersonRegistry)."""
    from kg.graph.build import IriMinter, extraction_graph

    orgs = person_orgs(ex)
    minter = IriMinter(lambda name, _: registry.iri(name, orgs.get(name, frozenset())))
    return extraction_graph(ex, minter, ds)
