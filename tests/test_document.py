"""Adding a document (issue 16): extraction on small hand-made texts with known answers,
accepted proposals pass the provenance check, reject memory, PDF and Word files, CLI --json.
The texts are our own sentences; no sentence of a source document is used."""
from __future__ import annotations

import io
import json
import zlib
from pathlib import Path

import pytest

from graph.errors import ValidationError
from graph.model import Dataset, Node, Relationship, Source
from lemniscaat_cli import main
from loaders import workspace
from loaders.documents import service
from loaders.documents.extract import DocumentError, extract_text
from loaders.documents.proposals import DEFAULT_CONFIDENCE, propose
from loaders.documents.store import find_source
from loaders.provenance import check_dataset



def node(node_id, label, naam, **props):
    return Node(node_id, label, {"naam": naam, **props}, ())


NODES = [
    node("trimbos-instituut", "Instituut", "Trimbos-instituut", niveau="landelijk", aliassen=["Trimbos"]),
    node("nji", "Instituut", "Nederlands Jeugdinstituut", niveau="landelijk", aliassen=["NJi"], afkorting="NJi"),
    node("gm-smallingerland", "Gemeente", "Smallingerland", niveau="lokaal", woonplaatsen=["Drachten", "Opeinde"]),
    node("gm-best", "Gemeente", "Best", niveau="lokaal", woonplaatsen=["Best"]),
    node("thema-eenzaamheid", "Thema", "eenzaamheid"),
    node("vilans", "Instituut", "Vilans", niveau="landelijk"),
]

TEXT = """Verslag van een proef in de wijk

Het Kenniscentrum Buurtkracht werkt samen met het Trimbos-
instituut aan eenzaamheid onder ouderen in Drachten.
Het NJi ondersteunt de gemeente Best bij de aanpak van eenzaamheid.
Wij doen ons best om de resultaten te delen.
Best is het om klein te beginnen, schrijft de wijkcoach.
"""


def by_soort(proposals, soort):
    return [p for p in proposals if p.soort == soort]


def test_mentions_hyphenated_alias_woonplaats_and_common_word():
    proposals = propose(TEXT, "doc-test.txt", NODES)
    mentions = {p.id: p for p in by_soort(proposals, "vermelding")}
    assert set(mentions) == {"trimbos-instituut", "nji", "gm-smallingerland", "gm-best", "thema-eenzaamheid"}
    assert mentions["trimbos-instituut"].lines == (3, 4)          # the name broken over two lines
    assert mentions["nji"].lines == (5, 5) and "NJi" in mentions["nji"].reden   # an alias / afkorting
    assert mentions["gm-smallingerland"].lines == (4, 4)           # a woonplaats finds its gemeente
    assert "Drachten" in mentions["gm-smallingerland"].reden
    # "Best": only where written as a name mid-sentence (line 5), never "ons best" nor a sentence start
    assert mentions["gm-best"].lines == (5, 5) and "1×" in mentions["gm-best"].reden


def test_a_common_word_alone_is_no_mention():
    text = "Wij doen ons best.\nBest is het om te wachten.\nDe zorg voor de wijk blijft.\n"
    assert by_soort(propose(text, "doc-test.txt", NODES), "vermelding") == []


def test_case_of_an_abbreviation_counts():
    assert by_soort(propose("Het werk van nji is klein.\n", "doc-test.txt", NODES), "vermelding") == []
    assert [p.id for p in by_soort(propose("Het NJi helpt.\n", "doc-test.txt", NODES), "vermelding")] == ["nji"]


def test_inflection_and_accents():
    nodes = [node("gm-sudwest", "Gemeente", "Súdwest-Fryslân", niveau="lokaal")]
    found = by_soort(propose("De Sudwest-Fryslanse aanpak werkt.\n", "doc-test.txt", nodes), "vermelding")
    assert [p.id for p in found] == ["gm-sudwest"] and "verbogen" in found[0].reden


