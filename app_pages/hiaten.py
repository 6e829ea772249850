"""Hiaten: every gap in one table, filterable by regio and thema; per kind its explanation and list."""
import streamlit as st

from ui import data
from ui.hiaten import HIAAT_COLUMNS, KIND_EXPLAINED, KIND_TITLES, grouped, with_titles
from ui.tables import table
from ui.text import md
from ui.widgets import intro, pick_regio, pick_thema

LIST_MAX = 200  # gaps listed per kind below the table

intro("Hiaten", "Waar stroomt kennis niet, of ontbreekt een schakel?")
st.caption("Hiaten volgen uit wat de bronnen noemen: wat er niet staat, telt als ontbrekend. Lees een "
           "hiaat dus als 'niet gevonden in de bronnen'.")

c1, c2 = st.columns(2)
regio = pick_regio("regio", c1, required=False, label="Filter op regio")
thema = pick_thema("thema", c2, required=False, label="Filter op thema")

rows = with_titles(data.query("hiaten", regio=regio, thema=thema))
groups = grouped(rows)
st.metric("Hiaten", len(rows))
if rows:
    table(rows, HIAAT_COLUMNS, "hiaten", "alle", height=250)
if groups:
    # one kind's list at a time (at national scale each kind has thousands of gaps: every list in
    # its own expander made the page's DOM, and its load by link, heavy); the table holds them all
    kind = st.radio("Lees per soort", list(groups), key="hiaat_soort", horizontal=True,
                    format_func=lambda k: f"{KIND_TITLES.get(k, k)} ({len(groups[k])})")
    kind = kind if kind in groups else next(iter(groups))  # a kind the new filter no longer has
    items = groups[kind]
    st.caption(KIND_EXPLAINED.get(kind, ""))
    # one element, not one per gap, and at most LIST_MAX lines
    st.markdown("\n".join(
        f"- **{md(r['subject_naam'])}**: {md(r['uitleg'])}"
        + (f" — bewijs: {md(', '.join(r['evidence']))}" if r["evidence"] else "") for r in items[:LIST_MAX]))
    if len(items) > LIST_MAX:
        st.caption(f"De eerste {LIST_MAX} van {len(items)}; de tabel bovenaan en haar downloads bevatten ze allemaal.")
if not rows:
    st.success("Geen hiaten bij dit filter.")
