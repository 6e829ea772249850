"""The Importeren page on the embedded store: an import is kept in the workspace, a newly
opened store (as after a restart) holds it, and the page lists and removes it."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from loaders import workspace
from loaders.seed_store import open_store
from ui import data
from ui.importeren import apply, validate_uploads

PAGE = str(Path(__file__).resolve().parent.parent / "app_pages" / "importeren.py")
KNOPEN = b"id,label,naam,niveau,bron\n,Werkplaats,Testwerkplaats Noord,regionaal,https://example.org/a\n"
RELATIES = b"van,type,naar,bron\nTestwerkplaats Noord,ACTIEF_IN,Friesland,https://example.org/b\n"


def test_an_upload_lasts_and_the_page_lists_and_removes_it():
    ws = workspace.Workspace()
    store = open_store("memory")
    first = validate_uploads([("knopen.csv", KNOPEN)], workspace=ws)
    assert not first.problems and first.counts["nieuwe_knopen"] == 2
    apply(store, first.dataset, ws, first)
    # the second upload builds on the first (a node only the first one made)
    second = validate_uploads([("relaties.csv", RELATIES)], workspace=ws)
    assert not second.problems, second.problems
    apply(store, second.dataset, ws, second)
    assert validate_uploads([("relaties.csv", RELATIES)], workspace=ws).duplicate.id == "2"
    # "a restart": a new store opened from the workspace holds both imports
    fresh = open_store("memory")
    assert fresh.node("testwerkplaats-noord") is not None
    assert any(r.type == "ACTIEF_IN" and r.start == "testwerkplaats-noord" for r in fresh.relationships())

    data.get_store.clear()
    try:
        at = AppTest.from_file(PAGE, default_timeout=120)
        at.run()
        assert not at.exception, at.exception
        table = at.dataframe[0].value
        assert list(table["import"]) == ["1", "2"]
        assert list(table["bestanden"]) == ["knopen.csv", "relaties.csv"]
        assert list(table["nieuwe relaties"]) == [0, 1]
        at.selectbox(key="verwijder_keuze").set_value("1")
        at.button(key="verwijder").click()
        at.run()
        assert not at.exception, at.exception
        assert any("niet verwijderd" in e.value for e in at.error), (at.error, at.success, at.info, at.markdown)
        assert [i.id for i in ws.imports()] == ["1", "2"]
        at.selectbox(key="verwijder_keuze").set_value("2")
        at.button(key="verwijder").click()
        at.run()
        assert any("is verwijderd" in s.value for s in at.success)
        assert [i.id for i in ws.imports()] == ["1"]
        assert list(at.dataframe[0].value["import"]) == ["1"]
        assert not any(r.type == "ACTIEF_IN" and r.start == "testwerkplaats-noord"
                       for r in open_store("memory").relationships())
    finally:
        data.get_store.clear()  # later tests get a store of their own workspace
