"""Export: the filtered graph as GraphML, GEXF, JSON, CSV or Excel, and a printable regio/thema report."""
import streamlit as st

from graph.export import XLSX_MIME, export_bytes
from graph.model import Dataset
from ui import data
from ui.filters import filter_view
from ui.hiaten import with_titles
from ui.regio import regio_gemeenten, regio_themas, regios_without_regional_actor
from ui.report import regio_report, thema_report
from ui.widgets import graph_filters, intro, pick_regio, pick_thema

FORMATS = {"graphml": ("GraphML (Gephi, yEd)", "application/graphml+xml"),
           "gexf": ("GEXF (Gephi)", "application/gexf+xml"),
           "json": ("JSON (met bronnen)", "application/json"),
           "csv": ("CSV", "text/csv"),
           "xlsx": ("Excel (.xlsx, weer te importeren)", XLSX_MIME)}

intro("Export", "Hoe neem ik de gegevens of een overzicht mee?")
st.caption("De graaf met de filters uit de zijbalk (dezelfde als op Netwerk), met bij elk feit de bron. "
           "Of een rapport van een regio of thema om af te drukken of als PDF te bewaren.")

filters = graph_filters()
st.subheader("Graaf downloaden")
total = data.counts()
st.caption(f"De hele graaf: {sum(total['nodes'].values())} knopen en {sum(total['relationships'].values())} "
           "relaties. Het bestand wordt pas samengesteld als je erom vraagt.")
# The one place a page reads the whole graph: only after the user asks for the file.
if st.button("Bestand samenstellen met deze filters", key="export_samenstellen", icon=":material/build:"):
    st.session_state["_export_gevraagd"] = True
if st.session_state.get("_export_gevraagd"):
    nodes, rels = data.graph()
    fn, fr = filter_view(nodes, rels, filters["labels"], filters["niveaus"], filters["search"],
                         filters["regio"], filters["thema"])
    m = st.columns(2)
    m[0].metric("Knopen", len(fn))
    m[1].metric("Relaties", len(fr))
    if not fn:
        st.info("Geen knopen bij deze filters.")
    else:
        ds = Dataset({n.id: n for n in fn}, fr)
        cols = st.columns(len(FORMATS))
        for col, (fmt, (label, mime)) in zip(cols, FORMATS.items()):
            # the workbook (about a second for the whole graph) is made only when it is asked for
            content = (lambda: export_bytes(ds, "xlsx")) if fmt == "xlsx" else export_bytes(ds, fmt)
            col.download_button(label, content, file_name=f"kennislemniscaat.{fmt}", mime=mime,
                                key=f"export_{fmt}", icon=":material/download:")

st.subheader("Rapport om af te drukken")
kind = st.radio("Rapport over", ["Regio", "Thema"], horizontal=True, key="rapport", bind="query-params")
backend = data.BACKEND_LABELS[data.active_backend()]
if kind == "Regio":
    regio = pick_regio("rapport_regio", label="Regio")
    if regio is None:
        st.stop()
    reg = data.node(regio)
    schakel = data.query("schakelpunten", regio=regio)
    covered, missing = data.derived(regio_themas, regio, tuple(r["actor"] for r in schakel))
    gemeenten = [{"naam": g.naam, "provincie": g.properties.get("provincie", "")}
                 for g in data.derived(regio_gemeenten, regio)]
    html = regio_report(reg.naam, reg.properties.get("soort", ""), schakel, gemeenten,
                        with_titles(data.query("hiaten", regio=regio)), covered,
                        [{"naam": t.naam, "domein": t.properties.get("domein", "")} for t in missing], backend)
    filename = f"rapport-{regio}.html"
else:
    thema = pick_thema("rapport_thema", label="Thema")
    if thema is None:
        st.stop()
    t = data.node(thema)
    html = thema_report(t.naam, t.properties.get("domein", ""), data.query("thema-dekking", thema=thema),
                        data.derived(regios_without_regional_actor, thema),
                        with_titles(data.query("hiaten", thema=thema)), backend)
    filename = f"rapport-{thema}.html"
st.download_button("Rapport downloaden (HTML, afdrukbaar)", html.encode("utf-8"), file_name=filename,
                   mime="text/html", key="rapport_download", icon=":material/print:", type="primary")
st.caption("Open het bestand in de browser en druk af (Ctrl+P); kies 'Opslaan als PDF' voor een PDF.")
with st.expander("Voorbeeld van het rapport", expanded=True):
    st.iframe(html, height=600)
