"""What reaches the user of the app: imported text is shown as text (never Markdown or HTML),
every CSV download is safe in Excel, and the project's errors are Dutch messages.

The data comes in the way a user brings it: uploaded on the Importeren page and applied to the
embedded store (the shared store of this process; cleared again afterwards)."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
import streamlit
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from ui.regio import TABS as REGIO_TABS
from ui.text import md

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
FORMULA = '=HYPERLINK("http://x","klik")'
IMAGE = "![x](http://127.0.0.1:9/p.png)"
SCRIPT = "<script>alert(1)</script> **bold**"
KNOPEN = ("id,label,naam,niveau,bron,beschrijving\n"
          f'formule-actor,Instituut,"{FORMULA.replace(chr(34), chr(34) * 2)}",landelijk,Testbron,"{IMAGE}"\n'
          f"script-actor,Instituut,{SCRIPT},regionaal,Testbron,{IMAGE} en *schuin*\n").encode()
RELATIES = ("van,type,naar,bron,richting\n"
            "formule-actor,ACTIEF_IN,Friesland,Testbron,\n"
            "script-actor,ACTIEF_IN,Friesland,Testbron,\n"
            "script-actor,KENNISSTROOM,Movisie,Testbron,lokaal->landelijk\n").encode()
# what must never reach Streamlit's Markdown unescaped
RAW = ("![x](", "<script", "**bold**", "*schuin*", FORMULA)


def shown_texts(at: AppTest) -> list[str]:
    """Every string the page hands to Streamlit's Markdown renderer."""
    out = []
    for kind in ("markdown", "caption", "subheader", "header", "title", "info", "warning", "error", "success"):
        out += [e.value for e in at.get(kind)]
    return out


@pytest.fixture()
def downloads(monkeypatch):
    """Record the bytes of every st.download_button (also on columns), then call Streamlit's."""
    seen: list[tuple[str, bytes]] = []
    original = DeltaGenerator.download_button

    def record(self, label, data, file_name=None, *args, **kwargs):
        made = data() if callable(data) else data  # a deferred download, made as a click would
        seen.append((file_name or label, made if isinstance(made, bytes) else str(made).encode()))
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", record)
    monkeypatch.setattr(streamlit, "download_button",
                        lambda *a, **k: record(streamlit._main, *a, **k))  # noqa: SLF001
    return seen


@pytest.fixture()
def imported(seed):
    """The app after the malicious files were uploaded and applied on the Importeren page."""
    from ui import data

    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/importeren.py")
    at.run()
    at.file_uploader[0].upload("knopen.csv", KNOPEN, "text/csv").upload("relaties.csv", RELATIES, "text/csv")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    at.button(key="toepassen").click()
    at.run()
    assert any("Geladen" in s.value for s in at.success)
    yield at
    data.get_store.clear()
    data.refresh()


def open_page(page: str, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    if page != "netwerk":
        at.switch_page(f"app_pages/{page}.py")
        at.run()
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")  # CommonMark: a backslash-escaped ASCII punctuation character


def assert_literal(texts: list[str]) -> None:
    """No markup from the imported values survives once the escaped characters are set aside."""
    for text in texts:
        unescaped = ESCAPED.sub("\x00", text)
        for raw in RAW:
            assert raw not in unescaped, (raw, text)


@pytest.mark.parametrize("knoop,naam", [("formule-actor", FORMULA), ("script-actor", SCRIPT)])
def test_netwerk_focus_shows_names_and_descriptions_as_text(imported, knoop, naam):
    at = open_page("netwerk", {"knoop": knoop})
    texts = shown_texts(at)
    assert md(naam) in texts  # shown, escaped: the subheader of the focus panel
    assert any(md(IMAGE) in t for t in texts)  # the beschrijving, escaped
    assert_literal(texts)


def test_regio_and_hiaten_pages_show_imported_names_as_text(imported):
    for page in ("regio", "hiaten", "lemniscaat", "bronnen", "thema", "overlap"):
        at = open_page(page, {"regio": "Friesland"})
        assert_literal(shown_texts(at))
    hiaten = open_page("hiaten")
    hiaten.radio(key="hiaat_soort").set_value("eenrichtingsstroom").run()  # its flow goes one way only
    assert any(md(SCRIPT) in t for t in shown_texts(hiaten))
    assert_literal(shown_texts(hiaten))


def test_a_link_to_an_unknown_node_is_text():
    at = open_page("netwerk", {"knoop": IMAGE})
    assert [w.value for w in at.warning] == [
        f"De link noemt knoop '{md(IMAGE)}', maar die bestaat niet in deze gegevens. Kies hieronder."]


def cells(data: bytes) -> list[str]:
    return [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for c in row]


def test_every_csv_download_is_safe_in_excel(imported, downloads):
    open_page("regio", {"regio": "Friesland", "onderdeel": REGIO_TABS["actief"]})  # the imported actor's tab
    open_page("netwerk", {"knoop": "formule-actor"})
    at = open_page("export", {"regio": "Friesland"})
    at.button(key="export_samenstellen").click().run()  # the file is made when asked for
    csvs = [(name, data) for name, data in downloads if name.endswith(".csv")]
    names = {name for name, _ in csvs}
    assert {"actief-regio-friesland.csv", "kennislemniscaat.csv", "eigenschappen-formule-actor.csv"} <= names
    for name, data in csvs:
        bad = [c for c in cells(data) if c[:1] in ("=", "+", "@", "\t", "\r")
               or (c[:1] == "-" and not re.fullmatch(r"-[\d.]+", c))]
        assert not bad, (name, bad)
    actief = next(d for n, d in csvs if n == "actief-regio-friesland.csv")
    assert "'" + FORMULA in cells(actief)
    export = next(d for n, d in csvs if n == "kennislemniscaat.csv")
    assert "'" + FORMULA in cells(export)


def test_a_project_error_on_a_page_is_a_dutch_message(monkeypatch):
    """A LemniscaatError a page does not catch itself ends as st.error with its message."""
    from graph.errors import NotFound
    from ui import data

    def refuse(name, **params):
        raise NotFound(f"geen knoop '{IMAGE}' gevonden")

    monkeypatch.setattr(data, "query", refuse)
    at = open_page("hiaten")
    assert [e.value for e in at.error] == [md(f"geen knoop '{IMAGE}' gevonden")]
