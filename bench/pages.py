"""Page render times in headless Chromium: from navigation until Streamlit has finished.

Two ways to arrive at a page, each measured in an app process of its own (`--mode both`, the
default): `reload` opens the page's URL, as a link or a bookmark does (a new Streamlit session
each time: the browser loads the app's scripts from its cache, opens a websocket, the app script
runs); `click` follows the page's link in the sidebar of the open app, as a person moves from page
to page (same session; between two measured visits the bench clicks to a light page and back).
The app starts as a user starts it (`lemniscaat serve`, which makes the stores ready beside the
server: ui/server.py). Every page (by link also the other tabs of Regio, Gemeente and Overlap,
TAB_VIEWS) is opened once, the first right after the app answers (as right after a load: the
preparation has just begun; later pages' first visits find more of it done, as they would for a
person who arrives later), then `--runs` more times; the JSON has the first visit and the median
of the warm visits per page and mode. The app's warm-up (ui/warmup.py) runs as shipped
(LEMNISCAAT_WARMUP=0 in the environment turns it off; the JSON says which). Unless
`--no-baseline`, three throwaway apps (one line; a 12-page navigation with a sidebar widget; one
chart and one table) are opened by link in the same run, to show what any Streamlit app, and the
two components our heavier pages are made of, cost here. Never run by pytest
(timings belong in a bench, not in tests).

    .venv/bin/python bench/pages.py --runs 5 [--mode both|reload|click] [--out bench/results-pages.json]

The store: `--backend memory` (default) is the embedded store with the seed plus the imports kept
in the workspace `--werkruimte DIR` (LEMNISCAAT_WERKRUIMTE; put the scale-1 set there with
`lemniscaat generate --scale 1 --out X` and an import of X's files into that workspace);
`--backend neo4j` opens every page with ?bron=Neo4j on the Neo4j the environment points at
(load the scale-1 set there first), or with `--after-load FILE...` the app is started on what
Neo4j holds, and once it is ready the bench loads the files (`lemniscaat load --backend neo4j
--reset`) and opens the pages right after the load returned: the first visit after a load. The
browser has the app open on a light page during the load, as the person who loads has
(`--cold-browser`: it starts after the load, so the first page also times the browser's start).
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("netwerk", "lemniscaat", "regio", "gemeente", "thema", "overlap", "hiaten", "bronnen", "cypher",
         "export", "importeren")
# Tabs that are computed only when open (Regio's and Overlap's parts, Gemeente's profile): the page's default
# tab is what PAGES measures; these are opened by link too (mode reload), with the tab in the URL.
TAB_VIEWS = ("regio?onderdeel=Gemeenten%20en%20kaart", "regio?onderdeel=Thema%27s",
             "gemeente?profiel=Thema%27s", "gemeente?profiel=Schakelpunten",
             "overlap?deel=Overlap%20binnen%20%C3%A9%C3%A9n%20soort%20regio",
             "overlap?deel=Twee%20regio%27s%20vergelijken")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(port: int, env: dict[str, str] | None = None, log=subprocess.DEVNULL) -> subprocess.Popen:
    """The app as a user starts it (`lemniscaat serve`: Streamlit, with the stores made ready
    beside it), in a process group of its own (stop_app ends the CLI and the server it started)."""
    proc = subprocess.Popen([str(Path(sys.executable).parent / "lemniscaat"), "serve", "--port", str(port),
                             "--headless"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, **(env or {})}, start_new_session=True)
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return proc
        except OSError:
            time.sleep(0.3)
    stop_app(proc)
    raise SystemExit("de app startte niet binnen 90 s")


def stop_app(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def render_seconds(page, url: str) -> float:
    """Seconds from navigation until the script ran to its end (and stayed there)."""
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("h1", timeout=120_000)
    done = '[data-testid="stApp"][data-test-script-state="notRunning"]'
    page.wait_for_selector(done, timeout=120_000)
    elapsed = time.perf_counter() - t0
    page.wait_for_timeout(300)  # a rerun right after the first run (query params) counts too
    if page.locator('[data-testid="stApp"][data-test-script-state="running"]').count():
        page.wait_for_selector(done, timeout=120_000)
        elapsed = time.perf_counter() - t0 - 0.3
    return elapsed


def click_seconds(page, name: str) -> float:
    """Seconds from a click on the page's link in the sidebar (navigation inside the running app,
    as a person moves between pages: no new browser page, no new session) until the script ran to
    its end (and stayed there)."""
    path = "/" if name == "netwerk" else f"/{name}"
    link = page.locator(f'[data-testid="stSidebarNav"] a[href$="{"/netwerk" if name == "netwerk" else path}"]').first
    t0 = time.perf_counter()
    link.click()
    page.wait_for_function(
        """([p]) => location.pathname.endsWith(p)
              && document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'
              && !document.querySelector('[data-stale="true"]')""",
        arg=["/netwerk" if name == "netwerk" else path], timeout=120_000)
    elapsed = time.perf_counter() - t0
    page.wait_for_timeout(300)
    if page.locator('[data-testid="stApp"][data-test-script-state="running"]').count():
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=120_000)
        elapsed = time.perf_counter() - t0 - 0.3
    return elapsed


def run_mode(mode: str, args, env: dict[str, str], query: str) -> dict[str, dict[str, float]]:
    """One app process per mode, so that each page's first visit comes right after the start."""
    from playwright.sync_api import Error as PlaywrightError, sync_playwright

    import tempfile

    port = free_port()
    log_path = Path(tempfile.mkstemp(prefix="lemniscaat-serve-", suffix=".log")[1])
    log = open(log_path, "a")  # appended by the server; read through a handle of its own
    started = time.perf_counter()
    proc = start_app(port, env, log)
    results: dict[str, dict[str, float]] = {}
    if args.wait_ready or args.after_load:  # a visitor who comes once the server said its stores are ready
        while time.perf_counter() - started < 600 and not _ready_line(log_path):
            time.sleep(0.2)
        results["_klaar_na_start_s"] = {"s": round(time.perf_counter() - started, 3)}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=os.environ.get("LEMNISCAAT_CHROMIUM", "/usr/bin/chromium"),
                                         args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            base = f"http://127.0.0.1:{port}"
            if args.after_load:
                # the person has the app open (a light page) while they load from a terminal: the
                # visits after the load time the app, not the browser's own first start
                if not args.cold_browser:
                    results["_voor_load"] = {"first_s": round(render_seconds(page, f"{base}/cypher{query}"), 3)}
                t0 = time.perf_counter()
                subprocess.run([str(Path(sys.executable).parent / "lemniscaat"), "load", "--backend", "neo4j",
                                "--reset", *args.after_load], cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                               env={**os.environ, **env})
                results["_load_s"] = {"s": round(time.perf_counter() - t0, 3)}
            if mode == "click":  # the app is open on a light page; every visit is a click in the sidebar
                results["_start"] = {"first_s": round(render_seconds(page, f"{base}/cypher{query}"), 3)}
            for name in args.pages + (list(TAB_VIEWS) if mode == "reload" and not args.no_tabs else []):
                try:
                    if mode == "reload":  # the default page lives at /
                        url = f"{base}/{'' if name == 'netwerk' else name}"
                        url += (query.replace("?", "&") if "?" in url else query)
                        first = render_seconds(page, url)
                        warm = [render_seconds(page, url) for _ in range(args.runs)]
                    else:
                        away = "cypher" if name != "cypher" else "export"
                        first = click_seconds(page, name)
                        warm = []
                        for _ in range(args.runs):
                            click_seconds(page, away)
                            warm.append(click_seconds(page, name))
                except PlaywrightError as exc:  # a page that never finishes is a result, not the end
                    results[name] = {"error": str(exc).splitlines()[0]}
                    page.close()
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                    if mode == "click":
                        render_seconds(page, f"{base}/cypher{query}")
                else:
                    results[name] = {"first_s": round(first, 3), "warm_median_s": round(statistics.median(warm), 3),
                                     "warm_max_s": round(max(warm), 3)}
                print(mode, name, results[name], flush=True)
            browser.close()
    finally:
        stop_app(proc)
        results["_voorbereid"] = {"regel": _ready_line(log_path)}  # the server's own line: how long it took
        if args.after_load:  # and its line for the loaded graph (ui/server.py's watcher)
            results["_na_load_voorbereid"] = {"regel": _ready_line(log_path, "neo4j voorbereid")}
        log.close()
        log_path.unlink()
    return results


