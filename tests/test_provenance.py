"""Every seed locator is checked against the source documents (rule in seed/README.md)."""
from __future__ import annotations

import pytest

from graph.errors import ValidationError
from graph.model import Node, Source
from loaders.provenance import check_dataset, check_node, missing_files
from loaders.validate import validate_files


def test_every_cited_span_names_its_entities(seed, sources_dir):
    assert not missing_files(seed, sources_dir), "cited files missing from the sources folder"
    problems = check_dataset(seed, sources_dir)
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
    for n in seed.nodes.values():
        if any(s.file is None for s in n.sources):
            assert n.label in ("Gemeente", "Regio", "Publicatie"), n.id
    for r in seed.relationships:
        if any(s.file is None for s in r.sources):
            assert r.type == "LIGT_IN", r


def test_the_check_can_fail(tiny_dir):
    """A locator that does not name the node is caught (the provenance check is not vacuous)."""
    wrong = Node("x", "Instituut", {"naam": "Movisie"}, (Source("pub-tiny", "tiny_doc.txt", (1, 2), "n"),))
    right = Node("y", "Gemeente", {"naam": "Testdorp"}, (Source("pub-tiny", "tiny_doc.txt", (1, 2), "n"),))
    assert check_node(wrong, tiny_dir) and not check_node(right, tiny_dir)


def test_notes_are_own_words_not_copies(seed, sources_dir):
    """A note may quote names, not sentences: no note of 8+ words appears verbatim in its span."""
    from loaders.provenance import span_variants, _name_key

    copied = []
    for n in seed.nodes.values():
        for s in n.sources:
            if s.file and len(s.note.split()) >= 8:
                if any(_name_key(s.note) in v for v in span_variants(sources_dir / s.file, s.lines[0] - 3, s.lines[1] + 3)):
                    copied.append(f"{n.id}: {s.note}")
    assert copied == []
