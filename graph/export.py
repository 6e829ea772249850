"""Export a Dataset as JSON (the contract of DESIGN §8), GraphML, GEXF, CSV or an Excel workbook
(.xlsx, in the columns of the import templates), and read the JSON back (round trip)."""
from __future__ import annotations

import csv
import io
import json
import re
from typing import Any, Iterable

import networkx as nx

from graph.model import Dataset, Node, Relationship, Source

FORMATS = ("json", "graphml", "gexf", "csv", "xlsx")

# -- CSV that is safe to open in a spreadsheet (OWASP "CSV injection") ---------------------------
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text, never runs as a formula: text starting with `=`, `+`,
    `-`, `@`, a tab or a carriage return gets a leading single quote. Numbers stay numbers: a real
    int or float, and text that is just a number (`-3`, `1.5`), are written unchanged.

    >>> csv_cell("=1+1"), csv_cell("@SUM(A1)"), csv_cell("-3"), csv_cell(-3), csv_cell(1.5), csv_cell("Movisie")
    ("'=1+1", "'@SUM(A1)", '-3', -3, 1.5, 'Movisie')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_rows(rows: Iterable[Iterable[Any]]) -> Iterable[list[Any]]:
    """Every cell of every row through `csv_cell` (for csv.writer.writerows)."""
    return ([csv_cell(v) for v in row] for row in rows)


def to_json_obj(dataset: Dataset) -> dict[str, Any]:
    nodes = [
        {"id": n.id, "label": n.label, "properties": dict(sorted(n.properties.items())),
         "sources": [s.to_dict() for s in n.sources]}
        for n in sorted(dataset.nodes.values(), key=lambda n: n.id)
    ]
    rels = [
        {"type": r.type, "from": r.start, "to": r.end, "properties": dict(sorted(r.properties.items())),
         "sources": [s.to_dict() for s in r.sources]}
        for r in sorted(dataset.relationships, key=lambda r: r.key)
    ]
    return {"nodes": nodes, "relationships": rels}


def from_json_obj(obj: dict[str, Any]) -> Dataset:
    nodes = {
        n["id"]: Node(n["id"], n["label"], dict(n["properties"]),
                      tuple(Source.from_dict(s) for s in n["sources"]))
        for n in obj["nodes"]
    }
    rels = [
        Relationship(r["type"], r["from"], r["to"], dict(r["properties"]),
                     tuple(Source.from_dict(s) for s in r["sources"]))
        for r in obj["relationships"]
    ]
    return Dataset(nodes, rels)


def _flat(value: Any) -> Any:
    """GraphML/GEXF attributes are scalars: lists and dicts become JSON text."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def to_networkx(dataset: Dataset) -> nx.MultiDiGraph:
    """A flat MultiDiGraph (scalar attributes only) for the GraphML and GEXF writers."""
    g = nx.MultiDiGraph()
    for n in sorted(dataset.nodes.values(), key=lambda n: n.id):
        attrs = {k: _flat(v) for k, v in n.properties.items()}
        g.add_node(n.id, label=n.label, sources=_flat([s.to_dict() for s in n.sources]), **attrs)
    for r in sorted(dataset.relationships, key=lambda r: r.key):
        attrs = {k: _flat(v) for k, v in r.properties.items()}
        g.add_edge(r.start, r.end, type=r.type,
                   sources=_flat([s.to_dict() for s in r.sources]), **attrs)
    return g


def to_csv(dataset: Dataset) -> str:
    """One CSV: a row per node (kind=node) and per relationship (kind=relatie); cells that a
    spreadsheet would run as a formula are neutralised (`csv_cell`)."""
    buf = io.StringIO()
    rows: list[list[Any]] = [["kind", "id", "label", "type", "from", "to", "naam", "niveau", "properties",
                              "sources"]]
    obj = to_json_obj(dataset)
    for n in obj["nodes"]:
        p = n["properties"]
        rows.append(["node", n["id"], n["label"], "", "", "", p.get("naam", ""), p.get("niveau", ""),
                     json.dumps(p, ensure_ascii=False), json.dumps(n["sources"], ensure_ascii=False)])
    for r in obj["relationships"]:
        rows.append(["relatie", "", "", r["type"], r["from"], r["to"], "", "",
                     json.dumps(r["properties"], ensure_ascii=False),
                     json.dumps(r["sources"], ensure_ascii=False)])
    csv.writer(buf).writerows(csv_rows(rows))
    return buf.getvalue()


# -- Excel workbooks -------------------------------------------------------------------------------
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_XLSX_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # XML cannot hold these (openpyxl refuses)


def xlsx_cell(value: Any) -> Any:
    """A value for an .xlsx cell: numbers stay numbers (also numpy ones), text goes through
    `csv_cell` (so it is never a formula, exactly as in our CSV), missing values stay empty.

    >>> xlsx_cell("=HYPERLINK(1)"), xlsx_cell(2022), xlsx_cell(1.5), xlsx_cell(float("nan")), xlsx_cell(None)
    ("'=HYPERLINK(1)", 2022, 1.5, None, None)
    """
    if value is None or isinstance(value, (bool, int, float)):
        return None if isinstance(value, float) and value != value else value
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # a numpy scalar
        return xlsx_cell(value.item())
    text = value if isinstance(value, str) else str(value)
    return csv_cell(_XLSX_ILLEGAL.sub("", text))


def xlsx_bytes(sheets: dict[str, Iterable[Iterable[Any]]]) -> bytes:
    """A workbook with one sheet per (title, rows); the first row of each sheet is its header,
    shown bold and frozen. Every cell through `xlsx_cell`."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        ws.freeze_panes = "A2"
        for i, row in enumerate(rows):
            if i == 0:
                header = []
                for v in row:
                    c = WriteOnlyCell(ws, value=xlsx_cell(v))
                    c.font = bold
                    header.append(c)
                ws.append(header)
            else:
                ws.append([xlsx_cell(v) for v in row])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _import_value(value: Any) -> Any:
    """A property as the import format writes it: lists joined by `|` (loaders/user_files.py)."""
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


