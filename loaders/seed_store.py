"""Opening a store filled for reading: the embedded store with the seed, the user's kept imports
(loaders/workspace.py) and any extra files, or the Neo4j store as loaded. graph/ knows nothing
of the seed; this is where they meet."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from graph import backends
from graph.store import GraphStore
from loaders import workspace


def open_store(backend: str = "memory", extra: Iterable[Path] = ()) -> GraphStore:
    """A store ready to be read. The memory store is filled with the seed, then every import
    kept in the workspace (in the order they were made), then `extra` files; the Neo4j store
    holds whatever was last loaded into the database."""
    if backend != "memory":
        return backends.open_store(backend)
    return workspace.memory_store(extra=extra)
