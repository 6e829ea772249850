"""Lemniscaat: the two coupled cycles, the phases with their tips, actors and flows."""
import streamlit as st

from ui import data
from ui.lemniscaat import (AARD_WORDS, FLOW_WORDS, flow_counts, lemniscaat_page, lemniscaat_svg, lemniscaat_view,
                           svg_height)
from ui.tables import relationship_sources, table
from ui.text import md
from ui.widgets import intro, pick_regio, pick_thema

intro("Lemniscaat", "Waar stroomt kennis tussen de lokale en de landelijke kenniscyclus, en wie draagt "
                    "bij aan welke fase?")
st.caption("Links de lokale/regionale cyclus, rechts de landelijke. Volg de acht: praktijkkennis wordt "
           "expliciet gemaakt (1), opgetild en landelijk geanalyseerd (2), vertaald naar werkwijze of "
           "training (3) en lokaal toegepast (4). Gestippelde pijlen zijn kennisstromen die de bronnen noemen. "
           "Onder elke fase: ● wie er volgens de bron aan bijdraagt (beschreven), ○ aan wie de bron het "
           "aanraadt (aanbevolen). Op welke lus een fase ligt is onze lezing van de figuur, geen zin uit de bron.")

c1, c2, c3 = st.columns(3)
regio = pick_regio("regio", c1, required=False, label="Filter op regio")
thema = pick_thema("thema", c2, required=False, label="Filter op thema")
gemeenten = dict(data.names("Gemeente"))
gemeente = c3.selectbox("Filter op gemeente (met de groepen waar zij bij hoort)", [None] + list(gemeenten),
                        key="gemeente", format_func=lambda i: "—" if i is None else gemeenten.get(i, i))
fases, flows = data.derived(lemniscaat_view, regio, thema, gemeente)
counts = flow_counts(flows)
for col, (richting, n) in zip(st.columns(len(counts)), counts.items()):
    col.metric(FLOW_WORDS[richting].split(" (")[0].capitalize(), n)
figure = lemniscaat_svg(fases, flows)
st.iframe(lemniscaat_page(figure), height=svg_height(figure) + 20)

if not any(f.actors for f in fases):
    st.info("De bronnen noemen nog geen actoren die aan een bepaalde fase bijdragen"
            + (" (binnen dit filter)" if regio or thema or gemeente else "")
            + ". Daarom staan er geen actoren op de fasen; de tips per fase komen wel uit de bron.")

st.subheader("De vier fasen en hun tips")
cols = st.columns(4)
for col, f in zip(cols, fases):
    with col:
        kant = "lokale cyclus" if f.kant in ("lokaal", "regionaal") else "landelijke cyclus"
        st.markdown(f"**{f.volgorde}. {md(f.naam)}**  \n*{kant} (onze lezing)*")
        if f.interpretatie:
            st.caption(md(f.interpretatie))
        for aard in ("beschreven", "aanbevolen"):
            who = [md(n) + (" (groep)" if g else "") for n, _, a, g in f.actors if a == aard]
            if who:
                st.markdown(f"{aard.capitalize()}: " + ", ".join(who))
        st.markdown("\n".join(f"- {md(tip)}" for tip in f.tips) or "_geen tips in de bron_")
        for s in f.node.sources[:2]:
            where = f"{s.file}, r. {s.lines[0]}–{s.lines[1]}" if s.file and s.lines else "referentiebron"
            st.caption(f"Bron: {md(s.publication)} ({md(where)})")

st.subheader("Wie draagt bij aan welke fase")
roles = [r for f in fases for r in f.roles]
by_id = data.nodes_with({i for r in roles + [f.rel for f in flows] for i in (r.start, r.end)}
                        | {s.publication for r in roles + [f.rel for f in flows] for s in r.sources})
table([{"fase": f"{by_id[r.end].properties.get('volgorde', '')}. {by_id[r.end].naam}",
        "wie": by_id[r.start].naam, "soort": "groep" if by_id[r.start].label == "Actorgroep" else "actor",
        "rol": r.properties.get("rol", ""), "aard": AARD_WORDS.get(r.properties.get("aard", ""), ""),
        "bron": [s.to_dict() for s in r.sources]} for r in roles],
      {"fase": "Fase", "wie": "Wie", "soort": "Actor of groep", "rol": "Rol", "aard": "Aard", "bron": "Bron"},
      "faserollen", "rollen", empty="Geen bijdragen aan fasen bij dit filter.")
if roles:
    relationship_sources(roles, by_id, "rollen")

st.subheader(f"Kennisstromen uit de bronnen ({len(flows)})")
rows = [{"van": f.van.naam, "van_niveau": f.van.niveau, "naar": f.naar.naam, "naar_niveau": f.naar.niveau,
         "richting": FLOW_WORDS.get(f.richting, f.richting), "kennisbron": f.kennisbron or "",
         "bron": list(s.to_dict() for s in f.rel.sources)} for f in flows]
table(rows, {"van": "Van", "van_niveau": "Niveau van", "naar": "Naar", "naar_niveau": "Niveau naar",
             "richting": "Richting", "kennisbron": "Soort kennis", "bron": "Bron"},
      "kennisstromen", "stromen", empty="Geen kennisstromen bij dit filter.")
if flows:
    relationship_sources([f.rel for f in flows], by_id, "stromen")
