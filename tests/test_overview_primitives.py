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


def test_ends_give_each_tie_once_without_properties(make_store):
    data = overview_graph()
    # a second BEHANDELT between the same two, told apart by a property: one triple
    data = Dataset(data.nodes, [*data.relationships, Relationship("BEHANDELT", "inst-1", "thema-1", {"mate": "deels"}, SRC)])
    store = make_store(data)
    assert store.ends(["BEHANDELT", "UITGEGEVEN_DOOR"]) == [
        ("BEHANDELT", "inst-1", "thema-1"), ("BEHANDELT", "pub-1", "thema-1"), ("UITGEGEVEN_DOOR", "pub-1", "inst-1")]
    assert store.ends(["WERKT_SAMEN_MET"]) == [("WERKT_SAMEN_MET", "gm-1", "inst-1"), ("WERKT_SAMEN_MET", "gm-2", "inst-1"),
                                               ("WERKT_SAMEN_MET", "inst-2", "inst-2")]
    assert store.ends([]) == []


# -- citations and citing: the Bronnen page's overview, per publication ------------------------
def _s(pub: str, lines: tuple[int, int], note: str = "regel") -> Source:
    return Source(pub, "doc.txt", lines, note)


def citation_graph() -> Dataset:
    """pub-a and pub-b are publications (each citing itself); inst-1 cites pub-a twice (two line
    spans: one fact) and pub-b; thema-1 cites pub-b; the WERKT_SAMEN_MET fact cites pub-a; the
    BEHANDELT fact cites pub-a and pub-b; the NOEMT fact cites pub-b (derived: left out by
    default); a note that spells out "publication": "pub-c" is text, not a citation of pub-c."""
    nodes = [Node("pub-a", "Publicatie", {"naam": "A"}, (_s("pub-a", (1, 1)),)),
             Node("pub-b", "Publicatie", {"naam": "B"}, (_s("pub-b", (1, 1)),)),
             Node("inst-1", "Instituut", {"naam": "I"}, (_s("pub-a", (2, 2)), _s("pub-a", (5, 6)), _s("pub-b", (3, 3)))),
             Node("inst-2", "Instituut", {"naam": "J"}, (_s("pub-a", (4, 4), 'noemt "publication": "pub-c"'),)),
             Node("thema-1", "Thema", {"naam": "T"}, (_s("pub-b", (7, 7)),))]
    rels = [Relationship("WERKT_SAMEN_MET", "inst-1", "inst-2", {}, (_s("pub-a", (8, 8)),)),
            Relationship("BEHANDELT", "inst-1", "thema-1", {}, (_s("pub-a", (9, 9)), _s("pub-b", (9, 9)))),
            Relationship("NOEMT", "pub-b", "inst-1", {}, (_s("pub-b", (3, 3)),))]
    return Dataset({n.id: n for n in nodes}, rels)


def test_citations_count_each_fact_once_per_publication(make_store):
    store = make_store(citation_graph())
    # pub-a: pub-a, inst-1 (once, though two spans), inst-2, WERKT_SAMEN_MET, BEHANDELT = 5
    # pub-b: pub-b, inst-1, thema-1, BEHANDELT = 4 (NOEMT skipped); pub-c: only named in a note
    assert store.citations() == {"pub-a": 5, "pub-b": 4}
    assert store.citations(skip=()) == {"pub-a": 5, "pub-b": 5}


def test_citing_lists_what_a_publication_states(make_store):
    store = make_store(citation_graph())
    nodes, rels = store.citing("pub-b")
    assert [n.id for n in nodes] == ["inst-1", "pub-b", "thema-1"]
    assert [r.type for r in rels] == ["BEHANDELT"]
    nodes, rels = store.citing("pub-a")
    assert [n.id for n in nodes] == ["inst-1", "inst-2", "pub-a"]
    assert [(r.type, r.start, r.end) for r in rels] == [("BEHANDELT", "inst-1", "thema-1"),
                                                        ("WERKT_SAMEN_MET", "inst-1", "inst-2")]
    assert len(nodes[0].sources) == 3  # the whole fact, with all its sources
    assert [r.type for r in store.citing("pub-b", skip=())[1]] == ["BEHANDELT", "NOEMT"]
    assert store.citing("pub-c") == ([], []) and store.citing("nergens") == ([], [])
    # with a limit: the first of each, in the same order
    nodes, rels = store.citing("pub-a", limit=1)
    assert [n.id for n in nodes] == ["inst-1"] and [r.type for r in rels] == ["BEHANDELT"]
    assert store.citing("pub-a", limit=0) == ([], [])
    # a limit the first type does not fill goes on in the next type (key order: type first)
    assert [r.type for r in store.citing("pub-a", limit=2)[1]] == ["BEHANDELT", "WERKT_SAMEN_MET"]
