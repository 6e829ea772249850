"""The local Neo4j's management: one command line (`lemniscaat neo4j`), Dutch messages and exit
codes instead of tracebacks, the password kept for the owner only, sizing from the machine,
and a start/stop that leaves no process behind."""
from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph import local_neo4j
from graph.local_neo4j import GIB, MIB, ConfigError, memory_plan
from tests.conftest import IN_CI, TEST_NEO4J_PORT, _test_neo4j_dir, local_test_neo4j

REPO = Path(__file__).resolve().parent.parent


def cli(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "lemniscaat_cli", *args], cwd=REPO, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- sizing ----------------------------------------------------------------------------------------
def test_sizing_fits_a_national_load_on_this_kind_of_machine():
    """A national load (~540k rows, one transaction) failed at 0.7 GiB of transaction memory and
    succeeded with a 6 GiB heap (4.2 GiB for all transactions); 24 GiB must give at least that."""
    plan = memory_plan(24 * GIB)
    assert plan.tx_max >= 4.2 * GIB and plan.tx_total >= plan.tx_max
    assert plan.tx_total <= 0.7 * plan.heap  # the rest of the heap keeps the server alive
    assert plan.heap + plan.pagecache <= 12 * GIB  # half the machine at most


def test_java_opts_override_the_heap_and_the_limits_follow():
    plan = memory_plan(24 * GIB, ["-Xms1g", "-Xmx6g"])
    assert plan.heap == 6 * GIB and plan.tx_total <= 0.7 * plan.heap


def test_command_puts_the_users_options_last(monkeypatch, tmp_path):
    monkeypatch.setenv("LEMNISCAAT_NEO4J_JAVA_OPTS", "-Xmx3g")
    cmd = local_neo4j.command(7702, tmp_path)
    assert "-XX:+ExitOnOutOfMemoryError" not in cmd  # a query out of heap must not end the server
    xmx = [c for c in cmd if c.startswith("-Xmx")]
    assert xmx[-1] == "-Xmx3g"
    plan = memory_plan(java_opts=["-Xmx3g"])
    assert f"-Dlemniscaat.neo4j.txMax={plan.tx_max // MIB}m" in cmd  # the limits follow the heap
    assert plan.tx_max < 3 * GIB
    assert cmd[-2:] == ["7702", "127.0.0.1"]


# -- settings and messages ---------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["abc", "0", "70000", "-1", "7687x"])
def test_bad_port_is_a_dutch_message_with_exit_code_2(value):
    result = cli("neo4j", "status", env={"LEMNISCAAT_NEO4J_PORT": value})
    assert result.returncode == 2, result.stderr
    assert "poortnummer" in result.stderr and "Traceback" not in result.stderr


def test_neo4j_settings_for_the_local_server(monkeypatch, tmp_path):
    from graph.backends import neo4j_settings

    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("LEMNISCAAT_NEO4J_PORT", "7702")
    monkeypatch.setenv("LEMNISCAAT_NEO4J_DATA_DIR", str(tmp_path))
    assert neo4j_settings() == ("bolt://127.0.0.1:7702", None)  # before the first start: no password yet
    local_neo4j.ensure_password(tmp_path)
    uri, auth = neo4j_settings()
    assert auth[0] == "neo4j" and len(auth[1]) >= 24
    monkeypatch.setenv("LEMNISCAAT_NEO4J_PORT", "abc")
    with pytest.raises(ConfigError, match="poortnummer"):
        neo4j_settings()


def test_neo4j_settings_keeps_other_servers_as_they_are(monkeypatch):
    from graph.backends import neo4j_settings

    monkeypatch.setenv("NEO4J_URI", "neo4j+s://elders.example:7687")
    monkeypatch.setenv("NEO4J_USER", "lezer")
    monkeypatch.setenv("NEO4J_PASSWORD", "geheim")
    monkeypatch.setenv("LEMNISCAAT_NEO4J_PORT", "abc")  # not used for another server
    assert neo4j_settings() == ("neo4j+s://elders.example:7687", ("lezer", "geheim"))


