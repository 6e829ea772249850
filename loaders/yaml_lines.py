"""Safe YAML reading for data files, remembering the line each mapping starts on.

- every mapping gets its 1-based start line under LINE_KEY (for `file:line` errors);
- anchors, aliases and merge keys (`<<`) are refused (E_YAML_ALIAS) while parsing, before
  anything is expanded: a few hundred bytes of nested aliases cannot grow into gigabytes;
- a key that appears twice in one mapping is refused (E_DUPLICATE_KEY) instead of the second
  value silently winning.
Only SafeLoader's types are constructed; values are checked later by the value rules.
"""
from __future__ import annotations

import json
import re
from typing import Any

import yaml

LINE_KEY = "__line__"


class YamlRefused(yaml.YAMLError):
    """The text is YAML, but uses what data files may not: `problems` is a list of
    (line, code, Dutch message)."""

    def __init__(self, problems: list[tuple[int, str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{line}: {code} {msg}" for line, code, msg in problems))


ALIAS_MESSAGE = "YAML-ankers en -verwijzingen (&, *, <<) zijn niet toegestaan in databestanden; schrijf de waarde uit"


class _LineLoader(yaml.SafeLoader):
    """SafeLoader without anchors, aliases or duplicate keys; mappings remember their line."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[int, str, str]] = []

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise YamlRefused([(event.start_mark.line + 1, "E_YAML_ALIAS", ALIAS_MESSAGE)])
        return super().compose_node(parent, index)



class _FastLineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same checks with libyaml's parser (when PyYAML has it): several times faster. Used
    first; on a syntax error the text is parsed again with `_LineLoader`, so messages stay the
    same. Anchors and aliases are found by a scan of libyaml's events before composing."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[int, str, str]] = []


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[tuple[str, str]] = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise YamlRefused([(key_node.start_mark.line + 1, "E_YAML_ALIAS", ALIAS_MESSAGE)])
        if isinstance(key_node, yaml.ScalarNode):
            key = (key_node.tag, key_node.value)
            if key in seen:
                loader.duplicates.append((key_node.start_mark.line + 1, "E_DUPLICATE_KEY",
                                          f"sleutel '{key_node.value}' staat twee keer in dezelfde mapping"))
            seen.add(key)
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str) -> Any:
    """Parse YAML text; every mapping gets a `__line__` key. Raises YamlRefused (aliases,
    duplicate keys) or another yaml.YAMLError (syntax)."""
    entries = parse_entry_lines(text)
    if entries is not None:
        return entries
    if _FastLineLoader is not _LineLoader and hasattr(yaml, "CSafeLoader"):
        try:
            return _load(_FastLineLoader, text, scan_aliases=True)
        except YamlRefused:
            raise
        except yaml.YAMLError:
            pass  # parsed again below: the pure-Python parser words the error
    return _load(_LineLoader, text)


def _load(loader_class, text: str, scan_aliases: bool = False) -> Any:
    if scan_aliases:
        for event in yaml.parse(text, Loader=loader_class):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise YamlRefused([(event.start_mark.line + 1, "E_YAML_ALIAS", ALIAS_MESSAGE)])
    loader = loader_class(text)
    try:
        doc = loader.get_single_data()
    finally:
        loader.dispose()
    if loader.duplicates:
        raise YamlRefused(sorted(loader.duplicates))
    return doc


_SECTION = re.compile(r"^(nodes|relationships):[ \t]*$")
_ENTRY = "  - {"


def _refuse(text: str) -> Any:
    raise ValueError(text)


def _unique(pairs: list[tuple[str, Any]]) -> dict:
    """A JSON object's pairs as a dict; a repeated key leaves the fast path (the YAML parser
    then reports it as E_DUPLICATE_KEY)."""
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise ValueError("duplicate key")
    return mapping


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
            entry = json.loads(line[4:], object_pairs_hook=lambda pairs, n=number: at_line(_unique(pairs), n),
                               parse_float=_refuse, parse_constant=_refuse)
        except ValueError:  # also floats: JSON's 1e5 is a string to YAML 1.1
            return None
        if not isinstance(entry, dict):
            return None
        section.append(entry)
    if not doc or any(not section_items for key, section_items in doc.items() if key != LINE_KEY):
        return None
    return doc


def item_lines(text: str) -> list[int]:
    """The 1-based start line of each item of a top-level YAML list (text parsed already;
    composed by libyaml where it is there, which does not recurse in Python)."""
    loader = _FastLineLoader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    return [item.start_mark.line + 1 for item in root.value]


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
