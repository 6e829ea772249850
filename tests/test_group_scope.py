"""`leden: enkele`: a fact stated for some members of a group stays the group's own and never
applies to a member (queries/groups.py); validated for seed and user files alike.

Fixture: tests/query_fixture.py `mini_groups` plus three facts about some members only (and the
same three facts without `leden`, to show that a full one does reach the members):

    P1 Instituut X ─KENNISSTROOM(landelijk->lokaal)→ gemeenten         (line 49)
    P2 gemeenten ─DRAAGT_BIJ_AAN(beschreven)→ fase 2 (Analyseren)       (line 50)
    P3 hogescholen ─KENNISSTROOM(lokaal->landelijk)→ Instituut X        (line 51)

Every expected answer is worked out by hand in the comments; the graph of mini_groups is drawn
in tests/test_queries_groups.py (A–WPN, B–WPN, WPN–X, X–Y, Y–P, A/B/C–GG, Y–GI, GI–GG).
"""
from __future__ import annotations

import pytest

from graph.errors import ValidationError
from graph.model import Dataset
from loaders.validate import validate_files, validate_import
from queries import run
from queries.groups import applies_to_members, group_index, route_graph
from tests.conftest import FIXTURES
from tests.query_fixture import mini_groups, rel

P1 = "KENNISSTROOM Instituut X → gemeenten: pub-mini mini.txt:49-49"


def with_scope(leden: dict | None) -> Dataset:
    """mini_groups plus P1-P3, with `leden` (None: as full facts, without the property)."""
    ds = mini_groups()
    scope = leden or {}
    extra = [rel("KENNISSTROOM", "instituut-x", "groep-gemeenten", 49, richting="landelijk->lokaal", **scope),
             rel("DRAAGT_BIJ_AAN", "groep-gemeenten", "fase-2", 50, rol="analyseert", aard="beschreven", **scope),
             rel("KENNISSTROOM", "groep-leeg", "instituut-x", 51, richting="lokaal->landelijk", **scope)]
    return Dataset(ds.nodes, ds.relationships + extra)


@pytest.fixture()
def partial(make_store):
    return make_store(with_scope({"leden": "enkele"}))


@pytest.fixture()
def full(make_store):
    # loaded only when called, after the partial asserts: on Neo4j both fixtures share one database
    return lambda: make_store(with_scope(None))


def test_the_rule_is_one_test_on_the_fact():
    ds = with_scope({"leden": "enkele"})
    p1 = next(r for r in ds.relationships if r.type == "KENNISSTROOM" and r.start == "instituut-x")
    assert not applies_to_members(p1)
    alle = with_scope({"leden": "alle"})
    assert all(applies_to_members(r) for r in alle.relationships) and all(
        applies_to_members(r) for r in with_scope(None).relationships)


def test_stroombalans_partial_flow_stays_with_the_group(partial, full):
    # Partial: P1 counts for X and for gemeenten (eigen), not for A, B, C: each member keeps
    # F2 + F3 = 2, as in mini_groups. hogescholen gets P3 (eigen); its member P gets nothing.
    rows = {(r["actor"], r["grond"]): r["totaal"] for r in run(partial, "stroombalans", {})}
    assert rows[("gm-a", "via groep gemeenten")] == 2 and rows[("gm-c", "via groep gemeenten")] == 2
    assert rows[("groep-gemeenten", "eigen")] == 3 and rows[("instituut-x", "eigen")] == 3
    assert rows[("groep-leeg", "eigen")] == 1
    assert run(partial, "stroombalans", {"actor": "Programma P"}) == []
    [a] = run(partial, "stroombalans", {"actor": "A-dorp"})
    assert P1 not in a["bronnen"]
    # Full: P1 reaches A, B, C (3 each) and P3 reaches P via hogescholen.
    full = full()
    rows = {(r["actor"], r["grond"]): r["totaal"] for r in run(full, "stroombalans", {})}
    assert rows[("gm-a", "via groep gemeenten")] == 3 and rows[("gm-c", "via groep gemeenten")] == 3
    assert rows[("programma-p", "via groep hogescholen")] == 1
    [a] = run(full, "stroombalans", {"actor": "A-dorp"})
    assert P1 in a["bronnen"]


def test_a_partial_tie_is_no_route(partial, full):
    # Partial: no edge X–gemeenten and none hogescholen–X (hogescholen, with only a partial tie,
    # stays out of the graph). C-dorp reaches X as in mini_groups: three routes of 4 steps.
    rg = route_graph(partial)
    assert not rg.graph.has_edge("instituut-x", "groep-gemeenten") and "groep-leeg" not in rg.graph
    assert [len(r["pad"]) - 1 for r in run(partial, "kennisstroom", {"van": "C-dorp", "naar": "Instituut X"})] == [4] * 3
    assert group_index(partial).partial and len(group_index(partial).partial) == 2  # P1, P3 (P2 ends in a Fase)
    # Full: C → gemeenten → X, 2 steps, on the ground of the group.
    full = full()
    [row] = run(full, "kennisstroom", {"van": "C-dorp", "naar": "Instituut X"})
    assert row["pad"] == ["gm-c", "groep-gemeenten", "instituut-x"] and row["grond"] == "via groep gemeenten"
    assert P1 in row["bronnen"]


