"""gemeente-profiel(gemeente): everything the graph knows around one gemeente, row by row, each
row with its sources.

The gemeente is named by id, naam or alias, or by a woonplaats in it (Drachten ->
Smallingerland; a woonplaats in several gemeenten is an error that names them).

Rows have one shape: `soort` (the section), `onderwerp`, `waarde`, `toelichting`, `regio` (the
regio the row is about, "" when none), `id` (the node the row is about) and `bronnen` (source
dicts: publication, file, lines, note). Sections, in this order:

- `gemeente`: naam, cbs-code, provincie, inwoners (with their year), woonplaatsen; the
  gemeente's own sources.
- `regio`: every regio it lies in (LIGT_IN, also through a sub-regio: `toelichting` says via
  which), `onderwerp` = the regio's soort; sources of the LIGT_IN facts.
- `kennisrelatie`: actors the gemeente itself has a knowledge tie with; sources of the tie.
- `actief`: actors active in one of its regio's (ACTIEF_IN); sources of that fact.
- `schakelpunt`: the schakelpunten of each of its regio's (query `schakelpunten`), `waarde`
  = score, `toelichting` = the example route; sources: the ties along that route.
- `thema`: themes treated by the gemeente, its regio's, the actors active there or their
  schakelpunten; `waarde` says which of those (gemeente zelf / in de regio / via
  schakelpunt); sources of the BEHANDELT facts.
- `hiaat`: the gaps (query `hiaten`) of its regio's that concern the regio as a whole (no
  schakelpunt, a lemniscaat phase no actor there contributes to), the gemeente itself or an
  actor active there; one row per gap (by kind, then subject), `regio` lists the regio's it
  holds for. A
  gap is an absence no source states: its sources are the LIGT_IN facts placing the
  gemeente in those regio's.
- `grootteklasse`: its size class (IN_GROOTTEKLASSE) and the Rathenau survey (2021) figures
  for that class, one row per figure; sources of the class node that give the figure.
"""
from __future__ import annotations

import re

from graph.errors import NotFound, QueryError
from graph.model import ACTOR_LABELS, RELATIONSHIP_TYPES, Node, Relationship, normalize_name
from queries import NamedQuery, Param, register, run_resolved
from queries.hiaten import KINDS

COLUMNS = ("soort", "onderwerp", "waarde", "toelichting", "regio", "id", "bronnen")
SECTIONS = ("gemeente", "regio", "kennisrelatie", "actief", "schakelpunt", "thema", "hiaat", "grootteklasse")
# Membership, geography and description are not knowledge ties between actors.
NOT_TIES = ("LIGT_IN", "ACTIEF_IN", "BEHANDELT", "IN_GROOTTEKLASSE", "NOEMT")
# Order of the regional divisions in a profile (others after these, by name).
DIVISIONS = ("provincie", "landsdeel", "corop", "ggd-regio", "jeugdregio", "arbeidsmarktregio", "veiligheidsregio")
# The Rathenau figures stem from its 2021 survey among gemeenten (seed/002-...: enquête 2021).
SURVEY = "Rathenau-enquête 2021"
FIGURES = {
    "cijfer_respondenten": "aantal gemeenten in de respons",
    "cijfer_pct_respondenten": "aandeel in de respons (%)",
    "cijfer_pct_alle_gemeenten": "aandeel onder alle gemeenten (%)",
    "cijfer_beschikbaarheid_kennis": "beschikbaarheid van kennis (gemiddelde score 1-4)",
    "cijfer_n_beschikbaarheid_kennis": "aantal gemeenten bij beschikbaarheid van kennis",
    "cijfer_kennismanagement": "kennismanagement (gemiddelde score 1-4)",
    "cijfer_n_kennismanagement": "aantal gemeenten bij kennismanagement",
    "cijfer_externe_kennis_binnenhalen": "externe kennis binnenhalen (gemiddelde frequentie 1-4)",
    "cijfer_n_externe_kennis_binnenhalen": "aantal gemeenten bij externe kennis binnenhalen",
    "cijfer_externe_contacten": "benutting van externe contacten (gemiddelde 1-4)",
    "cijfer_n_externe_contacten": "aantal gemeenten bij externe contacten",
    "cijfer_inwoners_peilen_informeren": "inwoners peilen en informeren (gemiddelde score)",
    "cijfer_inwoners_betrekken": "inwoners betrekken (gemiddelde score)",
    "cijfer_n_inwoners": "aantal gemeenten bij inwoners",
}


