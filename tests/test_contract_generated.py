"""The cross-store contract on generated graphs: every read primitive of graph/store.py and
every named query gives the same answer on the embedded store and on the real Neo4j.

Graphs come from tests/graph_strategy.py (regio's nested six deep and more, overlapping
gemeenten, cycles among actors, non-Latin names). Each graph is loaded into a fresh MemoryStore
and into the session's Neo4j (reset load), then every check below runs on both. Besides
equality, membership is checked against networkx's transitive closure, so a rule both stores
got wrong in the same way is caught too.

`PRIMITIVE_CHECKS` and `QUERY_CALLS` must cover `graph.store.PRIMITIVES` and every registered
query: test_every_primitive_and_query_has_a_contract_check fails when one is added without.
Budget (CI): LEMNISCAAT_CONTRACT_EXAMPLES graphs (default 20); the numbers of graphs and calls
and the time are printed at the end of the module.
"""
from __future__ import annotations

import inspect
import os
import time
from typing import Any, Callable

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings

from graph.errors import LemniscaatError
from graph.memory_store import MemoryStore
from graph.model import LABELS, RELATIONSHIP_TYPES, Dataset
from graph.store import PRIMITIVES, GraphStore
from queries import registry, run
from tests.graph_strategy import CHAIN_DEPTH, graphs

EXAMPLES = int(os.environ.get("LEMNISCAAT_CONTRACT_EXAMPLES", "20"))
STATS = {"graphs": 0, "primitive_calls": 0, "query_calls": 0, "seconds": 0.0}


def _sample(items, k: int) -> list:
    """A deterministic spread of at most k items."""
    items = sorted(items)
    if len(items) <= k:
        return items
    step = len(items) / k
    return [items[int(i * step)] for i in range(k)]


# -- primitives: each entry gives the calls (a name for the failure message and a function of
# the store) to make for one generated graph.
Call = tuple[str, Callable[[GraphStore], Any]]


def _counts(ds: Dataset) -> list[Call]:
    return [("counts()", lambda s: s.counts())]


def _nodes(ds: Dataset) -> list[Call]:
    ids = _sample(ds.nodes, 6) + ["nergens"]
    calls = [("nodes()", lambda s: s.nodes()), ("nodes(ids)", lambda s: s.nodes(ids=ids)),
             ("nodes(Regio, ids)", lambda s: s.nodes("Regio", ids=ids)), ("nodes(ids=[])", lambda s: s.nodes(ids=[]))]
    calls += [(f"nodes({label})", lambda s, label=label: s.nodes(label)) for label in LABELS]
    return calls


def _facts(ds: Dataset) -> list[Call]:
    around = _sample(ds.nodes, 5) + ["nergens"]
    calls = [("facts()", lambda s: s.facts()), ("facts(around)", lambda s: s.facts(around=around)),
             ("facts([])", lambda s: s.facts([]))]
    calls += [(f"facts([{t}])", lambda s, t=t: s.facts([t])) for t in RELATIONSHIP_TYPES]
    calls += [("facts(LIGT_IN+BEHANDELT, around)", lambda s: s.facts(["LIGT_IN", "BEHANDELT"], around=around))]
    return calls


def _ends(ds: Dataset) -> list[Call]:
    calls = [(f"ends([{t}])", lambda s, t=t: s.ends([t])) for t in RELATIONSHIP_TYPES]
    return calls + [("ends(BEHANDELT+UITGEGEVEN_DOOR+LIGT_IN)", lambda s: s.ends(["BEHANDELT", "UITGEGEVEN_DOOR", "LIGT_IN"])),
                    ("ends([])", lambda s: s.ends([]))]


def _neighbourhood(ds: Dataset) -> list[Call]:
    return [(f"neighbourhood({i})", lambda s, i=i: s.neighbourhood(i)) for i in _sample(ds.nodes, 5) + ["nergens"]]


