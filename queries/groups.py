"""Facts stated for an actor group apply to its members *via the group*: the one rule that
kennisstroom, stroombalans, schakelpunten and hiaten share, over the store primitives.

The documents often speak of a kind of actor ("gemeenten", "planbureaus") rather than of one.
Such a fact sits on an `Actorgroep` node; `HOORT_BIJ` (actor → group, stated in a document or
derived by a rule of loaders/groups.py, then its source's publication starts with `regel:`)
says who the group's members are. Membership is one step (the model allows HOORT_BIJ only from
an actor to a group), so it is read with `facts(["HOORT_BIJ"])`, which also gives each
membership's own sources; the transitive `members` primitive is not needed for it.

Every answer built on a group says so: its `grond` is `eigen` (the fact is stated for the actor
itself) or `via groep <naam>`, and its `bronnen` list the flow's sources and the membership's
(a derived membership reads `afgeleid (regel <id>)`).

Two readings of one rule:

- **Counting** (stroombalans, the hiaat `eenrichtingsstroom`): a flow applies to each of its
  ends (`eigen`) and, when an end is a group, to each member of that group (`via groep`). That
  is linear: a flow G → H applies once to each member of G and once to each member of H, never
  once per pair of members (`applied_flows`).
- **Routes** (kennisstroom, schakelpunten, the hiaat `regio-zonder-schakelpunt`): the group is
  a node of the knowledge graph, joined to each member by its membership, and the group's own
  knowledge ties (flows, cooperation, support, participation) run from that node
  (`route_graph`). A route member → group → X reads "X reaches the member through what the
  sources state about the group", and X → group → member the reverse. Being members of one
  group does not tie two members to each other: a route never runs member → group → another
  member, unless the sources state a tie of the group with itself (gemeenten werken samen met
  elkaar). The RouteGraph is therefore directed, and a group without such a self-tie has two
  nodes, one entered by its ties and one entered from its members (RouteGraph docstring). A
  member-level edge per pair of a group → group flow (gemeenten → gemeenten, horizontaal) would
  add n² edges; through the group node it costs n.
  Only a group with at least one knowledge tie is joined to its members: a group nobody states
  a tie for is a label, not a route.
  A route through a group is one step longer than a member-level edge would be, so the group
  itself can be an intermediary: the regio reaches the landelijk cycle through what the sources
  say of that kind of actor (schakelpunten does not list groups; they are route nodes).

**Some members only** (`leden: enkele`, graph/model.py LEDEN). A text may speak of some, a
number or a regionally bounded part of a group without naming them ("drie gemeenten richtten
DataFryslân op"). Such a fact stays in the graph and stays the group's own: the Netwerk, the
sources and the group's own rows (`grond` `eigen`: stroombalans, eenrichtingsstroom of the group)
show it. It never applies to a member: `applied_flows` gives it to no member, and `route_graph`
leaves it out as a route altogether (a route member → group → X would read "X reaches every
member", and X → group → Y would join two facts about possibly different members); a group whose
only ties are partial is not joined to its members. `applies_to_members(fact)` is the one test;
every query asks it here. A fact without `leden`, or with `leden: alle`, applies to each member.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

import networkx as nx

from graph.model import GROUP_LABEL, RULE_PREFIX, Relationship, Source, is_derived, is_partial  # noqa: F401
from queries.projection import NON_KNOWLEDGE_TYPES, ActorIndex, actor_index

OWN = "eigen"
MEMBERSHIP = "HOORT_BIJ"
MEMBERSHIP_STEP = "lidmaatschap"  # the `richting` of a route step between a member and its group


def source_text(s: Source) -> str:
    """One source in a line: `pub bestand:a-b`, or `afgeleid (regel <id>)` for a rule."""
    if s.publication.startswith(RULE_PREFIX):
        return f"afgeleid (regel {s.publication[len(RULE_PREFIX):]})"
    if s.file and s.lines:
        return f"{s.publication} {s.file}:{s.lines[0]}-{s.lines[1]}"
    return f"{s.publication} {s.file}" if s.file else s.publication


def applies_to_members(fact: Relationship) -> bool:
    """Does a fact stated for a group apply to each of its members? Not when the text speaks
    of some members only (`leden: enkele`); see the module docstring."""
    return not is_partial(fact)


def grond(group_naam: str | None) -> str:
    return OWN if group_naam is None else f"via groep {group_naam}"


@dataclass(frozen=True)
class Applied:
    """A flow as it applies to `subject`: its own (`group` None) or via the group `group`."""

    subject: str
    group: str | None
    flow: Relationship


class GroupIndex:
    """Groups, memberships (with their facts), every KENNISSTROOM and the groups' knowledge
    ties, read once per graph version (`group_index`). `by_id` holds actors and groups as
    projection dicts {id, label, naam, niveau}."""

    def __init__(self, idx: ActorIndex, groups: list, memberships: list[Relationship],
                 flows: list[Relationship], group_facts: list[Relationship]):
        self.actors = idx
        self.groups = {n.id: {"id": n.id, "label": n.label, "naam": n.naam, "niveau": n.niveau} for n in groups}
        self.by_id = {**idx.by_id, **self.groups}
        self.membership: dict[tuple[str, str], Relationship] = {}
        self.members_of: dict[str, list[str]] = {}
        self.groups_of: dict[str, list[str]] = {}
        for r in memberships:
            if r.end in self.groups and r.start in self.by_id:
                self.membership[(r.start, r.end)] = r
                self.members_of.setdefault(r.end, []).append(r.start)
                self.groups_of.setdefault(r.start, []).append(r.end)
        for d in (self.members_of, self.groups_of):
            for k in d:
                d[k] = sorted(set(d[k]))
        self.flows = [f for f in flows if f.start in self.by_id and f.end in self.by_id]
        # the groups' knowledge ties: a group at one end, an actor or group at the other
        # (a group's tie with itself, gemeenten → gemeenten, ties its members to each other);
        # a tie about some members only is no route (module docstring), it stays in `partial`
        knowledge = [r for r in group_facts
                     if r.type not in NON_KNOWLEDGE_TYPES + (MEMBERSHIP,)
                     and r.start in self.by_id and r.end in self.by_id]
        self.ties = [r for r in knowledge if applies_to_members(r)]
        self.partial = [r for r in knowledge if not applies_to_members(r)]
        self.tied = sorted({x for r in self.ties for x in (r.start, r.end) if x in self.groups})

    def naam(self, node_id: str) -> str:
        return self.by_id[node_id]["naam"]

    def membership_sources(self, member: str, group: str) -> list[str]:
        r = self.membership[(member, group)]
        return [f"lidmaatschap {self.naam(member)} → {self.naam(group)}: {source_text(s)}" for s in r.sources]

    def fact_sources(self, r: Relationship) -> list[str]:
        return [f"{r.type} {self.naam(r.start)} → {self.naam(r.end)}: {source_text(s)}" for s in r.sources]

    def relevant_group(self, group: str, actors: set[str] | None) -> bool:
        """Under a filter (a set of actors) a group counts when one of its members is in it."""
        return actors is None or any(m in actors for m in self.members_of.get(group, ()))


def group_index(store) -> GroupIndex:
    """The GroupIndex of the store's current graph (cached per graph version)."""

    def build() -> GroupIndex:
        groups = store.nodes(GROUP_LABEL)
        ids = [n.id for n in groups]
        return GroupIndex(actor_index(store), groups, store.facts([MEMBERSHIP]), store.facts(["KENNISSTROOM"]),
                          store.facts(around=ids) if ids else [])

    return store.cached("group_index", build)


