"""Streamlit AppTest: every page renders on the seed, its key widgets change what is shown,
and the URL (query parameters) restores a view. The Neo4j half runs the pages on the live
test Neo4j (loaded with the seed) and checks the store switch when Neo4j is unreachable."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ui.overlap import TABS
from ui.regio import TABS as TABS_REGIO

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGES = ("netwerk", "lemniscaat", "regio", "thema", "overlap", "hiaten", "bronnen", "cypher", "export")
TITLES = {p: p.capitalize() for p in PAGES}


def metric(at: AppTest, label: str) -> str:
    return next(m for m in at.metric if m.label == label).value


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page with this column."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption]
                     + [s.value for s in at.subheader] + [i.value for i in at.info])


def open_page(page: str, params: dict | None = None, backend: str | None = None) -> AppTest:
    """A fresh session opened on `page` with the URL's query parameters (a shared link)."""
    at = AppTest.from_file(APP, default_timeout=90)
    if backend:
        at.query_params["bron"] = backend
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    if page != "netwerk":
        # AppTest starts on the default page; a browser opens the linked page directly (see
        # test_browser.py). After a switch, AppTest applies URL-bound widget values one run later.
        at.switch_page(f"app_pages/{page}.py")
        at.run()
        if params:
            at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture()
def app(seed) -> AppTest:
    return open_page("netwerk")


# -- every page ---------------------------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_the_seed(seed, page):
    at = open_page(page)
    assert at.title[0].value == TITLES[page]
    # one sentence that says which question the page answers
    assert at.markdown[0].value.startswith("**") and at.markdown[0].value.rstrip("*").endswith("?") or \
        "?" in at.markdown[0].value


@pytest.mark.parametrize("page,params", [("regio", {}), ("thema", {}), ("overlap", {}), ("hiaten", {}),
                                         ("bronnen", {}), ("lemniscaat", {}), ("netwerk", {"knoop": "movisie"})])
def test_every_table_has_a_csv_download(seed, page, params):
    at = open_page(page, params)
    csv = [b for b in at.get("download_button") if "CSV" in b.proto.label]
    assert len(at.dataframe) >= 1
    assert len(csv) >= len(at.dataframe)


# -- Netwerk ------------------------------------------------------------------------------------
def test_netwerk_renders_the_seed_graph(app, seed):
    assert app.title[0].value == "Netwerk"
    assert 0 < int(metric(app, "Knopen in beeld")) <= len(seed.nodes)


def test_label_filter_changes_the_node_count(app, seed):
    before = int(metric(app, "Knopen in beeld"))
    app.multiselect(key="labels").set_value(["Gemeente"]).run()
    after = int(metric(app, "Knopen in beeld"))
    gemeenten = sum(1 for n in seed.nodes.values() if n.label == "Gemeente")
    assert after == gemeenten < before


def test_niveau_filter_and_search(app):
    app.multiselect(key="niveaus").set_value(["landelijk"]).run()
    landelijk = int(metric(app, "Knopen in beeld"))
    app.text_input(key="zoek").set_value("NJi").run()
    focused = int(metric(app, "Knopen in beeld"))
    assert 0 < focused < landelijk


def test_regio_and_thema_filters_narrow_the_graph(app):
    before = int(metric(app, "Knopen in beeld"))
    app.selectbox(key="regio").set_value("Friesland").run()
    regio = int(metric(app, "Knopen in beeld"))
    assert 0 < regio < before
    app.selectbox(key="regio").set_value(None).run()
    app.selectbox(key="thema").set_value("jeugd").run()
    assert 0 < int(metric(app, "Knopen in beeld")) < before


def test_focus_from_the_url_and_expand_one_hop_at_a_time(seed):
    at = open_page("netwerk", {"knoop": "movisie"})
    assert any(s.value == "Movisie" for s in at.subheader)
    one = int(metric(at, "Knopen in beeld"))
    assert "Bronnen van de knoop" in texts(at)
    sources = frame_with(at, "Toelichting")
    assert len(sources) >= 1 and sources["Bestand"].str.endswith(".txt").any()
    at.number_input(key="stappen").increment().run()
    two = int(metric(at, "Knopen in beeld"))
    assert two > one


