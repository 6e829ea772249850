"""Render a (sub)graph as a pyvis/vis-network page with precomputed positions.

Positions come from a seeded networkx layout, so the picture is the same on every rerun and
needs no physics to settle; the HTML inlines vis-network from pyvis's own bundle and uses
our template (pyvis 0.3.2's links Bootstrap from a CDN).
"""
from __future__ import annotations

import json
from pathlib import Path

import jinja2
from functools import lru_cache

import networkx as nx
import pyvis
from pyvis.network import Network

from graph.model import LABELS, Node, Relationship

LABEL_COLOURS = {
    "Gemeente": "#2a9d8f",
    "Regio": "#8ab17d",
    "Werkplaats": "#e9c46a",
    "Instituut": "#e76f51",
    "Programma": "#f4a261",
    "Publicatie": "#8d99ae",
    "Thema": "#6d597a",
    "Fase": "#264653",
    "Kennisbron": "#b56576",
    "Grootteklasse": "#adb5bd",
    "Actorgroep": "#c9ada7",
    "Kanaal": "#7f8c8d",
}
_TEMPLATES = Path(__file__).parent / "templates"
_ENV = jinja2.Environment(
    loader=jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(str(_TEMPLATES)),
        jinja2.FileSystemLoader(str(Path(pyvis.__file__).parent / "templates")),
    ]),
    autoescape=False,
)
assert set(LABEL_COLOURS) == set(LABELS)


def legend_html(labels: list[str]) -> str:
    """Coloured dots with the label names (the key to the graph's colours)."""
    items = "".join(f'<span style="margin-right:14px;white-space:nowrap"><span style="display:inline-block;'
                    f'width:11px;height:11px;border-radius:50%;background:{LABEL_COLOURS[l]};margin-right:5px">'
                    f'</span>{l}</span>' for l in LABELS if l in labels)
    return f'<div style="font-size:13px;line-height:1.9">{items}</div>'


def tooltip(node: Node, degree: int) -> str:
    """Plain-text hover: naam, label, niveau and the node's sources."""
    lines = [node.naam, f"{node.label} · niveau: {node.niveau} · {degree} relaties"]
    for s in node.sources[:4]:
        where = f"{s.file} r. {s.lines[0]}-{s.lines[1]}" if s.file else "referentiebron"
        lines.append(f"Bron: {s.publication} ({where}) — {s.note}")
    if len(node.sources) > 4:
        lines.append(f"… en {len(node.sources) - 4} bronnen meer")
    lines.append("Dubbelklik: focus op deze knoop")
    return "\n".join(lines)


def layout(node_ids: list[str], rels: list[Relationship], seed: int = 7) -> dict[str, tuple[float, float]]:
    """Deterministic positions (same input, same picture). The spring layout of a few hundred
    nodes takes seconds, so the positions of a view are kept (bounded LRU) and a rerun of the
    same view costs nothing."""
    ids = tuple(sorted(set(node_ids)))
    inside = set(ids)
    edges = tuple(sorted({(r.start, r.end) for r in rels if r.start in inside and r.end in inside}))
    return dict(_layout(ids, edges, seed))


def force_layout(node_ids: list[str], edges: list[tuple[str, str]], fixed: dict[str, tuple[float, float]] | None = None,
                 seed: int = 7) -> dict[str, tuple[float, float]]:
    """Deterministic force-directed positions (Fruchterman-Reingold, dense numpy: ~1 s for 700
    nodes where networkx's sparse variant takes 6 s). Nodes in `fixed` keep their positions and
    the others settle around them, so a view that grows by a click does not move what was
    already drawn. Kept in a bounded LRU: a rerun of the same view costs nothing."""
    ids = tuple(sorted(set(node_ids)))
    inside = set(ids)
    pairs = tuple(sorted({(a, b) if a < b else (b, a) for a, b in edges if a in inside and b in inside and a != b}))
    fixed = fixed or {}
    linked = {x for pair in pairs for x in pair} | (set(fixed) & inside)
    pinned = tuple(sorted((i, (float(p[0]), float(p[1]))) for i, p in fixed.items() if i in inside))
    pos = dict(_force(tuple(i for i in ids if i in linked), pairs, pinned, seed))
    loose = [i for i in ids if i not in linked]
    pos.update(loose_rows(loose, pos))
    return pos


GRAVITY = 1.0


