"""The workspace of the embedded store (loaders/workspace.py): imports last across processes,
build on each other, can be listed and removed, are written atomically, and are not added twice.
The CLI runs in a subprocess with LEMNISCAAT_WERKRUIMTE set to this test's own folder."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.errors import ValidationError
from loaders import workspace
from loaders.templates import write_templates
from loaders.validate import seed_files, validate_import

ROOT = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).parent / "lemniscaat"

A_CSV = "id,label,naam,niveau,bron\n,Werkplaats,Testwerkplaats Noord,regionaal,https://example.org/a\n"
B_CSV = "van,type,naar,bron\nTestwerkplaats Noord,ACTIEF_IN,Friesland,https://example.org/b\n"


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    proc = subprocess.run([str(EXE), *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=180)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


@pytest.fixture()
def files(tmp_path) -> dict[str, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.csv").write_text(A_CSV, encoding="utf-8")
    (folder / "b.csv").write_text(B_CSV, encoding="utf-8")
    return {"a": folder / "a.csv", "b": folder / "b.csv"}


def sources_of(name: str) -> list[dict]:
    proc = cli("query", "bronnen", "--param", f"id={name}", "--json")
    return json.loads(proc.stdout) if proc.returncode == 0 else []


def test_an_import_lasts_builds_on_the_last_and_can_be_removed(files, own_workspace):
    assert sources_of("Testwerkplaats Noord") == []
    first = cli("load", str(files["a"]))
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["import"] == "1"
    # a new process (the query) sees the import
    assert [s["note"] for s in sources_of("Testwerkplaats Noord")] == ["aangeleverd in a.csv"]
    # the second import refers to a node that only the first one made
    second = cli("load", str(files["b"]))
    assert second.returncode == 0, second.stderr
    listed = json.loads(cli("import", "list", "--json").stdout)
    assert listed["werkruimte"] == str(own_workspace)
    assert [(i["id"], i["files"], i["counts"]) for i in listed["imports"]] == [
        ("1", ["a.csv"], {"nieuwe_knopen": 2, "samengevoegd": 0, "nieuwe_relaties": 0}),
        ("2", ["b.csv"], {"nieuwe_knopen": 1, "samengevoegd": 0, "nieuwe_relaties": 1}),
    ]
    assert "ACTIEF_IN" in cli("stats", "--json").stdout
    actief = json.loads(cli("stats", "--json").stdout)["relationships"]["ACTIEF_IN"]
    # the first cannot go while the second builds on it
    refused = cli("import", "remove", "1")
    assert refused.returncode == 1 and "E_WERKRUIMTE" in refused.stderr and "E_DANGLING_REF" in refused.stderr
    assert len(workspace.Workspace().imports()) == 2
    gone = cli("import", "remove", "2")
    assert gone.returncode == 0, gone.stderr
    assert json.loads(cli("stats", "--json").stdout)["relationships"]["ACTIEF_IN"] == actief - 1
    assert cli("import", "remove", "1").returncode == 0
    assert sources_of("Testwerkplaats Noord") == []
    assert "geen imports" in cli("import", "list").stdout
    assert cli("import", "remove", "7").returncode == 2


def test_the_same_files_twice_change_nothing(files):
    assert cli("load", str(files["a"]), str(files["b"])).returncode == 0
    before = (workspace.default_dir() / workspace.MANIFEST).read_bytes()
    again = cli("load", str(files["b"]), str(files["a"]))  # other order, same contents
    assert again.returncode == 0 and "al geïmporteerd" in again.stderr
    assert (workspace.default_dir() / workspace.MANIFEST).read_bytes() == before


def test_a_crash_mid_import_leaves_the_previous_workspace(files, monkeypatch):
    ws = workspace.Workspace()
    ws.add([("a.csv", files["a"].read_bytes())], False, {})
    before = workspace.dataset(ws)

    def crash(doc):
        raise OSError("stroom uitgevallen")

    monkeypatch.setattr(workspace.Workspace, "_write_manifest", lambda self, doc: crash(doc))
    with pytest.raises(workspace.WorkspaceError):
        ws.add([("b.csv", files["b"].read_bytes())], False, {})
    monkeypatch.undo()
    assert [i.id for i in ws.imports()] == ["1"]
    assert (ws.root / workspace.IMPORTS / "2").is_dir()  # the files were written, the manifest not
    after = workspace.dataset(ws)
    assert after.nodes == before.nodes and after.relationships == before.relationships
    ws.add([("b.csv", files["b"].read_bytes())], False, {})  # the next write cleans up and works
    assert [i.id for i in ws.imports()] == ["1", "2"]
    assert sorted(p.name for p in (ws.root / workspace.IMPORTS).iterdir()) == ["1", "2"]


def test_a_workspace_of_a_newer_version_is_refused(own_workspace):
    own_workspace.mkdir()
    (own_workspace / workspace.MANIFEST).write_text(json.dumps({"format": 99, "imports": []}))
    proc = cli("stats")
    assert proc.returncode == 2
    assert "nieuwere versie" in proc.stderr and "formaat 99" in proc.stderr
    (own_workspace / workspace.MANIFEST).write_text("{kapot")
    proc = cli("import", "list")
    assert proc.returncode == 2 and "niet leesbaar" in proc.stderr


def test_files_that_are_not_data_are_skipped_with_a_notice(tmp_path):
    folder = tmp_path / "sjablonen"
    write_templates(folder)
    assert (folder / "LEESMIJ.md").exists()
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n")
    everything = sorted(str(p) for p in folder.iterdir())
    for args in (everything, [str(folder)]):
        proc = cli("validate", *args)
        assert proc.returncode == 0, proc.stderr
        assert "overgeslagen" in proc.stderr and "LEESMIJ.md" in proc.stderr and "logo.png" in proc.stderr
        assert "E_YAML_SYNTAX" not in proc.stderr
    # given to the library directly, such a file is a format error, not a parse error
    with pytest.raises(ValidationError) as err:
        validate_import([*seed_files(), folder / "LEESMIJ.md"])
    assert [p.code for p in err.value.problems] == ["E_FILE_FORMAT"]


def test_an_import_builds_on_what_the_store_holds(make_store, seed, files):
    """On both stores: the second import's rows refer to (and merge with) the first's nodes."""
    store = make_store(seed)
    first, _ = validate_import([*seed_files(), files["a"]], existing=store)
    store.load(first, reset=False)
    merge = files["a"].parent / "c.csv"
    merge.write_text("id,label,naam,niveau,bron,aliassen\n,Werkplaats,Testwerkplaats Noord,regionaal,"
                     "https://example.org/c,TWN\n", encoding="utf-8")
    second, report = validate_import([*seed_files(), files["b"], merge], existing=store)
    assert [m.target for m in report.merged] == ["testwerkplaats-noord"]
    store.load(second, reset=False)
    node = store.node("testwerkplaats-noord")
    assert node.properties["aliassen"] == ["TWN"]
    assert {(r.type, r.end) for r in store.relationships() if r.start == node.id} >= {("ACTIEF_IN", "regio-friesland")}
