"""Regio: its gemeenten, kennisschakelpunten, gaps, and the themes covered and not covered."""
import streamlit as st

from ui import data
from ui.gemeente import regio_map
from ui.hiaten import HIAAT_COLUMNS, with_titles
from ui.regio import view
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

with st.expander("Kaart", expanded=True):
    regio_map(regio, st.columns([3, 2])[0])

st.subheader("Kennisschakelpunten")
st.caption("Score = het aandeel van de kortste verbindingen tussen de lokale actoren van de regio en "
           "landelijke actoren dat via deze actor loopt (1 = alles loopt erlangs). Route = een voorbeeld "
           "van zo'n verbinding. Grond = eigen, of via welke groep de route loopt (een stroom die de bronnen "
           "voor een groep zoals 'gemeenten' noemen, geldt voor haar leden); een lidmaatschap dat uit een regel "
           "volgt staat er als 'afgeleid (regel …)'.")
table(schakel, {"naam": "Actor", "label": "Soort", "niveau": "Niveau", "score": "Score", "via": "Route",
               "grond": "Grond", "bronnen": "Bronnen van de groepsstappen"},
      f"schakelpunten-{regio}", "schakel",
      empty="Geen kennisschakelpunt gevonden: de lokale actoren van deze regio zijn in de bronnen niet "
            "met de landelijke cyclus verbonden.")

left, right = st.columns(2)
with left:
    st.subheader("Gemeenten")
    table([{"naam": g.naam, "provincie": g.properties.get("provincie", ""),
            "inwoners": g.properties.get("inwoners", "")} for g in gemeenten],
          {"naam": "Gemeente", "provincie": "Provincie", "inwoners": "Inwoners"},
          f"gemeenten-{regio}", "gemeenten", empty="De bronnen noemen geen gemeenten in deze regio.")
with right:
    st.subheader("Actief in de regio")
    table([{"naam": a.naam, "label": a.label, "niveau": a.niveau} for a in actief],
          {"naam": "Actor", "label": "Soort", "niveau": "Niveau"}, f"actief-{regio}", "actief",
          empty="De bronnen noemen geen werkplaats, instituut of programma dat in deze regio actief is.")

st.subheader("Hiaten")
table(hiaten, HIAAT_COLUMNS, f"hiaten-{regio}", "hiaten", empty="Geen hiaten gevonden voor deze regio.")

left, right = st.columns(2)
with left:
    st.subheader(f"Thema's gedekt ({len(covered)})")
    table(covered, {"naam": "Thema", "route": "Hoe", "door": "Door"}, f"themas-gedekt-{regio}", "gedekt",
          empty="Geen thema's gedekt door actoren van deze regio of haar schakelpunten.")
with right:
    st.subheader(f"Niet gedekt ({len(missing)})")
    table([{"naam": t.naam, "domein": t.properties.get("domein", "")} for t in missing],
          {"naam": "Thema", "domein": "Domein"}, f"themas-niet-gedekt-{regio}", "nietgedekt", height=300)

shown = [regio] + [r["actor"] for r in schakel] + [g.id for g in gemeenten] + [a.id for a in actief]
node_sources(shown, data.nodes_with(shown), "regio")
