"""The local Neo4j for development and CI: build, start, stop, status, its password and its size.

A real Neo4j Community 5.26 (LTS), embedded in a small Java launcher (``graph/neo4j_launcher``,
built with Maven from Maven Central on first use). It is locked down (see the launcher's
javadoc): Bolt on 127.0.0.1 only and no HTTP/WebSocket on it, authentication on with a password
generated at first start and kept in the data folder (mode 0600), LOAD CSV without file URLs,
and memory and time limits per transaction that the server enforces.

The command line is ``lemniscaat neo4j start|stop|status [--port N] [--data-dir DIR]``; the
Python API::

    from graph import local_neo4j
    info = local_neo4j.start()   # {"running", "uri", "version", "pid", "started", "data_dir"}
    local_neo4j.status()         # {"running", "uri", "version", "pid", "data_dir"}
    local_neo4j.stop()
    local_neo4j.auth()           # ("neo4j", password) for the driver
    local_neo4j.swap_store(dir)  # put a store a bulk import wrote in place, reopen on it (or roll back)

The store itself (``databases/`` and ``transactions/``) lies in the data folder, or, once a bulk
import has swapped one in, in ``<data folder>/stores/<name>`` with the symlink
``<data folder>/store`` pointing at it (ARCHITECTURE.md, "Loads"). The password, the logs and the
pid file stay in the data folder.

Environment:
    LEMNISCAAT_NEO4J_PORT       Bolt port (default 7687)
    LEMNISCAAT_NEO4J_DATA_DIR   data folder (default <repo>/.neo4j/data)
    LEMNISCAAT_NEO4J_JAVA_OPTS  extra JVM options, after the sized ones (so ``-Xmx`` here wins)

Process handling uses psutil (is the recorded process still ours, stop it, how much memory
the machine has, which processes run on this checkout's build) and filelock (one start or stop
at a time per data folder, one build at a time per checkout). A build never replaces the jars
under a running server or bulk import of this checkout (`build`).
"""
from __future__ import annotations

import json
import logging
import os
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
from filelock import FileLock, Timeout

from graph import errors
from graph.errors import LemniscaatError

GRAPH_DIR = Path(__file__).resolve().parent
REPO_DIR = GRAPH_DIR.parent
LAUNCHER_DIR = GRAPH_DIR / "neo4j_launcher"
TARGET_DIR = LAUNCHER_DIR / "target"
CLASSES_DIR = TARGET_DIR / "classes"
LIB_DIR = TARGET_DIR / "lib"
MAIN_CLASS = "nl.lemniscaat.Neo4jLauncher"
MAIN_CLASS_FILE = CLASSES_DIR / "nl" / "lemniscaat" / "Neo4jLauncher.class"
BUILD_STAMP = TARGET_DIR / ".local_neo4j_build_stamp"
BUILD_LOCK = TARGET_DIR / ".local_neo4j_build.lock"  # one build at a time per checkout
BUILD_TIMEOUT_S = 1800

HOST = "127.0.0.1"
DEFAULT_PORT = 7687
USER = "neo4j"
PASSWORD_FILE = Path("auth") / "neo4j-password"
PID_FILE = "neo4j.pid"
LOCK_FILE = ".local_neo4j.lock"
LAUNCHER_LOG = "neo4j-launcher.log"
STORE_LINK = "store"    # symlink to the store a bulk import swapped in (absent: the data folder itself)
STORES_DIR = "stores"   # where bulk imports write their stores
IMPORTER_CLASS = "org.neo4j.cli.AdminTool"  # neo4j-admin; `database import full` is neo4j-import-tool
MIN_JAVA = 17
GIB, MIB = 1 << 30, 1 << 20
# Server-wide transaction timeout: long enough for a national load in one transaction on this
# machine (~90 s measured), short enough that a runaway query from any client ends. The
# Cypher console sets its own, much shorter timeout per transaction.
SERVER_TX_TIMEOUT_S = 900

# What Neo4j's own neo4j.conf sets for 5.x. Not -XX:+ExitOnOutOfMemoryError: a query that
# allocates past the heap must fail alone, not take the server down.
FIXED_JVM_OPTS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
]

_CHILDREN: dict[int, subprocess.Popen] = {}  # servers started by this Python process


class LocalNeo4jError(LemniscaatError):
    """The local Neo4j cannot be built, started, stopped or reached (message in Dutch)."""


class ConfigError(LocalNeo4jError, errors.ConfigError):
    """A setting for the local Neo4j is wrong (for example a port that is not a number)."""


class PortInUse(LocalNeo4jError):
    """Another process listens on the port the local Neo4j should use."""


