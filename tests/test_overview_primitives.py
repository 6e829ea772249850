"""The overview primitives (`regio_groups`, `degrees`, graph/store.py) on both stores against
answers worked out by hand on a small graph. The generated-graph contract
(tests/test_contract_generated.py) compares the two stores and an independent networkx count."""
from __future__ import annotations

from graph.model import Dataset, Node, Relationship, Source

SRC = (Source("Handwerk", None, None, "testgraaf voor het overzicht"),)


def _n(i: str, label: str, **props) -> Node:
    return Node(i, label, {"naam": i.upper(), **props}, SRC)


def _r(a: str, t: str, b: str) -> Relationship:
    return Relationship(t, a, b, {}, SRC)


def overview_graph() -> Dataset:
    """prov-a, prov-b: provincies; corop-1 (a corop) lies in prov-b; gm-1 lies in corop-1 and in
    prov-a, gm-2 in corop-1; inst-1 is active in corop-1; inst-2, pub-1, thema-1 have no regio."""
    nodes = [_n("prov-a", "Regio", soort="provincie"), _n("prov-b", "Regio", soort="provincie"),
             _n("corop-1", "Regio", soort="corop"), _n("gm-1", "Gemeente"), _n("gm-2", "Gemeente"),
             _n("inst-1", "Instituut"), _n("inst-2", "Instituut"), _n("pub-1", "Publicatie"),
             _n("thema-1", "Thema")]
    rels = [_r("corop-1", "LIGT_IN", "prov-b"), _r("gm-1", "LIGT_IN", "corop-1"), _r("gm-1", "LIGT_IN", "prov-a"),
            _r("gm-2", "LIGT_IN", "corop-1"), _r("inst-1", "ACTIEF_IN", "corop-1"),
            _r("gm-1", "WERKT_SAMEN_MET", "inst-1"), _r("gm-2", "WERKT_SAMEN_MET", "inst-1"),
            _r("inst-2", "KENNISSTROOM", "inst-1"), _r("inst-1", "BEHANDELT", "thema-1"),
            _r("pub-1", "BEHANDELT", "thema-1"), _r("pub-1", "UITGEGEVEN_DOOR", "inst-1"),
            _r("inst-2", "WERKT_SAMEN_MET", "inst-2")]
    return Dataset({n.id: n for n in nodes}, rels)


def test_regio_groups_by_provincie(make_store):
    store = make_store(overview_graph())
    got = store.regio_groups("provincie", skip=["LIGT_IN"])
    # gm-1 reaches prov-a directly and prov-b via corop-1: the smallest id wins
    assert got["groups"] == [("Gemeente", "prov-a", 1), ("Gemeente", "prov-b", 1), ("Instituut", None, 1),
                             ("Instituut", "prov-b", 1), ("Publicatie", None, 1), ("Regio", "prov-a", 1),
                             ("Regio", "prov-b", 2), ("Thema", None, 1)]
    assert got["links"] == [("Gemeente", "prov-a", "Instituut", "prov-b", 1),
                            ("Gemeente", "prov-b", "Instituut", "prov-b", 1),
                            ("Instituut", None, "Instituut", None, 1),  # the loop of inst-2
                            ("Instituut", None, "Instituut", "prov-b", 1),
                            ("Instituut", "prov-b", "Regio", "prov-b", 1),  # ACTIEF_IN is not skipped
                            ("Instituut", "prov-b", "Thema", None, 1),
                            ("Publicatie", None, "Instituut", "prov-b", 1),
                            ("Publicatie", None, "Thema", None, 1)]


def test_regio_groups_by_another_soort_and_without_skip(make_store):
    store = make_store(overview_graph())
    got = store.regio_groups("corop")
    assert got["groups"] == [("Gemeente", "corop-1", 2), ("Instituut", None, 1), ("Instituut", "corop-1", 1),
                             ("Publicatie", None, 1), ("Regio", None, 2), ("Regio", "corop-1", 1),
                             ("Thema", None, 1)]
    # every relationship is counted once when nothing is skipped
    assert sum(link[-1] for link in got["links"]) == len(overview_graph().relationships)
    assert ("Gemeente", "corop-1", "Regio", None, 1) in got["links"]  # gm-1 LIGT_IN prov-a
    assert ("Gemeente", "corop-1", "Regio", "corop-1", 2) in got["links"]
    assert store.regio_groups("geen-soort")["groups"][0] == ("Gemeente", None, 2)


def test_degrees(make_store):
    store = make_store(overview_graph())
    assert store.degrees(skip=["LIGT_IN"]) == [("inst-1", 6), ("inst-2", 3), ("pub-1", 2), ("thema-1", 2),
                                              ("corop-1", 1), ("gm-1", 1), ("gm-2", 1), ("prov-a", 0),
                                              ("prov-b", 0)]
    assert store.degrees(["Instituut", "Gemeente"], skip=["LIGT_IN"], limit=3) == [
        ("inst-1", 6), ("inst-2", 3), ("gm-1", 1)]
    assert store.degrees(["Gemeente"], limit=5) == [("gm-1", 3), ("gm-2", 2)]
    assert store.degrees(limit=0) == []
