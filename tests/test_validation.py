"""One malformed file per error kind: the exact `file:line: CODE` and nothing loaded."""
from __future__ import annotations

import pytest

from graph.errors import ValidationError
from graph.memory_store import MemoryStore
from loaders.validate import validate_files
from tests.conftest import FIXTURES

TINY = (FIXTURES / "tiny.yaml").read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle` (the line an error must name)."""
    for i, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not in fixture")


def problems_for(tmp_path, text: str, name: str = "bad.yaml", raw: bytes | None = None):
    (tmp_path / "tiny_doc.txt").write_text((FIXTURES / "tiny_doc.txt").read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / name
    if raw is not None:
        path.write_bytes(raw)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        validate_files([path], sources_dir=tmp_path)
    return exc.value.problems, str(path)


# (case, edit of the tiny fixture, the line the error must point at (a marker), code)
CASES = [
    ("unknown label", ("label: Instituut", "label: Instituutt"), "label: Instituutt", "E_UNKNOWN_LABEL"),
    ("unknown relationship type", ("type: BEHANDELT", "type: BEHANDELD"), "type: BEHANDELD", "E_UNKNOWN_TYPE"),
    ("dangling reference", ("to: thema-jeugd", "to: thema-jeugdzorg"), "to: thema-jeugdzorg", "E_DANGLING_REF"),
    ("bad niveau", ("niveau: regionaal", "niveau: provinciaal"), "niveau: provinciaal", "E_BAD_NIVEAU"),
    ("missing source", ("      - {file: tiny_doc.txt, lines: [3, 3], note: thema}\n", ""), None, "E_MISSING_SOURCE"),
    ("line span outside the file", ("lines: [5, 5], note: een regio", "lines: [5, 9], note: een regio"),
     "lines: [5, 9]", "E_LINES_OUTSIDE_FILE"),
    ("type not allowed between labels", ("type: LIGT_IN\n    from: gm-testdorp\n    to: regio-testland",
                                         "type: LIGT_IN\n    from: gm-testdorp\n    to: thema-jeugd"),
     None, "E_TYPE_NOT_ALLOWED"),
    ("unknown property", ("soort: kennisinstituut", "soortt: kennisinstituut"), None, "E_UNKNOWN_PROPERTY"),
]


def _apply(edit):
    old, new = edit
    assert old in TINY
    return TINY.replace(old, new, 1)


@pytest.mark.parametrize("case,edit,marker,code", CASES, ids=[c[0] for c in CASES])
def test_each_error_kind_names_file_and_line(tmp_path, case, edit, marker, code):
    text = _apply(edit)
    problems, path = problems_for(tmp_path, text)
    assert [p.code for p in problems] == [code], problems
    p = problems[0]
    assert p.file.endswith("bad.yaml")
    if marker:
        # errors on a source line point at that source; others at the item's first line
        expected = line_of(text, marker)
        item_start = max(i for i in range(1, expected + 1) if text.split("\n")[i - 1].lstrip().startswith("- "))
        assert p.line in (expected, item_start)
    assert str(p).startswith(f"{p.file}:{p.line}: {code} ")


def test_missing_source_points_at_the_relationship(tmp_path):
    text = TINY.replace("      - {file: tiny_doc.txt, lines: [3, 3], note: thema}\n", "", 1)
    problems, _ = problems_for(tmp_path, text)
    assert [(p.code, p.line) for p in problems] == [("E_MISSING_SOURCE", line_of(text, "type: BEHANDELT"))]


def test_duplicate_id_in_one_file(tmp_path):
    dup = "  - id: thema-jeugd\n    label: Thema\n    naam: jeugdzorg\n    sources:\n" \
          "      - {file: tiny_doc.txt, lines: [3, 3], note: dubbel}\n"
    text = TINY.replace("relationships:\n", dup + "relationships:\n", 1)
    problems, _ = problems_for(tmp_path, text)
    assert [(p.code, p.line) for p in problems] == [("E_DUPLICATE_ID", line_of(text, "naam: jeugdzorg") - 2)]


def test_unknown_label_suggests_the_closest(tmp_path):
    problems, _ = problems_for(tmp_path, _apply(("label: Instituut", "label: Instituutt")))
    assert "bedoelde u 'Instituut'?" in problems[0].message


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    text = _apply(("label: Instituut", "label: Instituutt")).replace("type: BEHANDELT", "type: BEHANDELD")
    problems, _ = problems_for(tmp_path, text)
    codes = {p.code for p in problems}
    assert {"E_UNKNOWN_LABEL", "E_UNKNOWN_TYPE"} <= codes


def test_yaml_syntax_error_has_its_line(tmp_path):
    text = TINY.replace("    naam: Testdorp\n", "    naam: [Testdorp\n", 1)
    problems, _ = problems_for(tmp_path, text)
    assert problems[0].code == "E_YAML_SYNTAX"
    assert abs(problems[0].line - line_of(text, "naam: [Testdorp")) <= 2


def test_not_utf8(tmp_path):
    raw = TINY.replace("naam: Testdorp", "naam: Testd\u00f6rp").encode("latin-1")
    problems, _ = problems_for(tmp_path, "", raw=raw)
    assert [(p.code, p.line) for p in problems] == [("E_ENCODING", line_of(TINY, "naam: Testdorp"))]


def test_empty_file(tmp_path):
    problems, _ = problems_for(tmp_path, "\n")
    assert [(p.code, p.line) for p in problems] == [("E_EMPTY_FILE", 1)]


def test_yaml_that_is_not_a_mapping(tmp_path):
    problems, _ = problems_for(tmp_path, "- just\n- a list\n")
    assert problems[0].code == "E_FILE_SHAPE"


def test_a_failing_load_leaves_the_store_untouched(tiny):
    """The store builds a new graph and swaps it in: a load that fails halfway changes nothing."""
    from graph.model import Dataset, Relationship

    store = MemoryStore(tiny)
    before = store.dataset()
    broken = Dataset(dict(tiny.nodes), list(tiny.relationships))
    broken.relationships.append(Relationship("BEHANDELT", "testinstituut", "nergens", {}, ()))
    with pytest.raises(ValueError):
        store.load(broken, reset=True)
    assert store.dataset() == before


def test_cli_validate_exits_1_with_file_line(tmp_path, capsys, monkeypatch):
    from lemniscaat_cli import main

    bad = tmp_path / "bad.yaml"
    text = _apply(("to: thema-jeugd", "to: nergens"))
    # refer to a seed-independent document: the error is the dangling ref (and the unknown file)
    bad.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["validate", str(bad)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"bad.yaml:{line_of(text, 'to: nergens') - 2}: E_DANGLING_REF" in err
    assert "niets geladen" in err
