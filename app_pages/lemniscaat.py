"""Lemniscaat: the two coupled cycles, the phases with their tips, actors and flows."""
import streamlit as st

from ui import data
from ui.lemniscaat import FLOW_WORDS, lemniscaat_data, lemniscaat_page, lemniscaat_svg
from ui.tables import relationship_sources, table
from ui.text import md
from ui.widgets import intro, pick_regio, pick_thema

intro("Lemniscaat", "Waar stroomt kennis tussen de lokale en de landelijke kenniscyclus, en wie draagt "
                    "bij aan welke fase?")
st.caption("Links de lokale/regionale cyclus, rechts de landelijke. Volg de acht: praktijkkennis wordt "
           "expliciet gemaakt (1), opgetild en landelijk geanalyseerd (2), vertaald naar werkwijze of "
           "training (3) en lokaal toegepast (4). Gestippelde pijlen zijn kennisstromen die de bronnen noemen.")

c1, c2 = st.columns(2)
regio = pick_regio("regio", c1, required=False, label="Filter op regio")
thema = pick_thema("thema", c2, required=False, label="Filter op thema")

nodes, rels = data.graph()
fases, flows = lemniscaat_data(nodes, rels, regio, thema)
st.iframe(lemniscaat_page(lemniscaat_svg(fases, flows)), height=670)

if not any(f.actors for f in fases):
    st.info("De bronnen noemen nog geen actoren die aan een bepaalde fase bijdragen"
            + (" (binnen dit filter)" if regio or thema else "")
            + ". Daarom staan er geen actoren op de fasen; de tips per fase komen wel uit de bron.")

st.subheader("De vier fasen en hun tips")
cols = st.columns(4)
for col, f in zip(cols, fases):
    with col:
        kant = "lokale cyclus" if f.kant in ("lokaal", "regionaal") else "landelijke cyclus"
        st.markdown(f"**{f.volgorde}. {md(f.naam)}**  \n*{kant}*")
        if f.actors:
            st.markdown("Actoren: " + ", ".join(md(n) for n, _ in f.actors))
        st.markdown("\n".join(f"- {md(tip)}" for tip in f.tips) or "_geen tips in de bron_")
        for s in f.node.sources[:2]:
            where = f"{s.file}, r. {s.lines[0]}–{s.lines[1]}" if s.file and s.lines else "referentiebron"
            st.caption(f"Bron: {md(s.publication)} ({md(where)})")

st.subheader(f"Kennisstromen uit de bronnen ({len(flows)})")
rows = [{"van": f.van.naam, "van_niveau": f.van.niveau, "naar": f.naar.naam, "naar_niveau": f.naar.niveau,
         "richting": FLOW_WORDS.get(f.richting, f.richting), "kennisbron": f.kennisbron or "",
         "bron": list(s.to_dict() for s in f.rel.sources)} for f in flows]
table(rows, {"van": "Van", "van_niveau": "Niveau van", "naar": "Naar", "naar_niveau": "Niveau naar",
             "richting": "Richting", "kennisbron": "Soort kennis", "bron": "Bron"},
      "kennisstromen", "stromen", empty="Geen kennisstromen bij dit filter.")
if flows:
    relationship_sources([f.rel for f in flows], data.nodes_by_id(data.active_backend()), "stromen")
