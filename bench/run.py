"""Benchmarks at national scale (not a test: pytest never collects this folder).

    .venv/bin/python bench/run.py --scale 1 [--seed 42] [--out bench/results.json] [--skip-browser]

Generates the synthetic dataset (loaders/synthetic.py), loads it into both stores and times
what the product does at that scale. Every figure is a median (or p50/p95) of repeated runs;
every comparison is a ratio measured in this one run, because this machine is shared and
noisy. Starts its own Neo4j (port 7690, data in .neo4j/bench, 4 GB heap for the one-transaction
load of ~500k relationships) and stops it at the end. Prints one JSON object and a short table.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from graph import local_neo4j  # noqa: E402
from graph.memory_store import MemoryStore  # noqa: E402
from graph.model import Dataset  # noqa: E402
from graph.neo4j_store import BASE_LABEL, Neo4jStore  # noqa: E402
from loaders.synthetic import generate  # noqa: E402
from loaders.validate import load_seed  # noqa: E402
from queries import run as run_query  # noqa: E402

BENCH_PORT = int(os.environ.get("LEMNISCAAT_BENCH_NEO4J_PORT", "7690"))
BENCH_DIR = REPO / ".neo4j" / "bench"
SAMPLE_RELS = 20_000


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def timed(fn, *args, **kw) -> float:
    t0 = time.perf_counter()
    fn(*args, **kw)
    return time.perf_counter() - t0


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def ms(x: float) -> float:
    return round(x * 1000, 2)


def sample(dataset: Dataset, n_rels: int, seed: int = 1) -> Dataset:
    """A relationship sample with the nodes it needs (the same sample for every variant)."""
    rng = random.Random(seed)
    rels = rng.sample(dataset.relationships, min(n_rels, len(dataset.relationships)))
    ids = {r.start for r in rels} | {r.end for r in rels}
    return Dataset({i: dataset.nodes[i] for i in ids}, rels)


# -- Neo4j load variants -------------------------------------------------------------------
def per_row_autocommit(store: Neo4jStore, ds: Dataset) -> None:
    """The naive way: one auto-commit MERGE per node and per relationship."""
    driver = store._driver
    with driver.session(database=store.database) as s:
        for n in ds.nodes.values():
            row = store._node_row(n)
            s.run(f"MERGE (n:{BASE_LABEL} {{id: $id}}) SET n = $props, n:{n.label}", id=row["id"], props=row["props"]).consume()
        for r in ds.relationships:
            row = store._rel_row(r)
            s.run(f"MATCH (a:{BASE_LABEL} {{id: $from}}) MATCH (b:{BASE_LABEL} {{id: $to}}) "
                  f"MERGE (a)-[x:{r.type} {{_key: $key}}]->(b) SET x = $props",
                  **{"from": row["from"], "to": row["to"], "key": row["key"], "props": row["props"]}).consume()


def clear(store: Neo4jStore) -> None:
    with store._driver.session(database=store.database) as s:  # IN TRANSACTIONS needs auto-commit
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def drop_constraints(store: Neo4jStore) -> None:
    for r in store._read("SHOW CONSTRAINTS YIELD name RETURN name"):
        store._driver.execute_query(f"DROP CONSTRAINT {r['name']}", database_=store.database)


def plan_operators(store: Neo4jStore, query: str, **params) -> list[str]:
    _, summary, _ = store._driver.execute_query("EXPLAIN " + query, parameters_=params, database_=store.database)
    ops, stack = [], [summary.plan]
    while stack:
        p = stack.pop()
        ops.append(p["operatorType"] if isinstance(p, dict) else p.operator_type)
        stack.extend(p.get("children", []) if isinstance(p, dict) else p.children)
    return ops


def median_load(store: Neo4jStore, ds: Dataset, reset: bool, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        clear(store)
        times.append(timed(store.load, ds, reset=reset))
    return statistics.median(times)


def bench_neo4j_load(store: Neo4jStore, full: Dataset, out: dict) -> None:
    smp = sample(full, SAMPLE_RELS)
    n_rows = len(smp.nodes) + len(smp.relationships)
    # batch size: measured on the sample (the product's reset load), then used for the full load
    sizes = {}
    for size in (100, 1000, 5000, 10000):
        store.batch_size = size
        sizes[size] = median_load(store, smp, reset=True)
        log(f"batch {size}: {sizes[size]:.2f}s for {n_rows} rows")
    best = min(sizes, key=sizes.get)
    store.batch_size = best
    out["batch_size"] = {"chosen": best, "seconds_per_size_on_sample": {str(k): round(v, 3) for k, v in sizes.items()},
                         "sample_rows": n_rows}
    batched_create = sizes[best]
    batched_merge = median_load(store, smp, reset=False)  # MERGE path into an emptied graph
    clear(store)
    naive = timed(per_row_autocommit, store, smp)
    log(f"per-row auto-commit: {naive:.1f}s, batched MERGE {batched_merge:.2f}s, batched reset {batched_create:.2f}s")
    out["load_sample"] = {"relationships": len(smp.relationships), "nodes": len(smp.nodes),
                          "batched_merge_s": round(batched_merge, 3), "batched_reset_create_s": round(batched_create, 3),
                          "per_row_autocommit_merge_s": round(naive, 2),
                          "ratio_batched_merge_vs_per_row": round(naive / batched_merge, 1),
                          "ratio_batched_reset_vs_per_row": round(naive / batched_create, 1),
                          "ratio_create_vs_merge": round(batched_merge / batched_create, 2)}
    # constraints: batched MERGE with and without them, on a small sample (without an index
    # every MERGE scans the label: quadratic)
    small = sample(full, 2000, seed=2)
    clear(store)
    drop_constraints(store)
    ops_without = plan_operators(store, f"MATCH (n:{BASE_LABEL} {{id: $id}}) RETURN n", id="x")
    without = timed(store.load, small, reset=False)
    clear(store)
    store.ensure_schema()
    ops_with = plan_operators(store, f"MATCH (n:{BASE_LABEL} {{id: $id}}) RETURN n", id="x")
    with_c = median_load(store, small, reset=False)
    merge_ops = plan_operators(store, f"UNWIND $rows AS row MERGE (n:{BASE_LABEL} {{id: row.id}}) RETURN n", rows=[])
    out["constraints"] = {"sample_relationships": len(small.relationships), "sample_nodes": len(small.nodes),
                          "merge_without_s": round(without, 3), "merge_with_s": round(with_c, 3),
                          "ratio_without_vs_with": round(without / with_c, 1),
                          "lookup_plan_without": sorted(set(ops_without)), "lookup_plan_with": sorted(set(ops_with)),
                          "merge_plan_with": sorted(set(merge_ops)),
                          "no_label_scan_with_constraints": not any("LabelScan" in o for o in ops_with + merge_ops)}
    log(f"constraints: {out['constraints']['ratio_without_vs_with']}x")
    # the full set, one transaction
    clear(store)
    rows = len(full.nodes) + len(full.relationships)
    t = timed(store.load, full, reset=True)
    out["load_full_neo4j"] = {"nodes": len(full.nodes), "relationships": len(full.relationships), "seconds": round(t, 1),
                              "relationships_per_s": round(len(full.relationships) / t),
                              "rows_per_s": round(rows / t), "batch_size": best, "transactions": 1}
    log(f"full Neo4j load: {t:.1f}s")


def query_calls(full: Dataset) -> list[tuple[str, dict]]:
    regios = sorted(i for i, n in full.nodes.items() if n.label == "Regio" and i.startswith("syn-regio-"))
    themas = sorted(i for i, n in full.nodes.items() if n.label == "Thema" and i.startswith("syn-thema"))
    return [
        ("schakelpunten", {"regio": regios[0]}),
        ("thema-dekking", {"thema": themas[0]}),
        ("regio-overlap", {"a": regios[0], "b": regios[1]}),
        ("regio-overlap", {"soort": "provincie"}),
        ("hiaten", {"regio": regios[0]}),
        ("hiaten", {"thema": themas[0]}),
        ("hiaten", {}),
        ("kennisstroom", {"van": "syn-gm-0000", "naar": "syn-inst-0001"}),
        ("stroombalans", {"actor": "syn-gm-0000"}),
        ("bronnen", {"id": "syn-inst-0001"}),
        ("bronnen", {"relatie": "syn-pub-00010|UITGEGEVEN_DOOR|" + next(
            r.end for r in full.relationships if r.start == "syn-pub-00010" and r.type == "UITGEGEVEN_DOOR")}),
    ]


def bench_queries(stores: dict, calls: list, n: int, out: dict) -> None:
    table = {}
    for name, params in calls:
        label = name + ("(" + ",".join(f"{k}" for k in params) + ")" if params else "()")
        row = {}
        for sname, store in stores.items():
            run_query(store, name, params)  # warm-up: caches per graph version, query plans
            run_query(store, name, params)
            times = [timed(run_query, store, name, params) for _ in range(n)]
            row[sname] = {"p50_ms": ms(pct(times, 0.5)), "p95_ms": ms(pct(times, 0.95)),
                          "rows": len(run_query(store, name, params))}
        table[label] = row
        log(f"{label}: " + ", ".join(f"{s} p95 {v['p95_ms']} ms" for s, v in row.items()))
    out["queries"] = table


def bench_point_lookup(store: Neo4jStore, ids: list[str], out: dict) -> None:
    rng = random.Random(3)
    for i in rng.sample(ids, 50):
        store.node(i)
    times = [timed(store.node, rng.choice(ids)) for _ in range(1000)]
    out["point_lookup_neo4j"] = {"calls": 1000, "p50_ms": ms(pct(times, 0.5)), "p95_ms": ms(pct(times, 0.95))}


def bench_view(full: Dataset, out: dict) -> None:
    from bench.view_timing import time_to_stable

    out["graph_view_500"] = time_to_stable(full, 500)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--calls", type=int, default=20)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--skip-browser", action="store_true")
    ap.add_argument("--skip-neo4j", action="store_true")
    args = ap.parse_args(argv)
    started = time.time()
    out: dict = {"scale": args.scale, "seed": args.seed, "machine": {
        "cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}}

    from loaders.validate import validate_files, seed_files

    tmp = Path(tempfile.mkdtemp(prefix="lemniscaat-bench-"))
    try:
        t = time.perf_counter()
        counts = generate(args.scale, args.seed, tmp)
        out["generate"] = {**counts, "seconds": round(time.perf_counter() - t, 1)}
        log(f"generated {counts}")
        t = time.perf_counter()
        full = validate_files([*seed_files(), tmp / "knopen.csv", tmp / "relaties.csv"])
        out["validate"] = {"seconds": round(time.perf_counter() - t, 1), "nodes": len(full.nodes),
                           "relationships": len(full.relationships)}
        log(f"validated: {out['validate']}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    mem_times = []
    for _ in range(3):
        m = MemoryStore()
        mem_times.append(timed(m.load, full, reset=True))
    mem = m
    out["load_embedded"] = {"seconds_median": round(statistics.median(mem_times), 2),
                            "relationships_per_s": round(len(full.relationships) / statistics.median(mem_times))}
    log(f"embedded load: {out['load_embedded']}")

    stores = {"memory": mem}
    neo = None
    if not args.skip_neo4j:
        os.environ.setdefault("LEMNISCAAT_NEO4J_JAVA_OPTS", "-Xms1g -Xmx6g")
        info = local_neo4j.start(port=BENCH_PORT, data_dir=BENCH_DIR)
        out["neo4j_version"] = info.get("version")
        try:
            neo = Neo4jStore(info["uri"], local_neo4j.auth(BENCH_DIR))
            bench_neo4j_load(neo, full, out)
            stores["neo4j"] = neo
            bench_point_lookup(neo, sorted(full.nodes), out)
            bench_queries(stores, query_calls(full), args.calls, out)
        finally:
            if neo:
                neo.close()
            local_neo4j.stop(port=BENCH_PORT, data_dir=BENCH_DIR)
    else:
        bench_queries(stores, query_calls(full), args.calls, out)
    if not args.skip_browser:
        try:
            bench_view(full, out)
        except Exception as exc:  # report, do not hide
            out["graph_view_500"] = {"error": str(exc)}
    out["total_seconds"] = round(time.time() - started)
    print(json.dumps(out, indent=1, ensure_ascii=False))
    print_table(out)
    if args.out:
        args.out.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def print_table(out: dict) -> None:
    lines = ["", f"Schaal {out['scale']}: {out['validate']['nodes']} knopen, {out['validate']['relationships']} relaties"]
    e = out["load_embedded"]
    lines.append(f"  ingebouwde store laden      {e['relationships_per_s']:>10,} relaties/s")
    if "load_full_neo4j" in out:
        f = out["load_full_neo4j"]
        s = out["load_sample"]
        c = out["constraints"]
        lines += [f"  Neo4j laden (1 transactie)  {f['relationships_per_s']:>10,} relaties/s (batch {f['batch_size']})",
                  f"  batched MERGE vs per rij    {s['ratio_batched_merge_vs_per_row']:>10}x  ({s['relationships']} relaties)",
                  f"  batched reset vs per rij    {s['ratio_batched_reset_vs_per_row']:>10}x",
                  f"  zonder vs met constraints   {c['ratio_without_vs_with']:>10}x  (geen label-scan: {c['no_label_scan_with_constraints']})",
                  f"  opzoeken op id (Neo4j)      p50 {out['point_lookup_neo4j']['p50_ms']} ms, p95 {out['point_lookup_neo4j']['p95_ms']} ms"]
    for q, row in out.get("queries", {}).items():
        lines.append(f"  {q:34} " + "  ".join(f"{s}: p50 {v['p50_ms']:>8} ms p95 {v['p95_ms']:>8} ms" for s, v in row.items()))
    v = out.get("graph_view_500")
    if v and "error" not in v:
        lines.append(f"  weergave 500 knopen         vaste posities {v['precomputed_ms']} ms, physics {v['physics_ms']} ms"
                     f" ({v['ratio']}x)")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