def test_password_file_is_for_the_owner_only_and_kept(tmp_path):
    path = local_neo4j.ensure_password(tmp_path)
    first = path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert local_neo4j.ensure_password(tmp_path).read_text() == first  # generated once
    other = tmp_path / "ander"
    assert local_neo4j.ensure_password(other).read_text() != first


def test_status_of_a_server_that_does_not_run_exits_3(tmp_path):
    result = cli("neo4j", "status", "--port", str(free_port()), "--data-dir", str(tmp_path))
    assert result.returncode == 3
    assert '"running": false' in result.stdout
    assert "draait niet" in result.stderr and "Traceback" not in result.stderr


def test_stop_when_nothing_runs_is_fine(tmp_path):
    result = cli("neo4j", "stop", "--port", str(free_port()), "--data-dir", str(tmp_path))
    assert result.returncode == 0 and '"stopped": false' in result.stdout


def test_start_on_a_used_port_is_a_dutch_message(tmp_path):
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = cli("neo4j", "start", "--port", str(port), "--data-dir", str(tmp_path))
    assert result.returncode == 1, result.stderr
    assert "al in gebruik" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / local_neo4j.PID_FILE).exists()


def test_a_running_server_stays_ours_when_the_clock_is_set(monkeypatch):
    """The pid file identifies the launcher by its start. On the clock that start moves when the
    machine's clock is stepped (psutil derives it from the boot time, read from the clock): a
    virtual machine's clock moved 26 s, and `neo4j stop` took the running server for a stale
    entry, deleted the pid file and left it running, after which `neo4j start` found its port
    taken. A process with another start under the same pid is still not ours."""
    import psutil

    stand_in = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", local_neo4j.MAIN_CLASS])
    try:
        proc = psutil.Process(stand_in.pid)
        info = {"pid": stand_in.pid, "create_time": proc.create_time(), "since_boot": local_neo4j._since_boot(proc)}
        assert local_neo4j._process(info).pid == stand_in.pid
        boot, created = psutil.boot_time, psutil.Process.create_time
        monkeypatch.setattr(psutil, "boot_time", lambda: boot() + 26)  # the clock stepped 26 s ahead
        monkeypatch.setattr(psutil.Process, "create_time", lambda self: created(self) + 26)
        assert local_neo4j._process(info).pid == stand_in.pid
        assert local_neo4j._process({**info, "since_boot": info["since_boot"] - 30}) is None  # pid reused
    finally:
        stand_in.kill()
        stand_in.wait()


# -- the running test server --------------------------------------------------------------------------
@pytest.mark.neo4j
@pytest.mark.skipif(not local_test_neo4j(), reason="checks the project's own local Neo4j")
def test_the_test_server_keeps_its_password_for_the_owner(neo4j_connection):
    path = local_neo4j.password_path(_test_neo4j_dir())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert neo4j_connection[1] == local_neo4j.auth(_test_neo4j_dir())
    result = cli("neo4j", "status", "--port", str(TEST_NEO4J_PORT), "--data-dir", str(_test_neo4j_dir()))
    assert result.returncode == 0 and '"running": true' in result.stdout
    assert local_neo4j.auth(_test_neo4j_dir())[1] not in result.stdout + result.stderr  # never printed


