"""Flows stated for a group reach its members via the group (queries/groups.py), on both stores.

Fixture: tests/query_fixture.py `mini_groups` (mini plus three actor groups). Every expected
answer is worked out by hand in the comments. Flows: F1 Werkplaats Noord → Instituut X
(lokaal->landelijk, line 28), F2 landelijke instituten → gemeenten (landelijk->lokaal, line 46),
F3 gemeenten → gemeenten (horizontaal, line 47). Members: A, B, C in gemeenten (derived, rule
gemeente), Y in landelijke instituten (stated, line 45), P in hogescholen (a group with no tie).
"""
from __future__ import annotations

import pytest

from queries import run
from queries.groups import group_index, route_graph
from queries.projection import actor_index
from queries.schakelpunten import reach, subset_betweenness
from tests.query_fixture import mini_groups

F2 = "KENNISSTROOM landelijke instituten → gemeenten: pub-mini mini.txt:46-46"
F3 = "KENNISSTROOM gemeenten → gemeenten: pub-mini mini.txt:47-47"


@pytest.fixture()
def store(make_store):
    return make_store(mini_groups())


def test_stroombalans_one_row_per_actor_and_ground(store):
    # F1 applies to WPN and X (eigen); F2 to both groups (eigen), to Y via its group and to A, B,
    # C via gemeenten; F3 once to gemeenten (both ends are the same group) and once to each member.
    # gemeenten and its members: 1 landelijk->lokaal + 1 horizontaal = 2, only down: eenrichting.
    rows = run(store, "stroombalans", {})
    assert [(r["actor"], r["grond"], r["totaal"], r["eenrichting"]) for r in rows] == [
        ("gm-a", "via groep gemeenten", 2, True), ("gm-b", "via groep gemeenten", 2, True),
        ("gm-c", "via groep gemeenten", 2, True), ("groep-gemeenten", "eigen", 2, True),
        ("groep-instituten", "eigen", 1, True), ("instituut-x", "eigen", 1, True),
        ("instituut-y", "via groep landelijke instituten", 1, True), ("werkplaats-noord", "eigen", 1, True)]
    [a] = run(store, "stroombalans", {"actor": "A-dorp"})
    assert (a["landelijk->lokaal"], a["horizontaal"], a["lokaal->landelijk"]) == (1, 1, 0)
    # both sources: the membership (derived, naming its rule) and each flow's
    assert a["bronnen"] == ["lidmaatschap A-dorp → gemeenten: afgeleid (regel gemeente)", F3, F2]
    [y] = run(store, "stroombalans", {"actor": "Instituut Y"})
    assert y["bronnen"] == ["lidmaatschap Instituut Y → landelijke instituten: pub-mini mini.txt:45-45", F2]
    # a member of a group without flows gets nothing from it
    assert run(store, "stroombalans", {"actor": "Programma P"}) == []


def test_wederzijds_counts_as_both_ways(make_store):
    ds = mini_groups()
    from graph.model import Dataset, Relationship
    rels = [Relationship(r.type, r.start, r.end, {"richting": "wederzijds"}, r.sources)
            if r.type == "KENNISSTROOM" and r.start == "groep-instituten" else r for r in ds.relationships]
    s = make_store(Dataset(ds.nodes, rels))
    # gemeenten: wederzijds + horizontaal: up and down, so not one-way; WPN and X stay one-way
    assert {r["actor"] for r in run(s, "stroombalans", {}) if r["eenrichting"]} == {"instituut-x", "werkplaats-noord"}
    assert [r["subject"] for r in run(s, "hiaten", {}) if r["soort"] == "eenrichtingsstroom"] == [
        "instituut-x", "werkplaats-noord"]


