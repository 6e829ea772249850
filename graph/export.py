"""Export a Dataset as JSON (the contract of DESIGN §8), GraphML, GEXF or CSV, and read the
JSON back (round trip)."""
from __future__ import annotations

import csv
import io
import json
import re
from typing import Any, Iterable

import networkx as nx

from graph.model import Dataset, Node, Relationship, Source

FORMATS = ("json", "graphml", "gexf", "csv")

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


def export_bytes(dataset: Dataset, fmt: str) -> bytes:
    """The dataset in one of FORMATS, as the bytes of a file."""
    if fmt == "json":
        return json.dumps(to_json_obj(dataset), ensure_ascii=False, indent=1).encode("utf-8")
    if fmt == "csv":
        return to_csv(dataset).encode("utf-8")
    if fmt in ("graphml", "gexf"):
        g = to_networkx(dataset)
        lines = nx.generate_graphml(g) if fmt == "graphml" else nx.generate_gexf(g)
        return "\n".join(lines).encode("utf-8")
    raise ValueError(f"unknown export format '{fmt}' (choose from {', '.join(FORMATS)})")
