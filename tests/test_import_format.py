"""The user import format (CSV and YAML lists): every error kind with its exact message."""
from __future__ import annotations

import shutil

import pytest

from graph.errors import ValidationError
from loaders.validate import validate_import
from tests.conftest import FIXTURES

NODES = "id,label,naam,niveau,bron\n"
RELS = "van,type,naar,bron\n"


def write(tmp_path, files: dict[str, str | bytes]):
    shutil.copy(FIXTURES / "tiny.yaml", tmp_path / "tiny.yaml")
    shutil.copy(FIXTURES / "tiny_doc.txt", tmp_path / "tiny_doc.txt")
    paths = [tmp_path / "tiny.yaml"]
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        paths.append(path)
    return paths


def load(tmp_path, files, prefer_import=False):
    return validate_import(write(tmp_path, files), sources_dir=tmp_path, prefer_import=prefer_import)


def errors(tmp_path, files) -> list[str]:
    """Every problem as `name:line: CODE message`, with the tmp folder cut off."""
    with pytest.raises(ValidationError) as exc:
        load(tmp_path, files)
    return [str(p).replace(f"{tmp_path}/", "") for p in exc.value.problems]


def test_valid_csv_adds_nodes_relationships_and_user_sources(tmp_path):
    dataset, report = load(tmp_path, {
        "knopen.csv": NODES + ",Werkplaats,Werkplaats Noord,regionaal,Jaarverslag Noord 2023\n",
        "relaties.csv": RELS + "Werkplaats Noord,WERKT_SAMEN_MET,TI,https://example.nl/noord\n"})
    node = dataset.nodes["werkplaats-noord"]
    assert node.label == "Werkplaats" and node.niveau == "regionaal"
    assert [(s.publication, s.file, s.lines) for s in node.sources] == [("pub-jaarverslag-noord-2023", None, None)]
    pub = dataset.nodes["pub-jaarverslag-noord-2023"]
    assert pub.properties["soort"] == "gebruikersbron" and pub.properties["titel"] == "Jaarverslag Noord 2023"
    rel = next(r for r in dataset.relationships if r.type == "WERKT_SAMEN_MET" and r.start == "werkplaats-noord")
    assert rel.end == "testinstituut"
    assert rel.sources[0].publication == "pub-https-example-nl-noord"
    assert sorted(report.new_publications) == ["pub-https-example-nl-noord", "pub-jaarverslag-noord-2023"]


def test_yaml_rows_and_a_publication_id_as_bron(tmp_path):
    dataset, _ = load(tmp_path, {"eigen.yaml": (
        "- label: Thema\n  naam: Wonen\n  bron: pub-tiny\n"
        "- van: Testinstituut\n  type: BEHANDELT\n  naar: wonen\n  bron: pub-tiny\n")})
    assert dataset.nodes["thema-wonen"].sources[0].publication == "pub-tiny"
    assert any(r.type == "BEHANDELT" and r.end == "thema-wonen" for r in dataset.relationships)


def test_semicolon_csv_with_bom_and_list_columns(tmp_path):
    dataset, _ = load(tmp_path, {"knopen.csv": "\ufeffid;label;naam;niveau;bron;aliassen\n"
                                               "wp-x;Werkplaats;Werkplaats X;regionaal;Verslag X;WX|Werkplaats Ix\n"})
    assert dataset.nodes["wp-x"].aliassen == ["WX", "Werkplaats Ix"]


