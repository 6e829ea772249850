"""Excel in and out (issue 14 item 3): .xlsx import with file:sheet:row problems, the round trip
template -> filled -> validate -> load -> export -> the same facts (on both stores), and a
`;`-separated CSV as Dutch Excel writes it."""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from graph.errors import ValidationError
from graph.export import export_bytes, import_sheets
from graph.model import DERIVED_TYPES, is_derived
from loaders.excel import template_xlsx
from loaders.validate import seed_files, validate_import
from tests.conftest import FIXTURES
from tests.test_import_format import load, write

ROOT = Path(__file__).resolve().parent.parent


def workbook(sheets: dict[str, list[list]]) -> bytes:
    """A workbook written cell by cell with openpyxl, the way a user's Excel file arrives."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def problems(tmp_path, files) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        load(tmp_path, files)
    return [str(p).replace(f"{tmp_path}/", "") for p in exc.value.problems]


# -- reading ----------------------------------------------------------------------------------------
def test_sheets_by_name_or_header_numbers_like_csv_and_notes_left_alone(tmp_path):
    book = workbook({
        "Toelichting": [["Vul de bladen in."], ["id", "label"]],  # notes: not read (no import header)
        " Knopen ": [["id", "label", "naam", "niveau", "bron", "aliassen"],
                     [None, "Werkplaats", "Werkplaats Noord", "regionaal", "Verslag Noord", "WN|Noord"],
                     [],
                     ["pub-jaarboek", "Publicatie", "Jaarboek", "regionaal", "Verslag Noord", None]],
        "Blad3": [["van", "type", "naar", "bron", "toelichting"],
                  ["WN", "BEHANDELT", "jeugd", "Verslag Noord", "'=staat in het verslag"]]})
    dataset, _ = load(tmp_path, {"eigen.xlsx": book})
    assert dataset.nodes["werkplaats-noord"].aliassen == ["WN", "Noord"]
    assert dataset.nodes["pub-jaarboek"].label == "Publicatie"
    rel = next(r for r in dataset.relationships if r.type == "BEHANDELT" and r.start == "werkplaats-noord")
    assert rel.end == "thema-jeugd"
    assert rel.sources[0].note == "=staat in het verslag"  # our own formula guard is undone on reading


def test_number_and_date_cells_mean_what_the_same_csv_means(tmp_path):
    header = ["id", "label", "naam", "niveau", "bron", "jaar", "cijfer_bereik", "titel"]
    csv_dataset, _ = load(tmp_path, {
        "k.csv": ",".join(header) + "\npub-a,Publicatie,Rapport A,regionaal,Verslag,2022,12.5,2024-01-31\n"})
    xlsx_dataset, _ = load(tmp_path, {"k.xlsx": workbook({"knopen": [
        header, ["pub-a", "Publicatie", "Rapport A", "regionaal", "Verslag", 2022.0, 12.5, dt.datetime(2024, 1, 31)]]})})
    assert xlsx_dataset.nodes["pub-a"].properties == csv_dataset.nodes["pub-a"].properties
    props = xlsx_dataset.nodes["pub-a"].properties
    assert props["jaar"] == 2022 and type(props["jaar"]) is int
    assert props["cijfer_bereik"] == 12.5 and props["titel"] == "2024-01-31"


def test_problems_name_file_sheet_and_the_row_excel_shows(tmp_path):
    book = workbook({
        "knopen": [["id", "label", "naam", "niveau", "bron"],
                   [None, "Werkplaats", "Werkplaats Zuid", "regionaal", "Verslag"],
                   [],  # an empty row: the next one is row 4 in Excel
                   [None, "Instituutt", "Nieuw", "landelijk", "Verslag"]],
        "relaties": [["van", "type", "naar", "bron"],
                     ["Werkplaats Zuid", "BEHANDELT", "Nergens", "Verslag"],
                     ["Werkplaats Zuid", "BEHANDELT", "jeugd", None]]})
    assert problems(tmp_path, {"eigen.xlsx": book}) == [
        "eigen.xlsx:knopen:4: E_UNKNOWN_LABEL onbekend label 'Instituutt' (bedoelde u 'Instituut'?)",
        "eigen.xlsx:relaties:2: E_DANGLING_REF 'naar' verwijst naar onbekende knoop 'Nergens' "
        "(geen id, naam of alias in de seed of uw bestanden)",
        "eigen.xlsx:relaties:3: E_MISSING_SOURCE geen bron: elk feit heeft een bron (URL, documenttitel of Publicatie-id)",
    ]


@pytest.mark.parametrize("case,sheets,expected", [
    ("header problem", {"knopen": [["id", "label", "naam", "niveau"], [None, "Thema", "Wonen", None]]},
     ["e.xlsx:knopen:1: E_MISSING_COLUMN verplichte kolom 'bron' ontbreekt"]),
    ("named for the other kind", {"relaties": [["id", "label", "naam", "bron"], [None, "Thema", "Wonen", "V"]]},
     ["e.xlsx:relaties:1: E_FILE_SHAPE het blad heet 'relaties' (relaties) maar heeft de kolommen van knopen"]),
    ("no data sheet", {"Blad1": [["hallo"]]},
     ["e.xlsx:1: E_FILE_SHAPE geen blad met knopen of relaties: noem een blad 'knopen' of 'relaties', of begin "
      "het met de kolommen id,label,naam,niveau,bron of van,type,naar,bron"]),
    ("headers only", {"knopen": [["id", "label", "naam", "niveau", "bron"]], "relaties": [["van", "type", "naar", "bron"]]},
     ["e.xlsx:1: E_EMPTY_FILE de bladen bevatten alleen kopregels, geen rijen"]),
    ("bad number", {"knopen": [["label", "naam", "bron", "jaar"], ["Publicatie", "X", "V", "vorig jaar"]]},
     ["e.xlsx:knopen:2: E_BAD_VALUE 'jaar' moet een getal zijn, niet 'vorig jaar'"]),
], ids=lambda v: v if isinstance(v, str) else "")
def test_each_workbook_problem(tmp_path, case, sheets, expected):
    assert problems(tmp_path, {"e.xlsx": workbook(sheets)}) == expected


def test_not_a_workbook_and_old_formats_are_clear_messages(tmp_path):
    assert problems(tmp_path, {"e.xlsx": b"dit is tekst", "oud.ods": b"PK"}) == [
        "e.xlsx:1: E_FILE_FORMAT geen geldig Excel-bestand (.xlsx): BadZipFile",
        "oud.ods:1: E_FILE_FORMAT dit spreadsheetformaat wordt niet gelezen: sla het op als Excel-werkmap (.xlsx) "
        "of als CSV (UTF-8)"]


def test_semicolon_csv_as_dutch_excel_saves_it(tmp_path):
    """Excel with Dutch settings writes `;`, CRLF, a decimal comma and (as CSV UTF-8) a BOM."""
    text = ("\ufeffid;label;naam;niveau;bron;cijfer_bereik;jaar\r\n"
            'pub-nl;Publicatie;"Rapport; deel 1";regionaal;Verslag NL;12,5;2023\r\n')
    dataset, _ = load(tmp_path, {"nl.csv": text.encode("utf-8")})
    props = dataset.nodes["pub-nl"].properties
    assert (props["naam"], props["cijfer_bereik"], props["jaar"]) == ("Rapport; deel 1", 12.5, 2023)


# -- writing ----------------------------------------------------------------------------------------
def sheet_rows(data: bytes, title: str) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data), read_only=True)[title].values)


def test_template_workbook_is_a_valid_import_with_the_csv_columns(tmp_path):
    from loaders.templates import NODE_HEADER, REL_HEADER

    data = template_xlsx()
    assert list(sheet_rows(data, "knopen")[0]) == NODE_HEADER
    assert list(sheet_rows(data, "relaties")[0]) == REL_HEADER
    path = tmp_path / "sjabloon.xlsx"
    path.write_bytes(data)
    dataset, report = validate_import([*seed_files(), path])
    assert [m.target for m in report.merged] == ["nederlands-jeugdinstituut"] and not report.new_nodes


def test_export_cells_keep_numbers_and_never_hold_a_formula():
    from graph.model import Dataset, Node, Relationship, Source

    src = Source("pub-x", None, None, "=1+1")
    ds = Dataset({"pub-x": Node("pub-x", "Publicatie", {"naam": "@SUM(A1)", "niveau": "regionaal", "jaar": 2020,
                                                         "cijfer_a": 1.5}, (src,)),
                  "gm-x": Node("gm-x", "Gemeente", {"naam": "-Dorp", "niveau": "lokaal", "inwoners": 1200,
                                                     "woonplaatsen": ["A", "B"]}, (src,))},
                 [Relationship("NOEMT", "pub-x", "gm-x", {}, (src,))])
    data = export_bytes(ds, "xlsx")
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["knopen", "relaties"]
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    knopen = {r[0]: dict(zip(sheet_rows(data, "knopen")[0], r)) for r in sheet_rows(data, "knopen")[1:]}
    assert knopen["pub-x"]["naam"] == "'@SUM(A1)" and knopen["gm-x"]["naam"] == "'-Dorp"
    assert knopen["pub-x"]["jaar"] == 2020 and knopen["gm-x"]["inwoners"] == 1200 and knopen["pub-x"]["cijfer_a"] == 1.5
    assert knopen["gm-x"]["woonplaatsen"] == "A|B" and knopen["gm-x"]["toelichting"] == "'=1+1"
    assert sheet_rows(data, "relaties") == [("van", "type", "naar", "bron", "toelichting")]  # NOEMT is derived


# -- the round trip on both stores ------------------------------------------------------------------
def facts(dataset):
    """What must survive an export and an import: every node with its properties, every stated
    relationship with the publications it rests on (derived facts are derived again). Values
    compare as values: Excel has one kind of number, so a figure 14.0 comes back as 14."""
    nodes = {n.id: (n.label, n.properties) for n in dataset.nodes.values()}
    rels = {r.key: sorted({s.publication for s in r.sources}) for r in dataset.relationships
            if r.type not in DERIVED_TYPES and not is_derived(r)}
    return nodes, rels


def test_round_trip_template_filled_validate_load_export_same_facts(tmp_path, make_store):
    book = load_workbook(io.BytesIO(template_xlsx()))
    knopen, relaties = book["knopen"], book["relaties"]
    header = [c.value for c in knopen[1]] + ["jaar", "cijfer_bereik"]
    for col, name in enumerate(header, start=1):
        knopen.cell(row=1, column=col, value=name)
    rows = [{"label": "Werkplaats", "naam": "Werkplaats Excelsior", "niveau": "regionaal",
             "bron": "https://example.org/excelsior", "aliassen": "WEX|Excelsior", "afkorting": "WEX",
             "toelichting": "=eigen verslag"},  # would be a formula if written unguarded
            {"label": "Publicatie", "naam": "Jaarverslag Excelsior", "niveau": "regionaal",
             "bron": "https://example.org/excelsior", "jaar": 2023.0, "cijfer_bereik": 0.75}]
    for r, row in enumerate(rows, start=3):
        for col, name in enumerate(header, start=1):
            if name in row:
                cell = knopen.cell(row=r, column=col, value=row[name])
                if name == "toelichting":
                    cell.data_type = "s"  # typed as '=... in Excel: text, not a formula
    relaties.cell(row=1, column=7, value="richting")
    rel_rows = [["WEX", "ACTIEF_IN", "Fryslân", "https://example.org/excelsior", None, None, None],
                ["Excelsior", "KENNISSTROOM", "Movisie", "Jaarverslag Excelsior", None, None, "lokaal->landelijk"],
                ["WEX", "NEEMT_DEEL_AAN", "Programma Sociaal Domein", "https://example.org/excelsior", None,
                 "deelnemer", None]]
    for r, row in enumerate(rel_rows, start=3):
        for col, value in enumerate(row, start=1):
            if value is not None:
                relaties.cell(row=r, column=col, value=value)
    filled = tmp_path / "ingevuld.xlsx"
    book.save(filled)

    dataset, report = validate_import([*seed_files(), filled])
    assert {"werkplaats-excelsior", "pub-jaarverslag-excelsior"} <= set(report.new_nodes)
    assert dataset.nodes["pub-jaarverslag-excelsior"].properties["jaar"] == 2023
    store = make_store(dataset)
    before = store.dataset()
    assert before.nodes["werkplaats-excelsior"].aliassen == ["WEX", "Excelsior"]
    assert any(r.type == "KENNISSTROOM" and r.start == "werkplaats-excelsior" for r in before.relationships)

    exported = tmp_path / "export.xlsx"
    exported.write_bytes(export_bytes(before, "xlsx"))
    again, again_report = validate_import([*seed_files(), exported])
    assert not again_report.conflicts, again_report.conflicts[:3]
    after = make_store(again).dataset()
    nodes_before, rels_before = facts(before)
    nodes_after, rels_after = facts(after)
    assert nodes_after == nodes_before
    assert rels_after == rels_before
    assert after.counts() == before.counts()


def test_import_sheets_leave_out_derived_facts_and_repeat_a_relationship_per_source(seed):
    sheets = import_sheets(seed)
    header = sheets["relaties"][0]
    types = {row[header.index("type")] for row in sheets["relaties"][1:]}
    assert not types & set(DERIVED_TYPES)
    stated = [r for r in seed.relationships if r.type not in DERIVED_TYPES and not is_derived(r)]
    assert len(sheets["relaties"]) - 1 == sum(len(r.sources) for r in stated)
    assert len(sheets["knopen"]) - 1 == len(seed.nodes)


# -- the command line: `lemniscaat load my.xlsx`, then a new process finds it ------------------------
def run(*args, env=None):
    return subprocess.run([sys.executable, str(ROOT / "lemniscaat_cli.py"), *args], capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, **(env or {})}, timeout=300)


def test_cli_load_xlsx_lasts_and_export_xlsx_reloads(tmp_path):
    path = tmp_path / "mijn.xlsx"
    path.write_bytes(workbook({"knopen": [["label", "naam", "niveau", "bron"],
                                          ["Werkplaats", "Werkplaats Xlsx", "regionaal", "Verslag Xlsx"]],
                               "relaties": [["van", "type", "naar", "bron"],
                                            ["Werkplaats Xlsx", "ACTIEF_IN", "Fryslân", "Verslag Xlsx"]]}))
    loaded = run("load", str(path))
    assert loaded.returncode == 0, loaded.stderr
    found = run("query", "bronnen", "--param", "id=Werkplaats Xlsx", "--json")
    assert found.returncode == 0, found.stderr
    assert "pub-verslag-xlsx" in found.stdout
    kept = json.loads(run("import", "list", "--json").stdout)["imports"]
    assert [i["files"] for i in kept] == [["mijn.xlsx"]]
    out = tmp_path / "graaf.xlsx"
    exported = run("export", "--format", "xlsx", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert any(r[2] == "Werkplaats Xlsx" for r in sheet_rows(out.read_bytes(), "knopen"))
    again = run("validate", str(out))
    assert again.returncode == 0, again.stderr
    bad = tmp_path / "fout.xlsx"
    bad.write_bytes(workbook({"relaties": [["van", "type", "naar", "bron"], ["Niemand", "ACTIEF_IN", "Fryslân", "V"]]}))
    refused = run("validate", str(bad))
    assert refused.returncode == 1 and f"{bad}:relaties:2: E_DANGLING_REF" in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr


def test_template_command_writes_the_workbook(tmp_path):
    proc = run("template", "--out", str(tmp_path / "sjablonen"))
    assert proc.returncode == 0, proc.stderr
    assert sheet_rows((tmp_path / "sjablonen" / "sjabloon.xlsx").read_bytes(), "knopen")[1][2] == "NJi"


def test_a_cell_with_line_breaks_does_not_shift_the_row_numbers(tmp_path):
    book = workbook({"knopen": [["label", "naam", "bron", "beschrijving"],
                                ["Thema", "Wonen", "Verslag", "regel een\nregel twee\r\nregel drie"],
                                ["Thema", "Zorg", None, None]]})
    assert problems(tmp_path, {"e.xlsx": book}) == [
        "e.xlsx:knopen:3: E_MISSING_SOURCE geen bron: elk feit heeft een bron (URL, documenttitel of Publicatie-id)"]


def test_a_workbook_that_unpacks_too_large_is_refused_before_reading(tmp_path, monkeypatch):
    from loaders import excel

    monkeypatch.setattr(excel, "MAX_UNPACKED", 2000)
    assert problems(tmp_path, {"e.xlsx": template_xlsx()}) == [
        "e.xlsx:1: E_FILE_TOO_LARGE werkmap is uitgepakt groter dan 0 MB; splits hem, of laad hem als CSV"]