def test_new_names_and_typed_relationships():
    proposals = propose(TEXT, "doc-test.txt", NODES)
    new = by_soort(proposals, "nieuwe-knoop")
    assert [(p.naam, p.label, p.niveau) for p in new] == [("Kenniscentrum Buurtkracht", "Instituut", "landelijk")]
    rels = {(p.van, p.type, p.naar) for p in by_soort(proposals, "relatie")}
    assert ("Kenniscentrum Buurtkracht", "WERKT_SAMEN_MET", "Trimbos-instituut") in rels
    assert ("Nederlands Jeugdinstituut", "ONDERSTEUNT", "Best") in rels
    passive = propose("De gemeente Best wordt ondersteund door Vilans.\n", "doc-test.txt", NODES)
    assert [(p.van, p.type, p.naar) for p in by_soort(passive, "relatie")] == [("Vilans", "ONDERSTEUNT", "Best")]


def test_without_a_signal_only_noemt():
    proposals = propose("Vilans en het NJi stonden op de foto.\n", "doc-test.txt", NODES)
    rels = by_soort(proposals, "relatie")
    assert [r.type for r in rels] == ["noemt"] and rels[0].confidence < DEFAULT_CONFIDENCE


# -- documents in the workspace -------------------------------------------------------------------
OWN_TEXT = """Werkverslag proef kennisdeling

Movisie werkt samen met Vilans aan een handreiking over eenzaamheid.
Het Nederlands Jeugd-
instituut ondersteunt gemeenten in Drachten bij de aanpak.
Wij doen ons best.
"""


def test_accepted_proposals_pass_the_provenance_check(tmp_path, own_workspace):
    path = tmp_path / "verslag.txt"
    path.write_text(OWN_TEXT, encoding="utf-8")
    doc, proposals, pub = service.add(path.name, path.read_bytes())
    assert find_source(doc.file) == doc.path and doc.lines[2].startswith("Movisie")
    accepted = service.above_default(proposals)
    assert {p.id for p in accepted if p.soort == "vermelding"} >= {"movisie", "vilans", "nederlands-jeugdinstituut",
                                                                    "gm-smallingerland"}
    result = service.accept(doc, accepted, [], {"titel": "Werkverslag proef kennisdeling", "jaar": 2024,
                                                "uitgever": "Movisie"})
    assert result["import"] == "1"
    data = workspace.dataset()
    mine = [n for n in data.nodes.values() if any(s.file == doc.file for s in n.sources)]
    assert {"movisie", "vilans", "gm-smallingerland", result["publicatie"]} <= {n.id for n in mine}
    assert data.nodes[result["publicatie"]].properties["bestand"] == doc.file
    assert ("UITGEGEVEN_DOOR", result["publicatie"], "movisie") in {(r.type, r.start, r.end) for r in data.relationships}
    assert ("WERKT_SAMEN_MET", "movisie", "vilans") in {(r.type, r.start, r.end) for r in data.relationships}
    # The provenance check, on this document's sources only, finds the document in the workspace.
    only = lambda srcs: tuple(x for x in srcs if x.file == doc.file)  # noqa: E731
    # (woonplaatsen are checked against the reference files, which are not this test's subject)
    props = lambda n: {k: v for k, v in n.properties.items() if k != "woonplaatsen"}  # noqa: E731
    facts = Dataset({n.id: Node(n.id, n.label, props(n), only(n.sources)) for n in mine},
                    [Relationship(r.type, r.start, r.end, r.properties, only(r.sources)) for r in data.relationships
                     if only(r.sources) and r.type != "NOEMT"])
    assert len(facts.relationships) >= 2
    assert check_dataset(facts, tmp_path) == []
    bad = Dataset({"movisie": Node("movisie", "Instituut", {"naam": "Movisie"}, (Source(result["publicatie"], doc.file, (6, 6), "n"),))}, [])
    assert check_dataset(bad, tmp_path)  # the check can fail


