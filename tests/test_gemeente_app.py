"""AppTest for the Gemeente page (and the indeling part of the Overlap page): on the seed, and on
the hand-made Gemland fixture (tests/fixtures/gemland.yaml) put in place of the embedded store,
so every widget can be shown to change what is on the page."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_app import APP, frame_with, metric, open_page
from tests.test_gemeente_profiel import gemland


@pytest.fixture()
def gemland_store(monkeypatch):
    """The app's embedded store holds Gemland instead of the seed (caches emptied around it)."""
    import ui.data as data
    from graph.memory_store import MemoryStore

    store = MemoryStore(gemland())
    monkeypatch.setattr(data, "open_store", lambda backend="memory": store)
    data.get_store.clear()
    data.refresh()
    yield store
    data.get_store.clear()
    data.refresh()


def subheaders(at: AppTest) -> list[str]:
    return [s.value for s in at.subheader]


def map_spec(at: AppTest) -> dict:
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def test_gemeente_page_on_the_seed(seed):
    at = open_page("gemeente")
    assert at.title[0].value == "Gemeente"
    assert "Profiel van Heerenveen" in subheaders(at)
    # Heerenveen lies in one region of each of the seven CBS divisions (reference data)
    regions = {r.end for r in seed.relationships if r.type == "LIGT_IN" and r.start == "gm-heerenveen"}
    assert metric(at, "Regio's") == str(len(regions)) == "7"
    # the Rathenau figures of the class, with the year and the class named (the profile's last tab)
    at = open_page("gemeente", {"profiel": "Grootteklasse"})
    figures = frame_with(at, "Cijfer")
    assert "beschikbaarheid van kennis (gemiddelde score 1-4)" in list(figures["Cijfer"])
    # the class follows the CBS inhabitants of 2022 (51,119: gemeenten-2024.csv), not the
    # document's "circa 50.000"
    klasse = next(seed.nodes[r.end].naam for r in seed.relationships
                  if r.type == "IN_GROOTTEKLASSE" and r.start == "gm-heerenveen")
    assert klasse == "50.001 tot 100.000 inwoners"
    assert all(f"Rathenau-enquête 2021, grootteklasse {klasse}" == t for t in figures["Toelichting"][1:])
    csv = [b for b in at.get("download_button") if "CSV" in b.proto.label]
    assert len(csv) >= len(at.dataframe) - 1  # every profile table (the sources table has its own)
    assert any("Bron: CBS / PDOK (CC BY 4.0)" in c.value for c in at.caption)


def test_the_url_names_the_gemeente(seed):
    at = open_page("gemeente", {"gemeente": "Amsterdam"})
    assert "Profiel van Amsterdam" in subheaders(at)
    assert at.selectbox(key="gemeente").value == "Amsterdam"


def test_widgets_change_the_profile_and_the_map(gemland_store):
    at = open_page("gemeente", {"gemeente": "Aadorp", "profiel": "Regio's"})
    assert "Profiel van Aadorp" in subheaders(at)
    assert metric(at, "Schakelpunten") == "1" and metric(at, "Hiaten") == "0"
    regios = frame_with(at, "Indeling")
    assert list(regios["Regio"]) == ["P-Noord", "GGD-Een", "J-West"]

    at.selectbox(key="gemeente").set_value("Eedorp").run()
    assert "Profiel van Eedorp" in subheaders(at) and metric(at, "Hiaten") == "4"

    # the map: coloured by the chosen division, then by knowledge tie, then by size class
    at.selectbox(key="indeling").set_value("jeugdregio").run()
    assert map_spec(at)["encoding"]["color"]["scale"]["domain"] == ["J-Oost", "J-West", "niet in de graaf"]
    at.radio(key="kleur").set_value("Kennisrelatie buiten de regio's").run()
    domain = map_spec(at)["encoding"]["color"]["scale"]["domain"]
    assert domain == ["alleen regio-lidmaatschap", "met kennisrelatie buiten haar regio's", "niet in de graaf"]
    at.radio(key="kleur").set_value("Grootteklasse").run()
    assert map_spec(at)["encoding"]["color"]["scale"]["domain"] == ["Klein", "grootteklasse onbekend",
                                                                   "niet in de graaf"]
    assert not at.exception


