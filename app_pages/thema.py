"""Thema: who covers it, by which route, with evidence and sources; regio's without a regional actor."""
import streamlit as st

from ui import data
from ui.hiaten import HIAAT_COLUMNS, with_titles
from ui.regio import regios_without_regional_actor
from ui.tables import node_sources, table
from ui.text import md
from ui.widgets import intro, pick_thema

ROUTES_NL = {"direct": "direct", "publicatie": "via een publicatie", "werkplaats": "via een werkplaats",
             "programma": "via een programma"}

intro("Thema", "Welke instituten dekken dit thema, langs welke weg, en in welke regio's ontbreekt een "
               "regionale actor?")

thema = pick_thema("thema")
if thema is None:
    st.info("Kies een thema.")
    st.stop()
t = data.node(thema)
dekking = data.query("thema-dekking", thema=thema)
zonder = data.derived(regios_without_regional_actor, thema)
hiaten = with_titles(data.query("hiaten", thema=thema))

st.caption(f"Thema {md(t.naam)} · domein: {md(t.properties.get('domein', 'onbekend'))}")
instituten = {r["instituut"] for r in dekking}
m = st.columns(4)
m[0].metric("Instituten", len(instituten))
m[1].metric("Waarvan direct", len({r["instituut"] for r in dekking if r["route"] == "direct"}))
m[2].metric("Regio's zonder regionale actor", f"{len(zonder)} van {data.counts()['nodes'].get('Regio', 0)}")
m[3].metric("Hiaten", len(hiaten))

st.subheader("Wie dekt dit thema")
st.caption("Direct: het instituut behandelt het thema zelf. Anders via een publicatie die het uitgaf, of een "
           "werkplaats of programma waarmee het verbonden is. Bewijs = het pad in de graaf; bron = waar dat staat.")
rows = [{**r, "route_nl": ROUTES_NL.get(r["route"], r["route"])} for r in dekking]
table(rows, {"naam": "Instituut", "niveau": "Niveau", "route_nl": "Route", "via": "Via", "evidence": "Bewijs",
             "sources": "Bronnen"}, f"thema-dekking-{thema}", "dekking",
      empty="Geen instituut dekt dit thema volgens de bronnen.")

left, right = st.columns(2)
with left:
    st.subheader(f"Regio's zonder regionale actor ({len(zonder)})")
    st.caption("Geen gemeente, regionale organisatie of in de regio actieve actor behandelt dit thema.")
    table(zonder, {"naam": "Regio", "soort": "Soort"}, f"regios-zonder-{thema}", "zonder", height=300,
          empty="Elke regio heeft een lokale of regionale actor voor dit thema.")
with right:
    st.subheader("Hiaten rond dit thema")
    table(hiaten, HIAAT_COLUMNS, f"hiaten-{thema}", "hiaten", empty="Geen hiaten gevonden voor dit thema.")

shown = [thema] + [r["instituut"] for r in dekking]
node_sources(shown, data.nodes_with(shown), "thema")