# -- the index: plain lookups over nodes and relationships, built once per graph version -----
def regions_by_gemeente(by_id: dict[str, Node], ligt_in: list[Relationship]) -> dict[str, dict[str, list]]:
    """gemeente id -> {regio id: the LIGT_IN relationships from the gemeente to that regio}
    (one relationship when direct, a chain through sub-regio's otherwise; the shortest).

    >>> from graph.model import Node, Relationship
    >>> n = {i: Node(i, l, {}, ()) for i, l in [("g", "Gemeente"), ("r", "Regio"), ("p", "Regio")]}
    >>> rels = [Relationship("LIGT_IN", "g", "r", {}, ()), Relationship("LIGT_IN", "r", "p", {}, ())]
    >>> {k: [x.end for x in v] for k, v in regions_by_gemeente(n, rels)["g"].items()}
    {'r': ['r'], 'p': ['r', 'p']}
    """
    up: dict[str, list[Relationship]] = {}
    for r in sorted(ligt_in, key=lambda r: r.key):
        up.setdefault(r.start, []).append(r)
    out: dict[str, dict[str, list]] = {}
    for g in sorted(i for i, n in by_id.items() if n.label == "Gemeente"):
        chains: dict[str, list] = {}
        frontier = [(g, [])]
        while frontier:  # the membership rule of graph/store.py: transitive, any depth
            nxt = []
            for node, chain in frontier:
                for r in up.get(node, ()):
                    if r.end not in chains and r.end != g:
                        chains[r.end] = chain + [r]
                        nxt.append((r.end, chain + [r]))
            frontier = nxt
        out[g] = chains
    return out


def build_index(nodes: list[Node], rels: list[Relationship]) -> dict:
    by_id = {n.id: n for n in nodes}
    by_type: dict[str, list[Relationship]] = {}
    for r in rels:
        by_type.setdefault(r.type, []).append(r)
    out_of = lambda t: _group(by_type.get(t, ()), "start")  # noqa: E731
    ties: dict[str, list[Relationship]] = {}
    pairs: dict[frozenset, list[Relationship]] = {}
    for r in rels:
        if r.type in NOT_TIES or r.start == r.end:
            continue
        a, b = by_id.get(r.start), by_id.get(r.end)
        if a is None or b is None or a.label not in ACTOR_LABELS or b.label not in ACTOR_LABELS:
            continue
        ties.setdefault(r.start, []).append(r)
        ties.setdefault(r.end, []).append(r)
        pairs.setdefault(frozenset((a.naam, b.naam)), []).append(r)
    return {"by_id": by_id, "regions": regions_by_gemeente(by_id, by_type.get("LIGT_IN", [])),
            "active_in": _group(by_type.get("ACTIEF_IN", ()), "end"), "treats": out_of("BEHANDELT"),
            "size": out_of("IN_GROOTTEKLASSE"), "ties": ties, "pairs": pairs}


def _group(rels, end: str) -> dict[str, list[Relationship]]:
    out: dict[str, list[Relationship]] = {}
    for r in sorted(rels, key=lambda r: r.key):
        out.setdefault(getattr(r, end), []).append(r)
    return out


def regions_up(store, gemeente: str) -> list[Relationship]:
    """The LIGT_IN facts from the gemeente upwards, any depth (the membership rule), read a
    level at a time: what regions_by_gemeente needs for this gemeente."""
    found: dict[tuple, Relationship] = {}
    frontier, seen = {gemeente}, {gemeente}
    while frontier:
        up = [r for r in store.facts(["LIGT_IN"], around=frontier) if r.start in frontier]
        found.update((r.key, r) for r in up)
        frontier = {r.end for r in up} - seen
        seen |= frontier
    return sorted(found.values(), key=lambda r: r.key)