def _ready_line(log_path: Path, what: str = "stores voorbereid") -> str | None:
    with open(log_path, encoding="utf-8", errors="replace") as f:
        return next((line.strip() for line in f if what in line), None)


BASELINE_APPS = {
    # what any Streamlit app costs to open by link here: one line, and a navigation of 12 pages
    # with a sidebar widget (as ours), each page one title; their figures put ours in proportion
    "een_regel": {"app.py": "import streamlit as st\nst.title('Hallo')\n"},
    "navigatie_12_paginas": {
        "app.py": "import streamlit as st\n"
                  "pages = [st.Page(f'p/p{i}.py', title=f'P{i}', url_path=f'p{i}') for i in range(1, 13)]\n"
                  "page = st.navigation(pages)\nst.sidebar.radio('Bron', ['Ingebouwd', 'Neo4j'])\npage.run()\n",
        **{f"p/p{i}.py": f"import streamlit as st\nst.title('P{i}')\n" for i in range(1, 13)}},
    # the components our heavier pages are made of, each in its smallest form: one Vega-Lite
    # chart (the maps, the Netwerk) and one data grid (every table); their JavaScript loads and
    # starts with every page opened by link
    "grafiek_en_tabel": {"app.py": "import altair as alt\nimport pandas as pd\nimport streamlit as st\n"
                                   "st.title('Hallo')\n"
                                   "df = pd.DataFrame({'a': list('abcdefghijkl'), 'b': range(12)})\n"
                                   "st.altair_chart(alt.Chart(df).mark_bar().encode(x='a', y='b'))\n"
                                   "st.dataframe(df, hide_index=True)\n"},
}


