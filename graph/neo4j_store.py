"""The Neo4j store: the official driver over Bolt, parameterized Cypher only.

Model in the database: every node carries its domain label plus the label `Knoop` (one
uniqueness constraint on `Knoop.id` serves every lookup by id; each domain label has its own
constraint too); properties as in the model, sources as JSON text in `_sources`, normalized
names in `_zoek`. Every relationship carries its properties, `_sources`, and `_key` (its
properties as canonical JSON) so that MERGE finds the same relationship again.

A load is one transaction: batched `UNWIND $rows ... MERGE` (with `--reset` the graph is
cleared first in that same transaction and the rows are CREATEd, which in an empty graph means
the same and skips the existence checks). Any failure rolls the whole load back; a refusal for
memory or time is not retried (it would be refused again). A whole graph for the local Neo4j
can go in by graph/neo4j_bulk.py instead, from these same rows (`_node_row`, `_rel_row`). When the
connection dies while a load commits, the store reads the version token back from `:Meta` to
learn whether the commit happened, and says so (never a silent success). Labels and
relationship types cannot be parameters in Cypher; they are checked against the model before
they are put in a query.

The read primitives of graph/store.py are the only Cypher the queries run (`CYPHER` holds the
fixed texts, also offered as examples in the app's Cypher console). Driver exceptions do not
leave this module: they become StoreUnavailable, StoreRefused or LoadUncertain with a Dutch
message.
"""
from __future__ import annotations

import json

import uuid
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

from neo4j import GraphDatabase, READ_ACCESS, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph.errors import LoadUncertain, StoreRefused, StoreUnavailable
from graph.model import (
    ACTOR_LABELS,
    LABELS,
    RELATIONSHIP_TYPES,
    Dataset,
    Node,
    Relationship,
    merge_datasets,
    sources_from_json,
    sources_to_json,
)
from graph.store import (HOME_FIRST_STEP, SUGGEST_LIMIT, GraphStore, GroupSummary, check_membership_type,
                         group_sort_key, name_key, name_order, projection_key, rank_suggestions)

BASE_LABEL = "Knoop"
# The name index: a full-text index over the `_zoek` keys (normalized names, graph/names.py) with
# the keyword analyzer, so each key is one term: an exact term answers `lookup`, a wildcard term
# `suggest`. Created with the schema; Lucene updates it in the transaction that writes the nodes.
NAME_INDEX = "knoop_zoek"
_LUCENE_SPECIAL = set('+-&|!(){}[]^"~*?:\\/ ')
# Rows per Bolt record in a packed read (_read_rows); measured on the scale-1 BEHANDELT facts:
# one record per row 4.8-5.3 s, 5,000 rows per record 1.8-2.4 s, 1,000 per record 2.1-2.6 s.
PACK = 5_000
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


class _ConnectionLost(StoreUnavailable):
    """The connection went away (or never came): Neo4j is not reachable."""

    def __init__(self, uri: str, cause: BaseException):
        self.cause = cause
        super().__init__(f"Neo4j op {uri} is niet bereikbaar ({cause}). Start de lokale Neo4j met "
                         "`lemniscaat neo4j start`, of zet NEO4J_URI naar een draaiende Neo4j.")


def _refusal(what: str, exc: Neo4jError) -> str:
    """A Dutch message for a request the server refused, with what to do about it."""
    code = exc.code or ""
    detail = exc.message or str(exc)
    if "Memory" in code or "OutOfMemory" in code:
        return (f"Neo4j weigert {what}: te weinig geheugen op de server ({code}). Laad een hele graaf in de "
                "lokale Neo4j met `lemniscaat load --backend neo4j --reset --bulk`, of geef hem meer geheugen "
                "(LEMNISCAAT_NEO4J_JAVA_OPTS, bijvoorbeeld -Xmx8g); verhoog op een andere Neo4j daar "
                "db.memory.transaction.max en dbms.memory.transaction.total.max, of laad de gegevens in "
                "kleinere delen. Er is niets veranderd.")
    if "Timed" in code or "Timeout" in code:
        return (f"Neo4j brak {what} af: dat duurde langer dan de server toestaat ({code}; instelling "
                "db.transaction.timeout). Verhoog die grens op de server, laad in kleinere delen, of laad een "
                "hele graaf in de lokale Neo4j met `lemniscaat load --backend neo4j --reset --bulk`. "
                "Er is niets veranderd.")
    return f"Neo4j weigert {what} ({code}): {detail}"


