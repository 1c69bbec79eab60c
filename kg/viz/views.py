"""The views: which entities and which links each page shows.  Pure data, no HTML.

whole_graph          every person, organization, place and event with posts, roles, places
ego_view             the N-hop neighbourhood of one entity (capped at MAX_EGO_NODES)
co_attendance        persons, linked by the number of events they attended together
organization_network organizations, linked by co-hosting and by taking part in each other's events
timeline             events on a time axis, in lanes; dates without a year in a band of their own
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from itertools import combinations

from kg.viz.model import EntityKind, KnowledgeModel, Link, LinkKind, date_sort_key
from kg.viz.timeline_layout import TimeBand, TimedEvent, layout_timeline

__all__ = [
    "View",
    "MAX_EGO_NODES",
    "whole_graph",
    "ego_view",
    "co_attendance",
    "organization_network",
    "timeline",
    "degrees",
    "top_entities",
    "ego_slug",
]

MAX_EGO_NODES = 400


@dataclass(slots=True)
class View:
    slug: str  # file name without ".html", may contain one folder ("ego/person-1a2b3c4d5e")
    title: str
    description: str
    nodes: list[str]  # Entity ids, in a stable order
    links: list[Link]
    focus: str | None = None  # the centre of an ego view
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)  # fixed (timeline)
    bands: list[TimeBand] = field(default_factory=list)  # timeline: the time axes, one per band
    lines: dict[str, tuple[str, ...]] = field(default_factory=dict)  # timeline: label lines per node
    edge_labels: bool = True


def degrees(model: KnowledgeModel, links: list[Link] | None = None) -> Counter[str]:
    """Number of distinct neighbours of each entity in the whole network."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for link in model.links() if links is None else links:
        neighbours[link.source].add(link.target)
        neighbours[link.target].add(link.source)
    return Counter({iri: len(ns) for iri, ns in neighbours.items()})


def top_entities(model: KnowledgeModel, kind: EntityKind, k: int) -> list[str]:
    """The ``k`` entities of ``kind`` with most neighbours (ties: by label, then id)."""
    deg = degrees(model)
    ranked = sorted(model.of_kind(kind), key=lambda e: (-deg[e.id], e.label, e.id))
    return [e.id for e in ranked[:k] if deg[e.id] > 0]


def ego_slug(model: KnowledgeModel, iri: str) -> str:
    return f"ego/{model.entities[iri].kind.value}-{hashlib.sha1(iri.encode()).hexdigest()[:10]}"


def whole_graph(model: KnowledgeModel) -> View:
    links = model.links()
    nodes = sorted(model.entities, key=lambda i: (model.entities[i].kind.value, model.entities[i].label, i))
    return View(
        "graph",
        "整体关系网络",
        "所有人物、机构、地点与活动，以及任职、活动角色、地点和隶属关系。",
        nodes,
        links,
        edge_labels=len(links) <= 3000,
    )


def ego_view(model: KnowledgeModel, center: str, hops: int = 2) -> View:
    """Entities within ``hops`` links of ``center``; the nearest ``MAX_EGO_NODES`` when there are more."""
    links = model.links()
    neighbours: dict[str, set[str]] = defaultdict(set)
    for link in links:
        neighbours[link.source].add(link.target)
        neighbours[link.target].add(link.source)
    dist = {center: 0}
    queue = deque([center])
    while queue:
        node = queue.popleft()
        if dist[node] >= hops:
            continue
        for n in sorted(neighbours[node]):
            if n not in dist:
                dist[n] = dist[node] + 1
                queue.append(n)
    deg = {n: len(neighbours[n]) for n in dist}
    kept = sorted(dist, key=lambda n: (dist[n], -deg[n], n))[:MAX_EGO_NODES]
    keep = set(kept)
    entity = model.entities[center]
    capped = "" if len(kept) == len(dist) else f"（共 {len(dist)} 个，只显示最近的 {len(kept)} 个）"
    return View(
        ego_slug(model, center),
        f"{entity.label} 的关系网络",
        f"与「{entity.label}」相距 {hops} 步以内的实体{capped}。",
        kept,
        [lk for lk in links if lk.source in keep and lk.target in keep],
        focus=center,
    )


def co_attendance(model: KnowledgeModel) -> View:
    """Persons; an edge for every pair that attended an event together, weight = shared events."""
    at: dict[str, list[str]] = defaultdict(list)
    for role in model.roles:
        if model.entities[role.agent].kind is EntityKind.PERSON:
            at[role.event].append(role.agent)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for event, persons in at.items():
        for a, b in combinations(sorted(set(persons)), 2):
            shared[(a, b)].append(event)
    links = []
    for (a, b), events in sorted(shared.items()):
        dates = tuple(sorted({d for e in events if (d := model.entities[e].start)}))
        links.append(Link(a, b, LinkKind.CO_ATTENDANCE, f"{len(events)}", float(len(events)), dates))
    nodes = sorted(
        {n for lk in links for n in (lk.source, lk.target)}, key=lambda i: (model.entities[i].label, i)
    )
    return View(
        "coattendance",
        "人物共同出席网络",
        "两人共同出席同一活动即相连；连线粗细与数字为共同出席的活动数。",
        nodes,
        links,
    )


def organization_network(model: KnowledgeModel) -> View:
    """Organizations: co-hosting (both organized an event), participation (A took part in B's event), 隶属."""
    organizers: dict[str, set[str]] = defaultdict(set)
    takers: dict[str, set[str]] = defaultdict(set)
    for role in model.roles:
        if model.entities[role.agent].kind is not EntityKind.ORGANIZATION:
            continue
        (organizers if role.organizes else takers)[role.event].add(role.agent)
    pairs: dict[tuple[str, str, LinkKind], list[str]] = defaultdict(list)
    for event, orgs in organizers.items():
        for a, b in combinations(sorted(orgs), 2):
            pairs[(a, b, LinkKind.CO_HOSTING)].append(event)
        for taker in takers.get(event, ()):
            for host in orgs:
                if taker != host:
                    pairs[(taker, host, LinkKind.ORG_PARTICIPATION)].append(event)
    links = []
    for (a, b, kind), events in sorted(pairs.items()):
        dates = tuple(sorted({d for e in events if (d := model.entities[e].start)}))
        word = "共同主办" if kind is LinkKind.CO_HOSTING else "参加"
        links.append(Link(a, b, kind, f"{word} {len(events)}", float(len(events)), dates))
    links += [Link(c, p, LinkKind.SUB_ORGANIZATION, "隶属") for c, p in model.sub_organizations]
    nodes = sorted(
        {n for lk in links for n in (lk.source, lk.target)}, key=lambda i: (model.entities[i].label, i)
    )
    return View(
        "organizations",
        "机构网络",
        "机构之间：共同主办同一活动、参加对方主办的活动、隶属关系。",
        nodes,
        links,
    )


def timeline(model: KnowledgeModel) -> View:
    """Events placed by date on a time axis, in lanes so no two labels meet; dates without a year
    (month-day only) in a band of their own below (``kg.viz.timeline_layout``)."""
    events = sorted(
        (e for e in model.of_kind(EntityKind.EVENT) if e.start),
        key=lambda e: (date_sort_key(e.start), e.label, e.id),
    )
    placed = layout_timeline([TimedEvent(e.id, e.label, e.start, e.end) for e in events])
    return View(
        "timeline",
        "活动时间线",
        "活动按日期排在时间轴上（放大后显示月份）；没有年份的日期（如 6月8日）单独一栏。",
        [e.id for e in events if e.id in placed.positions],
        [],
        positions=placed.positions,
        bands=placed.bands,
        lines=placed.lines,
    )
