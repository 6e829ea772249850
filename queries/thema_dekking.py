"""thema-dekking(thema): which institutes cover a theme, by which route, with the evidence.

Routes, most direct first: `direct` (the institute BEHANDELT the theme), `publicatie` (a
publication it issued treats the theme), `werkplaats` and `programma` (a werkplaats or
programme it takes part in, supports or works with treats the theme). Each row carries the
path as evidence and the sources of every relationship on it; rows are sorted by route, then
by how many sources back them (most first), then by id.
"""
from __future__ import annotations

import json

from graph.model import sources_to_json
from queries import NamedQuery, Param, register

ROUTES = ("direct", "publicatie", "werkplaats", "programma")
LINK_TYPES = ("NEEMT_DEEL_AAN", "ONDERSTEUNT", "WERKT_SAMEN_MET")
COLUMNS = ("instituut", "naam", "niveau", "route", "via", "evidence", "sources")


def finish(raw: list[dict], thema: str) -> list[dict]:
    """Group raw paths per (institute, route, via); word the evidence; sort."""
    groups: dict[tuple, dict] = {}
    for r in raw:
        key = (r["instituut"], r["route"], r["via"] or "")
        names = {r["instituut"]: r["naam"], thema: r["thema_naam"]}
        if r["via"]:
            names[r["via"]] = r["via_naam"]
        row = groups.setdefault(key, {"instituut": r["instituut"], "naam": r["naam"], "niveau": r["niveau"],
                                      "route": r["route"], "via": r["via_naam"] or "", "evidence": [],
                                      "sources": []})
        for rel in r["rels"]:
            step = f"{names[rel['from']]} —{rel['type']}→ {names[rel['to']]}"
            if step not in row["evidence"]:
                row["evidence"].append(step)
            for s in json.loads(rel["sources"]):
                if s not in row["sources"]:
                    row["sources"].append(s)
    rows = list(groups.values())
    for row in rows:
        row["evidence"].sort()
        row["sources"].sort(key=lambda s: json.dumps(s, sort_keys=True))
    return sorted(rows, key=lambda r: (ROUTES.index(r["route"]), -len(r["sources"]), r["instituut"], r["via"]))


def memory(store, p: dict) -> list[dict]:
    thema = store.node(p["thema"])
    _, rels = store.neighbourhood(thema.id)
    raw = []

    def rel_dict(r):
        return {"type": r.type, "from": r.start, "to": r.end, "sources": sources_to_json(r.sources)}

    for r in rels:
        if r.type != "BEHANDELT" or r.end != thema.id:
            continue
        src = store.node(r.start)
        if src.label == "Instituut":
            raw.append({"instituut": src.id, "naam": src.naam, "niveau": src.niveau, "route": "direct",
                        "via": None, "via_naam": None, "thema_naam": thema.naam, "rels": [rel_dict(r)]})
            continue
        if src.label not in ("Publicatie", "Werkplaats", "Programma"):
            continue
        route = src.label.lower()
        _, links = store.neighbourhood(src.id)
        for u in links:
            if src.label == "Publicatie":
                ok = u.type == "UITGEGEVEN_DOOR" and u.start == src.id
                other = u.end
            else:
                ok = u.type in LINK_TYPES and src.id in (u.start, u.end)
                other = u.end if u.start == src.id else u.start
            if not ok:
                continue
            inst = store.node(other)
            if inst.label != "Instituut":
                continue
            raw.append({"instituut": inst.id, "naam": inst.naam, "niveau": inst.niveau, "route": route,
                        "via": src.id, "via_naam": src.naam, "thema_naam": thema.naam,
                        "rels": [rel_dict(u), rel_dict(r)]})
    return finish(raw, thema.id)


def neo4j(store, p: dict) -> list[dict]:
    return finish(store._read(QUERY.cypher(), thema=p["thema"]), p["thema"])


QUERY = register(NamedQuery(
    name="thema-dekking",
    title="Wie dekt dit thema?",
    description="Instituten die het thema behandelen: direct, via een publicatie, een werkplaats of een "
                "programma; met het pad als bewijs en de bronnen.",
    params=(Param("thema", "thema: id, naam of alias", label="Thema"),),
    columns=COLUMNS,
    memory=memory,
    neo4j=neo4j,
    cypher_files=("thema_dekking.cypher",),
    examples=({"thema": "jeugd"},),
))
