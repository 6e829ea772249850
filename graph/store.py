"""The GraphStore interface: what the CLI, the queries and the app may ask of a store.

Two implementations give the same answers: `graph.memory_store.MemoryStore` (networkx, in
process) and `graph.neo4j_store.Neo4jStore` (official driver over Bolt, parameterized Cypher).

The read side is a small set of PRIMITIVES (listed in `PRIMITIVES`); every named query in
queries/ is one Python function over them, so a rule about the graph is written once and each
store implements only these. tests/test_contract_generated.py compares every primitive on
generated graphs on both stores and fails when a primitive has no contract check.

Membership (the one rule, used by every question about "what lies in a regio"):
    m is a member of c when a chain of one or more `via` relationships leads from m to c,
    at any depth (`LIGT_IN` for regio's: a gemeente in a corop in a provincie is a member of
    all three). The container itself is a member only when the chain returns to it (a cycle).
`MEMBERSHIP_TYPES` lists the relationship types that carry membership; a new kind of
container (say actor groups) adds its type there and both stores follow.
"""
from __future__ import annotations

import gc
import threading
from abc import ABC, abstractmethod
from typing import Any, Iterable

from graph.errors import NotFound
from graph.model import Dataset, Node, Relationship, normalize_name

# Guards every store's per-version cache dictionaries (GraphStore.cached); held only briefly.
_CACHE_LOCK = threading.Lock()
_forgotten = 0  # how often forget_cached was called: part of every cache's mark


def forget_cached() -> None:
    """Every store's per-version caches (GraphStore.cached) start again on their next use: the
    app's 'Gegevens vernieuwen', for a graph changed by other tools than ours, which keep its
    version."""
    global _forgotten
    with _CACHE_LOCK:
        _forgotten += 1


def cache_mark(version: str) -> tuple[str, int]:
    """What a store's per-version cache is valid for: its graph version, until forget_cached."""
    return version, _forgotten

# Relationship types that make their start a member of their end (see the module docstring).
MEMBERSHIP_TYPES = ("LIGT_IN",)

# The read primitives every store implements and the contract suite checks on both stores.
PRIMITIVES = ("counts", "nodes", "facts", "neighbourhood", "lookup", "members", "actor_projection")
# The overview primitives (issue 15: the Netwerk page at national scale reads counts, not the graph).
PRIMITIVES += ("regio_groups", "degrees")
# Light name reads for the app's pickers (no properties, no sources): kept apart from the line
# above so another primitive can be added there without touching this one.
PRIMITIVES += ("names", "suggest")
# What each publication states (the Bronnen page): counts per publication, and one publication's facts.
PRIMITIVES += ("citations", "citing")
# Who is tied to whom, without properties or sources (rules over the whole graph read light).
PRIMITIVES += ("ends",)
# At most this many suggestions per call (a picker shows a short list, never a whole label).
SUGGEST_LIMIT = 20

NameRow = tuple[str, str]  # (id, naam)
SuggestRow = tuple[str, str, str]  # (id, naam, label)

ProjectionNode = dict[str, Any]  # {id, label, naam, niveau}
ProjectionRel = dict[str, Any]  # {start, end, type, richting}


def check_membership_type(via: str) -> str:
    if via not in MEMBERSHIP_TYPES:
        raise ValueError(f"{via!r} is not a membership type ({', '.join(MEMBERSHIP_TYPES)})")
    return via


def transitive_members(edges: Iterable[tuple[str, str]], container: str) -> set[str]:
    """The membership rule on (member, container) pairs: everything with a chain of one or
    more pairs leading to `container`. The embedded store answers `members` with this.

    >>> sorted(transitive_members([("gm", "corop"), ("corop", "prov"), ("x", "y")], "prov"))
    ['corop', 'gm']
    """
    return closure(inside_index(edges), container)


