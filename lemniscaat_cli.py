"""`lemniscaat`: the command line (DESIGN §8). Thin over the same functions the app uses.

Every error a user can cause ends as a Dutch message on stderr and an exit code, never a
traceback: `EXIT_CODES` below is the one table from error class to exit code (README,
"Command line"). Errors of the Neo4j driver are translated to the project's own errors in
`driver_error`; anything else is an unexpected error (exit 70) with a short message, and the
traceback only with `--debug` or LEMNISCAAT_DEBUG=1.
"""
from __future__ import annotations

import argparse
import errno
import json
import os
import subprocess
import sys
import time
import traceback
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from graph.errors import (
    ConfigError,
    LemniscaatError,
    NotFound,
    OutputError,
    QueryError,
    StoreRefused,
    StoreUnavailable,
    ValidationError,
)

REPO_ROOT = Path(__file__).resolve().parent

# -- errors: one table from error class to exit code (first match wins) -----------------------
EXIT_CODES: tuple[tuple[type[LemniscaatError], int, str], ...] = (
    (ValidationError, 1, "ongeldige gegevens"),
    (QueryError, 2, "verkeerd gebruik"),
    (NotFound, 2, "niet gevonden"),
    (ConfigError, 2, "verkeerde instelling"),
    (StoreUnavailable, 3, "store niet bereikbaar"),
    (StoreRefused, 4, "store weigert"),
    (OutputError, 5, "kan niet schrijven"),
    (LemniscaatError, 1, "fout"),
)
EXIT_USAGE = 2          # also what argparse uses for a wrong command line
EXIT_UNEXPECTED = 70    # a bug or an error nobody foresaw (EX_SOFTWARE)
EXIT_INTERRUPTED = 130  # Ctrl+C
NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def exit_code(exc: LemniscaatError) -> tuple[int, str]:
    """(exit code, Dutch prefix) of a project error."""
    for cls, code, prefix in EXIT_CODES:
        if isinstance(exc, cls):
            return code, prefix
    raise AssertionError("LemniscaatError is the last row")  # pragma: no cover


def driver_error(exc: BaseException) -> LemniscaatError | None:
    """The project error for an exception of the Neo4j driver (None if it is not one).
    The stores are meant to raise project errors themselves; this catches what they do not."""
    try:
        from neo4j import exceptions as ne
    except ImportError:  # pragma: no cover - the driver is a dependency
        return None
    if isinstance(exc, ne.IncompleteCommit):
        return StoreUnavailable("de verbinding met Neo4j viel weg tijdens het vastleggen; of de wijziging "
                                "is doorgevoerd, ziet u met `lemniscaat stats --backend neo4j`")
    if isinstance(exc, (ne.ServiceUnavailable, ne.SessionExpired)):
        return StoreUnavailable(f"Neo4j is niet (meer) bereikbaar: {exc}")
    if isinstance(exc, ne.AuthError):
        return StoreUnavailable("Neo4j weigert de aanmelding; controleer NEO4J_USER en NEO4J_PASSWORD")
    if isinstance(exc, ne.ConfigurationError):
        return ConfigError(f"de verbinding met Neo4j is verkeerd ingesteld: {exc}")
    if isinstance(exc, ne.Neo4jError):
        return StoreRefused(f"Neo4j weigerde de opdracht ({exc.code}): {exc.message}; er is niets gewijzigd")
    if isinstance(exc, ne.DriverError):
        return StoreUnavailable(f"fout in de verbinding met Neo4j: {exc}")
    return None


def check_neo4j_settings(local_only: bool = False) -> None:
    """Refuse a NEO4J_URI or LEMNISCAAT_NEO4J_PORT the driver cannot use, before it is used
    (the driver would answer with a traceback about DNS or a missing module)."""
    uri = None if local_only else os.environ.get("NEO4J_URI")
    if uri:
        parts = urlsplit(uri)
        if parts.scheme not in NEO4J_SCHEMES or not parts.hostname:
            raise ConfigError(f"NEO4J_URI '{uri}' is geen Neo4j-adres; gebruik bijvoorbeeld "
                              f"bolt://localhost:7687 (schema's: {', '.join(NEO4J_SCHEMES)})")
        try:
            parts.port
        except ValueError:
            raise ConfigError(f"NEO4J_URI '{uri}' heeft geen geldig poortnummer") from None
        return
    port = os.environ.get("LEMNISCAAT_NEO4J_PORT")
    if port is not None and not (port.strip().isdigit() and 0 < int(port) < 65536):
        raise ConfigError(f"LEMNISCAAT_NEO4J_PORT '{port}' is geen poortnummer (1–65535)")