def _over_budget(exc: Neo4jError) -> bool:
    """A refusal for memory or time: the same work would be refused again, so never retried."""
    code = exc.code or ""
    return any(word in code for word in ("Memory", "Timed", "Timeout"))


class Neo4jStore(GraphStore):
    name = "neo4j"

    def __init__(self, uri: str, auth: tuple[str, str] | None = None, database: str = "neo4j",
                 batch_size: int = DEFAULT_BATCH_SIZE):
        self.uri = uri
        self.database = database
        self.batch_size = batch_size
        try:
            # The primitives name every type of the model, also types no data uses yet; the
            # server's notifications about that are noise for users (and the console shows rows).
            self._driver = GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
        except (ConfigurationError, ValueError) as exc:
            raise StoreUnavailable(f"'{uri}' is geen geldig Neo4j-adres ({exc}); gebruik bijvoorbeeld "
                                   "bolt://127.0.0.1:7687 (NEO4J_URI of LEMNISCAAT_NEO4J_PORT).") from exc
        try:
            with self._errors("verbinden"):
                self._driver.verify_connectivity()
                self.ensure_schema()
        except BaseException:
            self._driver.close()
            raise

    def close(self) -> None:
        self._driver.close()

    # -- helpers ----------------------------------------------------------------------------
    @contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        """Driver exceptions become the project's errors, with a Dutch message."""
        try:
            yield
        except AuthError as exc:
            raise StoreUnavailable(f"Neo4j op {self.uri} weigert de aanmelding: controleer NEO4J_USER en "
                                   "NEO4J_PASSWORD.") from exc
        except (IncompleteCommit, ServiceUnavailable, SessionExpired, ConnectionError) as exc:
            raise _ConnectionLost(self.uri, exc) from exc
        except ValueError as exc:
            if "resolve" not in str(exc).lower():
                raise
            raise StoreUnavailable(f"Neo4j op {self.uri} is niet bereikbaar: het adres klopt niet ({exc}).") from exc
        except OSError as exc:
            raise _ConnectionLost(self.uri, exc) from exc
        except Neo4jError as exc:
            raise StoreRefused(_refusal(what, exc)) from exc
        except DriverError as exc:
            raise StoreUnavailable(f"Neo4j op {self.uri}: {exc}") from exc

    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        # an auto-commit query in a read session: one round trip where a managed transaction
        # (execute_query) takes BEGIN, RUN and COMMIT; a name lookup at scale 1 went from
        # p50 3.2 / p95 6.1 ms to p50 1.5-1.8 / p95 4.5-4.7 ms (300 names, warm)
        with self._errors("het lezen"), self._driver.session(database=self.database,
                                                             default_access_mode=READ_ACCESS) as session:
            return [r.data() for r in session.run(query, params)]

    def _read_rows(self, query: str, columns: tuple[str, ...], **params: Any) -> list[tuple]:
        """`query`'s rows as tuples of `columns`, packed in the server into lists of PACK rows per
        Bolt record: the driver's cost is per record, so a national read (133k BEHANDELT facts)
        crosses 2-3x faster than one record per row. Order is not kept: callers sort."""
        packed = (f"CALL () {{ {query} }} WITH collect([{', '.join(columns)}]) AS rows "
                  "UNWIND range(0, size(rows) - 1, $pack_) AS i RETURN rows[i..i + $pack_] AS chunk")
        with self._errors("het lezen"):
            records, _, _ = self._driver.execute_query(
                packed, parameters_={**params, "pack_": PACK}, database_=self.database, routing_=RoutingControl.READ)
        return [tuple(row) for rec in records for row in rec[0]]

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
        stmts.append(f"CREATE FULLTEXT INDEX {NAME_INDEX} IF NOT EXISTS FOR (n:{BASE_LABEL}) ON EACH [n._zoek] "
                     "OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword'}}")
        with self._errors("het schema aanmaken"):
            for stmt in stmts:
                self._driver.execute_query(stmt, database_=self.database)
            self._driver.execute_query("CALL db.awaitIndexes(300)", database_=self.database)

    # -- load -------------------------------------------------------------------------------
    @staticmethod
    def _node_row(n: Node) -> dict[str, Any]:
        search = sorted({name_key(x) for x in n.names()} - {""})
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

    def _write(self, tx, dataset: Dataset, reset: bool, token: str) -> None:
        # The version token changes in the same transaction as the data.
        tx.run("MERGE (m:Meta {id: 'graaf'}) SET m.versie = $token", token=token).consume()
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

    def _write_once(self, tx, dataset: Dataset, reset: bool, token: str) -> None:
        """The load's work. The driver retries transient errors, and a server out of transaction
        memory answers with one (MemoryPoolOutOfMemoryError): raising it as StoreRefused here
        rolls back at once instead of running the same doomed load again for half a minute."""
        try:
            self._write(tx, dataset, reset, token)
        except Neo4jError as exc:
            if _over_budget(exc):
                raise StoreRefused(_refusal("de load", exc)) from exc
            raise

    def load(self, dataset: Dataset, reset: bool = True) -> None:
        token = uuid.uuid4().hex
        try:
            with self._errors("de load"), self._driver.session(database=self.database) as session:
                session.execute_write(self._write_once, dataset, reset, token)
        except _ConnectionLost as lost:
            self._check_commit(token, lost.cause)

    def _check_commit(self, token: str, cause: BaseException) -> None:
        """The connection died during a load: the :Meta token tells whether it committed."""
        try:
            committed = self.version() == token
        except StoreUnavailable as exc:
            raise LoadUncertain(
                f"De verbinding met Neo4j op {self.uri} viel weg tijdens de load ({cause}) en de database "
                "is nu niet bereikbaar: onbekend of de load is opgeslagen. Start Neo4j en controleer met "
                "`lemniscaat stats --backend neo4j`, of laad opnieuw (opnieuw laden verandert niets "
                "als de load er al in stond).") from exc
        if not committed:
            raise StoreUnavailable(
                f"De verbinding met Neo4j op {self.uri} viel weg tijdens de load ({cause}); de load is "
                "niet opgeslagen en de database is ongewijzigd. Probeer het opnieuw.") from cause
        # committed: the data is there, verified by the token written in the same transaction

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

    def nodes(self, label: str | None = None, ids: Iterable[str] | None = None) -> list[Node]:
        where = f" WHERE n:{_label(label)}" if label else ""
        cols = ("id", "labels", "props")
        if ids is None:
            rows = self._read_rows(_cypher("nodes", where=where), cols)
        else:
            rows = self._read_rows(_cypher("nodes_by_id", where=where), cols, ids=sorted(set(ids)))
        return [self._to_node(*r) for r in sorted(rows, key=lambda r: r[0])]

    def facts(self, types: Iterable[str] | None = None, around: Iterable[str] | None = None) -> list[Relationship]:
        if types is None:
            rel = "[r]"
        else:
            wanted = sorted({_type(t) for t in types})
            if not wanted:
                return []
            rel = "[r:" + "|".join(wanted) + "]"
        cols = ("a", "b", "t", "props")
        if around is None:
            rows = self._read_rows(_cypher("facts", rel=rel), cols)
        else:
            rows = self._read_rows(_cypher("facts_around", rel=rel), cols, ids=sorted(set(around)))
        found = {}
        for r in rows:
            rel_ = self._to_rel(*r)
            found[rel_.key] = rel_
        return sorted(found.values(), key=lambda r: r.key)

    def ends(self, types: Iterable[str]) -> list[tuple[str, str, str]]:
        wanted = sorted({_type(t) for t in types})
        if not wanted:
            return []
        rows = self._read_rows(_cypher("ends", rel="[r:" + "|".join(wanted) + "]"), ("t", "b", "starts"))
        return sorted((t, a, b) for t, b, starts in rows for a in starts)

    def neighbourhood(self, node_id: str) -> tuple[list[Node], list[Relationship]]:
        centre = self.node(node_id)
        if centre is None:
            return [], []
        rows = self._read(_cypher("neighbourhood"), id=node_id)
        nodes = {centre.id: centre}
        rels = {}
        for r in rows:
            nodes[r["mid"]] = self._to_node(r["mid"], r["labels"], r["mprops"])
            rel = self._to_rel(r["a"], r["b"], r["t"], r["props"])
            rels[rel.key] = rel
        return [nodes[i] for i in sorted(nodes)], sorted(rels.values(), key=lambda r: r.key)

    def lookup(self, text: str) -> list[str]:
        key = name_key(text)
        rows = self._read(_cypher("lookup" if key else "lookup_id"), text=text, term=_lucene_term(key))
        return sorted({r["id"] for r in rows})

    def names(self, label: str) -> list[tuple[str, str]]:
        return sorted(self._read_rows(_cypher("names", label=_label(label)), ("id", "naam")), key=name_order)

    def suggest(self, text: str, labels: Iterable[str] | None = None,
                limit: int = SUGGEST_LIMIT) -> list[tuple[str, str, str]]:
        key = name_key(text)
        if not key:
            return []
        wanted = None if labels is None else sorted({_label(l) for l in labels})
        rows = self._read(_cypher("suggest"), term=f"*{_lucene_term(key)}*", labels=wanted, key=key,
                          limit=max(0, int(limit)))
        hits = ((r["id"], r["naam"], next(l for l in r["labels"] if l != BASE_LABEL), r["keys"]) for r in rows)
        return rank_suggestions(hits, key, limit)

    def members(self, containers: Iterable[str], via: str = "LIGT_IN") -> dict[str, list[str]]:
        rows = self._read(_cypher("members", via=check_membership_type(via)), ids=sorted(set(containers)))
        return {r["container"]: sorted(r["members"]) for r in rows}

    def _actor_projection(self):
        rows = self._read_rows(_cypher("actor_nodes", actor=_actor_test("n")), ("id", "labels", "naam", "niveau"))
        nodes = [{"id": i, "label": next(l for l in labels if l != BASE_LABEL), "naam": naam, "niveau": niveau}
                 for i, labels, naam, niveau in sorted(rows, key=lambda r: r[0])]
        cols = ("start", "end", "type", "richting")
        rels = [dict(zip(cols, r)) for r in self._read_rows(
            _cypher("actor_relationships", a=_actor_test("a"), b=_actor_test("b")), cols)]
        return nodes, sorted(rels, key=projection_key)

    # -- the overview primitives (graph/store.py documents the rules) -------------------------
    def regio_groups(self, soort: str, skip: Iterable[str] = ()) -> GroupSummary:
        skip = tuple(sorted({_type(t) for t in skip}))
        return self.cached(f"regio_groups-{soort}-{skip}", lambda: self._regio_groups(soort, list(skip)))

    def _regio_groups(self, soort: str, skip: list[str]) -> GroupSummary:
        # the homes (a few thousand at national scale) go back in as a map parameter, so the
        # counting over every relationship happens in the server
        homes = {r["id"]: r["home"] for r in self._read(OVERVIEW_CYPHER["homes"], soort=soort)}
        groups = self._read(OVERVIEW_CYPHER["group_sizes"], home=homes)
        links = self._read(OVERVIEW_CYPHER["group_links"], home=homes, skip=skip)
        return {"groups": sorted(((r["l"], r["h"], r["c"]) for r in groups), key=group_sort_key),
                "links": sorted(((r["la"], r["ha"], r["lb"], r["hb"], r["c"]) for r in links), key=group_sort_key)}

    def citations(self, skip: Iterable[str] = ("NOEMT",)) -> dict[str, int]:
        skip = tuple(sorted({_type(t) for t in skip}))
        return dict(self.cached(f"citations-{skip}", lambda: {
            r["pub"]: r["c"] for r in self._read(OVERVIEW_CYPHER["citations"], skip=list(skip), marker=PUB_MARKER)}))

    def citing(self, publication: str, skip: Iterable[str] = ("NOEMT",),
               limit: int | None = None) -> tuple[list[Node], list[Relationship]]:
        needle = json.dumps({"publication": publication}, ensure_ascii=False)[1:-1]  # "publication": "id"
        skip = sorted({_type(t) for t in skip})
        limit = None if limit is None else max(0, int(limit))
        nodes = [self._to_node(r["id"], r["labels"], r["props"])
                 for r in self._read(OVERVIEW_CYPHER["citing_nodes"], needle=needle, limit=limit)]
        # type by type in key order (type first), so a limit stops the scan at the types it
        # fills instead of sorting every citing fact of the graph (542k for one publication at
        # scale 1); the same first `limit` as one query ordered by key
        rels = []
        for t in sorted(set(RELATIONSHIP_TYPES) - set(skip)):
            left = None if limit is None else limit - len(rels)
            if left == 0:
                break
            rels += [self._to_rel(r["a"], r["b"], t, r["props"])
                     for r in self._read(OVERVIEW_CYPHER["citing_facts"].format(type=_type(t)),
                                         needle=needle, limit=left)]
        # the text test finds candidates; the parsed sources decide
        nodes = [n for n in nodes if any(x.publication == publication for x in n.sources)]
        rels = [r for r in rels if any(x.publication == publication for x in r.sources)]
        return sorted(nodes, key=lambda n: n.id), sorted(rels, key=lambda r: r.key)

    def degrees(self, labels: Iterable[str] | None = None, skip: Iterable[str] = (),
                limit: int = 100) -> list[tuple[str, int]]:
        wanted = None if labels is None else sorted({_label(l) for l in labels})
        rows = self._read(OVERVIEW_CYPHER["degrees"], labels=wanted, skip=sorted({_type(t) for t in skip}),
                          limit=max(0, int(limit)))
        return [(r["id"], r["d"]) for r in rows]

    def run_cypher_readonly(self, query: str, params: dict[str, Any] | None = None,
                            limit: int = 1000) -> list[dict[str, Any]]:
        """A user's query through the Cypher console's checks (graph.neo4j_console: the plan must
        only read; read session, timeout, memory limit, at most `limit` rows)."""
        from graph.neo4j_console import run_readonly

        return run_readonly(self, query, params, row_cap=limit).rows


