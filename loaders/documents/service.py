"""What the CLI and the page share: add a document, propose, decide."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from graph.model import Node
from graph.store import GraphStore

from loaders import workspace
from loaders.documents.accept import accept
from loaders.documents.extract import DocumentError
from loaders.documents.proposals import Proposal, default_threshold, guess_publication, propose
from loaders.documents.store import StoredDocument, store_document

DECISIONS = {"aanvaard": True, "aanvaarden": True, "ja": True, "afgewezen": False, "afwijzen": False, "nee": False}


def prepare(name: str, data: bytes, ws: workspace.Workspace | None = None,
            publicatie: dict | None = None) -> tuple[StoredDocument, dict]:
    """Store the document (once: the name derives from the text); its Publicatie details
    (given, kept, guessed)."""
    ws = ws or workspace.Workspace()
    doc = store_document(name, data, ws)
    guess = guess_publication(doc.text)
    pub = {"titel": doc.meta.get("titel") or guess["titel"], "jaar": doc.meta.get("jaar") or guess["jaar"],
           "uitgever": doc.meta.get("uitgever")}
    pub |= {k: v for k, v in (publicatie or {}).items() if v not in (None, "")}
    return doc, pub


def proposals_for(doc: StoredDocument, titel: str | None, nodes: Iterable[Node]) -> list[Proposal]:
    """The document's proposals against `nodes`, without those decided before."""
    return propose(doc.text, doc.file, nodes, titel, doc.decided())


def add(name: str, data: bytes, ws: workspace.Workspace | None = None,
        publicatie: dict | None = None) -> tuple[StoredDocument, list[Proposal], dict]:
    """Store the document; its proposals against the embedded store's graph (seed plus every
    kept import), without those decided before; the Publicatie details (given, kept, guessed)."""
    ws = ws or workspace.Workspace()
    doc, pub = prepare(name, data, ws, publicatie)
    return doc, proposals_for(doc, pub["titel"], workspace.dataset(ws).nodes.values()), pub


def read_path(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"'{path}' is niet leesbaar: {exc.strerror or exc}") from None


def decisions_from_file(path: Path, proposals: list[Proposal]) -> tuple[list[Proposal], list[Proposal]]:
    """(accepted, rejected) from a JSON list as `document add --json` prints it, each with a
    field "besluit": "aanvaard" or "afgewezen" (others are left open). Edited fields count."""
    try:
        items = json.loads(read_path(path).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DocumentError(f"'{path}' is geen geldige JSON ({exc})") from None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise DocumentError(f"'{path}': verwacht een lijst van voorstellen (zoals `document add --json` ze geeft)")
    accepted, rejected = [], []
    for n, item in enumerate(items, 1):
        besluit = str(item.get("besluit", "")).strip().lower()
        if not besluit:
            continue
        if besluit not in DECISIONS:
            raise DocumentError(f"'{path}', voorstel {n}: besluit '{besluit}' onbekend; gebruik aanvaard of afgewezen")
        try:
            p = Proposal.from_json(item)
        except (TypeError, ValueError) as exc:
            raise DocumentError(f"'{path}', voorstel {n} is onvolledig ({exc})") from None
        (accepted if DECISIONS[besluit] else rejected).append(p)
    return accepted, rejected


def accept_into(store: GraphStore, doc: StoredDocument, accepted: list[Proposal], rejected: list[Proposal],
                publicatie: dict, ws: workspace.Workspace | None = None) -> dict:
    """Accept as one import (`accept`) and put it in `store`, the one path of the CLI and the
    page. Neo4j: the validated data (seed, kept imports and this one) in one load, one
    transaction, on top of what the database holds (nodes merge on id), before the import is
    kept: when Neo4j refuses, nothing is kept. The embedded store is rebuilt from the workspace
    after the import is kept."""
    ws = ws or workspace.Workspace()
    if store.name == "memory":
        result = accept(doc, accepted, rejected, publicatie, ws)
        if result["import"] is not None or accepted:
            store.load(workspace.dataset(ws), reset=True)
        return result
    return accept(doc, accepted, rejected, publicatie, ws, before_keep=lambda dataset: store.load(dataset, reset=False))


def above_default(proposals: list[Proposal], threshold: float | None = None) -> list[Proposal]:
    """The proposals at or above `threshold`, or without one the default of their kind
    (proposals.DEFAULT_BY_SOORT)."""
    return [p for p in proposals if p.confidence >= default_threshold(p.soort, threshold)]


__all__ = ["accept", "accept_into", "add", "prepare", "proposals_for", "above_default", "decisions_from_file", "read_path"]
