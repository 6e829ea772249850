"""The offline map (ui/kaart.py): the shipped files, joining gemeenten to the outlines, the
colouring modes, the chart specification (no remote resource, a click selection on `code`), and
the printable gemeente report."""
from __future__ import annotations

from queries import run as run_query

import csv
import json
import tomllib
from dataclasses import replace
from pathlib import Path

from graph.model import Node
from tests.test_gemeente_profiel import gemland
from ui import kaart
from ui.gemeente import md_text, sections, summary
from ui.report import gemeente_report

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"


def test_shipped_outlines_and_names_agree():
    topo = kaart.topology()
    assert set(topo["objects"]) == {"gm_features", "vr_features", "nl_features"}
    codes = kaart.map_codes()
    assert len(codes) == len(set(codes)) == 342
    assert sorted(kaart.reference_names()) == codes
    assert kaart.reference_names()["GM0090"] == "Smallingerland"
    if (REFERENCE / "gemeenten-2024.csv").exists():  # the copies are the reference, unchanged
        assert (REFERENCE / "gemeenten-2024.topo.json").read_bytes() == kaart.TOPOJSON.read_bytes()
        with (REFERENCE / "gemeenten-2024.csv").open(encoding="utf-8") as f:
            assert {r["cbs_code"]: r["naam"] for r in csv.DictReader(f)} == kaart.reference_names()


