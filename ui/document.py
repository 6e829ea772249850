"""Logic of the page "Document toevoegen": proposals as table rows, the user's decisions back
as proposals, applying them to the embedded store. Free of Streamlit so it can be tested."""
from __future__ import annotations

import json

from graph.store import GraphStore
from loaders import workspace as ws_mod
from loaders.documents import service
from loaders.documents.proposals import Proposal, default_threshold
from loaders.documents.store import FOLDER, StoredDocument, open_document

OPEN, ACCEPT, REJECT = "open", "aanvaarden", "afwijzen"
BESLUITEN = (OPEN, ACCEPT, REJECT)


def stored_documents(ws: ws_mod.Workspace) -> list[dict]:
    """The documents kept in the workspace: file, original name, titel."""
    folder = ws.root / FOLDER
    out = []
    for meta_path in sorted(folder.glob("doc-*.json")) if folder.is_dir() else []:
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        out.append({"bestand": meta_path.with_suffix(".txt").name, "origineel": meta.get("origineel", ""),
                    "titel": meta.get("titel") or ""})
    return out


def rows(proposals: list[Proposal], threshold: float | None = None, per_soort: bool = False) -> list[dict]:
    """One row per proposal; besluit 'aanvaarden' for those at or above `threshold` (with
    `per_soort`: at or above the default of their kind, proposals.DEFAULT_BY_SOORT)."""
    out = []
    for p in proposals:
        rel = p.soort == "relatie"
        out.append({
            "besluit": ACCEPT if (per_soort and p.confidence >= default_threshold(p.soort))
            or (not per_soort and threshold is not None and p.confidence >= threshold) else OPEN,
            "soort": p.soort,
            "naam / van": p.van if rel else p.naam,
            "type": p.type or "",
            "naar": p.naar or "",
            "omdraaien": False,
            "label": p.label or "",
            "niveau": p.niveau or "",
            "regels": f"{p.lines[0]}-{p.lines[1]}",
            "zekerheid": p.confidence,
            "reden": p.reden,
            "zin": p.zin,
            "sleutel": p.key,
        })
    return out


def _lines(text: str, old: tuple[int, int]) -> tuple[int, int]:
    try:
        parts = [int(x) for x in str(text).replace(" ", "").split("-") if x]
    except ValueError:
        return old
    if len(parts) == 1:
        parts *= 2
    return (parts[0], parts[1]) if len(parts) == 2 and 1 <= parts[0] <= parts[1] else old


def decisions(edited: list[dict], proposals: list[Proposal]) -> tuple[list[Proposal], list[Proposal]]:
    """(accepted, rejected) from the edited rows (matched to proposals by 'sleutel'); an
    edited label, niveau, type, naam, lines or direction is taken over."""
    by_key = {p.key: p for p in proposals}
    accepted, rejected = [], []
    for row in edited:
        p = by_key.get(row.get("sleutel"))
        if p is None or row.get("besluit") not in (ACCEPT, REJECT):
            continue
        if row["besluit"] == REJECT:
            rejected.append(p)
            continue
        q = Proposal(**{**p.__dict__, "properties": dict(p.properties)})
        q.lines = _lines(row.get("regels", ""), p.lines)
        if p.soort == "relatie":
            q.type = (row.get("type") or p.type).strip()
            if row.get("omdraaien"):
                q.van, q.naar, q.van_id, q.naar_id = p.naar, p.van, p.naar_id, p.van_id
        else:
            q.naam = (row.get("naam / van") or p.naam).strip() if p.soort == "nieuwe-knoop" else p.naam
            q.label = (row.get("label") or p.label).strip() if p.soort == "nieuwe-knoop" else p.label
            q.niveau = (row.get("niveau") or p.niveau or "").strip() or None
        accepted.append(q)
    return accepted, rejected


def apply(store: GraphStore, doc: StoredDocument, accepted: list[Proposal], rejected: list[Proposal],
          publicatie: dict, ws: ws_mod.Workspace) -> dict:
    """Keep the accepted proposals as an import in the workspace, then load it into `store`:
    the embedded store is rebuilt (seed plus every kept import); a Neo4j store gets the same
    data on top of what it holds, in one transaction (nodes merge on id), as Importeren loads."""
    return service.accept_into(store, doc, accepted, rejected, publicatie, ws)


__all__ = ["BESLUITEN", "apply", "decisions", "open_document", "rows", "stored_documents"]
