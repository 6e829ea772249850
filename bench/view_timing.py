"""Time to a stable graph view in headless Chromium: precomputed positions (physics off, what
the app does) vs vis-network's default physics, on the same 500-node subgraph.

The page marks itself stable (`data-stable="1"` on #mynetwork) when physics is off at once,
or when vis-network reports `stabilizationIterationsDone`; a MutationObserver installed before
any page script records performance.now() at that moment.
"""
from __future__ import annotations

import json
import statistics
import tempfile
from pathlib import Path

from graph.model import Dataset
from ui.graph_view import VIEW_OPTIONS, _ENV, build_network

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OBSERVER = """
window.__stableAt = null; window.__libAt = null;
(function () {
  let lib;  // note when the inlined vis-network library defines itself
  Object.defineProperty(window, 'vis', {configurable: true, get() { return lib; },
    set(v) { lib = v; if (window.__libAt === null) window.__libAt = performance.now(); }});
})();
new MutationObserver((muts, obs) => {
  for (const m of muts) {
    if (m.target.id === 'mynetwork' && m.target.getAttribute('data-stable') === '1') {
      window.__stableAt = performance.now(); obs.disconnect(); return;
    }
  }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-stable']});
"""


def subgraph(full: Dataset, n: int):
    """A connected 500-actor view: breadth-first from the best-connected actor over the
    relationships between actors (what a focused Netwerk view shows), and the relationships
    among the chosen nodes."""
    actors = {i for i, node in full.nodes.items()
              if node.label in ("Gemeente", "Instituut", "Werkplaats", "Programma", "Regio")}
    adj: dict[str, set[str]] = {}
    for r in full.relationships:
        if r.start in actors and r.end in actors and r.start != r.end:
            adj.setdefault(r.start, set()).add(r.end)
            adj.setdefault(r.end, set()).add(r.start)
    start = max(sorted(adj), key=lambda i: len(adj[i]))
    chosen, frontier = [start], [start]
    seen = {start}
    while frontier and len(chosen) < n:
        nxt = []
        for v in frontier:
            for w in sorted(adj[v]):
                if w not in seen and len(chosen) < n:
                    seen.add(w)
                    chosen.append(w)
                    nxt.append(w)
        frontier = nxt
    ids = set(chosen)
    return [full.nodes[i] for i in sorted(ids)], [r for r in full.relationships if r.start in ids and r.end in ids]


def pages(full: Dataset, n: int, folder: Path) -> tuple[Path, Path, int]:
    nodes, rels = subgraph(full, n)
    net = build_network(nodes, rels)
    fixed = _ENV.get_template("graph.html").render(
        nodes=net.nodes, edges=net.edges, options=json.dumps(VIEW_OPTIONS), width="100%", height="800px",
        link_param=None)
    free_nodes = [{k: v for k, v in node.items() if k not in ("x", "y")} for node in net.nodes]
    physics = {**VIEW_OPTIONS, "physics": {"enabled": True}}  # vis-network's default solver and stabilization
    default = _ENV.get_template("graph.html").render(
        nodes=free_nodes, edges=net.edges, options=json.dumps(physics), width="100%", height="800px", link_param=None)
    a, b = folder / "fixed.html", folder / "physics.html"
    a.write_text(fixed, encoding="utf-8")
    b.write_text(default, encoding="utf-8")
    return a, b, len(rels)


def time_to_stable(full: Dataset, n: int = 500, runs: int = 3) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        fixed, physics, n_rels = pages(full, n, Path(tmp))
        results: dict[str, list[float]] = {"fixed": [], "physics": []}
        layout: dict[str, list[float]] = {"fixed": [], "physics": []}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for _ in range(runs):
                for name, page_file in (("fixed", fixed), ("physics", physics)):
                    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
                    page = ctx.new_page()
                    page.add_init_script(OBSERVER)
                    page.goto(page_file.as_uri())
                    page.wait_for_function("window.__stableAt !== null", timeout=300_000)
                    stable, lib = page.evaluate("[window.__stableAt, window.__libAt]")
                    results[name].append(stable)
                    layout[name].append(stable - lib if lib is not None else float("nan"))
                    ctx.close()
            browser.close()
    fixed_ms, physics_ms = statistics.median(results["fixed"]), statistics.median(results["physics"])
    fixed_layout, physics_layout = statistics.median(layout["fixed"]), statistics.median(layout["physics"])
    return {"nodes": n, "relationships": n_rels, "runs": runs,
            "precomputed_ms": round(fixed_ms), "physics_ms": round(physics_ms), "ratio": round(physics_ms / fixed_ms, 1),
            "layout_precomputed_ms": round(fixed_layout), "layout_physics_ms": round(physics_layout),
            "layout_ratio": round(physics_layout / max(fixed_layout, 1), 1),
            "note": "medians; *_ms from navigation start (includes parsing the inlined 470 kB vis-network), "
                    "layout_* from the library being loaded to a stable layout"}
