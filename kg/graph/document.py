"""One document's graph as kg build and kg extract make it, with each person's IRI from identity.

The graph is built in the extraction worker with each person's default IRI (:func:`built`).  Identity
(kg.resolve.identity) is asked in the parent, one document after the other, from what the Extraction
shows of each person (:func:`person_evidence`: bodies and their parents, titles, year, publisher, the
other persons named); when it gives a person another IRI (a namesake of someone known: rare) or an
unsure ``skos:closeMatch`` candidate, the graph is built again from the Extraction with the IRIs decided
(:func:`identified`).  Nothing is rewritten in serialized bytes.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass

from rdflib import Dataset, URIRef
from rdflib.namespace import SKOS

from kg.errors import KgError
from kg.model import Extraction, PersonEvidence
from kg.report import FileResult, file_result

__all__ = ["DocumentGraph", "Built", "built", "document_graph", "identified", "add_to_dataset",
           "person_evidence"]


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
    evidence: dict[str, PersonEvidence]  # person key -> what identity weighs
    graph: DocumentGraph | None  # None: the graph could not be built (``error`` says why)
    error: str | None = None
    extraction: bytes = b""  # pickle of the Extraction


def person_evidence(ex: Extraction) -> dict[str, PersonEvidence]:
    """Person key -> what this document shows of them, each part as the document's graph states it
    (so that a store gives back the same from the graph: ``KgStore.person_evidence_many``): the IRIs of
    the bodies of their posts and of those bodies' parents (not of a body named relative to the
    document and left so, 区政府: it is nobody else's), their titles, the document's year and
    publisher, and the names of the persons named in the same article (for a person credited, 编辑 or
    记者, everyone the document names; a credited person is nobody else's companion)."""
    from kg.graph.build import organization_iri
    from kg.resolve import org_key

    doc = ex.document

    def relative(key: str) -> bool:  # 区政府 left unresolved: a body of this document only, no evidence
        return organization_iri(key, doc.doc_id) != organization_iri(key, "")

    orgs: dict[str, set[str]] = {}
    kin: dict[str, set[str]] = {}
    titles: dict[str, set[str]] = {}
    for p in ex.posts:
        if p.person not in ex.persons:
            continue
        titles.setdefault(p.person, set()).add(p.title)
        if p.org and not relative(p.org):
            orgs.setdefault(p.person, set()).add(str(organization_iri(p.org, doc.doc_id)))
            parent = ex.organizations[p.org].parent if p.org in ex.organizations else None
            if parent and parent in ex.organizations and not relative(parent):
                kin.setdefault(p.person, set()).add(str(organization_iri(parent, doc.doc_id)))
    years = frozenset({doc.date.year} if doc.date is not None and doc.date.year is not None else ())
    publishers = frozenset({str(organization_iri(org_key(doc.publisher), doc.doc_id))} if doc.publisher else ())
    credited = {r.person for r in ex.document_roles}
    # where each person is named: the articles of their (first 20, as the graph keeps) mentions, or the
    # document for a mention outside any article
    where: dict[str, set[int]] = {}
    for k, person in ex.persons.items():
        for m in person.mentions[:20]:
            art = doc.article_at(m.span.start)
            where.setdefault(k, set()).add(-1 if art is None else art.index)
    every = {k: p.name for k, p in ex.persons.items()}

    def companions(k: str) -> frozenset[str]:
        if k in credited:  # an editor's company: everyone the document names
            return frozenset(n for other, n in every.items() if other != k)
        return frozenset(n for other, n in every.items()
                         if other != k and other not in credited and where.get(other, set()) & where.get(k, set()))

    return {k: PersonEvidence(k, frozenset(orgs.get(k, ())), frozenset(kin.get(k, ())),
                              frozenset(titles.get(k, ())), years, companions(k), publishers)
            for k in ex.persons}


def _close_match_nquads(ex: Extraction, close: dict[str, str], persons: dict[str, str]) -> bytes:
    from kg.graph.build import graph_iri

    g = graph_iri(ex.document.doc_id)
    return "".join(f"<{persons[k]}> <{SKOS.closeMatch}> <{other}> <{g}> .\n"
                   for k, other in sorted(close.items())).encode("utf-8")


def document_graph(ex: Extraction, persons: dict[str, str], trig: bool = True,
                   close: dict[str, str] | None = None) -> DocumentGraph:
    """The document's named graph, person IRIs given (and, in ``close``, the person a person of this
    document may also be: ``skos:closeMatch``): checked N-Quads and TriG."""
    import pyoxigraph as ox

    from kg.graph.build import IriMinter, extraction_nquads, graph_iri
    from kg.graph.vocab import PREFIXES
    from kg.store import document_nquads

    data = extraction_nquads(ex, IriMinter(lambda name, orgs: URIRef(persons[name])))
    if close:
        data += _close_match_nquads(ex, close, persons)
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
    evidence = person_evidence(ex)
    try:
        graph = document_graph(ex, _default_iris(ex), trig)
    except KgError as err:
        return Built(ex.document.doc_id, h, result, evidence, None, f"{path}: {err}")
    return Built(ex.document.doc_id, h, result, evidence, graph,
                 extraction=pickle.dumps(ex, protocol=pickle.HIGHEST_PROTOCOL))


def identified(b: Built, registry) -> DocumentGraph:
    """The worker's graph if identity keeps every default person IRI and is sure of each, else the graph
    built again from the Extraction with the IRIs and closeMatch candidates identity gives (in the
    parent, one document after the other)."""
    from kg.resolve.identity import PersonRegistry

    if hasattr(registry, "prefetch"):
        registry.prefetch(b.evidence)
    decided = {key: registry.decide(ev) for key, ev in b.evidence.items()}
    if all(d.iri == PersonRegistry.default_iri(key) and d.close_match is None for key, d in decided.items()):
        return b.graph
    ex: Extraction = pickle.loads(b.extraction)
    persons = {k: str(d.iri) for k, d in decided.items()}
    close = {k: str(d.close_match) for k, d in decided.items() if d.close_match is not None}
    if not close:
        return document_graph(ex, persons, b.graph.trig is not None)
    return document_graph(ex, persons, b.graph.trig is not None, close=close)


def add_to_dataset(ex: Extraction, registry, ds: Dataset | None = None) -> Dataset:
    """The document's named graph, persons identified through ``registry`` (a PersonRegistry)."""
    from kg.graph.build import IriMinter, extraction_graph, graph_iri

    evidence = person_evidence(ex)
    if hasattr(registry, "prefetch"):
        registry.prefetch(evidence)
    decided = {key: registry.decide(ev) for key, ev in evidence.items()}
    minter = IriMinter(lambda name, _: decided[name].iri)
    ds = extraction_graph(ex, minter, ds)
    g = ds.graph(graph_iri(ex.document.doc_id))
    for d in decided.values():
        if d.close_match is not None:
            g.add((d.iri, SKOS.closeMatch, d.close_match))
    return ds
