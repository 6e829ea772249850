"""Users' `.xlsx` workbooks: the same import format as CSV, one sheet per kind.

A workbook holds a sheet for knopen and one for relaties (or one file each). A sheet named
knopen/knoop/nodes or relaties/relatie/relationships (case, accents, spaces ignored) is read; any
other sheet is read only when its first row is a header of the import format (so a sheet with
notes, like `LEESMIJ` in the template, is left alone). Each sheet goes through the very rows
logic of CSV files (`loaders.user_files.read_csv`): cells are turned into the text a CSV export
of the sheet would hold (a whole number 2022, not 2022.0; a date as 2024-01-31), so a value
means the same in `.xlsx` as in `.csv`. Problems and rows name `file:sheet` and the row number
Excel shows.

A text cell that starts with `'` followed by `=`, `+`, `-`, `@`, a tab or a carriage return is
what the project's own downloads write to keep a spreadsheet from running it
(`graph.export.csv_cell`): the quote is dropped again, so an export reads back as it was.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import warnings
import zipfile
from pathlib import Path
from typing import Any, Iterable

from graph.errors import Problem
from graph.export import FORMULA_STARTS
from loaders.user_files import UserFile, kind_of, read_csv

NODE_SHEETS = ("knopen", "knoop", "nodes", "node")
REL_SHEETS = ("relaties", "relatie", "relationships", "relationship")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# An .xlsx is zipped XML: a small file can unpack to far more. Far beyond any real import
# (200,000 relationships are some 60 MB unpacked), and refused before anything is unpacked.
MAX_UNPACKED = 500 * 2**20


def sheet_kind(title: str) -> str | None:
    """'node' or 'rel' for a sheet named for its kind (tolerant), else None.

    >>> sheet_kind("Knopen"), sheet_kind(" Relaties "), sheet_kind("nodes"), sheet_kind("Blad1")
    ('node', 'rel', 'node', None)
    """
    key = "".join(c for c in unicodedata.normalize("NFKD", title).casefold() if c.isalnum())
    if key in NODE_SHEETS:
        return "node"
    if key in REL_SHEETS:
        return "rel"
    return None


def cell_text(value: Any) -> str:
    """The text a CSV export of the cell holds: numbers without a spurious `.0`, dates as ISO.

    >>> [cell_text(v) for v in (None, 2022, 2022.0, 1.5, dt.datetime(2024, 1, 31), "'=1+1", " NJi ")]
    ['', '2022', '2022', '1.5', '2024-01-31', '=1+1', ' NJi ']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    text = str(value)
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:]  # our own formula guard (graph.export.csv_cell), undone
    return text


def _sheet_as_csv(rows: Iterable[tuple]) -> tuple[str, dict[int, int]]:
    """The sheet as CSV text, and for each CSV line where a record starts its Excel row."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    lines: dict[int, int] = {}
    line = 1
    for excel_row, cells in enumerate(rows, start=1):
        texts = [cell_text(v) for v in cells]
        while texts and not texts[-1]:
            texts.pop()
        writer.writerow(texts)
        lines[line] = excel_row
        line += 1 + sum(len(_LINE_BREAK.findall(t)) for t in texts if "\n" in t or "\r" in t)  # cells may break lines
    return buf.getvalue(), lines


def _read_sheet(file: str, title: str, rows: Iterable[tuple], named: str | None) -> UserFile:
    """One sheet through the CSV rows logic; rows and problems renamed to file:sheet and row."""
    where = f"{file}:{title}"
    text, lines = _sheet_as_csv(rows)
    out = UserFile()
    if not text.strip():
        return out  # an empty sheet holds nothing (the workbook is checked as a whole)
    first = next(csv.reader(io.StringIO(text)))
    found = kind_of({c.strip().lower() for c in first if c.strip()})
    if named and found and found != named:
        want, got = ("knopen", "relaties") if named == "node" else ("relaties", "knopen")
        out.problems.append(Problem(where, lines.get(1, 1), "E_FILE_SHAPE",
                                    f"het blad heet '{title}' ({want}) maar heeft de kolommen van {got}"))
        return out
    user = read_csv(where, text)
    for row in user.rows:
        row.file, row.sheet, row.line = file, title, lines.get(row.line, row.line)
    out.rows = user.rows
    out.problems = [Problem(where, lines.get(p.line, p.line), p.code, p.message) for p in user.problems
                    if not (p.code == "E_EMPTY_FILE" and "kopregel" in p.message)]  # header only: fine
    return out


def _unpacked_size(path: Path) -> int:
    """What the workbook's parts add up to unpacked (an .xlsx is a zip file)."""
    with zipfile.ZipFile(path) as z:
        return sum(info.file_size for info in z.infolist())


