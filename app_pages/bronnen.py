"""Bronnen: every publication, what each one states, and for any fact its file and lines."""
import streamlit as st

from ui import data
from ui.bronnen import facts_citing, publications
from ui.tables import SOURCE_COLUMNS, table
from ui.text import md
from ui.widgets import intro, url_node

intro("Bronnen", "Waar komt elk feit vandaan, en wat zegt elke publicatie?")
st.caption("Elk feit in de graaf verwijst naar een publicatie, het bestand en de regels waar het staat, "
           "met een korte toelichting in eigen woorden. Regelnummers tellen vanaf 1.")

nodes, rels = data.graph()
by_id = data.nodes_by_id(data.active_backend())
pubs = publications(nodes, rels)
st.metric("Publicaties", len(pubs))
table(pubs, {"naam": "Publicatie", "jaar": "Jaar", "soort": "Soort", "bestand": "Bestand",
             "feiten": "Feiten die haar noemen"}, "publicaties", "publicaties", height=280)

st.subheader("Wat zegt deze publicatie?")
ids = [p["id"] for p in pubs]
# a link may name the publicatie or node by id, naam or alias; the picker's URL value is its label
url_node("publicatie", "Publicatie", [by_id[i].naam for i in ids])
pub = st.selectbox("Publicatie", ids, key="publicatie", bind="query-params",
                   format_func=lambda i: by_id[i].naam)
facts = facts_citing(nodes, rels, pub)
p = by_id[pub].properties
meta = " · ".join(str(x) for x in (p.get("soort"), p.get("jaar"), p.get("auteurs") and ", ".join(p["auteurs"]))
                  if x)
st.caption(f"{md(by_id[pub].naam)}{' · ' + md(meta) if meta else ''} · {len(facts)} feiten")
table(facts, {"soort": "Soort", "feit": "Feit", "file": "Bestand", "lines": "Regels", "note": "Toelichting"},
      f"feiten-{pub}", "feiten", empty="Geen feiten verwijzen naar deze publicatie.")

st.subheader("Bron van één feit")
url_node("feit", None, [f"{n.naam} ({n.label})" for n in by_id.values()], field=lambda n: f"{n.naam} ({n.label})")
knoop = st.selectbox("Knoop", sorted(by_id, key=lambda i: by_id[i].naam.lower()), key="feit", index=None,
                     bind="query-params", format_func=lambda i: f"{by_id[i].naam} ({by_id[i].label})",
                     placeholder="Zoek een knoop (typ een naam)…")
if knoop:
    table(data.query("bronnen", id=knoop), SOURCE_COLUMNS, f"bronnen-{knoop}", "feit")
