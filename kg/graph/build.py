"""RDF from an Extraction: one named graph per document, in the shape of ../shared/eval/CONTRACT.md.

Every fact about an entity found in a document is asserted inside that
document's named graph (entities are re-asserted per document), so removing a
document's graph leaves nothing dangling.  Every person, post, event and role
points to a ``kgo:Mention`` (document, article, character span, sentence) through
``kgo:denotedBy``.  IRIs are minted deterministically from names and keys.
"""

from __future__ import annotations

import functools
import hashlib

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.graph.vocab import KGO, KGR, ORG, SDO, bind_prefixes
from kg.model import DocumentKind, EventType, Extraction, PartialDate, RoleKind, Span

__all__ = ["IriMinter", "extraction_graph", "extraction_nquads", "document_triples", "graph_iri", "document_iri", "ROLE_PROPERTY", "EVENT_CLASS"]

ROLE_PROPERTY: dict[RoleKind, URIRef] = {
    RoleKind.PRESIDED: KGO.chair,
    RoleKind.SPOKE: KGO.speaker,
    RoleKind.LED: KGO.delegationLeader,
    RoleKind.GUIDED: KGO.guide,
    RoleKind.ACCOMPANIED: KGO.accompanist,
    RoleKind.ATTENDED: KGO.participant,
    RoleKind.ELECTED: KGO.electedMember,
    RoleKind.RECEIVED: KGO.receiver,
    RoleKind.HOSTED: KGO.host,
    RoleKind.UNDERTOOK: KGO.undertaker,
    RoleKind.CO_ORGANIZED: KGO.coOrganizer,
    RoleKind.TOOK_PART: KGO.participatingOrganization,
}
EVENT_CLASS: dict[EventType, URIRef] = {t: getattr(KGO, t.value) for t in EventType}