def baseline(runs: int) -> dict[str, dict[str, float]]:
    """Each BASELINE_APPS app opened by link (its last page for the navigation), like `reload`."""
    import tempfile

    from playwright.sync_api import sync_playwright

    out = {}
    for name, files in BASELINE_APPS.items():
        with tempfile.TemporaryDirectory() as tmp:
            for rel, text in files.items():
                (Path(tmp) / rel).parent.mkdir(parents=True, exist_ok=True)
                (Path(tmp) / rel).write_text(text, encoding="utf-8")
            port = free_port()
            proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                                     "--server.headless", "true", "--browser.gatherUsageStats", "false",
                                     "--server.fileWatcherType", "none"],  # as ours (.streamlit/config.toml)
                                    cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                deadline = time.time() + 90
                while time.time() < deadline:
                    try:
                        urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
                        break
                    except OSError:
                        time.sleep(0.3)
                url = f"http://127.0.0.1:{port}/" + ("p12" if "p/p12.py" in files else "")
                with sync_playwright() as pw:
                    browser = pw.chromium.launch(
                        executable_path=os.environ.get("LEMNISCAAT_CHROMIUM", "/usr/bin/chromium"), args=FLAGS)
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                    first = render_seconds(page, url)
                    warm = [render_seconds(page, url) for _ in range(runs)]
                    browser.close()
            finally:
                proc.terminate()
                proc.wait(timeout=20)
        out[name] = {"first_s": round(first, 3), "warm_median_s": round(statistics.median(warm), 3)}
        print("baseline", name, out[name], flush=True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out")
    ap.add_argument("--backend", choices=("memory", "neo4j"), default="memory")
    ap.add_argument("--werkruimte", help="workspace folder whose imports the embedded store replays")
    ap.add_argument("--pages", nargs="*", default=list(PAGES))
    ap.add_argument("--mode", choices=("reload", "click", "both"), default="both",
                    help="reload: open the page's URL (a link, a new session each time); click: the page's "
                         "link in the sidebar of the open app")
    ap.add_argument("--wait-ready", action="store_true",
                    help="open the first page only once the server said its stores are ready (ui/server.py), "
                         "as a person who arrives later; by default right after the app answers")
    ap.add_argument("--after-load", nargs="+", metavar="FILE",
                    help="with --backend neo4j: once the app is ready, load these files into Neo4j "
                         "(lemniscaat load --backend neo4j --reset) and open the pages right after, as "
                         "a person who loads a data set in a terminal and goes back to the browser")
    ap.add_argument("--cold-browser", action="store_true",
                    help="with --after-load: the browser starts after the load (by default it has the app open "
                         "on a light page during the load, as the person who loads)")
    ap.add_argument("--no-tabs", action="store_true",
                    help="mode reload: skip the pages' other tabs (TAB_VIEWS), each opened by its link")
    ap.add_argument("--no-baseline", action="store_true",
                    help="skip the throwaway apps that show what any Streamlit app costs by link here")
    args = ap.parse_args()
    if args.after_load and args.backend != "neo4j":
        ap.error("--after-load needs --backend neo4j (the running app's embedded store is loaded on Importeren)")

    env = {"LEMNISCAAT_WERKRUIMTE": str(Path(args.werkruimte).resolve())} if args.werkruimte else {}
    query = "?bron=Neo4j" if args.backend == "neo4j" else ""
    results: dict[str, dict[str, dict[str, float]]] = {}
    for mode in (("reload", "click") if args.mode == "both" else (args.mode,)):
        results[mode] = run_mode(mode, args, env, query)
    out = {"runs": args.runs, "backend": args.backend, "werkruimte": bool(args.werkruimte), "modes": results,
           "warmup": os.environ.get("LEMNISCAAT_WARMUP", "1") not in ("0", "false", "nee", "no"),
           "wait_ready": args.wait_ready, "after_load": args.after_load, "cold_browser": args.cold_browser,
           "baseline": {} if args.no_baseline else baseline(args.runs), "load_average": os.getloadavg()}
    print(json.dumps(out, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
