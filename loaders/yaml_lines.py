"""YAML reading that remembers the line each mapping starts on (for `file:line` errors)."""
from __future__ import annotations

import json
import re
from typing import Any

import yaml

LINE_KEY = "__line__"


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that stores the 1-based start line of every mapping under LINE_KEY."""


class _FastLineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same with libyaml's parser (when PyYAML has it): several times faster. Used first;
    on any error the text is parsed again with `_LineLoader`, so messages stay the same."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str) -> Any:
    """Parse YAML text; every mapping gets a `__line__` key. Raises yaml.YAMLError."""
    entries = parse_entry_lines(text)
    if entries is not None:
        return entries
    try:
        return yaml.load(text, Loader=_FastLineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - the pure-Python messages


_SECTION = re.compile(r"^(nodes|relationships):[ \t]*$")
_ENTRY = "  - {"


def _refuse(text: str) -> Any:
    raise ValueError(text)


def parse_entry_lines(text: str) -> dict | None:
    """The fast path for generated seed files (seed/referentie-*.yaml): comment lines, the
    section lines `nodes:` / `relationships:`, and one entry per line written as a JSON object
    (`  - {"id": ...}`; JSON is valid YAML flow style). Gives exactly what the YAML parser
    gives (a flow mapping's line is the line it is on), about 50 times faster. None when the
    text has any other shape: then the YAML parser reads it (and reports its errors)."""
    doc: dict[str, Any] = {}
    section: list | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _SECTION.match(line)
        if match:
            if match.group(1) in doc:
                return None
            doc.setdefault(LINE_KEY, number)
            section = doc[match.group(1)] = []
            continue
        if section is None or not line.startswith(_ENTRY) or not line.rstrip().endswith("}"):
            return None
        def at_line(mapping: dict, number: int = number) -> dict:
            mapping[LINE_KEY] = number
            return mapping

        try:
            entry = json.loads(line[4:], object_hook=at_line, parse_float=_refuse, parse_constant=_refuse)
        except ValueError:  # also floats: JSON's 1e5 is a string to YAML 1.1
            return None
        if not isinstance(entry, dict):
            return None
        section.append(entry)
    if not doc or any(not section_items for key, section_items in doc.items() if key != LINE_KEY):
        return None
    return doc


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
