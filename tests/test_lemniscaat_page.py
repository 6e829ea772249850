"""The Lemniscaat page after issue 13: actors and groups on their phases (described and
recommended drawn apart), flows counted per direction, the gemeente filter, escaped names."""
from __future__ import annotations

from graph.model import Node, Relationship, Source
from tests.test_app import frame_with, metric, open_page, texts
from ui.lemniscaat import flow_counts, lemniscaat_data, lemniscaat_svg

SRC = (Source("pub-x", "x.txt", (1, 1), "n"),)


def _fase(i=1):
    return Node(f"fase-{i}", "Fase", {"naam": f"Fase {i}", "volgorde": i, "kant": "lokaal", "tips": ["t"],
                                      "kant_interpretatie": "Onze lezing: lokaal."}, SRC)


def test_described_and_recommended_are_drawn_apart_and_names_are_escaped():
    evil = Node("g", "Actorgroep", {"naam": "<script>x</script> & co", "niveau": "lokaal"}, SRC)
    inst = Node("i", "Instituut", {"naam": "Inst", "niveau": "landelijk"}, SRC)
    rels = [Relationship("DRAAGT_BIJ_AAN", "g", "fase-1", {"rol": "tips", "aard": "aanbevolen"}, SRC),
            Relationship("DRAAGT_BIJ_AAN", "i", "fase-1", {"rol": "delen", "aard": "beschreven"}, SRC)]
    fases, _ = lemniscaat_data([_fase(), evil, inst], rels)
    svg = lemniscaat_svg(fases, [])
    assert "<script>" not in svg and "&lt;script&gt;x&lt;/script&gt; &amp; co (groep): tips" in svg
    assert "● Inst: delen" in svg and "○ &lt;script&gt;" in svg
    assert 'font-style="italic"' in svg and "onze lezing" in svg


def test_a_gemeente_sees_its_groups_flows():
    gm = Node("gm-a", "Gemeente", {"naam": "A", "niveau": "lokaal"}, SRC)
    other = Node("gm-b", "Gemeente", {"naam": "B", "niveau": "lokaal"}, SRC)
    grp = Node("groep-gemeenten", "Actorgroep", {"naam": "gemeenten", "niveau": "lokaal"}, SRC)
    inst = Node("i", "Instituut", {"naam": "Inst", "niveau": "landelijk"}, SRC)
    rels = [Relationship("HOORT_BIJ", "gm-a", "groep-gemeenten", {}, SRC),
            Relationship("KENNISSTROOM", "i", "groep-gemeenten", {"richting": "landelijk->lokaal"}, SRC),
            Relationship("KENNISSTROOM", "i", "gm-b", {"richting": "wederzijds"}, SRC)]
    _, flows = lemniscaat_data([_fase(), gm, other, grp, inst], rels, gemeente="gm-a")
    assert [(f.van.id, f.naar.id) for f in flows] == [("i", "groep-gemeenten")]
    assert flow_counts(flows) == {"lokaal->landelijk": 0, "landelijk->lokaal": 1, "horizontaal": 0, "wederzijds": 0}


def test_a_gemeente_does_not_see_what_its_group_did_through_some_members_only():
    """`leden: enkele` (queries/groups.py): the fact is the group's own, not each member's."""
    gm = Node("gm-a", "Gemeente", {"naam": "A", "niveau": "lokaal"}, SRC)
    grp = Node("groep-gemeenten", "Actorgroep", {"naam": "gemeenten", "niveau": "lokaal"}, SRC)
    inst = Node("i", "Instituut", {"naam": "Inst", "niveau": "landelijk"}, SRC)
    rels = [Relationship("HOORT_BIJ", "gm-a", "groep-gemeenten", {}, SRC),
            Relationship("KENNISSTROOM", "i", "groep-gemeenten", {"richting": "landelijk->lokaal"}, SRC),
            Relationship("KENNISSTROOM", "groep-gemeenten", "i", {"richting": "lokaal->landelijk",
                                                                  "leden": "enkele"}, SRC),
            Relationship("DRAAGT_BIJ_AAN", "groep-gemeenten", "fase-1",
                         {"rol": "delen", "aard": "beschreven", "leden": "enkele"}, SRC)]
    fases, flows = lemniscaat_data([_fase(), gm, grp, inst], rels, gemeente="gm-a")
    assert [(f.van.id, f.naar.id) for f in flows] == [("i", "groep-gemeenten")]
    assert fases[0].actors == []
    fases, flows = lemniscaat_data([_fase(), gm, grp, inst], rels)  # unfiltered: the group's own facts
    assert len(flows) == 2 and [a[0] for a in fases[0].actors] == ["gemeenten"]


def test_page_shows_roles_counts_and_the_gemeente_filter(seed):
    at = open_page("lemniscaat")
    flows = [r for r in seed.relationships if r.type == "KENNISSTROOM"]
    assert metric(at, "Wederzijds") == str(sum(r.properties["richting"] == "wederzijds" for r in flows))
    roles = frame_with(at, "Aard")
    assert len(roles) == sum(r.type == "DRAAGT_BIJ_AAN" for r in seed.relationships)
    assert {"groep", "actor"} >= set(roles["Actor of groep"]) and "groep" in set(roles["Actor of groep"])
    assert roles["Aard"].str.startswith("aanbevolen").any() and roles["Aard"].str.startswith("beschreven").any()
    assert "onze lezing" in texts(at)
    at.selectbox(key="gemeente").set_value("gm-amersfoort").run()
    assert not at.exception
    shown = frame_with(at, "Richting")
    # its own flow (VNG -> Amersfoort, 003 r. 294-302) and the flows of its groups (gemeenten, ...)
    assert {"Amersfoort", "gemeenten"} <= set(shown["Naar"])
    assert len(shown) < len(flows)
