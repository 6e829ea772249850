"""Read seed and user data files and validate them into a `Dataset`.

Two formats, one code path: seed-format YAML (a mapping with nodes/relationships, sources with
file and line spans; rules below) and the user import format (CSV or a YAML list of rows,
loaders/user_files.py), applied on top by loaders/user_import.py.

Every problem is collected (not only the first) and reported as `file:line: CODE message`,
with a language-neutral code and a Dutch message. Nothing is written to any store here:
`validate_files` returns a complete, validated `Dataset` or raises `ValidationError`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from graph.errors import Problem, ValidationError
from graph.model import (
    Dataset,
    Node,
    Relationship,
    Source,
    normalize_name,
)
from graph.store import GraphStore
from loaders import rules
from loaders.groups import derive_memberships
from loaders.excel import read_xlsx
from loaders.resolve import suggest
from loaders.user_files import Row, read_csv, rows_from_yaml
from loaders.user_import import ImportReport, UserImport
from loaders.yaml_lines import LINE_KEY, YamlRefused, error_line, item_lines, line_of, parse_yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = REPO_ROOT / "seed"
NODE_KEYS = {"id", "label", "sources", LINE_KEY}
REL_KEYS = {"type", "from", "to", "sources", LINE_KEY}
# Reference data (administrative geography and CBS figures, ../shared/reference/): a source
# that cites a reference Publicatie (soort "referentie", or file: null) may back only these
# labels and relationship types, and these labels may rest on reference sources alone.
REFERENCE_OK_LABELS = ("Regio", "Gemeente", "Publicatie")
REFERENCE_OK_TYPES = ("LIGT_IN", "IN_GROOTTEKLASSE")
REFERENCE_ONLY_OK = {"Regio", "Gemeente", "Publicatie"}
REFERENCE_SOORT = "referentie"
EXCEL_SUFFIXES = (".xls", ".ods")  # spreadsheets in a format we do not read (.xlsx we do)
DATA_SUFFIXES = (".csv", ".yaml", ".yml", ".json", ".xlsx")  # anything else is not a data file


def default_sources_dir() -> Path:
    """Where the source documents are: $LEMNISCAAT_SOURCES or ../shared/seeds."""
    env = os.environ.get("LEMNISCAAT_SOURCES")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "seeds"


def default_reference_dir() -> Path:
    """Where the reference files are: $LEMNISCAAT_REFERENCE or ../shared/reference."""
    env = os.environ.get("LEMNISCAAT_REFERENCE")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "reference"


def reference_files(nodes) -> dict[str, str]:
    """file -> Publicatie id of the reference publications (soort "referentie" with a bestand)."""
    return {n.properties["bestand"]: n.id for n in nodes
            if n.label == "Publicatie" and n.properties.get("soort") == REFERENCE_SOORT
            and n.properties.get("bestand")}


def seed_files(seed_dir: Path = SEED_DIR) -> list[Path]:
    return sorted(seed_dir.glob("*.yaml"))


@dataclass
class Entry:
    """One node or relationship as written in a file, before merging."""

    file: str
    line: int
    data: dict[str, Any]


def display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass
class ParsedFiles:
    """Every file read once: seed-format entries, user-format rows, structural problems."""

    nodes: list[Entry] = field(default_factory=list)
    rels: list[Entry] = field(default_factory=list)
    user_rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _decode(name: str, path: Path, out: ParsedFiles) -> str | None:
    if path.suffix.lower() in EXCEL_SUFFIXES:
        out.problems.append(Problem(name, 1, "E_FILE_FORMAT",
                                    "dit spreadsheetformaat wordt niet gelezen: sla het op als "
                                    "Excel-werkmap (.xlsx) of als CSV (UTF-8)"))
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        out.problems.append(Problem(name, 1, "E_FILE", f"bestand niet leesbaar: {exc.strerror}"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        out.problems.append(Problem(name, line, "E_ENCODING", "bestand is geen UTF-8"))
        return None
    text = text.removeprefix("\ufeff")  # a BOM, as Excel writes it
    if not text.strip():
        out.problems.append(Problem(name, 1, "E_EMPTY_FILE", "bestand is leeg"))
        return None
    return text


def _read_yaml(name: str, text: str, out: ParsedFiles) -> None:
    try:
        doc = parse_yaml(text)
    except YamlRefused as exc:
        out.problems.extend(Problem(name, line, code, message) for line, code, message in exc.problems)
        return
    except yaml.YAMLError as exc:
        reason = getattr(exc, "problem", None) or "ongeldige YAML"
        out.problems.append(Problem(name, error_line(exc), "E_YAML_SYNTAX", f"ongeldige YAML: {reason}"))
        return
    except RecursionError:
        out.problems.append(Problem(name, 1, "E_YAML_SYNTAX", "ongeldige YAML: te diep genest"))
        return
    if isinstance(doc, list):  # the user import format: a list of rows
        user = rows_from_yaml(name, doc, item_lines(text))
        out.user_rows.extend(user.rows)
        out.problems.extend(user.problems)
        return
    if not isinstance(doc, dict) or not ({"nodes", "relationships"} & set(doc)):
        out.problems.append(Problem(name, line_of(doc), "E_FILE_SHAPE",
                                    "verwacht een lijst van mappings (één per knoop of relatie), "
                                    "of een seedbestand met 'nodes' en/of 'relationships'"))
        return
    for key in doc:
        if key not in ("nodes", "relationships", LINE_KEY):
            out.problems.append(Problem(name, line_of(doc), "E_FILE_SHAPE",
                                        f"onbekende sectie '{key}'{suggest(key, ['nodes', 'relationships'])}"))
    for section, bucket in (("nodes", out.nodes), ("relationships", out.rels)):
        items = doc.get(section) or []
        if not isinstance(items, list):
            out.problems.append(Problem(name, line_of(doc), "E_FILE_SHAPE",
                                        f"'{section}' moet een lijst van mappings zijn"))
            continue
        for item in items:
            if not isinstance(item, dict):
                out.problems.append(Problem(name, line_of(doc), "E_FILE_SHAPE",
                                            f"elk item in '{section}' moet een mapping zijn"))
                continue
            bucket.append(Entry(name, line_of(item), item))


def read_all(paths: Iterable[Path]) -> ParsedFiles:
    """Read every file: `.csv` is the user import format; YAML is the seed format (a
    mapping with nodes/relationships) or the user import format (a list of rows)."""
    out = ParsedFiles()
    for path in paths:
        path = Path(path)
        name = display_name(path)
        if path.suffix.lower() not in (*DATA_SUFFIXES, *EXCEL_SUFFIXES):
            out.problems.append(Problem(name, 1, "E_FILE_FORMAT", "geen gegevensbestand: verwacht "
                                        f"{', '.join(DATA_SUFFIXES)} (CSV, YAML, JSON of Excel)"))
            continue
        if path.suffix.lower() == ".xlsx":  # a workbook: its sheets are read as CSV files
            user = read_xlsx(name, path)
            out.user_rows.extend(user.rows)
            out.problems.extend(user.problems)
            continue
        text = _decode(name, path, out)
        if text is None:
            continue
        if path.suffix.lower() == ".csv":
            user = read_csv(name, text)
            out.user_rows.extend(user.rows)
            out.problems.extend(user.problems)
        else:
            _read_yaml(name, text, out)
    return out


def read_files(paths: Iterable[Path]) -> tuple[list[Entry], list[Entry], list[Problem]]:
    """Seed-format node and relationship entries of `paths`, plus every structural problem
    (user-format rows are left out; `read_all` has them)."""
    parsed = read_all(paths)
    return parsed.nodes, parsed.rels, parsed.problems


class _LineCounter:
    """Counts lines of source documents and reference files (split on \\n only, as grep -n does)."""

    def __init__(self, sources_dir: Path | None, reference_dir: Path | None = None):
        self.dir = sources_dir
        self.reference_dir = reference_dir
        self.reference: set[str] = set()  # files that live in reference_dir
        self.cache: dict[str, int | None] = {}

    def path(self, file: str) -> Path | None:
        """`file` inside the sources folder, or None: a name that leaves the folder (also
        through a link) is never looked up (loaders/rules.py bestand_issue)."""
        if self.dir is None or rules.bestand_issue(file) is not None:
            return None
        root = self.dir.resolve()
        path = (root / file).resolve()
        return path if path.is_relative_to(root) else None

    def count(self, file: str) -> int | None:
        if file not in self.cache:
            path = (self.reference_dir / file if self.reference_dir and rules.bestand_issue(file) is None
                    else None) if file in self.reference else self.path(file)
            if (path is None or not path.is_file()) and file not in self.reference:
                # a document added to the workspace (documenten/doc-<hash>.txt), as the
                # provenance check finds it (loaders/provenance.py source_path)
                from loaders.documents.store import find_source

                path = find_source(file) or path
            if path is None or not path.is_file():
                self.cache[file] = None
            else:
                data = path.read_bytes()
                n = data.count(b"\n")
                self.cache[file] = n + (0 if data.endswith(b"\n") or not data else 1)
        return self.cache[file]


class _Builder:
    def __init__(self, sources_dir: Path | None, reference_dir: Path | None = None):
        self.problems: list[Problem] = []
        self.lines = _LineCounter(sources_dir, reference_dir)
        self.reference_pubs: set[str] = set()

    def problem(self, entry: Entry, code: str, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(entry.file, line or entry.line, code, message))

    def all_text(self, entry: Entry, keys: tuple[str, ...]) -> bool:
        """True when every key holds text; otherwise each other value is reported."""
        bad = [k for k in keys if self.issue(entry, rules.text_issue(k, entry.data.get(k)))]
        return not bad

    # -- sources ---------------------------------------------------------------------------
    def parse_sources(self, entry: Entry, file_to_pub: dict[str, str], publications: set[str],
                      reference_ok: bool) -> list[Source]:
        raw = entry.data.get("sources")
        if not raw:
            self.problem(entry, "E_MISSING_SOURCE", "geen bron: elk feit heeft minstens één bron")
            return []
        if not isinstance(raw, list):
            raw = [raw]
        out: list[Source] = []
        for src in raw:
            line = line_of(src, entry.line)
            if not isinstance(src, dict):
                self.problem(entry, "E_BAD_SOURCE", "een bron moet een mapping zijn", line)
                continue
            unknown = set(src) - {"file", "lines", "note", "publication", LINE_KEY}
            if unknown:
                self.problem(entry, "E_BAD_SOURCE", f"onbekend veld in bron: {', '.join(sorted(unknown))}", line)
            note = src.get("note")
            if not isinstance(note, str) or not note.strip():
                self.problem(entry, "E_BAD_SOURCE", "bron zonder 'note' (korte toelichting in eigen woorden)", line)
                note = ""
            file = src.get("file")
            if not all(isinstance(src.get(k), (str, type(None))) for k in ("file", "publication")):
                self.problem(entry, "E_BAD_SOURCE", "'file' en 'publication' moeten teksten zijn", line)
                continue
            if file is None:
                pub = src.get("publication")
                if not pub:
                    self.problem(entry, "E_MISSING_SOURCE", "bron zonder 'file' en zonder 'publication'", line)
                    continue
                if pub not in publications:
                    self.problem(entry, "E_DANGLING_REF", f"bron noemt onbekende publicatie '{pub}'", line)
                    continue
                if not reference_ok:
                    self.reference_problem(entry, line)
                    continue
                out.append(Source(pub, None, None, note.strip()))
                continue
            if file not in file_to_pub:
                self.problem(entry, "E_UNKNOWN_SOURCE_FILE",
                             f"onbekend bronbestand '{file}'{suggest(file, file_to_pub)}", line)
                continue
            pub = src.get("publication") or file_to_pub[file]
            if pub != file_to_pub[file]:
                self.problem(entry, "E_BAD_SOURCE",
                             f"publicatie '{pub}' hoort niet bij bestand '{file}' ({file_to_pub[file]})", line)
                continue
            if pub in self.reference_pubs and not reference_ok:
                self.reference_problem(entry, line)
                continue
            span = src.get("lines")
            if (not isinstance(span, list) or len(span) != 2
                    or not all(isinstance(x, int) and not isinstance(x, bool) for x in span)
                    or span[0] < 1 or span[1] < span[0]):
                self.problem(entry, "E_BAD_LINES",
                             f"'lines' moet [begin, eind] zijn met 1 <= begin <= eind, niet {span!r}", line)
                continue
            total = self.lines.count(file)
            if total is not None and span[1] > total:
                self.problem(entry, "E_LINES_OUTSIDE_FILE",
                             f"regels {span[0]}-{span[1]} vallen buiten '{file}' ({total} regels)", line)
                continue
            out.append(Source(pub, file, (span[0], span[1]), note.strip()))
        return out

    def is_reference(self, source: Source) -> bool:
        return source.file is None or source.publication in self.reference_pubs

    def reference_problem(self, entry: Entry, line: int) -> None:
        self.problem(entry, "E_REFERENCE_SOURCE",
                     "een referentiebron mag alleen voor bestuurlijke indeling en CBS-cijfers "
                     f"({', '.join(REFERENCE_OK_LABELS)}; {', '.join(REFERENCE_OK_TYPES)}); "
                     "andere feiten hebben een brondocument nodig", line)

    def note_reference_files(self, declared) -> None:
        """Remember the reference publications and where their files are (before sources are read)."""
        nodes = [Node(i, label, props, ()) for i, (_, label, props) in declared.items()]
        files = reference_files(nodes)
        self.reference_pubs = {i for i, (_, label, props) in declared.items()
                               if label == "Publicatie" and props.get("soort") == REFERENCE_SOORT}
        self.lines.reference = set(files)

    # -- nodes ---------------------------------------------------------------------------------
    def issue(self, entry: Entry, issue: tuple[str, str] | None) -> bool:
        """Report a rule's issue (loaders/rules.py); True when there was one."""
        if issue:
            self.problem(entry, *issue)
        return issue is not None

    def node_fields(self, entry: Entry) -> tuple[str, str, dict[str, Any]] | None:
        d = entry.data
        node_id, label = d.get("id"), d.get("label")
        for key in rules.missing(d, ("id", "label", "naam")):
            self.problem(entry, "E_MISSING_FIELD", f"verplicht veld '{key}' ontbreekt")
        if rules.missing(d, ("id", "label", "naam")):
            return None
        if not self.all_text(entry, ("label", "naam")):
            return None
        if self.issue(entry, rules.id_issue(node_id)) or self.issue(entry, rules.label_issue(label)):
            return None
        props = {k: v for k, v in d.items() if k not in NODE_KEYS}
        for key, issue in rules.node_property_issues(label, props):
            self.issue(entry, issue)
            props.pop(key, None)
        if "naam" not in props:
            return None  # reported above; a node without a usable naam is left out
        return node_id, label, props

    def build(self, node_entries: list[Entry], rel_entries: list[Entry]) -> Dataset:
        """The seed-format files as a Dataset (without NOEMT); problems are collected in
        `self.problems`, not raised, so that user files are checked against it too."""
        # Pass 1: fields, ids, per-file duplicates; merge declarations across files.
        declared: dict[str, tuple[Entry, str, dict[str, Any]]] = {}
        merged_aliases: dict[str, list[str]] = {}
        extra_entries: dict[str, list[Entry]] = {}
        seen_in_file: set[tuple[str, str]] = set()
        self.broken_ids: set[str] = set()
        for entry in node_entries:
            fields = self.node_fields(entry)
            if fields is None:
                # reported already; relationships to it are not reported again as dangling
                self.broken_ids.add(str(entry.data.get("id")))
                continue
            node_id, label, props = fields
            if (entry.file, node_id) in seen_in_file:
                self.problem(entry, "E_DUPLICATE_ID", f"id '{node_id}' komt twee keer voor in dit bestand")
                continue
            seen_in_file.add((entry.file, node_id))
            if node_id not in declared:
                declared[node_id] = (entry, label, dict(props))
                merged_aliases[node_id] = list(props.get("aliassen", []))
                extra_entries[node_id] = []
                continue
            first, first_label, first_props = declared[node_id]
            if label != first_label:
                self.problem(entry, "E_LABEL_CONFLICT",
                             f"id '{node_id}' is hier {label} maar in {first.file}:{first.line} {first_label}")
                continue
            for key, value in props.items():
                if key == "aliassen":
                    continue
                if key == "naam" and value != first_props["naam"]:
                    # Documents spell names differently: the first file's naam wins and
                    # every other spelling becomes an alias.
                    if value not in merged_aliases[node_id]:
                        merged_aliases[node_id].append(value)
                    continue
                if key in first_props and first_props[key] != value:
                    self.problem(entry, "E_PROPERTY_CONFLICT",
                                 f"'{key}' van '{node_id}' is hier {value!r} maar in "
                                 f"{first.file}:{first.line} {first_props[key]!r}")
                else:
                    first_props[key] = value
            for alias in props.get("aliassen", []):
                if alias not in merged_aliases[node_id]:
                    merged_aliases[node_id].append(alias)
            extra_entries[node_id].append(entry)

        self.origins = {node_id: (e.file, e.line) for node_id, (e, _, _) in declared.items()}
        publications = {i for i, (_, label, _) in declared.items() if label == "Publicatie"}
        file_to_pub: dict[str, str] = {}
        for node_id, (entry, label, props) in declared.items():
            if label == "Publicatie" and props.get("bestand"):
                file_to_pub[props["bestand"]] = node_id

        # Pass 2: sources and final nodes.
        self.note_reference_files(declared)
        nodes: dict[str, Node] = {}
        for node_id, (entry, label, props) in declared.items():
            sources: list[Source] = []
            ref_ok = label in REFERENCE_OK_LABELS
            for e in [entry, *extra_entries[node_id]]:
                for s in self.parse_sources(e, file_to_pub, publications, ref_ok):
                    if s not in sources:
                        sources.append(s)
            if sources and label not in REFERENCE_ONLY_OK and all(self.is_reference(s) for s in sources):
                self.problem(entry, "E_MISSING_SOURCE",
                             f"'{node_id}' heeft alleen een referentiebron; een brondocument moet het noemen")
            props = dict(props)
            naam = props["naam"]
            aliases = [a for a in merged_aliases[node_id] if a.casefold() != naam.casefold()]
            if aliases:
                props["aliassen"] = aliases
            else:
                props.pop("aliassen", None)
            niveau, issue = rules.niveau_of(label, props.get("niveau"), f"{label} '{node_id}'")
            if niveau is not None:
                props["niveau"] = niveau
            elif "niveau" not in entry.data:  # an invalid niveau was reported already
                self.issue(entry, issue)
            nodes[node_id] = Node(node_id, label, props, tuple(sources))

        # Same label, same normalized name on two nodes: one entity twice.
        by_name: dict[tuple[str, str], str] = {}
        for node in nodes.values():
            for name in node.own_names():  # woonplaatsen may be shared: not a clash
                key = (node.label, normalize_name(name))
                other = by_name.setdefault(key, node.id)
                if other != node.id:
                    entry = declared[node.id][0]
                    self.problem(entry, "E_NAME_CLASH",
                                 f"naam '{name}' van '{node.id}' hoort ook bij {node.label} '{other}'")

        # Relationships.
        rels: dict[tuple, Relationship] = {}
        for entry in rel_entries:
            rel = self.relationship(entry, nodes, file_to_pub, publications)
            if rel is None:
                continue
            if rel.key in rels:
                old = rels[rel.key]
                merged = tuple(dict.fromkeys(old.sources + rel.sources))
                rels[rel.key] = Relationship(old.type, old.start, old.end, old.properties, merged)
            else:
                rels[rel.key] = rel
        return Dataset(nodes=nodes, relationships=list(rels.values()))

    def relationship(self, entry: Entry, nodes: dict[str, Node], file_to_pub: dict[str, str],
                     publications: set[str]) -> Relationship | None:
        d = entry.data
        rtype, start, end = d.get("type"), d.get("from"), d.get("to")
        for key in rules.missing(d, ("type", "from", "to")):
            self.problem(entry, "E_MISSING_FIELD", f"verplicht veld '{key}' ontbreekt")
        if rules.missing(d, ("type", "from", "to")) or not self.all_text(entry, ("type", "from", "to")):
            return None
        if self.issue(entry, rules.rel_type_issue(rtype)):
            return None
        ok = True
        for end_id in (start, end):
            if end_id in self.broken_ids and end_id not in nodes:
                ok = False
            elif end_id not in nodes:
                self.problem(entry, "E_DANGLING_REF",
                             f"relatie {rtype} verwijst naar onbekende knoop '{end_id}'{suggest(end_id, nodes)}")
                ok = False
        if not ok or self.issue(entry, rules.rel_ends_issue(rtype, nodes[start].label, nodes[end].label)):
            return None
        props = {k: v for k, v in d.items() if k not in REL_KEYS}
        issues = rules.rel_property_issues(rtype, props)
        for _, issue in issues:
            self.issue(entry, issue)
        if issues or self.issue(entry, rules.rel_scope_issue(rtype, nodes[start].label, nodes[end].label, props)):
            return None
        ref_ok = rtype in REFERENCE_OK_TYPES
        sources = self.parse_sources(entry, file_to_pub, publications, ref_ok)
        if not sources:
            return None
        return Relationship(rtype, start, end, props, tuple(dict.fromkeys(sources)))