def applied_flows(gi: GroupIndex) -> list[Applied]:
    """Every flow as it applies to each end (`eigen`) and to each member of a group end (via
    that group; not for a flow about some members only): linear in the members, sorted by
    (subject, group, flow)."""
    out: dict[tuple, Applied] = {}
    for f in gi.flows:
        for end in (f.start, f.end):
            out.setdefault((end, "", f.key), Applied(end, None, f))
            if not applies_to_members(f):
                continue
            for m in gi.members_of.get(end, ()):
                out.setdefault((m, end, f.key), Applied(m, end, f))
    return [out[k] for k in sorted(out)]


def directions(richting: str) -> set[str]:
    """The ways a flow goes where up and down are tallied: `wederzijds` is both."""
    if richting == "wederzijds":
        return {"lokaal->landelijk", "landelijk->lokaal"}
    return {richting}


OUT_OF = "|lid"  # suffix of a split group's second node: the group as entered from a member


@dataclass(frozen=True)
class Adjacency:
    """A graph as positions: `names` sorted, `pos` name -> position, `succ` each position's
    neighbours (successors in a directed graph) as sorted positions. Position order is name
    order, so the betweenness BFS (queries/schakelpunten.py) visits neighbours by name and its
    example routes stay canonical; plain lists instead of networkx views and dicts made a
    regio's betweenness about 3x faster at national scale."""

    names: list[str]
    pos: dict[str, int]
    succ: list[list[int]]