def _uses_neo4j(args: argparse.Namespace) -> bool:
    return getattr(args, "backend", None) == "neo4j"


OS_ERRORS_NL = {errno.ENOENT: "de map of het bestand bestaat niet", errno.EACCES: "geen toegang",
                errno.EPERM: "niet toegestaan", errno.EISDIR: "dit is een map", errno.ENOTDIR: "een deel van het pad is geen map",
                errno.EROFS: "alleen-lezen bestandssysteem", errno.ENOSPC: "de schijf is vol", errno.EEXIST: "bestaat al"}


@contextmanager
def writing(target: Path):
    """Turn an OSError while writing `target` into an OutputError (exit 5)."""
    try:
        yield
    except OSError as exc:
        why = OS_ERRORS_NL.get(exc.errno, exc.strerror or str(exc))
        where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(target) else ""
        raise OutputError(f"{target}: {why}{where}") from exc


def check_writable(path: Path) -> None:
    """Fail before any work when the file cannot be written (its folder is missing, or it is a folder)."""
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"{path}: de map {folder} bestaat niet")
    if path.is_dir():
        raise OutputError(f"{path} is een map; geef een bestandsnaam")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"{path}: geen schrijfrechten in {folder}")


def write_file(path: Path, data: bytes) -> None:
    with writing(path):
        path.write_bytes(data)


# -- commands ---------------------------------------------------------------------------------
DATA_SUFFIXES = (".csv", ".yaml", ".yml", ".json", ".xlsx")


def _user_paths(args: argparse.Namespace) -> list[Path]:
    """The user's data files: a folder stands for the files in it; a file that is not a data
    file (README, .md, an image) is skipped with a notice on stderr; seed files are left out
    (the seed is always read)."""
    from loaders.validate import seed_files

    seen = {p.resolve() for p in seed_files()}
    out: list[Path] = []
    for arg in args.paths:
        path = Path(arg)
        candidates = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        for p in candidates:
            if p.suffix.lower() not in DATA_SUFFIXES and p.exists():
                print(f"overgeslagen: {p} (geen gegevensbestand; verwacht {', '.join(DATA_SUFFIXES)})",
                      file=sys.stderr)
            elif p.resolve() not in seen:
                seen.add(p.resolve())
                out.append(p)
    return out


def _print_report(report, files=None) -> None:
    from loaders.validate import display_name

    names = None if files is None else {display_name(p) for p in files}
    for item in [*report.merged, *report.conflicts]:
        if names is None or item.file in names:
            print(item, file=sys.stderr)


def _validate(args: argparse.Namespace, existing=None):
    """validate_import on seed + the workspace's imports (memory) + user files, with the merges
    and conflicts of the user files on stderr. `existing`: the Neo4j store a non-reset load goes
    into (the import builds on what it holds)."""
    from loaders import workspace
    from loaders.validate import seed_files, validate_import

    files = _user_paths(args)
    if existing is not None:
        dataset, report = validate_import([*seed_files(), *files], prefer_import=args.prefer_import,
                                          existing=existing)
    else:
        imports = [] if getattr(args, "reset", False) else None
        dataset, report = workspace.build(extra=files, prefer_extra=args.prefer_import, imports=imports)
    _print_report(report, files)
    return dataset, report, files


def cmd_validate(args: argparse.Namespace) -> int:
    dataset = _validate(args)[0]
    counts = dataset.counts()
    n_nodes, n_rels = sum(counts["nodes"].values()), sum(counts["relationships"].values())
    print(f"ok: {n_nodes} knopen, {n_rels} relaties, elk met een bron")
    return 0