def test_schakelpunten_partial_and_full(partial, full):
    # Regio Zuid (C-dorp only; targets X, Y, P). Partial: as in mini_groups, listed Y 4/9, WPN 2/9.
    rows = run(partial, "schakelpunten", {"regio": "regio-zuid"})
    assert [(r["actor"], r["score"]) for r in rows] == [("instituut-y", 0.4444), ("werkplaats-noord", 0.2222)]
    # Full: the edges GG–X (P1) and hogescholen–X (P3; hogescholen now joined to its member P)
    # come in. C→X: C-GG-X (GG 1). C→Y: C-GG-GI-Y or C-GG-X-Y (GG 1, GI ½, X ½). C→P: three
    # routes of 4, C-GG-GI-Y-P, C-GG-X-Y-P, C-GG-X-hogescholen-P (GG 1, GI ⅓, X ⅔, Y ⅔, hs ⅓).
    # Over 3 pairs: GG 1, X (½+⅔)/3 = 7/18, GI 5/18, Y ⅔/3 = 2/9, hs 1/9; groups are not listed.
    rows = run(full(), "schakelpunten", {"regio": "regio-zuid"})
    assert [(r["actor"], r["score"]) for r in rows] == [("instituut-x", 0.3889), ("instituut-y", 0.2222)]


def test_hiaten_partial_and_full(partial, full):
    # Regio Noord: fase 2 has only X (not in the regio) and, partially, gemeenten: still a gap.
    assert [r["subject"] for r in run(partial, "hiaten", {"regio": "Regio Noord"})
            if r["soort"] == "fase-zonder-actor"] == ["fase-2"]
    # One-way, unfiltered. Partial: X has F1 up and P1 down: not one-way any more; gemeenten (F2,
    # F3, P1 down/horizontal) still is, "for 3 members" (F2, F3 apply to them); hogescholen has
    # only P3 (up) about some members: its row says so and names no member count.
    one_way = {r["subject"]: r["uitleg"] for r in run(partial, "hiaten", {}) if r["soort"] == "eenrichtingsstroom"}
    assert sorted(one_way) == ["groep-gemeenten", "groep-instituten", "groep-leeg", "werkplaats-noord"]
    assert "voor 3 leden" in one_way["groep-gemeenten"]
    assert "enkele, niet genoemde leden" in one_way["groep-leeg"] and "voor 1 lid" not in one_way["groep-leeg"]
    # Under a regio filter a group with only partial flows says nothing about the members there.
    assert "groep-leeg" not in {r["subject"] for r in run(partial, "hiaten", {"regio": "Regio Noord"})}
    # Full: gemeenten contributes to fase 2 for its members A and B in Noord: no gap.
    full = full()
    assert not [r for r in run(full, "hiaten", {"regio": "Regio Noord"}) if r["soort"] == "fase-zonder-actor"]
    # Full: hogescholen's row counts its member P, and P (no flow of its own) is not listed again.
    one_way = {r["subject"]: r["uitleg"] for r in run(full, "hiaten", {}) if r["soort"] == "eenrichtingsstroom"}
    assert "voor 1 lid." in one_way["groep-leeg"]


# -- validation: seed format and user files, one rule (loaders/rules.py rel_scope_issue) --------
GROUP_NODE = """  - id: groep-gemeenten
    label: Actorgroep
    naam: gemeenten
    niveau: lokaal
    sources:
      - {file: tiny_doc.txt, lines: [2, 2], note: een groep}
"""


def seed_text(rel_lines: str) -> str:
    text = (FIXTURES / "tiny.yaml").read_text(encoding="utf-8")
    text = text.replace("relationships:\n", GROUP_NODE + "relationships:\n", 1)
    return text + rel_lines


