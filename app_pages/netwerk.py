"""Netwerk: the whole knowledge graph, filtered by label, niveau and a search."""
import streamlit as st
import streamlit.components.v1 as components

from graph.model import LABELS, NIVEAUS
from ui.data import store
from ui.filters import filter_graph
from ui.graph_view import render_html

st.title("Netwerk")
st.caption("Wie is verbonden met wie in de kennisinfrastructuur van het sociaal domein. "
           "Beweeg over een knoop voor naam, niveau en bronnen.")

s = store()
all_nodes, all_rels = s.nodes(), s.relationships()
with st.sidebar:
    st.subheader("Filters")
    default_labels = [l for l in LABELS if l not in ("Publicatie", "Grootteklasse")]
    labels = st.multiselect("Soort knoop", LABELS, default=default_labels, key="labels")
    niveaus = st.multiselect("Niveau", NIVEAUS, default=list(NIVEAUS), key="niveaus")
    search = st.text_input("Zoek op naam of afkorting", key="zoek",
                           placeholder="bijv. Movisie, NJi, Friesland")

nodes, rels = filter_graph(all_nodes, all_rels, labels, niveaus, search)
c1, c2 = st.columns(2)
c1.metric("Knopen in beeld", len(nodes))
c2.metric("Relaties in beeld", len(rels))
if not nodes:
    st.info("Geen knopen bij deze filters. Verruim de filters of wis de zoekterm.")
else:
    components.html(render_html(nodes, rels), height=700, scrolling=False)
