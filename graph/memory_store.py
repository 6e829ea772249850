"""The embedded store: a networkx MultiDiGraph held in process.

A load builds a complete new graph and swaps it in with one assignment, so a load that fails
halfway leaves the previous graph untouched and readers never see a half-built graph.
"""
from __future__ import annotations

import gc

import networkx as nx

from graph.model import ACTOR_LABELS, Dataset, Node, Relationship, merge_datasets
from graph.store import GraphStore


class MemoryStore(GraphStore):
    name = "memory"

    def __init__(self, dataset: Dataset | None = None):
        self._graph = nx.MultiDiGraph()
        self._version = 0
        if dataset is not None:
            self.load(dataset)

    def load(self, dataset: Dataset, reset: bool = True) -> None:
        # The cyclic garbage collector would traverse the growing graph again and again while
        # it is built (a build allocates only, nothing to collect): off during the build.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            self._build(dataset, reset)
        finally:
            if was_enabled:
                gc.enable()

    def _build(self, dataset: Dataset, reset: bool) -> None:
        full = dataset if reset else merge_datasets(self.dataset(), dataset)
        graph = nx.MultiDiGraph()
        # The immutable Node/Relationship objects are the attributes: nothing is copied.
        graph.add_nodes_from((n.id, {"label": n.label, "obj": n}) for n in full.nodes.values())
        for rel in full.relationships:
            if rel.start not in graph or rel.end not in graph:
                raise ValueError(f"relationship {rel.type} has a missing end: {rel.start} -> {rel.end}")
        graph.add_edges_from((r.start, r.end, r.key, {"type": r.type, "obj": r}) for r in full.relationships)
        self._graph = graph  # the swap: one assignment
        self._version += 1

    def version(self) -> str:
        return f"memory-{id(self)}-{self._version}"

    def _actor_projection(self):
        """Same contract as GraphStore.actor_projection, straight from the graph (no sorting of
        every relationship by key)."""
        g = self._graph
        actors = {i for i, d in g.nodes(data=True) if d["label"] in ACTOR_LABELS}
        nodes = [{"id": i, "label": g.nodes[i]["label"], "naam": g.nodes[i]["obj"].naam,
                  "niveau": g.nodes[i]["obj"].niveau} for i in sorted(actors)]
        rels = [{"start": u, "end": v, "type": d["type"], "richting": d["obj"].properties.get("richting")}
                for u, v, d in g.edges(data=True) if u in actors and v in actors]
        return nodes, sorted(rels, key=lambda r: (r["start"], r["end"], r["type"], r["richting"] or ""))

    def counts(self) -> dict[str, dict[str, int]]:
        nodes: dict[str, int] = {}
        for _, data in self._graph.nodes(data=True):
            nodes[data["label"]] = nodes.get(data["label"], 0) + 1
        rels: dict[str, int] = {}
        for _, _, data in self._graph.edges(data=True):
            rels[data["type"]] = rels.get(data["type"], 0) + 1
        return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}

    @staticmethod
    def _node(node_id: str, data: dict) -> Node:
        return data["obj"]

    @staticmethod
    def _rel(start: str, end: str, data: dict) -> Relationship:
        return data["obj"]

    def nodes(self, label: str | None = None) -> list[Node]:
        g = self._graph
        return [self._node(i, g.nodes[i]) for i in sorted(g.nodes)
                if label is None or g.nodes[i]["label"] == label]

    def relationships(self, type: str | None = None) -> list[Relationship]:
        rels = [self._rel(u, v, d) for u, v, d in self._graph.edges(data=True)
                if type is None or d["type"] == type]
        return sorted(rels, key=lambda r: r.key)

    def node(self, node_id: str) -> Node | None:
        if node_id not in self._graph:
            return None
        return self._node(node_id, self._graph.nodes[node_id])

    def neighbourhood(self, node_id: str) -> tuple[list[Node], list[Relationship]]:
        g = self._graph
        if node_id not in g:
            return [], []
        rels = [self._rel(u, v, d) for u, v, d in g.out_edges(node_id, data=True)]
        rels += [self._rel(u, v, d) for u, v, d in g.in_edges(node_id, data=True) if u != node_id]
        ids = {node_id} | {r.start for r in rels} | {r.end for r in rels}
        return [self._node(i, g.nodes[i]) for i in sorted(ids)], sorted(rels, key=lambda r: r.key)