CASES = [
    ("unknown label", {"k.csv": NODES + ",Instituutt,Nieuw,landelijk,Verslag\n"},
     ["k.csv:2: E_UNKNOWN_LABEL onbekend label 'Instituutt' (bedoelde u 'Instituut'?)"]),
    ("unknown relationship type", {"r.csv": RELS + "Testdorp,WERKT_SAMEN,TI,Verslag\n"},
     ["r.csv:2: E_UNKNOWN_TYPE onbekend relatietype 'WERKT_SAMEN' (bedoelde u 'WERKT_SAMEN_MET'?)"]),
    ("unknown column", {"k.csv": "id,label,naam,niveau,bron,afkortin\n,Thema,Wonen,,Verslag,W\n"},
     ["k.csv:1: E_UNKNOWN_COLUMN onbekende kolom 'afkortin' (bedoelde u 'afkorting'?)"]),
    ("missing required column", {"k.csv": "id,label,naam,niveau\n,Thema,Wonen,\n"},
     ["k.csv:1: E_MISSING_COLUMN verplichte kolom 'bron' ontbreekt"]),
    ("missing required value", {"k.csv": NODES + "\n,Thema,,,Verslag\n"},
     ["k.csv:3: E_MISSING_VALUE verplichte waarde 'naam' ontbreekt"]),
    ("missing bron", {"r.csv": RELS + "Testdorp,WERKT_SAMEN_MET,TI,\n"},
     ["r.csv:2: E_MISSING_SOURCE geen bron: elk feit heeft een bron (URL, documenttitel of Publicatie-id)"]),
    ("bad niveau", {"k.csv": NODES + ",Werkplaats,Werkplaats Y,provinciaal,Verslag\n"},
     ["k.csv:2: E_BAD_NIVEAU ongeldig niveau 'provinciaal': kies uit lokaal, regionaal, landelijk, internationaal "
      "(bedoelde u 'regionaal'?)"]),
    ("missing niveau on a new node", {"k.csv": NODES + ",Werkplaats,Werkplaats Y,,Verslag\n"},
     ["k.csv:2: E_BAD_NIVEAU niveau ontbreekt voor nieuw Werkplaats 'Werkplaats Y': "
      "kies uit lokaal, regionaal, landelijk, internationaal"]),
    ("duplicate id within a file", {"k.csv": NODES + "thema-a,Thema,A,,Verslag\nthema-a,Thema,B,,Verslag\n"},
     ["k.csv:3: E_DUPLICATE_ID id 'thema-a' staat ook in k.csv:2"]),
    ("duplicate id across files", {"a.csv": NODES + "thema-a,Thema,A,,Verslag\n",
                                   "b.yaml": "- {id: thema-a, label: Thema, naam: B, bron: Verslag}\n"},
     ["b.yaml:1: E_DUPLICATE_ID id 'thema-a' staat ook in a.csv:2"]),
    ("dangling reference", {"r.csv": RELS + "Testdorp,WERKT_SAMEN_MET,Testinstituutt,Verslag\n"},
     ["r.csv:2: E_DANGLING_REF 'naar' verwijst naar onbekende knoop 'Testinstituutt' "
      "(geen id, naam of alias in de seed of uw bestanden) (bedoelde u 'Testinstituut'?)"]),
    ("ambiguous reference", {"k.csv": NODES + "regio-testdorp,Regio,Testdorp,,Verslag\n",
                             "r.csv": RELS + "Testdorp,WERKT_SAMEN_MET,TI,Verslag\n"},
     ["r.csv:2: E_AMBIGUOUS_REF 'van' 'Testdorp' is niet eenduidig: gm-testdorp (Gemeente, 'Testdorp'), "
      "regio-testdorp (Regio, 'Testdorp'); gebruik het id"]),
    ("type not allowed between labels", {"r.csv": RELS + "Testdorp,BEHANDELT,Testland,Verslag\n"},
     ["r.csv:2: E_TYPE_NOT_ALLOWED BEHANDELT mag niet van Gemeente naar Regio "
      "(toegestaan: Gemeente/Regio/Werkplaats/Instituut/Programma/Publicatie -> Thema)"]),
    ("property not for this label", {"k.csv": NODES.strip() + ",domein\n,Werkplaats,W Z,regionaal,Verslag,sociaal\n"},
     ["k.csv:2: E_UNKNOWN_PROPERTY eigenschap 'domein' hoort niet bij Werkplaats"]),
    ("not UTF-8", {"k.csv": (NODES + ",Thema,Jeugd\u00e9,,Verslag\n").encode("latin-1")},
     ["k.csv:2: E_ENCODING bestand is geen UTF-8"]),
    ("broken quote", {"k.csv": NODES + ',Thema,"Wonen,,Verslag\n,Thema,Zorg,,Verslag\n'},
     ["k.csv:2: E_CSV_QUOTE aanhalingsteken niet goed afgesloten of gevolgd door tekst"]),
    ("text after a closing quote", {"k.csv": NODES + ',Thema,"Wonen"x,,Verslag\n'},
     ["k.csv:2: E_CSV_QUOTE aanhalingsteken niet goed afgesloten of gevolgd door tekst"]),
    ("too many cells", {"k.csv": NODES + ",Thema,Wonen,,Verslag,extra\n"},
     ["k.csv:2: E_CSV_ROW rij heeft 6 cellen, de kopregel 5"]),
    ("empty file", {"k.csv": ""}, ["k.csv:1: E_EMPTY_FILE bestand is leeg"]),
    ("header only", {"k.csv": NODES}, ["k.csv:1: E_EMPTY_FILE bestand bevat alleen een kopregel, geen rijen"]),
    ("yaml list of scalars", {"k.yaml": "- label: Thema\n- gewoon tekst\n"},
     ["k.yaml:1: E_MISSING_SOURCE geen bron: elk feit heeft een bron (URL, documenttitel of Publicatie-id)",
      "k.yaml:1: E_MISSING_VALUE verplichte waarde 'naam' ontbreekt",
      "k.yaml:2: E_FILE_SHAPE elk item moet een mapping zijn (kolom: waarde)"]),
    ("yaml scalar document", {"k.yaml": "gewoon tekst\n"},
     ["k.yaml:1: E_FILE_SHAPE verwacht een lijst van mappings (één per knoop of relatie), "
      "of een seedbestand met 'nodes' en/of 'relationships'"]),
    ("yaml unknown key", {"k.yaml": "- label: Thema\n  naam: Wonen\n  bron: Verslag\n  kleur: rood\n"},
     ["k.yaml:1: E_UNKNOWN_COLUMN onbekende kolom 'kleur' (bedoelde u 'url'?)"]),
    ("label conflict on an id", {"k.csv": NODES + "testinstituut,Thema,Iets,,Verslag\n"},
     ["k.csv:2: E_LABEL_CONFLICT id 'testinstituut' is al een Instituut, geen Thema"]),
    ("bad id", {"k.csv": NODES + "Mijn Thema,Thema,Wonen,,Verslag\n"},
     ["k.csv:2: E_BAD_ID id 'Mijn Thema' is geen slug (kleine letters, cijfers, '-'); "
      "laat het leeg om het uit de naam af te leiden"]),
    ("unknown publication id as bron", {"k.csv": NODES + ",Thema,Wonen,,pub-tinyy\n"},
     ["k.csv:2: E_DANGLING_REF bron verwijst naar onbekende publicatie 'pub-tinyy' (bedoelde u 'pub-tiny'?)"]),
    ("bad number", {"k.csv": "label,naam,bron,inwoners\nGemeente,Dorp Z,Verslag,veel\n"},
     ["k.csv:2: E_BAD_VALUE 'inwoners' moet een getal zijn, niet 'veel'"]),
    ("derived type", {"r.csv": RELS + "pub-tiny,NOEMT,TI,Verslag\n"},
     ["r.csv:2: E_DERIVED_TYPE 'NOEMT' wordt afgeleid uit de bronnen; niet zelf opgeven"]),
    ("broken excel file", {"k.xlsx": b"PK\x03\x04"}, ["k.xlsx:1: E_FILE_FORMAT geen geldig Excel-bestand (.xlsx): BadZipFile"]),
    ("old excel file", {"k.xls": b"\xd0\xcf\x11\xe0"},
     ["k.xls:1: E_FILE_FORMAT dit spreadsheetformaat wordt niet gelezen: sla het op als Excel-werkmap (.xlsx) "
      "of als CSV (UTF-8)"]),
]


