"""Bulk load into the local Neo4j: a fresh store written by Neo4j's own importer, swapped in whole.

The rows are the Neo4j store's own (`Neo4jStore._node_row` / `_rel_row`: the same properties,
`_sources`, `_key` and `_zoek` as a load in a transaction), written as CSV files with a typed
header, one file per label or relationship type; a second file only where a key's type differs
between rows (so a property that is a whole number in one row and a decimal in another keeps its
type in both). A row without one of its file's keys leaves that cell empty and unquoted, which
the importer reads as no property; every value is quoted (an empty text stays ""). The importer
(`neo4j-admin database import full`, from the launcher's Neo4j jars) writes them into a new
store under `<data folder>/stores/`; `local_neo4j.swap_store` then points the store link at the
new store and has the running server reopen on it, keeping the old store until the new one
answers. The constraints are made by `Neo4jStore.ensure_schema` on the first connection
afterwards. A failure before the swap leaves the running server and its graph untouched.

    from graph import neo4j_bulk
    neo4j_bulk.bulk_load(dataset)   # {"seconds", "phases": {...}, "nodes", "relationships"}
"""
from __future__ import annotations

import math
import os
import re
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph import local_neo4j
from graph.errors import StoreRefused, StoreUnavailable
from graph.model import Dataset
from graph.neo4j_store import BASE_LABEL, Neo4jStore, _label, _type

ARRAY_DELIMITER = "\x1f"   # a control character the model refuses in every text (model.text_problem)
ARRAY_DELIMITER_ARG = "U+001F"
META_LABEL, META_ID = "Meta", "graaf"   # the version token node of Neo4jStore._write
PROPERTY_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
BULK_THRESHOLD = 100_000  # rows (nodes + relationships) from which `load --reset` picks the bulk path


class BulkNotPossible(StoreRefused):
    """The data holds a value the importer's CSV cannot carry exactly (an empty list, say);
    the load in one transaction can."""


@dataclass
class ImportFiles:
    """The CSV files of one import: (labels, path) per node file, (type, path) per relationship
    file, and whether a value spans lines."""

    nodes: list[tuple[str, Path]] = field(default_factory=list)
    relationships: list[tuple[str, Path]] = field(default_factory=list)
    multiline: bool = False

    def arguments(self) -> list[str]:
        args = [f"--nodes={labels}={path}" for labels, path in self.nodes]
        args += [f"--relationships={rtype}={path}" for rtype, path in self.relationships]
        return args


def _kind(key: str, value: Any) -> str:
    """The importer's type for a property value, or BulkNotPossible."""
    if not PROPERTY_KEY.fullmatch(key):
        raise BulkNotPossible(f"de eigenschap {key!r} kan niet in een bulkimport")
    return _value_kind(key, value)


def _value_kind(key: str, value: Any) -> str:
    """_kind for a key already checked."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float) and math.isfinite(value):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)) and value:
        if all(isinstance(x, str) and x and ARRAY_DELIMITER not in x for x in value):
            return "string[]"
        if all(isinstance(x, int) and not isinstance(x, bool) for x in value):
            return "long[]"
    raise BulkNotPossible(f"de waarde van {key!r} ({value!r}) kan niet exact in een bulkimport; "
                          "laad zonder --bulk (in één transactie)")


def _text(kind: str, value: Any) -> str:
    """A value as the text of the importer's CSV cell, before quoting (every cell is quoted, a
    quote doubled; an empty field, unquoted, is a missing value)."""
    if kind == "string":
        return value
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return repr(value)
    if kind.endswith("[]"):
        return ARRAY_DELIMITER.join(str(x) for x in value)
    return str(value)


class _Kinds:
    """_kind with each key checked once, and a scalar type's kind looked up once per key."""

    SCALAR = (str, int, bool)

    def __init__(self):
        self.cache: dict[tuple[str, type], str] = {}
        self.keys: set[str] = set()

    def __call__(self, key: str, value: Any) -> str:
        vtype = type(value)
        if vtype in self.SCALAR:
            kind = self.cache.get((key, vtype))
            if kind is None:
                kind = self.cache[(key, vtype)] = _kind(key, value)
            return kind
        if key not in self.keys:
            kind = _kind(key, value)
            self.keys.add(key)
            return kind
        return _value_kind(key, value)


