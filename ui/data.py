"""The store and graph data the pages share.

One store per backend per process (`st.cache_resource`); reads and named-query results cached
per backend, graph version and parameters. Pages fetch only what they show: light name lists
(`names`), bounded suggestions (`suggest`), counts, the nodes and relationships around given ids,
members of regio's and named queries. The whole-graph reads (`graph`, `nodes`, `relationships`,
`nodes_by_id`) remain for the Netwerk view and for an export the user asks for; no other page
calls them to render (tests/test_page_reads.py). An import from the Importeren page
loads into the active store on top of what it holds (a new graph version for every page). The sidebar
store switch (Ingebouwd / Neo4j) lives here too: when Neo4j cannot be reached the app says so
in Dutch and carries on with the embedded store; it never crashes.
"""
from __future__ import annotations

import gc
import logging
import time
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from graph.backends import neo4j_settings
from graph.errors import LemniscaatError, StoreUnavailable
from graph.model import Node, Relationship
from graph.store import GraphStore, forget_cached
from loaders.seed_store import open_store
from queries import forget as forget_queries
from queries import run as run_query

BACKEND_LABELS = {"memory": "Ingebouwd", "neo4j": "Neo4j"}
LABEL_BACKENDS = {v: k for k, v in BACKEND_LABELS.items()}
_FAILED_KEY = "_neo4j_failed"
# The driver logs every server notification (deprecations, unknown property keys) as a warning;
# they are for developers, not for the app's log.
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)


def store_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that mean 'the store went away' (caught around a page, never a crash)."""
    errors: tuple[type[BaseException], ...] = (StoreUnavailable,)
    try:
        from neo4j.exceptions import ServiceUnavailable, SessionExpired

        errors += (ServiceUnavailable, SessionExpired)
    except ImportError:  # pragma: no cover - the driver is a dependency
        pass
    return errors


@st.cache_resource(show_spinner="De kennisgraaf wordt geladen…")
def get_store(backend: str = "memory") -> GraphStore:
    """One store per backend per process; the memory store is filled with the seed."""
    store = open_store(backend)
    # The embedded store's graph lives as long as the process: keep its millions of objects out
    # of the garbage collector's full passes (at national scale each pass took seconds). No
    # collection first: opening leaves next to no garbage (0 objects from the snapshot at scale 1,
    # 8 when validating the seed) and that pass cost every start 1.6 s at national scale.
    gc.freeze()
    return store


@st.cache_resource(show_spinner=False)
def _server_version(uri: str) -> str:
    """The Neo4j version at `uri`, asked once (the sidebar shows it with every run)."""
    return get_store("neo4j").server_version()


def active_backend() -> str:
    """The backend this run reads from (memory when Neo4j was chosen but is unreachable)."""
    return st.session_state.get("backend", "memory")


def store() -> GraphStore:
    return get_store(active_backend())


def _switch_to_memory() -> None:
    st.session_state["bron"] = BACKEND_LABELS["memory"]


def _retry_neo4j() -> None:
    st.session_state.pop(_FAILED_KEY, None)


def store_switch() -> str:
    """The sidebar switch with the connection status. Sets and returns the active backend."""
    with st.sidebar:
        st.radio("Gegevensbron", list(LABEL_BACKENDS), key="bron", bind="query-params",
                 horizontal=True,
                 help="Ingebouwd: de meegeleverde gegevens, zonder server. "
                      "Neo4j: een draaiende Neo4j-database (NEO4J_URI of de lokale Neo4j).")
        chosen = LABEL_BACKENDS.get(st.session_state.get("bron"), "memory")
        backend = "memory"
        if chosen == "neo4j":
            uri = neo4j_settings()[0]
            failed = st.session_state.get(_FAILED_KEY)
            if failed is None:
                try:
                    graph_version("neo4j")  # one round trip: is it there (the run keeps the answer)
                    version = _server_version(neo4j_settings()[0])
                    total = sum(counts("neo4j")["nodes"].values())
                except (LemniscaatError, *store_errors(), OSError) as exc:
                    get_store.clear("neo4j")
                    failed = {"uri": uri, "error": str(exc), "at": time.time()}
                    st.session_state[_FAILED_KEY] = failed
                else:
                    backend = "neo4j"
                    st.success(f"Verbonden met Neo4j {version} op {uri} · {total} knopen")
                    if total == 0:
                        st.warning("De Neo4j-database is leeg. Laad de gegevens met "
                                   "`lemniscaat load --backend neo4j`.")
            if failed is not None:
                st.error(f"Neo4j op {failed['uri']} is niet bereikbaar. De app toont nu de "
                         "ingebouwde gegevens.")
                with st.expander("Foutmelding"):
                    st.code(failed["error"], language=None)
                c1, c2 = st.columns(2)
                c1.button("Gebruik Ingebouwd", on_click=_switch_to_memory, key="naar_ingebouwd")
                c2.button("Opnieuw proberen", on_click=_retry_neo4j, key="neo4j_opnieuw")
        if backend == "memory":
            total = sum(counts("memory")["nodes"].values())
            st.caption(f"Ingebouwde opslag · {total} knopen uit de meegeleverde bronnen")
        st.button("Gegevens vernieuwen", key="vernieuw", on_click=refresh,
                  help="Leeg de tussenopslag, bijvoorbeeld na een nieuwe load in Neo4j.")
    st.session_state["backend"] = backend
    return backend


def refresh() -> None:
    """Forget cached reads and query results (they also expire with every new graph version),
    what the stores and the queries derived from the graph (a graph changed by other tools than
    ours keeps its version), and the graph version this run read."""
    st.cache_data.clear()
    _query.clear()
    forget_cached()
    forget_queries()
    if get_script_run_ctx(suppress_warning=True) is not None:
        st.session_state.pop(_RUN_VERSIONS, None)
    for cached in (_nodes, _relationships, _nodes_by_id, _neighbourhood, _counts, _names, _nodes_of, _facts,
                   _members, _suggest, _derived):
        cached.clear()


def store_failed(exc: BaseException) -> None:
    """Called when the store went away mid-page: say so and offer the embedded store."""
    get_store.clear()
    st.session_state[_FAILED_KEY] = {"uri": neo4j_settings()[0], "error": str(exc), "at": time.time()}
    st.error("De verbinding met Neo4j is weggevallen. Kies 'Ingebouwd' in de zijbalk of probeer "
             "het opnieuw.")
    st.button("Gebruik Ingebouwd", on_click=_switch_to_memory, key="naar_ingebouwd_pagina")


# -- cached reads -----------------------------------------------------------------------------
# Keyed by the graph version (GraphStore.version: a token that changes with every load, also a
# load by another process into Neo4j), so a view never shows a graph that is no longer there.
# Reads and query rows are cache_resource: shared objects, no copy per rerun (immutable
# Node/Relationship objects; query rows that no page changes in place).
_RUN_VERSIONS = "_graafversies_deze_run"


def new_run() -> None:
    """Called by app.py as every run starts: the run reads each store's graph version once."""
    st.session_state[_RUN_VERSIONS] = {}


