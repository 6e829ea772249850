"""The embedded store's snapshot (loaders/snapshot.py): a start with kept imports reads the
built store from the snapshot while nothing validation reads has changed, validates again as
soon as anything has (an import, a source document, the code), and never trusts a damaged one."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.errors import ValidationError
from loaders import snapshot, workspace
from loaders.validate import default_sources_dir

A_CSV = "id,label,naam,niveau,bron\n,Werkplaats,Testwerkplaats Noord,regionaal,https://example.org/a\n"
B_CSV = "van,type,naar,bron\nTestwerkplaats Noord,ACTIEF_IN,Friesland,https://example.org/b\n"


@pytest.fixture()
def builds(monkeypatch) -> list[int]:
    """One entry per validation of the workspace (workspace.build)."""
    seen: list[int] = []
    build = workspace.build

    def counting(*args, **kwargs):
        seen.append(1)
        return build(*args, **kwargs)

    monkeypatch.setattr(workspace, "build", counting)
    return seen


def _keys(ws: workspace.Workspace) -> list[str]:
    folder = ws.root / snapshot.FOLDER
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _same(a, b) -> bool:
    a, b = a.dataset(), b.dataset()
    return a.nodes == b.nodes and [r.key for r in a.relationships] == [r.key for r in b.relationships] \
        and [r.sources for r in a.relationships] == [r.sources for r in b.relationships]


def test_objects_read_from_a_snapshot_are_left_out_of_the_collectors_passes(own_workspace, builds):
    """Read with the collector paused, then frozen before it runs again: its first pass would
    otherwise scan every object just read (seconds at national scale) and free none."""
    import gc

    ws = workspace.Workspace()
    ws.add([("a.csv", A_CSV.encode())], False, {})
    built = workspace.memory_store(ws)
    gc.collect()
    before = gc.get_freeze_count()
    again = workspace.memory_store(ws)
    assert len(builds) == 1 and _same(built, again)  # read from the snapshot
    objects = len(again.nodes()) + len(again.relationships())
    assert gc.get_freeze_count() - before >= objects
    assert gc.isenabled()


def test_a_snapshot_keeps_the_per_type_index_of_the_relationships(own_workspace, builds):
    """The first page after a start finds the index the overviews read (no second of building it
    at national scale), and it answers as a freshly built one does."""
    from graph.memory_store import BY_TYPE

    ws = workspace.Workspace()
    ws.add([("a.csv", A_CSV.encode()), ("b.csv", B_CSV.encode())], False, {})
    built = workspace.memory_store(ws)
    again = workspace.memory_store(ws)
    assert len(builds) == 1 and BY_TYPE in again.__dict__["_derived_cache"]
    assert again.__dict__["_derived_cache"]["__mark__"][0] == again.version() != built.version()
    for types in (["ACTIEF_IN"], ["LIGT_IN", "BEHANDELT"], None):
        assert [r.key for r in again.facts(types)] == [r.key for r in built.facts(types)]
    assert again.counts() == built.counts()
    assert again.regio_groups("provincie") == built.regio_groups("provincie")


def test_a_start_reads_the_snapshot_until_an_import_changes(own_workspace, builds):
    ws = workspace.Workspace()
    assert workspace.memory_store(ws).counts()["nodes"] and builds == [1]
    assert _keys(ws) == []  # the seed alone is validated at every start: no snapshot
    ws.add([("a.csv", A_CSV.encode())], False, {})
    first = workspace.memory_store(ws)
    assert len(builds) == 2 and len(_keys(ws)) == 1
    again = workspace.memory_store(ws)
    assert len(builds) == 2 and _same(first, again)  # from the snapshot
    assert "Testwerkplaats Noord" in {n.naam for n in again.nodes()}
    assert again.version() != first.version()  # a restored store is a load of its own
    ws.add([("b.csv", B_CSV.encode())], False, {})
    after = workspace.memory_store(ws)
    assert len(builds) == 3 and len(_keys(ws)) == 1  # validated again; only the newest is kept
    assert any(r.type == "ACTIEF_IN" and after.node(r.start).naam == "Testwerkplaats Noord"
               for r in after.relationships())
    for imp in ws.imports():
        ws.remove(imp.id)
    workspace.memory_store(ws)
    assert _keys(ws) == []  # no imports kept, no snapshot of them left behind


def test_a_changed_source_document_means_validating_again(own_workspace, builds, tmp_path, monkeypatch):
    sources = tmp_path / "bronnen"
    shutil.copytree(default_sources_dir(), sources)
    monkeypatch.setenv("LEMNISCAAT_SOURCES", str(sources))
    ws = workspace.Workspace()
    ws.add([("a.csv", A_CSV.encode())], False, {})
    workspace.memory_store(ws)
    workspace.memory_store(ws)
    assert len(builds) == 1
    doc = sorted(p for p in sources.iterdir() if p.is_file())[0]
    doc.write_text(doc.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    workspace.memory_store(ws)
    assert len(builds) == 2


def test_the_key_covers_the_code(tmp_path, monkeypatch):
    (tmp_path / "loaders").mkdir()
    (tmp_path / "graph").mkdir()
    (tmp_path / "graph" / "model.py").write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(snapshot, "CODE_ROOT", tmp_path)
    before = snapshot.key([], [])
    (tmp_path / "graph" / "model.py").write_text("A = 2\n", encoding="utf-8")
    assert snapshot.key([], []) != before


@pytest.mark.parametrize("content", [b"", b"geen pickle", b"\x80\x04K\x01."])  # the last: a pickled 1
def test_a_damaged_snapshot_is_validated_again(own_workspace, builds, content):
    ws = workspace.Workspace()
    ws.add([("a.csv", A_CSV.encode())], False, {})
    good = workspace.memory_store(ws)
    (path,) = (ws.root / snapshot.FOLDER).iterdir()
    path.write_bytes(content)
    again = workspace.memory_store(ws)
    assert len(builds) == 2 and _same(good, again)
    assert Path(path).read_bytes() != content  # replaced by a good one


def test_a_store_pickles_without_its_caches():
    import pickle

    from graph.memory_store import MemoryStore
    from graph.model import Dataset, Node

    store = MemoryStore(Dataset({"a": Node("a", "Thema", {"naam": "A"}, ())}, []))
    store.cached("iets", lambda: 1)  # a per-version cache with its lock
    copy = pickle.loads(pickle.dumps(store))
    assert [n.id for n in copy.nodes()] == ["a"] and copy.version() != store.version()
    assert copy.cached("iets", lambda: 2) == 2  # nothing of the old version's caches came along


def test_the_load_keeps_the_snapshot_a_fresh_validation_gives(own_workspace, builds, tmp_path):
    """What `lemniscaat load` validated (the seed, the earlier imports, the new files from the
    user's folder) is kept as the snapshot, and it equals validating the workspace afresh."""
    from graph.memory_store import MemoryStore

    folder = tmp_path / "mijn"
    folder.mkdir()
    (folder / "a.csv").write_text(A_CSV, encoding="utf-8")
    (folder / "b.csv").write_text(B_CSV, encoding="utf-8")
    ws = workspace.Workspace()
    ws.add([("a.csv", A_CSV.encode())], False, {})
    validated, _ = workspace.build(ws, extra=[folder / "b.csv"], prefer_extra=True)
    ws.add([("b.csv", B_CSV.encode())], True, {})
    workspace.keep_snapshot(ws, validated)
    builds.clear()
    kept = workspace.memory_store(ws)
    assert builds == []  # read from the snapshot the load wrote
    assert _same(kept, MemoryStore(workspace.build(ws)[0]))


def test_the_cli_load_writes_the_snapshot(own_workspace, tmp_path):
    import subprocess
    import sys

    (tmp_path / "a.csv").write_text(A_CSV, encoding="utf-8")
    exe = Path(sys.executable).parent / "lemniscaat"
    proc = subprocess.run([str(exe), "load", str(tmp_path / "a.csv")], capture_output=True, text=True,
                          timeout=180, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    ws = workspace.Workspace()
    assert len(_keys(ws)) == 1
    # the app's start (another folder, another process) finds that very snapshot
    assert _keys(ws) == [f"{workspace._snapshot_key(ws, ws.imports())}.pickle"]


def test_the_importeren_page_keeps_what_it_built_as_the_snapshot(own_workspace, builds):
    """ui/importeren.py: adding an import in the app and removing one both leave the snapshot the
    next start reads: no validation then, and the same graph as validating afresh."""
    from graph.memory_store import MemoryStore
    from ui import importeren

    ws = workspace.Workspace()
    store = workspace.memory_store(ws)
    result = importeren.validate_uploads([("a.csv", A_CSV.encode())], workspace=ws, existing=store)
    assert not result.problems
    importeren.apply(store, result.dataset, ws, result)
    assert len(_keys(ws)) == 1
    seen = len(builds)
    started = workspace.memory_store(ws)
    assert len(builds) == seen  # read from the snapshot
    assert _same(started, MemoryStore(workspace.build(ws, imports=ws.imports())[0]))  # = validating afresh
    result = importeren.validate_uploads([("b.csv", B_CSV.encode())], workspace=ws, existing=store)
    importeren.apply(store, result.dataset, ws, result)
    first = ws.imports()[0].id
    with pytest.raises(ValidationError):  # b builds on a: a cannot go first
        importeren.remove(store, ws, first)
    importeren.remove(store, ws, ws.imports()[-1].id)
    seen = len(builds)
    assert _same(workspace.memory_store(ws), store) and len(builds) == seen
    importeren.remove(store, ws, first)
    assert _keys(ws) == []  # no import left: no snapshot
