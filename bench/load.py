"""Loads at national scale into a local Neo4j started with the defaults (no settings), through
the real command line, as a user runs them (not a test: pytest never collects this folder).

    .venv/bin/python bench/load.py [--scale 1] [--seed 42] [--data DIR] [--out bench/results-load.json]

Steps, each a `lemniscaat` process of its own on a fresh local Neo4j (a free port or
$LEMNISCAAT_BENCH_LOAD_PORT, data in .neo4j/bench-load, removed at the end):

1. `lemniscaat neo4j start` (sized from this machine's memory; nothing set);
2. `load --backend neo4j --reset --no-bulk DATA/*`: the whole set in one transaction;
3. `load --backend neo4j --reset DATA/*`: the same set again, now chosen by size: the bulk path
   (Neo4j's importer into a fresh store, swapped in), replacing the national graph;
4. `load --backend neo4j --reset --no-bulk`: back to the seed in one transaction, from a store
   that holds the national set (the reset the issue saw fail).

For each: wall seconds of the command, the store's own part (`load_seconds`, without
validation), relationships per second over that part, and the peak resident memory of the
Python process (with the importer's JVM, a child of it, apart) and of the Neo4j server, sampled
every 0.1 s. Prints one JSON object; the machine is shared, so the load average is recorded.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from graph import local_neo4j  # noqa: E402

def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PORT = int(os.environ.get("LEMNISCAAT_BENCH_LOAD_PORT", "0")) or _free_port()
DATA_DIR = REPO / ".neo4j" / "bench-load"
LEMNISCAAT = [sys.executable, "-m", "lemniscaat_cli"]


def log(msg: str) -> None:
    print(f"[bench-load {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class PeakRss:
    """Peak RSS (MiB) of a command's process, of its other descendants (the importer's JVM),
    and of the local Neo4j server (whatever pid its pid file names, also after a swap)."""

    def __init__(self, proc: subprocess.Popen):
        self.proc = psutil.Process(proc.pid)
        self.peak = {"python_mib": 0.0, "importer_mib": 0.0, "neo4j_mib": 0.0}
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _rss(self, proc: psutil.Process) -> float:
        try:
            return proc.memory_info().rss / (1 << 20)
        except psutil.Error:
            return 0.0

    def _run(self) -> None:
        while not self.done.is_set():
            server = local_neo4j._process(local_neo4j._read_pid_file(DATA_DIR))
            server_pid = server.pid if server else None
            self._max("python_mib", self._rss(self.proc))
            try:
                children = self.proc.children(recursive=True)
            except psutil.Error:
                children = []
            importer = sum(self._rss(c) for c in children if c.pid != server_pid)
            self._max("importer_mib", importer)
            if server:
                self._max("neo4j_mib", self._rss(server))
            self.done.wait(0.1)

    def _max(self, key: str, value: float) -> None:
        self.peak[key] = max(self.peak[key], value)

    def stop(self) -> dict:
        self.done.set()
        self.thread.join()
        return {k: round(v) for k, v in self.peak.items()}


def lemniscaat(*args: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "LEMNISCAAT_NEO4J_JAVA_OPTS")}
    env.update(LEMNISCAAT_NEO4J_PORT=str(PORT), LEMNISCAAT_NEO4J_DATA_DIR=str(DATA_DIR))
    t0 = time.perf_counter()
    proc = subprocess.Popen([*LEMNISCAAT, *args], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    sampler = PeakRss(proc)
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    peak = sampler.stop()
    if proc.returncode != 0:
        raise SystemExit(f"lemniscaat {' '.join(args)} failed (exit {proc.returncode}):\n{err}")
    result = json.loads(out)
    result.update(wall_seconds=round(wall, 2), peak_rss=peak, load_average=[round(x, 2) for x in os.getloadavg()])
    return result


def summarise(step: dict) -> dict:
    rels = sum(step["relationships"].values())
    return {"method": step["method"], "wall_seconds": step["wall_seconds"], "load_seconds": step["load_seconds"],
            "relationships": rels, "nodes": sum(step["nodes"].values()),
            "relationships_per_s": round(rels / step["load_seconds"]), **({"phases": step["phases"]} if "phases" in step else {}),
            "peak_rss_mib": step["peak_rss"], "load_average_after": step["load_average"]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--data", type=Path, help="a folder `lemniscaat generate` wrote (else generated here)")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    mem = psutil.virtual_memory().total
    out = {"scale": args.scale, "machine": {"cpus": os.cpu_count(), "memory_gib": round(mem / (1 << 30), 1),
                                             "python": platform.python_version(),
                                             "load_average_before": [round(x, 2) for x in os.getloadavg()]},
           "neo4j_memory": local_neo4j.memory_plan(mem, []).describe(), "settings": "geen (standaard)"}
    def save() -> None:  # after every step: a run cut short still leaves what it measured
        if args.out:
            args.out.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    tmp = Path(tempfile.mkdtemp(prefix="lemniscaat-bench-load-"))
    data = args.data
    try:
        if data is None:
            data = tmp / "data"
            subprocess.run([*LEMNISCAAT, "generate", "--scale", str(args.scale), "--seed", str(args.seed),
                            "--out", str(data)], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
        files = [str(p) for p in sorted(data.glob("*.csv"))]
        shutil.rmtree(DATA_DIR, ignore_errors=True)
        log("starting the local Neo4j with the defaults")
        started = lemniscaat("neo4j", "start")
        out["neo4j_start"] = {"version": started.get("version"), "memory": started.get("memory"),
                              "wall_seconds": started["wall_seconds"]}
        try:
            log("load in one transaction")
            out["transaction_load"] = summarise(lemniscaat("load", "--backend", "neo4j", "--reset", "--no-bulk", *files))
            log(f"{out['transaction_load']}")
            save()
            log("load again, bulk chosen by size (replaces the national graph)")
            out["bulk_load"] = summarise(lemniscaat("load", "--backend", "neo4j", "--reset", *files))
            log(f"{out['bulk_load']}")
            save()
            log("reset of the national graph back to the seed, one transaction")
            out["reset_to_seed"] = summarise(lemniscaat("load", "--backend", "neo4j", "--reset", "--no-bulk"))
            log(f"{out['reset_to_seed']}")
            save()
        finally:
            lemniscaat("neo4j", "stop")
            shutil.rmtree(DATA_DIR, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    out["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(out, indent=1, ensure_ascii=False))
    save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