def test_kennisstroom_runs_through_the_groups(store):
    # C-dorp's only tie is its membership of gemeenten (tied by F2 and F3): the one shortest
    # route to Y is C → gemeenten → landelijke instituten → Y (3 steps).
    [row] = run(store, "kennisstroom", {"van": "C-dorp", "naar": "Instituut Y"})
    assert row["pad"] == ["gm-c", "groep-gemeenten", "groep-instituten", "instituut-y"]
    # F2 is stated downwards; walked upwards the niveaus decide (lokaal → landelijk)
    assert row["richtingen"] == ["lidmaatschap", "lokaal->landelijk", "lidmaatschap"]
    assert row["grond"] == "via groep gemeenten, landelijke instituten"
    assert row["bronnen"] == ["lidmaatschap C-dorp → gemeenten: afgeleid (regel gemeente)", F2,
                              "lidmaatschap Instituut Y → landelijke instituten: pub-mini mini.txt:45-45"]
    assert row["fases"] == ["Explicitering"]  # gemeenten contributes to fase 1
    # A-dorp to Y: two routes of 3 steps, one through the groups and one of its own
    rows = run(store, "kennisstroom", {"van": "A-dorp", "naar": "Instituut Y"})
    assert [(r["pad"], r["grond"]) for r in rows] == [
        (["gm-a", "groep-gemeenten", "groep-instituten", "instituut-y"], "via groep gemeenten, landelijke instituten"),
        (["gm-a", "werkplaats-noord", "instituut-x", "instituut-y"], "eigen")]
    assert rows[1]["bronnen"] == []
    # a group with no tie is no route: P is reached from Y directly, not through hogescholen
    assert [r["pad"] for r in run(store, "kennisstroom", {"van": "Instituut Y", "naar": "Programma P"})] == [
        ["instituut-y", "programma-p"]]


def test_schakelpunten_with_groups(store):
    # Graph: A–WPN, B–WPN, WPN–X, X–Y, Y–P, A–GG, B–GG, C–GG, Y–GI, GI–GG (GG gemeenten, GI
    # landelijke instituten; hogescholen has no tie and stays out). Regio Noord: sources A, B,
    # WPN; targets X, Y, P: 9 pairs. A→X: WPN. A→Y: {WPN,X} or {GG,GI} (½ each). A→P: {WPN,X,Y}
    # or {GG,GI,Y} (½ each). B alike. WPN→Y: X. WPN→P: X, Y.
    # WPN 4/9, X 4/9, Y 3/9, GG 2/9, GI 2/9. Groups and gemeenten are route nodes, not listed
    # (queries/schakelpunten.py): the routes through them still count for the others.
    rows = run(store, "schakelpunten", {"regio": "Regio Noord"})
    assert [(r["actor"], r["label"], r["score"]) for r in rows] == [
        ("instituut-x", "Instituut", 0.4444), ("werkplaats-noord", "Werkplaats", 0.4444),
        ("instituut-y", "Instituut", 0.3333)]
    by = {r["actor"]: r for r in rows}
    assert by["werkplaats-noord"]["via"] == ["A-dorp", "Werkplaats Noord", "Instituut X"]
    assert by["werkplaats-noord"]["grond"] == "eigen" and by["werkplaats-noord"]["bronnen"] == []
    # Y's canonical route: the smallest predecessor of Y from A is groep-instituten
    assert by["instituut-y"]["via"] == ["A-dorp", "gemeenten", "landelijke instituten", "Instituut Y", "Programma P"]
    assert by["instituut-y"]["grond"] == "via groep gemeenten, landelijke instituten"
    assert by["instituut-y"]["bronnen"][0] == "lidmaatschap A-dorp → gemeenten: afgeleid (regel gemeente)"
    # Regio Zuid: C-dorp, tied to nobody itself, reaches X, Y, P through gemeenten (3 pairs).
    # C→Y: GG, GI. C→X: three routes of 4 (via GI,Y / via A,WPN / via B,WPN). C→P: GG, GI, Y.
    # GG 3/3, GI (1+⅓+1)/3, Y (⅓+1)/3, WPN ⅔/3, A ⅓/3, B ⅓/3; listed: Y and WPN (A and B are
    # gemeenten of another regio, GG and GI groups).
    rows = run(store, "schakelpunten", {"regio": "regio-zuid"})
    assert [(r["actor"], r["score"]) for r in rows] == [("instituut-y", 0.4444), ("werkplaats-noord", 0.2222)]
    assert all(r["grond"].startswith("via groep gemeenten") for r in rows)


def test_hiaten_with_groups(store):
    rows = run(store, "hiaten", {})
    kinds = [(r["soort"], r["subject"]) for r in rows]
    # Regio Zuid now reaches the landelijk cycle through gemeenten: no regio without schakelpunt.
    assert not [k for k in kinds if k[0] == "regio-zonder-schakelpunt"]
    # C-dorp still has no tie of its own; the uitleg names the group through which it is reached.
    [c] = [r for r in rows if r["soort"] == "geisoleerde-gemeente"]
    assert c["subject"] == "gm-c" and "via de groep(en) gemeenten" in c["uitleg"]
    # One-way: actors with flows of their own (WPN, X: up) and the groups on their own flows
    # (gemeenten: down + horizontaal; landelijke instituten: down). Y and the gemeenten have no
    # flow of their own: their groups' rows speak for them.
    one_way = [r for r in rows if r["soort"] == "eenrichtingsstroom"]
    assert [r["subject"] for r in one_way] == ["groep-gemeenten", "groep-instituten", "instituut-x",
                                               "werkplaats-noord"]
    assert "voor 3 leden" in one_way[0]["uitleg"] and "voor 1 lid." in one_way[1]["uitleg"]
    assert one_way[0]["evidence"] == ["gemeenten → gemeenten (horizontaal)",
                                      "landelijke instituten → gemeenten (landelijk->lokaal)"]
    # Phases: gemeenten contributes to fase 1, X to fase 2: no phase without actor.
    assert not [k for k in kinds if k[0] == "fase-zonder-actor"]


