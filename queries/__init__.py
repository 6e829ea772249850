"""Named analyses (DESIGN §6). Filled in by the named-analyses issue; the registry lives here."""
from __future__ import annotations

from typing import Any

from graph.errors import QueryError

REGISTRY: dict[str, Any] = {}


def check_params(name: str, params: dict[str, Any]) -> None:
    if name not in REGISTRY:
        known = ", ".join(sorted(REGISTRY)) or "(nog geen)"
        raise QueryError(f"onbekende query '{name}'; beschikbaar: {known}")


def run(store, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    check_params(name, params)
    return REGISTRY[name].run(store, params)
