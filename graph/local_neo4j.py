"""Local Neo4j server for development and CI.

A real Neo4j Community 5.26 (LTS) database, embedded in a tiny Java launcher
(graph/neo4j_launcher, built with Maven from Maven Central) that exposes Bolt
on 127.0.0.1.  Authentication is DISABLED: this is for local development and
CI only -- connect with ``GraphDatabase.driver(uri, auth=None)`` and never
bind it to anything but loopback.

Python API (stdlib + the official ``neo4j`` driver only)::

    from graph import local_neo4j
    info = local_neo4j.start()     # {"running", "uri", "version", "pid", "started", "data_dir"}
    local_neo4j.status()           # {"running", "uri", "version", "pid", "data_dir"}
    local_neo4j.stop()

Command line (from the repository root)::

    python -m graph.local_neo4j start|stop|status|build [--port N] [--data-dir DIR]

Environment:
    LEMNISCAAT_NEO4J_PORT       Bolt port (default 7687)
    LEMNISCAAT_NEO4J_JAVA_OPTS  JVM options (default "-Xms256m -Xmx1g")
    LEMNISCAAT_NEO4J_DATA_DIR   data dir (default <repo>/.neo4j/data)

Layout of the data dir: ``databases/`` and ``transactions/`` (the store),
``logs/`` (Neo4j's debug.log / neo4j.log), ``neo4j-launcher.log`` (the java
process's stdout/stderr), ``neo4j.pid`` (JSON: pid, port, uri).

Needs java >= 17 and mvn on PATH (or JAVA_HOME); the first build downloads
about 200 MB of jars into ~/.m2.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

__all__ = [
    "LocalNeo4jError",
    "build",
    "start",
    "stop",
    "status",
    "java_and_maven_available",
    "default_data_dir",
    "default_port",
    "DEFAULT_PORT",
    "HOST",
]

GRAPH_DIR = Path(__file__).resolve().parent
REPO_DIR = GRAPH_DIR.parent
LAUNCHER_DIR = GRAPH_DIR / "neo4j_launcher"
TARGET_DIR = LAUNCHER_DIR / "target"
CLASSES_DIR = TARGET_DIR / "classes"
LIB_DIR = TARGET_DIR / "lib"
MAIN_CLASS = "nl.lemniscaat.Neo4jLauncher"
MAIN_CLASS_FILE = CLASSES_DIR / "nl" / "lemniscaat" / "Neo4jLauncher.class"
BUILD_STAMP = TARGET_DIR / ".local_neo4j_build_stamp"

HOST = "127.0.0.1"
DEFAULT_PORT = 7687
DEFAULT_JAVA_OPTS = "-Xms256m -Xmx1g"
PID_FILE_NAME = "neo4j.pid"
LOCK_FILE_NAME = ".local_neo4j.lock"
LAUNCHER_LOG_NAME = "neo4j-launcher.log"
MIN_JAVA = 17

# Always passed to the JVM (what Neo4j's own neo4j.conf sets for 5.x), before the
# user-tunable LEMNISCAAT_NEO4J_JAVA_OPTS.
FIXED_JVM_OPTS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
]

# Popen objects of servers started by this Python process (so we can reap them).
_PROCS: Dict[int, subprocess.Popen] = {}


class LocalNeo4jError(RuntimeError):
    """Raised when the local Neo4j cannot be built, started or stopped."""


# --------------------------------------------------------------------------- config


def default_port() -> int:
    raw = os.environ.get("LEMNISCAAT_NEO4J_PORT", "").strip()
    if not raw:
        return DEFAULT_PORT
    try:
        port = int(raw)
    except ValueError:
        raise LocalNeo4jError(f"LEMNISCAAT_NEO4J_PORT is not a port number: {raw!r}") from None
    if not 0 < port < 65536:
        raise LocalNeo4jError(f"LEMNISCAAT_NEO4J_PORT out of range: {port}")
    return port


def default_data_dir() -> Path:
    raw = os.environ.get("LEMNISCAAT_NEO4J_DATA_DIR", "").strip()
    return Path(raw).expanduser().resolve() if raw else REPO_DIR / ".neo4j" / "data"


def _java_opts() -> list:
    return shlex.split(os.environ.get("LEMNISCAAT_NEO4J_JAVA_OPTS", DEFAULT_JAVA_OPTS))


def _uri(port: int) -> str:
    return f"bolt://{HOST}:{port}"


def _resolve(port: Optional[int], data_dir) -> Tuple[int, Path]:
    port = default_port() if port is None else int(port)
    data_dir = default_data_dir() if data_dir is None else Path(data_dir).expanduser().resolve()
    return port, data_dir


# --------------------------------------------------------------------------- tools


def _java_bin() -> Optional[str]:
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        cand = Path(java_home) / "bin" / "java"
        if cand.is_file() and os.access(cand, os.X_OK):
            return str(cand)
    return shutil.which("java")


def _java_major(java: str) -> Optional[int]:
    try:
        out = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=60
        ).stderr
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not m:
        return None
    major = int(m.group(1))
    if major == 1 and m.group(2):  # "1.8.0_x"
        major = int(m.group(2))
    return major


def java_and_maven_available() -> Tuple[bool, str]:
    """(ok, message): whether java >= 17 and mvn are there, and what is missing."""
    problems = []
    java = _java_bin()
    if not java:
        problems.append(f"java (JDK {MIN_JAVA}+) not found on PATH or JAVA_HOME")
    else:
        major = _java_major(java)
        if major is None:
            problems.append(f"could not run '{java} -version'")
        elif major < MIN_JAVA:
            problems.append(f"java {major} at {java} is too old (need {MIN_JAVA}+)")
    mvn = shutil.which("mvn")
    if not mvn:
        problems.append("mvn (Apache Maven 3.8+) not found on PATH")
    if problems:
        return False, "; ".join(problems) + " (Debian: apt-get install openjdk-17-jdk-headless maven)"
    return True, f"java {major} ({java}), mvn ({mvn})"


def _require_tools() -> None:
    ok, msg = java_and_maven_available()
    if not ok:
        raise LocalNeo4jError(f"Cannot build/run the local Neo4j: {msg}")


# --------------------------------------------------------------------------- build


def _sources() -> list:
    files = [LAUNCHER_DIR / "pom.xml"]
    files += sorted((LAUNCHER_DIR / "src").rglob("*"))
    return [f for f in files if f.is_file()]


def _needs_build() -> bool:
    if not MAIN_CLASS_FILE.is_file() or not BUILD_STAMP.is_file():
        return True
    if not LIB_DIR.is_dir() or not any(LIB_DIR.glob("neo4j-kernel-*.jar")):
        return True
    built = min(MAIN_CLASS_FILE.stat().st_mtime, BUILD_STAMP.stat().st_mtime)
    return any(f.stat().st_mtime > built for f in _sources())


def build(force: bool = False) -> bool:
    """Build the launcher (mvn package) if needed. Returns True if it ran Maven.

    Do not call while a server started from this checkout is running: the jars
    in target/lib are replaced.
    """
    if not force and not _needs_build():
        return False
    _require_tools()
    # A changed Neo4j version must not leave old jars next to the new ones.
    if LIB_DIR.exists():
        shutil.rmtree(LIB_DIR)
    with contextlib.suppress(FileNotFoundError):
        BUILD_STAMP.unlink()
    cmd = ["mvn", "-q", "-B", "-Dstyle.color=never", "package", "-DskipTests"]
    try:
        proc = subprocess.run(
            cmd,
            cwd=str(LAUNCHER_DIR),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=1800,
        )
    except subprocess.TimeoutExpired as exc:
        raise LocalNeo4jError(f"Maven build timed out after {exc.timeout:.0f}s: {' '.join(cmd)}") from None
    if proc.returncode != 0 or not MAIN_CLASS_FILE.is_file():
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-40:])
        raise LocalNeo4jError(
            f"Maven build failed (exit {proc.returncode}) in {LAUNCHER_DIR}:\n{tail}"
        )
    BUILD_STAMP.write_text(time.strftime("%Y-%m-%dT%H:%M:%S") + "\n")
    return True


# --------------------------------------------------------------------------- process helpers


@contextlib.contextmanager
def _lock(data_dir: Path):
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / LOCK_FILE_NAME, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _read_pid_file(data_dir: Path) -> Optional[Dict[str, Any]]:
    path = data_dir / PID_FILE_NAME
    try:
        text = path.read_text().strip()
    except (FileNotFoundError, OSError):
        return None
    try:
        info = json.loads(text)
        if isinstance(info, int):
            info = {"pid": info}
    except ValueError:
        try:
            info = {"pid": int(text.split()[0])}
        except (ValueError, IndexError):
            return None
    return info if isinstance(info.get("pid"), int) else None


def _write_pid_file(data_dir: Path, info: Dict[str, Any]) -> None:
    path = data_dir / PID_FILE_NAME
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(info) + "\n")
    os.replace(tmp, path)


def _remove_pid_file(data_dir: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (data_dir / PID_FILE_NAME).unlink()


def _pid_alive(pid: int) -> bool:
    """True if pid is a live (non-zombie) process running our launcher."""
    alive = _pid_alive_raw(pid)
    if not alive:
        _reap(pid)
    return alive


def _pid_alive_raw(pid: int) -> bool:
    proc = _PROCS.get(pid)
    if proc is not None and proc.poll() is not None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False  # not ours
    proc_dir = Path("/proc") / str(pid)
    if proc_dir.is_dir():
        try:
            stat = (proc_dir / "stat").read_text()
            if stat.rsplit(")", 1)[1].split()[0] in ("Z", "X"):
                return False
            cmdline = (proc_dir / "cmdline").read_bytes().replace(b"\0", b" ")
            return MAIN_CLASS.encode() in cmdline  # guard against pid reuse
        except (OSError, IndexError):
            return False
    return True


def _reap(pid: int) -> None:
    """Collect the exit status of a dead child of ours (no zombies, no ResourceWarning)."""
    proc = _PROCS.pop(pid, None)
    if proc is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)
        return
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def _port_open(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=timeout):
            return True
    except OSError:
        return False


def _query_version(uri: str, timeout: float = 5.0) -> Optional[str]:
    """The version the server reports (CALL dbms.components()), or None if Bolt does not answer."""
    try:
        from neo4j import GraphDatabase
        from neo4j.exceptions import Neo4jError, DriverError
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise LocalNeo4jError("the 'neo4j' Python driver is not installed (pip install neo4j)") from exc
    try:
        with GraphDatabase.driver(
            uri,
            auth=None,
            connection_timeout=timeout,
            connection_acquisition_timeout=timeout,
            max_connection_pool_size=1,
        ) as driver:
            driver.verify_connectivity()
            records, _, _ = driver.execute_query(
                "CALL dbms.components() YIELD name, versions, edition "
                "RETURN name, versions[0] AS version, edition"
            )
            for rec in records:
                if rec["name"] == "Neo4j Kernel":
                    return rec["version"]
            return records[0]["version"] if records else "unknown"
    except (DriverError, Neo4jError, OSError):
        return None


def _log_tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _wait_dead(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _pid_alive(pid):
            return True
        time.sleep(0.2)
    return not _pid_alive(pid)


# --------------------------------------------------------------------------- public API


def status(port: Optional[int] = None, data_dir=None) -> Dict[str, Any]:
    """{running, uri, version, pid, data_dir} of the server of this data dir.

    running is True only if the recorded process is alive and Bolt answers.
    """
    port, data_dir = _resolve(port, data_dir)
    info = _read_pid_file(data_dir)
    pid = None
    if info is not None:
        port = int(info.get("port", port))
        if _pid_alive(info["pid"]):
            pid = info["pid"]
    uri = _uri(port)
    version = _query_version(uri) if pid is not None else None
    return {
        "running": bool(pid is not None and version is not None),
        "uri": uri,
        "version": version,
        "pid": pid,
        "data_dir": str(data_dir),
    }


def start(port: Optional[int] = None, data_dir=None, timeout: float = 180) -> Dict[str, Any]:
    """Start the local Neo4j (building it first if needed); idempotent.

    Returns {running, uri, version, pid, started, data_dir}; started is False if a
    server for this data dir was already running.
    """
    port, data_dir = _resolve(port, data_dir)
    deadline = time.monotonic() + timeout
    with _lock(data_dir):
        info = _read_pid_file(data_dir)
        if info is not None:
            pid = info["pid"]
            run_port = int(info.get("port", port))
            if _pid_alive(pid):
                if run_port != port:
                    raise LocalNeo4jError(
                        f"a local Neo4j for {data_dir} is already running on port {run_port} "
                        f"(pid {pid}), not {port}; stop it first"
                    )
                # Running (or still starting, e.g. from another process): wait for Bolt.
                version = _wait_for_bolt(_uri(port), pid, deadline, data_dir)
                return _result(True, port, version, pid, False, data_dir)
            _remove_pid_file(data_dir)  # stale

        if _port_open(port):
            raise LocalNeo4jError(
                f"port {port} on {HOST} is already in use by another process; "
                "stop it or set LEMNISCAAT_NEO4J_PORT"
            )

        build()
        java = _java_bin()
        if not java:
            _require_tools()
        cmd = (
            [java]
            + FIXED_JVM_OPTS
            + _java_opts()
            + ["-cp", f"{CLASSES_DIR}{os.pathsep}{LIB_DIR}{os.sep}*", MAIN_CLASS]
            + [str(data_dir), str(port), HOST]
        )
        log_path = data_dir / LAUNCHER_LOG_NAME
        with open(log_path, "ab") as log:
            log.write(
                f"\n==== {time.strftime('%Y-%m-%d %H:%M:%S')} starting: {shlex.join(cmd)}\n".encode()
            )
            log.flush()
            proc = subprocess.Popen(
                cmd,
                cwd=str(data_dir),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                close_fds=True,
            )
        _PROCS[proc.pid] = proc
        _write_pid_file(
            data_dir,
            {"pid": proc.pid, "port": port, "uri": _uri(port), "started_at": time.time()},
        )
        try:
            version = _wait_for_bolt(_uri(port), proc.pid, deadline, data_dir)
        except BaseException:
            _terminate(proc.pid, 30)
            _remove_pid_file(data_dir)
            raise
        return _result(True, port, version, proc.pid, True, data_dir)


def stop(timeout: float = 60, port: Optional[int] = None, data_dir=None) -> Dict[str, Any]:
    """Stop the server of this data dir: SIGTERM (clean shutdown), SIGKILL as a
    last resort after timeout seconds; removes the pid file. Idempotent.

    Returns {running: False, uri, pid, stopped: bool, killed: bool, data_dir}.
    """
    port, data_dir = _resolve(port, data_dir)
    with _lock(data_dir):
        info = _read_pid_file(data_dir)
        pid = info["pid"] if info else None
        if info is not None:
            port = int(info.get("port", port))
        stopped = killed = False
        if pid is not None and _pid_alive(pid):
            killed = _terminate(pid, timeout)
            stopped = True
        _remove_pid_file(data_dir)
    return {
        "running": False,
        "uri": _uri(port),
        "pid": pid,
        "stopped": stopped,
        "killed": killed,
        "data_dir": str(data_dir),
    }


# --------------------------------------------------------------------------- internals


def _result(running, port, version, pid, started, data_dir) -> Dict[str, Any]:
    return {
        "running": running,
        "uri": _uri(port),
        "version": version,
        "pid": pid,
        "started": started,
        "data_dir": str(data_dir),
    }


def _wait_for_bolt(uri: str, pid: int, deadline: float, data_dir: Path) -> str:
    port = int(uri.rsplit(":", 1)[1])
    log_path = data_dir / LAUNCHER_LOG_NAME
    while True:
        if not _pid_alive(pid):
            raise LocalNeo4jError(
                f"local Neo4j (pid {pid}) exited during startup; see {log_path} and "
                f"{data_dir / 'logs' / 'debug.log'}:\n{_log_tail(log_path)}"
            )
        if _port_open(port):
            version = _query_version(uri)
            if version is not None:
                return version
        if time.monotonic() >= deadline:
            raise LocalNeo4jError(
                f"local Neo4j (pid {pid}) did not answer on {uri} in time; see {log_path}:\n"
                f"{_log_tail(log_path)}"
            )
        time.sleep(0.5)


def _terminate(pid: int, timeout: float) -> bool:
    """SIGTERM, wait, SIGKILL. Returns True if SIGKILL was needed."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    if _wait_dead(pid, timeout):
        return False
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    if not _wait_dead(pid, 15):
        raise LocalNeo4jError(f"local Neo4j (pid {pid}) did not die after SIGKILL")
    return True


