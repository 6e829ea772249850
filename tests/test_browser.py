"""The app in a real headless browser: every page renders, a PNG per page under
test-artifacts/browser/, and the URL restores a view.

Starts the app as `lemniscaat serve` does on a free local port (embedded store) and drives Debian's
/usr/bin/chromium through Playwright (never a downloaded browser). Under CI=true a missing
Chromium or Playwright is a failure; elsewhere the tests skip with a loud reason.
"""
from __future__ import annotations

import json
import os
import signal
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "browser"
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# page url_path -> (title, texts that must be on the page)
DEFAULT_PAGE = "netwerk"  # served at the app's root URL
PAGES = {
    "netwerk": ("Netwerk", ["Knopen in beeld", "Focus op knoop"]),
    "lemniscaat": ("Lemniscaat", ["De vier fasen en hun tips", "Explicitering praktijkkennis",
                                  "Kennisstromen uit de bronnen",
                                  # actors and groups on the phases, described and recommended
                                  "Beschreven: ", "Aanbevolen: ", "(groep)", "Wie draagt bij aan welke fase"]),
    "regio": ("Regio", ["Kennisschakelpunten", "Friesland · soort: provincie", "Score = het aandeel",
                        "Thema's"]),
    "thema": ("Thema", ["Wie dekt dit thema", "Thema jeugd · domein", "Regio's zonder regionale actor"]),
    "overlap": ("Overlap", ["Twee regio's vergelijken", "Paren die elkaar snijden", "Gemeenten die apart liggen"]),
    "hiaten": ("Hiaten", ["Thema's zonder regionale of lokale actor"]),
    "bronnen": ("Bronnen", ["Wat zegt deze publicatie?", "Bron van één feit"]),
    "cypher": ("Cypher", ["werkt alleen met de Neo4j-opslag"]),
    "export": ("Export", ["Graaf downloaden", "Rapport om af te drukken"]),
}


def _need(what: str) -> None:
    message = f"SKIPPED browser tests: {what}"
    if IN_CI:
        pytest.fail(f"browser tests cannot run under CI=true: {what}")
    print(f"\n!!! {message}", file=sys.stderr)
    pytest.skip(message)


def _chromium() -> str:
    path = os.environ.get("LEMNISCAAT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        _need("Chromium not found (Debian: apt-get install -y chromium; .ci/run does this)")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(sources_dir):
    port = _free_port()
    env = {**os.environ, "LEMNISCAAT_SOURCES": str(sources_dir), "LEMNISCAAT_WARMUP": "1"}  # the app as shipped
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS.parent / "streamlit.log", "w")
    proc = subprocess.Popen(  # as a user starts it: Streamlit with the stores made ready beside it
        [str(Path(sys.executable).parent / "lemniscaat"), "serve", "--port", str(port), "--headless"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail(f"streamlit did not start; see {ARTIFACTS.parent / 'streamlit.log'}")
        time.sleep(0.3)
    yield url
    os.killpg(proc.pid, signal.SIGTERM)  # the CLI and the Streamlit process it started
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need("the playwright package is missing (make setup installs the test extra)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh --user-data-dir
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=chromium, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 1000}, locale="nl-NL")
        yield context
        context.close()


def rendered(page, timeout: float = 45_000) -> None:
    """Wait until Streamlit finished the script run and the page settled."""
    page.wait_for_selector("h1", timeout=timeout)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    page.wait_for_timeout(600)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)


def open_page(context, url: str):
    page = context.new_page()
    remote = []
    page.on("request", lambda r: remote.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "about:", "blob:", "ws://127.0.0.1")) else None)
    start = time.perf_counter()
    page.goto(url)
    rendered(page)
    page.elapsed = time.perf_counter() - start
    page.remote_requests = remote
    return page


