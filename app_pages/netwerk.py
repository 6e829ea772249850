"""Netwerk: the knowledge graph, filtered; focus on a node and expand one hop at a time."""
import streamlit as st

from ui import data
from ui.netwerk import focus_panel, focus_picker, focus_view, membership_toggle, overview
from ui.widgets import graph_filters, intro, url_node

intro("Netwerk", "Wie is met wie verbonden in de kennisinfrastructuur van het sociaal domein?")
st.caption("Kleur = soort knoop, grootte = aantal relaties. Beweeg over een knoop voor naam, niveau en "
           "bronnen; klik of kies hieronder een knoop om in te zoomen op zijn buren.")

filters = graph_filters()
filters["lidmaatschap"] = membership_toggle()
view_nodes, view_rels = overview(filters)
url_node("knoop", names=list(data.nodes_by_id(data.active_backend())), field=lambda n: n.id)  # ?knoop= id, naam or alias
knoop = focus_picker(view_nodes)

if knoop:
    nodes, rels = focus_view(knoop, filters)
else:
    nodes, rels = view_nodes, view_rels

c1, c2, c3 = st.columns(3)
c1.metric("Knopen in beeld", len(nodes))
c2.metric("Relaties in beeld", len(rels))
c3.metric("In de hele graaf", len(data.nodes(data.active_backend())))

if not nodes:
    st.info("Geen knopen bij deze filters. Verruim de filters of wis de zoekterm.")
else:
    left, right = st.columns([3, 1.4]) if knoop else (st.container(), None)
    with left:
        from ui.graph_view import AGGREGATE_ABOVE, legend_html, render_aggregate_html, render_html

        if len(nodes) > AGGREGATE_ABOVE:
            st.warning(f"{len(nodes)} knopen is te veel om los te tekenen: het beeld toont groepen per "
                       "soort en regio. Verfijn de filters of zoek een knoop voor de losse knopen.")
            st.iframe(render_aggregate_html(nodes, rels), height=700)
        else:
            st.iframe(render_html(nodes, rels, focus=knoop), height=700)
        st.html(legend_html(sorted({n.label for n in nodes})))
    if right is not None:
        with right:
            focus_panel(knoop, nodes, rels)
