"""kennisstroom(van, naar) and stroombalans(actor?): how knowledge can travel, and which way
it actually flows.

kennisstroom: the shortest paths (at most MAX_PATHS, in a stable order) between two actors on
the actor knowledge graph. Each step has a direction: the `richting` of an explicit
KENNISSTROOM along that step when the sources state one, otherwise derived from the niveaus of
its ends (lokaal/regionaal → landelijk is `lokaal->landelijk`, optillen; the reverse
`landelijk->lokaal`, vertalen; same side `horizontaal`). `fases`: the lemniscaat phases the
actors on the path contribute to (DRAAGT_BIJ_AAN).

Groups (queries/groups.py): the paths run on the knowledge graph with the tied actor groups as
nodes, so a route may go member → group → X; such a step has richting `lidmaatschap`. `grond`
is `eigen` for a path without a group, else `via groep <naam>`, and `bronnen` give the sources
of every step into and out of a group (membership, derived or stated, and the group's tie).

stroombalans: per actor (or group) and ground, its explicit flows (in and out) counted by
direction: one row for the flows stated for the actor itself (`eigen`) and one for each group
it belongs to that has flows (`via groep <naam>`), with the sources of those flows and of the
membership. `eenrichting`: on that ground knowledge only goes up or only down (`wederzijds`
counts as both).
"""
from __future__ import annotations

from graph.model import RICHTINGEN
from queries import NamedQuery, Param, register
from queries.groups import MEMBERSHIP, MEMBERSHIP_STEP, GroupIndex, RouteGraph, applied_flows, directions, \
    grond, group_index, route_graph
from queries.projection import direction

MAX_PATHS = 10
COLUMNS = ("pad", "namen", "richtingen", "fases", "lengte", "grond", "bronnen")
SYMMETRIC = ("horizontaal", "wederzijds")


def _paths(rg: RouteGraph, van: str, naar: str) -> list[dict]:
    g = rg.graph  # built from sorted projections: the same enumeration order on both stores
    if van not in g or naar not in g or van == naar:
        return []
    explicit: dict[tuple[str, str], str] = {}
    for f in rg.gi.flows:
        explicit.setdefault((f.start, f.end), f.properties["richting"])
    for f in rg.gi.flows:  # a two-way or same-side flow gives its direction both ways
        if f.properties["richting"] in SYMMETRIC:
            explicit.setdefault((f.end, f.start), f.properties["richting"])

    def step(a: str, b: str) -> str:
        if g.edges[a, b]["types"] == (MEMBERSHIP,):
            return MEMBERSHIP_STEP
        return explicit.get(tuple(rg.ids([a, b]))) or direction(g.nodes[a]["niveau"], g.nodes[b]["niveau"])
    paths = sorted(rg.shortest_paths(van, naar))[:MAX_PATHS]
    out = []
    for path in paths:
        steps = [step(a, b) for a, b in zip(path, path[1:])]
        ground, bronnen = rg.path_ground(path)
        out.append({"pad": rg.ids(path), "namen": [g.nodes[x]["naam"] for x in path], "richtingen": steps,
                    "lengte": len(path) - 1, "grond": ground, "bronnen": bronnen})
    return out


def _with_phases(rows: list[dict], phases: list[dict]) -> list[dict]:
    by_actor: dict[str, list[tuple]] = {}
    for p in phases:
        by_actor.setdefault(p["actor"], []).append((p["volgorde"], p["naam"]))
    for row in rows:
        found = sorted({f for a in row["pad"] for f in by_actor.get(a, [])})
        row["fases"] = [naam for _, naam in found]
    return [{c: row[c] for c in COLUMNS} for row in rows]


def run(store, p: dict) -> list[dict]:
    rows = _paths(route_graph(store), p["van"], p["naar"])
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
                "vertalen landelijk->lokaal, horizontaal of wederzijds; 'lidmaatschap' voor een stap tussen een "
                "actor en haar groep) en de fasen van de lemniscaat onderweg; 'grond': eigen of via welke groep.",
    params=(Param("van", "actor: id, naam of alias", node=True),
            Param("naar", "actor: id, naam of alias", node=True)),
    columns=COLUMNS,
    run=run,
    examples=({"van": "Wmo-werkplaatsen", "naar": "Movisie"},),
))

BALANCE_COLUMNS = ("actor", "naam", "label", "niveau", "grond", *RICHTINGEN, "totaal", "eenrichting", "bronnen")


def balance(gi: GroupIndex, actor: str | None) -> list[dict]:
    """One row per (subject, ground): the flows stated for the subject itself, and those of
    each group it belongs to (queries/groups.py: applied_flows)."""
    table: dict[tuple[str, str], dict] = {}
    for ap in applied_flows(gi):
        if actor is not None and ap.subject != actor:
            continue
        n = gi.by_id[ap.subject]
        row = table.get((ap.subject, ap.group or ""))
        if row is None:
            row = table[(ap.subject, ap.group or "")] = {
                "actor": n["id"], "naam": n["naam"], "label": n["label"], "niveau": n["niveau"],
                "grond": grond(gi.naam(ap.group) if ap.group else None), **{r: 0 for r in RICHTINGEN}, "totaal": 0, "eenrichting": False,
                "bronnen": gi.membership_sources(ap.subject, ap.group) if ap.group else []}
        row[ap.flow.properties["richting"]] += 1
        row["totaal"] += 1
        row["bronnen"] += gi.fact_sources(ap.flow)
    for row in table.values():
        ways = set().union(*(directions(r) for r in RICHTINGEN if row[r]))
        row["eenrichting"] = ("lokaal->landelijk" in ways) != ("landelijk->lokaal" in ways)
        row["bronnen"] = list(dict.fromkeys(row["bronnen"]))
    return sorted(table.values(), key=lambda r: (-r["totaal"], r["actor"], r["grond"] != "eigen", r["grond"]))


def balance_run(store, p: dict) -> list[dict]:
    return balance(group_index(store), p.get("actor"))


BALANCE = register(NamedQuery(
    name="stroombalans",
    title="Kennisstromen per actor, naar richting",
    description="Per actor de expliciete kennisstromen uit de bronnen, geteld naar richting, apart per grond: "
                "eigen stromen en stromen van elke groep waartoe de actor hoort (met de bron van het lidmaatschap); "
                "'eenrichting' als kennis op die grond alleen opgetild of alleen vertaald wordt "
                "(wederzijds telt als beide).",
    params=(Param("actor", "actor: id, naam of alias", node=True, required=False),),
    columns=BALANCE_COLUMNS,
    run=balance_run,
    examples=({},),
))
