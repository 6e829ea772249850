"""The national overviews of a graph version, computed in the background when the app first sees it.

Some overviews read the whole graph once per version: the national gaps (Hiaten; with them the
actor, group and route indexes that Regio and Gemeente share), the citation counts and the most
cited publication's facts (Bronnen), the groups per provincie (Netwerk). At national scale each
takes seconds. Right after a load, the first person to open such a page would wait for it; so
the app starts computing them in a background thread as soon as a page run sees a graph version
it has not seen before (`start`, called by app.py on every run; a cheap set lookup after the
first). The thread goes through the same cached functions the pages call (ui.data's query and
derived caches, the store's per-version cache), so a page never computes a value twice: one
that asks for a value still being computed waits for it (graph/store.py `cached` and
Streamlit's caches hold a lock per value). The work comes in steps of at most a few seconds,
and no step starts while a page runs (`page_running`): the page a person opens meanwhile
shares the machine with one step at most. A step that fails is left for the page, which shows
its Dutch message as always. `LEMNISCAAT_WARMUP=0` turns it off (the tests that count a page's
own store reads do).
"""
from __future__ import annotations

import logging
import os
import threading
from contextlib import contextmanager
from typing import Callable

from ui import data

log = logging.getLogger(__name__)


class _NoRunContextNote(logging.Filter):
    """The thread runs outside any script run on purpose (no page's stop or rerun reaches it):
    Streamlit's note that it has no run context is not news for the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not threading.current_thread().name.startswith("warmup-")


logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_NoRunContextNote())
_seen: set[tuple[str, str]] = set()
_lock = threading.Lock()
_threads: list[threading.Thread] = []
_running = 0  # page runs in progress (page_running)
_idle = threading.Condition()
IDLE_WAIT_MAX_S = 30


def enabled() -> bool:
    return os.environ.get("LEMNISCAAT_WARMUP", "1").strip().lower() not in ("0", "false", "nee", "no")


def steps() -> list[tuple[str, Callable[[str, str], object]]]:
    """(name, step(backend, version)) in order, each at most a few seconds at national scale:
    Netwerk's groups first (the page most visits start on: opened by link, it has built them
    itself and the step finds them; opened from another page, it finds them ready or in
    progress); the indexes of the gaps that Regio and Gemeente share; the views those two pages
    open on (the sidebar's order, in which a person meets them); the national gaps; Bronnen."""
    from queries import hiaten
    from ui import bronnen, gemeente, netwerk, regio

    def part(compute):
        return lambda b, v: compute(data.get_store(b))

    def top_publication(compute):
        def step(b: str, v: str) -> None:
            order = data.derived_at(b, v, bronnen.publication_order)
            if order:  # the page opens on the most cited publication
                data.derived_at(b, v, compute, order[0][0])
        return step

    return [("netwerk", netwerk.warm),
            *((f"hiaten: {p.__name__}", part(p)) for p in hiaten.INDEXES),
            ("regio", regio.warm), ("gemeente", gemeente.warm),
            *((f"hiaten: {p.__name__}", part(p)) for p in hiaten.PARTS if p not in hiaten.INDEXES),
            ("hiaten", lambda b, v: data.query_at(b, v, "hiaten")),
            ("bronnen: publicaties", lambda b, v: data.derived_at(b, v, bronnen.publications)),
            ("bronnen: feiten", top_publication(bronnen.facts_citing)),
            ("bronnen: aantal", top_publication(bronnen.citation_count))]


@contextmanager
def page_running():
    """Around a page run (app.py): the warm-up starts no step while a page runs, so a page the
    user opens is slowed by at most the step in progress (Python runs one thread at a time)."""
    global _running
    with _idle:
        _running += 1
    try:
        yield
    finally:
        with _idle:
            _running -= 1
            _idle.notify_all()


def start(backend: str, version: str | None = None) -> threading.Thread | None:
    """Start the warm-up for the store's current graph version (or `version`, when the caller
    just read it), once per (backend, version) in this process; the thread, or None when there
    is nothing to start."""
    if not enabled():
        return None
    version = version or data.graph_version(backend)
    with _lock:
        if (backend, version) in _seen:
            return None
        _seen.add((backend, version))
        thread = threading.Thread(target=_run, args=(backend, version), name=f"warmup-{backend}", daemon=True)
        _threads[:] = [t for t in _threads if t.is_alive()] + [thread]
    thread.start()
    return thread


def _run(backend: str, version: str) -> None:
    for name, step in steps():
        with _idle:  # a page run that takes very long does not hold the warm-up back for ever
            _idle.wait_for(lambda: _running == 0, timeout=IDLE_WAIT_MAX_S)
        try:
            if data.graph_version(backend) != version:
                return  # a newer version came: its own warm-up runs
            step(backend, version)
        except Exception:  # noqa: BLE001 - the page computes it again and shows its own message
            log.warning("warm-up step %s failed; the page will compute it", name, exc_info=True)