# Up to this many nodes a store is asked per id; beyond it, one read of all its nodes.
PER_ID_LOOKUPS = 2000


def label_conflicts(dataset: Dataset, store: GraphStore,
                    origins: dict[str, tuple[str, int]] | None = None) -> list[Problem]:
    """E_LABEL_CONFLICT for every node of `dataset` that `store` already holds under another
    label (a load without reset would fail on it). `origins` maps a node id to the file and
    line that declared it. Uses only the public GraphStore reads."""
    if len(dataset.nodes) <= PER_ID_LOOKUPS:
        held = {i: n.label for i in dataset.nodes if (n := store.node(i)) is not None}
    else:
        held = {n.id: n.label for n in store.nodes()}
    problems = []
    for node in dataset.nodes.values():
        old = held.get(node.id)
        if old is not None and old != node.label:
            file, line = (origins or {}).get(node.id, ("(import)", 1))
            problems.append(Problem(file, line, "E_LABEL_CONFLICT",
                                    f"id '{node.id}' is in de store al een {old}, hier een {node.label}"))
    return problems


def with_store_nodes(base: Dataset, store: GraphStore) -> Dataset:
    """`base` plus the nodes `store` holds that it lacks (earlier imports), so user rows can
    refer to them and merge with them. Their relationships stay in the store (a non-reset load
    keeps them); only the nodes come along, unchanged, as ends for the new facts."""
    extra = {n.id: n for n in store.nodes() if n.id not in base.nodes}
    if not extra:
        return base
    return Dataset({**base.nodes, **extra}, list(base.relationships))