@pytest.mark.neo4j
@pytest.mark.skipif(not local_test_neo4j(), reason="starts a local Neo4j of its own")
def test_start_status_stop_leaves_no_process(tmp_path):
    import psutil

    ok, why = local_neo4j.java_and_maven_available()
    if not ok:
        if IN_CI:
            pytest.fail(why)
        pytest.skip(why)
    port, data = free_port(), tmp_path / "neo4j"
    env = {"LEMNISCAAT_NEO4J_JAVA_OPTS": "-Xms128m -Xmx512m -Dlemniscaat.neo4j.pagecache=64m"}
    where = ("--port", str(port), "--data-dir", str(data))
    started = cli("neo4j", "start", *where, env=env)
    try:
        assert started.returncode == 0, started.stderr
        assert cli("neo4j", "status", *where).returncode == 0
        again = cli("neo4j", "start", *where, env=env)  # already running: left as it is
        assert again.returncode == 0 and '"started": false' in again.stdout
        pid = local_neo4j.status(port, data)["pid"]
        assert psutil.pid_exists(pid)
    finally:
        stopped = cli("neo4j", "stop", *where)
    assert stopped.returncode == 0 and '"stopped": true' in stopped.stdout
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert cli("neo4j", "status", *where).returncode == 3


# -- the build guard: never a build under a running process of this checkout ------------------------
TARGET = Path("/co/graph/neo4j_launcher/target")


def _server_cmd(target: Path, flag: str = "-cp") -> list[str]:
    return ["/usr/bin/java", "-Xmx1g", flag, f"{target}/classes:{target}/lib/*", local_neo4j.MAIN_CLASS,
            "/data/mijn data", "7761", "127.0.0.1"]


def test_launcher_processes_are_found_by_their_classpath():
    importer = ["java", "-Xmx1g", "--class-path=" + f"{TARGET}/classes:{TARGET}/lib/*", local_neo4j.IMPORTER_CLASS,
                "database", "import", "full"]
    processes = [
        (1, _server_cmd(TARGET)),
        (2, importer),
        (3, ["java", "-classpath", f"{TARGET}/lib/neo4j-kernel-5.26.30.jar", "Iets"]),  # one jar of the build
        (4, ["java", "-cp", f"{TARGET}/classes/", "Iets"]),
        (5, _server_cmd(Path("/elders/graph/neo4j_launcher/target"))),  # another checkout
        (6, ["java", "-cp", f"{TARGET}/lib2/*:{TARGET}/classes-oud", "Iets"]),  # only look-alike names
        (7, ["grep", "-r", "x", f"{TARGET}/lib"]),  # names the folder, but not as a classpath
        (8, ["java", f"{TARGET}/lib/*", "-cp"]),  # a classpath flag without a value
        (9, None),  # a process whose command line cannot be read
    ]
    found = local_neo4j.launcher_processes(processes, TARGET)
    assert [(p.pid, p.kind) for p in found] == [(1, "server"), (2, "import"), (3, "java"), (4, "java")]
    server = found[0]
    assert (server.port, server.data_dir) == (7761, "/data/mijn data")
    assert server.how_to_end() == "lemniscaat neo4j stop --port 7761 --data-dir '/data/mijn data'"  # to copy
    assert "bulkimport" in found[1].how_to_end()


def test_the_command_a_server_starts_with_is_recognised(tmp_path):
    cmd = local_neo4j.command(7702, tmp_path)
    found = local_neo4j.launcher_processes([(42, cmd)])
    assert found == [local_neo4j.LauncherProcess(42, "server", 7702, str(tmp_path))]


