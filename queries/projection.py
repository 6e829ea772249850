"""The actor graph the algorithms run on, built identically from either store."""
from __future__ import annotations

import networkx as nx

# Membership and geography are not knowledge ties: they define who belongs to a regio, but
# knowledge does not travel along them.
NON_KNOWLEDGE_TYPES = ("LIGT_IN", "ACTIEF_IN")
SIDE = {"lokaal": "lokaal", "regionaal": "lokaal", "landelijk": "landelijk", "internationaal": "landelijk"}
LOCAL_NIVEAUS = ("lokaal", "regionaal")


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


def direction(niveau_from: str, niveau_to: str) -> str:
    """lokaal->landelijk (optillen), landelijk->lokaal (vertalen) or horizontaal."""
    a, b = SIDE.get(niveau_from, "lokaal"), SIDE.get(niveau_to, "lokaal")
    return "horizontaal" if a == b else f"{a}->{b}"


class ActorIndex:
    """The actor projection with the lookups the analyses need, built once per graph version
    (`actor_index(store)`): the knowledge graph, what lies in each regio (the store's
    `members` primitive: the one membership rule), who is active where, the landelijk actors
    and the connected components."""

    def __init__(self, nodes: list[dict], rels: list[dict], regio_members: dict[str, list[str]]):
        self.nodes, self.rels = nodes, rels
        self.by_id = {n["id"]: n for n in nodes}
        self.graph = knowledge_graph(nodes, rels)
        self.national = {n["id"] for n in nodes if SIDE.get(n["niveau"]) == "landelijk"}
        self.regio_members = regio_members
        self.active_in: dict[str, list[str]] = {}
        for r in rels:
            if r["type"] == "ACTIEF_IN":
                self.active_in.setdefault(r["end"], []).append(r["start"])
        self.flows = [r for r in rels if r["type"] == "KENNISSTROOM"]
        self.components: dict[str, int] = {}
        self.national_in: dict[int, set[str]] = {}
        for i, comp in enumerate(nx.connected_components(self.graph)):
            for v in comp:
                self.components[v] = i
            self.national_in[i] = comp & self.national

    def members(self, regio: str) -> set[str]:
        """Gemeenten and sub-regio's lying in `regio` (graph.store: transitive LIGT_IN)."""
        return set(self.regio_members.get(regio, ()))

    def local_of(self, regio: str) -> set[str]:
        """The regio's local actors: its gemeenten, and lokaal/regionaal actors active in it."""
        inside = {m for m in self.members(regio) if self.by_id[m]["label"] == "Gemeente"}
        active = {a for a in self.active_in.get(regio, ()) if self.by_id[a]["niveau"] in LOCAL_NIVEAUS}
        return inside | active


def actor_index(store) -> ActorIndex:
    """The ActorIndex of the store's current graph (cached per graph version)."""

    def build() -> ActorIndex:
        nodes, rels = store.actor_projection()
        regios = [n["id"] for n in nodes if n["label"] == "Regio"]
        return ActorIndex(nodes, rels, store.members(regios, "LIGT_IN"))

    return store.cached("actor_index", build)
