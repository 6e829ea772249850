"""Every named query on a hand-checked fixture graph (tests/query_fixture.py), on both stores.

The expected answers are worked out by hand in the comments."""
from __future__ import annotations

import pytest

from graph.errors import QueryError
from graph.model import Dataset
from queries import REGISTRY, check_params, run
from tests.query_fixture import mini


@pytest.fixture()
def store(make_store):
    return make_store(mini())


def test_schakelpunten(store):
    # Local actors of Regio Noord: A-dorp, B-dorp (lie in it), Werkplaats Noord (active in it).
    # Landelijk: Instituut X, Instituut Y, Programma P. 3 x 3 = 9 connected pairs.
    # Knowledge graph: A–WPN, B–WPN, WPN–X, X–Y, Y–P. Interior nodes of the 9 shortest paths:
    #   A→X: WPN  A→Y: WPN,X  A→P: WPN,X,Y  (same for B)  WPN→Y: X  WPN→P: X,Y
    #   WPN: 6/9, X: 6/9, Y: 3/9.
    rows = run(store, "schakelpunten", {"regio": "Regio Noord"})
    assert [(r["actor"], r["score"]) for r in rows] == [
        ("instituut-x", 0.6667), ("werkplaats-noord", 0.6667), ("instituut-y", 0.3333)]
    via = {r["actor"]: r["via"] for r in rows}
    assert via["werkplaats-noord"] == ["A-dorp", "Werkplaats Noord", "Instituut X"]
    assert via["instituut-x"] == ["A-dorp", "Werkplaats Noord", "Instituut X", "Instituut Y"]
    assert via["instituut-y"] == ["A-dorp", "Werkplaats Noord", "Instituut X", "Instituut Y", "Programma P"]
    # Regio Zuid: C-dorp is tied to nobody: no pair connects, no schakelpunt.
    assert run(store, "schakelpunten", {"regio": "regio-zuid"}) == []


def test_thema_dekking(store):
    # jeugd: X treats it directly, and X supports Werkplaats Noord which treats it.
    rows = run(store, "thema-dekking", {"thema": "jeugd"})
    assert [(r["instituut"], r["route"], r["via"]) for r in rows] == [
        ("instituut-x", "direct", ""), ("instituut-x", "werkplaats", "Werkplaats Noord")]
    assert rows[1]["evidence"] == ["Instituut X —ONDERSTEUNT→ Werkplaats Noord",
                                   "Werkplaats Noord —BEHANDELT→ jeugd"]
    assert [s["lines"] for s in rows[1]["sources"]] == [[27, 27], [33, 33]]
    # wonen: only through the Woonrapport that Y published; schulden: through Programma P.
    assert [(r["instituut"], r["route"]) for r in run(store, "thema-dekking", {"thema": "wonen"})] == [
        ("instituut-y", "publicatie")]
    assert [(r["instituut"], r["route"]) for r in run(store, "thema-dekking", {"thema": "schulden"})] == [
        ("instituut-y", "programma")]
    assert run(store, "thema-dekking", {"thema": "armoede"}) == []


def test_regio_overlap_pair(store):
    # Noord: actors {A, B, WPN, X}, themes {jeugd, armoede}; Midden: actors {A, WPN}, themes {}.
    # jaccard = 2/6, actors 2/4, themes 0; shared non-gemeente actor WPN; shared gemeente A-dorp.
    [row] = run(store, "regio-overlap", {"a": "regio-noord", "b": "Jeugdregio Midden"})
    assert (row["a"], row["b"]) == ("regio-noord", "regio-midden")  # in the order asked
    assert (row["jaccard"], row["jaccard_actoren"], row["jaccard_themas"]) == (0.3333, 0.5, 0.0)
    assert row["gedeelde_actoren"] == ["Werkplaats Noord"]
    assert row["gedeelde_gemeenten"] == ["A-dorp"]


