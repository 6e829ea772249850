"""Opening a store filled for reading: the embedded store with the seed (plus extra files),
or the Neo4j store as loaded. graph/ knows nothing of the seed; this is where they meet."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from graph.backends import open_store as open_backend
from graph.store import GraphStore
from loaders.validate import load_seed


def open_store(backend: str = "memory", extra: Iterable[Path] = ()) -> GraphStore:
    """A store ready to be read. The memory store is filled with the seed (plus `extra`
    files); the Neo4j store holds whatever was last loaded into the database."""
    return open_backend(backend, lambda: load_seed(extra=extra))