@pytest.mark.browser
@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_renders_in_chromium(app_url, browser, path):
    title, texts = PAGES[path]
    page = open_page(browser, f"{app_url}/{'' if path == DEFAULT_PAGE else path}")
    try:
        if path == "netwerk":
            page.locator(NODE_MARKS).first.wait_for(timeout=30_000)
        if path == "lemniscaat":
            frame = page.frame_locator("iframe").first
            frame.locator("svg[aria-label^='Kennislemniscaat']").wait_for(timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / f"{path}.png"), full_page=True)
        assert page.locator("h1").first.inner_text().strip() == title
        body = page.locator('[data-testid="stMain"]').inner_text()
        for text in texts:
            assert text in body, f"{path}: '{text}' not on the page"
        assert page.locator('[data-testid="stException"]').count() == 0, f"{path}: an exception is shown"
        assert not page.remote_requests, f"{path}: remote requests {page.remote_requests[:5]}"
        timings = ARTIFACTS / "timings.json"
        data = json.loads(timings.read_text()) if timings.exists() else {}
        data[path] = round(page.elapsed, 3)
        timings.write_text(json.dumps(data, indent=1, sort_keys=True))
    finally:
        page.close()


@pytest.mark.browser
def test_url_restores_the_view(app_url, browser):
    page = open_page(browser, f"{app_url}/regio?regio=Drenthe")
    try:
        assert "Drenthe · soort: provincie" in page.locator('[data-testid="stMain"]').inner_text()
    finally:
        page.close()
    page = open_page(browser, f"{app_url}/?knoop=movisie&stappen=2")
    try:
        main = page.locator('[data-testid="stMain"]')
        assert "Bronnen van de knoop" in main.inner_text()
        assert page.locator("h3", has_text="Movisie").count() >= 1
        page.screenshot(path=str(ARTIFACTS / "netwerk-focus.png"), full_page=True)
    finally:
        page.close()


# -- the Netwerk chart (ui/netwerk_chart.py): a click reaches Python, no reload ----------------
NODE_MARKS = '[data-testid="stVegaLiteChart"] svg g.mark-symbol[role="graphics-object"] path[aria-label]'


def _node_point(page, naam: str) -> dict:
    """A point of the page where the node named `naam` is the topmost element of the chart."""
    mark = page.locator(f'{NODE_MARKS}[aria-label="{naam}"]').first
    mark.wait_for(timeout=30_000)
    mark.scroll_into_view_if_needed()
    point = page.evaluate(
        """(naam) => {
          const el = [...document.querySelectorAll('[data-testid=stVegaLiteChart] svg path[aria-label]')]
            .find(e => e.getAttribute('aria-label') === naam);
          const b = el.getBoundingClientRect();
          for (let u = 0; u <= 8; u++) for (let v = 0; v <= 8; v++) {
            const x = b.x + b.width * (0.1 + 0.8 * u / 8), y = b.y + b.height * (0.1 + 0.8 * v / 8);
            if (document.elementFromPoint(x, y) === el) return {x, y};
          }
          return null;
        }""", naam)
    assert point, f"no visible point of the node {naam}"
    return point


def _node_count(page) -> int:
    return page.locator(NODE_MARKS).count()


