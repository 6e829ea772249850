"""Filtering the graph for the Netwerk view: pure functions, testable without Streamlit."""
from __future__ import annotations

from graph.model import Node, Relationship, normalize_name
from graph.store import transitive_members


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


def members(rels: list[Relationship], regio: str) -> set[str]:
    """Gemeenten and sub-regio's lying in `regio`: the store's membership rule
    (graph.store.transitive_members, the same function the embedded store's `members`
    primitive runs) on these relationships."""
    return transitive_members(((r.start, r.end) for r in rels if r.type == "LIGT_IN"), regio)


def regio_core(rels: list[Relationship], regio: str) -> set[str]:
    """The regio, what lies in it and the actors active in it."""
    return {regio} | members(rels, regio) | {r.start for r in rels if r.type == "ACTIEF_IN" and r.end == regio}


def neighbours(rels: list[Relationship], ids: set[str], skip_types: tuple[str, ...] = ("NOEMT",)) -> set[str]:
    out = set()
    for r in rels:
        if r.type in skip_types:
            continue
        if r.start in ids:
            out.add(r.end)
        if r.end in ids:
            out.add(r.start)
    return out


def scope(rels: list[Relationship], regio: str | None = None, thema: str | None = None) -> set[str] | None:
    """Node ids a regio and/or thema filter keeps (None: no such filter).

    regio: the regio, its gemeenten and active actors, and whatever is directly tied to those;
    thema: the thema and whatever treats it (BEHANDELT), plus their direct ties. Both: the
    intersection, always with the regio and thema themselves.
    """
    sets = []
    if regio:
        core = regio_core(rels, regio)
        sets.append(core | neighbours(rels, core))
    if thema:
        core = {thema} | {r.start for r in rels if r.type == "BEHANDELT" and r.end == thema}
        sets.append(core | neighbours(rels, core - {thema}))
    if not sets:
        return None
    keep = set.intersection(*sets)
    return keep | {x for x in (regio, thema) if x}


def filter_view(nodes: list[Node], rels: list[Relationship], labels: list[str] | None = None,
                niveaus: list[str] | None = None, search: str = "", regio: str | None = None,
                thema: str | None = None) -> tuple[list[Node], list[Relationship]]:
    """filter_graph plus the regio and thema scope (the Netwerk and Export filters)."""
    keep = scope(rels, regio, thema)
    if keep is not None:
        nodes = [n for n in nodes if n.id in keep]
        rels = [r for r in rels if r.start in keep and r.end in keep]
    return filter_graph(nodes, rels, labels, niveaus, search)


def expand(start: str, hops: int, neighbourhood, allowed=lambda n: True,
           limit: int = 5000) -> tuple[list[list[Node]], list[Relationship]]:
    """The focus node and everything within `hops` steps, one hop at a time: the nodes per step
    (the first list holds the focus, the next its neighbours, then theirs; each by id) and the
    relationships among them. Stops after the step that finds more than `limit` nodes.

    `neighbourhood(id)` is the store's neighbourhood (nodes, relationships); `allowed(node)`
    keeps a neighbour (the label/niveau filters); the focus node always stays."""
    found: dict[str, Node] = {}
    step_of: dict[str, int] = {start: 0}
    rels: dict[tuple, Relationship] = {}
    frontier = [start]
    seen = {start}
    for step in range(1, max(1, hops) + 1):
        nxt = []
        for nid in frontier:
            ns, rs = neighbourhood(nid)
            for n in ns:
                if n.id == start or allowed(n):
                    found.setdefault(n.id, n)
                    step_of.setdefault(n.id, step)
            for r in rs:
                rels[r.key] = r
            for n in ns:
                if n.id in found and n.id not in seen:
                    seen.add(n.id)
                    nxt.append(n.id)
        frontier = nxt
        if len(found) > limit:
            break
    levels: list[list[Node]] = [[] for _ in range(max(step_of.values()) + 1)]
    for i in sorted(found):
        levels[step_of[i]].append(found[i])
    ids = set(found)
    return levels, [r for k, r in sorted(rels.items()) if r.start in ids and r.end in ids]