# -- settings ---------------------------------------------------------------------------------
def parse_port(raw: Any, where: str = "LEMNISCAAT_NEO4J_PORT") -> int:
    """A port number from text, or ConfigError with a Dutch message.

    >>> parse_port("7702")
    7702
    >>> parse_port("abc")
    Traceback (most recent call last):
    ...
    graph.local_neo4j.ConfigError: LEMNISCAAT_NEO4J_PORT moet een poortnummer (1-65535) zijn, niet 'abc'.
    """
    try:
        port = int(str(raw).strip())
    except ValueError:
        port = 0
    if not 0 < port < 65536:
        raise ConfigError(f"{where} moet een poortnummer (1-65535) zijn, niet {str(raw)!r}.")
    return port


def default_port() -> int:
    raw = os.environ.get("LEMNISCAAT_NEO4J_PORT", "").strip()
    return parse_port(raw) if raw else DEFAULT_PORT


def default_data_dir() -> Path:
    raw = os.environ.get("LEMNISCAAT_NEO4J_DATA_DIR", "").strip()
    return Path(raw).expanduser().resolve() if raw else REPO_DIR / ".neo4j" / "data"


def uri(port: int) -> str:
    return f"bolt://{HOST}:{port}"


def _resolve(port, data_dir) -> tuple[int, Path]:
    port = default_port() if port is None else parse_port(port, "de poort")
    data_dir = default_data_dir() if data_dir is None else Path(data_dir).expanduser().resolve()
    return port, data_dir


# -- memory -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class MemoryPlan:
    """Sizes in bytes: JVM heap, page cache, memory per transaction and for all together."""

    heap: int
    pagecache: int
    tx_max: int
    tx_total: int

    def describe(self) -> str:
        return (f"heap {self.heap / GIB:.1f} GiB, page cache {self.pagecache / GIB:.1f} GiB, "
                f"geheugen per transactie {self.tx_max / GIB:.1f} GiB, samen {self.tx_total / GIB:.1f} GiB")


def _bytes(text: str) -> int:
    """'8g' / '512m' / '1024k' / '123' -> bytes.

    >>> _bytes("8g") == 8 << 30, _bytes("512M") == 512 << 20
    (True, True)
    """
    m = re.fullmatch(r"(\d+)([kmgt]?)", text.strip().lower())
    if not m:
        raise ConfigError(f"geen geheugengrootte: {text!r}")
    return int(m.group(1)) << {"": 0, "k": 10, "m": 20, "g": 30, "t": 40}[m.group(2)]