def inside_index(edges: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """{container: its direct members} from (member, container) pairs."""
    index: dict[str, list[str]] = {}
    for member, outer in edges:
        index.setdefault(outer, []).append(member)
    return index


def closure(index: dict[str, list[str]], container: str) -> set[str]:
    """Everything reachable from `container` through `index` in one or more steps."""
    found: set[str] = set()
    frontier = [container]
    while frontier:
        frontier = [m for c in frontier for m in index.get(c, ()) if m not in found]
        found.update(frontier)
    return found


GroupSummary = dict[str, list[tuple]]
# The relationships by which a node belongs to a regio for the overview (regio_groups): its first
# step may be either, every further step is LIGT_IN (a werkplaats active in a jeugdregio that
# lies in a provincie belongs to that provincie).
HOME_FIRST_STEP = ("LIGT_IN", "ACTIEF_IN")


def group_sort_key(row: tuple) -> tuple:
    """Sort groups and links with None (no home) before any id."""
    return tuple((x is not None, x) for x in row)


def home_regio(node: Node, first: Iterable[str], up: dict[str, list[str]], regio_soort: dict[str, str],
               soort: str) -> str | None:
    """The home of `node` for `regio_groups`: the node itself when it is a Regio of `soort`,
    else the smallest id of a Regio of `soort` reached by one HOME_FIRST_STEP step (`first`: its
    ends) and zero or more LIGT_IN steps (`up`: member -> containers); None when there is none.

    >>> n = Node("gm", "Gemeente", {}, ())
    >>> home_regio(n, ["corop"], {"corop": ["prov-b", "prov-a"]}, {"prov-a": "provincie",
    ...            "prov-b": "provincie", "corop": "corop"}, "provincie")
    'prov-a'
    """
    if node.label == "Regio" and node.properties.get("soort") == soort:
        return node.id
    reach = set(first)
    for x in list(reach):
        reach |= closure(up, x)
    found = [r for r in reach if regio_soort.get(r) == soort]
    return min(found) if found else None


def projection_key(r: ProjectionRel) -> tuple:
    return (r["start"], r["end"], r["type"], r["richting"] or "")


class GraphStore(ABC):
    """A loaded graph. Loads are atomic: after a failing load the store is as before."""

    name: str = "store"

    # -- writing and versioning --------------------------------------------------------------
    @abstractmethod
    def load(self, dataset: Dataset, reset: bool = True) -> None:
        """Write a validated dataset. `reset` replaces everything; otherwise nodes merge on
        `id` and relationships on (type, from, to, properties). Idempotent; all or nothing."""

    @abstractmethod
    def version(self) -> str:
        """A token that changes with every load: derived data is cached per version."""

    # -- the read primitives ------------------------------------------------------------------
    @abstractmethod
    def counts(self) -> dict[str, dict[str, int]]:
        """{"nodes": {label: n}, "relationships": {type: n}}, keys sorted."""

    @abstractmethod
    def nodes(self, label: str | None = None, ids: Iterable[str] | None = None) -> list[Node]:
        """The nodes (of one label; among `ids` when given, unknown ids left out), sorted by id."""

    @abstractmethod
    def facts(self, types: Iterable[str] | None = None, around: Iterable[str] | None = None) -> list[Relationship]:
        """The relationships of `types` (None: every type) with at least one end in `around`
        (None: anywhere), each once, sorted by key."""

    @abstractmethod
    def ends(self, types: Iterable[str]) -> list[tuple[str, str, str]]:
        """(type, start, end) of every relationship of `types`, each triple once, sorted: the
        light read for rules that need only who is tied to whom (no properties, no sources)."""

    @abstractmethod
    def neighbourhood(self, node_id: str) -> tuple[list[Node], list[Relationship]]:
        """The node, its direct neighbours and the relationships between it and them
        (both sorted; ([], []) for an unknown id)."""

    @abstractmethod
    def lookup(self, text: str) -> list[str]:
        """Ids of the nodes whose id is `text` or whose naam or alias equals `text` with case,
        accents, punctuation and spacing ignored (`normalize_name`); sorted."""

    @abstractmethod
    def members(self, containers: Iterable[str], via: str = "LIGT_IN") -> dict[str, list[str]]:
        """{container: sorted ids of its members} by the membership rule of this module
        (transitive `via`, any depth), for each given id that exists."""

    @abstractmethod
    def regio_groups(self, soort: str, skip: Iterable[str] = ()) -> GroupSummary:
        """Every node counted in a group (label, home) and every relationship whose type is not in
        `skip` counted per (group of its start, group of its end). A node's home is, by the rule
        `home_regio` below, the smallest id of a Regio of this `soort` it is, lies in or is active
        in (None: no such regio). Returns {"groups": [(label, home, count)], "links": [(label_a,
        home_a, label_b, home_b, count)]}, both sorted (None before any id)."""

    @abstractmethod
    def degrees(self, labels: Iterable[str] | None = None, skip: Iterable[str] = (),
                limit: int = 100) -> list[tuple[str, int]]:
        """The `limit` nodes (of `labels`; None: every label) with the most relationships whose
        type is not in `skip` (counted at both ends; a loop counts twice), as (id, degree) sorted
        by degree descending, then id."""

    @abstractmethod
    def citations(self, skip: Iterable[str] = ("NOEMT",)) -> dict[str, int]:
        """{publication id: number of facts citing it}, over every node and every relationship
        whose type is not in `skip` (NOEMT is derived from the others); a fact counts once per
        publication among its sources. Publications no fact cites are absent. Cached per graph
        version: the overview of the Bronnen page."""

    @abstractmethod
    def citing(self, publication: str, skip: Iterable[str] = ("NOEMT",),
               limit: int | None = None) -> tuple[list[Node], list[Relationship]]:
        """The nodes (sorted by id) and the relationships whose type is not in `skip` (sorted by
        key) with a source of `publication`: what that publication states. With `limit`, the
        first `limit` of each (a synthetic national set cites one publication half a million
        times; citations() has the count)."""

    @abstractmethod
    def names(self, label: str) -> list[NameRow]:
        """(id, naam) of every node of `label`, sorted by `name_order` (naam ignoring case, then
        id): the options of a picker, without properties or sources."""

    @abstractmethod
    def suggest(self, text: str, labels: Iterable[str] | None = None,
                limit: int = SUGGEST_LIMIT) -> list[SuggestRow]:
        """At most `limit` (id, naam, label) of the nodes (of `labels`; None: any) with a name
        (naam, alias, woonplaats, ... as in `lookup`) whose key contains the key of `text`;
        those with a key that starts with it first, then by `name_order`. [] when the key of
        `text` is empty. Served by a name index on both stores, never a scan of the nodes."""

    def actor_projection(self) -> tuple[list[ProjectionNode], list[ProjectionRel]]:
        """Actor nodes (id, label, naam, niveau) sorted by id, and the relationships between
        actors (start, end, type, richting) sorted by `projection_key`: the input of the graph
        algorithms in queries/. Cached per graph version; callers must not mutate it."""
        return self.cached("actor_projection", self._actor_projection)

    @abstractmethod
    def _actor_projection(self) -> tuple[list[ProjectionNode], list[ProjectionRel]]:
        """The uncached actor projection (see actor_projection)."""

    # -- shared behaviour, built on the primitives above ---------------------------------
    def cached(self, key: str, compute):
        """compute() once per graph version (projections, name indexes). Thread-safe: a page
        asking for a value the app's warm-up (ui/warmup.py) is computing waits for it instead
        of computing it a second time."""
        version = self.version()
        with _CACHE_LOCK:
            mark = cache_mark(version)
            cache = self.__dict__.setdefault("_derived_cache", {})
            locks = self.__dict__.setdefault("_derived_locks", {})
            if cache.get("__mark__") != mark:
                cache.clear()
                locks.clear()
                cache["__mark__"] = mark
            if key in cache:
                return cache[key]
            lock = locks.setdefault(key, threading.RLock())
        with lock:
            with _CACHE_LOCK:
                if cache.get("__mark__") == mark and key in cache:
                    return cache[key]
            value = compute()
            with _CACHE_LOCK:
                if cache.get("__mark__") == mark:  # not if a new version came meanwhile
                    cache[key] = value
            # derived data lives until the next version: keep its objects (at national scale
            # millions) out of the garbage collector's full passes, which otherwise slowed every
            # later page run of the app by about a second
            gc.freeze()
            return value

    def close(self) -> None:
        """Release connections (nothing to do for in-process stores)."""

    def node(self, node_id: str) -> Node | None:
        """One node by id, or None."""
        found = self.nodes(ids=[node_id])
        return found[0] if found else None

    def relationships(self, type: str | None = None) -> list[Relationship]:
        """All relationships (of one type), sorted by key."""
        return self.facts(None if type is None else [type])

    def dataset(self) -> Dataset:
        """Everything in the store as a Dataset (for export and equality checks)."""
        return Dataset({n.id: n for n in self.nodes()}, self.relationships())

    def resolve(self, text: str, label: str | None = None) -> Node:
        """Find a node by id, naam or alias (case, accents, punctuation ignored); an exact id
        wins over a name, and a node's own naam/alias over a woonplaats of another gemeente
        ("Hoorn" is the gemeente Hoorn, not also Terschelling, where a woonplaats Hoorn lies)."""
        matches = [n for n in self.nodes(ids=self.lookup(text)) if label is None or n.label == label]
        exact = [n for n in matches if n.id == text]
        if exact:
            return exact[0]
        key = normalize_name(text)
        own = [n for n in matches if key in {normalize_name(x) for x in n.own_names()}]
        matches = own or matches
        if len(matches) == 1:
            return matches[0]
        what = label or "knoop"
        if not matches:
            raise NotFound(f"geen {what} met id, naam of alias '{text}'")
        ids = ", ".join(f"{m.id} ({m.naam})" for m in sorted(matches, key=lambda m: m.id))
        how = "de woonplaats ligt in meer gemeenten" if not own else "meer knopen heten zo"
        raise NotFound(f"'{text}' is niet eenduidig ({how}): {ids}")


def name_order(row: tuple) -> tuple[str, str]:
    """Sort key of (id, naam, ...) rows: naam ignoring case, then id."""
    return (row[1].casefold(), row[0])


def rank_suggestions(hits: Iterable[tuple[str, str, str, Iterable[str]]], key: str,
                     limit: int) -> list[SuggestRow]:
    """The one ordering of `suggest` for both stores: from (id, naam, label, name keys) hits
    whose keys contain `key`, those with a key starting with it first, then naam in lower case,
    then id. Lower case, not casefold: Neo4j ranks by the same key in Cypher (toLower) and sends
    only the first `limit` rows."""
    ranked = []
    for node_id, naam, label, keys in hits:
        keys = list(keys)
        if any(key in k for k in keys):
            ranked.append((not any(k.startswith(key) for k in keys), naam.lower(), node_id, naam, label))
    ranked.sort()
    return [(node_id, naam, label) for _, _, node_id, naam, label in ranked[:max(limit, 0)]]


def name_key(text: str) -> str:
    """The lookup key of a name (empty when nothing comparable is left: then only ids match)."""
    return normalize_name(text)
