"""The store and graph data the pages share, cached once per process (never mutated)."""
from __future__ import annotations

import streamlit as st

from graph.backends import open_store
from graph.store import GraphStore


@st.cache_resource(show_spinner="De kennisgraaf wordt geladen…")
def get_store(backend: str = "memory") -> GraphStore:
    """One store per backend per process; the memory store is filled with the seed."""
    return open_store(backend)


def active_backend() -> str:
    return st.session_state.get("backend", "memory")


def store() -> GraphStore:
    return get_store(active_backend())
