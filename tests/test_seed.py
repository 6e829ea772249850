"""The seed graph meets the floors of the walking-skeleton issue and the model's rules."""
from __future__ import annotations

from loaders.validate import reference_files

FLOORS = {"Gemeente": 22, "Regio": 14, "Werkplaats": 8, "Instituut": 50, "Programma": 10,
          "Publicatie": 15, "Thema": 20}
EXACT = {"Fase": 4, "Kennisbron": 3, "Grootteklasse": 4}
# The floors count what the source documents name; the reference data (all 342 gemeenten,
# 183 CBS regions: tests/test_reference.py) must not be what meets them. Regio's are the
# exception: the walking skeleton's 14 included provincies that only the reference names.
DOCUMENT_FLOORS = {"Gemeente": 22, "Regio": 10}


def test_floors(seed):
    counts = seed.counts()
    for label, floor in FLOORS.items():
        assert counts["nodes"].get(label, 0) >= floor, (label, counts["nodes"])
    for label, n in EXACT.items():
        assert counts["nodes"].get(label, 0) == n, (label, counts["nodes"])
    reference = set(reference_files(seed.nodes.values()).values())
    documents = [n for n in seed.nodes.values() if any(s.publication not in reference for s in n.sources)]
    for label, floor in DOCUMENT_FLOORS.items():
        assert sum(1 for n in documents if n.label == label) >= floor, label
    from_documents = [r for r in seed.relationships if any(s.publication not in reference for s in r.sources)]
    assert len(from_documents) >= 300


def test_the_five_documents_are_publications(seed):
    files = {n.properties.get("bestand") for n in seed.nodes.values() if n.label == "Publicatie"}
    assert {"000_87e58fe5dca53d37.txt", "001_cfebd24f5c83820f.txt", "002_0f04c7d7ebcd2774.txt",
            "003_23c0717a81f3cf0a.txt", "004_b727ea569ac11a28.txt"} <= files


def test_phases_carry_their_tips_and_order(seed):
    phases = sorted((n for n in seed.nodes.values() if n.label == "Fase"),
                    key=lambda n: n.properties["volgorde"])
    assert [p.properties["volgorde"] for p in phases] == [1, 2, 3, 4]
    assert all(len(p.properties.get("tips", [])) >= 3 for p in phases)
    assert [p.niveau for p in phases] == ["lokaal", "landelijk", "landelijk", "lokaal"]


def test_abbreviations_are_aliases_of_one_node(seed):
    nji = seed.nodes["nederlands-jeugdinstituut"]
    assert "NJi" in nji.names()
    assert not any(n.naam == "NJi" and n.id != nji.id for n in seed.nodes.values())


def test_places_that_are_not_gemeenten_are_not_gemeente_nodes(seed):
    gemeenten = {n.naam for n in seed.nodes.values() if n.label == "Gemeente"}
    assert "Drachten" not in gemeenten


def test_every_gemeente_lies_in_a_provincie(seed):
    provincies = {n.id for n in seed.nodes.values() if n.label == "Regio" and n.properties.get("soort") == "provincie"}
    lies_in = {(r.start, r.end) for r in seed.relationships if r.type == "LIGT_IN"}
    for n in seed.nodes.values():
        if n.label == "Gemeente":
            assert any((n.id, p) in lies_in for p in provincies), n.id
            assert n.properties.get("provincie"), n.id


def test_noemt_is_derived_from_provenance(seed):
    noemt = {(r.start, r.end) for r in seed.relationships if r.type == "NOEMT"}
    movisie = seed.nodes["movisie"]
    for s in movisie.sources:
        assert (s.publication, "movisie") in noemt
