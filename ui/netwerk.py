"""The Netwerk page's logic: the filtered overview, the focus node (URL ?knoop=id) with its
neighbourhood one hop at a time (?stappen=n), and the side panel with properties,
relationships and sources."""
from __future__ import annotations

import streamlit as st

from graph.model import Node, Relationship
from ui import data
from ui.filters import expand, filter_view
from ui.tables import SOURCE_COLUMNS, relationship_sources, table
from ui.text import md

MAX_HOPS = 4
HIDDEN_PROPERTIES = ("naam", "tips", "beschrijving")


# Membership, not a knowledge tie: ~2,400 lines (every gemeente in its seven regions) that
# the overview leaves out unless asked; a focus view still shows a node's own.
MEMBERSHIP_TYPES = ("LIGT_IN",)


def overview(filters: dict) -> tuple[list[Node], list[Relationship]]:
    nodes, rels = data.graph()
    nodes, rels = filter_view(nodes, rels, filters["labels"], filters["niveaus"], filters["search"],
                              filters["regio"], filters["thema"])
    if not filters.get("lidmaatschap"):
        rels = [r for r in rels if r.type not in MEMBERSHIP_TYPES]
    return nodes, rels


def membership_toggle(where=st.sidebar) -> bool:
    """Whether the overview draws the LIGT_IN lines (off by default; kept in the URL)."""
    return where.toggle("Toon 'ligt in' (gemeente in regio)", value=False, key="lidmaatschap",
                        bind="query-params",
                        help="Lidmaatschap is geen kennisrelatie: standaard niet getekend.")


def _set_focus() -> None:
    value = st.session_state.get("focus_keuze")
    if value:
        st.query_params["knoop"] = value
    else:
        st.query_params.pop("knoop", None)
    st.query_params.pop("stappen", None)
    st.session_state.pop("stappen", None)


def focus_picker(view_nodes: list[Node]) -> str | None:
    """The focus node: from the URL (?knoop=id, set by a double click in the graph) or the box."""
    by_id = data.nodes_by_id(data.active_backend())
    knoop = st.query_params.get("knoop")
    if knoop not in by_id:
        if knoop:
            st.warning(f"Knoop '{md(knoop)}' bestaat niet in deze gegevens.")
        knoop = None
    options = [n.id for n in sorted(view_nodes, key=lambda n: n.naam.lower())]
    if knoop and knoop not in options:
        options.insert(0, knoop)
    st.session_state["focus_keuze"] = knoop
    if st.session_state.get("_knoop_vorige") != knoop:  # a new focus (box, link or double click)
        st.session_state.pop("stappen", None)
        st.session_state["_knoop_vorige"] = knoop
    c1, c2, c3 = st.columns([3, 1.2, 1])
    c1.selectbox("Focus op knoop", options, key="focus_keuze",
                 format_func=lambda i: f"{by_id[i].naam} ({by_id[i].label})", on_change=_set_focus,
                 placeholder="Zoek een knoop (typ een naam)…")
    if knoop:
        if "stappen" not in st.session_state:
            try:
                st.session_state["stappen"] = min(MAX_HOPS, max(1, int(st.query_params.get("stappen", 1))))
            except ValueError:
                st.session_state["stappen"] = 1
        c2.number_input("Stappen vanaf de knoop", min_value=1, max_value=MAX_HOPS, step=1, key="stappen",
                        help="Breid het beeld één stap tegelijk uit naar de buren van de buren.",
                        on_change=lambda: st.query_params.update(stappen=str(st.session_state["stappen"])))
        c3.button("Focus wissen", on_click=_clear_focus, key="focus_wissen")
    return knoop


def _clear_focus() -> None:
    st.query_params.pop("knoop", None)
    st.query_params.pop("stappen", None)
    st.session_state.pop("stappen", None)


def focus_view(knoop: str, filters: dict) -> tuple[list[Node], list[Relationship]]:
    backend = data.active_backend()
    labels, niveaus = set(filters["labels"] or []), set(filters["niveaus"] or [])

    def allowed(n: Node) -> bool:
        return (not labels or n.label in labels) and (not niveaus or n.niveau in niveaus)

    hops = int(st.session_state.get("stappen", 1))
    return expand(knoop, hops, lambda i: data.neighbourhood(backend, i), allowed)


def focus_panel(knoop: str, nodes: list[Node], rels: list[Relationship]) -> None:
    """Properties, relationships and sources of the focus node."""
    by_id = data.nodes_by_id(data.active_backend())
    node = by_id[knoop]
    st.subheader(md(node.naam))
    st.caption(f"{node.label} · niveau {md(node.niveau or 'onbekend')}")
    if node.properties.get("beschrijving"):
        st.markdown(md(node.properties["beschrijving"]))
    props = [{"eigenschap": k, "waarde": v} for k, v in sorted(node.properties.items())
             if k not in HIDDEN_PROPERTIES]
    if props:
        table(props, {"eigenschap": "Eigenschap", "waarde": "Waarde"}, f"eigenschappen-{knoop}", "props")
    own = [r for r in rels if knoop in (r.start, r.end)]
    st.markdown(f"**Relaties ({len(own)})**")
    rows = [{"relatie": r.type.replace("_", " ").lower(),
             "richting": "→" if r.start == knoop else "←",
             "met": by_id[r.end if r.start == knoop else r.start].naam,
             "soort": by_id[r.end if r.start == knoop else r.start].label} for r in own]
    table(rows, {"richting": "", "relatie": "Relatie", "met": "Met", "soort": "Soort"},
          f"relaties-{knoop}", "rels", height=260)
    st.markdown("**Bronnen van de knoop**")
    table(data.query("bronnen", id=knoop), SOURCE_COLUMNS, f"bronnen-{knoop}", "knoop_bronnen")
    if own:
        st.markdown("**Bronnen van een relatie**")
        relationship_sources(own, by_id, "focus")
