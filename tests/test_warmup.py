"""The app's background warm-up (ui/warmup.py): after the first page run of a graph version, the
national overviews are computed off the page, and the pages that need them then compute nothing
of them themselves. Measured by the thread that runs each computation: with the warm-up on, the
national gaps and the citation counts run in the warm-up thread only; with it off, in the page's."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from graph.memory_store import MemoryStore
from ui import data, warmup

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture()
def threads_of(monkeypatch):
    """{what: [thread names]}: the national hiaten query and the store's citation counts, each
    time they are computed (all caches emptied first, so nothing comes from an earlier test)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setattr(warmup, "_seen", set())
    seen: dict[str, list[str]] = {"hiaten": [], "citations": []}
    run_query, citations = data.run_query, MemoryStore.citations

    def spy_query(store, name, params):
        if name == "hiaten" and not params:
            seen["hiaten"].append(threading.current_thread().name)
        return run_query(store, name, params)

    def spy_citations(self, *args, **kwargs):
        seen["citations"].append(threading.current_thread().name)
        return citations(self, *args, **kwargs)

    monkeypatch.setattr(data, "run_query", spy_query)
    monkeypatch.setattr(MemoryStore, "citations", spy_citations)
    return seen


def _visit_after_first_page(monkeypatch, on: bool) -> None:
    monkeypatch.setenv("LEMNISCAAT_WARMUP", "1" if on else "0")
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()  # the first page of a new graph version (Netwerk) starts the warm-up after it ran
    for thread in list(warmup._threads):
        thread.join(timeout=60)
    for page in ("hiaten", "bronnen"):
        at.switch_page(f"app_pages/{page}.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]


def test_the_pages_find_the_national_overviews_computed(seed, threads_of, monkeypatch):
    _visit_after_first_page(monkeypatch, on=True)
    assert threads_of["hiaten"] == ["warmup-memory"]
    assert threads_of["citations"] and set(threads_of["citations"]) == {"warmup-memory"}


def test_without_the_warm_up_the_pages_compute_them(seed, threads_of, monkeypatch):
    _visit_after_first_page(monkeypatch, on=False)
    assert len(threads_of["hiaten"]) == 1 and threads_of["hiaten"] != ["warmup-memory"]
    assert threads_of["citations"] and "warmup-memory" not in threads_of["citations"]


def test_once_per_graph_version(seed, threads_of, monkeypatch):
    """A second run on the same version starts nothing; a new version starts a warm-up of its own."""
    monkeypatch.setenv("LEMNISCAAT_WARMUP", "1")
    version = data.graph_version("memory")
    first = warmup.start("memory")
    assert first is not None and warmup.start("memory") is None
    first.join(timeout=60)
    monkeypatch.setattr(data, "graph_version", lambda backend: version + "-nieuw")
    assert warmup.start("memory") is not None


def test_a_failing_step_is_left_for_the_page(seed, threads_of, monkeypatch, caplog):
    """The warm-up never raises: the step's error is logged and the next steps still run."""
    monkeypatch.setenv("LEMNISCAAT_WARMUP", "1")
    done: list[str] = []

    def broken(backend, version):
        raise RuntimeError("kapot")

    monkeypatch.setattr(warmup, "steps", lambda: [("kapot", broken), ("heel", lambda b, v: done.append(b))])
    warmup.start("memory").join(timeout=60)
    assert done == ["memory"]
    assert "kapot" in caplog.text


def test_no_step_starts_while_a_page_runs(seed, threads_of, monkeypatch):
    monkeypatch.setenv("LEMNISCAAT_WARMUP", "1")
    done: list[str] = []
    monkeypatch.setattr(warmup, "steps", lambda: [("een", lambda b, v: done.append("een"))])
    with warmup.page_running():
        thread = warmup.start("memory")
        thread.join(timeout=0.5)
        assert thread.is_alive() and done == []  # waiting for the page
    thread.join(timeout=10)
    assert done == ["een"]


def test_the_whole_app_run_counts_as_a_page_run(seed, threads_of, monkeypatch):
    """From the sidebar's store switch on (app.py), not only the page itself: a step that started
    meanwhile would slow every wait of the run for the interpreter lock."""
    monkeypatch.setenv("LEMNISCAAT_WARMUP", "0")
    seen: list[int] = []
    switch = data.store_switch

    def spy_switch():
        seen.append(warmup._running)
        return switch()

    monkeypatch.setattr(data, "store_switch", spy_switch)
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception and seen == [1] and warmup._running == 0


def test_the_server_prepares_the_stores_before_the_first_visit(seed, threads_of, monkeypatch):
    """ui/server.py: `lemniscaat serve` opens the embedded store and runs its warm-up before anyone
    visits; the first page then opens nothing and computes none of the national overviews. A
    Neo4j that does not answer is left to the page (it says so in the sidebar)."""
    from socket import socket

    from ui import server

    monkeypatch.setenv("LEMNISCAAT_WARMUP", "1")
    with socket() as s:
        s.bind(("127.0.0.1", 0))
        monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{s.getsockname()[1]}")  # nobody listens
    opened: list[str] = []
    open_store = data.open_store
    monkeypatch.setattr(data, "open_store", lambda backend: opened.append(backend) or open_store(backend))
    done = server.prepare()
    assert done["memory"] == "klaar" and done["neo4j"].startswith("niet beschikbaar")
    assert threads_of["hiaten"] == ["warmup-memory"]  # computed by the warm-up it started
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page("app_pages/hiaten.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert opened == ["memory", "neo4j"]  # by the preparation, each once; the pages opened nothing
    assert len(threads_of["hiaten"]) == 1  # the page found it computed


def _watching(status: dict[str, str]):
    """The server's watcher (ui/server.py) in a thread, looking every 50 ms; stop it with the event."""
    from ui import server

    stop = threading.Event()
    thread = threading.Thread(target=server.watch, args=(status, stop, 0.05, 0.2), name="warmup-watch",
                              daemon=True)
    thread.start()
    return stop, thread


def _wait_for(condition, seconds: float = 30) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_the_server_prepares_each_new_graph_version_it_sees(seed, threads_of, monkeypatch, capsys):
    """After the start, a graph that changes under the running app (a load by another process)
    is prepared by the server as soon as it sees the new version, once; an unchanged one is not
    prepared again."""
    from ui import server

    monkeypatch.setenv("LEMNISCAAT_WARMUP", "1")
    prepared: list[tuple[str, str]] = []
    monkeypatch.setattr(warmup, "steps", lambda: [("spy", lambda b, v: prepared.append((b, v)))])
    store = data.get_store("memory")
    version = [store.version()]
    monkeypatch.setattr(store, "version", lambda: version[0])
    status = server.prepare(("memory",))
    assert status == {"memory": "klaar"} and prepared == [("memory", version[0])]
    stop, thread = _watching(status)
    try:
        assert not _wait_for(lambda: len(prepared) > 1, 0.5)  # nothing new: nothing prepared
        version[0] = "memory-nieuw"
        assert _wait_for(lambda: ("memory", "memory-nieuw") in prepared)
        assert not _wait_for(lambda: len(prepared) > 2, 0.5)  # once
    finally:
        stop.set()
        thread.join(timeout=10)
    assert "memory voorbereid" in capsys.readouterr().out


def test_the_server_prepares_a_store_that_comes_up_later(seed, threads_of, monkeypatch):
    """A store that did not answer at the start (Neo4j started after the app) is tried again, and
    prepared once it answers; until then the watcher only notes it is not available."""
    from ui import server

    monkeypatch.setenv("LEMNISCAAT_WARMUP", "1")
    prepared: list[tuple[str, str]] = []
    monkeypatch.setattr(warmup, "steps", lambda: [("spy", lambda b, v: prepared.append((b, v)))])
    real = data.open_store
    up = [False]

    def open_store(backend):
        if not up[0]:
            raise data.StoreUnavailable("nog niet gestart")
        return real("memory")

    monkeypatch.setattr(data, "open_store", open_store)
    status = server.prepare(("neo4j",))  # the memory store behind the name, once it "starts"
    assert status["neo4j"].startswith("niet beschikbaar") and not prepared
    stop, thread = _watching(status)
    try:
        assert not _wait_for(lambda: status["neo4j"] == "klaar", 0.5)
        up[0] = True
        assert _wait_for(lambda: status["neo4j"] == "klaar" and prepared)
        assert prepared[0][0] == "neo4j"
    finally:
        stop.set()
        thread.join(timeout=10)
        data.get_store.clear("neo4j")


@pytest.mark.neo4j
def test_the_server_prepares_a_load_into_neo4j_by_another_process(seed, tiny, neo4j_store, neo4j_connection,
                                                                  threads_of, monkeypatch, capsys):
    """On a real Neo4j: the running app's server sees a load that came from elsewhere (here the
    test's own connection) by the graph's version, and prepares it."""
    from ui import server

    monkeypatch.setenv("LEMNISCAAT_WARMUP", "1")
    monkeypatch.setenv("NEO4J_URI", neo4j_connection[0])
    prepared: list[tuple[str, str]] = []
    monkeypatch.setattr(warmup, "steps", lambda: [("spy", lambda b, v: prepared.append((b, v)))])
    neo4j_store.load(tiny, reset=True)
    data.get_store.clear("neo4j")
    try:
        status = server.prepare(("neo4j",))
        assert status == {"neo4j": "klaar"} and len(prepared) == 1
        first = prepared[0][1]
        stop, thread = _watching(status)
        try:
            neo4j_store.load(seed, reset=True)  # another process's `lemniscaat load`
            assert _wait_for(lambda: len(prepared) == 2, 60)
            assert prepared[1][0] == "neo4j" and prepared[1][1] not in (first, "leeg")
            assert prepared[1][1] == neo4j_store.version()
        finally:
            stop.set()
            thread.join(timeout=10)
    finally:
        data.get_store.clear("neo4j")
    assert "neo4j voorbereid" in capsys.readouterr().out


def test_query_results_last_as_long_as_their_graph_version(seed, threads_of, monkeypatch):
    """A national overview computed once (by the warm-up or a page) is still there after a long
    pause: cached per graph version, not for a fixed time."""
    from streamlit.runtime.caching import cache_utils

    clock = [1_000.0]
    monkeypatch.setattr(cache_utils, "TTLCACHE_TIMER", lambda: clock[0])
    st.cache_resource.clear()  # the caches are made again, on this clock
    version = data.graph_version("memory")
    data.query_at("memory", version, "hiaten")
    clock[0] += 24 * 3600
    data.query_at("memory", version, "hiaten")
    assert len(threads_of["hiaten"]) == 1


def test_the_views_regio_and_gemeente_open_on_are_prepared(seed, threads_of, monkeypatch):
    """The warm-up computes what the Regio and Gemeente pages read when they open without a
    choice (ui.regio.DEFAULT, ui.gemeente.DEFAULT): their first visit computes no named query and
    none of the Regio page's own reads. With the warm-up off, the pages compute them."""
    from ui import gemeente, regio

    computed: list[tuple[str, str]] = []
    run_query, derived_at = data.run_query, data.derived_at

    def spy_query(store, name, params):
        computed.append((name, threading.current_thread().name))
        return run_query(store, name, params)

    def spy_derived(backend, version, compute, *args):
        def counted(store, *a):
            computed.append((compute.__name__, threading.current_thread().name))
            return compute(store, *a)
        counted.__module__, counted.__qualname__ = compute.__module__, compute.__qualname__
        return derived_at(backend, version, counted, *args)

    monkeypatch.setattr(data, "run_query", spy_query)
    monkeypatch.setattr(data, "derived_at", spy_derived)
    for on in (True, False):
        st.cache_resource.clear()
        monkeypatch.setattr(warmup, "_seen", set())
        monkeypatch.setenv("LEMNISCAAT_WARMUP", "1" if on else "0")
        at = AppTest.from_file(APP, default_timeout=90)
        at.run()
        for thread in list(warmup._threads):
            thread.join(timeout=60)
        computed.clear()
        for page in ("regio", "gemeente"):
            at.switch_page(f"app_pages/{page}.py")
            at.run()
            assert not at.exception, [e.value for e in at.exception]
        by_page = {what for what, thread in computed if not thread.startswith("warmup-")}
        expected = {"schakelpunten", "regio_themas", "regio_gemeenten", "regio_actief", "gemeente-profiel",
                    "divisions"}
        if on:
            assert not by_page & expected, by_page
        else:
            assert expected <= by_page, by_page
    assert regio.DEFAULT in {n for _, n in data.get_store("memory").names("Regio")}
    assert gemeente.DEFAULT in {n for _, n in data.get_store("memory").names("Gemeente")}
