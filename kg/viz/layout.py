"""Node positions computed in Python, so a page is drawn at once instead of after browser physics.

Small components get networkx's spring layout (Fruchterman-Reingold, seeded).  A large
component gets it for its best-connected ``CORE`` nodes only (the dense solver is
quadratic and networkx's sparse one needs scipy); every other node is then set
beside the neighbours already placed, on a golden-angle spiral, breadth first.
Components are packed in rows, biggest first; nodes without any link are set aside on a
ring (more rings if needed) around them, not scattered under the clusters.  Same graph and
seed, same picture.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque

import networkx as nx

__all__ = ["CORE", "compute_layout"]

CORE = 300
SPACING = 90.0  # pixels between neighbours, roughly
_GOLDEN = math.pi * (3 - math.sqrt(5))


def compute_layout(
    nodes: list[str], edges: list[tuple[str, str]], *, seed: int = 7
) -> dict[str, tuple[float, float]]:
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((a, b) for a, b in edges if a != b and a in g and b in g)
    comps = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    alone = [c[0] for c in comps if len(c) == 1]
    comps = [c for c in comps if len(c) > 1]
    if not comps and alone:  # no links at all: one node in the middle, the others around it
        comps, alone = [alone[:1]], alone[1:]
    placed: list[tuple[dict[str, tuple[float, float]], float, float]] = []
    for comp in comps:
        pos = _component(nx.Graph(g.subgraph(comp)), seed)  # a copy: degrees of a view are slow
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        minx, miny = min(xs), min(ys)
        pos = {n: (x - minx, y - miny) for n, (x, y) in pos.items()}
        placed.append((pos, max(xs) - minx, max(ys) - miny))
    # shelf packing: rows no wider than the biggest component (or a square of the total)
    total = sum((w + SPACING) * (h + SPACING) for _, w, h in placed)
    row_width = max([placed[0][1] if placed else 0.0, math.sqrt(total)])
    out: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for pos, w, h in placed:
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h + SPACING, 0.0
        for n, (px, py) in pos.items():
            out[n] = (round(x + px, 1), round(y + py, 1))
        x += w + SPACING
        row_h = max(row_h, h)
    out.update(_ring(alone, out))
    return out


def _ring(alone: list[str], placed: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """``alone`` on concentric rings around the bounding box of ``placed``, SPACING apart."""
    if not alone:
        return {}
    xs = [p[0] for p in placed.values()] or [0.0]
    ys = [p[1] for p in placed.values()] or [0.0]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    radius = math.hypot(max(xs) - min(xs), max(ys) - min(ys)) / 2 + 2 * SPACING
    out: dict[str, tuple[float, float]] = {}
    i = 0
    while i < len(alone):
        n = max(1, int(2 * math.pi * radius / SPACING))
        for k, node in enumerate(alone[i : i + n]):
            a = 2 * math.pi * k / n - math.pi / 2
            out[node] = (round(cx + radius * math.cos(a), 1), round(cy + radius * math.sin(a), 1))
        i += n
        radius += SPACING
    return out


def _component(g: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    n = g.number_of_nodes()
    if n == 1:
        return {next(iter(g)): (0.0, 0.0)}
    if n <= CORE:
        return _spring(g, seed)
    deg = dict(g.degree())
    ranked = sorted(g, key=lambda v: (-deg[v], v))
    core = set(ranked[:CORE])
    # keep the core connected to itself as far as possible: it is a subgraph of a connected graph
    pos = _spring(nx.Graph(g.subgraph(core)), seed)
    children: dict[str, int] = defaultdict(int)
    queue = deque(sorted(core, key=lambda v: (-deg[v], v)))
    while queue:
        v = queue.popleft()
        for u in sorted(g[v], key=lambda u: (-deg[u], u)):
            if u in pos:
                continue
            placed_nbrs = [pos[w] for w in g[u] if w in pos]
            ax = sum(p[0] for p in placed_nbrs) / len(placed_nbrs)
            ay = sum(p[1] for p in placed_nbrs) / len(placed_nbrs)
            i = children[v]
            children[v] += 1
            r = SPACING * (0.6 + 0.35 * math.sqrt(i))
            pos[u] = (ax + r * math.cos(i * _GOLDEN), ay + r * math.sin(i * _GOLDEN))
            queue.append(u)
    return pos


def _spring(g: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    n = g.number_of_nodes()
    raw = nx.spring_layout(g, seed=seed, iterations=80 if n < 150 else 50, method="force")
    scale = SPACING * math.sqrt(n) * 0.9
    return {v: (float(p[0]) * scale, float(p[1]) * scale) for v, p in raw.items()}