def derive_noemt(dataset: Dataset) -> list[Relationship]:
    """NOEMT: a Publicatie mentions every node one of its sources is about."""
    mentions: dict[tuple[str, str], list[Source]] = {}
    reference = set(reference_files(dataset.nodes.values()).values())
    for node in dataset.nodes.values():
        for source in node.sources:
            if source.file is None or source.publication in reference or source.publication == node.id:
                continue  # a reference table lists, it does not mention
            mentions.setdefault((source.publication, node.id), []).append(source)
    return [Relationship("NOEMT", pub, node_id, {}, tuple(srcs))
            for (pub, node_id), srcs in sorted(mentions.items())]


def validate_import(paths: Iterable[Path], sources_dir: Path | None = None,
                    prefer_import: bool | set[str] = False,
                    existing: GraphStore | None = None) -> tuple[Dataset, ImportReport]:
    """Read and validate seed-format and user files (seed first, user rows on top) into one
    Dataset, with the report of merges and conflicts. With `existing` (the store the data
    will be loaded into without reset), user rows build on the nodes it holds (they may refer
    to and merge with nodes of earlier imports), and a node that the store holds under another
    label is a problem too. Raises ValidationError listing every problem of every file."""
    parsed = read_all(paths)
    builder = _Builder(sources_dir if sources_dir is not None else default_sources_dir(), default_reference_dir())
    builder.problems.extend(parsed.problems)
    base = builder.build(parsed.nodes, parsed.rels)
    from_files = set(base.nodes)
    if existing is not None and parsed.user_rows:
        base = with_store_nodes(base, existing)
    user = UserImport(base, builder.broken_ids, prefer_import, frozenset(set(base.nodes) - from_files))
    dataset = user.run(parsed.user_rows) if parsed.user_rows else base
    problems = builder.problems + user.problems
    if existing is not None and not problems:
        problems = label_conflicts(dataset, existing, {**user.origins, **builder.origins})
    if problems:
        raise ValidationError(problems)
    dataset.relationships.extend(derive_noemt(dataset))
    dataset.relationships.extend(derive_memberships(dataset))  # rule-based HOORT_BIJ, loaders/groups.py
    return dataset, user.report


def validate_files(paths: Iterable[Path], sources_dir: Path | None = None,
                   prefer_import: bool = False) -> Dataset:
    """Read and validate files into a Dataset; raises ValidationError listing every problem."""
    return validate_import(paths, sources_dir, prefer_import)[0]


def load_seed(sources_dir: Path | None = None, extra: Iterable[Path] = ()) -> Dataset:
    """The seed graph (every seed/*.yaml) plus optional extra files, validated."""
    return validate_files([*seed_files(), *extra], sources_dir)
