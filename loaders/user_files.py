"""The import format for users' own data: CSV or YAML, one row per node or relationship.

- nodes: `id,label,naam,niveau,bron` plus optional `aliassen`, `toelichting` and the
  label-specific properties of graph/model.py (`id` may be empty: it is derived from naam);
- relationships: `van,type,naar,bron` plus optional `toelichting` and relationship properties.

A CSV file holds one kind (its header decides); a YAML user file is a list of mappings, each a
node or a relationship (its keys decide). Lists (`aliassen`, `tips`) are written `a|b` in CSV.
This module only reads and cleans rows; loaders/resolve.py turns them into graph facts.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from graph.errors import Problem
from graph.model import (
    FIGURE_PREFIX,
    LABEL_PROPERTIES,
    RELATIONSHIP_TYPES,
    TEXT_LIST_PROPERTIES,
    WHOLE_NUMBER_PROPERTIES,
    value_problem,
)
from loaders.resolve import suggest
from loaders.yaml_lines import LINE_KEY

NODE_REQUIRED = ("label", "naam", "bron")
NODE_BASE = ("id", "label", "naam", "niveau", "bron", "aliassen", "toelichting", "beschrijving")
REL_REQUIRED = ("van", "type", "naar", "bron")
REL_BASE = ("van", "type", "naar", "bron", "toelichting")
NODE_COLUMNS = tuple(dict.fromkeys(NODE_BASE + tuple(p for ps in LABEL_PROPERTIES.values() for p in ps)))
REL_COLUMNS = tuple(dict.fromkeys(REL_BASE + tuple(p for _, _, ps in RELATIONSHIP_TYPES.values() for p in ps)))
LIST_SEPARATOR = "|"


@dataclass
class Row:
    """One node or relationship row from a user file, values cleaned (empty ones dropped)."""

    file: str
    line: int
    kind: str  # "node" or "rel"
    data: dict[str, Any]
    broken: bool = False  # a value was rejected while reading; the row is reported already
    sheet: str = ""  # the sheet of a workbook (loaders/excel.py); problems name file:sheet:row

    @property
    def where(self) -> str:
        """The file as a problem names it: `file`, or `file:sheet` for a workbook row."""
        return f"{self.file}:{self.sheet}" if self.sheet else self.file


@dataclass
class UserFile:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def kind_of(keys: set[str]) -> str | None:
    """'rel' for van/naar/type columns, 'node' for id/label/naam, else None."""
    if keys & {"van", "naar"}:
        return "rel"
    if keys & {"label", "naam", "id"}:
        return "node"
    if "type" in keys:
        return "rel"
    return None


def known_column(kind: str, key: str) -> bool:
    return key in (NODE_COLUMNS if kind == "node" else REL_COLUMNS) or (
        kind == "node" and key.startswith(FIGURE_PREFIX))


SHAPE_HINT = "verwacht kolommen id,label,naam,niveau,bron (knopen) of van,type,naar,bron (relaties)"


# -- values ---------------------------------------------------------------------------------
def _number(text: str) -> int | float | None:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def clean_value(key: str, value: Any) -> tuple[Any, str | None]:
    """(cleaned value or None when empty, Dutch problem message or None).

    CSV cells are text: lists are split on LIST_SEPARATOR and numeric columns read as
    numbers here; then every value obeys the same value rules as the seed
    (graph.model.value_problem)."""
    if value is None:
        return None, None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None, None
        if key in TEXT_LIST_PROPERTIES:
            value = [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]
        elif key in WHOLE_NUMBER_PROPERTIES or key.startswith(FIGURE_PREFIX):
            value = _number(text)
            if value is None:
                return None, f"'{key}' moet een getal zijn, niet {text!r}"
        else:
            value = text
    elif key in TEXT_LIST_PROPERTIES and isinstance(value, list):
        value = [item.strip() if isinstance(item, str) else item for item in value]
        value = [item for item in value if item != ""]
    if value == []:
        return None, None
    problem = value_problem(key, value)
    if problem and key in TEXT_LIST_PROPERTIES and "lijst van teksten" in problem:
        problem += f" (in CSV gescheiden door '{LIST_SEPARATOR}')"
    return (None, problem) if problem else (value, None)


def _row(file: str, line: int, kind: str, raw: dict[str, Any], out: UserFile) -> None:
    data: dict[str, Any] = {}
    broken = False
    for key, value in raw.items():
        cleaned, problem = clean_value(key, value)
        if problem:
            out.problems.append(Problem(file, line, "E_BAD_VALUE", problem))
            broken = True
        elif cleaned is not None:
            data[key] = cleaned
    out.rows.append(Row(file, line, kind, data, broken))


# -- CSV ------------------------------------------------------------------------------------
def _delimiter(text: str) -> str:
    first = next((l for l in text.split("\n") if l.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(file: str, text: str) -> UserFile:
    """Rows of a CSV user file; broken quotes, ragged rows and bad columns as problems."""
    out = UserFile()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    header: list[str] | None = None
    header_line = 1
    kind: str | None = None
    prev = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            msg = str(exc)
            code = "E_CSV_QUOTE" if ("end of data" in msg or '"' in msg) else "E_CSV_SYNTAX"
            text_nl = ("aanhalingsteken niet goed afgesloten of gevolgd door tekst" if code == "E_CSV_QUOTE"
                       else f"ongeldige CSV ({msg})")
            out.problems.append(Problem(file, prev + 1, code, text_nl))
            prev = reader.line_num
            if header is None:
                return out
            continue
        start, prev = prev + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header, header_line = [c.strip().lower() for c in cells], start
            kind = _check_header(file, start, header, out)
            if kind is None:
                return out
            continue
        if len(cells) > len(header):
            out.problems.append(Problem(file, start, "E_CSV_ROW",
                                        f"rij heeft {len(cells)} cellen, de kopregel {len(header)}"))
            continue
        raw: dict[str, Any] = {}
        for col, cell in zip(header, cells):
            if not col:
                if cell.strip():
                    out.problems.append(Problem(file, start, "E_UNKNOWN_COLUMN",
                                                f"waarde '{cell.strip()}' in een kolom zonder naam"))
                continue
            if known_column(kind, col):
                raw[col] = cell
        _row(file, start, kind, raw, out)
    if header is None:
        out.problems.append(Problem(file, 1, "E_EMPTY_FILE", "bestand is leeg"))
    elif not out.rows and not out.problems:
        out.problems.append(Problem(file, header_line, "E_EMPTY_FILE", "bestand bevat alleen een kopregel, geen rijen"))
    return out


def _check_header(file: str, line: int, header: list[str], out: UserFile) -> str | None:
    names = [h for h in header if h]
    kind = kind_of(set(names))
    if kind is None:
        out.problems.append(Problem(file, line, "E_FILE_SHAPE", f"onbekende kopregel: {SHAPE_HINT}"))
        return None
    seen: set[str] = set()
    for col in names:
        if col in seen:
            out.problems.append(Problem(file, line, "E_DUPLICATE_COLUMN", f"kolom '{col}' staat er twee keer in"))
        seen.add(col)
        if not known_column(kind, col):
            options = NODE_COLUMNS if kind == "node" else REL_COLUMNS
            out.problems.append(Problem(file, line, "E_UNKNOWN_COLUMN",
                                        f"onbekende kolom '{col}'{suggest(col, options)}"))
    for col in NODE_REQUIRED if kind == "node" else REL_REQUIRED:
        if col not in seen:
            out.problems.append(Problem(file, line, "E_MISSING_COLUMN", f"verplichte kolom '{col}' ontbreekt"))
    if any(p.code in ("E_MISSING_COLUMN", "E_DUPLICATE_COLUMN") for p in out.problems):
        return None  # rows cannot be read reliably; the header problems say why
    return kind


# -- YAML -----------------------------------------------------------------------------------
def rows_from_yaml(file: str, doc: list, item_lines: list[int]) -> UserFile:
    """Rows of a YAML user file (a list of mappings); `item_lines` has each item's line."""
    out = UserFile()
    if not doc:
        out.problems.append(Problem(file, 1, "E_EMPTY_FILE", "de lijst is leeg"))
    for item, line in zip(doc, item_lines):
        if not isinstance(item, dict):
            out.problems.append(Problem(file, line, "E_FILE_SHAPE",
                                        "elk item moet een mapping zijn (kolom: waarde)"))
            continue
        line = item.get(LINE_KEY, line)
        keys = {k.strip().lower(): v for k, v in item.items() if isinstance(k, str) and k != LINE_KEY}
        bad_keys = [k for k in item if not isinstance(k, str)]
        kind = kind_of(set(keys))
        if kind is None:
            out.problems.append(Problem(file, line, "E_FILE_SHAPE", f"knoop of relatie? {SHAPE_HINT}"))
            continue
        broken = False
        for key in [*map(str, bad_keys), *(k for k in keys if not known_column(kind, k))]:
            options = NODE_COLUMNS if kind == "node" else REL_COLUMNS
            out.problems.append(Problem(file, line, "E_UNKNOWN_COLUMN",
                                        f"onbekende kolom '{key}'{suggest(key, options)}"))
            broken = True
        _row(file, line, kind, {k: v for k, v in keys.items() if known_column(kind, k)}, out)
        out.rows[-1].broken |= broken
    return out
