"""The reference geography (../shared/reference/) in the seed: the committed file is what the
CSVs give, the counts hold on both stores, documents and reference merge into one node, and a
woonplaats finds its gemeente."""
from __future__ import annotations

from queries import run as run_query

import csv
import importlib.util
import shutil
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from graph.errors import NotFound, ValidationError
from loaders.validate import SEED_DIR, validate_files

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "reference_to_seed.py"
GENERATED = SEED_DIR / "referentie-cbs-2024.yaml"
# The CBS counts the issue names; the test below also derives them from the CSV.
EXPECTED = {"provincie": 12, "landsdeel": 4, "corop": 40, "ggd-regio": 25, "jeugdregio": 42,
            "arbeidsmarktregio": 35, "veiligheidsregio": 25}
N_GEMEENTEN = 342


def _generator():
    spec = importlib.util.spec_from_file_location("reference_to_seed", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _rows(reference_dir: Path) -> list[dict[str, str]]:
    with open(reference_dir / "gemeenten-2024.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# -- the committed file -------------------------------------------------------------------------
def test_committed_reference_seed_matches_the_csv(reference_dir):
    """Regenerated in memory from the CSVs (and the document seed's ids) it is byte for byte
    the committed file: run scripts/reference_to_seed.py after a change of either."""
    text = _generator().build(reference_dir, SEED_DIR)
    assert text == GENERATED.read_text(encoding="utf-8"), \
        "seed/referentie-cbs-2024.yaml is stale: run .venv/bin/python scripts/reference_to_seed.py"


def test_the_comparison_notices_a_changed_csv(reference_dir, tmp_path):
    for name in ("gemeenten-2024.csv", "woonplaatsen-2024.csv"):
        shutil.copy(reference_dir / name, tmp_path / name)
    path = tmp_path / "gemeenten-2024.csv"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace(",234950\n", ",234951\n", 1), encoding="utf-8")  # Groningen's inwoners
    assert _generator().build(tmp_path, SEED_DIR) != GENERATED.read_text(encoding="utf-8")
    # A code with two names is refused rather than written.
    path.write_text(original.replace(",JZ02,", ",JZ01,", 1), encoding="utf-8")
    gen = _generator()
    with pytest.raises(gen.ReferenceError_):
        gen.build(tmp_path, SEED_DIR)


def test_expected_counts_follow_from_the_csv(reference_dir):
    gen, rows = _generator(), _rows(reference_dir)
    assert len(rows) == len({r["cbs_code"] for r in rows}) == N_GEMEENTEN
    derived = {d.soort: len({r[d.code_column] for r in rows}) for d in gen.DIVISIONS}
    assert derived == EXPECTED


# -- the seed graph -----------------------------------------------------------------------------
def test_document_nodes_and_reference_merge_into_one(seed):
    friesland = seed.nodes["regio-friesland"]
    assert friesland.naam == "Friesland" and "Fryslân" in friesland.aliassen
    assert friesland.properties["cbs_code"] == "PV21"
    files = {s.file for s in friesland.sources}
    assert "gemeenten-2024.csv" in files and any(f.endswith(".txt") for f in files)  # both kept
    heerenveen = seed.nodes["gm-heerenveen"]
    assert heerenveen.properties["cbs_code"] == "GM0074" and heerenveen.properties["provincie"] == "Friesland"
    assert any(s.file and s.file.endswith(".txt") for s in heerenveen.sources)
    provincies = {n.id for n in seed.nodes.values() if n.label == "Regio" and n.properties.get("soort") == "provincie"}
    assert len(provincies) == 12 and {"regio-friesland", "regio-drenthe", "regio-noord-brabant"} <= provincies
    # Regio's of the documents that are no CBS division stay as they were: no code, no members.
    # (G4 and G32 are networks of cities, Programma nodes since issue 13: no regio at all.)
    assert seed.nodes["g4"].label == "Programma"
    for rid in ("regio-drechtsteden", "regio-twente"):
        assert "cbs_code" not in seed.nodes[rid].properties
        assert not any(r.type == "LIGT_IN" and r.end == rid for r in seed.relationships)


def test_every_gemeente_has_its_size_class_from_its_inhabitants(seed):
    classes = {n.id: n.properties for n in seed.nodes.values() if n.label == "Grootteklasse"}
    per_gemeente = defaultdict(list)
    for r in seed.relationships:
        if r.type == "IN_GROOTTEKLASSE":
            per_gemeente[r.start].append(r.end)
    gemeenten = [n for n in seed.nodes.values() if n.label == "Gemeente"]
    for g in gemeenten:
        [klasse] = per_gemeente[g.id]
        low, high = classes[klasse].get("ondergrens", 0), classes[klasse].get("bovengrens")
        assert low <= g.properties["inwoners_2022"] and (high is None or g.properties["inwoners_2022"] <= high)
    assert sum(g.properties["inwoners_2022"] for g in gemeenten) == 17_590_672  # the README's total


def test_counts_per_soort_on_both_stores(make_store, seed):
    store = make_store(seed)
    gemeenten = store.nodes("Gemeente")
    assert len(gemeenten) == N_GEMEENTEN
    assert len({g.properties.get("cbs_code") for g in gemeenten} - {None}) == N_GEMEENTEN
    regios = {n.id: n for n in store.nodes("Regio")}
    assert Counter(n.properties.get("soort") for n in regios.values() if n.properties.get("cbs_code")) == EXPECTED
    membership: dict[str, Counter] = defaultdict(Counter)
    for r in store.relationships("LIGT_IN"):
        membership[r.start][regios[r.end].properties.get("soort")] += 1
    for g in gemeenten:
        assert {s: membership[g.id][s] for s in EXPECTED} == dict.fromkeys(EXPECTED, 1), g.id
    assert store.counts()["relationships"]["LIGT_IN"] == N_GEMEENTEN * len(EXPECTED)
    if store.name == "neo4j":  # the same in Cypher, independent of the store's Python reads
        rows = store.run_cypher_readonly(
            "MATCH (r:Regio) WHERE r.cbs_code IS NOT NULL RETURN r.soort AS soort, count(*) AS n")
        assert {row["soort"]: row["n"] for row in rows} == EXPECTED
        [row] = store.run_cypher_readonly(
            "MATCH (g:Gemeente)-[:LIGT_IN]->(r:Regio) WHERE r.cbs_code IS NOT NULL "
            "WITH g, r.soort AS soort, count(*) AS n "
            "RETURN count(DISTINCT g) AS gemeenten, count(*) AS paren, sum(CASE WHEN n = 1 THEN 1 ELSE 0 END) AS enkel")
        assert row == {"gemeenten": N_GEMEENTEN, "paren": N_GEMEENTEN * 7, "enkel": N_GEMEENTEN * 7}


# -- woonplaatsen -------------------------------------------------------------------------------
def test_a_woonplaats_finds_its_gemeente_on_both_stores(make_store, seed):
    store = make_store(seed)
    assert store.resolve("Drachten", "Gemeente").id == "gm-smallingerland"
    assert store.resolve("drachten").id == "gm-smallingerland"
    # A gemeente's own name wins over a woonplaats of that name elsewhere (Hoorn on Terschelling).
    assert store.resolve("Hoorn", "Gemeente").id == "gm-hoorn"
    with pytest.raises(NotFound) as err:
        store.resolve("Alphen", "Gemeente")
    assert "Alphen-Chaam" in str(err.value) and "West Maas en Waal" in str(err.value)
    # ... and so in a query parameter.
    assert run_query(store, "bronnen", {"id": "Drachten"}) == run_query(store, "bronnen", {"id": "gm-smallingerland"})


def test_an_ambiguous_woonplaats_in_a_query_parameter_names_the_gemeenten(seed):
    from graph.memory_store import MemoryStore
    from queries import QueryError

    with pytest.raises(QueryError) as err:
        run_query(MemoryStore(seed), "stroombalans", {"actor": "Beek"})
    for naam in ("Beek (L.)", "Berg en Dal", "Montferland"):
        assert naam in str(err.value)


def test_woonplaatsen_are_not_gemeenten(seed, reference_dir):
    with open(reference_dir / "woonplaatsen-2024.csv", encoding="utf-8", newline="") as f:
        places = list(csv.DictReader(f))
    gemeenten = {n.properties["cbs_code"]: n for n in seed.nodes.values() if n.label == "Gemeente"}
    assert sum(len(g.properties["woonplaatsen"]) for g in gemeenten.values()) == len(places)
    for p in places:
        assert p["woonplaats"] in gemeenten[p["cbs_code"]].properties["woonplaatsen"]
    assert "Drachten" not in {g.naam for g in gemeenten.values()}


# -- the rule: reference data only for geography and CBS figures ------------------------------
RULE_YAML = """
nodes:
  - {id: pub-ref, label: Publicatie, naam: Referentie, soort: referentie, bestand: ref.csv, niveau: landelijk,
     sources: [{file: ref.csv, lines: [1, 1], note: kopregel}]}
  - {id: pub-doc, label: Publicatie, naam: Document, bestand: doc.txt, niveau: landelijk,
     sources: [{file: doc.txt, lines: [1, 1], note: titel}]}
  - {id: gm-testdorp, label: Gemeente, naam: Testdorp, cbs_code: GM0001,
     sources: [{file: ref.csv, lines: [2, 2], note: regel}]}
  - {id: regio-testland, label: Regio, naam: Testland, soort: provincie, cbs_code: PV99,
     sources: [{file: ref.csv, lines: [2, 2], note: regel}]}
  - {id: thema-test, label: Thema, naam: Testthema, sources: [{file: doc.txt, lines: [1, 1], note: thema}]}
  - {id: inst-x, label: Instituut, naam: Instituut X, niveau: landelijk,
     sources: [{file: ref.csv, lines: [2, 2], note: niet toegestaan}]}
relationships:
  - {type: LIGT_IN, from: gm-testdorp, to: regio-testland, sources: [{file: ref.csv, lines: [2, 2], note: ok}]}
  - {type: BEHANDELT, from: gm-testdorp, to: thema-test, sources: [{file: ref.csv, lines: [2, 2], note: niet ok}]}
  - {type: LIGT_IN, from: gm-testdorp, to: regio-testland, sources: [{file: ref.csv, lines: [3, 3], note: buiten}]}
"""


def test_reference_sources_are_refused_outside_geography(tmp_path, monkeypatch):
    ref = tmp_path / "ref"
    ref.mkdir()
    (ref / "ref.csv").write_text("cbs_code,naam,provincie_code,provincie\nGM0001,Testdorp,PV99,Testland\n",
                                 encoding="utf-8")
    (tmp_path / "doc.txt").write_text("Document over Testthema\n", encoding="utf-8")
    (tmp_path / "s.yaml").write_text(RULE_YAML, encoding="utf-8")
    monkeypatch.setenv("LEMNISCAAT_REFERENCE", str(ref))
    with pytest.raises(ValidationError) as err:
        validate_files([tmp_path / "s.yaml"], sources_dir=tmp_path)
    codes = sorted((p.code, p.line) for p in err.value.problems)
    assert codes == [("E_LINES_OUTSIDE_FILE", 17),  # LIGT_IN citing line 3 of a 2-line file
                     ("E_REFERENCE_SOURCE", 13), ("E_REFERENCE_SOURCE", 16)], codes  # Instituut, BEHANDELT


# -- the Netwerk page: membership is not drawn by default ------------------------------------
def test_netwerk_leaves_ligt_in_out_unless_asked(seed):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=90)
    at.run()
    assert not at.exception, [e.value for e in at.exception]

    def shown() -> int:
        return int(next(m for m in at.metric if m.label == "Relaties in beeld").value)

    before = shown()
    at.toggle(key="lidmaatschap").set_value(True).run()
    # membership: LIGT_IN and HOORT_BIJ (actor in its group); all ends are in the default view
    ligt_in = sum(1 for r in seed.relationships if r.type == "LIGT_IN")
    hoort_bij = sum(1 for r in seed.relationships if r.type == "HOORT_BIJ")
    assert shown() - before == ligt_in + hoort_bij and ligt_in > 2000


