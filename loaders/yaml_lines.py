"""YAML reading that remembers the line each mapping starts on (for `file:line` errors)."""
from __future__ import annotations

from typing import Any

import yaml

LINE_KEY = "__line__"


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that stores the 1-based start line of every mapping under LINE_KEY."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str) -> Any:
    """Parse YAML text; every mapping gets a `__line__` key. Raises yaml.YAMLError."""
    return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass


def error_line(exc: yaml.YAMLError) -> int:
    """The 1-based line a YAML error points at (1 when unknown)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else 1


def line_of(entry: Any, default: int = 1) -> int:
    return entry.get(LINE_KEY, default) if isinstance(entry, dict) else default


def strip_lines(value: Any) -> Any:
    """A copy of a parsed value without the LINE_KEY bookkeeping."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != LINE_KEY}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value