def local_index(store, gemeente: str, ligt_in: list[Relationship], schakel: dict[str, list[dict]]) -> dict:
    """build_index over what one profile shows, read around the gemeente (never the whole
    graph: at national scale that is half a million facts over Bolt): its LIGT_IN chains, its
    own ties, the ACTIEF_IN of its regio's, the BEHANDELT of everyone a theme row can name, the
    ties along the schakelpunt routes, its size class and the size classes."""
    regios = {r.end for r in ligt_in}
    # only the types the model allows between two actors (build_index keeps actor-actor ties):
    # UITGEGEVEN_DOOR alone would bring every publication of the institutes on the routes
    tie_types = [t for t, (starts, ends, _) in RELATIONSHIP_TYPES.items() if t not in NOT_TIES
                 and set(starts) & set(ACTOR_LABELS) and set(ends) & set(ACTOR_LABELS)]
    active = [r for r in store.facts(["ACTIEF_IN"], around=regios) if r.end in regios] if regios else []
    schakel_actors = {s["actor"] for rows in schakel.values() for s in rows}
    who = {gemeente} | regios | {r.start for r in active} | schakel_actors
    treats = [r for r in store.facts(["BEHANDELT"], around=who) if r.start in who]
    ids_of: dict[str, set[str]] = {}
    for n in store.actor_projection()[0]:
        ids_of.setdefault(n["naam"], set()).add(n["id"])
    on_routes = {i for rows in schakel.values() for s in rows for naam in s["via"] for i in ids_of.get(naam, ())}
    route_ties = [r for r in store.facts(tie_types, around=on_routes) if r.start in on_routes and r.end in on_routes]
    rels = {r.key: r for group in (ligt_in, store.facts(tie_types, around=[gemeente]), active, treats, route_ties,
                                   store.facts(["IN_GROOTTEKLASSE"], around=[gemeente])) for r in group}
    ends = {gemeente} | {x for r in rels.values() for x in (r.start, r.end)}
    nodes = {n.id: n for n in store.nodes(ids=ends)}
    nodes.update((n.id, n) for n in store.nodes("Grootteklasse"))
    return build_index(sorted(nodes.values(), key=lambda n: n.id), sorted(rels.values(), key=lambda r: r.key))


def find_gemeente(store, text: str) -> str:
    """The gemeente id for an id, naam, alias or woonplaats (the store's one name lookup finds
    woonplaatsen too); QueryError (Dutch) otherwise, naming the gemeenten of an ambiguous name."""
    try:
        return store.resolve(str(text), "Gemeente").id
    except NotFound as exc:
        raise QueryError(f"gemeente: {exc}") from exc


# -- the rows: pure functions over the index and the two reused queries' rows ----------------
def _sources(*groups) -> list[dict]:
    seen: dict[str, dict] = {}
    for group in groups:
        for s in group:
            d = s.to_dict()
            seen.setdefault(repr(sorted(d.items())), d)
    return [seen[k] for k in sorted(seen)]


def _row(soort, onderwerp, waarde, toelichting="", regio="", id="", bronnen=()) -> dict:
    return {"soort": soort, "onderwerp": onderwerp, "waarde": waarde, "toelichting": toelichting,
            "regio": regio, "id": id, "bronnen": list(bronnen)}


def _division_key(n: Node) -> tuple:
    s = n.properties.get("soort", "")
    return (DIVISIONS.index(s) if s in DIVISIONS else len(DIVISIONS), s, n.naam.lower(), n.id)


def route_sources(idx: dict, route: list[str]) -> list[dict]:
    """Sources of the knowledge ties between consecutive names of a route."""
    rels = [r for a, b in zip(route, route[1:]) for r in idx["pairs"].get(frozenset((a, b)), ())]
    return _sources(*(r.sources for r in rels))


