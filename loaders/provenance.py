"""Checking locators against the source documents: do the cited lines name the entity?

The rule (seed/README.md): a node's cited lines contain its naam or an alias; a
relationship's lines, widened by RELATIONSHIP_SLACK on each side, name both ends (an end that
is the cited document itself is exempt). Comparison ignores case, accents and spacing, and a
hyphen at a line break is tried both joined ("onder-\\nwerpen") and kept ("Verwey-\\nJonker").

Reference files (../shared/reference/, CSV with one header line) are checked per field, on
exactly the cited line: a node with a `cbs_code` is named when a code column of the line holds
that code and the name column beside it holds one of its names (or a part of it: the jeugdregio
"Groningen" is the node "Jeugdregio Groningen"); a Grootteklasse when the line's inhabitants
fall inside its bounds; a woonplaats source must name one of the gemeente's `woonplaatsen`,
and every woonplaats of a gemeente must have such a source.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from graph.model import Dataset, Node, Relationship

RELATIONSHIP_SLACK = 3


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    folded = folded.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    return folded


@lru_cache(maxsize=16)
def _lines(path: str) -> tuple[str, ...]:
    return tuple(Path(path).read_text(encoding="utf-8").split("\n"))


def span_variants(path: Path, start: int, end: int) -> list[str]:
    """The text of lines start..end (1-based, inclusive, clipped), as comparable variants."""
    lines = _lines(str(path))
    chunk = "\n".join(lines[max(0, start - 1):min(len(lines), end)])
    folded = _fold(chunk)
    joined = re.sub(r"-\s*\n\s*", "", folded)
    kept = re.sub(r"-\s*\n\s*", "-", folded)
    return [" ".join(v.split()) for v in (joined, kept)]


def source_path(sources_dir: Path, file: str) -> Path:
    """Where a cited document is: in `sources_dir`, else among the documents added to the
    workspace (`lemniscaat document add`, loaders/documents/store.py)."""
    path = sources_dir / file
    if path.is_file():
        return path
    from loaders.documents.store import find_source

    return find_source(file) or path


def _name_key(name: str) -> str:
    return " ".join(_fold(name).split())


def names_in(variants: list[str], names: list[str]) -> bool:
    keys = [_name_key(n) for n in names if n and n.strip()]
    return any(k in v for k in keys for v in variants)


def check_node(node: Node, sources_dir: Path, reference: "Reference | None" = None) -> list[str]:
    """Problems with the node's file sources (empty when every locator names the node)."""
    out = []
    for s in node.sources:
        if s.file is None:
            continue
        if reference is not None and s.file in reference.files:
            out += reference.check_node(node, s)
            continue
        variants = span_variants(source_path(sources_dir, s.file), *s.lines)
        if not names_in(variants, node.own_names()):
            out.append(f"{node.id}: {s.file}:{s.lines[0]}-{s.lines[1]} noemt geen van {node.own_names()}")
    if reference is not None:
        out += reference.check_woonplaatsen(node)
    return out


def check_relationship(rel: Relationship, nodes: dict[str, Node], sources_dir: Path,
                       reference: "Reference | None" = None) -> list[str]:
    out = []
    for s in rel.sources:
        if s.file is None:
            continue
        if reference is not None and s.file in reference.files:
            out += reference.check_relationship(rel, nodes, s)
            continue
        a, b = s.lines[0] - RELATIONSHIP_SLACK, s.lines[1] + RELATIONSHIP_SLACK
        variants = span_variants(source_path(sources_dir, s.file), a, b)
        for end in (rel.start, rel.end):
            if end == s.publication:
                continue  # a document does not name itself
            if not names_in(variants, nodes[end].own_names()):
                out.append(f"{rel.type} {rel.start}->{rel.end}: {s.file}:{s.lines[0]}-{s.lines[1]} "
                           f"(±{RELATIONSHIP_SLACK}) noemt '{end}' niet ({nodes[end].own_names()})")
    return out