def test_focus_box_sets_the_url(app):
    app.selectbox(key="focus_keuze").set_value("nederlands-jeugdinstituut").run()
    assert app.query_params.get("knoop") == "nederlands-jeugdinstituut"
    assert any(s.value == "Nederlands Jeugdinstituut" for s in app.subheader)


# -- Lemniscaat ---------------------------------------------------------------------------------
def test_lemniscaat_shows_phases_tips_and_flows(seed):
    at = open_page("lemniscaat")
    body = texts(at)
    assert "Explicitering praktijkkennis" in body and "Maak beleidsadviseurs bewust" in body
    assert "geen actoren" not in body  # issue 13: the re-read places actors and groups on every phase
    flows = frame_with(at, "Richting")
    expected = [r for r in seed.relationships if r.type == "KENNISSTROOM"]
    assert len(flows) == len(expected)
    ups = sum(r.properties["richting"] == "lokaal->landelijk" for r in expected)
    assert flows["Richting"].str.startswith("optillen").sum() == ups


def test_lemniscaat_regio_filter_keeps_the_regio_flows(seed):
    at = open_page("lemniscaat")
    at.selectbox(key="regio").set_value("Friesland").run()
    flows = frame_with(at, "Richting")
    # the FSP's own flows, and the flows of the groups the Friese gemeenten belong to
    assert "Fries Sociaal Planbureau" in set(flows["Naar"]) | set(flows["Van"])
    assert "Urban Data Centers" not in set(flows["Naar"]) | set(flows["Van"])


# -- Regio --------------------------------------------------------------------------------------
def test_regio_shows_its_schakelpunten_and_gaps(seed):
    at = open_page("regio")
    assert "Fries Sociaal Planbureau" in list(frame_with(at, "Score")["Actor"])
    assert "grond" not in frame_with(at, "Score").columns and "Grond" in frame_with(at, "Score").columns
    at = open_page("regio", {"onderdeel": TABS_REGIO["gemeenten"]})
    assert "Heerenveen" in list(frame_with(at, "Gemeente")["Gemeente"])
    at.selectbox(key="regio").set_value("Drenthe").run()
    assert "Drenthe · soort: provincie" in texts(at)
    # (the FSP may be a schakelpunt of Drenthe too: the seed states its flow for the group
    # gemeenten, which reaches every gemeente via the group, queries/groups.py)
    assert "Heerenveen" not in list(frame_with(at, "Gemeente")["Gemeente"])
    at = open_page("regio", {"onderdeel": TABS_REGIO["hiaten"]})
    assert [t.label for t in at.tabs] == list(TABS_REGIO.values())
    assert not at.exception


def test_regio_shows_one_part_at_a_time(seed):
    """Only the open tab's tables are built and sent (the map only on its tab); each tab opens by
    the URL (?onderdeel=...) and keeps the regio; the sources picker offers the regio and the
    nodes the tab shows."""
    first = {"schakelpunten": ["Score"], "gemeenten": ["Inwoners"], "actief": ["Niveau"],
             "hiaten": ["Uitleg"], "themas": ["Hoe", "Domein"]}  # a column of each of the tab's tables
    for key, label in TABS_REGIO.items():
        at = open_page("regio", {"regio": "Friesland", "onderdeel": label})
        assert not at.exception, label
        frames = [list(d.value.columns) for d in at.dataframe if "Toelichting" not in d.value.columns]
        assert len(frames) == len(first[key]), label
        for frame, column in zip(frames, first[key]):
            assert column in frame, label
        assert len(at.get("vega_lite_chart")) == (key == "gemeenten"), label  # the map
    at = open_page("regio", {"regio": "Friesland", "onderdeel": TABS_REGIO["actief"]})
    actief = frame_with(at, "Niveau")
    assert len(actief) and at.selectbox(key="bron_van_regio").options == \
        ["Friesland (Regio)"] + [f"{n} ({s})" for n, s in zip(actief["Actor"], actief["Soort"])]
    at = open_page("regio", {"regio": "Friesland", "onderdeel": TABS_REGIO["themas"]})
    themes = list(frame_with(at, "Hoe")["Thema"]) + list(frame_with(at, "Domein")["Thema"])
    assert sorted(at.selectbox(key="bron_van_regio").options) == sorted(
        ["Friesland (Regio)"] + [f"{t} (Thema)" for t in themes])


