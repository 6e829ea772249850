"""The page "Document toevoegen": a kept document's proposals in a table; the decisions
saved become an import and the store shows the document's organisations with sources."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders import workspace
from loaders.documents import service
from ui.document import ACCEPT, REJECT, decisions, rows

PAGE = str(Path(__file__).resolve().parent.parent / "app_pages" / "document.py")
TEXT = """Jaarbericht van een buurtproef

Movisie werkt samen met Vilans aan een handreiking over eenzaamheid.
Wij doen ons best.
"""


def test_rows_and_decisions_with_edits():
    doc, proposals, _ = service.add("jaar.txt", TEXT.encode())
    table = rows(proposals, threshold=0.6)
    assert {r["besluit"] for r in table if r["zekerheid"] >= 0.6} == {ACCEPT}
    rel = next(r for r in table if r["soort"] == "relatie" and r["type"] == "WERKT_SAMEN_MET")
    rel["omdraaien"] = True
    vilans = next(r for r in table if r["naam / van"] == "Vilans")
    vilans["besluit"] = REJECT
    accepted, rejected = decisions(table, proposals)
    assert [p.id for p in rejected] == ["vilans"]
    swapped = next(p for p in accepted if p.type == "WERKT_SAMEN_MET")
    assert (swapped.van, swapped.naar) == ("Vilans", "Movisie")


def test_page_shows_proposals_and_saves_decisions():
    doc, _, _ = service.add("jaar.txt", TEXT.encode())
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    assert not at.exception
    at.selectbox(key="document_keuze").set_value(doc.file).run()
    assert not at.exception, at.exception
    assert at.text_input(key="document_titel").value == "Jaarbericht van een buurtproef"
    assert any("Voorstellen" in s.value for s in at.subheader)
    at.button(key="document_opslaan").click().run()
    assert not at.exception, at.exception
    assert any("aanvaard" in s.value and "import 1" in s.value for s in at.success), [s.value for s in at.success]
    data = workspace.dataset()
    movisie = data.nodes["movisie"]
    assert any(s.file == doc.file for s in movisie.sources)  # the organisation, with its source


def test_page_proposes_once_per_document_and_graph(monkeypatch, own_workspace):
    """A rerun (a widget changed) reuses the proposals; saving decisions (a new import, new
    decisions) computes them again."""
    doc, _, _ = service.add("jaar.txt", TEXT.encode())
    calls = []
    real = service.proposals_for

    def counting(*args, **kwargs):
        calls.append(args[0].file)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "proposals_for", counting)
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    at.selectbox(key="document_keuze").set_value(doc.file).run()
    assert not at.exception, at.exception
    assert calls == [doc.file]
    at.toggle(key="document_per_soort").set_value(False).run()
    at.slider(key="document_drempel").set_value(0.8).run()
    at.text_input(key="document_jaar").set_value("2024").run()
    assert not at.exception, at.exception
    assert calls == [doc.file]                      # reruns: no new proposing
    at.button(key="document_opslaan").click().run()
    assert not at.exception, at.exception
    assert any("import 1" in s.value for s in at.success)
    at.run()
    assert len(calls) == 2                          # the graph and the decisions changed


def test_accepting_loads_into_neo4j_in_one_go(neo4j_store, own_workspace):
    """With Neo4j active the accepted import is kept in the workspace and loaded into the real
    database on top of what it holds; a refused import leaves the database as it was."""
    from graph.errors import ValidationError
    from loaders.documents.proposals import Proposal
    from loaders.validate import load_seed
    from ui.document import apply

    from graph.model import Dataset, Node, Source

    neo4j_store.load(load_seed(), reset=True)
    own = Node("alleen-in-neo4j", "Instituut", {"naam": "Alleen in Neo4j", "niveau": "landelijk"},
               (Source("pub-x", None, None, "geladen buiten de werkruimte"),))
    neo4j_store.load(Dataset({own.id: own}, []), reset=False)   # something the workspace does not hold
    before = neo4j_store.counts()
    doc, proposals, _ = service.add("jaar.txt", TEXT.encode())
    accepted = service.above_default(proposals)
    result = apply(neo4j_store, doc, accepted, [], {"titel": "Jaarbericht van een buurtproef", "jaar": 2024}, None)
    pub = neo4j_store.node(result["publicatie"])
    assert pub is not None and pub.properties["bestand"] == doc.file
    movisie = neo4j_store.node("movisie")
    assert any(s.file == doc.file for s in movisie.sources)
    assert ("WERKT_SAMEN_MET", "movisie", "vilans") in {(r.type, r.start, r.end) for r in neo4j_store.relationships()}
    after = neo4j_store.counts()
    assert sum(after["nodes"].values()) == sum(before["nodes"].values()) + 1   # the document's Publicatie
    assert neo4j_store.node("alleen-in-neo4j") is not None                     # on top: nothing reset
    # a proposal citing lines that do not name its entity is refused: nothing changes
    doc2, _, _ = service.add("ander.txt", "Een ander verslag\n\nVilans schrijft.\n".encode())
    bad = Proposal("vermelding", doc2.file, (1, 1), 0.9, "test", "Instituut", "Movisie", "landelijk", "movisie")
    with pytest.raises(ValidationError):
        apply(neo4j_store, doc2, [bad], [], {"titel": "Een ander verslag"}, None)
    assert neo4j_store.counts() == after


def test_cli_accept_into_neo4j_and_a_refusal_keeps_nothing(neo4j_store, own_workspace, tmp_path, capsys):
    """`document accept --backend neo4j` takes the page's path (one load, one transaction, on top
    of what the database holds). When the real Neo4j refuses the load (here: a uniqueness
    constraint on Publicatie.naam that the document's title breaks), the user gets a Dutch line
    and the store-refused exit code, and neither the import nor the decisions are kept."""
    import json

    from lemniscaat_cli import main
    from loaders.validate import load_seed

    neo4j_store.load(load_seed(), reset=True)
    path = tmp_path / "jaar.txt"
    path.write_text(TEXT, encoding="utf-8")
    titel = "Jaarbericht van een buurtproef"
    run = lambda: main(["document", "accept", str(path), "--titel", titel, "--backend", "neo4j"])  # noqa: E731
    with neo4j_store._driver.session(database=neo4j_store.database) as session:
        session.run("CREATE CONSTRAINT test_pub_naam IF NOT EXISTS FOR (n:Publicatie) REQUIRE n.naam IS UNIQUE").consume()
        session.run("CREATE (:Knoop:Publicatie {id: 'test-bezet', naam: $naam})", naam=titel).consume()
    try:
        before = neo4j_store.counts()
        assert run() == 4
        err = capsys.readouterr().err
        assert "Neo4j weigerde" in err or "weigert" in err, err
        assert "Traceback" not in err
        assert neo4j_store.counts() == before
        assert workspace.Workspace().imports() == []                  # nothing kept ...
        doc, proposals, _ = service.add("jaar.txt", TEXT.encode())
        assert any(p.naam == "Movisie" for p in proposals)              # ... not even the decisions
    finally:
        with neo4j_store._driver.session(database=neo4j_store.database) as session:
            session.run("MATCH (n:Publicatie {id: 'test-bezet'}) DELETE n").consume()
            session.run("DROP CONSTRAINT test_pub_naam IF EXISTS").consume()
    assert run() == 0
    out = json.loads(capsys.readouterr().out)
    assert out["backend"] == "neo4j" and out["import"] == "1"
    pub = neo4j_store.node(out["publicatie"])
    assert pub is not None and pub.properties["naam"] == titel
    assert any(s.file == pub.properties["bestand"] for s in neo4j_store.node("movisie").sources)
    assert ("WERKT_SAMEN_MET", "movisie", "vilans") in {(r.type, r.start, r.end) for r in neo4j_store.relationships()}
