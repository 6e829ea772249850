"""Seed graph timings: validate and load (median of 5) into the embedded store and Neo4j, and
every named query on both stores (median of 20 calls after warm-up), on every regio/thema.

    .venv/bin/python bench/seed.py [--neo4j-uri bolt://127.0.0.1:7687]

Uses the Neo4j at --neo4j-uri (default: the local dev Neo4j from `lemniscaat neo4j start`) and
replaces its graph with the seed.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph import local_neo4j  # noqa: E402
from graph.memory_store import MemoryStore  # noqa: E402
from graph.neo4j_store import Neo4jStore  # noqa: E402
from loaders.validate import load_seed  # noqa: E402
from queries import run as run_query  # noqa: E402


def median_of(fn, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--neo4j-uri", default="bolt://127.0.0.1:7687")
    args = ap.parse_args()
    seed = load_seed()
    out = {"validate_s": median_of(load_seed),
           "validate_and_load_memory_s": median_of(lambda: MemoryStore(load_seed())),
           "load_memory_s": median_of(lambda: MemoryStore().load(seed))}
    neo = Neo4jStore(args.neo4j_uri, local_neo4j.auth())  # the local dev Neo4j's password
    neo.load(seed, reset=True)  # warm-up: schema, query plans
    out["load_neo4j_reset_s"] = median_of(lambda: neo.load(seed, reset=True))
    out["reload_neo4j_merge_s"] = median_of(lambda: neo.load(seed, reset=False))
    out["ratio_neo4j_vs_memory"] = out["load_neo4j_reset_s"] / out["load_memory_s"]
    out = {k: round(v, 4) for k, v in out.items()}
    mem = MemoryStore(seed)
    regio = "regio-friesland"
    calls = [("schakelpunten", {"regio": regio}), ("thema-dekking", {"thema": "thema-jeugd"}),
             ("regio-overlap", {"a": regio, "b": "regio-drenthe"}), ("regio-overlap", {"soort": "provincie"}),
             ("hiaten", {}), ("hiaten", {"regio": regio}), ("hiaten", {"thema": "thema-jeugd"}),
             ("kennisstroom", {"van": "wmo-werkplaatsen", "naar": "vereniging-van-nederlandse-gemeenten"}),
             ("stroombalans", {}), ("bronnen", {"id": "movisie"}),
             ("bronnen", {"relatie": "wmo-werkplaatsen|KENNISSTROOM|movisie"})]
    queries = {}
    for name, params in calls:
        label = name + "(" + ",".join(params) + ")"
        queries[label] = {}
        for sname, store in (("memory", mem), ("neo4j", neo)):
            for _ in range(3):
                run_query(store, name, params)
            times = []
            for _ in range(20):
                t = time.perf_counter()
                run_query(store, name, params)
                times.append(time.perf_counter() - t)
            queries[label][sname] = {"median_ms": round(statistics.median(times) * 1000, 2),
                                     "max_ms": round(max(times) * 1000, 2)}
    out["queries"] = queries
    neo.close()
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
