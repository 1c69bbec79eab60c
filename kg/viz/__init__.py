"""Interactive network views of the graph: HTML pages, one per view, index.html and lib/.

    graph ──build_model──> KnowledgeModel ──views──> View ──render──> HTML (+ one lib/ per folder)

    >>> from kg.viz import write_views
    >>> write_views(Path("visualizations"), store_dir=None, graph_file=Path("out/graph.trig"), hops=2)

Pages need no network at all: vis-network's JS and CSS sit once in lib/ beside the pages,
loaded by relative path (so a folder of 10,000 pages holds one copy), and so do the details
of every entity (details.js, written once); the nodes and edges of a view are JSON in its
page, every text from the documents is shown as text.  See docs/VIEWS.md.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import OutputError
from kg.viz.model import EntityKind, KnowledgeModel, build_model
from kg.viz.source import load_dataset, read_graph
from kg.viz.views import (
    View,
    co_attendance,
    degrees,
    ego_view,
    organization_network,
    timeline,
    top_entities,
    whole_graph,
)

__all__ = [
    "write_views",
    "write_model_views",
    "build_model",
    "read_graph",
    "load_dataset",
    "KnowledgeModel",
    "TOP_EGO",
]

#: ego pages: the most connected persons and organizations, the events with most participants
TOP_EGO = {EntityKind.PERSON: 20, EntityKind.ORGANIZATION: 20, EntityKind.EVENT: 20}


def write_views(
    output: Path, *, store_dir: Path | None = None, graph_file: Path | None = None, hops: int = 2
) -> list[Path]:
    """Read the graph (``graph_file``, else the store) and write every view into ``output``."""
    graph = load_dataset(store_dir=store_dir, graph_file=graph_file)
    return write_model_views(build_model(graph), Path(output), hops=hops)


def write_model_views(
    model: KnowledgeModel, output: Path, *, hops: int = 2, top: dict[EntityKind, int] | None = None
) -> list[Path]:
    """Write the views of ``model``: index.html, the four network views, ego/*.html.  Returns the paths."""
    from kg.viz.details import format_date
    from kg.viz.render import render_index, render_view, write_details, write_lib

    top = TOP_EGO if top is None else top
    deg = degrees(model)
    centers: dict[EntityKind, list[str]] = {}
    for kind, k in top.items():
        if kind is EntityKind.EVENT:
            n_roles: dict[str, int] = {}
            for r in model.roles:
                n_roles[r.event] = n_roles.get(r.event, 0) + 1
            ranked = sorted(
                (e for e in model.of_kind(kind) if e.id in n_roles),
                key=lambda e: (-n_roles[e.id], e.start or "", e.label, e.id),
            )
            centers[kind] = [e.id for e in ranked[:k]]
        else:
            centers[kind] = top_entities(model, kind, k)
    egos: list[View] = [ego_view(model, c, hops) for ids in centers.values() for c in ids]
    ego_pages = {v.focus: v.slug for v in egos if v.focus}
    main = [whole_graph(model), co_attendance(model), organization_network(model), timeline(model)]
    n_top = {kind: top.get(kind, 0) for kind in EntityKind}
    headings = {
        EntityKind.PERSON: f"人物关系网（{hops} 步，按连接数前 {n_top[EntityKind.PERSON]} 位）",
        EntityKind.ORGANIZATION: f"机构关系网（{hops} 步，按连接数前 {n_top[EntityKind.ORGANIZATION]} 位）",
        EntityKind.EVENT: f"活动关系网（{hops} 步，按参加者数前 {n_top[EntityKind.EVENT]} 位）",
    }
    ego_rows: dict[str, list[tuple[str, str, str]]] = {}
    for kind, ids in centers.items():
        rows = []
        for iri in ids:
            e = model.entities[iri]
            note = format_date(e.start, e.end) if kind is EntityKind.EVENT else f"{deg[iri]} 个直接关联"
            rows.append((e.label, note, ego_pages[iri] + ".html"))
        ego_rows[headings[kind]] = rows
    written: list[Path] = []
    try:
        (output / "ego").mkdir(parents=True, exist_ok=True)
        written.extend(write_lib(output))
        written.append(write_details(model, output))
        for view in main + egos:
            path = output / f"{view.slug}.html"
            html = render_view(view, model, ego_pages=ego_pages, shared_details=True)
            path.write_text(html, encoding="utf-8")
            written.append(path)
        index = output / "index.html"
        index.write_text(render_index(main, model, ego_rows), encoding="utf-8")
        written.insert(0, index)
    except OSError as err:
        raise OutputError(f"{output}: cannot write the views ({err.strerror}); check the folder") from err
    return written