def _lookup(ds: Dataset) -> list[Call]:
    texts = {"nergens", "", "   "}
    for n in (ds.nodes[i] for i in _sample(ds.nodes, 5)):
        texts |= {n.id, n.naam, n.naam.upper(), f"  {n.naam} ", *n.aliassen}
    return [(f"lookup({t!r})", lambda s, t=t: s.lookup(t)) for t in sorted(texts)]


def _members(ds: Dataset) -> list[Call]:
    regios = sorted(i for i, n in ds.nodes.items() if n.label == "Regio")
    some = [regios[0], regios[-1], "gm-0", "nergens"]
    return [("members(all regio's)", lambda s: s.members(regios)), ("members(some)", lambda s: s.members(some)),
            ("members([])", lambda s: s.members([]))]


def _actor_projection(ds: Dataset) -> list[Call]:
    return [("actor_projection()", lambda s: s.actor_projection())]


def _regio_groups(ds: Dataset) -> list[Call]:
    soorten = sorted({n.properties.get("soort") for n in ds.nodes.values() if n.label == "Regio"} - {None})
    calls = [(f"regio_groups({s})", lambda st, s=s: st.regio_groups(s)) for s in soorten[:3]]
    return calls + [("regio_groups(nergens, skip)", lambda st: st.regio_groups("nergens", ["LIGT_IN", "NOEMT"]))]


def _degrees(ds: Dataset) -> list[Call]:
    return [("degrees()", lambda s: s.degrees(limit=1000)),
            ("degrees(actors, skip, 5)", lambda s: s.degrees(["Gemeente", "Instituut"], ["LIGT_IN", "NOEMT"], 5)),
            ("degrees(limit=0)", lambda s: s.degrees(limit=0))]


def _names(ds: Dataset) -> list[Call]:
    return [(f"names({label})", lambda s, label=label: s.names(label)) for label in LABELS]


def _suggest(ds: Dataset) -> list[Call]:
    texts = {"", "   ", "nergens", "a", "o"}
    for n in (ds.nodes[i] for i in _sample(ds.nodes, 4)):
        texts |= {n.naam, n.naam[:2], n.naam[1:4].upper(), *n.aliassen}
    calls = [(f"suggest({t!r})", lambda s, t=t: s.suggest(t)) for t in sorted(texts)]
    calls += [(f"suggest({t!r}, Regio+Gemeente, 3)", lambda s, t=t: s.suggest(t, ["Regio", "Gemeente"], 3))
              for t in sorted(texts)]
    return calls


def _citations(ds: Dataset) -> list[Call]:
    return [("citations()", lambda s: s.citations()), ("citations(skip=())", lambda s: s.citations(skip=()))]


def _citing(ds: Dataset) -> list[Call]:
    pubs = sorted(i for i, n in ds.nodes.items() if n.label == "Publicatie")
    calls = [(f"citing({p})", lambda s, p=p: s.citing(p)) for p in pubs[:3]]
    calls += [(f"citing({p}, limit=2)", lambda s, p=p: s.citing(p, limit=2)) for p in pubs[:2]]
    return calls + [("citing(nergens, skip=())", lambda s: s.citing("nergens", skip=()))]


PRIMITIVE_CHECKS: dict[str, Callable[[Dataset], list[Call]]] = {
    "counts": _counts, "nodes": _nodes, "facts": _facts, "neighbourhood": _neighbourhood,
    "lookup": _lookup, "members": _members, "actor_projection": _actor_projection,
    "regio_groups": _regio_groups, "degrees": _degrees,
    "ends": _ends, "names": _names, "suggest": _suggest, "citations": _citations, "citing": _citing,
}


# -- named queries: the parameter sets to ask for one generated graph.
def _ids(ds: Dataset, label: str) -> list[str]:
    return sorted(i for i, n in ds.nodes.items() if n.label == label)


