"""schakelpunten(regio): who connects the regio's local actors with the landelijk cycle.

Score: subset betweenness on the actor knowledge graph (queries/projection.py) over the pairs
(local actor of the regio, landelijk actor): the share of those pairs' shortest paths that
run through the actor. 1.0 means every connection between the regio and the national cycle
passes this actor. `via` is one such path, as names, that explains the score.

The graph holds the actor groups with a knowledge tie as nodes, each joined to its members
(queries/groups.py: route_graph): flows stated for "gemeenten" reach every gemeente through the
group node, linearly, never as an edge per pair of members, and never from one member of a
group to another unless the sources tie the group to itself (the graph is directed for that;
every route has its reverse, so the scores are those of an undirected graph). `grond` says on what the example
route `via` stands: `eigen` when it has no group on it, else `via groep <naam>`, with `bronnen`
the sources of the steps into and out of each group (membership, derived or stated, and the
group's tie).

**Who is listed.** A schakelpunt is what DESIGN §1 asks for: a werkplaats, regional platform,
programme, institute or regio (as an actor) between the regio's gemeenten and the national
cycle. Actor groups and gemeenten (ROUTE_ONLY_LABELS) are route nodes: routes run through them
and the scores of the others count those routes, but they are not listed. A group is a kind of
actor, not someone a policy advisor can call, and a gemeente elsewhere in the country (reached
through "gemeenten") says nothing about this regio; every regio would otherwise be led by the
same groups. `reach` (the hiaat `regio-zonder-schakelpunt`) asks the same: a regio has a
schakelpunt exactly when the list is not empty.

>>> from queries.schakelpunten import subset_betweenness
>>> import networkx as nx
>>> g = nx.Graph([("gemeente", "werkplaats"), ("werkplaats", "instituut")])
>>> subset_betweenness(g, {"gemeente"}, {"instituut"})[0]
{'werkplaats': 1.0}
"""
from __future__ import annotations

from array import array
from typing import NamedTuple

import networkx as nx

from graph.model import GROUP_LABEL
from queries import NamedQuery, Param, register
from queries.groups import Adjacency, RouteGraph, adjacency, route_graph
from queries.projection import actor_index

COLUMNS = ("actor", "naam", "label", "niveau", "score", "via", "grond", "bronnen")
# Route nodes that are never listed as a schakelpunt (module docstring).
ROUTE_ONLY_LABELS = (GROUP_LABEL, "Gemeente")


def listed(rg: RouteGraph, node: str) -> bool:
    """Is `node` listed when it scores (not a group, not a gemeente)? `rg`: any index with a graph."""
    return rg.graph.nodes[node]["label"] not in ROUTE_ONLY_LABELS


def _bfs(adj: Adjacency, s: int) -> tuple[list[int], list[list[int] | None], list[int], list[int]]:
    """Shortest paths from position `s`: (dist, preds, sigma, order); dist -1 is unreached."""
    succ = adj.succ
    dist, sigma, preds = [-1] * len(succ), [0] * len(succ), [None] * len(succ)
    dist[s], sigma[s], preds[s] = 0, 1, []
    order = [s]
    i = 0
    while i < len(order):
        v = order[i]
        i += 1
        dv, sv = dist[v] + 1, sigma[v]
        for w in succ[v]:
            dw = dist[w]
            if dw < 0:
                dist[w], sigma[w], preds[w] = dv, sv, [v]
                order.append(w)
            elif dw == dv:
                sigma[w] += sv
                preds[w].append(v)
    return dist, preds, sigma, order


class _Share(NamedTuple):
    """One source's share of subset_betweenness, compact (kept per source in RouteGraph.parts:
    at national scale thousands of sources, each reaching thousands of nodes). The example
    routes are not stored as paths but as two arrays they are read from (`route`)."""

    source: int
    pairs: int  # connected targets
    nodes: array  # the nodes with a delta, in the order they are summed
    deltas: array  # their deltas
    first_pred: array  # per node: its smallest predecessor on a shortest path from the source
    next_hop: array  # per node: its smallest successor that is, or leads to, a target; -1 none
    routed: array  # the nodes the source routes through to a target (an example each)

    def route(self, v: int, is_target: list[bool]) -> list[int]:
        """The example route through `v`: the canonical shortest path source..v (always the
        smallest predecessor: positions are in name order), then the smallest next hops on to
        a target."""
        path = [v]
        while path[-1] != self.source:
            path.append(self.first_pred[path[-1]])
        path.reverse()
        while not is_target[path[-1]] or path[-1] == v:
            path.append(self.next_hop[path[-1]])
        return path


def subset_betweenness(g: nx.Graph, sources: set[str], targets: set[str], adj: Adjacency | None = None,
                       memo: dict | None = None):
    """Brandes' accumulation restricted to source/target pairs, normalized by the number of
    connected pairs. Returns ({node: score > 0}, {node: example path}, pairs). `adj`: g's
    `adjacency`, when the caller keeps it. `memo`: a dict kept with `adj` (RouteGraph.parts)
    where each source's share is remembered per set of targets: the regio's of one gemeente
    share most of their local actors, so a profile computes each source once. The sums run over
    the sources in the same order either way: the same scores to the last bit."""
    adj = adjacency(g) if adj is None else adj
    pos = adj.pos
    is_target = [False] * len(adj.names)
    for t in targets:
        if t in pos:
            is_target[pos[t]] = True
    parts = None if memo is None else memo.setdefault(frozenset(t for t in targets if t in pos), {})
    score: dict[int, float] = {}
    pairs = 0
    example_of: dict[int, _Share] = {}
    for s in sorted(pos[x] for x in sources if x in pos):
        part = None if parts is None else parts.get(s)
        if part is None:
            part = _source_share(adj, s, is_target)
            if parts is not None and len(parts) < MEMO_SOURCES:
                parts[s] = part
        pairs += part.pairs
        for w, d in zip(part.nodes, part.deltas):
            score[w] = score.get(w, 0.0) + d
        # Example routes, in the order of the sources: the first source that routes through v
        # gives its route through v
        for v in part.routed:
            example_of.setdefault(v, part)
    names = adj.names
    scores = {names[v]: c / pairs for v, c in sorted(score.items()) if pairs and c > 1e-12}
    examples = {names[v]: [names[x] for x in part.route(v, is_target)] for v, part in example_of.items()
                if names[v] in scores}
    return scores, examples, pairs


