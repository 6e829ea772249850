"""Overlap: a heatmap of regio-overlap for a kind of regio, and the details of a chosen pair."""
import streamlit as st

from ui import data
from ui.overlap import heatmap_html, matrix_rows
from ui.tables import node_sources, table
from ui.text import md
from ui.widgets import intro, pick_regio

intro("Overlap", "Welke regio's delen actoren, thema's en gemeenten, en hoeveel?")
st.caption("Overlap = Jaccard-index van de actoren en thema's van twee regio's: 0 = niets gedeeld, "
           "1 = precies dezelfde. Een gemeente die in twee regio's ligt, laat zien waar indelingen overlappen.")

nodes, rels = data.graph()
soorten = sorted({n.properties.get("soort", "") for n in nodes if n.label == "Regio"} - {""})
soort = st.selectbox("Soort regio", soorten, index=soorten.index("provincie") if "provincie" in soorten else 0,
                     key="soort", bind="query-params")
rows = data.query("regio-overlap", soort=soort)
names = sorted({r["a_naam"] for r in rows} | {r["b_naam"] for r in rows})
if len(names) < 2:
    st.info("Van deze soort zijn er minder dan twee regio's; kies een andere soort.")
else:
    st.html(heatmap_html(names, rows))
    table(matrix_rows(rows), {"a_naam": "Regio A", "b_naam": "Regio B", "jaccard": "Overlap",
                              "jaccard_actoren": "Overlap actoren", "jaccard_themas": "Overlap thema's",
                              "gedeelde_actoren": "Gedeelde actoren", "gedeelde_themas": "Gedeelde thema's",
                              "gedeelde_gemeenten": "Gedeelde gemeenten"},
          f"overlap-{soort}", "matrix", height=250)

st.subheader("Twee regio's vergelijken")
c1, c2 = st.columns(2)
a = pick_regio("a", c1, label="Regio A", default="Friesland")
b = pick_regio("b", c2, label="Regio B", default="Drenthe")
if a == b:
    st.info("Kies twee verschillende regio's.")
else:
    pair = data.query("regio-overlap", a=a, b=b)[0]
    m = st.columns(4)
    m[0].metric("Overlap", f"{pair['jaccard']:.2f}")
    m[1].metric("Gedeelde actoren", len(pair["gedeelde_actoren"]))
    m[2].metric("Gedeelde thema's", len(pair["gedeelde_themas"]))
    m[3].metric("Gedeelde gemeenten", len(pair["gedeelde_gemeenten"]))
    shared = ([{"soort": "actor", "naam": x} for x in pair["gedeelde_actoren"]]
              + [{"soort": "thema", "naam": x} for x in pair["gedeelde_themas"]]
              + [{"soort": "gemeente", "naam": x} for x in pair["gedeelde_gemeenten"]])
    table(shared, {"soort": "Gedeeld", "naam": "Naam"}, f"gedeeld-{a}-{b}", "gedeeld",
          empty=f"{md(pair['a_naam'])} en {md(pair['b_naam'])} delen volgens de bronnen niets.")
    node_sources([a, b], data.nodes_by_id(data.active_backend()), "overlap")
