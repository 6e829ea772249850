"""Name lookup and suggestions at national scale on Neo4j (issue 15 item 4: p95 <= 5 ms).

    .venv/bin/python bench/lookup.py --scale 1 [--port 7691] [--calls 200] [--out bench/results-lookup.json]

Generates the synthetic set, validates it with the seed and loads all of it through the bulk
path (graph/neo4j_bulk.py: the importer into a fresh store, swapped in) into its own local Neo4j
(.neo4j/lookup-<port>, removed at the end); a load in one transaction took over 10 minutes on a
busy machine, and the lookup does not depend on how the graph got there. Then times `lookup` for names, aliases, ids and misses, and `suggest` for prefixes,
each p50/p95 in ms over `--calls` calls after a warm-up on other names (`lookup_cold`: a
first sample right after the load), and shows the plan: the index seek
(`ProcedureCall` of db.index.fulltext.queryNodes), no scan of `_zoek`. Never run by pytest.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.run import ms, pct, plan_operators  # noqa: E402
from graph import local_neo4j  # noqa: E402
from graph.model import Dataset  # noqa: E402
from graph.neo4j_bulk import bulk_load  # noqa: E402
from graph.neo4j_store import Neo4jStore, _cypher, _lucene_term  # noqa: E402
from graph.store import name_key  # noqa: E402
from loaders.synthetic import generate  # noqa: E402
from loaders.validate import seed_files, validate_files  # noqa: E402


def timings(fn, args: list, warm: int = 20) -> dict[str, float]:
    for a in args[:warm]:
        fn(a)
    out = []
    for a in args:
        t = time.perf_counter()
        fn(a)
        out.append(time.perf_counter() - t)
    return {"p50_ms": ms(pct(out, 0.5)), "p95_ms": ms(pct(out, 0.95)), "calls": len(out)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--port", type=int, default=int(os.environ.get("LEMNISCAAT_BENCH_NEO4J_PORT", "7691")))
    ap.add_argument("--calls", type=int, default=200)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="lemniscaat-lookup-"))
    try:
        generate(args.scale, args.seed, tmp)
        full = validate_files([*seed_files(), tmp / "knopen.csv", tmp / "relaties.csv"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    nodes = Dataset(dict(full.nodes), [])  # the sample is drawn from the nodes
    rng = random.Random(1)
    # three disjoint samples: right after the load (cold), a warm-up, and the measured one
    drawn = rng.sample(sorted(nodes.nodes.values(), key=lambda n: n.id), 3 * args.calls)
    cold_sample, warm_sample, sample = (drawn[i * args.calls:(i + 1) * args.calls] for i in range(3))

    def texts_of(chosen):
        out = [rng.choice([n.naam, n.naam.upper(), n.id, *(n.aliassen or [n.naam])]) for n in chosen]
        out[::10] = [f"nergens {i}" for i in range(len(out[::10]))]
        return out
    cold_texts, warm_texts, texts = texts_of(cold_sample), texts_of(warm_sample), texts_of(sample)
    prefixes = [n.naam[:rng.randint(3, 6)] for n in sample]

    data_dir = REPO / ".neo4j" / f"lookup-{args.port}"
    info = local_neo4j.start(port=args.port, data_dir=data_dir)
    out: dict = {"scale": args.scale, "nodes": len(nodes.nodes), "neo4j_version": info.get("version"),
                 "load_average_before": os.getloadavg()}
    store = None
    try:
        t = time.perf_counter()
        bulk = bulk_load(full, port=args.port, data_dir=data_dir)
        out["bulk_load_s"] = round(time.perf_counter() - t, 1)
        out["relationships"] = bulk["relationships"]
        store = Neo4jStore(bulk["uri"], local_neo4j.auth(data_dir))
        store._driver.execute_query("CALL db.awaitIndexes(300)", database_=store.database)
        # right after the load: the server's caches and the JIT are cold
        out["lookup_cold"] = timings(store.lookup, cold_texts)
        for x in warm_texts:  # warm-up on other names than the measured ones
            store.lookup(x)
        out["lookup"] = timings(store.lookup, texts)
        out["suggest"] = timings(lambda p: store.suggest(p, ["Instituut", "Gemeente", "Regio"]), prefixes)
        out["suggest_any_label"] = timings(store.suggest, prefixes)
        out["lookup_plan"] = sorted(set(plan_operators(store, _cypher("lookup"), text="x",
                                                       term=_lucene_term(name_key("Movisie")))))
        hits = sum(bool(store.lookup(x)) for x in texts)
        out["lookup_hits"] = f"{hits} of {len(texts)} (every tenth text is a miss)"
        out["load_average_after"] = os.getloadavg()
    finally:
        if store:
            store.close()
        local_neo4j.stop(port=args.port, data_dir=data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)
    print(json.dumps(out, indent=2))
    if args.out:
        args.out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