def graph_version(backend: str) -> str:
    """The store's graph version. Inside a page run it is read once per store and kept for the
    rest of the run (new_run): every cached read is keyed by it, and on Neo4j each read was a
    round trip, a dozen per run; it also means a run never mixes two versions. Outside a run
    (the warm-up, the server's watcher) it is read every time."""
    in_run = get_script_run_ctx(suppress_warning=True) is not None
    seen = st.session_state.get(_RUN_VERSIONS) if in_run else None
    if seen is None:
        return get_store(backend).version()
    if backend not in seen:
        seen[backend] = get_store(backend).version()
    return seen[backend]


@st.cache_resource(max_entries=4, show_spinner=False)
def _nodes(backend: str, version: str) -> list[Node]:
    return get_store(backend).nodes()


@st.cache_resource(max_entries=4, show_spinner=False)
def _relationships(backend: str, version: str) -> list[Relationship]:
    return get_store(backend).relationships()


@st.cache_resource(max_entries=4, show_spinner=False)
def _nodes_by_id(backend: str, version: str) -> dict[str, Node]:
    return {n.id: n for n in _nodes(backend, version)}


@st.cache_resource(max_entries=512, show_spinner=False)
def _neighbourhood(backend: str, version: str, node_id: str) -> tuple[list[Node], list[Relationship]]:
    return get_store(backend).neighbourhood(node_id)


def nodes(backend: str) -> list[Node]:
    return _nodes(backend, graph_version(backend))


def relationships(backend: str) -> list[Relationship]:
    return _relationships(backend, graph_version(backend))


def nodes_by_id(backend: str) -> dict[str, Node]:
    return _nodes_by_id(backend, graph_version(backend))


def neighbourhood(backend: str, node_id: str) -> tuple[list[Node], list[Relationship]]:
    return _neighbourhood(backend, graph_version(backend), node_id)


# -- what the pages read: light, per question, cached per graph version -----------------------
@st.cache_resource(max_entries=8, show_spinner=False)
def _counts(backend: str, version: str) -> dict[str, dict[str, int]]:
    return get_store(backend).counts()


@st.cache_resource(max_entries=64, show_spinner=False)
def _names(backend: str, version: str, label: str) -> list[tuple[str, str]]:
    return get_store(backend).names(label)


@st.cache_resource(max_entries=256, show_spinner=False)
def _suggest(backend: str, version: str, text: str, labels: tuple[str, ...] | None,
             limit: int) -> list[tuple[str, str, str]]:
    return get_store(backend).suggest(text, labels, limit)


@st.cache_resource(max_entries=512, show_spinner=False)
def _nodes_of(backend: str, version: str, label: str | None, ids: tuple[str, ...] | None) -> dict[str, Node]:
    return {n.id: n for n in get_store(backend).nodes(label, ids)}


