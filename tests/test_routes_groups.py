"""Routes through an actor group never jump from one member to another (queries/groups.py
RouteGraph), on both stores.

Being members of the same group does not tie two members to each other: a fact stated about
the group applies to each member, so a route may go member → group → X for a tie X of the
group, and X → group → member; only a tie the sources state of the group with itself
("gemeenten werken samen met elkaar") lets a route go member → group → member.

Fixture `routes()` (every answer below is worked out by hand from it):

    Regio R ── A-dorp lies in it;  Regio S ── B-dorp lies in it
    decentrale overheden (Actorgroep) ── A-dorp (stated, line 40), B-dorp (derived, rule gemeente)
    B-dorp ─WERKT_SAMEN_MET→ Instituut X (41)          B's own tie, not A's
    Instituut Y ─KENNISSTROOM(landelijk->lokaal)→ decentrale overheden (42)   the group's tie
    Instituut X ─WERKT_SAMEN_MET→ Instituut Z (43)
    with_self_tie(): also decentrale overheden ─KENNISSTROOM(horizontaal)→ itself (44)

X, Y, Z are landelijk: the targets of schakelpunten; A-dorp is Regio R's only local actor.
"""
from __future__ import annotations

import pytest

from graph.model import Dataset, Relationship
from queries import run
from queries.groups import route_graph
from queries.projection import actor_index
from queries.schakelpunten import reach, subset_betweenness
from tests.query_fixture import derived, node, rel

G = "decentrale overheden"
MEMBER_A = f"lidmaatschap A-dorp → {G}: pub-mini mini.txt:40-40"
MEMBER_B = f"lidmaatschap B-dorp → {G}: afgeleid (regel gemeente)"
TIE_Y = f"KENNISSTROOM Instituut Y → {G}: pub-mini mini.txt:42-42"
SELF_TIE = f"KENNISSTROOM {G} → {G}: pub-mini mini.txt:44-44"


def routes(self_tie: bool = False) -> Dataset:
    nodes = [
        node("pub-mini", "Publicatie", "Mini", "landelijk", 1, bestand="mini.txt"),
        node("regio-r", "Regio", "Regio R", "regionaal", 2, soort="provincie"),
        node("regio-s", "Regio", "Regio S", "regionaal", 3, soort="provincie"),
        node("gm-a", "Gemeente", "A-dorp", "lokaal", 4),
        node("gm-b", "Gemeente", "B-dorp", "lokaal", 5),
        node("groep-g", "Actorgroep", G, "lokaal", 6, soort="decentrale-overheden"),
        node("instituut-x", "Instituut", "Instituut X", "landelijk", 7),
        node("instituut-y", "Instituut", "Instituut Y", "landelijk", 8),
        node("instituut-z", "Instituut", "Instituut Z", "landelijk", 9),
    ]
    rels = [
        rel("LIGT_IN", "gm-a", "regio-r", 20), rel("LIGT_IN", "gm-b", "regio-s", 21),
        rel("HOORT_BIJ", "gm-a", "groep-g", 40),
        Relationship("HOORT_BIJ", "gm-b", "groep-g", {}, derived("gemeente")),
        rel("WERKT_SAMEN_MET", "gm-b", "instituut-x", 41),
        rel("KENNISSTROOM", "instituut-y", "groep-g", 42, richting="landelijk->lokaal"),
        rel("WERKT_SAMEN_MET", "instituut-x", "instituut-z", 43),
    ]
    if self_tie:
        rels.append(rel("KENNISSTROOM", "groep-g", "groep-g", 44, richting="horizontaal"))
    return Dataset({n.id: n for n in nodes}, rels)


def test_a_member_does_not_jump_through_the_group_to_another_member(make_store):
    # A-dorp's only tie is its membership. Y's flow to the group applies to A and to B, so A
    # reaches Y as A → G → Y (2 steps), and X only by way of Y: A → G → Y → G → B → X (Y is
    # tied to B through the group, B to X itself); never A → G → B → X, which would make B's
    # own tie A's. Pairs (A,X), (A,Y), (A,Z): A→Y [A,G,Y]; A→X [A,G,Y,G,B,X]; A→Z [...,X,Z],
    # each the one shortest route. Y lies inside 2 of 3, X inside 1 of 3 (Z's route); the group
    # and B-dorp are route nodes, not listed.
    s = make_store(routes())
    rows = run(s, "schakelpunten", {"regio": "Regio R"})
    assert [(r["actor"], r["score"]) for r in rows] == [("instituut-y", 0.6667), ("instituut-x", 0.3333)]
    y, x = rows
    # Y's example route goes on from Y to the next target: back into the group (Y's flow
    # reaches every member), to B, and B's own tie to X.
    assert y["via"] == ["A-dorp", G, "Instituut Y", G, "B-dorp", "Instituut X"]
    assert x["via"] == ["A-dorp", G, "Instituut Y", G, "B-dorp", "Instituut X", "Instituut Z"]
    assert y["grond"] == x["grond"] == f"via groep {G}"
    # both sources of each group step: A's membership and Y's flow in, Y's flow and B's membership out
    assert y["bronnen"] == x["bronnen"] == [MEMBER_A, TIE_Y, MEMBER_B]


