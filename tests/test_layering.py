"""The dependency direction (ARCHITECTURE.md): graph at the bottom ← loaders ← queries ←
ui / app / CLI. Checked on the source, imports inside functions included."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# package -> the project packages it must not import
FORBIDDEN = {
    "graph": {"loaders", "queries", "ui", "app_pages", "lemniscaat_cli", "bench"},
    "loaders": {"queries", "ui", "app_pages", "lemniscaat_cli", "bench"},
    "queries": {"loaders", "ui", "app_pages", "lemniscaat_cli", "bench"},
}


def imported_packages(path: Path) -> set[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {(alias.name.split(".")[0], node.lineno) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add((node.module.split(".")[0], node.lineno))
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_import_points_upwards(package):
    wrong = [f"{path.relative_to(ROOT)}:{line} imports {name}"
             for path in sorted((ROOT / package).rglob("*.py"))
             for name, line in imported_packages(path) if name in FORBIDDEN[package]]
    assert not wrong, "\n".join(wrong)


def test_queries_use_only_public_store_methods_and_hold_no_cypher():
    assert not list((ROOT / "queries").glob("*.cypher")), "Cypher lives in the Neo4j store's primitives"
    wrong = []
    for path in sorted((ROOT / "queries").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                    and isinstance(node.value, ast.Name) and node.value.id in ("store", "s")):
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value.id}.{node.attr}")
            if isinstance(node, ast.Attribute) and node.attr in ("name",) and getattr(node.value, "id", "") == "store":
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} branches on the store kind")
    assert not wrong, "\n".join(wrong)


def test_the_neo4j_store_reads_no_files():
    text = (ROOT / "graph" / "neo4j_store.py").read_text(encoding="utf-8")
    assert "read_text" not in text and "open(" not in text and ".cypher" not in text