def test_regio_counts_its_themes_covered_out_of_all(seed):
    """The metric's label carries the total (at national scale "223 van 259" as a value was cut
    off); the numbers are those of the two theme tables in the Thema's tab."""
    at = open_page("regio", {"onderdeel": TABS_REGIO["themas"]})
    covered = len(frame_with(at, "Hoe"))
    missing = len(frame_with(at, "Domein"))
    metric = next(m for m in at.metric if m.label.startswith("Thema's gedekt"))
    assert metric.label == f"Thema's gedekt (van {covered + missing})" and metric.value == str(covered)
    assert covered and missing


def test_regio_from_the_url(seed):
    at = open_page("regio", {"regio": "Drenthe"})
    assert at.selectbox(key="regio").value == "Drenthe"
    assert "Drenthe · soort: provincie" in texts(at)


# -- Thema --------------------------------------------------------------------------------------
def test_thema_coverage_with_evidence_and_sources(seed):
    at = open_page("thema")
    cover = frame_with(at, "Bewijs")
    assert "ZonMw" in list(cover["Instituut"])
    assert cover["Bronnen"].str.contains(r"\.txt").any()
    before = list(cover["Instituut"])
    at.selectbox(key="thema").set_value("Wmo").run()
    assert list(frame_with(at, "Bewijs")["Instituut"]) != before


def test_thema_from_the_url_lists_regios_without_regional_actor(seed):
    at = open_page("thema", {"thema": "luchtkwaliteit"})
    assert at.selectbox(key="thema").value == "luchtkwaliteit"
    assert "Regio's zonder regionale actor" in texts(at)


# -- Overlap ------------------------------------------------------------------------------------
def test_overlap_heatmap_and_pair(seed):
    at = open_page("overlap", {"deel": TABS["soort"]})
    heat = at.get("html")[0].value
    assert "Noord-Holland" in heat and "background:#" in heat
    # G4 and G32 are city networks (Programma) since issue 13, so no Regio has soort stedennetwerk
    at.selectbox(key="soort").set_value("samenwerkingsregio").run()
    assert "Noord-Holland" not in at.get("html")[0].value


def test_overlap_shows_one_part_at_a_time(seed):
    """Three tabs, only the open one computed; a link naming a pair or a kind opens its tab."""
    at = open_page("overlap")
    assert [t.label for t in at.tabs] == list(TABS.values())
    assert "Paren die elkaar snijden" in [m.label for m in at.metric]
    assert not at.get("html") and "Gedeelde actoren" not in [m.label for m in at.metric]
    at = open_page("overlap", {"soort": "provincie"})
    assert at.get("html") and "Paren die elkaar snijden" not in [m.label for m in at.metric]
    at.run()  # the widget has dropped ?soort=provincie (its default) from the URL: the tab stays
    assert at.get("html") and "Paren die elkaar snijden" not in [m.label for m in at.metric]
    at = open_page("overlap", {"a": "Noord-Holland"})
    assert "Gedeelde actoren" in [m.label for m in at.metric] and not at.get("html")


def test_overlap_pair_from_the_url(seed):
    at = open_page("overlap", {"a": "Noord-Holland", "b": "Zuid-Holland"})
    shared = frame_with(at, "Gedeeld")
    assert "Wmo" in list(shared["Naam"])


# -- Hiaten -------------------------------------------------------------------------------------
def test_hiaten_grouped_and_filtered(seed):
    at = open_page("hiaten")
    total = int(metric(at, "Hiaten"))
    kinds = at.radio(key="hiaat_soort")  # every kind found, with its count; they add up
    assert total > 0 and kinds.options[0].startswith("Thema's zonder regionale of lokale actor (")
    assert sum(int(o.rsplit("(", 1)[1].rstrip(")")) for o in kinds.options) == total
    # one kind's list at a time; a kind with more gaps than the list shows (the seed's isolated
    # gemeenten) says so
    assert not any(c.value.startswith("De eerste 200 van ") for c in at.caption)
    kinds.set_value("geisoleerde-gemeente").run()
    assert any(c.value.startswith("De eerste 200 van ") for c in at.caption)
    assert "alleen een regio, geen kennisrelatie" in str([c.value for c in at.caption])
    at.selectbox(key="regio").set_value("Friesland").run()
    assert 0 < int(metric(at, "Hiaten")) < total


