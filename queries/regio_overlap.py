"""regio-overlap(a, b) or regio-overlap(soort): what two regio's share.

A regio's actors: its gemeenten (LIGT_IN, also through sub-regio's), the actors active in it
(ACTIEF_IN), and every actor tied to one of those or to the regio itself by a knowledge tie.
Its themes: the themes its gemeenten, its active actors and the regio itself treat. `jaccard`
is the Jaccard index of (actors ∪ themes); the two parts are given separately as well. Shared
gemeenten are gemeenten lying in both regio's (overlapping divisions).
"""
from __future__ import annotations

from graph.model import ACTOR_LABELS, RELATIONSHIP_TYPES
from queries import NamedQuery, Param, register
from queries.projection import NON_KNOWLEDGE_TYPES

KNOWLEDGE_TYPES = tuple(t for t in RELATIONSHIP_TYPES if t not in NON_KNOWLEDGE_TYPES)
COLUMNS = ("a", "a_naam", "b", "b_naam", "jaccard", "jaccard_actoren", "jaccard_themas",
           "gedeelde_actoren", "gedeelde_themas", "gedeelde_gemeenten")


def _jaccard(x: set, y: set) -> float:
    return round(len(x & y) / len(x | y), 4) if x | y else 0.0


def profile_sets(p: dict) -> dict:
    names = {}
    for key in ("gemeenten", "actief", "verbonden", "themas"):
        for item in p[key]:
            names[item["id"]] = item["naam"]
    gemeenten = {x["id"] for x in p["gemeenten"]}
    actors = (gemeenten | {x["id"] for x in p["actief"]} | {x["id"] for x in p["verbonden"]}) - {p["regio"]}
    return {"id": p["regio"], "naam": p["naam"], "gemeenten": gemeenten, "actors": actors,
            "themas": {x["id"] for x in p["themas"]}, "names": names}


def compare(a: dict, b: dict) -> dict:
    names = {**a["names"], **b["names"]}
    shared_actors = a["actors"] & b["actors"]
    shared_themes = a["themas"] & b["themas"]

    def named(ids):
        return sorted(names[i] for i in ids)

    return {
        "a": a["id"], "a_naam": a["naam"], "b": b["id"], "b_naam": b["naam"],
        "jaccard": _jaccard(a["actors"] | a["themas"], b["actors"] | b["themas"]),
        "jaccard_actoren": _jaccard(a["actors"], b["actors"]),
        "jaccard_themas": _jaccard(a["themas"], b["themas"]),
        "gedeelde_actoren": named(shared_actors - a["gemeenten"] - b["gemeenten"]),
        "gedeelde_themas": named(shared_themes),
        "gedeelde_gemeenten": named(a["gemeenten"] & b["gemeenten"]),
    }


def finish(profiles: list[dict], pairs: list[tuple[str, str]]) -> list[dict]:
    sets = {p["regio"]: profile_sets(p) for p in profiles}
    rows = [compare(sets[a], sets[b]) for a, b in pairs]
    return sorted(rows, key=lambda r: (-r["jaccard"], r["a"], r["b"]))


def _pairs(store, p: dict, regio_ids: list[str]) -> list[tuple[str, str]]:
    if p.get("soort"):
        return [(x, y) for i, x in enumerate(regio_ids) for y in regio_ids[i + 1:]]
    return [(p["a"], p["b"])]


def _regio_ids(store, p: dict) -> list[str]:
    if p.get("soort"):
        return [n.id for n in store.nodes("Regio") if n.properties.get("soort") == p["soort"]]
    return sorted({p["a"], p["b"]})


def profiles(store, regios: list[str]) -> list[dict]:
    """Per regio: its gemeenten (the store's membership rule), the actors active in it, the
    actors tied to those or to the regio by a knowledge tie, and the themes they treat."""
    inside = store.members(regios, "LIGT_IN")
    active = [r for r in store.facts(["ACTIEF_IN"], around=regios) if r.end in inside]
    own_of = {r: {r} | set(inside[r]) for r in inside}
    for r in active:
        own_of[r.end].add(r.start)
    all_own = set().union(*own_of.values()) if own_of else set()
    ties = store.facts(KNOWLEDGE_TYPES, around=all_own) if all_own else []
    by_id = {n.id: n for n in store.nodes(ids=all_own | {r.start for r in ties} | {r.end for r in ties})}

    def named(ids) -> list[dict]:
        return [{"id": i, "naam": by_id[i].naam} for i in sorted(ids)]

    out = []
    for regio in sorted(inside):
        own = own_of[regio]
        gemeenten = {m for m in inside[regio] if by_id[m].label == "Gemeente"}
        verbonden, themas = set(), set()
        for t in ties:
            for o, other in ((t.start, t.end), (t.end, t.start)):
                if o in own and by_id[other].label in ACTOR_LABELS:
                    verbonden.add(other)
            if t.type == "BEHANDELT" and t.start in own and by_id[t.end].label == "Thema":
                themas.add(t.end)
        out.append({"regio": regio, "naam": by_id[regio].naam, "soort": by_id[regio].properties.get("soort"),
                    "gemeenten": named(gemeenten), "actief": named({r.start for r in active if r.end == regio}),
                    "verbonden": named(verbonden), "themas": named(themas)})
    return out


def run(store, p: dict) -> list[dict]:
    ids = _regio_ids(store, p)
    return finish(profiles(store, ids), _pairs(store, p, ids))


QUERY = register(NamedQuery(
    name="regio-overlap",
    title="Overlap tussen regio's",
    description="Gedeelde actoren, thema's en gemeenten van twee regio's, of van alle paren regio's van "
                "één soort, met de Jaccard-index van hun actoren en thema's.",
    params=(Param("a", "eerste regio", label="Regio", required=False),
            Param("b", "tweede regio", label="Regio", required=False),
            Param("soort", "soort regio (provincie, jeugdregio, ...)", required=False)),
    columns=COLUMNS,
    run=run,
    alternatives=(("a", "b"), ("soort",)),
    examples=({"soort": "provincie"}, {"a": "Friesland", "b": "Drenthe"}),
))
