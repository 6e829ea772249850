"""hiaten(regio?, thema?): the gaps of DESIGN §7, each with its kind, subject, a Dutch
explanation and the evidence.

Kinds (in this order):
- `thema-zonder-regionale-actor`: a theme landelijk actors treat, but no lokaal or regionaal actor.
- `lokale-behoefte-zonder-instituut`: a theme gemeenten work on that no institute covers by
  any thema-dekking route (direct, publicatie, werkplaats, programma).
- `regio-zonder-schakelpunt`: a regio whose local actors reach the landelijk cycle through no
  one (schakelpunten is empty).
- `geisoleerde-gemeente`: a gemeente with no knowledge tie to any actor (only its regio's).
- `eenrichtingsstroom`: an actor whose explicit flows go only up (lokaal->landelijk) or only
  down (landelijk->lokaal); `wederzijds` counts as both.
- `fase-zonder-actor`: a lemniscaat phase no (relevant) actor or actor group contributes to.
A `regio` filter keeps the gaps about that regio and its actors; a `thema` filter the gaps
about that theme and the actors treating it. Kinds a filter cannot apply to are left out.

Groups (queries/groups.py, the rule the flow queries share): `regio-zonder-schakelpunt` asks the
same graph as schakelpunten (routes through tied groups count). `eenrichtingsstroom` judges an
actor with flows of its own on all its grounds together (its own flows and those of its groups),
and a group on the flows stated for it; a member without flows of its own is not listed again
(its group's row says it, with how many members it applies to). `fase-zonder-actor` counts
groups too: a group that contributes counts under a regio or thema filter when one of its
members is in that regio or treats that thema, and the row says so (not a contribution about
some members only, `leden: enkele`: it counts only without a filter; queries/groups.py).
`geisoleerde-gemeente` stays about the gemeente's own ties; its uitleg names the groups through which knowledge does
reach it. Each row says its `grond` and, where it rests on flows, `bronnen`.
"""
from __future__ import annotations

from queries import NamedQuery, Param, register
from queries.groups import GroupIndex, RouteGraph, applied_flows, applies_to_members, directions, group_index, \
    route_graph
from queries.projection import SIDE, ActorIndex, actor_index
from queries.rules import theme_cover, theme_coverers
from queries.schakelpunten import reach

KINDS = ("thema-zonder-regionale-actor", "lokale-behoefte-zonder-instituut", "regio-zonder-schakelpunt",
         "geisoleerde-gemeente", "eenrichtingsstroom", "fase-zonder-actor")
COLUMNS = ("soort", "subject", "subject_naam", "uitleg", "evidence", "grond", "bronnen")
UP, DOWN = "lokaal->landelijk", "landelijk->lokaal"


def _row(kind, subject, naam, uitleg, evidence, grond="eigen", bronnen=()):
    return {"soort": kind, "subject": subject, "subject_naam": naam, "uitleg": uitleg,
            "evidence": sorted(evidence), "grond": grond, "bronnen": list(bronnen)}