def _h(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


def document_iri(doc_id: str) -> URIRef:
    return URIRef(f"{KGR}doc/{doc_id}")


def graph_iri(doc_id: str) -> URIRef:
    return URIRef(f"{KGR}graph/{doc_id}")


class IriMinter:
    """Deterministic IRIs.  Persons go through an identity resolver that may reuse an IRI across documents."""

    def __init__(self, person_iri=None) -> None:
        # person_iri(name_key, org_keys) -> URIRef; default: one person per name
        self._person_iri = person_iri or (lambda name, orgs: URIRef(f"{KGR}person/p-{_h(name)}"))

    def person(self, name_key: str, org_keys: frozenset[str]) -> URIRef:
        return self._person_iri(name_key, org_keys)

    @staticmethod
    def org(key: str, doc_id: str, relative: bool) -> URIRef:
        return URIRef(f"{KGR}org/o-{_h(doc_id, key) if relative else _h(key)}")

    @staticmethod
    def place(key: str) -> URIRef:
        return URIRef(f"{KGR}place/l-{_h(key)}")

    @staticmethod
    def event(doc_id: str, key: str) -> URIRef:
        return URIRef(f"{KGR}event/e-{_h(doc_id, key)}")

    @staticmethod
    def role(title: str) -> URIRef:
        return URIRef(f"{KGR}role/r-{_h(title)}")

    @staticmethod
    def post(person: URIRef, title: str, org: URIRef | None) -> URIRef:
        return URIRef(f"{KGR}post/t-{_h(str(person), title, str(org or ''))}")


def organization_iri(key: str, doc_id: str) -> URIRef:
    """An organization's IRI: one per name, or one per document for a name relative to it (市科协, 我所)."""
    from kg.resolve import is_relative

    return IriMinter.org(key, doc_id, is_relative(key) or key.startswith(("我", "本")))


def _date_literal(d: PartialDate) -> Literal:
    if d.year is None:
        return Literal(d.iso(), datatype=XSD.gMonthDay)
    return Literal(d.iso(), datatype=XSD.date)


class _Triples(list):
    """The triples of one document graph, collected before they go into rdflib or N-Quads."""

    def add(self, triple: tuple) -> None:
        self.append(triple)


def extraction_graph(ex: Extraction, minter: IriMinter | None = None, dataset: Dataset | None = None) -> Dataset:
    """Add the document's named graph to ``dataset`` (a new Dataset by default) and return the dataset."""
    ds = dataset if dataset is not None else Dataset()
    bind_prefixes(ds)
    g: Graph = ds.graph(graph_iri(ex.document.doc_id))
    for triple in dict.fromkeys(document_triples(ex, minter)):
        g.add(triple)
    return ds


def extraction_nquads(ex: Extraction, minter: IriMinter | None = None) -> bytes:
    """The document's named graph as N-Quads, written directly (no rdflib store on the way)."""
    gi = _nt(graph_iri(ex.document.doc_id))
    lines = dict.fromkeys(f"{_nt(s)} {_nt(p)} {_nt(o)} {gi} .\n" for s, p, o in document_triples(ex, minter))
    return "".join(lines).encode("utf-8")


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt(term) -> str:
    """A term in N-Triples syntax (rdflib's ``n3()`` writes Turtle's long strings for multi-line text)."""
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_NT_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None:
            return f"{text}^^<{term.datatype}>"
        return text
    return f"<{term}>"


# the terms of every mention, looked up once (a DefinedNamespace attribute costs microseconds, and a
# document has thousands of mention triples)
_MENTION, _IN_DOCUMENT, _IN_ARTICLE = KGO.Mention, KGO.inDocument, KGO.inArticle
_START_CHAR, _END_CHAR, _ANCHOR_OF, _SENTENCE = KGO.startChar, KGO.endChar, KGO.anchorOf, KGO.sentence


@functools.lru_cache(maxsize=4096)
def _integer(n: int) -> Literal:
    return Literal(n)


def document_triples(ex: Extraction, minter: IriMinter | None = None) -> list[tuple]:
    """Every triple of the document's graph (may repeat one; callers deduplicate)."""

    minter = minter or IriMinter()
    doc = ex.document
    g = _Triples()
    from kg.resolve import written_in_traditional

    lang = "zh-Hant" if written_in_traditional(doc) else "zh"

    def lit(s: str) -> Literal:
        return Literal(s, lang=lang)

    d = document_iri(doc.doc_id)
    g.add((d, RDF.type, KGO.Document))
    if doc.kind is DocumentKind.BULLETIN:
        g.add((d, RDF.type, KGO.Bulletin))
        g.add((d, RDF.type, SDO.PublicationIssue))
    else:
        g.add((d, RDF.type, KGO.NewsItem))
        g.add((d, RDF.type, SDO.NewsArticle))
    g.add((d, KGO.contentHash, Literal(hashlib.sha256(doc.text.encode("utf-8")).hexdigest())))
    if doc.title:
        g.add((d, SDO.name, lit(doc.title)))
    if doc.headline:  # a web page's own headline
        g.add((d, SDO.headline, lit(doc.headline)))
    label = doc.title or doc.headline or (doc.articles[0].title if doc.articles and doc.articles[0].title else doc.doc_id)
    if doc.issue and doc.issue.number:
        label = f"{label} {doc.issue.year or ''}年第{doc.issue.number}期".replace(" 年", " ")
        g.add((d, SDO.issueNumber, Literal(doc.issue.number)))
        if doc.issue.total_number:
            g.add((d, KGO.cumulativeIssueNumber, Literal(doc.issue.total_number)))
        if doc.issue.year:
            g.add((d, KGO.volumeYear, Literal(doc.issue.year)))
    g.add((d, RDFS.label, lit(label)))
    if doc.date:
        g.add((d, SDO.datePublished, _date_literal(doc.date)))

    def org_iri(key: str) -> URIRef:
        return organization_iri(key, doc.doc_id)

    sentence_cache: dict[int, str] = {}

    def sentence(span: Span) -> str:
        a = span.start
        while a > 0 and doc.text[a - 1] not in "。！？!?\n":
            a -= 1
        if a in sentence_cache:
            return sentence_cache[a]
        b = span.end
        while b < len(doc.text) and doc.text[b] not in "。！？!?\n":
            b += 1
        s = doc.text[a : min(len(doc.text), b + 1)].strip()
        sentence_cache[a] = s
        return s

    made: set[tuple[int, int]] = set()

    def mention(span: Span) -> URIRef:
        m = URIRef(f"{KGR}doc/{doc.doc_id}/m/{span.start}-{span.end}")
        if (span.start, span.end) not in made:
            made.add((span.start, span.end))
            g.add((m, RDF.type, _MENTION))
            g.add((m, _IN_DOCUMENT, d))
            art = doc.article_at(span.start)
            if art is not None:
                g.add((m, _IN_ARTICLE, article_iris[art.index]))
            g.add((m, _START_CHAR, _integer(span.start)))
            g.add((m, _END_CHAR, _integer(span.end)))
            g.add((m, _ANCHOR_OF, lit(doc.text[span.start : span.end])))
            g.add((m, _SENTENCE, lit(sentence(span))))
        return m

    article_iris: dict[int, URIRef] = {}
    for art in doc.articles:
        a = URIRef(f"{KGR}doc/{doc.doc_id}/article/{art.index + 1}")
        article_iris[art.index] = a
        g.add((a, RDF.type, SDO.Article))
        g.add((a, SDO.isPartOf, d))
        g.add((d, SDO.hasPart, a))
        g.add((a, SDO.position, Literal(art.index + 1)))
        if art.title:
            g.add((a, SDO.headline, lit(art.title)))
        if art.section:
            g.add((a, KGO.section, lit(art.section)))
        g.add((a, KGO.startChar, Literal(art.span.start)))
        g.add((a, KGO.endChar, Literal(art.span.end)))
        if art.source:
            g.add((a, KGO.attribution, lit(art.source)))

    # organizations
    for key, org in ex.organizations.items():
        o = org_iri(key)
        g.add((o, RDF.type, ORG.Organization))
        g.add((o, RDFS.label, lit(org.name)))
        g.add((o, SKOS.prefLabel, lit(org.name)))
        for alias in sorted(org.aliases):
            if alias != org.name:
                g.add((o, SKOS.altLabel, lit(alias)))
        if org.parent and org.parent in ex.organizations:
            g.add((o, ORG.subOrganizationOf, org_iri(org.parent)))
        for m in org.mentions[:20]:
            g.add((o, KGO.denotedBy, mention(m.span)))
    if doc.publisher:
        from kg.resolve import org_key

        pk = org_key(doc.publisher)
        po = org_iri(pk)
        if pk not in ex.organizations:
            g.add((po, RDF.type, ORG.Organization))
            g.add((po, RDFS.label, lit(doc.publisher)))
        g.add((d, SDO.publisher, po))

    # persons
    orgs_of: dict[str, set[str]] = {}
    for p in ex.posts:
        if p.org:
            orgs_of.setdefault(p.person, set()).add(p.org)
    person_iris: dict[str, URIRef] = {}
    for key, person in ex.persons.items():
        pi = minter.person(key, frozenset(orgs_of.get(key, ())))
        person_iris[key] = pi
        g.add((pi, RDF.type, SDO.Person))
        g.add((pi, RDFS.label, lit(person.name)))
        g.add((pi, SDO.name, lit(person.name)))
        for alias in sorted(person.aliases):
            if alias != person.name:
                g.add((pi, SKOS.altLabel, Literal(alias, lang="zh")))
        for m in person.mentions[:20]:
            g.add((pi, KGO.denotedBy, mention(m.span)))
    role_prop = {"editor": SDO.editor, "reviewer": KGO.reviewer, "reporter": KGO.reporter, "author": SDO.author,
                 "photographer": SDO.contributor}
    for r in ex.document_roles:
        if r.person in person_iris:
            g.add((d, role_prop.get(r.role, SDO.contributor), person_iris[r.person]))

    # posts
    for post in ex.posts:
        pi = person_iris.get(post.person)
        if pi is None:
            continue
        oi = org_iri(post.org) if post.org else None
        t = URIRef(minter.post(pi, post.title, oi))
        r = minter.role(post.title)
        g.add((pi, ORG.holds, t))
        g.add((t, RDF.type, ORG.Post))
        g.add((t, ORG.heldBy, pi))
        g.add((t, ORG.role, r))
        g.add((r, RDF.type, ORG.Role))
        g.add((r, SKOS.prefLabel, lit(post.title)))
        if oi is not None:
            g.add((t, ORG.postIn, oi))
        if doc.date:
            g.add((t, KGO.observedOn, _date_literal(doc.date)))
        g.add((t, KGO.denotedBy, mention(post.span)))

    # places
    for key, place in ex.places.items():
        pl = minter.place(key)
        g.add((pl, RDF.type, SDO.Place))
        g.add((pl, RDFS.label, lit(place.name)))
        for m in place.mentions[:5]:
            g.add((pl, KGO.denotedBy, mention(m.span)))

    # events
    for ev in ex.events:
        e = minter.event(doc.doc_id, ev.key)
        g.add((e, RDF.type, SDO.Event))
        g.add((e, RDF.type, EVENT_CLASS[ev.type]))
        g.add((e, RDFS.label, lit(ev.label)))
        g.add((e, SDO.name, lit(ev.label)))
        if ev.start:
            g.add((e, SDO.startDate, _date_literal(ev.start)))
        if ev.end and ev.end != ev.start:
            g.add((e, SDO.endDate, _date_literal(ev.end)))
        if ev.place:
            g.add((e, SDO.location, minter.place(ev.place)))
        if ev.article is not None and ev.article in article_iris:
            g.add((e, KGO.reportedIn, article_iris[ev.article]))
        if ev.span:
            g.add((e, KGO.denotedBy, mention(ev.span)))
        for n, part in enumerate(ev.participants, 1):
            agent = person_iris.get(part.agent) if part.agent_is_person else org_iri(part.agent)
            if agent is None:
                continue
            if part.role.organizes:
                g.add((e, SDO.organizer, agent))
            if not part.role.organizes or not part.agent_is_person:
                g.add((e, SDO.attendee, agent))
            g.add((e, ROLE_PROPERTY[part.role], agent))
            pn = URIRef(f"{e}/part/{n}")
            g.add((e, KGO.hasParticipation, pn))
            g.add((pn, RDF.type, KGO.Participation))
            g.add((pn, KGO.agent, agent))
            g.add((pn, KGO.roleKind, ROLE_PROPERTY[part.role]))
            g.add((pn, KGO.denotedBy, mention(part.span)))
    return g
