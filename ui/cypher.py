"""The Cypher console's page logic: the saved queries (the Neo4j store's read primitives) with
example parameters, and turning result rows (`Record.data()`) into a table and a graph.

Whether a query may run is decided by Neo4j, not here: `graph.neo4j_console.run_readonly`
asks the server for the plan and refuses anything that is not a pure read, then runs it in a
read session with a timeout, the server's memory limit and a row cap.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.model import RELATIONSHIP_TYPES, Node, Relationship
from graph.neo4j_store import example_queries


@dataclass(frozen=True)
class Saved:
    name: str
    title: str
    text: str
    params: dict[str, Any]


# Example parameters per saved query, as names: resolved to ids against the store.
EXAMPLES: dict[str, dict[str, Any]] = {
    "nodes_by_id": {"ids": [("Movisie", None), ("NJi", None)]},
    "facts_around": {"ids": [("jeugd", "Thema")]},
    "neighbourhood": {"id": ("Movisie", None)},
    "lookup_id": {"text": ("NJi", None)},
    "members": {"ids": [("Friesland", "Regio"), ("Drenthe", "Regio")]},
}
STARTERS = (
    Saved("buren", "Buren van een knoop (als graaf)",
          "MATCH (n:Knoop {id: $id})-[r]-(m:Knoop)\nWHERE type(r) <> 'NOEMT'\nRETURN n, r, m\nLIMIT 50",
          {"id": ("Movisie", None)}),
    Saved("telling", "Aantal knopen per soort",
          "MATCH (n:Knoop)\nUNWIND [l IN labels(n) WHERE l <> 'Knoop'] AS soort\n"
          "RETURN soort, count(*) AS aantal ORDER BY aantal DESC", {}),
)


def saved_queries() -> list[Saved]:
    """The starters plus the Cypher of the Neo4j store's read primitives, with example
    parameters (as names)."""
    out = list(STARTERS)
    for name, (title, text) in example_queries().items():
        out.append(Saved(name, f"{name} — {title}", text, EXAMPLES.get(name, {})))
    return out


def resolve_examples(params: dict[str, Any], resolve) -> dict[str, Any]:
    """(naam, label) pairs become node ids through `resolve(naam, label)`; lists item by item."""
    def one(v):
        if isinstance(v, tuple):
            return resolve(v[0], v[1])
        if isinstance(v, list):
            return [one(x) for x in v]
        return v
    return {k: one(v) for k, v in params.items()}


# -- results ------------------------------------------------------------------------------------
def strings_in(rows: list[dict]) -> set[str]:
    """Every string in the result rows (at any depth): the candidates for node ids, so the page
    asks the store for those nodes only.

    >>> sorted(strings_in([{"n": {"id": "a", "naam": "A"}, "x": ["b", 3]}]))
    ['A', 'a', 'b']
    """
    found: set[str] = set()

    def walk(v: Any) -> None:
        if isinstance(v, str):
            found.add(v)
        elif isinstance(v, (list, tuple)):
            for x in v:
                walk(x)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)

    for row in rows:
        walk(row)
    return found


def _is_node(v: Any, by_id: dict[str, Node]) -> bool:
    return isinstance(v, dict) and isinstance(v.get("id"), str) and v["id"] in by_id


def display(v: Any, by_id: dict[str, Node]) -> Any:
    """A result value as table text: nodes as 'naam [id]', relationships as 'a —TYPE→ b'.

    >>> from graph.model import Node
    >>> by_id = {"movisie": Node("movisie", "Instituut", {"naam": "Movisie"}, ())}
    >>> display({"id": "movisie", "naam": "Movisie"}, by_id)
    'Movisie [movisie]'
    >>> display([{"id": "movisie", "naam": "Movisie"}, 3], by_id)
    'Movisie [movisie]; 3'
    """
    if _is_node(v, by_id):
        return f"{v.get('naam', v['id'])} [{v['id']}]"
    if isinstance(v, (list, tuple)):
        if (len(v) == 3 and isinstance(v[1], str) and v[1] in RELATIONSHIP_TYPES
                and _is_node(v[0], by_id) and _is_node(v[2], by_id)):
            return f"{v[0].get('naam')} —{v[1]}→ {v[2].get('naam')}"
        return "; ".join(str(display(x, by_id)) for x in v)
    if isinstance(v, dict):
        return {k: display(x, by_id) for k, x in v.items() if k != "_sources" and k != "_key"}
    return v


def graph_from_rows(rows: list[dict], by_id: dict[str, Node],
                    all_rels: list[Relationship]) -> tuple[list[Node], list[Relationship]]:
    """The nodes in the results (any value that is a node of the store) and the relationships:
    those returned (start, TYPE, end) and, when none are, the store's relationships between
    the returned nodes."""
    ids: set[str] = set()
    pairs: set[tuple[str, str, str]] = set()

    def walk(v: Any) -> None:
        if _is_node(v, by_id):
            ids.add(v["id"])
            return
        if isinstance(v, (list, tuple)):
            for i, x in enumerate(v):
                if (isinstance(x, str) and x in RELATIONSHIP_TYPES and 0 < i < len(v) - 1
                        and _is_node(v[i - 1], by_id) and _is_node(v[i + 1], by_id)):
                    pairs.add((x, v[i - 1]["id"], v[i + 1]["id"]))
                walk(x)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, str) and v in by_id:
            ids.add(v)

    for row in rows:
        for value in row.values():
            walk(value)
    for _, a, b in pairs:
        ids |= {a, b}
    if pairs:
        rels = [r for r in all_rels if (r.type, r.start, r.end) in pairs]
    else:
        rels = [r for r in all_rels if r.start in ids and r.end in ids and r.type != "NOEMT"]
    return [by_id[i] for i in sorted(ids)], rels
