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
from loaders.templates import write_templates
from loaders.user_import import ImportReport
from loaders.validate import seed_files, validate_import


@dataclass
class ImportResult:
    dataset: Dataset | None = None
    report: ImportReport | None = None
    problems: list[Problem] = field(default_factory=list)


def validate_uploads(files: Iterable[tuple[str, bytes]], prefer_import: bool = False,
                     base: list[Path] | None = None, sources_dir: Path | None = None,
                     existing: GraphStore | None = None) -> ImportResult:
    """Validate uploaded (name, content) files on top of the seed; problems name the upload.
    `existing`: the store the files will be applied to (a label it holds otherwise is a problem)."""
    with tempfile.TemporaryDirectory(prefix="lemniscaat-import-") as tmp:
        paths, names = [], {}
        for i, (name, content) in enumerate(files):
            folder = Path(tmp) / str(i)
            folder.mkdir()
            path = folder / (Path(name).name or "bestand")
            path.write_bytes(content)
            paths.append(path)
            names[str(path)] = Path(name).name
        try:
            dataset, report = validate_import([*(seed_files() if base is None else base), *paths],
                                              sources_dir=sources_dir, prefer_import=prefer_import,
                                              existing=existing)
        except ValidationError as exc:
            return ImportResult(problems=[_renamed(p, names) for p in exc.problems])
    return ImportResult(dataset, _renamed_report(report, names))


def _renamed(p: Problem, names: dict[str, str]) -> Problem:
    for path, name in names.items():
        if p.file.endswith(path) or p.file == path:
            return Problem(name, p.line, p.code, p.message)
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


def apply(store: GraphStore, dataset: Dataset) -> dict[str, dict[str, int]]:
    """One load on top of what the store holds (nodes merge on id); all or nothing."""
    store.load(dataset, reset=False)
    return store.counts()


def template_files() -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        return {p.name: p.read_bytes() for p in write_templates(Path(tmp))}