def _load_memory(args: argparse.Namespace) -> dict:
    """Keep the files as a new import in the workspace (the memory store's data lasts)."""
    from loaders import workspace

    ws = workspace.Workspace()
    files = _user_paths(args)
    contents = []
    for p in files:
        try:
            contents.append((p.name, p.read_bytes()))
        except OSError:
            contents = None  # validation reports the unreadable file
            break
    if contents and not args.reset:
        same = ws.find(workspace.content_hash(contents))
        if same is not None:
            print(f"deze bestanden zijn al geïmporteerd (import {same.id}, {same.created}); niets gewijzigd",
                  file=sys.stderr)
            return {"import": same.id, **workspace.memory_store(ws).counts()}
    dataset, report, files = _validate(args)
    out: dict = {}
    if contents:
        imp = ws.add(contents, args.prefer_import, workspace.counts_of(report, files), reset=args.reset)
        workspace.keep_snapshot(ws, dataset)  # the next start reads it instead of validating again
        out["import"] = imp.id
        print(f"bewaard in de werkruimte als import {imp.id} ({ws.root})", file=sys.stderr)
    elif args.reset:
        for imp in ws.imports():
            ws.remove(imp.id)
    return {**out, **dataset.counts()}


def _check_bulk_usage(args: argparse.Namespace) -> None:
    """--bulk replaces the whole graph of the local Neo4j: it needs --reset and no NEO4J_URI."""
    if not args.bulk:
        return
    if args.backend != "neo4j":
        raise QueryError("--bulk is er alleen voor --backend neo4j")
    if not args.reset:
        raise QueryError("--bulk vervangt de hele graaf: gebruik het samen met --reset")
    if os.environ.get("NEO4J_URI"):
        raise ConfigError("--bulk werkt alleen met de lokale Neo4j (lemniscaat neo4j start), niet met NEO4J_URI; "
                          "een andere Neo4j laadt in één transactie (zonder --bulk)")


def _bulk_chosen(args: argparse.Namespace, dataset, store) -> bool:
    """The bulk path: when asked for (--bulk), or, without --bulk/--no-bulk, for a --reset into
    the local Neo4j when the data or the graph it replaces is large (graph.neo4j_bulk.BULK_THRESHOLD
    rows): there the swap of a fresh store beats one big transaction, and the restart it costs
    (seconds) does not matter."""
    if args.bulk is not None:
        return args.bulk
    if not args.reset or os.environ.get("NEO4J_URI"):
        return False
    from graph.neo4j_bulk import BULK_THRESHOLD

    def rows(counts):
        return sum(counts["nodes"].values()) + sum(counts["relationships"].values())

    return rows(dataset.counts()) >= BULK_THRESHOLD or rows(store.counts()) >= BULK_THRESHOLD


def cmd_load(args: argparse.Namespace) -> int:
    from loaders.seed_store import open_store

    t0 = time.perf_counter()
    _check_bulk_usage(args)
    extra: dict = {"method": "transaction"}
    if args.backend == "memory":
        t_load = time.perf_counter()
        counts = _load_memory(args)  # kept in the workspace; validation is the load here
    else:
        store = open_store(args.backend)
        try:
            dataset = _validate(args, existing=None if args.reset else store)[0]
            t_load = time.perf_counter()
            if args.backend == "neo4j" and _bulk_chosen(args, dataset, store):
                store.close()
                extra = _load_bulk(args, dataset)
                store = open_store(args.backend)
            else:
                store.load(dataset, reset=args.reset)
            counts = store.counts()
        finally:
            store.close()
    load_seconds = time.perf_counter() - t_load  # the store's part (no validation, except in memory)
    elapsed = time.perf_counter() - t0
    print(json.dumps({"backend": args.backend, "seconds": round(elapsed, 3),
                      "load_seconds": round(load_seconds, 3), **extra, **counts},
                     ensure_ascii=False))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """list | remove ID: the imports kept in the workspace of the embedded store."""
    from loaders import workspace

    ws = workspace.Workspace()
    if args.action == "list":
        imports = ws.imports()
        if args.json:
            print(json.dumps({"werkruimte": str(ws.root), "imports": [i.as_dict() for i in imports]},
                             ensure_ascii=False, indent=1))
        elif not imports:
            print(f"geen imports in de werkruimte ({ws.root})")
        else:
            for i in imports:
                c = i.counts
                print(f"{i.id:>4}  {i.created}  {', '.join(i.files)}  ({c.get('nieuwe_knopen', 0)} nieuwe knopen, "
                      f"{c.get('samengevoegd', 0)} samengevoegd, {c.get('nieuwe_relaties', 0)} nieuwe relaties)")
        return 0
    if not args.id:
        raise QueryError("geef het nummer van de import: `lemniscaat import remove ID` (zie `lemniscaat import list`)")
    workspace.remove_checked(ws, args.id)
    print(f"import {args.id} verwijderd; de graaf is opnieuw opgebouwd zonder deze import")
    return 0