def _actor_test(var: str) -> str:
    """`(n:Gemeente OR n:Regio ...)` for the model's actor labels (checked, never user input)."""
    return "(" + " OR ".join(f"{var}:{_label(l)}" for l in ACTOR_LABELS) + ")"


# The Cypher of the read primitives ({...}: a label, type or test checked against the model;
# $...: parameters). Also the example queries of the app's Cypher console.
CYPHER: dict[str, str] = {
    "nodes": f"MATCH (n:{BASE_LABEL}){{where}} "
             "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props ORDER BY id",
    "nodes_by_id": f"UNWIND $ids AS i MATCH (n:{BASE_LABEL} {{{{id: i}}}}){{where}} "
                   "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props ORDER BY id",
    "facts": f"MATCH (a:{BASE_LABEL})-{{rel}}->(b:{BASE_LABEL}) "
             "RETURN a.id AS a, b.id AS b, type(r) AS t, properties(r) AS props",
    "facts_around": f"UNWIND $ids AS i MATCH (:{BASE_LABEL} {{{{id: i}}}})-{{rel}}-(:{BASE_LABEL}) "
                    "RETURN DISTINCT startNode(r).id AS a, endNode(r).id AS b, type(r) AS t, properties(r) AS props",
    # grouped by end in the server: fewer, longer lists cross Bolt faster than a row per tie
    "ends": f"MATCH (a:{BASE_LABEL})-{{rel}}->(b:{BASE_LABEL}) "
            "RETURN type(r) AS t, b.id AS b, collect(DISTINCT a.id) AS starts",
    "neighbourhood": f"MATCH (c:{BASE_LABEL} {{{{id: $id}}}})-[r]-(m:{BASE_LABEL}) "
                     "RETURN startNode(r).id AS a, endNode(r).id AS b, type(r) AS t, properties(r) AS props, "
                     "m.id AS mid, labels(m) AS labels, properties(m) AS mprops",
    "lookup": f"MATCH (n:{BASE_LABEL} {{{{id: $text}}}}) RETURN n.id AS id "
              f"UNION CALL db.index.fulltext.queryNodes('{NAME_INDEX}', $term) YIELD node "
              "RETURN node.id AS id",
    "lookup_id": f"MATCH (n:{BASE_LABEL} {{{{id: $text}}}}) RETURN n.id AS id",
    "names": "MATCH (n:{label}) RETURN n.id AS id, coalesce(n.naam, n.id) AS naam",
    # ranked in the server by rank_suggestions' key (a prefix first, then naam in lower case,
    # then id), so only `limit` rows travel; Python ranks them again by the same key
    "suggest": f"CALL db.index.fulltext.queryNodes('{NAME_INDEX}', $term) YIELD node "
               "WHERE $labels IS NULL OR any(l IN labels(node) WHERE l IN $labels) "
               "WITH node, coalesce(node.naam, node.id) AS naam "
               "RETURN node.id AS id, naam, labels(node) AS labels, node._zoek AS keys "
               "ORDER BY any(k IN node._zoek WHERE k STARTS WITH $key) DESC, toLower(naam), node.id "
               "LIMIT $limit",
    # the membership rule of graph/store.py: one or more steps, any depth
    "members": f"UNWIND $ids AS cid MATCH (c:{BASE_LABEL} {{{{id: cid}}}}) "
               f"OPTIONAL MATCH (m:{BASE_LABEL})-[:{{via}}*1..]->(c) "
               "RETURN cid AS container, collect(DISTINCT m.id) AS members",
    "actor_nodes": f"MATCH (n:{BASE_LABEL}) WHERE {{actor}} "
                   "RETURN n.id AS id, labels(n) AS labels, n.naam AS naam, n.niveau AS niveau ORDER BY id",
    "actor_relationships": f"MATCH (a:{BASE_LABEL})-[r]->(b:{BASE_LABEL}) WHERE {{a}} AND {{b}} "
                           "RETURN a.id AS start, b.id AS end, type(r) AS type, r.richting AS richting",
}