# -- Bronnen ------------------------------------------------------------------------------------
def test_bronnen_publication_and_fact(seed):
    at = open_page("bronnen")
    pubs = frame_with(at, "Feiten die haar noemen")
    assert len(pubs) == sum(1 for n in seed.nodes.values() if n.label == "Publicatie")
    first = frame_with(at, "Feit").copy()
    at.selectbox(key="publicatie").set_value(at.selectbox(key="publicatie").options[1]).run()
    assert not frame_with(at, "Feit").equals(first)
    at.text_input(key="feit_zoek").input("jeugdinst").run()  # the Knoop picker searches the name index
    assert "Nederlands Jeugdinstituut (Instituut)" in at.selectbox(key="feit").options
    at.selectbox(key="feit").set_value("nederlands-jeugdinstituut").run()
    assert any("Toelichting" in d.value.columns and (d.value["Bestand"].str.endswith(".txt")).any()
               for d in at.dataframe)


# -- Cypher and Export on the embedded store -----------------------------------------------------
def test_cypher_needs_neo4j(seed):
    at = open_page("cypher")
    assert "werkt alleen met de Neo4j-opslag" in texts(at)


def test_export_downloads_and_report(seed):
    at = open_page("export")
    labels = [b.proto.label for b in at.get("download_button")]
    # the whole graph is read only when asked for: no file, no count before the button
    assert not any("GraphML" in l for l in labels) and not any(m.label == "Knopen" for m in at.metric)
    at.button(key="export_samenstellen").click().run()
    labels = [b.proto.label for b in at.get("download_button")]
    for fmt in ("GraphML", "GEXF", "JSON", "CSV", "Excel (.xlsx", "Rapport downloaden"):
        assert any(fmt in l for l in labels), fmt
    at.multiselect(key="labels").set_value(["Regio"]).run()
    assert int(metric(at, "Knopen")) == sum(1 for n in seed.nodes.values() if n.label == "Regio")
    at.radio(key="rapport").set_value("Thema").run()
    assert any("rapport_thema" == s.key for s in at.selectbox)


# -- Neo4j --------------------------------------------------------------------------------------
@pytest.fixture()
def neo4j_app(neo4j_store, neo4j_connection, seed, monkeypatch):
    """The app on the test Neo4j, loaded with the seed; caches cleared around it."""
    import streamlit as st

    from ui.data import get_store

    neo4j_store.load(seed, reset=True)
    monkeypatch.setenv("NEO4J_URI", neo4j_connection[0])
    get_store.clear()
    st.cache_data.clear()
    yield
    get_store.clear()
    st.cache_data.clear()


@pytest.mark.neo4j
@pytest.mark.parametrize("page", PAGES)
def test_pages_on_neo4j(neo4j_app, page):
    at = open_page(page, backend="Neo4j")
    assert at.title[0].value == TITLES[page]
    assert any("Verbonden met Neo4j" in s.value for s in at.success)
    assert not at.error, [e.value for e in at.error]


@pytest.mark.neo4j
@pytest.mark.parametrize("page", ["gemeente", "regio", "netwerk"])
def test_a_page_run_asks_neo4j_for_its_graph_version_once(neo4j_app, monkeypatch, page):
    """Every cached read is keyed by the graph version; a run reads it once (a round trip each)."""
    from graph.neo4j_store import Neo4jStore

    at = open_page(page, backend="Neo4j")
    calls: list[int] = []
    version = Neo4jStore.version
    monkeypatch.setattr(Neo4jStore, "version", lambda self: calls.append(1) or version(self))
    at.run()
    assert not at.exception and any("Verbonden met Neo4j" in s.value for s in at.success)
    assert len(calls) == 1


