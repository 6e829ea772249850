"""Overlap, in three tabs: where two regional divisions do not line up (indeling-overlap: matrix, list,
map), a heatmap of regio-overlap for a kind of regio, and the details of a chosen pair."""
import pandas as pd
import streamlit as st

from ui import data, kaart
from ui.gemeente import by_code, division_options, gemeente_names, open_profile, regio_soorten
from ui.overlap import (ALIGNED, APART, CUT, TABS, heatmap_html, indeling_categories, indeling_matrix,
                        matrix_rows)
from ui.tables import download_buttons, node_sources, table
from ui.text import md
from ui.widgets import intro, pick_regio

intro("Overlap", "Welke regio's delen actoren, thema's en gemeenten, en hoeveel?")


def divisions_part() -> None:
    """Where two divisions do not line up: the pairs that cut through each other, the gemeenten
    apart from their neighbours (map, matrix, two tables)."""
    st.caption("Twee regio's van verschillende indelingen snijden elkaar als ze gemeenten delen terwijl geen van "
               "beide de ander omvat. Een gemeente ligt apart als ze in het gedeelde deel van zo'n paar ligt en dat "
               "deel minder dan de helft van beide regio's is: in elke indeling hoort ze bij andere buren.")
    divisions = division_options()
    if len(divisions) < 2:
        st.info("Er zijn minder dan twee soorten regio-indeling met gemeenten in de graaf.")
        return
    c1, c2 = st.columns(2)
    first = "jeugdregio" if "jeugdregio" in divisions else divisions[0]
    second = "ggd-regio" if "ggd-regio" in divisions else next(d for d in divisions if d != first)
    soort_a = c1.selectbox("Indeling A", divisions, index=divisions.index(first), key="indeling_a",
                           bind="query-params")
    soort_b = c2.selectbox("Indeling B", divisions, index=divisions.index(second), key="indeling_b",
                           bind="query-params")
    rows = data.query("indeling-overlap", soort_a=soort_a, soort_b=soort_b)
    pairs = [r for r in rows if r["soort"] == "paar"]
    apart = [r for r in rows if r["soort"] == "gemeente"]
    m = st.columns(2)
    m[0].metric("Paren die elkaar snijden", len(pairs))
    m[1].metric("Gemeenten die apart liggen", len({r["gemeente"] for r in apart}))
    left, right = st.columns([2, 3])
    with left:
        cats = indeling_categories(rows, gemeente_names())
        code = kaart.show_map(kaart.map_rows(by_code(), cats), key=f"overlap_kaart_{soort_a}_{soort_b}",
                              title=f"{soort_a} tegen {soort_b}")
        st.caption(f"{APART}: zie de lijst; {CUT}: een gedeelde gemeente van een paar; {ALIGNED}: geen van "
                   "beide. Klik op een gemeente voor haar profiel.")
        if code:
            open_profile(code)
    with right:
        names_a, names_b, cells = indeling_matrix(rows)
        st.markdown("**Matrix: gedeelde gemeenten per paar dat elkaar snijdt**")
        if cells:
            matrix = pd.DataFrame([[cells.get((a, b)) for b in names_b] for a in names_a],
                                  index=names_a, columns=names_b, dtype="Int64")
            # a pair that does not cut through each other is an empty cell, not "None" (as text: a
            # Styler's na_rep costs 0.1 s per run at national scale)
            st.dataframe(matrix.astype("string").fillna(""), width="stretch")
            download_buttons(lambda: matrix.rename_axis(soort_a).reset_index(),
                             f"indeling-matrix-{soort_a}-{soort_b}", "indeling_matrix")
        table(pairs, {"a_naam": soort_a, "b_naam": soort_b, "gedeelde_gemeenten": "Gedeelde gemeenten",
                      "alleen_in_a": f"Alleen in de {soort_a}", "alleen_in_b": f"Alleen in de {soort_b}",
                      "bronnen": "Bronnen"},
              f"indeling-overlap-{soort_a}-{soort_b}", "indeling_paren",
              empty=f"De indelingen {soort_a} en {soort_b} vallen samen: geen regio's die elkaar snijden.")
        st.markdown("**Gemeenten die apart liggen**")
        table(apart, {"gemeente_naam": "Gemeente", "a_naam": soort_a, "b_naam": soort_b, "uitleg": "Uitleg",
                      "bronnen": "Bronnen"},
              f"apart-{soort_a}-{soort_b}", "indeling_apart", empty="Geen gemeente ligt apart van haar buren.")


def one_kind_part() -> None:
    """The Jaccard overlap of every two regio's of one kind (heatmap and table)."""
    st.caption("Overlap = Jaccard-index van de actoren en thema's van twee regio's: 0 = niets gedeeld, "
               "1 = precies dezelfde. Een gemeente die in twee regio's ligt, laat zien waar indelingen overlappen.")
    soorten = regio_soorten()
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


def pair_part() -> None:
    """What two chosen regio's share, with the sources of both."""
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
        node_sources([a, b], data.nodes_with([a, b]), "overlap")


# one part at a time: only the open tab is computed and sent (at national scale the three together,
# each with its tables, made the page slow to draw); the open tab is kept in the URL (?deel=...).
# A link that names a pair (?a=...&b=...) or a kind of regio (?soort=...) opens the part it is for
# (once: from then on the tab is the user's, even when a later run drops the parameter from the URL).
PARTS = {TABS["indelingen"]: divisions_part, TABS["soort"]: one_kind_part, TABS["paar"]: pair_part}
if "deel" not in st.session_state and "deel" not in st.query_params:
    if {"a", "b"} & set(st.query_params):
        st.session_state["deel"] = TABS["paar"]
    elif "soort" in st.query_params:
        st.session_state["deel"] = TABS["soort"]
for tab, show in zip(st.tabs(list(PARTS), key="deel", bind="query-params"), PARTS.values()):
    if tab.open:
        with tab:
            show()
