"""Entity resolution: find the node a user means by an id, a naam or an alias.

A text finds a node by its id, else by the one name rule of graph/names.py
(`normalize_name`: case, accents, punctuation, spacing, a leading article or "Gemeente"
ignored), compared with the node's naam, aliases, afkorting and (for publications) titel and
url. Query parameters and the app use the same `normalize_name` (GraphStore.resolve), so the
same text finds the same node everywhere. Abbreviations such as NJi come from the aliases and
`afkorting` in the data, never from a list of entity names in code.
"""
from __future__ import annotations

import difflib
from typing import Iterable

from graph.model import Node, normalize_name
from graph.names import search_names


def suggest(word: str, options: Iterable[str]) -> str:
    """' (bedoelde u 'X'?)' for the closest option, or ''."""
    close = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.5)
    return f" (bedoelde u '{close[0]}'?)" if close else ""


def strict_key(name: str) -> str:
    """The key a name is compared by (graph.names.normalize_name)."""
    return normalize_name(name)


class NameIndex:
    """Ids and name keys of every node known so far (seed plus the user's own rows)."""

    def __init__(self) -> None:
        self.labels: dict[str, str] = {}
        self.ids: dict[str, str] = {}  # id (or a user's id for a merged node) -> node id
        self.keys: dict[str, set[str]] = {}

    def add(self, node_id: str, label: str, props: dict) -> None:
        self.labels[node_id] = label
        self.ids[node_id] = node_id
        for name in search_names(props, node_id):
            key = strict_key(name)
            if key:
                self.keys.setdefault(key, set()).add(node_id)

    def add_all(self, nodes: Iterable[Node]) -> None:
        for node in nodes:
            self.add(node.id, node.label, node.properties)

    def alias_id(self, user_id: str, node_id: str) -> None:
        self.ids.setdefault(user_id, node_id)

    def lookup(self, text: str, labels: Iterable[str] | None = None) -> list[str]:
        """Candidate node ids for `text`, sorted: by id first, else by name. With `labels`,
        candidates of those labels are preferred; when there are only candidates of other
        labels, those are returned (so the caller can report a type error rather than a
        missing node)."""
        allowed = set(labels) if labels is not None else None
        tiers = [{self.ids[text]} if text in self.ids else set(), self.keys.get(strict_key(text), set())]
        fallback: list[str] = []
        for found in tiers:
            if not found:
                continue
            fitting = sorted(i for i in found if allowed is None or self.labels[i] in allowed)
            if fitting:
                return fitting
            fallback = fallback or sorted(found)
        return fallback

    def lookup_same_label(self, names: Iterable[str], label: str) -> list[str]:
        """Nodes of `label` that one of `names` names."""
        keys = {strict_key(n) for n in names if isinstance(n, str) and n}
        return sorted({i for k in keys if k for i in self.keys.get(k, ()) if self.labels[i] == label})

    def describe(self, ids: Iterable[str], nodes: dict) -> str:
        return ", ".join(f"{i} ({self.labels[i]}, '{nodes[i]['naam']}')" for i in ids)
