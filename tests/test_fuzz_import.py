"""Fuzzing the validator and the loader with generated malformed CSV and YAML.

Properties: validation never crashes (it returns a Dataset or raises ValidationError with
`file:line: CODE` problems), and a rejected load leaves either store exactly as it was.
Bounded for CI: a few hundred examples in total.
"""
from __future__ import annotations

import os
import shutil

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import ValidationError
from graph.model import Dataset
from loaders.user_files import NODE_COLUMNS, REL_COLUMNS
from loaders.validate import validate_files
from tests.conftest import FIXTURES

# LEMNISCAAT_FUZZ_EXAMPLES=5000 for a long, randomized exploration run; CI runs the fixed,
# derandomized budget below.
EXPLORE = int(os.environ.get("LEMNISCAAT_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=EXPLORE or 120, deadline=None, derandomize=not EXPLORE,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
STORE_FUZZ = settings(FUZZ, max_examples=EXPLORE or 30)

WORDS = ["Testinstituut", "TI", "Testdorp", "jeugd", "thema-jeugd", "pub-tiny", "Instituut", "Thema",
         "Werkplaats", "Gemeente", "WERKT_SAMEN_MET", "BEHANDELT", "KENNISSTROOM", "NOEMT", "landelijk",
         "regionaal", "lokaal->landelijk", "https://x.nl", "a|b", "", " ", "é", "Ω", "\u0000", "1e400",
         "nan", "99999999999999999999999", "-1", "[x", "{y: 1}", "&a", "*a", "---", "#", "pub-"]
COLUMNS = list(NODE_COLUMNS + REL_COLUMNS) + ["kleur", "", "ID", " naam ", "cijfer_x"]
cell = st.one_of(st.sampled_from(WORDS), st.text(max_size=12))
sep = st.sampled_from([",", ";", "\t", '"', "\n", "\r\n", "|", "'"])


@st.composite
def csv_text(draw) -> str:
    delim = draw(st.sampled_from([",", ";"]))
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=0, max_size=8))
    rows = draw(st.lists(st.lists(st.one_of(cell, sep), max_size=9), max_size=5))
    lines = [delim.join(header)] + [delim.join(r) for r in rows]
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines) + draw(st.sampled_from(["", "\n", '"']))


yaml_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), cell)
yaml_value = st.recursive(yaml_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(COLUMNS), inner, max_size=3)), max_leaves=6)
yaml_doc = st.one_of(
    st.lists(st.dictionaries(st.sampled_from(COLUMNS + [1, None]), yaml_value, max_size=7), max_size=4),
    st.lists(yaml_value, max_size=3),
    yaml_value,
    st.dictionaries(st.sampled_from(["nodes", "relationships", "extra"]),
                    st.lists(st.dictionaries(st.sampled_from(["id", "label", "naam", "type", "from", "to",
                                                              "sources", "niveau", "aliassen"]),
                                             yaml_value, max_size=6), max_size=3), max_size=2),
)
YAML_SNIPPETS = ["- ", "  ", ": ", "label: Thema", "naam: X", "bron: Y", "&a [*a]", "*b", "!!python/object:os.system",
                 "? ", "- {", "}", "'", '"', "\t", "---", "...", "%YAML 1.1", "naam: &a [*a, *a]", "\ufeff"]
yaml_text = st.one_of(
    yaml_doc.map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
    st.lists(st.one_of(st.sampled_from(YAML_SNIPPETS), cell), max_size=12).map("\n".join),
)


def check(tmp_path, name: str, content: str | bytes) -> Dataset | None:
    """Validate tiny.yaml + one generated file: a Dataset, or None after a clean rejection."""
    shutil.copy(FIXTURES / "tiny.yaml", tmp_path / "tiny.yaml")
    shutil.copy(FIXTURES / "tiny_doc.txt", tmp_path / "tiny_doc.txt")
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    try:
        return validate_files([tmp_path / "tiny.yaml", path], sources_dir=tmp_path)
    except ValidationError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.line >= 1 and p.code.startswith("E_") and p.message
            assert str(p).startswith(f"{p.file}:{p.line}: {p.code} ")
        return None


@FUZZ
@given(text=csv_text())
def test_fuzz_csv_never_crashes(tmp_path, text):
    check(tmp_path, "fuzz.csv", text)


@FUZZ
@given(text=yaml_text)
def test_fuzz_yaml_never_crashes(tmp_path, text):
    check(tmp_path, "fuzz.yaml", text)


@settings(FUZZ, max_examples=EXPLORE or 60)
@given(raw=st.binary(max_size=80), suffix=st.sampled_from(["csv", "yaml"]))
def test_fuzz_bytes_never_crash(tmp_path, raw, suffix):
    check(tmp_path, f"fuzz.{suffix}", raw)


@STORE_FUZZ
@given(text=st.one_of(csv_text(), yaml_text), suffix=st.sampled_from(["csv", "yaml"]), reset=st.booleans())
def test_fuzz_failing_store_load_leaves_the_store_unchanged(make_store, tiny, tmp_path, text, suffix, reset):
    """Whatever a generated file validates to (or the tiny set when it is refused), a load the
    store itself fails halfway (a relationship with an end that exists nowhere, written after
    every node) changes nothing; a valid load is idempotent."""
    from graph.model import Relationship, Source

    store = make_store(tiny)
    before, version = store.dataset(), store.version()
    dataset = check(tmp_path, f"fuzz.{suffix}", text) or tiny
    dangling = Relationship("BEHANDELT", "testinstituut", "bestaat-niet", {},
                            (Source("pub-tiny", None, None, "x"),))
    with pytest.raises(ValueError):
        store.load(Dataset(dict(dataset.nodes), [*dataset.relationships, dangling]), reset=reset)
    assert store.dataset() == before and store.version() == version
    store.load(dataset, reset=False)  # the valid data loads, and loads idempotently
    once = store.dataset()
    store.load(dataset, reset=False)
    assert store.dataset() == once


@pytest.mark.parametrize("text", [
    "naam: &a [*a]\n",                                    # a recursive YAML alias
    "- label: Thema\n  naam: &a [*a]\n  bron: x\n",
    "nodes:\n  - id: x\n    label: Thema\n    naam: &a [*a]\n",
    "- " * 2000 + "x\n",                                   # deeply nested
    "[" * 5000,
])
def test_known_nasty_yaml(tmp_path, text):
    assert check(tmp_path, "nasty.yaml", text) is None