def read_xlsx(file: str, path: Path) -> UserFile:
    """Rows of every data sheet of a `.xlsx` workbook; problems as `file:sheet:row: CODE message`."""
    from openpyxl import load_workbook

    out = UserFile()
    try:
        if _unpacked_size(path) > MAX_UNPACKED:
            out.problems.append(Problem(file, 1, "E_FILE_TOO_LARGE",
                                        f"werkmap is uitgepakt groter dan {MAX_UNPACKED // 2**20} MB; "
                                        "splits hem, of laad hem als CSV"))
            return out
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about features it does not read
            book = load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        out.problems.append(Problem(file, 1, "E_FILE", f"bestand niet leesbaar: {exc.strerror or exc}"))
        return out
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        out.problems.append(Problem(file, 1, "E_FILE_FORMAT",
                                    f"geen geldig Excel-bestand (.xlsx): {type(exc).__name__}"))
        return out
    try:
        used = 0
        for ws in book.worksheets:
            named = sheet_kind(ws.title)
            ws.reset_dimensions()  # a wrong <dimension> in the file must not cut rows off
            rows = ws.iter_rows(values_only=True)
            if named is None:
                header = next(rows, None)
                if header is None or kind_of({cell_text(c).strip().lower() for c in header} - {""}) is None:
                    continue  # notes, not data
                rows = _chain(header, rows)
            sheet = _read_sheet(file, ws.title, rows, named)
            used += 1 if (sheet.rows or sheet.problems or named) else 0
            out.rows.extend(sheet.rows)
            out.problems.extend(sheet.problems)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        out.problems.append(Problem(file, 1, "E_FILE_FORMAT",
                                    f"geen geldig Excel-bestand (.xlsx): {type(exc).__name__}"))
        return out
    finally:
        book.close()
    if not used:
        out.problems.append(Problem(file, 1, "E_FILE_SHAPE", "geen blad met knopen of relaties: noem een blad "
                                    "'knopen' of 'relaties', of begin het met de kolommen "
                                    "id,label,naam,niveau,bron of van,type,naar,bron"))
    elif not out.rows and not out.problems:
        out.problems.append(Problem(file, 1, "E_EMPTY_FILE", "de bladen bevatten alleen kopregels, geen rijen"))
    return out


def _chain(first: tuple, rest: Iterable[tuple]) -> Iterable[tuple]:
    yield first
    yield from rest


# -- the template ---------------------------------------------------------------------------------
TEMPLATE_NAME = "sjabloon.xlsx"


def template_xlsx() -> bytes:
    """The import template as one workbook: sheets `knopen` and `relaties` with the columns and
    the example row of the CSV templates (loaders/templates.py), and `toelichting` with notes
    (a sheet that is not read as data)."""
    from graph.export import xlsx_bytes
    from loaders.templates import NODE_EXAMPLE, NODE_HEADER, REL_EXAMPLE, REL_HEADER

    notes = [["Toelichting"],
             ["Vul het blad 'knopen' (één rij per knoop) en het blad 'relaties' (één rij per relatie)."],
             ["Knopen, verplicht: label, naam, bron. Relaties, verplicht: van, type, naar, bron."],
             ["bron: een URL, de titel van een document of het id van een publicatie in de graaf."],
             ["Meerdere aliassen: gescheiden door |. Zie LEESMIJ.md bij de CSV-sjablonen voor alle kolommen."],
             ["Controleer met: lemniscaat validate sjabloon.xlsx; laad met: lemniscaat load sjabloon.xlsx"],
             ["Fouten worden gemeld als bestand:blad:rij: CODE melding (rij zoals Excel hem nummert)."]]
    return xlsx_bytes({"knopen": [NODE_HEADER, [v or None for v in NODE_EXAMPLE]],
                       "relaties": [REL_HEADER, [v or None for v in REL_EXAMPLE]],
                       "toelichting": notes})


def write_template_xlsx(out: Path) -> Path:
    """Write `sjabloon.xlsx` into the folder `out`; returns its path."""
    path = out / TEMPLATE_NAME
    path.write_bytes(template_xlsx())
    return path
