"""The examples in docstrings run (networkx-style documentation stays true): every module of
the project's packages and the CLI whose source holds a `>>>` example is collected here."""
from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("graph", "loaders", "queries", "ui")
TOP_LEVEL = ("lemniscaat_cli",)
# Modules whose doctest is known to be wrong, with the reason; strict, so a fix shows up.
KNOWN_WRONG: dict[str, str] = {}


def modules_with_examples() -> list[str]:
    names = list(TOP_LEVEL)
    for package in PACKAGES:
        names += [f"{package}.{m.name}" for m in pkgutil.iter_modules([str(ROOT / package)])]
    found = []
    for name in sorted(names):
        path = ROOT / (name.replace(".", "/") + ".py")
        if path.is_file() and ">>>" in path.read_text(encoding="utf-8"):
            found.append(name)
    return found


def test_the_collection_finds_the_known_examples():
    found = modules_with_examples()
    assert {"graph.model", "graph.store", "queries.schakelpunten"} <= set(found)


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(reason=KNOWN_WRONG[n], strict=True)) if n in KNOWN_WRONG else n
    for n in modules_with_examples()])
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0, f"{name} shows '>>>' but no example ran"
    assert result.failed == 0