TITLES = {
    "nodes": "alle knopen, op id", "nodes_by_id": "knopen op id", "facts": "alle relaties van een soort",
    "facts_around": "relaties rond gegeven knopen",
    "ends": "wie met wie verbonden is, per soort relatie", "neighbourhood": "een knoop en zijn buren",
    "lookup": "knopen op id, naam of alias", "lookup_id": "een knoop op id",
    "names": "id en naam van alle knopen van een soort", "suggest": "knopen waarvan een naam de tekst bevat",
    "members": "wat (via tussenregio's) in een regio ligt",
    "actor_nodes": "de actoren", "actor_relationships": "de relaties tussen actoren",
}

PUB_MARKER = '"publication": "'  # how sources_to_json writes a source's publication id
# The overview primitives' Cypher (regio_groups, degrees): only parameters, nothing filled in;
# not offered in the console (their parameters are computed maps and lists).
OVERVIEW_CYPHER: dict[str, str] = {
    # citations: the publication ids in each fact's `_sources` JSON (graph/model.py
    # sources_to_json: a quote inside a note is escaped, so only the key itself matches $marker),
    # each once per fact, counted in the server; each distinct JSON text is split once (a national
    # set has a few thousand for half a million relationships)
    "citations": f"CALL {{ MATCH (n:{BASE_LABEL}) RETURN n._sources AS s "
                 f"UNION ALL MATCH (:{BASE_LABEL})-[r]->(:{BASE_LABEL}) WHERE NOT type(r) IN $skip "
                 "RETURN r._sources AS s } "
                 "WITH s, count(*) AS facts "
                 "WITH facts, [x IN tail(split(coalesce(s, ''), $marker)) | split(x, '\"')[0]] AS pubs "
                 "UNWIND reduce(acc = [], p IN pubs | CASE WHEN p IN acc THEN acc ELSE acc + p END) AS pub "
                 "RETURN pub, sum(facts) AS c",
    # the first $limit by id / by key (Relationship.key: type, ends, _key) when a limit is given
    "citing_nodes": f"MATCH (n:{BASE_LABEL}) WHERE n._sources CONTAINS $needle "
                    "WITH n ORDER BY n.id LIMIT coalesce($limit, 9223372036854775807) "
                    "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props",
    # (one relationship type at a time: Neo4jStore.citing puts the type in the pattern)
    # (the scan hint: the planner otherwise expands from every node of the base label)
    "citing_facts": "MATCH (a)-[r:{type}]->(b) USING SCAN r:{type} "
                    f"WHERE r._sources CONTAINS $needle AND a:{BASE_LABEL} AND b:{BASE_LABEL} "
                    "WITH a, r, b ORDER BY a.id, b.id, r._key LIMIT coalesce($limit, 9223372036854775807) "
                    "RETURN a.id AS a, b.id AS b, properties(r) AS props",
    # the overview primitives: a node's home regio (graph/store.py home_regio), then counts
    "homes": f"MATCH (n:{BASE_LABEL}) "
             f"OPTIONAL MATCH (n)-[:{'|'.join(HOME_FIRST_STEP)}]->(:{BASE_LABEL})-[:LIGT_IN*0..]->(r:Regio) "
             "WHERE r.soort = $soort "
             "WITH n, min(r.id) AS via "
             "WITH n, CASE WHEN n:Regio AND n.soort = $soort THEN n.id ELSE via END AS home "
             "WHERE home IS NOT NULL RETURN elementId(n) AS id, home",
    # keyed by elementId, which needs no property read; per start node first, then per pair of
    # groups (0.95 -> 0.7 s over the 490k relationships at scale 1)
    "group_sizes": f"MATCH (n:{BASE_LABEL}) "
                   f"RETURN [x IN labels(n) WHERE x <> '{BASE_LABEL}'][0] AS l, $home[elementId(n)] AS h, count(*) AS c",
    "group_links": f"MATCH (a:{BASE_LABEL}) WITH a, labels(a) AS la, $home[elementId(a)] AS ha "
                   f"MATCH (a)-[t]->(b:{BASE_LABEL}) WHERE NOT type(t) IN $skip "
                   f"WITH la, ha, labels(b) AS lb, $home[elementId(b)] AS hb, count(*) AS c "
                   f"RETURN [x IN la WHERE x <> '{BASE_LABEL}'][0] AS la, ha, "
                   f"[x IN lb WHERE x <> '{BASE_LABEL}'][0] AS lb, hb, sum(c) AS c",
    "degrees": f"MATCH (n:{BASE_LABEL}) WHERE $labels IS NULL OR any(x IN labels(n) WHERE x IN $labels) "
               "WITH n, COUNT { (n)-[t]->() WHERE NOT type(t) IN $skip } "
               "+ COUNT { (n)<-[t]-() WHERE NOT type(t) IN $skip } AS d "
               "RETURN n.id AS id, d ORDER BY d DESC, id LIMIT $limit",
}


def example_queries() -> dict[str, tuple[str, str]]:
    """{name: (Dutch title, runnable text)}: the primitives' Cypher with example labels and
    types filled in (the Cypher console offers these)."""
    fill = {"where": "", "rel": "[r:BEHANDELT]", "via": "LIGT_IN", "actor": _actor_test("n"),
            "a": _actor_test("a"), "b": _actor_test("b"), "label": "Regio"}
    # the name index's procedure is not among the console's allowed procedures
    return {name: (TITLES[name], _cypher(name, **fill)) for name in CYPHER if NAME_INDEX not in CYPHER[name]}


def _lucene_term(key: str) -> str:
    """A name key as one Lucene term (every query-syntax character escaped)."""
    return "".join("\\" + c if c in _LUCENE_SPECIAL else c for c in key)


def _cypher(name: str, **fill: str) -> str:
    """A primitive's Cypher with its checked labels/types filled in (values stay parameters)."""
    return CYPHER[name].format(**fill)
