"""Checking locators against the source documents: do the cited lines name the entity?

The rule (seed/README.md): a node's cited lines contain its naam or an alias; a
relationship's lines, widened by RELATIONSHIP_SLACK on each side, name both ends (an end that
is the cited document itself is exempt). Comparison ignores case, accents and spacing, and a
hyphen at a line break is tried both joined ("onder-\\nwerpen") and kept ("Verwey-\\nJonker").
"""
from __future__ import annotations

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


def _name_key(name: str) -> str:
    return " ".join(_fold(name).split())


def names_in(variants: list[str], names: list[str]) -> bool:
    keys = [_name_key(n) for n in names if n and n.strip()]
    return any(k in v for k in keys for v in variants)


def check_node(node: Node, sources_dir: Path) -> list[str]:
    """Problems with the node's file sources (empty when every locator names the node)."""
    out = []
    for s in node.sources:
        if s.file is None:
            continue
        variants = span_variants(sources_dir / s.file, *s.lines)
        if not names_in(variants, node.names()):
            out.append(f"{node.id}: {s.file}:{s.lines[0]}-{s.lines[1]} noemt geen van {node.names()}")
    return out


def check_relationship(rel: Relationship, nodes: dict[str, Node], sources_dir: Path) -> list[str]:
    out = []
    for s in rel.sources:
        if s.file is None:
            continue
        a, b = s.lines[0] - RELATIONSHIP_SLACK, s.lines[1] + RELATIONSHIP_SLACK
        variants = span_variants(sources_dir / s.file, a, b)
        for end in (rel.start, rel.end):
            if end == s.publication:
                continue  # a document does not name itself
            if not names_in(variants, nodes[end].names()):
                out.append(f"{rel.type} {rel.start}->{rel.end}: {s.file}:{s.lines[0]}-{s.lines[1]} "
                           f"(±{RELATIONSHIP_SLACK}) noemt '{end}' niet ({nodes[end].names()})")
    return out


def check_dataset(dataset: Dataset, sources_dir: Path) -> list[str]:
    problems: list[str] = []
    for node in dataset.nodes.values():
        problems += check_node(node, sources_dir)
    for rel in dataset.relationships:
        problems += check_relationship(rel, dataset.nodes, sources_dir)
    return problems


def missing_files(dataset: Dataset, sources_dir: Path) -> set[str]:
    files = {s.file for n in dataset.nodes.values() for s in n.sources if s.file}
    return {f for f in files if not (sources_dir / f).is_file()}


__all__ = ["check_dataset", "check_node", "check_relationship", "missing_files"]