@pytest.mark.parametrize("case,files,expected", CASES, ids=[c[0] for c in CASES])
def test_each_error_kind_has_its_exact_file_line_message(tmp_path, case, files, expected):
    assert errors(tmp_path, files) == expected


def test_every_problem_in_every_file_is_reported(tmp_path):
    found = errors(tmp_path, {"k.csv": NODES + ",Instituutt,Nieuw,landelijk,Verslag\n,Thema,Wonen,,\n",
                              "r.csv": RELS + "Testdorp,WERKT_SAMEN,TI,Verslag\nX,BEHANDELT,Y,Verslag\n"})
    assert [e.split(" ")[0] + " " + e.split(" ")[1] for e in found] == [
        "k.csv:2: E_UNKNOWN_LABEL", "k.csv:3: E_MISSING_SOURCE", "r.csv:2: E_UNKNOWN_TYPE",
        "r.csv:3: E_DANGLING_REF", "r.csv:3: E_DANGLING_REF"]


def test_a_reference_to_a_broken_row_is_not_reported_twice(tmp_path):
    found = errors(tmp_path, {"k.csv": NODES + ",Thema,Wonen,provinciaal,Verslag\n",
                              "r.csv": RELS + "TI,BEHANDELT,Wonen,Verslag\n"})
    assert [e.split(" ")[1] for e in found] == ["E_BAD_NIVEAU"]