def memory_plan(total: int | None = None, java_opts: list[str] | None = None) -> MemoryPlan:
    """Size the server from the machine: heap a third of the memory (1-8 GiB), page cache an
    eighth (256 MiB-4 GiB), each transaction at most 60 % of the heap and all together 70 %
    (Neo4j's own default share), so a national load of ~540k rows in one transaction fits and
    a query past its budget is refused while the rest of the heap keeps the server alive.
    An ``-Xmx`` or ``-Dlemniscaat.neo4j.pagecache=`` in java_opts (LEMNISCAAT_NEO4J_JAVA_OPTS)
    sets the heap or page cache instead.

    >>> p = memory_plan(24 * GIB)
    >>> p.heap // GIB, p.pagecache // GIB, round(p.tx_max / GIB, 1), round(p.tx_total / GIB, 1)
    (8, 3, 4.8, 5.6)
    >>> memory_plan(24 * GIB, ["-Xmx2g", "-Dlemniscaat.neo4j.pagecache=256m"]).heap // GIB
    2
    >>> memory_plan(24 * GIB, ["-Dlemniscaat.neo4j.pagecache=256m"]).pagecache // MIB
    256
    >>> memory_plan(2 * GIB).heap // MIB, memory_plan(2 * GIB).pagecache // MIB
    (1024, 256)
    """
    total = psutil.virtual_memory().total if total is None else total
    heap = min(8 * GIB, max(GIB, total // 3 // (256 * MIB) * (256 * MIB)))
    for opt in java_opts or []:
        if opt.startswith("-Xmx"):
            heap = _bytes(opt[4:])
    pagecache = min(4 * GIB, max(256 * MIB, total // 8 // (256 * MIB) * (256 * MIB)))
    for opt in java_opts or []:
        if opt.startswith("-Dlemniscaat.neo4j.pagecache="):
            pagecache = _bytes(opt.split("=", 1)[1])
    return MemoryPlan(heap, pagecache, heap // 10 * 6, heap // 10 * 7)


def _user_java_opts() -> list[str]:
    return shlex.split(os.environ.get("LEMNISCAAT_NEO4J_JAVA_OPTS", ""))


# -- the password -----------------------------------------------------------------------------
def password_path(data_dir=None) -> Path:
    return (default_data_dir() if data_dir is None else Path(data_dir)) / PASSWORD_FILE


def ensure_password(data_dir: Path) -> Path:
    """The password file, written with a new random password at first start (folder 0700,
    file 0600: readable by the owner only)."""
    path = password_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    if not path.is_file() or not path.read_text(encoding="utf-8").strip():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(secrets.token_urlsafe(24) + "\n")
    os.chmod(path, 0o600)
    return path


def auth(data_dir=None) -> tuple[str, str] | None:
    """(user, password) for the local Neo4j of this data folder; None before its first start."""
    try:
        password = password_path(data_dir).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return (USER, password) if password else None


# -- tools and build --------------------------------------------------------------------------
def _java_bin() -> str | None:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and os.access(Path(java_home) / "bin" / "java", os.X_OK):
        return str(Path(java_home) / "bin" / "java")
    return shutil.which("java")


def java_and_maven_available() -> tuple[bool, str]:
    """(ok, message): whether java >= 17 and mvn are there, and what is missing."""
    problems = []
    java = _java_bin()
    if not java:
        problems.append(f"java (JDK {MIN_JAVA}+) niet gevonden")
    else:
        try:
            out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60).stderr
        except (OSError, subprocess.SubprocessError):
            out = ""
        m = re.search(r'version "(\d+)(?:\.(\d+))?', out)
        major = (int(m.group(2)) if m and m.group(1) == "1" and m.group(2) else int(m.group(1))) if m else None
        if major is None:
            problems.append(f"'{java} -version' werkt niet")
        elif major < MIN_JAVA:
            problems.append(f"java {major} is te oud (nodig: {MIN_JAVA}+)")
    mvn = shutil.which("mvn")
    if not mvn:
        problems.append("mvn (Apache Maven 3.8+) niet gevonden")
    if problems:
        return False, "; ".join(problems) + " (Debian: apt-get install openjdk-17-jdk-headless maven)"
    return True, f"java ({java}), mvn ({mvn})"


def _needs_build() -> bool:
    if not _build_complete() or not BUILD_STAMP.is_file():
        return True
    built = min(MAIN_CLASS_FILE.stat().st_mtime, BUILD_STAMP.stat().st_mtime)
    sources = [LAUNCHER_DIR / "pom.xml", *(LAUNCHER_DIR / "src").rglob("*")]
    return any(f.is_file() and f.stat().st_mtime > built for f in sources)


def _build_complete() -> bool:
    """Whether a build a server can run on is there: the launcher's class and Neo4j's kernel jar."""
    return MAIN_CLASS_FILE.is_file() and LIB_DIR.is_dir() and any(LIB_DIR.glob("neo4j-kernel-*.jar"))


@dataclass(frozen=True)
class LauncherProcess:
    """A Java process whose classpath is this checkout's build: a server (with its port and data
    folder), a bulk import, or another Java program on the same jars."""

    pid: int
    kind: str  # "server", "import" or "java"
    port: int | None = None
    data_dir: str | None = None

    def describe(self) -> str:
        if self.kind == "server":
            return f"pid {self.pid}: lokale Neo4j op poort {self.port}, data in {self.data_dir}"
        return f"pid {self.pid}: " + ("bulkimport" if self.kind == "import" else "Java-proces")

    def how_to_end(self) -> str:
        if self.kind == "server":
            return f"lemniscaat neo4j stop --port {self.port} --data-dir {shlex.quote(str(self.data_dir))}"
        if self.kind == "import":
            return f"wacht tot de bulkimport (pid {self.pid}) klaar is"
        return f"stop pid {self.pid}"


_CLASSPATH_FLAGS = ("-cp", "-classpath", "--class-path")


def _classpath_entries(cmdline: list[str]) -> list[str]:
    """The entries of every classpath option on a java command line (``-cp X``, ``-classpath X``,
    ``--class-path X`` or ``--class-path=X``)."""
    entries = []
    for i, arg in enumerate(cmdline):
        if arg in _CLASSPATH_FLAGS and i + 1 < len(cmdline):
            entries += cmdline[i + 1].split(os.pathsep)
        elif arg.startswith("--class-path="):
            entries += arg.split("=", 1)[1].split(os.pathsep)
    return entries


def launcher_processes(processes, target_dir: Path = TARGET_DIR) -> list[LauncherProcess]:
    """The processes among ``(pid, cmdline)`` pairs that run on the build in `target_dir`: a
    classpath entry is its ``classes`` or ``lib`` folder, or lies inside one (``lib/*``, a jar).

    >>> target = Path("/co/graph/neo4j_launcher/target")
    >>> server = ["java", "-Xmx1g", "-cp", f"{target}/classes:{target}/lib/*", MAIN_CLASS, "/co/d", "7761", HOST]
    >>> other = ["java", "-cp", "/elders/graph/neo4j_launcher/target/lib/*", MAIN_CLASS, "/e", "7762", HOST]
    >>> launcher_processes([(11, server), (12, other), (13, ["grep", f"{target}/lib"])], target)
    [LauncherProcess(pid=11, kind='server', port=7761, data_dir='/co/d')]
    """
    roots = [os.path.normpath(target_dir / "classes"), os.path.normpath(target_dir / "lib")]
    found = []
    for pid, cmdline in processes:
        cmdline = list(cmdline or [])
        entries = [os.path.normpath(e) for e in _classpath_entries(cmdline) if e]
        if not any(e == root or e.startswith(root + os.sep) for e in entries for root in roots):
            continue
        if MAIN_CLASS in cmdline:
            i = cmdline.index(MAIN_CLASS)
            data_dir, port = (cmdline[i + 1:i + 3] + [None, None])[:2]
            found.append(LauncherProcess(pid, "server", int(port) if port and port.isdigit() else None, data_dir))
        else:
            found.append(LauncherProcess(pid, "import" if IMPORTER_CLASS in cmdline else "java"))
    return found


def running_launchers() -> list[LauncherProcess]:
    """The living processes (servers, bulk imports) that run on this checkout's build."""
    processes = []
    for proc in psutil.process_iter(["pid", "cmdline", "status"]):
        info = proc.info
        if info.get("cmdline") and info.get("status") != psutil.STATUS_ZOMBIE:
            processes.append((info["pid"], info["cmdline"]))
    return launcher_processes(processes)


def build(force: bool = False) -> bool:
    """Build the launcher (mvn package) if needed or `force`; True if Maven ran.

    A build deletes target/lib and writes it again, so it never runs under a process that uses
    those jars (`running_launchers`: a server or bulk import of this checkout). Then a complete
    build is kept, with a note on stderr (stop those servers and start again to rebuild); without
    a complete build LocalNeo4jError names the processes. One build at a time per checkout (a file
    lock): a second start waits for the first one's build and then finds it done."""
    if not force and not _needs_build():
        return False
    TARGET_DIR.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(BUILD_LOCK), timeout=BUILD_TIMEOUT_S + 120):
            if not force and not _needs_build():  # built by whoever held the lock before us
                return False
            users = running_launchers()
            if users:
                return _keep_build(users, force)
            return _maven_build()
    except Timeout:
        raise LocalNeo4jError(f"een ander proces bouwt de lokale Neo4j al (slot {BUILD_LOCK})") from None


def _keep_build(users: list[LauncherProcess], force: bool) -> bool:
    """No build under running processes: keep a complete build (False, with a note), else refuse."""
    why = "opnieuw bouwen is gevraagd" if force else "de bronnen in graph/neo4j_launcher zijn veranderd"
    who = "; ".join(u.describe() for u in users)
    how = "; ".join(dict.fromkeys(u.how_to_end() for u in users))
    if _build_complete():
        print(f"let op: de lokale Neo4j wordt niet opnieuw gebouwd ({why}), want er draaien processen op de "
              f"huidige build ({who}); die build blijft in gebruik. Stop de draaiende Neo4j-servers ({how}) en "
              "start opnieuw om te bouwen.", file=sys.stderr)
        return False
    raise LocalNeo4jError(f"de lokale Neo4j kan niet gebouwd worden: er is geen volledige build en bouwen zou de "
                          f"jars vervangen onder processen die ze gebruiken ({who}). Stop ze eerst ({how}) en "
                          "probeer het opnieuw.")


def _maven_build() -> bool:
    ok, why = java_and_maven_available()
    if not ok:
        raise LocalNeo4jError(f"de lokale Neo4j kan niet gebouwd worden: {why}")
    if LIB_DIR.exists():
        shutil.rmtree(LIB_DIR)  # a changed Neo4j version must not leave old jars beside the new
    BUILD_STAMP.unlink(missing_ok=True)
    cmd = ["mvn", "-q", "-B", "-Dstyle.color=never", "package", "-DskipTests"]
    try:
        proc = subprocess.run(cmd, cwd=LAUNCHER_DIR, stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=BUILD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise LocalNeo4jError("het bouwen van de lokale Neo4j (Maven) duurde langer dan 30 minuten") from None
    if proc.returncode != 0 or not MAIN_CLASS_FILE.is_file():
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-40:])
        raise LocalNeo4jError(f"het bouwen van de lokale Neo4j mislukte (Maven, exit {proc.returncode}):\n{tail}")
    BUILD_STAMP.write_text(time.strftime("%Y-%m-%dT%H:%M:%S") + "\n")
    return True


# -- processes --------------------------------------------------------------------------------
def _lock(data_dir: Path) -> FileLock:
    data_dir.mkdir(parents=True, exist_ok=True)
    return FileLock(str(data_dir / LOCK_FILE), timeout=600)


def _read_pid_file(data_dir: Path) -> dict[str, Any] | None:
    try:
        info = json.loads((data_dir / PID_FILE).read_text())
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) and isinstance(info.get("pid"), int) else None


def _write_pid_file(data_dir: Path, info: dict[str, Any]) -> None:
    tmp = data_dir / (PID_FILE + ".tmp")
    tmp.write_text(json.dumps(info) + "\n")
    os.replace(tmp, data_dir / PID_FILE)


def _since_boot(proc: psutil.Process) -> float:
    """When the process started, in seconds after the machine booted: unlike its start time on
    the clock (`create_time`), which moves when the clock is set (a virtual machine's clock is
    stepped now and then), this stays the same for the life of the process."""
    return proc.create_time() - psutil.boot_time()


def _process(info: dict[str, Any] | None) -> psutil.Process | None:
    """The recorded launcher process if it still runs (same pid, same start, our class). The
    start is compared after boot (`since_boot`); a pid file written before that was recorded
    has only the start on the clock, compared as it was."""
    if not info:
        return None
    try:
        proc = psutil.Process(info["pid"])
        if "since_boot" in info:
            if abs(_since_boot(proc) - info["since_boot"]) > 1:
                return None  # the pid was reused
        elif "create_time" in info and abs(proc.create_time() - info["create_time"]) > 1:
            return None  # the pid was reused
        if proc.status() == psutil.STATUS_ZOMBIE or MAIN_CLASS not in proc.cmdline():
            return None
        return proc
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None


def port_free(port: int, host: str = HOST) -> bool:
    """Whether `port` can be bound on `host` (IPv4 or IPv6) now."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def server_version(bolt_uri: str, credentials, timeout: float = 5.0) -> str | None:
    """The version the server reports, or None when Bolt does not answer (or refuses us)."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import DriverError, Neo4jError

    driver_log = logging.getLogger("neo4j")
    level = driver_log.level
    driver_log.setLevel(logging.CRITICAL)  # a server still starting is expected: no driver noise
    try:
        with GraphDatabase.driver(bolt_uri, auth=credentials, connection_timeout=timeout,
                                  connection_acquisition_timeout=timeout, max_connection_pool_size=1) as d:
            with d.session() as session:  # auto-commit: no retries, no retry warnings
                records = session.run("CALL dbms.components() YIELD name, versions "
                                      "RETURN name, versions[0] AS version").data()
            return next((r["version"] for r in records if r["name"] == "Neo4j Kernel"), "?")
    except (DriverError, Neo4jError, OSError, ValueError):
        return None
    finally:
        driver_log.setLevel(level)


def _log_tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(geen log)"


def _gone(proc: psutil.Process, timeout: float) -> bool:
    """Wait until the process has ended. A server another living process started (and has not
    reaped yet) stays a zombie: ended all the same."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if not proc.is_running() or proc.status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)


def _stop_process(proc: psutil.Process, timeout: float) -> bool:
    """SIGTERM (the launcher shuts Neo4j down cleanly), SIGKILL after timeout. True if killed."""
    child = _CHILDREN.pop(proc.pid, None)
    killed = False
    try:
        proc.terminate()
    except psutil.NoSuchProcess:
        pass
    if not _gone(proc, timeout):
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass
        _gone(proc, 15)
        killed = True
    if child is not None:
        child.wait(5)  # reap our own child: no zombie, no ResourceWarning
    return killed


def _result(running: bool, port: int, version, pid, data_dir: Path, **extra) -> dict[str, Any]:
    return {"running": running, "uri": uri(port), "version": version, "pid": pid,
            "data_dir": str(data_dir), **extra}


def status(port=None, data_dir=None) -> dict[str, Any]:
    """{running, uri, version, pid, data_dir}: running only if our process lives and Bolt answers."""
    port, data_dir = _resolve(port, data_dir)
    info = _read_pid_file(data_dir)
    proc = _process(info)
    if info is not None:
        port = int(info.get("port", port))
    version = server_version(uri(port), auth(data_dir)) if proc else None
    return _result(bool(proc and version), port, version, proc.pid if proc else None, data_dir)


def start(port=None, data_dir=None, timeout: float = 180) -> dict[str, Any]:
    """Start the local Neo4j (building it first when needed); a running one is left as it is.
    Returns {running, uri, version, pid, started, data_dir, memory}."""
    port, data_dir = _resolve(port, data_dir)
    deadline = time.monotonic() + timeout
    try:
        with _lock(data_dir):
            info = _read_pid_file(data_dir)
            proc = _process(info)
            if proc is not None:
                run_port = int(info.get("port", port))
                if run_port != port:
                    raise LocalNeo4jError(f"de lokale Neo4j van {data_dir} draait al op poort {run_port}, "
                                          f"niet op {port}; stop hem eerst (lemniscaat neo4j stop)")
                version = _wait_for_bolt(port, proc, deadline, data_dir)
                return _result(True, port, version, proc.pid, data_dir, started=False)
            (data_dir / PID_FILE).unlink(missing_ok=True)  # stale
            if not port_free(port):
                raise PortInUse(f"poort {port} op {HOST} is al in gebruik door een ander programma; "
                                "stop dat of kies een andere poort (--port of LEMNISCAAT_NEO4J_PORT)")
            build()
            proc = _launch(port, data_dir)
            try:
                version = _wait_for_bolt(port, proc, deadline, data_dir)
            except BaseException:
                _stop_process(proc, 30)
                (data_dir / PID_FILE).unlink(missing_ok=True)
                raise
            return _result(True, port, version, proc.pid, data_dir, started=True,
                           memory=memory_plan(java_opts=_user_java_opts()).describe())
    except Timeout:
        raise LocalNeo4jError(f"een ander proces start of stopt de lokale Neo4j van {data_dir} al") from None


def store_dir(data_dir: Path) -> Path:
    """Where the server keeps its databases: the store link once a bulk import set it, else the
    data folder itself."""
    link = Path(data_dir) / STORE_LINK
    return link if link.is_symlink() else Path(data_dir)


def _classpath() -> str:
    return f"{CLASSES_DIR}{os.pathsep}{LIB_DIR}{os.sep}*"


def command(port: int, data_dir: Path, java_opts: list[str] | None = None) -> list[str]:
    """The java command line: fixed options, the sized memory, then the user's options
    (LEMNISCAAT_NEO4J_JAVA_OPTS, or `java_opts` when a restart repeats an earlier start)."""
    java = _java_bin()
    if not java:
        raise LocalNeo4jError(f"java niet gevonden: {java_and_maven_available()[1]}")
    user = _user_java_opts() if java_opts is None else list(java_opts)
    plan = memory_plan(java_opts=user)
    sized = ["-Xms512m", f"-Xmx{plan.heap // MIB}m",
             f"-Dlemniscaat.neo4j.pagecache={plan.pagecache // MIB}m",
             f"-Dlemniscaat.neo4j.txMax={plan.tx_max // MIB}m",
             f"-Dlemniscaat.neo4j.txTotalMax={plan.tx_total // MIB}m",
             f"-Dlemniscaat.neo4j.txTimeout={SERVER_TX_TIMEOUT_S}",
             f"-Dlemniscaat.neo4j.passwordFile={password_path(data_dir)}",
             f"-Dlemniscaat.neo4j.importDir={data_dir / 'import'}",
             f"-Dlemniscaat.neo4j.storeDir={store_dir(data_dir)}"]
    return ([java, *FIXED_JVM_OPTS, *sized, *user,
             "-cp", _classpath(), MAIN_CLASS, str(data_dir), str(port), HOST])


def _launch(port: int, data_dir: Path, java_opts: list[str] | None = None) -> psutil.Process:
    ensure_password(data_dir)
    import_dir = data_dir / "import"  # the LOAD CSV root: kept empty
    import_dir.mkdir(exist_ok=True)
    os.chmod(import_dir, 0o700)
    java_opts = _user_java_opts() if java_opts is None else list(java_opts)
    cmd = command(port, data_dir, java_opts)
    (data_dir / REOPEN_REQUEST).unlink(missing_ok=True)  # of a process killed half-way: not for this one
    with open(data_dir / LAUNCHER_LOG, "ab") as log:
        log.write(f"\n==== {time.strftime('%Y-%m-%d %H:%M:%S')} starting: {shlex.join(cmd)}\n".encode())
        log.flush()
        log_offset = log.tell()  # this start's output begins here (_wait_for_bolt looks for READY)
        child = subprocess.Popen(cmd, cwd=data_dir, stdin=subprocess.DEVNULL, stdout=log,
                                 stderr=subprocess.STDOUT, start_new_session=True, close_fds=True)
    _CHILDREN[child.pid] = child
    proc = psutil.Process(child.pid)
    _write_pid_file(data_dir, {"pid": child.pid, "port": port, "uri": uri(port), "java_opts": java_opts,
                               "create_time": proc.create_time(), "since_boot": _since_boot(proc),
                               "started_at": time.time(),
                               "log_offset": log_offset, "reopen": True})  # this launcher reopens (_reopen)
    return proc


def _ready_logged(log: Path, offset: int) -> bool:
    """Whether the launcher printed READY in its log after `offset` (where its start began)."""
    try:
        with open(log, "rb") as fh:
            fh.seek(offset)
            return b"\nREADY bolt://" in b"\n" + fh.read()
    except OSError:
        return False


def _wait_for_bolt(port: int, proc: psutil.Process, deadline: float, data_dir: Path) -> str:
    """The server's version once it answers. A server this module launched is not asked before
    its launcher logged READY: until then the new system database still has Neo4j's default
    password, and three logins with ours would lock the user out for 5 s (measured at scale 1:
    about 6 s of a 16.7 s swap went to that lock)."""
    log = data_dir / LAUNCHER_LOG
    info = _read_pid_file(data_dir) or {}
    offset = info.get("log_offset") if info.get("pid") == proc.pid else None
    while True:
        if not proc.is_running() or proc.status() == psutil.STATUS_ZOMBIE:
            raise LocalNeo4jError(f"de lokale Neo4j (pid {proc.pid}) stopte tijdens het starten; zie {log}:\n"
                                  f"{_log_tail(log)}")
        if offset is None or _ready_logged(log, offset):
            version = server_version(uri(port), auth(data_dir), timeout=2.0)
            if version is not None:
                return version
        if time.monotonic() >= deadline:
            raise LocalNeo4jError(f"de lokale Neo4j (pid {proc.pid}) antwoordde niet op tijd op {uri(port)}; "
                                  f"zie {log}:\n{_log_tail(log)}")
        time.sleep(0.1 if offset is not None else 0.5)


def stop(port=None, data_dir=None, timeout: float = 60) -> dict[str, Any]:
    """Stop the server of this data folder (clean shutdown, SIGKILL as a last resort after
    timeout seconds). Returns {running: False, uri, pid, stopped, killed, data_dir}."""
    port, data_dir = _resolve(port, data_dir)
    try:
        with _lock(data_dir):
            info = _read_pid_file(data_dir)
            proc = _process(info)
            if info is not None:
                port = int(info.get("port", port))
            killed = _stop_process(proc, timeout) if proc else False
            (data_dir / PID_FILE).unlink(missing_ok=True)
    except Timeout:
        raise LocalNeo4jError(f"een ander proces start of stopt de lokale Neo4j van {data_dir} al") from None
    return _result(False, port, None, proc.pid if proc else None, data_dir, stopped=proc is not None,
                   killed=killed)


# -- bulk import: a fresh store, swapped in whole -----------------------------------------------
def stores_dir(data_dir=None) -> Path:
    """Where bulk imports write their stores (same file system as the data folder, so a rename
    moves them)."""
    data_dir = default_data_dir() if data_dir is None else Path(data_dir).expanduser().resolve()
    path = data_dir / STORES_DIR
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def run_importer(args: list[str], home: Path, log: Path, heap: str = "1g", timeout: float = 3600) -> None:
    """Run `neo4j-admin database import full ARGS` (the importer of the launcher's own Neo4j
    jars, org.neo4j:neo4j-import-tool) with `home` as its Neo4j home (an empty conf/ there); its
    output goes to `log`. Raises LocalNeo4jError with the log's tail when it fails."""
    java = _java_bin()
    if not java:
        raise LocalNeo4jError(f"java niet gevonden: {java_and_maven_available()[1]}")
    build()
    conf = home / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "neo4j.conf").touch()
    cmd = [java, *FIXED_JVM_OPTS, f"-Xmx{heap}", "-cp", _classpath(), IMPORTER_CLASS,
           "database", "import", "full", *args]
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(conf)}
    with open(log, "ab") as out:
        out.write(f"\n==== {time.strftime('%Y-%m-%d %H:%M:%S')} import: {shlex.join(cmd)}\n".encode())
        out.flush()
        try:
            proc = subprocess.run(cmd, cwd=home, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                  stderr=subprocess.STDOUT, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise LocalNeo4jError(f"de bulkimport duurde langer dan {timeout:.0f} s; zie {log}") from None
    if proc.returncode != 0:
        raise LocalNeo4jError(f"de bulkimport mislukte (exit {proc.returncode}); zie {log}:\n{_log_tail(log, 15)}")


def _point_store_link(data_dir: Path, target: str | None) -> None:
    """Point <data folder>/store at `target` (relative to the data folder) in one rename; None
    removes the link (the store is then the data folder itself, the layout before any bulk load)."""
    link = data_dir / STORE_LINK
    if target is None:
        link.unlink(missing_ok=True)
        return
    tmp = data_dir / (STORE_LINK + ".new")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, link)  # rename(2): atomic, the link points at the old or the new store


