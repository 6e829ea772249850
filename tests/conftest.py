"""Shared fixtures: the source documents, the seed dataset, a tiny fixture dataset."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from loaders.validate import default_reference_dir, default_sources_dir, load_seed, validate_files

# Tests never touch the user's real workspace (loaders/workspace.py): the whole session points
# at a temporary one, and every test gets a fresh, empty one of its own (subprocesses inherit it).
os.environ["LEMNISCAAT_WERKRUIMTE"] = tempfile.mkdtemp(prefix="lemniscaat-test-werkruimte-")
# The app's background warm-up (ui/warmup.py) is off in page tests, so that what a test counts is
# its page's own work; tests/test_warmup.py and the browser test (a real app) turn it on.
os.environ["LEMNISCAAT_WARMUP"] = "0"

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def own_workspace(tmp_path, monkeypatch) -> Path:
    """A fresh, empty workspace for this test (LEMNISCAAT_WERKRUIMTE)."""
    path = tmp_path / "werkruimte"
    monkeypatch.setenv("LEMNISCAAT_WERKRUIMTE", str(path))
    return path
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The folder with the five source documents. Under CI=true a missing folder fails."""
    path = default_sources_dir()
    if not path.is_dir():
        if IN_CI:
            pytest.fail(f"source documents not found at {path} (set LEMNISCAAT_SOURCES)")
        pytest.skip(f"SKIPPED: source documents not found at {path}; set LEMNISCAAT_SOURCES")
    return path


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """The folder with the reference geography (../shared/reference, or $LEMNISCAAT_REFERENCE).
    Under CI=true a missing folder fails."""
    path = default_reference_dir()
    if not path.is_dir():
        if IN_CI:
            pytest.fail(f"reference files not found at {path} (set LEMNISCAAT_REFERENCE)")
        pytest.skip(f"SKIPPED: reference files not found at {path}; set LEMNISCAAT_REFERENCE")
    return path


@pytest.fixture(scope="session")
def seed(sources_dir):
    return load_seed(sources_dir)


@pytest.fixture()
def tiny_dir(tmp_path) -> Path:
    """A folder holding tiny.yaml and the tiny source document it cites."""
    shutil.copy(FIXTURES / "tiny.yaml", tmp_path / "tiny.yaml")
    shutil.copy(FIXTURES / "tiny_doc.txt", tmp_path / "tiny_doc.txt")
    return tmp_path


@pytest.fixture()
def tiny(tiny_dir):
    return validate_files([tiny_dir / "tiny.yaml"], sources_dir=tiny_dir)


# -- the contract fixture: every store-level test runs on both stores ---------------------
TEST_NEO4J_PORT = int(os.environ.get("LEMNISCAAT_TEST_NEO4J_PORT", "7688"))
# The test Neo4j is small on purpose: 1 GiB heap (the console's memory test needs a heap a
# query can exhaust), a small page cache; scripts/test.sh starts it with the same options.
TEST_NEO4J_JAVA_OPTS = os.environ.get("LEMNISCAAT_TEST_NEO4J_JAVA_OPTS",
                                      "-Xms256m -Xmx1g -Dlemniscaat.neo4j.pagecache=256m")


def _test_neo4j_dir() -> Path:
    return Path(__file__).resolve().parent.parent / ".neo4j" / f"test-{TEST_NEO4J_PORT}"


def local_test_neo4j() -> bool:
    """True when the tests run on the project's own local Neo4j (not on NEO4J_URI)."""
    return not os.environ.get("NEO4J_URI")


@pytest.fixture(scope="session")
def neo4j_connection():
    """(uri, auth) of a Neo4j for tests: NEO4J_URI (+ NEO4J_USER/NEO4J_PASSWORD) if set, else the
    project's local test instance (port 7688, data in .neo4j/test-7688), started here if needed
    and then stopped again at the end of the session. For the session, LEMNISCAAT_NEO4J_PORT /
    _DATA_DIR and NEO4J_USER / NEO4J_PASSWORD point at it, so code that opens its own connection
    (the app, the CLI) authenticates too. Under CI=true a Neo4j that cannot be reached is a
    failure; elsewhere the tests skip only without Java/Maven."""
    from graph.backends import neo4j_settings

    if not local_test_neo4j():
        yield neo4j_settings()
        return
    from graph import local_neo4j

    ok, why = local_neo4j.java_and_maven_available()
    if not ok:
        if IN_CI:
            pytest.fail(f"Neo4j tests cannot run under CI=true: {why}")
        pytest.skip(f"SKIPPED Neo4j half of the contract suite: {why}")
    data_dir = _test_neo4j_dir()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("LEMNISCAAT_NEO4J_JAVA_OPTS", TEST_NEO4J_JAVA_OPTS)
        try:
            info = local_neo4j.start(port=TEST_NEO4J_PORT, data_dir=data_dir)
        except Exception as exc:  # a Neo4j that does not start is a test failure
            pytest.fail(f"the local Neo4j did not start: {exc}")
        user, password = local_neo4j.auth(data_dir)
        env.setenv("LEMNISCAAT_NEO4J_PORT", str(TEST_NEO4J_PORT))
        env.setenv("LEMNISCAAT_NEO4J_DATA_DIR", str(data_dir))
        env.setenv("NEO4J_USER", user)
        env.setenv("NEO4J_PASSWORD", password)
        try:
            yield info["uri"], (user, password)
        finally:
            if info["started"]:  # started here, so stopped here
                local_neo4j.stop(port=TEST_NEO4J_PORT, data_dir=data_dir)


@pytest.fixture(scope="session")
def neo4j_store(neo4j_connection):
    from graph.neo4j_store import Neo4jStore

    uri, auth = neo4j_connection
    store = Neo4jStore(uri, auth)
    yield store
    store.close()


@pytest.fixture(params=["memory", "neo4j"])
def make_store(request):
    """A factory: make_store(dataset) gives this run's kind of store, loaded with dataset
    (reset). The Neo4j store is the shared session connection, emptied by the reset."""
    kind = request.param

    def factory(dataset):
        if kind == "memory":
            from graph.memory_store import MemoryStore

            return MemoryStore(dataset)
        store = request.getfixturevalue("neo4j_store")
        store.load(dataset, reset=True)
        return store

    factory.kind = kind
    return factory