@dataclass
class _File:
    """One CSV file in the making: its properties' types (a key has one type in a file; a row
    whose value has another type goes to another file) and its rows, in groups of the same keys
    and kinds: (keys, kinds) -> [(fixed values, property values)]."""

    types: dict[str, str] = field(default_factory=dict)
    groups: dict[tuple[tuple[str, ...], tuple[str, ...]], list[tuple[tuple[str, ...], tuple]]] = \
        field(default_factory=dict)

    def lines(self, fixed: tuple[str, ...]) -> list[str]:
        """The header and one line per row. A group's line is one template: its own columns
        quoted, the file's other columns empty (no property)."""
        keys = sorted(self.types)
        column = {k: i for i, k in enumerate(keys)}
        lines = [",".join(['"' + c + '"' for c in fixed] + [f'"{k}:{self.types[k]}"' for k in keys])]
        for (gkeys, kinds), rows in self.groups.items():
            order = sorted(range(len(gkeys)), key=lambda i: column[gkeys[i]])
            present = {column[gkeys[i]] for i in order}
            template = ",".join(['"{}"'] * len(fixed) + ['"{}"' if i in present else "" for i in range(len(keys))])
            fill = template.format
            if all(kinds[i] == "string" for i in order):  # most rows: no _text call per value
                for fixed_values, values in rows:  # (one loop for both took 20 % longer at scale 1)
                    lines.append(fill(*[x.replace('"', '""') for x in fixed_values],
                                      *[values[i].replace('"', '""') for i in order]))
            else:
                texts = [(i, kinds[i]) for i in order]
                for fixed_values, values in rows:
                    lines.append(fill(*[x.replace('"', '""') for x in fixed_values],
                                      *[_text(kind, values[i]).replace('"', '""') for i, kind in texts]))
        return lines