def cmd_document(args: argparse.Namespace) -> int:
    """add FILE: keep the document in the workspace and print what it proposes (accepts nothing);
    accept FILE: accept proposals (those above the default confidence, or the decisions in
    --besluiten) as one import in the workspace."""
    from loaders.documents import service

    path = Path(args.file)
    pub = {"titel": args.titel, "jaar": args.jaar, "uitgever": args.uitgever}
    doc, proposals, pub = service.add(path.name, service.read_path(path), publicatie=pub)
    if args.action == "add":
        if args.json:
            print(json.dumps([p.as_json() for p in proposals], ensure_ascii=False, indent=1))
            return 0
        print(f"document bewaard als {doc.file}; publicatie: {pub['titel']!r}, jaar {pub['jaar']}, "
              f"uitgever {pub['uitgever'] or '-'} (pas aan met --titel, --jaar, --uitgever)")
        for p in proposals:
            what = f"{p.van} -[{p.type}]-> {p.naar}" if p.soort == "relatie" else f"{p.naam} ({p.label})"
            print(f"{p.confidence:4.2f}  {p.soort:<12} {what}  r. {p.lines[0]}-{p.lines[1]}: {p.reden}")
        drempel = "de standaarddrempel per soort" if args.drempel is None else args.drempel
        print(f"{len(proposals)} voorstellen, {len(service.above_default(proposals, args.drempel))} boven "
              f"{drempel}; aanvaard met `lemniscaat document accept {args.file}` (of --besluiten)")
        return 0
    if args.besluiten:
        accepted, rejected = service.decisions_from_file(Path(args.besluiten), proposals)
    else:
        accepted, rejected = service.above_default(proposals, args.drempel), []
    if args.backend == "neo4j":
        from loaders.seed_store import open_store

        store = open_store("neo4j")
        try:  # the page's path: one load, one transaction; refused by Neo4j, nothing is kept
            result = service.accept_into(store, doc, accepted, rejected, pub)
        finally:
            store.close()
    else:
        result = service.accept(doc, accepted, rejected, pub)
    print(json.dumps({"document": doc.file, "backend": args.backend, "aanvaard": len(accepted), **result},
                     ensure_ascii=False))
    return 0


def _load_bulk(args: argparse.Namespace, dataset) -> dict:
    """The bulk path (graph.neo4j_bulk); chosen automatically, it falls back to one transaction
    when the data holds a value the importer cannot carry exactly."""
    from graph import neo4j_bulk
    from loaders.seed_store import open_store

    try:
        result = neo4j_bulk.bulk_load(dataset)
    except neo4j_bulk.BulkNotPossible as exc:
        if args.bulk:
            raise
        print(f"let op: {exc}; er wordt in één transactie geladen", file=sys.stderr)
        store = open_store(args.backend)
        try:
            store.load(dataset, reset=True)
        finally:
            store.close()
        return {"method": "transaction"}
    return {"method": "bulk", "phases": result["phases"]}