def test_map_files_lie_where_the_apps_server_serves_them():
    """static/ beside app.py is what Streamlit serves at /app/static/ when static serving is on
    (tests/test_serve.py fetches the outlines from a running app)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableStaticServing"] is True
    assert kaart.TOPOJSON.parent == kaart.NAMES.parent == ROOT / "static" and (ROOT / "app.py").is_file()
    assert kaart.TOPOJSON.is_file() and kaart.NAMES.is_file()
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert any(d.startswith("altair") for d in deps)


def test_gemeenten_join_by_code_or_else_by_unique_name():
    ds = gemland(woonplaatsen=False)
    nodes = list(ds.nodes.values())
    utrecht = Node("gm-utrecht", "Gemeente", {"naam": "Utrecht"}, ())  # no code: matched by name
    alias = Node("gm-fryske", "Gemeente", {"naam": "Friese Marren", "aliassen": ["De Fryske Marren"]}, ())
    beek = Node("gm-x", "Gemeente", {"naam": "Nergenshuizen"}, ())
    by_code = kaart.gemeente_by_code(nodes + [utrecht, alias, beek])
    assert {c: n.id for c, n in by_code.items()} == {
        "GM0014": "gm-aadorp", "GM0034": "gm-beedorp", "GM0037": "gm-ceedorp", "GM0047": "gm-deedorp",
        "GM0050": "gm-eedorp", "GM0344": "gm-utrecht", "GM1940": "gm-fryske"}
    # a code from the data wins over a name match
    coded = replace(utrecht, id="gm-utrecht-2", properties={"naam": "Aadorp-Utrecht", "cbs_code": "GM0344"})
    assert kaart.gemeente_by_code(nodes + [utrecht, coded])["GM0344"].id == "gm-utrecht-2"


def test_colouring_modes():
    ds = gemland(woonplaatsen=False)
    nodes, rels = list(ds.nodes.values()), ds.relationships
    assert kaart.categories(nodes, rels, "indeling", "jeugdregio") == {
        "gm-aadorp": "J-West", "gm-beedorp": "J-West", "gm-ceedorp": "J-Oost", "gm-deedorp": "J-Oost",
        "gm-eedorp": "J-Oost"}
    # direct LIGT_IN only without the chains: Beedorp lies in P-Noord through Kring Noord
    assert kaart.categories(nodes, rels, "indeling", "provincie")["gm-beedorp"] == "geen provincie"
    from queries.gemeente_profiel import build_index

    chains = build_index(nodes, rels)["regions"]
    assert kaart.categories(nodes, rels, "indeling", "provincie", chains)["gm-beedorp"] == "P-Noord"
    kennis = kaart.categories(nodes, rels, "kennis")
    assert [g for g, c in sorted(kennis.items()) if c == kaart.WITH_TIE] == ["gm-aadorp"]
    grootte = kaart.categories(nodes, rels, "grootte")
    assert grootte["gm-aadorp"] == "Klein" and grootte["gm-eedorp"] == kaart.NO_SIZE


def test_map_rows_cover_every_gemeente_of_the_map():
    ds = gemland(woonplaatsen=False)
    nodes, rels = list(ds.nodes.values()), ds.relationships
    by_code = kaart.gemeente_by_code(nodes)
    rows = kaart.map_rows(by_code, kaart.categories(nodes, rels, "indeling", "ggd-regio"),
                          highlight={"gm-aadorp", "gm-beedorp"}, selected="gm-eedorp")
    assert len(rows) == 342
    by = {r["code"]: r for r in rows}
    assert by["GM0014"] == {"code": "GM0014", "naam": "Aadorp", "id": "gm-aadorp", "categorie": "GGD-Een",
                            "nadruk": True, "gekozen": False}
    assert by["GM0050"]["gekozen"] and not by["GM0050"]["nadruk"]
    assert by["GM0090"] == {"code": "GM0090", "naam": "Smallingerland", "id": "", "categorie": kaart.NOT_IN_GRAPH,
                            "nadruk": False, "gekozen": False}


def test_chart_is_offline_and_selects_a_gemeente_by_code():
    ds = gemland(woonplaatsen=False)
    nodes, rels = list(ds.nodes.values()), ds.relationships
    rows = kaart.map_rows(kaart.gemeente_by_code(nodes), kaart.categories(nodes, rels, "kennis"))
    spec = kaart.chart(rows, "Kaart")
    text = json.dumps(spec)
    assert text.count('"url"') == 1 and "tile" not in text  # the outlines come from the app's own server
    assert spec["data"] == {"url": "app/static/gemeenten-2024.topo.json",
                            "format": {"type": "topojson", "feature": "gm_features"}}
    # the only other dataset is the lookup of the gemeenten's categories
    assert [len(v) for v in spec["datasets"].values()] == [len(rows)]
    assert spec["params"] == [{"name": "gemeente", "select": {"type": "point", "clear": False, "fields": ["code"],
                                                            "on": "click", "toggle": False}}]
    scale = spec["encoding"]["color"]["scale"]
    assert scale["domain"][-1] == kaart.NOT_IN_GRAPH and scale["range"][-1] == "#d9dde1"
    assert kaart.clicked_code({"selection": {"gemeente": [{"code": "GM0014"}]}}) == "GM0014"
    assert kaart.clicked_code({"selection": {"gemeente": []}}) is None
    assert kaart.clicked_code(None) is None


def test_gemeente_report_is_printable_and_escapes_names(make_store):
    ds = gemland(woonplaatsen=False)
    n = ds.nodes["gm-aadorp"]
    ds.nodes["gm-aadorp"] = replace(n, properties={**n.properties, "naam": "<b>Aadorp</b> *vet*"})
    store = make_store(ds)
    parts = sections(run_query(store, "gemeente-profiel", {"gemeente": "gm-aadorp"}))
    kpis = summary(parts)
    assert kpis["grootteklasse"] == "Klein" and kpis["kennisschakelpunten"] == 1 and kpis["regio's"] == 3
    html = gemeente_report("<b>Aadorp</b> *vet*", parts, kpis, "Ingebouwd")
    assert "<b>Aadorp</b>" not in html and "&lt;b&gt;Aadorp&lt;/b&gt;" in html
    assert "Rathenau-enquête 2021" in html and "Bronnen" in html and "@page" in html
    assert "gemland_doc.txt" in html  # the sources are in the printed tables
    assert md_text("<b>*x*</b> [y](z)") == r"\<b\>\*x\*\</b\> \[y\]\(z\)"
