"""Property: whatever `validate` accepts loads into both stores (memory and the real Neo4j),
reads back unchanged, and exports as JSON, GraphML, GEXF and CSV without error.

Generated property values (huge and small integers, floats including NaN and infinities,
unicode text with control characters, lists, booleans, empty strings, dates, bytes) go
through real files: a seed-format YAML, a user YAML and a user CSV. Values outside the rules
must be refused by `validate`; values inside must survive every store and export.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import ValidationError
from graph.export import FORMATS, export_bytes, to_json_obj
from loaders.validate import validate_files
from tests.conftest import FIXTURES

EXPLORE = int(os.environ.get("LEMNISCAAT_FUZZ_EXAMPLES", "0"))
PROPERTY = settings(max_examples=EXPLORE or 40, deadline=None, derandomize=not EXPLORE,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

TINY = (FIXTURES / "tiny.yaml").read_text(encoding="utf-8")
TEXT = st.text(max_size=12) | st.sampled_from(["", " ", "Ø", "ß", "Æsop", "Αθήνα", "東京", "=1+1", "a|b", "\u2028",
                                               "\x85", "😀", "\x01", "\ufffe"])
SCALAR = st.one_of(
    TEXT,
    st.integers(min_value=-(2**64), max_value=2**64),
    st.sampled_from([2**63 - 1, -(2**63), 2**63, -(2**63) - 1, 0]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.binary(max_size=4),
)
VALUE = st.one_of(SCALAR, st.lists(TEXT, max_size=3), st.lists(SCALAR, max_size=2),
                  st.dictionaries(st.sampled_from(["a", "b"]), SCALAR, max_size=2))
# Instituut properties, Publicatie figures and whole numbers, a relationship property.
NODE_KEYS = ["soort", "afkorting", "beschrijving", "aliassen"]
PUB_KEYS = ["jaar", "cijfer_aandeel", "cijfer_n", "auteurs"]


class _NoAliases(yaml.SafeDumper):
    """Writes a value used twice out twice (data files may hold no anchors)."""

    def ignore_aliases(self, data) -> bool:
        return True


def _seed_text(inst: dict, pub: dict, rol) -> str:
    doc = yaml.safe_load(TINY)
    for node in doc["nodes"]:
        if node["id"] == "testinstituut":
            node.update(inst)
        if node["id"] == "pub-tiny":
            node.update(pub)
    for rel in doc["relationships"]:
        if rel["type"] == "WERKT_SAMEN_MET" and rol is not None:
            rel["rol"] = rol
    return yaml.dump(doc, Dumper=_NoAliases, allow_unicode=True)


def _cell(value) -> str:
    if isinstance(value, list):
        return "|".join(map(str, value))
    return str(value)


def _user_texts(inst: dict) -> dict[str, str]:
    row = {"label": "Instituut", "naam": "Gegenereerd Instituut", "niveau": "landelijk", "bron": "Verslag", **inst}
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(list(row))
    writer.writerow([_cell(v) for v in row.values()])
    return {"k.yaml": yaml.dump([row], Dumper=_NoAliases, allow_unicode=True), "k.csv": buf.getvalue()}


def _accepted(tmp_path, name: str, text: str, with_tiny: bool):
    (tmp_path / "tiny_doc.txt").write_text((FIXTURES / "tiny_doc.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "tiny.yaml").write_text(TINY, encoding="utf-8")
    (tmp_path / name).write_text(text, encoding="utf-8")
    paths = ([tmp_path / "tiny.yaml"] if with_tiny else []) + [tmp_path / name]
    try:
        return validate_files(paths, sources_dir=tmp_path)
    except ValidationError as exc:
        assert all(p.code.startswith("E_") and p.line >= 1 for p in exc.problems)
        return None


def _holds(value) -> bool:
    """What the value rules allow (an independent statement of them, for this test)."""
    if isinstance(value, bool) or isinstance(value, str):
        return True
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    if isinstance(value, float):
        return value == value and value not in (float("inf"), float("-inf"))
    return False


def _check_everywhere(store_factory, dataset) -> None:
    store = store_factory(dataset)
    assert to_json_obj(store.dataset()) == to_json_obj(dataset)  # every value reads back with its type
    for fmt in FORMATS:
        data = export_bytes(store.dataset(), fmt)
        assert data
        if fmt == "json":
            json.loads(data, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))


@PROPERTY
@given(inst=st.dictionaries(st.sampled_from(NODE_KEYS), VALUE, max_size=3),
       pub=st.dictionaries(st.sampled_from(PUB_KEYS), VALUE, max_size=2),
       rol=st.none() | SCALAR,
       naam=TEXT.filter(lambda t: t.strip()))
def test_accepted_seed_files_load_and_export_everywhere(make_store, tmp_path, inst, pub, rol, naam):
    inst = {**inst, "naam": naam}
    dataset = _accepted(tmp_path, "seed.yaml", _seed_text(inst, pub, rol), with_tiny=False)
    plain = [v for v in [*inst.values(), *pub.values(), rol] if not isinstance(v, (list, dict))]
    if not all(_holds(v) for v in plain if v is not None) or any(isinstance(v, dt.date) for v in plain):
        assert dataset is None  # a value outside the rules never gets through
        return
    if dataset is not None:
        _check_everywhere(make_store, dataset)


@PROPERTY
@given(inst=st.dictionaries(st.sampled_from(["soort", "afkorting", "beschrijving", "aliassen"]), VALUE,
                            max_size=3),
       fmt=st.sampled_from(["k.yaml", "k.csv"]))
def test_accepted_user_files_load_and_export_everywhere(make_store, tmp_path, inst, fmt):
    dataset = _accepted(tmp_path, fmt, _user_texts(inst)[fmt], with_tiny=True)
    if dataset is not None:
        _check_everywhere(make_store, dataset)
