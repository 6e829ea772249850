"""The app's server process (`lemniscaat serve`): Streamlit, and beside it the stores made ready.

Streamlit runs a page's script only when a browser opens it, so without help the first visitor
after a start waits for everything a start needs: the pages' modules imported, the embedded
store opened (reading its snapshot: seconds with the national set kept), the national overviews
of the default page computed (ui/warmup.py). Here the server starts as `streamlit run` would
(same arguments, same config), and as soon as its runtime exists a background thread does that
work through the same cached functions the pages call: a visitor who arrives early waits for
what is still in progress (one lock per cached value), never for a second computation.

It prepares the embedded store (the default of every page) and, when it answers, the Neo4j the
sidebar would connect to; a store that cannot be opened is left to the page, which says why in
Dutch. `LEMNISCAAT_WARMUP=0` leaves the overviews to the pages (the stores are still opened).

Then it keeps watching (`watch`): a Neo4j graph can change under the running app (`lemniscaat
load --backend neo4j` in a terminal, or a Neo4j started after the app). Every few seconds
(WATCH_INTERVAL_S) it asks each store for its graph version, one small read; a version the app has
not seen is prepared at once, so the person who loaded it finds the pages ready when they come
back to the browser, instead of the first page computing the national overviews.

    python -m ui.server run app.py --server.port 8501 ...   # what `lemniscaat serve` starts
"""
from __future__ import annotations

import importlib
import logging
import pkgutil
import sys
import threading
import time

log = logging.getLogger(__name__)
RUNTIME_WAIT_S = 60
WATCH_INTERVAL_S = 2.0
# a store that did not answer is asked again less often (each try opens a connection)
RETRY_INTERVAL_S = 5.0
# what the pages import that ui/ does not at import time (the charts import it when drawn)
ALSO_IMPORTED = ("altair",)


def prepare(backends: tuple[str, ...] = ("memory", "neo4j")) -> dict[str, str]:
    """Import the pages' modules, open each store and run its warm-up to the end; returns
    {backend: "klaar" | "niet beschikbaar: ..."}. Called in the thread `start_preparing` starts."""
    import ui

    modules = [f"ui.{m.name}" for m in pkgutil.iter_modules(ui.__path__) if m.name != "server"]
    for name in (*modules, *ALSO_IMPORTED):  # app_pages/*.py are scripts made of these
        importlib.import_module(name)
    return {backend: prepare_store(backend)[0] for backend in backends}


def prepare_store(backend: str) -> tuple[str, str | None]:
    """Open the store and run the warm-up of its current graph version to the end: ("klaar", the
    version when this call prepared it, else None: prepared before, or the warm-up is off), or
    ("niet beschikbaar: ...", None) when the store cannot be opened."""
    from graph.errors import LemniscaatError
    from ui import data, warmup

    try:
        version = data.get_store(backend).version()
    except (LemniscaatError, *data.store_errors(), OSError) as exc:
        data.get_store.clear(backend)
        return f"niet beschikbaar: {exc}", None
    thread = warmup.start(backend, version)  # the version just read: one read per look
    if thread is None:
        return "klaar", None
    thread.join()
    return "klaar", version


def watch(status: dict[str, str], stop: threading.Event, interval: float = WATCH_INTERVAL_S,
          retry: float = RETRY_INTERVAL_S) -> None:
    """Until `stop`: every `interval` s prepare each store of `status` ({backend: what `prepare`
    said}) again: a graph version not seen before gets its warm-up, an unchanged one costs one
    version read; a store that was not available is tried every `retry` s. Logs each version it
    prepared."""
    last_try = dict.fromkeys(status, time.monotonic())
    while not stop.wait(interval):
        for backend, was in list(status.items()):
            if was != "klaar" and time.monotonic() - last_try[backend] < retry:
                continue
            last_try[backend] = time.monotonic()
            t0 = time.perf_counter()
            try:
                status[backend], prepared = prepare_store(backend)
            except Exception:  # noqa: BLE001 - the watcher never dies; the pages say what is wrong
                log.warning("preparing %s failed; the pages will compute it", backend, exc_info=True)
                continue
            if prepared:
                print(f"Kennislemniscaat: {backend} voorbereid in {time.perf_counter() - t0:.1f} s "
                      f"(nieuwe graafversie {prepared})", flush=True)


def _wait_and_prepare() -> None:
    from streamlit import runtime

    deadline = time.monotonic() + RUNTIME_WAIT_S
    while not runtime.exists():  # the server sets up its runtime first; then the stores
        if time.monotonic() > deadline:
            return
        time.sleep(0.05)
    t0 = time.perf_counter()
    try:
        done = prepare()
    except Exception:  # noqa: BLE001 - the pages open the stores themselves and say what is wrong
        log.warning("preparing the stores failed; the pages will open them", exc_info=True)
        return
    print(f"Kennislemniscaat: stores voorbereid in {time.perf_counter() - t0:.1f} s ({done})", flush=True)
    watch(done, threading.Event())


def start_preparing() -> threading.Thread:
    thread = threading.Thread(target=_wait_and_prepare, name="warmup-start", daemon=True)
    thread.start()
    return thread


def main(argv: list[str]) -> int:
    from streamlit.web import cli

    start_preparing()
    return cli.main(args=argv, prog_name="streamlit")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