def test_the_knowledge_graph_leaves_membership_out(seed):
    """LIGT_IN is membership, not a route knowledge travels: a gemeente that only the reference
    names lies in its seven regions but has no knowledge tie."""
    from graph.memory_store import MemoryStore
    from queries.projection import NON_KNOWLEDGE_TYPES, knowledge_graph

    assert "LIGT_IN" in NON_KNOWLEDGE_TYPES
    nodes, rels = MemoryStore(seed).actor_projection()
    assert sum(1 for r in rels if r["type"] == "LIGT_IN" and r["start"] == "gm-smallingerland") == 7
    g = knowledge_graph(nodes, rels)
    assert g.degree("gm-smallingerland") == 0
    assert not any("LIGT_IN" in types for _, _, types in g.edges(data="types"))


# -- reading it fast ------------------------------------------------------------------------------
def test_the_fast_readers_give_what_the_yaml_parser_gives():
    """The generated file is read by json line by line, the document files by libyaml; both
    must equal the pure-Python YAML parser's result, line numbers included."""
    import yaml

    from loaders import yaml_lines

    for path in sorted(SEED_DIR.glob("*.yaml")):
        if path == GENERATED:
            continue
        text = path.read_text(encoding="utf-8")
        slow = yaml.load(text, Loader=yaml_lines._LineLoader)  # noqa: S506 - SafeLoader subclass
        assert yaml_lines.parse_yaml(text) == slow, path.name
    # The generated file (1 MB: the pure-Python parser would take seconds) against libyaml,
    # which the loop above shows equal to the pure-Python parser.
    text = GENERATED.read_text(encoding="utf-8")
    fast = yaml_lines.parse_entry_lines(text)
    assert fast is not None  # the fast path is taken
    assert fast == yaml.load(text, Loader=yaml_lines._FastLineLoader)  # noqa: S506
    # Any other shape is left to the YAML parser: a float (YAML 1.1 reads 1e5 as text), a
    # comment after an entry, a block mapping.
    for other in ('nodes:\n  - {"id": "a", "x": 1e5}\n', 'nodes:\n  - {"id": "a"}  # c\n',
                  "nodes:\n  - id: a\n"):
        assert yaml_lines.parse_entry_lines(other) is None
