"""The local Neo4j's management: one command line (`lemniscaat neo4j`), Dutch messages and exit
codes instead of tracebacks, the password kept for the owner only, sizing from the machine,
and a start/stop that leaves no process behind."""
from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
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
