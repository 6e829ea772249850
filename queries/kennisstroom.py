"""kennisstroom(van, naar) and stroombalans(actor?): how knowledge can travel, and which way
it actually flows.

kennisstroom: the shortest paths (at most MAX_PATHS, in a stable order) between two actors on
the actor knowledge graph. Each step has a direction: the `richting` of an explicit
KENNISSTROOM along that step when the sources state one, otherwise derived from the niveaus of
its ends (lokaal/regionaal → landelijk is `lokaal->landelijk`, optillen; the reverse
`landelijk->lokaal`, vertalen; same side `horizontaal`). `fases`: the lemniscaat phases the
actors on the path contribute to (DRAAGT_BIJ_AAN).

stroombalans: per actor, its explicit flows (in and out) counted by direction.
"""
from __future__ import annotations

from itertools import islice

import networkx as nx

from graph.model import RICHTINGEN
from queries import NamedQuery, Param, register
from queries.projection import ActorIndex, actor_index, direction

MAX_PATHS = 10
COLUMNS = ("pad", "namen", "richtingen", "fases", "lengte")


def _paths(idx: ActorIndex, van: str, naar: str) -> list[dict]:
    g = idx.graph  # built from sorted projections: the same enumeration order on both stores
    if van not in g or naar not in g or van == naar:
        return []
    explicit = {(r["start"], r["end"]): r["richting"] for r in idx.flows}
    try:
        paths = sorted(islice(nx.all_shortest_paths(g, van, naar), 500))[:MAX_PATHS]
    except nx.NetworkXNoPath:
        return []
    out = []
    for path in paths:
        steps = [explicit.get((a, b)) or direction(g.nodes[a]["niveau"], g.nodes[b]["niveau"])
                 for a, b in zip(path, path[1:])]
        out.append({"pad": path, "namen": [g.nodes[x]["naam"] for x in path], "richtingen": steps,
                    "lengte": len(path) - 1})
    return out


def _with_phases(rows: list[dict], phases: list[dict]) -> list[dict]:
    by_actor: dict[str, list[tuple]] = {}
    for p in phases:
        by_actor.setdefault(p["actor"], []).append((p["volgorde"], p["naam"]))
    for row in rows:
        found = sorted({f for a in row["pad"] for f in by_actor.get(a, [])})
        row["fases"] = [naam for _, naam in found]
    return rows


def run(store, p: dict) -> list[dict]:
    rows = _paths(actor_index(store), p["van"], p["naar"])
    ids = {a for r in rows for a in r["pad"]}
    contributes = [r for r in store.facts(["DRAAGT_BIJ_AAN"], around=ids) if r.start in ids] if ids else []
    fases = {n.id: n for n in store.nodes(ids={r.end for r in contributes})}
    phases = [{"actor": r.start, "fase": r.end, "naam": fases[r.end].naam,
               "volgorde": fases[r.end].properties.get("volgorde")} for r in contributes]
    return _with_phases(rows, phases)


QUERY = register(NamedQuery(
    name="kennisstroom",
    title="Hoe kan kennis van A naar B?",
    description="De kortste routes tussen twee actoren, per stap de richting (optillen lokaal->landelijk, "
                "vertalen landelijk->lokaal of horizontaal) en de fasen van de lemniscaat onderweg.",
    params=(Param("van", "actor: id, naam of alias", node=True),
            Param("naar", "actor: id, naam of alias", node=True)),
    columns=COLUMNS,
    run=run,
    examples=({"van": "Wmo-werkplaatsen", "naar": "Movisie"},),
))

BALANCE_COLUMNS = ("actor", "naam", "niveau", *RICHTINGEN, "totaal", "eenrichting")


def balance(flows: list[dict], actor: str | None) -> list[dict]:
    table: dict[str, dict] = {}
    for f in flows:
        for end in ("van", "naar"):
            a = f[end]
            row = table.setdefault(a, {"actor": a, "naam": f[f"{end}_naam"], "niveau": f[f"{end}_niveau"],
                                       **{r: 0 for r in RICHTINGEN}, "totaal": 0})
            row[f["richting"]] += 1
            row["totaal"] += 1
    for row in table.values():
        up, down = row["lokaal->landelijk"], row["landelijk->lokaal"]
        row["eenrichting"] = (up > 0) != (down > 0)
    rows = [r for r in table.values() if actor is None or r["actor"] == actor]
    return sorted(rows, key=lambda r: (-r["totaal"], r["actor"]))


def balance_run(store, p: dict) -> list[dict]:
    return balance(store.cached("flows", lambda: _flows(store)), p.get("actor"))


def _flows(store) -> list[dict]:
    rels = store.facts(["KENNISSTROOM"])
    ends = {n.id: n for n in store.nodes(ids={r.start for r in rels} | {r.end for r in rels})}
    flows = []
    for r in rels:
        a, b = ends[r.start], ends[r.end]
        flows.append({"van": a.id, "van_naam": a.naam, "van_niveau": a.niveau, "naar": b.id,
                      "naar_naam": b.naam, "naar_niveau": b.niveau, "richting": r.properties["richting"]})
    return flows


BALANCE = register(NamedQuery(
    name="stroombalans",
    title="Kennisstromen per actor, naar richting",
    description="Per actor de expliciete kennisstromen uit de bronnen, geteld naar richting; "
                "'eenrichting' als kennis alleen opgetild of alleen vertaald wordt.",
    params=(Param("actor", "actor: id, naam of alias", node=True, required=False),),
    columns=BALANCE_COLUMNS,
    run=balance_run,
    examples=({},),
))
