"""The workspace of the embedded store: every import kept on disk, applied again at every start.

The embedded (memory) store lives in the process. So that a user's imports last, each import
(`lemniscaat load FILE...` on the memory backend, the app's Importeren page) is copied here and
the seed plus every import, in the order they were made, is validated again whenever a memory
store is opened (`loaders.seed_store.open_store`) — one `validate_import` over all files, so an
import builds on the earlier ones exactly as it did when it was made.

Location: $LEMNISCAAT_WERKRUIMTE, else $XDG_DATA_HOME/lemniscaat/werkruimte, else
~/.local/share/lemniscaat/werkruimte. Layout::

    manifest.json            {"format": 1, "next_id": 3, "imports": [{"id": "1", "created": ...,
                              "files": ["knopen.csv", ...], "hash": ..., "prefer_import": false,
                              "counts": {"nieuwe_knopen": n, "samengevoegd": n, "nieuwe_relaties": n}}]}
    imports/1/0/knopen.csv   the files of import 1, one folder each (the name stays the user's)
    imports/1/1/relaties.csv

manifest.json is the one source of truth. Writing is atomic: an import's files go to a
temporary folder that is fsynced and renamed into place, then a new manifest is written to a
temporary file, fsynced and renamed over the old one. A crash before that last rename leaves
the previous manifest, so the previous workspace; a folder no manifest names is removed at the
next write. One writer at a time (a lock file). An import whose files have the same content
(hash) as one already kept is not added twice.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from graph.errors import ConfigError, Problem, ValidationError
from graph.model import Dataset

FORMAT = 1
MANIFEST = "manifest.json"
IMPORTS = "imports"
ENV = "LEMNISCAAT_WERKRUIMTE"


class WorkspaceError(ConfigError):
    """A workspace that cannot be read or written (exit 2, a Dutch message)."""


@dataclass(frozen=True)
class Import:
    id: str
    created: str
    files: list[str]
    hash: str
    prefer_import: bool
    counts: dict[str, int]

    @classmethod
    def of(cls, item: dict) -> "Import":
        return cls(str(item["id"]), str(item["created"]), list(item["files"]), str(item["hash"]),
                   bool(item.get("prefer_import", False)), dict(item.get("counts", {})))

    def as_dict(self) -> dict:
        return {"id": self.id, "created": self.created, "files": self.files, "hash": self.hash,
                "prefer_import": self.prefer_import, "counts": self.counts}


def default_dir() -> Path:
    env = os.environ.get(ENV)
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "lemniscaat" / "werkruimte"


class Workspace:
    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root is not None else default_dir()

    # -- reading -----------------------------------------------------------------------------
    def _manifest(self) -> dict:
        path = self.root / MANIFEST
        if not path.exists():
            return {"format": FORMAT, "next_id": 1, "imports": []}
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise WorkspaceError(f"de werkruimte {self.root} is niet leesbaar ({MANIFEST}: {exc}); "
                                 f"verplaats de map of kies een andere met {ENV}") from None
        version = doc.get("format") if isinstance(doc, dict) else None
        if not isinstance(version, int) or not isinstance(doc.get("imports"), list):
            raise WorkspaceError(f"de werkruimte {self.root} heeft geen geldig {MANIFEST}; "
                                 f"verplaats de map of kies een andere met {ENV}")
        if version > FORMAT:
            raise WorkspaceError(f"de werkruimte {self.root} is gemaakt door een nieuwere versie van "
                                 f"Lemniscaat (formaat {version}; deze versie kent formaat {FORMAT}). "
                                 f"Werk het programma bij, of kies een andere map met {ENV}; "
                                 "er is niets gewijzigd")
        return doc

    def imports(self) -> list[Import]:
        try:
            return [Import.of(item) for item in self._manifest()["imports"]]
        except (KeyError, TypeError) as exc:
            raise WorkspaceError(f"de werkruimte {self.root} heeft een beschadigd {MANIFEST} ({exc})") from None

    def files_of(self, imp: Import) -> list[Path]:
        folder = self.root / IMPORTS / imp.id
        return [folder / str(i) / name for i, name in enumerate(imp.files)]

    def files(self, imports: Iterable[Import] | None = None) -> list[Path]:
        """Every kept file, in the order the imports were made."""
        return [p for imp in (self.imports() if imports is None else imports) for p in self.files_of(imp)]

    def prefer_files(self, imports: Iterable[Import] | None = None) -> set[str]:
        """The kept files of imports made with --prefer-import (as validate names them)."""
        from loaders.validate import display_name

        return {display_name(p) for imp in (self.imports() if imports is None else imports)
                if imp.prefer_import for p in self.files_of(imp)}

    def find(self, content_hash: str) -> Import | None:
        return next((i for i in self.imports() if i.hash == content_hash), None)

    # -- writing -----------------------------------------------------------------------------
    @contextmanager
    def _locked(self):
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with open(self.root / ".lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                yield
        except OSError as exc:
            raise WorkspaceError(f"de werkruimte {self.root} is niet schrijfbaar: {exc.strerror or exc}") from None

    def _clean_orphans(self, keep: set[str]) -> None:
        folder = self.root / IMPORTS
        if folder.is_dir():
            for child in folder.iterdir():
                if child.name not in keep:
                    shutil.rmtree(child, ignore_errors=True)

    def _write_files(self, import_id: str, files: list[tuple[str, bytes]]) -> None:
        folder = self.root / IMPORTS
        folder.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder))
        for i, (name, content) in enumerate(files):
            (tmp / str(i)).mkdir()
            _write_synced(tmp / str(i) / name, content)
            _fsync_dir(tmp / str(i))
        _fsync_dir(tmp)
        os.rename(tmp, folder / import_id)
        _fsync_dir(folder)

    def _write_manifest(self, doc: dict) -> None:
        data = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
        tmp = self.root / (MANIFEST + ".tmp")
        _write_synced(tmp, data)
        os.replace(tmp, self.root / MANIFEST)
        _fsync_dir(self.root)

    def add(self, files: list[tuple[str, bytes]], prefer_import: bool, counts: dict[str, int],
            reset: bool = False) -> Import:
        """Keep an import (its (name, content) files); atomic. `reset`: it replaces all others."""
        with self._locked():
            doc = self._manifest()
            kept = [] if reset else doc["imports"]
            self._clean_orphans({str(i["id"]) for i in doc["imports"]})
            import_id = str(doc.get("next_id", len(doc["imports"]) + 1))
            imp = Import(import_id, datetime.now(timezone.utc).isoformat(timespec="seconds"),
                         [safe_name(n) for n, _ in files], content_hash(files), prefer_import, counts)
            self._write_files(import_id, [(safe_name(n), c) for n, c in files])
            self._write_manifest({"format": FORMAT, "next_id": int(import_id) + 1,
                                  "imports": [*kept, imp.as_dict()]})
            self._clean_orphans({str(i["id"]) for i in [*kept, imp.as_dict()]})
        return imp

    def remove(self, import_id: str) -> None:
        """Drop one import (atomic: the manifest first, then its files)."""
        with self._locked():
            doc = self._manifest()
            kept = [i for i in doc["imports"] if str(i["id"]) != str(import_id)]
            if len(kept) == len(doc["imports"]):
                raise WorkspaceError(f"import '{import_id}' staat niet in de werkruimte; "
                                     "zie `lemniscaat import list`")
            self._write_manifest({**doc, "format": FORMAT, "imports": kept})
            self._clean_orphans({str(i["id"]) for i in kept})


def safe_name(name: str) -> str:
    """The file name without any folder part (an upload's name is not trusted)."""
    return Path(name.replace("\\", "/")).name or "bestand"


def content_hash(files: Iterable[tuple[str, bytes]]) -> str:
    """The same contents (with the same kind of file) give the same hash, whatever the names."""
    parts = sorted(Path(n).suffix.lower() + ":" + hashlib.sha256(c).hexdigest() for n, c in files)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- applying ---------------------------------------------------------------------------------
def build(workspace: Workspace | None = None, extra: Iterable[Path] = (), prefer_extra: bool = False,
          imports: list[Import] | None = None):
    """Validate the seed, the kept imports (in order) and `extra` files on top, as one import.
    Returns (dataset, report). A kept import that no longer validates is a ValidationError
    whose first problem says which import and how to remove it."""
    from loaders.validate import display_name, seed_files, validate_import

    ws = workspace or Workspace()
    kept = ws.imports() if imports is None else imports
    extra = list(extra)
    prefer = ws.prefer_files(kept) | ({display_name(p) for p in extra} if prefer_extra else set())
    try:
        return validate_import([*seed_files(), *ws.files(kept), *extra], prefer_import=prefer)
    except ValidationError as exc:
        kept_names = {display_name(p): imp.id for imp in kept for p in ws.files_of(imp)}
        # a workbook's problems name file:sheet (loaders/excel.py)
        files = [p.file if p.file in kept_names else p.file.rpartition(":")[0] for p in exc.problems]
        broken = sorted({kept_names[f] for f in files if f in kept_names}, key=int)
        if not broken:
            raise
        first = Problem(str(ws.root / MANIFEST), 1, "E_WERKRUIMTE",
                        f"import(s) {', '.join(broken)} in de werkruimte zijn niet (meer) geldig; "
                        f"verwijder ze met `lemniscaat import remove ID` of op de pagina Importeren")
        raise ValidationError([first, *exc.problems]) from None


def dataset(workspace: Workspace | None = None, extra: Iterable[Path] = ()) -> Dataset:
    """The embedded store's data: seed plus every kept import plus `extra` files."""
    return build(workspace, extra)[0]


def memory_store(workspace: Workspace | None = None, extra: Iterable[Path] = ()):
    """The embedded store filled with `dataset(workspace, extra)`. With kept imports and no extra
    files, read from the workspace's snapshot while nothing validation reads has changed
    (loaders/snapshot.py), else built and kept as the snapshot."""
    from graph.memory_store import MemoryStore
    from loaders import snapshot

    ws = workspace or Workspace()
    extra = list(extra)
    kept = ws.imports()
    if not kept:
        snapshot.clear(ws.root)  # the imports are gone (removed, or a --reset): so is their snapshot
    if extra or not kept:
        return MemoryStore(build(ws, extra, imports=kept)[0])
    return snapshot.cached(ws.root, _snapshot_key(ws, kept), lambda: MemoryStore(build(ws, imports=kept)[0]),
                           MemoryStore)


def keep_snapshot(ws: Workspace, validated: Dataset) -> None:
    """Right after an import was added: `validated` (what the load validated: the seed, the
    earlier imports and the new files, which is what validating the workspace now gives) kept
    as the snapshot, so that the next start need not validate it again."""
    from graph.memory_store import MemoryStore

    keep_store_snapshot(ws, MemoryStore(validated))


def keep_store_snapshot(ws: Workspace, store) -> None:
    """`store` (an embedded store just built from the workspace's seed and kept imports, as the
    app's Importeren page does after adding or removing one) kept as the snapshot; with no import
    left, none. The next start then reads it instead of validating again."""
    from loaders import snapshot

    kept = ws.imports()
    if kept:
        snapshot.write(ws.root, _snapshot_key(ws, kept), store)
    else:
        snapshot.clear(ws.root)


def _snapshot_key(ws: Workspace, kept: list[Import]) -> str:
    from loaders import snapshot
    from loaders.documents.store import documents_dir
    from loaders.validate import default_reference_dir, default_sources_dir, display_name, seed_files

    prefer = ws.prefer_files(kept)
    # files by their own names (the note of a fact names its file), not by a path that depends
    # on the current folder: the load (keep_snapshot) and the app compute the same key
    parts = [(f"seed:{p.name}", p) for p in seed_files()]
    parts += [(f"import:{p.name}:{display_name(p) in prefer}", p) for p in ws.files(kept)]
    folders = [default_sources_dir(), default_reference_dir(), documents_dir(ws)]
    return snapshot.key(parts, folders)


def counts_of(report, files: Iterable[Path]) -> dict[str, int]:
    """What the import made of `files`: new nodes, merged rows, new relationships."""
    from loaders.validate import display_name

    names = {display_name(Path(p)) for p in files}
    return {"nieuwe_knopen": sum(1 for f in report.node_files.values() if f in names),
            "samengevoegd": sum(1 for m in report.merged if m.file in names),
            "nieuwe_relaties": sum(1 for f in report.rel_files.values() if f in names)}


def remove_checked(ws: Workspace, import_id: str) -> Dataset:
    """Remove an import, but only when the imports that remain still validate without it
    (a later import may refer to its nodes); else a ValidationError that says so. Returns the
    embedded store's data without it."""
    remaining = [i for i in ws.imports() if i.id != str(import_id)]
    if len(remaining) == len(ws.imports()):
        raise WorkspaceError(f"import '{import_id}' staat niet in de werkruimte; zie `lemniscaat import list`")
    try:
        data = build(ws, imports=remaining)[0]
    except ValidationError as exc:
        raise ValidationError([Problem(
            str(ws.root / MANIFEST), 1, "E_WERKRUIMTE",
            f"import {import_id} is niet verwijderd: andere imports bouwen erop voort (zie de meldingen); "
            "verwijder die eerst"), *(p for p in exc.problems if p.code != "E_WERKRUIMTE")]) from None
    ws.remove(import_id)
    return data