def _actors(ds: Dataset) -> list[str]:
    return sorted(i for i, n in ds.nodes.items() if n.label in ("Gemeente", "Regio", "Werkplaats", "Instituut",
                                                                   "Programma"))


def _q_schakelpunten(ds):
    regios = _ids(ds, "Regio")
    return [{"regio": r} for r in regios] + [{"regio": ds.nodes[regios[-1]].naam}]


def _q_thema_dekking(ds):
    return [{"thema": t} for t in _ids(ds, "Thema")]


def _q_regio_overlap(ds):
    regios = _ids(ds, "Regio")
    soorten = sorted({ds.nodes[r].properties["soort"] for r in regios})
    pairs = [(regios[0], regios[CHAIN_DEPTH]), (regios[1], regios[-1]), (regios[2], regios[3])]
    return [{"soort": s} for s in soorten] + [{"a": a, "b": b} for a, b in pairs]


def _q_hiaten(ds):
    return ([{}] + [{"regio": r} for r in _sample(_ids(ds, "Regio"), 4)]
            + [{"thema": t} for t in _ids(ds, "Thema")] + [{"regio": "regio-0", "thema": _ids(ds, "Thema")[0]}])


def _q_kennisstroom(ds):
    actors = _actors(ds)
    pairs = list(zip(_sample(actors, 4), reversed(_sample(actors, 4))))
    gemeenten = _ids(ds, "Gemeente")
    pairs += [(gemeenten[0], a) for a in _sample(actors, 3)]  # routes through the groups too
    return [{"van": a, "naar": b} for a, b in pairs]


def _q_stroombalans(ds):
    return [{}] + [{"actor": a} for a in _sample(_actors(ds), 2) + _ids(ds, "Actorgroep")[:1]]


def _q_gemeente_profiel(ds):
    return [{"gemeente": g} for g in _sample(_ids(ds, "Gemeente"), 2)]


def _q_indeling_overlap(ds):
    soorten = sorted({ds.nodes[r].properties["soort"] for r in _ids(ds, "Regio")})
    return [{"soort_a": soorten[0], "soort_b": soorten[-1]}]


def _q_bronnen(ds):
    rels = [r for r in ds.relationships if r.type != "NOEMT"]
    return ([{"id": i} for i in _sample(ds.nodes, 3)]
            + [{"relatie": f"{r.start}|{r.type}|{r.end}"} for r in _sample_rels(rels, 3)])


