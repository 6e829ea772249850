"""The Importeren page logic (validate uploads, preview, apply) and the page itself."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from graph.memory_store import MemoryStore
from tests.conftest import FIXTURES
from ui.importeren import apply, preview, template_files, validate_uploads

PAGE = str(Path(__file__).resolve().parent.parent / "app_pages" / "importeren.py")


def upload(files, **kw):
    return validate_uploads(files, base=[FIXTURES / "tiny.yaml"], sources_dir=FIXTURES, **kw)


def test_problems_name_the_uploaded_file():
    result = upload([("mijn knopen.csv", b"id,label,naam,niveau,bron\n,Thema,Wonen,hoog,Verslag\n")])
    assert result.dataset is None
    assert [str(p) for p in result.problems] == [
        "mijn knopen.csv:2: E_BAD_NIVEAU ongeldig niveau 'hoog': kies uit lokaal, regionaal, landelijk, internationaal"]


def test_preview_and_apply(tiny):
    store = MemoryStore(tiny)
    result = upload([("k.csv", b"id,label,naam,niveau,bron\n,Thema,Wonen,,Verslag\n,Instituut,TI,,Verslag\n"),
                     ("r.yaml", b"- {van: TI, type: BEHANDELT, naar: Wonen, bron: Verslag}\n")])
    assert [str(m).split(": ", 1)[1] for m in result.report.merged] == ["samengevoegd: 'TI' -> testinstituut"]
    assert result.report.merged[0].file == "k.csv"
    changes = preview(store.dataset(), result.dataset)
    assert {n["id"] for n in changes["nieuwe_knopen"]} == {"thema-wonen", "pub-verslag"}
    assert [n["id"] for n in changes["gewijzigde_knopen"]] == ["testinstituut"]
    assert [(r["type"], r["van"], r["naar"]) for r in changes["nieuwe_relaties"]] == [("BEHANDELT", "Testinstituut", "Wonen")]
    apply(store, result.dataset)
    assert preview(store.dataset(), result.dataset) == {"nieuwe_knopen": [], "gewijzigde_knopen": [], "nieuwe_relaties": []}


def test_templates_are_offered():
    assert set(template_files()) == {"knopen.csv", "relaties.csv", "knopen.yaml", "relaties.yaml", "LEESMIJ.md",
                                     "sjabloon.xlsx"}


def test_page_renders_without_uploads():
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Importeren"
    assert any("Kies een of meer bestanden" in i.value for i in at.info)