def theme_maps(store, idx: ActorIndex, thema: str | None = None) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(theme -> actors treating it, theme -> institutes covering it by any thema-dekking route),
    for every theme, or for `thema` only. Read light (GraphStore.ends): at national scale every
    theme means 133k BEHANDELT facts, whose sources no gap needs."""
    if thema is None:
        treated = store.ends(["BEHANDELT"])
        treats_ends = [(a, b) for _, a, b in treated]
        cover = theme_coverers(store, treated)
    else:
        treats_ends = [(r.start, r.end) for r in store.facts(["BEHANDELT"], around=[thema]) if r.end == thema]
        cover = {}
        for c in theme_cover(store, [thema])[0]:
            cover.setdefault(c.thema, set()).add(c.instituut)
    treats: dict[str, set[str]] = {}
    for a, b in treats_ends:
        if a in idx.by_id:
            treats.setdefault(b, set()).add(a)
    return treats, cover


def gather(store) -> dict:
    """The facts besides the actor projection: the themes, the phases, who contributes to them."""
    return {
        "themas": [{"id": n.id, "naam": n.naam} for n in store.nodes("Thema")],
        "fases": [{"id": n.id, "naam": n.naam, "volgorde": n.properties.get("volgorde")} for n in store.nodes("Fase")],
        "draagt": [{"actor": r.start, "fase": r.end, "leden": applies_to_members(r)}
                   for r in store.facts(["DRAAGT_BIJ_AAN"])],
        "groepen": {n.id: n.naam for n in store.nodes("Actorgroep")},
    }


def compute(facts: dict, idx: ActorIndex, regio: str | None, thema: str | None,
            maps, gi: GroupIndex, rg: RouteGraph) -> list[dict]:
    """The gaps. `maps()` gives theme_maps' pair for every theme (thema None) or for `thema`;
    it is called only when a kind about themes is asked (not under a regio filter alone)."""
    nodes, rels, by_id, g = idx.nodes, idx.rels, idx.by_id, idx.graph
    themas = {t["id"]: t["naam"] for t in facts["themas"]}
    rows: list[dict] = []
    treats, cover = maps() if (thema or not regio) else ({}, {})

    regio_actors = None
    if regio:
        regio_actors = idx.local_of(regio) | {regio}
    thema_actors = treats.get(thema, set()) if thema else None

    def relevant(actor: str) -> bool:
        return (regio_actors is None or actor in regio_actors) and (thema_actors is None or actor in thema_actors)

    if not regio:
        for t in sorted(themas):
            if thema and t != thema:
                continue
            coverers = treats.get(t, set())
            national = {a for a in coverers if SIDE.get(by_id[a]["niveau"]) == "landelijk"}
            local = coverers - national
            if national and not local:
                rows.append(_row(KINDS[0], t, themas[t],
                                 f"{len(national)} landelijke actor(en) behandelen dit thema, maar geen lokale of "
                                 "regionale actor in de bronnen.", [by_id[a]["naam"] for a in national]))
        for t in sorted(themas):
            if thema and t != thema:
                continue
            gemeenten = {a for a in treats.get(t, set()) if by_id[a]["label"] == "Gemeente"}
            if gemeenten and not cover.get(t):
                rows.append(_row(KINDS[1], t, themas[t],
                                 f"{len(gemeenten)} gemeente(n) werken aan dit thema, maar geen instituut dekt het "
                                 "(direct, via publicatie, werkplaats of programma).",
                                 [by_id[a]["naam"] for a in gemeenten]))

    if not thema:
        regios = [regio] if regio else sorted(n["id"] for n in nodes if n["label"] == "Regio")
        for r in regios:
            local = idx.local_of(r)
            has, pairs = reach(rg, local)
            if has:
                continue
            if not local:
                uitleg = "Geen gemeenten of lokale actoren van deze regio in de bronnen; geen schakelpunt te bepalen."
            elif not pairs:
                uitleg = (f"{len(local)} lokale actor(en), maar geen enkele route naar een landelijke actor: "
                          "er is geen kennisschakelpunt.")
            else:
                uitleg = f"{len(local)} lokale actor(en) zijn rechtstreeks landelijk verbonden, zonder schakelpunt ertussen."
            rows.append(_row(KINDS[2], r, by_id[r]["naam"], uitleg, [by_id[a]["naam"] for a in local],
                             "eigen en via groepen"))
        in_regio = idx.members(regio) if regio else None
        lies_in: dict[str, list[str]] = {}  # gemeente -> the regio's it lies in (one pass, not one per gemeente)
        for rel in rels:
            if rel["type"] == "LIGT_IN":
                lies_in.setdefault(rel["start"], []).append(rel["end"])
        for n in sorted(nodes, key=lambda n: n["id"]):
            if n["label"] != "Gemeente" or (in_regio is not None and n["id"] not in in_regio):
                continue
            if g.degree(n["id"]) == 0:
                lies = sorted(by_id[e]["naam"] for e in lies_in.get(n["id"], ()))
                via = [gi.naam(x) for x in gi.groups_of.get(n["id"], ()) if x in rg.graph]
                also = (f" Wel bereikt kennis haar via de groep(en) {', '.join(via)}." if via else "")
                rows.append(_row(KINDS[3], n["id"], n["naam"],
                                 "Deze gemeente heeft in de bronnen geen eigen kennisrelatie met een andere actor; "
                                 "alleen de regio('s) waarin ze ligt." + also, lies))

    rows += one_way(gi, regio_actors, thema_actors, relevant)

    def relevant_group(group: str, to_members: bool = True) -> bool:
        # a fact about some members only (leden: enkele) says nothing about the members in a filter
        return all(gi.relevant_group(group, s) if to_members else s is None for s in (regio_actors, thema_actors))

    contributes: dict[str, set[str]] = {}
    for d in facts["draagt"]:
        counted = (relevant_group(d["actor"], d["leden"]) if d["actor"] in facts["groepen"]
                   else relevant(d["actor"]))
        if counted:
            contributes.setdefault(d["fase"], set()).add(d["actor"])
    scope = " voor deze regio" if regio else ""
    scope += " voor dit thema" if thema else ""
    groups_too = (" (een actorgroep telt mee als een van haar leden in deze regio ligt of actief is, "
                  "of het thema behandelt)" if scope else "")
    for f in sorted(facts["fases"], key=lambda f: f["volgorde"]):
        if not contributes.get(f["id"]):
            rows.append(_row(KINDS[5], f["id"], f["naam"],
                             f"Geen actor of actorgroep{scope} draagt volgens de bronnen bij aan deze fase van de "
                             f"lemniscaat{groups_too}.", [], "eigen en via groepen"))
    return sorted(rows, key=lambda r: (KINDS.index(r["soort"]), r["subject"]))


def one_way(gi: GroupIndex, regio_actors: set[str] | None, thema_actors: set[str] | None, relevant) -> list[dict]:
    """`eenrichtingsstroom`: actors with flows of their own, judged on all their grounds; groups
    on their own flows (see the module docstring)."""
    by_subject: dict[str, list] = {}
    for ap in applied_flows(gi):
        by_subject.setdefault(ap.subject, []).append(ap)
    rows = []
    for a in sorted(by_subject):
        aps = by_subject[a]
        is_group = a in gi.groups
        if is_group:
            aps = [ap for ap in aps if ap.group is None]
            if not all(gi.relevant_group(a, s) if any(applies_to_members(ap.flow) for ap in aps) else s is None
                       for s in (regio_actors, thema_actors)):
                continue
        elif not relevant(a) or all(ap.group is not None for ap in aps):
            continue
        ways = set().union(*(directions(ap.flow.properties["richting"]) for ap in aps))
        if (UP in ways) == (DOWN in ways):
            continue
        way = "alleen opgetild (lokaal->landelijk)" if UP in ways else "alleen vertaald (landelijk->lokaal)"
        uitleg = f"Kennis stroomt hier in de bronnen {way}, nooit de andere kant op."
        if is_group and not any(applies_to_members(ap.flow) for ap in aps):
            uitleg += " De bronnen spreken hier over enkele, niet genoemde leden; het geldt niet voor elk lid."
        elif is_group:
            inside = [m for m in gi.members_of.get(a, ())
                      if all(s is None or m in s for s in (regio_actors, thema_actors))]
            uitleg += f" Dit geldt via de groep voor {len(inside)} {'lid' if len(inside) == 1 else 'leden'}" + (
                " in dit filter." if regio_actors is not None or thema_actors is not None else ".")
        evidence, bronnen, grounds = [], [], []
        for ap in aps:
            f = ap.flow
            tag = "" if ap.group is None else f" [via groep {gi.naam(ap.group)}]"
            evidence.append(f"{gi.naam(f.start)} → {gi.naam(f.end)} ({f.properties['richting']}){tag}")
            if ap.group is not None:
                bronnen += gi.membership_sources(a, ap.group)
            bronnen += gi.fact_sources(f)
            grounds.append("eigen" if ap.group is None else f"via groep {gi.naam(ap.group)}")
        rows.append(_row(KINDS[4], a, gi.naam(a), uitleg, list(dict.fromkeys(evidence)),
                         "; ".join(dict.fromkeys(sorted(grounds, key=lambda g: (g != "eigen", g)))),
                         dict.fromkeys(bronnen)))
    return rows


def facts_of(store) -> dict:
    """gather(store), once per graph version."""
    return store.cached("hiaten_facts", lambda: gather(store))


def national_maps(store) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """theme_maps for every theme, once per graph version."""
    return store.cached("hiaten_theme_maps", lambda: theme_maps(store, actor_index(store)))


def run(store, p: dict) -> list[dict]:
    # facts and theme maps depend only on the graph: computed once per graph version
    facts = facts_of(store)
    idx = actor_index(store)
    thema = p.get("thema")

    def maps():
        if thema:  # one theme: its own facts, not the national maps
            return store.cached(f"hiaten_theme_maps-{thema}", lambda: theme_maps(store, idx, thema))
        return national_maps(store)
    return compute(facts, idx, p.get("regio"), thema, maps, group_index(store), route_graph(store))


# What the national gaps read, in parts of at most a few seconds at national scale, each cached
# per graph version: the app's warm-up (ui/warmup.py) computes them one by one between page runs.
# The indexes come first: a regio's gaps, kennisschakelpunten and profiles read them too.
INDEXES = (actor_index, group_index, route_graph, facts_of)
PARTS = (*INDEXES, national_maps)


QUERY = register(NamedQuery(
    name="hiaten",
    title="Hiaten in de kennisinfrastructuur",
    description="Waar kennis niet stroomt: thema's zonder regionale actor, lokale behoeften zonder instituut, "
                "regio's zonder schakelpunt, geïsoleerde gemeenten, eenrichtingsstromen en fasen zonder actor. "
                "Stromen en bijdragen van een actorgroep tellen mee voor haar leden ('grond').",
    params=(Param("regio", "regio: id, naam of alias", label="Regio", required=False),
            Param("thema", "thema: id, naam of alias", label="Thema", required=False)),
    columns=COLUMNS,
    run=run,
    examples=({}, {"regio": "Friesland"}, {"thema": "jeugd"}),
    remember=True,  # the Regio page and every profile of a gemeente in the regio ask for it
))
