"""The typed model the views and the analytics are drawn from, read from the graph with SPARQL.

    graph (rdflib, union of the per-document named graphs)
      └─ build_model() ─> KnowledgeModel
            entities   Person / Organization / Place / Event with label, aliases, sources
            posts      titles a person holds, with the organization
            roles      who did what at which event (主持, 致辞, 出席, 主办, 承办 ...)
            links      the edges every view starts from (post, role, location, sub-organization)

The model knows the graph's vocabulary (``kg.graph.vocab``), nothing of the NLP
stages.  Every string in it is document text: the renderers must treat it as text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from rdflib import Literal, URIRef
from rdflib.query import Result

from kg.graph.vocab import KGO, ORG, PREFIXES, SDO

__all__ = [
    "EntityKind",
    "LinkKind",
    "Source",
    "Post",
    "Role",
    "Entity",
    "Link",
    "KnowledgeModel",
    "ROLE_LABELS",
    "ORGANIZER_ROLES",
    "build_model",
    "date_sort_key",
]


class EntityKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    EVENT = "event"


class LinkKind(StrEnum):
    POST = "post"  # person -> organization, labelled with the titles
    ATTENDS = "attends"  # person or organization -> event (主持, 致辞, 出席 ...)
    ORGANIZES = "organizes"  # organization -> event (主办, 承办, 协办)
    LOCATION = "location"  # event -> place
    SUB_ORGANIZATION = "sub_organization"  # organization -> parent organization
    CO_ATTENDANCE = "co_attendance"  # person -- person, weight = shared events
    CO_HOSTING = "co_hosting"  # organization -- organization, weight = events organized together
    ORG_PARTICIPATION = "org_participation"  # organization -> organization whose event it attended


#: role (the property, as a short key) -> the word the bulletins use
ROLE_LABELS: dict[str, str] = {
    "chair": "主持",
    "speaker": "致辞",
    "delegationLeader": "带队",
    "guide": "指导",
    "accompanist": "陪同",
    "participant": "出席",
    "electedMember": "当选",
    "receiver": "会见",
    "host": "主办",
    "undertaker": "承办",
    "coOrganizer": "协办",
    "participatingOrganization": "参加",
    "attendee": "出席",
    "organizer": "主办",
}
ORGANIZER_ROLES = frozenset({"host", "undertaker", "coOrganizer", "organizer"})
_GENERIC_ROLES = frozenset({"attendee", "organizer"})
_ROLE_PROPERTIES: dict[URIRef, str] = {
    SDO.attendee: "attendee",
    SDO.organizer: "organizer",
    KGO.chair: "chair",
    KGO.speaker: "speaker",
    KGO.delegationLeader: "delegationLeader",
    KGO.guide: "guide",
    KGO.accompanist: "accompanist",
    KGO.participant: "participant",
    KGO.electedMember: "electedMember",
    KGO.receiver: "receiver",
    KGO.host: "host",
    KGO.undertaker: "undertaker",
    KGO.coOrganizer: "coOrganizer",
    KGO.participatingOrganization: "participatingOrganization",
}
_KIND_OF_CLASS: dict[URIRef, EntityKind] = {
    SDO.Event: EntityKind.EVENT,
    SDO.Person: EntityKind.PERSON,
    ORG.Organization: EntityKind.ORGANIZATION,
    SDO.Organization: EntityKind.ORGANIZATION,
    SDO.Place: EntityKind.PLACE,
}
_KIND_PRIORITY = [EntityKind.EVENT, EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE]
_EVENT_TYPES = frozenset(
    {
        KGO.Meeting,
        KGO.Symposium,
        KGO.Visit,
        KGO.Training,
        KGO.Ceremony,
        KGO.Congress,
        KGO.Forum,
        KGO.Salon,
        KGO.Launch,
        KGO.Exhibition,
        KGO.Activity,
    }
)
EVENT_TYPE_LABELS: dict[str, str] = {
    "Meeting": "会议",
    "Symposium": "座谈会",
    "Visit": "调研/走访",
    "Training": "培训",
    "Ceremony": "仪式",
    "Congress": "代表大会",
    "Forum": "论坛",
    "Salon": "沙龙",
    "Launch": "启动/发布",
    "Exhibition": "展览",
    "Activity": "活动",
}


@dataclass(frozen=True, slots=True)
class Source:
    """Where the text says so: a sentence of a document (from kgo:denotedBy)."""

    document: str  # IRI of the document
    document_label: str
    published: str | None  # ISO date of the document
    sentence: str
    anchor: str | None = None  # the words themselves
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Post:
    """A title a person holds, in an organization or none (老师)."""

    id: str
    title: str
    organization: str | None  # Entity.id
    first_seen: str | None = None  # the earliest and latest dated document showing the post (YYYY-MM-DD);
    last_seen: str | None = None  # a document dated only by month and day gives no year, so no date here


@dataclass(frozen=True, slots=True)
class Role:
    """What one agent (person or organization) did at one event."""

    event: str
    agent: str
    roles: tuple[str, ...]  # keys of ROLE_LABELS, most specific first

    @property
    def labels(self) -> tuple[str, ...]:
        seen: list[str] = []
        for r in self.roles:
            label = ROLE_LABELS.get(r, r)
            if label not in seen:
                seen.append(label)
        return tuple(seen)

    @property
    def organizes(self) -> bool:
        return any(r in ORGANIZER_ROLES for r in self.roles)


@dataclass(slots=True)
class Entity:
    id: str
    kind: EntityKind
    label: str
    aliases: tuple[str, ...] = ()
    sources: list[Source] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)  # persons
    start: str | None = None  # events: "2024-03-14" or "--06-08" (no year)
    end: str | None = None
    place: str | None = None  # events: Entity.id of the place
    event_type: str | None = None  # events: "Symposium" ...


@dataclass(frozen=True, slots=True)
class Link:
    source: str
    target: str
    kind: LinkKind
    label: str = ""
    weight: float = 1.0
    dates: tuple[str, ...] = ()


@dataclass(slots=True)
class KnowledgeModel:
    entities: dict[str, Entity] = field(default_factory=dict)
    roles: list[Role] = field(default_factory=list)
    sub_organizations: list[tuple[str, str]] = field(default_factory=list)  # (child, parent)

    def of_kind(self, kind: EntityKind) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind is kind]

    _index: tuple[int, dict[str, list[Role]], dict[str, list[Role]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def _roles_by(self) -> tuple[dict[str, list[Role]], dict[str, list[Role]]]:
        """Roles by event and by agent, rebuilt when roles were added since."""
        if self._index is None or self._index[0] != len(self.roles):
            at: dict[str, list[Role]] = defaultdict(list)
            of: dict[str, list[Role]] = defaultdict(list)
            for r in self.roles:
                at[r.event].append(r)
                of[r.agent].append(r)
            self._index = (len(self.roles), at, of)
        return self._index[1], self._index[2]

    def roles_at(self, event: str) -> list[Role]:
        return list(self._roles_by()[0].get(event, ()))

    def roles_of(self, agent: str) -> list[Role]:
        return list(self._roles_by()[1].get(agent, ()))

    def posts_in(self, organization: str) -> list[tuple[str, Post]]:
        return [
            (p.id, post)
            for p in self.of_kind(EntityKind.PERSON)
            for post in p.posts
            if post.organization == organization
        ]

    def links(self) -> list[Link]:
        """The edges of the whole network: posts, event roles, locations, sub-organizations."""
        out: list[Link] = []
        for person in self.of_kind(EntityKind.PERSON):
            titles: dict[str, list[str]] = defaultdict(list)
            for post in person.posts:
                if post.organization in self.entities and post.title not in titles[post.organization]:
                    titles[post.organization].append(post.title)
            for org, names in titles.items():
                out.append(Link(person.id, org, LinkKind.POST, "、".join(names), float(len(names))))
        for role in self.roles:
            event = self.entities[role.event]
            kind = LinkKind.ORGANIZES if role.organizes else LinkKind.ATTENDS
            dates = (event.start,) if event.start else ()
            out.append(Link(role.agent, role.event, kind, "、".join(role.labels), 1.0, dates))
        for event in self.of_kind(EntityKind.EVENT):
            if event.place in self.entities:
                out.append(
                    Link(
                        event.id,
                        event.place,
                        LinkKind.LOCATION,
                        "地点",
                        1.0,
                        (event.start,) if event.start else (),
                    )
                )
        for child, parent in self.sub_organizations:
            out.append(Link(child, parent, LinkKind.SUB_ORGANIZATION, "隶属"))
        return out


def date_sort_key(date: str | None) -> tuple[int, str]:
    """Dated events first in time order, then those without a year by month-day, then undated."""
    if not date:
        return (2, "")
    if date.startswith("--"):
        return (1, date)
    return (0, date)


# --- reading the graph -----------------------------------------------------------------------------

_NS = {**PREFIXES}


def _rows(graph, query: str) -> Result:
    return graph.query(query, initNs=_NS)


def _text(term) -> str:
    return str(term) if term is not None else ""


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _date(term) -> str | None:
    if term is None:
        return None
    text = str(term).strip()
    if text.startswith("--"):
        return text[:7]
    return text[:10] if len(text) >= 10 else text


def _best_label(labels: Iterable[Literal]) -> str | None:
    """Prefer a Chinese label, then an untagged one, then any; ties broken by the text itself."""
    ranked = sorted(
        labels,
        key=lambda lit: (
            0
            if (getattr(lit, "language", None) or "").startswith("zh")
            else 1
            if not getattr(lit, "language", None)
            else 2,
            str(lit),
        ),
    )
    return str(ranked[0]) if ranked else None


def build_model(graph) -> KnowledgeModel:
    """Read persons, organizations, places, events, posts, roles and provenance from ``graph``.

    ``graph`` is any rdflib Graph or Dataset (with ``default_union=True`` for a Dataset
    of named graphs).  Facts about unknown or untyped resources are left out.
    """
    model = KnowledgeModel()
    kinds: dict[str, set[EntityKind]] = defaultdict(set)
    for row in _rows(
        graph,
        """SELECT DISTINCT ?s ?t WHERE {
            VALUES ?t { schema:Person org:Organization schema:Organization schema:Place schema:Event }
            ?s a ?t . FILTER(isIRI(?s) || isBlank(?s)) }""",
    ):
        kinds[str(row.s)].add(_KIND_OF_CLASS[row.t])
    if not kinds:
        return model
    labels: dict[str, dict[str, list[Literal]]] = defaultdict(lambda: defaultdict(list))
    for row in _rows(
        graph,
        """SELECT ?s ?p ?l WHERE {
            VALUES ?p { rdfs:label schema:name skos:prefLabel skos:altLabel schema:alternateName }
            ?s ?p ?l . FILTER(isLiteral(?l)) }""",
    ):
        s = str(row.s)
        if s in kinds:
            labels[s][_tail(str(row.p))].append(row.l)
    for iri, found in kinds.items():
        kind = next(k for k in _KIND_PRIORITY if k in found)
        own = labels.get(iri, {})
        label = (
            _best_label(own.get("label", []))
            or _best_label(own.get("name", []))
            or _best_label(own.get("prefLabel", []))
            or _tail(iri)
        )
        aliases = sorted(
            {
                str(a)
                for key in ("label", "name", "prefLabel", "altLabel", "alternateName")
                for a in own.get(key, [])
            }
            - {label}
        )
        model.entities[iri] = Entity(iri, kind, label, tuple(aliases))

    _read_events(graph, model)
    _read_posts(graph, model)
    _read_roles(graph, model)
    for row in _rows(graph, "SELECT ?c ?p WHERE { ?c org:subOrganizationOf ?p }"):
        c, p = str(row.c), str(row.p)
        if _is(model, c, EntityKind.ORGANIZATION) and _is(model, p, EntityKind.ORGANIZATION) and c != p:
            model.sub_organizations.append((c, p))
    model.sub_organizations = sorted(set(model.sub_organizations))
    _read_sources(graph, model)
    return model


def _is(model: KnowledgeModel, iri: str, kind: EntityKind) -> bool:
    e = model.entities.get(iri)
    return e is not None and e.kind is kind


def _read_events(graph, model: KnowledgeModel) -> None:
    for row in _rows(
        graph,
        """SELECT ?e ?p ?v WHERE {
            VALUES ?p { schema:startDate schema:endDate schema:location kgo:eventType rdf:type }
            ?e a schema:Event ; ?p ?v }""",
    ):
        event = model.entities.get(str(row.e))
        if event is None or event.kind is not EntityKind.EVENT:
            continue
        prop = _tail(str(row.p))
        if prop == "startDate" and (
            event.start is None or date_sort_key(_date(row.v)) < date_sort_key(event.start)
        ):
            event.start = _date(row.v)
        elif prop == "endDate":
            event.end = max(filter(None, [event.end, _date(row.v)]))
        elif prop == "location" and _is(model, str(row.v), EntityKind.PLACE):
            event.place = event.place or str(row.v)
        elif prop in ("type", "eventType") and row.v in _EVENT_TYPES:
            event.event_type = _tail(str(row.v))


def _read_posts(graph, model: KnowledgeModel) -> None:
    seen_on: dict[str, list[str]] = defaultdict(list)
    for row in _rows(graph, "SELECT DISTINCT ?post ?d WHERE { ?post a org:Post ; kgo:observedOn ?d }"):
        day = str(row.d)
        if len(day) == 10 and day[4] == "-":  # a full date (xsd:date), not --MM-DD
            seen_on[str(row.post)].append(day)
    seen: set[tuple[str, str]] = set()
    for row in _rows(
        graph,
        """SELECT DISTINCT ?person ?post ?title ?org WHERE {
            { ?person org:holds ?post } UNION { ?post org:heldBy ?person }
            OPTIONAL { ?post org:role ?r . ?r skos:prefLabel ?title }
            OPTIONAL { ?post org:postIn ?org } }""",
    ):
        person = model.entities.get(str(row.person))
        if person is None or person.kind is not EntityKind.PERSON:
            continue
        post_id = str(row.post)
        if (person.id, post_id) in seen:
            continue
        seen.add((person.id, post_id))
        org = (
            str(row.org)
            if row.org is not None and _is(model, str(row.org), EntityKind.ORGANIZATION)
            else None
        )
        days = seen_on.get(post_id)
        person.posts.append(Post(post_id, _text(row.title) or _tail(post_id), org,
                                 min(days) if days else None, max(days) if days else None))
    for person in model.of_kind(EntityKind.PERSON):
        person.posts.sort(key=lambda p: (p.organization or "~", p.title))


def _read_roles(graph, model: KnowledgeModel) -> None:
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    props = " ".join(f"<{p}>" for p in _ROLE_PROPERTIES)
    for row in _rows(graph, f"""SELECT ?e ?p ?x WHERE {{ VALUES ?p {{ {props} }} ?e ?p ?x }}"""):
        found[(str(row.e), str(row.x))].add(_ROLE_PROPERTIES[row.p])
    for row in _rows(
        graph,
        """SELECT ?e ?x ?k WHERE {
            ?e kgo:hasParticipation ?pt . ?pt kgo:agent ?x . OPTIONAL { ?pt kgo:roleKind ?k } }""",
    ):
        role = _ROLE_PROPERTIES.get(row.k, "attendee") if row.k is not None else "attendee"
        found[(str(row.e), str(row.x))].add(role)
    order = list(ROLE_LABELS)
    for (event, agent), roles in sorted(found.items()):
        if not _is(model, event, EntityKind.EVENT):
            continue
        who = model.entities.get(agent)
        if who is None or who.kind not in (EntityKind.PERSON, EntityKind.ORGANIZATION):
            continue
        specific = roles - _GENERIC_ROLES
        if specific:  # 主持 implies 出席, 主办 implies organizer: keep the precise word
            keep = set(specific)
            if "organizer" in roles and not specific & ORGANIZER_ROLES:
                keep.add("organizer")
            roles = keep
        else:
            roles = {"organizer"} if "organizer" in roles else {"attendee"}
        model.roles.append(Role(event, agent, tuple(sorted(roles, key=order.index))))


def _read_sources(graph, model: KnowledgeModel) -> None:
    documents: dict[str, tuple[str, str | None]] = {}
    for row in _rows(
        graph,
        """SELECT ?d ?l ?p WHERE { ?m kgo:inDocument ?d .
            OPTIONAL { ?d rdfs:label ?l } OPTIONAL { ?d schema:datePublished ?p } }""",
    ):
        d = str(row.d)
        if d not in documents or (row.l is not None and not documents[d][0]):
            documents[d] = (_text(row.l), _date(row.p))
    # who a mention is evidence for: the entity itself, a post's holder, a participation's event and agent
    owners: dict[str, set[str]] = defaultdict(set)
    for person in model.of_kind(EntityKind.PERSON):
        for post in person.posts:
            owners[post.id].add(person.id)
    for row in _rows(graph, "SELECT ?pt ?e ?x WHERE { ?e kgo:hasParticipation ?pt . ?pt kgo:agent ?x }"):
        owners[str(row.pt)].update((str(row.e), str(row.x)))
    for iri in model.entities:
        owners[iri].add(iri)
    per_entity: dict[str, dict[tuple[str, str], Source]] = defaultdict(dict)
    for row in _rows(
        graph,
        """SELECT ?s ?m ?sent ?doc ?a ?b ?e WHERE { ?s kgo:denotedBy ?m . ?m kgo:sentence ?sent .
            OPTIONAL { ?m kgo:inDocument ?doc } OPTIONAL { ?m kgo:anchorOf ?a }
            OPTIONAL { ?m kgo:startChar ?b } OPTIONAL { ?m kgo:endChar ?e } }""",
    ):
        doc = _text(row.doc)
        doc_label, published = documents.get(doc, ("", None))
        src = Source(
            doc,
            doc_label or (_tail(doc) if doc else ""),
            published,
            str(row.sent),
            _text(row.a) or None,
            _int(row.b),
            _int(row.e),
        )
        for owner in owners.get(str(row.s), ()):
            if owner in model.entities:
                per_entity[owner].setdefault((src.document, src.sentence), src)
    for iri, sources in per_entity.items():
        model.entities[iri].sources = sorted(
            sources.values(),
            key=lambda s: (s.published or "", s.document, s.start if s.start is not None else -1, s.sentence),
        )


def _int(term) -> int | None:
    try:
        return int(term) if term is not None else None
    except (TypeError, ValueError):
        return None


def iter_dates(model: KnowledgeModel) -> Iterator[str]:
    for e in model.of_kind(EntityKind.EVENT):
        if e.start:
            yield e.start
