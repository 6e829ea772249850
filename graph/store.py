"""The GraphStore interface: what the CLI, the queries and the app may ask of a store.

Two implementations give the same answers: `graph.memory_store.MemoryStore` (networkx, in
process) and `graph.neo4j_store.Neo4jStore` (official driver over Bolt).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from graph.errors import NotFound
from graph.model import ACTOR_LABELS, Dataset, Node, Relationship, normalize_name


class GraphStore(ABC):
    """A loaded graph. Loads are atomic: after a failing load the store is as before."""

    name: str = "store"

    @abstractmethod
    def load(self, dataset: Dataset, reset: bool = True) -> None:
        """Write a validated dataset. `reset` replaces everything; otherwise nodes merge on
        `id` and relationships on (type, from, to, properties). Idempotent; all or nothing."""

    @abstractmethod
    def counts(self) -> dict[str, dict[str, int]]:
        """{"nodes": {label: n}, "relationships": {type: n}}, keys sorted."""

    @abstractmethod
    def nodes(self, label: str | None = None) -> list[Node]:
        """All nodes (of one label), sorted by id."""

    @abstractmethod
    def relationships(self, type: str | None = None) -> list[Relationship]:
        """All relationships (of one type), sorted by key."""

    @abstractmethod
    def node(self, node_id: str) -> Node | None:
        """One node by id, or None."""

    @abstractmethod
    def neighbourhood(self, node_id: str) -> tuple[list[Node], list[Relationship]]:
        """The node, its direct neighbours and the relationships between it and them."""

    @abstractmethod
    def version(self) -> str:
        """A token that changes with every load: derived data is cached per version."""

    def cached(self, key: str, compute):
        """compute() once per graph version (projections, name indexes)."""
        version = self.version()
        cache = self.__dict__.setdefault("_derived_cache", {})
        if cache.get("__version__") != version:
            cache.clear()
            cache["__version__"] = version
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    def close(self) -> None:
        """Release connections (nothing to do for in-process stores)."""

    # -- shared behaviour, built on the primitives above ---------------------------------
    def dataset(self) -> Dataset:
        """Everything in the store as a Dataset (for export and equality checks)."""
        return Dataset({n.id: n for n in self.nodes()}, self.relationships())

    def actor_projection(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Actor nodes (id, label, naam, niveau) and the relationships between actors (start,
        end, type, richting), sorted: the input of the graph algorithms in queries/. Cached
        per graph version; callers must not mutate it."""
        return self.cached("actor_projection", self._actor_projection)

    def _actor_projection(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        nodes = [{"id": n.id, "label": n.label, "naam": n.naam, "niveau": n.niveau}
                 for n in self.nodes() if n.label in ACTOR_LABELS]
        ids = {n["id"] for n in nodes}
        rels = [{"start": r.start, "end": r.end, "type": r.type, "richting": r.properties.get("richting")}
                for r in self.relationships() if r.start in ids and r.end in ids]
        return nodes, sorted(rels, key=lambda r: (r["start"], r["end"], r["type"], r["richting"] or ""))

    def resolve(self, text: str, label: str | None = None) -> Node:
        """Find a node by id, naam or alias (case, accents, punctuation ignored)."""
        node = self.node(text)
        if node is not None and (label is None or node.label == label):
            return node
        key = normalize_name(text)
        matches = [self.node(i) for i in self._ids_named(key)]
        matches = [n for n in matches if label is None or n.label == label]
        # A node's own naam/alias beats a woonplaats of another gemeente ("Hoorn" is the
        # gemeente Hoorn, not also Terschelling, where a woonplaats Hoorn lies).
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

    def _ids_named(self, key: str) -> list[str]:
        """Ids of the nodes with this normalized naam or alias."""

        def build() -> dict[str, list[str]]:
            index: dict[str, list[str]] = {}
            for n in self.nodes():
                for name in {normalize_name(x) for x in n.names()}:
                    index.setdefault(name, []).append(n.id)
            return index

        return self.cached("name_index", build).get(key, [])

    def run_query(self, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a named query (see queries/) and return its rows."""
        from queries import run

        return run(self, name, params or {})
