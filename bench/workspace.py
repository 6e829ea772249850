"""Start time of the app's store with a kept import: the seed plus a 10,000-relationship import.

What the app (and every CLI command) does at start on the embedded store is
`loaders.seed_store.open_store("memory")`: validate the seed and replay every import kept in the
workspace (one `validate_import` over all files), then build the networkx graph. This script
writes one import of exactly `--relationships` relationships (made with the project's own
synthetic generator, loaders/synthetic.py, cut to size), keeps it in a temporary workspace the
way `lemniscaat load` does, and then times `open_store("memory")` in `--runs` fresh Python
processes (so nothing is cached between runs). For comparison it times the seed alone (an empty
workspace), and it splits one run into validation and building the store. Never run by pytest.

    .venv/bin/python bench/workspace.py --runs 5 --out bench/results-workspace.json
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# One start, in a process of its own: module imports, then open_store (what the app calls).
START = """
import json, time
t0 = time.perf_counter()
from loaders.seed_store import open_store
t1, c1 = time.perf_counter(), time.process_time()
store = open_store("memory")
t2, c2 = time.perf_counter(), time.process_time()
counts = store.counts()
print(json.dumps({"import_s": t1 - t0, "open_store_s": t2 - t1, "open_store_cpu_s": c2 - c1,
                  "nodes": sum(counts["nodes"].values()), "relationships": sum(counts["relationships"].values())}))
"""

# The same start, split: validating seed + workspace, then building the embedded store.
PARTS = """
import functools, json, time
from graph.memory_store import MemoryStore
from loaders import workspace
from graph import names
t0, c0 = time.perf_counter(), time.process_time()
dataset = workspace.dataset()
t1, c1 = time.perf_counter(), time.process_time()
MemoryStore(dataset)
t2, c2 = time.perf_counter(), time.process_time()
names.fold = functools.lru_cache(maxsize=None)(names.fold)  # what a cache of the name rule would save
t3 = time.process_time()
workspace.dataset()
t4 = time.process_time()
print(json.dumps({"validate_s": t1 - t0, "validate_cpu_s": c1 - c0, "build_store_s": t2 - t1,
                  "build_store_cpu_s": c2 - c1, "validate_cpu_with_fold_cached_s": t4 - t3}))
"""


def make_import(folder: Path, relationships: int, seed: int) -> dict[str, int]:
    """knopen.csv + relaties.csv with exactly `relationships` rows, from the synthetic generator
    (at the smallest scale that gives that many), relationships cut to size; only the nodes they
    use are kept."""
    from loaders.synthetic import generate

    scale = 0.005
    while True:
        raw = folder / "raw"
        counts = generate(scale, seed, raw)
        if counts["relaties"] >= relationships:
            break
        scale *= 1.5
    with open(raw / "relaties.csv", encoding="utf-8", newline="") as f:
        rel_rows = list(csv.reader(f))
    header, rels = rel_rows[0], rel_rows[1 : relationships + 1]
    used = {r[0] for r in rels} | {r[2] for r in rels}
    with open(raw / "knopen.csv", encoding="utf-8", newline="") as f:
        node_rows = list(csv.reader(f))
    nodes = [r for r in node_rows[1:] if r[0] in used]
    for name, head, rows in (("knopen.csv", node_rows[0], nodes), ("relaties.csv", header, rels)):
        with open(folder / name, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(head)
            w.writerows(rows)
    return {"scale": scale, "knopen": len(nodes), "relaties": len(rels)}


def run(code: str, env: dict) -> dict:
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=900)
    if proc.returncode:
        raise SystemExit(f"run failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def summary(samples: list[dict]) -> dict:
    opens = [s["open_store_s"] for s in samples]
    return {"open_store_median_s": round(statistics.median(opens), 3),
            "open_store_runs_s": [round(x, 3) for x in opens],
            "open_store_cpu_median_s": round(statistics.median(s["open_store_cpu_s"] for s in samples), 3),
            "module_import_median_s": round(statistics.median(s["import_s"] for s in samples), 3),
            "nodes": samples[0]["nodes"], "relationships": samples[0]["relationships"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--relationships", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    from loaders import workspace

    load_before = os.getloadavg()[0]  # a busy machine stretches wall time; the CPU times do not
    with tempfile.TemporaryDirectory(prefix="lemniscaat-bench-") as tmp:
        tmp = Path(tmp)
        data, empty, full = tmp / "data", tmp / "leeg", tmp / "werkruimte"
        data.mkdir()
        made = make_import(data, args.relationships, args.seed)
        files = [data / "knopen.csv", data / "relaties.csv"]
        # keep it as `lemniscaat load` does: validate on top of the seed, then add to the workspace
        t0 = time.perf_counter()
        _, report = workspace.build(workspace.Workspace(full), extra=files)
        workspace.Workspace(full).add([(p.name, p.read_bytes()) for p in files], False,
                                      workspace.counts_of(report, files))
        first_load = time.perf_counter() - t0

        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "LEMNISCAAT_NEO4J"))}
        results = {}
        for name, folder in (("seed_only", empty), ("seed_plus_import", full)):
            env["LEMNISCAAT_WERKRUIMTE"] = str(folder)
            results[name] = summary([run(START, env) for _ in range(args.runs)])
        env["LEMNISCAAT_WERKRUIMTE"] = str(full)
        parts = run(PARTS, env)

    out = {
        "what": "open_store('memory') in a fresh process: the seed plus every import kept in the workspace, "
                "validated and built into the embedded store (what the app does at start)",
        "command": f".venv/bin/python bench/workspace.py --runs {args.runs} --relationships {args.relationships}"
                   + (f" --out {args.out}" if args.out else ""),
        "runs": args.runs,
        "import": made,
        "first_load_s": round(first_load, 3),
        **results,
        "split_one_run": {k: round(v, 3) for k, v in parts.items()},
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
                    "load_average_1m_before_after": [round(load_before, 1), round(os.getloadavg()[0], 1)]},
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
    }
    text = json.dumps(out, ensure_ascii=False, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