@pytest.fixture
def sources_changed():
    """The launcher's pom.xml touched to now, as an edit or a git pull would, so a build is due;
    its times are restored afterwards whatever happens (a source left newer than the build would
    make every later start rebuild; with `now`, not a future time, a killed test costs one)."""
    pom = local_neo4j.LAUNCHER_DIR / "pom.xml"
    before = pom.stat()
    if local_neo4j._needs_build():
        pytest.fail("the launcher needs a build before this test starts: its outcome would not be ours")
    try:
        os.utime(pom, ns=(before.st_atime_ns, max(time.time_ns(), before.st_mtime_ns + 1)))
        assert local_neo4j._needs_build()
        yield
    finally:
        os.utime(pom, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert not local_neo4j._needs_build()


def _build_state() -> tuple:
    """What a build would change: target/lib itself (its inode), its jars, the class, the stamp."""
    lib = local_neo4j.LIB_DIR
    return (lib.stat().st_ino, sorted(p.name for p in lib.iterdir()),
            local_neo4j.MAIN_CLASS_FILE.stat().st_mtime_ns, local_neo4j.BUILD_STAMP.stat().st_mtime_ns,
            local_neo4j.BUILD_STAMP.read_text())


def _no_maven(monkeypatch, tmp_path) -> None:
    """Safety net: should the guard fail, the build stops at 'mvn niet gevonden' instead of
    replacing the jars of the session's server (the test then fails on that error)."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)


@pytest.mark.neo4j
@pytest.mark.skipif(not local_test_neo4j(), reason="needs the project's own local Neo4j, running from this checkout")
def test_no_build_under_a_running_server_keeps_the_build(neo4j_connection, sources_changed, monkeypatch,
                                                         tmp_path, capsys):
    uri, credentials = neo4j_connection
    server = local_neo4j.status(TEST_NEO4J_PORT, _test_neo4j_dir())
    assert server["running"]
    assert server["pid"] in [p.pid for p in local_neo4j.running_launchers()]
    before = _build_state()
    _no_maven(monkeypatch, tmp_path)
    for force in (False, True):
        assert local_neo4j.build(force=force) is False
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("let op:")  # one note
        assert f"pid {server['pid']}" in err and f"lemniscaat neo4j stop --port {TEST_NEO4J_PORT}" in err
    assert _build_state() == before  # target/lib not deleted, Maven never ran
    assert local_neo4j.server_version(uri, credentials) is not None  # the server still answers a query


@pytest.mark.neo4j
@pytest.mark.skipif(not local_test_neo4j(), reason="needs the project's own local Neo4j, running from this checkout")
def test_no_build_under_a_running_server_without_a_complete_build_is_refused(neo4j_connection, monkeypatch,
                                                                              tmp_path):
    """The build counts as incomplete (the launcher's class looked for where it is not): the build
    is refused in Dutch, naming the server and how to stop it, and target/lib stays."""
    server = local_neo4j.status(TEST_NEO4J_PORT, _test_neo4j_dir())
    before = _build_state()
    _no_maven(monkeypatch, tmp_path)
    monkeypatch.setattr(local_neo4j, "MAIN_CLASS_FILE", tmp_path / "Neo4jLauncher.class")
    with pytest.raises(local_neo4j.LocalNeo4jError, match="geen volledige build") as refused:
        local_neo4j.build()
    assert f"pid {server['pid']}" in str(refused.value)
    assert f"lemniscaat neo4j stop --port {TEST_NEO4J_PORT} --data-dir {_test_neo4j_dir()}" in str(refused.value)
    monkeypatch.undo()
    assert _build_state() == before
    assert local_neo4j.server_version(*neo4j_connection) is not None


@pytest.mark.neo4j
@pytest.mark.skipif(not local_test_neo4j(), reason="needs the project's own local Neo4j, running from this checkout")
def test_a_second_server_from_this_checkout_starts_on_the_build_in_use(neo4j_connection, sources_changed, tmp_path):
    """The case that broke a running server: `lemniscaat neo4j start` of another port and data
    folder while the sources changed. It starts on the build in use, with one note."""
    before = _build_state()
    port, data = free_port(), tmp_path / "tweede"
    where = ("--port", str(port), "--data-dir", str(data))
    env = {"LEMNISCAAT_NEO4J_JAVA_OPTS": "-Xms128m -Xmx384m -Dlemniscaat.neo4j.pagecache=32m"}
    try:
        started = cli("neo4j", "start", *where, env=env)
        assert started.returncode == 0, started.stderr
        assert started.stderr.count("let op:") == 1 and "Traceback" not in started.stderr
        assert local_neo4j.server_version(local_neo4j.uri(port), local_neo4j.auth(data)) is not None
    finally:
        stopped = cli("neo4j", "stop", *where)
    assert stopped.returncode == 0, stopped.stderr
    assert _build_state() == before
    assert local_neo4j.server_version(*neo4j_connection) is not None  # the first server too
