"""Every CLI command through the real `lemniscaat` entry point in a subprocess: its exit code on
success and on the errors a user can cause, with a Dutch message and never a traceback.

The exit codes are the table `lemniscaat_cli.EXIT_CODES` (README, "Command line")."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import lemniscaat_cli
from graph.errors import ConfigError, LemniscaatError, NotFound, OutputError, QueryError, StoreRefused, \
    StoreUnavailable, ValidationError

ROOT = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).parent / "lemniscaat"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def closed_port() -> int:
    """A loopback port nothing listens on (bound and released again)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """`lemniscaat ARGS` with the test's environment minus any Neo4j settings, plus `env`."""
    base = {k: v for k, v in os.environ.items()
            if k not in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "LEMNISCAAT_NEO4J_PORT", "LEMNISCAAT_DEBUG")}
    proc = subprocess.run([str(EXE), *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout,
                          env={**base, **(env or {})})
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


def neo4j_down() -> dict:
    return {"LEMNISCAAT_NEO4J_PORT": str(closed_port())}


@pytest.fixture()
def bad_file(tmp_path) -> Path:
    path = tmp_path / "knopen.csv"
    path.write_text("id,label,naam,niveau,bron\n,Thema,Wonen,hoog,Verslag\n", encoding="utf-8")
    return path


@pytest.fixture()
def not_a_folder(tmp_path) -> Path:
    """A path whose 'folder' is a file: nobody, not even root, can write below it."""
    f = tmp_path / "een-bestand"
    f.write_text("x")
    return f / "uit"


@pytest.fixture()
def neo4j_env(neo4j_connection) -> dict:
    uri, auth = neo4j_connection
    env = {"NEO4J_URI": uri}
    if auth:
        env.update(NEO4J_USER=auth[0], NEO4J_PASSWORD=auth[1])
    return env


# -- the table ------------------------------------------------------------------------------------
def test_every_error_class_has_one_exit_code_and_the_readme_lists_them():
    codes = {cls: lemniscaat_cli.exit_code(cls("x") if cls is not ValidationError else cls([]))[0]
             for cls in (ValidationError, QueryError, NotFound, ConfigError, StoreUnavailable, StoreRefused,
                         OutputError, LemniscaatError)}
    assert codes == {ValidationError: 1, QueryError: 2, NotFound: 2, ConfigError: 2, StoreUnavailable: 3,
                     StoreRefused: 4, OutputError: 5, LemniscaatError: 1}
    section = README.split("## Command line", 1)[1].split("\n## ", 1)[0]
    for code in sorted({c for _, c, _ in lemniscaat_cli.EXIT_CODES}
                       | {lemniscaat_cli.EXIT_UNEXPECTED, lemniscaat_cli.EXIT_INTERRUPTED}):
        assert f"| {code} |" in section, f"exit code {code} is not in the README's table"


# -- validate -------------------------------------------------------------------------------------
def test_validate_ok_and_bad_file(bad_file):
    ok = run("validate")
    assert ok.returncode == 0 and ok.stdout.startswith("ok: ")
    bad = run("validate", str(bad_file))
    assert bad.returncode == 1
    assert f"{bad_file}:2: E_BAD_NIVEAU" in bad.stderr and "niets geladen" in bad.stderr


def test_validate_missing_file_is_a_data_error(tmp_path):
    proc = run("validate", str(tmp_path / "bestaat-niet.csv"))
    assert proc.returncode == 1 and "niet leesbaar" in proc.stderr


# -- load -----------------------------------------------------------------------------------------
def test_load_memory_ok_and_bad_file(bad_file):
    ok = run("load")
    assert ok.returncode == 0 and json.loads(ok.stdout)["backend"] == "memory"
    bad = run("load", str(bad_file))
    assert bad.returncode == 1 and "niets geladen" in bad.stderr


def test_load_neo4j_down():
    proc = run("load", "--backend", "neo4j", env=neo4j_down())
    assert proc.returncode == 3 and proc.stderr.startswith("store niet bereikbaar:")


@pytest.mark.parametrize("kind", ["project", "driver"])
def test_a_load_the_store_refuses_is_exit_4(monkeypatch, capsys, kind):
    """The CLI's mapping, in-process: a store whose load is refused (as the Neo4j store reports
    a transaction Neo4j refuses, e.g. for memory; or the raw driver error) ends in exit 4 and a
    Dutch message. No database is claimed here: the store is a stand-in on purpose."""
    from neo4j.exceptions import Neo4jError

    import loaders.seed_store

    class RefusingStore:
        name = "neo4j"

        def load(self, dataset, reset=False):
            if kind == "project":
                raise StoreRefused("Neo4j weigerde de load: te weinig geheugen; er is niets gewijzigd")
            raise Neo4jError._hydrate_neo4j(code="Neo.TransientError.General.MemoryPoolOutOfMemoryError",
                                            message="The allocation of an extra 2.0 MiB would use more than the limit")

        def close(self):
            pass

    monkeypatch.setattr(loaders.seed_store, "open_store", lambda backend, *a, **k: RefusingStore())
    code = lemniscaat_cli.main(["load", "--backend", "neo4j", "--reset"])
    err = capsys.readouterr().err
    assert code == 4 and err.startswith("store weigert:") and "niets gewijzigd" in err
    assert "Traceback" not in err
    if kind == "driver":
        assert "MemoryPoolOutOfMemoryError" in err


def test_load_into_neo4j_ok(neo4j_env):
    proc = run("load", "--backend", "neo4j", "--reset", env=neo4j_env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["backend"] == "neo4j"


# -- stats ----------------------------------------------------------------------------------------
def test_stats_ok():
    proc = run("stats", "--json")
    assert proc.returncode == 0 and json.loads(proc.stdout)["total_nodes"] > 0


def test_stats_on_neo4j_ok(neo4j_env):
    proc = run("stats", "--backend", "neo4j", "--json", env=neo4j_env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["backend"] == "neo4j"


@pytest.mark.parametrize("env,code,words", [
    ("down", 3, "niet bereikbaar"),
    ({"NEO4J_URI": "http://x"}, 2, "NEO4J_URI 'http://x' is geen Neo4j-adres"),
    ({"NEO4J_URI": "bolt://127.0.0.1:poort"}, 2, "geen geldig poortnummer"),
    ({"LEMNISCAAT_NEO4J_PORT": "abc"}, 2, "LEMNISCAAT_NEO4J_PORT 'abc' is geen poortnummer"),
])
def test_stats_on_neo4j_errors(env, code, words):
    proc = run("stats", "--backend", "neo4j", env=neo4j_down() if env == "down" else env)
    assert proc.returncode == code and words in proc.stderr, proc.stderr
    assert proc.stdout == ""


# -- query ----------------------------------------------------------------------------------------
def test_query_ok():
    proc = run("query", "thema-dekking", "--param", "thema=jeugd", "--json")
    assert proc.returncode == 0 and json.loads(proc.stdout)


@pytest.mark.parametrize("args,words", [
    (["query", "bestaat-niet"], "bestaat-niet"),
    (["query", "schakelpunten", "--param", "onzin=1"], "onzin"),
    (["query", "schakelpunten", "--param", "zonder-is-teken"], "k=v"),
])
def test_query_usage_errors_exit_2(args, words):
    proc = run(*args)
    assert proc.returncode == 2 and words in proc.stderr


def test_query_neo4j_down():
    proc = run("query", "schakelpunten", "--param", "regio=Fryslân", "--backend", "neo4j", env=neo4j_down())
    assert proc.returncode == 3 and "niet bereikbaar" in proc.stderr


# -- export ---------------------------------------------------------------------------------------
def test_export_ok(tmp_path):
    out = tmp_path / "graaf.json"
    proc = run("export", "--format", "json", "--out", str(out))
    assert proc.returncode == 0 and json.loads(out.read_text(encoding="utf-8"))["nodes"]


def test_export_to_an_unwritable_path(not_a_folder, tmp_path):
    proc = run("export", "--format", "csv", "--out", str(not_a_folder / "graaf.csv"))
    assert proc.returncode == 5 and proc.stderr.startswith("kan niet schrijven:") and "bestaat niet" in proc.stderr
    proc = run("export", "--format", "csv", "--out", str(tmp_path))  # a folder, not a file
    assert proc.returncode == 5 and "is een map" in proc.stderr


def test_export_neo4j_down(tmp_path):
    out = tmp_path / "graaf.csv"
    proc = run("export", "--format", "csv", "--out", str(out), "--backend", "neo4j", env=neo4j_down())
    assert proc.returncode == 3 and "niet bereikbaar" in proc.stderr and not out.exists()


def test_export_unknown_format_is_usage(tmp_path):
    proc = run("export", "--format", "pdf", "--out", str(tmp_path / "x.pdf"))
    assert proc.returncode == 2 and "verkeerde opdracht" in proc.stderr


# -- template and generate ------------------------------------------------------------------------
def test_template_ok_and_unwritable(tmp_path, not_a_folder):
    ok = run("template", "--out", str(tmp_path / "sjablonen"))
    assert ok.returncode == 0 and (tmp_path / "sjablonen" / "knopen.csv").is_file()
    bad = run("template", "--out", str(not_a_folder))
    assert bad.returncode == 5 and bad.stderr.startswith("kan niet schrijven:")


def test_generate_ok_and_errors(tmp_path, not_a_folder):
    ok = run("generate", "--scale", "0.01", "--out", str(tmp_path / "syn"))
    assert ok.returncode == 0 and (tmp_path / "syn" / "relaties.csv").is_file()
    assert run("generate", "--scale", "0", "--out", str(tmp_path / "nul")).returncode == 2
    bad = run("generate", "--scale", "0.01", "--out", str(not_a_folder))
    assert bad.returncode == 5 and bad.stderr.startswith("kan niet schrijven:")


# -- serve (its success: tests/test_serve.py) and neo4j -------------------------------------------
def test_serve_refuses_a_port_in_use_and_a_bad_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        proc = run("serve", "--port", str(s.getsockname()[1]), "--headless")
    assert proc.returncode == 2 and "al in gebruik" in proc.stderr
    proc = run("serve", "--port", "abc")
    assert proc.returncode == 2 and "geen poortnummer" in proc.stderr
    proc = run("serve", env={"LEMNISCAAT_PORT": "99999"})
    assert proc.returncode == 2 and "geen poortnummer" in proc.stderr


def test_neo4j_status_ok(neo4j_connection):
    from tests.conftest import TEST_NEO4J_PORT, _test_neo4j_dir

    if os.environ.get("NEO4J_URI"):
        pytest.skip("SKIPPED: the tests use an external Neo4j (NEO4J_URI); there is no local one to ask")
    proc = run("neo4j", "status", env={"LEMNISCAAT_NEO4J_PORT": str(TEST_NEO4J_PORT),
                                       "LEMNISCAAT_NEO4J_DATA_DIR": str(_test_neo4j_dir())})
    assert proc.returncode == 0 and json.loads(proc.stdout)["running"] is True


def test_neo4j_with_a_bad_port_setting():
    proc = run("neo4j", "status", env={"LEMNISCAAT_NEO4J_PORT": "abc"})
    assert proc.returncode == 2 and "LEMNISCAAT_NEO4J_PORT 'abc'" in proc.stderr


# -- the last wall --------------------------------------------------------------------------------
def test_unexpected_errors_are_short_unless_debug(monkeypatch, capsys):
    def boom(args):
        raise RuntimeError("kapot")

    monkeypatch.setattr(lemniscaat_cli, "cmd_stats", boom)
    monkeypatch.delenv("LEMNISCAAT_DEBUG", raising=False)
    assert lemniscaat_cli.main(["stats"]) == lemniscaat_cli.EXIT_UNEXPECTED
    err = capsys.readouterr().err
    assert err.startswith("onverwachte fout (RuntimeError): kapot") and "Traceback" not in err and "--debug" in err
    assert lemniscaat_cli.main(["--debug", "stats"]) == lemniscaat_cli.EXIT_UNEXPECTED
    assert "Traceback" in capsys.readouterr().err
    monkeypatch.setenv("LEMNISCAAT_DEBUG", "1")
    assert lemniscaat_cli.main(["stats"]) == lemniscaat_cli.EXIT_UNEXPECTED
    assert "Traceback" in capsys.readouterr().err


def test_unknown_command_is_usage():
    proc = run("opruimen")
    assert proc.returncode == 2 and "verkeerde opdracht" in proc.stderr