def test_the_profile_shows_one_section_at_a_time(gemland_store):
    """Only the open tab's table is built and sent; each tab opens by the URL (?profiel=...), and
    a section without rows says so in its own words."""
    from ui.gemeente import SECTION_TABS, SECTION_VIEW

    assert list(SECTION_TABS) == list(SECTION_VIEW)
    at = open_page("gemeente", {"gemeente": "Aadorp"})
    assert [t.label for t in at.tabs] == list(SECTION_TABS.values())
    profile = [d.value for d in at.dataframe if "Bronnen" in d.value.columns]
    assert "**Gegevens**" in [m.value for m in at.markdown]
    assert len(profile) == 1 and "Gegeven" in profile[0].columns
    for key, label in SECTION_TABS.items():
        heading, columns, empty = SECTION_VIEW[key]
        at = open_page("gemeente", {"gemeente": "Eedorp", "profiel": label})
        assert f"**{heading}**" in [m.value for m in at.markdown], label
        others = {h for k, (h, _, _) in SECTION_VIEW.items() if k != key}
        assert not others & {m.value.strip("*") for m in at.markdown}, label
        profile = [d.value for d in at.dataframe if "Bronnen" in d.value.columns]
        if profile:
            assert list(profile[0].columns)[:len(columns)] == list(columns.values()), label
        else:
            assert empty in [i.value for i in at.info], label
    # Eedorp's four gaps are in the Hiaten tab
    at = open_page("gemeente", {"gemeente": "Eedorp", "profiel": "Hiaten"})
    assert len(frame_with(at, "Uitleg")) == 4


def test_search_by_woonplaats(gemland_store):
    at = open_page("gemeente")
    at.text_input(key="gemeente_zoek").input("Aa").run()
    assert "Profiel van Aadorp" in subheaders(at)
    at.text_input(key="gemeente_zoek").input("Zeedijk").run()
    assert "Profiel van Aadorp" in subheaders(at)  # unchanged, and said why
    assert any("niet eenduidig" in w.value and "Aadorp" in w.value and "Beedorp" in w.value for w in at.warning)
    # a woonplaats in the URL opens its gemeente
    at = open_page("gemeente", {"gemeente": "Bee"})
    assert "Profiel van Beedorp" in subheaders(at)


def test_overlap_page_shows_where_divisions_do_not_line_up(gemland_store):
    at = open_page("overlap")
    assert (at.selectbox(key="indeling_a").value, at.selectbox(key="indeling_b").value) == ("jeugdregio",
                                                                                             "ggd-regio")
    assert metric(at, "Paren die elkaar snijden") == "1"
    matrix = next(d.value for d in at.dataframe if "GGD-Een" in d.value.columns)
    assert list(matrix.index) == ["J-Oost"] and int(matrix.loc["J-Oost", "GGD-Een"]) == 2
    assert "Geen gemeente ligt apart van haar buren." in [i.value for i in at.info]
    at.selectbox(key="indeling_b").set_value("provincie").run()
    assert list(frame_with(at, "Gemeente")["Gemeente"]) == ["Ceedorp"]
    assert metric(at, "Gemeenten die apart liggen") == "1"
    assert not at.exception


def test_the_report_preview_is_made_only_when_asked(seed):
    """The printable report is not part of every run (at national scale it is ~2 MB of HTML):
    the preview shows on a toggle, the download makes it on the click."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.switch_page("app_pages/gemeente.py")
    at.run()
    assert not at.exception
    assert not [e for e in at.get("iframe")]
    at.toggle(key="gemeente_voorbeeld").set_value(True).run()
    assert not at.exception
    assert len(at.get("iframe")) == 1