NODE_FIRST = ("id", "label", "naam", "niveau", "bron", "aliassen", "toelichting")
REL_FIRST = ("van", "type", "naar", "bron", "toelichting")


def import_sheets(dataset: Dataset) -> dict[str, list[list[Any]]]:
    """The dataset in the columns of the import templates (`knopen`, `relaties`), so that an
    export can be imported again: a node row carries its first source (`bron` = the Publicatie
    id, `toelichting` = the note); a relationship has a row per source (an import merges them
    into one relationship). Derived facts (NOEMT, rule-based memberships) are left out: an
    import derives them again. The JSON export keeps every source with file and line span."""
    from graph.model import DERIVED_TYPES, is_derived

    nodes = sorted(dataset.nodes.values(), key=lambda n: n.id)
    rels = sorted((r for r in dataset.relationships if r.type not in DERIVED_TYPES and not is_derived(r)),
                  key=lambda r: r.key)
    node_props = sorted({k for n in nodes for k in n.properties} - set(NODE_FIRST))
    rel_props = sorted({k for r in rels for k in r.properties} - set(REL_FIRST))
    knopen: list[list[Any]] = [[*NODE_FIRST, *node_props]]
    for n in nodes:
        p, src = n.properties, (n.sources[0] if n.sources else None)
        knopen.append([n.id, n.label, p.get("naam"), p.get("niveau"), src.publication if src else None,
                       _import_value(p.get("aliassen")), src.note if src else None,
                       *(_import_value(p.get(k)) for k in node_props)])
    relaties: list[list[Any]] = [[*REL_FIRST, *rel_props]]
    for r in rels:
        for src in r.sources or (None,):
            relaties.append([r.start, r.type, r.end, src.publication if src else None, src.note if src else None,
                             *(_import_value(r.properties.get(k)) for k in rel_props)])
    return {"knopen": knopen, "relaties": relaties}


def export_bytes(dataset: Dataset, fmt: str) -> bytes:
    """The dataset in one of FORMATS, as the bytes of a file."""
    if fmt == "json":
        return json.dumps(to_json_obj(dataset), ensure_ascii=False, indent=1).encode("utf-8")
    if fmt == "csv":
        return to_csv(dataset).encode("utf-8")
    if fmt == "xlsx":
        return xlsx_bytes(import_sheets(dataset))
    if fmt in ("graphml", "gexf"):
        g = to_networkx(dataset)
        lines = nx.generate_graphml(g) if fmt == "graphml" else nx.generate_gexf(g)
        return "\n".join(lines).encode("utf-8")
    raise ValueError(f"unknown export format '{fmt}' (choose from {', '.join(FORMATS)})")
