"""Export: the JSON contract round-trips; GraphML and GEXF open with networkx's readers."""
from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import networkx as nx
import pytest

from graph.export import export_bytes, from_json_obj, to_json_obj
from graph.memory_store import MemoryStore


def test_json_round_trip_gives_the_identical_graph(tiny):
    store = MemoryStore(tiny)
    first = to_json_obj(store.dataset())
    again = MemoryStore(from_json_obj(json.loads(export_bytes(store.dataset(), "json"))))
    assert to_json_obj(again.dataset()) == first


def test_json_shape_is_the_contract(tiny):
    obj = json.loads(export_bytes(MemoryStore(tiny).dataset(), "json"))
    node = next(n for n in obj["nodes"] if n["id"] == "testinstituut")
    assert node["label"] == "Instituut" and node["properties"]["naam"] == "Testinstituut"
    assert node["sources"] == [{"publication": "pub-tiny", "file": "tiny_doc.txt", "lines": [2, 3], "note": "een instituut"}]
    rel = next(r for r in obj["relationships"] if r["type"] == "KENNISSTROOM")
    assert (rel["from"], rel["to"], rel["properties"]) == ("werkplaats-testregio", "testinstituut", {"richting": "lokaal->landelijk"})
    assert all(n["sources"] for n in obj["nodes"]) and all(r["sources"] for r in obj["relationships"])


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_open_with_networkx(tiny, fmt, reader):
    data = export_bytes(MemoryStore(tiny).dataset(), fmt)
    g = reader(io.BytesIO(data))
    assert g.number_of_nodes() == len(tiny.nodes)
    assert g.number_of_edges() == len(tiny.relationships)
    assert g.nodes["testinstituut"]["label"] == "Instituut"


def test_csv_has_a_row_per_node_and_relationship(tiny):
    text = export_bytes(MemoryStore(tiny).dataset(), "csv").decode("utf-8")
    assert len(text.strip().splitlines()) == 1 + len(tiny.nodes) + len(tiny.relationships)


def _canon(sources) -> list[str]:
    return sorted(json.dumps(s, sort_keys=True, ensure_ascii=False) for s in sources)


def test_seed_export_keeps_every_source(seed, make_store):
    """Out of either store, JSON and CSV carry exactly the sources the seed gave each fact."""
    store = make_store(seed)
    want_nodes = {n.id: _canon(s.to_dict() for s in n.sources) for n in seed.nodes.values()}
    want_rels = sorted((r.type, r.start, r.end, *_canon(s.to_dict() for s in r.sources)) for r in seed.relationships)
    obj = json.loads(export_bytes(store.dataset(), "json"))
    assert {n["id"]: _canon(n["sources"]) for n in obj["nodes"]} == want_nodes
    assert sorted((r["type"], r["from"], r["to"], *_canon(r["sources"])) for r in obj["relationships"]) == want_rels
    rows = list(csv.DictReader(io.StringIO(export_bytes(store.dataset(), "csv").decode("utf-8"))))
    assert {r["id"]: _canon(json.loads(r["sources"])) for r in rows if r["kind"] == "node"} == want_nodes
    assert sorted((r["type"], r["from"], r["to"], *_canon(json.loads(r["sources"])))
                  for r in rows if r["kind"] == "relatie") == want_rels


# -- CSV safe in Excel ----------------------------------------------------------------------------
FORMULA = '=HYPERLINK("http://x","klik")'


@pytest.fixture()
def formula_dataset(tmp_path, tiny_dir):
    """The tiny graph plus imported nodes whose names a spreadsheet would run as formulas."""
    from loaders.validate import validate_import

    knopen = tmp_path / "knopen.csv"
    with knopen.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "label", "naam", "niveau", "bron"])
        for i, naam in enumerate([FORMULA, "+31 6 1234", "-2+3+cmd|' /C calc'!A0", "@SOM(A1)"]):
            w.writerow([f"f{i}", "Instituut", naam, "landelijk", "Testbron"])
    dataset, _ = validate_import([tiny_dir / "tiny.yaml", knopen], sources_dir=tiny_dir)
    return dataset


def test_csv_cell_neutralises_formulas_and_keeps_numbers():
    from graph.export import csv_cell

    for text in (FORMULA, "+1+1", "-A1", "@SOM(A1)", "\tx", "\rx", "=", "-", "- leeg"):
        assert csv_cell(text) == "'" + text
    for value in (-3, 1.5, -0.25, 0, "-3", "+4", "1.5", "-1e3", "Movisie", "", None, "a=b"):
        assert csv_cell(value) == value


def test_graph_csv_export_neutralises_formulas(formula_dataset, make_store):
    store = make_store(formula_dataset)
    rows = list(csv.reader(io.StringIO(export_bytes(store.dataset(), "csv").decode("utf-8"))))
    naam = {r[1]: r[6] for r in rows if r[0] == "node"}
    assert naam["f0"] == "'" + FORMULA
    assert naam["f1"] == "'+31 6 1234" and naam["f3"] == "'@SOM(A1)"
    assert naam["f2"] == "'-2+3+cmd|' /C calc'!A0"
    assert not [c for r in rows for c in r if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_cli_csv_export_from_neo4j_neutralises_formulas(formula_dataset, neo4j_store, neo4j_connection, tmp_path):
    """The real `lemniscaat export --format csv` on the Neo4j store holding the formula names."""
    import subprocess
    import sys

    neo4j_store.load(formula_dataset, reset=True)
    uri, auth = neo4j_connection
    env = {**os.environ, "NEO4J_URI": uri}
    if auth:
        env.update(NEO4J_USER=auth[0], NEO4J_PASSWORD=auth[1])
    out = tmp_path / "graaf.csv"
    proc = subprocess.run([str(Path(sys.executable).parent / "lemniscaat"), "export", "--format", "csv",
                           "--backend", "neo4j", "--out", str(out)], capture_output=True, text=True, env=env,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {r[1]: r[6] for r in rows if r[0] == "node"}["f0"] == "'" + FORMULA


def test_table_downloads_neutralise_formulas_and_keep_numbers():
    import pandas as pd

    from ui.tables import csv_bytes, frame

    df = frame([{"naam": FORMULA, "score": -3, "aandeel": 1.5}, {"naam": "Movisie", "score": 4, "aandeel": -0.5}])
    text = csv_bytes(df).decode("utf-8-sig")
    assert text.splitlines()[1] == '"\'=HYPERLINK(""http://x"",""klik"")",-3,1.5'
    back = pd.read_csv(io.StringIO(text))
    assert back["score"].tolist() == [-3, 4] and back["aandeel"].tolist() == [1.5, -0.5]
    assert str(back["score"].dtype).startswith("int")


def test_export_docstring_examples_run():
    import doctest

    import graph.export
    import ui.text

    for module in (graph.export, ui.text):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0