def test_regio_overlap_by_soort(store):
    # provincies: Noord and Zuid share nothing.
    rows = run(store, "regio-overlap", {"soort": "provincie"})
    assert [(r["a"], r["b"], r["jaccard"]) for r in rows] == [("regio-noord", "regio-zuid", 0.0)]


def test_hiaten_all(store):
    # schulden: only Programma P (landelijk) treats it; armoede: B-dorp treats it, no institute
    # covers it; Zuid: C-dorp reaches nobody; C-dorp isolated; WPN→X flows only upward (both
    # ends one-way); nobody contributes to fase 1.
    rows = run(store, "hiaten", {})
    assert [(r["soort"], r["subject"]) for r in rows] == [
        ("thema-zonder-regionale-actor", "thema-schulden"),
        ("lokale-behoefte-zonder-instituut", "thema-armoede"),
        ("regio-zonder-schakelpunt", "regio-zuid"),
        ("geisoleerde-gemeente", "gm-c"),
        ("eenrichtingsstroom", "instituut-x"),
        ("eenrichtingsstroom", "werkplaats-noord"),
        ("fase-zonder-actor", "fase-1"),
    ]
    assert rows[0]["evidence"] == ["Programma P"]
    assert rows[3]["evidence"] == ["Regio Zuid"]


def test_hiaten_filtered(store):
    # Noord's actors: A, B, WPN: only WPN's one-way flow; X's phase work is not Noord's, so
    # both phases lack a Noord actor.
    rows = run(store, "hiaten", {"regio": "Regio Noord"})
    assert [(r["soort"], r["subject"]) for r in rows] == [
        ("eenrichtingsstroom", "werkplaats-noord"), ("fase-zonder-actor", "fase-1"), ("fase-zonder-actor", "fase-2")]
    # jeugd: treated by X and WPN; X contributes to fase 2.
    rows = run(store, "hiaten", {"thema": "jeugd"})
    assert [(r["soort"], r["subject"]) for r in rows] == [
        ("eenrichtingsstroom", "instituut-x"), ("eenrichtingsstroom", "werkplaats-noord"),
        ("fase-zonder-actor", "fase-1")]


def test_kennisstroom(store):
    # A-dorp → Programma P: A–WPN (lokaal/regionaal: horizontaal), WPN→X (explicit flow,
    # lokaal->landelijk), X–Y and Y–P (landelijk: horizontaal); X contributes to fase 2.
    [row] = run(store, "kennisstroom", {"van": "A-dorp", "naar": "programma-p"})
    assert row["pad"] == ["gm-a", "werkplaats-noord", "instituut-x", "instituut-y", "programma-p"]
    assert row["richtingen"] == ["horizontaal", "lokaal->landelijk", "horizontaal", "horizontaal"]
    assert row["fases"] == ["Analyseren"] and row["lengte"] == 4
    # X → A-dorp: against the explicit flow the direction follows the niveaus: landelijk->lokaal.
    [row] = run(store, "kennisstroom", {"van": "Instituut X", "naar": "A-dorp"})
    assert row["richtingen"] == ["landelijk->lokaal", "horizontaal"]
    assert run(store, "kennisstroom", {"van": "gm-a", "naar": "gm-c"}) == []


def test_stroombalans(store):
    rows = run(store, "stroombalans", {})
    assert [(r["actor"], r["lokaal->landelijk"], r["landelijk->lokaal"], r["eenrichting"]) for r in rows] == [
        ("instituut-x", 1, 0, True), ("werkplaats-noord", 1, 0, True)]
    assert [r["actor"] for r in run(store, "stroombalans", {"actor": "WPN"})] == ["werkplaats-noord"]


def test_bronnen(store):
    rows = run(store, "bronnen", {"id": "wpn"})
    assert rows == [{"publicatie": "pub-mini", "publicatie_naam": "Mini", "file": "mini.txt", "lines": [8, 8],
                     "note": "over Werkplaats Noord"}]
    rows = run(store, "bronnen", {"relatie": "WPN|KENNISSTROOM|Instituut X"})
    assert [(r["lines"], r["note"]) for r in rows] == [([28, 28], "werkplaats-noord KENNISSTROOM instituut-x")]


