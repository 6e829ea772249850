"""Bronnen page logic: every publication and the facts (nodes, relationships) that cite it."""
from __future__ import annotations

from graph.model import Node, Relationship

TYPE_NL = {
    "LIGT_IN": "ligt in", "NEEMT_DEEL_AAN": "neemt deel aan", "ONDERSTEUNT": "ondersteunt",
    "ACTIEF_IN": "actief in", "BEHANDELT": "behandelt", "UITGEGEVEN_DOOR": "uitgegeven door",
    "VERWIJST_NAAR": "verwijst naar", "WERKT_SAMEN_MET": "werkt samen met",
    "BETREKT_KENNIS_VAN": "betrekt kennis van", "DRAAGT_BIJ_AAN": "draagt bij aan",
    "KENNISSTROOM": "kennisstroom naar", "BENUT": "benut", "IN_GROOTTEKLASSE": "in grootteklasse",
    "NOEMT": "noemt",
}


def fact_text(rel: Relationship, by_id: dict[str, Node]) -> str:
    a, b = by_id.get(rel.start), by_id.get(rel.end)
    return f"{a.naam if a else rel.start} {TYPE_NL.get(rel.type, rel.type)} {b.naam if b else rel.end}"


# The overview table shows the most cited publications; any other is found by its name.
TOP = 500


def publication_order(store) -> list[tuple[str, str, int]]:
    """(id, naam, facts citing it) of every Publicatie, most cited first, then by naam: from the
    light name list and the store's per-version citation counts, never the whole graph."""
    cited = store.citations()
    rows = [(i, naam, cited.get(i, 0)) for i, naam in store.names("Publicatie")]
    return sorted(rows, key=lambda r: (-r[2], r[1].lower(), r[0]))


def publications(store, top: int = TOP) -> list[dict]:
    """The `top` most cited publications with jaar, soort and bestand (sorted as publication_order)."""
    order = publication_order(store)[:top]
    by_id = {n.id: n for n in store.nodes("Publicatie", ids=[i for i, _, _ in order])}
    rows = []
    for i, naam, feiten in order:
        p = by_id[i].properties if i in by_id else {}
        rows.append({"id": i, "naam": naam, "jaar": p.get("jaar", ""), "soort": p.get("soort", ""),
                     "bestand": p.get("bestand", ""), "feiten": feiten})
    return rows


def citation_count(store, pub: str) -> int:
    """How many facts (nodes and relationships, NOEMT left out) cite `pub`."""
    return store.citations().get(pub, 0)


# At most this many nodes and this many relationships of one publication are read for the page.
FACTS_MAX = 2000


def facts_citing(store, pub: str, limit: int | None = FACTS_MAX) -> list[dict]:
    """Every node and relationship (NOEMT left out: it is derived from these) citing `pub` (the
    first `limit` of each), one row per source: what it states, the file, the lines and the note."""
    nodes, rels = store.citing(pub, limit=limit)
    ends = {x for r in rels for x in (r.start, r.end)}
    by_id = {n.id: n for n in store.nodes(ids=ends)} if ends else {}
    rows = []
    for n in nodes:
        for s in n.sources:
            if s.publication == pub:
                rows.append({"soort": "knoop", "feit": f"{n.naam} ({n.label})", "id": n.id, "file": s.file,
                             "lines": list(s.lines) if s.lines else None, "note": s.note})
    for r in rels:
        for s in r.sources:
            if s.publication == pub:
                rows.append({"soort": "relatie", "feit": fact_text(r, by_id), "id": "|".join(r.key[:3]),
                             "file": s.file, "lines": list(s.lines) if s.lines else None, "note": s.note})
    return sorted(rows, key=lambda r: ((r["lines"] or [0])[0], r["soort"], r["feit"]))
