"""Documents kept in the workspace: the extracted text with stable line numbers, and per
document its Publicatie details and the user's decisions.

Layout, beside the imports of loaders/workspace.py::

    documenten/doc-<hash>.txt    the text (never changed once written: its lines are cited)
    documenten/doc-<hash>.json   {"bestand", "origineel", "titel", "jaar", "uitgever",
                                  "afgewezen": [proposal keys], "aanvaard": [proposal keys]}

The name derives from the text, so adding the same document again finds the same file and
its decisions. The text file is a source file like the five documents: loaders/provenance.py
looks here for a cited file that is not in the sources folder (`find_source`).
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path

from loaders.documents.extract import DocumentError, extract_text
from loaders.workspace import Workspace, WorkspaceError

FOLDER = "documenten"
PREFIX = "doc-"


def documents_dir(ws: Workspace | None = None) -> Path:
    return (ws or Workspace()).root / FOLDER


def find_source(file: str, ws: Workspace | None = None) -> Path | None:
    """The stored text named `file` (doc-<hash>.txt), or None."""
    name = Path(file).name
    if name != file or not name.startswith(PREFIX) or not name.endswith(".txt"):
        return None
    path = documents_dir(ws) / name
    return path if path.is_file() else None


@dataclass
class StoredDocument:
    file: str
    path: Path
    meta: dict = field(default_factory=dict)

    @cached_property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @property
    def meta_path(self) -> Path:
        return self.path.with_suffix(".json")

    def decided(self) -> set[str]:
        return set(self.meta.get("afgewezen", [])) | set(self.meta.get("aanvaard", []))

    def save_meta(self) -> None:
        _write_atomic(self.meta_path, json.dumps(self.meta, ensure_ascii=False, indent=1).encode("utf-8"))

    def remember(self, accepted: list[str] = (), rejected: list[str] = ()) -> None:
        for key, values in (("aanvaard", accepted), ("afgewezen", rejected)):
            kept = list(self.meta.get(key, []))
            kept += [v for v in values if v not in kept]
            self.meta[key] = kept
        self.save_meta()


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def store_document(name: str, data: bytes, ws: Workspace | None = None) -> StoredDocument:
    """Extract the text of `name` and keep it (idempotent: the same text is the same file)."""
    text = extract_text(name, data)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    folder = documents_dir(ws)
    file = f"{PREFIX}{digest}.txt"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / file
        if not path.is_file():
            _write_atomic(path, text.encode("utf-8"))
        doc = StoredDocument(file, path)
        if doc.meta_path.is_file():
            doc.meta = json.loads(doc.meta_path.read_text(encoding="utf-8"))
        else:
            doc.meta = {"bestand": file, "origineel": Path(name).name,
                        "toegevoegd": datetime.now(timezone.utc).isoformat(timespec="seconds")}
            doc.save_meta()
    except OSError as exc:
        raise WorkspaceError(f"de werkruimte {folder} is niet schrijfbaar: {exc.strerror or exc}") from None
    except ValueError:
        raise WorkspaceError(f"{file[:-4]}.json in {folder} is beschadigd; verwijder het bestand") from None
    return doc


def open_document(file: str, ws: Workspace | None = None) -> StoredDocument:
    path = find_source(file, ws)
    if path is None:
        raise DocumentError(f"document '{file}' staat niet in de werkruimte; voeg het toe met `lemniscaat document add`")
    doc = StoredDocument(file, path)
    if doc.meta_path.is_file():
        doc.meta = json.loads(doc.meta_path.read_text(encoding="utf-8"))
    return doc


__all__ = ["DocumentError", "StoredDocument", "documents_dir", "find_source", "open_document", "store_document"]
