"""Hostile and odd data files (issue 11 item 4): each is refused with `file:line: CODE`, fast,
before anything reaches a store; a label clash with what a store holds is a validation error."""
from __future__ import annotations

import time
import tracemalloc

import pytest

from graph.errors import ValidationError
from loaders.validate import validate_files, validate_import
from tests.conftest import FIXTURES

TINY = (FIXTURES / "tiny.yaml").read_text(encoding="utf-8")
NODES = "id,label,naam,niveau,bron\n"


def problems(tmp_path, files: dict[str, str | bytes], with_tiny: bool = True) -> list[str]:
    """Validate (tiny.yaml +) the files; the problems as `name:line: CODE` strings."""
    (tmp_path / "tiny_doc.txt").write_text((FIXTURES / "tiny_doc.txt").read_text(encoding="utf-8"),
                                           encoding="utf-8")
    paths = []
    if with_tiny:
        (tmp_path / "tiny.yaml").write_text(TINY, encoding="utf-8")
        paths.append(tmp_path / "tiny.yaml")
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        paths.append(path)
    with pytest.raises(ValidationError) as exc:
        validate_files(paths, sources_dir=tmp_path)
    return [f"{p.file.rsplit('/', 1)[-1]}:{p.line}: {p.code}" for p in exc.value.problems]


def line_of(text: str, needle: str, nth: int = 1) -> int:
    hits = [i for i, line in enumerate(text.split("\n"), start=1) if needle in line]
    return hits[nth - 1]


# -- aliases: the billion laughs ----------------------------------------------------------
def laughs(levels: int, width: int, size: int) -> str:
    """Nested YAML aliases that expand to width**levels strings, padded to `size` bytes."""
    names = "abcdefghijklmnopqrstuvwxyz"
    lines = ['a: &a ["lol"' + ',"lol"' * (width - 1) + "]"]
    for i in range(1, levels):
        lines.append(f"{names[i]}: &{names[i]} [" + ",".join([f"*{names[i - 1]}"] * width) + "]")
    text = "\n".join(lines) + "\n"
    text += "#" * (size - len(text) - 1) + "\n"
    assert len(text.encode()) == size
    return text


@pytest.mark.parametrize("text", [laughs(13, 8, 442), laughs(12, 10, 488)], ids=["442-bytes", "488-bytes"])
def test_billion_laughs_fails_fast_with_little_memory(tmp_path, text):
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        found = problems(tmp_path, {"lol.yaml": text}, with_tiny=False)
        seconds = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found == ["lol.yaml:1: E_YAML_ALIAS"]
    assert seconds < 2 and peak < 5_000_000, (seconds, peak)


@pytest.mark.parametrize("text,needle", [
    ("- &x {label: Thema, naam: A, bron: B}\n- *x\n", "&x"),
    ("- label: Thema\n  naam: A\n  bron: &b Verslag\n- {label: Thema, naam: C, bron: *b}\n", "&b"),
    ("- {label: Thema, naam: A, bron: B, <<: {niveau: landelijk}}\n", "<<"),
])
def test_any_anchor_alias_or_merge_key_is_refused_at_its_line(tmp_path, text, needle):
    assert problems(tmp_path, {"k.yaml": text}) == [f"k.yaml:{line_of(text, needle)}: E_YAML_ALIAS"]


# -- duplicate keys -----------------------------------------------------------------------
def test_duplicate_key_in_seed_format_is_an_error_with_its_line(tmp_path):
    text = TINY.replace("    naam: Testdorp\n", "    naam: Testdorp\n    naam: Anderdorp\n", 1)
    assert problems(tmp_path, {"tiny.yaml": text}, with_tiny=False) == [
        f"tiny.yaml:{line_of(text, 'naam: Anderdorp')}: E_DUPLICATE_KEY"]


def test_duplicate_key_in_user_yaml_is_an_error_with_its_line(tmp_path):
    text = "- label: Thema\n  naam: Wonen\n  bron: Verslag\n  naam: Werken\n"
    assert problems(tmp_path, {"k.yaml": text}) == ["k.yaml:4: E_DUPLICATE_KEY"]