def test_a_self_tie_lets_a_route_pass_from_member_to_member(make_store):
    # With the group's tie with itself, A → G → B is a stated route: A→X [A,G,B,X] (3 steps),
    # A→Z [A,G,B,X,Z], A→Y [A,G,Y]. Y is inside no route (it is reached, never passed); X is
    # inside A→Z only: 1/3.
    s = make_store(routes(self_tie=True))
    [x] = run(s, "schakelpunten", {"regio": "Regio R"})
    assert (x["actor"], x["score"]) == ("instituut-x", 0.3333)
    assert x["via"] == ["A-dorp", G, "B-dorp", "Instituut X", "Instituut Z"]
    assert x["grond"] == f"via groep {G}"
    # in by A's membership, across by the self-tie, out by B's membership
    assert x["bronnen"] == [MEMBER_A, SELF_TIE, MEMBER_B]


def test_kennisstroom_routes_by_the_same_rule(make_store):
    # The pad names the group itself wherever the route passes it.
    s = make_store(routes())
    [row] = run(s, "kennisstroom", {"van": "A-dorp", "naar": "Instituut X"})
    assert row["pad"] == ["gm-a", "groep-g", "instituut-y", "groep-g", "gm-b", "instituut-x"]
    # G → Y against Y's stated flow: the niveaus decide (lokaal → landelijk); Y → G as stated;
    # B → X by niveaus (B's own tie has no direction)
    assert row["richtingen"] == ["lidmaatschap", "lokaal->landelijk", "landelijk->lokaal", "lidmaatschap",
                                 "lokaal->landelijk"]
    assert row["grond"] == f"via groep {G}" and row["bronnen"] == [MEMBER_A, TIE_Y, MEMBER_B]
    s = make_store(routes(self_tie=True))
    [row] = run(s, "kennisstroom", {"van": "A-dorp", "naar": "Instituut X"})
    assert row["pad"] == ["gm-a", "groep-g", "gm-b", "instituut-x"]
    assert row["richtingen"] == ["lidmaatschap", "lidmaatschap", "lokaal->landelijk"]
    assert row["bronnen"] == [MEMBER_A, SELF_TIE, MEMBER_B]
    # from the group itself: its members and its ties are one step away, and to it as well
    # (reached from a member at its member side, from a tie at the other)
    s = make_store(routes())
    assert [r["pad"] for r in run(s, "kennisstroom", {"van": G, "naar": "B-dorp"})] == [["groep-g", "gm-b"]]
    [row] = run(s, "kennisstroom", {"van": "A-dorp", "naar": G})
    assert (row["pad"], row["richtingen"]) == (["gm-a", "groep-g"], ["lidmaatschap"])
    assert [r["pad"] for r in run(s, "kennisstroom", {"van": "Instituut Y", "naar": G})] == [
        ["instituut-y", "groep-g"]]


@pytest.mark.parametrize("self_tie", [False, True])
def test_reach_and_hiaten_agree_with_the_routes(make_store, self_tie):
    s = make_store(routes(self_tie))
    rg, idx = route_graph(s), actor_index(s)
    for regio in ("regio-r", "regio-s"):
        local = idx.local_of(regio)
        scores, _, pairs = subset_betweenness(rg.graph, local, rg.national)
        listed = {v for v in scores if rg.graph.nodes[v]["label"] not in ("Actorgroep", "Gemeente")}
        # every local actor reaches X, Y and Z either way: 3 connected pairs per regio
        assert reach(rg, local) == (bool(listed), pairs) == (True, 3)
    rows = run(s, "hiaten", {})
    assert not [r for r in rows if r["soort"] == "regio-zonder-schakelpunt"]
    # A-dorp has no tie of its own (B-dorp has X): isolated, but reached through the group
    [a] = [r for r in rows if r["soort"] == "geisoleerde-gemeente"]
    assert a["subject"] == "gm-a" and f"via de groep(en) {G}" in a["uitleg"]


