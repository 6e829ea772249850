"""Actor groups: memberships stated in a file or derived by a rule (loaders/groups.py), and the
required `aard` of DRAAGT_BIJ_AAN. Hand-made fixtures; the seed-level checks are in test_seed.py."""
from __future__ import annotations

import pytest

from graph.errors import ValidationError
from graph.model import GROUP_LABEL, RULE_PREFIX, Dataset, Node, Relationship, Source
from loaders.groups import RULES, Rule, derive_memberships, is_derived
from loaders.validate import validate_files
from tests.conftest import FIXTURES

DOC = "Gemeente Testdorp en Buurdorp zijn gemeenten.\nHet Testinstituut is een van de kennisinstituten.\n"
SRC = Source("pub-t", "t.txt", (1, 1), "n")


def node(i, label, **props):
    return Node(i, label, {"naam": i, **props}, (SRC,))


def dataset(*nodes, rels=()):
    return Dataset({n.id: n for n in nodes}, list(rels))


def test_every_gemeente_is_put_in_the_group_gemeenten_by_rule():
    ds = dataset(node("gm-a", "Gemeente", niveau="lokaal"), node("gm-b", "Gemeente", niveau="lokaal"),
                 node("groep-gemeenten", GROUP_LABEL, niveau="lokaal"),
                 node("inst", "Instituut", niveau="landelijk", soort="kennisinstituut"))
    derived = derive_memberships(ds, RULES)
    pairs = {(r.start, r.end) for r in derived}
    assert pairs == {("gm-a", "groep-gemeenten"), ("gm-b", "groep-gemeenten")}
    for r in derived:
        assert r.type == "HOORT_BIJ" and is_derived(r)
        [s] = r.sources
        assert s.publication == f"{RULE_PREFIX}gemeente" and s.file is None and s.lines is None
        assert s.note.startswith("Afgeleid")


def test_a_rule_checks_soort_and_niveau():
    rule = Rule("planbureau-landelijk", "Instituut", "g", "n", soort="planbureau", niveau="landelijk")
    assert rule.matches(node("x", "Instituut", soort="planbureau", niveau="landelijk"))
    assert not rule.matches(node("y", "Instituut", soort="planbureau", niveau="regionaal"))
    assert not rule.matches(node("z", "Instituut", soort="kennisinstituut", niveau="landelijk"))
    assert not rule.matches(node("w", "Programma", soort="planbureau", niveau="landelijk"))


def test_no_group_no_membership_and_a_stated_membership_is_kept_as_stated():
    gm = node("gm-a", "Gemeente", niveau="lokaal")
    assert derive_memberships(dataset(gm), RULES) == []  # the group is not in the data
    group = node("groep-gemeenten", GROUP_LABEL, niveau="lokaal")
    stated = Relationship("HOORT_BIJ", "gm-a", "groep-gemeenten", {}, (SRC,))
    assert derive_memberships(dataset(gm, group, rels=[stated]), RULES) == []
    assert not is_derived(stated)


def test_a_node_with_the_group_id_but_another_label_gets_no_members():
    ds = dataset(node("gm-a", "Gemeente", niveau="lokaal"), node("groep-gemeenten", "Thema"))
    assert derive_memberships(ds, RULES) == []


def test_rules_name_existing_labels_and_unique_ids():
    from graph.model import LABELS

    assert len({r.id for r in RULES}) == len(RULES)
    assert all(r.label in LABELS and r.group.startswith("groep-") and r.note for r in RULES)


# -- through the loader: the hook in validate_import ---------------------------------------
GROUP_YAML = """
  - id: groep-gemeenten
    label: Actorgroep
    naam: gemeenten
    niveau: lokaal
    sources:
      - {file: tiny_doc.txt, lines: [2, 2], note: groep}
"""


def _write(tmp_path, extra_nodes: str = "", extra_rels: str = "") -> list:
    (tmp_path / "tiny_doc.txt").write_text((FIXTURES / "tiny_doc.txt").read_text(encoding="utf-8") +
                                           "Testdorp hoort bij de gemeenten.\n", encoding="utf-8")
    text = (FIXTURES / "tiny.yaml").read_text(encoding="utf-8")
    text = text.replace("relationships:\n", extra_nodes + "relationships:\n" + extra_rels, 1)
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    return [path]


def test_the_loader_derives_memberships(tmp_path):
    ds = validate_files(_write(tmp_path, GROUP_YAML), sources_dir=tmp_path)
    [m] = [r for r in ds.relationships if r.type == "HOORT_BIJ"]
    assert (m.start, m.end) == ("gm-testdorp", "groep-gemeenten") and is_derived(m)


def test_a_stated_membership_wins_over_the_rule(tmp_path):
    rel = """  - type: HOORT_BIJ
    from: gm-testdorp
    to: groep-gemeenten
    sources:
      - {file: tiny_doc.txt, lines: [6, 6], note: lid}
"""
    ds = validate_files(_write(tmp_path, GROUP_YAML, rel), sources_dir=tmp_path)
    [m] = [r for r in ds.relationships if r.type == "HOORT_BIJ"]
    assert not is_derived(m) and m.sources[0].file == "tiny_doc.txt"


FASE_YAML = """
  - id: fase-1
    label: Fase
    naam: Testfase
    niveau: lokaal
    volgorde: 1
    sources:
      - {file: tiny_doc.txt, lines: [1, 1], note: fase}
"""


@pytest.mark.parametrize("aard, ok", [(None, False), ("beschreven", True), ("aanbevolen", True), ("gewenst", False)])
def test_draagt_bij_aan_needs_an_aard(tmp_path, aard, ok):
    rel = ("  - type: DRAAGT_BIJ_AAN\n    from: testinstituut\n    to: fase-1\n    rol: tips\n"
           + (f"    aard: {aard}\n" if aard else "")
           + "    sources:\n      - {file: tiny_doc.txt, lines: [2, 2], note: rol}\n")
    paths = _write(tmp_path, FASE_YAML, rel)
    if ok:
        ds = validate_files(paths, sources_dir=tmp_path)
        [r] = [r for r in ds.relationships if r.type == "DRAAGT_BIJ_AAN"]
        assert r.properties == {"rol": "tips", "aard": aard}
    else:
        with pytest.raises(ValidationError) as exc:
            validate_files(paths, sources_dir=tmp_path)
        assert "E_BAD_VALUE" in str(exc.value) and "aard" in str(exc.value)


def test_a_group_may_end_a_flow_and_wederzijds_is_a_direction(tmp_path):
    rel = """  - type: KENNISSTROOM
    from: testinstituut
    to: groep-gemeenten
    richting: wederzijds
    sources:
      - {file: tiny_doc.txt, lines: [6, 6], note: stroom}
"""
    ds = validate_files(_write(tmp_path, GROUP_YAML, rel), sources_dir=tmp_path)
    [f] = [r for r in ds.relationships if r.type == "KENNISSTROOM" and r.end == "groep-gemeenten"]
    assert f.properties["richting"] == "wederzijds"
