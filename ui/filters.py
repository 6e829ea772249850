"""Filtering the graph for the Netwerk view: pure functions, testable without Streamlit."""
from __future__ import annotations

from graph.model import Node, Relationship, normalize_name


def matches(node: Node, text: str) -> bool:
    """Search by naam or alias, case/accent-insensitive, substring."""
    key = normalize_name(text)
    return not key or any(key in normalize_name(n) for n in node.names()) or key in node.id


def filter_graph(nodes: list[Node], rels: list[Relationship], labels: list[str] | None = None,
                 niveaus: list[str] | None = None, search: str = "",
                 with_neighbours: bool = True) -> tuple[list[Node], list[Relationship]]:
    """Nodes of the chosen labels and niveaus; a search keeps the matching nodes and (with
    `with_neighbours`) their direct neighbours within the same filters."""
    keep = [n for n in nodes
            if (not labels or n.label in labels) and (not niveaus or n.niveau in niveaus)]
    if search.strip():
        hits = {n.id for n in keep if matches(n, search)}
        if with_neighbours:
            allowed = {n.id for n in keep}
            near = {r.end for r in rels if r.start in hits and r.end in allowed}
            near |= {r.start for r in rels if r.end in hits and r.start in allowed}
            hits |= near
        keep = [n for n in keep if n.id in hits]
    ids = {n.id for n in keep}
    return keep, [r for r in rels if r.start in ids and r.end in ids]