def loose_rows(ids: list[str], placed: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Nodes without a line in the picture, in rows under the others (in the given order): a
    force layout would push them to a ring around everything and squeeze the network itself.

    >>> loose_rows(["a", "b", "c"], {"x": (0.0, 0.0), "y": (9.0, 9.0)})["c"]
    (2.0, -1.5)
    """
    if not ids:
        return {}
    if placed:
        xs, ys = [p[0] for p in placed.values()], [p[1] for p in placed.values()]
        left, width, bottom = min(xs), max(max(xs) - min(xs), 1.0), min(ys)
    else:
        left, width, bottom = 0.0, 1.0, 0.0
    per_row = max(10, int(2 * len(ids) ** 0.5))
    step = width / (per_row - 1)
    return {i: (left + (k % per_row) * step, bottom - 1.5 * step * (1 + k // per_row)) for k, i in enumerate(ids)}


@lru_cache(maxsize=64)
def _force(ids: tuple[str, ...], pairs: tuple[tuple[str, str], ...], pinned: tuple, seed: int) -> tuple:
    import numpy as np

    n = len(ids)
    if n == 0:
        return ()
    index = {i: k for k, i in enumerate(ids)}
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    held = np.zeros(n, dtype=bool)
    if pinned:
        known = np.array([p for _, p in pinned])
        low, high = known.min(axis=0), known.max(axis=0)
        pos = low + pos * np.maximum(high - low, 1e-3)
        for i, p in pinned:
            pos[index[i]] = p
            held[index[i]] = True
        if held.all():
            return tuple((i, tuple(map(float, pos[k]))) for i, k in index.items())
    adjacency = np.zeros((n, n))
    for a, b in pairs:
        adjacency[index[a], index[b]] = adjacency[index[b], index[a]] = 1.0
    span = float(np.ptp(pos, axis=0).max()) or 1.0
    k = span / n ** 0.5
    iterations = 80 if n <= 400 else 40
    temperature = span * 0.1
    cool = temperature / (iterations + 1)
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    for _ in range(iterations):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        distance = np.sqrt(dx * dx + dy * dy)
        np.maximum(distance, 0.01 * k, out=distance)
        force = (k * k) / (distance * distance) - adjacency * (distance / k)
        # gravity towards the middle keeps separate components close (else they drift apart
        # and the picture's scale squeezes each of them to a dot)
        sx = (force * dx).sum(axis=1) - GRAVITY * (x - x.mean()) / k
        sy = (force * dy).sum(axis=1) - GRAVITY * (y - y.mean()) / k
        length = np.maximum(np.sqrt(sx * sx + sy * sy), 1e-9)
        scale = np.minimum(length, temperature) / length
        scale[held] = 0.0
        x += sx * scale
        y += sy * scale
        temperature -= cool
    pos = np.column_stack([x, y])
    return tuple((i, (float(pos[k_][0]), float(pos[k_][1]))) for i, k_ in index.items())


@lru_cache(maxsize=64)
def _layout(ids: tuple[str, ...], edges: tuple[tuple[str, str], ...], seed: int) -> tuple:
    g = nx.Graph()
    g.add_nodes_from(ids)
    g.add_edges_from(edges)
    if len(g) == 0:
        return ()
    pos = nx.spring_layout(g, seed=seed, k=2.4 / max(1, len(g)) ** 0.5, iterations=100)
    scale = 75 * max(16, len(g)) ** 0.5
    return tuple((n, (float(x) * scale, float(y) * scale)) for n, (x, y) in pos.items())


def induced(nodes: list[Node], rels: list[Relationship]) -> tuple[list[Relationship], dict[str, int]]:
    """The relationships among `nodes` and each node's number of them (a loop counts twice)."""
    ids = {n.id for n in nodes}
    inside = [r for r in rels if r.start in ids and r.end in ids]
    degree = {n.id: 0 for n in nodes}
    for r in inside:
        degree[r.start] += 1
        degree[r.end] += 1
    return inside, degree


def build_network(nodes: list[Node], rels: list[Relationship], focus: str | None = None,
                  positions: dict[str, tuple[float, float]] | None = None) -> Network:
    rels, degree = induced(nodes, rels)
    pos = positions or layout([n.id for n in nodes], rels)
    net = Network(height="680px", width="100%", directed=True, cdn_resources="in_line")
    for n in sorted(nodes, key=lambda n: n.id):
        x, y = pos.get(n.id, (0.0, 0.0))
        net.add_node(
            n.id, label=n.naam, title=tooltip(n, degree[n.id]), color=LABEL_COLOURS[n.label],
            size=8 + 3 * min(degree[n.id], 25) ** 0.8, x=x, y=y,
            borderWidth=4 if n.id == focus else 1,
        )
    for r in rels:
        net.add_edge(r.start, r.end, title=r.type.replace("_", " ").lower(), color="#c9ced6",
                     arrows="to", width=1)
    return net


VIEW_OPTIONS = {
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 120},
    "nodes": {"shape": "dot", "font": {"size": 12, "face": "system-ui"}},
    "edges": {"smooth": False, "arrows": {"to": {"scaleFactor": 0.4}}},
}


def render_html(nodes: list[Node], rels: list[Relationship], focus: str | None = None,
                link_param: str | None = "knoop", height: str = "680px",
                positions: dict[str, tuple[float, float]] | None = None) -> str:
    """The full HTML page of the graph view (no remote resources)."""
    net = build_network(nodes, rels, focus, positions)
    return _page(net.nodes, net.edges, link_param, height)


def _page(vis_nodes: list[dict], vis_edges: list[dict], link_param: str | None, height: str,
          aggregated: bool = False) -> str:
    return _ENV.get_template("graph.html").render(
        nodes=vis_nodes, edges=vis_edges, options=json.dumps(VIEW_OPTIONS), width="100%", height=height,
        link_param=link_param, aggregated=aggregated,
    )