@st.cache_resource(max_entries=512, show_spinner=False)
def _facts(backend: str, version: str, types: tuple[str, ...] | None,
           around: tuple[str, ...] | None) -> list[Relationship]:
    return get_store(backend).facts(types, around)


@st.cache_resource(max_entries=512, show_spinner=False)
def _members(backend: str, version: str, containers: tuple[str, ...], via: str) -> dict[str, list[str]]:
    return get_store(backend).members(containers, via)


@st.cache_resource(max_entries=256, show_spinner=False)
def _derived(backend: str, version: str, name: str, args: tuple, _compute) -> Any:
    out = _compute(get_store(backend), *args)
    gc.freeze()  # kept per graph version: out of the garbage collector's full passes (graph/store.py cached)
    return out


def derived(compute, *args) -> Any:
    """compute(store, *args) once per backend, graph version and arguments (page logic over the
    store primitives, e.g. ui.regio). Callers must not mutate the result."""
    b = active_backend()
    return derived_at(b, graph_version(b), compute, *args)


def derived_at(backend: str, version: str, compute, *args) -> Any:
    """`derived` for a given backend and version (the warm-up, ui/warmup.py, runs outside a page)."""
    return _derived(backend, version, f"{compute.__module__}.{compute.__qualname__}", args, compute)


def counts(backend: str | None = None) -> dict[str, dict[str, int]]:
    """Nodes per label and relationships per type (of the active store)."""
    b = backend or active_backend()
    return _counts(b, graph_version(b))


def names(label: str) -> list[tuple[str, str]]:
    """(id, naam) of every node of a label, sorted by naam: a picker's options."""
    b = active_backend()
    return names_at(b, graph_version(b), label)


def names_at(backend: str, version: str, label: str) -> list[tuple[str, str]]:
    """`names` for a given backend and version (the warm-up, ui/warmup.py, runs outside a page)."""
    return _names(backend, version, label)


def suggest(text: str, labels: tuple[str, ...] | None = None, limit: int = 20) -> list[tuple[str, str, str]]:
    """At most `limit` (id, naam, label) whose name contains the text (the store's name index)."""
    b = active_backend()
    return _suggest(b, graph_version(b), text, None if labels is None else tuple(sorted(labels)), limit)


def nodes_with(ids=None, label: str | None = None, backend: str | None = None) -> dict[str, Node]:
    """{id: node} of the given ids (of a label); with ids=None every node of `label` (a label
    must then be given: this never reads the whole graph)."""
    if ids is None and label is None:
        raise ValueError("nodes_with needs ids or a label")
    b = backend or active_backend()
    key = None if ids is None else tuple(sorted(set(ids)))
    return _nodes_of(b, graph_version(b), label, key)


def node(node_id: str) -> Node | None:
    return nodes_with([node_id]).get(node_id)


def facts(types=None, around=None, backend: str | None = None) -> list[Relationship]:
    """The relationships of `types` touching `around` (at least one of them must be given)."""
    if types is None and around is None:
        raise ValueError("facts needs types or around")
    b = backend or active_backend()
    return _facts(b, graph_version(b), None if types is None else tuple(sorted(set(types))),
                  None if around is None else tuple(sorted(set(around))))


def members(containers, via: str = "LIGT_IN") -> dict[str, list[str]]:
    b = active_backend()
    return _members(b, graph_version(b), tuple(sorted(set(containers))), via)


# cache_resource: every run gets the same rows, not a copy; a page never changes them in place
# (tests/test_app.py). As copies (cache_data) a gemeente's profile at national scale was unpickled
# with every visit: half of the page's time on the server. They last as long as their graph
# version (every load changes it, also one into Neo4j by another process), not a fixed time: with
# a 10-minute expiry the national overviews the warm-up computed were gone for the next visit
# after a pause. A graph changed by other tools than ours: 'Gegevens vernieuwen' (refresh).
@st.cache_resource(max_entries=256, show_spinner=False)
def _query(backend: str, version: str, name: str, params: tuple[tuple[str, Any], ...]) -> list[dict[str, Any]]:
    return run_query(get_store(backend), name, dict(params))


def query(name: str, **params: Any) -> list[dict[str, Any]]:
    """A named query on the active store (cached per backend, graph version and parameters)."""
    backend = active_backend()
    return query_at(backend, graph_version(backend), name, **params)


def query_at(backend: str, version: str, name: str, **params: Any) -> list[dict[str, Any]]:
    """`query` for a given backend and version (the warm-up, ui/warmup.py, runs outside a page)."""
    clean = tuple(sorted((k, v) for k, v in params.items() if v not in (None, "")))
    return _query(backend, version, name, clean)


def graph() -> tuple[list[Node], list[Relationship]]:
    b = active_backend()
    return nodes(b), relationships(b)