# --------------------------------------------------------------------------- CLI


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m graph.local_neo4j",
        description="Local Neo4j Community (Bolt on 127.0.0.1, auth disabled; dev/CI only).",
    )
    parser.add_argument("command", choices=["start", "stop", "status", "build", "check"])
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--timeout", type=float, default=None)
    parser.add_argument("--force", action="store_true", help="build: rebuild even if up to date")
    args = parser.parse_args(argv)
    try:
        if args.command == "start":
            out = start(args.port, args.data_dir, timeout=args.timeout or 180)
        elif args.command == "stop":
            out = stop(timeout=args.timeout or 60, port=args.port, data_dir=args.data_dir)
        elif args.command == "status":
            out = status(args.port, args.data_dir)
        elif args.command == "build":
            t0 = time.monotonic()
            ran = build(force=args.force)
            out = {"built": ran, "seconds": round(time.monotonic() - t0, 1)}
        else:
            ok, msg = java_and_maven_available()
            out = {"ok": ok, "message": msg}
    except LocalNeo4jError as exc:
        print(json.dumps({"error": str(exc)}, indent=2))
        return 1
    print(json.dumps(out, indent=2))
    if args.command == "status":
        return 0 if out["running"] else 3
    if args.command == "check":
        return 0 if out["ok"] else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