def cmd_template(args: argparse.Namespace) -> int:
    from loaders.excel import write_template_xlsx
    from loaders.templates import write_templates

    out = Path(args.out)
    with writing(out):
        paths = write_templates(out)
        paths.append(write_template_xlsx(out))
    for path in paths:
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
    from loaders.seed_store import open_store

    store = open_store(args.backend)
    try:
        stats = stats_of(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=1))
    else:
        for section in ("nodes", "relationships"):
            for key, n in stats[section].items():
                print(f"{section:14} {key:22} {n:6}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from loaders.seed_store import open_store
    from graph.export import export_bytes

    out = Path(args.out)
    check_writable(out)  # before the store is read
    store = open_store(args.backend)
    try:
        data = export_bytes(store.dataset(), args.format)
    finally:
        store.close()
    write_file(out, data)
    print(f"geschreven: {args.out} ({len(data)} bytes, {args.format})")
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from loaders.seed_store import open_store

    params = {}
    for item in args.param:
        if "=" not in item:
            raise QueryError(f"parameter '{item}' moet de vorm k=v hebben")
        key, value = item.split("=", 1)
        params[key.strip()] = value.strip()
    from queries import check_params, run

    check_params(args.name, params)  # fail fast, before a store is opened
    store = open_store(args.backend)
    try:
        rows = run(store, args.name, params)
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

    if args.scale <= 0:
        raise QueryError(f"--scale moet groter dan 0 zijn, niet {args.scale:g}")
    out = Path(args.out)
    with writing(out):
        counts = generate(args.scale, args.seed, out)
    print(json.dumps({"out": args.out, **counts}, ensure_ascii=False))
    return 0


LOOPBACK = "127.0.0.1"


def cmd_serve(args: argparse.Namespace) -> int:
    """The app on 127.0.0.1 unless --host says otherwise (README: what an exposed app gives away)."""
    from graph.local_neo4j import port_free

    if not port_free(args.port, args.host):
        raise ConfigError(f"poort {args.port} op {args.host} is al in gebruik of niet beschikbaar; "
                          "kies een andere met --port (of LEMNISCAAT_PORT)")
    if args.host != LOOPBACK:
        print(f"Let op: de app luistert op {args.host}:{args.port} en is dan bereikbaar voor iedereen die deze "
              "computer over het netwerk bereikt: alle pagina's, de Cypher-console op de gekozen Neo4j en de "
              "pagina Importeren (die gegevens in de store laadt). Zonder --host alleen op deze computer.",
              file=sys.stderr)
    # ui/server.py: `streamlit run` with the stores made ready beside it (the first visitor
    # does not wait for the store to open)
    cmd = [sys.executable, "-m", "ui.server", "run", str(REPO_ROOT / "app.py"),
           "--server.address", args.host, "--server.port", str(args.port)]
    if args.headless:
        cmd += ["--server.headless", "true"]
    return subprocess.call(cmd, cwd=REPO_ROOT)


def cmd_neo4j(args: argparse.Namespace) -> int:
    """start | stop | status of the local Neo4j; status exits 3 when it is not running."""
    from graph import local_neo4j

    try:
        where = {"port": args.port, "data_dir": args.data_dir}
        if args.action == "start":
            out = local_neo4j.start(**where)
        elif args.action == "stop":
            out = local_neo4j.stop(**where)
        else:
            out = local_neo4j.status(**where)
    except local_neo4j.ConfigError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(out, ensure_ascii=False))
    if args.action == "status" and not out["running"]:
        print(f"de lokale Neo4j draait niet ({out['uri']}, data in {out['data_dir']}); "
              "start hem met: lemniscaat neo4j start", file=sys.stderr)
        return 3
    return 0