def test_hiaten_filtered_counts_groups_through_their_members(store):
    # Regio Noord: A, B, WPN (and the regio). gemeenten has members A and B here; landelijke
    # instituten none. Fase 1: gemeenten counts (A, B in the regio); fase 2: X is not in it.
    rows = run(store, "hiaten", {"regio": "Regio Noord"})
    one_way = [r for r in rows if r["soort"] == "eenrichtingsstroom"]
    assert [r["subject"] for r in one_way] == ["groep-gemeenten", "werkplaats-noord"]
    assert "voor 2 leden in dit filter" in one_way[0]["uitleg"]
    [fase] = [r for r in rows if r["soort"] == "fase-zonder-actor"]
    assert fase["subject"] == "fase-2" and "actorgroep telt mee" in fase["uitleg"]
    # Regio Zuid: only C-dorp, a member of gemeenten.
    rows = run(store, "hiaten", {"regio": "regio-zuid"})
    assert [(r["soort"], r["subject"]) for r in rows] == [
        ("geisoleerde-gemeente", "gm-c"), ("eenrichtingsstroom", "groep-gemeenten"), ("fase-zonder-actor", "fase-2")]
    # thema armoede: treated by B-dorp only; gemeenten counts through B for fase 1
    rows = run(store, "hiaten", {"thema": "armoede"})
    assert [r["subject"] for r in rows if r["soort"] == "fase-zonder-actor"] == ["fase-2"]


def test_member_level_edges_stay_linear(make_store):
    # gemeenten → gemeenten among n members adds n membership edges, never n² member pairs.
    # The route graph is directed (queries/groups.py RouteGraph): two arcs per actor tie and per
    # membership; gemeenten (self-tied) is one node, landelijke instituten two (entered by its
    # tie / from its member Y), so F2 gives 3 arcs: both GI nodes → GG, GG → GI.
    s = make_store(mini_groups())
    rg = route_graph(s)
    assert rg.graph.number_of_edges() == 2 * actor_index(s).graph.number_of_edges() + 2 * 3 + 2 * 1 + 3
    assert "groep-leeg" not in rg.graph  # no tie: not a route
    assert group_index(s).members_of["groep-gemeenten"] == ["gm-a", "gm-b", "gm-c"]


def test_reach_agrees_with_betweenness_with_groups(store):
    rg = route_graph(store)
    idx = actor_index(store)
    for regio in ("regio-noord", "regio-zuid", "regio-midden"):
        local = idx.local_of(regio)
        scores, _, pairs = subset_betweenness(rg.graph, local, rg.national)
        listed = {v for v in scores if rg.graph.nodes[v]["label"] not in ("Actorgroep", "Gemeente")}
        assert reach(rg, local) == (bool(listed), pairs)
        assert bool(listed) == bool(run(store, "schakelpunten", {"regio": regio}))


def test_a_regio_reached_only_through_groups_and_gemeenten_has_no_schakelpunt(make_store):
    # Without Y's tie to X and to P, and without WPN: C-dorp reaches Y only as C → gemeenten →
    # landelijke instituten → Y. The only interior nodes are groups: nothing is listed, and the
    # hiaat regio-zonder-schakelpunt says so (reach agrees with the list).
    ds = mini_groups()
    from graph.model import Dataset
    keep = [r for r in ds.relationships if "werkplaats-noord" not in (r.start, r.end)
            and (r.type, r.start) not in (("WERKT_SAMEN_MET", "instituut-y"), ("NEEMT_DEEL_AAN", "instituut-y"))]
    s = make_store(Dataset(ds.nodes, keep))
    assert run(s, "schakelpunten", {"regio": "regio-zuid"}) == []
    gaps = {r["subject"] for r in run(s, "hiaten", {}) if r["soort"] == "regio-zonder-schakelpunt"}
    assert "regio-zuid" in gaps