def test_unknown_query_or_parameter_is_a_clear_error():
    with pytest.raises(QueryError, match="beschikbaar: .*schakelpunten"):
        check_params("schakelpunt", {})
    with pytest.raises(QueryError, match="ontbrekende parameter"):
        check_params("schakelpunten", {})
    with pytest.raises(QueryError, match="onbekende parameter"):
        check_params("schakelpunten", {"regio": "x", "thema": "y"})
    with pytest.raises(QueryError, match="verwacht de parameters"):
        check_params("regio-overlap", {"a": "x"})


def test_every_query_is_documented():
    check_params("bronnen", {"id": "x"})  # loads the registry
    for q in REGISTRY.values():
        assert q.title and len(q.description) > 40 and q.columns
        import importlib
        module = importlib.import_module(q.run.__module__)
        assert module.__doc__ and q.name.split("-")[0] in module.__doc__


def test_reach_agrees_with_betweenness_on_every_fixture_regio(store):
    """hiaten decides 'no schakelpunt' without betweenness; it must agree with schakelpunten."""
    from queries.projection import actor_index
    from queries.schakelpunten import listed, reach, subset_betweenness

    idx = actor_index(store)
    for regio in ("regio-noord", "regio-zuid", "regio-midden"):
        local = idx.local_of(regio)
        scores, _, pairs = subset_betweenness(idx.graph, local, idx.national)
        # gemeenten (and groups) are route nodes, not schakelpunten (queries/schakelpunten.py)
        assert reach(idx, local) == (any(listed(idx, v) for v in scores), pairs)


def nested_five_deep() -> Dataset:
    """regio-1 ← regio-2 ← regio-3 ← regio-4 ← regio-5 (each LIGT_IN the one before); Diepdorp
    lies in regio-5, five LIGT_IN steps below regio-1. Diepdorp takes part in Werkplaats W,
    which Instituut L (landelijk) supports."""
    from tests.query_fixture import node, rel

    nodes = [node(f"regio-{i}", "Regio", f"Regio {i}", "regionaal", i, soort="provincie") for i in range(1, 6)]
    nodes += [node("gm-diep", "Gemeente", "Diepdorp", "lokaal", 6),
              node("wp-w", "Werkplaats", "Werkplaats W", "regionaal", 7),
              node("inst-l", "Instituut", "Instituut L", "landelijk", 8)]
    rels = [rel("LIGT_IN", f"regio-{i + 1}", f"regio-{i}", 10 + i) for i in range(1, 5)]
    rels += [rel("LIGT_IN", "gm-diep", "regio-5", 20), rel("NEEMT_DEEL_AAN", "gm-diep", "wp-w", 21),
             rel("ONDERSTEUNT", "inst-l", "wp-w", 22)]
    return Dataset({n.id: n for n in nodes}, rels)


def test_regio_nested_five_deep(make_store):
    """Regression: Neo4j once followed at most four LIGT_IN steps, so regio-1 had a
    schakelpunt on the embedded store and none on Neo4j. Membership has no depth limit."""
    store = make_store(nested_five_deep())
    assert store.members(["regio-1"]) == {"regio-1": ["gm-diep", "regio-2", "regio-3", "regio-4", "regio-5"]}
    # local: Diepdorp; landelijk: Instituut L; the one route Diepdorp–W–L runs through W.
    rows = run(store, "schakelpunten", {"regio": "regio-1"})
    assert [(r["actor"], r["score"], r["via"]) for r in rows] == [
        ("wp-w", 1.0, ["Diepdorp", "Werkplaats W", "Instituut L"])]
    [row] = run(store, "regio-overlap", {"a": "regio-1", "b": "regio-5"})
    assert row["gedeelde_gemeenten"] == ["Diepdorp"]
    assert "regio-1" not in {r["subject"] for r in run(store, "hiaten", {}) if r["soort"] == "regio-zonder-schakelpunt"}
