"""Neo4j-only guarantees: the console's read session is enforced by the server, lookups use
the uniqueness constraints, the schema exists."""
from __future__ import annotations

import pytest

from neo4j.exceptions import ClientError
from tests.query_fixture import mini


@pytest.fixture()
def neo(neo4j_store):
    neo4j_store.load(mini(), reset=True)
    return neo4j_store


def test_read_session_refuses_writes_even_past_the_plan_check(neo):
    """The console's second wall: its read session makes the server refuse writes by itself."""
    before = neo.counts()
    with neo.read_session() as session:
        with pytest.raises(ClientError, match="read access mode"):
            session.run("CREATE (x:Knoop {id: 'probe'}) RETURN x").consume()
    with neo.read_session() as session:
        with pytest.raises(ClientError):
            session.run("MATCH (n:Knoop {id: 'gm-a'}) DETACH DELETE n").consume()
    assert neo.counts() == before


def test_run_cypher_readonly_is_the_console(neo):
    from graph.neo4j_console import ConsoleRefused

    before = neo.counts()
    with pytest.raises(ConsoleRefused, match="Create"):
        neo.run_cypher_readonly("CREATE (x:Knoop {id: 'probe'}) RETURN x")
    assert neo.run_cypher_readonly("UNWIND range(1, 10) AS i RETURN i", limit=3) == [{"i": 1}, {"i": 2}, {"i": 3}]
    assert neo.counts() == before


def _operators(neo, query, **params):
    _, summary, _ = neo._driver.execute_query("EXPLAIN " + query, parameters_=params, database_=neo.database)
    ops, stack = [], [summary.plan]
    while stack:
        p = stack.pop()
        ops.append(p["operatorType"])
        stack.extend(p.get("children", []))
    return ops


def test_lookups_by_id_use_the_unique_index(neo):
    ops = _operators(neo, "MATCH (n:Knoop {id: $id}) RETURN n", id="gm-a")
    assert any("NodeUniqueIndexSeek" in o for o in ops), ops
    assert not any("LabelScan" in o or "AllNodesScan" in o for o in ops), ops
    ops = _operators(neo, "UNWIND $rows AS row MERGE (n:Knoop {id: row.id}) RETURN n", rows=[])
    assert not any("LabelScan" in o or "AllNodesScan" in o for o in ops), ops


def test_every_label_has_its_uniqueness_constraint(neo):
    from graph.model import LABELS

    rows = neo._read("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type RETURN labelsOrTypes[0] AS l, "
                     "properties AS p, type AS t")
    unique = {r["l"] for r in rows if r["p"] == ["id"] and "UNIQUENESS" in r["t"]}
    assert {"Knoop", *LABELS} <= unique