@pytest.mark.neo4j
def test_regio_on_neo4j_gives_the_same_schakelpunten(neo4j_app):
    at = open_page("regio", backend="Neo4j")
    assert "Fries Sociaal Planbureau" in list(frame_with(at, "Score")["Actor"])


@pytest.mark.neo4j
def test_cypher_console_reads_and_refuses_writes(neo4j_app, neo4j_store):
    at = open_page("cypher", {"query": "telling"}, backend="Neo4j")
    at.button(key="uitvoeren").click().run()
    result = frame_with(at, "aantal")
    assert "Instituut" in list(result["soort"])
    before = neo4j_store.counts()
    at.text_area(key="cypher_tekst").set_value("MATCH (n:Knoop {id: 'movisie'}) DETACH DELETE n").run()
    at.button(key="uitvoeren").click().run()
    assert any("Geweigerd" in e.value for e in at.error)
    assert neo4j_store.counts() == before


@pytest.mark.neo4j
def test_cypher_results_as_a_graph(neo4j_app):
    at = open_page("cypher", {"query": "buren"}, backend="Neo4j")
    at.button(key="uitvoeren").click().run()
    assert not at.exception
    assert any("knopen en" in c.value for c in at.caption)


def test_unreachable_neo4j_falls_back_to_the_embedded_store(seed, monkeypatch):
    import streamlit as st

    from ui.data import get_store

    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")  # nothing listens there
    get_store.clear()
    st.cache_data.clear()
    try:
        at = open_page("regio", backend="Neo4j")
        assert any("niet bereikbaar" in e.value and "ingebouwde" in e.value for e in at.error)
        assert "Fries Sociaal Planbureau" in list(frame_with(at, "Score")["Actor"])  # embedded data
        at.button(key="naar_ingebouwd").click().run()
        assert not at.exception and not at.error
        assert at.radio(key="bron").value == "Ingebouwd"
    finally:
        get_store.clear()
        st.cache_data.clear()


def test_a_new_load_shows_without_a_restart(seed):
    """Cached reads are keyed by the graph version: a load (here into the shared embedded store,
    as the Importeren page does) shows on the next rerun."""
    from graph.model import Dataset, Node, Source
    from ui.data import get_store

    at = open_page("netwerk")
    before = int(metric(at, "In de hele graaf"))
    store = get_store("memory")
    extra = Node("gm-testextra", "Gemeente", {"naam": "Testextra", "niveau": "lokaal"},
                 (Source("pub-kennis-in-beweging", None, None, "test"),))
    try:
        store.load(Dataset({extra.id: extra}, []), reset=False)
        at.run()
        assert int(metric(at, "In de hele graaf")) == before + 1
    finally:
        store.load(seed, reset=True)
    at.run()
    assert int(metric(at, "In de hele graaf")) == before


def test_no_page_changes_the_shared_query_rows(seed, monkeypatch):
    """Query results are cached as shared objects (ui/data.py: every run gets the same rows, no
    copy): after every page has run, including the reports, each result still equals what the
    query gave."""
    import copy

    import streamlit as st

    from ui import data

    st.cache_resource.clear()
    given: list[tuple[str, list, list]] = []
    run_query = data.run_query

    def spy(store, name, params):
        rows = run_query(store, name, params)
        given.append((name, rows, copy.deepcopy(rows)))
        return rows

    monkeypatch.setattr(data, "run_query", spy)
    from ui.gemeente import SECTION_TABS

    visits = [(page, {}) for page in (*PAGES, "importeren")] + [
        ("gemeente", {"profiel": label}) for label in SECTION_TABS.values()] + [
        ("overlap", {"deel": TABS[k]}) for k in ("soort", "paar")] + [
        ("regio", {"onderdeel": label}) for label in TABS_REGIO.values()]
    for page, params in visits:
        at = open_page(page, params)
        for toggle in at.toggle:  # the printable report's preview
            toggle.set_value(True).run()
        at.run()  # a second run gets the cached rows
        assert not at.exception, (page, [e.value for e in at.exception])
    assert {name for name, _, _ in given} >= {"schakelpunten", "hiaten", "thema-dekking", "gemeente-profiel",
                                               "regio-overlap", "indeling-overlap", "bronnen"}
    changed = [name for name, rows, before in given if rows != before]
    assert not changed