# At most this many sources' shares are remembered per route graph and set of targets (each is
# two arrays of the graph's size and three of the nodes it reaches: 48 kB at national scale, where
# a path per reached node made 260 kB).
MEMO_SOURCES = 5000


def _source_share(adj: Adjacency, s: int, is_target: list[bool]) -> _Share:
    """One source's share of subset_betweenness."""
    dist, preds, sigma, order = _bfs(adj, s)
    n = len(adj.names)
    delta = [0.0] * n
    pairs = sum(1 for w in order if is_target[w] and w != s)
    # next_hop[v]: the smallest successor of v (in s's shortest-path DAG) that is a target or
    # leads to one; following it from v ends at a target on a shortest path from s.
    next_hop = [-1] * n
    first_pred = [-1] * n
    nodes, deltas = array("i"), array("d")
    for w in reversed(order):
        hit = is_target[w] and w != s
        coeff = (1.0 if hit else 0.0) + delta[w]
        leads = hit or next_hop[w] >= 0
        sw = sigma[w]
        ps = preds[w]
        for v in ps:
            delta[v] += sigma[v] / sw * coeff
            if leads and (next_hop[v] < 0 or w < next_hop[v]):
                next_hop[v] = w
        if ps:
            first_pred[w] = min(ps)
        if w != s and delta[w]:
            nodes.append(w)
            deltas.append(delta[w])
    routed = [v for v in order[1:] if next_hop[v] >= 0 and delta[v] > 1e-12]
    return _Share(s, pairs, nodes, deltas, array("i", first_pred), array("i", next_hop), array("i", routed))


def bridged(rg: RouteGraph, s: str) -> bool:
    """Does a listed node lie strictly inside a shortest route from `s` to a landelijk actor?
    (Then it scores > 0 for every regio `s` is local to.) One BFS, remembered per graph version
    on a RouteGraph (`rg.bridged`)."""
    memo = getattr(rg, "bridged", {})
    if s not in memo:
        adj = rg.adjacency if hasattr(rg, "adjacency") else adjacency(rg.graph)
        targets = {adj.pos[t] for t in rg.national if t in adj.pos}
        src = adj.pos[s]
        _, preds, _, order = _bfs(adj, src)
        leads_on: set[int] = set()  # nodes with a successor that is, or leads to, a target
        found = False
        for w in reversed(order):
            if w != src and w in leads_on and listed(rg, adj.names[w]):
                found = True
                break
            if (w in targets and w != src) or w in leads_on:
                leads_on.update(preds[w])
        memo[s] = found
    return memo[s]


def reach(idx: RouteGraph, local: set[str]) -> tuple[bool, int]:
    """(has a schakelpunt, connected local–national pairs) without computing betweenness: a
    schakelpunt exists exactly when some local actor reaches a landelijk actor that is not its
    direct neighbour (that path has an interior node, which then scores > 0) and a listed node
    is interior to such a route (`bridged`)."""
    g = idx.graph
    has, pairs = False, 0
    for s in sorted(local):
        if s not in g:
            continue
        reachable = idx.national_in.get(idx.components[s], set()) - {s}
        pairs += len(reachable)
        if not has and reachable - set(g[s]) and bridged(idx, s):
            has = True
    return has, pairs


def rows_for(rg: RouteGraph, local: set[str], national: set[str]) -> list[dict]:
    g = rg.graph
    scores, examples, _ = subset_betweenness(g, local, national, rg.adjacency, rg.parts)
    out = []
    for v, sc in scores.items():
        if not listed(rg, v):
            continue
        n = g.nodes[v]
        path = examples.get(v, [])
        ground, bronnen = rg.path_ground(path)
        out.append({"actor": v, "naam": n["naam"], "label": n["label"], "niveau": n["niveau"],
                    "score": round(sc, 4), "via": [g.nodes[x]["naam"] for x in path],
                    "grond": ground, "bronnen": bronnen})
    return sorted(out, key=lambda r: (-r["score"], r["actor"]))


def run(store, p: dict) -> list[dict]:
    rg = route_graph(store)
    return rows_for(rg, actor_index(store).local_of(p["regio"]), rg.national)


QUERY = register(NamedQuery(
    name="schakelpunten",
    title="Kennisschakelpunten van een regio",
    description="Welke werkplaatsen, platforms, programma's, instituten en regio's verbinden de gemeenten en lokale "
                "actoren van de regio met de landelijke kenniscyclus; score = aandeel van de kortste verbindingen "
                "lokaal–landelijk dat via de actor loopt. Stromen van een groep (zoals 'gemeenten') lopen via die "
                "groep; groepen en gemeenten zijn wel schakels in een route, maar staan zelf niet in de lijst. "
                "'grond' zegt of de voorbeeldroute op eigen feiten of via een groep rust.",
    params=(Param("regio", "regio: id, naam of alias", label="Regio"),),
    columns=COLUMNS,
    run=run,
    examples=({"regio": "Friesland"},),
    remember=True,  # the Regio page and every profile of a gemeente in the regio ask for it
))
