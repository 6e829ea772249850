"""Render a (sub)graph as a pyvis/vis-network page with precomputed positions.

Positions come from a seeded networkx layout, so the picture is the same on every rerun and
needs no physics to settle; the HTML inlines vis-network from pyvis's own bundle and uses
our template (pyvis 0.3.2's links Bootstrap from a CDN).
"""
from __future__ import annotations

import json
from pathlib import Path

import jinja2
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


def tooltip(node: Node, degree: int) -> str:
    """Plain-text hover: naam, label, niveau and the node's sources."""
    lines = [node.naam, f"{node.label} · niveau: {node.niveau} · {degree} relaties"]
    for s in node.sources[:4]:
        where = f"{s.file} r. {s.lines[0]}-{s.lines[1]}" if s.file else "referentiebron"
        lines.append(f"Bron: {s.publication} ({where}) — {s.note}")
    if len(node.sources) > 4:
        lines.append(f"… en {len(node.sources) - 4} bronnen meer")
    return "\n".join(lines)


def layout(node_ids: list[str], rels: list[Relationship], seed: int = 7) -> dict[str, tuple[float, float]]:
    """Deterministic positions (same input, same picture)."""
    g = nx.Graph()
    g.add_nodes_from(sorted(node_ids))
    g.add_edges_from(sorted((r.start, r.end) for r in rels if r.start in g and r.end in g))
    if len(g) == 0:
        return {}
    pos = nx.spring_layout(g, seed=seed, k=1.6 / max(1, len(g)) ** 0.5, iterations=60)
    scale = 60 * max(10, len(g)) ** 0.5
    return {n: (float(x) * scale, float(y) * scale) for n, (x, y) in pos.items()}


def build_network(nodes: list[Node], rels: list[Relationship], focus: str | None = None,
                  positions: dict[str, tuple[float, float]] | None = None) -> Network:
    ids = {n.id for n in nodes}
    rels = [r for r in rels if r.start in ids and r.end in ids]
    degree = {n.id: 0 for n in nodes}
    for r in rels:
        degree[r.start] += 1
        degree[r.end] += 1
    pos = positions or layout([n.id for n in nodes], rels)
    net = Network(height="680px", width="100%", directed=True, cdn_resources="in_line")
    for n in sorted(nodes, key=lambda n: n.id):
        x, y = pos.get(n.id, (0.0, 0.0))
        net.add_node(
            n.id, label=n.naam, title=tooltip(n, degree[n.id]), color=LABEL_COLOURS[n.label],
            size=8 + 3 * min(degree[n.id], 25) ** 0.8, x=x, y=y, group=n.label,
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
                link_param: str | None = "knoop", height: str = "680px") -> str:
    """The full HTML page of the graph view (no remote resources)."""
    net = build_network(nodes, rels, focus)
    return _ENV.get_template("graph.html").render(
        nodes=net.nodes, edges=net.edges, options=json.dumps(VIEW_OPTIONS), width="100%", height=height,
        link_param=link_param,
    )
