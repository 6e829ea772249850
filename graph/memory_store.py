"""The embedded store: a networkx MultiDiGraph held in process.

A load builds a complete new graph and swaps it in with one assignment, so a load that fails
halfway leaves the previous graph untouched and readers never see a half-built graph.
"""
from __future__ import annotations

import gc
import itertools
from collections import Counter
from operator import attrgetter
from typing import Iterable

import networkx as nx

from graph.model import ACTOR_LABELS, Dataset, Node, Relationship, merge_datasets
from graph.store import (HOME_FIRST_STEP, SUGGEST_LIMIT, GraphStore, GroupSummary, cache_mark, check_membership_type,
                         closure, group_sort_key, home_regio, inside_index, name_key, name_order, projection_key,
                         rank_suggestions)


# Every load in this process gets its own number: a version never repeats, not even for a new
# store that Python places at the address of a dropped one (caches are keyed by version).
_LOADS = itertools.count(1)
BY_TYPE = "memory_by_type"  # the per-version cache key of the per-type index (kept in a snapshot)


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
        self._version = next(_LOADS)

    def version(self) -> str:
        return f"memory-{self._version}"

    # A pickled store (loaders/snapshot.py) is its graph and its per-type index of the
    # relationships (references to the graph's own objects: cheap to write and to read, and it
    # spares the first page after a start its building, a second at national scale); no other
    # per-version caches, no locks. A restored store is a new load with a version of its own.
    def __getstate__(self) -> dict:
        return {"graph": self._graph, "by_type": self._by_type()}

    def __setstate__(self, state: dict) -> None:
        self._graph = state["graph"]
        self._version = next(_LOADS)
        if "by_type" in state:
            self.__dict__["_derived_cache"] = {"__mark__": cache_mark(self.version()), BY_TYPE: state["by_type"]}

    def _actor_projection(self):
        g = self._graph
        actors = {i for i, d in g.nodes(data=True) if d["label"] in ACTOR_LABELS}
        nodes = [{"id": i, "label": g.nodes[i]["label"], "naam": g.nodes[i]["obj"].naam,
                  "niveau": g.nodes[i]["obj"].niveau} for i in sorted(actors)]
        rels = [{"start": u, "end": v, "type": d["type"], "richting": d["obj"].properties.get("richting")}
                for u, v, d in g.edges(data=True) if u in actors and v in actors]
        return nodes, sorted(rels, key=projection_key)

    def counts(self) -> dict[str, dict[str, int]]:
        nodes = Counter(data["label"] for data in self._graph._node.values())
        rels = {t: len(rels) for t, rels in self._by_type().items()}
        return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}

    def nodes(self, label: str | None = None, ids: Iterable[str] | None = None) -> list[Node]:
        g = self._graph
        chosen = sorted(g.nodes) if ids is None else sorted({i for i in ids if i in g})
        return [g.nodes[i]["obj"] for i in chosen if label is None or g.nodes[i]["label"] == label]

    def _by_type(self) -> dict[str, list[Relationship]]:
        """{type: its relationships sorted by key}, once per version: a read of some types over
        the whole graph (the theme maps, a gap kind) then skips the other million edges."""
        def build() -> dict[str, list[Relationship]]:
            out: dict[str, list[Relationship]] = {}
            # networkx's own adjacency (u -> v -> key -> data): its edge views cost 3x as much
            for nbrs in self._graph._adj.values():
                for keys in nbrs.values():
                    for d in keys.values():
                        out.setdefault(d["type"], []).append(d["obj"])
            for rels in out.values():
                rels.sort(key=attrgetter("key"))
            return dict(sorted(out.items()))
        return self.cached(BY_TYPE, build)

    def facts(self, types: Iterable[str] | None = None, around: Iterable[str] | None = None) -> list[Relationship]:
        g = self._graph
        wanted = None if types is None else set(types)
        if around is None and wanted is not None:
            by_type = self._by_type()  # a key starts with the type: per-type lists in type order are sorted
            return [r for t in sorted(wanted) for r in by_type.get(t, ())]
        if around is None:
            edges = g.edges(data=True)
        else:
            ids = {i for i in around if i in g}
            edges = [e for i in ids for e in g.out_edges(i, data=True)]
            edges += [e for i in ids for e in g.in_edges(i, data=True) if e[0] not in ids]
        rels = [d["obj"] for _, _, d in edges if wanted is None or d["type"] in wanted]
        return sorted(rels, key=lambda r: r.key)

    def ends(self, types: Iterable[str]) -> list[tuple[str, str, str]]:
        by_type = self._by_type()
        out: list[tuple[str, str, str]] = []
        for t in sorted(set(types)):
            for r in by_type.get(t, ()):  # sorted by key: a repeated triple follows its first
                triple = (t, r.start, r.end)
                if not out or out[-1] != triple:
                    out.append(triple)
        return out

    def neighbourhood(self, node_id: str) -> tuple[list[Node], list[Relationship]]:
        g = self._graph
        if node_id not in g:
            return [], []
        rels = self.facts(around=[node_id])
        ids = {node_id} | {r.start for r in rels} | {r.end for r in rels}
        return [g.nodes[i]["obj"] for i in sorted(ids)], rels

    def _name_index(self) -> dict[str, list[str]]:
        """{name key: ids}, built once per graph version (lookup and suggest use it)."""
        def build() -> dict[str, list[str]]:
            index: dict[str, list[str]] = {}
            for i, data in self._graph.nodes(data=True):
                for name in {name_key(x) for x in data["obj"].names()} - {""}:
                    index.setdefault(name, []).append(i)
            return index

        return self.cached("name_index", build)

    def lookup(self, text: str) -> list[str]:
        found = set(self._name_index().get(name_key(text), ()))
        if text in self._graph:
            found.add(text)
        return sorted(found)

    def names(self, label: str) -> list[tuple[str, str]]:
        def build() -> list[tuple[str, str]]:
            g = self._graph
            rows = [(i, d["obj"].naam) for i, d in g.nodes(data=True) if d["label"] == label]
            return sorted(rows, key=name_order)

        return list(self.cached(f"names-{label}", build))

    def suggest(self, text: str, labels: Iterable[str] | None = None,
                limit: int = SUGGEST_LIMIT) -> list[tuple[str, str, str]]:
        key = name_key(text)
        if not key:
            return []
        wanted = None if labels is None else set(labels)
        g = self._graph
        keys_of: dict[str, list[str]] = {}
        for k, ids in self._name_index().items():
            if key in k:
                for i in ids:
                    keys_of.setdefault(i, []).append(k)
        hits = ((i, g.nodes[i]["obj"].naam, g.nodes[i]["label"], keys) for i, keys in keys_of.items()
                if wanted is None or g.nodes[i]["label"] in wanted)
        return rank_suggestions(hits, key, limit)

    def members(self, containers: Iterable[str], via: str = "LIGT_IN") -> dict[str, list[str]]:
        check_membership_type(via)
        g = self._graph
        index = self.cached(f"inside-{via}", lambda: inside_index((u, v) for u, v, d in g.edges(data=True)
                                                                  if d["type"] == via))
        return {c: sorted(closure(index, c)) for c in sorted(set(containers)) if c in g}

    # -- the overview primitives (graph/store.py documents the rules) -------------------------
    def regio_groups(self, soort: str, skip: Iterable[str] = ()) -> GroupSummary:
        skip = tuple(sorted(set(skip)))
        return self.cached(f"regio_groups-{soort}-{skip}", lambda: self._regio_groups(soort, set(skip)))

    def _regio_groups(self, soort: str, skip: set[str]) -> GroupSummary:
        g = self._graph
        by_type = self._by_type()  # shared with the other whole-graph reads of this version
        up: dict[str, list[str]] = {}
        first: dict[str, list[str]] = {}
        for t in HOME_FIRST_STEP:
            for r in by_type.get(t, ()):
                if t == "LIGT_IN":
                    up.setdefault(r.start, []).append(r.end)
                first.setdefault(r.start, []).append(r.end)
        regio_soort = {i: d["obj"].properties.get("soort") for i, d in g.nodes(data=True) if d["label"] == "Regio"}
        group = {i: (d["label"], home_regio(d["obj"], first.get(i, ()), up, regio_soort, soort))
                 for i, d in g.nodes(data=True)}
        sizes = Counter(group.values())
        links: Counter[tuple] = Counter()
        for t, rels in by_type.items():
            if t not in skip:
                links.update(group[r.start] + group[r.end] for r in rels)
        return {"groups": sorted((k + (n,) for k, n in sizes.items()), key=group_sort_key),
                "links": sorted((k + (n,) for k, n in links.items()), key=group_sort_key)}

    def degrees(self, labels: Iterable[str] | None = None, skip: Iterable[str] = (),
                limit: int = 100) -> list[tuple[str, int]]:
        skip = tuple(sorted(set(skip)))
        degree = self.cached(f"degrees-{skip}", lambda: self._degrees(set(skip)))
        wanted = None if labels is None else set(labels)
        g = self._graph
        rows = [(i, degree.get(i, 0)) for i, d in g.nodes(data=True) if wanted is None or d["label"] in wanted]
        return sorted(rows, key=lambda r: (-r[1], r[0]))[:max(0, limit)]

    def _cited(self, skip: tuple[str, ...]) -> dict[str, tuple[list[str], list[Relationship]]]:
        """{publication: (ids of the nodes, relationships) citing it}, once per graph version."""
        def build() -> dict[str, tuple[list[str], list[Relationship]]]:
            index: dict[str, tuple[list[str], list[Relationship]]] = {}
            for i, d in self._graph.nodes(data=True):
                for pub in {x.publication for x in d["obj"].sources}:
                    index.setdefault(pub, ([], []))[0].append(i)
            for _, _, d in self._graph.edges(data=True):
                if d["type"] not in skip:
                    for pub in {x.publication for x in d["obj"].sources}:
                        index.setdefault(pub, ([], []))[1].append(d["obj"])
            return index

        return self.cached(f"cited-{skip}", build)

    def citations(self, skip: Iterable[str] = ("NOEMT",)) -> dict[str, int]:
        cited = self._cited(tuple(sorted(set(skip))))
        return {pub: len(ids) + len(rels) for pub, (ids, rels) in sorted(cited.items())}

    def citing(self, publication: str, skip: Iterable[str] = ("NOEMT",),
               limit: int | None = None) -> tuple[list[Node], list[Relationship]]:
        ids, rels = self._cited(tuple(sorted(set(skip)))).get(publication, ([], []))
        n = None if limit is None else max(0, limit)
        return ([self._graph.nodes[i]["obj"] for i in sorted(ids)[:n]],
                sorted(rels, key=lambda r: r.key)[:n])

    def _degrees(self, skip: set[str]) -> dict[str, int]:
        degree: dict[str, int] = {}
        for u, v, d in self._graph.edges(data=True):
            if d["type"] not in skip:
                degree[u] = degree.get(u, 0) + 1
                degree[v] = degree.get(v, 0) + 1
        return degree
