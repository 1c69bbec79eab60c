"""Network analytics with networkx: who is most connected, who bridges, which communities.

    graph ──kg.viz.model.build_model──> KnowledgeModel ──entity_network──> nx.Graph ──network_stats──> Stats

The network is the one the whole-graph view draws: persons, organizations, events and
places as nodes; posts, event roles, locations and sub-organizations as edges
(several links between the same two entities become one edge, ``weight`` = how many).
Node and edge attributes are strings (``weight`` a number), so GEXF and GraphML
writers take them as they are and Gephi reads them back.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import networkx as nx

from kg.errors import OutputError
from kg.viz.model import EntityKind, KnowledgeModel, build_model
from kg.viz.source import load_dataset

__all__ = [
    "Ranked",
    "Stats",
    "entity_network",
    "network_stats",
    "export_network",
    "print_stats",
    "BETWEENNESS_SAMPLE",
]

#: above this many nodes betweenness is estimated from this many seeded sample sources
BETWEENNESS_SAMPLE = 500


@dataclass(frozen=True, slots=True)
class Ranked:
    id: str
    label: str
    kind: str
    degree: int
    betweenness: float


@dataclass(slots=True)
class Stats:
    nodes: int
    edges: int
    counts: dict[str, int]  # entity kind -> number
    events_by_month: dict[str, int]  # "2024-03" -> n; "--06" for dates without a year; "unknown"
    persons: list[Ranked] = field(default_factory=list)  # most connected first
    organizations: list[Ranked] = field(default_factory=list)
    communities: list[list[str]] = field(default_factory=list)  # labels, biggest community first
    components: int = 0
    betweenness_sampled: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


def entity_network(model: KnowledgeModel) -> nx.Graph:
    """The undirected entity network of ``model`` with string attributes (label, kind, role)."""
    g = nx.Graph()
    for e in model.entities.values():
        g.add_node(e.id, label=e.label, kind=e.kind.value, aliases="|".join(e.aliases), date=e.start or "")
    for link in model.links():
        a, b = link.source, link.target
        if a == b:
            continue
        if g.has_edge(a, b):
            data = g[a][b]
            data["weight"] += link.weight
            if link.label and link.label not in data["role"].split("|"):
                data["role"] = "|".join(filter(None, [data["role"], link.label]))
            if link.kind.value not in data["kind"].split("|"):
                data["kind"] += "|" + link.kind.value
        else:
            g.add_edge(a, b, kind=link.kind.value, role=link.label, weight=float(link.weight))
    return g


def network_stats(model: KnowledgeModel, *, top: int = 10, seed: int = 0) -> Stats:
    """Degrees, betweenness, communities (Louvain, seeded) and counts of ``model``'s network."""
    g = entity_network(model)
    sampled = g.number_of_nodes() > BETWEENNESS_SAMPLE
    betweenness = (
        nx.betweenness_centrality(g, k=BETWEENNESS_SAMPLE if sampled else None, seed=seed, normalized=True)
        if g.number_of_nodes()
        else {}
    )

    def ranked(kind: EntityKind) -> list[Ranked]:
        ids = [n for n, k in g.nodes(data="kind") if k == kind.value]
        ids.sort(key=lambda n: (-g.degree(n), -betweenness.get(n, 0.0), g.nodes[n]["label"], n))
        return [
            Ranked(n, g.nodes[n]["label"], kind.value, g.degree(n), round(betweenness.get(n, 0.0), 6))
            for n in ids[:top]
        ]

    communities: list[list[str]] = []
    if g.number_of_edges():
        found = nx.community.louvain_communities(g, weight="weight", seed=seed)
        found = sorted((sorted(c) for c in found if len(c) > 1), key=lambda c: (-len(c), c[0]))
        communities = [sorted(g.nodes[n]["label"] for n in c) for c in found]
    months: Counter[str] = Counter()
    for e in model.of_kind(EntityKind.EVENT):
        months[(e.start[:4] if e.start.startswith("--") else e.start[:7]) if e.start else "unknown"] += 1
    counts = {k.value: len(model.of_kind(k)) for k in EntityKind}
    return Stats(
        g.number_of_nodes(),
        g.number_of_edges(),
        counts,
        dict(sorted(months.items(), key=lambda kv: (kv[0].startswith(("-", "u")), kv[0]))),
        ranked(EntityKind.PERSON),
        ranked(EntityKind.ORGANIZATION),
        communities,
        nx.number_connected_components(g) if g.number_of_nodes() else 0,
        sampled,
    )


def export_network(model: KnowledgeModel, path: Path) -> Path:
    """Write the entity network as GEXF (.gexf) or GraphML (.graphml) for Gephi."""
    path = Path(path)
    g = entity_network(model)
    try:
        if path.suffix.lower() == ".gexf":
            nx.write_gexf(g, path)
        elif path.suffix.lower() == ".graphml":
            nx.write_graphml(g, path)
        else:
            raise OutputError(f"{path}: cannot export to '{path.suffix}'; give a .gexf or .graphml file")
    except OSError as err:
        raise OutputError(f"{path}: cannot write the network ({err.strerror}); check the folder") from err
    return path


def print_stats(
    *,
    store_dir: Path | None = None,
    graph_file: Path | None = None,
    as_json: bool = False,
    export: Path | None = None,
    graph=None,
    top: int = 10,
    console=None,
) -> Stats:
    """``kg stats``: read the graph (or take ``graph``), print the statistics, optionally export."""
    if graph is None:
        graph = load_dataset(store_dir=store_dir, graph_file=graph_file)
    model = build_model(graph)
    stats = network_stats(model, top=top)
    if export is not None:
        export_network(model, export)
    from rich.console import Console

    console = console or Console()
    if as_json:
        console.out(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2), highlight=False)
    else:
        _print_tables(stats, console)
    if export is not None and not as_json:
        console.print(f"network written to {export}", highlight=False, markup=False)
    return stats


def _print_tables(stats: Stats, console) -> None:
    from rich.table import Table
    from rich.text import Text  # names are document text: never read as rich markup

    counts = Table(title=f"实体 ({stats.nodes} nodes, {stats.edges} edges, {stats.components} components)")
    counts.add_column("kind")
    counts.add_column("n", justify="right")
    for kind, n in stats.counts.items():
        counts.add_row(kind, str(n))
    console.print(counts)
    for title, rows in (
        ("最活跃的人物 / most connected persons", stats.persons),
        ("最活跃的机构 / most connected organizations", stats.organizations),
    ):
        t = Table(title=title)
        for col in (
            "#",
            "name",
            "degree",
            "betweenness" + (" (sampled)" if stats.betweenness_sampled else ""),
        ):
            t.add_column(col, justify="right" if col != "name" else "left")
        for i, r in enumerate(rows, 1):
            t.add_row(str(i), Text(r.label), str(r.degree), f"{r.betweenness:.4f}")
        console.print(t)
    months = Table(title="活动按月 / events by month")
    months.add_column("month")
    months.add_column("events", justify="right")
    for month, n in stats.events_by_month.items():
        months.add_row(month, str(n))
    console.print(months)
    com = Table(title=f"社区 / communities (Louvain): {len(stats.communities)}")
    com.add_column("#", justify="right")
    com.add_column("size", justify="right")
    com.add_column("members")
    for i, c in enumerate(stats.communities[:15], 1):
        com.add_row(str(i), str(len(c)), Text("、".join(c[:12]) + ("…" if len(c) > 12 else "")))
    console.print(com)
