"""The examples in docstrings run (networkx-style documentation stays true)."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["graph.model", "queries.schakelpunten", "queries.projection"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
    assert name == "queries.projection" or result.attempted > 0
