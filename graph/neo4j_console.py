"""The read-only Cypher console on Neo4j: Neo4j itself decides what a query does.

Before a user's query runs, the server plans it (``EXPLAIN``, nothing executed) and the plan
must be a pure read: every operator on a short list of read operators, every procedure call on
a short allow-list matched on the name the planner resolved (so backticks or odd spacing do not
help), no write in the query type, no other database. Anything else -- writes, ``LOAD CSV``,
``SHOW``/``TERMINATE`` and other administration commands, any other procedure -- is refused with
a Dutch reason. Then the query runs in a read-access session (the second wall: the server
refuses writes there) inside a transaction with a timeout, under the server's memory limit per
transaction (``db.memory.transaction.max``, set by the local launcher), and at most ``row_cap``
rows are read. A query stopped by the timeout or the memory limit gets a Dutch explanation.

An operator that is not on the list is refused too: a read that uses a rare operator is better
refused than an unknown operator let through.
"""
from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import Any

from neo4j.exceptions import ClientError, DriverError, Neo4jError, ServiceUnavailable

from graph.errors import LemniscaatError, StoreUnavailable

DEFAULT_TIMEOUT_S = 30.0  # a person waits for a page; a real question on this graph takes < 1 s
DEFAULT_ROW_CAP = 1000  # what a table and a drawn graph in the browser still show quickly

# Procedures the console may call: read-only schema and version information. Matched exactly on
# the planned (canonical) name.
ALLOWED_PROCEDURES = frozenset({
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
    "db.schema.nodeTypeProperties", "db.schema.relTypeProperties", "dbms.components",
})

# Plan operators that only read (Neo4j 5 names, without the "@database" suffix and without the
# variant in parentheses: "VarLengthExpand(Pruning,BFS,All)" is checked as "VarLengthExpand").
READ_OPERATORS = frozenset("""
AllNodesScan NodeByLabelScan UnionNodeByLabelsScan IntersectionNodeByLabelsScan SubtractionNodeByLabelsScan
NodeByIdSeek NodeByElementIdSeek NodeIndexSeek NodeUniqueIndexSeek NodeIndexScan NodeIndexContainsScan
NodeIndexEndsWithScan NodeIndexSeekByRange NodeUniqueIndexSeekByRange MultiNodeIndexSeek
AssertingMultiNodeIndexSeek NodeCountFromCountStore RelationshipCountFromCountStore
DirectedRelationshipByIdSeek UndirectedRelationshipByIdSeek DirectedRelationshipByElementIdSeek
UndirectedRelationshipByElementIdSeek DirectedRelationshipIndexSeek UndirectedRelationshipIndexSeek
DirectedRelationshipIndexScan UndirectedRelationshipIndexScan DirectedRelationshipIndexContainsScan
UndirectedRelationshipIndexContainsScan DirectedRelationshipIndexEndsWithScan
UndirectedRelationshipIndexEndsWithScan DirectedRelationshipIndexSeekByRange
UndirectedRelationshipIndexSeekByRange DirectedRelationshipUniqueIndexSeek
UndirectedRelationshipUniqueIndexSeek DirectedAllRelationshipsScan UndirectedAllRelationshipsScan
DirectedRelationshipTypeScan UndirectedRelationshipTypeScan DirectedUnionRelationshipTypesScan
UndirectedUnionRelationshipTypesScan
Expand OptionalExpand VarLengthExpand BFSPruningVarLengthExpand ShortestPath StatefulShortestPath Repeat
ProjectEndpoints
NullifyMetadata TriadicSelection TriadicBuild TriadicFilter
Filter Projection Limit ExhaustiveLimit Skip Top Top1WithTies PartialTop Sort PartialSort Distinct
OrderedDistinct Aggregation EagerAggregation OrderedAggregation Unwind PartitionedUnwind ProduceResults
EmptyResult Eager Argument Optional Anti Apply SemiApply AntiSemiApply LetSemiApply LetAntiSemiApply
SelectOrSemiApply SelectOrAntiSemiApply LetSelectOrSemiApply LetSelectOrAntiSemiApply RollUpApply
ConditionalApply AntiConditionalApply CartesianProduct NodeHashJoin ValueHashJoin NodeLeftOuterHashJoin
NodeRightOuterHashJoin Union OrderedUnion CacheProperties AssertSameNode AssertSameRelationship EmptyRow
Input DropResult ProcedureCall
""".split())

_PROCEDURE = re.compile(r"\s*([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\s*\(")


class ConsoleRefused(LemniscaatError):
    """The console will not run this query (the reason, in Dutch, is the message)."""


class ConsoleStopped(LemniscaatError):
    """The query started but the server stopped it (timeout, memory) or failed it."""


@dataclass(frozen=True)
class ConsoleResult:
    rows: list[dict[str, Any]]
    truncated: bool  # more rows than row_cap existed; only the first row_cap are in rows


def _operators(plan: dict[str, Any]) -> list[tuple[str, str]]:
    """(operator without '@db', details) for every operator of a driver plan."""
    out, stack = [], [plan]
    while stack:
        p = stack.pop()
        details = (p.get("args") or {}).get("Details")
        name = str(p.get("operatorType", "?")).split("@")[0].split("(")[0]
        out.append((name, details if isinstance(details, str) else ""))
        stack.extend(p.get("children") or [])
    return out