# -- values: type and range ---------------------------------------------------------------
SEED_VALUES = [
    ("soort: 9223372036854775808", "E_BAD_VALUE"),         # 2**63: beyond signed 64 bits
    ("soort: -9223372036854775809", "E_BAD_VALUE"),
    ("soort: 99999999999999999999999", "E_BAD_VALUE"),
    ("soort: .nan", "E_BAD_VALUE"),
    ("soort: -.inf", "E_BAD_VALUE"),
    ("soort: 2024-01-31", "E_BAD_VALUE"),                 # a YAML date
    ("soort: 2024-01-31 10:00:00", "E_BAD_VALUE"),        # a YAML timestamp
    ("soort: !!binary aGFsbG8=", "E_BAD_VALUE"),
    ("soort: {a: 1}", "E_BAD_VALUE"),                     # a nested mapping
    ("soort: [a, b]", "E_BAD_VALUE"),                     # a list where one value belongs
    ("aliassen: [a, 1]", "E_BAD_VALUE"),                  # a list of not only texts
    ("aliassen: [[a]]", "E_BAD_VALUE"),
    ('soort: "a\\x01b"', "E_BAD_VALUE"),                   # a control character XML cannot hold
    ("cijfer_x: 1", "E_UNKNOWN_PROPERTY"),                # figures only on Grootteklasse/Publicatie
]


@pytest.mark.parametrize("line,code", SEED_VALUES, ids=[v[0] for v in SEED_VALUES])
def test_seed_values_outside_the_rules_are_refused(tmp_path, line, code):
    text = TINY.replace("    soort: kennisinstituut\n", f"    soort: kennisinstituut\n    {line}\n", 1)
    if line.startswith("soort:"):
        text = text.replace("    soort: kennisinstituut\n", "", 1)
    if line.startswith("aliassen:"):
        text = text.replace("    aliassen: [TI]\n", "", 1)
    assert problems(tmp_path, {"tiny.yaml": text}, with_tiny=False) == [
        f"tiny.yaml:{line_of(text, 'id: testinstituut')}: {code}"]


@pytest.mark.parametrize("row", [
    ",Gemeente,Groot,,Verslag,99999999999999999999",
    ",Gemeente,Groot,,Verslag,1e400",
    ",Gemeente,Groot,,Verslag,nan",
    ",Gemeente,Groot,,Verslag,12.5",
])
def test_csv_numbers_outside_the_rules_are_refused(tmp_path, row):
    assert problems(tmp_path, {"k.csv": NODES.replace("bron", "bron,inwoners") + row + "\n"}) == [
        "k.csv:2: E_BAD_VALUE"]


@pytest.mark.parametrize("value", ["2024-01-31", "!!binary aGFsbG8=", "{a: 1}", ".inf", "9223372036854775808",
                                   '"a\\x00b"'])
def test_user_yaml_values_outside_the_rules_are_refused(tmp_path, value):
    text = f"- label: Instituut\n  naam: Nieuw\n  niveau: landelijk\n  bron: Verslag\n  soort: {value}\n"
    assert problems(tmp_path, {"k.yaml": text}) == ["k.yaml:1: E_BAD_VALUE"]


