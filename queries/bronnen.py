"""bronnen(id) or bronnen(relatie): the sources of any fact.

`id`: a node by id, naam or alias. `relatie`: a relationship written `van|TYPE|naar` (ends by
id, naam or alias); every relationship of that type between those ends counts. Rows: the
publication, its naam, the source file and line span (null for reference sources), the note.
"""
from __future__ import annotations

import json

from graph.errors import QueryError
from graph.model import RELATIONSHIP_TYPES, sources_to_json
from queries import NamedQuery, Param, register

COLUMNS = ("publicatie", "publicatie_naam", "file", "lines", "note")


def parse_relatie(store, text: str) -> tuple[str, str, str]:
    parts = [x.strip() for x in text.split("|")]
    if len(parts) != 3 or parts[1] not in RELATIONSHIP_TYPES:
        raise QueryError(f"relatie moet 'van|TYPE|naar' zijn met TYPE een van {', '.join(RELATIONSHIP_TYPES)}")
    return store.resolve(parts[0]).id, parts[1], store.resolve(parts[2]).id


def finish(source_lists: list[str], names: dict[str, str]) -> list[dict]:
    rows = {}
    for text in source_lists:
        for s in json.loads(text):
            key = json.dumps(s, sort_keys=True)
            rows[key] = {"publicatie": s["publication"], "publicatie_naam": names.get(s["publication"], ""),
                         "file": s["file"], "lines": s["lines"], "note": s["note"]}
    return sorted(rows.values(), key=lambda r: (r["publicatie"], r["file"] or "", r["lines"] or [], r["note"]))


def _target(store, p: dict) -> tuple[str, dict]:
    if p.get("id"):
        return "node", {"id": p["id"]}
    van, rtype, naar = parse_relatie(store, p["relatie"])
    return "relatie", {"van": van, "type": rtype, "naar": naar}


def memory(store, p: dict) -> list[dict]:
    kind, t = _target(store, p)
    if kind == "node":
        lists = [sources_to_json(store.node(t["id"]).sources)]
    else:
        _, rels = store.neighbourhood(t["van"])
        lists = [sources_to_json(r.sources) for r in rels
                 if r.type == t["type"] and r.start == t["van"] and r.end == t["naar"]]
    pubs = {s["publication"] for x in lists for s in json.loads(x)}
    names = {i: store.node(i).naam for i in pubs if store.node(i)}
    return finish(lists, names)


def neo4j(store, p: dict) -> list[dict]:
    kind, t = _target(store, p)
    params = {"kind": kind, "id": None, "van": None, "naar": None, "type": None, **t}
    lists = [r["sources"] for r in store._read(QUERY.cypher(), **params)]
    pubs = sorted({s["publication"] for x in lists for s in json.loads(x)})
    names = {r["id"]: r["naam"] for r in store._read(QUERY.cypher("publicatie_namen.cypher"), ids=pubs)}
    return finish(lists, names)


QUERY = register(NamedQuery(
    name="bronnen",
    title="Bronnen van een feit",
    description="Waar een knoop of relatie vandaan komt: publicatie, bestand, regels en een toelichting.",
    params=(Param("id", "knoop: id, naam of alias", node=True, required=False),
            Param("relatie", "relatie als 'van|TYPE|naar'", required=False)),
    columns=COLUMNS,
    memory=memory,
    neo4j=neo4j,
    cypher_files=("bronnen.cypher", "publicatie_namen.cypher"),
    alternatives=(("id",), ("relatie",)),
    examples=({"id": "NJi"}, {"relatie": "Wmo-werkplaatsen|KENNISSTROOM|Movisie"}),
))
