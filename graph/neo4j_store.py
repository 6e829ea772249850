"""The Neo4j store: the official driver over Bolt, parameterized Cypher only.

Model in the database: every node carries its domain label plus the label `Knoop` (one
uniqueness constraint on `Knoop.id` serves every lookup by id; each domain label has its own
constraint too); properties as in the model, sources as JSON text in `_sources`. Every
relationship carries its properties, `_sources`, and `_key` (its properties as canonical
JSON) so that MERGE finds the same relationship again.

A load is one transaction: batched `UNWIND $rows ... MERGE` (with `--reset` the graph is
cleared first in that same transaction and the rows are CREATEd, which in an empty graph means
the same and skips the existence checks). Any failure rolls the whole load back. Labels and
relationship types cannot be parameters in Cypher; they are checked against the model
before they are put in a query.
"""
from __future__ import annotations

import uuid
from typing import Any, Iterable

from neo4j import GraphDatabase, READ_ACCESS, RoutingControl
from neo4j.exceptions import AuthError, ServiceUnavailable

from graph.errors import StoreUnavailable
from graph.model import (
    LABELS,
    RELATIONSHIP_TYPES,
    Dataset,
    Node,
    Relationship,
    merge_datasets,
    normalize_name,
    sources_from_json,
    sources_to_json,
)
from graph.store import GraphStore

BASE_LABEL = "Knoop"
DEFAULT_BATCH_SIZE = 10_000  # measured: bench/run.py sweeps 100..10,000 rows (README "Schaal en snelheid")


def _label(label: str) -> str:
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}")
    return label


def _type(rtype: str) -> str:
    if rtype not in RELATIONSHIP_TYPES:
        raise ValueError(f"unknown relationship type {rtype!r}")
    return rtype


def _batches(rows: list, size: int) -> Iterable[list]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


