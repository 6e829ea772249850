"""Logic of the Importeren page: validate uploaded files, preview the change, apply it.

Kept free of Streamlit so it can be tested directly. Uploads go through the same code path as
`lemniscaat validate/load`: `validate_import(seed + files)`, then one store load (all or nothing).
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from graph.errors import Problem, ValidationError
from graph.model import Dataset, merge_datasets
from graph.store import GraphStore
from loaders import workspace as ws_mod
from loaders.excel import write_template_xlsx
from loaders.templates import write_templates
from loaders.user_import import ImportReport
from loaders.validate import display_name, seed_files, validate_import
from loaders.workspace import Import, Workspace


UPLOAD_TYPES = ["csv", "xlsx", "yaml", "yml"]  # what the page's uploader accepts (as `lemniscaat load`)


@dataclass
class ImportResult:
    dataset: Dataset | None = None
    report: ImportReport | None = None
    problems: list[Problem] = field(default_factory=list)
    files: list[tuple[str, bytes]] = field(default_factory=list)  # what the workspace keeps
    counts: dict[str, int] = field(default_factory=dict)  # what this import adds
    duplicate: Import | None = None  # the kept import with the same contents


def kept_imports(workspace: Workspace) -> list[dict]:
    """The workspace's imports as table rows (Dutch column names)."""
    return [{"import": i.id, "datum": i.created, "bestanden": ", ".join(i.files),
             "nieuwe knopen": i.counts.get("nieuwe_knopen", 0), "samengevoegd": i.counts.get("samengevoegd", 0),
             "nieuwe relaties": i.counts.get("nieuwe_relaties", 0)} for i in workspace.imports()]


def remove(store: GraphStore, workspace: Workspace, import_id: str) -> None:
    """Remove a kept import and rebuild the embedded store without it (refused, with the
    problems, when a later import builds on it); the rebuilt store becomes the snapshot."""
    store.load(ws_mod.remove_checked(workspace, import_id), reset=True)
    ws_mod.keep_store_snapshot(workspace, store)


def validate_uploads(files: Iterable[tuple[str, bytes]], prefer_import: bool = False,
                     base: list[Path] | None = None, sources_dir: Path | None = None,
                     existing: GraphStore | None = None, workspace: Workspace | None = None) -> ImportResult:
    """Validate uploaded (name, content) files on top of the seed; problems name the upload.
    `existing`: the store the files will be applied to (they build on the nodes it holds; a
    label it holds otherwise is a problem). `workspace`: the embedded store's workspace; the
    files then build on its kept imports and the result is the seed plus all of them."""
    files = [(ws_mod.safe_name(name), content) for name, content in files]
    if workspace is not None:
        same = workspace.find(ws_mod.content_hash(files))
        if same is not None:
            return ImportResult(files=files, duplicate=same)
    with tempfile.TemporaryDirectory(prefix="lemniscaat-import-") as tmp:
        paths, names = [], {}
        for i, (name, content) in enumerate(files):
            folder = Path(tmp) / str(i)
            folder.mkdir()
            path = folder / name
            path.write_bytes(content)
            paths.append(path)
            names[str(path)] = name
        kept: list[Path] = []
        prefer: bool | set[str] = prefer_import
        if workspace is not None:
            kept = workspace.files()
            prefer = workspace.prefer_files() | ({display_name(p) for p in paths} if prefer_import else set())
        try:
            dataset, report = validate_import([*(seed_files() if base is None else base), *kept, *paths],
                                              sources_dir=sources_dir, prefer_import=prefer,
                                              existing=existing)
        except ValidationError as exc:
            return ImportResult(problems=[_renamed(p, names) for p in exc.problems])
        counts = ws_mod.counts_of(report, paths)
        report.merged = [m for m in report.merged if any(m.file.endswith(p) for p in names)]
        report.conflicts = [c for c in report.conflicts if any(c.file.endswith(p) for p in names)]
    return ImportResult(dataset, _renamed_report(report, names), files=files, counts=counts)


def _renamed(p: Problem, names: dict[str, str]) -> Problem:
    for path, name in names.items():
        if p.file.endswith(path) or p.file == path:
            return Problem(name, p.line, p.code, p.message)
        if path + ":" in p.file:  # a workbook's problems name file:sheet
            return Problem(name + p.file[p.file.index(path + ":") + len(path):], p.line, p.code, p.message)
    return p


def _renamed_report(report: ImportReport, names: dict[str, str]) -> ImportReport:
    from dataclasses import replace

    def fix(item):
        return replace(item, file=next((n for path, n in names.items() if item.file.endswith(path)), item.file))

    report.merged = [fix(m) for m in report.merged]
    report.conflicts = [fix(c) for c in report.conflicts]
    return report


def problem_rows(problems: list[Problem]) -> list[dict]:
    return [{"bestand": p.file, "regel": p.line, "code": p.code, "melding": p.message} for p in problems]


def preview(current: Dataset, incoming: Dataset) -> dict[str, list[dict]]:
    """What applying `incoming` (a non-reset load) would change in a store holding `current`."""
    after = merge_datasets(current, incoming)
    new_nodes = [n for i, n in after.nodes.items() if i not in current.nodes]
    changed = [n for i, n in after.nodes.items() if i in current.nodes and n != current.nodes[i]]
    old_keys = {r.key for r in current.relationships}
    new_rels = [r for r in after.relationships if r.key not in old_keys]
    names = {i: n.naam for i, n in after.nodes.items()}
    return {
        "nieuwe_knopen": [{"id": n.id, "label": n.label, "naam": n.naam, "niveau": n.niveau} for n in new_nodes],
        "gewijzigde_knopen": [{"id": n.id, "label": n.label, "naam": n.naam,
                               "bronnen": len(n.sources) - len(current.nodes[n.id].sources)} for n in changed],
        "nieuwe_relaties": [{"type": r.type, "van": names[r.start], "naar": names[r.end],
                             "bron": r.sources[0].publication if r.sources else ""} for r in new_rels],
    }


def apply(store: GraphStore, dataset: Dataset, workspace: Workspace | None = None,
          result: ImportResult | None = None, prefer_import: bool = False) -> dict[str, dict[str, int]]:
    """One load on top of what the store holds (nodes merge on id); all or nothing. With a
    workspace (the embedded store) the files are kept first, so the import lasts, and the store
    is rebuilt from `dataset` (the seed plus every kept import plus this one) and kept as the
    workspace's snapshot."""
    if workspace is not None and result is not None:
        workspace.add(result.files, prefer_import, result.counts)
        store.load(dataset, reset=True)
        ws_mod.keep_store_snapshot(workspace, store)  # the next start reads it, validates nothing
    else:
        store.load(dataset, reset=False)
    return store.counts()


def template_files() -> dict[str, bytes]:
    """The import templates as the CLI writes them (CSV, YAML, LEESMIJ.md and sjabloon.xlsx)."""
    with tempfile.TemporaryDirectory() as tmp:
        return {p.name: p.read_bytes() for p in [*write_templates(Path(tmp)), write_template_xlsx(Path(tmp))]}
