"""Regio and Thema page logic: pure functions over nodes and relationships."""
from __future__ import annotations

from graph.model import Node, Relationship
from ui.filters import members

LOCAL_NIVEAUS = ("lokaal", "regionaal")


def regio_gemeenten(nodes: list[Node], rels: list[Relationship], regio: str) -> list[Node]:
    inside = members(rels, regio)
    return sorted((n for n in nodes if n.id in inside and n.label == "Gemeente"), key=lambda n: n.naam)


def regio_actief(nodes: list[Node], rels: list[Relationship], regio: str) -> list[Node]:
    by_id = {n.id: n for n in nodes}
    ids = {r.start for r in rels if r.type == "ACTIEF_IN" and r.end == regio}
    return sorted((by_id[i] for i in ids), key=lambda n: n.naam)


def regio_themas(nodes: list[Node], rels: list[Relationship], regio: str,
                 schakelpunten: list[str]) -> tuple[list[dict], list[Node]]:
    """Themes covered for the regio — by the regio itself, its gemeenten, the actors active in
    it (`in de regio`) or one of its schakelpunten (`via schakelpunt`) — and the themes not
    covered. Covered rows: thema id/naam, route, door (names)."""
    by_id = {n.id: n for n in nodes}
    own = {regio} | members(rels, regio) | {r.start for r in rels if r.type == "ACTIEF_IN" and r.end == regio}
    via = set(schakelpunten) - own
    covered: dict[str, dict] = {}
    for r in rels:
        if r.type != "BEHANDELT" or r.end not in by_id:
            continue
        if r.start in own:
            route = "in de regio"
        elif r.start in via:
            route = "via schakelpunt"
        else:
            continue
        row = covered.setdefault(r.end, {"thema": r.end, "naam": by_id[r.end].naam, "route": route, "door": set()})
        if route == "in de regio":
            row["route"] = route
        row["door"].add(by_id[r.start].naam)
    rows = [{**row, "door": sorted(row["door"])} for row in covered.values()]
    rows.sort(key=lambda r: (r["route"] != "in de regio", r["naam"].lower()))
    missing = sorted((n for n in nodes if n.label == "Thema" and n.id not in covered), key=lambda n: n.naam.lower())
    return rows, missing


def regios_without_regional_actor(nodes: list[Node], rels: list[Relationship], thema: str) -> list[dict]:
    """For a thema: the regio's where no lokaal or regionaal actor of the regio (the regio, its
    gemeenten, the actors active in it) treats the thema. Rows: regio id, naam, soort."""
    by_id = {n.id: n for n in nodes}
    treats = {r.start for r in rels if r.type == "BEHANDELT" and r.end == thema}
    out = []
    for reg in sorted((n for n in nodes if n.label == "Regio"), key=lambda n: n.naam):
        own = {reg.id} | members(rels, reg.id) | {r.start for r in rels if r.type == "ACTIEF_IN" and r.end == reg.id}
        local = {i for i in own if by_id[i].niveau in LOCAL_NIVEAUS}
        if not local & treats:
            out.append({"regio": reg.id, "naam": reg.naam, "soort": reg.properties.get("soort", "")})
    return out