def test_values_inside_the_rules_are_kept_with_their_type(tmp_path):
    text = TINY.replace("    soort: kennisinstituut\n",
                        "    soort: kennisinstituut\n    beschrijving: ''\n", 1).replace(
        "    bestand: tiny_doc.txt\n", "    bestand: tiny_doc.txt\n    jaar: 9223372036854775807\n"
                                     "    cijfer_aandeel: -0.5\n", 1)
    (tmp_path / "tiny_doc.txt").write_text((FIXTURES / "tiny_doc.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "t.yaml").write_text(text, encoding="utf-8")
    dataset = validate_files([tmp_path / "t.yaml"], sources_dir=tmp_path)
    assert dataset.nodes["pub-tiny"].properties["jaar"] == 2**63 - 1
    assert dataset.nodes["pub-tiny"].properties["cijfer_aandeel"] == -0.5
    assert dataset.nodes["testinstituut"].properties["beschrijving"] == ""


# -- bestand stays inside the sources folder ----------------------------------------------
@pytest.mark.parametrize("bestand", ["/etc/passwd", "../secret.txt", "sub/../../secret.txt", "..\\secret.txt",
                                     "C:\\Windows\\win.ini", "~/secret.txt"])
def test_bestand_outside_the_sources_folder_is_refused_without_probing(tmp_path, bestand):
    sources = tmp_path / "bronnen"
    sources.mkdir()
    (tmp_path / "secret.txt").write_text("geheim\n" * 7, encoding="utf-8")
    text = TINY.replace("bestand: tiny_doc.txt", f"bestand: '{bestand}'").replace(
        "{file: tiny_doc.txt, lines: [1, 1]", f"{{file: '{bestand}', lines: [1, 99]")
    (sources / "t.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        validate_files([sources / "t.yaml"], sources_dir=sources)
    codes = {p.code for p in exc.value.problems}
    assert "E_BAD_PATH" in codes
    # nothing tells whether the file exists or how long it is
    assert "E_LINES_OUTSIDE_FILE" not in codes and all("7 regels" not in p.message for p in exc.value.problems)


def test_a_link_out_of_the_sources_folder_is_not_followed(tmp_path):
    sources = tmp_path / "bronnen"
    sources.mkdir()
    (tmp_path / "secret.txt").write_text("geheim\n" * 7, encoding="utf-8")
    (sources / "link.txt").symlink_to(tmp_path / "secret.txt")
    (sources / "tiny_doc.txt").write_text((FIXTURES / "tiny_doc.txt").read_text(encoding="utf-8"), encoding="utf-8")
    from loaders.validate import _LineCounter

    counter = _LineCounter(sources)
    assert counter.count("tiny_doc.txt") == len((FIXTURES / "tiny_doc.txt").read_text().splitlines())
    assert counter.count("link.txt") is None and counter.count("../secret.txt") is None


# -- a label clash with what the store holds ----------------------------------------------
def test_label_clash_with_the_store_is_a_validation_error(make_store, tmp_path):
    (tmp_path / "tiny_doc.txt").write_text((FIXTURES / "tiny_doc.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "tiny.yaml").write_text(TINY, encoding="utf-8")
    first = tmp_path / "eerst.csv"
    first.write_text(NODES + "werkplaats-oost,Werkplaats,Werkplaats Oost,regionaal,Verslag\n", encoding="utf-8")
    store = make_store(validate_files([tmp_path / "tiny.yaml", first], sources_dir=tmp_path))
    before = store.dataset()
    clash = tmp_path / "later.csv"
    clash.write_text(NODES + "werkplaats-oost,Thema,Oost,,Verslag\n", encoding="utf-8")
    paths = [tmp_path / "tiny.yaml", clash]
    validate_import(paths, sources_dir=tmp_path)  # on its own the file is fine
    with pytest.raises(ValidationError) as exc:
        validate_import(paths, sources_dir=tmp_path, existing=store)
    assert [str(p).split("/")[-1] for p in exc.value.problems] == [
        "later.csv:2: E_LABEL_CONFLICT id 'werkplaats-oost' is in de store al een Werkplaats, hier een Thema"]
    assert store.dataset() == before


def test_importeren_page_reports_a_label_clash_with_the_store(tiny):
    from graph.memory_store import MemoryStore
    from ui.importeren import validate_uploads

    store = MemoryStore(tiny)
    store.load(validate_uploads([("a.csv", (NODES + "regio-oost,Regio,Oost,,Verslag\n").encode())],
                                base=[FIXTURES / "tiny.yaml"], sources_dir=FIXTURES).dataset, reset=False)
    result = validate_uploads([("b.csv", (NODES + "regio-oost,Thema,Oost,,Verslag\n").encode())],
                              base=[FIXTURES / "tiny.yaml"], sources_dir=FIXTURES, existing=store)
    assert result.dataset is None
    assert [f"{p.file}:{p.line}: {p.code}" for p in result.problems] == ["b.csv:2: E_LABEL_CONFLICT"]


def test_cli_load_into_neo4j_reports_a_label_clash(neo4j_connection, neo4j_store, seed, tmp_path,
                                                   monkeypatch, capsys):
    from lemniscaat_cli import main

    uri, auth = neo4j_connection
    monkeypatch.setenv("NEO4J_URI", uri)
    first = tmp_path / "eerst.csv"
    first.write_text(NODES + "werkplaats-oost,Werkplaats,Werkplaats Oost,regionaal,Verslag\n", encoding="utf-8")
    assert main(["load", "--backend", "neo4j", "--reset", str(first)]) == 0
    before = neo4j_store.dataset()
    clash = tmp_path / "later.csv"
    clash.write_text(NODES + "werkplaats-oost,Thema,Oost,,Verslag\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["load", "--backend", "neo4j", str(clash)]) == 1
    err = capsys.readouterr().err
    assert "later.csv:2: E_LABEL_CONFLICT id 'werkplaats-oost' is in de store al een Werkplaats" in err
    assert "Traceback" not in err
    assert neo4j_store.dataset() == before


def test_a_naam_without_letters_or_digits_is_refused(tmp_path):
    assert problems(tmp_path, {"k.csv": NODES + ",Thema,---,,Verslag\n,Thema,Wonen,,Verslag\n"}) == [
        "k.csv:2: E_BAD_VALUE"]


def test_a_seed_naam_without_letters_or_digits_is_refused(tmp_path):
    text = TINY.replace("naam: Testdorp", "naam: '×'", 1)
    assert problems(tmp_path, {"tiny.yaml": text}, with_tiny=False) == [
        f"tiny.yaml:{line_of(text, 'id: gm-testdorp')}: E_BAD_VALUE"]
