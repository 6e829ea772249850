"""Netwerk: who is connected with whom, readable at any scale; a click focuses and expands."""
import streamlit as st

from ui import netwerk
from ui.netwerk_chart import MAX_DRAWN
from ui.widgets import graph_filters, intro

intro("Netwerk", "Wie is met wie verbonden in de kennisinfrastructuur van het sociaal domein?")

netwerk.apply_click()
filters = graph_filters()
filters["lidmaatschap"] = netwerk.membership_toggle()
counts = netwerk.graph_counts()
total = netwerk.node_count(counts, filters["labels"])
focus = netwerk.current_focus()
mode = netwerk.mode_picker(total)
if focus is None and mode != "alle":
    focus = netwerk.filter_focus(filters)

if focus is not None:
    view = netwerk.focus_view(focus, filters)
    st.caption("Kleur = soort knoop, grootte = aantal relaties in beeld. Klik op een knoop: die krijgt de focus "
               "en zijn buren komen erbij; wat al in beeld was blijft staan.")
elif mode == "groepen":
    soort = netwerk.indeling_picker()
    view = netwerk.group_view(filters, soort)
    st.caption(f"Elke cirkel is een groep knopen van één soort in één {soort} (gemeenten via hun regio's, "
               "actoren via de regio waarin ze actief zijn); grootte = aantal knopen, lijndikte = aantal "
               "relaties tussen de groepen. Klik op een groep om in te zoomen.")
elif mode == "top":
    view = netwerk.top_view(filters)
    st.caption(f"De {netwerk.TOP_N} actoren met de meeste relaties (lidmaatschap niet meegeteld) en de relaties "
               "tussen hen; grootte = aantal relaties in de hele graaf. Klik op een knoop om in te zoomen.")
else:
    view = netwerk.all_nodes_view(filters)
    st.caption("Kleur = soort knoop, grootte = aantal relaties. Beweeg over een knoop voor naam, niveau en "
               "bronnen; klik op een knoop om in te zoomen op zijn buren.")

netwerk.focus_controls(view, focus)
c1, c2, c3 = st.columns(3)
c1.metric("Knopen in beeld", len(view.points))
c2.metric("Relaties in beeld", len(view.rels) if view.kind != "groepen" else sum(l[2] for l in view.lines))
c3.metric("In de hele graaf", sum(counts["nodes"].values()))
if view.left_out:
    st.warning(f"{view.left_out} knopen niet getekend: ten hoogste {MAX_DRAWN} tegelijk. Verfijn de filters of "
               "verminder het aantal stappen.")

if not view.points:
    st.info("Geen knopen bij deze filters. Verruim de filters of wis de zoekterm.")
else:
    chart, panel = 3, 1.4  # the chart beside the focus panel
    left, right = st.columns([chart, panel]) if focus is not None else (st.container(), None)
    chart_share = chart / (chart + panel) if focus is not None else 1.0  # of the page's width
    with left:
        netwerk.draw(view, focus.id if focus is not None else None, width_share=chart_share)
    if right is not None:
        with right:
            netwerk.focus_panel(focus, view)
