"""The embedded store kept between starts, as long as nothing it came from changed.

At every start the embedded store validates the seed and every kept import again
(loaders/workspace.py) and builds its graph: with the national set kept as an import that takes
half a minute or more. So the built store (graph/memory_store.py: its graph, pickled) is kept in
the workspace as a snapshot (`snapshot/<key>.pickle`),
where the key is a SHA-256 over everything validation reads: the seed files, the kept imports'
files in their order with their prefer-import flags, every file of the source documents, of the
reference folder and of the workspace's stored documents, the project's own loaders/ and graph/
code, and the Python version. Any change there gives another key, and the data are validated
again (then the snapshot is replaced); a snapshot that cannot be read is ignored. So a start
gives exactly what validating would give, only faster. Only the one newest snapshot is kept.

The snapshot is a pickle, which runs code when read: it lives in the user's own workspace,
which only the user (and the programs they run) can write, like the imports it is made from.
"""
from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")

FOLDER = "snapshot"
CODE_ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger(__name__)


def key(parts: Iterable[tuple[str, Path]], folders: Iterable[Path]) -> str:
    """SHA-256 over (name, content) of each file in `parts` in order, every file under
    `folders`, the project's loaders/ and graph/ code and the Python version."""
    h = hashlib.sha256(f"python {sys.version}\n".encode())

    def add(name: str, path: Path) -> None:
        h.update(f"{len(name)}:{name}\n".encode())
        try:
            data = path.read_bytes()
        except OSError:
            data = b"\x00missing"
        h.update(f"{len(data)}\n".encode())
        h.update(data)

    for name, path in parts:
        add(name, path)
    code = [p for folder in ("loaders", "graph") for p in (CODE_ROOT / folder).rglob("*.py")]
    for path in sorted(code):
        add(f"code:{path.relative_to(CODE_ROOT)}", path)
    for folder in folders:
        if folder.is_dir():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                add(f"{folder.name}:{path.relative_to(folder)}", path)
    return h.hexdigest()


def cached(root: Path, snapshot_key: str, build: Callable[[], T], kind: type[T]) -> T:
    """The `kind` object of `snapshot_key` from root/snapshot, else build() written there
    (atomic: a temporary file renamed into place; a failed write only costs the next start its
    speed)."""
    folder = root / FOLDER
    path = folder / f"{snapshot_key}.pickle"
    try:
        with path.open("rb") as f:
            # a million objects, none of them garbage: without the collector's passes 4x faster.
            # They are frozen (moved out of the collector's generations) before it runs again:
            # else its first pass after enabling scans every one of them (1.7 s of every start
            # at national scale, after a 3 s read) and finds nothing to free.
            paused = gc.isenabled()
            gc.disable()
            try:
                found = pickle.load(f)
                gc.freeze()
            finally:
                if paused:
                    gc.enable()
        if isinstance(found, kind):
            return found
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - a damaged or foreign snapshot is rebuilt
        log.warning("snapshot %s unreadable; validating again", path, exc_info=True)
    built = build()
    write(root, snapshot_key, built)
    return built


def write(root: Path, snapshot_key: str, value: object) -> None:
    """Keep `value` as the snapshot of `snapshot_key` (the only one left in root/snapshot)."""
    folder = root / FOLDER
    path = folder / f"{snapshot_key}.pickle"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
        clear(root, keep=path)
    except OSError:
        log.warning("snapshot %s not written", path, exc_info=True)


def clear(root: Path, keep: Path | None = None) -> None:
    """Remove every snapshot but `keep` (none: nothing is kept to take one of)."""
    folder = root / FOLDER
    if folder.is_dir():
        for old in folder.iterdir():
            if old != keep:
                old.unlink(missing_ok=True)
