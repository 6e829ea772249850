"""regio-overlap(a, b) or regio-overlap(soort): what two regio's share.

A regio's actors: its gemeenten (LIGT_IN, also through sub-regio's), the actors active in it
(ACTIEF_IN), and every actor tied to one of those or to the regio itself by a knowledge tie.
Its themes: the themes its gemeenten, its active actors and the regio itself treat. `jaccard`
is the Jaccard index of (actors ∪ themes); the two parts are given separately as well. Shared
gemeenten are gemeenten lying in both regio's (overlapping divisions).
"""
from __future__ import annotations

from queries import NamedQuery, Param, register
from queries.projection import NON_KNOWLEDGE_TYPES

ACTORS = ("Gemeente", "Regio", "Werkplaats", "Instituut", "Programma")
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
        ids = sorted(n.id for n in store.nodes("Regio") if n.properties.get("soort") == p["soort"])
        return ids
    return sorted({p["a"], p["b"]})


def memory_profile(store, regio: str) -> dict:
    r = store.node(regio)
    names = lambda n: {"id": n.id, "naam": n.naam}  # noqa: E731
    gemeenten, frontier, seen = [], [regio], {regio}
    for _ in range(4):  # LIGT_IN*1..4, as in the Cypher
        nxt = []
        for f in frontier:
            nodes, rels = store.neighbourhood(f)
            by_id = {n.id: n for n in nodes}
            for rel in rels:
                if rel.type == "LIGT_IN" and rel.end == f and rel.start not in seen:
                    seen.add(rel.start)
                    nxt.append(rel.start)
                    if by_id[rel.start].label == "Gemeente":
                        gemeenten.append(names(by_id[rel.start]))
        frontier = nxt
    nodes, rels = store.neighbourhood(regio)
    by_id = {n.id: n for n in nodes}
    actief = [names(by_id[x.start]) for x in rels if x.type == "ACTIEF_IN" and x.end == regio]
    own = {g["id"] for g in gemeenten} | {a["id"] for a in actief} | {regio}
    verbonden, themas = {}, {}
    for o in sorted(own):
        nodes, rels = store.neighbourhood(o)
        by_id = {n.id: n for n in nodes}
        for rel in rels:
            other = rel.end if rel.start == o else rel.start
            n = by_id[other]
            if rel.type not in NON_KNOWLEDGE_TYPES and n.label in ACTORS:
                verbonden[n.id] = names(n)
            if rel.type == "BEHANDELT" and rel.start == o and n.label == "Thema":
                themas[n.id] = names(n)
    return {"regio": regio, "naam": r.naam, "soort": r.properties.get("soort"), "gemeenten": gemeenten,
            "actief": actief, "verbonden": list(verbonden.values()), "themas": list(themas.values())}


def memory(store, p: dict) -> list[dict]:
    ids = _regio_ids(store, p)
    return finish([memory_profile(store, r) for r in ids], _pairs(store, p, ids))


def neo4j(store, p: dict) -> list[dict]:
    if p.get("soort"):
        ids = [r["id"] for r in store._read("MATCH (r:Regio) WHERE r.soort = $soort RETURN r.id AS id ORDER BY id",
                                            soort=p["soort"])]
    else:
        ids = sorted({p["a"], p["b"]})
    return finish(store._read(QUERY.cypher(), regios=ids), _pairs(store, p, ids))


QUERY = register(NamedQuery(
    name="regio-overlap",
    title="Overlap tussen regio's",
    description="Gedeelde actoren, thema's en gemeenten van twee regio's, of van alle paren regio's van "
                "één soort, met de Jaccard-index van hun actoren en thema's.",
    params=(Param("a", "eerste regio", label="Regio", required=False),
            Param("b", "tweede regio", label="Regio", required=False),
            Param("soort", "soort regio (provincie, jeugdregio, ...)", required=False)),
    columns=COLUMNS,
    memory=memory,
    neo4j=neo4j,
    cypher_files=("regio_overlap.cypher",),
    alternatives=(("a", "b"), ("soort",)),
    examples=({"soort": "provincie"}, {"a": "Friesland", "b": "Drenthe"}),
))