def problems(tmp_path, text: str):
    (tmp_path / "tiny_doc.txt").write_text((FIXTURES / "tiny_doc.txt").read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "seed.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        return validate_files([path], sources_dir=tmp_path), []
    except ValidationError as exc:
        return None, [(p.line, p.code, p.message) for p in exc.problems]


def rel_yaml(rtype: str, a: str, b: str, extra: str) -> str:
    return (f"  - type: {rtype}\n    from: {a}\n    to: {b}\n{extra}"
            "    sources:\n      - {file: tiny_doc.txt, lines: [4, 4], note: deelname}\n")


def test_seed_file_accepts_leden_on_a_group_fact(tmp_path):
    ds, found = problems(tmp_path, seed_text(rel_yaml("NEEMT_DEEL_AAN", "groep-gemeenten", "werkplaats-testregio",
                                                      "    leden: enkele\n")))
    assert found == []
    [r] = [r for r in ds.relationships if r.type == "NEEMT_DEEL_AAN"]
    assert r.properties == {"leden": "enkele"} and not applies_to_members(r)


@pytest.mark.parametrize("rtype,a,b,leden,code,says", [
    ("NEEMT_DEEL_AAN", "groep-gemeenten", "werkplaats-testregio", "sommige", "E_BAD_VALUE", "leden moet alle of enkele"),
    ("WERKT_SAMEN_MET", "gm-testdorp", "testinstituut", "enkele", "E_BAD_VALUE", "alleen voor een feit met een Actorgroep"),
    ("HOORT_BIJ", "gm-testdorp", "groep-gemeenten", "enkele", "E_UNKNOWN_PROPERTY", "hoort niet bij HOORT_BIJ"),
    ("LIGT_IN", "gm-testdorp", "regio-testland", "alle", "E_UNKNOWN_PROPERTY", "hoort niet bij LIGT_IN"),
], ids=["bad value", "no group end", "membership", "no group type"])
def test_seed_file_refuses_leden_with_file_and_line(tmp_path, rtype, a, b, leden, code, says):
    text = seed_text(rel_yaml(rtype, a, b, f"    leden: {leden}\n"))
    _, found = problems(tmp_path, text)
    line = text.split("\n").index(f"  - type: {rtype}", text.count("\n") - 8) + 1
    assert [(ln, c) for ln, c, _ in found] == [(line, code)]
    assert says in found[0][2]


def _user(tmp_path, rels_csv: str):
    (tmp_path / "tiny.yaml").write_text(seed_text(""), encoding="utf-8")
    (tmp_path / "tiny_doc.txt").write_text((FIXTURES / "tiny_doc.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "relaties.csv").write_text("van,type,naar,bron,leden\n" + rels_csv, encoding="utf-8")
    return validate_import([tmp_path / "tiny.yaml", tmp_path / "relaties.csv"], sources_dir=tmp_path)


def test_user_file_same_rule(tmp_path):
    ds, _ = _user(tmp_path, "gemeenten,NEEMT_DEEL_AAN,Werkplaats Testregio,pub-tiny,enkele\n"
                            "gemeenten,WERKT_SAMEN_MET,TI,pub-tiny,\n")
    by = {r.type: r for r in ds.relationships if r.start == "groep-gemeenten"}
    assert by["NEEMT_DEEL_AAN"].properties == {"leden": "enkele"} and by["WERKT_SAMEN_MET"].properties == {}
    with pytest.raises(ValidationError) as exc:
        _user(tmp_path, "gemeenten,NEEMT_DEEL_AAN,Werkplaats Testregio,pub-tiny,de helft\n"
                        "Testdorp,WERKT_SAMEN_MET,TI,pub-tiny,enkele\n")
    found = [(p.file.rsplit("/", 1)[-1], p.line, p.code) for p in exc.value.problems]
    assert found == [("relaties.csv", 2, "E_BAD_VALUE"), ("relaties.csv", 3, "E_BAD_VALUE")]
    assert "niet 'de helft'" in exc.value.problems[0].message
    assert "Actorgroep" in exc.value.problems[1].message


# -- the generated graphs of the contract suite hold both kinds; the rule holds on every one ---
from hypothesis import HealthCheck, find, given, settings  # noqa: E402

from graph.memory_store import MemoryStore  # noqa: E402
from queries.groups import applied_flows  # noqa: E402
from tests.graph_strategy import graphs  # noqa: E402


def _group_facts(ds: Dataset, partial: bool) -> list:
    groups = {i for i, n in ds.nodes.items() if n.label == "Actorgroep"}
    return [r for r in ds.relationships if r.type not in ("HOORT_BIJ", "NOEMT") and {r.start, r.end} & groups
            and applies_to_members(r) != partial]


def test_the_contract_strategy_generates_partial_and_full_group_facts():
    settings_ = settings(database=None, max_examples=2000, suppress_health_check=list(HealthCheck))
    ds = find(graphs(), lambda d: bool(_group_facts(d, True)) and bool(_group_facts(d, False)), settings=settings_)
    assert _group_facts(ds, True) and _group_facts(ds, False)


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(ds=graphs())
def test_a_partial_fact_never_reaches_a_member(ds):
    store = MemoryStore(ds)
    partial = {r.key for r in _group_facts(ds, True)}
    # counting: a partial flow applies to its ends only
    assert not [ap for ap in applied_flows(group_index(store)) if ap.group is not None and ap.flow.key in partial]
    # routes: every edge the groups add is a full tie or the membership of a group with a full tie
    rg = route_graph(store)
    groups = {i for i, n in ds.nodes.items() if n.label == "Actorgroep"}
    full = {frozenset((r.start, r.end)) for r in _group_facts(ds, False)}
    tied = {x for pair in full for x in pair if x in groups}
    members = {frozenset((r.start, r.end)) for r in ds.relationships if r.type == "HOORT_BIJ" and r.end in tied}
    for a, b in rg.graph.edges:
        a, b = rg.ids([a, b])  # a group's second route node is the group
        if a in groups or b in groups:
            assert frozenset((a, b)) in full | members, (a, b)
