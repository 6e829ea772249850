"""Excel in the app: an .xlsx uploaded on Importeren is checked, applied and kept in the
workspace (a new store replays it); every .xlsx download holds numbers as numbers and never a
formula, also for imported text that starts with `=`."""
from __future__ import annotations

import io
import re

import pytest
import streamlit
from openpyxl import load_workbook
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from graph.export import XLSX_MIME
from loaders import workspace
from loaders.seed_store import open_store
from tests.test_app_safety import APP, FORMULA, imported, open_page  # noqa: F401 (a fixture)
from tests.test_excel import workbook
from ui import data
from ui.regio import TABS as REGIO_TABS

KNOPEN = [["id", "label", "naam", "niveau", "bron", "aliassen"],
          [None, "Werkplaats", "Werkplaats Uploadia", "regionaal", "https://example.org/uploadia", "WUP"]]
RELATIES = [["van", "type", "naar", "bron"], ["WUP", "ACTIEF_IN", "Fryslân", "https://example.org/uploadia"]]


@pytest.fixture()
def downloads(monkeypatch):
    """The bytes of every st.download_button, a deferred one (a callable) made as a click would."""
    seen: list[tuple[str, bytes]] = []
    original = DeltaGenerator.download_button

    def record(self, label, data, file_name=None, *args, **kwargs):
        seen.append((file_name or label, data() if callable(data) else data))
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", record)
    monkeypatch.setattr(streamlit, "download_button", lambda *a, **k: record(streamlit._main, *a, **k))  # noqa: SLF001
    return seen


def importeren() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/importeren.py")
    at.run()
    return at


def test_an_xlsx_upload_is_checked_applied_and_kept(seed):
    at = importeren()
    at.file_uploader[0].upload("fout.xlsx", workbook({"relaties": [RELATIES[0], ["Niemand", "ACTIEF_IN", "Fryslân", "V"]]}),
                               XLSX_MIME)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("niets geladen" in e.value for e in at.error)
    rows = at.dataframe[-1].value
    assert (rows["bestand"][0], int(rows["regel"][0]), rows["code"][0]) == ("fout.xlsx:relaties", 2, "E_DANGLING_REF")

    data.get_store.clear()
    try:
        at = importeren()
        at.file_uploader[0].upload("mijn.xlsx", workbook({"Knopen": KNOPEN, "Relaties": RELATIES}), XLSX_MIME)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert not at.error, [e.value for e in at.error]
        assert any("geldig" in s.value for s in at.success)
        at.button(key="toepassen").click()
        at.run()
        assert any("Geladen" in s.value for s in at.success), [s.value for s in at.success]
        assert [i.files for i in workspace.Workspace().imports()] == [["mijn.xlsx"]]
        fresh = open_store("memory")  # as after a restart: the workspace is replayed, the .xlsx read again
        assert fresh.node("werkplaats-uploadia").aliassen == ["WUP"]
        assert any(r.type == "ACTIEF_IN" and r.start == "werkplaats-uploadia" for r in fresh.relationships())
    finally:
        data.get_store.clear()
        data.refresh()


def test_the_page_offers_the_xlsx_template(seed):
    at = importeren()
    assert any(b.proto.label == "sjabloon.xlsx" for b in at.get("download_button"))


def test_every_xlsx_download_keeps_numbers_and_runs_no_formula(imported, downloads):
    for part in ("actief", "gemeenten"):  # the imported actor's tab, and the gemeenten with their numbers
        open_page("regio", {"regio": "Friesland", "onderdeel": REGIO_TABS[part]})
    open_page("netwerk", {"knoop": "formule-actor"})
    at = open_page("export", {"regio": "Friesland"})
    at.button(key="export_samenstellen").click().run()  # the file is made when asked for
    books = {name: load_workbook(io.BytesIO(d)) for name, d in downloads if name.endswith(".xlsx")}
    assert {"actief-regio-friesland.xlsx", "kennislemniscaat.xlsx", "eigenschappen-formule-actor.xlsx",
            "gemeenten-regio-friesland.xlsx"} <= set(books), sorted(books)
    for name, book in books.items():
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    assert c.data_type != "f", (name, c.coordinate, c.value)
                    if isinstance(c.value, str):
                        v = c.value
                        assert not (v[:1] in ("=", "+", "@", "\t", "\r")
                                    or (v[:1] == "-" and not re.fullmatch(r"-[\d.]+", v))), (name, v)
    values = lambda book: [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]  # noqa: E731
    assert "'" + FORMULA in values(books["actief-regio-friesland.xlsx"])
    assert "'" + FORMULA in values(books["kennislemniscaat.xlsx"])
    # numbers as numbers: the gemeenten of Friesland with their inhabitants, in the export as ints
    knopen = books["kennislemniscaat.xlsx"]["knopen"]
    header = [c.value for c in knopen[1]]
    inwoners = [r[header.index(col)] for r in knopen.iter_rows(min_row=2, values_only=True)
                for col in ("inwoners", "inwoners_2022") if col in header and r[header.index(col)] is not None]
    assert len(inwoners) > 5 and all(type(v) is int for v in inwoners), inwoners[:5]
