"""Export: the JSON contract round-trips; GraphML and GEXF open with networkx's readers."""
from __future__ import annotations

import io
import json

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


def test_seed_export_every_fact_sourced(seed):
    obj = to_json_obj(seed)
    assert all(n["sources"] for n in obj["nodes"]) and all(r["sources"] for r in obj["relationships"])
