"""Cypher: a read-only console on the Neo4j store, with the saved queries as starting points."""
import json

import streamlit as st

from graph.errors import LemniscaatError
from graph.neo4j_console import DEFAULT_ROW_CAP, DEFAULT_TIMEOUT_S, ConsoleRefused, ConsoleStopped, run_readonly
from ui import data
from ui.cypher import display, graph_from_rows, resolve_examples, saved_queries, strings_in
from ui.graph_view import render_html
from ui.tables import table
from ui.widgets import intro

intro("Cypher", "Wat wil je zelf aan de Neo4j-database vragen? (alleen lezen)")

if data.active_backend() != "neo4j":
    st.info("De Cypher-console werkt alleen met de Neo4j-opslag. Kies **Neo4j** bij 'Gegevensbron' in de "
            "zijbalk. Zonder Neo4j vind je dezelfde antwoorden op de andere pagina's.")
    st.stop()

st.caption("Neo4j plant elke query eerst; alles wat niet alleen uit de graaf leest (CREATE, MERGE, SET, DELETE, "
           "LOAD CSV, SHOW/TERMINATE, procedures buiten een korte leeslijst) wordt geweigerd voordat het draait. "
           f"Daarna draait de query in een sessie die alleen mag lezen, hoogstens {DEFAULT_TIMEOUT_S:g} seconden, "
           f"binnen de geheugengrens van de server, en je ziet hoogstens {DEFAULT_ROW_CAP} rijen.")

s = data.store()
saved = saved_queries()
names = [q.name for q in saved]
choice = st.selectbox("Begin met een opgeslagen query", names, key="query", bind="query-params",
                      help="De queries uit de map queries/ die de app zelf gebruikt, plus twee om mee te beginnen.")
start = next(q for q in saved if q.name == choice)
st.caption(start.title)


def _resolve(naam, label):
    try:
        return s.resolve(naam, label).id
    except LemniscaatError:  # an example that is not in this database: keep the name, say so later
        return naam


if st.session_state.get("_cypher_loaded") != choice:
    st.session_state["cypher_tekst"] = start.text
    st.session_state["cypher_params"] = json.dumps(resolve_examples(start.params, _resolve), ensure_ascii=False)
    st.session_state["_cypher_loaded"] = choice

text = st.text_area("Query", key="cypher_tekst", height=220)
params_text = st.text_input("Parameters (JSON)", key="cypher_params",
                            help='Bijvoorbeeld {"regio": "regio-friesland"}; ids staan in de tabel op de '
                                 "pagina Bronnen en in de tooltips van het Netwerk.")
run = st.button("Uitvoeren", type="primary", key="uitvoeren")

if run:
    try:
        params = json.loads(params_text or "{}")
        if not isinstance(params, dict):
            raise ValueError("geen object")
    except ValueError as exc:
        st.error(f"De parameters zijn geen geldig JSON-object: {exc}")
        st.stop()
    try:
        result = run_readonly(s, text, params)
    except (ConsoleRefused, ConsoleStopped) as exc:  # refused before running, or stopped by the server
        st.error(str(exc))
        st.stop()
    st.session_state["cypher_resultaat"] = result.rows
    st.session_state["cypher_afgekapt"] = result.truncated

rows = st.session_state.get("cypher_resultaat")
if rows is not None:
    st.subheader(f"Resultaat ({len(rows)} rijen)")
    if st.session_state.get("cypher_afgekapt"):
        st.warning(f"De query gaf meer dan {DEFAULT_ROW_CAP} rijen; alleen de eerste {DEFAULT_ROW_CAP} staan hier. "
                   "Voeg LIMIT of een WHERE toe om gericht te kiezen.")
    by_id = data.nodes_with(strings_in(rows), backend="neo4j")
    shown = [{k: display(v, by_id) for k, v in r.items()} for r in rows]
    tab_table, tab_graph = st.tabs(["Tabel", "Graaf"])
    with tab_table:
        table(shown, None, "cypher-resultaat", "cypher", empty="De query gaf geen rijen.")
    with tab_graph:
        nodes, rels = graph_from_rows(rows, by_id, data.facts(around=list(by_id), backend="neo4j") if by_id else [])
        if nodes:
            st.caption(f"{len(nodes)} knopen en {len(rels)} relaties uit het resultaat.")
            st.iframe(render_html(nodes, rels, link_param=None, height="520px"), height=540)
        else:
            st.info("Het resultaat bevat geen knopen om te tekenen. Geef knopen terug (bijv. RETURN n, r, m) "
                    "of hun id's.")
