"""Bronnen: every publication, what each one states, and for any fact its file and lines."""
import streamlit as st

from ui import data
from ui.bronnen import FACTS_MAX, citation_count, facts_citing, publication_order, publications
from ui.tables import SOURCE_COLUMNS, table
from ui.text import md
from ui.widgets import intro, is_large, search_picker, url_node

intro("Bronnen", "Waar komt elk feit vandaan, en wat zegt elke publicatie?")
st.caption("Elk feit in de graaf verwijst naar een publicatie, het bestand en de regels waar het staat, "
           "met een korte toelichting in eigen woorden. Regelnummers tellen vanaf 1.")

order = data.derived(publication_order)
pubs = data.derived(publications)
st.metric("Publicaties", len(order))
if len(order) > len(pubs):
    st.caption(f"De {len(pubs)} meest geciteerde van {len(order)} publicaties; zoek hieronder een andere op naam.")
table(pubs, {"naam": "Publicatie", "jaar": "Jaar", "soort": "Soort", "bestand": "Bestand",
             "feiten": "Feiten die haar noemen"}, "publicaties", "publicaties", height=280)

st.subheader("Wat zegt deze publicatie?")
if is_large("Publicatie"):
    pub = search_picker("publicatie", "Publicatie", ("Publicatie",), default=order[0][0] if order else None)
else:
    naam = {i: n for i, n, _ in order}
    # a link may name the publicatie by id, naam or alias; the picker's URL value is its naam
    url_node("publicatie", "Publicatie", list(naam.values()))
    pub = st.selectbox("Publicatie", list(naam), key="publicatie", bind="query-params",
                       format_func=lambda i: naam[i]) if naam else None
if pub:
    facts = data.derived(facts_citing, pub)
    node = data.node(pub)
    p = node.properties if node else {}
    meta = " · ".join(str(x) for x in (p.get("soort"), p.get("jaar"), p.get("auteurs") and ", ".join(p["auteurs"]))
                      if x)
    total = data.derived(citation_count, pub)
    st.caption(f"{md(node.naam if node else pub)}{' · ' + md(meta) if meta else ''} · {total} feiten")
    if total > FACTS_MAX:
        st.caption(f"Hieronder de eerste {FACTS_MAX} knopen en de eerste {FACTS_MAX} relaties die haar noemen "
                   "(op id); `lemniscaat export` schrijft de hele graaf met bronnen.")
    table(facts, {"soort": "Soort", "feit": "Feit", "file": "Bestand", "lines": "Regels", "note": "Toelichting"},
          f"feiten-{pub}", "feiten", empty="Geen feiten verwijzen naar deze publicatie.")

st.subheader("Bron van één feit")
knoop = search_picker("feit", "Knoop", None, required=False, show=lambda n: f"{n.naam} ({n.label})")
if knoop:
    table(data.query("bronnen", id=knoop), SOURCE_COLUMNS, f"bronnen-{knoop}", "feit")
