"""HTML for the views: one UTF-8 file per view, plus index.html, and one copy of the scripts in lib/.

pyvis supplies the vis-network options (``Network.options``: physics, interaction) and
the vis-network 9.1.2 build it ships in its package (``pyvis/lib/vis-9.1.2``), which is
written once per output folder into ``lib/`` (``write_lib``) and loaded by relative path.  We do not use pyvis's template or ``add_edge``: its template loads
vis-network and Bootstrap from a CDN even in "local" mode, puts ``title`` in the page as
HTML, and ``add_edge`` scans every edge on each call (quadratic on big graphs).  Our
template (``templates/view.html``) carries the data as JSON in a non-executed script
element; ``assets/app.js`` builds legend, search, filters and details with textContent.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2

from kg.viz.details import KIND_LABELS, entity_details
from kg.viz.layout import compute_layout
from kg.viz.model import EntityKind, KnowledgeModel, LinkKind
from kg.viz.views import View, degrees

__all__ = [
    "NODE_STYLES",
    "EDGE_STYLES",
    "PHYSICS_MAX_NODES",
    "LIB_DIR",
    "LIB_FILES",
    "DETAILS_FILE",
    "write_details",
    "render_view",
    "render_index",
    "vis_options",
    "write_lib",
]

#: one color and one shape per entity type, the same on every page (Tableau 10 colors)
NODE_STYLES: dict[str, dict[str, str]] = {
    EntityKind.PERSON.value: {"label": KIND_LABELS[EntityKind.PERSON], "color": "#4e79a7", "shape": "dot"},
    EntityKind.ORGANIZATION.value: {
        "label": KIND_LABELS[EntityKind.ORGANIZATION],
        "color": "#f28e2b",
        "shape": "square",
    },
    EntityKind.EVENT.value: {"label": KIND_LABELS[EntityKind.EVENT], "color": "#e15759", "shape": "diamond"},
    EntityKind.PLACE.value: {"label": KIND_LABELS[EntityKind.PLACE], "color": "#59a14f", "shape": "triangle"},
}
EDGE_STYLES: dict[str, dict] = {
    LinkKind.POST.value: {"label": "任职", "color": "#9c755f", "dashes": True},
    LinkKind.ATTENDS.value: {"label": "活动角色（主持、致辞、出席…）", "color": "#8c8c8c", "dashes": False},
    LinkKind.ORGANIZES.value: {"label": "主办 / 承办 / 协办", "color": "#f28e2b", "dashes": False},
    LinkKind.LOCATION.value: {"label": "地点", "color": "#59a14f", "dashes": True},
    LinkKind.SUB_ORGANIZATION.value: {"label": "隶属", "color": "#b07aa1", "dashes": True},
    LinkKind.CO_ATTENDANCE.value: {"label": "共同出席（次数）", "color": "#4e79a7", "dashes": False},
    LinkKind.CO_HOSTING.value: {"label": "共同主办（次数）", "color": "#f28e2b", "dashes": False},
    LinkKind.ORG_PARTICIPATION.value: {"label": "参加对方主办的活动", "color": "#76b7b2", "dashes": False},
}
PHYSICS_MAX_NODES = 300  # above this the page starts with physics off (positions are precomputed)
#: the folder beside the pages that holds the one copy of the scripts and styles every page loads
LIB_DIR = "lib"
LIB_FILES = ("vis-network.min.js", "vis-tooltip.css", "labels.js", "timeaxis.js", "app.js", "app.css")
_OWN_ASSETS = ("labels.js", "timeaxis.js", "app.js", "app.css")
#: beside the pages: the details of every entity, written once (``write_details``), loaded by each page
DETAILS_FILE = "details.js"


@cache
def _asset(name: str) -> str:
    return (resources.files("kg.viz") / "assets" / name).read_text(encoding="utf-8")


@cache
def _vis() -> tuple[str, str]:
    """vis-network's JS and CSS, as pyvis ships them."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    # only the tooltip rules: the rest (220 kB, mostly images) styles the editing and
    # configuration widgets, which the views do not use
    rules = (lib / "vis-network.css").read_text(encoding="utf-8").split("}")
    css = "\n".join(r.strip() + "}" for r in rules if "vis-tooltip" in r.split("{", 1)[0])
    return js, css


def write_lib(output: Path) -> list[Path]:
    """Write the scripts and styles the pages load into ``output/lib`` (one copy per folder)."""
    vis_js, vis_css = _vis()
    texts = dict(zip(LIB_FILES, (vis_js, vis_css, *map(_asset, _OWN_ASSETS)), strict=True))
    lib = output / LIB_DIR
    lib.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in texts.items():
        path = lib / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kg.viz", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def _json_for_script(data) -> str:
    """JSON that cannot end the <script> element it sits in, nor start a comment or entity."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def vis_options(*, physics: bool, big: bool) -> dict:
    """vis-network options, made with pyvis's option objects."""
    from pyvis.network import Network

    net = Network(directed=False)
    net.barnes_hut(
        gravity=-8000, central_gravity=0.2, spring_length=110, spring_strength=0.02, damping=0.3, overlap=0.1
    )
    net.toggle_physics(physics)
    net.options.physics.toggle_stabilization(True)
    net.options.physics.stabilization.iterations = 150
    options = json.loads(net.options.to_json())
    options["configure"] = {"enabled": False}
    options["edges"] = {
        "smooth": False if big else {"enabled": True, "type": "continuous"},
        "font": {"size": 11, "align": "middle", "strokeWidth": 3},
        "selectionWidth": 2,
        "color": {"inherit": False},
    }
    options["nodes"] = {
        "font": {"size": 14, "face": "sans-serif"},
        "scaling": {
            "min": 8,
            "max": 30,
            "label": {"enabled": True, "min": 12, "max": 22, "drawThreshold": 6},
        },
    }
    options["layout"] = {"improvedLayout": False, "randomSeed": 7}
    options["interaction"].update(
        {
            "hover": not big,
            "tooltipDelay": 250,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
            "keyboard": False,
        }
    )
    return options