class _Files:
    """The rows of one import, grouped per label (or type) into as few files as the types allow:
    one header per file lists every key of its rows with its type, a row without a key leaves
    that cell empty (no property). Few files keep the importer's per-file work small."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files_of: dict[tuple[str, str, tuple[str, ...]], list[_File]] = {}
        self.placed: dict[tuple, list] = {}  # row signature (scalars only) -> its group's rows
        self.kind = _Kinds()

    def row(self, kind: str, name: str, fixed: tuple[str, ...], fixed_values: tuple[str, ...],
            props: dict[str, Any]):
        group = (kind, name, fixed)
        keys, values = tuple(props), tuple(props.values())
        sig = (group, keys, tuple(map(type, values)))
        rows = self.placed.get(sig)
        if rows is not None:  # same keys and scalar types: same kinds, same file
            rows.append((fixed_values, values))
            return
        kinds = tuple(self.kind(k, v) for k, v in zip(keys, values))
        files = self.files_of.setdefault(group, [])
        for f in files:
            types = f.types
            if all(types.get(k, t) == t for k, t in zip(keys, kinds)):
                break
        else:
            f = _File()
            files.append(f)
        for k, t in zip(keys, kinds):
            f.types.setdefault(k, t)
        rows = f.groups.setdefault((keys, kinds), [])
        rows.append((fixed_values, values))
        if all(t[-1] != "]" for t in kinds):
            self.placed[sig] = rows

    def write(self) -> ImportFiles:
        result = ImportFiles()
        n = 0
        for (kind, name, fixed), files in self.files_of.items():
            for f in files:
                path = self.folder / f"{kind}-{name}-{n:04d}.csv"
                n += 1
                lines = f.lines(fixed)
                text = "\n".join(lines) + "\n"
                if not result.multiline and (text.count("\n") != len(lines) or "\r" in text):
                    result.multiline = True  # a value spans lines
                with open(path, "w", encoding="utf-8", newline="") as fh:
                    fh.write(text)
                (result.nodes if kind == "nodes" else result.relationships).append((name, path))
        return result


def _rel_rows(dataset: Dataset):
    """(type, from, to, props) per relationship: `Neo4jStore._rel_row`, with the `_sources` JSON
    made once per set of sources (a national set has ~3,500 sets for ~500,000 relationships)."""
    sources_json: dict[tuple, str] = {}
    for rel in dataset.relationships:
        src = sources_json.get(rel.sources)
        if src is None:
            src = sources_json[rel.sources] = Neo4jStore._rel_row(rel)["props"]["_sources"]
        yield _type(rel.type), rel.start, rel.end, {**rel.properties, "_key": rel.key[3], "_sources": src}


def write_import_files(dataset: Dataset, folder: Path, token: str) -> ImportFiles:
    """The dataset (plus the :Meta version node) as the importer's CSV files in `folder`. The
    importer finds a relationship's ends by a number per node (`--id-type=INTEGER`: cheaper to
    map than the ids as text); the id itself is an ordinary property, as in a transaction."""
    folder.mkdir(parents=True, exist_ok=True)
    files = _Files(folder)
    files.row("nodes", META_LABEL, (":ID(Meta)",), ("0",), {"id": META_ID, "versie": token})
    number: dict[str, str] = {}
    for node in dataset.nodes.values():
        row = Neo4jStore._node_row(node)
        number[row["id"]] = str(len(number))
        files.row("nodes", f"{BASE_LABEL}:{_label(node.label)}", (":ID(Knoop)",), (number[row["id"]],), row["props"])
    rel_fixed = (":START_ID(Knoop)", ":END_ID(Knoop)")
    for rtype, start, end, props in _rel_rows(dataset):
        try:
            ends = (number[start], number[end])
        except KeyError as exc:
            raise BulkNotPossible(f"een relatie {rtype} verwijst naar de knoop {exc.args[0]!r}, "
                                  "die niet in de gegevens staat") from None
        files.row("relationships", rtype, rel_fixed, ends, props)
    return files.write()


def _off_heap() -> str:
    import psutil

    return f"{max(256, min(2048, psutil.virtual_memory().total // 8 >> 20))}m"


def bulk_load(dataset: Dataset, port=None, data_dir=None) -> dict[str, Any]:
    """Replace the whole graph of the running local Neo4j by `dataset` through the importer.
    A failure before the swap changes nothing; see local_neo4j.swap_store for the swap."""
    port, data_dir = local_neo4j._resolve(port, data_dir)
    state = local_neo4j.status(port, data_dir)
    if not state["running"]:
        raise StoreUnavailable(f"de lokale Neo4j ({state['uri']}, data in {data_dir}) draait niet; start hem met "
                               "`lemniscaat neo4j start` en laad opnieuw.")
    t0 = time.perf_counter()
    phases: dict[str, float] = {}
    token = uuid.uuid4().hex
    stores = local_neo4j.stores_dir(data_dir)
    _remove_dead_staging(stores)
    staging = stores / f".import-{os.getpid()}-{token[:8]}"
    try:
        files = write_import_files(dataset, staging / "csv", token)
        phases["csv"] = time.perf_counter() - t0
        t = time.perf_counter()
        args = [*files.arguments(), "--id-type=INTEGER", f"--array-delimiter={ARRAY_DELIMITER_ARG}",
                "--bad-tolerance=0",
                "--skip-bad-relationships=false", "--skip-duplicate-nodes=false", "--strict=true",
                f"--report-file={staging / 'import.report'}", f"--max-off-heap-memory={_off_heap()}"]
        if files.multiline:
            args.append("--multiline-fields=true")
        args.append("neo4j")
        local_neo4j.run_importer(args, staging, data_dir / "logs" / "bulk-import.log")
        phases["import"] = time.perf_counter() - t
        new_store = stores / token
        os.rename(staging / "data", new_store)  # complete: only now does it get a store's name
    except local_neo4j.LocalNeo4jError as exc:
        raise StoreRefused(f"{exc}\nDe bulkload is niet gelukt; de graaf in de lokale Neo4j is ongewijzigd.") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    t = time.perf_counter()
    info = local_neo4j.swap_store(new_store, port, data_dir)
    phases["swap"] = time.perf_counter() - t  # of which:
    phases.update({f"swap_{k}": v for k, v in info["seconds"].items()})
    t = time.perf_counter()
    store = Neo4jStore(info["uri"], local_neo4j.auth(data_dir))  # makes the constraints
    try:
        version = store.version()
    finally:
        store.close()
    phases["constraints"] = time.perf_counter() - t
    if version != token:
        raise StoreRefused(f"na de bulkload staat een andere graaf in Neo4j dan geladen (versie {version}, "
                           f"verwacht {token})")
    counts = dataset.counts()
    return {"seconds": time.perf_counter() - t0, "phases": {k: round(v, 3) for k, v in phases.items()},
            "nodes": sum(counts["nodes"].values()), "relationships": sum(counts["relationships"].values()),
            "uri": info["uri"]}


def _remove_dead_staging(stores: Path) -> None:
    """Staging folders of imports whose process is gone (killed half-way)."""
    import psutil

    for path in stores.glob(".import-*"):
        try:
            pid = int(path.name.split("-")[1])
        except (IndexError, ValueError):
            pid = -1
        if not psutil.pid_exists(pid):
            shutil.rmtree(path, ignore_errors=True)
