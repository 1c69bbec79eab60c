"""What the details panel says about an entity: plain data, rendered in the page with textContent only.

    {"kind": "person", "title": "林晓峰", "fields": [["别名", "..."]],
     "sections": [{"heading": "职务",
                   "items": [{"text": "党组书记", "node": "<org id>", "note": "南江市科协"}]}]}

An item with ``node`` is a link to that entity; one with ``quote`` is a source sentence.
"""

from __future__ import annotations

from kg.viz.model import EVENT_TYPE_LABELS, Entity, EntityKind, KnowledgeModel, Source, date_sort_key

__all__ = ["KIND_LABELS", "entity_details", "format_date"]

KIND_LABELS = {
    EntityKind.PERSON: "人物",
    EntityKind.ORGANIZATION: "机构",
    EntityKind.PLACE: "地点",
    EntityKind.EVENT: "活动",
}
MAX_SOURCES = 12


def format_date(start: str | None, end: str | None = None) -> str:
    def one(d: str) -> str:
        if d.startswith("--"):
            return f"{int(d[2:4])}月{int(d[5:7])}日（年份不详）"
        return d

    if not start:
        return ""
    return one(start) if not end or end == start else f"{one(start)} 至 {one(end)}"


def _item(text: str, node: str | None = None, note: str | None = None, *, quote: bool = False) -> dict:
    item: dict = {"text": text}
    if node:
        item["node"] = node
    if note:
        item["note"] = note
    if quote:
        item["quote"] = True
    return item


def _post_note(org: str | None, first: str | None, last: str | None) -> str | None:
    """北京市科协 · 2023-06-07 – 2024-03-02: where, and when documents showed the post."""
    when = None if first is None else first if first == last else f"{first} – {last}"
    return " · ".join(x for x in (org, when) if x) or None


def _sources(sources: list[Source]) -> dict:
    items = [
        _item(s.sentence, note="，".join(filter(None, [s.document_label, s.published])), quote=True)
        for s in sources[:MAX_SOURCES]
    ]
    if len(sources) > MAX_SOURCES:
        items.append(_item(f"另有 {len(sources) - MAX_SOURCES} 处出处未列出"))
    return {"heading": "出处", "items": items}


def _event_item(model: KnowledgeModel, event_id: str, roles: tuple[str, ...]) -> dict:
    e = model.entities[event_id]
    return _item(e.label, event_id, "，".join(filter(None, [format_date(e.start, e.end), "、".join(roles)])))


def entity_details(model: KnowledgeModel, entity: Entity) -> dict:
    """The details panel of one entity: fields, then sections of items, then the source sentences."""
    fields: list[list[str]] = []
    sections: list[dict] = []
    if entity.aliases:
        fields.append(["别名", "、".join(entity.aliases)])
    by_date = lambda r: (date_sort_key(model.entities[r.event].start), model.entities[r.event].label)  # noqa: E731
    if entity.kind is EntityKind.PERSON:
        posts = [
            _item(p.title, p.organization, _post_note(model.entities[p.organization].label if p.organization else None,
                                                       p.first_seen, p.last_seen))
            for p in sorted(entity.posts, key=lambda p: (p.first_seen or "~", p.organization or "~", p.title))
        ]
        sections.append({"heading": "职务", "items": posts})
        roles = sorted(model.roles_of(entity.id), key=by_date)
        sections.append({"heading": "活动", "items": [_event_item(model, r.event, r.labels) for r in roles]})
    elif entity.kind is EntityKind.ORGANIZATION:
        posts = sorted(model.posts_in(entity.id), key=lambda pp: (model.entities[pp[0]].label, pp[1].title))
        sections.append(
            {
                "heading": "本机构职务",
                "items": [_item(model.entities[pid].label, pid, post.title) for pid, post in posts],
            }
        )
        roles = sorted(model.roles_of(entity.id), key=by_date)
        sections.append(
            {
                "heading": "主办/承办的活动",
                "items": [_event_item(model, r.event, r.labels) for r in roles if r.organizes],
            }
        )
        sections.append(
            {
                "heading": "参加的活动",
                "items": [_event_item(model, r.event, r.labels) for r in roles if not r.organizes],
            }
        )
        parents = [p for c, p in model.sub_organizations if c == entity.id]
        children = [c for c, p in model.sub_organizations if p == entity.id]
        if parents or children:
            sections.append(
                {
                    "heading": "隶属",
                    "items": [
                        *(_item(model.entities[p].label, p, "上级") for p in parents),
                        *(_item(model.entities[c].label, c, "下属") for c in children),
                    ],
                }
            )
    elif entity.kind is EntityKind.EVENT:
        if entity.start:
            fields.append(["日期", format_date(entity.start, entity.end)])
        if entity.event_type:
            fields.append(["类型", EVENT_TYPE_LABELS.get(entity.event_type, entity.event_type)])
        if entity.place:
            sections.append(
                {"heading": "地点", "items": [_item(model.entities[entity.place].label, entity.place)]}
            )
        roles = model.roles_at(entity.id)
        org_first = lambda r: (model.entities[r.agent].kind.value, model.entities[r.agent].label)  # noqa: E731
        sections.append(
            {
                "heading": "主办方",
                "items": [
                    _item(model.entities[r.agent].label, r.agent, "、".join(r.labels))
                    for r in sorted(roles, key=org_first)
                    if r.organizes
                ],
            }
        )
        sections.append(
            {
                "heading": "参加者",
                "items": [
                    _item(model.entities[r.agent].label, r.agent, "、".join(r.labels))
                    for r in sorted(roles, key=lambda r: (r.labels == ("出席",), *org_first(r)))
                    if not r.organizes
                ],
            }
        )
    elif entity.kind is EntityKind.PLACE:
        events = sorted(
            (e for e in model.of_kind(EntityKind.EVENT) if e.place == entity.id),
            key=lambda e: (date_sort_key(e.start), e.label),
        )
        sections.append(
            {
                "heading": "在此举行的活动",
                "items": [_item(e.label, e.id, format_date(e.start, e.end)) for e in events],
            }
        )
    sections.append(_sources(entity.sources))
    return {
        "kind": entity.kind.value,
        "kindLabel": KIND_LABELS[entity.kind],
        "title": entity.label,
        "iri": entity.id,
        "fields": fields,
        "sections": [s for s in sections if s["items"]],
    }
