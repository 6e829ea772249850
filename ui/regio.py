"""Regio and Thema page logic: functions of a store that read only what they show (the store
primitives `members`, `facts` of given types around given ids, `nodes` of given ids or of one
small label). The pages call them through `ui.data.derived` (once per graph version); the
Regio page all at once through `view`, which the warm-up calls for the regio it opens on."""
from __future__ import annotations

from typing import NamedTuple

from graph.errors import NotFound
from graph.model import Node
from graph.store import GraphStore
from ui import data

LOCAL_NIVEAUS = ("lokaal", "regionaal")
DEFAULT = "Friesland"  # the regio the Regio page opens on
# The Regio page's parts, one tab each (key -> label; the open tab is kept in the URL as
# ?onderdeel=label). The first is the one the page opens on: its question's answer.
TABS: dict[str, str] = {"schakelpunten": "Kennisschakelpunten", "gemeenten": "Gemeenten en kaart",
                        "actief": "Actief in de regio", "hiaten": "Hiaten", "themas": "Thema's"}


class RegioView(NamedTuple):
    """What the Regio page shows of one regio (shared cached objects: never changed in place)."""

    schakelpunten: list[dict]
    gemeenten: list[Node]
    actief: list[Node]
    hiaten: list[dict]
    gedekt: list[dict]
    niet_gedekt: list[Node]


def view(backend: str, version: str, regio: str) -> RegioView:
    """The Regio page's reads of `regio`, each cached per graph version (ui.data). The page and
    the warm-up (`warm`) read through this one function, so what the warm-up prepares is what
    the page asks for."""
    schakel = data.query_at(backend, version, "schakelpunten", regio=regio)
    covered, missing = data.derived_at(backend, version, regio_themas, regio, tuple(r["actor"] for r in schakel))
    return RegioView(schakel, data.derived_at(backend, version, regio_gemeenten, regio),
                     data.derived_at(backend, version, regio_actief, regio),
                     data.query_at(backend, version, "hiaten", regio=regio), covered, missing)


def warm(backend: str, version: str) -> None:
    """The view the Regio page opens on (DEFAULT), for the warm-up (ui/warmup.py): at national
    scale its kennisschakelpunten and themes take about 1.5 s, the page's first visit's wait."""
    try:
        regio = data.get_store(backend).resolve(DEFAULT, "Regio").id
    except NotFound:
        return
    view(backend, version, regio)


def active_in(store: GraphStore, regio: str) -> set[str]:
    """Ids of the actors active in the regio (ACTIEF_IN)."""
    return {r.start for r in store.facts(["ACTIEF_IN"], around=[regio]) if r.end == regio}


def regio_gemeenten(store: GraphStore, regio: str) -> list[Node]:
    inside = store.members([regio]).get(regio, [])
    return sorted((n for n in store.nodes("Gemeente", ids=inside)), key=lambda n: n.naam)


def regio_actief(store: GraphStore, regio: str) -> list[Node]:
    return sorted(store.nodes(ids=active_in(store, regio)), key=lambda n: n.naam)


def regio_themas(store: GraphStore, regio: str, schakelpunten: list[str]) -> tuple[list[dict], list[Node]]:
    """Themes covered for the regio — by the regio itself, its gemeenten, the actors active in
    it (`in de regio`) or one of its schakelpunten (`via schakelpunt`) — and the themes not
    covered. Covered rows: thema id/naam, route, door (names)."""
    own = {regio} | set(store.members([regio]).get(regio, [])) | active_in(store, regio)
    via = set(schakelpunten) - own
    treats = [r for r in store.facts(["BEHANDELT"], around=own | via) if r.start in own | via]
    themas = {n.id: n for n in store.nodes("Thema")}
    names = {n.id: n.naam for n in store.nodes(ids={r.start for r in treats})}
    covered: dict[str, dict] = {}
    for r in treats:
        if r.end not in themas:
            continue
        route = "in de regio" if r.start in own else "via schakelpunt"
        row = covered.setdefault(r.end, {"thema": r.end, "naam": themas[r.end].naam, "route": route, "door": set()})
        if route == "in de regio":
            row["route"] = route
        row["door"].add(names[r.start])
    rows = [{**row, "door": sorted(row["door"])} for row in covered.values()]
    rows.sort(key=lambda r: (r["route"] != "in de regio", r["naam"].lower()))
    missing = sorted((n for n in themas.values() if n.id not in covered), key=lambda n: n.naam.lower())
    return rows, missing


def regios_without_regional_actor(store: GraphStore, thema: str) -> list[dict]:
    """For a thema: the regio's where no lokaal or regionaal actor of the regio (the regio, its
    gemeenten, the actors active in it) treats the thema. Rows: regio id, naam, soort."""
    treats = {r.start for r in store.facts(["BEHANDELT"], around=[thema]) if r.end == thema}
    local = {n.id for n in store.nodes(ids=treats) if n.niveau in LOCAL_NIVEAUS}
    regios = store.nodes("Regio")
    inside = store.members([r.id for r in regios])
    active: dict[str, set[str]] = {}
    for r in store.facts(["ACTIEF_IN"], around=local):
        if r.start in local:
            active.setdefault(r.end, set()).add(r.start)
    out = []
    for reg in sorted(regios, key=lambda n: n.naam):
        own = {reg.id} | set(inside.get(reg.id, ())) | active.get(reg.id, set())
        if not own & local:
            out.append({"regio": reg.id, "naam": reg.naam, "soort": reg.properties.get("soort", "")})
    return out