def profile_rows(idx: dict, gemeente: str, schakel: dict[str, list[dict]],
                 hiaten: dict[str, list[dict]]) -> list[dict]:
    """All rows of the profile; `schakel` and `hiaten` hold those queries' rows per regio id."""
    by_id = idx["by_id"]
    g = by_id[gemeente]
    props = g.properties
    chains = idx["regions"].get(gemeente, {})
    regios = sorted((by_id[r] for r in chains), key=_division_key)
    rows = [_row("gemeente", "naam", g.naam, id=g.id, bronnen=_sources(g.sources))]
    for key, label in (("cbs_code", "cbs-code"), ("provincie", "provincie")):
        if props.get(key):
            rows.append(_row("gemeente", label, props[key], id=g.id, bronnen=_sources(g.sources)))
    if props.get("inwoners") is not None:
        jaar = props.get("inwoners_jaar")
        rows.append(_row("gemeente", f"inwoners op 1 januari {jaar}" if jaar else "inwoners", props["inwoners"],
                         id=g.id, bronnen=_sources(g.sources)))
    if props.get("woonplaatsen"):
        wp = sorted(props["woonplaatsen"], key=normalize_name)
        rows.append(_row("gemeente", "woonplaatsen", ", ".join(wp), f"{len(wp)} woonplaats(en)", id=g.id,
                         bronnen=_sources(g.sources)))

    for r in regios:
        chain = chains[r.id]
        via = " → ".join(by_id[x.end].naam for x in chain[:-1])
        rows.append(_row("regio", r.properties.get("soort") or "regio", r.naam, f"via {via}" if via else "",
                         r.naam, r.id, _sources(*(x.sources for x in chain))))

    tied: list[tuple] = []
    for t in idx["ties"].get(gemeente, ()):
        other = by_id[t.end if t.start == gemeente else t.start]
        tied.append((other.naam.lower(), t.type, other, t))
    for _, _, other, t in sorted(tied, key=lambda x: (x[0], x[1], x[2].id)):
        rows.append(_row("kennisrelatie", other.naam, t.type.replace("_", " ").lower(), other.label, "", other.id,
                         _sources(t.sources)))

    active: dict[str, set[str]] = {}  # actor -> regio ids
    for r in regios:
        for a in idx["active_in"].get(r.id, ()):
            actor = by_id[a.start]
            active.setdefault(actor.id, set()).add(r.id)
            rows.append(_row("actief", actor.naam, actor.label, actor.niveau, r.naam, actor.id, _sources(a.sources)))

    schakel_of: dict[str, set[str]] = {}
    for r in regios:
        for s in schakel.get(r.id, ()):
            schakel_of.setdefault(s["actor"], set()).add(r.id)
            rows.append(_row("schakelpunt", s["naam"], s["score"], "route: " + " → ".join(s["via"]), r.naam,
                             s["actor"], route_sources(idx, s["via"])))

    rows.extend(_theme_rows(idx, gemeente, {r.id for r in regios}, active, schakel_of))
    rows.extend(_gap_rows(idx, gemeente, regios, hiaten, active, chains))
    rows.extend(_size_rows(idx, g))
    return rows


def _theme_rows(idx: dict, gemeente: str, regios: set[str], active: dict, schakel_of: dict) -> list[dict]:
    by_id = idx["by_id"]
    ways = ("gemeente zelf", "in de regio", "via schakelpunt")
    who: list[tuple[str, int, set[str]]] = [(gemeente, 0, set())]
    who += [(r, 1, {r}) for r in sorted(regios)]
    who += [(a, 1, rs) for a, rs in sorted(active.items())]
    who += [(s, 2, rs) for s, rs in sorted(schakel_of.items())]
    themes: dict[str, dict] = {}
    for actor, way, rs in who:
        for t in idx["treats"].get(actor, ()):
            if t.end not in by_id:
                continue
            row = themes.setdefault(t.end, {"way": way, "door": set(), "regio": set(), "rels": []})
            row["way"] = min(row["way"], way)
            row["door"].add(by_id[actor].naam)
            row["regio"] |= rs
            row["rels"].append(t)
    out = []
    for tid, row in themes.items():
        out.append(_row("thema", by_id[tid].naam, ways[row["way"]], "door " + ", ".join(sorted(row["door"])),
                        "; ".join(sorted(by_id[r].naam for r in row["regio"])), tid,
                        _sources(*(r.sources for r in row["rels"]))))
    return sorted(out, key=lambda r: (ways.index(r["waarde"]), r["onderwerp"].lower(), r["id"]))


def _gap_rows(idx: dict, gemeente: str, regios: list[Node], hiaten: dict, active: dict, chains: dict) -> list[dict]:
    by_id = idx["by_id"]
    gaps: dict[tuple[str, str], dict] = {}
    order: list[tuple[str, str]] = []
    for r in regios:
        concerned = {r.id, gemeente} | {a for a, rs in active.items() if r.id in rs}
        for h in hiaten.get(r.id, ()):
            if h["soort"] != "fase-zonder-actor" and h["subject"] not in concerned:
                continue
            key = (h["soort"], h["subject"])
            if key not in gaps:
                order.append(key)
                gaps[key] = {"h": h, "regio": []}
            gaps[key]["regio"].append(r.id)
    out = []
    for key in sorted(order, key=lambda k: (KINDS.index(k[0]) if k[0] in KINDS else len(KINDS),
                                             gaps[k]["h"]["subject_naam"].lower(), k[1])):
        h, rs = gaps[key]["h"], gaps[key]["regio"]
        out.append(_row("hiaat", h["subject_naam"], h["soort"], h["uitleg"],
                        "; ".join(by_id[r].naam for r in rs), h["subject"],
                        _sources(*(x.sources for r in rs for x in chains[r]))))
    return out