# -- the command line -------------------------------------------------------------------------
class DutchParser(argparse.ArgumentParser):
    """argparse with a Dutch frame around its (English) usage errors; exit 2 as before."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: verkeerde opdracht: {message}\n"
                              f"Zie `{self.prog} --help`.\n")


def _port(text: str) -> int:
    if not text.strip().isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"'{text}' is geen poortnummer (1–65535)")
    return int(text)


def parser() -> argparse.ArgumentParser:
    p = DutchParser(prog="lemniscaat", description="Kennislemniscaat: de kennisgraaf van het sociaal domein")
    p.add_argument("--debug", action="store_true",
                   help="toon bij een onverwachte fout de volledige traceback (ook: LEMNISCAAT_DEBUG=1)")
    sub = p.add_subparsers(dest="command", required=True, parser_class=DutchParser)

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
    sp.add_argument("--reset", action="store_true",
                    help="vervang de hele graaf (in dezelfde transactie, of met de bulkimport)")
    sp.add_argument("--bulk", action=argparse.BooleanOptionalAction, default=None,
                    help="lokale Neo4j, met --reset: schrijf een nieuwe store met de importer van Neo4j en "
                         "wissel die in (standaard vanaf 100.000 rijen); --no-bulk: altijd één transactie")
    sp.add_argument("paths", nargs="*")
    prefer_import(sp)
    sp.set_defaults(func=cmd_load)

    sp = sub.add_parser("import", help="de bewaarde imports van de ingebouwde store: list of remove ID")
    sp.add_argument("action", choices=("list", "remove"))
    sp.add_argument("id", nargs="?", help="het nummer van de import (bij remove)")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_import)

    sp = sub.add_parser("document", help="voeg een rapport toe: voorstellen met bronregels, door u bevestigd")
    sp.add_argument("action", choices=("add", "accept"),
                    help="add: bewaar en toon voorstellen; accept: aanvaard voorstellen als één import")
    sp.add_argument("file", help="het document (.txt, .md, .pdf, .docx)")
    sp.add_argument("--json", action="store_true", help="(add) de voorstellen als JSON-lijst")
    sp.add_argument("--titel", help="titel van de publicatie")
    sp.add_argument("--jaar", type=int, help="jaar van de publicatie")
    sp.add_argument("--uitgever", help="uitgever (een organisatie die de tekst noemt)")
    sp.add_argument("--besluiten", help="(accept) JSON zoals add --json, met per voorstel \"besluit\": aanvaard|afgewezen")
    sp.add_argument("--drempel", type=float, default=None,
                    help="(accept zonder --besluiten) aanvaard vanaf deze zekerheid; standaard per soort: "
                         "vermelding 0.45, nieuwe-knoop en relatie 0.6")
    sp.add_argument("--backend", choices=("memory", "neo4j"), default="memory",
                    help="(accept) neo4j: laad het aanvaarde ook in Neo4j, in één transactie")
    sp.set_defaults(func=cmd_document)

    sp = sub.add_parser("template", help="schrijf lege importsjablonen (CSV, YAML en Excel) met een voorbeeldrij")
    sp.add_argument("--out", required=True, help="map voor de sjablonen")
    sp.set_defaults(func=cmd_template)

    sp = sub.add_parser("stats", help="aantallen per label en relatietype")
    backend(sp)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_stats)

    sp = sub.add_parser("export", help="exporteer de graaf")
    backend(sp)
    sp.add_argument("--format", choices=("json", "graphml", "gexf", "csv", "xlsx"), required=True)
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

    sp = sub.add_parser("serve", help="start de Streamlit-app (alleen op deze computer, tenzij --host)")
    sp.add_argument("--port", type=_port, default=os.environ.get("LEMNISCAAT_PORT", "8501"))
    sp.add_argument("--host", default=LOOPBACK,
                    help="adres waarop de app luistert; standaard 127.0.0.1 (alleen deze computer). "
                         "0.0.0.0 maakt de app bereikbaar voor het netwerk: zie README")
    sp.add_argument("--headless", action="store_true")
    sp.set_defaults(func=cmd_serve)

    sp = sub.add_parser("neo4j", help="de lokale Neo4j voor ontwikkeling en CI")
    sp.add_argument("action", choices=("start", "stop", "status"))
    sp.add_argument("--port", default=None, help="Bolt-poort (standaard LEMNISCAAT_NEO4J_PORT of 7687)")
    sp.add_argument("--data-dir", default=None,
                    help="datamap (standaard LEMNISCAAT_NEO4J_DATA_DIR of .neo4j/data); het wachtwoord staat daarin")
    sp.set_defaults(func=cmd_neo4j)
    return p


def report(exc: LemniscaatError) -> int:
    """Print a project error in Dutch on stderr; return its exit code."""
    code, prefix = exit_code(exc)
    if isinstance(exc, ValidationError):
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} fout(en); niets geladen", file=sys.stderr)
    else:
        print(f"{prefix}: {exc}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    debug = args.debug or os.environ.get("LEMNISCAAT_DEBUG", "").lower() in ("1", "true", "ja", "yes")
    try:
        if _uses_neo4j(args) or args.command == "neo4j":
            check_neo4j_settings(local_only=args.command == "neo4j")
        return args.func(args)
    except LemniscaatError as exc:
        return report(exc)
    except KeyboardInterrupt:
        print("afgebroken", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # the last wall: a short Dutch message, the traceback only on request
        translated = driver_error(exc)
        if translated is not None:
            code = report(translated)
        elif isinstance(exc, MemoryError):
            print("onverwachte fout: te weinig geheugen voor deze opdracht", file=sys.stderr)
            code = EXIT_UNEXPECTED
        else:
            print(f"onverwachte fout ({type(exc).__name__}): {exc}", file=sys.stderr)
            code = EXIT_UNEXPECTED
        if debug:
            traceback.print_exception(exc, file=sys.stderr)
        elif code == EXIT_UNEXPECTED:
            print("Meer details: voer de opdracht opnieuw uit met `lemniscaat --debug ...` "
                  "(of LEMNISCAAT_DEBUG=1).", file=sys.stderr)
        return code


if __name__ == "__main__":
    sys.exit(main())