def write_details(model: KnowledgeModel, output: Path) -> Path:
    """``output/details.js``: the details panel of every entity, once for all the pages of the folder."""
    details = {iri: entity_details(model, e) for iri, e in model.entities.items()}
    path = output / DETAILS_FILE
    path.write_text(f"window.kgDetails = {_json_for_script(details)};\n", encoding="utf-8")
    return path


def render_view(
    view: View,
    model: KnowledgeModel,
    *,
    ego_pages: dict[str, str] | None = None,
    generated: str = "",
    shared_details: bool = False,
) -> str:
    """The HTML of one view.  ``ego_pages`` maps entity ids to their ego page slug (for links).
    ``shared_details``: the details come from the folder's details.js (``write_details``), else
    they are in the page."""
    ego_pages = ego_pages or {}
    deg = degrees(model, view.links)
    # which labels come first where not all fit: the most connected (on the timeline, in the whole graph)
    rank = degrees(model) if view.positions else deg
    positions = view.positions or compute_layout(view.nodes, [(lk.source, lk.target) for lk in view.links])
    fixed = bool(view.positions)
    big = len(view.nodes) > PHYSICS_MAX_NODES
    physics = not big and not fixed
    prefix = "../" * view.slug.count("/")
    nodes = []
    for iri in view.nodes:
        e = model.entities[iri]
        x, y = positions.get(iri, (0.0, 0.0))
        node = {"id": iri, "label": e.label, "kind": e.kind.value, "x": x, "y": y, "rank": rank[iri]}
        if iri in view.lines:  # the timeline's label lines (name, short date)
            node["lines"] = list(view.lines[iri])
        if not fixed:  # size by connections; a timeline keeps one size
            node["value"] = deg[iri] + 1
        if e.aliases:
            node["aliases"] = list(e.aliases)
        if e.start:
            node["date"] = e.start
            if e.end:
                node["end"] = e.end
        nodes.append(node)
    # an edge names its ends by their place in "nodes" (the page maps them back to ids): a page
    # of many edges is half the size it would be with the IRIs repeated
    index = {iri: i for i, iri in enumerate(view.nodes)}
    edges = []
    for lk in view.links:
        edge = {"from": index[lk.source], "to": index[lk.target], "kind": lk.kind.value, "label": lk.label}
        if lk.weight != 1.0:
            edge["weight"] = lk.weight
        if lk.dates:
            edge["dates"] = list(lk.dates)
        edges.append(edge)
    details = None if shared_details else {iri: entity_details(model, model.entities[iri]) for iri in view.nodes}
    data = {
        "title": view.title,
        "slug": view.slug,
        "focus": view.focus,
        "nodes": nodes,
        "edges": edges,
        "bands": [b.as_json() for b in view.bands],
        # labels: "canvas" ones scale with the drawing (timeline lanes keep them apart), "screen"
        # ones keep their size and are drawn most connected first, each only where it meets none
        "labelMode": "canvas" if fixed else "screen",
        "isolated": [] if fixed else [iri for iri in view.nodes if not deg[iri]],
        "details": details,
        "fixed": fixed,
        "physics": physics,
        "edgeLabels": view.edge_labels and not big,
        "egoPages": {iri: prefix + slug + ".html" for iri, slug in ego_pages.items()},
        "nodeStyles": NODE_STYLES,
        "edgeStyles": {k: v for k, v in EDGE_STYLES.items() if any(e["kind"] == k for e in edges)},
        "options": vis_options(physics=physics, big=big),
    }
    return (
        _env()
        .get_template("view.html")
        .render(
            title=view.title,
            description=view.description,
            index_href=prefix + "index.html",
            data_json=_json_for_script(data),
            lib_href=prefix + LIB_DIR + "/",
            details_href=prefix + DETAILS_FILE if shared_details else None,
            generated=generated,
            n_nodes=len(nodes),
            n_edges=len(edges),
        )
    )


def render_index(
    views: list[View],
    model: KnowledgeModel,
    ego: dict[str, list[tuple[str, str, str]]],
    *,
    generated: str = "",
) -> str:
    """index.html: the views, counts by type and the ego pages (``ego`` maps a heading to
    (label, note, href) rows)."""
    counts = [
        (NODE_STYLES[k.value]["label"], len(model.of_kind(k)), NODE_STYLES[k.value]["color"])
        for k in EntityKind
    ]
    return (
        _env()
        .get_template("index.html")
        .render(
            views=[(v.slug + ".html", v.title, v.description, len(v.nodes), len(v.links)) for v in views],
            counts=counts,
            ego=ego,
            generated=generated,
            app_css=_asset("app.css"),
        )
    )
