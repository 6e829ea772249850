"""Gemeente: the profile of one gemeente (query gemeente-profiel) beside the map of all gemeenten;
a click on the map opens that gemeente's profile."""
import streamlit as st

from ui import data, kaart
from ui.gemeente import (FIGURE_LABELS, SECTION_TABS, SECTION_VIEW, map_controls, map_data, map_title, md_text,
                         on_map_click, pick_gemeente, sections, summary)
from ui.report import gemeente_report
from ui.tables import node_sources, table
from ui.widgets import intro

intro("Gemeente", "In welke regio's ligt deze gemeente, wie verbindt haar met de landelijke kenniscyclus, "
                  "en wat ontbreekt?")

left, right = st.columns([2, 3])
with left:
    gemeente = pick_gemeente()
    mode, soort = map_controls()
if gemeente is None:
    st.info("Er staan geen gemeenten in de graaf.")
    st.stop()

g = data.node(gemeente)
with left:
    kaart.show_map(map_data(mode, soort, selected=gemeente), key=f"kaart_{gemeente}",
                   title=map_title(mode, soort), legend=mode != "indeling", on_click=on_map_click)
    st.caption("Klik op een gemeente om haar profiel te openen.")

rows = data.query("gemeente-profiel", gemeente=gemeente)
parts = sections(rows)
kpis = summary(parts)
with right:
    st.subheader(f"Profiel van {md_text(g.naam)}")
    # short labels in columns sized to them: in the right-hand column "Actief in haar regio's" and
    # "Kennisschakelpunten" were cut off to "Actief in haar r…" and "Kennisschakel…"
    for col, (key, label) in zip(st.columns([1, 1.6, 1.5, 1, 1]), FIGURE_LABELS.items()):
        col.metric(label, kpis[key])
    st.caption(f"Grootteklasse: {md_text(kpis['grootteklasse'])}. Elke rij hieronder noemt haar bronnen "
               "(publicatie, bestand, regels); het afdrukbare rapport onderaan bevat alle onderdelen samen.")
    # one section at a time: only the open tab's table is built and sent (at national scale each
    # holds hundreds of rows with their sources; all eight at once made the page slow to draw)
    tabs = st.tabs(list(SECTION_TABS.values()), key="profiel", bind="query-params")
    shown = [gemeente]
    for tab, key in zip(tabs, SECTION_TABS):
        if tab.open:
            heading, columns, empty = SECTION_VIEW[key]
            with tab:
                st.markdown(f"**{heading}**")
                table(parts[key], {**columns, "bronnen": "Bronnen"}, f"{key}-{gemeente}", f"gemeente_{key}",
                      empty=empty)
            shown += [r["id"] for r in parts[key] if r["id"]]

backend = data.BACKEND_LABELS[data.active_backend()]
st.subheader("Rapport om af te drukken")
# The report (a page of HTML with every row and its sources: ~2 MB for a gemeente at national
# scale) is made when it is downloaded or shown, not sent along with every run of the page.
st.download_button("Profiel downloaden (HTML, afdrukbaar)",
                   lambda: gemeente_report(g.naam, parts, kpis, backend).encode("utf-8"),
                   file_name=f"gemeente-{gemeente}.html", mime="text/html", key="gemeente_rapport",
                   icon=":material/print:")
if st.toggle("Voorbeeld van het rapport tonen", key="gemeente_voorbeeld"):
    st.iframe(gemeente_report(g.naam, parts, kpis, backend), height=600)

node_sources(shown, data.nodes_with(shown), "gemeente")