def planned_procedure(details: str) -> str | None:
    """The procedure name of a ProcedureCall's plan details, as the planner resolved it.

    >>> planned_procedure("dbms.killConnection($autostring_0) :: (connectionId :: STRING)")
    'dbms.killConnection'
    >>> planned_procedure("`odd name`.x() :: (a :: STRING)") is None
    True
    """
    m = _PROCEDURE.match(details)
    return m.group(1) if m else None


def plan_refusal(query_type: str | None, database: str | None, plan: dict[str, Any] | None,
                 expected_database: str) -> str | None:
    """None if the planned query only reads; else the Dutch reason for refusing it.

    >>> scan = {"operatorType": "AllNodesScan@neo4j", "args": {"Details": "n"}}
    >>> plan_refusal("r", "neo4j", {"operatorType": "ProduceResults@neo4j", "children": [scan]}, "neo4j") is None
    True
    >>> csv = {"operatorType": "LoadCSV@neo4j", "args": {"Details": "l"}}
    >>> plan_refusal("r", "neo4j", csv, "neo4j")
    'Geweigerd: LOAD CSV leest bestanden of URL’s; deze console leest alleen uit de graaf.'
    """
    if plan is None:
        return "Geweigerd: Neo4j gaf geen plan voor deze query, dus kan niet worden nagegaan dat ze alleen leest."
    if database and database != expected_database:
        return (f"Geweigerd: de query gaat naar database '{database}'; deze console leest alleen "
                f"'{expected_database}'.")
    for op, details in _operators(plan):
        if op == "LoadCSV":
            return "Geweigerd: LOAD CSV leest bestanden of URL’s; deze console leest alleen uit de graaf."
        if op.startswith(("Show", "Terminate")) or op.endswith("Command"):
            return (f"Geweigerd: {op} is een beheeropdracht (SHOW/TERMINATE …); deze console leest alleen "
                    "uit de graaf.")
        if op == "ProcedureCall":
            name = planned_procedure(details)
            if name not in ALLOWED_PROCEDURES:
                return (f"Geweigerd: de procedure {name or details.split(' ::')[0]} staat niet op de lijst van "
                        f"procedures die alleen lezen ({', '.join(sorted(ALLOWED_PROCEDURES))}).")
        elif op not in READ_OPERATORS:
            return (f"Geweigerd: het plan van Neo4j bevat de stap {op}, die niet (alleen) leest; deze console "
                    "voert alleen leesqueries uit.")
    if query_type and "w" in query_type:
        return "Geweigerd: Neo4j plant deze query als schrijfopdracht; deze console leest alleen."
    return None


def _message(exc: Neo4jError) -> str:
    return getattr(exc, "message", None) or str(exc)


def _stopped(exc: Neo4jError, timeout_s: float) -> ConsoleStopped:
    code = exc.code or ""
    if "TransactionTimedOut" in code or "Terminated" in code:
        return ConsoleStopped(f"Gestopt: de query duurde langer dan {timeout_s:g} seconden en is afgebroken. "
                              "Maak haar kleiner (LIMIT, een WHERE op id of naam, geen product van alle knopen).")
    if "OutOfMemory" in code:
        return ConsoleStopped("Gestopt: de query had meer geheugen nodig dan de server per query toestaat en is "
                              "afgebroken; de database draait gewoon door. Vraag minder tegelijk (LIMIT, "
                              "minder collect(), geen heel grote lijsten of teksten).")
    return ConsoleStopped(f"Neo4j kon de query niet uitvoeren: {_message(exc)}")


def run_readonly(store, query: str, params: dict[str, Any] | None = None, *,
                 timeout_s: float = DEFAULT_TIMEOUT_S, row_cap: int = DEFAULT_ROW_CAP) -> ConsoleResult:
    """Plan, check, then run a user's query on a Neo4jStore (see the module docstring).
    Raises ConsoleRefused (not run), ConsoleStopped (stopped or failed) or StoreUnavailable."""
    if not query or not query.strip():
        raise ConsoleRefused("Geen query ingevuld.")
    params = params or {}
    try:
        with store.read_session() as session:
            try:
                summary = session.run("EXPLAIN " + query, params).consume()
            except ClientError as exc:
                raise ConsoleRefused(f"Geweigerd: Neo4j kan deze query niet plannen: {_message(exc)}") from None
            reason = plan_refusal(summary.query_type, summary.database, summary.plan, store.database)
            if reason:
                raise ConsoleRefused(reason)
            tx = session.begin_transaction(timeout=timeout_s, metadata={"app": "lemniscaat-cypher-console"})
            try:
                rows, truncated = [], False
                for record in tx.run(query, params):
                    if len(rows) == row_cap:
                        truncated = True
                        break
                    rows.append(record.data())
                return ConsoleResult(rows, truncated)
            except Neo4jError as exc:
                raise _stopped(exc, timeout_s) from None
            finally:
                with contextlib.suppress(Neo4jError, DriverError):
                    tx.close()  # rolls back: the console never commits
    except ServiceUnavailable as exc:
        raise StoreUnavailable(f"Neo4j op {store.uri} is niet bereikbaar: {exc}") from exc
    except Neo4jError as exc:
        raise ConsoleStopped(f"Neo4j gaf een fout: {_message(exc)}") from None
    except DriverError as exc:
        raise ConsoleStopped(f"De verbinding met Neo4j gaf een fout: {exc}") from None
