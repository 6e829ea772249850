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


def publications(nodes: list[Node], rels: list[Relationship]) -> list[dict]:
    """Every Publicatie with the number of facts citing it (sorted: most cited first)."""
    counts: dict[str, int] = {}
    for item in list(nodes) + [r for r in rels if r.type != "NOEMT"]:
        for pub in {s.publication for s in item.sources}:
            counts[pub] = counts.get(pub, 0) + 1
    rows = []
    for n in nodes:
        if n.label != "Publicatie":
            continue
        p = n.properties
        rows.append({"id": n.id, "naam": n.naam, "jaar": p.get("jaar", ""), "soort": p.get("soort", ""),
                     "bestand": p.get("bestand", ""), "feiten": counts.get(n.id, 0)})
    return sorted(rows, key=lambda r: (-r["feiten"], r["naam"].lower()))


def facts_citing(nodes: list[Node], rels: list[Relationship], pub: str) -> list[dict]:
    """Every node and relationship (NOEMT left out: it is derived from these) citing `pub`,
    one row per source: what it states, the file, the lines and the note."""
    by_id = {n.id: n for n in nodes}
    rows = []
    for n in nodes:
        for s in n.sources:
            if s.publication == pub:
                rows.append({"soort": "knoop", "feit": f"{n.naam} ({n.label})", "id": n.id, "file": s.file,
                             "lines": list(s.lines) if s.lines else None, "note": s.note})
    for r in rels:
        if r.type == "NOEMT":
            continue
        for s in r.sources:
            if s.publication == pub:
                rows.append({"soort": "relatie", "feit": fact_text(r, by_id), "id": "|".join(r.key[:3]),
                             "file": s.file, "lines": list(s.lines) if s.lines else None, "note": s.note})
    return sorted(rows, key=lambda r: ((r["lines"] or [0])[0], r["soort"], r["feit"]))