def test_every_ground_names_the_groups_on_its_route(make_store):
    # `grond` and `bronnen` describe the route in `via`: the groups named are those on it, and a
    # route without a group stands on its own facts.
    s = make_store(routes())
    for regio in ("regio-r", "regio-s"):
        for r in run(s, "schakelpunten", {"regio": regio}):
            on = list(dict.fromkeys(n for n in r["via"] if n == G))
            assert r["grond"] == ("via groep " + ", ".join(on) if on else "eigen")
            assert bool(r["bronnen"]) == bool(on)
    # Regio S: B → X → Z is B's own route; X lies inside it (B→Y goes B → G → Y, no listed node)
    assert [(r["actor"], r["score"], r["grond"]) for r in run(s, "schakelpunten", {"regio": "Regio S"})] == [
        ("instituut-x", 0.3333, "eigen")]


def jumps(rg, path: list[str]) -> list[tuple[str, str, str]]:
    """Steps member → group → another member, both by membership alone, through a group that
    has no tie with itself: what a route must never do."""
    gi, g, out = rg.gi, rg.graph, []
    self_tied = {r.start for r in gi.ties if r.start == r.end}
    for x, n, y in zip(path, path[1:], path[2:]):
        grp = rg.group_of.get(n)
        if grp is None or grp in self_tied or x == y:
            continue
        if g.edges[x, n]["types"] == g.edges[n, y]["types"] == ("HOORT_BIJ",):
            out.append((x, grp, y))
    return out


def test_no_route_on_the_seed_jumps_between_members(seed):
    # Every regio of the seed: every example route schakelpunten gives (one per scoring node)
    # runs from member to member only through a self-tied group (in the seed: gemeenten).
    from graph.memory_store import MemoryStore

    s = MemoryStore(seed)
    rg, idx = route_graph(s), actor_index(s)
    checked = 0
    for regio in sorted(n.id for n in seed.nodes.values() if n.label == "Regio"):
        _, examples, _ = subset_betweenness(rg.graph, idx.local_of(regio), rg.national)
        for path in examples.values():
            assert not jumps(rg, path), (regio, path)
            checked += 1
    assert checked > 100
    # Fryslân: the VNG was reached as Friesland → decentrale overheden → Amersfoort → VNG (the
    # province and Amersfoort are both decentrale overheden; nothing ties them to each other).
    # Now through what the sources say of the group: decentrale overheden draw knowledge from the
    # PBL (003_23c0717a81f3cf0a.txt 523-525), and the PBL and VNG run a community together
    # (585-586): Friesland → decentrale overheden → PBL → VNG, as long as the old route.
    [vng] = [r for r in run(s, "schakelpunten", {"regio": "Fryslân"}) if r["actor"] == "vereniging-van-nederlandse-gemeenten"]
    assert "Amersfoort" not in vng["via"]
    assert vng["via"][1:5] == ["Friesland", "decentrale overheden", "Planbureau voor de Leefomgeving",
                               "Vereniging van Nederlandse Gemeenten"]
    assert any("BETREKT_KENNIS_VAN decentrale overheden → Planbureau voor de Leefomgeving: "
               "pub-vng-kennis-voor-en-van-gemeenten 003_23c0717a81f3cf0a.txt:523-525" == b for b in vng["bronnen"])


def test_on_the_seed_every_ground_matches_its_route(seed):
    # The SCP row once read via DataFryslân, FSP, SCP with grond "via groep gemeenten,
    # universiteiten": the example route goes on past the actor to a landelijk target, and the
    # grond covers the whole route. Whatever the route, grond names exactly its groups, in order.
    from graph.memory_store import MemoryStore

    s = MemoryStore(seed)
    groups = {n.naam for n in seed.nodes.values() if n.label == "Actorgroep"}
    rows = [r for regio in sorted(n.id for n in seed.nodes.values() if n.label == "Regio")
            for r in run(s, "schakelpunten", {"regio": regio})]
    assert len(rows) > 100
    for r in rows:
        on = list(dict.fromkeys(n for n in r["via"] if n in groups))
        assert r["grond"] == ("via groep " + ", ".join(on) if on else "eigen"), r
        assert bool(r["bronnen"]) == bool(on), r
