"""Named analyses (DESIGN §6): one documented unit per query, same answers on both stores.

Each query is a `NamedQuery`: its name, a Dutch title and description, its parameters and ONE
Python function `run(store, params)` written against the read primitives of
`graph.store.GraphStore` (nodes, facts, neighbourhood, lookup, members, actor_projection).
No query knows which store it runs on and no query holds Cypher: the stores implement the
primitives, and tests/test_contract_generated.py checks both give the same answers. Rules
several queries share (who are a regio's local actors, which institutes cover a theme) live
once in queries/rules.py; graph algorithms (betweenness, paths) run with networkx on the
actor projection (queries/projection.py).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable

from graph.errors import NotFound, QueryError


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    label: str | None = None  # resolve the value to a node of this label (id, naam or alias)
    required: bool = True
    node: bool = False  # resolve the value to a node of any label


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    run: Callable[[Any, dict[str, Any]], list[dict[str, Any]]]
    # parameter combinations that are valid on their own (None: every required one)
    alternatives: tuple[tuple[str, ...], ...] | None = None
    examples: tuple[dict[str, str], ...] = field(default=())
    # keep the rows for the next callers (`run_resolved`): a per-regio query that the Regio page and
    # every profile of a gemeente in the regio ask for
    remember: bool = False


REGISTRY: dict[str, NamedQuery] = {}


def register(query: NamedQuery) -> NamedQuery:
    REGISTRY[query.name] = query
    return query


def _usage(q: NamedQuery) -> str:
    parts = [f"{p.name}{'' if p.required else '?'}" for p in q.params]
    return f"{q.name}({', '.join(parts)})"


def check_params(name: str, params: dict[str, Any]) -> NamedQuery:
    """The query, or QueryError naming what exists (unknown name, missing/unknown param)."""
    _load_all()
    if name not in REGISTRY:
        known = ", ".join(_usage(q) for q in sorted(REGISTRY.values(), key=lambda q: q.name))
        raise QueryError(f"onbekende query '{name}'; beschikbaar: {known}")
    q = REGISTRY[name]
    names = {p.name for p in q.params}
    unknown = sorted(set(params) - names)
    if unknown:
        raise QueryError(f"onbekende parameter(s) {', '.join(unknown)} voor {_usage(q)}")
    if q.alternatives is not None:
        given = {k for k, v in params.items() if v not in (None, "")}
        if not any(set(alt) == given for alt in q.alternatives):
            opts = " of ".join("(" + ", ".join(a) + ")" if a else "()" for a in q.alternatives)
            raise QueryError(f"{q.name} verwacht de parameters {opts}, niet ({', '.join(sorted(given))})")
    else:
        missing = [p.name for p in q.params if p.required and params.get(p.name) in (None, "")]
        if missing:
            raise QueryError(f"ontbrekende parameter(s) {', '.join(missing)} voor {_usage(q)}")
    return q


def resolve_params(store, q: NamedQuery, params: dict[str, Any]) -> dict[str, Any]:
    """Node parameters given as id, naam or alias become node ids (case-insensitive)."""
    out = dict(params)
    for p in q.params:
        value = params.get(p.name)
        if (p.label or p.node) and value not in (None, ""):
            try:
                out[p.name] = store.resolve(str(value), p.label).id
            except NotFound as exc:
                raise QueryError(f"{p.name}: {exc}") from exc
    return out


def run(store, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The rows of the named query on `store` (QueryError for a wrong name or parameter)."""
    params = params or {}
    q = check_params(name, params)
    return _rows(store, q, resolve_params(store, q, params))


# The rows of the queries registered with remember=True, for the last REMEMBER_MAX (store, graph
# version, query, parameters): the Regio page's kennisschakelpunten and gaps of a regio are those
# the profile of each of its gemeenten shows for it, and a gemeente's neighbours lie in mostly
# the same regio's (one per division), so the next profile around there computes only what
# differs (at national scale its seven regio's are about 1 s of a profile's 1.5 s:
# bench/profiles.py). Rows are shared, never changed in place (tests/test_app.py checks the pages).
REMEMBER_MAX = 64
_remembered: OrderedDict[tuple, list[dict[str, Any]]] = OrderedDict()
_computing: dict[tuple, threading.Lock] = {}  # a lock per key being computed
_remembered_lock = threading.Lock()  # guards both dictionaries; held only briefly


def forget() -> None:
    """Forget the remembered rows (with graph.store.forget_cached: the app's 'Gegevens vernieuwen')."""
    with _remembered_lock:
        _remembered.clear()


def _kept(key: tuple) -> list[dict[str, Any]] | None:
    with _remembered_lock:
        if key in _remembered:
            _remembered.move_to_end(key)
            return _remembered[key]
    return None


def run_resolved(store, name: str, params: dict[str, Any], version: str | None = None) -> list[dict[str, Any]]:
    """The rows of the named query with its node parameters already resolved to ids (`run`, or a
    query that builds on another one: gemeente-profiel), through its implementation over the
    GraphStore API: the same rows on both stores (the contract suite checks that); on Neo4j its
    data comes from the per-version caches instead of a Cypher round trip. A query registered
    with remember=True is computed once for `version` (default: the store's current one; a
    caller that read the version before its own reads passes it) and kept (REMEMBER_MAX): a
    caller asking while another computes the same rows waits for them (the app's warm-up and a
    page asking for the same regio), as GraphStore.cached does."""
    return _rows(store, check_params(name, params), params, version)


def _rows(store, q: NamedQuery, params: dict[str, Any], version: str | None = None) -> list[dict[str, Any]]:
    """`run_resolved` for a query whose parameters were checked (`run` has checked them already)."""
    if not q.remember:
        return q.run(store, params)
    key = (id(store), version or store.version(), q.name, tuple(sorted(params.items())))
    rows = _kept(key)
    if rows is not None:
        return rows
    with _remembered_lock:
        lock = _computing.setdefault(key, threading.Lock())
    with lock:
        rows = _kept(key)
        if rows is not None:
            return rows
        try:
            rows = q.run(store, params)
            with _remembered_lock:
                _remembered[key] = rows
                while len(_remembered) > REMEMBER_MAX:
                    _remembered.popitem(last=False)
        finally:
            with _remembered_lock:
                _computing.pop(key, None)
    return rows


def registry() -> dict[str, NamedQuery]:
    """Every named query, by name."""
    _load_all()
    return REGISTRY


def _load_all() -> None:
    """Import the query modules (each registers itself)."""
    from queries import bronnen, hiaten, kennisstroom, regio_overlap, schakelpunten, thema_dekking  # noqa: F401
    from queries import gemeente_profiel, indeling_overlap  # noqa: F401
