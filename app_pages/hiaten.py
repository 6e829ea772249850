"""Hiaten: every gap, grouped by kind, filterable by regio and thema, each with its explanation."""
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
    st.markdown(" · ".join(f"{KIND_TITLES.get(k, k)}: **{len(v)}**" for k, v in groups.items()))
    table(rows, HIAAT_COLUMNS, "hiaten", "alle", height=250)
for kind, items in groups.items():
    with st.expander(f"{KIND_TITLES.get(kind, kind)} ({len(items)})", expanded=len(groups) <= 2):
        st.caption(KIND_EXPLAINED.get(kind, ""))
        # one element per kind, not one per gap, and at most LIST_MAX lines (at national scale a
        # kind has thousands): the table above and its downloads hold every gap
        st.markdown("\n".join(
            f"- **{md(r['subject_naam'])}**: {md(r['uitleg'])}"
            + (f" — bewijs: {md(', '.join(r['evidence']))}" if r["evidence"] else "") for r in items[:LIST_MAX]))
        if len(items) > LIST_MAX:
            st.caption(f"De eerste {LIST_MAX} van {len(items)}; de tabel bovenaan en haar downloads bevatten ze allemaal.")
if not rows:
    st.success("Geen hiaten bij dit filter.")