# -- reference files ------------------------------------------------------------------------
@lru_cache(maxsize=8)
def _csv_rows(path: str) -> tuple[tuple[str, ...], tuple[dict[str, str], ...]]:
    """(header, rows) of a reference CSV; rows[i] is line i + 2 (line 1 is the header)."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    header = tuple(next(csv.reader([lines[0]])))
    rows = tuple(dict(zip(header, next(csv.reader([line])))) if line else {} for line in lines[1:])
    return header, rows


def _code_name_pairs(header: tuple[str, ...]) -> list[tuple[str, str]]:
    """(code column, name column): every column ending in 'code' and the column after it."""
    return [(c, header[i + 1]) for i, c in enumerate(header[:-1]) if c.endswith("code")]


class Reference:
    """The reference files a dataset cites (Publicatie soort 'referentie') and their folder."""

    def __init__(self, files: dict[str, str], folder: Path):
        self.files = files  # file -> Publicatie id
        self.folder = folder

    def row(self, file: str, line: int) -> tuple[tuple[str, ...], dict[str, str]] | None:
        header, rows = _csv_rows(str(self.folder / file))
        if line == 1:
            return header, dict(zip(header, header))
        if not 2 <= line <= len(rows) + 1 or not rows[line - 2]:
            return None
        return header, rows[line - 2]

    @staticmethod
    def names(header: tuple[str, ...], row: dict[str, str], node: Node) -> bool:
        """Does this CSV line name the node (see the module docstring)?"""
        if node.label == "Grootteklasse":
            low, high = node.properties.get("ondergrens", 0), node.properties.get("bovengrens")
            counts = [int(v) for k, v in row.items() if k.startswith("inwoners") and v.isdigit()]
            return any(low <= n and (high is None or n <= high) for n in counts)
        code = node.properties.get("cbs_code")
        if not code:
            return False
        keys = [_name_key(n) for n in node.own_names()]
        return any(row.get(c) == code and _name_key(row.get(n, "")) and
                   any(_name_key(row[n]) in k for k in keys)
                   for c, n in _code_name_pairs(header))

    def _where(self, s) -> str:
        return f"{s.file}:{s.lines[0]}" + (f"-{s.lines[1]}" if s.lines[1] != s.lines[0] else "")

    def _one_line(self, s) -> list[str]:
        return [] if s.lines[0] == s.lines[1] else [f"{self._where(s)}: een referentiefeit noemt één regel"]

    def check_node(self, node: Node, s) -> list[str]:
        if s.publication == node.id:
            return []  # the reference file itself
        found = self.row(s.file, s.lines[0])
        if found is None:
            return [f"{node.id}: {self._where(s)} ligt buiten het bestand"]
        header, row = found
        out = self._one_line(s)
        if not self.names(header, row, node):
            out.append(f"{node.id}: {self._where(s)} noemt {node.naam} ({node.properties.get('cbs_code')}) niet")
        place = row.get("woonplaats")
        if place is not None and place not in (node.properties.get("woonplaatsen") or []):
            out.append(f"{node.id}: {self._where(s)} noemt woonplaats {place}, die niet bij de gemeente staat")
        return out

    def check_woonplaatsen(self, node: Node) -> list[str]:
        """Every woonplaats of a gemeente has a source line that names it."""
        places = node.properties.get("woonplaatsen") or []
        if not places:
            return []
        cited = set()
        for s in node.sources:
            if s.file in self.files and s.lines:
                found = self.row(s.file, s.lines[0])
                if found and "woonplaats" in found[1]:
                    cited.add(found[1]["woonplaats"])
        return [f"{node.id}: woonplaats {p} zonder bronregel" for p in places if p not in cited]

    def check_relationship(self, rel: Relationship, nodes: dict[str, Node], s) -> list[str]:
        found = self.row(s.file, s.lines[0])
        if found is None:
            return [f"{rel.type} {rel.start}->{rel.end}: {self._where(s)} ligt buiten het bestand"]
        header, row = found
        out = self._one_line(s)
        for end in (rel.start, rel.end):
            if end != s.publication and not self.names(header, row, nodes[end]):
                out.append(f"{rel.type} {rel.start}->{rel.end}: {self._where(s)} noemt '{end}' niet")
        return out


def reference_for(dataset: Dataset, folder: Path) -> Reference:
    from loaders.validate import reference_files

    return Reference(reference_files(dataset.nodes.values()), folder)


def check_dataset(dataset: Dataset, sources_dir: Path, reference_dir: Path | None = None) -> list[str]:
    """Every locator of the dataset checked: documents in `sources_dir`, reference files in
    `reference_dir` (default $LEMNISCAAT_REFERENCE or ../shared/reference)."""
    from loaders.validate import default_reference_dir

    reference = reference_for(dataset, reference_dir or default_reference_dir())
    problems: list[str] = []
    for node in dataset.nodes.values():
        problems += check_node(node, sources_dir, reference)
    for rel in dataset.relationships:
        problems += check_relationship(rel, dataset.nodes, sources_dir, reference)
    return problems


def missing_files(dataset: Dataset, sources_dir: Path, reference_dir: Path | None = None) -> set[str]:
    """Cited files that are not there (documents in sources_dir, reference files in reference_dir)."""
    from loaders.validate import default_reference_dir, reference_files

    ref = reference_files(dataset.nodes.values())
    ref_dir = reference_dir or default_reference_dir()
    files = {s.file for n in dataset.nodes.values() for s in n.sources if s.file}
    files |= {s.file for r in dataset.relationships for s in r.sources if s.file}
    return {f for f in files if not (ref_dir / f if f in ref else source_path(sources_dir, f)).is_file()}


__all__ = ["Reference", "check_dataset", "check_node", "check_relationship", "missing_files", "reference_for"]