def size_classes(idx: dict, g: Node) -> list[tuple[Node, str, list[dict]]]:
    """(class node, how it is known, sources) of the gemeente: its IN_GROOTTEKLASSE facts; without
    one, the class whose bounds hold its `inwoners` (derived, with the sources of both)."""
    by_id = idx["by_id"]
    links = [r for r in idx["size"].get(g.id, ()) if r.end in by_id]
    if links:
        return [(by_id[r.end], "volgens de bronnen", _sources(r.sources)) for r in links]
    inwoners = g.properties.get("inwoners")
    if not isinstance(inwoners, (int, float)) or isinstance(inwoners, bool):
        return []
    for k in sorted((n for n in by_id.values() if n.label == "Grootteklasse"), key=lambda n: n.id):
        low, high = k.properties.get("ondergrens"), k.properties.get("bovengrens")
        if (low is None or inwoners >= low) and (high is None or inwoners <= high):
            return [(k, f"afgeleid uit {inwoners} inwoners", _sources(g.sources, k.sources[:1]))]
    return []


def _size_rows(idx: dict, g: Node) -> list[dict]:
    out = []
    for k, how, bronnen in size_classes(idx, g):
        out.append(_row("grootteklasse", "grootteklasse", k.naam,
                        f"{SURVEY}: gemeenten ingedeeld naar inwonertal; {how}", "", k.id, bronnen))
        props = [p for p in k.properties if p.startswith("cijfer_")]
        for prop in sorted(props, key=lambda p: (list(FIGURES).index(p) if p in FIGURES else len(FIGURES), p)):
            name = FIGURES.get(prop, prop.removeprefix("cijfer_").replace("_", " "))
            given = [s for s in k.sources if re.search(rf"\b{prop}\b", s.note)] or list(k.sources)
            out.append(_row("grootteklasse", name, k.properties[prop], f"{SURVEY}, grootteklasse {k.naam}", "",
                            k.id, _sources(given)))
    return out


def gemeente_profiel(store, p: dict) -> list[dict]:
    """One implementation for both stores: only public GraphStore methods and other named queries."""
    version = store.version()  # before the reads: a load meanwhile gives rows kept under the old one
    gemeente = find_gemeente(store, p["gemeente"])
    ligt_in = regions_up(store, gemeente)
    regios = sorted({r.end for r in ligt_in})
    # the per-regio rows the Regio page shows too, kept for the next profiles (queries.run_resolved)
    schakel = {r: run_resolved(store, "schakelpunten", {"regio": r}, version) for r in regios}
    hiaten = {r: run_resolved(store, "hiaten", {"regio": r}, version) for r in regios}
    return profile_rows(local_index(store, gemeente, ligt_in, schakel), gemeente, schakel, hiaten)


QUERY = register(NamedQuery(
    name="gemeente-profiel",
    title="Profiel van een gemeente",
    description="Alles rond één gemeente, per rij met bronnen: de regio's waarin ze ligt (per indeling), haar "
                "kennisrelaties, de actoren die in die regio's actief zijn, hun kennisschakelpunten, de thema's die "
                "daar behandeld worden, de hiaten, en haar grootteklasse met de cijfers uit de Rathenau-enquête "
                "2021. Kolommen: soort (gemeente, regio, kennisrelatie, actief, schakelpunt, thema, hiaat, "
                "grootteklasse), onderwerp, waarde, toelichting, regio, id, bronnen. De gemeente mag een id, naam, "
                "alias of woonplaats zijn.",
    params=(Param("gemeente", "gemeente: id, naam, alias of woonplaats"),),
    columns=COLUMNS,
    run=gemeente_profiel,
    examples=({"gemeente": "Heerenveen"},),
))
