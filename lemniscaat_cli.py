"""`lemniscaat`: the command line (DESIGN §8). Thin over the same functions the app uses.

Exit codes: 0 ok, 1 invalid data (file:line errors on stderr), 2 wrong usage or unknown
query/parameter, 3 store unavailable.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from graph.errors import LemniscaatError, NotFound, QueryError, StoreUnavailable, ValidationError

REPO_ROOT = Path(__file__).resolve().parent


def _paths(args: argparse.Namespace) -> list[Path]:
    """Seed files plus the user's files (a seed file named again is not read twice)."""
    from loaders.validate import seed_files

    seed = seed_files()
    seen = {p.resolve() for p in seed}
    return seed + [Path(p) for p in args.paths if Path(p).resolve() not in seen]


def _validate(args: argparse.Namespace, existing=None):
    """validate_files on seed + user files, with the import report (merges, conflicts) on stderr.
    `existing`: the store a non-reset load goes into (its labels are checked too)."""
    from loaders.validate import validate_import

    dataset, report = validate_import(_paths(args), prefer_import=args.prefer_import, existing=existing)
    for line in report.lines():
        print(line, file=sys.stderr)
    return dataset


def cmd_validate(args: argparse.Namespace) -> int:
    dataset = _validate(args)
    counts = dataset.counts()
    n_nodes, n_rels = sum(counts["nodes"].values()), sum(counts["relationships"].values())
    print(f"ok: {n_nodes} knopen, {n_rels} relaties, elk met een bron")
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from graph.backends import open_store
    from graph.memory_store import MemoryStore

    t0 = time.perf_counter()
    if args.backend == "memory":
        dataset = _validate(args)
        store = MemoryStore()
        store.load(dataset, reset=True)
    else:
        store = open_store(args.backend)
        try:
            dataset = _validate(args, existing=None if args.reset else store)
        except ValidationError:
            store.close()
            raise
        store.load(dataset, reset=args.reset)
    counts = store.counts()
    elapsed = time.perf_counter() - t0
    print(json.dumps({"backend": args.backend, "seconds": round(elapsed, 3), **counts}, ensure_ascii=False))
    store.close()
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from loaders.templates import write_templates

    for path in write_templates(Path(args.out)):
        print(f"geschreven: {path}")
    return 0


def stats_of(store) -> dict:
    counts = store.counts()
    return {
        **counts,
        "total_nodes": sum(counts["nodes"].values()),
        "total_relationships": sum(counts["relationships"].values()),
        "backend": store.name,
    }


def cmd_stats(args: argparse.Namespace) -> int:
    from graph.backends import open_store

    store = open_store(args.backend)
    stats = stats_of(store)
    store.close()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=1))
    else:
        for section in ("nodes", "relationships"):
            for key, n in stats[section].items():
                print(f"{section:14} {key:22} {n:6}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from graph.backends import open_store
    from graph.export import export_bytes

    store = open_store(args.backend)
    data = export_bytes(store.dataset(), args.format)
    store.close()
    Path(args.out).write_bytes(data)
    print(f"geschreven: {args.out} ({len(data)} bytes, {args.format})")
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from graph.backends import open_store

    params = {}
    for item in args.param:
        if "=" not in item:
            raise QueryError(f"parameter '{item}' moet de vorm k=v hebben")
        key, value = item.split("=", 1)
        params[key.strip()] = value.strip()
    from queries import check_params

    check_params(args.name, params)  # fail fast, before a store is opened
    store = open_store(args.backend)
    try:
        rows = store.run_query(args.name, params)
    finally:
        store.close()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
    else:
        for row in rows:
            print(" | ".join(f"{k}={v}" for k, v in row.items()))
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from loaders.synthetic import generate

    counts = generate(args.scale, args.seed, Path(args.out))
    print(json.dumps({"out": args.out, **counts}, ensure_ascii=False))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    cmd = [sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "app.py"),
           "--server.port", str(args.port)]
    if args.headless:
        cmd += ["--server.headless", "true"]
    return subprocess.call(cmd, cwd=REPO_ROOT)


def cmd_neo4j(args: argparse.Namespace) -> int:
    from graph import local_neo4j

    action = {"start": local_neo4j.start, "stop": local_neo4j.stop, "status": local_neo4j.status}
    print(json.dumps(action[args.action](), ensure_ascii=False))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="lemniscaat", description="Kennislemniscaat: de kennisgraaf van het sociaal domein")
    sub = p.add_subparsers(dest="command", required=True)

    def backend(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--backend", choices=("memory", "neo4j"), default="memory")

    def prefer_import(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--prefer-import", action="store_true",
                        help="bij een conflict met een bestaande knoop de waarde uit het bestand gebruiken")

    sp = sub.add_parser("validate", help="valideer seed- en eigen databestanden")
    sp.add_argument("paths", nargs="*", help="extra bestanden (de seed wordt altijd meegenomen)")
    prefer_import(sp)
    sp.set_defaults(func=cmd_validate)

    sp = sub.add_parser("load", help="laad seed (+ eigen bestanden) in een store, alles of niets")
    backend(sp)
    sp.add_argument("--reset", action="store_true", help="maak de graaf eerst leeg (zelfde transactie)")
    sp.add_argument("paths", nargs="*")
    prefer_import(sp)
    sp.set_defaults(func=cmd_load)

    sp = sub.add_parser("template", help="schrijf lege importsjablonen (CSV en YAML) met een voorbeeldrij")
    sp.add_argument("--out", required=True, help="map voor de sjablonen")
    sp.set_defaults(func=cmd_template)

    sp = sub.add_parser("stats", help="aantallen per label en relatietype")
    backend(sp)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_stats)

    sp = sub.add_parser("export", help="exporteer de graaf")
    backend(sp)
    sp.add_argument("--format", choices=("json", "graphml", "gexf", "csv"), required=True)
    sp.add_argument("--out", required=True)
    sp.set_defaults(func=cmd_export)

    sp = sub.add_parser("query", help="voer een benoemde analyse uit")
    sp.add_argument("name")
    sp.add_argument("--param", action="append", default=[], metavar="k=v")
    backend(sp)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_query)

    sp = sub.add_parser("generate", help="schrijf een synthetische dataset op landelijke schaal (importformaat)")
    sp.add_argument("--scale", type=float, default=1.0, help="1 = ±342 gemeenten, 2.000 instituten, 500.000 relaties")
    sp.add_argument("--seed", type=int, default=42)
    sp.add_argument("--out", required=True, help="map voor knopen.csv en relaties.csv")
    sp.set_defaults(func=cmd_generate)

    sp = sub.add_parser("serve", help="start de Streamlit-app")
    sp.add_argument("--port", type=int, default=int(os.environ.get("LEMNISCAAT_PORT", "8501")))
    sp.add_argument("--headless", action="store_true")
    sp.set_defaults(func=cmd_serve)

    sp = sub.add_parser("neo4j", help="de lokale Neo4j voor ontwikkeling en CI")
    sp.add_argument("action", choices=("start", "stop", "status"))
    sp.set_defaults(func=cmd_neo4j)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ValidationError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} fout(en); niets geladen", file=sys.stderr)
        return 1
    except (QueryError, NotFound) as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    except StoreUnavailable as exc:
        print(f"store niet bereikbaar: {exc}", file=sys.stderr)
        return 3
    except LemniscaatError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