def test_a_wrong_line_span_is_refused(tmp_path):
    path = tmp_path / "verslag.txt"
    path.write_text(OWN_TEXT, encoding="utf-8")
    doc, proposals, _ = service.add(path.name, path.read_bytes())
    movisie = next(p for p in proposals if p.id == "movisie")
    movisie.lines = (6, 6)  # a line that does not name Movisie
    with pytest.raises(ValidationError) as exc:
        service.accept(doc, [movisie], [], {"titel": "Werkverslag proef kennisdeling"})
    assert "noemen deze naam niet" in str(exc.value.problems[0])
    assert workspace.Workspace().imports() == []


def test_rejected_proposals_are_not_proposed_again(tmp_path):
    path = tmp_path / "verslag.md"
    path.write_text(OWN_TEXT, encoding="utf-8")
    doc, proposals, pub = service.add(path.name, path.read_bytes())
    rejected = [p for p in proposals if p.id == "vilans"]
    service.accept(doc, [], rejected, pub)
    _, again, _ = service.add("opnieuw.md", path.read_bytes())
    assert "vermelding|vilans" not in {p.key for p in again}
    assert "vermelding|movisie" in {p.key for p in again}


def _tiny_pdf(text: str) -> bytes:
    """A one-page PDF with one line of text in Helvetica, built by hand."""
    stream = zlib.compress(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_pdf_and_docx_are_read(tmp_path):
    assert "Movisie werkt samen met Vilans." in extract_text("r.pdf", _tiny_pdf("Movisie werkt samen met Vilans."))
    from docx import Document

    buf = io.BytesIO()
    d = Document()
    d.add_paragraph("Vilans ondersteunt de wijk.")
    d.add_paragraph("Tweede alinea.")
    d.save(buf)
    assert extract_text("r.docx", buf.getvalue()).split("\n")[:2] == ["Vilans ondersteunt de wijk.", "Tweede alinea."]
    doc, proposals, _ = service.add("r.pdf", _tiny_pdf("Movisie werkt samen met Vilans."))
    assert {p.id for p in proposals if p.soort == "vermelding"} == {"movisie", "vilans"}


@pytest.mark.parametrize("name,data,message", [
    ("r.xlsx", b"x", "onbekend soort document"),
    ("r.pdf", b"geen pdf", "PDF is niet leesbaar"),
    ("r.docx", b"geen zip", "Word-bestand is niet leesbaar"),
    ("r.txt", b"  \n\n", "bevat geen tekst"),
])
def test_unreadable_documents_give_a_dutch_message(name, data, message):
    with pytest.raises(DocumentError, match=message):
        extract_text(name, data)


def test_cli_json_shape_and_accept(tmp_path, capsys):
    path = tmp_path / "verslag.txt"
    path.write_text(OWN_TEXT, encoding="utf-8")
    assert main(["document", "add", str(path), "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert items and {i["soort"] for i in items} <= {"vermelding", "nieuwe-knoop", "relatie"}
    for i in items:
        assert {"soort", "label", "file", "lines", "confidence", "reden"} <= set(i)
        assert ({"naam"} <= set(i)) if i["soort"] != "relatie" else ({"van", "type", "naar"} <= set(i))
        assert i["file"].startswith("doc-") and len(i["lines"]) == 2 and 0 <= i["confidence"] <= 1
    assert workspace.Workspace().imports() == []  # --json accepts nothing
    decisions = [dict(i, besluit="afgewezen" if i.get("naam") == "Vilans" else "aanvaard")
                 for i in items if i["soort"] == "vermelding"]
    (tmp_path / "besluiten.json").write_text(json.dumps(decisions), encoding="utf-8")
    assert main(["document", "accept", str(path), "--titel", "Werkverslag proef kennisdeling",
                 "--besluiten", str(tmp_path / "besluiten.json")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["import"] == "1" and out["afgewezen"] == 1
    assert main(["document", "add", str(path), "--json"]) == 0
    assert not [i for i in json.loads(capsys.readouterr().out) if i["soort"] == "vermelding"]


def test_cli_errors_are_dutch(tmp_path, capsys):
    assert main(["document", "add", str(tmp_path / "weg.txt")]) == 2
    assert "niet leesbaar" in capsys.readouterr().err
    (tmp_path / "x.odt").write_bytes(b"x")
    assert main(["document", "add", str(tmp_path / "x.odt")]) == 2
    assert "onbekend soort document" in capsys.readouterr().err


def test_a_title_the_graph_has_and_a_relationship_to_a_new_name(tmp_path):
    """A report titled like a seed publication stays a publication of its own; accepting only
    a relationship to a new name brings that name in as a node, sourced to the same lines."""
    text = "Kennis in beweging\nEen eigen verslag van de wijkproef.\n\nHet Kenniscentrum Buurtkracht werkt samen met Movisie.\n"
    doc, proposals, pub = service.add("kib.txt", text.encode())
    assert pub["titel"] == "Kennis in beweging"
    rel = next(p for p in proposals if p.soort == "relatie" and p.type == "WERKT_SAMEN_MET")
    assert rel.van_id.startswith("nieuw:") and rel.naar_id == "movisie"
    result = service.accept(doc, [rel], [], {**pub, "jaar": 2025})
    data = workspace.dataset()
    mine = data.nodes[result["publicatie"]]
    assert mine.naam == "Kennis in beweging (2025)" and mine.properties["titel"] == "Kennis in beweging"
    new = next(n for n in data.nodes.values() if n.naam == "Kenniscentrum Buurtkracht")
    assert new.label == "Instituut" and [s.lines for s in new.sources] == [(4, 4)]
    assert ("WERKT_SAMEN_MET", new.id, "movisie") in {(r.type, r.start, r.end) for r in data.relationships}


CONSTRUCTED = """Werkverslag over nieuwe verbanden

Kenniswerkplaatsen zoals in Zaandam helpen de buurt. Daar leren we veel.
De gemeente Ede heeft samen met Vilans een datawerkplaats ingericht.
Het Trimbos-instituut heeft een kennisagenda opgesteld over de wijk.
Movisie leest de Monitor Brede Samenleving (MBS) elk jaar. De MBS komt uit in mei.
"""


def test_constructed_names_pass_the_provenance_check(tmp_path, own_workspace):
    """Names the rules make from the text's words (a werkplaats by its place, a publication
    drawn up by an organisation) keep the text's own spelling as an alias, so the accepted
    facts pass the provenance check; a publication's abbreviation is an alias, no property."""
    path = tmp_path / "verbanden.txt"
    path.write_text(CONSTRUCTED, encoding="utf-8")
    doc, proposals, pub = service.add(path.name, path.read_bytes())
    accepted = service.above_default(proposals)
    new = {p.naam: p for p in accepted if p.soort == "nieuwe-knoop"}
    assert {"Datawerkplaats Ede", "Kennisagenda Trimbos-instituut", "Monitor Brede Samenleving"} <= set(new)
    assert new["Monitor Brede Samenleving"].properties == {"aliassen": ["MBS"]}
    result = service.accept(doc, accepted, [], {"titel": "Werkverslag over nieuwe verbanden", "jaar": 2024})
    assert result["import"] == "1"
    data = workspace.dataset()
    ties = {(r.type, data.nodes[r.start].naam, data.nodes[r.end].naam) for r in data.relationships
            if any(s.file == doc.file for s in r.sources)}
    assert ("NEEMT_DEEL_AAN", "Ede", "Datawerkplaats Ede") in ties
    assert ("UITGEGEVEN_DOOR", "Kennisagenda Trimbos-instituut", "Trimbos-instituut") in ties
