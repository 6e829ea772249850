"""Opening a store by backend name: one code path for the CLI, the app and the tests."""
from __future__ import annotations

import os
from typing import Callable

from graph.memory_store import MemoryStore
from graph.model import Dataset
from graph.store import GraphStore

BACKENDS = ("memory", "neo4j")


def neo4j_settings() -> tuple[str, tuple[str, str] | None]:
    """(uri, auth) from NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD, else the local Neo4j of
    `lemniscaat neo4j start` (LEMNISCAAT_NEO4J_PORT, LEMNISCAAT_NEO4J_DATA_DIR) with the password
    it generated at first start. A port that is not a number raises local_neo4j.ConfigError."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        user = os.environ.get("NEO4J_USER", "neo4j")
        password = os.environ.get("NEO4J_PASSWORD")
        return uri, ((user, password) if password else None)
    from graph import local_neo4j

    return local_neo4j.uri(local_neo4j.default_port()), local_neo4j.auth()


def open_store(backend: str = "memory", dataset: Callable[[], Dataset] | None = None) -> GraphStore:
    """A store ready to be read. The memory store is filled with `dataset()` (empty without
    it; `loaders.seed_store.open_store` passes the seed); the Neo4j store holds whatever was
    last loaded into the database."""
    if backend == "memory":
        return MemoryStore(dataset() if dataset is not None else None)
    if backend == "neo4j":
        from graph.neo4j_store import Neo4jStore

        uri, auth = neo4j_settings()
        return Neo4jStore(uri, auth)
    raise ValueError(f"unknown backend '{backend}' (choose from {', '.join(BACKENDS)})")