def adjacency(g: nx.Graph) -> Adjacency:
    """g as an `Adjacency` (built once per RouteGraph)."""
    names = sorted(g)
    pos = {v: i for i, v in enumerate(names)}
    return Adjacency(names, pos, [sorted(pos[w] for w in g[v]) for v in names])


class RouteGraph:
    """The actor knowledge graph with the tied groups as nodes (see the module docstring), with
    the lookups reach() and the betweenness need: graph (directed: see below), by_id, national,
    components, national_in, and `group_of` (route node → its group's id) with `ids(path)`.

    Every knowledge tie between two actors is a pair of arcs, one each way. A group with a tie
    of its own with itself (gemeenten → gemeenten) is one node joined both ways to each member,
    as an actor would be: its members are stated to be tied to each other. Any other group is
    split in two so that no route runs member → group → another member:
    - `<group>` is the group entered by one of its ties: from there a route goes on to any
      member (the tie applies to each) or out by another tie;
    - `<group>|lid` is the group entered from a member: from there only out by a tie.
    A member → `<group>|lid` → X → `<group>` → another member is a legal route (X is tied to
    both members through the group); A → G → B is not. Every route has its reverse (enter by a
    tie where the other left by one), so reachability and shortest paths are symmetric and the
    strongly connected components are what the undirected components were. Path lengths are
    those of the group-as-one-node graph for every route that does not jump, and the graph
    stays linear in the memberships (two arcs per membership, at most four per tie)."""

    def __init__(self, gi: GroupIndex):
        idx = gi.actors
        g = nx.DiGraph()
        g.add_nodes_from(idx.graph.nodes(data=True))
        for a, b, d in idx.graph.edges(data=True):
            g.add_edge(a, b, types=d["types"])
            g.add_edge(b, a, types=d["types"])
        self_tied = {r.start for r in gi.ties if r.start == r.end}
        into: dict[str, str] = {}  # group -> its node entered by a tie
        out_of: dict[str, str] = {}  # group -> its node entered from a member
        self.group_of: dict[str, str] = {}
        for gid in gi.tied:
            n = gi.groups[gid]
            attrs = {"label": n["label"], "naam": n["naam"], "niveau": n["niveau"]}
            g.add_node(gid, **attrs)
            into[gid] = self.group_of[gid] = gid
            if gid in self_tied:
                out_of[gid] = gid
            elif gi.members_of.get(gid):
                out_of[gid] = gid + OUT_OF
                g.add_node(out_of[gid], **attrs)
                self.group_of[out_of[gid]] = gid

        def arc(a: str, b: str, t: str) -> None:
            if g.has_edge(a, b):
                g.edges[a, b]["types"] = tuple(sorted(set(g.edges[a, b]["types"]) | {t}))
            else:
                g.add_edge(a, b, types=(t,))

        for m, grp in sorted(gi.membership):
            if grp in into:
                arc(m, out_of[grp], MEMBERSHIP)
                arc(into[grp], m, MEMBERSHIP)
        for r in gi.ties:
            if r.start == r.end:
                continue
            for x, y in ((r.start, r.end), (r.end, r.start)):  # leave x by the tie, enter y
                for a in sorted({into[x], out_of.get(x, into[x])} if x in into else {x}):
                    arc(a, into.get(y, y), r.type)
        self.member_side = out_of  # group -> its node entered from a member (itself if self-tied)
        self.ties_between: dict[frozenset, list[Relationship]] = {}
        for r in gi.ties:
            self.ties_between.setdefault(frozenset((r.start, r.end)), []).append(r)
        self.gi, self.graph, self.by_id, self.national = gi, g, gi.by_id, idx.national
        self.adjacency = adjacency(g)
        self.bridged: dict[str, bool] = {}  # per source: queries/schakelpunten.py bridged()
        self.parts: dict = {}  # per set of targets and source: queries/schakelpunten.py subset_betweenness()
        self.components: dict[str, int] = {}
        self.national_in: dict[int, set[str]] = {}
        for i, comp in enumerate(nx.strongly_connected_components(g)):
            for v in comp:
                self.components[v] = i
            self.national_in[i] = comp & self.national

    def shortest_paths(self, van: str, naar: str, limit: int = 500) -> list[list[str]]:
        """The shortest routes van → naar (at most `limit` of networkx's enumeration), as route
        nodes. A group as `naar` is reached at either of its nodes: by a tie, or from one of its
        members (a member is one membership step from its group, as the group from it)."""
        g, best = self.graph, []
        if van not in g:
            return []
        for end in dict.fromkeys((naar, self.member_side.get(naar, naar))):
            if end not in g or end == van:
                continue
            try:
                paths = list(islice(nx.all_shortest_paths(g, van, end), limit))
            except nx.NetworkXNoPath:
                continue
            if not best or len(paths[0]) < len(best[0]):
                best = paths
            elif len(paths[0]) == len(best[0]):
                best += paths
        return best

    def ids(self, path: list[str]) -> list[str]:
        """The path as node ids: a group's second node (`|lid`) as the group itself."""
        return [self.group_of.get(x, x) for x in path]

    def _step_sources(self, a: str, b: str, group: str, other: str) -> tuple[list[str], bool]:
        """(sources, by membership only) of the step a→b between `group` and `other`."""
        gi, types = self.gi, self.graph.edges[a, b]["types"]
        out: list[str] = []
        if MEMBERSHIP in types:
            for key in ((other, group), (group, other)):
                if key in gi.membership:
                    out += gi.membership_sources(*key)
        for r in self.ties_between.get(frozenset((group, other)), ()):
            if r.type in types:
                out += gi.fact_sources(r)
        return out, types == (MEMBERSHIP,)

    def path_ground(self, path: list[str]) -> tuple[str, list[str]]:
        """(grond, bronnen) of a route: `eigen`, or via the groups on it with the sources of
        each step into and out of a group (membership and the group's ties), and of the group's
        tie with itself where the route passes from one member to another."""
        gi, ids = self.gi, self.ids(path)
        on = [x for x, raw in zip(ids, path) if raw in self.group_of]
        if not on:
            return OWN, []
        bronnen: list[str] = []
        for i, x in enumerate(path):
            if x not in self.group_of:
                continue
            gid = ids[i]
            steps = ([(path[i - 1], x, ids[i - 1])] if i else []) + (
                [(x, path[i + 1], ids[i + 1])] if i + 1 < len(path) else [])
            found = [self._step_sources(a, b, gid, other) for a, b, other in steps]
            for j, (sources, _) in enumerate(found):
                bronnen += sources
                if j == 0 and len(found) == 2 and found[0][1] and found[1][1]:  # member → group → member
                    for r in self.ties_between.get(frozenset((gid,)), ()):
                        bronnen += gi.fact_sources(r)
        names = list(dict.fromkeys(gi.naam(x) for x in on))
        return "via groep " + ", ".join(names), list(dict.fromkeys(bronnen))


def route_graph(store) -> RouteGraph:
    """The RouteGraph of the store's current graph (cached per graph version)."""
    return store.cached("route_graph", lambda: RouteGraph(group_index(store)))