class Neo4jStore(GraphStore):
    name = "neo4j"

    def __init__(self, uri: str, auth: tuple[str, str] | None = None, database: str = "neo4j",
                 batch_size: int = DEFAULT_BATCH_SIZE):
        self.uri = uri
        self.database = database
        self.batch_size = batch_size
        self._driver = GraphDatabase.driver(uri, auth=auth)
        try:
            self._driver.verify_connectivity()
        except (ServiceUnavailable, AuthError, OSError) as exc:
            self._driver.close()
            raise StoreUnavailable(f"Neo4j op {uri} is niet bereikbaar: {exc}") from exc
        self.ensure_schema()

    def close(self) -> None:
        self._driver.close()

    # -- helpers ----------------------------------------------------------------------------
    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        records, _, _ = self._driver.execute_query(
            query, parameters_=params, database_=self.database, routing_=RoutingControl.READ)
        return [r.data() for r in records]

    def read_session(self):
        """A session in read access mode (the Cypher console runs its queries here)."""
        return self._driver.session(database=self.database, default_access_mode=READ_ACCESS)

    def server_version(self) -> str:
        rows = self._read("CALL dbms.components() YIELD name, versions RETURN versions[0] AS v")
        return rows[0]["v"] if rows else "?"

    def ensure_schema(self) -> None:
        stmts = [f"CREATE CONSTRAINT knoop_id IF NOT EXISTS FOR (n:{BASE_LABEL}) REQUIRE n.id IS UNIQUE",
                 "CREATE CONSTRAINT meta_id IF NOT EXISTS FOR (m:Meta) REQUIRE m.id IS UNIQUE"]
        stmts += [f"CREATE CONSTRAINT {l.lower()}_id IF NOT EXISTS FOR (n:{_label(l)}) REQUIRE n.id IS UNIQUE"
                  for l in LABELS]
        for stmt in stmts:
            self._driver.execute_query(stmt, database_=self.database)
        self._driver.execute_query("CALL db.awaitIndexes(300)", database_=self.database)

    # -- load -------------------------------------------------------------------------------
    @staticmethod
    def _node_row(n: Node) -> dict[str, Any]:
        search = sorted({normalize_name(x) for x in n.names()})
        return {"id": n.id, "props": {**n.properties, "id": n.id, "_zoek": search,
                                      "_sources": sources_to_json(n.sources)}}

    @staticmethod
    def _rel_row(r: Relationship) -> dict[str, Any]:
        return {"from": r.start, "to": r.end, "key": r.key[3],
                "props": {**r.properties, "_key": r.key[3], "_sources": sources_to_json(r.sources)}}

    def _existing(self, tx, dataset: Dataset) -> Dataset:
        """The nodes and relationships a non-reset load touches, as they are now."""
        ids = list(dataset.nodes)
        nodes = {}
        for rec in tx.run(f"MATCH (n:{BASE_LABEL}) WHERE n.id IN $ids "
                          "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props", ids=ids):
            nodes[rec["id"]] = self._to_node(rec["id"], rec["labels"], rec["props"])
        keys = [{"from": r.start, "to": r.end, "type": r.type, "key": r.key[3]} for r in dataset.relationships]
        rels = []
        for rec in tx.run(
                f"UNWIND $keys AS k MATCH (a:{BASE_LABEL} {{id: k.from}})-[r]->(b:{BASE_LABEL} {{id: k.to}}) "
                "WHERE type(r) = k.type AND r._key = k.key "
                "RETURN a.id AS a, b.id AS b, type(r) AS t, properties(r) AS props", keys=keys):
            rels.append(self._to_rel(rec["a"], rec["b"], rec["t"], rec["props"]))
        # every end of an incoming relationship must exist, in the data or in the database
        ends = {r.start for r in dataset.relationships} | {r.end for r in dataset.relationships}
        missing = [i for i in ends - set(dataset.nodes) - set(nodes)]
        if missing:
            for rec in tx.run(f"MATCH (n:{BASE_LABEL}) WHERE n.id IN $ids "
                              "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props", ids=missing):
                nodes[rec["id"]] = self._to_node(rec["id"], rec["labels"], rec["props"])
        return Dataset(nodes, rels)

    def _write(self, tx, dataset: Dataset, reset: bool) -> None:
        # The version token changes in the same transaction as the data.
        tx.run("MERGE (m:Meta {id: 'graaf'}) SET m.versie = $token", token=uuid.uuid4().hex).consume()
        if reset:
            tx.run(f"MATCH (n:{BASE_LABEL}) DETACH DELETE n").consume()
        else:
            existing = self._existing(tx, dataset)
            dataset = merge_datasets(existing, dataset)
        # On a reset the graph is empty in this transaction and the dataset's ids and
        # relationship keys are unique, so CREATE means the same as MERGE and skips the
        # existence checks (1.4x faster in bench/run.py's measurement); incremental loads MERGE.
        node_write = ("UNWIND $rows AS row CREATE (n:{base}:{label}) SET n = row.props RETURN count(n) AS c"
                      if reset else
                      "UNWIND $rows AS row MERGE (n:{base} {{id: row.id}}) SET n = row.props, n:{label} "
                      "RETURN count(n) AS c")
        rel_write = ("UNWIND $rows AS row MATCH (a:{base} {{id: row.from}}) MATCH (b:{base} {{id: row.to}}) "
                     + ("CREATE (a)-[r:{rtype}]->(b) " if reset else "MERGE (a)-[r:{rtype} {{_key: row.key}}]->(b) ")
                     + "SET r = row.props RETURN count(r) AS c")
        by_label: dict[str, list] = {}
        for n in dataset.nodes.values():
            by_label.setdefault(_label(n.label), []).append(self._node_row(n))
        for label, rows in sorted(by_label.items()):
            for batch in _batches(rows, self.batch_size):
                rec = tx.run(node_write.format(base=BASE_LABEL, label=label), rows=batch).single()
                if rec["c"] != len(batch):
                    raise RuntimeError(f"wrote {rec['c']} of {len(batch)} {label} nodes")
        by_type: dict[str, list] = {}
        for r in dataset.relationships:
            by_type.setdefault(_type(r.type), []).append(self._rel_row(r))
        for rtype, rows in sorted(by_type.items()):
            for batch in _batches(rows, self.batch_size):
                rec = tx.run(rel_write.format(base=BASE_LABEL, rtype=rtype), rows=batch).single()
                if rec["c"] != len(batch):
                    raise ValueError(f"{rtype}: {len(batch) - rec['c']} relationship(s) with a missing end")

    def load(self, dataset: Dataset, reset: bool = True) -> None:
        with self._driver.session(database=self.database) as session:
            session.execute_write(self._write, dataset, reset)

    def version(self) -> str:
        rows = self._read("MATCH (m:Meta {id: 'graaf'}) RETURN m.versie AS v")
        return rows[0]["v"] if rows else "leeg"

    # -- read -------------------------------------------------------------------------------
    @staticmethod
    def _to_node(node_id: str, labels: list[str], props: dict[str, Any]) -> Node:
        props = dict(props)
        sources = sources_from_json(props.pop("_sources", "[]"))
        props.pop("id", None)
        props.pop("_zoek", None)
        label = next(l for l in labels if l != BASE_LABEL)
        return Node(node_id, label, props, sources)

    @staticmethod
    def _to_rel(start: str, end: str, rtype: str, props: dict[str, Any]) -> Relationship:
        props = dict(props)
        sources = sources_from_json(props.pop("_sources", "[]"))
        props.pop("_key", None)
        return Relationship(rtype, start, end, props, sources)

    def counts(self) -> dict[str, dict[str, int]]:
        nodes = {}
        for label in LABELS:
            c = self._read(f"MATCH (n:{label}) RETURN count(n) AS c")[0]["c"]
            if c:
                nodes[label] = c
        rels = {}
        for row in self._read("CALL db.relationshipTypes() YIELD relationshipType AS t RETURN t"):
            t = row["t"]
            if t in RELATIONSHIP_TYPES:
                c = self._read(f"MATCH ()-[r:{t}]->() RETURN count(r) AS c")[0]["c"]
                if c:
                    rels[t] = c
        return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}

    def nodes(self, label: str | None = None) -> list[Node]:
        match = f"MATCH (n:{_label(label)})" if label else f"MATCH (n:{BASE_LABEL})"
        rows = self._read(match + " RETURN n.id AS id, labels(n) AS labels, properties(n) AS props ORDER BY id")
        return [self._to_node(r["id"], r["labels"], r["props"]) for r in rows]

    def relationships(self, type: str | None = None) -> list[Relationship]:
        rel = f"[r:{_type(type)}]" if type else "[r]"
        rows = self._read(f"MATCH (a:{BASE_LABEL})-{rel}->(b:{BASE_LABEL}) "
                          "RETURN a.id AS a, b.id AS b, type(r) AS t, properties(r) AS props")
        return sorted((self._to_rel(r["a"], r["b"], r["t"], r["props"]) for r in rows), key=lambda r: r.key)

    def node(self, node_id: str) -> Node | None:
        rows = self._read(f"MATCH (n:{BASE_LABEL} {{id: $id}}) "
                          "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props", id=node_id)
        return self._to_node(rows[0]["id"], rows[0]["labels"], rows[0]["props"]) if rows else None

    def neighbourhood(self, node_id: str) -> tuple[list[Node], list[Relationship]]:
        centre = self.node(node_id)
        if centre is None:
            return [], []
        rows = self._read(
            f"MATCH (c:{BASE_LABEL} {{id: $id}})-[r]-(m:{BASE_LABEL}) "
            "RETURN startNode(r).id AS a, endNode(r).id AS b, type(r) AS t, properties(r) AS props, "
            "m.id AS mid, labels(m) AS labels, properties(m) AS mprops", id=node_id)
        nodes = {centre.id: centre}
        rels = {}
        for r in rows:
            nodes[r["mid"]] = self._to_node(r["mid"], r["labels"], r["mprops"])
            rel = self._to_rel(r["a"], r["b"], r["t"], r["props"])
            rels[rel.key] = rel
        return [nodes[i] for i in sorted(nodes)], sorted(rels.values(), key=lambda r: r.key)

    def _actor_projection(self):
        """Same contract as GraphStore.actor_projection, in two queries instead of a full dump."""
        from queries import read_cypher

        rows = self._read("MATCH (n:Knoop) WHERE n:Gemeente OR n:Regio OR n:Werkplaats OR n:Instituut "
                          "OR n:Programma RETURN n.id AS id, labels(n) AS labels, n.naam AS naam, "
                          "n.niveau AS niveau ORDER BY id")
        nodes = [{"id": r["id"], "label": next(l for l in r["labels"] if l != BASE_LABEL),
                  "naam": r["naam"], "niveau": r["niveau"]} for r in rows]
        rels = self._read(read_cypher("actor_projection.cypher"))
        return nodes, sorted(rels, key=lambda r: (r["start"], r["end"], r["type"], r["richting"] or ""))

    def _ids_named(self, key: str) -> list[str]:
        rows = self._read(f"MATCH (n:{BASE_LABEL}) WHERE $key IN n._zoek RETURN n.id AS id ORDER BY id", key=key)
        return [r["id"] for r in rows]

    def run_cypher_readonly(self, query: str, params: dict[str, Any] | None = None,
                            limit: int = 1000) -> list[dict[str, Any]]:
        """A user's query through the Cypher console's checks (graph.neo4j_console: the plan must
        only read; read session, timeout, memory limit, at most `limit` rows)."""
        from graph.neo4j_console import run_readonly

        return run_readonly(self, query, params, row_cap=limit).rows

