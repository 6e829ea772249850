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
  sources state about the group". A member-level edge per pair of a group → group flow
  (gemeenten → gemeenten, horizontaal) would add n² edges; through the group node it costs n.
  Only a group with at least one knowledge tie is joined to its members: a group nobody states
  a tie for is a label, not a route (joining it would put every two members two steps apart).
  A route through a group is one step longer than a member-level edge would be, so the group
  itself can be an intermediary: a schakelpunt with label `Actorgroep` means the regio reaches
  the landelijk cycle through what the sources say of that kind of actor.

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


class RouteGraph:
    """The actor knowledge graph with the tied groups as nodes (see the module docstring), with
    the lookups reach() and the betweenness need: graph, by_id, national, components,
    national_in."""

    def __init__(self, gi: GroupIndex):
        idx = gi.actors
        g = idx.graph.copy()
        for gid in gi.tied:
            n = gi.groups[gid]
            g.add_node(gid, label=n["label"], naam=n["naam"], niveau=n["niveau"])
        tied = set(gi.tied)
        edges = [(r.start, r.end, r.type) for r in gi.ties if r.start != r.end]
        edges += [(m, grp, MEMBERSHIP) for (m, grp) in sorted(gi.membership) if grp in tied]
        for a, b, t in edges:
            if g.has_edge(a, b):
                g.edges[a, b]["types"] = tuple(sorted(set(g.edges[a, b]["types"]) | {t}))
            else:
                g.add_edge(a, b, types=(t,))
        self.gi, self.graph, self.by_id, self.national = gi, g, gi.by_id, idx.national
        self.bridged: dict[str, bool] = {}  # per source: queries/schakelpunten.py bridged()
        self.components: dict[str, int] = {}
        self.national_in: dict[int, set[str]] = {}
        for i, comp in enumerate(nx.connected_components(g)):
            for v in comp:
                self.components[v] = i
            self.national_in[i] = comp & self.national

    def path_ground(self, path: list[str]) -> tuple[str, list[str]]:
        """(grond, bronnen) of a route: `eigen`, or via the groups on it with the sources of
        each step into and out of a group (membership and the group's ties)."""
        gi = self.gi
        on = [x for x in path if x in gi.groups]
        if not on:
            return OWN, []
        bronnen: list[str] = []
        for i, x in enumerate(path):
            if x not in gi.groups:
                continue
            for y in (path[i - 1] if i else None, path[i + 1] if i + 1 < len(path) else None):
                if y is None:
                    continue
                for key in ((y, x), (x, y)):
                    if key in gi.membership:
                        bronnen += gi.membership_sources(*key)
                for r in gi.ties:
                    if {r.start, r.end} == {x, y}:
                        bronnen += gi.fact_sources(r)
        names = list(dict.fromkeys(gi.naam(x) for x in on))
        return "via groep " + ", ".join(names), list(dict.fromkeys(bronnen))


def route_graph(store) -> RouteGraph:
    """The RouteGraph of the store's current graph (cached per graph version)."""
    return store.cached("route_graph", lambda: RouteGraph(group_index(store)))
