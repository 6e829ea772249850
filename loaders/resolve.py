"""Entity resolution: find the node a user means by an id, a naam or an alias.

Names are compared in tiers, the first tier with a hit wins:
1. the id itself;
2. `normalize_name` (case, accents, punctuation, spacing ignored) of naam, aliases,
   afkorting and (for publications) titel and url;
3. looser keys: spaces dropped ("Trimbos Instituut" ~ "Trimbosinstituut"), a leading article
   ("het NJi") or "Gemeente" ("Gemeente Utrecht") left out.
Abbreviations such as NJi come from the aliases and `afkorting` in the data, never from a list
of entity names in code.
"""
from __future__ import annotations

import difflib
from typing import Iterable

from graph.model import Node, normalize_name

# Words left out at the start of a name in the loose tier: articles, and "gemeente" (users
# write "Gemeente Utrecht" for the Gemeente "Utrecht"). Other label words are kept on purpose:
# "Regio Utrecht" is not the provincie Utrecht.
PREFIX_WORDS = ("de", "het", "een", "the", "gemeente")


def _strip_prefix(key: str) -> str:
    words = key.split()
    while len(words) > 1 and words[0] in PREFIX_WORDS:
        words = words[1:]
    return " ".join(words)


def suggest(word: str, options: Iterable[str]) -> str:
    """' (bedoelde u 'X'?)' for the closest option, or ''."""
    close = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.5)
    return f" (bedoelde u '{close[0]}'?)" if close else ""


def strict_key(name: str) -> str:
    return normalize_name(name)


def loose_keys(name: str) -> set[str]:
    key = normalize_name(name)
    bare = _strip_prefix(key)
    return {k for k in (key.replace(" ", ""), bare, bare.replace(" ", "")) if k}


def node_names(node_props: dict, naam: str) -> list[str]:
    names = [naam, *node_props.get("aliassen", [])]
    for key in ("afkorting", "titel", "url"):
        if isinstance(node_props.get(key), str):
            names.append(node_props[key])
    return [n for n in names if isinstance(n, str) and n.strip()]


class NameIndex:
    """Ids and name keys of every node known so far (seed plus the user's own rows)."""

    def __init__(self) -> None:
        self.labels: dict[str, str] = {}
        self.ids: dict[str, str] = {}  # id (or a user's id for a merged node) -> node id
        self.strict: dict[str, set[str]] = {}
        self.loose: dict[str, set[str]] = {}

    def add(self, node_id: str, label: str, props: dict) -> None:
        self.labels[node_id] = label
        self.ids[node_id] = node_id
        for name in node_names(props, props.get("naam", node_id)):
            self.strict.setdefault(strict_key(name), set()).add(node_id)
            for key in loose_keys(name):
                self.loose.setdefault(key, set()).add(node_id)

    def add_all(self, nodes: Iterable[Node]) -> None:
        for node in nodes:
            self.add(node.id, node.label, node.properties)

    def alias_id(self, user_id: str, node_id: str) -> None:
        self.ids.setdefault(user_id, node_id)

    def lookup(self, text: str, labels: Iterable[str] | None = None) -> list[str]:
        """Candidate node ids for `text`, sorted. With `labels`, candidates of those labels
        are preferred; when a tier has only candidates of other labels, those are returned
        (so the caller can report a type error rather than a missing node)."""
        allowed = set(labels) if labels is not None else None
        tiers = [{self.ids[text]} if text in self.ids else set(),
                 self.strict.get(strict_key(text), set()),
                 set().union(*(self.loose.get(k, set()) for k in loose_keys(text)))]
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
        """Nodes of `label` that one of `names` matches (strict tier first, then loose)."""
        names = [n for n in names if n]
        for keys, table in (([strict_key(n) for n in names], self.strict),
                            ([k for n in names for k in loose_keys(n)], self.loose)):
            found = sorted({i for k in keys for i in table.get(k, ()) if self.labels[i] == label})
            if found:
                return found
        return []

    def describe(self, ids: Iterable[str], nodes: dict) -> str:
        return ", ".join(f"{i} ({self.labels[i]}, '{nodes[i]['naam']}')" for i in ids)