@pytest.mark.browser
def test_click_on_a_node_focuses_and_expands_without_a_reload(app_url, browser, seed):
    from tests.test_netwerk_page import neighbours

    page = open_page(browser, f"{app_url}/")
    try:
        before = _node_count(page)
        page.evaluate("window.__zelfde_pagina = true")  # gone after a reload
        point = _node_point(page, "Movisie")
        page.mouse.click(point["x"], point["y"])
        page.wait_for_url("**knoop=movisie**", timeout=20_000)
        rendered(page)
        assert page.evaluate("window.__zelfde_pagina === true"), "the page was reloaded"
        assert page.locator("h3", has_text="Movisie").count() >= 1
        focused = _node_count(page)
        assert 1 < focused < before
        page.screenshot(path=str(ARTIFACTS / "netwerk-klik.png"), full_page=True)
        # a second click on a neighbour: it becomes the focus, its neighbours join, Movisie stays put
        first = neighbours(seed, "movisie")
        # a neighbour that brings new nodes (computed from the seed, not from the page)
        grows = sorted(i for i in first - {"movisie"} if neighbours(seed, i) - first)
        neighbour = seed.nodes[grows[0]].naam
        # the same view again (a new session even): every node in the same place
        movisie = page.locator(f'{NODE_MARKS}[aria-label="Movisie"]').first.get_attribute("transform")
        page.reload()
        rendered(page)
        page.locator(NODE_MARKS).first.wait_for(timeout=30_000)
        assert page.locator(f'{NODE_MARKS}[aria-label="Movisie"]').first.get_attribute("transform") == movisie
        page.evaluate("window.__zelfde_pagina = true")
        point = _node_point(page, neighbour)
        page.mouse.click(point["x"], point["y"])
        page.wait_for_function("() => !location.search.includes('knoop=movisie')", timeout=20_000)
        rendered(page)
        assert page.evaluate("window.__zelfde_pagina === true"), "the page was reloaded"
        assert page.locator("h3", has_text=neighbour).count() >= 1
        page.screenshot(path=str(ARTIFACTS / "netwerk-uitgeklapt.png"), full_page=True)
        page.wait_for_function(f"() => document.querySelectorAll('{NODE_MARKS}').length > {focused}",
                               timeout=20_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert not page.remote_requests, page.remote_requests[:5]
        page.screenshot(path=str(ARTIFACTS / "netwerk-uitgeklapt.png"), full_page=True)
    finally:
        page.close()


# -- the map (ui/kaart.py): a click on a gemeente in the real chart opens its profile ------------
def _click_gemeente(page, code: str) -> None:
    """Click gemeente `code` on the map: a point of the page where that gemeente's shape in the
    Vega-Lite SVG is the topmost element (the shapes are drawn in the TopoJSON's order)."""
    topo = json.loads((ROOT / "static" / "gemeenten-2024.topo.json").read_text(encoding="utf-8"))
    index = [g["properties"]["code"] for g in topo["objects"]["gm_features"]["geometries"]].index(code)
    shapes = page.locator('[data-testid="stVegaLiteChart"] svg g.mark-shape path')
    shapes.first.wait_for(timeout=30_000)
    assert shapes.count() == len(topo["objects"]["gm_features"]["geometries"])
    shapes.nth(index).scroll_into_view_if_needed()
    point = page.evaluate(
        """(i) => {
          const all = [...document.querySelectorAll('[data-testid=stVegaLiteChart] svg g.mark-shape path')];
          const b = all[i].getBoundingClientRect(), cx = b.x + b.width / 2, cy = b.y + b.height / 2;
          let best = null;
          for (let u = 0; u <= 20; u++) for (let v = 0; v <= 20; v++) {
            const x = b.x + b.width * u / 20, y = b.y + b.height * v / 20;
            if (document.elementFromPoint(x, y) !== all[i]) continue;
            const d = (x - cx) ** 2 + (y - cy) ** 2;
            if (!best || d < best.d) best = {x, y, d};
          }
          return best;
        }""", index)
    assert point, f"no visible point of {code}'s shape"
    page.mouse.click(point["x"], point["y"])


@pytest.mark.browser
def test_click_on_the_map_opens_the_gemeente_profile(app_url, browser):
    page = open_page(browser, f"{app_url}/gemeente?gemeente=Heerenveen")
    try:
        main = page.locator('[data-testid="stMain"]')
        assert "Profiel van Heerenveen" in main.inner_text()
        assert "Bron: CBS / PDOK (CC BY 4.0)" in main.inner_text()
        page.screenshot(path=str(ARTIFACTS / "gemeente.png"), full_page=True)
        timings = ARTIFACTS / "timings.json"
        data = json.loads(timings.read_text()) if timings.exists() else {}
        data["gemeente"] = round(page.elapsed, 3)
        timings.write_text(json.dumps(data, indent=1, sort_keys=True))
        _click_gemeente(page, "GM0363")  # Amsterdam
        page.wait_for_url("**gemeente=Amsterdam**", timeout=20_000)
        rendered(page)
        assert page.locator("h3", has_text="Profiel van Amsterdam").count() == 1
        assert page.locator('[data-testid="stException"]').count() == 0
        assert not page.remote_requests, page.remote_requests[:5]
        page.screenshot(path=str(ARTIFACTS / "gemeente-na-klik.png"), full_page=True)
    finally:
        page.close()


@pytest.mark.browser
def test_click_on_the_regio_map_opens_the_gemeente_page(app_url, browser):
    page = open_page(browser, f"{app_url}/regio?regio=Noord-Holland&onderdeel=Gemeenten%20en%20kaart")
    try:
        _click_gemeente(page, "GM0363")  # Amsterdam, in Noord-Holland (not the Gemeente page's default)
        page.wait_for_url("**/gemeente?gemeente=Amsterdam**", timeout=20_000)
        rendered(page)
        assert page.locator("h1").first.inner_text().strip() == "Gemeente"
        assert page.locator("h3", has_text="Profiel van Amsterdam").count() == 1
    finally:
        page.close()


# page url_path with view state in the URL (an id, a naam or an alias, as on the CLI) -> texts shown
DEEP_LINKS = [
    ("netwerk", "", ["Knopen in beeld"]),
    ("netwerk", "?knoop=NJi", ["Bronnen van de knoop", "Nederlands Jeugdinstituut"]),
    ("regio", "?regio=regio-utrecht", ["Utrecht · soort:"]),
    ("regio", "?regio=Drenthe&onderdeel=Thema%27s", ["Drenthe · soort:", "Niet gedekt ("]),
    ("thema", "?thema=thema-wonen", ["Thema wonen · domein"]),
    ("gemeente", "?gemeente=Drachten", ["Smallingerland"]),
    ("overlap", "?a=regio-groningen&b=Friesland", ["url:a=Groningen", "url:b=Friesland"]),
    ("lemniscaat", "?regio=regio-friesland", ["url:regio=Friesland"]),
    ("hiaten", "?thema=thema-wonen", ["url:thema=wonen"]),
    ("bronnen", "?feit=NJi", ["Bron van één feit", "url:feit=Nederlands"]),
    ("export", "?rapport=Thema&rapport_thema=thema-wonen", ["url:rapport_thema=wonen"]),
]
# "url:k=v": the page put the node it found into the link by its naam (or id), so the picker shows it


@pytest.mark.browser
@pytest.mark.parametrize("path,query,texts", DEEP_LINKS, ids=[f"{p}{q}" for p, q, _ in DEEP_LINKS])
def test_every_page_opens_by_its_own_link_with_its_state(app_url, browser, path, query, texts):
    page = open_page(browser, f"{app_url}/{path}{query}")
    try:
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "Page not found" not in page.content()
        assert page.locator("h1").first.inner_text().strip() == PAGES.get(path, ("Gemeente",))[0]
        for text in texts:
            if text.startswith("url:"):
                assert text[4:] in page.url, f"{path}{query}: '{text[4:]}' not in {page.url}"
            else:
                assert text in main, f"{path}{query}: '{text}' not on the page"
        assert page.locator('[data-testid="stAlertContentWarning"]').count() == 0, f"{path}{query}: a warning"
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("path,query", [("regio", "?regio=nergens"), ("thema", "?thema=geen-thema"),
                                        ("netwerk", "?knoop=bestaat-niet")])
def test_a_link_that_matches_nothing_says_so(app_url, browser, path, query):
    page = open_page(browser, f"{app_url}/{path}{query}")
    try:
        warning = page.locator('[data-testid="stAlertContentWarning"]').first.inner_text()
        assert "bestaat niet in deze gegevens" in warning and query.split("=")[1] in warning
    finally:
        page.close()
