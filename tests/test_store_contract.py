"""Store contract: the same answers from the embedded store and from Neo4j."""
from __future__ import annotations

import pytest

from graph.errors import NotFound
from graph.export import to_json_obj
from graph.memory_store import MemoryStore
from graph.model import Dataset, Relationship


def test_counts(make_store, tiny):
    store = make_store(tiny)
    assert store.counts() == tiny.counts()
    # hand count of tests/fixtures/tiny.yaml: 6 nodes; 4 stated relationships + 6 NOEMT
    assert sum(store.counts()["nodes"].values()) == 6
    assert store.counts()["relationships"] == {"BEHANDELT": 1, "KENNISSTROOM": 1, "LIGT_IN": 1,
                                               "NOEMT": 5, "WERKT_SAMEN_MET": 1}


def test_node_lookup_by_id_naam_and_alias(make_store, tiny):
    store = make_store(tiny)
    assert store.node("testinstituut").naam == "Testinstituut"
    assert store.resolve("testinstituut").id == "testinstituut"
    assert store.resolve("TESTINSTITUUT").id == "testinstituut"
    assert store.resolve("ti").id == "testinstituut"  # alias, case-insensitive
    assert store.node("nergens") is None
    with pytest.raises(NotFound):
        store.resolve("nergens")


def test_neighbourhood(make_store, tiny):
    store = make_store(tiny)
    nodes, rels = store.neighbourhood("testinstituut")
    # testinstituut: WERKT_SAMEN_MET from gm-testdorp, BEHANDELT thema-jeugd, KENNISSTROOM
    # from werkplaats-testregio, NOEMT from pub-tiny
    assert [n.id for n in nodes] == ["gm-testdorp", "pub-tiny", "testinstituut", "thema-jeugd",
                                     "werkplaats-testregio"]
    assert sorted(r.type for r in rels) == ["BEHANDELT", "KENNISSTROOM", "NOEMT", "WERKT_SAMEN_MET"]


def test_export_equals_what_was_loaded(make_store, tiny):
    store = make_store(tiny)
    assert to_json_obj(store.dataset()) == to_json_obj(tiny)


def test_export_equals_the_other_store(neo4j_store, tiny):
    """The embedded store against the real Neo4j (not a store against itself)."""
    neo4j_store.load(tiny, reset=True)
    assert to_json_obj(neo4j_store.dataset()) == to_json_obj(MemoryStore(tiny).dataset())


def test_reload_is_idempotent(make_store, tiny):
    store = make_store(tiny)
    before = to_json_obj(store.dataset())
    store.load(tiny, reset=False)
    store.load(tiny, reset=False)
    assert to_json_obj(store.dataset()) == before


def test_failing_load_rolls_back(make_store, tiny):
    store = make_store(tiny)
    before = to_json_obj(store.dataset())
    broken = Dataset(dict(tiny.nodes), list(tiny.relationships))
    broken.relationships.append(Relationship("BEHANDELT", "testinstituut", "nergens", {}, ()))
    for reset in (True, False):
        with pytest.raises(Exception):
            store.load(broken, reset=reset)
        assert to_json_obj(store.dataset()) == before


def test_merge_load_adds_sources_not_duplicates(make_store, tiny):
    store = make_store(tiny)
    extra_node = tiny.nodes["testinstituut"]
    from graph.model import Node, Source

    more = Dataset({"testinstituut": Node(extra_node.id, extra_node.label, {"naam": "Testinstituut"},
                                          (Source("pub-tiny", "tiny_doc.txt", (3, 3), "nog een bron"),))}, [])
    store.load(more, reset=False)
    node = store.node("testinstituut")
    assert len(node.sources) == 2 and node.properties["soort"] == "kennisinstituut"
    assert store.counts() == tiny.counts()


def test_seed_on_both_stores(make_store, seed):
    store = make_store(seed)
    assert store.counts() == seed.counts()
    assert to_json_obj(store.dataset()) == to_json_obj(seed)


def test_names_are_light_rows_per_label(make_store, tiny):
    store = make_store(tiny)
    assert store.names("Gemeente") == [("gm-testdorp", "Testdorp")]
    assert store.names("Instituut") == [("testinstituut", "Testinstituut")]
    assert store.names("Fase") == []


def test_suggest_finds_names_that_contain_the_text(make_store, tiny):
    store = make_store(tiny)
    # "test" is in Testdorp, Testinstituut, Testland, Kleine testtekst and Werkplaats Testregio;
    # those whose key starts with it first (by naam), then the others
    assert [r[0] for r in store.suggest("test")] == ["gm-testdorp", "testinstituut", "regio-testland",
                                                     "pub-tiny", "werkplaats-testregio"]
    assert store.suggest("TEST", ["Regio", "Werkplaats"]) == [
        ("regio-testland", "Testland", "Regio"), ("werkplaats-testregio", "Werkplaats Testregio", "Werkplaats")]
    assert store.suggest("test", limit=1) == [("gm-testdorp", "Testdorp", "Gemeente")]
    assert store.suggest("ti") == [("testinstituut", "Testinstituut", "Instituut")]  # the alias TI
    assert store.suggest("Test-Land") == [("regio-testland", "Testland", "Regio")]  # punctuation ignored
    assert store.suggest("") == [] and store.suggest(" - ") == []
    assert store.suggest("nergens") == []
    assert store.suggest('te*t"(') == []  # query syntax is text, not a wildcard
