"""The actor graph the algorithms run on, built identically from either store."""
from __future__ import annotations

import networkx as nx

# Membership and geography are not knowledge ties: they define who belongs to a regio, but
# knowledge does not travel along them.
NON_KNOWLEDGE_TYPES = ("LIGT_IN", "ACTIEF_IN")
SIDE = {"lokaal": "lokaal", "regionaal": "lokaal", "landelijk": "landelijk", "internationaal": "landelijk"}


def knowledge_graph(nodes: list[dict], rels: list[dict]) -> nx.Graph:
    """Undirected simple graph of actors; an edge where any knowledge tie joins two actors.
    Edge attribute `types`: the sorted relationship types behind it."""
    g = nx.Graph()
    for n in nodes:
        g.add_node(n["id"], label=n["label"], naam=n["naam"], niveau=n["niveau"])
    for r in rels:
        if r["type"] in NON_KNOWLEDGE_TYPES or r["start"] == r["end"]:
            continue
        if g.has_edge(r["start"], r["end"]):
            types = set(g.edges[r["start"], r["end"]]["types"]) | {r["type"]}
            g.edges[r["start"], r["end"]]["types"] = tuple(sorted(types))
        else:
            g.add_edge(r["start"], r["end"], types=(r["type"],))
    return g


def members(rels: list[dict], regio: str) -> set[str]:
    """Gemeenten and sub-regio's lying in `regio` (LIGT_IN, transitively)."""
    inside: set[str] = set()
    frontier = {regio}
    while frontier:
        nxt = {r["start"] for r in rels if r["type"] == "LIGT_IN" and r["end"] in frontier} - inside
        inside |= nxt
        frontier = nxt
    return inside


def direction(niveau_from: str, niveau_to: str) -> str:
    """lokaal->landelijk (optillen), landelijk->lokaal (vertalen) or horizontaal."""
    a, b = SIDE.get(niveau_from, "lokaal"), SIDE.get(niveau_to, "lokaal")
    return "horizontaal" if a == b else f"{a}->{b}"
