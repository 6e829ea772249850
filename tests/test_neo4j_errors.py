"""The Neo4j store raises the project's own errors with a Dutch message, never a driver
exception, and never reports a load as done when it is not known to be.

A timeout is the real server's refusal; a memory refusal is the driver's own error for it,
rebuilt (Community cannot lower its memory limit at run time). A connection that dies during a commit is injected around
the real driver session (the write itself runs on the real database, or not at all)."""
from __future__ import annotations

import socket

import pytest
from neo4j import Query
from neo4j.exceptions import IncompleteCommit, Neo4jError

from graph.errors import LoadUncertain, StoreRefused, StoreUnavailable
from graph.neo4j_store import Neo4jStore

pytestmark = pytest.mark.neo4j


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("uri", ["foo://127.0.0.1:7687", "bolt://127.0.0.1:abc", "bolt://host.invalid:7687"])
def test_a_bad_address_is_store_unavailable(uri):
    with pytest.raises(StoreUnavailable, match="Neo4j"):
        Neo4jStore(uri)


def test_nothing_listening_is_store_unavailable():
    with pytest.raises(StoreUnavailable, match="lemniscaat neo4j start"):
        Neo4jStore(f"bolt://127.0.0.1:{_free_port()}")


def test_a_refusal_for_memory_says_what_to_do(neo4j_store):
    # the error the driver raises when the server's transaction memory pool is exhausted
    # (Community cannot lower that limit at run time, so the server's answer is rebuilt here)
    refused = Neo4jError._hydrate_neo4j(code="Neo.TransientError.General.MemoryPoolOutOfMemoryError",
                                        message="The allocation of an extra 2.0 MiB would use more than the limit")
    with pytest.raises(StoreRefused, match="te weinig geheugen.*LEMNISCAAT_NEO4J_JAVA_OPTS.*niets veranderd"):
        with neo4j_store._errors("de load"):
            raise refused


def test_a_timeout_on_the_real_server_says_what_to_do(neo4j_store):
    slow = Query("UNWIND range(1, 500000000) AS x RETURN sum(x) AS s", timeout=0.05)
    with pytest.raises(StoreRefused, match="db.transaction.timeout"):
        with neo4j_store._errors("de load"):
            neo4j_store._driver.execute_query(slow, database_=neo4j_store.database)


def test_a_failing_load_changes_nothing_and_raises_no_driver_error(neo4j_store, tiny):
    neo4j_store.load(tiny, reset=True)
    version = neo4j_store.version()
    with pytest.raises(StoreRefused):
        with neo4j_store._errors("de load"):
            neo4j_store._driver.execute_query("MATCH (n:Knoop) RETURN n.id + {} AS broken",
                                              database_=neo4j_store.database)
    assert neo4j_store.version() == version


class _DyingSession:
    """The real session; the commit's answer is lost (after the write when `commit` is True)."""

    def __init__(self, session, commit: bool):
        self.session, self.commit = session, commit

    def __enter__(self):
        self.session.__enter__()
        return self

    def __exit__(self, *exc):
        return self.session.__exit__(*exc)

    def __getattr__(self, name):  # everything else (the reads that check the commit) is the real session's
        return getattr(self.session, name)

    def execute_write(self, work, *args):
        if self.commit:
            self.session.execute_write(work, *args)
        raise IncompleteCommit("de verbinding viel weg tijdens COMMIT")


def _dying(monkeypatch, store, commit: bool):
    real = store._driver.session
    monkeypatch.setattr(store._driver, "session", lambda **kw: _DyingSession(real(**kw), commit))


def test_a_lost_commit_that_happened_is_verified(neo4j_store, tiny, seed, monkeypatch):
    neo4j_store.load(tiny, reset=True)
    _dying(monkeypatch, neo4j_store, commit=True)
    neo4j_store.load(seed, reset=True)  # no error: the :Meta token shows the commit happened
    monkeypatch.undo()
    assert neo4j_store.counts() == seed.counts()


def test_a_lost_commit_that_did_not_happen_is_an_error(neo4j_store, tiny, seed, monkeypatch):
    neo4j_store.load(tiny, reset=True)
    _dying(monkeypatch, neo4j_store, commit=False)
    with pytest.raises(StoreUnavailable, match="niet opgeslagen"):
        neo4j_store.load(seed, reset=True)
    monkeypatch.undo()
    assert neo4j_store.counts() == tiny.counts()


def test_a_lost_commit_that_cannot_be_checked_is_uncertain(neo4j_store, tiny, monkeypatch):
    _dying(monkeypatch, neo4j_store, commit=False)

    def unreachable():
        raise StoreUnavailable("weg")

    monkeypatch.setattr(neo4j_store, "version", unreachable)
    with pytest.raises(LoadUncertain, match="onbekend of de load is opgeslagen"):
        neo4j_store.load(tiny, reset=True)
