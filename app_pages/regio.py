"""Regio: its gemeenten, kennisschakelpunten, gaps, and the themes covered and not covered."""
import streamlit as st

from ui import data
from ui.gemeente import regio_map
from ui.hiaten import HIAAT_COLUMNS, with_titles
from ui.regio import TABS, view
from ui.tables import node_sources, table
from ui.text import md
from ui.widgets import intro, pick_regio

intro("Regio", "Wie verbindt de gemeenten van deze regio met de landelijke kenniscyclus, en wat ontbreekt?")

regio = pick_regio("regio")
if regio is None:
    st.info("Kies een regio.")
    st.stop()
reg = data.node(regio)

backend = data.active_backend()
schakel, gemeenten, actief, hiaten, covered, missing = view(backend, data.graph_version(backend), regio)
hiaten = with_titles(hiaten)

st.caption(f"{md(reg.naam)} · soort: {md(reg.properties.get('soort', 'onbekend'))}")
m = st.columns(5)
m[0].metric("Gemeenten", len(gemeenten))
m[1].metric("Actief in de regio", len(actief))
m[2].metric("Kennisschakelpunten", len(schakel))
m[3].metric("Hiaten", len(hiaten))
# the total in the label: at national scale "223 van 259" as the value did not fit its column
m[4].metric(f"Thema's gedekt (van {len(covered) + len(missing)})", len(covered))


def schakelpunten_part() -> list[str]:
    st.caption("Score = het aandeel van de kortste verbindingen tussen de lokale actoren van de regio en "
               "landelijke actoren dat via deze actor loopt (1 = alles loopt erlangs). Route = een voorbeeld "
               "van zo'n verbinding. Grond = eigen, of via welke groep de route loopt (een stroom die de bronnen "
               "voor een groep zoals 'gemeenten' noemen, geldt voor haar leden); een lidmaatschap dat uit een "
               "regel volgt staat er als 'afgeleid (regel …)'.")
    table(schakel, {"naam": "Actor", "label": "Soort", "niveau": "Niveau", "score": "Score", "via": "Route",
                   "grond": "Grond", "bronnen": "Bronnen van de groepsstappen"},
          f"schakelpunten-{regio}", "schakel",
          empty="Geen kennisschakelpunt gevonden: de lokale actoren van deze regio zijn in de bronnen niet "
                "met de landelijke cyclus verbonden.")
    return [r["actor"] for r in schakel]


def gemeenten_part() -> list[str]:
    left, right = st.columns([3, 2])
    regio_map(regio, left)
    with right:
        table([{"naam": g.naam, "provincie": g.properties.get("provincie", ""),
                "inwoners": g.properties.get("inwoners", "")} for g in gemeenten],
              {"naam": "Gemeente", "provincie": "Provincie", "inwoners": "Inwoners"},
              f"gemeenten-{regio}", "gemeenten", empty="De bronnen noemen geen gemeenten in deze regio.")
    return [g.id for g in gemeenten]


def actief_part() -> list[str]:
    table([{"naam": a.naam, "label": a.label, "niveau": a.niveau} for a in actief],
          {"naam": "Actor", "label": "Soort", "niveau": "Niveau"}, f"actief-{regio}", "actief",
          empty="De bronnen noemen geen werkplaats, instituut of programma dat in deze regio actief is.")
    return [a.id for a in actief]


def hiaten_part() -> list[str]:
    table(hiaten, HIAAT_COLUMNS, f"hiaten-{regio}", "hiaten", empty="Geen hiaten gevonden voor deze regio.")
    return [r["subject"] for r in hiaten]  # the gaps' subjects (a pair of actors is no node: left out)


def themas_part() -> list[str]:
    left, right = st.columns(2)
    with left:
        st.markdown(f"**Gedekt ({len(covered)})**")
        table(covered, {"naam": "Thema", "route": "Hoe", "door": "Door"}, f"themas-gedekt-{regio}", "gedekt",
              empty="Geen thema's gedekt door actoren van deze regio of haar schakelpunten.")
    with right:
        st.markdown(f"**Niet gedekt ({len(missing)})**")
        table([{"naam": t.naam, "domein": t.properties.get("domein", "")} for t in missing],
              {"naam": "Thema", "domein": "Domein"}, f"themas-niet-gedekt-{regio}", "nietgedekt", height=300)
    return [r["thema"] for r in covered] + [t.id for t in missing]


# one part at a time: only the open tab's tables (and the map) are built and sent; at national
# scale the map and seven tables together took the browser about a second to draw on every visit.
# The open tab is kept in the URL (?onderdeel=...).
PARTS = {"schakelpunten": schakelpunten_part, "gemeenten": gemeenten_part, "actief": actief_part,
         "hiaten": hiaten_part, "themas": themas_part}
shown = [regio]
for tab, key in zip(st.tabs(list(TABS.values()), key="onderdeel", bind="query-params"), TABS):
    if tab.open:
        with tab:
            shown += PARTS[key]()

node_sources(shown, data.nodes_with(shown), "regio")
