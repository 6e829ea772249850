"""bronnen(id) or bronnen(relatie): the sources of any fact.

`id`: a node by id, naam or alias. `relatie`: a relationship written `van|TYPE|naar` (ends by
id, naam or alias); every relationship of that type between those ends counts. Rows: the
publication, its naam, the source file and line span (null for reference sources), the note.
"""
from __future__ import annotations

import json

from graph.errors import QueryError
from graph.model import RELATIONSHIP_TYPES
from queries import NamedQuery, Param, register

COLUMNS = ("publicatie", "publicatie_naam", "file", "lines", "note")


def parse_relatie(store, text: str) -> tuple[str, str, str]:
    parts = [x.strip() for x in text.split("|")]
    if len(parts) != 3 or parts[1] not in RELATIONSHIP_TYPES:
        raise QueryError(f"relatie moet 'van|TYPE|naar' zijn met TYPE een van {', '.join(RELATIONSHIP_TYPES)}")
    return store.resolve(parts[0]).id, parts[1], store.resolve(parts[2]).id


def run(store, p: dict) -> list[dict]:
    if p.get("id"):
        sources = list(store.node(p["id"]).sources)
    else:
        van, rtype, naar = parse_relatie(store, p["relatie"])
        sources = [s for r in store.facts([rtype], around=[van]) if r.start == van and r.end == naar
                   for s in r.sources]
    names = {n.id: n.naam for n in store.nodes("Publicatie", ids={s.publication for s in sources})}
    rows = {}
    for s in sources:
        rows[json.dumps(s.to_dict(), sort_keys=True)] = {
            "publicatie": s.publication, "publicatie_naam": names.get(s.publication, ""), "file": s.file,
            "lines": list(s.lines) if s.lines else None, "note": s.note}
    return sorted(rows.values(), key=lambda r: (r["publicatie"], r["file"] or "", r["lines"] or [], r["note"]))


QUERY = register(NamedQuery(
    name="bronnen",
    title="Bronnen van een feit",
    description="Waar een knoop of relatie vandaan komt: publicatie, bestand, regels en een toelichting.",
    params=(Param("id", "knoop: id, naam of alias", node=True, required=False),
            Param("relatie", "relatie als 'van|TYPE|naar'", required=False)),
    columns=COLUMNS,
    run=run,
    alternatives=(("id",), ("relatie",)),
    examples=({"id": "NJi"}, {"relatie": "Wmo-werkplaatsen|KENNISSTROOM|Movisie"}),
))