def _remove_store(data_dir: Path, target: str | None) -> None:
    """Delete a store no longer in use: a folder under stores/, or (target None) the databases
    and transactions kept in the data folder itself."""
    if target is None:
        for name in ("databases", "transactions"):
            shutil.rmtree(data_dir / name, ignore_errors=True)
    else:
        shutil.rmtree(data_dir / target, ignore_errors=True)


REOPEN_REQUEST = "reopen.request"  # the launcher reopens on the store link when this file appears
REOPEN_CLAIM_S = 10.0  # how long a running launcher may take to claim the request


def _reopen(proc: psutil.Process, info: dict[str, Any], data_dir: Path) -> bool:
    """Ask the running launcher to reopen on the store the link names now: it claims the file
    `reopen.request` (looks every 100 ms), shuts its databases down cleanly, opens the new store
    in the same JVM and logs READY again. The pid file's log offset moves past the old READY
    first, so _wait_for_bolt waits for the new one. False when the launcher did not claim the
    request in time (the request is withdrawn; the caller stops and starts the server instead)."""
    with open(data_dir / LAUNCHER_LOG, "ab") as log:
        log.write(f"\n==== {time.strftime('%Y-%m-%d %H:%M:%S')} reopening on {store_dir(data_dir)}\n".encode())
        offset = log.tell()
    _write_pid_file(data_dir, {**info, "log_offset": offset})
    request = data_dir / REOPEN_REQUEST
    request.write_text(f"{store_dir(data_dir)}\n")
    deadline = time.monotonic() + REOPEN_CLAIM_S
    while request.exists() and time.monotonic() < deadline and proc.is_running():
        time.sleep(0.05)
    try:
        request.unlink()  # still there: withdrawn, the launcher never saw it
    except FileNotFoundError:
        return True  # claimed
    return False


