"""The vocabularies the graph speaks, as closed namespaces: a misspelt term fails at once.

``ontology/kg.ttl`` is the one source of our own terms (KGO); a test checks that
every term declared here is declared there and the other way round.
Reused vocabularies: schema.org (persons, events, places, documents),
W3C ORG (organizations, posts, roles), SKOS (labels), PROV-O, Dublin Core.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = ["SDO", "KGO", "KGR", "ORG", "SKOS", "PROV", "RDF", "RDFS", "XSD", "OWL", "DCTERMS",
           "KGO_IRI", "KGR_IRI", "PREFIXES", "bind_prefixes"]

KGO_IRI = "https://w3id.org/zhkg/ontology#"
KGR_IRI = "https://w3id.org/zhkg/id/"


class SDO(DefinedNamespace):
    """The schema.org terms kg uses (closed, unlike rdflib's own SDO)."""

    _NS = Namespace("https://schema.org/")
    _fail = True

    Person: URIRef
    Place: URIRef
    Event: URIRef
    EducationEvent: URIRef
    Organization: URIRef
    CreativeWork: URIRef
    PublicationIssue: URIRef
    NewsArticle: URIRef
    Article: URIRef
    name: URIRef
    alternateName: URIRef
    headline: URIRef
    text: URIRef
    startDate: URIRef
    endDate: URIRef
    location: URIRef
    attendee: URIRef
    organizer: URIRef
    contributor: URIRef
    datePublished: URIRef
    publisher: URIRef
    issueNumber: URIRef
    editor: URIRef
    author: URIRef
    hasPart: URIRef
    isPartOf: URIRef
    position: URIRef
    about: URIRef
    sourceOrganization: URIRef
    jobTitle: URIRef
    encodingFormat: URIRef


class KGO(DefinedNamespace):
    """kg's own ontology (ontology/kg.ttl)."""

    _NS = Namespace(KGO_IRI)
    _fail = True

    # classes
    Document: URIRef
    Bulletin: URIRef
    NewsItem: URIRef
    Mention: URIRef
    Participation: URIRef
    EventRole: URIRef
    Meeting: URIRef
    Symposium: URIRef
    Visit: URIRef
    Training: URIRef
    Ceremony: URIRef
    Congress: URIRef
    Forum: URIRef
    Salon: URIRef
    Launch: URIRef
    Exhibition: URIRef
    Activity: URIRef
    # documents and articles
    section: URIRef
    cumulativeIssueNumber: URIRef
    volumeYear: URIRef
    contentHash: URIRef
    sourcePath: URIRef  # store bookkeeping (_meta graph): the file a document was read from
    reviewer: URIRef
    reporter: URIRef
    attribution: URIRef
    reportedIn: URIRef
    # provenance
    denotedBy: URIRef
    inDocument: URIRef
    inArticle: URIRef
    startChar: URIRef
    endChar: URIRef
    anchorOf: URIRef
    sentence: URIRef
    # posts
    observedOn: URIRef
    # event roles: sub-properties of schema:attendee / schema:organizer
    chair: URIRef
    speaker: URIRef
    delegationLeader: URIRef
    guide: URIRef
    accompanist: URIRef
    participant: URIRef
    electedMember: URIRef
    receiver: URIRef
    host: URIRef
    undertaker: URIRef
    coOrganizer: URIRef
    participatingOrganization: URIRef
    # reified participation (carries provenance)
    hasParticipation: URIRef
    agent: URIRef
    roleKind: URIRef
    eventType: URIRef
    # the merged graph (kg.store.merged): derived once from every document graph
    extractionCounts: URIRef  # store bookkeeping (_meta graph): what was found in a document
    MergedGraph: URIRef
    mergePending: URIRef  # store bookkeeping (_meta graph): a document graph the merged graph awaits
    firstSeen: URIRef
    lastSeen: URIRef
    CoAttendance: URIRef
    coAttendee: URIRef
    sharedEvents: URIRef
    topPair: URIRef  # the kept ranking of co-attendances (kg.store.merged.RANKING)


KGR = Namespace(KGR_IRI)

PREFIXES: dict[str, str] = {
    "schema": "https://schema.org/",
    "org": str(ORG),
    "skos": str(SKOS),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": str(XSD),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "kgo": KGO_IRI,
    "kgr": KGR_IRI,
}


def bind_prefixes(graph) -> None:
    """Bind our prefixes on an rdflib Graph or Dataset (replacing rdflib's defaults)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
