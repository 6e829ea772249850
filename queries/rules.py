"""Rules several named queries share, written once over the store primitives.

Which gemeenten lie in a regio is the store's `members` primitive (graph/store.py); a regio's
local actors are in queries/projection.py (`ActorIndex.local_of`). Here: which institutes
cover a theme, the rule of thema-dekking that hiaten also asks.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, NamedTuple

from graph.model import Node, Relationship

ROUTES = ("direct", "publicatie", "werkplaats", "programma")
# How an institute is tied to a werkplaats or programme that treats a theme (either direction).
LINK_TYPES = ("NEEMT_DEEL_AAN", "ONDERSTEUNT", "WERKT_SAMEN_MET")
VIA_LABELS = ("Publicatie", "Werkplaats", "Programma")


@dataclass(frozen=True)
class Cover:
    """One way an institute covers a theme: the route, the node in between (None for
    `direct`) and the relationships of the path, the institute's side first."""

    instituut: str
    route: str
    via: str | None
    thema: str
    rels: tuple[Relationship, ...]


def theme_cover(store, themas: Iterable[str] | None = None) -> tuple[list[Cover], dict[str, Node]]:
    """Every way an institute covers one of `themas` (None: every theme).

    Routes, most direct first: `direct` (the institute BEHANDELT the theme), `publicatie` (a
    publication UITGEGEVEN_DOOR the institute treats it), `werkplaats` and `programma` (a
    werkplaats or programme tied to the institute by NEEMT_DEEL_AAN, ONDERSTEUNT or
    WERKT_SAMEN_MET, in either direction, treats it). Also returns the nodes it read (every
    node on a path, and the asked themes), by id.
    """
    wanted = None if themas is None else set(themas)
    if wanted is not None and not wanted:
        return [], {}
    treats = [r for r in store.facts(["BEHANDELT"], around=wanted) if wanted is None or r.end in wanted]
    known = {n.id: n for n in store.nodes(ids={r.start for r in treats} | (wanted or set()))}
    vias = {i for i, n in known.items() if n.label in VIA_LABELS}
    links = store.facts(["UITGEGEVEN_DOOR", *LINK_TYPES], around=vias) if vias else []
    ends = {r.start for r in links} | {r.end for r in links}
    known.update((n.id, n) for n in store.nodes(ids=ends - set(known)))
    label = {i: n.label for i, n in known.items()}
    return [Cover(*route) for route in cover_routes(treats, links, label)], known


def theme_coverers(store, treats: Iterable[tuple[str, str, str]] | None = None) -> dict[str, set[str]]:
    """{theme: the institutes covering it by any route of `theme_cover`}, for every theme: the
    same rule read light (the ends of the relationships and the labels of the nodes they need,
    no properties or sources), for the national overview of hiaten. `treats`: store.ends of
    BEHANDELT when the caller has read them already."""
    label = {i: l for l in ("Instituut", *VIA_LABELS) for i, _ in store.names(l)}
    treats = [End(*e) for e in (store.ends(["BEHANDELT"]) if treats is None else treats)]
    links = [End(*e) for e in store.ends(["UITGEGEVEN_DOOR", *LINK_TYPES])]
    out: dict[str, set[str]] = {}
    for inst, _, _, thema, _ in cover_routes(treats, links, label):
        out.setdefault(thema, set()).add(inst)
    return out


class End(NamedTuple):
    """A relationship by its ends only (GraphStore.ends); a tuple: 200k of them are made at
    national scale."""

    type: str
    start: str
    end: str


def cover_routes(treats, links, label: dict[str, str]) -> Iterator[tuple]:
    """The rule of `theme_cover`, over relationships or `End`s: (instituut, route, via, thema,
    (link, treat) or (treat,)) for every BEHANDELT fact in `treats` and every way to an
    institute in `links`; `label` maps the ids of the ends to their labels. One at a time: the
    national overview keeps only (instituut, thema) of some 170k routes."""
    vias = {r.start for r in treats if label.get(r.start) in VIA_LABELS}
    institutes_of: dict[str, list] = {}
    for u in links:
        if u.type == "UITGEGEVEN_DOOR":
            pairs = [(u.start, u.end)] if label.get(u.start) == "Publicatie" else []
        else:
            pairs = [(v, o) for v, o in ((u.start, u.end), (u.end, u.start))
                     if label.get(v) in ("Werkplaats", "Programma")]
        for via, other in pairs:
            if via in vias and label.get(other) == "Instituut":
                institutes_of.setdefault(via, []).append((other, u))

    route_of = {l: l.lower() for l in VIA_LABELS}
    for r in treats:
        start = r.start
        if label.get(start) == "Instituut":
            yield start, "direct", None, r.end, (r,)
        found = institutes_of.get(start)
        if found:
            route = route_of[label[start]]
            for inst, u in found:
                yield inst, route, start, r.end, (u, r)