def swap_store(new_store: Path, port=None, data_dir=None, timeout: float = 300) -> dict[str, Any]:
    """Put `new_store` (a complete store under stores/, written by a bulk import) in place of the
    current one: point the store link at the new store (one atomic rename) and have the running
    launcher reopen on it in its own JVM (`_reopen`: clean shutdown of the old store, then the
    new one opened; no new process). A server from a launcher without that (an older pid file),
    or one that does not claim the request, is stopped and started with the options of its
    last start instead. The old store is deleted only once the server answers on the new one;
    when the new one does not come up, the server is stopped, the link goes back, a server
    starts on the old store and LocalNeo4jError says so. Returns start()'s dict, with the
    seconds of the reopen (or restart) and of deleting the old store."""
    port, data_dir = _resolve(port, data_dir)
    new_store = Path(new_store).resolve()
    if new_store.parent != (data_dir / STORES_DIR).resolve() or not new_store.is_dir():
        raise ValueError(f"{new_store} is no store under {data_dir / STORES_DIR}")
    target = f"{STORES_DIR}/{new_store.name}"
    link = data_dir / STORE_LINK
    old = os.readlink(link) if link.is_symlink() else None
    try:
        with _lock(data_dir):
            info = _read_pid_file(data_dir)
            proc = _process(info)
            java_opts = info.get("java_opts") if info and proc else None
            reopen = bool(proc is not None and info.get("reopen"))
            if proc is not None:
                port = int(info.get("port", port))
                if not reopen:
                    _stop_process(proc, 120)
                    proc = None
            if not reopen:
                (data_dir / PID_FILE).unlink(missing_ok=True)
            _point_store_link(data_dir, target)
            deadline = time.monotonic() + timeout
            t_open = time.perf_counter()
            try:
                if reopen and not _reopen(proc, info, data_dir):
                    _stop_process(proc, 120)
                    reopen = False
                if not reopen:
                    proc = _launch(port, data_dir, java_opts)
                version = _wait_for_bolt(port, proc, deadline, data_dir)
            except BaseException as exc:
                if proc is not None:
                    _stop_process(proc, 60)
                (data_dir / PID_FILE).unlink(missing_ok=True)
                _point_store_link(data_dir, old)
                proc = _launch(port, data_dir, java_opts)
                _wait_for_bolt(port, proc, time.monotonic() + timeout, data_dir)
                shutil.rmtree(new_store, ignore_errors=True)
                if isinstance(exc, LocalNeo4jError):
                    raise LocalNeo4jError(f"de nieuwe graaf startte niet; de lokale Neo4j draait weer met "
                                          f"de oude graaf, er is niets veranderd. {exc}") from exc
                raise
            t_clean = time.perf_counter()
            _remove_store(data_dir, old)
            for leftover in (data_dir / STORES_DIR).iterdir():  # from a run that died half-way
                if leftover.name != new_store.name and not leftover.name.startswith("."):
                    shutil.rmtree(leftover, ignore_errors=True)
            seconds = {"reopen" if reopen else "restart": round(t_clean - t_open, 3),
                       "remove_old": round(time.perf_counter() - t_clean, 3)}
            return _result(True, port, version, proc.pid, data_dir, started=True, store=str(new_store),
                           seconds=seconds)
    except Timeout:
        raise LocalNeo4jError(f"een ander proces start of stopt de lokale Neo4j van {data_dir} al") from None
