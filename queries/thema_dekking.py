"""thema-dekking(thema): which institutes cover a theme, by which route, with the evidence.

Routes, most direct first: `direct` (the institute BEHANDELT the theme), `publicatie` (a
publication it issued treats the theme), `werkplaats` and `programma` (a werkplaats or
programme it takes part in, supports or works with treats the theme). Each row carries the
path as evidence and the sources of every relationship on it; rows are sorted by route, then
by how many sources back them (most first), then by id.
"""
from __future__ import annotations

import json

from queries import NamedQuery, Param, register
from queries.rules import ROUTES, theme_cover

COLUMNS = ("instituut", "naam", "niveau", "route", "via", "evidence", "sources")


def run(store, p: dict) -> list[dict]:
    """Group the covering paths per (institute, route, via); word the evidence; sort."""
    thema = p["thema"]
    covers, names = theme_cover(store, [thema])
    groups: dict[tuple, dict] = {}
    for c in covers:
        inst = names[c.instituut]
        row = groups.setdefault((c.instituut, c.route, c.via or ""), {
            "instituut": inst.id, "naam": inst.naam, "niveau": inst.niveau, "route": c.route,
            "via": names[c.via].naam if c.via else "", "evidence": [], "sources": []})
        for rel in c.rels:
            step = f"{names[rel.start].naam} —{rel.type}→ {names[rel.end].naam}"
            if step not in row["evidence"]:
                row["evidence"].append(step)
            for s in rel.sources:
                if s.to_dict() not in row["sources"]:
                    row["sources"].append(s.to_dict())
    rows = list(groups.values())
    for row in rows:
        row["evidence"].sort()
        row["sources"].sort(key=lambda s: json.dumps(s, sort_keys=True))
    return sorted(rows, key=lambda r: (ROUTES.index(r["route"]), -len(r["sources"]), r["instituut"], r["via"]))


QUERY = register(NamedQuery(
    name="thema-dekking",
    title="Wie dekt dit thema?",
    description="Instituten die het thema behandelen: direct, via een publicatie, een werkplaats of een "
                "programma; met het pad als bewijs en de bronnen.",
    params=(Param("thema", "thema: id, naam of alias", label="Thema"),),
    columns=COLUMNS,
    run=run,
    examples=({"thema": "jeugd"},),
))