def _sample_rels(rels, k):
    rels = sorted(rels, key=lambda r: r.key)
    return rels[:: max(1, len(rels) // k)][:k]


QUERY_CALLS: dict[str, Callable[[Dataset], list[dict]]] = {
    "schakelpunten": _q_schakelpunten, "thema-dekking": _q_thema_dekking, "regio-overlap": _q_regio_overlap,
    "hiaten": _q_hiaten, "kennisstroom": _q_kennisstroom, "stroombalans": _q_stroombalans, "bronnen": _q_bronnen,
    "gemeente-profiel": _q_gemeente_profiel, "indeling-overlap": _q_indeling_overlap,
}


def outcome(fn: Callable[[], Any]) -> tuple:
    """The answer, or the project error it raised (both stores must fail alike, too)."""
    try:
        return ("ok", fn())
    except LemniscaatError as exc:
        return ("fout", type(exc).__name__, str(exc))


def test_every_primitive_and_query_has_a_contract_check():
    abstract = {name for name, member in inspect.getmembers(GraphStore)
                if getattr(member, "__isabstractmethod__", False)}
    # every abstract read method is a listed primitive (load and version are the write side)
    assert abstract - {"load", "version", "_actor_projection"} <= set(PRIMITIVES), \
        "a new abstract read method must be listed in graph.store.PRIMITIVES"
    assert set(PRIMITIVE_CHECKS) == set(PRIMITIVES), "every primitive needs an entry in PRIMITIVE_CHECKS"
    assert set(QUERY_CALLS) == set(registry()), "every named query needs an entry in QUERY_CALLS"


@pytest.fixture(scope="module")
def neo(neo4j_store, request):
    yield neo4j_store
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter and capture and STATS["graphs"]:
        with capture.global_and_fixture_disabled():
            reporter.write_line(
                f"\ncontract (generated): {STATS['graphs']} graphs, {STATS['primitive_calls']} primitive calls "
                f"and {STATS['query_calls']} named-query calls per store, {STATS['seconds']:.1f} s")


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(ds=graphs())
def test_both_stores_give_the_same_answers(neo, ds):
    t0 = time.perf_counter()
    mem = MemoryStore(ds)
    neo.load(ds, reset=True)
    for name, make in PRIMITIVE_CHECKS.items():
        for label, call in make(ds):
            assert outcome(lambda: call(mem)) == outcome(lambda: call(neo)), f"{name}: {label}"
            STATS["primitive_calls"] += 1
    asked = set()
    for name, make in QUERY_CALLS.items():
        for params in make(ds):
            assert outcome(lambda: run(mem, name, params)) == outcome(lambda: run(neo, name, params)), (name, params)
            STATS["query_calls"] += 1
            asked.add(name)
    assert asked == set(QUERY_CALLS)

    # the membership rule itself: transitive LIGT_IN at any depth (networkx's closure)
    ligt_in = nx.DiGraph((r.start, r.end) for r in ds.relationships if r.type == "LIGT_IN")
    regios = sorted(i for i, n in ds.nodes.items() if n.label == "Regio")
    expected = {r: sorted(nx.ancestors(ligt_in, r)) if r in ligt_in else [] for r in regios}
    assert mem.members(regios) == expected
    assert f"regio-{CHAIN_DEPTH}" in expected["regio-0"]
    _check_overview_against_networkx(mem, ds)
    # ends: every relationship's (type, start, end), each triple once
    assert mem.ends(RELATIONSHIP_TYPES) == sorted({(r.type, r.start, r.end) for r in ds.relationships})
    STATS["graphs"] += 1
    STATS["seconds"] += time.perf_counter() - t0


def _check_overview_against_networkx(store: GraphStore, ds: Dataset) -> None:
    """regio_groups and degrees counted again with networkx, independently of graph/store.py."""
    multi = nx.MultiDiGraph()
    multi.add_nodes_from(ds.nodes)
    multi.add_edges_from((r.start, r.end) for r in ds.relationships)
    assert store.degrees(limit=10**6) == sorted(((i, d) for i, d in multi.degree()), key=lambda x: (-x[1], x[0]))
    ligt_in = nx.DiGraph()
    ligt_in.add_nodes_from(ds.nodes)
    ligt_in.add_edges_from((r.start, r.end) for r in ds.relationships if r.type == "LIGT_IN")
    regios = {i for i, n in ds.nodes.items() if n.label == "Regio"}
    soort = sorted({ds.nodes[i].properties["soort"] for i in regios})[0]
    home = {}
    for i, n in ds.nodes.items():
        if i in regios and n.properties["soort"] == soort:
            home[i] = i
            continue
        first = {r.end for r in ds.relationships if r.start == i and r.type in ("LIGT_IN", "ACTIEF_IN")}
        reach = first.union(*(nx.descendants(ligt_in, x) for x in first))
        hits = sorted(r for r in reach if r in regios and ds.nodes[r].properties["soort"] == soort)
        home[i] = hits[0] if hits else None
    sizes: dict[tuple, int] = {}
    for i, n in ds.nodes.items():
        sizes[(n.label, home[i])] = sizes.get((n.label, home[i]), 0) + 1
    got = store.regio_groups(soort)
    assert {g[:2]: g[2] for g in got["groups"]} == sizes
    assert sum(link[-1] for link in got["links"]) == len(ds.relationships)
