"""A gemeente's profile (`gemeente-profiel`) as a person browses: one gemeente, its neighbours,
one far away, and back, on the store the app would use.

    .venv/bin/python bench/profiles.py [--backend memory|neo4j] [--werkruimte DIR] [--out FILE]
        [GEMEENTE ...]   # default: Heerenveen Smallingerland Leeuwarden Utrecht Heerenveen

The store is opened as the app opens it (the embedded store with the workspace's kept imports,
or the Neo4j the environment points at) and the app's warm-up (ui/warmup.py) runs first, as it
has when a person opens the Gemeente page (each step timed: right after a load into Neo4j this
shows what the server's preparation of a new graph costs on a Neo4j with cold caches). Then each profile is timed in this order, in one
process: a neighbour lies in mostly the same regio's as the gemeente before it, whose per-regio
rows the queries keep (queries/__init__.py `run_resolved`). Never run by pytest.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

BROWSE = ("Heerenveen", "Smallingerland", "Leeuwarden", "Utrecht", "Heerenveen")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--backend", choices=("memory", "neo4j"), default="memory")
    ap.add_argument("--werkruimte", help="workspace folder whose imports the embedded store replays")
    ap.add_argument("--out")
    ap.add_argument("gemeenten", nargs="*", default=list(BROWSE))
    args = ap.parse_args()
    if args.werkruimte:
        os.environ["LEMNISCAAT_WERKRUIMTE"] = str(Path(args.werkruimte).resolve())
    logging.disable(logging.WARNING)  # Streamlit's notes about running without a server

    import queries
    from ui import data, warmup

    version = data.graph_version(args.backend)
    steps = {}
    for name, step in warmup.steps():
        t0 = time.perf_counter()
        step(args.backend, version)
        steps[name] = round(time.perf_counter() - t0, 2)
    warm = sum(steps.values())
    print(f"warm-up {warm:.1f} s: {steps}", flush=True)
    store = data.get_store(args.backend)
    rows = []
    for naam in args.gemeenten:
        gemeente = store.resolve(naam, "Gemeente").id
        t0 = time.perf_counter()
        n = len(queries.run(store, "gemeente-profiel", {"gemeente": gemeente}))
        rows.append({"gemeente": naam, "s": round(time.perf_counter() - t0, 3), "rows": n})
        print(f"{naam:20} {rows[-1]['s']:6.2f} s  {n} rows", flush=True)
    out = {"backend": args.backend, "werkruimte": bool(args.werkruimte), "warmup_s": round(warm, 2),
           "warmup_steps_s": steps,
           "counts": store.counts(), "profiles": rows, "load_average": os.getloadavg()}
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
