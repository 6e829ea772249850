"""Every seed locator is checked against the source documents (rule in seed/README.md)."""
from __future__ import annotations

import pytest

from graph.errors import ValidationError
from loaders.validate import REFERENCE_OK_LABELS, REFERENCE_OK_TYPES, REFERENCE_ONLY_OK, reference_files
from graph.model import Node, Source
from loaders.provenance import check_dataset, check_node, missing_files
from loaders.validate import validate_files


def test_every_cited_span_names_its_entities(seed, sources_dir, reference_dir):
    assert not missing_files(seed, sources_dir, reference_dir), "cited files missing from the sources folders"
    problems = check_dataset(seed, sources_dir, reference_dir)
    assert problems == [], "\n".join(problems[:40])


def test_every_fact_has_a_source(seed, tiny_dir):
    """The loader refuses a node or a relationship without a source (so the seed, which it
    loaded, has one for every fact), and a source that cites no file must be a reference."""
    text = (tiny_dir / "tiny.yaml").read_text(encoding="utf-8")
    text = text.replace("      - {file: tiny_doc.txt, lines: [2, 2], note: een gemeente}\n", "", 1)
    text = text.replace("      - {file: tiny_doc.txt, lines: [3, 3], note: thema}\n", "", 1)
    (tiny_dir / "tiny.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        validate_files([tiny_dir / "tiny.yaml"], sources_dir=tiny_dir)
    lines = text.split("\n")
    assert [(p.code, lines[p.line - 1].strip()) for p in exc.value.problems] == [
        ("E_MISSING_SOURCE", "- id: gm-testdorp"), ("E_MISSING_SOURCE", "- type: BEHANDELT")]
    assert all(n.sources for n in seed.nodes.values())
    assert all(r.sources for r in seed.relationships)


def test_reference_sources_only_for_administrative_geography(seed):
    """Reference data backs only geography and CBS figures, and always names its file and line."""
    reference = set(reference_files(seed.nodes.values()).values())
    assert reference, "the seed has no reference publication"
    for n in seed.nodes.values():
        for s in n.sources:
            assert s.file and s.lines, (n.id, s)  # no file: null left in the seed
            if s.publication in reference:
                assert n.label in REFERENCE_OK_LABELS, n.id
        if n.label not in REFERENCE_ONLY_OK:
            assert any(s.publication not in reference for s in n.sources), n.id  # a document names it
    for r in seed.relationships:
        rule_based = r.type == "HOORT_BIJ" and all(s.publication.startswith("regel:") for s in r.sources)
        for s in r.sources:
            # a HOORT_BIJ derived by a rule (loaders/groups.py) names its rule (publication
            # regel:...) instead of a document
            assert (s.file and s.lines) or rule_based, (r.key, s)
            if s.publication in reference:
                assert r.type in REFERENCE_OK_TYPES, r.key
    assert not any(r.type == "NOEMT" and r.start in reference for r in seed.relationships)


def test_the_check_can_fail(tiny_dir):
    """A locator that does not name the node is caught (the provenance check is not vacuous)."""
    wrong = Node("x", "Instituut", {"naam": "Movisie"}, (Source("pub-tiny", "tiny_doc.txt", (1, 2), "n"),))
    right = Node("y", "Gemeente", {"naam": "Testdorp"}, (Source("pub-tiny", "tiny_doc.txt", (1, 2), "n"),))
    assert check_node(wrong, tiny_dir) and not check_node(right, tiny_dir)


def test_notes_are_own_words_not_copies(seed, sources_dir):
    """A note may quote names, not sentences: no note of 8+ words appears verbatim in its span."""
    from loaders.provenance import span_variants, _name_key

    reference = reference_files(seed.nodes.values())
    copied = []
    for n in seed.nodes.values():
        for s in n.sources:
            if s.file and s.file not in reference and len(s.note.split()) >= 8:
                if any(_name_key(s.note) in v for v in span_variants(sources_dir / s.file, s.lines[0] - 3, s.lines[1] + 3)):
                    copied.append(f"{n.id}: {s.note}")
    assert copied == []


# -- reference files: the cited line is read field by field -----------------------------------
REF_CSV = ("cbs_code,naam,provincie_code,provincie,jeugdregio_code,jeugdregio,inwoners_2022\n"
           "GM0001,Testdorp,PV99,Testland,JZ99,Testland,24000\n"
           "GM0002,Anderdorp,PV99,Testland,JZ98,Elders,60000\n")


def _reference(tmp_path):
    from loaders.provenance import Reference

    (tmp_path / "ref.csv").write_text(REF_CSV, encoding="utf-8")
    return Reference({"ref.csv": "pub-ref"}, tmp_path)


def _src(line):
    return (Source("pub-ref", "ref.csv", (line, line), "n"),)


def test_a_reference_line_must_name_the_gemeente(tmp_path):
    ref = _reference(tmp_path)
    right = Node("gm-testdorp", "Gemeente", {"naam": "Testdorp", "cbs_code": "GM0001"}, _src(2))
    wrong_line = Node("gm-testdorp", "Gemeente", {"naam": "Testdorp", "cbs_code": "GM0001"}, _src(3))
    wrong_code = Node("gm-testdorp", "Gemeente", {"naam": "Testdorp", "cbs_code": "GM0002"}, _src(2))
    outside = Node("gm-testdorp", "Gemeente", {"naam": "Testdorp", "cbs_code": "GM0001"}, _src(9))
    assert check_node(right, tmp_path, ref) == []
    assert check_node(wrong_line, tmp_path, ref) and check_node(wrong_code, tmp_path, ref)
    assert check_node(outside, tmp_path, ref)


def test_a_reference_line_must_name_both_ends_of_ligt_in(tmp_path):
    from graph.model import Relationship
    from loaders.provenance import check_relationship

    ref = _reference(tmp_path)
    nodes = {"gm-testdorp": Node("gm-testdorp", "Gemeente", {"naam": "Testdorp", "cbs_code": "GM0001"}, _src(2)),
             "regio-jz99": Node("regio-jz99", "Regio", {"naam": "Jeugdregio Testland", "cbs_code": "JZ99"}, _src(2)),
             "regio-jz98": Node("regio-jz98", "Regio", {"naam": "Jeugdregio Elders", "cbs_code": "JZ98"}, _src(3)),
             "regio-x": Node("regio-x", "Regio", {"naam": "Jeugdregio Anders", "cbs_code": "JZ99"}, _src(2))}
    ok = Relationship("LIGT_IN", "gm-testdorp", "regio-jz99", {}, _src(2))
    other_region = Relationship("LIGT_IN", "gm-testdorp", "regio-jz98", {}, _src(2))
    other_name = Relationship("LIGT_IN", "gm-testdorp", "regio-x", {}, _src(2))  # code right, name wrong
    assert check_relationship(ok, nodes, tmp_path, ref) == []
    assert check_relationship(other_region, nodes, tmp_path, ref)
    assert check_relationship(other_name, nodes, tmp_path, ref)


def test_a_size_class_must_fit_the_inhabitants_on_the_line(tmp_path):
    from graph.model import Relationship
    from loaders.provenance import check_relationship

    ref = _reference(tmp_path)
    nodes = {"gm-testdorp": Node("gm-testdorp", "Gemeente", {"naam": "Testdorp", "cbs_code": "GM0001"}, _src(2)),
             "gk-klein": Node("gk-klein", "Grootteklasse", {"naam": "klein", "ondergrens": 0, "bovengrens": 25000}, ()),
             "gk-groot": Node("gk-groot", "Grootteklasse", {"naam": "groot", "ondergrens": 25001}, ())}
    assert check_relationship(Relationship("IN_GROOTTEKLASSE", "gm-testdorp", "gk-klein", {}, _src(2)),
                              nodes, tmp_path, ref) == []
    assert check_relationship(Relationship("IN_GROOTTEKLASSE", "gm-testdorp", "gk-groot", {}, _src(2)),
                              nodes, tmp_path, ref)


def test_every_woonplaats_needs_a_line_that_names_it(tmp_path):
    from loaders.provenance import Reference

    (tmp_path / "wp.csv").write_text("woonplaatscode,woonplaats,cbs_code,gemeente\n"
                                     "1,Testgat,GM0001,Testdorp\n2,Ergens,GM0002,Anderdorp\n", encoding="utf-8")
    ref = Reference({"wp.csv": "pub-wp"}, tmp_path)
    src = lambda line: Source("pub-wp", "wp.csv", (line, line), "n")  # noqa: E731
    props = {"naam": "Testdorp", "cbs_code": "GM0001", "woonplaatsen": ["Testgat"]}
    assert check_node(Node("gm-testdorp", "Gemeente", props, (src(2),)), tmp_path, ref) == []
    assert check_node(Node("gm-testdorp", "Gemeente", props, ()), tmp_path, ref)  # unsourced woonplaats
    assert check_node(Node("gm-testdorp", "Gemeente", props, (src(2), src(3))), tmp_path, ref)  # wrong gemeente
