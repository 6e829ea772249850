"""Loads at scale on real Neo4j servers (small scale here: `generate --scale 0.01`).

- The bulk path (graph.neo4j_bulk: Neo4j's importer into a fresh store, swapped in) gives the
  same graph as a load in one transaction: counts, every node and relationship with its
  properties and sources, the constraints and the :Meta version.
- A bulk import that fails leaves the running server and its graph as they were; a new store
  that does not come up is rolled back to the old one.
- `lemniscaat load --backend neo4j --reset [--bulk]` works through the real command line, also
  back from a bigger graph to the seed.
- A server that refuses a load in one transaction (a real server with 2 MiB of transaction
  memory) gives a Dutch message, exit 4, no traceback, and the graph stays as it was.

Each server here is a local Neo4j of its own on a free port (the bulk tests stop and start it);
the session's test Neo4j carries the load in one transaction to compare with.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from graph import local_neo4j, neo4j_bulk
from graph.errors import StoreRefused
from graph.model import Dataset, Node, Relationship, Source
from graph.neo4j_store import Neo4jStore
from loaders.synthetic import generate
from loaders.validate import seed_files, validate_import
from tests.conftest import IN_CI

pytestmark = pytest.mark.neo4j
REPO = Path(__file__).resolve().parent.parent
SMALL_JAVA_OPTS = "-Xms128m -Xmx512m -Dlemniscaat.neo4j.pagecache=32m"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server(tmp_path_factory, name: str, java_opts: str):
    ok, why = local_neo4j.java_and_maven_available()
    if not ok:
        if IN_CI:
            pytest.fail(f"Neo4j tests cannot run under CI=true: {why}")
        pytest.skip(f"SKIPPED: {why}")
    port, data_dir = _free_port(), tmp_path_factory.mktemp(name)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("LEMNISCAAT_NEO4J_JAVA_OPTS", java_opts)
        info = local_neo4j.start(port=port, data_dir=data_dir)
    return {"port": port, "data_dir": data_dir, "uri": info["uri"], "auth": local_neo4j.auth(data_dir),
            "env": {"LEMNISCAAT_NEO4J_PORT": str(port), "LEMNISCAAT_NEO4J_DATA_DIR": str(data_dir)}}


@pytest.fixture(scope="module")
def bulk_server(tmp_path_factory):
    """A local Neo4j the bulk path may stop, swap and start."""
    server = _server(tmp_path_factory, "bulk-neo4j", SMALL_JAVA_OPTS)
    yield server
    local_neo4j.stop(port=server["port"], data_dir=server["data_dir"])


@pytest.fixture(scope="module")
def small_set(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("scale-0.01")
    generate(0.01, 42, out)
    return sorted(out.glob("*.csv"))


@pytest.fixture(scope="module")
def small_dataset(small_set, sources_dir) -> Dataset:
    dataset, _ = validate_import(seed_files() + small_set)
    return dataset


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")}
    return subprocess.run([sys.executable, "-m", "lemniscaat_cli", *args], cwd=REPO, env={**full, **(env or {})},
                          capture_output=True, text=True, timeout=600)


def _store(server) -> Neo4jStore:
    return Neo4jStore(server["uri"], server["auth"])


def _constraints(store: Neo4jStore) -> list:
    return sorted(tuple(r.values()) for r in store._read(
        "SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties, type RETURN *"))


def _stores(server) -> list[str]:
    return sorted(p.name for p in (server["data_dir"] / local_neo4j.STORES_DIR).iterdir())


def test_bulk_gives_the_same_graph_as_a_load_in_one_transaction(neo4j_store, bulk_server, small_dataset):
    neo4j_store.load(small_dataset, reset=True)
    result = neo4j_bulk.bulk_load(small_dataset, port=bulk_server["port"], data_dir=bulk_server["data_dir"])
    assert result["relationships"] == sum(small_dataset.counts()["relationships"].values())
    bulk = _store(bulk_server)
    try:
        assert bulk.counts() == neo4j_store.counts() == small_dataset.counts()
        expected, got = neo4j_store.dataset(), bulk.dataset()
        assert got.nodes == expected.nodes  # labels, properties (with their types), sources
        assert sorted(got.relationships, key=lambda r: r.key) == sorted(expected.relationships, key=lambda r: r.key)
        assert _constraints(bulk) == _constraints(neo4j_store)
        props = "MATCH (n:Knoop {id: $id}) RETURN properties(n) AS p"
        some = next(n for n in small_dataset.nodes.values() if n.aliassen)
        assert bulk._read(props, id=some.id) == neo4j_store._read(props, id=some.id)  # _zoek, _sources, id
        rel = "MATCH ()-[r:LIGT_IN]->() RETURN properties(r) AS p ORDER BY r._key, r._sources LIMIT 5"
        assert bulk._read(rel) == neo4j_store._read(rel)  # _key and _sources
        assert bulk.lookup(some.aliassen[0]) == neo4j_store.lookup(some.aliassen[0])
        assert bulk.version() not in ("leeg", neo4j_store.version())
    finally:
        bulk.close()
    assert len(_stores(bulk_server)) == 1  # the old store is gone once the new one runs
    assert not (bulk_server["data_dir"] / "databases").exists()


SRC = (Source("pub-x", "x.txt", (1, 2), "eigen woorden"),)


def _mixed() -> Dataset:
    """Three gemeenten whose properties differ: A and B share a file (B has no inwoners and an
    empty text), C has inwoners as a decimal, so it needs a file of its own; two relationships
    with the same sources, one with a property."""
    nodes = {"gm-a": Node("gm-a", "Gemeente", {"naam": "A", "inwoners": 5, "provincie": "Zeeland"}, SRC),
             "gm-b": Node("gm-b", "Gemeente", {"naam": "B \"de\", b", "provincie": ""}, SRC),
             "gm-c": Node("gm-c", "Gemeente", {"naam": "C", "inwoners": 2.5}, SRC),
             "regio-r": Node("regio-r", "Regio", {"naam": "R"}, SRC)}
    rels = [Relationship("LIGT_IN", "gm-a", "regio-r", {}, SRC),
            Relationship("LIGT_IN", "gm-b", "regio-r", {"rol": "deels"}, SRC)]
    return Dataset(nodes, rels)


def test_csv_files_one_per_label_unless_a_type_differs(tmp_path):
    files = neo4j_bulk.write_import_files(_mixed(), tmp_path, "tok")
    gemeente = [p for labels, p in files.nodes if labels == "Knoop:Gemeente"]
    assert len(gemeente) == 2 and len(files.nodes) == 4 and len(files.relationships) == 1
    head, a, b = gemeente[0].read_text(encoding="utf-8").splitlines()
    assert head == ('":ID(Knoop)","_sources:string","_zoek:string[]","id:string","inwoners:long","naam:string",'
                    '"provincie:string"')
    assert a.startswith('"0",') and a.endswith(',"gm-a","5","A","Zeeland"')  # a number per node, the id a property
    assert b.endswith(',,"B ""de"", b",""')  # no inwoners (empty, unquoted); an empty text stays ""
    assert '"inwoners:double"' in gemeente[1].read_text(encoding="utf-8").splitlines()[0]
    ligt_in = files.relationships[0][1].read_text(encoding="utf-8").splitlines()
    assert ligt_in[0] == '":START_ID(Knoop)",":END_ID(Knoop)","_key:string","_sources:string","rol:string"'
    assert ligt_in[1].startswith('"0","3",') and ligt_in[1].endswith(",")  # gm-a -> regio-r, by number
    assert ligt_in[2].startswith('"1","3",') and ligt_in[2].endswith(',"deels"')


def test_csv_refuses_a_relationship_to_a_node_not_in_the_data(tmp_path):
    mixed = _mixed()
    dangling = Dataset(mixed.nodes, [*mixed.relationships, Relationship("LIGT_IN", "gm-c", "regio-x", {}, SRC)])
    with pytest.raises(neo4j_bulk.BulkNotPossible, match="regio-x"):
        neo4j_bulk.write_import_files(dangling, tmp_path, "tok")


def test_csv_relationship_rows_are_the_stores_own(small_dataset):
    rows = list(neo4j_bulk._rel_rows(small_dataset))
    assert len(rows) == len(small_dataset.relationships)
    for rel, (rtype, start, end, props) in zip(small_dataset.relationships, rows):
        own = Neo4jStore._rel_row(rel)
        assert (start, end, props) == (own["from"], own["to"], own["props"]) and rtype == rel.type


def test_bulk_keeps_missing_and_empty_properties_as_a_transaction_does(neo4j_store, bulk_server):
    mixed = _mixed()
    neo4j_store.load(mixed, reset=True)
    neo4j_bulk.bulk_load(mixed, port=bulk_server["port"], data_dir=bulk_server["data_dir"])
    bulk = _store(bulk_server)
    try:
        props = "MATCH (n:Knoop) RETURN n.id AS id, properties(n) AS p ORDER BY id"
        got = bulk._read(props)
        assert got == neo4j_store._read(props)
        by_id = {r["id"]: r["p"] for r in got}
        assert "inwoners" not in by_id["gm-b"] and by_id["gm-b"]["provincie"] == ""
        assert by_id["gm-a"]["inwoners"] == 5 and by_id["gm-c"]["inwoners"] == 2.5
        rels = "MATCH (a)-[r]->(b) RETURN a.id AS a, properties(r) AS p ORDER BY a"
        assert bulk._read(rels) == neo4j_store._read(rels)
    finally:
        bulk.close()


def test_ready_is_looked_for_only_after_this_start(tmp_path):
    log = tmp_path / "launcher.log"
    log.write_bytes(b"==== start 1\nREADY bolt://127.0.0.1:1\n==== reopening\n")
    offset = log.stat().st_size
    assert local_neo4j._ready_logged(log, 0) and not local_neo4j._ready_logged(log, offset)
    with open(log, "ab") as fh:
        fh.write(b"REOPENING\nNeo4j started\nREADY bolt://127.0.0.1:1\n")
    assert local_neo4j._ready_logged(log, offset)


def test_a_launcher_that_does_not_claim_the_reopen_is_restarted_on_the_new_store(bulk_server, tiny, monkeypatch):
    """No time to claim the request: it is withdrawn, and the server is stopped and started on
    the new store instead (the path for a launcher that cannot reopen)."""
    port, data_dir = bulk_server["port"], bulk_server["data_dir"]
    before = local_neo4j.status(port, data_dir)
    monkeypatch.setattr(local_neo4j, "REOPEN_CLAIM_S", 0.0)
    result = neo4j_bulk.bulk_load(tiny, port=port, data_dir=data_dir)
    assert "swap_restart" in result["phases"] and "swap_reopen" not in result["phases"]
    assert not (data_dir / local_neo4j.REOPEN_REQUEST).exists()
    after = local_neo4j.status(port, data_dir)
    assert after["running"] and after["pid"] != before["pid"]
    store = _store(bulk_server)
    try:
        assert store.counts() == tiny.counts()
    finally:
        store.close()


def test_a_store_that_does_not_open_is_rolled_back(bulk_server, tiny):
    """A real reopen on a store Neo4j cannot open (its files are garbage): the launcher exits,
    a new server starts on the old store, and the graph is the one before."""
    port, data_dir = bulk_server["port"], bulk_server["data_dir"]
    neo4j_bulk.bulk_load(tiny, port=port, data_dir=data_dir)
    store = _store(bulk_server)
    try:
        version, counts = store.version(), store.counts()
    finally:
        store.close()
    before, stores = local_neo4j.status(port, data_dir), _stores(bulk_server)
    bad = local_neo4j.stores_dir(data_dir) / "kapot"
    (bad / "databases" / "neo4j").mkdir(parents=True)
    for name in ("neostore", "neostore.nodestore.db", "neostore.relationshipstore.db"):
        (bad / "databases" / "neo4j" / name).write_bytes(b"geen store" * 1000)
    with pytest.raises(local_neo4j.LocalNeo4jError, match="oude graaf"):
        local_neo4j.swap_store(bad, port, data_dir)
    after = local_neo4j.status(port, data_dir)
    assert after["running"] and after["pid"] != before["pid"]  # the launcher that failed is gone
    assert _stores(bulk_server) == stores and not bad.exists()
    store = _store(bulk_server)
    try:
        assert store.version() == version and store.counts() == counts
    finally:
        store.close()


def _broken_files(monkeypatch) -> None:
    """The import files get one relationship to a node number that no node has: the importer
    refuses it (the CSV writer itself refuses such a relationship in the data)."""
    write = neo4j_bulk.write_import_files

    def broken(dataset, folder, token):
        files = write(dataset, folder, token)
        with open(files.relationships[0][1], "a", encoding="utf-8") as fh:
            fh.write('"0","999999",""\n')
        return files

    monkeypatch.setattr(neo4j_bulk, "write_import_files", broken)


def test_a_failed_bulk_import_leaves_the_old_graph_and_server(bulk_server, small_dataset, monkeypatch):
    before = local_neo4j.status(bulk_server["port"], bulk_server["data_dir"])
    stores = _stores(bulk_server)
    store = _store(bulk_server)
    _broken_files(monkeypatch)
    try:
        version, counts = store.version(), store.counts()
        with pytest.raises(StoreRefused, match="ongewijzigd"):
            neo4j_bulk.bulk_load(small_dataset, port=bulk_server["port"], data_dir=bulk_server["data_dir"])
        assert local_neo4j.status(bulk_server["port"], bulk_server["data_dir"])["pid"] == before["pid"]  # never stopped
        assert store.version() == version and store.counts() == counts
    finally:
        store.close()
    assert _stores(bulk_server) == stores  # no half-written store left behind


def test_a_new_store_that_does_not_start_is_rolled_back(bulk_server, tiny, monkeypatch):
    """The swap is real; only the first wait for the new store is made to fail, as a store that
    does not come up would. The server must be back on the old store: a bulk-loaded one (in
    stores/, named by the store link), loaded here first with a graph other than the new one,
    so the test does not depend on what earlier tests left."""
    mixed = _mixed()
    neo4j_bulk.bulk_load(mixed, port=bulk_server["port"], data_dir=bulk_server["data_dir"])
    store = _store(bulk_server)
    try:
        version, counts = store.version(), store.counts()
    finally:
        store.close()
    assert counts == mixed.counts() != tiny.counts()
    stores = _stores(bulk_server)
    assert len(stores) == 1 and (bulk_server["data_dir"] / local_neo4j.STORE_LINK).is_symlink()
    real_wait, calls = local_neo4j._wait_for_bolt, []

    def first_wait_fails(*args):
        calls.append(args)
        if len(calls) == 1:
            raise local_neo4j.LocalNeo4jError("de nieuwe store kwam niet op")
        return real_wait(*args)

    monkeypatch.setattr(local_neo4j, "_wait_for_bolt", first_wait_fails)
    with pytest.raises(local_neo4j.LocalNeo4jError, match="oude graaf"):
        neo4j_bulk.bulk_load(tiny, port=bulk_server["port"], data_dir=bulk_server["data_dir"])
    monkeypatch.undo()
    assert len(calls) == 2  # the new store's start failed, the old one's did not
    assert local_neo4j.status(bulk_server["port"], bulk_server["data_dir"])["running"]
    assert _stores(bulk_server) == stores
    store = _store(bulk_server)
    try:
        assert store.version() == version and store.counts() == counts
    finally:
        store.close()


def test_cli_bulk_load_and_reset_back_to_the_seed(bulk_server, small_set, seed):
    env = bulk_server["env"]
    done = cli("load", "--backend", "neo4j", "--reset", "--bulk", *map(str, small_set), env=env)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["method"] == "bulk" and sum(out["relationships"].values()) > sum(seed.counts()["relationships"].values())
    # reset of the bigger graph back to the seed: in one transaction (small) and by bulk
    for how in ("--no-bulk", "--bulk"):
        back = cli("load", "--backend", "neo4j", "--reset", how, env=env)
        assert back.returncode == 0, back.stderr
        assert json.loads(back.stdout)["method"] == how.strip("-").replace("no-bulk", "transaction")
        stats = cli("stats", "--backend", "neo4j", "--json", env=env)
        got = json.loads(stats.stdout)
        assert {"nodes": got["nodes"], "relationships": got["relationships"]} == seed.counts()


@pytest.mark.parametrize("args, words", [
    (["--bulk"], "samen met --reset"),
    (["--reset", "--bulk", "--backend", "memory"], "alleen voor --backend neo4j"),
])
def test_bulk_usage_errors_exit_2(args, words):
    done = cli("load", *([] if "--backend" in args else ["--backend", "neo4j"]), *args)
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr


def test_bulk_is_only_for_the_local_neo4j():
    done = cli("load", "--backend", "neo4j", "--reset", "--bulk", env={"NEO4J_URI": "bolt://127.0.0.1:1"})
    assert done.returncode == 2 and "alleen met de lokale Neo4j" in done.stderr


def test_a_load_the_server_refuses_for_memory_is_exit_4_and_changes_nothing(tmp_path_factory, tiny, small_set):
    """A real server with 2 MiB per transaction: the tiny graph fits, the seed does not."""
    server = _server(tmp_path_factory, "tight-neo4j", "-Xms128m -Xmx384m -Dlemniscaat.neo4j.pagecache=32m "
                                                      "-Dlemniscaat.neo4j.txMax=2m -Dlemniscaat.neo4j.txTotalMax=10m")
    try:
        store = _store(server)
        try:
            store.load(tiny, reset=True)
            version = store.version()
        finally:
            store.close()
        # another Neo4j (NEO4J_URI): one transaction, refused by the server
        env = {"NEO4J_URI": server["uri"], "NEO4J_USER": server["auth"][0], "NEO4J_PASSWORD": server["auth"][1]}
        done = cli("load", "--backend", "neo4j", "--reset", *map(str, small_set), env=env)
        assert done.returncode == 4, done.stderr
        assert "te weinig geheugen" in done.stderr and "Er is niets veranderd" in done.stderr
        assert "Traceback" not in done.stderr and "will be retried" not in done.stderr
        store = _store(server)
        try:
            assert store.version() == version and store.counts() == tiny.counts()
        finally:
            store.close()
    finally:
        local_neo4j.stop(port=server["port"], data_dir=server["data_dir"])
